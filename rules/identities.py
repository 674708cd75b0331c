"""Identities that shorten a form written in y (family ``alg``).

Substituting x solved from y = f(x) leaves the derivative written through the inverse of f:
2/√(1 − sin²y) for asin(2x), 1/√(1 + sinh²y) for asinh, −1/(1 + 1/tan²y) for atan(1/x).  A
textbook shortens these by the Pythagorean identities, then takes the root of the square by
the sign the function's values give (cos y ≥ 0 on asin's range [−π/2, π/2]).  Each rule here
looks at one node, returns the rewritten node or None, and, where the rewrite holds only for
some values (√(a²) = a for a ≥ 0), says so by ``condition``: the step that uses it states the
condition and is checked to hold only where the condition does at every point.  The
Pythagorean and quotient identities are one rule each (rules/algebra.py: the textbook tidy reads
them too), listed here among the identities a form in y is shortened by.
"""
from __future__ import annotations

from sympy import (
    Abs, Add, Dummy, Expr, Function, Ge, Mul, Pow, Rational, S, acos, acosh, acot, acoth, asin, asinh, atan, atanh, cancel,
    cos, cot, csc, expand, cosh, exp as exp_func, log, sec, sin, sinh, tan, tanh,
)

from derive.expr import canon, frac

from .algebra import PYTHAGOREAN_FULL, QUOTIENT_RULE  # one rule each, read both ways (rules/algebra.py)
from .evaluation import EXP_OF_LOG  # e^{k ln a} = a^k: one rule, read on the input as typed too (rules/evaluation.py)
from .base import Example, Rule, not_for


class IdentityRule(Rule):
    """A rewrite of one node; ``condition`` is what must hold for it (None: nothing)."""

    def apply(self, e: Expr, ctx=None) -> Expr | None:  # pragma: no cover - interface
        raise NotImplementedError

    def condition(self, e: Expr):
        return None


class RootOfSquare(IdentityRule):
    """The root of a square is the thing squared where that is not negative: (a²)^{k/2} = aᵏ
    for a ≥ 0 (√(cos²u) = cos u where cos u ≥ 0), and |a| = a there.  The step says a ≥ 0 and
    is checked only where a ≥ 0 at every point (for y: the values it takes, cos y ≥ 0 on asin's
    range)."""

    id, title = "alg-root-of-square", "Root of a square"
    latex = r"\sqrt{a^{2}} = a \quad (a \ge 0)"
    examples = (Example("sqrt(cos(y)**2)", "cos(y)", given=("y = asin(x)",)),
                Example("1/sqrt(cos(y)**2)", "1/cos(y)", given=("y = acos(x)/2",)),
                not_for("sqrt(cos(x)**3)", "not the root of a square"))

    def apply(self, e, ctx=None):
        found = _squared(canon(e))
        return None if found is None else found[1]

    def condition(self, e):
        found = _squared(canon(e))
        if found is None or _real(found[0]).is_nonnegative:
            return None
        return Ge(found[0], 0)


def _real(e: Expr) -> Expr:
    """e with its symbols taken real (y is: cosh y > 0 needs no condition)."""
    return e.xreplace({s: Dummy(real=True) for s in e.free_symbols})


def _squared(e: Expr) -> tuple | None:
    """(a, aᵏ) where e is (a²)^{k/2} with k odd, or |a|ᵏ."""
    if isinstance(e, Abs):
        return e.args[0], e.args[0]
    if not isinstance(e, Pow) or not e.exp.is_Rational:
        return None
    if isinstance(e.base, Abs):
        return e.base.args[0], e.base.args[0] ** e.exp
    if e.exp.q == 2 and isinstance(e.base, Pow) and e.base.exp == 2:
        return e.base.base, e.base.base ** (2 * e.exp)
    return None


