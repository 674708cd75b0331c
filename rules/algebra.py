"""Algebraic rewrites (family ``alg``).

Each rule looks at one node of an expression and returns the rewritten node,
or None when its precondition does not hold.  The engine applies them at every
node while it searches for the form written in terms of the function itself.
Nothing here knows about a particular function: preconditions are about the
shape of the node (a fraction whose numerator holds some of the terms of its
denominator's base, a sum whose terms share a factor, ...).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from sympy import (
    Abs, Add, Expr, Integer, Mul, Number, Pow, Rational, S, Symbol, count_ops, UnevaluatedExpr, cancel, cos, cosh, csc, csch, exp,
    expand, expand_mul, factor, factor_terms, lcm, preorder_traversal, sec, sech, sign, sin, sinh, tan, tanh, together, cot, coth,
)

from derive.expr import (
    add, canon, flat_factors, node_at, positions, replace_at, factors, frac, fraction, hold, is_denominator_factor, mul, neg, power, same, size, split_sign, terms,
)

from .base import depends, Example, Rule, not_for
from .definitions import NAMED


@dataclass(frozen=True)
class Context:
    """What a rewrite may need besides the node: the variable and the definition."""

    x: Symbol
    definition: Expr | None = None
    symbol: Symbol | None = None
    also: tuple = ()  # other written forms of the definition (sinh(x)/cosh(x) for tanh)
    more: tuple = ()  # further (form, symbol) pairs: S_j for the definition at index j

    @property
    def folds(self) -> tuple:
        forms = (() if self.definition is None else (self.definition,)) + tuple(self.also)
        return tuple((f, self.symbol) for f in forms) + tuple(self.more)


class AlgRule(Rule):
    def apply(self, e: Expr, ctx: Context) -> Expr | None:  # pragma: no cover - interface
        raise NotImplementedError


def base_exp(f: Expr) -> tuple[Expr, Expr]:
    """A factor as (base, exponent): b^n → (b, n) for a number n, else (f, 1)."""
    if isinstance(f, UnevaluatedExpr):
        return base_exp(f.args[0])
    if isinstance(f, Pow) and isinstance(f.exp, Number):
        b, k = base_exp(f.base)
        return b, k * f.exp
    return f, S.One


def _match_terms(wanted, available) -> list[int] | None:
    """Indices in ``available`` of terms equal to each of ``wanted`` (None if one is missing)."""
    used: list[int] = []
    for w in wanted:
        hit = next((i for i, a in enumerate(available) if i not in used and same(a, w)), None)
        if hit is None:
            return None
        used.append(hit)
    return used


def _sum_bases(d: Expr) -> list[Expr]:
    """The bases of the denominator's factors that are sums."""
    return [b for b, _ in map(base_exp, factors(d)) if isinstance(b, Add)]


class Arithmetic(AlgRule):
    """Drop terms multiplied by zero and factors of one, and multiply out signs and numbers."""

    id, title = "alg-arithmetic", "Drop zero terms and unit factors, multiply out"
    latex = r"a \cdot 0 = 0,\quad a + 0 = a,\quad 1 \cdot a = a,\quad -(-a) = a"
    examples = (Example("(1 + exp(-x))*0 - 1*(-exp(-x))", "exp(-x)"), not_for("exp(-x) + 1", "nothing to drop"))

    def apply(self, e, ctx):
        c = tidy_in_order(e)
        return None if c == e else c


def tidy_in_order(e: Expr) -> Expr:
    """SymPy's arithmetic, but a sum keeps its written order when no terms combine."""
    if not isinstance(e, Add):
        return canon(e)
    kept = [t for t in (tidy_in_order(a) for a in e.args) if t != 0]
    c = canon(e)
    if len(kept) > 1 and Counter(kept) == Counter(c.args if isinstance(c, Add) else (c,)):
        return Add(*kept, evaluate=False)
    return c


def tidy_rule(e: Expr) -> AlgRule:
    """The rule that names what SymPy's arithmetic does to ``e``: where a fraction of ``e`` has
    a factor above and below the line (β·e^{βx}/(1 + e^{βx}) over β), what happens is a
    cancellation; where a fraction holds a fraction as a factor ((1/x²)/(1 + 1/x²)), the
    compound fraction is simplified; where terms of a sum add up or cancel, like terms are
    collected; else zero terms and unit factors dropped, signs and numbers multiplied out."""
    if any(CANCEL.apply(node, None) is not None for _, node in positions(e)):
        return CANCEL
    if any(isinstance(node, Mul) and over_a_fraction(node) for _, node in positions(e)):
        return COMPOUND
    if any(_like_terms(node) for _, node in positions(e)):
        return COLLECT
    return ARITHMETIC


def hides(rule, node: Expr, new: Expr) -> bool:
    """Whether ``rule``, rewriting ``node`` to ``new``, would also cancel a factor above and below
    a line or clear a fraction out of a fraction (what SymPy's evaluation of a node does, and a rule
    that writes its node as evaluated with it) where its title does not say so: a "Multiply out"
    of 2x(x² + 1)(5 − 3x²)/(x² + 1)⁴ that also cancelled x² + 1; a "Quotient identity" that also
    cancelled a 2.  The cancelling is then a line of its own (alg-cancel names it)."""
    return not rule.clears and unsettled(new) < unsettled(node)


def unsettled(e: Expr) -> int:
    """How many fractions of ``e`` as written SymPy's evaluation changes by more than its
    arithmetic: a factor above and below the line, or a fraction inside the fraction (above it,
    or a whole power of one below it)."""
    return sum(1 for _, n in positions(e) if isinstance(n, Mul) and (over_a_fraction(n) or CANCEL.apply(n, None) is not None)
               or is_denominator_factor(n) and n.exp.is_Integer and isinstance(n.base, Mul) and a_fraction(n.base))
    # (1/((eˣ + 1)/eˣ)², but not a reciprocal's reciprocal, 1/(1/cos²x) = cos²x, which the quotient identity reads)


def compound(e: Expr) -> int:
    """How many denominators of ``e`` as written hold a denominator themselves (1/((a² + x²)/a²·a)):
    the fractions inside fractions a textbook clears."""
    return sum(1 for node in preorder_traversal(e) if is_denominator_factor(node) and any(
        is_denominator_factor(n) for n in preorder_traversal(node.base)))


def uncollected(e: Expr) -> int:
    """How many sums of ``e`` as written hold like terms not yet collected (x² + 1 + x²)."""
    return sum(1 for node in preorder_traversal(e) if _like_terms(node))


def _like_terms(e: Expr) -> bool:
    """Whether the sum ``e`` (its sums inside it read as its terms) holds terms that add up or
    cancel, besides zeros: 1 + (−1 + tanh²x) = tanh²x."""
    if not isinstance(e, Add):
        return False
    flat = [t for t in Add.make_args(canon(e)) if t != 0]
    written = [t for a in e.args for t in Add.make_args(canon(a)) if t != 0]
    return len(flat) < len(written)


class AddSubtract(AlgRule):
    """Add and subtract the same thing (which changes nothing), so that the numerator of
    a fraction contains the whole sum b that the denominator is a power of."""

    id, title = "alg-add-subtract", "Add and subtract"
    latex = r"\frac{n}{b^{k}} = \frac{m - m + n}{b^{k}} \quad (n + m = b)"
    examples = (Example("exp(-x)/(1 + exp(-x))**2", "(1 - 1 + exp(-x))/(1 + exp(-x))**2"),)

    def apply(self, e, ctx):
        n, d = fraction(e)
        if d == 1 or not depends(n, ctx.x):
            return None
        nt = terms(n)
        for b in _sum_bases(d):
            inside = _match_terms(nt, b.args)
            if inside is None or len(inside) == len(b.args):
                continue
            missing = [t for i, t in enumerate(b.args) if i not in inside]
            return frac(add(*missing, *[neg(m) for m in missing], *nt), d)
        return None


class Split(AlgRule):
    """Split a fraction over its numerator: (a + r)/d = a/d + r/d, keeping together the
    terms that make up a sum in the denominator (they will cancel)."""

    id, title = "alg-split", "Split the fraction"
    latex = r"\frac{a + r}{d} = \frac{a}{d} + \frac{r}{d}"
    examples = (
        Example("(1 - 1 + exp(-x))/(1 + exp(-x))**2", "(1 + exp(-x))/(1 + exp(-x))**2 - 1/(1 + exp(-x))**2"),
        Example("(x + 1)/x**2", "x/x**2 + 1/x**2"),
    )

    def apply(self, e, ctx):
        n, d = fraction(e)
        if d == 1 or not isinstance(n, Add):
            return None
        nt = list(n.args)
        for b in _sum_bases(d):
            group = _match_terms(b.args, nt) if len(b.args) < len(nt) else None
            if group:
                rest = [t for i, t in enumerate(nt) if i not in group]
                return add(frac(add(*[nt[i] for i in group]), d), frac(add(*rest), d))
        return add(*[frac(t, d) for t in nt])


def _powers(e: Expr) -> list[tuple[Expr, Expr]]:
    return [base_exp(f) for f in factors(e)]


def _flat_powers(e: Expr) -> list[tuple[Expr, Expr]]:
    """(base, exponent) of each factor of ``e``, a product among them read as its factors (and one
    inside it: 2(x(x² + 1))(5 − 3x²) has the factor x² + 1)."""
    return [base_exp(g) for g in flat_factors(e)]


def _rebuild(pows: list[tuple[Expr, Expr]]) -> Expr:
    kept = [power(b, k) for b, k in pows if k != 0]
    return mul(*kept) if kept else S.One


class Cancel(AlgRule):
    """Cancel a factor common to the numerator and the denominator: (b·r)/(b^k·s) = r/(b^(k−1)·s);
    of two numbers, their greatest common divisor: 2(x² + 1)/4 = (x² + 1)/2."""

    id, title = "alg-cancel", "Cancel a common factor"
    clears = True
    latex = r"\frac{b\,r}{b^{k} s} = \frac{r}{b^{k-1} s}"
    examples = (Example("(1 + exp(-x))/(1 + exp(-x))**2", "1/(1 + exp(-x))"), Example("2*(x - 1)/(2*(x + 1))", "(x - 1)/(x + 1)"),
                Example("2*(x**2 + 1)/4", "(x**2 + 1)/2"),
                not_for("x/(1 + x)"))

    def apply(self, e, ctx):
        numbers = [f for f in factors(e) if _number(f) not in (None, 1, -1)]
        pair = next(((a, b) for a in numbers for b in numbers
                     if a.is_Integer and _number(b).p == 1 and math.gcd(a.p, _number(b).q) > 1), None)
        if pair:  # 2 and 1/4, written as numbers of one product: 2/4 = 1/2
            g = math.gcd(pair[0].p, _number(pair[1]).q)
            q = _number(pair[1]).q // g
            below = S.One if q == 1 else power(Integer(q), -1)
            rest = [pair[0] / g if f is pair[0] else below if f is pair[1] else f for f in factors(e)]
            rest = [f for f in rest if f != 1]
            return mul(*rest) if rest else S.One
        n, d = fraction(e)
        if d == 1:
            return None
        sign, n = split_sign(n)
        up, down = _flat_powers(n), _flat_powers(d)  # ((1 − y)(1 + y))·r/√(1 + y), 2·(x·(x + 1))/(x + 1)⁴
        for i, (nb, ne) in enumerate(up):
            for j, (db, de) in enumerate(down):
                if ne > 0 and de > 0 and (not isinstance(nb, Number) or nb.is_Integer and nb > 1) and same(nb, db):
                    k = min(ne, de)
                    up[i], down[j] = (nb, ne - k), (db, de - k)
                    new = frac(_rebuild(up), _rebuild(down))
                    return neg(new) if sign else new
        return None


