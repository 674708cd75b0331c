"""Mal-rules (family ``mal``): the known wrong versions of the rules.

``derive check`` names the slip in a student's first wrong line by applying these to the
function (a differentiation mal-rule: one node of the definition differentiated the
wrong way, the rest right) or to the line before (a rewrite mal-rule: one node of that
line rewritten the wrong way), and seeing which reproduces the student's line
numerically.  Each rule is a small class whose docstring is the wrong maths it stands
for; its ``kind`` is the slip kind reported (``sign``, ``chain``, ``product``,
``quotient``, ``power``, ``exp``, ``constant``, ``factor``, ``table``, ``algebra``).

A differentiation mal-rule gives, for a node ``u`` of the definition, the wrong
derivatives a student writes for it (``wrongs``) with the sentence that says what went
wrong.  It is handed ``d``, the right derivative of any expression (SymPy's), for the
parts the student got right.  A rewrite mal-rule gives, for a node of a line, the wrong
rewrites (``variants``).  Nothing here knows about a particular function.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar

from sympy import Abs, Add, Expr, Function, Mul, Number, Pow, S, exp, factor_terms, log, powdenest, sstr, together

from derive.expr import canon, fraction

from .base import Rule, depends


_MARKED: ContextVar[list | None] = ContextVar("marked", default=None)


def show(e: Expr) -> str:
    """An expression in derive's plain syntax, for the sentences (powers with ^ and Euler's
    number e, as students write them).  While :func:`marking` is in force, a mark instead, that
    :func:`unmark` writes once the sentence is chosen (in the student's notation and order)."""
    marked = _MARKED.get()
    if marked is not None:
        marked.append(e)
        return f"\x00{len(marked) - 1}\x00"
    return re.sub(r"(?<![A-Za-z0-9_])E(?![A-Za-z0-9_(])", "e", sstr(e).replace("**", "^"))


@contextmanager
def marking():
    """Inside the block, :func:`show` marks its expressions in a list (yielded), not writing them."""
    marked: list = []
    token = _MARKED.set(marked)
    try:
        yield marked
    finally:
        _MARKED.reset(token)


def unmark(text: str, marked: list, write) -> str:
    """A sentence with its marks written by ``write`` (an expression → its text)."""
    return re.sub("\x00([0-9]+)\x00", lambda m: write(marked[int(m.group(1))]), text)


def grouped(e: Expr) -> str:
    """An expression as one factor of a sentence's product or quotient: a sum, a negative or a
    fraction in parentheses, (x^2 + 1), (1/x); anything else as it is, x^2, exp(x)."""
    if isinstance(e, Add) or e.could_extract_minus_sign() or fraction(e)[1] != 1 or e.is_Rational and not e.is_Integer:
        return f"({show(e)})"
    return show(e)


def times(*fs: Expr) -> str:
    """A product as the sentences write it, factor by factor: (x^2 + 1)·1, x·(1/x)."""
    return "·".join(grouped(f) for f in fs)


class MalRule(Rule):
    """A wrong version of a rule; ``kind`` is the slip kind it reports; a ``late`` one is tried after
    the rules of every kind that could also reproduce the line."""

    kind: str = ""
    late: bool = False
    constants: bool = False  # a differentiation mal-rule tried on the constant nodes of f too (ln 2)


class MalDiff(MalRule):
    """A differentiation mal-rule: the wrong derivatives of one node."""

    def wrongs(self, u: Expr, x, d) -> list[tuple[Expr, str]]:  # pragma: no cover - interface
        """[(wrong derivative of ``u``, the sentence that names the slip)]; [] when it does not apply."""
        raise NotImplementedError


class MalRewrite(MalRule):
    """A rewrite mal-rule: the wrong rewrites of one node of a line."""

    def variants(self, u: Expr, x) -> list[tuple]:  # pragma: no cover - interface
        """[(the node rewritten wrongly, the sentence)] or [(…, …, the node rewritten rightly, as the
        rule the student meant writes it)]; [] when it does not apply."""
        raise NotImplementedError


def _outer(u: Expr):
    """(F'(v) at v, the inner v) for u = F(v) with one argument, or u = v^n, or u = a^v; else None."""
    if isinstance(u, Function) and len(u.args) == 1:
        return u.fdiff(1), u.args[0]
    if isinstance(u, Pow) and not u.exp.free_symbols & u.base.free_symbols:
        if u.exp.is_number:
            return u.exp * u.base ** (u.exp - 1), u.base
        if u.base.is_number:
            return u * log(u.base), u.exp
    return None


class ChainInnerDropped(MalDiff):
    """Chain rule without the inner derivative: d/dx F(g(x)) written as F′(g(x)), the factor
    g′(x) missing."""

    id, title, kind = "mal-chain-inner", "Inner derivative missing", "chain"
    latex = r"\frac{d}{dx} F(g(x)) \ne F'(g(x))"

    def wrongs(self, u, x, d):
        found = _outer(u)
        if found is None or found[1] == x or not depends(found[1], x) or d(found[1]) == 1:
            return []
        outer, v = found
        return [(outer, f"the chain rule on {show(u)} needs the inner derivative d/d{x}({show(v)}) = "
                        f"{show(table_form(d(v)))} as a factor, and it is missing")]


class ChainMisplaced(MalDiff):
    """The chain rule put together wrongly: d/dx F(g(x)) written F(g′(x)) (the derivative taken
    inside the function: e^(sin x) as e^(cos x); inside a power: sin²x as cos²x), or F′(x)·g′(x)
    (the outer derivative taken at x, not at g(x): arctan(x²) as 2x/(1 + x²)), instead of
    F′(g(x))·g′(x)."""

    id, title, kind = "mal-chain-misplaced", "Chain rule put together wrongly", "chain"
    latex = r"\frac{d}{dx} F(g(x)) \ne F(g'(x)),\ F'(x)\, g'(x)"

    def wrongs(self, u, x, d):
        if isinstance(u, Pow) and u.exp.is_number and u.exp not in (0, 1) and depends(u.base, x) and u.base != x:
            b, n = u.base, u.exp
            if d(b).is_number:
                return []
            return [(d(b) ** n, f"the chain rule on {show(u)} is {show(n * b ** (n - 1))}·{grouped(d(b))}: the "
                                "derivative is not taken inside the power")]
        if not (isinstance(u, Function) and len(u.args) == 1) or u.args[0] == x or not depends(u, x):
            return []
        v = u.args[0]
        dv, right = d(v), f"the chain rule on {show(u)} is F′({show(v)})·{grouped(d(v))}"
        inside = [] if dv.is_number else [(u.func(dv), f"{right}: the derivative is not taken inside the function")]
        return inside + [(u.func(x).fdiff(1) * dv,
                          f"{right}: the outer derivative is taken at {show(x)}, not at {show(v)}")]


class OuterAtInnerDerivative(MalDiff):
    """The chain rule put together wrongly: d/dx F(g(x)) written F′(g′(x)), the outer derivative
    taken at the inner derivative, not at g(x) and times g′(x): ln(x² + 1) as 1/(2x), ln(x³ + 1) as
    1/(3x²), cos(sin x) as −sin(cos x); often with g′'s constant factor also written in front:
    sin(cos x) as −cos(−sin x)."""

    id, title, kind = "mal-chain-at-derivative", "Outer derivative taken at the inner derivative", "chain"
    latex = r"\frac{d}{dx} F(g(x)) \ne F'(g'(x))"

    def wrongs(self, u, x, d):
        if not (isinstance(u, Function) and len(u.args) == 1) or u.args[0] == x or not depends(u, x):
            return []
        v = u.args[0]
        dv = d(v)
        if dv.is_number:
            return []
        outer = u.func(x).fdiff(1)
        at = outer.xreplace({x: dv})
        why = (f"the chain rule on {show(u)} is F′({show(v)})·{grouped(dv)}: the outer derivative is taken at "
               f"{show(v)} and multiplied by the inner derivative {show(dv)}, not taken at {show(dv)}")
        c = dv.as_coeff_Mul()[0]
        return [(at, why)] + ([(c * at, why)] if c != 1 else [])


class OuterPowerOfProduct(MalDiff):
    """The outer derivative written with a power of a product taken on one factor: d/dx F(c·u) with
    F′ holding a power of its argument, (c·u)ⁿ written c·uⁿ: arctan(3x) as 3/(1 + 3x²), arcsin(2x)
    as 2/√(1 − 2x²), instead of 3/(1 + 9x²), 2/√(1 − 4x²)."""

    id, title, kind = "mal-power-of-product", "Power of a product on one factor", "algebra"
    latex = r"(c u)^{n} \ne c\, u^{n}"

    def wrongs(self, u, x, d):
        from sympy import Dummy
        if not (isinstance(u, Function) and len(u.args) == 1 and isinstance(u.args[0], Mul)):
            return []
        c, w = u.args[0].as_coeff_Mul()
        if c in (1, -1) or not c.is_Rational or not depends(w, x):
            return []
        t = Dummy("t")
        outer = u.func(t).fdiff(1)
        powers = [p for p in outer.atoms(Pow) if p.base == t and p.exp.is_Integer and p.exp > 1]
        found = []
        for p in powers:
            wrong = outer.xreplace({p: c * w ** p.exp}).xreplace({t: c * w}) * d(u.args[0])
            held = Pow(Mul(c, w, evaluate=False), p.exp, evaluate=False)
            found.append((wrong, f"{show(held)} is {show(c ** p.exp * w ** p.exp)}, not {show(c * w ** p.exp)}: "
                                 f"the power {show(p.exp)} applies to the factor {show(c)} too"))
        return found


class ReciprocalForgotten(MalDiff):
    """The reciprocal forgotten: d/dx (c/u) written c·u′, the denominator differentiated as if it
    were the function (1/√x as 1/(2√x), 1/x³ as 3x², 2/(x² + 1) as 4x), instead of −c·u′/u²."""

    id, title, kind = "mal-reciprocal", "Reciprocal forgotten", "quotient"
    latex = r"\frac{d}{dx} \frac{c}{u} \ne c\, u'"

    def wrongs(self, u, x, d):
        n, den = fraction(u)
        if den == 1 or depends(n, x) or not depends(den, x):
            return []
        right = -n * d(den) / den**2
        return [(n * d(den), f"the derivative of {show(u)} is {show(right)}: {show(den)} is in the denominator, "
                             f"and {show(n * d(den))} is the derivative of {show(n * den)}")]


class WrongTableRow(MalDiff):
    """A derivative taken from the wrong row of the table: d/dx F(u) written G′(u)·u′ for another
    function G of derive's table, G′ not ±F′: d/dx sec x as sec²x (tan's), d/dx tan x as
    sec x·tan x (sec's), d/dx cot x as −csc x·cot x (csc's), d/dx cosh x as cosh x."""

    id, title, kind = "mal-table", "Derivative from the wrong row of the table", "table"
    latex = r"\frac{d}{dx} \sec x \ne \sec^{2} x"

    def wrongs(self, u, x, d):
        if not (isinstance(u, Function) and len(u.args) == 1) or not depends(u, x):
            return []
        v, F = u.args[0], type(u)
        own = _derivative_values(F)
        found = []
        for G in table_functions():
            wrong = _derivative_values(G)
            if G is F or own is None or wrong is None or any(_alike(own, wrong, sign) for sign in (1, -1)):
                continue
            dv = d(v)
            try:
                w = G(v).fdiff(1) * dv
            except (TypeError, ValueError, AttributeError, NotImplementedError):
                continue
            right = table_form(F(v).fdiff(1)) * dv
            found.append((w, f"the derivative of {show(u)} is {show(right)}; {show(table_form(G(x).fdiff(1)))} is "
                             f"the derivative of {show(G(x))}", right))
        return found


def table_form(e: Expr) -> Expr:
    """A derivative as the table writes it: sec²u for SymPy's 1 + tan²u, −csc²u for −1 − cot²u,
    in a product too (2x sec²(x²))."""
    from .algebra import SECANT
    if isinstance(e, Mul):
        return Mul(*[table_form(f) for f in e.args])
    written = SECANT.apply(e) if isinstance(e, Add) else None
    return e if written is None else written


def table_functions() -> list:
    """The one-argument functions of derive's table (derive/facts.py) with a derivative rule."""
    if not _TABLE:
        from derive.facts import FACTS
        _TABLE.extend(f.func for f in FACTS if f.rule is not None and not f.several and isinstance(f.func, type)
                      and issubclass(f.func, Function) and f.func is not Abs)
    return _TABLE


_TABLE: list = []


def _derivative_values(F) -> list | None:
    """F′ at three points (None where it cannot be had), kept per function."""
    if F not in _DERIVATIVES:
        from sympy import Dummy
        t = Dummy("t")
        _DERIVATIVES[F] = _values(lambda a: F(t).fdiff(1).subs(t, a))
    return _DERIVATIVES[F]


_DERIVATIVES: dict = {}


def _alike(a: list, b: list, sign: int) -> bool:
    return all(abs(p - sign * q) <= 1e-9 * (1 + abs(p)) for p, q in zip(a, b))


class ProductOfDerivatives(MalDiff):
    """The product rule misremembered: (f·g)′ written as f′·g′ (the product of the derivatives),
    or as f′·g or f·g′ (one of its two terms missing), instead of f′·g + f·g′; of three or more
    factors, one of the terms (f·g·h)′ = f′gh + fg′h + fgh′ has, each with one factor differentiated,
    missing (x²eˣ sin x as 2x eˣ sin x + x²eˣ cos x, the term x²eˣ sin x lost)."""

    id, title, kind = "mal-product", "Product rule misremembered", "product"
    latex = r"\left(f g\right)' \ne f' g',\ f' g,\ f g'"

    def wrongs(self, u, x, d):
        if not isinstance(u, Mul):
            return []
        varying = [a for a in u.args if depends(a, x)]
        if len(varying) < 2:
            return []
        const = Mul(*[a for a in u.args if not depends(a, x)])
        f, g = varying[0], Mul(*varying[1:])
        rule = "f′g + fg′" if len(varying) == 2 else "f′gh + fg′h + fgh′, one term for each factor differentiated"
        what = f"the derivative of the product {show(f * g)} is {rule}"
        found = [(const * d(f) * d(g), f"{what}, not the product of the derivatives f′g′")]
        if fraction(u)[1] != 1:  # a quotient's missing term is the quotient rule's
            return found
        right = d(u)  # the expected line: theirs with the missing term added
        found += [(const * d(f) * g, f"{what}: the term {times(f, d(g))} is missing", right),
                  (const * f * d(g), f"{what}: the term {times(d(f), g)} is missing", right)]
        if len(varying) == 2:
            return found
        terms = [Mul(*varying[:k], d(a), *varying[k + 1:]) for k, a in enumerate(varying)]
        return found + [(const * Add(*(terms[:k] + terms[k + 1:])), f"{what}: the term {show(terms[k])} is missing",
                         right) for k in range(1, len(varying))]  # k = 0 is f·g′ above


class QuotientWrong(MalDiff):
    """The quotient rule misremembered, in the f and g of the rule itself ((f/g)′ = (g·f′ − f·g′)/g²):
    written as (g·f′ + f·g′)/g² (the terms added, not subtracted), as (f·g′ − g·f′)/g² (numerator
    terms swapped), as (g·f′ − f·g′)/g (denominator not squared), as f′/g′, or (c/g)′ as c/g′."""

    id, title, kind = "mal-quotient", "Quotient rule misremembered", "quotient"
    latex = (r"\left(\frac{f}{g}\right)' \ne \frac{g f' + f g'}{g^{2}},\ \frac{f g' - g f'}{g^{2}},\ "
             r"\frac{g f' - f g'}{g},\ \frac{f'}{g'}")

    def wrongs(self, u, x, d):
        n, den = fraction(u)
        if not depends(den, x) or den == 1:
            return []
        dn, dd = d(n), d(den)
        what = f"the quotient rule on {grouped(n)}/{grouped(den)} is (g·f′ − f·g′)/g²"
        found = [((den * dn - n * dd) / den, f"{what}: the denominator is not squared")]
        if not depends(n, x) and dd != 0:
            found.append((n / dd, f"the derivative of {show(u)} is {show(-n * dd / den**2)}, "
                                  "not the reciprocal of the denominator's derivative"))
        if depends(n, x):  # with a constant n, swapped terms are only a sign
            found += [((den * dn + n * dd) / den**2, f"{what}: the term {times(n, dd)} is subtracted, "
                                                     "not added"),
                      ((n * dd - den * dn) / den**2, f"{what}: the terms of the numerator are swapped"),
                      (dn / dd, f"{what}, not f′/g′")]
        return found


class LogOfVariable(MalDiff):
    """The logarithm rule applied to the wrong argument: d/dx ln u written as 1/x (the
    derivative of ln x) or u′/x (d/dx ln 2x as 2/x) instead of u′/u."""

    id, title, kind = "mal-log-variable", "Logarithm rule on the variable", "chain"
    latex = r"\frac{d}{dx} \ln u \ne \frac{1}{x},\ \frac{u'}{x}"

    def wrongs(self, u, x, d):
        if not isinstance(u, log) or u.args[0] == x or not depends(u, x):
            return []
        v = u.args[0]
        right = f"the derivative of ln({show(v)}) is {show(d(v))}/({show(v)}), the inner derivative over {show(v)}"
        found = [(1 / x, f"{right}; 1/{show(x)} is the derivative of ln({show(x)})")]
        if d(v) != 1:
            found.append((d(v) / x, f"{right}, not over {show(x)}"))
        return found


class PowerWrong(MalDiff):
    """The power rule misapplied: d/dx uⁿ written as n·uⁿ (the exponent not lowered; d/dx x
    written x), as n·uⁿ⁺¹ (raised), as uⁿ⁻¹ (no factor n); or the power rule applied to an
    exponential aᵘ (written u·aᵘ⁻¹·u′, or u·aᵘ⁻¹)."""

    id, title, kind = "mal-power", "Power rule misapplied", "power"
    latex = r"\frac{d}{dx} u^{n} \ne n u^{n},\ n u^{n+1},\ u^{n-1};\quad \frac{d}{dx} a^{u} \ne u\, a^{u-1}"

    def wrongs(self, u, x, d):
        if isinstance(u, exp) or (isinstance(u, Pow) and u.base.is_number and depends(u.exp, x)):
            a, v = (S.Exp1, u.args[0]) if isinstance(u, exp) else (u.base, u.exp)
            why = f"{show(u)} is an exponential, not a power of the variable: the power rule does not apply to it"
            return [(v * a ** (v - 1) * d(v), why)] + ([(v * a ** (v - 1), why)] if d(v) != 1 else [])
        if isinstance(u, Pow) and depends(u.base, x) and depends(u.exp, x):
            g, f = u.exp, u.base
            return [(g * f ** (g - 1) * d(f), f"the power rule needs a constant exponent: {show(u)} is "
                                              f"e^({show(g)}·ln({show(f)})), differentiated by the chain rule")]
        if not (isinstance(u, Pow) and u.exp.is_number and depends(u.base, x)) or u.exp in (0, 1):
            return []
        b, n, db = u.base, u.exp, d(u.base)
        what = f"the power rule on {show(u)} gives {show(n * b ** (n - 1))}" + ("" if db == 1 else f"·{show(db)}")
        found = [(n * b**n * db, f"{what}: the exponent is lowered by one"),
                 (n * b ** (n + 1) * db, f"{what}: the exponent goes down by one, not up")]
        if n != -1:  # for n = −1 a missing factor n is a sign slip
            found.append((b ** (n - 1) * db, f"{what}: the old exponent {show(n)} comes down as a factor"))
        return found


class VariableKept(MalDiff):
    """The power rule on x = x¹ not carried out: d/dx x written x (x³ − 2x differentiated as
    3x² − 2x).  Tried after the chain rule's slips (``late``): inside a function, d/dx e^(5x) written
    5x e^(5x) is the exponent brought down, and 1/ln x differentiated as −1/ln²x the inner
    derivative of ln x lost, not d/dx x taken as x."""

    id, title, kind, late = "mal-variable-kept", "Derivative of x written x", "power", True
    latex = r"\frac{d}{dx} x \ne x"

    def wrongs(self, u, x, d):
        if u != x:
            return []
        return [(x, f"the power rule on {show(x)} = {show(x)}^1 gives 1·{show(x)}^0 = 1: the exponent is "
                    "lowered by one")]


class SquareLost(MalDiff):
    """A function's derivative that is a square written without its power: d/dx tan u written
    sec u·u′ (it is sec²u·u′), d/dx tanh u written sech u·u′, d/dx cot u written −csc u·u′."""

    id, title, kind = "mal-square-lost", "Square of a derivative lost", "power"
    latex = r"\frac{d}{dx} \tan u \ne \sec u \cdot u'"

    def wrongs(self, u, x, d):
        if not (isinstance(u, Function) and len(u.args) == 1) or not depends(u, x):
            return []
        v = u.args[0]
        found = []
        for sign, g in squares_of(u.func):
            right = sign * g(v) ** 2
            found.append((sign * g(v) * d(v), f"the derivative of {show(u)} is {show(right * d(v))}: the square "
                                              "is lost", right * d(v)))
        return found


def squares_of(F) -> list:
    """[(±1, g)]: the functions g of derive's table whose square is ±F′ (sec for tan, −csc for cot),
    compared at three points."""
    if F not in _SQUARES:
        from derive.facts import FACTS
        from sympy import Dummy
        v = Dummy("v")
        wanted = _values(lambda t: F(v).fdiff(1).subs(v, t))
        found = []
        for fact in () if wanted is None else FACTS:
            if fact.rule is None or fact.several or not isinstance(fact.func, type) or fact.func is F:
                continue
            square = _values(lambda t: fact.func(t) ** 2)
            found += [(sign, fact.func) for sign in (1, -1) if square is not None
                      and all(abs(a - sign * b) <= 1e-9 * (1 + abs(a)) for a, b in zip(wanted, square))]
        _SQUARES[F] = found
    return _SQUARES[F]


_SQUARES: dict = {}


def _values(f) -> list | None:
    """f at three points, as complex numbers (None where it cannot be had)."""
    from sympy import Float
    try:
        return [complex(f(Float(t)).evalf()) for t in (0.3, 0.7, 1.1)]
    except (TypeError, ValueError, ZeroDivisionError, AttributeError, NotImplementedError):
        return None


class ExpWrong(MalDiff):
    """An exponential differentiated wrongly: d/dx aᵘ written as aᵘ·u′ (the factor ln a
    missing) or aᵘ·u′/ln a; d/dx eᵘ written as u·eᵘ (the exponent brought down)."""

    id, title, kind = "mal-exp", "Exponential rule misapplied", "exp"
    latex = r"\frac{d}{dx} a^{u} \ne a^{u} u',\ \frac{a^{u} u'}{\ln a};\quad \frac{d}{dx} e^{u} \ne u\, e^{u}"

    def wrongs(self, u, x, d):
        if isinstance(u, exp) and depends(u, x):
            v = u.args[0]
            return [(v * u, f"the derivative of {show(u)} is {show(d(v) * u)}: the exponent is not "
                            "brought down as a factor")]
        if isinstance(u, Pow) and depends(u.base, x) and depends(u.exp, x):
            return [(u * log(u.base) * d(u.exp), f"the base {show(u.base)} of {show(u)} is not a constant: "
                                                 f"write it as e^({show(u.exp)}·ln({show(u.base)}))")]
        if isinstance(u, Pow) and u.base.is_number and u.base != S.Exp1 and depends(u.exp, x):
            dv, ln_a = d(u.exp), log(u.base)
            right = f"the derivative of {show(u)} is {show(u * ln_a * dv)}"
            return [(u * dv, f"{right}: the factor {show(ln_a)} is missing"),
                    (u * dv / ln_a, f"{right}: {show(ln_a)} multiplies, it does not divide"),
                    (u * dv * log(x), f"{right}: the logarithm is of the base {show(u.base)}, not of {show(x)}")]
        return []


class ConstantKept(MalDiff):
    """A constant term kept: d/dx (c + g) written as c + g′ instead of g′."""

    id, title, kind = "mal-constant", "Constant term kept", "constant"
    latex = r"\frac{d}{dx} \left(c + g\right) \ne c + g'"

    def wrongs(self, u, x, d):
        if not isinstance(u, Add):
            return []
        consts = [a for a in u.args if not depends(a, x)]
        if not consts or len(consts) == len(u.args):
            return []
        c = Add(*consts)
        return [(c + d(u), f"the constant {show(c)} in {show(u)} has derivative 0; it was kept")]


class ConstantDifferentiated(MalDiff):
    """A constant differentiated as if its number were the variable: d/dx ln 2 written 1/2,
    d/dx sin 1 written cos 1, d/dx π² written 2π, d/dx e² written e² or 2e, instead of 0 (a function of a
    number, or a number's power, is a number)."""

    id, title, kind = "mal-constant-function", "Constant differentiated", "constant"
    latex = r"\frac{d}{dx} \ln 2 \ne \frac{1}{2}"
    constants = True  # tried on the nodes of f without x

    def wrongs(self, u, x, d):
        if depends(u, x) or not u.is_number or u.is_Rational:
            return []
        wrongs = []
        if isinstance(u, Function) and len(u.args) == 1:
            wrongs.append(u.fdiff(1))
        if isinstance(u, exp) and u.args[0].is_Rational:  # e^2 as 2e, the power rule's
            wrongs.append(u.args[0] * S.Exp1 ** (u.args[0] - 1))
        elif isinstance(u, Pow) and u.exp.is_Rational and u.exp != 1:
            wrongs.append(u.exp * u.base ** (u.exp - 1))
        return [(w, f"{show(u)} is a constant: its derivative is 0, not {show(w)}") for w in wrongs]


class FactorLost(MalDiff):
    """A constant factor lost or doubled: d/dx (c·g) written as g′ (or c²·g′) instead of c·g′."""

    id, title, kind = "mal-factor", "Constant factor lost", "factor"
    latex = r"\frac{d}{dx} \left(c g\right) \ne g'"

    def wrongs(self, u, x, d):
        if not isinstance(u, Mul):
            return []
        c = Mul(*[a for a in u.args if not depends(a, x)])
        if c in (1, -1) or c == u:
            return []
        right = f"the constant factor {show(c)} of {show(u)} stays in its derivative"
        return [(d(u) / c, f"{right}: it is lost"), (d(u) * c, f"{right} once: it was taken twice")]


class SignFlipped(MalDiff):
    """A derivative with the wrong sign: d/dx u written as −u′ (d/dx cos u = sin u·u′,
    a minus lost)."""

    id, title, kind = "mal-sign", "Sign of a derivative flipped", "sign"
    latex = r"\frac{d}{dx} u \ne -u'"

    def wrongs(self, u, x, d):
        du = d(u)
        if du == 0:
            return []
        return [(-du, f"the derivative of {show(u)} is {show(du)}: its sign is flipped")]


class Negated(MalRewrite):
    """A sign lost or flipped in a rewrite: a term or factor u written as −u (s(s − 1) for
    s(1 − s), −(a − b) written −a − b)."""

    id, title, kind = "mal-negate", "Sign lost", "sign"
    latex = r"u \to -u"

    def variants(self, u, x):
        if not isinstance(u, Expr) or u.is_number:
            return []
        return [(flip(u), f"the sign of {show(u)} is wrong")]


class MinusIntoOneTerm(MalRewrite):
    """A minus before a bracket that does not reach every term in it: −(a + b) written −a + b
    (−(x − 1) as −x − 1, −(x² − 1) as −x² − 1), instead of −a − b."""

    id, title, kind = "mal-minus-one-term", "Minus not taken into every term", "sign"
    latex = r"-(a + b) \ne -a + b"

    def variants(self, u, x):
        if not (isinstance(u, Mul) and len(u.args) == 2 and u.args[0] == -1 and isinstance(u.args[1], Add)):
            return []
        inside, right = u.args[1], Add(*[-t for t in u.args[1].args], evaluate=False)
        return [(-inside + 2 * t, f"a minus before a bracket changes the sign of every term in it: {show(u)} is "
                                  f"{show(right)}, not {show(-inside + 2 * t)}", right) for t in inside.args]


class NumberSignFlipped(MalRewrite):
    """The sign of a number term of a sum flipped: a − c written a + c (often a minus before a
    bracket that reached its first term only, −(x² − 1) written −x² − 1; where the student's bracket
    is seen, :class:`MinusIntoOneTerm` says so)."""

    id, title, kind = "mal-negate-number", "Sign of a number term lost", "sign"
    latex = r"a - c \to a + c"

    def variants(self, u, x):
        if not isinstance(u, Add):
            return []
        return [(u - 2 * t, f"the term {show(t)} of {show(u)} changed its sign: it is {show(t)}, not {show(-t)}")
                for t in u.args if t.is_number]


def flip(u: Expr) -> Expr:
    """−u as a person writes it: a difference the other way round (s − 1 → 1 − s), a lone minus dropped."""
    if isinstance(u, Add):
        terms = [-t for t in u.args]
        first = next((k for k, t in enumerate(terms) if not t.could_extract_minus_sign()), 0)
        return Add(*([terms[first]] + terms[:first] + terms[first + 1:]), evaluate=False)
    if isinstance(u, Mul) and u != canon(u) and u.args[0].is_Number:  # −2(x − 2) held: 2(x − 2), not 2x − 4
        return Mul(-u.args[0], *u.args[1:], evaluate=False) if u.args[0] != -1 else Mul(*u.args[1:], evaluate=False)
    return -u


class TermDropped(MalRewrite):
    """A term of a sum lost in a rewrite: a + b written as a."""

    id, title, kind = "mal-drop-term", "Term dropped", "algebra"
    latex = r"a + b \to a"

    def variants(self, u, x):
        if not isinstance(u, Add):
            return []
        return [(Add(*(u.args[:k] + u.args[k + 1:])), f"the term {show(t)} of {show(u)} was lost")
                for k, t in enumerate(u.args)]


class PowerOfSum(MalRewrite):
    """A power taken term by term: (a + b)ⁿ written aⁿ + bⁿ (√(a + b) as √a + √b), a difference's
    sign kept ((x² − 1)² as x⁴ − 1), and (a + b)⁻ⁿ as 1/(aⁿ + bⁿ) or a⁻ⁿ + b⁻ⁿ (1/√(2x + 1) as
    1/√(2x) + 1)."""

    id, title, kind = "mal-power-of-sum", "Power of a sum taken term by term", "algebra"
    latex = r"(a + b)^{n} \ne a^{n} + b^{n}"

    def variants(self, u, x):
        if not (isinstance(u, Pow) and isinstance(u.base, Add) and u.exp.is_Rational and u.exp != 1):
            return []
        n = u.exp
        wrong = Add(*[_held_power(a, abs(n)) for a in u.base.args])  # √(x²) taken as x
        signed = Add(*[-_held_power(-a, abs(n)) if a.could_extract_minus_sign() else _held_power(a, abs(n))
                       for a in u.base.args])  # (x² − 1)² as x⁴ − 1
        wrong = [wrong] + ([signed] if canon(signed) != canon(wrong) else [])
        wrongs = wrong if n > 0 else [w ** -1 for w in wrong] + [Add(*[_held_power(a, n) for a in u.base.args])]
        return [(w, f"a power of a sum is not the sum of the terms' powers: {show(u)} is not {show(w)}")
                for w in wrongs]


def _held_power(a: Expr, n: Expr) -> Expr:
    """aⁿ as a student writes it: a power of a power or a whole power multiplied out (√(x²) is x,
    (2x)² is 4x²), else held (1/√(2x), not SymPy's √2/(2√x))."""
    if isinstance(a, Pow) or a.is_number or n.is_Integer:  # (2x)² is 4x²
        return powdenest(a ** n, force=True)
    return Pow(a, n, evaluate=False)


class FunctionOfSum(MalRewrite):
    """A function taken term by term, as if it were linear: F(a + b) written F(a) + F(b)
    (ln(a + b) as ln a + ln b, e^{a + b} as e^a + e^b, sin(a + b) as sin a + sin b)."""

    id, title, kind = "mal-function-of-sum", "Function of a sum taken term by term", "algebra"
    latex = r"F(a + b) \ne F(a) + F(b)"

    def variants(self, u, x):
        if not (isinstance(u, Function) and len(u.args) == 1 and isinstance(u.args[0], Add)):
            return []
        try:
            wrong = Add(*[u.func(a) for a in u.args[0].args])
        except (TypeError, ValueError):
            return []
        return [(wrong, f"a function does not split over the terms of its argument: {show(u)} is not {show(wrong)}")]


class LogRulesMisused(MalRewrite):
    """The laws of logarithms misremembered: ln(uⁿ) written (ln u)ⁿ, ln(a·b) written ln a·ln b,
    ln(a/b) written ln a / ln b, instead of n·ln u (n·ln|u| for an even n), ln a + ln b, ln a − ln b;
    and the other way, (ln u)ⁿ read as ln(uⁿ) = n·ln u ((ln x)² differentiated as 2/x)."""

    id, title, kind = "mal-log-laws", "Laws of logarithms misused", "algebra"
    latex = r"\ln u^{n} \ne (\ln u)^{n},\quad \ln(ab) \ne \ln a \ln b,\quad \ln\frac{a}{b} \ne \frac{\ln a}{\ln b}"

    def variants(self, u, x):
        if isinstance(u, Pow) and isinstance(u.base, log) and u.exp.is_Integer and u.exp > 1:
            n, v = u.exp, u.base.args[0]  # (ln x)² read as ln(x²) = 2 ln x
            return [(n * log(v), f"{show(u)} is a power of the logarithm, not ln({show(v ** n)}) = "
                                 f"{show(n * log(v))}: the power does not come down")]
        if not (isinstance(u, log) and len(u.args) == 1):
            return []
        v = u.args[0]
        if isinstance(v, Pow) and v.exp.is_number and v.exp not in (1, -1):
            even = v.exp.is_integer and v.exp.is_even and not v.base.is_positive  # ln(x²) = 2 ln|x|
            right = v.exp * log(Abs(v.base) if even else v.base)
            return [(log(v.base) ** v.exp, f"{show(u)} is {show(right)}: the power comes down as a factor, it does "
                                          f"not stay on the logarithm", right)]
        n, d = v.as_numer_denom()  # x/2 too
        if d != 1 and n != 1:
            right = log(n) - log(d)
            return [(log(n) / log(d), f"the logarithm of a quotient is a difference: {show(u)} is {show(right)}",
                     right)]
        fs = [f for f in Mul.make_args(v)]
        if len(fs) < 2:
            return []
        a, b = fs[0], Mul(*fs[1:])
        right = log(a) + log(b)
        return [(log(a) * log(b), f"the logarithm of a product is a sum: {show(u)} is {show(right)}", right)]


class FunctionOfMultiple(MalRewrite):
    """A constant factor taken out of a function as if it were linear: F(c·u) written c·F(u)
    (sin 2x as 2 sin x, ln 2x as 2 ln x, e^(2x) as 2eˣ)."""

    id, title, kind = "mal-function-of-multiple", "Constant taken out of a function", "algebra"
    latex = r"F(c u) \ne c F(u)"

    def variants(self, u, x):
        if not (isinstance(u, Function) and len(u.args) == 1 and isinstance(u.args[0], Mul)):
            return []
        c, v = u.args[0].as_coeff_Mul()
        if c in (1, -1) or not c.is_Rational:
            return []
        try:
            wrong = c * u.func(v)
        except (TypeError, ValueError):
            return []
        return [(wrong, f"a constant factor does not come out of a function: {show(u)} is not {show(wrong)}")]


class SplitDenominator(MalRewrite):
    """A fraction split over the terms of its denominator: n/(a + b) written n/a + n/b."""

    id, title, kind = "mal-split-denominator", "Fraction split over its denominator", "algebra"
    latex = r"\frac{n}{a + b} \ne \frac{n}{a} + \frac{n}{b}"

    def variants(self, u, x):
        n, den = fraction(u)
        if not isinstance(den, Add) or not depends(den, x):
            return []
        wrong = Add(*[n / a for a in den.args])
        return [(wrong, f"{show(u)} is not {show(wrong)}: a fraction splits over the terms of its numerator, "
                        "not of its denominator")]


class SplitKeepsNotItsDenominator(MalRewrite):
    """A fraction split over the terms of its numerator, one term not over the whole denominator:
    (a + b)/d written a/d + b/(d/f), a factor f of d lost under b (a power of it lowered by one),
    or a/d + b (the denominator lost), instead of a/d + b/d: (1 − ln x)/x² as 1/x² − ln(x)/x."""

    id, title, kind = "mal-split-numerator", "Denominator lost in a split", "algebra"
    latex = r"\frac{a + b}{d} \ne \frac{a}{d} + b"

    def variants(self, u, x):
        n, den = fraction(u)
        if not isinstance(n, Add) or not depends(den, x):
            return []
        ts = n.args
        right = Add(*[t / den for t in ts], evaluate=False)
        lower = [den / (f.base if isinstance(f, Pow) and f.exp.is_Integer and f.exp > 1 else f)
                 for f in Mul.make_args(den) if depends(f, x)]
        found = []
        for k, t in enumerate(ts):
            rest = Add(*[s / den for s in ts[:k] + ts[k + 1:]])
            for under in dict.fromkeys(lower + [S.One]):
                what = "has lost it" if under == 1 else f"is over {show(under)}"
                why = (f"split over its numerator, {show(u)} is {show(right)}: every term keeps the whole "
                       f"denominator {show(den)}, and {show(t)} {what}")
                found.append((rest + t / under, why, right))
        return found


class CancelTerms(MalRewrite):
    """A term cancelled across a fraction's sums: (a + b)/(a + c) written b/c, or b/c² where the
    denominator is (a + c)²; a/(a + c) written 1/c (what is left of a term a/a is 1); a term of the
    numerator cancelled against the whole denominator: (a + b)/a written b ((x² − 4)/x² as −4)."""

    id, title, kind = "mal-cancel-terms", "Terms cancelled across a fraction", "algebra"
    latex = r"\frac{a + b}{a + c} \ne \frac{b}{c},\quad \frac{a + b}{a} \ne b"

    def variants(self, u, x):
        n, den = fraction(u)
        found = []
        bottom, k = (den.base, den.exp) if isinstance(den, Pow) and isinstance(den.base, Add) else (den, S.One)
        ts = Add.make_args(n)
        if not isinstance(bottom, Add) and (len(ts) < 2 or not depends(bottom, x)):
            return []
        for t in set(ts) & set(Add.make_args(bottom)):
            rest_n = Add(*[a for a in ts if a != t]) if len(ts) > 1 else S.One
            rest_d = Add(*[a for a in bottom.args if a != t]) if isinstance(bottom, Add) else S.One
            if not isinstance(bottom, Add):  # (a + b)/a is 1 + b/a
                right = Add(1, rest_n / bottom, evaluate=False)
                found.append((rest_n, f"only common factors cancel: {show(t)} is a term of {show(n)}, and "
                                      f"{show(u)} is {show(right)}", right))
            elif rest_d != 0:
                why = f"only common factors cancel: {show(t)} is a term"
                found += [(rest_n / w, why) for w in dict.fromkeys((rest_d, rest_d**k))]
        return found


class FractionsAddedAcross(MalRewrite):
    """Fractions added without a common denominator: a/b + c/d written (a + c)/(b + d) (numerators
    and denominators added) or (a + c) over the common denominator (b·d, or the least: each numerator
    not multiplied by what its denominator lacks of it), instead of (a·d + c·b)/(b·d):
    −1/x² − 1/(x + 1)² as −2/(x² + (x + 1)²), 1/x + 1/x² as 2/x²."""

    id, title, kind = "mal-fractions-added", "Fractions added without a common denominator", "algebra"
    latex = r"\frac{a}{b} + \frac{c}{d} \ne \frac{a + c}{b + d},\ \frac{a + c}{b d}"

    def variants(self, u, x):
        if not isinstance(u, Add):
            return []
        parts = [(t, *fraction(t)) for t in u.args]
        found = []
        for i, (s, a, b) in enumerate(parts):
            for t, c, d in parts[i + 1:]:
                if b == 1 or d == 1 or b == d or not (depends(b, x) or depends(d, x)):
                    continue
                rest = u - s - t
                both = together(s + t)
                right = both if rest == 0 else Add(rest, both, evaluate=False)
                why = f"fractions add over a common denominator: {show(s + t)} is {show(both)}"
                found.append((rest + (a + c) / (b + d), f"{why}; numerators and denominators do not add", right))
                found += [(rest + (a + c) / w, f"{why}: each numerator is first multiplied by the factor its "
                                               "denominator lacks", right)
                          for w in dict.fromkeys((fraction(both)[1], b * d))]
        return found


class CancelFactorOfOneTerm(MalRewrite):
    """A factor of the numerator cancelled against one term of the denominator only:
    f·n/(f·a + b) written n/(a + b), and f·n/(f·a + b)ᵏ written n/(a + b)ᵏ (2x/(x² + 1)² as
    2/(x + 1)², eˣ/(1 + eˣ) as 1/(1 + 1))."""

    id, title, kind = "mal-cancel-one-term", "Factor cancelled against one term", "algebra"
    latex = r"\frac{f n}{f a + b} \ne \frac{n}{a + b}"

    def variants(self, u, x):
        n, whole = fraction(u)
        den, k = (whole.base, whole.exp) if isinstance(whole, Pow) and whole.exp.is_Integer else (whole, 1)
        if not isinstance(den, Add):
            return []
        found = []
        for f in {a for a in Mul.make_args(n) if depends(a, x)}:
            for t in den.args:
                rest = Add(*[a for a in den.args if a is not t])
                if depends(fraction(t / f)[1], x) or not depends(rest, x) and rest == 0:
                    continue
                if all(_divides(f, a, x) for a in den.args):  # f divides the sum: right
                    continue
                found.append(((n / f) / (t / f + rest) ** k,
                              f"the factor {show(f)} of the numerator does not divide the denominator {show(den)}: "
                              f"it cannot be cancelled against the term {show(t)} alone"))
        return found


def _divides(f: Expr, a: Expr, x) -> bool:
    """Whether the factor ``f`` divides the term ``a``: a/f without x in its denominator; an
    exponential only a term it is a factor of (1/eˣ is e⁻ˣ, but eˣ is no factor of 1)."""
    if isinstance(f, exp):
        return f in Mul.make_args(a)
    return not depends(fraction(a / f)[1], x)


class ConjugatesSquared(MalRewrite):
    """A product of conjugates taken as a square: (a − b)(a + b) written (a − b)² or (a + b)²,
    or a² + b², instead of the difference of squares a² − b²."""

    id, title, kind = "mal-conjugates", "Difference of squares misremembered", "algebra"
    latex = r"(a - b)(a + b) \ne (a - b)^{2},\ (a + b)^{2},\ a^{2} + b^{2}"

    def variants(self, u, x):
        if not isinstance(u, Mul):
            return []
        sums = [a for a in u.args if isinstance(a, Add)]
        for i, p in enumerate(sums):
            for q in sums[i + 1:]:
                a = Add(*(set(p.args) & set(q.args)))
                b = p - a
                if a == 0 or b == 0 or canon(q - a + b) != 0:
                    continue
                other, right = u / (p * q), a**2 - b**2
                why = f"{times(p, q)} is the difference of squares {show(right)}, not "
                return [(other * w, why + f"{show(w)}", other * right)
                        for w in (p**2, q**2, a**2 + b**2)]
        return []


def square_root(t: Expr) -> Expr | None:
    """The root r of a term that is a square as written, r² = t with r a monomial (4 → 2, 9x² → 3x,
    sin²x → sin x); None for anything else."""
    c, rest = t.as_coeff_Mul()
    if not c.is_Rational or c <= 0:
        return None
    rc = c ** S.Half
    if not rc.is_Rational:
        return None
    root = [rc]
    for f in Mul.make_args(rest):
        if f == 1:
            continue
        b, e = f.as_base_exp()
        if not (e.is_Integer and e.is_even and e > 0):
            return None
        root.append(b ** (e / 2))
    return Mul(*root)


class SquaresFactoredAsSquare(MalRewrite):
    """A difference of squares factored as a square: a² − b² written (a − b)² or (a + b)², instead of
    (a − b)(a + b) (4 − x² as (2 − x)²)."""

    id, title, kind = "mal-squares-factored", "Difference of squares factored as a square", "algebra"
    latex = r"a^{2} - b^{2} \ne (a - b)^{2},\ (a + b)^{2}"

    def variants(self, u, x):
        if not (isinstance(u, Add) and len(u.args) == 2 and depends(u, x)):
            return []
        neg = [t for t in u.args if t.could_extract_minus_sign()]
        if len(neg) != 1:
            return []
        p, q = next(t for t in u.args if t is not neg[0]), -neg[0]
        a, b = square_root(p), square_root(q)
        if a is None or b is None:
            return []
        minus, plus = Add(a, -b, evaluate=False), Add(a, b, evaluate=False)
        right = Mul(minus, plus, evaluate=False)
        return [(w, f"{show(u)} is the difference of squares {times(minus, plus)}, not {show(w)}", right)
                for w in (Pow(minus, 2, evaluate=False), Pow(plus, 2, evaluate=False))]


class PythagorasSigned(MalRewrite):
    """A Pythagorean identity used with the wrong sign: cos²x − sin²x written 1 (it is cos²x + sin²x
    that is 1), cosh²x + sinh²x written 1; a sum of squares of functions with one term's sign
    flipped read as the constant the identity gives."""

    id, title, kind = "mal-pythagoras-sign", "Pythagorean identity with the wrong sign", "algebra"
    latex = r"\cos^{2} x - \sin^{2} x \ne 1"

    def variants(self, u, x):
        if not isinstance(u, Add):
            return []
        found = []
        for t in u.args:
            sq = -t if t.could_extract_minus_sign() else t
            if not (isinstance(sq, Pow) and sq.exp == 2 and isinstance(sq.base, Function) and depends(sq, x)):
                continue
            other = Add(*[a for a in u.args if a is not t]) - t
            c = _constant(other, x)
            if c is not None and _constant(u, x) is None:
                found.append((c, f"{show(u)} is not {show(c)}: the identity is {show(other)} = {show(c)}"))
        return found


def _constant(e: Expr, x) -> Expr | None:
    """The rational number ``e`` equals at three points of x (a Pythagorean sum), else None."""
    from fractions import Fraction
    vals = _values(lambda t: e.subs(x, t))
    if vals is None or any(abs(v.imag) > 1e-12 or abs(v - vals[0]) > 1e-9 for v in vals):
        return None
    r = Fraction(vals[0].real).limit_denominator(12)
    return S(r.numerator) / r.denominator if abs(float(r) - vals[0].real) < 1e-9 else None


class CancelledOnOneSide(MalRewrite):
    """A common factor cancelled on one side of a fraction only: f·a/(f·d) written a/(f·d) (the
    numerator divided, the denominator not: (x − 2x ln x)/x⁴ as (1 − 2 ln x)/x⁴) or f·a/d, instead
    of a/d."""

    id, title, kind = "mal-cancel-one-side", "Factor cancelled on one side only", "algebra"
    latex = r"\frac{f a}{f d} \ne \frac{a}{f d}"

    def variants(self, u, x):
        n, den = fraction(u)
        if den == 1 or not depends(den, x):
            return []
        found = []
        for f in dict.fromkeys(g for a in Mul.make_args(factor_terms(n)) if not isinstance(a, Add) and depends(a, x)
                               for g in (a, a.as_base_exp()[0])):
            if depends(fraction(canon(den / f))[1], x):  # f does not divide the denominator
                continue
            top, bottom = canon(factor_terms(n) / f), canon(den / f)
            right = Mul(top, Pow(bottom, -1), evaluate=False)  # held: not the line again
            why = f"{show(f)} cancels from the numerator and the denominator both: {show(u)} is {show(right)}"
            found += [(top / den, why, right), (n / bottom, why, right)]
        return found


def common_factor(u: Expr):
    """(G, the terms of the sum) for a sum whose terms share a factor G (2x + 2 = 2·(x + 1)) or a
    product G·(a + b) with one sum; None for anything else, and where G has a denominator."""
    if not isinstance(u, (Add, Mul)):
        return None
    fs = Mul.make_args(factor_terms(u) if isinstance(u, Add) else u)
    sums = [f for f in fs if isinstance(f, Add)]
    if len(sums) != 1:
        return None
    g = Mul(*[f for f in fs if f is not sums[0]])
    if g in (1, -1) or fraction(g)[1] != 1:
        return None
    return g, sums[0].args


class MultipliedIntoOneTerm(MalRewrite):
    """A product multiplied out into one term of the sum only: a(b + c) written ab + c (2(x + 1)
    as 2x + 1), instead of ab + ac."""

    id, title, kind = "mal-multiply-one-term", "Multiplied into one term only", "algebra"
    latex = r"a(b + c) \ne ab + c"

    def variants(self, u, x):
        found = common_factor(u)
        if found is None:
            return []
        g, ts = found
        ts = ts if u != canon(u) else Add(*ts).as_ordered_terms()  # as held (their order), else x + 1, not 1 + x
        right = Add(*[g * t for t in ts], evaluate=False)
        why = f"{times(g, Add(*ts, evaluate=False))} multiplied out is {show(right)}: {show(g)} multiplies every term"
        return [(g * t + Add(*(ts[:k] + ts[k + 1:])), why, right) for k, t in enumerate(ts)]


class FactoredFromOneTerm(MalRewrite):
    """A common factor taken out of a sum but not out of one of its terms: ab + acf written
    af(b + cf) where it is af(b + c) (x e^(3x)(2 + 3x^2) for 2x e^(3x) + 3x^2 e^(3x)); of a power
    fⁿ, one f left behind (x²(3 ln x + x) for 3x² ln x + x²)."""

    id, title, kind = "mal-factor-one-term", "Factor not taken out of every term", "algebra"
    latex = r"ab + acf \ne af(b + cf)"

    def variants(self, u, x):
        found = common_factor(u) if isinstance(u, Add) else None
        if found is None:
            return []
        g, ts = found
        out = []
        for k, t in enumerate(ts):
            fs = set(Mul.make_args(g)) - {S.NegativeOne}  # x too, of x²: x²(3 ln x + x) for x²(3 ln x + 1)
            for f in dict.fromkeys(sorted(fs, key=str) + [b.base for b in sorted(fs, key=str)
                                                          if isinstance(b, Pow) and b.exp.is_Integer and b.exp > 1]):
                why = (f"taking {show(g)} out of {show(u)} leaves {show(t)} of the term {show(g * t)}, "
                       f"not {show(t * f)}")
                out.append((g * (Add(*(ts[:k] + ts[k + 1:])) + t * f), why, Mul(g, Add(*ts), evaluate=False)))
        return out


class FactorNotInEveryTerm(MalRewrite):
    """A factor taken out of a sum though a term of it does not have that factor: ab + c written
    a(b + c) (3x² − 5 as x(3x − 5), x² + x + 1 as x(x + 1 + 1)), instead of leaving the sum as it is
    or taking out only what every term has."""

    id, title, kind = "mal-factor-not-common", "Factor not in every term taken out", "algebra"
    latex = r"ab + c \ne a(b + c)"

    def variants(self, u, x):
        if not isinstance(u, Add):
            return []
        found = []
        for f in dict.fromkeys(g for t in u.args for f in Mul.make_args(t) if depends(f, x)
                               for g in (f, f.base) if g is f or isinstance(f, Pow) and f.exp.is_Integer and f.exp > 1):
            have = [t for t in u.args if not depends(fraction(canon(t / f))[1], x)]  # x divides 3x^2, not -5
            if len(have) in (0, len(u.args)):
                continue
            wrong = Mul(f, Add(*[t / f for t in have] + [t for t in u.args if t not in have]), evaluate=False)
            lacking = next(t for t in u.args if t not in have)
            found.append((wrong, f"{show(f)} is not a factor of the term {show(lacking)} of {show(u)}: it cannot be "
                                 "taken out of the sum"))
        return found


class PowerLost(MalRewrite):
    """A power lost in a rewrite: uⁿ written u (1/cos²x copied as 1/cos x, e^(2x)(2x − 1)/x² as
    e^(2x)(2x − 1)/x), for a whole number n other than ±1."""

    id, title, kind = "mal-power-lost", "Power lost", "algebra"
    latex = r"u^{n} \to u"

    def variants(self, u, x):
        if not (isinstance(u, Pow) and u.exp.is_Integer and abs(u.exp) > 1 and depends(u.base, x)):
            return []
        wrong = u.base if u.exp > 0 else 1 / u.base
        return [(wrong, f"the power {show(u.exp if u.exp > 0 else -u.exp)} of {show(u.base)} was lost")]


class FactorDropped(MalRewrite):
    """A constant factor lost (or taken twice) in a rewrite: c·u written u (or c²·u)."""

    id, title, kind = "mal-drop-factor", "Constant factor lost", "factor"
    latex = r"c u \to u"

    def variants(self, u, x):
        if not isinstance(u, Mul):
            return []
        c = Mul(*[a for a in u.args if isinstance(a, Number) or not a.free_symbols])
        if c in (0, 1, -1) or c == u:
            return []
        rest = u / c
        return [(rest, f"the factor {show(c)} of {show(u)} was lost"),
                (rest * c**2, f"the factor {show(c)} of {show(u)} was taken twice")]


DIFFERENTIATION = (ChainInnerDropped(), LogOfVariable(), ChainMisplaced(), OuterAtInnerDerivative(),
                   ProductOfDerivatives(), QuotientWrong(), ReciprocalForgotten(), PowerWrong(), WrongTableRow(), SquareLost(), VariableKept(), ExpWrong(), ConstantKept(), ConstantDifferentiated(), FactorLost(), SignFlipped(),
                   OuterPowerOfProduct())
REWRITES = (ConjugatesSquared(), SquaresFactoredAsSquare(), PythagorasSigned(), FractionsAddedAcross(), Negated(), MinusIntoOneTerm(), SplitDenominator(), SplitKeepsNotItsDenominator(),
            PowerOfSum(), FunctionOfSum(), FunctionOfMultiple(), LogRulesMisused(), CancelTerms(), CancelFactorOfOneTerm(), CancelledOnOneSide(),
            MultipliedIntoOneTerm(), FactoredFromOneTerm(), FactorNotInEveryTerm(), PowerLost(), FactorDropped(), TermDropped(),
            NumberSignFlipped())
RULES = DIFFERENTIATION + REWRITES

__all__ = ["common_factor", "flip", "marking", "unmark", "grouped", "times", "MalRule", "MalDiff", "MalRewrite", "DIFFERENTIATION", "REWRITES", "RULES", "show", "table_form"]