class RootOfReciprocal(IdentityRule):
    """A fractional power of a reciprocal is the opposite power: (1/a)^r = a^(−r) for a > 0.
    So the square root of 1/(1 − y²) is 1/√(1 − y²) where 1 − y² > 0, as it is for
    y = x/√(1 + x²)."""

    id, title = "alg-root-of-reciprocal", "Root of a reciprocal"
    latex = r"\left(\frac{1}{a}\right)^{r} = a^{-r} \quad (a > 0)"
    examples = (Example("sqrt(1/(1 - y**2))", "1/sqrt(1 - y**2)", given=("y = x/sqrt(1 + x**2)",)),
                Example("sqrt(-1/(y**2 - 1))", "1/sqrt(1 - y**2)", given=("y = tanh(x)",)),
                not_for("sqrt(1 + 1/y)", "a sum, not a reciprocal"),
                not_for("(1/y)**2", "a whole power: SymPy writes it 1/y² already"))

    def apply(self, e, ctx=None):
        found = _reciprocal_root(e)
        return None if found is None else Pow(found[0], -e.exp)

    def condition(self, e):
        found = _reciprocal_root(e)
        if found is None or _real(found[0]).is_positive:
            return None
        return Ge(found[0], 0)


def _reciprocal_root(e: Expr) -> tuple | None:
    """(a,) where e is (1/a)^r, r a fraction: the base is a number over something holding a symbol,
    a its reciprocal with a leading constant that is positive where it can be."""
    if not (isinstance(e, Pow) and e.exp.is_Rational and not e.exp.is_Integer):
        return None
    c, rest = canon(e.base).as_coeff_Mul()
    if not (isinstance(rest, Pow) and rest.exp == -1 and rest.base.free_symbols and c != 0):
        return None
    return (canon(expand(rest.base / c)),)


def paired(e, first, second):
    """(c, p, d, q, rest) for each two terms c·p and d·q of the sum ``e``, p a call of ``first``
    and q one of ``second``, with the rest of the sum beside them: the pairs that the identities of
    two exponentials or two hyperbolic functions read (e^u + e^(−u), cosh u + sinh u)."""
    terms = list(Add.make_args(e))
    for i, a in enumerate(terms):
        c, p = a.as_independent(first, as_Add=False)
        if not isinstance(p, first):
            continue
        for j, b in enumerate(terms):
            d, q = b.as_independent(second, as_Add=False)
            if j != i and isinstance(q, second):
                yield c, p, d, q, [t for k, t in enumerate(terms) if k not in (i, j)]


class HyperbolicOfExp(IdentityRule):
    """A sum of e^u and e^(−u) with the same coefficient is a hyperbolic cosine, with opposite
    coefficients a hyperbolic sine: e^u + e^(−u) = 2 cosh u and e^u − e^(−u) = 2 sinh u.
    So 2 + e^y + e^(−y) = 2 + 2 cosh y."""

    id, title = "alg-hyperbolic-of-exp", "Exponentials as a hyperbolic function"
    latex = r"e^{u} + e^{-u} = 2\cosh u,\quad e^{u} - e^{-u} = 2\sinh u"
    examples = (Example("2 + exp(y) + exp(-y)", "2 + 2*cosh(y)"), Example("exp(2*x)/2 - exp(-2*x)/2", "sinh(2*x)"),
                Example("1 - exp(y)/2 - exp(-y)/2", "1 - cosh(y)"),
                not_for("exp(y) + 2*exp(-y)", "the coefficients differ"))

    def apply(self, e, ctx=None):
        e = canon(e)
        if not isinstance(e, Add):
            return None
        for c, p, d, q, rest in paired(e, exp_func, exp_func):
            if p.args[0].could_extract_minus_sign() or canon(q.args[0] + p.args[0]) != 0:
                continue
            same, opposite = canon(d - c) == 0, canon(d + c) == 0
            if same or opposite:
                return Add(*rest, 2 * c * (cosh if same else sinh)(p.args[0]))
        return None


