"""What derive knows about each function an expression may call, one row per function.

A row says everything the other modules need about a function F, so that a new function
is one row here (plus its examples):

* ``names``: the names an expression may call it by (the parser's whitelist);
* ``rule``: its differentiation rule -- id, title, statement, and F′(u) written as the
  rule states it (rules/differentiation.py builds the ``Elementary`` rules from these);
  None where another rule handles it (Heaviside, sign, Max and Min are written as piecewise
  functions; √u is the power u^(1/2)) or none does (Γ: SymPy's derivative, ``d-unknown``);
* ``inverse``: F⁻¹ as the output-form search writes it when it solves y = F(u) for u,
  with the ``branch`` of u where F⁻¹(F(u)) = u and the ``domain`` of y where
  F(F⁻¹(y)) = y (derive/outform.py); None where the search does not unwind F. It
  unwinds exp, log, sin, cos, tan, sinh, cosh, tanh and their inverses, as it did before
  this table, the new functions, and acot through cot (acot(x/2)′ = −sin²y/2, as atan(1/x)
  through tan; a composition cot(acot w) left in a form is undone where the values of y
  allow, derive/outform.py); erf is not unwound through erfinv (forms dearer than erf′ in
  x, and gelu's cached form would change);
* ``transcendental``: whether a backward pass pays a call for it or one operation
  (derive/cost.py);
* ``evaluate``: mpmath's name for it, or a function (context, value) where mpmath's needs
  care (derive/numeric.py; None: SymPy's ``evalf`` or numeric's own code);
* ``analytic``: whether F is real-analytic on the whole real line, so that a limit of a
  piece at a joint is its value there (derive/piecewise.py);
* ``real``: where F(u) is real, where that is not every u (ln: u > 0; arcsin: −1 < u < 1):
  derive/domain.py finds where a Result holds from it;
* ``latex``, ``pretty``: its printed names, where SymPy's printers get them wrong
  (``expm1`` is not e-x-p-m with a subscript 1).

Importing this module costs what building the rows costs: the classes are SymPy's,
already loaded, or the two small ones in derive/functions.py; the rows are named tuples,
frozen records that cost a tenth of what frozen dataclasses cost to define (a dataclass
compiles its methods at import: about 1 ms each).
"""
from __future__ import annotations

from math import e as EULER, inf, pi as PI
from typing import Callable, NamedTuple

from sympy import (
    Abs, Heaviside, LambertW, Max, Min, Pow, S, Si, Ci, acos, acosh, acot, acoth, acsc, asec, asin, asinh,
    atan, atanh, cos, cosh, cot, coth, csc, csch, digamma, erf, erfc, erfinv, exp, gamma, log, loggamma, pi,
    polygamma, sec, sech, sign, sin, sinh, sqrt, tan, tanh,
)

from .expr import add, frac, mul, neg, power
from .functions import expm1, log1p

Interval = tuple[float, float]  # open: lo < u < hi


class Rule(NamedTuple):
    """A differentiation rule d/du F(u) = F′(u): its id, title, statement and F′."""

    id: str
    title: str
    latex: str
    words: str
    derivative: Callable  # u -> F′(u), written unevaluated as the statement reads


class Inverse(NamedTuple):
    """F⁻¹(y), and where it inverts F: u in ``branch`` (F⁻¹(F(u)) = u), y in ``domain``
    (F(F⁻¹(y)) = y); each a union of open intervals."""

    of: Callable  # y -> F⁻¹(y)
    branch: tuple[Interval, ...]
    domain: tuple[Interval, ...]


