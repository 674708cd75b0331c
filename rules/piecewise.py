"""Rules for piecewise functions (families ``d`` and ``alg``): pieces, joints, conditions."""
from __future__ import annotations

from functools import lru_cache

from sympy import (Abs, And, Dummy, Eq, Ne, Pow, Expr, FiniteSet, Heaviside, Intersection, Interval, Max, Min, Or, Piecewise, S,
                   Symbol, Union, cancel, count_ops, oo, piecewise_fold, sign, true)
from sympy.core.relational import GreaterThan, LessThan, Relational, StrictGreaterThan, StrictLessThan

from derive.budget import within
from derive.expr import canon, mul, power
from derive.sets import condition

from .algebra import AlgRule
from .base import depends, DiffRule, Example, Match, Rule, not_for

WRITTEN_PIECEWISE = (Max, Min, Abs, Heaviside, sign)  # piecewise functions under other names


def open_pieces(pw: Piecewise, x: Symbol, values: dict | None = None) -> list[tuple[Expr, object]] | None:
    """(expression, open set) of each piece that applies on an open set; None if the
    conditions are not intervals of x.  Conditions with parameters (x > λ) are placed
    using the parameters' ``values``, when given."""
    try:
        pairs = expr_set_pairs(pw, x)
    except (NotImplementedError, TypeError, ValueError, RecursionError):  # SymPy's solver cannot place one
        return _placed_pieces(pw, x, values) if values else None
    out = []
    for expr, where in pairs:
        inside = _interior(where)
        if inside is None:
            return None
        if inside.is_empty is not True:  # unknown (a point SymPy cannot place) is kept
            out.append((expr, inside))
    return out


@lru_cache(maxsize=256)
def _interior(where):
    """The open set inside ``where`` (None: a set SymPy cannot describe, where x^x > 0, ...);
    kept per set, as the pieces are asked for three times a derivation."""
    try:
        return where.interior
    except NotImplementedError:
        return None


def expr_set_pairs(pw: Piecewise, x: Symbol) -> list:
    """``pw.as_expr_set_pairs()``: each piece with the set of x where it applies.  Conditions
    that compare x with a number (x ≤ −3, 0 < x ∧ x < 6) are read directly as intervals, the
    sets SymPy's inequality solver gives them (it asks each whether it is periodic first: ≈ 5 ms
    a condition); anything else goes to SymPy."""
    sets = _condition_sets(tuple(c for _, c in pw.args), x)
    if sets is None:
        pairs = _sympy_pairs(pw, x)
        if pairs is None:
            raise NotImplementedError("SymPy could not place the conditions")
        return list(pairs)
    return [(expr, here) for (expr, _), here in zip(pw.args, sets) if here != S.EmptySet]


SET_SECONDS = 3.0  # at most this long for SymPy to place the conditions of one piecewise function


@lru_cache(maxsize=256)
def _sympy_pairs(pw: Piecewise, x: Symbol) -> tuple | None:
    """SymPy's ``as_expr_set_pairs`` within a time budget (None: it failed or ran out of time).
    Its inequality solver can run for many seconds, or recurse without end, on a condition it
    cannot solve (eˢⁱⁿ⁻¹ˣ − x ≥ 0 asks its periodicity again and again); kept per function, as
    the pieces are asked for several times a derivation."""
    try:
        return within(SET_SECONDS, lambda: tuple(pw.as_expr_set_pairs()))
    except (NotImplementedError, TypeError, ValueError, RecursionError):
        return None


@lru_cache(maxsize=256)
def _condition_sets(conditions: tuple, x: Symbol) -> tuple | None:
    """Where each condition is the first to hold (None: not all are linear in x).  Kept per
    tuple of conditions: the pieces are asked for by the piecewise rule, the joints and the
    output form, of the function as written and as SymPy rewrites it."""
    found, rest = [], S.Reals
    for cond in conditions:
        where = _interval_of(cond, x)
        if where is None:
            return None
        here = rest.intersect(where)
        rest -= here
        found.append(here)
    return tuple(found)