class HyperbolicAsExp(IdentityRule):
    """The hyperbolic functions written by their definitions, in exponentials: sinh u =
    (eᵘ − e⁻ᵘ)/2, cosh u = (eᵘ + e⁻ᵘ)/2, tanh u = (eᵘ − e⁻ᵘ)/(eᵘ + e⁻ᵘ); a line of its own
    before y = f(x) is solved for eˣ (sinh x/(1 + cosh x) = y: a fraction in eˣ)."""

    id, title = "alg-hyperbolic-as-exp", "Write the hyperbolic functions in exponentials"
    latex = r"\sinh u = \frac{e^{u} - e^{-u}}{2},\quad \cosh u = \frac{e^{u} + e^{-u}}{2}"
    examples = (Example("sinh(x)/(1 + cosh(x))", "((exp(x) - exp(-x))/2)/(1 + (exp(x) + exp(-x))/2)"),
                Example("tanh(2*x)", "(exp(2*x) - exp(-2*x))/(exp(2*x) + exp(-2*x))"),
                not_for("exp(x)/(1 + exp(x))", "no hyperbolic function"))

    def apply(self, e, ctx=None):
        if not e.has(sinh, cosh, tanh):
            return None
        return e.replace(lambda n: isinstance(n, (sinh, cosh, tanh)), lambda n: _in_exponentials(n))

    def condition(self, *sides):  # as a line of a solve, f = f written otherwise: nothing to hold
        return None


def _in_exponentials(n: Expr) -> Expr:
    """sinh u, cosh u or tanh u by its definition in eᵘ and e⁻ᵘ."""
    u = n.args[0]
    up, down = exp_func(u), exp_func(canon(-u))
    if isinstance(n, tanh):
        return frac(up - down, up + down)
    return frac(up + down if isinstance(n, cosh) else up - down, S(2))


class ExpOfHyperbolic(IdentityRule):
    """A hyperbolic cosine and sine of one argument with the same coefficient add up to an
    exponential, with opposite ones to the exponential of the opposite: cosh u + sinh u = e^u and
    cosh u − sinh u = e^(−u) (the definitions added and subtracted).  So
    e^x(sinh x + cosh x) = e^x·e^x = e^{2x}."""

    id, title = "alg-exp-of-hyperbolic", "Hyperbolic functions as an exponential"
    latex = r"\cosh u + \sinh u = e^{u},\quad \cosh u - \sinh u = e^{-u}"
    examples = (Example("sinh(x) + cosh(x)", "exp(x)"), Example("2*cosh(y) - 2*sinh(y) + 1", "1 + 2*exp(-y)"),
                not_for("cosh(x) + 2*sinh(x)", "the coefficients differ"),
                not_for("cosh(x) + sinh(2*x)", "two arguments"))

    def apply(self, e, ctx=None):
        e = canon(e)
        if not isinstance(e, Add):
            return None
        for c, p, d, q, rest in paired(e, cosh, sinh):
            if canon(q.args[0] - p.args[0]) != 0:
                continue
            if canon(d - c) == 0 or canon(d + c) == 0:
                u = p.args[0] if canon(d - c) == 0 else canon(-p.args[0])
                return Add(*rest, c * exp_func(u))
        return None


class BalanceExponentials(IdentityRule):
    """A fraction whose numerator holds e^m and whose denominator is a power of a sum of two
    exponentials with one coefficient, with m = k(p + q)/2, divided above and below by e^m: the sum
    becomes symmetric, ready to be read as a hyperbolic cosine (alg-hyperbolic-of-exp):
    c·e^m/(a·e^p + a·e^q)^k = c/(a·e^{(p−q)/2} + a·e^{(q−p)/2})^k.  So e^x/(1 + e^{2x}) =
    1/(e^{−x} + e^x) = 1/(2 cosh x).  Only where the new exponents are ones the fraction holds: a
    textbook does not bring in e^{x/2} (e^{−x}/(1 + e^{−x})², the logistic's derivative, stands)."""

    id, title = "alg-balance-exponentials", "Divide above and below by the same exponential"
    latex = r"\frac{c\,e^{m}}{\left(a e^{p} + a e^{q}\right)^{k}} = " \
            r"\frac{c}{\left(a e^{(p-q)/2} + a e^{(q-p)/2}\right)^{k}},\quad m = \tfrac{k(p+q)}{2}"
    examples = (Example("exp(x)/(1 + exp(2*x))", "1/(exp(-x) + exp(x))"),
                Example("2*exp(2*x)/(exp(-x) + exp(3*x))**2", "2/(exp(-2*x) + exp(2*x))**2"),
                not_for("exp(-x)/(1 + exp(-x))**2", "e^{x/2} is no exponent of it: the logistic's derivative stands"),
                not_for("exp(x)/(1 + 2*exp(2*x))", "the coefficients differ"),
                not_for("exp(2*x)/(1 + exp(2*x))", "e^{2x} is not e^{x}: the sum would not be symmetric"))

    def apply(self, e, ctx=None):
        factors = Mul.make_args(canon(e))
        over = [f for f in factors if isinstance(f, Pow) and f.exp.is_Integer and f.exp < 0 and isinstance(f.base, Add)]
        if len(over) != 1 or len(over[0].base.args) != 2:
            return None
        base, k = over[0].base, -over[0].exp
        n = Mul(*[f for f in factors if f is not over[0]])
        sides = [_exponential_term(t) for t in base.args]
        if None in sides or canon(sides[0][0] - sides[1][0]) != 0 or canon(sides[0][1] - sides[1][1]) == 0:
            return None
        (a, p), (_, q) = sides
        rest, m = S.One, S.Zero
        for f in Mul.make_args(n):
            if isinstance(f, exp_func):
                m += f.args[0]
            else:
                rest *= f
        if m == 0 or canon(expand(m - k * (p + q) / 2)) != 0:
            return None
        half = canon(expand((p - q) / 2))
        if not any(canon(expand(half - a)) == 0 or canon(expand(half + a)) == 0 for a in (p, q, m) if a != 0):
            return None  # no exponent the expression does not hold already (e^{x/2} for e^{−x}/(1 + e^{−x})²)
        return rest / Pow(Add(a * exp_func(half), a * exp_func(canon(-half)), evaluate=False), k, evaluate=False)


