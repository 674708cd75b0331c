"""Solving an equation lhs = rhs for an unknown that occurs once in lhs (family ``alg``).

Each rule undoes the outermost operation of lhs on both sides, as a student does when
solving y = f(x) for x: subtract, divide, take a root, take logarithms, apply the inverse
function.  ``apply(lhs, rhs, t)`` returns the new pair, or None when the rule does not fit the
outermost operation.  :func:`solve_steps` applies them until lhs is the unknown.
"""
from __future__ import annotations

from sympy import (
    Abs, Add, Dummy, Expr, Ge, Integer, Mul, Pow, Rational, S, Symbol, exp, expand, factor_terms, fraction, log, sign,
    together,
)

from derive.facts import inverses

from .base import Example, Rule, not_for

INVERSES = inverses()  # F → F⁻¹ on its branch, for the functions unwound (derive/facts.py, one row each)


class SolveRule(Rule):
    def apply(self, lhs: Expr, rhs: Expr, t) -> tuple | None:  # pragma: no cover - interface
        raise NotImplementedError

    def condition(self, lhs: Expr, rhs: Expr):
        """What must hold for the line lhs = rhs this rule wrote to say no more than the one
        before (None: nothing)."""
        return None


def _split(e: Expr, t) -> tuple | None:
    """(the one argument of a sum or product holding t, the others combined)."""
    inner = [a for a in e.args if a.has(t)]
    if len(inner) != 1:
        return None
    return inner[0], e.func(*[a for a in e.args if not a.has(t)])


class SolveSubtract(SolveRule):
    """a + u = r  ⇒  u = r − a: subtract the terms without the unknown from both sides."""

    id, title = "alg-solve-subtract", "Subtract from both sides"
    latex = r"a + u = r \;\Rightarrow\; u = r - a"
    examples = (Example("1 + exp(x) = exp(y)", "exp(x) = exp(y) - 1"),
                not_for("x + exp(x) = y", "x occurs twice: no term is free of it"))

    def apply(self, lhs, rhs, t):
        found = _split(lhs, t) if isinstance(lhs, Add) else None
        return None if found is None else (found[0], rhs - found[1])


def _root_term(e: Expr, t) -> bool:
    """Whether e is a square root holding t, or a number times one (−√(x² + 1), √(x² + b)/2)."""
    inner = [a for a in Mul.make_args(e) if a.has(t)]
    return len(inner) == 1 and isinstance(inner[0], Pow) and inner[0].exp == Rational(1, 2)


class SolveIsolate(SolveRule):
    """a + √(u) = r  ⇒  √(u) = r − a, where a holds the unknown too: isolate the square root, the
    other terms taken to the right-hand side, so that squaring removes it."""

    id, title = "alg-solve-isolate", "Isolate the root"
    latex = r"a + \sqrt{u} = r \;\Rightarrow\; \sqrt{u} = r - a"
    examples = (Example("x/2 + sqrt(x**2 + 4)/2 = y", "sqrt(x**2 + 4)/2 = y - x/2"),
                Example("sqrt(x**2 + 1) - x = y", "sqrt(x**2 + 1) = x + y"),
                not_for("1 + sqrt(x) = y", "the other term is free of x: subtract it"),
                not_for("x + sqrt(x) + sqrt(x + 1) = y", "two roots"))

    def apply(self, lhs, rhs, t):
        if not isinstance(lhs, Add):
            return None
        roots, rest = [a for a in lhs.args if _root_term(a, t)], [a for a in lhs.args if not _root_term(a, t)]
        if len(roots) != 1 or not any(a.has(t) for a in rest) or any(a.has(Pow) and _radical(a, t) for a in rest):
            return None
        return roots[0], rhs - Add(*rest)


def _radical(e: Expr, t) -> bool:
    """Whether e holds a fractional power of something in t (a second root the square keeps)."""
    return any(p.base.has(t) and p.exp.is_Rational and not p.exp.is_Integer for p in e.atoms(Pow))


