"""The domain of a function: where its derivation is checked, and where a form in y holds.

:func:`as_written` reads the input again as the user wrote it, without SymPy's evaluation:
the checker samples where either reading is real all the way through (SymPy writes
cosh(acoth x) as x/(√(x − 1)·√(x + 1)), whose parts are complex for x < −1, where the input's
are real).

Where a form in y holds, when the function has symbolic constants:

The checker samples a constant such as n of xⁿ in (0.1, 0.9), where xⁿ is real for x > 0
only; a form found there, n·(y^{1/n})^{n−1}, is checked on x > 0 alone.  For a whole number n
the function is real for x < 0 as well, and there the form can be wrong (at n = 2, x = −1 it
gives +2 where the derivative is −2).  :func:`holds_for` tries whole-number values of the
constants at negative x, where the function is real: where the form fails there, it holds
for x > 0 only, and says so with the values its witness used.

Where the input as typed has a value on less of the line than SymPy's reading of it
(e^{2 ln x}, read as x²), :func:`typed_domain` says where: the checker samples only there
(:func:`derive.verify.in_domain`), and the form in y is looked for only there.

Where the Result holds (:func:`where_it_holds`): the open intervals where the input as typed and
its derivative are real all the way through, where that is less than the whole line but for
points -- x > 0 for ln x, −1 < x < 1 for arcsin x, x > −a for ln(x + a).  The printers say it
after the Result, the JSON as ``domain``, and the two points of "no form exists" lie there.
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, Symbol, StrictGreaterThan, oo

WHOLE = (2, 3)  # the values tried for every constant at once
POINTS = (-0.7, -1.3, -2.1, 0.7, 1.3, 2.1, -3.7, 3.7)  # the points tried, where the checker did not sample
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Condition:
    where: Expr  # x > 0
    witness: str  # in words: at n = 2, x = −1.3 the form gives … where the derivative is …


def holds_for(f: Expr, derivative: Expr, form: Expr, x: Symbol, y: Symbol, constants: list) -> Condition | None:
    """Where the form holds (with its witness), where it fails, for whole-number constants, at a
    point where f is real but which the checker did not sample: there the base of each power
    with a symbolic exponent is negative (x < 0 for xⁿ, x > 1 for (1 − x)ⁿ), so the form holds
    where each is positive (x > 0; x < 1; x + a > 0 for (x + a)ⁿ); None where it holds there
    too, or nothing could be tried."""
    if not constants:
        return None
    where = _bases_positive(f, x, constants)
    for k in WHOLE:
        values = {c: k for c in constants}
        fv, dv, gv = (e.subs(values) for e in (f, derivative, form))
        for at in POINTS:
            if where.subs(values).subs(x, at) == True:  # noqa: E712 - (a relation, not a bool)
                continue  # the part of the domain the checker sampled
            fx, want = _real(fv.subs(x, at)), _real(dv.subs(x, at))
            if fx is None or want is None:
                continue
            got = _real(gv.subs(y, fx))
            if got is None or abs(got - want) > TOLERANCE * max(1.0, abs(want)):
                named = ", ".join(f"{c} = {k}" for c in constants)
                shown = "no real value" if got is None else f"{got:.4g}"
                return Condition(where, f"at {named}, {x} = {at} the form gives {shown} "
                                        f"where the derivative is {want:.4g}")
    return None


def _bases_positive(f: Expr, x: Symbol, constants: list) -> Expr:
    """b > 0 for each base b in x of a power whose exponent holds a constant (xⁿ: x > 0;
    (1 − x)ⁿ: x < 1), written solved for x where it is linear in x; x > 0 where there is none."""
    from sympy import And, Pow, solve_univariate_inequality

    bases = list(dict.fromkeys(p.base for p in f.atoms(Pow) if p.base.has(x) and p.exp.free_symbols & set(constants)
                               and p.base.is_positive is not True))
    conds = []
    for b in bases:
        cond = StrictGreaterThan(b, 0)
        if b.free_symbols == {x} and b.is_polynomial(x) and b.as_poly(x).degree() == 1:
            try:
                from .sets import condition  # an interval as x < 1, not (−∞ < x) ∧ (x < 1)
                cond = condition(solve_univariate_inequality(cond, x, relational=False), x)
            except Exception:  # noqa: BLE001 - the condition as it is
                pass
        conds.append(cond.reversed if getattr(cond, "rhs", None) == x else cond)  # 0 < x read x > 0
    return And(*conds) if conds else StrictGreaterThan(x, 0)


WRITTEN_SECONDS = 0.25  # reading the input with evaluation held takes milliseconds, or never ends


def as_written(text: str, reading=None) -> Expr | None:
    """``text`` (an input already read) read again, by ``reading`` (text -> Expr; the parser by
    default), with SymPy's evaluation held (cosh(acoth(x)) stays so); None where it cannot be read
    so.  Not for catalog definitions: they are written as SymPy reads them, and the held parse
    clears SymPy's caches."""
    from sympy.core.parameters import evaluate, global_parameters

    from .budget import within
    from .parse import parse

    reading = reading or parse  # not parse.read(): its cache holds the evaluated readings

    def held():
        with evaluate(False):
            return reading(text)
    evaluating = global_parameters.evaluate
    try:
        reading(text)  # first evaluated: the catalog definitions it names are cached so, as they must stay
        _forget_held(global_parameters, evaluating)  # nor may the held reading find SymPy's evaluated
        return within(WRITTEN_SECONDS, held)  # parts in its cache (3**(-1/2) read as √3/3 after some inputs)
    except Exception:  # noqa: BLE001 - the domain of the evaluated reading is sampled as before
        return None
    finally:  # also where the budget ended the held reading half-way, even inside evaluate's own
        _forget_held(global_parameters, evaluating)  # exit: evaluation stayed held for all that followed