def _exponential_term(t: Expr) -> tuple | None:
    """(a, p) for a term a·e^p (a free of exponentials; a alone is a·e^0), else None."""
    a, p = S.One, S.Zero
    for f in Mul.make_args(t):
        if isinstance(f, exp_func):
            p += f.args[0]
        elif f.has(exp_func):
            return None
        else:
            a *= f
    return a, p


class ExpOfInverseHyperbolic(IdentityRule):
    """The exponential of an inverse hyperbolic function is algebraic, through its logarithm:
    e^(atanh u) = √(1 + u)/√(1 − u), e^(asinh u) = u + √(u² + 1) and e^(acosh u) = u + √(u² − 1),
    and k·F(u) in the exponent gives their k-th power, where F(u) is real."""

    id, title = "alg-exp-of-inverse-hyperbolic", "Exponential of an inverse hyperbolic function"
    latex = (r"e^{\operatorname{artanh} u} = \frac{\sqrt{1 + u}}{\sqrt{1 - u}},\quad "
             r"e^{\operatorname{arsinh} u} = u + \sqrt{u^{2} + 1}")
    examples = (Example("exp(atanh(y))", "sqrt(1 + y)/sqrt(1 - y)"), Example("exp(asinh(y))", "y + sqrt(y**2 + 1)"),
                Example("exp(-atanh(y))", "sqrt(1 - y)/sqrt(1 + y)"),
                not_for("exp(atan(y))", "an inverse trigonometric function: no logarithm to undo"))

    def apply(self, e, ctx=None):
        from sympy import acosh, asinh, atanh

        e = canon(e)
        if not isinstance(e, exp_func):
            return None
        c, F = e.args[0].as_independent(asinh, acosh, atanh, as_Add=False)
        if not isinstance(F, (asinh, acosh, atanh)) or not c.is_Rational:
            return None
        return canon(exp_func(c * F.rewrite(log)))


def in_half_angle_tangent(e: Expr, half: Expr, t) -> Expr:
    """e with every sin, cos and tan of a whole multiple of u = 2·half written in t = tan(u/2):
    sin u = 2t/(1 + t²), cos u = (1 − t²)/(1 + t²), tan u = 2t/(1 − t²), and their reciprocals
    sec u = (1 + t²)/(1 − t²), csc u = (1 + t²)/(2t), cot u = (1 − t²)/(2t), multiples expanded
    first (sin 2u = 2 sin u cos u); tan(half) itself is t."""
    from sympy import expand_trig

    u = Dummy("u")
    by_t = {sin(u): 2 * t / (1 + t**2), cos(u): (1 - t**2) / (1 + t**2), tan(u): 2 * t / (1 - t**2),
            sec(u): (1 + t**2) / (1 - t**2), csc(u): (1 + t**2) / (2 * t), cot(u): (1 - t**2) / (2 * t)}

    def in_t(n):
        return expand_trig(n.func(u * n.args[0] / (2 * half))).xreplace(by_t)

    e = e.xreplace({tan(half): t})
    return e.replace(lambda n: isinstance(n, HALF_ANGLE_FUNCTIONS) and (n.args[0] / (2 * half)).is_Integer, in_t)