class SolveSquare(SolveRule):
    """√(u) = r  ⇒  u = r², where r ≥ 0: square both sides.  Squaring is undone by the root only
    where r ≥ 0 (as √(u) is), so the line says so; where the unknown is still on the right, that
    condition holds on the values y takes (√(x² + b) = 2y − x: 2y − x ≥ 0)."""

    id, title = "alg-solve-square", "Square both sides"
    latex = r"\sqrt{u} = r \;\Rightarrow\; u = r^{2} \quad (r \ge 0)"
    examples = (Example("sqrt(x**2 + 4) = 2*y - x", "x**2 + 4 = (2*y - x)**2"),
                not_for("sqrt(x) = y", "the right-hand side is free of x: take the root (alg-solve-root)"))

    def apply(self, lhs, rhs, t):
        if isinstance(lhs, Pow) and lhs.exp == Rational(1, 2) and lhs.base.has(t) and rhs.has(t):
            return lhs.base, Pow(rhs, 2, evaluate=False)
        return None

    def condition(self, lhs, rhs):
        return Ge(rhs.base, 0) if isinstance(rhs, Pow) and rhs.exp == 2 else None


class SolveDivide(SolveRule):
    """a·u = r  ⇒  u = r/a: divide both sides by the factors without the unknown; by −a, both
    sides negated, where a is a negated sum (−(y + 1)·t = 1 − y: t = (y − 1)/(y + 1))."""

    id, title = "alg-solve-divide", "Divide both sides"
    latex = r"a\,u = r \;\Rightarrow\; u = \frac{r}{a}"
    examples = (Example("log(1 + exp(beta*x))/beta = y", "log(1 + exp(beta*x)) = beta*y"),
                Example("-(y + 1)*x = 1 - y", "x = (y - 1)/(y + 1)"))

    def apply(self, lhs, rhs, t):
        found = _split(lhs, t) if isinstance(lhs, Mul) else None
        if found is None or not self.takes(found[1]):
            return None
        a = found[1]
        return (found[0], (-rhs) / (-a)) if _negated(a) else (found[0], rhs / a)

    def takes(self, a: Expr) -> bool:
        """Whether this rule undoes the factor ``a`` of the unknown."""
        return True


def _negated(a: Expr) -> bool:
    """Whether ``a`` is written with minus signs only: −y − 1, −2y (not 1 − y)."""
    return all(term.as_coeff_Mul()[0].is_negative for term in Add.make_args(a))


class SolveMultiply(SolveDivide):
    """u/a = r  ⇒  u = a·r: multiply both sides by what divides the unknown (and −u = r by −1)."""

    id, title = "alg-solve-multiply", "Multiply both sides"
    latex = r"\frac{u}{a} = r \;\Rightarrow\; u = a\,r"
    examples = (Example("log(x)/log(10) = y", "log(x) = y*log(10)"),)

    def takes(self, a: Expr) -> bool:
        return all(_divisor(f) for f in Mul.make_args(a))


def _divisor(a: Expr) -> bool:
    """1/b, −1, 1/2: a factor that divides (or only changes the sign)."""
    return (a.is_Pow and a.exp.is_negative) or (a.is_Rational and abs(a.p) == 1)


class SolveSquareRoot(SolveRule):
    """√u = r  ⇒  u = r²: square both sides (r ≥ 0 where √u = r holds: the check at every sample
    point says so)."""

    id, title = "alg-solve-square-root", "Square both sides"
    latex = r"\sqrt{u} = r \;\Rightarrow\; u = r^{2}"
    examples = (Example("sqrt(1 + x) = y", "1 + x = y**2"),)

    def apply(self, lhs, rhs, t):
        if isinstance(lhs, Pow) and lhs.exp == S.Half:
            return lhs.base, rhs ** 2
        return None


class SolveRoot(SolveRule):
    """uⁿ = r  ⇒  u = r^{1/n}: take the n-th root of both sides (where u ≥ 0 for even n: the
    check at every sample point says whether the definition's values allow it)."""

    id, title = "alg-solve-root", "Take the root of both sides"
    latex = r"u^{n} = r \;\Rightarrow\; u = r^{1/n}"
    examples = (Example("(1 + exp(x))**3 = y", "1 + exp(x) = y**(1/3)"),)

    def apply(self, lhs, rhs, t):
        if isinstance(lhs, Pow) and not lhs.exp.has(t) and lhs.exp != -1:
            return lhs.base, rhs ** (1 / lhs.exp)
        return None


