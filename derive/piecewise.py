"""Joints of piecewise functions and their output forms.

At each joint a: the left and right derivatives (limits of the neighbouring
pieces' derivatives), continuity, and -- for catalog entries whose branches
are written as PyTorch's kernels branch -- the value autograd returns there:
the derivative of the branch whose condition holds at a.  Each joint is
checked numerically by one-sided difference quotients of the pieces.

A branch that holds at one point only (sinc: 1 at x = 0, sin(πx)/(πx) elsewhere) makes that
point a joint too: f's value there is the branch's, its limit there the neighbouring pieces', and
the derivative there is the limit of the difference quotient -- with, where a piece is not
analytic there, whether f′ tends to it as well (x² sin(1/x) at 0: the derivative is 0, f′ has no
limit).  A definition whose other branches are all one expression is that expression away from
the points (:func:`removable`): derived as it, its points reported as joints.

The output form: when the pieces' derivatives are constants (or the piece is
x itself) and the values y takes on the pieces do not overlap, the derivative
is a function of y, piece by piece.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import mpmath
from sympy import (AccumBounds, Abs, Add, And, Or, Dummy, Eq, ImageSet, Limit, Mul, Ne, Number, NumberSymbol, Pow, S, sign, Expr,
                   FiniteSet, Interval, E, Piecewise, Poly, Rational, Symbol, Union, diff, exp, limit, log, nan, oo,
                   piecewise_fold, preorder_traversal, series, true, factorial)
from sympy.calculus.util import continuous_domain, function_range
from sympy.core.function import PoleError
from sympy.core.relational import GreaterThan, LessThan, Relational, StrictGreaterThan, StrictLessThan
from sympy.solvers.solveset import solveset
from sympy.utilities.iterables import iterable

from .budget import within
from .facts import analytic_everywhere
from .numeric import NotNumeric, is_finite_real, value
from .outform import parameter_values, piece_form
from .rules.piecewise import condition, expr_set_pairs, open_pieces

EPS = Rational(1, 10**9)
H, T, U = Dummy("h", positive=True), Dummy("t", positive=True), Dummy("u")  # each used within one computation


@dataclass
class Kink:
    at: Expr
    left: Expr
    right: Expr
    continuous: bool
    pytorch: Expr | None = None
    verified: bool = False
    value: Expr | None = None  # f at the joint (sinc: 1 at 0, where neither piece has a value)
    point: bool = False  # a branch holds at the joint alone (sinc's 1 at 0): f's value there is its own
    limits: tuple | None = None  # f's one-sided limits at the joint (left, right)
    slope_limit: Expr | None = None  # the limit of f′ at the joint, where it was examined and exists
    slope_limit_exists: bool | None = None  # examined (a piece not analytic there): whether f′ has a limit
    polynomial: Expr | None = None  # an irrational algebraic joint's minimal polynomial in x (x³ + 2x − 1)
    period: Expr | None = None  # a periodic family of joints, at + period·index for every integer index (|sin x|)
    index: Symbol | None = None  # the family's integer k; left, right and value may depend on it
    equation: Expr | None = None  # a joint located numerically: the equation it is a root of (3x = eˣ)

    @property
    def limit(self) -> Expr | None:
        """f's limit at the joint, where both sides agree."""
        if self.limits is None or not all(v.is_finite for v in self.limits):
            return None
        left, right = self.limits
        return left if simplifies_to_zero(left - right) else None

    @property
    def differentiable(self) -> bool:
        finite = all(v.is_finite and not v.has(AccumBounds) for v in (self.left, self.right))
        return bool(self.continuous and finite and simplifies_to_zero(self.left - self.right))

    def subgradient(self, params: dict) -> tuple | None:
        """[left, right] where f is convex at a kink (left < right), else None."""
        if self.differentiable or not (self.continuous and self.left.is_finite and self.right.is_finite):
            return None
        try:
            lo, hi = (float(v.subs(params)) for v in (self.left, self.right))
        except (TypeError, ValueError):
            return None
        return (self.left, self.right) if lo <= hi else None


def _boundaries(pieces, params: dict) -> list[Expr]:
    points = set()
    for _, where in pieces:
        for part in getattr(where, "args", ()) if not isinstance(where, Interval) else (where,):
            if isinstance(part, Interval):
                points |= {p for p in (part.inf, part.sup) if p.is_finite}
    return sorted(points, key=lambda p: float(p.subs(params)))


def _piece_at(pieces, point, params: dict):
    at = point.subs(params)
    return next((i for i, (_, where) in enumerate(pieces) if member(where.subs(params))(at)), None)


def kinks(f: Piecewise, x: Symbol, pytorch: bool, params: dict, defaults: dict | None = None) -> list[Kink] | None:
    """Every joint of ``f``, kink or not, with its one-sided derivatives (None: the joints cannot be located,
    e.g. they depend on a constant without a default value; ``defaults`` place the joints that
    depend on a catalog parameter)."""
    pieces = open_pieces(f, x, defaults)
    if pieces is None:
        found = _periodic(f, x)
        return found if found is not None else _located(f, x)
    found = []
    try:
        points = _points(f, x)
        for a in _boundaries(pieces, params):
            kink = _joint(f, x, a, pieces, params, pytorch)
            if kink is not None:
                kink.point = a in points
                found.append(kink)
    except (TypeError, ValueError, NotImplementedError, RecursionError):  # SymPy cannot decide a limit or a condition
        return None
    return found


WRITTEN_SECONDS = 5.0  # CPU seconds for the joints of a definition derived without its pieces


