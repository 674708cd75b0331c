"""Each algebraic rewrite: a table of node → rewritten node, and where it does not apply."""
import pytest
from sympy import Symbol, cos, cosh, exp, sin, sinh, sqrt

from derive.expr import add, canon, frac, mul, neg, power
from derive.parse import parse, symbol
from derive.printing.written import to_sympy
from derive.rules.algebra import (
    AddSubtract, Arithmetic, Cancel, Collect, CommonDenominator, Context, DoubleAngle, Expand, Factor,
    FoldDefinition, Split, fold,
)
from derive.verify import Checker

x = symbol("x")
S = Symbol("S")
B = 1 + exp(-x)
CTX = Context(x, 1 / B, S)


@pytest.mark.parametrize("rule, node, expected", [
    (Arithmetic(), add(mul(B, 0), neg(mul(1, -exp(-x)))), "exp(-x)"),
    (AddSubtract(), frac(exp(-x), power(B, 2)), "(1 - 1 + exp(-x))/(1 + exp(-x))**2"),
    (AddSubtract(), frac(exp(x), power(1 + exp(x), 2)), "(1 - 1 + exp(x))/(1 + exp(x))**2"),
    (Split(), frac(add(1, -1, exp(-x)), power(B, 2)), "(1 + exp(-x))/(1 + exp(-x))**2 - 1/(1 + exp(-x))**2"),
    (Split(), frac(add(x, 1), x), "x/x + 1/x"),
    (Cancel(), frac(add(1, exp(-x)), power(B, 2)), "1/(1 + exp(-x))"),
    (Cancel(), frac(mul(x, x + 2), power(x, 3)), "(2 + x)/x**2"),
    (Factor(), add(1 / B, -1 / B**2), "1/(1 + exp(-x))*(1 - 1/(1 + exp(-x)))"),
    (Factor(), add(mul(x, exp(x)), mul(x, 2)), "x*(exp(x) + 2)"),
    (Expand(), mul(exp(x), add(1, exp(x))), "exp(x) + exp(2*x)"),
    (FoldDefinition(), add(1 / B, -1 / B**2), "S - S**2"),
    (Expand(), mul(-1, power(x, -2), power(add(1, power(x, -2)), -1)), "-1/(1 + x**2)"),
    (CommonDenominator(), add(sqrt(x**2 + 1), -x**2 / sqrt(x**2 + 1)), "(1 + x**2 - x**2)/sqrt(1 + x**2)"),
    (CommonDenominator(), add(1 / x, 1 / (x + 1)), "(1 + x + x)/(x*(1 + x))"),
    (Collect(), add(x**2, 1, -x**2), "1"),
    (Collect(), add(mul(2, x), 1, x), "1 + 3*x"),
    (DoubleAngle(), add(-sin(x)**2, cos(x)**2), "cos(2*x)"),
    (DoubleAngle(), add(-3 * sin(x)**2, 3 * cos(x)**2, x), "3*cos(2*x) + x"),
    (DoubleAngle(), mul(2, sin(x), cos(x)), "sin(2*x)"),
    (DoubleAngle(), mul(x, sin(3 * x), cos(3 * x)), "(x/2)*sin(6*x)"),
    (DoubleAngle(), add(sinh(x)**2, cosh(x)**2), "cosh(2*x)"),
    (DoubleAngle(), mul(4, sinh(x), cosh(x)), "2*sinh(2*x)"),
])
def test_rewrites(rule, node, expected):
    new = rule.apply(node, CTX)
    assert new is not None
    assert to_sympy(new) == expected
    assert Checker(x, 1 / B, folded={S: 1 / B}).equal(node, new)


@pytest.mark.parametrize("rule, node", [
    (Arithmetic(), exp(-x) / B**2),                     # already tidy
    (AddSubtract(), frac(2, power(B, 2))),               # numerator free of x
    (AddSubtract(), frac(x, power(B, 2))),               # x is not a term of 1 + e^{-x}
    (AddSubtract(), frac(add(1, exp(-x)), B)),           # already the whole base
    (Split(), frac(exp(-x), power(B, 2))),               # numerator is not a sum
    (Split(), add(x, 1)),                                # not a fraction
    (Cancel(), frac(exp(-x), power(B, 2))),              # nothing in common
    (Factor(), add(x, 1)),                               # no common factor
    (Factor(), add(1 / B, B)),                           # exponents of opposite signs
    (Expand(), exp(x)),                                  # nothing to multiply out
    (FoldDefinition(), exp(-x)),                         # the definition does not occur
    (CommonDenominator(), add(x, 1)),                    # no fraction
    (CommonDenominator(), add(x / 2, 1)),                # only a number below: no common denominator in x
    (Collect(), add(x, 1)),                              # no like terms
    (DoubleAngle(), add(cos(x)**2, sin(x)**2)),          # the Pythagorean identity, not a double angle
    (DoubleAngle(), add(cos(x)**2, -sin(2 * x)**2)),     # different angles
    (DoubleAngle(), mul(sin(x), cos(2 * x))),            # different angles
    (DoubleAngle(), add(cosh(x)**2, -sinh(x)**2)),       # cosh² − sinh² = 1, not cosh 2x
])
def test_does_not_apply(rule, node):
    assert rule.apply(node, CTX) is None


@pytest.mark.parametrize("expr, folded", [
    (1 / B, S),
    (1 / B**3, S**3),
    (mul(exp(-x), 1 / B), exp(-x) * S),
    (B, B),  # 1 + e^{-x} is 1/S, but fold only replaces the definition itself
])
def test_fold(expr, folded):
    assert canon(fold(expr, canon(1 / B), S)) == folded


def test_context_is_small():
    assert CTX.x == x and CTX.symbol == S and parse("1/(1+exp(-x))") == CTX.definition