def _forget_held(parameters, evaluating: bool) -> None:
    """Evaluation as it was, and what was cached while it was held forgotten (it is not SymPy's
    evaluated form: canon of a held x + x would stay x + x, and d/dx(x + x) read 1 + 1); before a
    held reading, what was cached while evaluating (SymPy's caches do not key on the evaluate
    flag: the held reading of 3**(-1/2) depended on the inputs derived before it); no budget
    interrupts this half-way."""
    from sympy.core.cache import clear_cache

    from .budget import shielded
    from .expr import canon

    with shielded():
        parameters.evaluate = evaluating
        canon.cache_clear()
        clear_cache()


def _real(e: Expr) -> float | None:
    try:
        v = complex(e.evalf(20))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if abs(v.imag) > 1e-12 * max(1.0, abs(v.real)) or v.real != v.real or abs(v.real) == float("inf"):
        return None
    return v.real


@dataclass(frozen=True)
class Typed:
    """Where the input as typed has a value, where that is less than where SymPy's reading has
    one: e^{2 ln x} is real for x > 0 only, SymPy's x² everywhere.  ``inside`` tests a point
    x; ``where`` is the condition the evaluation's lines stated (x > 0), or None."""
    inside: object
    where: Expr | None


TYPED_POINTS = 90  # the points the form search samples (numeric.spread)


def typed_domain(written: Expr | None, f: Expr, x: Symbol, where: Expr | None = None) -> Typed | None:
    """The domain of the input as ``written`` where it is narrower than that of SymPy's reading
    ``f`` at the points the form search samples (a point where f is real all the way through and
    the typed input is not: e^{2 ln x} at x = −1); None where they agree, as nearly always.  (Where
    f is real only through complex parts, cosh √x at x < 0, the search looks there as before: a form
    must hold there too.)"""
    if written is None or written == f:
        return None
    import mpmath

    from .numeric import spread
    from .outform import parameter_values
    from .verify import DIGITS, in_domain

    params = {p: mpmath.mpf(v) for p, v in parameter_values(f, x).items()}

    def at(point: float, typed: Expr | None) -> bool:
        with mpmath.workdps(DIGITS):  # as the checker compares them
            env = {**params, x: mpmath.mpf(point)}
            try:
                return in_domain(f, typed, env)
            except Exception:  # noqa: BLE001 - a point that cannot be evaluated is in neither domain
                return False
    if not any(at(p, None) and not at(p, written) for p in spread(TYPED_POINTS)):
        return None
    return Typed(lambda point: at(point, written), where)


# --- where the Result holds -------------------------------------------------------------------

DOMAIN_SECONDS = 1.5  # CPU seconds the domain may take; past them the Result says nothing of it
MOST_ENDS = 4  # a domain with more ends (ln sin x) is not written
PROBES = (0.25, 0.5, 0.75)  # where an interval between two ends is tried, as parts of its length
OUTER = (0.5, 2.0, 10.0)  # where an interval out to infinity is tried, from its end


def where_it_holds(f: Expr, derivative: Expr, x: Symbol, written: Expr | None = None,
                   constants: tuple = ()) -> Expr | None:
    """Where the derivative holds, when that is less than the whole line (bar points): the open
    intervals where the input as ``written`` (else ``f``) and ``derivative`` are real all the way
    through, as the checker samples them -- x > 0 for ln x, √x, x^{sin x} and xˣ; −1 < x < 1 for
    arcsin x; x > 1 for arcosh x; x > −a for ln(x + a).  Its ends are where a part leaves the set
    where it is real (derive/facts.py's ``real``: ln u for u = 0; a power with a fractional
    exponent for its base = 0), found by derive/located.py; each interval between two ends is
    tried at a few points.  None where it holds on the whole line but at points (1/x), or its ends
    are more than four or no short numbers, or :data:`DOMAIN_SECONDS` of CPU time pass."""
    from .budget import within

    return within(DOMAIN_SECONDS, lambda: _where(f, derivative, x, written, constants))


