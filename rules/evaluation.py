"""Evaluating the input as typed (family ``alg``).

SymPy evaluates an expression as it reads it: (2x)³ is read as 8x³, (x²)³ as x⁶, e^{2 ln x} as
x², |x|³ as x²|x|, 2(x + 1) as 2x + 2.  A lecturer writes the function as it was given and
shows each of these as a step.  Each rule here rewrites one node of the input as typed, whose
parts are already in SymPy's form, the way SymPy's evaluation rewrites it, and says which
identity it is; :mod:`derive.held` walks the typed input with them and makes the lines on the
board.  A rule returns the node as the identity writes it (2³x³; the numbers are multiplied
out after it), or None where its precondition does not hold.
"""
from __future__ import annotations

from sympy import Abs, Add, And, Expr, Ge, Gt, Min, Mul, Pow, S, exp, log

from derive.expr import canon, flat_factors as factors  # a product's factors as written

from .algebra import AlgRule
from .base import Example, not_for


def _pow(base: Expr, e: Expr) -> Expr:
    """base^e as written (1 and a base to the power 1 left out)."""
    return base if e == 1 else Pow(base, e, evaluate=False)


class Reciprocal(AlgRule):
    """The reciprocal of a fraction is the fraction upside down: 1/(a/b) = b/a, and so the
    reciprocal of a reciprocal is the number itself: 1/(1/a) = a.

    1/(1/x) = x; 1/(2/x) = x/2; 1/(1/(x + 1)) = x + 1."""

    id, title = "alg-reciprocal-of-fraction", "Reciprocal of a fraction"
    latex = r"\frac{1}{a/b} = \frac{b}{a}"
    examples = (Example("1/(1/x)", "x"), Example("1/(2/x)", "x/2"), Example("1/(1/(x + 1))", "x + 1"),
                not_for("1/x", "one reciprocal"), not_for("1/(2*x)", "no fraction inside"))

    def apply(self, e, ctx):
        inner = _reciprocal_of(e)
        if inner is None:
            return None
        upper = [f.base for f in factors(inner) if isinstance(f, Pow) and f.exp == -1]
        lower = [f for f in factors(inner) if not (isinstance(f, Pow) and f.exp == -1) and f != 1]
        if not upper:
            return None
        top = Mul(*upper, evaluate=False) if len(upper) > 1 else upper[0]
        if not lower:
            return top
        return Mul(top, Pow(Mul(*lower, evaluate=False) if len(lower) > 1 else lower[0], -1, evaluate=False),
                   evaluate=False)


def _reciprocal_of(e: Expr) -> Expr | None:
    """a where ``e`` is 1/a as written (a^(−1), or 1·a^(−1)); else None."""
    rest = [f for f in factors(e) if f != 1]
    if len(rest) == 1 and isinstance(rest[0], Pow) and rest[0].exp == -1:
        return rest[0].base
    return None


class PowerOfPower(AlgRule):
    """A power of a power multiplies the exponents: (a^m)ⁿ = a^{mn}, where n is a whole number,
    or a ≥ 0, or |m| < 1 (then a^m is real only where a ≥ 0); (e^u)ⁿ = e^{nu}.  An even power
    under a root is another rule (√(x²) = |x|).

    (x²)³ = x⁶; (√x)² = x; (x^{1/2})⁴ = x²; (e^x)² = e^{2x}; ((1/2)^x)² = 2^{−2x}."""

    id, title = "alg-power-of-power", "Power of a power"
    latex = r"\left(a^{m}\right)^{n} = a^{mn}"
    examples = (Example("(x**2)**3", "x**6"), Example("(x**(1/2))**4", "x**2"), Example("(sqrt(x))**2", "x"),
                Example("exp(x)**2", "exp(2*x)"),
                not_for("(x**2)**(1/2)", "an even power under a root is |x|: alg-root-of-even-power"))

    def apply(self, e, ctx):
        if isinstance(e, Pow) and isinstance(e.base, exp):  # (e^u)^n = e^{nu}
            return exp(Mul(e.exp, e.base.args[0]))
        if not (isinstance(e, Pow) and isinstance(e.base, Pow)):
            return None
        a, m, n = e.base.base, e.base.exp, e.exp
        if not (n.is_integer or a.is_nonnegative or (m.is_real and abs(m) < 1)):
            return None
        q = canon(a) if a.is_number else None
        if q is not None and q.is_Rational and q.p == 1 and q.q > 1:  # ((1/2)^x)^2 = 2^(−2x), as SymPy writes it
            return _pow(S(q.q), -m * n)
        return _pow(a, m * n)

    @staticmethod
    def where(e):
        """Where the input has a value: a ≥ 0, where a^m is a root (m not whole) of an a that
        may be negative ((√x)² = x for x ≥ 0, where √x is real)."""
        return _root_base_condition([e.base] if isinstance(e.base, Pow) else [])


