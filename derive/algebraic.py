"""Exact questions about rational functions at a real algebraic number.

A joint of a piecewise function is often a root of a polynomial (Max(1/(2 + x²), x) switches at
the real root of x³ + 2x − 1), which SymPy writes in radicals.  Asking SymPy whether an
expression in those radicals is 0 or positive (simplify, assumptions, evalf) can take minutes;
here it is exact arithmetic instead.  With m the minimal polynomial of a over ℚ (irreducible):

* a rational function N/D of x with rational coefficients is 0 at a exactly when m divides N;
* where it is not 0, its sign at a is the sign of N/D at any point of an interval around a in
  which neither N nor D has a root: the interval that isolates a among m's roots, halved
  (exactly, in rationals) until Sturm's count finds no root of N or D in it.

Which root of m (or of a condition's factor) a is, is read from a's value at 30 digits, within
10⁻²⁰ of one root's isolating interval; every answer after that (zero, sign) is decided exactly,
in rationals, not by floating point.
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

    def polynomial(self, x: Symbol) -> Expr:
        """The minimal polynomial with whole coefficients, in x: x³ + 2x − 1 for the real root a
        ≈ 0.4534 (what a sentence says a is)."""
        return self.m.clear_denoms()[1].as_expr().subs(_Z, x)

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


_FOUND: dict = {}  # a → its AlgebraicPoint, once found (a joint is asked about again by the folds)
FOUND_KEPT = 256


def algebraic_point(a: Expr, roots_of: tuple = (), x: Symbol | None = None) -> AlgebraicPoint | None:
    """``a`` as an :class:`AlgebraicPoint`, or None where it is not a real algebraic number (π, e)
    or its minimal polynomial is not found.  ``roots_of``: polynomials in ``x`` that a is known
    to be a root of (a joint placed by solving a condition is a root of the condition's
    numerator or denominator): their irreducible factor that has a as a root is its minimal
    polynomial, found at once -- SymPy's ``minimal_polynomial`` of a quartic's radicals takes
    minutes; it is asked only where no such polynomial is given, within :data:`MINPOLY_SECONDS`."""
    if not (a.is_number and a.is_extended_real):
        return None
    if a in _FOUND:
        return _FOUND[a]
    if a.is_Rational:
        return AlgebraicPoint(a, Poly(_Z - a, _Z, domain=QQ), a, a)
    try:
        near = Rational(str(a.evalf(30)))
    except (TypeError, ValueError):
        return None
    found = _from_factors(a, near, roots_of, x) or _from_minimal_polynomial(a, near)
    if found is not None and len(_FOUND) < FOUND_KEPT:
        _FOUND[a] = found
    return found


def _from_factors(a: Expr, near: Rational, roots_of: tuple, x: Symbol | None) -> AlgebraicPoint | None:
    for p in roots_of:
        nd = _numer_denom(p, x) if x is not None else None
        for q in nd or ():
            for factor, _ in q.factor_list()[1]:
                found = _isolated(a, near, factor.monic()) if factor.degree() > 1 else None
                if found is not None:
                    return found
    return None


def _from_minimal_polynomial(a: Expr, near: Rational) -> AlgebraicPoint | None:
    from sympy import minimal_polynomial

    try:
        m = within(MINPOLY_SECONDS, lambda: minimal_polynomial(a, _Z, polys=True, domain=QQ))
    except (NotAlgebraic, NotImplementedError, BasePolynomialError, ValueError, TypeError):
        return None
    return None if m is None else _isolated(a, near, m.monic())


NEAR = Rational(1, 10**20)  # a's value at 30 digits is this close to the root it stands for


def _isolated(a: Expr, near: Rational, m: Poly) -> AlgebraicPoint | None:
    """a as the root of m whose isolating interval, refined to a width below 10⁻²⁰, lies within
    10⁻²⁰ of a's value at 30 digits (None where no root of m does: a is not a root of m)."""
    for (lo, hi), _ in m.intervals(eps=NEAR):
        lo, hi = Rational(lo), Rational(hi)
        if lo - NEAR <= near <= hi + NEAR:
            return AlgebraicPoint(a, m, lo, hi)
    return None