def _number(f: Expr) -> Rational | None:
    """The number a factor is, written as a number or as 1/n (the 1/4 of 2(x² + 1)/4)."""
    if f.is_Rational:
        return f
    if isinstance(f, Pow) and f.base.is_Integer and f.exp == -1:
        return Rational(1, f.base)
    return None


class Factor(AlgRule):
    """Take a factor common to every term of a sum out in front: a·b + a·c = a(b + c)."""

    id, title = "alg-factor", "Factor out a common term"
    latex = r"a b + a c = a \left(b + c\right)"
    examples = (
        Example("1/(1 + exp(-x)) - 1/(1 + exp(-x))**2", "1/(1 + exp(-x))*(1 - 1/(1 + exp(-x)))"),
        not_for("x + sin(x)", "no common factor"),
    )

    def apply(self, e, ctx):
        if not isinstance(e, Add) or not depends(e, ctx.x):
            return None
        split = [split_sign(t) for t in e.args]
        pows = [_flat_powers(body) for _, body in split]  # (1 + x)(x(x cos x + 2 sin x)) has the factor x
        common = _common_powers(pows)
        if not common:
            return None
        rest = []
        for (sign, _), p in zip(split, pows):
            left = [(b, k - next((c for cb, c in common if same(cb, b)), 0)) for b, k in p]
            r = _rebuild(left)
            rest.append(neg(r) if sign else r)
        front = _rebuild(common)
        if any(k < 0 for _, k in common):
            front = hold(front)
        return mul(front, add(*rest))


def shares_factor(e: Add) -> bool:
    """Whether the terms of the sum ``e`` share a factor that is not a number (5x − 3x³: x), which
    :class:`Factor` takes out."""
    return bool(_common_powers([_powers(split_sign(t)[1]) for t in e.args]))


def _common_powers(pows: list[list[tuple[Expr, Expr]]]) -> list[tuple[Expr, Expr]]:
    """Bases (not numbers) present in every term with exponents of one sign, at the smallest power."""
    common = []
    for b, k in pows[0]:
        if isinstance(b, Number) or not isinstance(k, (Integer,)):
            continue
        ks = [next((kk for bb, kk in p if same(bb, b)), None) for p in pows[1:]]
        if any(kk is None or kk * k <= 0 for kk in ks):
            continue
        least = min([abs(k)] + [abs(kk) for kk in ks])
        common.append((b, least if k > 0 else -least))
    return common


class Expand(AlgRule):
    """Multiply out products of sums and collect like terms: a(b + c) = ab + ac, above the line of a
    fraction first (a(b + c)/d = (ab + ac)/d, not ab/d + ac/d: what cancels then is cancelled by a
    line of its own), then below it (1/((1 + x)(1 − x)) = 1/(1 − x²)), then over the line
    ((a + b)/d = a/d + b/d); its variant
    for powers multiplies out whole powers of sums too: (1 + a)²b = b + 2ab + a²b."""

    id, title = "alg-expand", "Multiply out"
    latex = r"a \left(b + c\right) = a b + a c"
    examples = (Example("x*(1 - x)", "x - x**2"), Example("15*(x - 1) + (3*x + 2)", "18*x - 13"),
                Example("x*(x + 2)/(x + 1)**2", "(x**2 + 2*x)/(x + 1)**2"), Example("1/((1 + x)*(1 - x))", "1/(1 - x**2)"),
                not_for("x*sin(x)", "no sum to multiply out"))

    def __init__(self, powers: bool = False, shorter: bool = False):
        self.powers = powers
        self.shorter = shorter  # a sum of powers of sums, only where that is shorter: (1 + x)² + (1 − x)² = 2x² + 2

    def apply(self, e, ctx):
        if not isinstance(e, (Add, Mul)) or not depends(e, ctx.x):
            return None
        c = canon(e)
        if self.powers:
            ex = canon(expand(c))
            if self.shorter and not (isinstance(e, Add) and count_ops(ex) < count_ops(c) and all(
                    _power_of_sum(t.as_coeff_Mul()[1]) for t in e.args)):
                return None
            return None if ex == c else ex
        n, d = fraction(e) if isinstance(e, Mul) else (e, S.One)
        if d != 1 and depends(d, ctx.x):  # above the line, then below it, before the fraction is split into fractions
            if isinstance(n, Add) and any(isinstance(b, Add) for b, _ in _common_powers(
                    [_flat_powers(split_sign(t)[1]) for t in n.args])):
                return None  # a sum common to the terms above is taken out first: (1 − x)² − 4x(1 − x) (alg-factor)
            top, bottom = canon(n), canon(d)
            out = expand(top, power_exp=False, power_base=False, log=False)  # whole powers of sums too: (1 + x)²eˣ
            if out != top:
                return frac(in_falling_powers(out), d)
            if expand_mul(bottom) != bottom and bottom.is_polynomial():  # (not 2√u + x²√u for (2 + x²)√u)
                return frac(n, in_falling_powers(expand_mul(bottom)))
        ex = expand_mul(c)
        if ex != c:
            return ex
        # a number times a sum, which SymPy's arithmetic multiplies out: 15(x − 1) + 3x + 2 = 18x − 13
        by_number = isinstance(e, Add) and any(isinstance(t, Mul) and any(isinstance(f, Add) for f in t.args)
                                               and any(f.is_Number for f in t.args) for t in e.args)
        return ex if by_number and ex != e else None


def in_falling_powers(e: Expr) -> Expr:
    """The sum ``e`` in the order a textbook prints a polynomial, highest power first
    (x²eˣ + xeˣ + eˣ), but a sign not in front where a term has none (2x − 3x³, not −3x³ + 2x)."""
    if not isinstance(e, Add):
        return e
    ordered = list(e.as_ordered_terms())
    plus = next((t for t in ordered if not t.could_extract_minus_sign()), None)
    if ordered[0].could_extract_minus_sign() and plus is not None:
        ordered = [plus] + [t for t in ordered if t is not plus]
    return add(*ordered)


class Recognize(AlgRule):
    """Where a sum is a constant multiple of the definition of a known function
    (sinh u = (e^u − e^{−u})/2, ...), write that function instead."""

    id, title = "alg-recognize", "Write with a known function"
    latex = r"e^{u} - e^{-u} = 2 \sinh u,\quad e^{u} + e^{-u} = 2 \cosh u"
    examples = (Example("exp(x) + exp(-x)", "2*cosh(x)"), Example("exp(2*x) - exp(-2*x)", "2*sinh(2*x)"))

    def apply(self, e, ctx=None):
        if not isinstance(e, Add):
            return None
        c = canon(e)
        for u in _exp_arguments(c):
            for func, definition in NAMED.items():
                ratio = cancel(c / canon(definition(u)))
                if ratio != 0 and not ratio.free_symbols & u.free_symbols:
                    return func(u) if ratio == 1 else mul(ratio, func(u))
        return None


def _exp_arguments(e: Expr) -> list[Expr]:
    """Arguments u of the exponentials in ``e``, those without a leading minus first."""
    args = {a.args[0] for a in e.atoms(exp)}
    return sorted(args, key=lambda u: (u.could_extract_minus_sign(), str(u)))


class OnRange(Rule):
    """Use the values the function takes: where f(x) > 0 at every x, y = f(x) is positive, so
    √(y²) = y and (y⁻²)^{3/2} = y⁻³; where y is real, log(eᵘ) = u."""

    id, title = "alg-range", "Use the values y takes"
    latex = r"y > 0 \;\Rightarrow\; \sqrt{y^{2}} = y"
    examples = (Example("sqrt(x)", "1/(2*y)", given=("y = sqrt(x)",)),)


class PowerOfQuotient(AlgRule):
    """A quotient of two n-th powers is the n-th power of the quotient: a^n/b^n = (a/b)^n."""

    id, title = "alg-power-of-quotient", "Power of a quotient"
    latex = r"\frac{a^{n}}{b^{n}} = \left(\frac{a}{b}\right)^{n}"
    examples = (Example("sinh(x)**2/cosh(x)**2", "(sinh(x)/cosh(x))**2"), not_for("x**2/cosh(x)**3"))

    def apply(self, e, ctx):
        n, d = fraction(e)
        if d == 1 or not isinstance(n, Pow) or not isinstance(d, Pow):
            return None
        k = n.exp
        if k != d.exp or not isinstance(k, Integer) or k < 2:
            return None
        return power(frac(n.base, d.base), k)


PYTHAGOREAN = ((cosh, sinh, -1), (cos, sin, 1))  # a² + k·b² = 1 for a = cosh|cos, b = sinh|sin
# 1 + s·F(u)^n = R(u): the identities above as a square, and divided by cos², sin², cosh², sinh²,
# as (F, n, s, R); 1 + cot²u = 1/sin²u is 1 + 1/tan²u = 1/sin²u as SymPy writes it
SQUARES = (
    (sin, 2, -1, lambda u: cos(u) ** 2), (cos, 2, -1, lambda u: sin(u) ** 2),
    (sinh, 2, 1, lambda u: cosh(u) ** 2), (cosh, 2, -1, lambda u: -sinh(u) ** 2),
    (tanh, 2, -1, lambda u: 1 / cosh(u) ** 2), (tan, 2, 1, lambda u: 1 / cos(u) ** 2),
    (tan, -2, 1, lambda u: 1 / sin(u) ** 2), (tanh, -2, -1, lambda u: -1 / sinh(u) ** 2),
    (cot, 2, 1, lambda u: 1 / sin(u) ** 2), (coth, 2, -1, lambda u: -1 / sinh(u) ** 2),
)
DIVIDED = SQUARES[5:6] + SQUARES[8:9]  # 1 + tan²u = 1/cos²u, 1 + cot²u = 1/sin²u: sec²u and csc²u by name


