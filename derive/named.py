"""Catalog functions named inside a definition, and differentiated by their own derivation.

Some definitions contain another catalog function that has a symbol of its own: the
cross-entropy of a logit is −(t log σ(z) + (1 − t) log(1 − σ(z))), silu is x·σ(x), the
cross-entropy of a softmax −Σ_k t_k log S_k.  A lecturer names that function and uses
its derivative, known already, instead of differentiating its definition again:

1. ``def-name-part``: the part is written by its symbol, a function of the variable
   (S(z); S(k, a) for the softmax at k), the part itself shown as a sub-step;
2. ``d-named``: the derivative of S is the output form of S's own derivation by the
   engine (``derive sigmoid``: S(1 − S); ``derive softmax``: S_k(δ_kj − S_j)), never
   a table; the other rules and the chain rule do the rest;
3. the result is made simpler by the algebra rules, best-first (for a loss of a vector,
   by the sum rules and the conditions the entry gives), each step checked.

The path is taken only where a named function's derivative is used and the result, in
the named symbols, calls fewer transcendental functions than the derivative in x; the
result is the derivation's cached-value form.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache

from sympy import Add, Basic, Derivative, Expr, Function, Indexed, Mul, Piecewise, Pow, Symbol, evaluate, preorder_traversal

from .board import Board
from .called import calls_in, defined, written_out
from .cost import cost
from .differentiate import differentiate, tidied
from .expr import canon
from .parse import parse, symbol
from .rules.algebra import COLLECT, SEARCH, Context, collected, fold, naming
from .rules.definitions import KNOWN_FUNCTION, NAME_PART, START
from .rules.differentiation import OUTER_RULES, RULES, Chain, Named
from .step import Step
from .verify import Checker


@dataclass(frozen=True)
class Part:
    """A catalog function found in a definition."""

    name: str  # the catalog entry: sigmoid
    symbol: Symbol  # S
    value: Expr  # the part as the definition has it: 1/(1 + e^{−z}); the softmax at k
    node: Expr  # what the rules differentiate: S(z), S(k, a); sigmoid(2x), called so in the input
    parameters: tuple = ()  # ((parameter symbol, value), ...) the call gave
    called: bool = False  # the input called it by name: it is written so, whatever it saves
    read: bool = False  # written out in the input, read as the call (1/(1 + e^{−2x}): sigmoid(2x))
    whole: bool = False  # read so, and all of the input (log(1 + e^{2x}) is softplus(2x))

    @property
    def by_name(self) -> bool:
        """Whether it is written by its catalog name, a call (not a letter)."""
        return self.called or self.read


@dataclass
class Result:
    steps: list  # from d/dx f to the simplest form in the named symbols
    derivative: Expr  # the derivative in x, as differentiated (named parts written out)
    form: Expr  # the simplest form, in the named symbols
    values: tuple  # ((symbol, part), ...) the form uses
    board: Board  # the derivation's board, whose checker also knows the named symbols
    derived: Expr | None = None  # the derivative in x with F′ as F's derivation wrote it (softplus′: e^x/(1 + e^x))


def catalog_functions(f: Expr, y: Symbol) -> list:
    """[(entry, its definition at s), ...] for each of f's symbols s: the catalog functions of one
    variable with a symbol of their own (the sigmoid S), other than f's own (y)."""
    from .catalog import CATALOG

    names = {str(s) for s in f.free_symbols}
    named = [e for e in CATALOG if e.symbol not in ("y", str(y)) and not e.parameters and "[" not in e.definition
             and constants(e.definition, e.variable) <= names]  # bce's t in f, or bce is no part of it
    return [(e, canon(definition(e.definition).xreplace({symbol(e.variable): s})))
            for s in sorted(f.free_symbols, key=str) if not isinstance(s, Indexed) for e in named]


@lru_cache(maxsize=None)
def constants(text: str, variable: str) -> frozenset:
    """The names a catalog definition uses besides its variable, its functions and pi and E
    (bce's t), read from its syntax alone: what is not in f cannot be in a part of f, so a
    definition need not be parsed into SymPy to be ruled out (≈ 6 ms of start-up for bce)."""
    tree = ast.parse(text, mode="eval")
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called
                     and n.id not in (variable, "pi", "E", "e"))


@lru_cache(maxsize=None)
def definition(text: str) -> Expr:
    """A catalog definition, parsed once."""
    return parse(text)