class SolveReciprocal(SolveRule):
    """1/u = r  ⇒  u = 1/r: take the reciprocal of both sides (r ≠ 0, as 1/u never is)."""

    id, title = "alg-solve-reciprocal", "Take reciprocals of both sides"
    latex = r"\frac{1}{u} = r \;\Rightarrow\; u = \frac{1}{r}"
    examples = (Example("(1 + exp(-x))**(-1) = y", "1 + exp(-x) = 1/y"),
                not_for("(1 + exp(x))**(-2) = y", "a power other than −1: take the root (alg-solve-root)"))

    def apply(self, lhs, rhs, t):
        if isinstance(lhs, Pow) and lhs.exp == -1:
            return lhs.base, 1 / rhs
        return None


class SolveOddRoot(SolveRule):
    """uⁿ = r, n odd  ⇒  u = sign(r)·|r|^{1/n}: take the real n-th root of both sides, which
    holds for every real u, negative too (x³ = y gives x = sign(y)·|y|^{1/3}: at y = −8, x = −2, where
    the principal root y^{1/3} is not real).  Taken where u may be negative; where u ≥ 0,
    :class:`SolveRoot` writes r^{1/n}."""

    id, title = "alg-solve-odd-root", "Take the real odd root of both sides"
    latex = r"u^{n} = r,\ n \text{ odd} \;\Rightarrow\; u = \operatorname{sign}(r)\,|r|^{1/n}"
    examples = (Example("(3*x + 2)**5 = y", "3*x + 2 = sign(y)*Abs(y)**(1/5)"),
                Example("x**(-3) = y", "x = sign(y)*Abs(y)**(-1/3)"),
                not_for("(1 + exp(x))**3 = y", "1 + e^x is positive: the root is y^{1/3}"),
                not_for("x**2 = y", "an even power"))

    def apply(self, lhs, rhs, t):
        if not (isinstance(lhs, Pow) and isinstance(lhs.exp, Integer) and lhs.exp % 2 == 1 and abs(lhs.exp) > 1):
            return None
        if lhs.base.is_nonnegative:
            return None
        return lhs.base, sign(rhs) * Abs(rhs) ** (Integer(1) / lhs.exp)


class SolveLogarithm(SolveRule):
    """bᵘ = r  ⇒  u = log r / log b: take logarithms of both sides."""

    id, title = "alg-solve-log", "Take logarithms of both sides"
    latex = r"b^{u} = r \;\Rightarrow\; u = \frac{\log r}{\log b}"
    examples = (Example("2**sqrt(x) = y", "sqrt(x) = log(y)/log(2)"),)

    def apply(self, lhs, rhs, t):
        if isinstance(lhs, Pow) and not lhs.base.has(t):
            return lhs.exp, log(rhs) / log(lhs.base)
        return None


class SolveInverse(SolveRule):
    """F(u) = r  ⇒  u = F⁻¹(r): apply the inverse function to both sides (eᵘ = r gives
    u = log r, log u = r gives u = eʳ, tanh u = r gives u = atanh r)."""

    id, title = "alg-solve-inverse", "Apply the inverse function to both sides"
    latex = r"F(u) = r \;\Rightarrow\; u = F^{-1}(r)"
    examples = (Example("log(1 + exp(x)) = y", "1 + exp(x) = exp(y)"), Example("atan(x) = y", "x = tan(y)"))

    def apply(self, lhs, rhs, t):
        if lhs.func in INVERSES and len(lhs.args) == 1:
            return lhs.args[0], INVERSES[lhs.func](rhs)
        return None


class SolveExponentiate(SolveRule):
    """a + c·log u = r  ⇒  e^a·u^c = e^r: take exponentials of both sides, where the unknown is in a
    sum with a logarithm of it, and the exponential of each term is written (e^{a + b} = e^a·e^b,
    e^{c·log u} = u^c, which holds where log u is real: u > 0).  So x − log(1 + e^x) = y gives
    e^x/(1 + e^x) = e^y, a fraction linear in e^x, which the steps after it solve."""

    id, title = "alg-solve-exp", "Take exponentials of both sides"
    latex = r"a + c\log u = r \;\Rightarrow\; e^{a} u^{c} = e^{r}"
    examples = (Example("x - log(1 + exp(x)) = y", "exp(x)/(1 + exp(x)) = exp(y)"),
                Example("log(x) - log(1 + x) = y", "x/(1 + x) = exp(y)"),
                not_for("log(1 + x) = y", "one logarithm alone: apply the inverse function (alg-solve-inverse)"),
                not_for("log(x) + log(1 + log(x)) = y", "x·(1 + log x): a logarithm of x is left"),
                not_for("x + exp(x) = y", "no logarithm to undo"))

    def apply(self, lhs, rhs, t):
        if not isinstance(lhs, Add) or rhs.has(t) or not _logs_of(lhs, t):
            return None
        lifted = Mul(*[_exponential(a) for a in lhs.args])
        return None if _logs_of(lifted, t) else (lifted, exp(rhs))