class Pythagorean(AlgRule):
    """cos²u + sin²u = 1 and cosh²u − sinh²u = 1, read either way: a sum holding such a pair
    (times the same factor c) is c; a sum holding r + s·r·F(u)ⁿ is r times a square, or its
    reciprocal: 1 − sin²u = cos²u, 1 + sinh²u = cosh²u, cosh²u − 1 = sinh²u,
    1 − tanh²u = 1/cosh²u, and divided by cos²u or sin²u, 1 + tan²u = 1/cos²u and
    1 + cot²u = 1/sin²u (sec²u and csc²u in the names a textbook uses)."""

    id, title = "alg-pythagorean", "Pythagorean identity"
    latex = (r"\cos^{2} u + \sin^{2} u = 1,\quad \cosh^{2} u - \sinh^{2} u = 1,\quad "
             r"1 + \tan^{2} u = \frac{1}{\cos^{2} u}")
    examples = (
        Example("cosh(x)**2 - sinh(x)**2", "1"), Example("3*cos(x)**2 + 3*sin(x)**2", "3"),
        Example("1 + tan(x)**2", "1/cos(x)**2"), Example("1 - sin(x)**2", "cos(x)**2"),
        Example("3 + 3*sinh(x)**2", "3*cosh(x)**2"), Example("cosh(x)**2 - 1", "sinh(x)**2"),
        Example("1 + 1/tan(x)**2", "1/sin(x)**2"), Example("1 - tanh(x)**2", "1/cosh(x)**2"),
        Example("2 + 2*cot(3*x)**2 + x", "x + 2/sin(3*x)**2"),
        not_for("1 - 2*sin(x)**2", "the constant and the square's coefficient differ"),
        not_for("x - sin(x)**2", "the other term holds x: no identity"), not_for("tan(x)**2", "no 1 beside it"),
    )

    def __init__(self, rows: tuple = SQUARES, named: bool = False, one: bool = True):
        self.rows, self.named, self.one = rows, named, one  # the squares read; R by name; the pair read as 1

    def apply(self, e, ctx=None):
        if not isinstance(e, Add):
            return None
        c = canon(e)
        if self.one:
            for a, b, k in PYTHAGOREAN:
                for u in {f.args[0] for f in c.atoms(a)}:
                    coeff = c.coeff(a(u) ** 2)
                    if coeff != 0 and (c.coeff(b(u) ** 2) - k * coeff) == 0:
                        return canon(c - coeff * (a(u) ** 2 + k * b(u) ** 2) + coeff)
        return _as_square(c, self.rows, self.named)


def _as_square(c: Expr, rows: tuple, named: bool) -> Expr | None:
    """c with r + q·F(u)ⁿ written r·R(u) where 1 + s·F(u)ⁿ = R(u) and q = s·r, r among the terms
    of c without F(u); R's reciprocals by name (sec, csc) where ``named``."""
    for F, n, s, R in rows:
        for u in sorted({f.args[0] for f in c.atoms(F)}, key=str):
            square = F(u) ** n
            q = Add(*[t.as_independent(F(u), as_Add=False)[0] for t in Add.make_args(c)
                      if t.as_independent(F(u), as_Add=False)[1] == square])
            alone = set(Add.make_args(c.as_independent(F(u), as_Add=True)[0]))
            if q != 0 and not q.has(F(u)) and set(Add.make_args(s * q)) <= alone:
                written = reciprocal_names(R(u)) if named else R(u)
                return canon(c - s * q - q * square + s * q * written)
    return None


def reciprocal_names(e: Expr) -> Expr:
    """1/cosh^n u → sech^n u, 1/cos^n u → sec^n u (the names a lecturer would use)."""
    names = {cosh: sech, cos: sec, sinh: csch, sin: csc}
    return e.replace(lambda n: isinstance(n, Pow) and n.exp.is_negative and n.base.func in names,
                     lambda n: names[n.base.func](n.base.args[0]) ** (-n.exp))


class Separate(AlgRule):
    """A fraction of products is a product of fractions: (a·b)/(c·d) = (a/c)·(b/d)."""

    id, title = "alg-separate", "Separate into a product of fractions"
    latex = r"\frac{a b}{c d} = \frac{a}{c} \cdot \frac{b}{d}"
    examples = (Example("exp(x)*sin(x)/(x*(1 + x))", "(exp(x)/x)*(sin(x)/(1 + x))"), not_for("exp(x)/(x*(1 + x))"))

    def apply(self, e, ctx):
        n, d = fraction(e)
        sign, n = split_sign(n)
        ups = list(factors(n))
        downs = [b for b, k in _powers(d) for _ in range(int(k))] if all(
            isinstance(k, Integer) and k > 0 for _, k in _powers(d)) else []
        if len(ups) < 2 or len(downs) < 2:
            return None
        first = hold(frac(ups[0], downs[0]))
        rest = hold(frac(mul(*ups[1:]), mul(*downs[1:])))
        return neg(mul(first, rest)) if sign else mul(first, rest)


class FoldDefinition(AlgRule):
    """Where the definition f(x) appears (or a power of it), write the function's own
    symbol instead: substitute the definition back in."""

    id, title = "alg-fold-definition", "Substitute the definition back"
    latex = r"f(x) \to y"
    examples = (
        Example("exp(-x)/(1 + exp(-x))**2", "exp(-x)*y**2", given=("y = 1/(1 + exp(-x))",)),
        Example("1/(1 + exp(-x))*(1 - 1/(1 + exp(-x)))", "y*(1 - y)", given=("y = 1/(1 + exp(-x))",)),
    )

    def apply(self, e, ctx):
        if ctx.definition is None:
            return None
        new = fold_all(e, ctx)
        return None if new == e else new


def fold_all(e: Expr, ctx: Context) -> Expr:
    """``e`` with every written form of the definition folded into the symbol."""
    for form, symbol in ctx.folds:
        e = fold(e, canon(form), symbol)
    return e


def fold(e: Expr, definition: Expr, symbol: Symbol) -> Expr:
    """``e`` with every occurrence of ``definition`` (or an integer power of it) replaced by ``symbol``.

    An occurrence is a node written as the definition (up to SymPy's arithmetic), not a
    larger node that would only become it after a cancellation the steps have not shown.
    """
    if e.is_Atom:
        return e
    c = canon(e)
    if c == definition and size(e) <= size(definition) + 2:
        return symbol
    if isinstance(e, Pow) and isinstance(e.exp, Integer) and e.exp > 1 and canon(e.base) == definition:
        return power(symbol, e.exp)
    if isinstance(c, Pow) and isinstance(definition, Pow) and c.base == definition.base:
        k = c.exp / definition.exp
        if isinstance(k, Integer) and k > 1:
            return power(symbol, k)
    args = [fold(a, definition, symbol) for a in e.args]
    if args == list(e.args):
        return e
    if isinstance(e, UnevaluatedExpr):
        return args[0] if args[0].is_Atom else UnevaluatedExpr(args[0])
    if isinstance(e, (Add, Mul, Pow)):
        return e.func(*args, evaluate=False)
    return e.func(*args)


# --- the textbook tidy: the derivative in x brought to the form a textbook prints -------------


class CommonDenominator(AlgRule):
    """Write a sum of fractions over one common denominator D: each term a/b becomes (a·D/b)/D,
    and the numerators are added: a/b + c/d = (ad + cb)/(bd)."""

    id, title = "alg-common-denominator", "Write over a common denominator"
    latex = r"\frac{a}{b} + \frac{c}{d} = \frac{a d + c b}{b d}"
    examples = (Example("sqrt(x**2 + 1) - x**2/sqrt(x**2 + 1)", "(-x**2 + x**2 + 1)/sqrt(x**2 + 1)"),
                not_for("x/2 + 1", "one fraction and a whole: nothing to bring together"))

    def __init__(self, as_written: bool = False):
        self.as_written = as_written  # D from the terms' denominators as written, where SymPy's cancels

    def apply(self, e, ctx):
        if not isinstance(e, Add) or not depends(e, ctx.x):
            return None
        below = [canon(t).as_numer_denom()[1] for t in e.args]
        if self.as_written and all(b.is_Integer for b in below) and any(b != 1 for b in below):
            d = lcm(below)  # numbers only (y/2 + 1/2 = (y + 1)/2): what a fraction holding the sum clears
            return frac(add(*[a for t in e.args for a in terms(canon(canon(t) * d))]), d)
        if not any(depends(b, ctx.x) for b in below):
            return None
        own = canon(together(canon(e))).as_numer_denom()[1]  # the sum's own, or as written the terms'
        for d in (own, _denominators_lcm(e)) if self.as_written else (own,):  # (y/(1 − y)² − y²/(1 − y)²: (1 − y)²)
            if d == 1 or not depends(d, ctx.x):
                continue
            tops = [canon(canon(t) * d) for t in e.args]
            if not any(canon(fraction(t)[1]) != 1 or t.as_numer_denom()[1] != 1 for t in tops):
                return frac(add(*[a for t in tops for a in terms(t)]), d)
        return None


def _denominators_lcm(e: Add) -> Expr:
    """The product of the factors of the denominators of the terms of ``e`` as written, each to
    the highest power it has in one of them: (1 − y)² for y/(1 − y)² − y²/(1 − y)²."""
    found: list = []
    for t in e.args:
        for b, k in _powers(fraction(split_sign(t)[1])[1]):
            at = next((i for i, (c, _) in enumerate(found) if same(b, c)), None)
            if at is None:
                found.append((b, k))
            elif k > found[at][1]:
                found[at] = (b, k)
    return canon(_rebuild(found))


class Collect(AlgRule):
    """Collect like terms: terms that differ only by a number factor are added,
    a·t + b·t = (a + b)·t, and a term and its opposite cancel, t − t = 0."""

    id, title = "alg-collect", "Collect like terms"
    latex = r"a\,t + b\,t = (a + b)\,t,\quad t - t = 0"
    examples = (Example("x**2 + 1 - x**2", "1"), Example("(1 - sin(x)) - sin(x)", "1 - 2*sin(x)"),
                not_for("x + 1", "no like terms"))

    def apply(self, e, ctx):
        if not _like_terms(e) or any(isinstance(t, Mul) and any(isinstance(f, Add) for f in t.args) for t in e.args):
            return None  # (a sum inside the sum is read as its terms, (1 − S) − S = 1 − 2S; one multiplied, alg-expand)
        return tidy_in_order(e)


def collected(e: Expr) -> Expr:
    """``e`` with the like terms of every sum of it collected (:class:`Collect`), innermost first."""
    if e.is_Atom:
        return e
    args = [collected(a) for a in e.args]
    if args != list(e.args):
        e = e.func(*args, evaluate=False) if isinstance(e, (Add, Mul, Pow)) else e.func(*args)
    return tidy_in_order(e) if _like_terms(e) else e