class Fact(NamedTuple):
    """One function: see the module's docstring for each field."""

    func: Callable  # what the parser calls: the SymPy class (sqrt builds a power)
    names: tuple[str, ...]
    transcendental: bool = False
    rule: Rule | None = None
    inverse: Inverse | None = None
    evaluate: str | Callable | None = None
    latex: str | None = None
    pretty: str | None = None
    analytic: bool = False  # real-analytic on the whole real line (derive/piecewise.py)
    several: bool = False  # two or more arguments (Max, Min)
    node: type | None = None  # the class of F(u) in a SymPy tree, where it is not func itself
    real: tuple[Interval, ...] | None = None  # where F(u) is real, where not for every u (ln: u > 0; derive/domain.py)

    @property
    def cls(self) -> type:
        """The class of F(u) in a SymPy tree: √u is a power, ψ(u) is polygamma(0, u)."""
        return self.node or self.func


def _sqrt(e):
    return Pow(e, S.Half)


def _absolute(ctx, v):
    return abs(v)


def _erfinv(ctx, v):
    """erfinv has no real value outside [−1, 1] (where mpmath raises): NaN, as asin's complex
    value there is no real one."""
    if v.imag or not -1 <= v.real <= 1:
        return ctx.nan
    return ctx.erfinv(v.real)


ALL: tuple[Interval, ...] = ((-inf, inf),)
POSITIVE: tuple[Interval, ...] = ((0.0, inf),)
UNIT: tuple[Interval, ...] = ((-1.0, 1.0),)
HALF_TURN: tuple[Interval, ...] = ((-PI / 2, PI / 2),)
OUTSIDE_UNIT: tuple[Interval, ...] = ((-inf, -1.0), (1.0, inf))