def written_joints(f: Expr, x: Symbol, params: dict) -> list[Kink]:
    """The joints of a definition that is piecewise under another name (|log x| at 1: Abs, Max,
    Min, sign, Heaviside) where its derivation did not write it in pieces (d|u| = sign(u)·u′
    took it whole): found from its pieces all the same, within :data:`WRITTEN_SECONDS`; none
    where they cannot be located."""
    pw = _written_pieces(f, x)
    if pw is None:
        return []
    values = {**parameter_values(pw, x), **params}
    return within(WRITTEN_SECONDS, lambda: kinks(pw, x, False, values, params), None) or []


def _written_pieces(f: Expr, x: Symbol) -> Piecewise | None:
    """f written in pieces where it is piecewise under another name (|u| as u for u ≥ 0, else −u);
    None where it is not piecewise."""
    from .rules.piecewise import WRITE_PIECEWISE, WRITTEN_PIECEWISE

    if not any(n.has(x) for n in f.atoms(*WRITTEN_PIECEWISE)):
        return None
    sides = f.replace(lambda n: isinstance(n, Abs) and n.args[0].has(x),  # |u| for a u real on part of the line
                      lambda n: Piecewise((n.args[0], n.args[0] >= 0), (-n.args[0], True)))
    pw = WRITE_PIECEWISE.apply(sides) or piecewise_fold(sides)
    return pw if isinstance(pw, Piecewise) else None


def _periodic(f: Piecewise, x: Symbol) -> list[Kink] | None:
    """The joints of f as periodic families (|sin x|: at kπ), where its conditions are periodic
    (:mod:`derive.families`); None where they are not."""
    from .families import families

    found = families(f, x)
    if found is None:
        return None
    return [Kink(m.at, m.left, m.right, m.continuous, value=m.value, limits=(m.value, m.value) if m.continuous else None,
                 verified=m.verified, period=m.period, index=m.index) for m in found]


LOCATED_SECONDS = 2.0  # CPU seconds for locating a function's joints numerically and examining them


def _located(f: Piecewise, x: Symbol) -> list[Kink] | None:
    """The joints of f located numerically (:mod:`derive.located`: |eˣ − 3x| at the roots of 3x =
    eˣ), where SymPy cannot place its conditions and they are not periodic; None where they
    cannot be located (too many crossings, a parameter) or one cannot be examined."""
    from .located import crossings

    def work():
        found = crossings(f, x)
        if found is None:
            return None
        made = [_located_joint(f, x, a, r) for a, r in found]
        return None if UNKNOWN_JOINT in made else [k for k in made if k is not None]
    try:
        made = within(LOCATED_SECONDS, work)
    except (TypeError, ValueError, NotImplementedError, RecursionError, ZeroDivisionError):
        return None
    if made == [] and len(_SOUGHT_NONE) < FOUND_KEPT:
        _SOUGHT_NONE.add((f, x))
    return made


_SOUGHT_NONE: set = set()  # (f, x) whose conditions were sought numerically and change sign nowhere
FOUND_KEPT = 256


def sought_words(f: Expr, x: Symbol) -> str:
    """A sentence for a definition whose joints were sought numerically and none found -- its
    conditions change sign nowhere in the window (|W(sinh² x)|: W(sinh² x) ≥ 0 touches 0 at 0 and
    turns back), or only across poles, where f is not defined (Heaviside(sec x)): no joint is
    claimed beyond it; "" for any other."""
    from .located import WINDOW

    pw = f if isinstance(f, Piecewise) or not _SOUGHT_NONE else _written_pieces(f, x)
    if (pw, x) not in _SOUGHT_NONE:
        return ""
    return (f"No joint was found in {-int(WINDOW)} ≤ {x} ≤ {int(WINDOW)} (sought numerically; not beyond): the "
            "conditions that switch its pieces change sign there nowhere f is defined.")


UNKNOWN_JOINT = object()
SAME = mpmath.mpf(10) ** -30  # two values at a located joint this close are equal (it has 60 digits)


def _located_joint(f: Piecewise, x: Symbol, a: Expr, where: Relational):
    """The joint at a located root a of ``where``'s two sides: the branches beside it, their
    values and derivatives there (equal where their 60-digit values agree to 10⁻³⁰: then written
    as one expression), checked by f's own difference quotients.  None where f does not switch
    branches there (the crossing is inside one branch) or is not real beside it."""
    from .families import branches_beside

    sides = branches_beside(f, x, a)
    if sides is None:
        return None
    pl, pr = sides
    if pl == pr or not _real_beside(pl, pr, x, a, {}):
        return None
    ends = [p.subs(x, a) for p in (pl, pr)]
    slopes = [diff(p, x).subs(x, a) for p in (pl, pr)]
    if any(e.has(S.NaN, S.ComplexInfinity) or e.is_finite is False for e in ends + slopes):
        return UNKNOWN_JOINT
    try:
        continuous = _numerically_equal(*ends)
        if continuous:
            ends[1] = ends[0]
        if _numerically_equal(*slopes):
            slopes[1] = slopes[0]
    except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
        return UNKNOWN_JOINT
    kink = Kink(a, slopes[0], slopes[1], continuous, value=ends[0] if continuous else None, limits=tuple(ends),
                equation=_equation(where) if not a.is_Rational else None)
    kink.verified = _check(kink, pl, pr, x, {})
    return kink


def _equation(where: Relational) -> Expr:
    """The equation whose root a located joint is, each side's terms positive where it compares
    with 0: 3x = eˣ for 3x − eˣ > 0."""
    lhs, rhs = where.lhs, where.rhs
    if rhs == 0 and isinstance(lhs, Add):
        neg = [t for t in lhs.args if t.could_extract_minus_sign()]
        if neg and len(neg) < len(lhs.args):
            lhs, rhs = Add(*[t for t in lhs.args if t not in neg]), -Add(*neg)
    return Eq(lhs, rhs, evaluate=False)