class FactorSum(AlgRule):
    """Factor a sum into a product, as a polynomial in its terms: x² − 1 = (x − 1)(x + 1),
    2u + π/2 = (4u + π)/2 (the number in front taken out of every term)."""

    id, title = "alg-factor-sum", "Factor"
    latex = r"a^{2} - b^{2} = (a - b)(a + b),\quad k a + k b = k (a + b)"
    examples = (Example("x**2 - 2*x + 1", "(x - 1)**2"), not_for("x**2 + 1", "no factors over the rationals"),
                not_for("15*(3*x + 2)**4*(x - 1) + (3*x + 2)**5", "(3x + 2)⁴ is common to the terms: alg-factor"),
                not_for("(1 + x)*(x*exp(x) + exp(x)) - x*exp(x)", "not multiplied out: alg-expand first"))

    def apply(self, e, ctx):
        if not isinstance(e, Add) or not depends(e, ctx.x) or _like_terms(e):
            return None  # (like terms are collected first, by a step named so: alg-collect)
        c = canon(e)
        if depends(c.as_numer_denom()[1], ctx.x):  # a sum of fractions: alg-common-denominator
            return None
        if len(c.args) > 2 and not c.is_polynomial():  # (factor is slow: only where it can work)
            return None
        if _common_powers([_powers(split_sign(t)[1]) for t in Add.make_args(c)]):
            return None  # a term common to all is taken out first, by alg-factor: the bracket is shown
        if expand_mul(c) != c:  # a product of sums in it is multiplied out first, by a line of its own (alg-expand):
            return None  # (1 + x)(xeˣ + eˣ) − xeˣ is not (x² + x + 1)eˣ in one "Factor"
        f = factor(c)
        if not isinstance(f, (Mul, Pow)) or f == c:
            return None
        k, rest = f.as_coeff_Mul()
        if isinstance(rest, Add) and canon(_multiplied_out(c)) != c:  # only a number taken out, the sum multiplied
            return None  # out on the way (2 + (2 + x/2)² = (x² + 8x + 24)/4): not a factoring
        return _sign_absorbed(f)


def _sign_absorbed(f: Expr) -> Expr:
    """A factored product led by −1 with the sign taken into the sum it leaves the fewest minus
    signs in: −(y − 1)(y + 1) is written (1 − y)(y + 1)."""
    k, rest = f.as_coeff_Mul()
    sums = [a for a in Mul.make_args(rest) if isinstance(a, Add)]
    if k != -1 or not sums:
        return f
    def minus_signs(a):
        return sum(1 for t in Add.make_args(canon(-a)) if t.could_extract_minus_sign())

    into = min(sums, key=minus_signs)  # (y − 1, not y + 1: 1 − y reads better than −y − 1)
    return Mul(*[canon(-a) if a is into else a for a in Mul.make_args(rest)])


DOUBLE = ((cos, sin, -1, cos), (cosh, sinh, 1, cosh))  # a²u + k·b²u = a(2u)
TWICE = ((sin, cos, sin), (sinh, cosh, sinh))  # 2·a(u)·b(u) = c(2u)


class DoubleAngle(AlgRule):
    """The double-angle identities: cos²u − sin²u = cos 2u, 2 sin u cos u = sin 2u, and for the
    hyperbolic functions cosh²u + sinh²u = cosh 2u, 2 sinh u cosh u = sinh 2u."""

    id, title = "alg-double-angle", "Double-angle identity"
    latex = r"\cos^{2} u - \sin^{2} u = \cos 2u,\quad 2 \sin u \cos u = \sin 2u"
    examples = (Example("cos(x)**2 - sin(x)**2", "cos(2*x)"), Example("2*sin(x)*cos(x)", "sin(2*x)"),
                not_for("cos(x)**2 + sin(x)**2", "the Pythagorean identity"))

    def apply(self, e, ctx=None):
        if isinstance(e, Add):
            return _squares_to_double(canon(e))
        if isinstance(e, Mul):
            return _product_to_double(canon(e))
        return None


def _squares_to_double(c: Expr) -> Expr | None:
    for a, b, k, twice in DOUBLE:
        for u in sorted({f.args[0] for f in c.atoms(a)}, key=str):
            coeff = c.coeff(a(u) ** 2)
            if coeff != 0 and not coeff.has(a(u), b(u)) and canon(c.coeff(b(u) ** 2) - k * coeff) == 0:
                rest = canon(c - coeff * (a(u) ** 2 + k * b(u) ** 2))
                double = mul(coeff, twice(canon(2 * u))) if coeff != 1 else twice(canon(2 * u))
                return double if rest == 0 else add(double, rest)
    return None


def _product_to_double(c: Expr) -> Expr | None:
    if not isinstance(c, Mul):
        return None
    powers = dict(base_exp(f) for f in c.args)
    for a, b, twice in TWICE:
        for u in sorted({f.args[0] for f in c.atoms(a)}, key=str):
            k = powers.get(a(u))
            if k is not None and k == powers.get(b(u)) and k.is_Integer:  # 1/(sinh u cosh u) = 2/sinh 2u too
                rest = canon(c / (a(u) * b(u) * 2) ** k)
                double = twice(canon(2 * u)) ** k
                return double if rest == 1 else mul(rest, double)
    return None


class MultipleAngle(AlgRule):
    """A sine or cosine, or a hyperbolic sine or cosine, of a whole multiple of an angle written
    in those of the angle by the sum formulas: sin 2u = 2 sin u cos u, cos 2u = 2cos²u − 1,
    sinh 2u = 2 sinh u cosh u, cosh 2u = cosh²u + sinh²u (and sin 3u = 3 sin u − 4 sin³u, ...).  So a function of twice an inverse
    function, sinh(2 artanh w), becomes functions of the inverse itself, which a step then writes
    without it."""

    id, title = "alg-multiple-angle", "Multiple-angle formula"
    latex = r"\sin 2u = 2 \sin u \cos u,\quad \sinh 2u = 2 \sinh u \cosh u"
    examples = (Example("sinh(2*x)", "2*sinh(x)*cosh(x)"), Example("cos(2*x)", "2*cos(x)**2 - 1"),
                not_for("sin(x)", "a single angle"), not_for("sin(x/2)", "not a whole multiple"))

    def apply(self, e, ctx=None):
        from sympy import Dummy, Function, expand_trig

        if not isinstance(e, (sin, cos, sinh, cosh)):
            return None
        k, u = e.args[0].as_coeff_Mul()
        if not (k.is_Integer and k > 1) or u == 1:
            return None
        v = Dummy("v")
        return _held_in(expand_trig(e.func(k * v)), v, u, Function)


TANGENT_OF = ((cos, tan, 1, 1), (sin, cot, 1, 1), (cosh, tanh, -1, 1), (sinh, coth, 1, -1))  # 1/a² = s·q² + c


class SquareAsTangent(AlgRule):
    """A reciprocal square written in the tangent of the same angle, the Pythagorean identity
    read the other way: 1/cos²u = sec²u = 1 + tan²u, 1/sin²u = csc²u = 1 + cot²u,
    1/cosh²u = sech²u = 1 − tanh²u, 1/sinh²u = csch²u = coth²u − 1.  Used where a form was
    found through the tangent (y = tan(x/3)), so that f′ is written in it."""

    id, title = "alg-square-as-tangent", "Pythagorean identity in the tangent"
    latex = r"\sec^{2} u = 1 + \tan^{2} u,\quad \operatorname{sech}^{2} u = 1 - \tanh^{2} u"
    examples = (Example("sec(x)**2", "1 + tan(x)**2"), Example("1/cosh(x)**2", "1 - tanh(x)**2"),
                not_for("cos(x)**2", "not a reciprocal square"))

    def apply(self, e, ctx=None):
        named = {sec: cos, csc: sin, sech: cosh, csch: sinh}  # sec u = 1/cos u, ...
        e = canon(e)  # (1/cosh²u as written: one power)
        if isinstance(e, Pow) and type(e.base) in named:
            e = Pow(named[type(e.base)](e.base.args[0]), -e.exp)
        if not (isinstance(e, Pow) and e.exp == -2):
            return None
        row = next((r for r in TANGENT_OF if isinstance(e.base, r[0])), None)
        if row is None:
            return None
        _, q, s_, c = row
        return Add(c, s_ * q(e.base.args[0]) ** 2, evaluate=False)


def _held_in(e: Expr, v, u: Expr, Function) -> Expr:
    """``e`` with ``v`` written ``u``, the functions of it held as written (sinh(artanh w), which
    SymPy would write w/√(1 − w²) at once: the step after says that)."""
    if e == v:
        return u
    if not e.has(v):
        return e
    args = [_held_in(a, v, u, Function) for a in e.args]
    return e.func(*args, evaluate=False) if isinstance(e, Function) else e.func(*args)


QUOTIENT = ((sin, cos, tan), (cos, sin, cot), (sinh, cosh, tanh), (cosh, sinh, coth))  # a(u)/b(u) = q(u)


class QuotientIdentity(AlgRule):
    """The quotient identities tan u = sin u/cos u, cot u = cos u/sin u, tanh u = sinh u/cosh u,
    coth u = cosh u/sinh u, read either way: a quotient of powers of the same angle is the
    quotient function, as many as above and below (sin²x/cos²x = tan²x, sin³x/cos x =
    tan x·sin²x); a product of powers of tan u and cos u is one of sin u and cos u
    (cos²u·tan²u = sin²u, tanh u·cosh u = sinh u)."""

    id, title = "alg-quotient", "Quotient identity"
    latex = (r"\frac{\sin u}{\cos u} = \tan u,\quad \frac{\cos u}{\sin u} = \cot u,\quad "
             r"\cos^{2} u \tan^{2} u = \sin^{2} u")
    examples = (Example("sinh(x)/cosh(x)", "tanh(x)"), Example("-3*sin(2*x)/cos(2*x)", "-3*tan(2*x)"),
                Example("cos(x)/sin(x)", "cot(x)"), Example("-cos(x)**2*tan(x)**2", "-sin(x)**2"),
                Example("tanh(x)*cosh(x)", "sinh(x)"),
                not_for("sin(x)/cos(2*x)", "not the same angle"), not_for("sin(x)*cos(x)", "a product, not a quotient"),
                not_for("tan(x)*sin(x)", "no cosine beside the tangent"))

    def apply(self, e, ctx=None):
        if not isinstance(e, Mul):
            return None
        c = canon(e)
        powers = dict(base_exp(f) for f in Mul.make_args(c))
        for a, b, q in QUOTIENT:
            for u in sorted({f.args[0] for f in c.atoms(a)}, key=str):
                k, m = powers.get(a(u), 0), -powers.get(b(u), 0)
                if k > 0 and m > 0 and k.is_Integer and m.is_Integer:
                    n = min(k, m)
                    return canon(c / a(u) ** n * b(u) ** n * q(u) ** n)
        return _in_sines(c, powers)


def _in_sines(c: Expr, powers: dict) -> Expr | None:
    """c with q(u)^m·b(u)^k written a(u)^m·b(u)^{k−m} (q = a/b, m and k whole, of one sign)."""
    for a, b, q in QUOTIENT:
        for u in sorted({f.args[0] for f in powers if isinstance(f, q)}, key=str):
            m, k = powers[q(u)], powers.get(b(u), S.Zero)
            if k != 0 and m * k > 0 and m.is_Integer and k.is_Integer:
                rest = [f for f in Mul.make_args(c) if base_exp(f)[0] not in (q(u), b(u))]
                return Mul(*rest) * a(u) ** m * b(u) ** (k - m)
    return None