def in_it(where: Expr, f: Expr, x: Symbol):
    """A test of a point x: whether it is in ``where`` (the constants at the checker's values),
    for the witness of "no form exists", which stays where the Result holds (cos √x: none at
    x = −1, where √x has no real value)."""
    from .numeric import truth

    values = _constant_values(f, x, sorted(where.free_symbols - {x}, key=str))

    def test(at) -> bool:
        try:
            return truth(where, {**values, x: at})
        except Exception:  # noqa: BLE001 - a point that cannot be decided is not in it
            return False
    return test


def _where(f, derivative, x, written, constants) -> Expr | None:
    from sympy import And, Or

    typed = written if written is not None else f
    values = _constant_values(f, x, constants)
    ends = _ends(typed, x, constants, values)
    if not ends:
        return None
    cuts = [(None, None)] + ends + [(None, None)]  # (value, end); None: out to infinity
    inside = [_inside(f, derivative, x, written, values, lo, hi) for (lo, _), (hi, _) in zip(cuts, cuts[1:])]
    if all(inside) or not any(inside):
        return None
    runs, start = [], None
    for k, ok in enumerate(inside + [False]):
        if ok and start is None:
            start = k
        if not ok and start is not None:
            runs.append((cuts[start][1], cuts[k][1]))
            start = None
    parts = [And(*([x > lo] if lo is not None else []), *([x < hi] if hi is not None else [])) for lo, hi in runs]
    return Or(*parts)


def _constant_values(f: Expr, x: Symbol, constants) -> dict:
    """The constants' values the ends are ordered and the intervals tried at (the checker's)."""
    if not constants:
        return {}
    from .outform import parameter_values

    return dict(parameter_values(f, x))


def _ends(typed: Expr, x: Symbol, constants, values: dict, more: tuple = ()) -> list | None:
    """(value, end) for each end, in order: where a part of ``typed`` leaves the set where it is
    real (and where a g of ``more`` is 0); [] where there is none, or more than :data:`MOST_ENDS`,
    or one is no short number."""
    found = {}
    for g in _edges(typed, x) + list(more):
        for end in _zeros(g, x, constants):
            if end is None:
                return []
            at = float(end.subs(values)) if end.free_symbols else float(end)
            if all(abs(at - v) > 1e-12 for v in found):
                found[at] = end
            if len(found) > MOST_ENDS:
                return []
    return sorted(found.items())


def _edges(typed: Expr, x: Symbol) -> list:
    """Each g whose zeros may end the set where ``typed`` is real: u − c for F(u) real on part of
    the line, c an end of that part (ln u: u; arcsin u: u + 1, u − 1); b for a power b^e whose
    exponent is no whole number (√x, x^{sin x}, xˣ: x)."""
    from sympy import E, Pow, nsimplify, pi

    from .facts import real_domains

    domains, out = real_domains(), []
    for node in typed.atoms(Pow, *real_domains()):
        if isinstance(node, Pow):
            if node.base.has(x) and not node.exp.is_integer:
                out.append(node.base)
            continue
        u = node.args[0]
        if u.has(x):
            out += [u - nsimplify(c, [E, pi]) for part in domains[node.func] for c in part if abs(c) != float("inf")]
    return list(dict.fromkeys(out))


def _zeros(g: Expr, x: Symbol, constants) -> list:
    """The zeros of g in x: by its line where g is linear in x with constants (x + a: −a), else
    by derive/located.py's scan (exact where short: 0, 1; None for one that is no short number)."""
    from sympy import StrictGreaterThan

    from .located import Located, crossings

    if g.free_symbols & set(constants):
        poly = g.as_poly(x)
        if poly is None or poly.degree() != 1 or poly.coeffs()[0].has(x):
            return [None]
        a, b = poly.all_coeffs()
        return [-b / a]
    found = crossings(StrictGreaterThan(g, 0), x)
    if found is None:
        return [None]
    return [None if isinstance(p, Located) or p.atoms(Located) else p for p, _ in found]


def _inside(f, derivative, x, written, values: dict, low: float | None, high: float | None) -> bool:
    """Whether the open interval (low, high) is in the domain (None: out to infinity): at each
    point tried, the input as written and the derivative (where given) are real all the way through."""
    import mpmath

    from .verify import DIGITS, in_domain

    if low is None:
        points = [high - d for d in OUTER]
    elif high is None:
        points = [low + d for d in OUTER]
    else:
        points = [low + t * (high - low) for t in PROBES]
    params = {c: mpmath.mpf(v) for c, v in values.items()}
    nudge = NUDGE * (1 if low is None or high is None else high - low)

    def real(e, w, p) -> bool:
        try:
            return in_domain(e, w, {**params, x: mpmath.mpf(p)})
        except Exception:  # noqa: BLE001 - a point that cannot be evaluated is not in the domain
            return False
    with mpmath.workdps(DIGITS):
        for p in points:
            if not real(f, written, p):
                return False
            if derivative is not None and not (real(derivative, None, p) or real(derivative, None, p + nudge)):
                return False  # (a point where a piecewise derivative has none, its joint, is not the end of an interval)
    return True


