"""What a derivation states beside its steps, checked as its steps are: the Result, the form in
y, the form with the forward pass's values, and the witness that no form in y exists.

Each is a line a reader sees after the steps; none is taken on trust from the stage that wrote
it.  A form is checked against d/dx f by the derivation's own board's checker (SymPy's derivative of the
definition, at the definition's sample points; y and the forward pass's letters stand for what
they name): 2y(1 − y) for the sigmoid fails there, though no rule wrote it.  The Result's domain
(ln x′ = 1/x for x > 0) is tested with it: f is real there, and the Result is f′.  A witness
f(a) = f(b), f′(a) ≠ f′(b) is evaluated again, f′ by SymPy's derivative of f, not by the
derivation's lines (in floats, by derive/numeric.py's evaluator: at 50 digits SymPy would not
come back from e^{e^{x^x}} at 14).

The verdicts are the record's ``stated`` (name → verified): :attr:`Derivation.verified` counts
them, the printers mark a failed one beside its line and count them in the closing line.
"""
from __future__ import annotations

import math

from sympy import Derivative, Expr, Symbol, diff

from .numeric import EVAL_ERRORS, evaluator, is_finite_real

# Each statement by the name of the JSON field it checks (the witness: the note's), and in words.
RESULT, FORM, CACHED, WITNESS = "written_derivative", "output_form", "cached_form", "witness"
WORDS = {RESULT: "Result", FORM: "form in y", CACHED: "form with the forward pass's values",
         WITNESS: "witness that no form in y exists"}

SAME_VALUE = 1e-6  # |f(a) − f(b)| within this (relative): the witness's points are found in floats
OTHER_SLOPE = 1e-6  # |f′(a) − f′(b)| over this (relative), as outform.witness asks
AGREE = 1e-6  # the Result and SymPy's f′ within this (relative), in floats


def forms(board, f: Expr, x: Symbol, order: int, shown: dict, values: tuple = (), domain=None,
          params: dict | None = None) -> dict:
    """name → whether the form ``shown[name]`` (None: not stated) is f's ``order``-th derivative
    at every sample point of the ``board``'s checker; ``values``: the forward pass's (letter, part of f); the
    Result's ``domain`` (x > 0 for ln x), where stated, checked by :func:`holds_on`."""
    target = Derivative(f, (x, order))
    found = {name: bool(board.agrees(target, form, bind=dict(values) if name == CACHED else None))
             for name, form in shown.items() if form is not None}
    if found.get(RESULT) and domain is not None:
        found[RESULT] = holds_on(domain, f, shown[RESULT], x, order, params or {})
    return found


DOMAIN_POINTS = [k * 1.4617 + 0.0113 for k in range(-10, 11)]  # x in [−14.6, 14.6], none special


def holds_on(domain, f: Expr, result: Expr, x: Symbol, order: int, params: dict) -> bool:
    """Whether "the Result, for x in ``domain``" is true where it is tested: the domain has points,
    and at each (of a fixed spread in [−15, 15]) f is real, and the Result is SymPy's derivative of
    f (to 10⁻⁶, in floats: a wrong Result is off by far more).  A point where f or its derivative has no finite value (a pole) is passed
    over; one where f is not real fails (ln x "for x < 0")."""
    f, result = f.subs(params), result.subs(params)
    df = diff(f, x, order)
    inside = [v for v in DOMAIN_POINTS if bool(domain.subs(params).subs(x, v))]
    if not inside:
        return False
    return all(_holds_at(v, f, df, result, x) is not False for v in inside)


def _holds_at(v: float, f: Expr, df: Expr, result: Expr, x: Symbol) -> bool | None:
    """False where f is not real at ``v`` or the Result is not f′ there; None where a value is not
    a finite number a float holds (a pole; e^{x^x} at 14)."""
    try:
        F, D, R = (complex(evaluator(e)({x: v})) for e in (f, df, result))
    except EVAL_ERRORS + (ArithmeticError,):
        return None
    if not all(math.isfinite(t.real) and math.isfinite(t.imag) for t in (F, D, R)):
        return None
    return abs(F.imag) <= 1e-12 * max(1.0, abs(F.real)) and abs(D - R) <= AGREE * max(1.0, abs(D), abs(R))


def witness_holds(f: Expr, x: Symbol, order: int, w: tuple, params: dict) -> bool:
    """Whether the witness (a, b, f(a), f⁽ⁿ⁾(a), f⁽ⁿ⁾(b)) is one: f(a) = f(b) and the derivatives
    differ, as printed (to the witness's digits), with f⁽ⁿ⁾ SymPy's, not the derivation's."""
    a, b, fa, da, db = w
    df = diff(f.subs(params), x, order)
    f = f.subs(params)
    try:
        Fa, Fb, Da, Db = (_n(f, x, a), _n(f, x, b), _n(df, x, a), _n(df, x, b))
        scale = max(1.0, abs(Fa), abs(Fb))
        slope = max(1.0, abs(Da), abs(Db))
        return (abs(Fa - Fb) <= SAME_VALUE * scale and abs(Da - Db) > OTHER_SLOPE * slope
                and _close(Fa, fa) and _close(Da, da) and _close(Db, db))
    except EVAL_ERRORS + (ArithmeticError,):  # no value a float holds: not shown to be one
        return False


def _n(e: Expr, x: Symbol, at: float) -> float:
    v = evaluator(e)({x: at})
    if not is_finite_real(v):
        raise ValueError("not a finite real number")
    return complex(v).real


def _close(exact: float, printed: float) -> bool:
    """The printed value (four digits: ≈ 0.3466) is the value to a few parts in 10⁴."""
    return abs(exact - printed) <= 1e-3 * max(1.0, abs(exact))


def failed_words(d) -> str:
    """The statements of ``d`` that failed their check, in words: "the Result and the witness"."""
    names = [f"the {WORDS[name]}" for name, ok in d.stated.items() if not ok]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