class CancelMultiple(AlgRule):
    """Cancel a sum above the line that is a number times a sum below it (its opposite: −1 − sin u
    is −(1 + sin u)): (c·b)·r/(bᵏ·s) = c·r/(bᵏ⁻¹·s) ((−1 − sin x)/(1 + sin x)² = −1/(1 + sin x))."""

    id, title = "alg-cancel-multiple", "Cancel a common factor"
    clears = True
    latex = r"\frac{(c\,b)\,r}{b^{k} s} = \frac{c\,r}{b^{k-1} s}"
    examples = (Example("(-1 - sin(x))/(1 + sin(x))**2", "-1/(1 + sin(x))"),
                Example("(2*cos(x) - 2)/(1 - cos(x))**2", "-2/(1 - cos(x))"),
                not_for("(1 + sin(x))/(1 + sin(x))**2", "the same sum: alg-cancel"),
                not_for("(x - 1)/(x + 1)**2", "no multiple of the sum below"))

    def apply(self, e, ctx=None):
        n, d = fraction(e)
        if d == 1:
            return None
        sign, n = split_sign(n)
        up, down = _powers(n), _powers(d)
        for i, (nb, ne) in enumerate(up):
            for j, (db, de) in enumerate(down):
                c = _multiple(nb, db) if ne > 0 and de > 0 and ne.is_Integer and de.is_Integer else None
                if c is not None:
                    k = min(ne, de)
                    up[i], down[j] = (nb, ne - k), (db, de - k)
                    c = c ** k * (-1 if sign else 1)
                    new = frac(_rebuild(up), _rebuild(down))
                    return neg(new) if c == -1 else new if c == 1 else mul(c, new)
        return None


def _multiple(a: Expr, b: Expr) -> Expr | None:
    """The number c ≠ 1 with a = c·b, for two sums of as many terms; else None."""
    if not isinstance(a, Add) or not isinstance(b, Add) or len(a.args) != len(b.args):
        return None
    ca, cb = canon(a), canon(b)
    if not isinstance(ca, Add) or not isinstance(cb, Add):
        return None
    k, t = ca.args[0].as_coeff_Mul()
    m = cb.as_coefficients_dict().get(t)
    c = k / m if m else None
    return c if c is not None and c.is_Rational and c != 1 and canon(ca - c * cb) == 0 else None


class NumbersInFront(AlgRule):
    """Take the number common to the terms of a sum out of it (out of a whole power of it too,
    (k·b)ⁿ = kⁿ·bⁿ), and write the numbers of a product as one number in front:
    m·a·(k·b + k·c) = (m·k)·a·(b + c) (2 tanh u·(2 − 2 tanh²u) = 4 tanh u·(1 − tanh²u);
    (1 − tanh²u)·(1/2) = (1 − tanh²u)/2; 1/2 − t²/2 = (1 − t²)/2; −2/(2x + 2)² = −1/(2(x + 1)²))."""

    id, title = "alg-numbers-out", "Take the numbers out in front"
    latex = r"m\,a\left(k b + k c\right)^{n} = (m k^{n})\,a\left(b + c\right)^{n}"
    examples = (Example("2*tanh(x)*(2 - 2*tanh(x)**2)", "4*tanh(x)*(1 - tanh(x)**2)"),
                Example("1/2 - x**2/2", "(1 - x**2)/2"), Example("-2/(2*x + 2)**2", "-(x + 1)**(-2)/2"),
                not_for("x/2 + 1", "a whole term: no number common to every term"),
                not_for("2*x/5 + 1/2", "fractions over different denominators: (4x + 5)/10 is no textbook's"), not_for("2*x*(1 - x)", "tidy"),
                not_for("sqrt(4 - 4*x**2)", "a root: the number stays inside"))

    def apply(self, e, ctx=None):
        if isinstance(e, Add):
            k, rest = _content(e)
            return None if k == 1 else Mul(k, rest, evaluate=False)
        if isinstance(e, Pow):
            k, rest = _power_content(e)
            return None if k == 1 else Mul(k, rest, evaluate=False)
        if not isinstance(e, Mul) or not loose(e):
            return None
        number, others = S.One, []
        for f in _factors_as_written(e):
            k, rest = (f, S.One) if f.is_Number else _content(f) if isinstance(f, Add) else _power_content(f)
            number *= k
            if rest != 1:
                others.append(rest)
        new = mul(*([number] if number != 1 else []), *others)
        return new if loose(new) < loose(e) else None


def _power_content(f: Expr) -> tuple[Expr, Expr]:
    """(kⁿ, bⁿ) for a whole power (k·b)ⁿ of a sum or a product with a number k ≠ 1; else (1, f)."""
    if not (isinstance(f, Pow) and f.exp.is_Integer and isinstance(f.base, (Add, Mul, Pow))):
        return S.One, f
    if isinstance(f.base, Pow):  # 1/(2x + 2)² written as a power of a power
        k, rest = _power_content(f.base)
    elif isinstance(f.base, Add):
        k, rest = _content(f.base)
    else:
        numbers = [g for g in _factors_as_written(f.base) if g.is_Number]
        k, rest = Mul(*numbers), mul(*[g for g in _factors_as_written(f.base) if not g.is_Number])
    return (S.One, f) if k == 1 else (k ** f.exp, power(rest, f.exp))


def numbers_in_front(e: Expr) -> Expr:
    """``e`` with the numbers taken out in front (:class:`NumbersInFront`) of every product and sum
    of it, outermost first, but not inside a call, an exponent or a root (sin(2x + 2) stays)."""
    if isinstance(e, UnevaluatedExpr):
        return UnevaluatedExpr(numbers_in_front(e.args[0]))
    if not isinstance(e, (Add, Mul, Pow)) or isinstance(e, Pow) and not e.exp.is_Integer:
        return e
    new = NUMBERS.apply(e)
    e = e if new is None else new
    if not isinstance(e, (Add, Mul, Pow)):  # the numbers were all there was: 2·3 = 6
        return e
    if isinstance(e, Pow):
        return Pow(numbers_in_front(e.base), e.exp, evaluate=False)
    return e.func(*[numbers_in_front(a) for a in e.args], evaluate=False)


def _factors_as_written(e: Expr) -> list:
    """A product's factors, the products written inside it (and held ones) read as their factors."""
    out = []
    for f in Mul.make_args(e):
        f = f.args[0] if isinstance(f, UnevaluatedExpr) and (f.args[0].is_Number or isinstance(f.args[0], Mul)) else f
        out.extend(_factors_as_written(f) if isinstance(f, Mul) else [f])
    return out


def _content(e: Add) -> tuple[Expr, Expr]:
    """(k, the sum divided by k): k the number common to its terms, a whole number > 1, or a
    fraction 1/q, p/q where every term is a fraction over the same q (½ − t²/2 = ½(1 − t²); x/2 + 1
    and 2x/5 + 1/2 have none), negative where every term is (−2 − 2t² = −2(1 + t²)); (1, e)
    where there is none."""
    coeffs = [canon(t).as_coeff_Mul()[0] for t in e.args]
    if not all(k.is_Rational for k in coeffs) or len(coeffs) < 2:
        return S.One, e
    whole = [k.q == 1 for k in coeffs]
    if any(whole) and not all(whole):  # x/2 + 1: a fraction taken out would leave one inside
        return S.One, e
    if not all(whole) and len({k.q for k in coeffs}) > 1:  # 2x/5 + 1/2 stays: (4x + 5)/10 is no textbook's
        return S.One, e
    k = Rational(math.gcd(*[k.p for k in coeffs]), math.lcm(*[k.q for k in coeffs]))
    if k != 1 and all(c < 0 for c in coeffs):  # −2 − 2cot²u = −2(1 + cot²u): the sign goes out with the number
        k = -k
    return (S.One, e) if k == 1 else (k, add(*[canon(t / k) for t in e.args]))


@lru_cache(maxsize=8192)
def loose(e: Expr) -> int:
    """How many numbers a textbook would take out in front: sums (not inside a call or an exponent)
    whose terms share a number (2 − 2t²), and products whose numbers are several or not in front
    (2·t·2, (1 − t²)·½), but −(2x)."""
    if isinstance(e, UnevaluatedExpr):
        return loose(e.args[0])
    if isinstance(e, Pow):  # inside a root the numbers stay (2/√(4 − 4x²) is not 2/√(4(1 − x²)))
        if not e.exp.is_Integer:
            return 0
        if isinstance(e.base, Pow):
            return loose(e.base)
        inside = sum(loose(a) for a in e.base.args) if isinstance(e.base, (Add, Mul)) else loose(e.base)
        return (_power_content(e)[0] != 1) + inside
    if isinstance(e, Add):
        return (_content(e)[0] != 1) + sum(loose(a) for a in e.args)
    if isinstance(e, Mul):
        flat = _factors_as_written(e)
        at = [i for i, f in enumerate(flat) if f.is_Number]
        scattered = len(at) > 1 and not (at == [0, 1] and flat[0] == -1) or at and at[0] != 0
        return bool(scattered) + sum(loose(a) for a in e.args)
    return 0


class EvenPowerOfSign(AlgRule):
    """sign(u)^{2k}·|u|^a = |u|^a: an even power of a sign is 1 wherever u ≠ 0, and at u = 0
    the factor |u|^a is 0 as well (a > 0) or neither side is defined (a < 0); what the real
    odd root leaves after a substitution (3x² with x = sign(y)·|y|^{1/3}: 3·sign(y)²·|y|^{2/3} = 3|y|^{2/3})."""

    id, title = "alg-sign-even-power", "An even power of a sign is 1"
    latex = r"\operatorname{sign}(u)^{2k}\,|u|^{a} = |u|^{a}"
    examples = (Example("3*sign(y)**2*Abs(y)**(2/3)", "3*Abs(y)**(2/3)"),
                Example("15*sign(y - 1)**4*Abs(y - 1)**(4/5)", "15*Abs(y - 1)**(4/5)"),
                not_for("sign(y)**2", "no |y| beside it: at y = 0 it is 0, not 1"),
                not_for("sign(y)**3*Abs(y)", "an odd power keeps the sign"))

    def apply(self, e, ctx):
        if not isinstance(e, Mul):
            return None
        args = Mul.make_args(e)  # a product as written may hold products
        beside = {f.args[0] for f in args if isinstance(f, Abs)} | {
            f.base.args[0] for f in args if isinstance(f, Pow) and isinstance(f.base, Abs) and f.exp != 0}
        even = [f for f in args if isinstance(f, Pow) and isinstance(f.base, sign) and isinstance(f.exp, Integer)
                and f.exp % 2 == 0 and f.base.args[0] in beside]
        return None if not even else mul(*[f for f in args if f not in even])