def _logs_of(e: Expr, t) -> list:
    """The logarithms in ``e`` of something holding ``t``."""
    return [n for n in e.atoms(log) if n.has(t)]


def _exponential(a: Expr) -> Expr:
    """eᵃ written without a logarithm where ``a`` is a multiple of one (e^{−log u} = 1/u); else eᵃ."""
    c, rest = a.as_coeff_Mul()
    return Pow(rest.args[0], c) if isinstance(rest, log) else exp(a)


class SolveCrossMultiply(SolveRule):
    """n(u)/d(u) = r  ⇒  n(u) = r·d(u): multiply both sides by the denominator (where d ≠ 0,
    as it is wherever the definition is)."""

    id, title = "alg-solve-cross-multiply", "Multiply both sides by the denominator"
    latex = r"\frac{n}{d} = r \;\Rightarrow\; n = r\,d"
    examples = (Example("exp(x)/(1 + exp(x)) = y", "exp(x) = y*(1 + exp(x))"),)

    def apply(self, lhs, rhs, t):
        n, d = fraction(together(lhs))
        return (n, rhs * d) if d.has(t) else None


class SolveCollect(SolveRule):
    """a·u + b = c·u + e  ⇒  (a − c)·u = e − b: bring the terms in the unknown to one side and
    take it out of them."""

    id, title = "alg-solve-collect", "Collect the terms in the unknown"
    latex = r"a u + b = c u + e \;\Rightarrow\; (a - c)\,u = e - b"
    examples = (Example("x = y*(1 + x)", "x*(1 - y) = y"),)

    def apply(self, lhs, rhs, t):
        linear = (expand(lhs) - expand(rhs)).as_poly(t)
        if linear is None or linear.degree() != 1:
            return None
        a, b = linear.all_coeffs()
        if a == 1:  # (eˣ(1 − e^{−x}) = eʸ: eˣ = eʸ + 1, nothing to divide by)
            return t, -b
        return Mul(*Mul.make_args(factor_terms(a)), t, evaluate=False), -b  # −2y·x, not (−2y)·x


class SolveQuadratic(SolveRule):
    """a·u² + b·u + c = 0  ⇒  u = (−b + √(b² − 4ac))/(2a): solve the quadratic, the + root taken,
    which is u where 2a·u + b ≥ 0 (the root is never negative); the line says so, and is checked
    to hold only where that does.  So e^{2x} − 1 = y·eˣ gives eˣ = (y + √(y² + 4))/2, where
    2eˣ − y = eˣ + e⁻ˣ ≥ 0 (always)."""

    id, title = "alg-solve-quadratic", "Solve the quadratic, the + root"
    latex = r"a u^{2} + b u + c = 0 \;\Rightarrow\; u = \frac{-b + \sqrt{b^{2} - 4ac}}{2a}"
    examples = (Example("exp(2*x) - 1 = y*exp(x)", "exp(x) = y/2 + sqrt(y**2 + 4)/2"),
                not_for("exp(x) - 1 = y", "linear in eˣ: subtract"),
                not_for("exp(3*x) = y*exp(x)", "no quadratic in one power of eˣ"))

    def apply(self, lhs, rhs, t):
        for u in (t, exp(t)):  # a quadratic in the unknown, or in its exponential
            poly = expand(lhs - rhs).as_poly(u)
            if poly is None or poly.degree() != 2:
                continue
            a, b, c = poly.all_coeffs()
            if not any(k.has(t) for k in (a, b, c)):
                return u, expand(-b / (2 * a)) + Pow(expand(b**2 - 4 * a * c), S.Half) / (2 * a)
        return None

    def condition(self, lhs, rhs):
        """u ≥ −b/(2a), −b/(2a) read as the terms of the root without √: where the + root is u."""
        rest = Add(*[a for a in Add.make_args(rhs) if not any(p.exp == S.Half for p in a.atoms(Pow))])
        return Ge(lhs - rest, 0) if rest != rhs else None