def _numerically_equal(u: Expr, v: Expr) -> bool:
    from .located import bound

    with mpmath.workdps(60):
        env = {**bound(u), **bound(v)}
        return bool(abs(value(u, env) - value(v, env)) < SAME * max(1, abs(value(u, env))))


def _points(f: Piecewise, x: Symbol) -> set:
    """The points where a branch of f holds alone (Eq(x, 0)), as numbers."""
    if not f.atoms(Eq, Ne):
        return set()
    parts = [p for _, where in expr_set_pairs(f, x) for p in (where.args if isinstance(where, Union) else (where,))]
    return {c for p in parts if isinstance(p, FiniteSet) for c in p}  # (x > 0 or x = −1: −1)


def points_placed(f: Expr, x: Symbol) -> bool:
    """Whether every branch of f that holds on no open set (Eq(x, 0)) holds at finitely many points
    given as numbers -- not at a parameter's value (Eq(x, a)) nor at infinitely many (Eq(sin(x), 0)),
    where neither its joints nor the pieces' derivatives could be placed."""
    if not f.has(Piecewise) or not f.atoms(Eq, Ne):
        return True
    try:
        pairs = expr_set_pairs(piecewise_fold(f), x)
        thin = [where for _, where in pairs if where.interior.is_empty is not False]
    except (NotImplementedError, TypeError, ValueError, AttributeError):
        return False
    return all(isinstance(w, FiniteSet) and all(c.is_number and c.is_extended_real for c in w) for w in thin)


def removable(f: Expr, x: Symbol) -> tuple[Expr, tuple] | None:
    """(g, (c, …)) where f is g except at finitely many points c, each given its own value by a
    branch that holds there alone (sinc: sin(πx)/(πx), and 1 at 0); None where f is not so:
    no such branch, or the other branches are not all one expression."""
    if not f.has(Piecewise) or not f.atoms(Eq, Ne):
        return None
    pw = piecewise_fold(f)
    if not isinstance(pw, Piecewise):
        return None
    try:
        pairs = expr_set_pairs(pw, x)
    except (NotImplementedError, TypeError, ValueError):
        return None
    points = [c for _, where in pairs if isinstance(where, FiniteSet) for c in where]
    rest = {e for e, where in pairs if not isinstance(where, FiniteSet)}
    if not points or len(rest) != 1 or not all(c.is_number and c.is_extended_real for c in points):
        return None
    (g,) = rest
    return (g, tuple(sorted(points, key=float))) if g.has(x) else None


def _joint(f: Piecewise, x: Symbol, a: Expr, pieces: list, params: dict, pytorch: bool) -> Kink | None:
    """The joint at a (differentiable there or not), or None where f is not defined at a at all
    (log|x| at 0, a pole of 1/x): no derivative to speak of."""
    i, j = _piece_at(pieces, a - EPS, params), _piece_at(pieces, a + EPS, params)
    if i is None or j is None:
        return None
    (pl, _), (pr, _) = pieces[i], pieces[j]
    exact = _algebraic_joint(f, x, a, pl, pr, pytorch)
    if exact is not None:
        return exact
    try:
        fa = f.subs(x, a)
    except TypeError:  # Max(1/x, 1) at 0: a comparison with complex infinity
        return None
    if not (fa.is_finite and fa.subs(params).is_extended_real and _real_beside(pl, pr, x, a, params)):
        return None
    sides = ((pl, "-"), (pr, "+"))
    within_one = pl == pr and not analytic(pl, x)  # a point inside one expression (sinc's 0): by its series
    taylor = [_expansion(p, x, a, side) if within_one else None for p, side in sides]
    limits = tuple(_limit(p, x, a, side) if t is None else t[0] for (p, side), t in zip(sides, taylor))
    if any(v.has(Limit) for v in limits):
        return None  # SymPy could not take a limit there (sinc(sinc(x)) at 0): nothing to claim
    continuous = all(simplifies_to_zero(v - fa) for v in limits)
    left, right = (_one_sided(p, x, a, fa, side, continuous) if t is None else t[1]
                   for (p, side), t in zip(sides, taylor))  # (p's slope: f's where f is continuous)
    kink = Kink(a, left, right, continuous, value=fa, limits=limits)  # a smooth joint too: its derivative
    if pytorch:
        kink.pytorch = _branch_derivative(f, x, a)
    kink.verified = _check(kink, pl, pr, x, params)
    if kink.verified and kink.differentiable and not (analytic(pl, x) and analytic(pr, x)):
        _slope_limit(kink, pl, pr, x, params, [t and t[1] for t in taylor])
    return kink


def _algebraic_joint(f: Piecewise, x: Symbol, a: Expr, pl: Expr, pr: Expr, pytorch: bool) -> Kink | None:
    """The joint at an irrational algebraic a (the root of x³ + 2x − 1 where Max(1/(2 + x²), x)
    switches) where f's branches and conditions are rational functions of x with rational
    coefficients: settled by exact arithmetic at a (:mod:`derive.algebraic`), where SymPy's
    limits and simplify on a's radicals take minutes.  The pieces have no pole at a, so each
    tends to its value there and its one-sided derivative is its derivative's value.  None
    where a or f is not of that kind (then the general way below)."""
    from .algebraic import algebraic_point

    if a.is_Rational or not all(_rational(e, x) for e in (pl, pr)) or not a.is_number:
        return None
    conditions = tuple(r.lhs - r.rhs for r in f.atoms(Relational))  # a, placed by solving one, is a root of one
    point = algebraic_point(a, conditions, x)
    branch = None if point is None else _branch_at(f, x, point)
    if branch is None or not _rational(branch, x):
        return None
    signs = [point.sign(p - branch, x) for p in (pl, pr)]
    if None in signs:
        return None
    fa, continuous = branch.subs(x, a), signs == [0, 0]
    limits = _same_or_each(point, [pl, pr], x, a)  # (each number equal to another is written as it)
    limits = (fa, fa) if continuous else limits
    left, right = _same_or_each(point, [diff(p, x) for p in (pl, pr)], x, a)
    kink = Kink(a, left, right, continuous, value=fa, limits=limits, polynomial=point.polynomial(x))
    if pytorch:
        kink.pytorch = diff(branch, x).subs(x, a)
    kink.verified = _check(kink, pl, pr, x, {})
    return kink