HALF_ANGLE_FUNCTIONS = (sin, cos, tan, sec, csc, cot)  # what the tangent of the half angle writes


def step_of(multiples: list) -> Rational:
    """The largest g of which every one of these rationals c is a whole multiple: the gcd of
    their numerators over the lcm of their denominators (sin 2x and cos 3x/2: g = 1/2, so both
    are functions of u = x/2)."""
    from math import gcd, lcm

    return Rational(gcd(*[c.p for c in multiples]), lcm(*[c.q for c in multiples]))


class HalfAngleTangent(IdentityRule):
    """Sines and cosines written in the tangent of the half angle t = tan(u/2):
    sin u = 2t/(1 + t²) and cos u = (1 − t²)/(1 + t²) (sec, csc, cot their reciprocals, tan their
    quotient), then one fraction in lowest terms, or each fraction inside a function so (sec x +
    tan x = (1 + t)²/(1 − t²) = (1 + t)/(1 − t)).  So 1/(1 + cos x) = (1 + t²)/2 with t = tan(x/2).
    Used where the form in y was found through t."""

    id, title = "alg-half-angle-tangent", "Write in the tangent of the half angle"
    latex = r"\sin u = \frac{2t}{1 + t^{2}},\quad \cos u = \frac{1 - t^{2}}{1 + t^{2}} \quad (t = \tan\tfrac{u}{2})"
    examples = (Example("1/(1 + cos(x))", "(1 + tan(x/2)**2)/2"),
                Example("sin(x)/(1 + cos(x))", "tan(x/2)"),
                Example("log(sec(x) + tan(x))", "log((1 + tan(x/2))/(1 - tan(x/2)))"),
                not_for("x*sin(x)", "x outside the sines: not a function of tan(x/2) alone"),
                not_for("exp(x)", "no sine or cosine"))

    def apply(self, e, ctx=None):
        trig = [n for n in e.atoms(*HALF_ANGLE_FUNCTIONS) if n.args[0].free_symbols]
        symbols = {s for n in trig for s in n.args[0].free_symbols}
        if not trig or len(symbols) != 1:
            return None
        x = next(iter(symbols))
        cs = [n.args[0] / x for n in trig]
        if not all(c.is_Rational for c in cs):
            return None
        half, t = step_of(cs) * x / 2, Dummy("t")
        written = in_half_angle_tangent(e, half, t)
        if written.has(x):
            return None
        if not written.is_rational_function(t):  # (log(sec x + tan x) = log((1 + t)/(1 − t)))
            inside = cancelled_inside(written, t)
            return None if inside == written else canon(inside.xreplace({t: tan(half)}))
        return canon(cancel(written).xreplace({t: tan(half)}))


def cancelled_inside(e: Expr, t) -> Expr:
    """e with each function's argument that is a fraction in t written in lowest terms
    (log((2t + 1 + t²)/(1 − t²)) = log((1 + t)/(1 − t)))."""
    def rational(n) -> bool:
        return isinstance(n, Function) and len(n.args) == 1 and isinstance(n.args[0], Expr) and n.args[0].has(t) \
            and n.args[0].is_rational_function(t) and not n.args[0].is_polynomial(t)

    def lowest(a: Expr) -> Expr:  # (−1 − t)/(t − 1) written (1 + t)/(1 − t)
        n, d = cancel(a).as_numer_denom()
        if all(term.could_extract_minus_sign() for term in Add.make_args(n)):
            n, d = expand(-n), expand(-d)
        return Mul(n, Pow(d, -1))

    return e.replace(rational, lambda n: n.func(lowest(n.args[0])))


