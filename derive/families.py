"""Periodic families of joints: |sin x| has a kink at every x = kπ, k an integer.

Where the conditions of a piecewise function are periodic in x (sin x ≥ 0, sin x ≥ cos x), its
joints are the zeros of the conditions, which SymPy's ``solveset`` gives as progressions c + p·n
(n an integer).  With P a common period of the progressions, and of every condition, the joints
are the points c₀ < c₁ < … of [0, P) and their translates by P·k; the conditions repeat with
period P, so the branch that holds just left (right) of cᵢ + P·k is the one that holds just left
(right) of cᵢ, found by evaluating the conditions at cᵢ ∓ 10⁻³⁰.  The one-sided derivatives at
cᵢ + P·k are the two branches' derivatives there, written for an integer k (cos(π + 2πk) = −1).

Points whose values agree as functions of the point itself (−1 at each, or −a at each a for
x·|sin x|) and lie evenly spaced across the period are one family of the finer period: |sin x|'s
0 and π, every 2π, are kπ.  Points whose values differ (max(0, sin x): 0, 1 at 2kπ; −1, 0 at
π + 2kπ) stay families of their own.  Every family is checked at several of its members, by the
difference quotients of f itself on each side (not of the branches found for it), at 100 digits.
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
from sympy import (Dummy, Expr, ImageSet, Integers, Piecewise, Rational, S, Symbol, Union, diff, floor, igcd,
                   ilcm, limit, oo, simplify, solveset)
from sympy.core.relational import Relational

from .budget import within
from .numeric import NotNumeric, is_finite_real, truth, value

FAMILY_SECONDS = 4.0  # CPU seconds for the families of one function (solveset, the simplifications)
MOST_POINTS = 12  # joints in one period, at most (sin(12x) ≥ 0 has 24: not written out)
MEMBERS = (-3, -1, 0, 1, 2, 7)  # the members of each family the numeric check looks at
SIDE = mpmath.mpf(10) ** -30  # where the branch beside a joint is read
INDICES = "knmj"


@dataclass(frozen=True)
class Family:
    """Joints at ``at`` + ``period``·k for every integer k (``index``): the one-sided derivatives
    and f's value there (expressions in k where they depend on it), and whether f is continuous."""

    at: Expr
    period: Expr
    index: Symbol
    left: Expr
    right: Expr
    value: Expr | None
    continuous: bool
    verified: bool = False

    def member(self, k: int) -> Expr:
        return self.at + self.period * k


def families(f: Piecewise, x: Symbol) -> list[Family] | None:
    """The joints of ``f`` as periodic families, or None where its conditions are not periodic,
    their zeros are not progressions, or the work takes longer than :data:`FAMILY_SECONDS`."""
    try:
        return within(FAMILY_SECONDS, lambda: _families(f, x))
    except (TypeError, ValueError, NotImplementedError, RecursionError, ZeroDivisionError):
        return None


def _families(f: Piecewise, x: Symbol) -> list[Family] | None:
    conditions = [r.lhs - r.rhs for r in f.atoms(Relational) if r.has(x)]
    progressions = zero_progressions(conditions, x)
    if not progressions:
        return None
    period = common_period([p for _, p in progressions])
    if period is None or not all(_repeats(g, x, period) for g in conditions):
        return None
    points = representatives(progressions, period)
    if len(points) > MOST_POINTS:
        return None
    k = index_symbol(f)
    found = [_at_point(f, x, c, period, k) for c in points]
    if any(m is UNKNOWN for m in found):
        return None
    made = [checked(fam, f, x) for fam in merged([m for m in found if m is not None], k)]
    if any(not m.verified and any(v.is_infinite for v in (m.left, m.right)) for m in made):
        return None  # an infinite slope at one member is not one at every member (x·√|sin x| at 0): not claimed
    return made


def zero_progressions(conditions: list, x: Symbol) -> list[tuple] | None:
    """(c, p) for each progression c + p·n of zeros of the conditions (p > 0); None where a
    condition's zeros are anything else (finitely many points, or SymPy cannot say)."""
    found = []
    for g in conditions:  # (one turning at a pole, tan x ≥ 0 at π/2, leaves f undefined there: no joint)
        zeros = solveset(g, x, S.Reals)
        for part in zeros.args if isinstance(zeros, Union) else (zeros,):
            if part is S.EmptySet:
                continue
            step = _progression(part)
            if step is None:
                return None
            found.append(step)
    return found