ORDERS = {StrictGreaterThan: (False, True), GreaterThan: (False, False),  # x > b, x ≥ b: (below?, open?)
          StrictLessThan: (True, True), LessThan: (True, False)}


def _interval_of(cond, x: Symbol):
    """The set of real x where ``cond`` holds, when it is built from x op b (b a real number,
    op linear in x) with and/or, or True; else None."""
    if cond is true:
        return S.Reals
    if isinstance(cond, (And, Or)):
        sets = [_interval_of(c, x) for c in cond.args]
        return None if None in sets else (Intersection if isinstance(cond, And) else Union)(*sets)
    if type(cond) not in ORDERS or cond.free_symbols != {x}:
        return None
    e = cond.lhs - cond.rhs
    b = solve_linear(e, x)
    if b is None or not (b.is_extended_real and b.is_finite):
        return None
    below, is_open = ORDERS[type(cond)]
    if e.diff(x).is_negative:  # −2x + 6 > 0: x < 3
        below = not below
    return Interval(-oo, b, True, is_open) if below else Interval(b, oo, is_open, True)


def _placed_pieces(pw: Piecewise, x: Symbol, values: dict) -> list | None:
    """Pieces between the boundaries b of conditions ``x op b``, ordered by the boundaries'
    values; on each open interval, the first piece whose condition holds at its middle."""
    bounds = set()
    for rel in pw.atoms(Relational):
        b = solve_linear(rel.lhs - rel.rhs, x)
        if b is None:
            return None
        bounds.add(b)
    try:
        ordered = sorted(bounds, key=lambda b: float(b.subs(values)))
    except TypeError:
        return None
    ends = [-oo] + ordered + [oo]
    out = []
    for lo, hi in zip(ends, ends[1:]):
        nlo, nhi = (e.subs(values) for e in (lo, hi))
        mid = (nlo + nhi) / 2 if lo.is_finite and hi.is_finite else (nhi - 1 if lo == -oo else nlo + 1)
        if lo == -oo and hi == oo:
            mid = 0
        piece = next((e for e, c in pw.args if c.subs(values).subs(x, mid) == true), None)
        if piece is None:
            return None
        out.append((piece, Interval.open(lo, hi)))
    return out


def solve_linear(e: Expr, x: Symbol) -> Expr | None:
    """b with e = c·(x − b), c a nonzero number; None if e is not so."""
    c = e.diff(x)
    if not c.is_number or c == 0 or e.subs(x, 0).has(x):
        return None
    return -e.subs(x, 0) / c


class PiecewiseRule(DiffRule):
    """Differentiate each piece on the open interval where it applies; what happens at the
    joints between pieces is examined separately, by one-sided limits.  Where no condition
    depends on x (|a|^x: a ≥ 0, otherwise), each piece holds for every x or for none: its
    derivative holds under the same condition."""

    id, title = "d-piecewise", "Piecewise rule"
    latex = r"\frac{d}{dx}\begin{cases} f_i(x) & x \in I_i \end{cases} = \begin{cases} f_i'(x) & x \in \mathring{I}_i \end{cases}"
    examples = (
        Example("Piecewise((0, x <= 0), (x, True))", "Piecewise((0, x < 0), (1, x > 0))"),
        Example("Piecewise((x**2, x < 1), (2*x - 1, True))", "Piecewise((2*x, x < 1), (2, x > 1))"),
        Example("Piecewise((a**x, a >= 0), ((-a)**x, True))",
                "Piecewise((a**x*log(a), a >= 0), ((-a)**x*log(-a), a < 0))"),
    )

    def match(self, e, x):
        if not isinstance(e, Piecewise) or not depends(e, x):
            return None
        if not any(depends(p.cond, x) for p in e.args):
            return Match(tuple(p.expr for p in e.args), data=_own(e))
        pieces = open_pieces(e, x)
        if pieces is None:
            pieces = [(p.expr, c) for p, c in zip(e.args, own_conditions(e))]
        else:
            pieces = [(p, condition(w, x)) for p, w in pieces]
        pieces = [(p, c) for p, c in pieces if not _undefined(p)]
        return Match(tuple(p for p, _ in pieces), data=tuple(c for _, c in pieces)) if pieces else None


    def combine(self, e, x, m, dparts):
        return Piecewise(*zip(dparts, m.data))

    def conditions(self, m: Match) -> tuple:
        return m.data