def _root_base_condition(powers: list):
    """base ≥ 0 for the one base of these powers that is raised to a fraction and may be negative
    (None where there is none, or more than one)."""
    conds = {Ge(p.base, 0) for p in powers
             if isinstance(p, Pow) and not p.exp.is_integer and p.base.is_nonnegative is not True
             and p.base.free_symbols}
    return conds.pop() if len(conds) == 1 else None


class RootOfEvenPower(AlgRule):
    """A root of an even power of a real number is a power of its absolute value:
    (a^{2k})ⁿ = |a|^{2kn} for real a, as √(a²) = |a|.

    √(x²) = |x|; (x⁴)^{1/2} = |x|² = x²; (x²)^{3/2} = |x|³."""

    id, title = "alg-root-of-even-power", "Root of an even power"
    latex = r"\sqrt{a^{2}} = |a|,\quad \left(a^{2k}\right)^{n} = |a|^{2kn}"
    examples = (Example("sqrt(x**2)", "Abs(x)"), Example("(x**2)**(3/2)", "Abs(x)**3"),
                not_for("(x**3)**(1/3)", "an odd power"))

    def apply(self, e, ctx):
        if not (isinstance(e, Pow) and isinstance(e.base, Pow)) or e.exp.is_integer:
            return None
        a, m = e.base.base, e.base.exp
        if not (m.is_integer and m.is_even and a.is_real):
            return None
        return _pow(Abs(a), m * e.exp)


class PowerOfProduct(AlgRule):
    """A power of a product is the product of the powers: (ab)ⁿ = aⁿbⁿ for a whole number n;
    for any n, a factor that is never negative comes out on its own: (4x)^{1/2} = 4^{1/2}x^{1/2}.

    (2x)³ = 2³x³ = 8x³; (3x)² = 3²x² = 9x²; √(4x) = √4·√x = 2√x."""

    id, title = "alg-power-of-product", "Power of a product"
    latex = r"(ab)^{n} = a^{n} b^{n}"
    examples = (Example("(2*x)**3", "2**3*x**3"), Example("(3*x)**2", "3**2*x**2"),
                Example("sqrt(4*x)", "sqrt(4)*sqrt(x)"), not_for("(x + 1)**2", "a sum, not a product"))

    def apply(self, e, ctx):
        if not (isinstance(e, Pow) and isinstance(e.base, Mul)):
            return None
        factors, n = Mul.make_args(e.base), e.exp
        out = list(factors) if n.is_integer else [f for f in factors if f.is_nonnegative]
        if not out:
            return None
        rest = [f for f in factors if f not in out]
        powers = [_pow(f, n) for f in out] + ([_pow(Mul(*rest, evaluate=False), n)] if rest else [])
        return Mul(*powers, evaluate=False)


class AbsPower(AlgRule):
    """An even power of |a| is that power of a, for real a: |a|² = a²; so an odd power keeps
    one |a|: |a|^{2k+1} = a^{2k}|a|.

    |x|³ = x²|x|; |x|⁴ = x⁴; |x − 1|² = (x − 1)²; 1/|x|³ = |x|/x⁴."""

    id, title = "alg-abs-power", "Even power of an absolute value"
    latex = r"|a|^{2k} = a^{2k},\quad |a|^{2k+1} = a^{2k}|a|"
    examples = (Example("Abs(x)**3", "x**2*Abs(x)"), Example("Abs(x)**4", "x**4"),
                not_for("Abs(x)**(1/2)", "not a whole power"))

    def apply(self, e, ctx):
        if not (isinstance(e, Pow) and isinstance(e.base, Abs) and e.exp.is_integer) or abs(e.exp) < 2:
            return None
        a, n = e.base.args[0], e.exp
        if not a.is_real:
            return None
        if n.is_even:
            return _pow(a, n)
        return Mul(_pow(a, n - 1), e.base, evaluate=False)