def _progression(part) -> tuple | None:
    """(c, |p|) for the set {c + p·n : n ∈ ℤ}, None for any other set."""
    if not (isinstance(part, ImageSet) and part.base_sets == (Integers,)):
        return None
    (n,), body = part.lamda.variables, part.lamda.expr
    p, c = diff(body, n), body.subs(n, 0)
    if not (p.is_number and c.is_number and p.is_nonzero and p.is_extended_real and c.is_extended_real):
        return None
    if diff(body, n, 2) != 0:
        return None
    return c, abs(p)


def common_period(steps: list) -> Expr | None:
    """The least common multiple of the steps, where they are rational multiples of one another."""
    first = steps[0]
    ratios = [s / first for s in steps]
    if not all(r.is_Rational for r in ratios):
        return None
    num = ilcm(*[r.p for r in ratios]) if len(ratios) > 1 else ratios[0].p
    den = igcd(*[r.q for r in ratios]) if len(ratios) > 1 else ratios[0].q
    return first * Rational(num, den)


def _repeats(g: Expr, x: Symbol, period: Expr) -> bool:
    shifted = g.subs(x, x + period)
    return shifted == g or simplify(shifted - g) == 0


def representatives(progressions: list, period: Expr) -> list[Expr]:
    """The points of the progressions in [0, period), in order."""
    points = set()
    for c, p in progressions:
        for j in range(int(period / p)):
            at = c + p * j
            points.add(at - period * floor(at / period))
    return sorted(points, key=float)


def index_symbol(f: Expr) -> Symbol:
    """k for the families' index, or n, m, j where f already uses k."""
    used = {str(s) for s in f.free_symbols}
    return Symbol(next((c for c in INDICES if c not in used), "k"), integer=True)


UNKNOWN = object()  # a joint whose one-sided derivatives SymPy cannot give: the families are not claimed


def _at_point(f: Piecewise, x: Symbol, c: Expr, period: Expr, k: Symbol):
    """The family c + period·k, from the branches beside c; None where f is not defined at c or
    beside it (|tan x|'s poles are not joints), :data:`UNKNOWN` where its slopes cannot be found."""
    sides = branches_beside(f, x, c)
    if sides is None:
        return None
    pl, pr = sides
    at = c + period * k
    ends = [p.subs(x, at) for p in (pl, pr)]
    if any(_undefined(e) or _undefined(p.subs(x, c)) for e, p in zip(ends, (pl, pr))):
        return None  # (tan(π/2 + πk) stays as it is: its pole is seen at k = 0)
    left, right = (_slope(p, x, c, at, side) for p, side in ((pl, "-"), (pr, "+")))
    if left is None or right is None:
        return UNKNOWN
    continuous = ends[0] == ends[1] or simplify(ends[0] - ends[1]) == 0
    return Family(c, period, k, left, right, ends[0] if continuous else _value_at(f, x, c), continuous)


def _value_at(f: Piecewise, x: Symbol, c: Expr) -> Expr | None:
    """f at a point where it jumps, None where SymPy cannot decide its conditions there (tan x ≥ 0
    at π/2)."""
    try:
        found = f.subs(x, c)
    except TypeError:
        return None
    return None if _undefined(found) or found.has(Piecewise) else found


def _undefined(e: Expr) -> bool:
    return e.has(S.NaN, S.ComplexInfinity) or e.is_finite is False


def _slope(piece: Expr, x: Symbol, c: Expr, at: Expr, side: str) -> Expr | None:
    """The piece's derivative at c + period·k; where it is infinite at c (√|sin x| at 0), its
    one-sided limit there, ±∞, for every member (checked at each); None where neither."""
    slope = diff(piece, x).subs(x, at)
    if not _undefined(slope):
        return slope
    end = limit(diff(piece, x), x, c, side)
    return end if end in (oo, -oo) else None


def branches_beside(f: Piecewise, x: Symbol, c: Expr) -> tuple | None:
    """The expressions of the branches that hold just left and just right of c (None where f's
    conditions cannot be decided there)."""
    from .located import bound

    found = []
    with mpmath.workdps(60):
        try:
            at = value(c, bound(c))
            for side in (-1, 1):
                env = {x: at + side * SIDE}
                found.append(next((e for e, cond in f.args if truth(cond, env)), None))
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError):
            return None
    return None if None in found else tuple(found)


def merged(found: list[Family], k: Symbol) -> list[Family]:
    """Families of one period whose values agree as functions of the point, evenly spaced across
    the period, as one family of the finer period (|sin x|: 0 and π every 2π are kπ)."""
    groups: list[list[Family]] = []
    for fam in found:
        group = next((g for g in groups if _same_values(g[0], fam, k, ("left", "right"))), None)
        if group is None:
            groups.append([fam])
        else:
            group.append(fam)
    out = []
    for group in groups:
        finer = _finer(group, k)
        out += [finer] if finer is not None else group
    return sorted(out, key=lambda m: float(m.at))