R, I = Rule, Inverse
FACTS: tuple[Fact, ...] = (
    Fact(exp, ("exp",), True, R("d-exp", "Exponential rule", r"\frac{d}{du} e^{u} = e^{u}", "The exponential function is its own derivative.", lambda u: exp(u)),
         I(log, ALL, POSITIVE), "exp", analytic=True),
    Fact(log, ("log", "ln"), True, R("d-log", "Logarithm rule", r"\frac{d}{du} \ln u = \frac{1}{u}", "The derivative of the natural logarithm of u is 1/u.", lambda u: Pow(u, -1)),
         I(exp, POSITIVE, ALL), "ln", real=POSITIVE),
    Fact(log1p, ("log1p",), True, R("d-log1p", "log1p rule", r"\frac{d}{du} \operatorname{log1p} u = \frac{1}{1 + u}", "The derivative of ln(1 + u), computed as log1p, is 1/(1 + u).", lambda u: Pow(add(1, u), -1)),
         I(lambda y: exp(y) - 1, ((-1.0, inf),), ALL), "log1p", real=((-1.0, inf),)),
    Fact(expm1, ("expm1",), True, R("d-expm1", "expm1 rule", r"\frac{d}{du} \operatorname{expm1} u = e^{u}", "The derivative of e^u − 1, computed as expm1, is e^u.", lambda u: exp(u)),
         I(lambda y: log(1 + y), ALL, ((-1.0, inf),)), "expm1", r"\operatorname{expm1}", "expm1", analytic=True),
    Fact(sin, ("sin",), True, R("d-sin", "Sine rule", r"\frac{d}{du} \sin u = \cos u", "The derivative of sine is cosine.", lambda u: cos(u)),
         I(asin, HALF_TURN, UNIT), "sin", analytic=True),
    Fact(cos, ("cos",), True, R("d-cos", "Cosine rule", r"\frac{d}{du} \cos u = -\sin u", "The derivative of cosine is minus sine.", lambda u: neg(sin(u))),
         I(acos, ((0.0, PI),), UNIT), "cos", analytic=True),
    Fact(tan, ("tan",), True, R("d-tan", "Tangent rule", r"\frac{d}{du} \tan u = 1 + \tan^{2} u", "The derivative of tangent is one plus tangent squared.", lambda u: add(1, power(tan(u), 2))),
         I(atan, HALF_TURN, ALL), "tan"),
    Fact(sec, ("sec",), True, R("d-sec", "Secant rule", r"\frac{d}{du} \sec u = \sec u \tan u", "The derivative of the secant is secant times tangent.", lambda u: mul(sec(u), tan(u))),
         None, "sec"),
    Fact(csc, ("csc",), True, R("d-csc", "Cosecant rule", r"\frac{d}{du} \csc u = -\csc u \cot u", "The derivative of the cosecant is minus cosecant times cotangent.", lambda u: neg(mul(csc(u), cot(u)))),
         None, "csc"),
    Fact(cot, ("cot",), True, R("d-cot", "Cotangent rule", r"\frac{d}{du} \cot u = -(1 + \cot^{2} u)", "The derivative of the cotangent is minus one minus its square.", lambda u: neg(add(1, power(cot(u), 2)))),
         None, "cot"),
    Fact(asin, ("asin", "arcsin"), True, R("d-asin", "Arcsine rule", r"\frac{d}{du} \arcsin u = \frac{1}{\sqrt{1 - u^{2}}}", "The derivative of the arcsine is one over the square root of one minus u squared.", lambda u: Pow(_sqrt(1 - u**2), -1)),
         I(sin, UNIT, HALF_TURN), "asin", pretty="arcsin", real=UNIT),
    Fact(acos, ("acos", "arccos"), True, R("d-acos", "Arccosine rule", r"\frac{d}{du} \arccos u = -\frac{1}{\sqrt{1 - u^{2}}}", "The derivative of the arccosine is minus that of the arcsine.", lambda u: neg(Pow(_sqrt(1 - u**2), -1))),
         I(cos, UNIT, ((0.0, PI),)), "acos", pretty="arccos", real=UNIT),
    Fact(atan, ("atan", "arctan"), True, R("d-atan", "Arctangent rule", r"\frac{d}{du} \arctan u = \frac{1}{1 + u^{2}}", "The derivative of the arctangent is one over one plus u squared.", lambda u: Pow(1 + u**2, -1)),
         I(tan, ALL, HALF_TURN), "atan", analytic=True, pretty="arctan"),
    Fact(acot, ("acot",), True, R("d-acot", "Arccotangent rule", r"\frac{d}{du} \operatorname{arccot} u = -\frac{1}{1 + u^{2}}", "The derivative of the arccotangent is minus that of the arctangent.", lambda u: neg(Pow(1 + u**2, -1))),
         I(cot, ALL, ((-PI / 2, 0.0), (0.0, PI / 2))), "acot"),
    Fact(asec, ("asec", "arcsec"), True, R("d-asec", "Arcsecant rule", r"\frac{d}{du} \operatorname{arcsec} u = \frac{1}{|u| \sqrt{u^{2} - 1}}", "The derivative of the arcsecant is one over |u| times the square root of u squared minus one (|u| > 1).", lambda u: Pow(mul(Abs(u), _sqrt(u**2 - 1)), -1)),
         I(sec, OUTSIDE_UNIT, ((0.0, PI / 2), (PI / 2, PI))), "asec", pretty="arcsec", real=OUTSIDE_UNIT),
    Fact(acsc, ("acsc", "arccsc"), True, R("d-acsc", "Arccosecant rule", r"\frac{d}{du} \operatorname{arccsc} u = -\frac{1}{|u| \sqrt{u^{2} - 1}}", "The derivative of the arccosecant is minus that of the arcsecant.", lambda u: neg(Pow(mul(Abs(u), _sqrt(u**2 - 1)), -1))),
         I(csc, OUTSIDE_UNIT, ((-PI / 2, 0.0), (0.0, PI / 2))), "acsc", pretty="arccsc", real=OUTSIDE_UNIT),
    Fact(sinh, ("sinh",), True, R("d-sinh", "Hyperbolic sine rule", r"\frac{d}{du} \sinh u = \cosh u", "The derivative of the hyperbolic sine is the hyperbolic cosine.", lambda u: cosh(u)),
         I(asinh, ALL, ALL), "sinh", analytic=True),
    Fact(cosh, ("cosh",), True, R("d-cosh", "Hyperbolic cosine rule", r"\frac{d}{du} \cosh u = \sinh u", "The derivative of the hyperbolic cosine is the hyperbolic sine.", lambda u: sinh(u)),
         I(acosh, POSITIVE, ((1.0, inf),)), "cosh", analytic=True),
    Fact(tanh, ("tanh",), True, R("d-tanh", "Hyperbolic tangent rule", r"\frac{d}{du} \tanh u = 1 - \tanh^{2} u", "The derivative of the hyperbolic tangent is one minus its square.", lambda u: add(1, neg(power(tanh(u), 2)))),
         I(atanh, ALL, UNIT), "tanh", analytic=True),
    Fact(sech, ("sech",), True, R("d-sech", "Hyperbolic secant rule", r"\frac{d}{du} \operatorname{sech} u = -\operatorname{sech} u \tanh u", "The derivative of the hyperbolic secant is minus sech times tanh.", lambda u: neg(mul(sech(u), tanh(u)))),
         None, "sech"),
    Fact(csch, ("csch",), True, R("d-csch", "Hyperbolic cosecant rule", r"\frac{d}{du} \operatorname{csch} u = -\operatorname{csch} u \coth u", "The derivative of the hyperbolic cosecant is minus csch times coth.", lambda u: neg(mul(csch(u), coth(u)))),
         None, "csch"),
    Fact(coth, ("coth",), True, R("d-coth", "Hyperbolic cotangent rule", r"\frac{d}{du} \coth u = 1 - \coth^{2} u", "The derivative of the hyperbolic cotangent is one minus its square.", lambda u: add(1, neg(power(coth(u), 2)))),
         None, "coth"),
    Fact(asinh, ("asinh",), True, R("d-asinh", "Inverse hyperbolic sine rule", r"\frac{d}{du} \operatorname{arsinh} u = \frac{1}{\sqrt{u^{2} + 1}}", "The derivative of arsinh u is one over the square root of u squared plus one.", lambda u: Pow(_sqrt(u**2 + 1), -1)),
         I(sinh, ALL, ALL), "asinh", analytic=True),
    Fact(acosh, ("acosh",), True, R("d-acosh", "Inverse hyperbolic cosine rule", r"\frac{d}{du} \operatorname{arcosh} u = \frac{1}{\sqrt{u^{2} - 1}}", "The derivative of arcosh u is one over the square root of u squared minus one (u > 1).", lambda u: Pow(_sqrt(u**2 - 1), -1)),
         I(cosh, ((1.0, inf),), POSITIVE), "acosh", real=((1.0, inf),)),
    Fact(atanh, ("atanh",), True, R("d-atanh", "Inverse hyperbolic tangent rule", r"\frac{d}{du} \operatorname{artanh} u = \frac{1}{1 - u^{2}}", "The derivative of artanh u is one over one minus u squared (|u| < 1).", lambda u: Pow(1 - u**2, -1)),
         I(tanh, UNIT, ALL), "atanh", real=UNIT),
    Fact(acoth, ("acoth",), True, R("d-acoth", "Inverse hyperbolic cotangent rule", r"\frac{d}{du} \operatorname{arcoth} u = \frac{1}{1 - u^{2}}", "The derivative of arcoth u is one over one minus u squared (|u| > 1).", lambda u: Pow(1 - u**2, -1)),
         None, "acoth", real=OUTSIDE_UNIT),
    Fact(erf, ("erf",), True, R("d-erf", "Error function rule", r"\frac{d}{du} \operatorname{erf} u = \frac{2}{\sqrt{\pi}} e^{-u^{2}}", "The derivative of the error function is 2/sqrt(pi) times e to the minus u squared.", lambda u: mul(2 / _sqrt(pi), exp(-u**2))),
         None, "erf", analytic=True),
    Fact(erfc, ("erfc",), True, R("d-erfc", "Complementary error function rule", r"\frac{d}{du} \operatorname{erfc} u = -\frac{2}{\sqrt{\pi}} e^{-u^{2}}", "The derivative of erfc is minus that of erf.", lambda u: neg(mul(2 / _sqrt(pi), exp(-u**2)))),
         None, "erfc", analytic=True),
    Fact(erfinv, ("erfinv",), True, R("d-erfinv", "Inverse error function rule", r"\frac{d}{du} \operatorname{erf}^{-1} u = \frac{\sqrt{\pi}}{2} e^{\left(\operatorname{erf}^{-1} u\right)^{2}}", "The derivative of the inverse error function is sqrt(pi)/2 times e to its square (|u| < 1).", lambda u: mul(_sqrt(pi) / 2, exp(power(erfinv(u), 2)))),
         I(erf, UNIT, ALL), _erfinv, real=UNIT),
    Fact(LambertW, ("LambertW",), True, R("d-lambertw", "Lambert W rule", r"\frac{d}{du} W(u) = \frac{W(u)}{u \left(1 + W(u)\right)}", "The derivative of the Lambert W function (w e^w = u) is W over u times one plus W (u > −1/e, u ≠ 0).", lambda u: frac(LambertW(u), mul(u, add(1, LambertW(u))))),
         I(lambda y: y * exp(y), ((-1 / EULER, inf),), ((-1.0, inf),)), "lambertw", real=((-1 / EULER, inf),)),
    Fact(Abs, ("abs", "Abs"), False, R("d-abs", "Absolute value rule", r"\frac{d}{du} |u| = \operatorname{sign} u \quad (u \neq 0)", "The derivative of |u| is the sign of u, away from u = 0 (where |u| has a kink).", lambda u: sign(u)),
         None, _absolute),
    Fact(sqrt, ("sqrt",), node=Pow),  # u^(1/2): the power rule, a power's cost and value
    Fact(sign, ("sign",), evaluate="sign"),  # piecewise (rules/piecewise.py)
    Fact(Heaviside, ("Heaviside",)),  # piecewise; valued by numeric's own code (H(0) = 1/2)
    Fact(Max, ("Max", "max"), several=True),  # piecewise
    Fact(Min, ("Min", "min"), several=True),  # piecewise
    # no rule: SymPy's derivative, labelled d-unknown; valued by SymPy's evalf
    Fact(gamma, ("gamma",), True),
    Fact(loggamma, ("loggamma",), True, real=POSITIVE),
    Fact(digamma, ("digamma",), True, node=polygamma),
    Fact(Si, ("Si",), True),
    Fact(Ci, ("Ci",), True),
)
del R, I


