"""The cached-value form: f' written with what the forward pass already computed.

When f' is no function of y alone (silu, gelu, mish, ...), a backward pass can
still reuse the values computed on the way forward: y itself and the parts c(x)
of the definition that call a transcendental function.  Parts are tried from
the largest down; a part is used when writing f' with it saves transcendental
calls -- by replacing its occurrences, or by solving c = R(K) for a kernel K of
c (e^{-x} = (1 − S)/S for S = 1/(1 + e^{-x})).  Then y is tried in place of
what the cached parts make of f (x·S = y).  The cheapest form by
:func:`derive.cost.cost` wins, only if it costs less than f' (:func:`cheaper`: fewer calls, and no
more operations and calls together) and agrees with f' numerically.

The lines to it are those a lecturer writes (:func:`_lines`): only the values the form uses are
named; a product is multiplied out first, in x, term by term as it stands (eˣ(cos x − sin x) =
eˣcos x − eˣ sin x); each value is then written by its letter where it stands, the order of the
line kept, and y on the same line where f then stands as written (= y − u sin x, u = eˣ).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mpmath
from sympy import (Add, Derivative, Dummy, Expr, Function, Mul, Pow, S, Symbol, evaluate, exp, expand, expand_log, log,
                   powsimp, preorder_traversal)

from .board import Board, reads_as
from .budget import cpu_now, past, within
from .cost import TRANSCENDENTAL, cost
from .expr import canon, mul, split_sign
from .letters import Letters
from .numeric import EVAL_ERRORS, is_finite_real, spread, value
from .outform import kernels, parameter_values, small, solve_for, tidy
from .rules.algebra import EXPAND, fold
from .rules.definitions import CACHED
from .step import Step

MOST = 6  # at most this many values of the forward pass beside y and the named functions


@dataclass(frozen=True)
class Cached:
    form: Expr  # g(x, c₁, c₂, ..., y)
    values: tuple  # ((symbol, part of the definition), ...), y not included
    lines: tuple = ()  # the way there, one change a line: (expression, (symbol, value) it writes, or None: multiplied out)


def parts(f: Expr, x: Symbol) -> list[Expr]:
    """f and its parts that call a transcendental function of a variable (x, or another input:
    glu's σ(b)), largest first (−c is not a part of its own: c is).  A part is a value the forward
    pass computes: a quotient u/v is computed by dividing, so its parts are u's factors and v, never
    the reciprocal 1/v (sin x/(1 + cos x) computes 1 + cos x, not 1/(1 + cos x))."""
    found = {n for n in computed(f)
             if isinstance(n, Expr) and n.free_symbols and _calls(n) and n.as_coeff_Mul()[0] == 1}
    return sorted(found, key=lambda n: (n != f, -len(list(preorder_traversal(n))), str(n)))


def computed(e: Expr):
    """e and the values a forward pass computes on the way to it: a product's factors, with the
    factors it divides by (b^{-k}, k > 0) gathered into the one denominator it computes."""
    yield e
    children = e.args
    if isinstance(e, Mul):
        over = [a for a in e.args if _divides(a)]
        if over:
            children = [a for a in e.args if not _divides(a)] + [Mul(*[1 / a for a in over])]
    for c in children:
        yield from computed(c)


def _divides(a: Expr) -> bool:
    return isinstance(a, Pow) and a.exp.is_number and bool(a.exp.is_negative)


def _calls(e: Expr) -> bool:
    """Whether e calls a transcendental function (or a power a^x: e^{x ln a})."""
    return any(type(n).__name__.upper() in TRANSCENDENTAL or (isinstance(n, Pow) and not n.exp.is_number)
               for n in preorder_traversal(e))


def written_with(df: Expr, c: Expr, t: Symbol, x: Symbol) -> Expr | None:
    """df with the part c written as t: its occurrences replaced, or a kernel of c solved for."""
    direct = _powers_renamed(df.xreplace({c: t}), c, t)
    if not direct.has(c) and direct != df and cost(direct).calls < cost(df).calls:
        tidied = tidy(direct)  # a rename, tidied only where that saves (x^{π−1}/x^π = 1/x)
        return tidied if (cost(tidied).calls, cost(tidied).ops) < (cost(direct).calls, cost(direct).ops) else direct
    for k in kernels(c, x):
        R = k.to_t(c)
        if R.has(x) or k.K == x:
            continue
        solutions = solve_for(k.t, R, t)
        dft = k.to_t(df) if solutions else df
        for sol in solutions:
            new = dft.xreplace({k.t: sol})
            if cost(new).calls < cost(df).calls:
                return tidy(new)
    return None


SECONDS = 1.0  # the search of a cached-value form, in this process's CPU time (not the load's): no
HARD = 1.5  # part is solved for after SECONDS, and the search ends at HARD (budget.within counts CPU time)


def step(f: Expr, derivative: Expr, x: Symbol, y: Symbol, board: Board, names: dict,
         earlier: Expr | None = None, shown: Expr | None = None) -> tuple | None:
    """([the def-cached steps], the form) where the forward pass's values save transcendental calls:
    one step for each value written by its letter (its sub-step says what it stands for), after
    the one that multiplies out where y is then written in; checked by a checker that also knows what
    each value stands for.  Where the form found from ``derivative`` still calls a function, it is
    also sought from ``earlier``, the rules' line before the textbook tidy (−sin 2x cannot be
    written back in y = 1/(1 + tan²x), −2 tan x/(1 + tan²x) can: −2 tan x·y), and the cheaper kept.
    ``shown``: the derivative as its last line writes it, where the lines go on from it."""
    if not (small(f) and small(derivative)):
        return None
    deadline = cpu_now() + SECONDS
    found, source = within(HARD, lambda: _cheapest(canon(f), derivative, earlier, x, y, names, board.letters, deadline),
                           (None, None))
    if found is None or shown is not None and reads_as(found.form, shown):
        return None  # (the last line is that form already: erfinv′ = √π e^{y²}/2, the form in y)
    written = [v for _, v in found.lines if v is not None]
    board = board.lend(board.checker.knowing({y: f, **{t: c for t, c in written}}, f))
    if source is None:
        kept = shown is not None and canon(shown) == canon(derivative)
        made = _lines(found, shown if kept else derivative, False, y, board, kept)
    else:
        made = _lines(found, source, True, y, board, False)
    if not made or not all(m.all_verified() for m in made):
        return None  # a form that fails its check is not offered
    own = set((names or {}).values())
    for t, c in written:  # the letters it gave mean these values from now on
        if t not in own and t != y:
            board.letters.bind(str(t), c)
    return made, found


def _lines(found: Cached, before: Expr, restart: bool, y: Symbol, board: Board, kept: bool = True) -> list[Step]:
    """The steps of ``found``'s lines from ``before``, in :func:`_in_order`: a value written by its
    letter where it stands in the line as shown, its terms and factors in their places (eˣ(u − sin x),
    never (u − sin x)eˣ), a line of its own (so a reader checks the renaming at a glance), y written
    in on the same line where the function then stands as written (u cos x − u sin x is not a line
    of its own before y − u sin x), and what else the way did to that line (a fraction split) the
    named steps after it (:func:`derive.reach.finished`); ``restart``: ``before`` is a line further
    up, the rules' line, so the first step starts a new equation from it (dy/dx = (1 − u²)/u, then
    1/u − u).  ``kept``: ``before`` is a line as shown, whose order the lines keep; else (a line
    not shown: mish's derivative as softplus′ was derived) they are written in SymPy's order."""
    made, shown, lines, named = [], as_shown(before) if kept else before, _in_order(found.lines, y), {}
    while lines:
        (line, v), lines = lines[0], lines[1:]
        extra = {"lhs": Derivative(y, board.x)} if restart and not made else {}
        subs = [] if v is None or v[0] == y else [board.sub(CACHED, v[1], v[0])]  # y: the definition
        renamed = _renamed_as_written(shown, v)
        named.update({v[1]: v[0]} if v is not None and v[0] != y else {})
        if renamed is not None and reads_as(renamed, line):
            renamed = renamed if kept else line
            folded = _y_folded(renamed, lines, y, named)
            if folded is not None:  # (a value y took in whole is no sub-step: 2u(1 + ln x) = y(1 + ln x))
                renamed, lines = folded, []
                subs = [s for s in subs if v[0] in folded.free_symbols]
            made.append(board.step(CACHED, renamed, shown, substeps=subs, **extra))
            shown = renamed
            continue
        spread = multiplied_out(shown) if v is None and kept else None
        if spread is not None and canon(spread) == canon(line):
            made.append(board.step(EXPAND, spread, shown, **extra))
            shown = spread
            continue
        made = _reached(made, line, v, renamed, shown, subs, extra, board)
        shown = as_shown(line)
    return made


def _reached(made: list, line: Expr, v, renamed: Expr | None, shown: Expr, subs: list, extra: dict,
             board: Board) -> list[Step]:
    """``made`` and the steps to ``line``: the value renamed as written, then the named algebra to
    the line, where the line only rearranges that ((1 − u²)/u, then 1/u − u), or does once a call
    the renaming left is solved for and substituted ((2 cos x + 1)/u² with u = 2 + cos x:
    cos x = u − 2, then (2(u − 2) + 1)/u², then 2/u − 3/u²); else the line in one step."""
    from .reach import finished

    rule = CACHED if v is not None else EXPAND
    if renamed is None:
        return made + [board.step(rule, line, shown, substeps=subs, **extra)]
    at = [board.step(rule, renamed, shown, substeps=subs, **extra)]
    if not _only_rearranged(renamed, line):
        at += _call_substituted(renamed, v, line, board)
        if len(at) == 1 or not _only_rearranged(at[-1].expression, line):
            return made + [board.step(rule, line, shown, substeps=subs, **extra)]
    return finished(made + at, at[-1].expression, line, board)


def _call_substituted(renamed: Expr, v: tuple, line: Expr, board: Board) -> list[Step]:
    """[the step that writes in the value's letter t a call K that ``renamed`` has and ``line``
    does not, t = c(K) solved for K a sub-step a line], where c holds K once; else []."""
    from .reach import solved_line
    from .rules.definitions import INVERSE
    from .rules.solving import solve_steps

    t, c = v
    for K in sorted(renamed.atoms(Function) - line.atoms(Function), key=str):
        d = Dummy("K")
        solved = solve_steps(canon(c).xreplace({K: d}), t, d) if c.has(K) and not canon(c).xreplace({K: d}).has(K) else None
        if not solved:
            continue
        value = solved[-1][2]
        lines = [solved_line(board, rule, lhs.xreplace({d: K}), rhs) for rule, lhs, rhs in solved]
        with evaluate(False):
            new = renamed.xreplace({K: value})
        return [board.titled(INVERSE, f"Solve for the {_noun(K)} and substitute", new, renamed, substeps=lines)]
    return []


def _noun(call: Expr) -> str:
    """What a call is called in words, as its differentiation rule's title says: the cosine, the
    exponential (the function's name where it has no rule of its own)."""
    from .facts import with_rules

    fact = next((f for f in with_rules() if isinstance(call, f.cls)), None)
    title = fact.rule.title.removesuffix(" rule") if fact is not None else str(call.func)
    return title[:1].lower() + title[1:] if title[:1].isupper() and not title[1:2].isupper() else title


def _y_folded(renamed: Expr, rest: list, y: Symbol, named: dict) -> Expr | None:
    """``renamed`` with y written where the function stands in it as written, where the one line
    left (``rest``) is the way's y line and this reads as it (u cos x − u sin x: y − u sin x, for
    y = eˣ cos x and u = eˣ); else None."""
    if len(rest) != 1 or rest[0][1] is None or rest[0][1][0] != y:
        return None
    line, (_, f) = rest[0]
    g = canon(f.xreplace(named))
    for e in (renamed, powsimp(canon(renamed))):  # (where its powers combine: πu^{π−1}·u is πu^π)
        folded = _factors_folded(fold(e, g, y), g, y)
        if folded.has(y) and reads_as(folded, line):
            return folded
    return None


def _factors_folded(e: Expr, f: Expr, y: Symbol) -> Expr:
    """``e`` with the factors of the product ``f`` written y where they stand among the factors of
    the product ``e`` (2u(1 + ln x) is y(1 + ln x) for y = 2u), y where the first of them stood;
    ``e`` as it is where they do not."""
    if not (isinstance(e, Mul) and isinstance(f, Mul)):
        return e
    left, out = list(f.args), []
    for a in e.args:
        if canon(a) in left:
            left.remove(canon(a))
            out.append(y if y not in out else S.One)
        else:
            out.append(a)
    return Mul(*[a for a in out if a != 1], evaluate=False) if not left else e


def _in_order(lines: tuple, y: Symbol) -> list:
    """The way's lines in the order a lecturer writes them: where the way renames values, then
    multiplies out, then writes y in (v(cos x − sin x), v cos x − v sin x, y − v sin x), the line
    multiplied out comes first, in x (eˣcos x − eˣ sin x), and the values are written in it as it
    stands, so no line undoes another's grouping; as they are where a value before it was solved
    for (not only renamed), or nothing is multiplied out."""
    k = next((i for i, (_, v) in enumerate(lines) if v is None), None)
    if not k or any(v[0] == y for _, v in lines[:k]):
        return list(lines)
    values = [v for _, v in lines[:k]]
    out = canon(lines[k][0].xreplace({t: c for t, c in values}))
    renamed, e = [], out
    for t, c in values:
        e = canon(_powers_renamed(e.xreplace({c: t}), c, t))
        renamed.append((e, (t, c)))
    if e != canon(lines[k][0]) or any(canon(g) == canon(h) for (g, _), (h, _) in zip([(out, 0)] + renamed, renamed)):
        return list(lines)  # a value solved for, or written in nothing the multiplying out left
    return [(out, None)] + renamed + list(lines[k + 1:])


def multiplied_out(e: Expr) -> Expr | None:
    """``e`` (held, as shown) with its products of sums multiplied out term by term in the order
    they stand, eˣ(sin x + cos x) = eˣ sin x + eˣ cos x (SymPy's expand sorts them: cos x·eˣ + …),
    each term as SymPy's arithmetic writes it where it cancels something (x(1 + u²)/x² is
    (1 + u²)/x, whose terms are 1/x and u²/x); None where nothing is multiplied out."""
    out = Add(*[t if reads_as(t, canon(t)) else canon(t) for t in _spread(e)], evaluate=False)
    return None if reads_as(out, e) else out


def _spread(e: Expr) -> list:
    """The terms of ``e`` multiplied out, in the order they stand, a term's minus in front:
    e^{−x}(1 − x) is e^{−x} − x·e^{−x}, never e^{−x} + (−x)·e^{−x}."""
    if isinstance(e, Add):
        return [t for a in e.args for t in _spread(a)]
    if not isinstance(e, Mul):
        return [e]
    products = [(False, [])]
    for a in e.args:
        parts = [split_sign(q) for q in (_spread(a) if isinstance(a, (Add, Mul)) else [a])]
        products = [(s != t, p + [b for b in [q] if b != 1]) for s, p in products for t, q in parts]
    return [mul(S.NegativeOne, mul(*p)) if s else mul(*p) for s, p in products]


def as_shown(e: Expr) -> Expr:
    """``e`` held with its sums' terms and products' factors in the order the printers show them
    (the user's, a textbook's: :mod:`derive.order`), so that a value renamed in it stays where it
    was read: eˣ(cos x − sin x) renamed is eˣ(u − sin x), not SymPy's (u − sin x)eˣ."""
    from .order import factors, terms

    if not isinstance(e, Expr) or e.is_Atom:
        return e
    if isinstance(e, Add):
        return Add(*[as_shown(a) for a in terms(e)], evaluate=False)
    if isinstance(e, Mul):
        return Mul(*[as_shown(a) for a in factors(e)], evaluate=False)
    if isinstance(e, Pow):
        return Pow(as_shown(e.base), e.exp, evaluate=False)
    return e.func(*[as_shown(a) for a in e.args])


def _renamed_as_written(e: Expr, v: tuple | None) -> Expr | None:
    """``e`` as written with the value ``v`` = (t, c) replaced by its letter t (and its powers:
    e^{2x} is u² for u = eˣ), evaluation held; None where c does not stand in e as written (the
    way solved for it, or v is no value)."""
    if v is None:
        return None
    t, c = v
    with evaluate(False):
        new = e.xreplace({c: t})
    new = _powers_renamed(new, c, t)
    return new if not new.has(c) and new.has(t) else None


def _only_rearranged(a: Expr, b: Expr) -> bool:
    """Whether ``b`` writes no part of ``a`` in other calls or symbols ((1 − u²)/u and 1/u − u;
    not (2 cos x + 1)/u² and 2/u − 3/u², where cos x was solved for): what algebra steps reach."""
    return a.atoms(Function) <= b.atoms(Function) and a.free_symbols <= b.free_symbols


def _cheapest(f: Expr, df: Expr, earlier: Expr | None, x: Symbol, y: Symbol, names: dict | None,
              given: Letters, deadline: float) -> tuple:
    """(the form found from ``df``, None), or (the form found from ``earlier``, ``earlier``) where
    that calls fewer functions (then costs fewer operations); the second search only where the
    first leaves a call and time is left."""
    found = find(f, df, x, y, names, given, deadline)
    if earlier is None or canon(earlier) == df or not small(earlier) or past(deadline) or (
            found is not None and cost(found.form).calls == 0):
        return found, None
    other = find(f, canon(earlier), x, y, names, given, deadline)
    if other is None or not cheaper(other.form, df) or found is not None and (cost(found.form).calls, cost(found.form).ops) <= (
            cost(other.form).calls, cost(other.form).ops):
        return found, None
    return other, earlier


def find(f: Expr, df: Expr, x: Symbol, y: Symbol, names: dict | None = None,
         given: Letters | None = None, deadline: float | None = None) -> Cached | None:
    """The cheapest form of df in x, parts of f and y; None if nothing is saved.  A value that has
    a letter in the derivation (``given``: mish's 1 + eˣ, the chain rule's v) keeps it; another
    takes one of the next :data:`MOST` free letters, never a letter that means something else.
    Two ways are tried: each part solved for where that saves a call (silu: S + x·S(1 − S)), and
    each part written by its letter where it occurs (mish: w + x(1 − w²)·u/v); the cheaper goes
    on (:func:`_kept`), with y written in where that saves more.  Past ``deadline`` (this process's
    CPU time) no further part is solved for."""
    names = {f: y, **(names or {})}
    taken = {str(s) for s in f.free_symbols | {y}}  # by name: the input's u is real, Symbol('u') is not
    names = {c: t for c, t in names.items() if str(t) not in taken or c == f}
    given = Letters(taken) if given is None else given
    letters = [Symbol(n) for n in given.fresh(taken | {str(t) for t in names.values()}, MOST)]
    points = sample_points(f, df, x)
    tried = sorted(_tried(f, x, names), key=lambda c: c not in names)  # named parts first: S before 1 − S

    def letter(c, values):
        used = len([v for v in values if v[0] in letters])
        had = given.known(c)
        if c not in names and had is None and used == len(letters):
            return None  # a form with more cached values than letters would not be read anyway
        return names.get(c) or (Symbol(had) if had is not None and had not in taken else letters[used])

    solved, renamed = _solved(df, tried, x, y, letter, points, deadline), _renamed(df, tried, y, letter)
    if not (solved or renamed):
        return None  # (y is written in on the kept way only: tidying a form with y is slow)
    return _finished(_kept(solved, renamed), f, df, y, letters, points)


def _kept(solved: list, renamed: list) -> list:
    """The way that goes on: the one whose last line calls fewer functions, then costs fewer
    operations; the solving one on a tie (it uses fewer values: silu's S alone)."""
    if not (solved and renamed):
        return solved or renamed
    a, b = cost(solved[-1][0]), cost(renamed[-1][0])
    return renamed if (b.calls, b.ops) < (a.calls, a.ops) else solved


def _solved(df: Expr, tried: list, x: Symbol, y: Symbol, letter, points, deadline: float | None = None) -> list:
    """The lines of the way that writes each part where that saves a call, by its occurrences or
    by solving for a kernel of it: [(form, (t, c)), ...]."""
    g, values, lines = df, [], []
    for c in tried:
        if past(deadline):
            break  # out of CPU time: the parts tried so far
        if values and cost(g).calls == 0:
            break  # no call left to save: a part is used only where it saves one
        t = letter(c, values)
        if t is None:
            break
        new = written_with(g, c, t, x)
        if new is not None and _agrees(new, points, y, values + [(t, c)]):  # not a wrong branch:
            g, values = new, values + [(t, c)]  # tanh² through y gives 2√y(1 − y), wrong for x < 0
            lines.append((g, (t, c)))
    return lines


def _renamed(df: Expr, tried: list, y: Symbol, letter) -> list:
    """The lines of the way that writes each part by its letter where it occurs as it stands
    (largest first): every line only renames, as a reader checks at a glance."""
    g, values, lines = df, [], []
    for c in tried:
        if not g.has(c):
            continue
        t = letter(c, values)
        if t is None:
            break
        new = _powers_renamed(g.xreplace({c: t}), c, t)
        if new != g and not new.has(c):
            g, values = new, values + [(t, c)]
            lines.append((g, (t, c)))
    return lines


def _powers_renamed(g: Expr, c: Expr, t: Symbol) -> Expr:
    """g with every e^{k·a} (k a whole number) written t^k, where the part c is e^a and t its
    letter: e^{2x} is u² for u = eˣ, a rename a reader checks at a glance; and so every power of a
    number that is a whole power of the part c = b^a: 2^{−x} is u and 2ˣ is 1/u for u = (1/2)ˣ."""
    if isinstance(c, exp):
        def power(n):
            k = canon(n.args[0] / c.args[0])
            return t ** k if k.is_Integer else n
        return g.replace(lambda n: isinstance(n, exp), power)
    if not _of_number(c):
        return g

    def number_power(n):
        k = canon(expand(expand_log(n.exp * log(n.base), force=True)) / expand(expand_log(c.exp * log(c.base), force=True)))
        return t ** k if k.is_Integer else n
    return g.replace(_of_number, number_power)


def _of_number(n: Expr) -> bool:
    """Whether n is a power of a positive number with an exponent that is not a number (2^{−x})."""
    return isinstance(n, Pow) and n.base.is_Number and bool(n.base.is_positive) and not n.exp.is_number


def _finished(lines: list, f: Expr, df: Expr, y: Symbol, letters: list, points) -> Cached | None:
    """The way's lines with y written in where that is cheaper, its letters the first free ones;
    None where it saves no call or does not agree with f'."""
    if not lines:
        return None
    values = [v for _, v in lines]
    lines = _unused_written_back(lines + _with_y(lines[-1][0], f, y, dict(values)), y)
    values = [v for v in values if any(v == w for _, w in lines)]
    lines, values = _first_letters(lines, values, letters)
    g = lines[-1][0]
    values = [(t, c) for t, c in values if t != y and g.has(t)]
    if not cheaper(g, df) or not _agrees(g, points, y, values):
        return None
    return Cached(g, tuple(values), tuple(lines))


def _unused_written_back(lines: list, y: Symbol) -> list:
    """The lines with no value the last line does not use: such a value written back as what it
    stands for in every line, and the line that named it, or that then changes nothing, left out
    (sin x/x: (x cos x − u)/x² with u = sin x is no line where the form is (cos x − y)/x), where a
    line multiplied out follows it, which then shows the way in x; kept where the line after it
    would otherwise come in one jump (sinc: (πx cos πx − v)/(πx²), split, then y)."""
    last = lines[-1][0]
    unused = {v[0]: v[1] for k, (_, v) in enumerate(lines)
              if v is not None and v[0] != y and not last.has(v[0]) and any(w is None for _, w in lines[k:])}
    if not unused:
        return lines
    out = []
    for e, v in lines:
        if v is not None and v[0] in unused:
            continue
        e = canon(e.xreplace(unused))
        if out and e == out[-1][0] and v is None:
            continue
        out.append((e, v))
    return out


def cheaper(form: Expr, df: Expr) -> bool:
    """Whether ``form`` costs less than the derivative ``df`` as the cost line reads them: fewer
    transcendental calls, and no more operations and calls together (a call saved pays for one
    operation more, not two).  So −2u·y (3 operations) is offered for −sin 2x (2 operations and a
    call), but not u² − v² (3 operations) for cos 2x (1 operation and a call), u = cos x, v = sin x."""
    a, b = cost(form), cost(df)
    return a.calls < b.calls and a.ops + a.calls <= b.ops + b.calls


def _tried(f: Expr, x: Symbol, names: dict) -> list:
    """The parts of f, and the catalog functions f calls (computed forward as a unit: silu's σ)."""
    found = parts(f, x)
    return found + [c for c in names if c not in found and c != f and f.has(c)]


def _first_letters(lines: list, values: list, letters: list) -> tuple:
    """The lines and values with the fresh letters they use renamed to the first ones, in the
    order they are written (w, not p, after the chain rule's u, v)."""
    fresh = iter(letters)
    renamed = {t: next(fresh) for t, _ in values if t in letters}
    lines = [(e.xreplace(renamed), None if v is None else (renamed.get(v[0], v[0]), v[1])) for e, v in lines]
    return lines, [(renamed.get(t, t), c) for t, c in values]


def _with_y(g: Expr, f: Expr, y: Symbol, values: dict) -> list:
    """The lines that write y in place of what the cached values make of f (x·S → y), where that
    is cheaper: as g stands, or after a line that multiplies g out (y on a tie: it is computed
    already, and no line is added for nothing)."""
    fy = f.xreplace({c: t for t, c in values.items()})
    if fy == f or fy.is_Symbol or y in values:
        return []
    here = g.subs(fy, y)
    out = expand(g)
    with_y = out.subs(fy, y)
    candidates = [([(here, (y, f))], here)] if here.has(y) else []
    candidates += [([(out, None)] * (out != g) + [(c, (y, f))], c)
                   for c in [with_y.collect(t) for t in values] + [tidy(with_y)] if c.has(y)]
    gone = [a for a in f.atoms() if a not in g.atoms()]
    candidates = [(ls, c) for ls, c in candidates if not c.has(*gone)]
    kept = min(candidates, key=lambda lc: (cost(lc[1]).calls, cost(lc[1]).ops, len(lc[0])), default=None)
    if kept is None:
        return []
    before, after = (cost(g).calls, cost(g).ops), (cost(kept[1]).calls, cost(kept[1]).ops)
    fewer = len(kept[1].free_symbols & set(values)) < len(g.free_symbols & set(values))  # y is there anyway
    saved = after < before or (after == before and fewer)
    return kept[0] if saved or len(kept[0]) == 1 else []  # multiplied out only where y saves something


class Points:
    """The points where a form is compared with f' (0, then across the domain), with the values
    of f' and of f and its parts there, each computed once for all the forms tried (30 digits)."""

    def __init__(self, f: Expr, df: Expr, x: Symbol):
        self.f, self.df = f, df
        params = parameter_values(f, x)
        self.envs = [{**params, x: mpmath.mpf(at)} for at in [0.0] + spread(60)]
        self._memos = [{} for _ in self.envs]  # per point: the values of the nodes met (f's parts share them)
        self._known: dict = {}
        self.verdicts: dict = {}  # (form, y, values) -> whether it agrees (the last check may repeat one)

    def value(self, e: Expr, i: int):
        """e (an expression in x) at point i; raises what evaluating it there raises."""
        if (e, i) not in self._known:
            try:
                with mpmath.workdps(30):
                    self._known[e, i] = (value(e, self.envs[i], memo=self._memos[i]), None)
            except EVAL_ERRORS as exc:
                self._known[e, i] = (None, exc)
        found, error = self._known[e, i]
        if error is not None:
            raise error
        return found

    def layer(self, i: int) -> dict:
        """A memo for a form tried at point i: a copy of f's and f''s (the form's parts in x
        alone are found there; its own nodes hold only with its letters bound, so they stay in
        the copy)."""
        return dict(self._memos[i])


@lru_cache(maxsize=64)
def sample_points(f: Expr, df: Expr, x: Symbol) -> Points:
    """The points of f and f', kept per function with their values and verdicts: the search
    compares the same forms again when the same function is derived again (the checker still
    verifies every step it produces)."""
    return Points(f, df, x)


def _agrees(g: Expr, points: Points, y: Symbol, values: list) -> bool:
    """g with the cached values bound equals df at points across the domain (and at 0)."""
    key = (g, y, tuple(values))
    if key not in points.verdicts:
        with mpmath.workdps(30):
            points.verdicts[key] = _agreed(g, points, y, values) >= 5
    return points.verdicts[key]


def _agreed(g: Expr, points: Points, y: Symbol, values: list) -> int:
    agreed = 0
    for i, env in enumerate(points.envs):
        try:
            want = points.value(points.df, i)
            if not is_finite_real(want):
                continue
            bound = {**env, y: points.value(points.f, i), **{t: points.value(c, i) for t, c in values}}
            got = value(g, bound, memo=points.layer(i))
        except EVAL_ERRORS:
            if i == 0:  # x = 0 may lie outside the domain
                continue
            return 0
        if not is_finite_real(got) or abs(got - want) > 1e-15 * max(1, abs(want)):  # the checker confirms
            return 0
        agreed += 1
    return agreed