def _undefined(piece: Expr) -> bool:
    """A piece with no value anywhere (x/max(x, 0) for x ≤ 0 is x/0 = ∞̃·x): f is not defined
    where it holds, so it has no derivative there."""
    return piece.has(S.ComplexInfinity, S.NaN)


def own_conditions(pw: Piecewise) -> tuple:
    """Where each piece applies, when the conditions are not intervals SymPy can place (they
    hold a parameter: x > threshold): its condition and none of those before it ("otherwise":
    x <= threshold), with the joints left out (x < threshold) as for the open pieces."""
    out, before = [], []
    for p in pw.args:
        own = And(p.cond, *[~c for c in before])
        signs = _open_signs(own)
        out.append(signs if signs is not None else own.replace(lambda n: isinstance(n, (LessThan, GreaterThan)), _strict))
        before.append(p.cond)
    return tuple(out)


SIGN_RELATION = {frozenset({1}): StrictGreaterThan, frozenset({-1}): StrictLessThan, frozenset({-1, 1}): Ne}


def _open_signs(cond):
    """A condition on the sign of one quantity g with an equation in it (Heaviside(cos x − x): 0
    where x − cos x > 0, ½ where x − cos x = 0, 1 otherwise), as the signs of g it allows away from
    g = 0 -- the joints left out, as for the open pieces: x − cos x < 0 for "otherwise", false for
    the point, x − cos x ≠ 0 for "> 0 or < 0".  None where it is not so (no equation in it, or
    relations between different quantities)."""
    atoms = [r for r in cond.atoms(Relational)]
    if not atoms or not any(isinstance(r, (Eq, Ne)) for r in atoms):
        return None
    first = atoms[0]
    g = first.lhs - first.rhs
    flips = {}
    for r in atoms:
        d = r.lhs - r.rhs
        if d == g or (d - g).expand() == 0:
            flips[r] = 1
        elif d == -g or (d + g).expand() == 0:
            flips[r] = -1
        else:
            return None
    allowed = frozenset(s for s in (-1, 1) if cond.xreplace({r: _holds(r, s * flips[r]) for r in atoms}) == true)
    if not allowed:
        return S.false
    return SIGN_RELATION[allowed](first.lhs, first.rhs)


def _holds(r: Relational, sign: int):
    """Whether r (lhs − rhs compared with 0) holds where lhs − rhs has the given sign (±1)."""
    return S.true if {">": sign > 0, ">=": sign > 0, "<": sign < 0, "<=": sign < 0, "==": False,
                      "!=": True}[r.rel_op] else S.false


def _own(pw: Piecewise) -> tuple:
    """Where each piece applies: its condition and none of those before it (a < 0 for
    "otherwise" after a ≥ 0)."""
    out, before = [], []
    for p in pw.args:
        out.append(And(p.cond, *[~c for c in before]))
        before.append(p.cond)
    return tuple(out)


def _strict(r: Relational) -> Relational:
    return (StrictLessThan if isinstance(r, LessThan) else StrictGreaterThan)(r.lhs, r.rhs)


class Joint(Rule):
    """At a joint a between two pieces, the left and right derivatives are the limits of the
    neighbouring pieces' derivatives; f is differentiable at a only if it is continuous there
    and the two agree.  (Its example's result is the pair f'(a⁻), f'(a⁺).)"""

    id, title = "d-joint", "One-sided derivatives at a joint"
    latex = r"f'(a^{-}) = \lim_{x \to a^{-}} f_{\text{left}}'(x),\quad f'(a^{+}) = \lim_{x \to a^{+}} f_{\text{right}}'(x)"
    examples = (Example("Piecewise((0, x <= 0), (x, True))", "(0, 1)", given=("a = 0",)),)


