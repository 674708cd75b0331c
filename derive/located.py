"""Joints located numerically: |eˣ − 3x| switches where 3x = eˣ, at x ≈ 0.6191 and x ≈ 1.512.

Where SymPy cannot place a piecewise function's conditions (3x − eˣ > 0 has roots only through
the Lambert W function, x = cos x none in closed form) and they are not periodic, the joints are
the points where a condition's two sides cross.  They are sought here among
−:data:`WINDOW` ≤ x ≤ :data:`WINDOW`: each condition's difference g = lhs − rhs is evaluated on a
grid, dense near 0 and coarser far out (x = ½·sinh t, t evenly spaced: steps of 0.003 at 0,
0.12 at 10, 0.6 at 100), every change of sign between two neighbouring real values is narrowed
by the Illinois method at 60 digits, and a root is kept where |g| there is below 10⁻⁴⁰ -- a
change of sign across a pole (1/x − 1 at 0) is no root.  A point where g touches 0 without
changing sign switches no branch and is no joint.  More than :data:`MOST_ROOTS` crossings
(sin(1/x) near 0, x/1000 against sin x) and the joints are not claimed at all.

Each root is a :class:`Located` number: an atom that keeps its 60 digits but is written by its
letter in the sentences (a ≈ 0.6191), so that a one-sided derivative there reads 3 − eᵃ, not a
30-digit float; a root that is a short exact number (0, where tanh x = x/2) is that number.
"""
from __future__ import annotations

import mpmath
from sympy import Expr, Float, Integer, Rational, Symbol, pi
from sympy.core.expr import AtomicExpr
from sympy.core.relational import Relational

from .numeric import EVAL_ERRORS, evaluator, is_finite_real, value

WINDOW = 100.0  # the roots are sought among −WINDOW ≤ x ≤ WINDOW
GRID = 2001  # points of the scan
MOST_ROOTS = 12  # crossings of all conditions together, at most
DIGITS = 60
ROOT_TOLERANCE = mpmath.mpf(10) ** -40


class Located(AtomicExpr):
    """A real number known by 60 digits: a root found numerically.  SymPy treats it as a number
    (its sign is known, it evaluates) but leaves it whole in expressions: e^{a}, not e^{0.619…}."""

    is_number = True
    is_real = True
    is_extended_real = True
    is_finite = True
    is_comparable = True
    __slots__ = ("_value",)

    def __new__(cls, digits):
        obj = AtomicExpr.__new__(cls)
        obj._value = Float(str(digits), DIGITS)
        return obj

    def _hashable_content(self):
        return (self._value,)

    def __getnewargs__(self):
        return (self._value,)

    def _eval_evalf(self, prec):
        return Float(self._value, precision=prec)

    def _eval_is_positive(self):
        return bool(self._value > 0)

    def _eval_is_negative(self):
        return bool(self._value < 0)

    def _eval_is_zero(self):
        return False  # (a root at 0 is written as 0: see exact())

    def _digits(self, n: int) -> str:
        """Its value to n digits, in brackets where it is negative: an atom is not bracketed by the
        printers, and -2.33**2 would read as −(2.33²)."""
        text = str(Float(self._value, n))
        return f"({text})" if self._value < 0 else text

    def _sympystr(self, printer):  # (JSON's SymPy syntax: 30 digits)
        return self._digits(30)

    def _latex(self, printer):
        return self._digits(15).replace("(", r"\left(").replace(")", r"\right)")

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm
        return prettyForm(self._digits(15))


def bound(e: Expr) -> dict:
    """{a: its 60 digits} for each located number in e: an environment for :func:`numeric.value`,
    which would evaluate it by SymPy's evalf at 30 digits (too few to read a branch 10⁻³⁰ beside it)."""
    return {a: mpmath.mpf(a._value._mpf_) for a in e.atoms(Located)} if isinstance(e, Expr) else {}


def crossings(f: Expr, x: Symbol) -> list[tuple] | None:
    """(point, condition) for every place in the window where a condition of f changes sign, in
    order; None where there are more than :data:`MOST_ROOTS` or a condition has another symbol.
    (An equation, Eq(x, cos x) where Heaviside(cos x − x) is ½, holds at the crossings of its sides.)"""
    try:
        return _crossings(f, x)
    except TooSlow:
        return None