def _same_or_each(point, pair: list, x: Symbol, a: Expr) -> tuple:
    """The two expressions' values at a, the first twice where they are equal there (proven):
    then no simplify is asked later whether a's radicals in the two differ."""
    first = pair[0].subs(x, a)
    return (first, first) if point.sign(pair[0] - pair[1], x) == 0 else (first, pair[1].subs(x, a))


def _rational(e: Expr, x: Symbol) -> bool:
    return e.free_symbols <= {x} and e.is_rational_function(x)


def _branch_at(f: Piecewise, x: Symbol, point) -> Expr | None:
    """The expression of the first branch of f whose condition holds at the point, each condition
    decided exactly; None where one cannot be."""
    for expr, cond in f.args:
        holds = _holds_at(cond, x, point)
        if holds is None:
            return None
        if holds:
            return expr
    return None


RELATION_SIGNS = {StrictGreaterThan: {1}, GreaterThan: {0, 1}, StrictLessThan: {-1}, LessThan: {-1, 0},
                  Eq: {0}, Ne: {-1, 1}}


def _holds_at(cond, x: Symbol, point) -> bool | None:
    """Whether ``cond`` (True, relations between rational functions of x, and/or of them) holds at
    the point, decided exactly; None where it cannot be."""
    if cond is true or cond is S.false:
        return bool(cond)
    if isinstance(cond, (And, Or)):
        found = [_holds_at(c, x, point) for c in cond.args]
        return None if None in found else (all if isinstance(cond, And) else any)(found)
    if type(cond) not in RELATION_SIGNS:
        return None
    s = point.sign(cond.lhs - cond.rhs, x)
    return None if s is None else s in RELATION_SIGNS[type(cond)]


def _expansion(p: Expr, x: Symbol, a: Expr, side: str) -> tuple | None:
    """(c₀, c₁) with p(x) = c₀ + c₁(x − a) + O((x − a)²) as x → a from ``side``, where SymPy's series
    of p there is a polynomial (sin(πx)/(πx) at 0: 1, 0); then p tends to c₀, its difference
    quotient with c₀ and its derivative to c₁ (each checked numerically after).  None where p
    has no such series (x² sin(1/x), √x at 0).  One series a side instead of three limits."""
    t, sgn = T, (1 if side == "+" else -1)
    near = p.subs(x, a + sgn * t)
    try:
        poly = series(near, t, 0, 2).removeO()
    except PoleError:  # sin(sin(πx)/x) at 0: SymPy expands sin(u) only where u → 0; here u → π
        try:
            poly = series(_taylored(near, t), t, 0, 2).removeO()
        except (PoleError, NotImplementedError, ValueError, TypeError, ZeroDivisionError):
            return None
    except (NotImplementedError, ValueError, TypeError, ZeroDivisionError):
        return None
    if not poly.is_polynomial(t) or poly.has(x):
        return None
    c0, c1 = poly.subs(t, 0), sgn * poly.diff(t).subs(t, 0)
    ok = all(c.is_finite and not c.has(AccumBounds) for c in (c0, c1))
    return (c0, c1) if ok else None


TAYLOR_ORDER = 4  # enough for a quotient whose denominator vanishes to second order at the joint


def _taylored(e: Expr, t: Symbol) -> Expr:
    """e with each analytic function F(u) whose argument tends to c ≠ 0 as t → 0⁺ written as its
    Taylor polynomial F(c) + F′(c)(u − c) + … (to order 4), innermost first: the series of the
    composed branches, which SymPy's own series cannot expand (sin u with u → π)."""
    if not e.has(t) or e.is_Atom:
        return e
    e = e.func(*[_taylored(arg, t) for arg in e.args])
    if not (isinstance(e, ANALYTIC) and len(e.args) == 1):
        return e
    u = e.args[0]
    c = limit(u, t, 0, "+")
    if c == 0 or not c.is_finite or c.has(AccumBounds):
        return e
    s = Dummy("s")
    dF = e.func(s)
    terms = []
    for k in range(TAYLOR_ORDER + 1):
        terms.append(dF.subs(s, c) / factorial(k) * (u - c) ** k)
        dF = dF.diff(s)
    return Add(*terms)


def _slope_limit(kink: Kink, pl: Expr, pr: Expr, x: Symbol, params: dict, known: list) -> None:
    """Where the derivative at a differentiable joint came from the difference quotient (a piece
    is not analytic there), whether f′ tends to it too -- said only where the numbers agree:
    f′ near the joint close to it (sinc), or spread wide however close (x² sin(1/x)).  ``known``:
    a side's limit of f′ where its series gave it, else None."""
    a, slope = kink.at, kink.left
    found = [limit(diff(p, x), x, a, side) if k is None else k for p, side, k in ((pl, "-", known[0]),
                                                                                (pr, "+", known[1]))]
    derivatives = [diff(p, x) for p in (pl, pr)]
    if all(v.is_finite and not v.has(AccumBounds) and simplifies_to_zero(v - slope) for v in found):
        if _settles(derivatives, x, a, slope, params):
            kink.slope_limit, kink.slope_limit_exists = slope, True
    else:
        none = [(d, side) for d, side, v in zip(derivatives, SIDES, found) if v.has(AccumBounds) or v is nan]
        if none and _spread(none, x, a, params):  # SymPy finds none on a side, and the numbers agree
            kink.slope_limit_exists = False