def _in_point(fam: Family, e: Expr, k: Symbol, t: Symbol) -> Expr:
    return None if e is None else e.subs(k, (t - fam.at) / fam.period)


def _same_values(a: Family, b: Family, k: Symbol, pairs: tuple = ("left", "right", "value")) -> bool:
    """Whether the two families' ``pairs`` (one-sided derivatives, f's value) agree as functions of
    the point, and f is continuous at both or at neither."""
    if a.continuous != b.continuous:
        return False
    t = Dummy("t", real=True)
    return all(_agree(_in_point(a, getattr(a, n), k, t), _in_point(b, getattr(b, n), k, t)) for n in pairs)


def _agree(u: Expr | None, v: Expr | None) -> bool:
    return u == v or None not in (u, v) and not (u.is_infinite or v.is_infinite) and simplify(u - v) == 0


def _finer(group: list[Family], k: Symbol) -> Family | None:
    """One family for points c₀, c₀ + s, …, evenly spaced s = P/len across the period P, whose
    one-sided derivatives agree as functions of the point; f's values there agree too, or
    alternate between two points (max(sin x, cos x): √2/2 at π/4, −√2/2 at 5π/4, so
    (−1)ᵏ·√2/2 at π/4 + kπ)."""
    if len(group) == 1:
        return None
    first, spacing = group[0], group[0].period / len(group)
    if not all(simplify(m.at - first.at - i * spacing) == 0 for i, m in enumerate(group)):
        return None
    t = Dummy("t", real=True)

    def moved(e: Expr) -> Expr:
        return None if e is None else _in_point(first, e, k, t).subs(t, first.at + spacing * k)

    value = moved(first.value)
    if not all(_same_values(first, m, k, ("value",)) for m in group[1:]):
        if len(group) != 2 or None in (first.value, group[1].value) or not _agree(
                _in_point(first, first.value, k, t), -_in_point(group[1], group[1].value, k, t)):
            return None
        value = (-1) ** k * value  # (the two points' values, as functions of the point, are v and −v)
    return Family(first.at, spacing, k, moved(first.left), moved(first.right), value, first.continuous)


DIGITS = 100
TOLERANCE = 1e-9


def checked(fam: Family, f: Expr, x: Symbol) -> Family:
    """``fam`` with ``verified`` set: at each of :data:`MEMBERS`, f's slopes just left and just
    right of the member, (f(a − h) − f(a − 2h))/h and (f(a + 2h) − f(a + h))/h at h = 10⁻³⁰, agree
    with the claimed one-sided derivatives, and f's values on the two sides agree where f is
    claimed continuous there (differ where it is claimed to jump)."""
    from dataclasses import replace

    with mpmath.workdps(DIGITS):
        h = mpmath.mpf(10) ** -30
        try:
            ok = all(_member_ok(fam, f, x, n, h) for n in MEMBERS)
        except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
            ok = False
    return replace(fam, verified=ok)


def _member_ok(fam: Family, f: Expr, x: Symbol, n: int, h) -> bool:
    a = value(fam.member(n), {})
    at = [value(f, {x: a + d * h}) for d in (-2, -1, 1, 2)]
    if not all(is_finite_real(v) for v in at):
        return False
    slopes = ((at[1] - at[0]) / h, (at[3] - at[2]) / h)
    close = all(_agrees(q, e.subs(fam.index, n)) for q, e in zip(slopes, (fam.left, fam.right)))
    joined = abs(at[1] - at[2]) < TOLERANCE * max(1, abs(at[1]))
    if fam.continuous and fam.value is not None:  # f's value there, (−1)ᵏ·√2/2 where it alternates
        claimed = value(fam.value.subs(fam.index, n), {})
        close = close and abs(at[1] - claimed) < TOLERANCE * max(1, abs(claimed))
    return close and joined == fam.continuous


def _agrees(slope, claim: Expr) -> bool:
    """A slope beside the joint agrees with a finite claim to 10⁻⁹, or with ±∞ by its sign and a
    size over 10⁶ (√h at h = 10⁻³⁰ is 10¹⁵)."""
    if claim in (oo, -oo):
        return mpmath.sign(slope) == (1 if claim == oo else -1) and abs(slope) > 1e6
    c = value(claim, {})
    return abs(slope - c) < TOLERANCE * max(1, abs(c))