class SolveSquareSides(SolveRule):
    """u = r, where u holds a square root and u² is a fraction without one  ⇒  u² = r²: square
    both sides. So x/√(1 + x²) = y gives x²/(1 + x²) = y², and the root is taken back at the end
    with the sign of the unknown."""

    id, title = "alg-solve-square-sides", "Square both sides"
    latex = r"u = r \;\Rightarrow\; u^{2} = r^{2}"
    examples = (Example("x/sqrt(1 + x**2) = y", "x**2/(1 + x**2) = y**2"),
                not_for("sqrt(x) + x = y", "its square still holds a root"),
                not_for("x/(1 + x) = y", "no root to remove"))

    def apply(self, lhs, rhs, t):
        if not _radical(lhs, t) or rhs.has(t):
            return None
        square = together(expand(lhs**2))
        if _radical(square, t) or not square.is_rational_function(t):
            return None
        return square, rhs**2


class SolveSignedRoot(SolveRule):
    """u² = v²·w  ⇒  u = v·√(w), where u has the sign of v: take the square root of both sides
    with the sign of the unknown. So x² = y²·w gives x = y·√(w) where x has the sign of y, as it
    has for y = x/√(1 + x²) (w = 1/(1 − y²)); the check at every point says whether it does."""

    id, title = "alg-solve-signed-root", "Take the square root with the sign of the unknown"
    latex = r"u^{2} = v^{2} w \;\Rightarrow\; u = v \sqrt{w}"
    examples = (Example("x**2 = y**2/(1 - y**2)", "x = y*sqrt(1/(1 - y**2))"),
                not_for("x**2 = y", "no square on the right to take the sign from"))

    def apply(self, lhs, rhs, t):
        if not (isinstance(lhs, Pow) and lhs.exp == 2) or rhs.has(t):
            return None
        squares = [a for a in Mul.make_args(rhs) if _square(a) is not None]
        if not any(a.has(Symbol) for a in squares):
            return None
        rest = Mul(*[a for a in Mul.make_args(rhs) if a not in squares])
        return lhs.base, Mul(*[_square(a) for a in squares], Pow(rest, S.Half, evaluate=False))


def _square(a: Expr) -> Expr | None:
    """b where a is b² (an even power, or a positive rational square: 4 = 2²)."""
    if isinstance(a, Pow) and a.exp.is_Integer and a.exp % 2 == 0 and a.exp > 0:
        return a.base ** (a.exp / 2)
    if a.is_Rational and a > 0 and (root := a ** S.Half).is_Rational:
        return root
    return None


class SolveMagnitude(SolveRule):
    """u = r, where u holds an absolute value and |u| holds none (for real values)  ⇒  |u| = |r|:
    take absolute values of both sides.  So x·|x| = y gives x² = |y|, which holds for x of
    either sign (|x·|x|| = |x|² = x²)."""

    id, title = "alg-solve-magnitude", "Take absolute values of both sides"
    latex = r"u = r \;\Rightarrow\; |u| = |r|"
    examples = (Example("x*Abs(x) = y", "x**2 = Abs(y)"), Example("x**3*Abs(x) = y", "x**4 = Abs(y)"),
                not_for("x + Abs(x) = y", "|x + |x|| still holds an absolute value"),
                not_for("x**3 = y", "no absolute value to remove"))

    def apply(self, lhs, rhs, t):
        if not lhs.has(Abs) or rhs.has(t):
            return None
        real = {s: Dummy(s.name, real=True) for s in lhs.free_symbols}
        magnitude = _magnitude(lhs.xreplace(real)).xreplace({v: k for k, v in real.items()})
        return None if magnitude.has(Abs) else (magnitude, Abs(rhs))


def _magnitude(e: Expr) -> Expr:
    """|e|, a product's and a whole power's taken factor by factor (|x·|x|| = |x|·|x|)."""
    if isinstance(e, Mul):
        return Mul(*[_magnitude(a) for a in e.args])
    if isinstance(e, Pow) and e.exp.is_Integer:
        return _magnitude(e.base) ** e.exp
    return e if isinstance(e, Abs) else Abs(e)