SIDES = (-1, 1)
DIGITS = 100  # the joints' numeric checks: pieces such as (1 − cos x)/x² cancel 30 digits near 0


def _settles(derivatives: list, x: Symbol, a: Expr, slope: Expr, params: dict) -> bool:
    """f′(a ± h) is within 10⁻⁶ of ``slope`` for h = 10⁻⁸ … 10⁻¹²."""
    env = {p: mpmath.mpf(v) for p, v in params.items()}
    with mpmath.workdps(DIGITS):
        try:
            at, want = value(a, env), value(slope, env)
            got = [value(d, {**env, x: at + side * mpmath.mpf(10) ** -k})
                   for d, side in zip(derivatives, SIDES) for k in (8, 10, 12)]
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
            return False
        return all(is_finite_real(v) and abs(v - want) < 1e-6 * max(1, abs(want)) for v in got)


def _spread(sides: list, x: Symbol, a: Expr, params: dict) -> bool:
    """On each side given ((f′ there, ±1), …), f′ takes values at least 1/2 apart within
    (a, a ± 10⁻⁷) and within (a, a ± 10⁻¹⁰): it settles to no value (x² sin(1/x): 2x sin(1/x) −
    cos(1/x))."""
    env = {p: mpmath.mpf(v) for p, v in params.items()}
    with mpmath.workdps(40):
        try:
            at = value(a, env)
            for d, side in sides:
                for k in (7, 10):
                    got = [value(d, {**env, x: at + side * mpmath.mpf(10) ** -k * (1 + mpmath.mpf(n) / 17)})
                           for n in range(17)]
                    if not all(is_finite_real(v) for v in got) or max(got) - min(got) < 0.5:
                        return False
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
            return False
    return True


def _real_beside(pl: Expr, pr: Expr, x: Symbol, a: Expr, params: dict) -> bool:
    """f is real just left and just right of a, and so is every part of it (x^x is not, left of
    0; nor is |√(x − 1)| near 0, real only through the complex √(x − 1), where f = |cosh(acoth x)|
    is not defined)."""
    env = {p: mpmath.mpf(v) for p, v in params.items()}
    try:
        at = value(a, env, mpmath.fp)
        for p, h in ((pl, -1e-6), (pr, 1e-6)):
            memo: dict = {}
            if not is_finite_real(value(p, {**env, x: at + h}, mpmath.fp, memo=memo)):
                return False
            if not all(is_finite_real(v) for v in memo.values() if isinstance(v, (float, complex))):
                return False
        return True
    except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
        return False


def _one_sided(piece: Expr, x: Symbol, a: Expr, fa: Expr, side: str, continuous: bool) -> Expr:
    """The one-sided derivative at a joint: by its definition, (f(a±h) − f(a))/h, where f is
    continuous (x² sin(1/x) has 0 although its derivative has no limit); the limit of the
    piece's derivative at a jump.  Both are p'(a) where the piece is analytic."""
    if analytic(piece, x):
        return diff(piece, x).subs(x, a)
    if continuous:
        h = H
        step = h if side == "+" else -h
        value = limit((piece.subs(x, a + step) - fa) / step, h, 0, "+")
        if value.is_finite or value in (oo, -oo):
            return value
    return limit(diff(piece, x), x, a, side)


def _limit(p: Expr, x: Symbol, a: Expr, side: str) -> Expr:
    """The one-sided limit of p at a finite point a: its value there where p is analytic."""
    return p.subs(x, a) if analytic(p, x) else limit(p, x, a, side)


def _limit_at_infinity(p: Expr, x: Symbol, at: Expr) -> Expr:
    """The limit of p as x → ±∞: where p is a polynomial in exponentials e^{cx} that all tend to
    0 there (α(e^x − 1) as x → −∞), its value with them 0; else SymPy's limit."""
    u = U
    p = p.replace(lambda n: n.is_Pow and n.base.is_number and n.base.is_positive and n.base != E and n.exp.has(x),
                  lambda n: exp(n.exp * log(n.base)))  # SymPy 1.14's limit of 2**(-x) at -oo is 0
    vanishing = {e: u for e in p.atoms(exp) if _vanishes(e.args[0] / x, x, at)}
    q = p.xreplace(vanishing)
    if vanishing and not q.has(x) and q.is_polynomial(u):
        return q.subs(u, 0)
    return limit(p, x, at)


def _vanishes(c: Expr, x: Symbol, at: Expr) -> bool:
    """e^{cx} → 0 as x → at (±∞)."""
    return not c.has(x) and bool((c * at).is_extended_negative)


def simplifies_to_zero(e: Expr) -> bool:
    """Whether e simplifies to 0 -- not asked of simplify when e is a number, or plainly not 0
    at positive values of its symbols (simplify keeps the value: it cannot make that 0)."""
    return e == 0 or (not e.is_Number and not _plainly_nonzero(e) and e.simplify() == 0)


def _plainly_nonzero(e: Expr) -> bool:
    env = {s: mpmath.mpf(v) for s, v in parameter_values(e, None).items()}
    with mpmath.workdps(30):
        try:
            v = value(e, env)
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
            return False
        return bool(abs(v) > mpmath.mpf("1e-15"))


ANALYTIC = analytic_everywhere()  # real-analytic on the whole real line (derive/facts.py)


