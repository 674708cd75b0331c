"""Backprop cost: operations and transcendental calls, shared sub-expressions counted once."""
import pytest
from sympy import sympify

from derive.cost import cost


@pytest.mark.parametrize("text, ops, calls", [
    ("exp(-x)/(1 + exp(-x))**2", 4, 1),  # e^{-x} computed once
    ("y*(1 - y)", 2, 0),
    ("1 - tanh(x)**2", 2, 1),
    ("sqrt(2)*x*exp(-x**2/2)/(2*sqrt(pi))", 4, 1),  # √2/(2√π) is one constant
    ("(1 - Abs(y))**2", 3, 0),
    ("y", 0, 0),
    ("1", 0, 0),
    ("sin(x) + cos(x) + sin(x)", 2, 2),  # 2·sin x + cos x
    ("erf(x) + log(x)", 1, 2),
    ("exp(x) + exp(-x)", 2, 1),  # e^{-x} = 1/e^x: one exp
    ("exp(2*x) + exp(x)", 2, 1),  # e^{2x} = (e^x)²
    ("exp(x) + exp(x**2)", 1, 2),  # two different exponents: two calls
    ("2**x", 1, 1),  # e^{x ln 2}: a call
    ("x**x", 1, 1),
    ("x**3", 1, 0),
    ("gamma(x)*polygamma(0, x)", 1, 2),  # every function of derive/facts.py has a cost class
    ("LambertW(x)/(x*(1 + LambertW(x)))", 3, 1),
    ("Si(x) + Abs(x)", 2, 1),
    ("exp(sin(x))", 0, 2),  # the exponent's call counts too
    ("exp(sin(x)) + sin(x)", 1, 2),  # ... once
    ("sqrt(pi)*exp(erfinv(x)**2)/2", 1, 2),
    ("exp(2**x)", 0, 2),
])
def test_cost(text, ops, calls):
    c = cost(sympify(text))
    assert (c.ops, c.calls) == (ops, calls)
    assert c.as_dict() == {"ops": ops, "transcendental": calls}