def usable(d):
    """A catalog function's own derivation, where it ends in a form in its symbol with no
    transcendental call (S(1 − S)); else None.  The derivations themselves come from the
    pipeline, as ``known(name)`` (verified, or None): this module never calls it back."""
    form = None if d is None else d.output_form
    if form is None or not d.verified or form.has(Piecewise, Derivative) or cost(form).calls:
        return None
    return d


def outer(d) -> tuple | None:
    """F′ as ``d-named`` writes it at a call F(u), from F's own derivation ``d``: (g, True), g the
    form in F's symbol where it calls nothing (S′ = S(1 − S), tanh′ = 1 − y²); else (g, False), g
    in F's variable: the catalog function its derivative was recognised as (softplus′ =
    sigmoid(βx)), or else its derivative.  None where there is no verified derivation of one
    piece."""
    if usable(d) is not None:
        return d.output_form, True
    if d is None or not d.verified or d.indices:
        return None
    named = [a.expression for a in d.alternatives if a.rule == KNOWN_FUNCTION.id]
    g = named[0] if named else in_names(d) or d.derivative
    return None if g.has(Piecewise, Derivative) else (g, False)


def in_names(d) -> Expr | None:
    """d's derivative in the catalog functions its own derivation named, where each letter of its
    cached-value form is a catalog function's symbol standing for that function at d's variable
    (silu′ = S + xS(1 − S), S = σ(x): sigmoid(x) + x·sigmoid(x)(1 − sigmoid(x))); else None."""
    if d.cached_form is None or not d.cached_values:
        return None
    last = d.steps[-1].expression  # the form as its derivation wrote it (S + xS(1 − S)), where it is that
    return in_calls(last if canon(last) == canon(d.cached_form) else d.cached_form, d.cached_values, d.variable)


def in_calls(e: Expr, values: tuple, x: Symbol) -> Expr | None:
    """``e`` with each letter of ``values`` ((S, 1/(1 + e^{−x})), ...) written as the catalog
    function it stands for, called at x (sigmoid(x)), in ``e``'s order; None where a letter is no
    catalog function's symbol at x."""
    from .catalog import CATALOG

    names = {}
    for letter, value in values:
        entry = next((e for e in CATALOG if e.symbol == str(letter)), None)
        call = Function(entry.name)(x) if entry is not None else None
        if call is None or defined(call) is None or canon(defined(call)) != canon(value):
            return None
        names[letter] = call
    with evaluate(False):  # in its derivation's order: sigmoid(x) + x·sigmoid(x)(1 − sigmoid(x))
        return e.xreplace(names)


def scalar_parts(f: Expr, x: Symbol, y: Symbol, known) -> list[Part]:
    """The catalog functions of x that are proper parts of f (or whose power f is), with a
    derivative in their symbol (``known(name)``: that function's own derivation, or None)."""
    whole, taken = canon(f), {str(s) for s in f.free_symbols} | {str(y)}
    nodes = set(preorder_traversal(whole))
    found: dict[str, Part] = {}
    for entry, part in catalog_functions(f, y):
        name = entry.symbol
        if occurs(part, nodes, whole) and x in part.free_symbols and name not in taken | set(found):
            if usable(known(entry.name)) is not None:
                found[name] = Part(entry.name, Symbol(name), part, Function(name)(x))
    return list(found.values())


def called_parts(x: Symbol, calls: tuple, known) -> list[Part]:
    """The catalog functions of one input the input called (sigmoid(2x), softplus(x),
    tanh(softplus(x))) that have a derivation of their own: written as called, by name
    (sigmoid(2*x), which parse_expr reads back), and differentiated by the chain rule with
    d-named as the outer derivative."""
    from .catalog import lookup

    found = {}
    for c in calls:
        entry, value = lookup(c.name), canon(c.value)
        if entry is None or len(c.arguments) != 1 or not value.has(x) or value.has(Piecewise):
            continue
        if c.node not in found and outer(known(entry.name)) is not None:
            params = tuple((Symbol(p, positive=True), v) for p, v in c.parameters)
            found[c.node] = Part(entry.name, c.node, value, c.node, params, called=True)
    return list(found.values())