def analytic(e: Expr, x: Symbol) -> bool:
    """Whether e is real-analytic in x on the whole real line, for any positive values of the
    other symbols: built from x, them and real numbers by +, ×, whole powers of what depends on
    x, powers of positive bases and functions analytic everywhere.  Its limit at a point is
    then its value, and its one-sided derivatives are both e'(a)."""
    for n in preorder_traversal(e):
        if isinstance(n, Symbol):
            ok = n == x or n.is_positive
        elif n.is_Number or isinstance(n, NumberSymbol):
            ok = n.is_extended_real and n.is_finite
        elif isinstance(n, Pow):
            ok = (n.exp.is_Integer and n.exp >= 0) or (not n.base.has(x) and n.base.is_positive)
        else:
            ok = isinstance(n, (Add, Mul) + ANALYTIC)
        if not ok:
            return False
    return True


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
    if kink.left.has(AccumBounds) or kink.right.has(AccumBounds):
        return _check_none(kink, pl, pr, x, params)
    if not (kink.left.is_finite and kink.right.is_finite):
        return _check_infinite(kink, pl, pr, x, params)
    with mpmath.workdps(DIGITS + 2 * STEPS[-1]):  # the cancellation in (1/2 − (1 − cos h)/h²)/h at h = 10⁻⁴⁵
        try:
            at = value(a, env)
            ends = _at_joint(pl, pr, x, at, env, kink)
            return all(_side_agrees(p, fa, x, at, side, value(claim, env), env)
                       for p, fa, side, claim in zip((pl, pr), ends, SIDES, (kink.left, kink.right)))
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
            return False


STEPS = (15, 30, 45)  # the difference quotients' steps h = 10⁻¹⁵, 10⁻³⁰, 10⁻⁴⁵


def _side_agrees(piece: Expr, fa, x: Symbol, at, side: int, claimed, env: dict) -> bool:
    """The one-sided difference quotient of ``piece`` at h = 10⁻¹⁵ is within 10⁻⁹ of the claimed
    derivative, or it tends to it: its distance shrinks at h = 10⁻³⁰ and 10⁻⁴⁵ and ends within
    10⁻⁹ (|x|^{3/2} at 0, whose quotient is √h: 3·10⁻⁸ at h = 10⁻¹⁵)."""
    tolerance = 1e-9 * max(1, abs(claimed))
    errors = []
    for k in STEPS:
        h = mpmath.mpf(10) ** -k
        q = (value(piece, {**env, x: at + side * h}) - fa) / (side * h)
        errors.append(abs(q - claimed))
        if errors[0] < tolerance:
            return True
    return errors[-1] < tolerance and errors[2] < errors[1] < errors[0]


def _at_joint(pl: Expr, pr: Expr, x: Symbol, at, env: dict, kink: Kink) -> tuple:
    """Each piece's value at the joint; where one has none there (x² sin(1/x) at 0) and f is
    continuous, the other's, or f's own where neither has one (sinc at 0)."""
    found = []
    for p in (pl, pr):
        try:
            found.append(value(p, {**env, x: at}))
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
            found.append(None)
    if kink.continuous:
        found = [v if v is not None else w for v, w in zip(found, reversed(found))]
        if None in found and kink.value is not None:
            found = [value(kink.value, env)] * 2
    if None in found and kink.limits is not None:  # a piece's own limit there (sinc given 5 at 0)
        found = [v if v is not None else value(w, env) for v, w in zip(found, kink.limits)]
    if None in found:
        raise NotNumeric("no value at the joint")
    return tuple(found)


def _check_none(kink: Kink, pl: Expr, pr: Expr, x: Symbol, params: dict) -> bool:
    """A one-sided derivative that does not exist (SymPy's limit of the difference quotient is an
    interval, x·sin(1/x) at 0): the quotients on that side spread however close; on the other
    side, where one is claimed, they agree with it."""
    env = {p: mpmath.mpf(v) for p, v in params.items()}
    with mpmath.workdps(DIGITS):
        try:
            at, h = value(kink.at, env), mpmath.mpf(10) ** -15
            ends = _at_joint(pl, pr, x, at, env, kink)
            for piece, fa, side, claimed in zip((pl, pr), ends, SIDES, (kink.left, kink.right)):
                if claimed.has(AccumBounds):
                    quotient = (piece - Rational(mpmath.nstr(fa, 60))) / (x - kink.at)
                    if not _spread([(quotient, side)], x, kink.at, params):
                        return False
                else:
                    q, want = (value(piece, {**env, x: at + side * h}) - fa) / (side * h), value(claimed, env)
                    if not abs(q - want) < 1e-9 * max(1, abs(want)):
                        return False
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
            return False
    return True


def _check_infinite(kink: Kink, pl: Expr, pr: Expr, x: Symbol, params: dict) -> bool:
    """An infinite one-sided derivative: the difference quotients, at h = 10⁻⁸, 10⁻¹⁶, 10⁻³², grow
    without bound, with its sign -- by a factor of 10 (√x at 0: 10⁴), or by steps that do not
    shrink (|x|^{2x} at 0: 2 ln h, which doubles as the exponent of h does)."""
    env = {p: mpmath.mpf(v) for p, v in params.items()}
    with mpmath.workdps(60):
        try:
            at = value(kink.at, env)
            for piece, side, claimed in ((pl, -1, kink.left), (pr, 1, kink.right)):
                q = [(value(piece, {**env, x: at + side * h}) - value(piece, {**env, x: at})) / (side * h)
                     for h in (mpmath.mpf(10) ** -8, mpmath.mpf(10) ** -16, mpmath.mpf(10) ** -32)]
                if claimed in (oo, -oo):
                    sign_ok = all(mpmath.sign(v) == (1 if claimed == oo else -1) for v in q)
                    steps = [abs(q[1]) - abs(q[0]), abs(q[2]) - abs(q[1])]
                    growing = abs(q[1]) > 10 * abs(q[0]) or (steps[0] > 0 and steps[1] > steps[0] / 2)
                    if not (sign_ok and growing):
                        return False
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
            return False
    return True