class ExpOfLog(AlgRule):
    """The exponential of a multiple of a logarithm is a power: e^{k·ln a} = (e^{ln a})^k = a^k,
    for a > 0 (where ln a is defined); a sum in the exponent is a product: e^{u + k ln a} = a^k·e^u.
    One identity, read in two places: on the input as typed (e^{2 ln x} = x², its line "for
    x > 0") and among the identities that shorten a form in y (rules/identities.py:
    log(x)/log 2 = y gives x = e^{y·ln 2} = 2^y, and the slope 1/(x·ln 2) is 2^{−y}/ln 2), where
    a that may be negative is its condition, checked at every point.

    e^{ln x} = x; e^{2 ln x} = x²; e^{1 + ln x} = x·e; e^{−y ln 2} = 2^{−y}; 10^{ln x/ln 10} = x."""

    id, title = "alg-exp-of-log", "Exponential of a logarithm"
    latex = r"e^{k \ln a} = a^{k} \quad (a > 0)"
    examples = (Example("exp(2*log(x))", "x**2"), Example("exp(log(x))", "x"),
                Example("exp(-y*log(2))", "2**(-y)"), Example("exp(2*log(10)*x)", "10**(2*x)"),
                Example("10**(log(x)/log(10))", "x"),
                not_for("exp(2*x)", "no logarithm in the exponent"))

    def apply(self, e, ctx=None):
        base, power = _exponential(e)
        if power is None:
            return None
        powers, rest = [], []
        for t in Add.make_args(power):
            k, logs = _times_log(t)
            if isinstance(logs, log) and len(logs.args) == 1 and logs.args[0].is_positive is not False:
                powers.append(_pow(logs.args[0], k if base is None else canon(k * log(base))))  # b^{k ln a} = a^{k ln b}
            else:
                rest.append(t)
        if not powers:
            return None
        left = [] if not rest else [exp(Add(*rest))] if base is None else [_pow(base, Add(*rest))]
        return Mul(*powers, *left, evaluate=False)

    def where(self, e):
        """Where the identity holds: each logarithm's argument positive (unless it is so)."""
        args = _log_arguments(e)
        conds = [c for c in dict.fromkeys(Gt(a, 0) for a in args if not a.is_positive) if c is not S.true]
        return And(*conds) if conds else None

    def condition(self, e):
        """The same, as the identities state a condition: one relation (min(a, b) > 0 for two)."""
        args = [a for a in _log_arguments(e) if not a.is_positive and Gt(a, 0) is not S.true]
        args = list(dict.fromkeys(args))
        return None if not args else Gt(args[0], 0) if len(args) == 1 else Gt(Min(*args), 0)


def _log_arguments(e: Expr) -> list:
    """The arguments a of the logarithms k·ln a in the exponent of e."""
    return [n.args[0] for t in Add.make_args(_exponential(e)[1] or 0) for n in Mul.make_args(t)
            if isinstance(n, log)]


def _times_log(t: Expr) -> tuple:
    """(k, ln a) where the term t is k·ln a, with one factor a logarithm (1/ln 10 is no such
    factor: ln x/ln 10 is (1/ln 10)·ln x); else (t, None)."""
    if isinstance(t, log):
        return S.One, t
    logs = [f for f in factors(t) if isinstance(f, log)]
    if len(logs) != 1:
        return t, None
    rest = [f for f in factors(t) if f is not logs[0]]
    return (Mul(*rest, evaluate=False) if len(rest) > 1 else rest[0] if rest else S.One), logs[0]


def _exponential(e: Expr) -> tuple:
    """(None, u) for e^u; (b, u) for b^u with a number b > 0 other than e (10^{ln x/ln 10} = x,
    the power undoing the logarithm to its base); (None, None) otherwise."""
    if isinstance(e, exp):
        return None, e.args[0]
    if isinstance(e, Pow) and e.base.is_number and e.base.is_positive and e.base != 1 and e.exp.has(log):
        return e.base, e.exp
    return None, None


class ChangeOfBase(AlgRule):
    """A logarithm to any base is the natural logarithm divided by that of the base: the
    logarithm of a to the base b is ln a/ln b, for b > 0, b ≠ 1 (b to that power is a; take ln
    of both sides).

    log(x, 2) = ln x/ln 2; log(2x, 10) = ln(2x)/ln 10; log(x, b) = ln x/ln b."""

    id, title = "alg-change-of-base", "Change of base"
    latex = r"\log_{b} a = \frac{\ln a}{\ln b}"
    examples = (Example("log(x, 2)", "log(x)/log(2)"), Example("log(2*x, 10)", "log(2*x)/log(10)"),
                not_for("log(x)", "the natural logarithm already"))

    def apply(self, e, ctx=None):
        if not (isinstance(e, log) and len(e.args) == 2):
            return None
        return Mul(log(e.args[0], evaluate=False), Pow(log(e.args[1], evaluate=False), -1, evaluate=False),
                   evaluate=False)


