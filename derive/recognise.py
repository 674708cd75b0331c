"""A derivative that is a catalog function, said by its name: softplus′ = sigmoid(βx),
(log σ)′ = 1 − sigmoid(x).

The catalog's functions of one variable (no parameters, no pieces, calling the functions the
derivative calls: read from the definition's syntax, so that nothing is parsed in vain) are tried at the arguments the derivative's own function calls take (βx in
e^{βx}/(1 + e^{βx})), and their complements 1 − g(u); the first that agrees with the derivative
at a few points is offered, and the board checks it like any step.  It is written by the
catalog name, an undefined function (``sigmoid(x*beta)``), which ``parse_expr`` reads back.
"""
from __future__ import annotations

import ast
from functools import lru_cache

from sympy import Expr, Function, Symbol, count_ops, preorder_traversal

from .board import Board
from .expr import canon, size
from .numeric import EVAL_ERRORS, evaluator, is_finite_real
from .outform import parameter_values
from .parse import parse, symbol
from .rules.definitions import KNOWN_FUNCTION

POINTS = (-2.3, -0.7, 0.4, 1.1, 2.9)
MAX_GROWTH = 3  # a definition with more syntax nodes than this many times the derivative's is not it
MAX_ARGUMENTS = 6


PIECEWISE = {"Piecewise", "Max", "Min", "Abs", "abs", "Heaviside", "sign"}


def functions(called: frozenset, most: int) -> tuple:
    """(name, title, its definition as a function of a symbol z) for each catalog function of one
    variable with no parameters whose definition calls the functions in ``called`` and has at
    most ``most`` syntax nodes (read from its syntax: a definition is parsed only when it can
    match)."""
    from .catalog import CATALOG

    return tuple(_function(e) for e in CATALOG if not (e.parameters or e.variables or "[" in e.definition)
                 and calls(e.definition) == (called, True) and nodes(e.definition) <= most)


@lru_cache(maxsize=None)
def calls(text: str) -> tuple:
    """(the functions a definition calls, by name; whether it has no pieces: one with pieces is
    never recognised)."""
    tree = ast.parse(text, mode="eval")
    names = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    return frozenset(names), not names & PIECEWISE


@lru_cache(maxsize=None)
def nodes(text: str) -> int:
    return sum(1 for _ in ast.walk(ast.parse(text, mode="eval")))


@lru_cache(maxsize=None)
def _function(e) -> tuple:
    g = parse(e.definition)
    return e.name, e.title, g.xreplace({symbol(e.variable): Symbol("z")})


def arguments(df: Expr, x: Symbol) -> list:
    """x and the arguments of the function calls in df, and their negatives, simplest first."""
    found = {x}
    for node in preorder_traversal(df):
        if node.is_Function and len(node.args) == 1 and node.args[0].has(x):
            found |= {node.args[0], -node.args[0]}
    return sorted(found, key=lambda a: (count_ops(a), str(a)))[:MAX_ARGUMENTS]


def _agrees(a: Expr, b: Expr, x: Symbol) -> bool:
    env0 = parameter_values(a + b, x)
    fa, fb, compared = evaluator(a), evaluator(b), 0
    for at in POINTS:
        try:
            va, vb = fa({**env0, x: at}), fb({**env0, x: at})
        except EVAL_ERRORS:
            continue
        if not (is_finite_real(va) and is_finite_real(vb)):
            continue
        if abs(complex(va) - complex(vb)) > 1e-9 * (1 + abs(vb)):
            return False
        compared += 1
    return compared >= 3


