"""Joints of piecewise functions and their output forms.

At each joint a: the left and right derivatives (limits of the neighbouring
pieces' derivatives), continuity, and -- for catalog entries whose branches
are written as PyTorch's kernels branch -- the value autograd returns there:
the derivative of the branch whose condition holds at a.  Each joint is
checked numerically by one-sided difference quotients of the pieces.

The output form: when the pieces' derivatives are constants (or the piece is
x itself) and the values y takes on the pieces do not overlap, the derivative
is a function of y, piece by piece.
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
from sympy import Expr, FiniteSet, Interval, Piecewise, Rational, Symbol, diff, limit, true
from sympy.calculus.util import function_range

from .numeric import NotNumeric, value
from .rules.piecewise import condition, open_pieces

EPS = Rational(1, 10**9)


@dataclass
class Kink:
    at: Expr
    left: Expr
    right: Expr
    continuous: bool
    pytorch: Expr | None = None
    verified: bool = False

    @property
    def differentiable(self) -> bool:
        return self.continuous and (self.left - self.right).simplify() == 0

    def subgradient(self, params: dict) -> tuple | None:
        """[left, right] where f is convex at the joint (left ≤ right), else None."""
        if not self.continuous:
            return None
        try:
            lo, hi = (float(v.subs(params)) for v in (self.left, self.right))
        except (TypeError, ValueError):
            return None
        return (self.left, self.right) if lo <= hi else None


def _boundaries(pieces) -> list[Expr]:
    points = set()
    for _, where in pieces:
        for part in getattr(where, "args", ()) if not isinstance(where, Interval) else (where,):
            if isinstance(part, Interval):
                points |= {p for p in (part.inf, part.sup) if p.is_finite}
    return sorted(points, key=lambda p: float(p))


def _piece_at(pieces, point):
    return next((i for i, (_, where) in enumerate(pieces) if where.contains(point) == true), None)


def kinks(f: Piecewise, x: Symbol, pytorch: bool, params: dict) -> list[Kink]:
    """Every joint of ``f`` where it is not differentiable."""
    pieces = open_pieces(f, x)
    if not pieces:
        return []
    found = []
    for a in _boundaries(pieces):
        i, j = _piece_at(pieces, a - EPS), _piece_at(pieces, a + EPS)
        if i is None or j is None:
            continue
        (pl, _), (pr, _) = pieces[i], pieces[j]
        left, right = limit(diff(pl, x), x, a, "-"), limit(diff(pr, x), x, a, "+")
        fa = f.subs(x, a)
        continuous = all((limit(p, x, a, side) - fa).simplify() == 0 for p, side in ((pl, "-"), (pr, "+")))
        kink = Kink(a, left, right, continuous)
        if kink.differentiable:
            continue
        if pytorch:
            kink.pytorch = _branch_derivative(f, x, a)
        kink.verified = _check(kink, pl, pr, x, params)
        found.append(kink)
    return found


def _branch_derivative(f: Piecewise, x: Symbol, a: Expr) -> Expr | None:
    """The derivative, at a, of the branch whose condition holds at a."""
    for expr, cond in f.args:
        if cond.subs(x, a) == true:
            return diff(expr, x).subs(x, a)
    return None


def _check(kink: Kink, pl: Expr, pr: Expr, x: Symbol, params: dict) -> bool:
    """One-sided difference quotients of the two pieces agree with left and right."""
    env = {p: mpmath.mpf(v) for p, v in params.items()}
    a = kink.at
    with mpmath.workdps(40):
        h = mpmath.mpf(10) ** -15
        try:
            at = value(a, env)
            ql = (value(pl, {**env, x: at}) - value(pl, {**env, x: at - h})) / h
            qr = (value(pr, {**env, x: at + h}) - value(pr, {**env, x: at})) / h
            l, r = value(kink.left, env), value(kink.right, env)
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError):
            return False
        return abs(ql - l) < 1e-9 * max(1, abs(l)) and abs(qr - r) < 1e-9 * max(1, abs(r))


def output_form(f: Piecewise, df: Piecewise, x: Symbol, y: Symbol) -> Expr | None:
    """The derivative as a function of y piece by piece, or None."""
    pieces = open_pieces(f, x)
    if not pieces or not isinstance(df, Piecewise) or len(df.args) != len(pieces):
        return None
    rows = []
    for (p, where), (dp, _) in zip(pieces, df.args):
        if dp.has(x) and p != x:
            return None
        try:
            image = function_range(p, x, where)
        except (NotImplementedError, ValueError, TypeError):
            return None
        rows.append((dp.subs(x, y), image))
    if any(a[1].intersect(b[1]) != FiniteSet() and a[1].intersect(b[1]).is_empty is not True
           for k, a in enumerate(rows) for b in rows[k + 1:]):
        return None
    rows.sort(key=lambda r: isinstance(r[1], FiniteSet))
    conds = [_relational(image, y) for _, image in rows[:-1]] + [true]
    return Piecewise(*[(v, c) for (v, _), c in zip(rows, conds)])


def _relational(image, y: Symbol):
    if isinstance(image, Interval):
        return condition(image, y)
    return image.as_relational(y)