class LowestTerms(AlgRule):
    """A fraction whose parts hold fractions, written as one fraction in lowest terms: every sum
    brought over its common denominator, the fractions of fractions multiplied out, and the
    factors common to the numerator and the denominator cancelled (what a substitution of a
    solved x = (y² − 1)/(2y) leaves: 1 + x/(y − x) = 2y²/(y² + 1))."""

    id, title = "alg-lowest-terms", "Write as one fraction in lowest terms"
    clears = True
    latex = r"\frac{a/b}{c/d} = \frac{a d}{b c}\text{, common factors cancelled}"
    examples = (Example("1 + (y**2 - 1)/(2*y*(y - (y**2 - 1)/(2*y)))", "2*y**2/(y**2 + 1)"),
                not_for("(y**2 - 1)/(y**2 + 1)", "one fraction in lowest terms already"),
                not_for("sqrt(1 + 1/y)", "a root: not a fraction of polynomials"))

    def __init__(self, parts: bool = False):
        self.parts = parts  # a fraction of any parts (e^y read as a letter) holding a fraction inside it

    def apply(self, e, ctx):
        if self.parts:
            return self.of_parts(e)
        if not e.is_rational_function() or e.is_polynomial() or size(e) > 80:
            return None
        n, d = cancel(together(e)).as_numer_denom()
        new = frac(factor_terms(n), factor_terms(d))
        return None if same(new, e) or canon(new) == canon(e) and size(new) >= size(e) else new


    def of_parts(self, e: Expr) -> Expr | None:
        """``e``, a fraction holding fractions inside it whatever its parts (e^y, √y), in lowest
        terms: (1 + e^y)/(1 − e^y/(1 + e^y)) = (1 + e^y)²; None where it holds none."""
        if not inner_fractions(e) or size(e) > 80:
            return None
        new = canon(factor_terms(cancel(e)))
        return None if new == canon(e) else new


class CompoundFraction(AlgRule):
    """Simplify a compound fraction.  A fraction over a fraction is one fraction,
    (a/b)/c = a/(b·c); a sum in the numerator or the denominator that holds fractions is
    cleared of them by multiplying numerator and denominator by their denominators m:
    a/(b + c/d) = a·d/(b·d + c) (1/(a + x²/a) = a/(a² + x²), 1/(2(x²/4 + 1)) = 2/(x² + 4)), or, where
    a factor beside the sum is a multiple of m, by multiplying that factor into the sum:
    a/(d·(b + c/d)) = a/(b·d + c) (2/((1 − x)²(1 + (1 + x)²/(1 − x)²)) = 2/((1 − x)² + (1 + x)²))."""

    id, title = "alg-compound-fraction", "Simplify the compound fraction"
    clears = True
    latex = r"\frac{a/b}{c} = \frac{a}{b\,c},\quad \frac{a}{b + c/d} = \frac{a\,d}{b\,d + c}"
    examples = (Example("1/(a + x**2/a)", "a/(a**2 + x**2)"), Example("1/(2*(x**2/4 + 1))", "2/(x**2 + 4)"),
                Example("2/((1 - x)**2*(1 + (1 + x)**2/(1 - x)**2))", "2/((1 - x)**2 + (1 + x)**2)"),
                not_for("x/(x**2 + 1)", "no fraction inside the fraction"))

    def apply(self, e, ctx=None):
        if not (isinstance(e, Mul) or is_denominator_factor(e)):
            return None
        cleared = _sums_cleared(e)  # (2/(1 − x)²)/(1 + (1 + x)²/(1 − x)²) = 2/((1 − x)² + (1 + x)²): one line
        if isinstance(e, Mul) and over_a_fraction(e) and (cleared is None or isinstance(cleared, Mul) and over_a_fraction(cleared)):
            fs = [g for f in e.args for g in factors(f)]  # the powers of one base below the line written as one:
            down = [f for f in fs if is_denominator_factor(f)]  # ((x − 3)/(2√(x − 1)))/(x − 1) = (x − 3)/(2(x − 1)^{3/2})
            below = sorted(_merged(down), key=lambda f: not f.base.is_Number)  # (the number first)
            return mul(*[f for f in fs if not is_denominator_factor(f)], *below)
        return cleared


def _into_the_sum(d: Expr) -> Expr | None:
    """The product ``d`` with a factor that is a multiple of the denominators m inside a sum beside
    it multiplied into that sum: m·k·(b + c/m) = k·(m·b + c); None where there is none."""
    fs = factors(canon(d))
    for f in fs:
        m = _inner_denominator(f)
        if m == 1 or not m.has(Add):
            continue
        for g in fs:
            if g is not f and cancel(g / m).as_numer_denom()[1] == 1:  # g is a multiple of m
                return mul(*[h for h in fs if h is not f and h is not g], _times(f, g))
    return None


def _sums_cleared(e: Expr) -> Expr | None:
    """The fraction ``e`` with the fractions inside the sums above and below its line cleared, both
    multiplied by their denominators m (:class:`CompoundFraction`); None where there are none."""
    n, d = fraction(e)
    into = _into_the_sum(d)  # (1 − x)²(1 + (1 + x)²/(1 − x)²) = (1 − x)² + (1 + x)²: nothing to multiply above
    if into is not None and d != 1:
        return frac(n, into)
    (top, by_n), (bottom, by_d) = _cleared(n), _cleared(d)
    if by_n == 1 and by_d == 1 or d == 1:
        return None
    m = lcm(by_n, by_d)  # both multiplied by m: what is left of it after clearing each
    top, bottom = _times_by(top, canon(m / by_n)), _times_by(bottom, canon(m / by_d))
    k, bottom = bottom.as_coeff_Mul()
    if not k.is_positive:
        return None
    return frac(canon(top / k) if k != 1 else top, bottom)


def over_a_fraction(e: Expr) -> bool:
    """Whether the product ``e`` is a fraction holding a fraction as one of its written factors:
    (a/b)/c as written, −(1/x²)/(1 + 1/x²)."""
    inner = [f for f in e.args if isinstance(f, Mul) and any(is_denominator_factor(g) for g in f.args)]
    return bool(inner) and any(is_denominator_factor(f) for f in e.args) or len(inner) > 1


def _inner_denominator(e: Expr) -> Expr:
    """The least common multiple of the denominators of the terms of the sum ``e``: what clears it
    of fractions (1 for anything else)."""
    m = S.One
    if not isinstance(e, Add) or not any(_a_fraction(t) for t in e.args):
        return m  # (a quick look first: the search asks this of every product it meets)
    for t in e.args:
        k, r = t.as_coeff_Mul()
        inner = _inner_denominator(r.base) if _power_of_sum(r) else None
        m = lcm(m, k.q * inner ** r.exp if inner is not None and inner.is_Number else t.as_numer_denom()[1])
    return m


def _cleared(e: Expr) -> tuple[Expr, Expr]:
    """(``e``·M, M): each sum b of ``e``'s factors, or sum b raised to a whole power k, that holds
    fractions multiplied by the m that clears them (M collects m, or mᵏ)."""
    out, by = [], S.One
    for f in factors(canon(e)):
        b, k = (f.base, f.exp) if isinstance(f, Pow) and isinstance(f.exp, Integer) and f.exp > 0 else (f, S.One)
        m = _inner_denominator(b)
        if m == 1:
            out.append(f)
            continue
        out.append(power(_times(b, m), k))
        by *= m ** k
    return mul(*out), by


def _times_by(e: Expr, m: Expr) -> Expr:
    return e if m == 1 else canon(m * e)


def _times(sum_: Expr, m: Expr) -> Expr:
    """Each term of ``sum_`` times m, the terms not collected (x² + 1 − x² stays for alg-collect); a
    power of a sum with fractions takes its share inside: 4(x/2 − 3/2)² = (x − 3)²."""
    return add(*[a for t in sum_.args for a in terms(_term_times(t, m))])


def _term_times(t: Expr, m: Expr) -> Expr:
    k, r = t.as_coeff_Mul()
    if _power_of_sum(r):
        d = _inner_denominator(r.base)
        left = canon(k * m / d ** r.exp)
        if d != 1 and left.as_numer_denom()[1] == 1:
            return mul(left, Pow(canon(_times(r.base, d)), r.exp)) if left != 1 else Pow(canon(_times(r.base, d)), r.exp)
    return canon(t * m)


class IntoRoot(AlgRule):
    """Bring a positive number k into a root: k·u^{1/n} = (kⁿ·u)^{1/n}, and k·u^{−1/n} = (k^{−n}·u)^{−1/n},
    the product multiplied out (the sign of a negative number stays outside) (2√(x²/4 + 1) = √(x² + 4); 1/(2√(1 − x²/4)) = 1/√(4 − x²))."""

    id, title = "alg-into-root", "Bring the number into the root"
    latex = r"k \sqrt[n]{u} = \sqrt[n]{k^{n} u}\quad (k > 0)"
    examples = (Example("2*sqrt(x**2/4 + 1)", "sqrt(x**2 + 4)"), Example("1/(2*sqrt(1 - x**2/4))", "1/sqrt(4 - x**2)"),
                Example("-3*sqrt(1 - x**2/9)", "-sqrt(9 - x**2)"),
                not_for("2*sqrt(x)", "a root of a sum only"), not_for("x*sqrt(x + 1)", "no number"),
                not_for("2/sqrt(1 + 4*x**2)", "a fraction would go into the root: 1/sqrt(1/4 + x**2)"))

    def apply(self, e, ctx=None):
        if not isinstance(e, Mul):
            return None
        c = canon(e)
        if count_ops(c) < count_ops(e):  # SymPy's arithmetic would do more than this rule says
            return None
        k, rest = c.as_coeff_Mul()
        sign, k = (-1, -k) if k.is_negative else (1, k)
        if not k.is_Rational or k == 1:
            return None
        roots = [f for f in Mul.make_args(rest) if isinstance(f, Pow) and f.exp.is_Rational and abs(f.exp.p) == 1
                 and f.exp.q > 1 and isinstance(f.base, Add)]
        if not roots:
            return None
        r = roots[0]
        inside = expand_mul(k ** (1 / r.exp) * r.base)
        others = [f for f in Mul.make_args(rest) if f is not r]
        new = canon(sign * Mul(*others) * Pow(inside, r.exp))
        return None if nested(new) > nested(canon(e)) else new  # not 2/√(1 + 4x²) = 1/√(1/4 + x²)


class RootOfFraction(AlgRule):
    """The root of a fraction whose denominator is a power the root undoes is the root of the
    numerator over the base: √(a/b²) = √a/b for b > 0, and 1/√(a/b²) = b/√a (any n-th root of a
    fraction over an (kn)-th power alike); in a product, the first such root of its factors, what goes
    above the line written after the factors there
    (√(((2 + x²)² − x²)/(2 + x²)²) = √((2 + x²)² − x²)/(2 + x²), as 2 + x² > 0)."""

    id, title = "alg-root-of-fraction", "Take the root of the denominator"
    latex = r"\sqrt{\frac{a}{b^{2}}} = \frac{\sqrt{a}}{b}\quad (b > 0)"
    examples = (Example("sqrt(((2 + x**2)**2 - x**2)/(2 + x**2)**2)", "sqrt((2 + x**2)**2 - x**2)/(2 + x**2)"),
                Example("x/sqrt((1 + x**4)/(1 + x**2)**2)", "x*(1 + x**2)/sqrt(1 + x**4)"),
                Example("sqrt((x + 1)/4)", "sqrt(x + 1)/2"),
                not_for("sqrt((x + 1)/x**2)", "x may be negative: the root of x² is |x|"),
                not_for("sqrt((x + 1)/(x**2 + 1))", "the denominator is no square"))

    def apply(self, e, ctx=None):
        if isinstance(e, Pow):
            return _root_taken(e)
        if not isinstance(e, Mul):
            return None
        for i, f in enumerate(e.args):
            new = _root_taken(f)
            if new is None:
                continue
            up = [g for g in factors(new) if not is_denominator_factor(g)]  # (after the numerator's factors)
            down = [g for g in factors(new) if is_denominator_factor(g)]
            rest = [*e.args[:i], *down, *e.args[i + 1:]]
            ahead = [g for g in rest if not is_denominator_factor(g)]
            return mul(*ahead, *up, *[g for g in rest if is_denominator_factor(g)])
        return None