def read_parts(f: Expr, x: Symbol, known, own: str | None = None) -> list[Part]:
    """The catalog functions f writes out that a lecturer names (:func:`derive.recognise.written_calls`:
    1/(1 + e^{−2x}) is sigmoid(2x), log(1 + eˣ) softplus(x)), written as the call, as if the input
    had called them, where their own derivation gives their derivative.  One with a letter of its
    own at x itself (the sigmoid S of x/(1 + e^{−x})) is left to :func:`scalar_parts`, unless it is
    read at another argument too (then it is sigmoid(x) beside sigmoid(2x)); ``own``, the
    catalog entry f is, is never read in its own definition."""
    from .catalog import lookup
    from .recognise import written_calls

    found = []
    for node, call in written_calls(f, x):
        entry = lookup(str(call.func))
        if entry.name == own or outer(known(entry.name)) is None:
            continue
        found.append(read_as(entry, node, call, f))
    elsewhere = {p.name for p in found if p.node.args != (x,)}  # one function, one name: sigmoid(2x) and sigmoid(x)
    return [p for p in found if lookup(p.name).symbol == "y" or p.node.args != (x,) or p.name in elsewhere]


def read_as(entry, node: Expr, call: Expr, f: Expr) -> Part:
    """The part ``node`` of f read as the catalog call ``call`` (parameters at their defaults)."""
    from sympy import Rational

    params = tuple((Symbol(p, positive=True), Rational(str(v))) for p, v in entry.parameters)
    return Part(entry.name, call, node, call, params, read=True, whole=node == canon(f))


def outside(value: Expr, named: list, f: Expr) -> bool:
    """Whether ``value`` is a part of f outside the parts ``named`` by a call: one function, one
    name (the sigmoid inside x/(1 + e^{−x}), read as silu(x), is no letter S besides)."""
    rest = canon(f)
    for p in named:
        if not p.called:
            rest = fold(rest, canon(p.value), p.node)
    if value in {p.value for p in named}:
        return False
    return rest == canon(f) or occurs(value, set(preorder_traversal(rest)), None)


def occurs(part: Expr, nodes: set, whole: Expr) -> bool:
    """Whether ``part`` is one of the ``nodes`` other than the whole, or the base of an integer
    power among them (1/(1 + e^{−x})² is S²)."""
    if part in nodes and part != whole:
        return True
    powers = [n for n in nodes if n.is_Pow and part.is_Pow and n.base == part.base and n != part]
    return any((n.exp / part.exp).is_Integer and n.exp / part.exp > 1 for n in powers)


def scalar_rule(p: Part, known, derived: dict | None = None) -> Named:
    """d-named for a function of one variable: S′ = g(S), g from S's own derivation; or, where
    that derivation has no such form, F′(u) = g(u) (softplus′(u) = sigmoid(βu)), each g(u) it
    writes kept in ``derived`` with F′(u) as F's derivation wrote it in x (e^{βu}/(1 + e^{βu}))."""
    d = known(p.name)
    g, in_symbol = outer(d)
    g = g.xreplace(dict(p.parameters))
    if in_symbol:
        return Named(p.node.func, lambda e, x: renamed(g, {d.symbol: e}), str(p.node.func), p.name)

    def at(e, x):
        u = e.args[0]
        if derived is not None:
            derived[g.xreplace({d.variable: u})] = d.derivative.xreplace(dict(p.parameters)).xreplace({d.variable: u})
        return g.xreplace({d.variable: u})
    return Named(p.node.func, at, str(p.node.func), p.name)


def derivation(f: Expr, x: Symbol, y: Symbol, board: Board, known, calls: tuple = (),
               by_name: Expr | None = None, own: str | None = None) -> Result | None:
    """f′ through the catalog functions named in f (or called in the input, ``calls``; ``by_name``
    the input with them written by name; else read in f: ``own`` the catalog entry f is), to its
    simplest form (None where that path does not apply or saves no transcendental call)."""
    called = called_parts(x, calls, known) if by_name is not None else read_parts(f, x, known, own)
    letters = [p for p in scalar_parts(f, x, y, known) if outside(p.value, called, f)]
    if called:  # one function, one name on a line: beside sigmoid(x) (softplus′), no S for it
        from .catalog import lookup
        letters = [read_as(lookup(p.name), p.value, Function(p.name)(x), f) for p in letters]
    found = called + letters
    if not found:
        return None
    written = by_name and by_name.xreplace({c.node: c.value for c in calls if c.node not in {p.node for p in called}})
    board = board.lend(scalar_checker(board.checker, f, board.checker.folded, found))
    before = dict(board.letters.meaning)
    steps = named_steps(f, x, found, board, written)
    done = None if steps is None else onwards(steps, steps[-1].expression.expr, x, found, board, known)
    if done is None:  # a path not taken gives no letter: the definition's chain rule has u as ever
        board.letters.meaning.clear()
        board.letters.meaning.update(before)
    return done


