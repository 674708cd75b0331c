"""Exact questions about rational functions at a real algebraic number.

A joint of a piecewise function is often a root of a polynomial (Max(1/(2 + x²), x) switches at
the real root of x³ + 2x − 1), which SymPy writes in radicals.  Asking SymPy whether an
expression in those radicals is 0 or positive (simplify, assumptions, evalf) can take minutes;
here it is exact arithmetic instead.  With m the minimal polynomial of a over ℚ (irreducible):

* a rational function N/D of x with rational coefficients is 0 at a exactly when m divides N;
* where it is not 0, its sign at a is the sign of N/D at any point of an interval around a in
  which neither N nor D has a root: the interval that isolates a among m's roots, halved
  (exactly, in rationals) until Sturm's count finds no root of N or D in it.

Nothing is decided by floating point: each answer is a proof.
"""
from __future__ import annotations

from sympy import Dummy, Expr, Float, Poly, QQ, Rational, Symbol
from sympy.polys.polyerrors import BasePolynomialError, NotAlgebraic

from .budget import within

MINPOLY_SECONDS = 1.0  # at most this long for SymPy to find a's minimal polynomial
HALVINGS = 200  # an isolating interval is halved at most this often (2⁻²⁰⁰ of its width)

_Z = Dummy("z")


class AlgebraicPoint:
    """A real algebraic number a, given as a SymPy expression (radicals, CRootOf), with its
    minimal polynomial and an interval of rationals that isolates it among that polynomial's
    roots."""

    def __init__(self, a: Expr, m: Poly, lo: Rational, hi: Rational):
        self.a, self.m, self.lo, self.hi = a, m, lo, hi

    def sign(self, e: Expr, x: Symbol) -> int | None:
        """−1, 0 or 1: the sign of e at x = a, proven; None where e is not a rational function of
        x with rational coefficients, or has a pole at a."""
        nd = _numer_denom(e, x)
        if nd is None:
            return None
        n, d = nd
        if self._vanishes(d):
            return None
        if self._vanishes(n):
            return 0
        return self._sign_of(n) * self._sign_of(d)

    def _vanishes(self, p: Poly) -> bool:
        return p.rem(self.m).is_zero

    def _sign_of(self, p: Poly) -> int:
        """The sign at a of a polynomial that is not 0 there: its sign on an interval around a
        holding none of its roots."""
        if p.degree() <= 0:
            return 1 if p.LC() > 0 else -1
        lo, hi = self.lo, self.hi
        for _ in range(HALVINGS):
            if p.count_roots(lo, hi) == 0:
                return 1 if p.eval(lo) > 0 else -1
            lo, hi = self._halved(lo, hi)
        raise ArithmeticError("no root-free interval found")  # cannot happen: p(a) ≠ 0

    def _halved(self, lo: Rational, hi: Rational) -> tuple:
        mid = (lo + hi) / 2
        at = self.m.eval(mid)
        if at == 0:  # m is irreducible of degree ≥ 2 (or a is that rational): a = mid
            return mid, mid
        return (lo, mid) if (self.m.eval(lo) > 0) != (at > 0) else (mid, hi)


def _numer_denom(e: Expr, x: Symbol) -> tuple | None:
    """(N, D) as polynomials over ℚ in the generator z with e = N/D at x = z, or None."""
    if not e.free_symbols <= {x} or e.has(Float) or not e.is_rational_function(x):
        return None  # (a float's decimal digits are not the number it holds: not asked)
    try:
        n, d = (Poly(q, x, domain=QQ) for q in e.together().as_numer_denom())
    except (BasePolynomialError, ValueError, TypeError):
        return None
    return n.replace(x, _Z), d.replace(x, _Z)


def algebraic_point(a: Expr) -> AlgebraicPoint | None:
    """``a`` as an :class:`AlgebraicPoint`, or None where it is not a real algebraic number (π, e)
    or its minimal polynomial is not found within :data:`MINPOLY_SECONDS`."""
    from sympy import minimal_polynomial

    if not (a.is_number and a.is_extended_real):
        return None
    if a.is_Rational:
        return AlgebraicPoint(a, Poly(_Z - a, _Z, domain=QQ), a, a)
    try:
        m = within(MINPOLY_SECONDS, lambda: minimal_polynomial(a, _Z, polys=True, domain=QQ))
    except (NotAlgebraic, NotImplementedError, BasePolynomialError, ValueError, TypeError):
        return None
    if m is None:
        return None
    return _isolated(a, m.monic())


def _isolated(a: Expr, m: Poly) -> AlgebraicPoint | None:
    """a with the one of m's isolating intervals that holds it (m's roots are apart, a's value
    at 30 digits is well inside one)."""
    try:
        near = Rational(str(a.evalf(30)))
    except (TypeError, ValueError):
        return None
    intervals = m.intervals()
    if not intervals:
        return None
    (lo, hi), _ = min(intervals, key=lambda i: 0 if i[0][0] <= near <= i[0][1] else
                      min(abs(near - i[0][0]), abs(near - i[0][1])))
    return AlgebraicPoint(a, m, Rational(lo), Rational(hi))