class LogOfExp(AlgRule):
    """The logarithm undoes the exponential: ln(e^u) = u for real u.

    ln(e^x) = x; ln(e^{2x + 1}) = 2x + 1."""

    id, title = "alg-log-undoes-exp", "The logarithm undoes the exponential"
    latex = r"\ln e^{u} = u"
    examples = (Example("log(exp(x))", "x"), Example("log(exp(2*x + 1))", "2*x + 1"),
                not_for("log(exp(x) + 1)", "a sum of exponentials"))

    def apply(self, e, ctx):
        if isinstance(e, log) and len(e.args) == 1 and isinstance(e.args[0], exp) and e.args[0].args[0].is_real:
            return e.args[0].args[0]
        return None


class ProductOfPowers(AlgRule):
    """Powers of the same base multiply by adding their exponents: a^m·aⁿ = a^{m+n}, and
    e^u·e^v = e^{u + v}; where they add up to 0 the base cancels (a·(1/a) = a⁰ = 1, a ≠ 0).

    x·x·x = x³; x²·x³ = x⁵; e^x·e^x = e^{2x}; x/(2x) = 1/2."""

    id, title = "alg-product-of-powers", "Product of powers"
    latex = r"a^{m} a^{n} = a^{m+n}"
    examples = (Example("x*x*x", "x**3"), Example("x**2*x**3", "x**5"), Example("exp(x)*exp(x)", "exp(2*x)"),
                Example("x*(1/x)/2", "1/2"),
                not_for("x*y", "different bases"))

    def apply(self, e, ctx):
        if not isinstance(e, Mul):
            return None
        grouped: dict = {}
        for f in factors(e):
            base, k = (exp(1), f.args[0]) if isinstance(f, exp) else f.as_base_exp()
            grouped.setdefault(base, []).append(k)
        if all(len(ks) == 1 for ks in grouped.values()):
            return None
        out = [exp(Add(*ks)) if base == exp(1) else _pow(base, Add(*ks)) for base, ks in grouped.items()
               if len(ks) == 1 or canon(Add(*ks)) != 0]  # x·(1/(2x)): x⁰ = 1, the x cancels
        return Mul(*out, evaluate=False) if len(out) > 1 else out[0] if out else S.One

    @staticmethod
    def where(e):
        """Where the input has a value: a ≥ 0, where a factor is a root of an a that may be
        negative (√x·√x = x for x ≥ 0)."""
        return _root_base_condition(factors(e))


class Distribute(AlgRule):
    """A number before a sum multiplies each of its terms: c(a + b) = ca + cb.

    2(x + 1) = 2x + 2; (x + 1)/2 = x/2 + 1/2; −3(x − 2) = −3x + 6."""

    id, title = "alg-distribute", "Multiply the number into the sum"
    latex = r"c\,(a + b) = c\,a + c\,b"
    examples = (Example("2*(x + 1)", "2*x + 2"), Example("(x + 1)/2", "x/2 + 1/2"),
                not_for("x*(x + 1)", "not a number before the sum"))

    def apply(self, e, ctx):
        if not isinstance(e, Mul):
            return None
        sums = [f for f in factors(e) if isinstance(f, Add)]
        numbers = [f for f in factors(e) if f.is_number]
        if len(sums) != 1 or len(numbers) + 1 != len(factors(e)):
            return None
        c = canon(Mul(*numbers, evaluate=False))
        return Add(*(c * t for t in sums[0].args), evaluate=False) if c.is_Number else None


class Numbers(AlgRule):
    """Numbers are multiplied, raised to their powers and added: 2³ = 8, 3x·2 = 6x, and a
    part of the input without a variable that is a fraction is worked out ((1/2)² + 2 = 9/4).

    2³x³ = 8x³; 3x·2 = 6x; 1² + 2 = 3."""

    id, title = "alg-numbers", "Work out the numbers"
    latex = r"2^{3} = 8,\quad 3x \cdot 2 = 6x"
    examples = (Example("3*x*2", "6*x"), Example("2**3", "8"), Example("(1/2)**2 + 2", "9/4"),
                not_for("2*x", "one number"), not_for("sqrt(2)", "not a fraction: it stays as written"))

    def apply(self, e, ctx):
        if isinstance(e, (Add, Mul, Pow)) and e.is_number and canon(e).is_Rational:
            return canon(e)
        if isinstance(e, Pow) and e.base.is_Number and e.exp.is_Number:
            value = Pow(e.base, e.exp)
            return value if value.is_Rational else None
        args = factors(e) if isinstance(e, Mul) else list(e.args) if isinstance(e, Add) else []
        numbers = [a for a in args if a.is_number and canon(a).is_Rational]
        whole = [a for a in numbers if not a.is_Number and canon(a).is_Integer]  # 2/2 = 1
        if len(numbers) > 1 or whole:
            others = [a for a in args if a not in numbers]
            value = canon(e.func(*numbers, evaluate=False))
            return e.func(value, *others, evaluate=False) if others else value
        return None