def scalar_checker(checker: Checker, f: Expr, folded: dict, found: list) -> Checker:
    """``checker`` (of f) knowing ``folded`` and what the named functions stand for: S(x) and S, and
    a catalog function called by its name (sigmoid(2x); the checker evaluates it at any argument,
    the chain rule's letters included, by its definition: :mod:`derive.called`)."""
    values = {p.node: p.value for p in found} | {p.symbol: p.value for p in found}
    return checker.knowing({**folded, **values}, f)


def onwards(steps: list, written: Expr, x: Symbol, found: list, board: Board, known) -> Result | None:
    """``steps`` continued: the derivative of ``written`` (in S(x)) with d-named, tidied, then the
    simplest form by the algebra rules (None where no named function's derivative is used)."""
    derived = {}
    named = tuple(scalar_rule(p, known, derived) for p in found)
    steps = differentiated(steps, written, x, board, named + (Chain(OUTER_RULES + named),))
    if steps is None:
        return None
    values = {p.node: p.value for p in found}
    new = {n: defined(n) for n in calls_in(canon(steps[-1].expression)) if n not in values}
    if new:  # softplus′ = sigmoid: what the steps after these (the form in y) write out
        board = board.lend(board.checker.knowing({**board.checker.folded, **new}))
    derivative = canon(canon(steps[-1].expression).xreplace({**values, **new}))
    as_derived = canon(canon(steps[-1].expression).xreplace(derived).xreplace({**values, **new}))
    steps += simplest(steps[-1].expression, Context(x), board)
    if all(p.by_name for p in found):  # every name a call in x: the last line is the derivative, written out
        derivative = canon(written_out(canon(steps[-1].expression)))
    called = any(p.called or p.whole for p in found)
    read = any(p.read for p in found)
    done = _result(steps, derivative, {p.node: p.symbol for p in found}, values, board, called, read)
    if done is not None and read and as_derived != derivative:  # (a typed call's cached form is sought as ever)
        done.derived = as_derived
    return done


def restated(d, known) -> list[Part] | None:
    """The named parts a derivation's cached-value form is written in, where it is written in
    them (and x and constants) alone: the form to differentiate again at the next order."""
    if d.cached_form is None or d.indices:
        return None
    parts = scalar_parts(d.definition, d.variable, d.symbol, known)
    found = [p for p in parts if (p.symbol, p.value) in d.cached_values]
    others = d.cached_form.free_symbols - d.definition.free_symbols - {p.symbol for p in found}
    return found if found and not others else None


def vector_parts(f: Expr, x: Indexed, known) -> list[tuple]:
    """[(Part at index k, g), ...]: the catalog's functions of x's vector (the softmax) found in f at
    one of its indices k, g(k) the function at k, with a derivative in their symbol."""
    from .indexed import vector_functions  # (functions of a vector only: not imported at start-up)

    whole, found = canon(f), {}
    nodes = set(preorder_traversal(whole)) - {whole}
    indices = sorted({s for s in f.atoms(Symbol) if s.is_integer}, key=str)
    for entry, g in vector_functions(f, x):
        for k in indices:
            if entry.symbol not in found and canon(g(k)) in nodes and usable(known(entry.name)) is not None:
                stand_in = Function(entry.symbol)(k, x.base)
                found[entry.symbol] = (Part(entry.name, Symbol(entry.symbol), g(k), stand_in), g)
    return list(found.values())


def vector_rule(p: Part, x: Indexed, known) -> Named:
    """d-named for a function of a vector: ∂S_k/∂a_j from the Jacobian S_i(δ_ij − S_j) its own
    derivation found, with i → k and j → the index differentiated by."""
    d = known(p.name)
    (i, j), F = d.indices, p.node.func
    Sj = Symbol(f"{p.symbol}_{j}")

    def derivative(e, wrt):
        k, l = e.args[0], wrt.indices[0]
        return renamed(d.output_form, {d.symbol: e, Sj: F(l, wrt.base), i: k, j: l})
    return Named(F, derivative, str(p.symbol), p.name)