class OfInverse(IdentityRule):
    """A function of an inverse function, written without the inverse: f(f⁻¹(u)) = u, as in
    sinh(arsinh u) = u; a function tied to f by a Pythagorean identity, the root that identity
    gives: cosh(arsinh u) = √(1 + u²) and cos(arctan u) = 1/√(1 + u²)."""

    id, title = "alg-of-inverse", "A function of an inverse function"
    latex = r"\sinh(\operatorname{arsinh} u) = u,\quad \cosh(\operatorname{arsinh} u) = \sqrt{1 + u^{2}}"
    examples = (Example("sinh(asinh(exp(y)))", "exp(y)"), Example("cosh(asinh(exp(y)))", "sqrt(1 + exp(2*y))"),
                Example("cos(atan(y))", "1/sqrt(1 + y**2)"), not_for("cosh(sinh(y))", "no inverse inside"))

    def apply(self, e, ctx=None):
        if not (isinstance(e, Function) and len(e.args) == 1 and isinstance(e.args[0], INVERSES)):
            return None
        new = e.func(canon(e.args[0]))
        return None if new.has(type(e.args[0])) else new


# sin A·cos B = (sin(A + B) + sin(A − B))/2 and its kin, as (a, b, [(sign of the term, function, ±1 for A ± B)])
TO_SUM = ((sin, cos, ((1, sin, 1), (1, sin, -1))), (cos, cos, ((1, cos, -1), (1, cos, 1))),
          (sin, sin, ((1, cos, -1), (-1, cos, 1))), (sinh, cosh, ((1, sinh, 1), (1, sinh, -1))),
          (cosh, cosh, ((1, cosh, 1), (1, cosh, -1))), (sinh, sinh, ((1, cosh, 1), (-1, cosh, -1))))


class ProductToSum(IdentityRule):
    """A product of two sines or cosines of different angles is a sum:
    sin A cos B = (sin(A + B) + sin(A − B))/2, cos A cos B = (cos(A − B) + cos(A + B))/2,
    sin A sin B = (cos(A − B) − cos(A + B))/2, and for the hyperbolic functions
    sinh A cosh B = (sinh(A + B) + sinh(A − B))/2, cosh A cosh B = (cosh(A + B) + cosh(A − B))/2,
    sinh A sinh B = (cosh(A + B) − cosh(A − B))/2.  Each such term of a sum is written so, its
    number multiplied in: 2 cos 2x cos x − sin 2x sin x = cos x + cos 3x − cos x/2 + cos 3x/2,
    whose like terms a textbook then collects."""

    id, title = "alg-product-to-sum", "Product-to-sum identity"
    latex = r"\sin A \cos B = \tfrac{1}{2}\left(\sin(A + B) + \sin(A - B)\right)"
    examples = (Example("2*cos(2*x)*cos(x) - sin(2*x)*sin(x)", "cos(x) + cos(3*x) - cos(x)/2 + cos(3*x)/2"),
                Example("sin(3*x)*cos(x)", "sin(4*x)/2 + sin(2*x)/2"),
                not_for("sin(x)*cos(x)", "one angle: the double-angle identity"),
                not_for("sin(x)*cos(x)**2", "a power: not a product of two"))

    def apply(self, e, ctx=None):
        if isinstance(e, Add):
            terms = [_to_sum(t) for t in e.args]
            if all(t is None for t in terms):
                return None
            return Add(*[u for t, a in zip(terms, e.args) for u in (t if t is not None else [a])], evaluate=False)
        found = _to_sum(e) if isinstance(e, Mul) else None
        return None if found is None else Add(*found, evaluate=False)


def _to_sum(t: Expr) -> list | None:
    """The terms the product ``t`` (a number or factors times a(A)·b(B), A ≠ ±B) is the sum of."""
    c = canon(t)
    for a, b, to in TO_SUM:
        for f in Mul.make_args(c):
            if not isinstance(f, a):
                continue
            rest = canon(c / f)
            for g in Mul.make_args(rest):
                A, B = f.args[0], g.args[0] if isinstance(g, b) else None
                if B is None or g is f or canon(A - B) == 0 or canon(A + B) == 0:
                    continue
                k = canon(rest / g)
                if k.has(sin, cos, sinh, cosh) and any(isinstance(h, (sin, cos, sinh, cosh)) for h in Mul.make_args(k)):
                    continue  # three or more: not a product of two
                return [canon(k * sign * F(canon(A + pm * B)) / 2) for sign, F, pm in to]
    return None