NUDGE = 1e-3  # past a probe that falls on a joint of the derivative (0 in −1 < x < 1), as a part of the interval


# --- where f itself is real: the set its pieces are written on ------------------------------------

@dataclass(frozen=True)
class Real:
    """Where f is real, where that is less than the whole line: ``set`` (ends where f has a value
    included: [0, ∞) for |x|·√x, (0, ∞) for max(x, 0)·ln x) and ``parts``, the parts of f that are
    real on part of the line only and not beyond it (√x; ln x)."""
    set: object
    parts: tuple


def real_set(f: Expr, x: Symbol, written: Expr | None = None) -> Real | None:
    """Where f (a function of x alone) is real all the way through, where that is less than the
    whole line: the open intervals between the ends where a part leaves the set where it is real
    (as :func:`where_it_holds` finds them for f alone, as ``written`` where the input was read
    with SymPy's evaluation held, as the checker samples it), with each end where f is real itself.
    None where f is real on the whole line but at points, or nowhere the intervals are tried, or
    has constants, or the ends are not found within :data:`DOMAIN_SECONDS`."""
    from .budget import within

    if f.free_symbols != {x}:
        return None
    return within(DOMAIN_SECONDS, lambda: _real_set(f, x, written))


def _real_set(f: Expr, x: Symbol, written: Expr | None) -> Real | None:
    from sympy import FiniteSet, Interval, S, Union

    from sympy.core.relational import Relational

    typed = f if written is None else written
    if not _edges(typed, x):
        return None
    switches = tuple(dict.fromkeys(r.lhs - r.rhs for r in typed.atoms(Relational) if r.has(x)))
    ends = _ends(typed, x, (), {}, switches)  # (where the pieces switch too: each piece has its own domain)
    if not ends:
        return None
    cuts = [(None, None)] + ends + [(None, None)]
    inside = [_inside(f, None, x, written, {}, lo, hi) for (lo, _), (hi, _) in zip(cuts, cuts[1:])]
    if all(inside) or not any(inside):
        return None
    found = S.EmptySet
    for k, ok in enumerate(inside):
        if not ok:
            continue
        (lo, a), (hi, b) = cuts[k], cuts[k + 1]
        found = Union(found, Interval.open(-oo if a is None else a, oo if b is None else b))
        found = Union(found, FiniteSet(*[e for v, e in ((lo, a), (hi, b)) if e is not None and _has_value(typed, x, v)]))
    return Real(found, _restricting(typed, x, found))


def _has_value(f: Expr, x: Symbol, at: float) -> bool:
    """Whether f has a value at an end: it is real there, and so is each side of every condition
    of its pieces (max(0, ln x) has none at 0, where ln 0 ≤ 0 is asked)."""
    from sympy.core.relational import Relational

    sides = [side for r in f.atoms(Relational) for side in r.args if side.has(x)]
    return all(_real_at(g, x, at) for g in [f, *sides])


def _real_at(f: Expr, x: Symbol, at: float) -> bool:
    """Whether f is real all the way through at the point ``at`` (an end: √x at 0, not ln x)."""
    import mpmath

    from .verify import DIGITS, in_domain

    with mpmath.workdps(DIGITS):
        try:
            return in_domain(f, None, {x: mpmath.mpf(at)})
        except Exception:  # noqa: BLE001 - a point that cannot be evaluated is not in the domain
            return False


def _restricting(f: Expr, x: Symbol, where) -> tuple:
    """The parts of f real on part of the line whose own domain leaves out a point of the line
    outside ``where`` (√x: −1, for |x|·√x), outermost first; the points are tried one past each end."""
    from sympy import Pow

    from .facts import real_domains

    ends = sorted({float(e) for e in where.boundary}) if where.boundary.is_FiniteSet else []
    probes = [p for e in ends for p in (e - 0.5, e + 0.5) if not where.contains(p)]
    parts = [n for n in _preorder(f) if n.has(x) and (isinstance(n, Pow) and not n.exp.is_integer
                                                     or isinstance(n, tuple(real_domains())))]
    return tuple(n for n in parts if any(not _real_at(n, x, p) for p in probes))


def _preorder(e: Expr) -> list:
    from sympy import preorder_traversal

    return list(dict.fromkeys(preorder_traversal(e)))