def joined(steps: list, kinks: list, x: Symbol, board) -> list | None:
    """``steps`` and the lines that write a piecewise derivative as one expression, where its
    pieces are one (alg-one-piece: 1/x) or fold into |u|, max or min (alg-fold-pieces: 2|x|);
    None where neither applies.  At a joint where f is not differentiable, or where the one
    expression's value is not f's derivative there, the line says it holds away from it."""
    from .rules.piecewise import FOLD_PIECES, ONE_PIECE

    made = steps
    for rule in (ONE_PIECE, FOLD_PIECES):
        last = made[-1].expression
        new = last.replace(lambda n: isinstance(n, Piecewise), lambda n: rule.apply(n) or n)
        if new != last:
            made = board.then(made, rule, new)
    if made is steps:
        return None
    away = [k.at for k in kinks if not _claims_rightly(made[-1].expression, x, k)]
    if any(k.period is not None for k in kinks if k.at in away):  # x ≠ kπ for every k: not a finite And
        return None
    if away:
        made = made[:-1] + [board.qualified(made[-1], And(*[Ne(x, a) for a in away]))]
    return made


def _claims_rightly(e: Expr, x: Symbol, k: Kink) -> bool:
    """Whether ``e`` at the joint is f's derivative there, or has no value there (claims none)."""
    try:
        at = e.subs(x, k.at)
    except (TypeError, ValueError):
        return True
    if at.has(S.NaN, S.ComplexInfinity) or not at.is_finite:
        return True
    return k.verified and k.differentiable and simplifies_to_zero(at - k.left)


def output_form(f: Piecewise, df: Piecewise, x: Symbol, y: Symbol, params: dict | None = None) -> Expr | None:
    """The derivative as a function of y piece by piece, or None."""
    try:
        return _output_form(f, x, y, params)
    except (TypeError, ValueError, NotImplementedError):  # a condition SymPy cannot decide
        return None


def _output_form(f: Piecewise, x: Symbol, y: Symbol, params: dict | None) -> Expr | None:
    values = {**parameter_values(f, x), **(params or {})}
    pieces = open_pieces(f, x, values)
    if not pieces:
        return None
    rows = []
    for p, where in pieces:
        g = _in_y(p, x, y, where, values)
        if g is None:
            return None
        image = within(RANGE_SECONDS, lambda: values_taken(p, x, where))  # x + sin x: no end of extrema
        if image is None or image.has(Dummy) or not _known(image, params or {}):
            return None
        rows.append((g, image))
    if any(_overlap(a[1], b[1], values) for k, a in enumerate(rows) for b in rows[k + 1:]):
        return None
    rows.sort(key=lambda r: isinstance(r[1], FiniteSet))
    mirrored = _mirrored(rows, y)
    if mirrored is not None:
        return mirrored
    conds = [_relational(image, y) for _, image in rows[:-1]] + [true]
    return Piecewise(*[(v, c) for (v, _), c in zip(rows, conds)])


def _mirrored(rows: list, y: Symbol) -> Expr | None:
    """g(|y|) when one piece gives g(y) for y ≥ 0 and the other g(−y) for y ≤ 0 (softsign)."""
    if len(rows) != 2:
        return None
    (g1, i1), (g2, i2) = sorted(rows, key=lambda r: r[1].is_subset(Interval(0, oo)) is not True)
    if not (i1.is_subset(Interval(0, oo)) and i2.is_subset(Interval(-oo, 0))):
        return None
    if (g2 - g1.subs(y, -y)).expand() != 0:
        return None
    g = g1.subs(y, Abs(y))
    return g.replace(lambda n: isinstance(n, Pow) and n.exp.is_even and n.base.as_coeff_Add()[0] < 0,
                     lambda n: Pow(-n.base, n.exp))  # (|y| − 1)² → (1 − |y|)²


RANGE_SECONDS = 1.0


def values_taken(p: Expr, x: Symbol, where) -> object:
    """The set of values p takes on ``where``: SymPy's ``function_range``, whose first question --
    is p periodic? (a simplify: 5-20 ms) -- is answered here where the answer is plain: p is a
    constant, or it has no period because it is a rational function of x that is not constant, or
    strictly monotone.  The rest is function_range's own reasoning, without the search for
    critical points where p' is of one sign (monotone)."""
    if where is S.EmptySet:
        return S.EmptySet
    if not p.has(x):
        return FiniteSet(p.expand())
    dp = diff(p, x)
    constant = p.is_rational_function(x) and Poly(dp.as_numer_denom()[0], x).is_zero
    if not (p.is_rational_function(x) and not constant or _one_sign(dp, x, S.Reals)):
        return function_range(p, x, where)
    stretches = where if isinstance(where, Interval) and _rootless(1 / _denominator(p), x, where) else \
        continuous_domain(p, x, where)  # a rational function without a pole on the interval: all of it
    if isinstance(stretches, Union):
        stretches = stretches.args
    elif isinstance(stretches, (Interval, FiniteSet)):
        stretches = (stretches,)
    else:
        raise NotImplementedError("no range for this domain")
    found = S.EmptySet
    for part in stretches:
        if isinstance(part, FiniteSet):
            found += FiniteSet(*[p.subs(x, a) for a in part if a in where])
        elif isinstance(part, Interval):
            found += _interval_image(p, dp, x, part)
        else:
            raise NotImplementedError("no range for this domain")
    return found


def _denominator(p: Expr) -> Expr:
    return p.as_numer_denom()[1]


