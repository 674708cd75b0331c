"""Worked examples of the elementary functions' rules (d-exp, d-sin, ...), by rule id.

Kept apart from the table of the functions themselves, so that a new row there is one
entry here: F(x) and its derivative as the rule writes it.  Applied to F(u), u not x,
the chain rule (d-chain) takes the rule's F'(u) and multiplies by du/dx.
"""
from __future__ import annotations

from .base import Example

ELEMENTARY_EXAMPLES = {
    "d-exp": Example("exp(x)", "exp(x)"),
    "d-log": Example("log(x)", "1/x"),
    "d-sin": Example("sin(x)", "cos(x)"),
    "d-cos": Example("cos(x)", "-sin(x)"),
    "d-tan": Example("tan(x)", "1 + tan(x)**2"),
    "d-sec": Example("sec(x)", "sec(x)*tan(x)"),
    "d-csc": Example("csc(x)", "-csc(x)*cot(x)"),
    "d-cot": Example("cot(x)", "-(1 + cot(x)**2)"),
    "d-asin": Example("asin(x)", "1/sqrt(1 - x**2)"),
    "d-acos": Example("acos(x)", "-1/sqrt(1 - x**2)"),
    "d-atan": Example("atan(x)", "1/(1 + x**2)"),
    "d-acot": Example("acot(x)", "-1/(1 + x**2)"),
    "d-sinh": Example("sinh(x)", "cosh(x)"),
    "d-cosh": Example("cosh(x)", "sinh(x)"),
    "d-tanh": Example("tanh(x)", "1 - tanh(x)**2"),
    "d-sech": Example("sech(x)", "-sech(x)*tanh(x)"),
    "d-csch": Example("csch(x)", "-csch(x)*coth(x)"),
    "d-coth": Example("coth(x)", "1 - coth(x)**2"),
    "d-asinh": Example("asinh(x)", "1/sqrt(x**2 + 1)"),
    "d-acosh": Example("acosh(x)", "1/sqrt(x**2 - 1)"),
    "d-atanh": Example("atanh(x)", "1/(1 - x**2)"),
    "d-acoth": Example("acoth(x)", "1/(1 - x**2)"),
    "d-erf": Example("erf(x)", "2*exp(-x**2)/sqrt(pi)"),
    "d-erfc": Example("erfc(x)", "-2*exp(-x**2)/sqrt(pi)"),
    "d-abs": Example("Abs(x)", "sign(x)"),
    # the rows issue 12 adds to the table of functions
    "d-log1p": Example("log1p(x)", "1/(1 + x)"),
    "d-expm1": Example("expm1(x)", "exp(x)"),
    "d-asec": Example("asec(x)", "1/(Abs(x)*sqrt(x**2 - 1))"),
    "d-acsc": Example("acsc(x)", "-1/(Abs(x)*sqrt(x**2 - 1))"),
    "d-erfinv": Example("erfinv(x)", "sqrt(pi)*exp(erfinv(x)**2)/2"),
    "d-lambertw": Example("LambertW(x)", "LambertW(x)/(x*(1 + LambertW(x)))"),
}