def parser_names(several: bool = False) -> dict:
    """{name: function} for every name an expression may call (with one argument, or with
    two or more when ``several``)."""
    return {name: f.func for f in FACTS if f.several == several for name in f.names}


def with_rules() -> tuple[Fact, ...]:
    """The rows with a differentiation rule of their own, in the table's order."""
    return tuple(f for f in FACTS if f.rule is not None)


def inverses() -> dict:
    """{F: F⁻¹} for the functions the output-form search unwinds."""
    return {f.cls: f.inverse.of for f in FACTS if f.inverse is not None}


def call_names() -> frozenset:
    """The names SymPy's ``count_ops`` gives the transcendental functions (EXP, LOG, ...)."""
    return frozenset(f.cls.__name__.upper() for f in FACTS if f.transcendental)


def evaluators() -> dict:
    """{class: mpmath name or function (context, value)} for the functions mpmath evaluates."""
    return {f.cls: f.evaluate for f in FACTS if f.evaluate is not None}


def analytic_everywhere() -> tuple:
    """The classes of the functions real-analytic on the whole real line."""
    return tuple(f.cls for f in FACTS if f.analytic)


def real_domains() -> dict:
    """{class: the intervals of u where F(u) is real} for the functions real on part of the line."""
    return {f.cls: f.real for f in FACTS if f.real is not None}


def latex_names() -> dict:
    """{class name: LaTeX name} where SymPy's LaTeX printer would print another."""
    return {f.cls.__name__: f.latex for f in FACTS if f.latex is not None}


def pretty_names() -> dict:
    """{class: name} where SymPy's 2-D printer would print another."""
    return {f.cls: f.pretty for f in FACTS if f.pretty is not None}