class WritePiecewise(AlgRule):
    """Max, Min, |x|, the Heaviside step and sign are piecewise functions: write them so, and
    bring pieces of pieces (or sums and products of piecewise functions) into one piecewise
    function."""

    id, title = "alg-piecewise", "Write as a piecewise function"
    latex = r"\max(0, x) = \begin{cases} 0 & x \le 0 \\ x & x > 0 \end{cases}"
    examples = (
        Example("Max(0, x)", "Piecewise((0, x <= 0), (x, True))"),
        Example("x/(1 + Abs(x))", "Piecewise((x/(1 + x), x >= 0), (x/(1 - x), True))"),
        Example("x*Piecewise((0, x <= 0), (x, True))", "Piecewise((0, x <= 0), (x**2, True))"),
        Example("x/Max(x, 0)", "Piecewise((1, x > 0))"),
        not_for("x/(1 + x**2)"),
    )

    def apply(self, e, ctx=None, where=None):
        """``where``: the set of x (``ctx.x``) where f is real, where less than the line; each
        piece's condition is written within it, and a piece that holds nowhere in it is left out."""
        nested = any(p.expr.has(Piecewise) for p in e.args) if isinstance(e, Piecewise) else e.has(Piecewise)
        if not e.atoms(*WRITTEN_PIECEWISE) and not nested:
            new = e if where is not None and isinstance(e, Piecewise) else None  # (its conditions only)
        else:
            new = _defined(piecewise_fold(_extremes_written(_signs_written(canon(e))).rewrite(Piecewise)))
        if where is not None and isinstance(new, Piecewise):
            new = within_set(new, ctx.x, where)
        return new if isinstance(new, Piecewise) and new != e else None


def within_set(pw: Piecewise, x: Symbol, where) -> Piecewise:
    """``pw`` with each piece's condition written within the set ``where`` (where f is real): a
    piece that holds nowhere in it is left out, and no condition names a point outside it
    (max(1, √x): 1 for 0 ≤ x ≤ 1, √x for x > 1, not "otherwise", which would take in x < 0).
    ``pw`` as it is where SymPy cannot place its conditions."""
    try:
        pairs = expr_set_pairs(pw, x)
    except NotImplementedError:
        return pw
    kept = [(e, here.intersect(where)) for e, here in pairs]
    kept = [(e, here) for e, here in kept if here.is_empty is not True]
    if not kept or any(not isinstance(h, (Interval, Union, FiniteSet)) for _, h in kept):
        return pw
    try:  # from left to right: a condition then says all of where its piece holds (0 ≤ x < 3, not x ≥ 0)
        kept.sort(key=lambda p: float(p[1].inf))
    except TypeError:
        return pw
    return Piecewise(*[(e, condition(here, x)) for e, here in kept])


def _defined(pw: Expr) -> Expr:
    """The pieces where f has a value: a piece with none (x/max(x, 0) for x ≤ 0 is x/0) is left
    out, and each piece after it says where it holds (1 for x > 0, not "otherwise")."""
    if not isinstance(pw, Piecewise) or not any(_undefined(p.expr) for p in pw.args):
        return pw
    kept = [(p.expr, c) for p, c in zip(pw.args, _own(pw)) if not _undefined(p.expr)]
    return Piecewise(*kept) if kept else pw


def _extremes_written(e: Expr) -> Expr:
    """max(a, b, c) as a for a ≥ b ∧ a ≥ c, b for b ≥ c, else c (min with ≤), as SymPy writes it,
    except where SymPy cannot settle a comparison: a ≥ b with x on both sides can make its
    canonical form flip the sides back and forth without end (min(eˣ − 2x, x − log x)); that
    one is written a − b ≥ 0."""
    def pieces(n):
        op, args = (GreaterThan if isinstance(n, Max) else LessThan), n.args
        return Piecewise(*[(a, And(*[_settled(op, a, b) for b in args[i + 1:]])) for i, a in enumerate(args[:-1])],
                         (args[-1], True))

    return e.replace(lambda n: isinstance(n, (Max, Min)), pieces)


def _settled(op, a: Expr, b: Expr):
    """a op b, or a − b op 0 where the canonical form of a op b is not its own canonical form."""
    r = op(a, b)
    if isinstance(r, Relational) and r.canonical.canonical != r.canonical:
        return op(a - b, 0)
    return r