class SolveEvenRoot(SolveRule):
    """u²ᵏ = r  ⇒  |u| = r^{1/(2k)}: take the even root of both sides, which gives the magnitude
    of u, whatever its sign (x² = |y|: |x| = √|y|)."""

    id, title = "alg-solve-even-root", "Take the even root of both sides"
    latex = r"u^{2k} = r \;\Rightarrow\; |u| = r^{1/(2k)}"
    examples = (Example("x**2 = Abs(y)", "Abs(x) = sqrt(Abs(y))"), Example("x**4 = y", "Abs(x) = y**(1/4)"),
                not_for("x**3 = y", "an odd power: alg-solve-odd-root"))

    def apply(self, lhs, rhs, t):
        if not (isinstance(lhs, Pow) and lhs.exp.is_Integer and lhs.exp > 0 and lhs.exp % 2 == 0) or rhs.has(t):
            return None
        return Abs(lhs.base), rhs ** (Integer(1) / lhs.exp)


SOLVE_SQUARE_SIDES, SOLVE_SIGNED_ROOT = SolveSquareSides(), SolveSignedRoot()
SOLVE_MAGNITUDE, SOLVE_EVEN_ROOT = SolveMagnitude(), SolveEvenRoot()


def solve_magnitude_steps(lhs: Expr, rhs: Expr, t) -> list | None:
    """[(rule, lhs, rhs), ...] from lhs = rhs to |t| = solution where the absolute values of both
    sides leave an even power of t (x·|x| = y: x² = |y|, |x| = √|y|); None where lhs is not so."""
    first = SOLVE_MAGNITUDE.apply(lhs, rhs, t)
    second = None if first is None else SOLVE_EVEN_ROOT.apply(*first, t)
    if second is None or second[0] != Abs(t):
        return None
    return [(SOLVE_MAGNITUDE, *first), (SOLVE_EVEN_ROOT, *second)]


def solve_squared_steps(lhs: Expr, rhs: Expr, t) -> list | None:
    """[(rule, lhs, rhs), ...] from lhs = rhs to t = solution where lhs holds a square root whose
    square is a fraction linear in t² above and below (x/√(1 + x²) = y): square both sides,
    solve for t² as for a fraction linear in it, take the root with the sign of t; None where
    lhs is not so."""
    first = SOLVE_SQUARE_SIDES.apply(lhs, rhs, t)
    if first is None:
        return None
    s = Dummy("s")
    in_s = first[0].subs(t**2, s)
    if in_s.has(t):
        return None
    middle = solve_linear_steps(in_s, first[1], s)
    if not middle:
        return None
    middle = [(rule, a.subs(s, t**2), b.subs(s, t**2)) for rule, a, b in middle]
    last = SOLVE_SIGNED_ROOT.apply(t**2, middle[-1][2], t)
    return None if last is None else [(SOLVE_SQUARE_SIDES, *first)] + middle + [(SOLVE_SIGNED_ROOT, *last)]


SOLVE_SUBTRACT, SOLVE_DIVIDE, SOLVE_ROOT = SolveSubtract(), SolveDivide(), SolveRoot()
SOLVE_LOG, SOLVE_INVERSE = SolveLogarithm(), SolveInverse()
SOLVE_CROSS, SOLVE_COLLECT = SolveCrossMultiply(), SolveCollect()
SOLVE_ODD_ROOT, SOLVE_ISOLATE, SOLVE_SQUARE = SolveOddRoot(), SolveIsolate(), SolveSquare()
SOLVE_RECIPROCAL, SOLVE_MULTIPLY, SOLVE_SQUARE_ROOT = SolveReciprocal(), SolveMultiply(), SolveSquareRoot()
SOLVE_EXP, SOLVE_QUADRATIC = SolveExponentiate(), SolveQuadratic()
UNDO = (SOLVE_SUBTRACT, SOLVE_ISOLATE, SOLVE_MULTIPLY, SOLVE_DIVIDE, SOLVE_RECIPROCAL, SOLVE_SQUARE_ROOT, SOLVE_ROOT,
        SOLVE_LOG, SOLVE_INVERSE, SOLVE_EXP)  # one occurrence undone (or the logarithms of a sum, at once)
REAL = (SOLVE_SUBTRACT, SOLVE_ISOLATE, SOLVE_MULTIPLY, SOLVE_DIVIDE, SOLVE_RECIPROCAL, SOLVE_ODD_ROOT,
        SOLVE_SQUARE_ROOT, SOLVE_ROOT, SOLVE_LOG, SOLVE_INVERSE, SOLVE_EXP)  # ... on every real u