class KnownValue(AlgRule):
    """A function at a number where its value is known is that value: ln e = 1, sin π = 0,
    arctan 1 = π/4, |e| = e; and one to any power is one: 1ᵘ = 1.

    ln e = 1; tan π = 0; arctan 1 = π/4; 1^x = 1."""

    id, title = "alg-known-value", "A known value"
    latex = r"\ln e = 1,\quad \sin \pi = 0,\quad \arctan 1 = \tfrac{\pi}{4},\quad 1^{u} = 1"
    examples = (Example("log(E)", "1"), Example("atan(1)", "pi/4"), Example("1**x", "1"),
                Example("log1p(1/2)", "log(3/2)"),
                not_for("log(x)", "not a number"), not_for("log(2)", "no simpler value"))

    def apply(self, e, ctx):
        if isinstance(e, Pow) and e.base == 1:
            return S.One
        if isinstance(e, (Add, Mul, Pow)) or not e.args or e.free_symbols:
            return None
        value = e.func(*(canon(a) for a in e.args))  # log1p(1/2): the fraction read as the number it is
        return None if value == e or value == e.func(*(canon(a) for a in e.args), evaluate=False) else value


class PowerOfFraction(AlgRule):
    """A power of a unit fraction is a negative power of its denominator: (1/a)^u = a^{−u}
    (SymPy writes a product's (1/2)^x so: x·(1/2)^x = x·2^{−x}).

    x·(1/2)^x = x·2^{−x}; (1/3)^x·x² = 3^{−x}x²."""

    id, title = "alg-power-of-fraction", "Power of a fraction"
    latex = r"\left(\frac{1}{a}\right)^{u} = a^{-u}"
    examples = (Example("x*(1/2)**x", "x*2**(-x)"), Example("(1/3)**x*x**2", "3**(-x)*x**2"),
                not_for("(2/3)**x", "not a unit fraction"), not_for("x*2**x", "no fraction"))

    def apply(self, e, ctx=None):
        parts = factors(e) if isinstance(e, Mul) else [e]
        out = [_of_denominator(f) for f in parts]
        if all(o is None for o in out):
            return None
        new = [f if o is None else o for f, o in zip(parts, out)]
        return Mul(*new, evaluate=False) if len(new) > 1 else new[0]


def _of_denominator(f: Expr) -> Expr | None:
    """a^{−u} where f is (1/a)^u with a whole a > 1 and u not a number; else None."""
    if not (isinstance(f, Pow) and f.base.is_number and not f.exp.is_number):
        return None
    q = canon(f.base)
    if not (q.is_Rational and q.p == 1 and q.q > 1):
        return None
    return Pow(S(q.q), -f.exp, evaluate=False)


class Rationalize(AlgRule):
    """A root in a denominator is moved to the numerator: 1/√a = √a/a, a^{−r} = a^{c−r}/a^{c}
    for a whole number c ≥ r.

    1/√2 = √2/2; 3^{−1/2} = √3/3; 2^{−3/2} = √2/4."""

    id, title = "alg-rationalize", "Rationalise the denominator"
    latex = r"\frac{1}{\sqrt{a}} = \frac{\sqrt{a}}{a}"
    examples = (Example("2**(-1/2)", "sqrt(2)/2"), Example("3**(-1/2)", "sqrt(3)/3"),
                not_for("2**(1/2)", "no root below the line"))

    def apply(self, e, ctx):
        r = canon(e.exp) if isinstance(e, Pow) and e.exp.is_number else None
        if not (r is not None and e.base.is_Integer and e.base > 1 and r.is_Rational and r < 0 and r.q > 1):
            return None
        c = -(r.p // r.q)  # the whole number just above −r
        return Mul(Pow(e.base, c + r, evaluate=False), Pow(Pow(e.base, c, evaluate=False), -1, evaluate=False),
                   evaluate=False)


NUMBERS = Numbers()
EXP_OF_LOG = ExpOfLog()
# in the order they are tried at a node: the first whose result SymPy's evaluation agrees with names the
# step (numbers first: (1/2)² is worked out, not a power of a power)
RULES = (NUMBERS, KnownValue(), Rationalize(), Reciprocal(), RootOfEvenPower(), PowerOfPower(),
         PowerOfProduct(), AbsPower(), EXP_OF_LOG, ChangeOfBase(), LogOfExp(), ProductOfPowers(), Distribute(),
         PowerOfFraction())