def vector_derivation(f: Expr, x: Indexed, y: Symbol, board: Board, given: tuple, known) -> Result | None:
    """∂L/∂a_j through the functions of a vector named in a loss (the softmax S_k in the
    cross-entropy), the sums it leaves made simpler by the sum rules (and the conditions given)."""
    from .indexed import name_parts, simpler_sums

    found = vector_parts(f, x, known)
    if not found:
        return None
    indices = sorted({s for s in f.atoms(Symbol) if s.is_integer} | {x.indices[0]}, key=str)
    values = {p.node.func(k, x.base): g(k) for p, g in found for k in indices}
    names = {n: Symbol(f"{n.func}_{n.args[0]}") for n in values}
    folded = {**board.checker.folded, **values, **{names[n]: v for n, v in values.items()}}
    board = board.lend(board.checker.knowing(folded, f))
    parts = [p for p, _ in found]
    steps = named_steps(f, x, parts, board)
    if steps is not None:
        rules = tuple(vector_rule(p, x, known) for p in parts)
        steps = differentiated(steps, steps[-1].expression.expr, x, board, rules)
    if steps is None:
        return None
    derivative = canon(canon(steps[-1].expression).xreplace(values))
    steps += simpler_sums(steps[-1].expression, Context(x, f, y), board, given)
    steps += name_parts(steps[-1].expression, {}, board)[0]  # tidied, positive terms first
    return _result(steps, derivative, names, values, board)


def named_steps(f: Expr, x, found: list, board: Board, written: Expr | None = None) -> list[Step] | None:
    """def-differentiate, then def-name-part: d/dx f = d/dx h(S(x)) (None where no part is found).
    ``written``: f as the input wrote it, the functions it called by name (x*softplus(2*x)): the
    first line differentiates that, what each call stands for shown under it."""
    called = [p for p in found if p.called and written is not None and written.has(p.node)]
    steps = [called_start(f, written, x, called, board) if called else board.start(START, f)]
    written = f if not called else written
    for p in found:
        if not p.called:  # a part read as a call first: its letters' parts are inside it
            written = fold(written, canon(p.value), p.node)
    found = [p for p in found if not p.called and written.has(p.node.func)]
    if found:
        steps.append(name_step(written, steps[0].expression, x, found, board))
    return steps if len(steps) > 1 or called else None


def called_start(f: Expr, written: Expr, x, called: list, board: Board) -> Step:
    """d/dx f as the input wrote it (d/dx x·softplus(2x)), each call under it with what it stands for."""
    subs = [board.sub(NAME_PART, p.value, p.node) for p in called]
    new, old = (Derivative(e, x, evaluate=False) for e in (written, f))
    return board.step(START, new, old, substeps=subs)


def differentiated(steps: list, written: Expr, x, board: Board, rules: tuple) -> list[Step] | None:
    """``steps`` and the differentiation of ``written`` with d-named first, tidied (None where no
    named function's derivative is used)."""
    steps = steps + [differentiate(written, x, board, rules=rules + RULES)]
    if not any(s.rule == Named.id for s in steps[-1].walk()):
        return None
    return tidied(steps, board)


def name_step(written: Expr, start: Expr, x, found: list, board: Board) -> Step:
    """d/dx f = d/dx h(S): the named parts as sub-steps, S = its definition."""
    subs = [board.sub(NAME_PART, p.value, p.node) for p in found]
    return board.step(NAME_PART, Derivative(written, x, evaluate=False), start, substeps=subs)


def simplest(start: Expr, ctx: Context, board: Board) -> list[Step]:
    """Rewrites by the algebra rules to the cheapest form reached (transcendental calls, then
    operations), best-first, with the fewest rewrites on a tie: −(t(1 − S) − (1 − t)S)
    multiplied out is S − t.  Then SymPy's factored form, where it is cheaper still (as a
    form in y is tidied: S(1 − S)(2 + x − 2Sx))."""
    from .outform import tidy
    from .search import least

    steps, last = [], start
    for rule, state in least(start, ctx, SEARCH, _cost):
        steps.append(board.step(rule, state, last))
        last = state
    if collected(last) != last:  # like terms the factoring left in its bracket: 1 − S − S = 1 − 2S
        steps.append(board.step(COLLECT, collected(last), last))
        last = collected(last)
    nicer = tidy(canon(last))
    if _cost(nicer) < _cost(last):
        steps.append(board.step(naming(last, nicer, ctx), nicer, last))
    return steps