BOTH_SIDES = (SOLVE_SQUARE, SOLVE_MULTIPLY, SOLVE_DIVIDE, SOLVE_COLLECT)  # where the unknown is on the right as well
RULES = (SOLVE_SUBTRACT, SOLVE_ISOLATE, SOLVE_MULTIPLY, SOLVE_DIVIDE, SOLVE_RECIPROCAL, SOLVE_SQUARE_ROOT, SOLVE_ROOT,
         SOLVE_ODD_ROOT, SOLVE_SQUARE, SOLVE_LOG, SOLVE_INVERSE, SOLVE_CROSS, SOLVE_COLLECT, SOLVE_SQUARE_SIDES,
         SOLVE_SIGNED_ROOT, SOLVE_MAGNITUDE, SOLVE_EVEN_ROOT, SOLVE_EXP, SOLVE_QUADRATIC)


def solve_steps(lhs: Expr, rhs: Expr, t, real: bool = False) -> list | None:
    """[(rule, lhs, rhs), ...] from lhs = rhs to t = solution, one operation undone a step, and
    where that stops at a fraction linear in t above and below (x/(1 − x) = eʸ), that solved
    ([] where lhs is t already; None where neither gets there).  ``real``: an odd root is the
    real one, sign(r)·|r|^{1/n}, where its base may be negative (the principal r^{1/n} finds the
    form g(y) as SymPy writes it; the real one is the line a lecturer writes)."""
    steps, undo = [], REAL if real else UNDO
    while lhs != t or rhs.has(t):
        rules = BOTH_SIDES if rhs.has(t) else undo  # a root isolated: squared, then the terms collected
        found = next(((r, new) for r in rules if (new := r.apply(lhs, rhs, t)) is not None), None)
        if found is None:
            rest = None if rhs.has(t) else solve_linear_steps(lhs, rhs, t)
            return None if rest is None else steps + rest
        rule, (lhs, rhs) = found
        steps.append((rule, lhs, rhs))
    return steps


def solve_quadratic_steps(lhs: Expr, rhs: Expr, t) -> list | None:
    """[(rule, lhs, rhs), ...] from lhs = rhs to t = solution where lhs is a fraction quadratic in
    t above and below by its denominator (t − 1/t = y: t² − 1 = y·t): multiply by the
    denominator, solve the quadratic (the + root, where it holds); None where lhs is not so."""
    first = SOLVE_CROSS.apply(lhs, rhs, t)
    if first is None or not all(p.is_polynomial(t) for p in first):
        return None
    second = SOLVE_QUADRATIC.apply(*first, t)
    return None if second is None else [(SOLVE_CROSS, *first), (SOLVE_QUADRATIC, *second)]


def solve_linear_steps(lhs: Expr, rhs: Expr, t) -> list | None:
    """The same for a fraction linear in t above and below (t/(1 + t) = y): multiply by the
    denominator, collect the terms in t, divide; or for a product linear in t once multiplied
    out (t(1 − 1/t) = y: t − 1 = y), collect (None where lhs is neither)."""
    first = SOLVE_CROSS.apply(lhs, rhs, t)
    if first is None:
        if rhs.has(t) or not _linear(expand(lhs), t):
            return None
        first, lines = (lhs, rhs), []
    elif not all(_linear(p, t) for p in (first[0], first[1] / rhs)):
        return None
    else:
        lines = [(SOLVE_CROSS, *first)]
    second = SOLVE_COLLECT.apply(*first, t)
    if second is None:
        return None
    rest = _steps(*second, t, UNDO)
    return None if rest is None else lines + [(SOLVE_COLLECT, *second)] + rest


def _linear(p: Expr, t) -> bool:
    """Whether ``p`` is a polynomial in t of degree 1 at most."""
    return p.is_polynomial(t) and p.as_poly(t).degree() <= 1


def _steps(lhs: Expr, rhs: Expr, t, rules: tuple) -> list | None:
    steps = []
    while lhs != t:
        found = next(((r, new) for r in rules if (new := r.apply(lhs, rhs, t)) is not None), None)
        if found is None:
            return None
        rule, (lhs, rhs) = found
        steps.append((rule, lhs, rhs))
    return steps