def recognised(df: Expr, f: Expr, x: Symbol, board: Board) -> list:
    """[the step that writes df by a catalog function's name], or [] where none is recognised."""
    called = frozenset(str(n.func) for n in preorder_traversal(df) if n.is_Function)
    for name, title, g in functions(called, MAX_GROWTH * size(df)):
        if g.free_symbols != {Symbol("z")} or g == f.xreplace({x: Symbol("z")}):
            continue  # f itself: no news
        for u in arguments(df, x):
            value = g.xreplace({Symbol("z"): u})
            for shown, meant in ((Function(name)(u), value), (1 - Function(name)(u), 1 - value)):
                if meant != df and _agrees(meant, df, x):
                    lent = board.lend(board.checker.knowing({**board.checker.folded, Function(name)(u): value}, f))
                    return [lent.titled(KNOWN_FUNCTION, f"{title}, recognised", shown, df)]
    return []


Z = Symbol("z")


def written_calls(f: Expr, x: Symbol) -> list:
    """[(node, call), ...]: the parts of f that are a catalog function of one input written out, at
    any argument, outermost first: in x/(1 + e^{−2x}), 1/(1 + e^{−2x}) is sigmoid(2x); in
    x·tanh(log(1 + eˣ)), log(1 + eˣ) is softplus(x).  A part is that function when its definition
    (parameters at PyTorch's defaults, so written as the call without them) at the argument is the
    part, node for node: the argument is read off a call the part makes (e^{−2x} against the
    definition's e^{−x}: u = 2x), never guessed.  A definition that is one call (exp, atan) names
    nothing new, and one with pieces is never read so; f itself at x is that function typed out,
    derived as the function is (its parts are read)."""
    whole = canon(f)
    found, todo = [], [whole]
    while todo:
        n = todo.pop(0)
        call = as_call(n, x) if n.has(x) and not n.is_Atom else None
        if call is not None and not (n == whole and call.args == (x,)):
            found.append((n, call))
        else:
            todo.extend(a for a in n.args if isinstance(a, Expr))
    return found


def as_call(n: Expr, x: Symbol) -> Expr | None:
    """The catalog call the expression ``n`` is (sigmoid(2*x) for 1/(1 + e^{−2x})), or None."""
    called = frozenset(str(c.func) for c in preorder_traversal(n) if c.is_Function)
    for name, g, scales in definitions():
        if not calls_of(name) <= called:
            continue
        for u in _arguments_of(n, scales, x):
            if canon(g.xreplace({Z: u})) == n:
                return Function(name)(u)
    return None


@lru_cache(maxsize=None)
def definitions() -> tuple:
    """(name, definition at z with its parameters at their defaults, the numbers k of the calls it
    makes at k·z) for each catalog function of one input that can be read in an expression."""
    from sympy import Rational

    from .catalog import CATALOG

    found = []
    for e in CATALOG:
        if e.variables or "[" in e.definition or not calls(e.definition)[1]:
            continue
        g = parse(e.definition)
        g = g.xreplace({symbol(p): Rational(str(v)) for p, v in e.parameters}).xreplace({symbol(e.variable): Z})
        scales = _scales(g)
        if g.free_symbols == {Z} and g.args != (Z,) and scales:
            found.append((e.name, canon(g), scales))
    return tuple(found)


@lru_cache(maxsize=None)
def calls_of(name: str) -> frozenset:
    from .catalog import lookup

    return calls(lookup(name).definition)[0]


def _scales(g: Expr) -> tuple:
    """The numbers k of g's calls of one argument k·z (−1 for sigmoid's e^{−z})."""
    ks = {c.args[0] / Z for c in preorder_traversal(g) if c.is_Function and len(c.args) == 1}
    return tuple(sorted((k for k in ks if k.is_number and k != 0), key=str))


def _arguments_of(n: Expr, scales: tuple, x: Symbol) -> list:
    """The arguments u at which a definition with calls at k·z could be ``n``: a/k for each call's
    argument a in n."""
    found = []
    for c in preorder_traversal(n):
        if c.is_Function and len(c.args) == 1 and c.args[0].has(x):
            found += [canon(c.args[0] / k) for k in scales if canon(c.args[0] / k) not in found]
    return found