def _signs_written(e: Expr) -> Expr:
    """sign(u) as its three pieces for any u that may be real: SymPy writes sign as a piecewise
    function only when it knows u is real everywhere (sign(sin x), not sign(log x), real only
    for x > 0, where the pieces hold)."""
    return e.replace(lambda n: isinstance(n, sign) and n.args[0].is_extended_real is not False,
                     lambda n: Piecewise((1, n.args[0] > 0), (-1, n.args[0] < 0), (0, True)))


class OneBranch(AlgRule):
    """Where f is real on part of the line only, a piecewise function in it whose argument has one
    sign there is the one branch that holds there: |u| = u where u ≥ 0 (|x| = x for x ≥ 0, where
    √x is real), −u where u ≤ 0; sign u = 1 or −1 and H(u) = 1 or 0 where u has one sign;
    max(a, b) = a where a ≥ b, min(a, b) = a where a ≤ b.  f is not written in pieces there,
    and none is said to hold outside the set where f is real."""

    id, title = "alg-one-branch", "Take the branch that holds where f is real"
    latex = r"\sqrt{x}\,|x| = \sqrt{x}\,x \quad (x \ge 0 \text{ where } \sqrt{x} \text{ is real})"
    examples = (
        Example("Abs(x)*sqrt(x)", "x*sqrt(x)"),
        Example("Max(x, 0)*log(x)", "x*log(x)"),
        Example("sign(x)*sqrt(x)", "sqrt(x)"),
        Example("Min(1 - x, 0) + sqrt(1 - x)", "sqrt(1 - x)"),
        Example("Heaviside(1 - x)*log(1 - x)", "log(1 - x)"),
        not_for("Abs(x - 3)*sqrt(x)", "x − 3 changes sign at 3, where √x is real"),
        not_for("Abs(x)", "real on the whole line: the two pieces"),
    )

    def apply(self, e, ctx=None, where=None):
        """``where``: the set of x where e is real (else found from e itself)."""
        x = ctx.x if ctx is not None and ctx.x is not None else next(iter(e.free_symbols), None)
        if where is None and x is not None:
            from derive.domain import real_set

            found = real_set(e, x)
            where = found.set if found is not None else None
        if where is None:
            return None
        branches = one_branches(e, x, where)
        return e.xreplace(branches) if branches else None


def one_branches(e: Expr, x: Symbol, where) -> dict:
    """{node: the branch that holds on ``where``} for each |u|, sign u, H(u), max(a, b), min(a, b)
    in e whose u (a − b) has one sign on the set ``where``, and each Piecewise with one piece
    there (ln x + {x for x < 0, x² otherwise}: x²) -- at its ends where it holds them too,
    where the node's value must be the branch's (sign x·√x at 0: 0 either way)."""
    out = {}
    for n in sorted(e.atoms(*WRITTEN_PIECEWISE, Piecewise), key=lambda n: -count_ops(n)):
        if not n.has(x) or any(m.has(n) for m in out):  # (inside a node written already)
            continue
        branch = _only_piece(n, x, where) if isinstance(n, Piecewise) else _one_sign_branch(n, x, where)
        if branch is None:
            continue
        if all(_same_at(e, e.xreplace({n: branch}), x, end) for end in _closed_ends(where)):
            out[n] = branch
    return out


def _one_sign_branch(n: Expr, x: Symbol, where) -> Expr | None:
    """The branch of |u|, sign u, H(u), max or min that holds on ``where``, where u has one sign."""
    u = _compared(n)
    s = None if u is None else sign_on(u, x, where, strict=isinstance(n, (sign, Heaviside)))
    return None if s is None else _branch(n, s)


def _only_piece(pw: Piecewise, x: Symbol, where) -> Expr | None:
    """The expression of the one piece of ``pw`` that holds anywhere in ``where``, else None."""
    kept = within_set(pw, x, where)
    return kept.args[0].expr if kept is not pw and len(kept.args) == 1 else None


def _compared(n: Expr) -> Expr | None:
    """The quantity whose sign picks n's branch: u of |u|, sign u, H(u); a − b of max(a, b)."""
    if isinstance(n, (Max, Min)):
        return n.args[0] - n.args[1] if len(n.args) == 2 else None
    return n.args[0]