def _interval_image(p: Expr, dp: Expr, x: Symbol, part: Interval) -> Interval:
    """The values p takes on an interval where it is continuous (as function_range finds them):
    from the ends (limits at open ends) and the critical points between, none where p' has
    one sign."""
    ends, values = S.EmptySet, S.EmptySet
    for is_open, at, side in ((part.left_open, part.inf, "+"), (part.right_open, part.sup, "-")):
        if is_open:
            ends += FiniteSet(_limit(p, x, at, side) if at.is_finite else _limit_at_infinity(p, x, at))
            values += ends
        else:
            values += FiniteSet(p.subs(x, at))
    critical = S.EmptySet if _one_sign(dp, x, part) else solveset(dp, x, part)
    if not iterable(critical) or isinstance(critical, ImageSet):
        raise NotImplementedError(f"no critical points found for {p}")
    for c in critical:
        values += FiniteSet(p.subs(x, c))
    low_open = ends is not S.EmptySet and ends.inf == values.inf
    high_open = ends is not S.EmptySet and ends.sup == values.sup
    return Interval(values.inf, values.sup, low_open, high_open)


def _one_sign(e: Expr, x: Symbol, where) -> bool:
    """Whether e > 0 throughout the open interval ``where``, or e < 0 throughout: for a rational
    function with numbers for coefficients, its numerator and denominator have no root there;
    else by SymPy's assumptions, with x written through a positive t that ranges over the
    interval."""
    if not (isinstance(where, Interval) and where.left_open and where.right_open):
        return False
    counted = _rootless(e, x, where)
    if counted is not None:
        return counted
    lo, hi = where.inf, where.sup
    t = T
    at = x if where == S.Reals else (t if lo == 0 else lo + t) if hi == oo else (-t if hi == 0 else hi - t) \
        if lo == -oo else lo + (hi - lo) * t / (1 + t)
    on = e.subs(x, at)
    return bool(on.is_positive or on.is_negative)


def _rootless(e: Expr, x: Symbol, where) -> bool | None:
    """For a rational function e of x with rational coefficients and an interval with rational
    or infinite ends: whether neither its numerator nor its denominator has a root in the
    closed interval (Sturm sequences); None when e or the interval is not of that kind."""
    lo, hi = where.inf, where.sup
    if not (e.free_symbols <= {x} and e.is_rational_function(x) and all(b.is_infinite or b.is_Rational for b in (lo, hi))):
        return None
    n, d = (Poly(q, x) for q in e.as_numer_denom())
    if not all(q.domain.is_ZZ or q.domain.is_QQ for q in (n, d)):
        return None
    ends = (None if lo.is_infinite else lo, None if hi.is_infinite else hi)
    return not n.is_zero and all(q.count_roots(*ends) == 0 for q in (n, d))


def _known(image, params: dict) -> bool:
    """The values a piece takes are known: numbers, or the catalog's (positive) parameters --
    not a constant of unknown sign (y > Min(0, −∞·sign(a)))."""
    return image.free_symbols <= set(params) and not image.has(sign)


def _in_y(p: Expr, x: Symbol, y: Symbol, where, values: dict) -> Expr | None:
    """One piece's derivative through y: a constant as it is, else as :mod:`outform` finds it."""
    dp = diff(p, x)
    if not dp.has(x):
        return dp
    return piece_form(p, dp, x, y, member(where.subs(values)))


def member(where):
    """A test of whether a number (a float, or a SymPy number) lies in the set ``where``: exact
    comparisons with its ends when they are numbers (a float is an exact fraction), else
    SymPy's ``contains``."""
    parts = where.args if isinstance(where, Union) else (where,)
    if not all(isinstance(i, Interval) and all(e.is_infinite or isinstance(e, Number) for e in i.args[:2])
               for i in parts):
        return lambda a: bool(where.contains(a) == true)
    tests = [_interval_test(i) for i in parts]

    def test(a) -> bool:
        q = _exactly(a)
        return bool(where.contains(a) == true) if q is None else any(t(q) for t in tests)
    return test


def _exactly(a) -> Fraction | None:
    """A float or a finite SymPy number as an exact fraction (None for others: √2)."""
    if isinstance(a, (int, float)):
        return Fraction(a)
    if isinstance(a, Number) and a.is_finite and (a.is_Rational or a.is_Float):
        r = Rational(a)
        return Fraction(int(r.p), int(r.q))
    return None


def _interval_test(i: Interval):
    lo, hi = (None if e.is_infinite else _exactly(e) for e in (i.inf, i.sup))
    return lambda a: ((lo is None or (a > lo if i.left_open else a >= lo))
                      and (hi is None or (a < hi if i.right_open else a <= hi)))


def _overlap(a, b, values: dict) -> bool:
    """Whether two pieces may take a common value y: then y alone cannot tell which piece's
    derivative applies. With parameters, the pieces must be apart for every positive value of
    them (the form is said to be valid for positive parameters), not only at the defaults:
    threshold's {value} and (threshold, oo) meet where value > threshold."""
    both = a.intersect(b)
    if both.is_empty is True or both == FiniteSet():
        return False
    if both.subs(values).is_empty is not True:
        return True
    positive = {p: Dummy(positive=True) for p in a.free_symbols | b.free_symbols}
    a, b = a.xreplace(positive), b.xreplace(positive)
    return not (_below(a, b) or _below(b, a))


def _below(s, t) -> bool:
    """Every value in s is below every value in t (for all values of their positive symbols)."""
    if s.sup == t.inf:
        return bool(getattr(s, "right_open", False) or getattr(t, "left_open", False))
    return (s.sup < t.inf) is S.true


def _relational(image, y: Symbol):
    if isinstance(image, (Interval, Union)):
        return condition(image, y)
    return image.as_relational(y)