def _cost(e: Expr) -> tuple:
    c = cost(e)
    return c.calls, c.ops


def _result(steps: list, derivative: Expr, names: dict, values: dict, board: Board,
            called: bool = False, read: bool = False) -> Result | None:
    """The derivation with the named functions shown by their symbols (the stand-ins the rules
    differentiate, S(z) and S(k, a), written S and S_k), if it is worth it: where it saves
    transcendental calls, or the input called a catalog function by name, or is one (softplus(2x)
    and log(1 + e^{2x}) are then differentiated as softplus, whatever it saves); a name the input
    neither called nor is, read in it, must save more than an operation (x − log(1 + eˣ) read as
    x + logsigmoid(−x) ends at 1 − sigmoid(x), 2 operations, where its derivative written out is
    1/(1 + eˣ), 3: not worth a name the reader did not ask for).  Its form is one in the forward pass's values
    (``values`` non-empty) only where it saves calls and uses no function the forward pass did not
    compute (softplus′ = sigmoid)."""
    from .indexed import positive_first

    steps = board.restate(steps, lambda e: renamed(e, names), names)
    steps[-1] = board.rewritten(steps[-1], positive_first(steps[-1].expression))
    form = steps[-1].expression
    used = tuple((names[n], v) for n, v in values.items() if form.has(names[n]))
    saves = cost(form).calls < cost(derivative).calls and not calls_in(form) - set(names.values())
    worth = saves or called or (read and _saved(form, derivative) > 1)
    if not worth or not all(s.all_verified() for s in steps) or ((called or read) and _saved(form, derivative) < -1):
        return None
    return Result(steps, derivative, form, used if saves else (), board)


def _saved(form: Expr, derivative: Expr) -> int:
    """The operations the form in the functions called by name saves against the derivative
    written out and tidied.  Less than −1 (softplus(x) − softplus(−x): sigmoid(x) + sigmoid(−x)
    against 1), the names hide what a textbook would write, and the definition's path is taken."""
    from sympy import count_ops

    from .outform import tidy

    return count_ops(tidy(derivative)) - count_ops(form)


def renamed(e: Basic, names: dict) -> Basic:
    """``e`` with the nodes in ``names`` replaced, everything else kept as written: a node written
    unevaluated stays so (xreplace would make −(a + b) into −a − b, and d/dz of a symbol zero);
    in a product SymPy had ordered, a symbol takes a symbol's place, before the sums (S(1 − S)),
    and in a sum the positive terms come first (δ_jk − S_j)."""
    if e in names:
        return names[e]
    if e.is_Atom or not e.has(*names):
        return e
    args = [renamed(a, names) for a in e.args]
    if isinstance(e, Derivative):
        return Derivative(*args, evaluate=False)
    if isinstance(e, Mul) and canon(e) == e:
        return _symbol_placed(e, args, names)
    if isinstance(e, Add) and canon(e) == e:  # SymPy's order for S(x): positive terms first instead
        return Add(*sorted(args, key=lambda t: t.could_extract_minus_sign()), evaluate=False)
    if isinstance(e, (Add, Mul, Pow)):
        return e.func(*args, evaluate=canon(e) == e)
    return e.func(*args)


def _symbol_placed(e: Mul, args: list, names: dict) -> Mul:
    """A product SymPy had ordered, with S(x) (which it puts after sums and sums over an index)
    renamed S and put where a symbol goes, after the numbers and symbols: x·S(1 − S), S_j Σ_k t_k."""
    def named(old: Expr) -> bool:
        return old in names or (old.is_Pow and old.base in names)

    moved = [a for a, old in zip(args, e.args) if named(old)]
    rest = [a for a, old in zip(args, e.args) if not named(old)]
    at = next((k for k, a in enumerate(rest) if not _simple(a)), len(rest))
    return Mul(*rest[:at], *moved, *rest[at:], evaluate=False)


def _simple(e: Expr) -> bool:
    """A number, a symbol, a component a_k or a power of one."""
    base = e.base if e.is_Pow else e
    return base.is_Atom or isinstance(base, Indexed)