def _branch(n: Expr, s: int) -> Expr:
    if isinstance(n, Abs):
        return n.args[0] if s > 0 else -n.args[0]
    if isinstance(n, sign):
        return S(s)
    if isinstance(n, Heaviside):
        return S.One if s > 0 else S.Zero
    a, b = n.args
    return a if (s > 0) == isinstance(n, Max) else b


def _closed_ends(where) -> list:
    return [p for p in where.boundary if where.contains(p) == true] if where.boundary.is_FiniteSet else []


def _same_at(a: Expr, b: Expr, x: Symbol, at) -> bool:
    try:
        return (a.subs(x, at) - b.subs(x, at)).simplify() == 0
    except (TypeError, ValueError):
        return False


SIGN_SECONDS = 1.0  # at most this long to settle the sign of one argument on the set where f is real


def sign_on(u: Expr, x: Symbol, where, strict: bool = False) -> int | None:
    """1 where u ≥ 0 throughout the open set inside ``where``, −1 where u ≤ 0 throughout (u > 0,
    u < 0 where ``strict``: sign u and H(u) change at a zero of u inside it), else None: by SymPy's
    assumptions with x written through a positive t that ranges over each interval, else by the
    values u takes there (SymPy's ``function_range``: x − ln x ≥ 1 on x > 0)."""
    parts = where.args if isinstance(where, Union) else (where,)
    if not all(isinstance(p, Interval) for p in parts):
        return None
    found = {within(SIGN_SECONDS, lambda: _sign_on(u, x, p, strict)) for p in parts}
    return found.pop() if len(found) == 1 and None not in found else None


def _sign_on(u: Expr, x: Symbol, part: Interval, strict: bool) -> int | None:
    from sympy.calculus.util import function_range

    t, (lo, hi) = Dummy("t", positive=True), (part.inf, part.sup)
    at = x if part == S.Reals else (lo + t if hi == oo else hi - t if lo == -oo else lo + (hi - lo) * t / (1 + t))
    on = u.subs(x, at)
    above, below = (on.is_positive, on.is_negative) if strict else (on.is_nonnegative, on.is_nonpositive)
    if above or below:
        return 1 if above else -1
    try:
        taken = function_range(u, x, Interval.open(lo, hi))  # x − ln x on x > 0: [1, ∞)
    except (NotImplementedError, TypeError, ValueError, RecursionError):
        return None
    up, down = Interval(0, oo, strict, True), Interval(-oo, 0, True, strict)
    return 1 if taken.is_subset(up) is True else -1 if taken.is_subset(down) is True else None


class ConditionsInY(Rule):
    """On each piece, say which values y = f(x) takes there: when those sets do not overlap,
    the derivative is a function of y, piece by piece."""

    id, title = "alg-conditions-in-y", "Write the conditions through y"
    latex = r"x \in I_i \iff y \in f(I_i)"
    examples = (
        Example("Piecewise((x, x > 0), (x/10, True))", "Piecewise((1, y > 0), (1/10, True))",
                given=("y = Piecewise((x, x > 0), (x/10, True))",)),
    )


class OnePiece(AlgRule):
    """A piecewise function whose pieces are all one expression g, and whose conditions hold
    everywhere but at finitely many points, is g: the conditions only said where each copy of
    g is taken (1/x for x > 0 and for x < 0 is 1/x).  What f does at the points left out is
    said at its joints there."""

    id, title = "alg-one-piece", "One expression on every piece"
    latex = r"\begin{cases} g(x) & x < a \\ g(x) & x > a \end{cases} = g(x) \quad (x \neq a)"
    examples = (
        Example("Piecewise((1/x, (x > 0) | (x < 0)))", "1/x"),
        Example("Piecewise((2*x, x < 0), (2*x, x > 0))", "2*x"),
        not_for("Piecewise((0, x < 0), (1, x > 0))", "two expressions"),
        not_for("Piecewise((1, x > 0))", "f is not defined for x < 0"),
    )

    def apply(self, e, ctx=None):
        if not isinstance(e, Piecewise):
            return None
        g = e.args[0].expr
        if any(not _same(p.expr, g) for p in e.args[1:]) or not _almost_everywhere(e):
            return None
        return g