def _root_taken(e: Expr) -> Expr | None:
    """The root ``e`` = (a/bᵐ)^{±1/n} (or 1/(a/bᵐ)^{1/n}) as a^{±1/n}·b^{∓m/n}, where n divides m and
    b > 0 (a positive number b whose root is rational, too); None for anything else."""
    inverted = isinstance(e, Pow) and e.exp == -1 and isinstance(e.base, Pow)
    root = e.base if inverted else e
    if not (isinstance(root, Pow) and root.exp.is_Rational and abs(root.exp.p) == 1 and root.exp.q > 1):
        return None
    a, d = fraction(root.base)
    if d == 1 or not a.has(Symbol):
        return None
    below = []
    for f in factors(d):
        b, m = base_exp(f)
        k = m / root.exp.q
        if not (b.is_positive and k.is_Integer or b.is_Number and canon(Pow(b, k)).is_Rational):
            return None
        below.append(canon(Pow(b, k)) if b.is_Number else power(b, k))
    taken, k = mul(*below), -root.exp if inverted else root.exp
    return frac(power(a, k), taken) if k > 0 else mul(*factors(taken), power(a, k))


def nested(e: Expr) -> int:
    """How many terms of a sum inside a denominator or a root are fractions (x²/4 in
    1/√(x²/4 + 1), x²/a in 1/(a + x²/a)): what a textbook clears, at no cost in operations."""
    count = 0
    for node in preorder_traversal(e):
        if isinstance(node, Pow) and not (isinstance(node.exp, Integer) and node.exp > 0):
            count += sum(1 for s in preorder_traversal(node.base) if isinstance(s, Add)
                         for t in s.args if _a_fraction(t))
    return count


def _a_fraction(t: Expr) -> bool:
    """Whether the term t is a fraction: it has a 1/d factor or a fractional number, or it is a
    whole power of a sum that has such a term ((x/2 − 3/2)²)."""
    k, r = t.as_coeff_Mul()
    if _power_of_sum(r):  # (numbers only: (x − 1/(2x² + 4))² is left as it is)
        return not k.is_Integer or any(u.as_coeff_Mul()[0].q != 1 and not _a_fraction(u.as_coeff_Mul()[1])
                                       for u in r.base.args)
    return any(is_denominator_factor(f) or f.is_Rational and not f.is_Integer for f in Mul.make_args(t))


def _power_of_sum(t: Expr) -> bool:
    return isinstance(t, Pow) and isinstance(t.base, Add) and isinstance(t.exp, Integer) and t.exp > 1



# --- one fraction, a small step at a time: what a substitution of a solved x leaves -----------


def a_fraction(e: Expr, numbers: bool = True) -> bool:
    """Whether ``e`` is written as a fraction: a 1/d factor, or a product holding one (in a
    product written inside it too: −((y² − 1)/(2y))); over a number too, unless not ``numbers``."""
    if is_denominator_factor(e):
        return numbers or not e.base.is_Number
    return isinstance(e, Mul) and any(a_fraction(f, numbers) for f in e.args)


class DivideByFraction(AlgRule):
    """Dividing by a fraction is multiplying by its reciprocal: 1/(c/d) = d/c, and for a whole
    power of it, 1/(c/d)ⁿ = dⁿ/cⁿ."""

    id, title = "alg-divide-by-fraction", "Divide by a fraction: multiply by its reciprocal"
    latex = r"\frac{a}{(c/d)^{n}} = a\,\frac{d^{n}}{c^{n}}"
    examples = (Example("x/(y/(1 - y))", "x*(1 - y)/y"), Example("1/(1/(1 - y))**2", "(1 - y)**2"),
                not_for("x/(1 + y)", "the denominator is no fraction"))

    def apply(self, e, ctx=None):
        if isinstance(e, Mul):  # a/(c/d): the reciprocal written among the other factors
            at = next((i for i, f in enumerate(e.args) if self.apply(f) is not None), None)
            if at is None:
                return None
            new = self.apply(e.args[at])
            return mul(*e.args[:at], *factors(new), *e.args[at + 1:])
        b, k = base_exp(e)  # ((c/d)²)⁻¹ is (c/d)⁻²
        if not is_denominator_factor(e) or not (k.is_Integer and k < 0) or not a_fraction(b):
            return None
        n, d = fraction(b)
        return frac(_power_of(d, -k), _power_of(n, -k))


def _power_of(b: Expr, k) -> Expr:
    """bᵏ as written, a number's power worked out (2² = 4)."""
    return b ** k if b.is_Number else power(b, k)


class MultiplyFractions(AlgRule):
    """A product of fractions is one fraction, the numerators multiplied over the denominators
    multiplied: a/b · c/d = (a·c)/(b·d), and (a/b)ⁿ · c = aⁿ·c/bⁿ."""

    id, title = "alg-multiply-fractions", "Multiply the fractions"
    latex = r"\frac{a}{b} \cdot \frac{c}{d} = \frac{a\,c}{b\,d}"
    examples = (Example("x*UnevaluatedExpr(y/(1 - y))/(1 + x)", "x*y/((1 + x)*(1 - y))"),
                Example("y*UnevaluatedExpr(1/(1 - y))/(1 - y)", "y/(1 - y)**2"),
                Example("4*(1 - y)*((y + 1)/2)**2/(y + 1)", "(1 - y)*(y + 1)**2/(y + 1)"),
                not_for("x*y/(1 - y)", "one fraction already"), not_for("-(x/(1 - y))", "one fraction, its sign in front"))

    def apply(self, e, ctx=None):
        if not isinstance(e, Mul) or _negated(e):  # (−(a/b) is one fraction, its sign in front)
            return None
        inner = [_unheld(f) for f in e.args]  # a fraction held as one factor (1/(1 + e^{−x})·(…)) too
        if not any(isinstance(f, Mul) and a_fraction(f) or _power_of_fraction(f) for f in inner):
            return None
        flat = [g for f in inner for g in (f.args if isinstance(f, Mul) else _raised(f) if _power_of_fraction(f) else (f,))]
        up = [g for g in flat if not is_denominator_factor(g) and g != 1]
        down = [power(g.base, -g.exp) for g in flat if is_denominator_factor(g)]
        sign, top = split_sign(mul(*up) if up else S.One)
        new = frac(top, mul(*_merged(down)))
        return neg(new) if sign else new


def _power_of_fraction(f: Expr) -> bool:
    return isinstance(f, Pow) and f.exp.is_Integer and f.exp > 1 and a_fraction(f.base)


def _raised(f: Pow) -> tuple:
    """The factors of (a/b)ⁿ as a fraction's: aⁿ and 1/bⁿ, a number's power worked out (2² = 4)."""
    n, d = fraction(f.base)
    return tuple(_power_of(g, f.exp) for g in factors(n)) + tuple(Pow(_power_of(g, f.exp), -1, evaluate=False)
                                                                  for g in factors(d))


def _unheld(f: Expr) -> Expr:
    return f.args[0] if isinstance(f, UnevaluatedExpr) else f


def _merged(fs: list) -> list:
    """Equal factors written as one power: (1 − y)(1 − y) = (1 − y)²."""
    out: list = []
    for f in fs:
        b, k = base_exp(f)
        at = next((i for i, (c, _) in enumerate(out) if same(b, c)), None)
        if at is None:
            out.append((b, k))
        else:
            out[at] = (out[at][0], out[at][1] + k)
    return [power(b, k) for b, k in out]


def inner_fractions(e: Expr) -> int:
    """How far ``e`` is from one fraction: the fractions written inside it (in a numerator, a
    denominator, a sum or a power: not ``e`` itself, nor the 1/d factors of a product, which
    are its fraction) and the sums holding a fraction among their terms, each counted once
    where it occurs (1 + y/(1 − y) over (1 + y/(1 − y))² counts 4), and the products holding a
    fraction as a factor (2y·((y² + 1)/(2y)))."""
    top: tuple = ()  # −(a/b) is the fraction a/b, its sign in front
    while _negated(node_at(e, top)):
        top += (1,)
    count = 0
    for path, node in positions(e):
        if isinstance(node, Add) and any(a_fraction(t, False) for t in node.args):
            count += 1
        if isinstance(node, Mul) and not _negated(node) and any(
                isinstance(f, Mul) and any(_over(g) for g in f.args) for f in node.args):
            count += 1  # a fraction among the factors of a product: not yet multiplied
        if path == top:
            continue
        if isinstance(node, Mul) and any(_over(f) for f in node.args) or _over(node) and not isinstance(
                _parent(e, path), Mul):
            count += 1
    return count


def _over(f: Expr) -> bool:
    """A 1/d factor whose d is not a number."""
    return is_denominator_factor(f) and not f.base.is_Number



def _negated(e: Expr) -> bool:
    """Whether ``e`` is −1 times one factor: −(a/b) is the fraction a/b with its sign."""
    return isinstance(e, Mul) and len(e.args) == 2 and e.args[0] == -1


def _parent(e: Expr, path) -> Expr:
    return node_at(e, path[:-1])

class RootsMultiplied(AlgRule):
    """Square roots multiplied under one root, what is under it multiplied out: √a·√b = √(ab)
    for a, b ≥ 0 (√(1 + y)·√(1 − y) = √(1 − y²)); where a or b may be negative it does not
    hold, and the checker says so."""

    id, title = "alg-roots-multiplied", "Multiply the roots"
    latex = r"\sqrt{a}\,\sqrt{b} = \sqrt{a b} \quad (a, b \ge 0)"
    examples = (Example("sqrt(1 + x)*sqrt(1 - x)", "sqrt(1 - x**2)"),
                Example("2*sqrt(1 + x)*sqrt(2 - x)", "2*sqrt(2 + x - x**2)"),
                not_for("sqrt(x)*x", "one root only"))

    def apply(self, e, ctx=None):
        if not isinstance(e, Mul):
            return None
        roots = [f for f in e.args if isinstance(f, Pow) and f.exp == S.Half and f.base.free_symbols]
        if len(roots) < 2:
            return None
        under = expand_mul(Mul(*[canon(r.base) for r in roots]))
        rest = [f for f in e.args if f not in roots]
        return mul(*rest, Pow(under, S.Half)) if rest else Pow(under, S.Half)