def _crossings(f: Expr, x: Symbol) -> list[tuple] | None:
    relations = [r for r in f.atoms(Relational) if r.has(x)]
    if not relations or any(r.free_symbols != {x} for r in relations):
        return None
    found: list[tuple] = []
    seen: set = set()
    for r in relations:
        g = r.lhs - r.rhs
        if g in seen or -g in seen:  # (x > cos x and x < cos x: one scan)
            continue
        seen.add(g)
        for root in _roots(g, x):
            if all(abs(root - p) > mpmath.mpf(10) ** -30 for p, _ in found):
                found.append((root, r))
            if len(found) > MOST_ROOTS:
                return None
    found.sort(key=lambda pr: pr[0])
    return [(exact(p, r.lhs - r.rhs, x), r) for p, r in found]


def grid() -> list[float]:
    """x = ½·sinh t for GRID values of t evenly spread, reaching ±WINDOW; 0 among them."""
    top = float(mpmath.asinh(2 * WINDOW))
    return [0.5 * float(mpmath.sinh(-top + 2 * top * i / (GRID - 1))) for i in range(GRID)]


SCAN_SECONDS = 0.5  # CPU seconds a scan of one condition may take (a function evaluated by SymPy, Si x, would take 5)


class TooSlow(Exception):
    """The scan would take longer than :data:`SCAN_SECONDS`: its joints are not sought."""


def _roots(g: Expr, x: Symbol) -> list:
    from .budget import cpu_now  # (CPU time less the garbage collector's: a collection of a large heap
    # inside the first 50 points would make every scan look slow, and the domain go unsaid)

    at = evaluator(g)
    xs = grid()
    ys = []
    start = cpu_now()
    for i, v in enumerate(xs):
        if i == 50 and (cpu_now() - start) * len(xs) / 50 > SCAN_SECONDS:
            raise TooSlow(f"a scan of {g} would take too long")
        try:
            y = at({x: v})
            ys.append(float(getattr(y, 'real', y)) if is_finite_real(y) else None)
        except EVAL_ERRORS:
            ys.append(None)
    found = []
    for (a, ya), (b, yb) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        if ya is None or yb is None:
            continue
        if ya == 0 and _crosses(ys, xs.index(a)):
            found.append(mpmath.mpf(a))
        elif ya * yb < 0:
            root = _narrowed(g, x, a, b)
            if root is not None:
                found.append(root)
    return found


def _crosses(ys: list, i: int) -> bool:
    """A zero on the grid at i changes the sign (the values beside it have opposite signs)."""
    return 0 < i < len(ys) - 1 and None not in (ys[i - 1], ys[i + 1]) and ys[i - 1] * ys[i + 1] < 0


def _narrowed(g: Expr, x: Symbol, a: float, b: float):
    """The root of g between a and b at 60 digits, None where there is none (a pole)."""
    with mpmath.workdps(DIGITS):
        def at(t):
            v = value(g, {x: t})
            return mpmath.re(v)
        try:
            root = mpmath.findroot(at, (mpmath.mpf(a), mpmath.mpf(b)), solver="illinois", tol=mpmath.mpf(10) ** -55)
            ok = a <= root <= b and abs(at(root)) < ROOT_TOLERANCE
        except (*EVAL_ERRORS, ArithmeticError):
            return None
    return root if ok else None


DENOMINATORS = 24  # a root within 10⁻⁴⁰ of p/q or p·π/q with q at most this is tried as that number


def exact(root, g: Expr, x: Symbol) -> Expr:
    """The root as a short exact number where it is one -- p/q or p·π/q with q ≤ 24 (0; π/4) at
    which g is 0 as SymPy writes it, with no simplification asked; else a :class:`Located` number."""
    from fractions import Fraction

    with mpmath.workdps(DIGITS):
        for unit, scale in ((Integer(1), mpmath.mpf(1)), (pi, +mpmath.pi)):
            near = Fraction(mpmath.nstr(root / scale, 50)).limit_denominator(DENOMINATORS)
            if abs(root - scale * mpmath.mpf(near.numerator) / near.denominator) < ROOT_TOLERANCE:
                candidate = unit * Rational(near.numerator, near.denominator)
                try:
                    if g.subs(x, candidate) == 0:
                        return candidate
                except (TypeError, ValueError, ZeroDivisionError):
                    pass
    return Located(mpmath.nstr(root, DIGITS))