def _same(a: Expr, b: Expr) -> bool:
    try:
        return a == b or within(1.0, lambda: cancel(a - b)) == 0
    except (TypeError, ValueError, NotImplementedError, RecursionError):
        return False


def _almost_everywhere(pw: Piecewise) -> bool:
    """The conditions of ``pw`` hold for every value of its variable but finitely many (True, or
    x < 0 ∨ x > 0), or they are conditions on constants only (a ≥ 0, otherwise)."""
    if any(p.cond == true for p in pw.args):
        return True
    free = set().union(*(p.cond.free_symbols for p in pw.args))
    if len(free) != 1:
        return False
    (v,) = free
    sets = _condition_sets(tuple(p.cond for p in pw.args), v)
    if sets is None:
        return False
    rest = S.Reals - Union(*sets)
    return isinstance(rest, FiniteSet) or rest is S.EmptySet


class FoldPieces(AlgRule):
    """Two pieces that meet at u = 0, R for u > 0 and L for u < 0, are one expression in |u|,
    max or min where they are its two sides:  R(u) and R(−u) = L give R(|u|);  R = P + Q and
    L = P − Q with Q = q·u give P + q|u|;  R − L = 2q·u with q ≥ 0 gives max(R, L) (min where
    q ≤ 0).  The shortest is written, where it is no longer than the two pieces."""

    id, title = "alg-fold-pieces", "Fold the pieces into one expression"
    latex = r"\begin{cases} P + q u & u > 0 \\ P - q u & u < 0 \end{cases} = P + q\,|u|"
    examples = (
        Example("Piecewise((2*x, x > 0), (-2*x, x < 0))", "2*Abs(x)"),
        Example("Piecewise((3*x**2, x > 0), (-3*x**2, x < 0))", "3*x*Abs(x)"),
        Example("Piecewise((2*x, x > 0), (0, x < 0))", "Max(2*x, 0)"),
        Example("Piecewise((2*a**(2*x)*log(a), a >= 0), (2*(-a)**(2*x)*log(-a), True))",
                "2*Abs(a)**(2*x)*log(Abs(a))"),
        not_for("Piecewise((1, x > 0), (0, x < 0))", "the derivative jumps: no |x| gives it"),
    )

    def apply(self, e, ctx=None):
        if not isinstance(e, Piecewise):
            return None
        sides = _two_sides(e)
        if sides is None:
            return None
        v, b, right, left = sides
        found = [c for c in _folds(v, b, right, left) if c is not None]
        if not found:
            return None
        best = min(found, key=count_ops)  # (the first of the shortest: max, then R(|u|), then P + q|u|)
        return best if count_ops(best) <= count_ops(right) + count_ops(left) + 1 else None


def _two_sides(pw: Piecewise) -> tuple | None:
    """(v, b, R, L) where ``pw`` is R for v > b (or ≥) and L for v < b (or otherwise), v a symbol
    and b a number or constant; else None."""
    if len(pw.args) != 2:
        return None
    (e1, c1), (e2, c2) = pw.args
    if not isinstance(c1, Relational) or type(c1) not in ORDERS or len(c1.free_symbols) < 1:
        return None
    u = c1.lhs - c1.rhs
    for v in sorted(u.free_symbols, key=str):
        b = solve_linear(u, v)
        if b is None:
            continue
        below, _ = ORDERS[type(c1)]
        if u.diff(v).is_negative:
            below = not below
        if c2 != true and not _opposite(c2, v, b, below):
            return None
        return (v, b, e2, e1) if below else (v, b, e1, e2)
    return None


def _opposite(c, v: Symbol, b: Expr, below: bool) -> bool:
    """Whether condition ``c`` is v < b (v > b where ``below``), strict or not."""
    if not isinstance(c, Relational) or type(c) not in ORDERS:
        return False
    u = c.lhs - c.rhs
    if solve_linear(u, v) != b or u.free_symbols - b.free_symbols != {v}:
        return False
    other, _ = ORDERS[type(c)]
    if u.diff(v).is_negative:
        other = not other
    return other != below