class MultiplyInto(AlgRule):
    """One factor of a product multiplied into the sum beside it, the other factors left as they
    are: a·f·(b + c) = a·(f b + f c), where that shortens the product (√(1 + y)·√(1 + y) = 1 + y):
    (1 − y)·√(1 + y)·(√(1 + y) − √(1 − y)) = (1 − y)(1 + y − √(1 + y)√(1 − y))."""

    id, title = "alg-multiply-into", "Multiply into the bracket"
    latex = r"a\,f\,(b + c) = a\,(f b + f c)"
    examples = (Example("(1 - x)*sqrt(1 + x)*(sqrt(1 + x) - sqrt(1 - x))",
                        "(1 - x)*(1 + x - sqrt(1 - x)*sqrt(1 + x))"),
                not_for("x*(1 + x)", "nothing else to keep outside: alg-expand"),
                not_for("2*(1 + x)", "a number and a sum: alg-expand"))

    def apply(self, e, ctx=None):
        if not isinstance(e, Mul):
            return None
        if len(e.args) < 3:
            return None
        pairs = [(f, b) for b in e.args if isinstance(b, Add) for f in e.args if f is not b and not f.is_Number]
        if not pairs:
            return None
        into = {pair: expand_mul(canon(pair[0]) * canon(pair[1])) for pair in pairs}
        saved = {pair: count_ops(mul(*pair)) - count_ops(into[pair]) for pair in pairs}
        f, b = max(pairs, key=lambda pair: saved[pair])
        return mul(*[into[f, b] if a is b else a for a in e.args if a is not f]) if saved[f, b] > 0 else None


class MultiplyAboveBelow(AlgRule):
    """a/b = (a·c)/(b·c): the numerator and the denominator multiplied by the same factor, the
    exponential that clears their negative powers: e^x/(e^x + e^{−x}) = e^{2x}/(e^{2x} + 1) (c = e^x)."""

    id, title = "alg-multiply-above-below", "Multiply above and below by the same factor"
    latex = r"\frac{a}{b} = \frac{a\,c}{b\,c}"
    examples = (Example("exp(x)/(exp(x) + exp(-x))", "exp(2*x)/(exp(2*x) + 1)"),
                Example("(1 - exp(-x))/(1 + exp(-x))", "(exp(x) - 1)/(exp(x) + 1)"),
                not_for("exp(x)/(1 + exp(x))", "no negative power to clear"))

    def apply(self, e, ctx=None):
        n, d = fraction(canon(e))
        negative = [a.args[0] for a in n.atoms(exp) | d.atoms(exp) if a.args[0].could_extract_minus_sign()]
        if d == 1 or not negative:
            return None
        c = exp(-min(negative, key=lambda u: u.as_coeff_Mul()[0]))
        top, bottom = (expand_mul(canon(p * c)) for p in (n, d))
        cleared = not any(a.args[0].could_extract_minus_sign() for a in top.atoms(exp) | bottom.atoms(exp))
        return frac(top, bottom) if cleared else None

    def condition(self, lhs, rhs):  # as a line of a solve, f = f written otherwise: nothing to hold
        return None


class Conjugate(AlgRule):
    """a/(b + c·√d) = a(b − c·√d)/(b² − c²d): multiply above and below by the conjugate, which
    clears the root below: 2/(y + √(y² + 4)) = 2(√(y² + 4) − y)/4."""

    id, title = "alg-conjugate", "Multiply above and below by the conjugate"
    latex = r"\frac{a}{b + c\sqrt{d}} = \frac{a\,(b - c\sqrt{d})}{b^{2} - c^{2} d}"
    examples = (Example("2/(y + sqrt(y**2 + 4))", "2*(sqrt(y**2 + 4) - y)/4"),
                not_for("2/(y + 4)", "no root below"),
                not_for("1/sqrt(y**2 + 4)", "a root alone below: no sum to take the conjugate of"))

    def apply(self, e, ctx=None):
        n, d = fraction(e)
        if not isinstance(d, Add) or len(d.args) != 2:
            return None
        roots = [a for a in d.args if _is_root_term(a)]
        if len(roots) != 1:
            return None
        other = next(a for a in d.args if a is not roots[0])
        root = roots[0]
        first, second = (root, other) if not other.could_extract_minus_sign() else (other, root)  # √d − b, b − √d
        conjugate, below = add(first, neg(second)), expand(first**2 - second**2)
        if below.has(Pow) and any(p.exp == S.Half for p in below.atoms(Pow)):
            return None
        return frac(mul(n, conjugate) if n != 1 else conjugate, below)


def _is_root_term(a: Expr) -> bool:
    """Whether a is a square root, or a number times one."""
    c, rest = a.as_coeff_Mul()
    return isinstance(rest, Pow) and rest.exp == S.Half


ARITHMETIC = Arithmetic()
CONJUGATE = Conjugate()
FOLD = FoldDefinition()
RECOGNIZE = Recognize()
PYTHAGOREAN_RULE = Pythagorean(DIVIDED)  # the pair, 1 + tan²u and 1 + cot²u: what naming and the alternative forms read
PYTHAGOREAN_FULL = Pythagorean()  # every square too: the textbook tidy, and a form in y (rules/identities.py)
FACTOR = Factor()
ON_RANGE = OnRange()
SIGN_EVEN_POWER = EvenPowerOfSign()
LOWEST_TERMS = LowestTerms()
COMPOUND, INTO_ROOT, ROOT_OF_FRACTION = CompoundFraction(), IntoRoot(), RootOfFraction()
CANCEL, EXPAND = Cancel(), Expand()
DIVIDE_BY_FRACTION, MULTIPLY_FRACTIONS = DivideByFraction(), MultiplyFractions()
SEARCH = (AddSubtract(), Split(), CANCEL, FACTOR, EXPAND, PowerOfQuotient(), Separate())
def naming(before: Expr, after: Expr, ctx: Context | None = None) -> AlgRule:
    """The rule that names what a rewrite from ``before`` to ``after`` did, for a step made
    by SymPy's tidying rather than by one rule: the rule that makes ``after`` by rewriting one
    node of ``before``, where one does; else where fractions inside fractions went, the
    compound fraction simplified; where a sum became a product, the factoring it is (a common
    term taken out, a number too: 2/3 + 2y/3 = 2(1 + y)/3; or a sum factored: 1 + 2y + y² = (1 + y)²); where a product of sums became
    a sum, multiplying out; else ARITHMETIC.  A title says what changed, not the shape of the
    result."""
    goal, b = canon(after), canon(before)
    if b == goal:  # SymPy's arithmetic on the writing; or a number or a sign taken outside a sum (2(1 + y)/3)
        return FACTOR if isinstance(b, Add) and isinstance(after, Mul) and any(
            isinstance(f, Add) for f in Mul.make_args(after)) else tidy_rule(before)
    for c in [ctx] if ctx is not None else [Context(v) for v in sorted(before.free_symbols, key=str)]:
        for rule in NAMING:
            for path, node in positions(before):
                new = _applied(rule, node, c)
                if new is not None and canon(replace_at(before, path, new)) == goal:
                    return rule
    if nested(b) > nested(goal):
        return COMPOUND
    if _multiplied_out(b) != _multiplied_out(goal):
        return ARITHMETIC
    if isinstance(b, Add) != isinstance(goal, Add):  # a sum became a product, or a product a sum
        if isinstance(goal, Add):
            return EXPAND
        shared = _common_powers([_powers(split_sign(t)[1]) for t in b.args]) or canon(factor_terms(b)) == goal
        return FACTOR if shared else FACTOR_SUM  # x·S(1 − S)(1 − 2S) + 2S(1 − S): S(1 − S) taken out
    return FACTOR_SUM if _sums(goal) > _sums(b) else EXPAND if _sums(goal) < _sums(b) else ARITHMETIC


def _multiplied_out(e: Expr) -> Expr:
    from sympy import expand

    return expand(e, power_exp=False, power_base=False, log=False)


def _applied(rule: AlgRule, node: Expr, ctx: Context) -> Expr | None:
    try:
        return rule.apply(node, ctx)
    except (TypeError, ValueError, AttributeError):  # a rule meant for another kind of node
        return None


def _sums(e: Expr) -> int:
    """How many products hold a sum as a factor, and powers of a sum: what multiplying out removes."""
    return sum(1 for n in preorder_traversal(e) if _power_of_sum(n) or isinstance(n, Mul) and any(
        isinstance(f, Add) or _power_of_sum(f) for f in n.args))


# the rewrites of the textbook tidy (derive/textbook.py): the search's, and the identities a
# textbook uses to shorten a derivative
FACTOR_SUM, COMMON_DENOMINATOR, COLLECT = FactorSum(), CommonDenominator(), Collect()
QUOTIENT_RULE, NUMBERS = QuotientIdentity(), NumbersInFront()
CANCEL_MULTIPLE = CancelMultiple()
ROOTS_MULTIPLIED, MULTIPLY_INTO, ABOVE_BELOW = RootsMultiplied(), MultiplyInto(), MultiplyAboveBelow()
LOWEST_OF_PARTS, EXPAND_POWERS = LowestTerms(parts=True), Expand(powers=True)  # (derive/reach.py: to a form in cosh y)
SQUARES_OUT = Expand(powers=True, shorter=True)  # (derive/textbook.py: (1 + x)² + (1 − x)² = 2x² + 2)
MULTIPLE_ANGLE = MultipleAngle()  # (derive/reach.py: a function of a multiple of an inverse, before it is undone)
SQUARE_AS_TANGENT = SquareAsTangent()  # (derive/reach.py: f′ written in a kernel that is a tangent)
SECANT = Pythagorean(DIVIDED, named=True, one=False)  # the same identity: 1 + tan²u = sec²u
TEXTBOOK = (COMMON_DENOMINATOR, COLLECT, CANCEL, CANCEL_MULTIPLE, FACTOR, FACTOR_SUM, EXPAND, DoubleAngle(),
            PYTHAGOREAN_FULL, COMPOUND, INTO_ROOT, ROOT_OF_FRACTION, QUOTIENT_RULE, SECANT)
NAMING = (COLLECT, CANCEL, EXPAND, FACTOR, COMPOUND, COMMON_DENOMINATOR, PYTHAGOREAN_RULE, INTO_ROOT)  # what naming tries, node by node
# one fraction, a small step at a time (derive/reach.py walks them, innermost node first)
ONE_FRACTION = (COLLECT, CANCEL, CommonDenominator(as_written=True), DIVIDE_BY_FRACTION, MULTIPLY_FRACTIONS)
RULES = (ARITHMETIC,) + SEARCH + (RECOGNIZE, PYTHAGOREAN_FULL, FOLD, ON_RANGE, SIGN_EVEN_POWER, LOWEST_TERMS, NUMBERS) + tuple(
    r for r in TEXTBOOK if r not in SEARCH + (PYTHAGOREAN_FULL, SECANT)) + (MULTIPLY_FRACTIONS, DIVIDE_BY_FRACTION,
                                                                          ROOTS_MULTIPLIED, MULTIPLY_INTO, ABOVE_BELOW,
                                                                          MULTIPLE_ANGLE, SQUARE_AS_TANGENT, CONJUGATE)
