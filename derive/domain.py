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
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Expr, Symbol, StrictGreaterThan

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
                from .rules.piecewise import condition  # an interval as x < 1, not (−∞ < x) ∧ (x < 1)
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