FOLD_SECONDS = 2.0  # at most this long for the folds of one pair of pieces


def _folds(v: Symbol, b: Expr, right: Expr, left: Expr) -> list:
    """The candidates: max/min, R(|u|), P + q|u| (None where one does not give both sides).
    Each is continuous at b, so none can be where the sides are proven to differ there."""
    if not _may_meet(v, b, right, left):
        return []
    return within(FOLD_SECONDS, lambda: _candidates(v, b, right, left), [])


def _may_meet(v: Symbol, b: Expr, right: Expr, left: Expr) -> bool:
    """False where b is an irrational algebraic number and R(b) ≠ L(b) is proven by exact
    arithmetic (:mod:`derive.algebraic`): there SymPy's assumptions on b's radicals (is q ≥ 0
    beside b?) could take minutes to find what this settles at once."""
    if not b.is_number or b.is_Rational:
        return True
    from derive.algebraic import algebraic_point

    point = algebraic_point(b)
    return point is None or point.sign(right - left, v) in (0, None)


def _candidates(v: Symbol, b: Expr, right: Expr, left: Expr) -> list:
    t = Dummy("t", positive=True)
    try:
        q = within(1.0, lambda: cancel((right - left) / (2 * (v - b))))
        if q is None:
            return []
        mirrored = right.subs(v, 2 * b - v)
        candidates = [None, None, None]
        if not q.subs(v, b).has(S.NaN, S.ComplexInfinity, oo, -oo) and not q.has(Piecewise):
            if q.subs(v, b + t).is_nonnegative and q.subs(v, b - t).is_nonnegative:
                candidates[0] = Max(right, left, evaluate=False)
            elif q.subs(v, b + t).is_nonpositive and q.subs(v, b - t).is_nonpositive:
                candidates[0] = Min(right, left, evaluate=False)
            candidates[2] = cancel((right + left) / 2) + q * Abs(v - b)
        if within(1.0, lambda: cancel(mirrored - left)) == 0:
            candidates[1] = right.subs(v, b + Abs(v - b))
    except (TypeError, ValueError, NotImplementedError, RecursionError):
        return []
    return candidates


class AbsOfPower(DiffRule):
    """|g^p| = |g|^p for a real exponent p, whether g^p is real or not (|√(x − 1)| = √|x − 1|, also
    for x < 1, where √(x − 1) is imaginary and d|u| = sign(u)·u′ does not hold); so
    d/dx |g^p| = p·|g|^(p−1)·sign(g)·g′, which holds wherever g is real and not 0."""

    id, title = "d-abs-power", "Absolute value of a power"
    latex = r"\frac{d}{dx} \left|g^{p}\right| = \frac{d}{dx} |g|^{p} = p\,|g|^{p-1} \operatorname{sign}(g)\, g'"
    examples = (
        Example("Abs(sqrt(x - 1))", "1/2*Abs(x - 1)**(-1/2)*sign(x - 1)*1"),
        not_for("Abs(x**2 + 1)", "a whole power: the chain rule with d-abs"),
    )

    def match(self, e, x):
        if not (isinstance(e, Abs) and isinstance(e.args[0], Pow)):
            return None
        g, p = e.args[0].args
        if not (depends(g, x) and not depends(p, x) and p.is_real and p.is_integer is False):
            return None
        return None if g.is_nonnegative else Match((g,))

    def combine(self, e, x, m, dparts):
        g, p = e.args[0].args
        return mul(p, power(Abs(g), p - 1), sign(g), dparts[0])


PIECEWISE = PiecewiseRule()
JOINT = Joint()
WRITE_PIECEWISE = WritePiecewise()
IN_Y = ConditionsInY()
ABS_OF_POWER = AbsOfPower()
ONE_PIECE = OnePiece()
FOLD_PIECES = FoldPieces()
ONE_BRANCH = OneBranch()
RULES = (PIECEWISE, JOINT, WRITE_PIECEWISE, ONE_BRANCH, IN_Y, ONE_PIECE, FOLD_PIECES, ABS_OF_POWER)