class SquareByTheOther(IdentityRule):
    """In a sum holding the squares of a sine and a cosine of one angle, one square written by the
    other (cos²u = 1 − sin²u; cosh²u = 1 + sinh²u) and the like terms collected:
    a cos²u + b sin²u = a + (b − a) sin²u.  So cos²x − 2 sin²x = 1 − 3 sin²x."""

    id, title = "alg-square-by-the-other", "Pythagorean identity, one square by the other"
    latex = r"a\cos^{2} u + b\sin^{2} u = a + (b - a)\sin^{2} u"
    examples = (Example("cos(x)**2 - 2*sin(x)**2", "1 - 3*sin(x)**2"),
                Example("2*cosh(x)**2 + sinh(x)**2", "2 + 3*sinh(x)**2"),
                not_for("cos(x)**2 + sin(x)**2", "the Pythagorean identity itself: 1"),
                not_for("cos(x)**2 - sin(x)**2", "the double-angle identity: cos 2x"))

    def __init__(self, keep_sine: bool = True):
        self.keep_sine = keep_sine  # write the cosine's square by the sine's (else the other way)

    def apply(self, e, ctx=None):
        if not isinstance(e, Add):
            return None
        c = canon(e)
        for a, b, k in ((cos, sin, -1), (cosh, sinh, 1)):  # a² = 1 + k·b²
            for u in sorted({f.args[0] for f in c.atoms(a)}, key=str):
                p, q = c.coeff(a(u) ** 2), c.coeff(b(u) ** 2)
                if p == 0 or q == 0 or p.has(u) or q.has(u) or canon(q - k * p) == 0 or canon(q + k * p) == 0:
                    continue
                rest = canon(c - p * a(u) ** 2 - q * b(u) ** 2)
                if self.keep_sine:  # a² = 1 + k·b²
                    new = [rest + p, canon(q + k * p) * b(u) ** 2]
                else:  # b² = (a² − 1)/k
                    new = [canon(rest - q / k), canon(p + q / k) * a(u) ** 2]
                return Add(*[n for n in reversed(new) if n != 0], evaluate=False) if not self.keep_sine else \
                    Add(*[n for n in new if n != 0], evaluate=False)
        return None


PRODUCT_TO_SUM = ProductToSum()
SQUARE_BY_SINE, SQUARE_BY_COSINE = SquareByTheOther(), SquareByTheOther(keep_sine=False)

INVERSES = (asin, acos, atan, acot, asinh, acosh, atanh, acoth, log)  # f⁻¹ of the functions a solve undoes
OF_INVERSE = OfInverse()

ROOT_OF_SQUARE = RootOfSquare()
ROOT_OF_RECIPROCAL, HALF_ANGLE_TANGENT = RootOfReciprocal(), HalfAngleTangent()
HYPERBOLIC_OF_EXP, EXP_OF_INVERSE_HYPERBOLIC = HyperbolicOfExp(), ExpOfInverseHyperbolic()
EXP_OF_HYPERBOLIC, BALANCE_EXPONENTIALS = ExpOfHyperbolic(), BalanceExponentials()
HYPERBOLIC_AS_EXP = HyperbolicAsExp()
# the order they are tried in, among rewrites equally short: a root of a square taken, a sum
# made a square, a quotient of functions written in sines and cosines, a power of a number
IDENTITIES = (ROOT_OF_SQUARE, PYTHAGOREAN_FULL, QUOTIENT_RULE, EXP_OF_LOG, ROOT_OF_RECIPROCAL, HYPERBOLIC_OF_EXP)
RULES = tuple(r for r in IDENTITIES if r not in (PYTHAGOREAN_FULL, QUOTIENT_RULE, EXP_OF_LOG)) + (  # listed with algebra's, evaluation's
    HALF_ANGLE_TANGENT, EXP_OF_INVERSE_HYPERBOLIC, OF_INVERSE,  # the half angle: only where a form was found through it
    PRODUCT_TO_SUM, SQUARE_BY_SINE, EXP_OF_HYPERBOLIC, BALANCE_EXPONENTIALS,
    HYPERBOLIC_AS_EXP)  # before y = f(x) is solved for eˣ (derive/reach.py)  # the textbook tidy's (derive/textbook.py; a square by the other: one id, both ways)
