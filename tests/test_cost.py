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
    ("Piecewise((-tan(x), Ne(cos(x), 0)))", 1, 1),  # one piece: its condition says where, and is not evaluated
    ("Piecewise((x, x > 0), (0, True))", 1, 0),  # two: the comparison is evaluated
])
def test_cost(text, ops, calls):
    c = cost(sympify(text))
    assert (c.ops, c.calls) == (ops, calls)
    assert c.as_dict() == {"ops": ops, "transcendental": calls}


@pytest.mark.parametrize("text, values, ops, calls", [
    ("2 - 2*sigmoid(2*x)", ["sigmoid(2*x)"], 2, 0),  # the forward pass's sigmoid(2x) is read, not computed
    ("s + x*s*(1 - s)", ["s"], 4, 0),
    ("y*(1 + log(x))", [], 2, 1),
])
def test_priced(text, values, ops, calls):
    from derive.cost import priced

    form = sympify(text)
    c = priced(form, [(sympify(v), None) for v in values])
    assert (c.ops, c.calls) == (ops, calls)


@pytest.mark.parametrize("text, ops, calls", [
    ("2 - 2*sigmoid(2*x)", 5, 1),  # sigmoid(2x) = 1/(1 + e^{-2x}) computed anew
    ("sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x))", 7, 1),  # ... once
    ("x**x*(1 + log(x))", 3, 2),
])
def test_anew(text, ops, calls):
    from derive.cost import anew
    from derive.parse import parse

    c = anew(parse(text))
    assert (c.ops, c.calls) == (ops, calls)


@pytest.mark.parametrize("text, line", [
    # the Result line calls the sigmoid: the derivative in x written out is never shown, so the cost
    # line prices the result as written; the form with the sigmoid the forward pass computed is
    # that Result (2 − 2·sigmoid(2x)), so it is not shown, nor priced, a second time
    ("log(sigmoid(2*x))", "Backprop cost: the result as written, 5 operations and 1 transcendental call; "
     "in terms of y, 2 operations and 1 transcendental call."),
    ("x^x", "Backprop cost: the derivative in x, 3 operations and 2 transcendental calls; "
     "with the forward pass's values, 2 operations and 1 transcendental call."),
    ("sin(x)/(2+cos(x))", "Backprop cost: the derivative in x, 5 operations and 1 transcendental call; "
     "with the forward pass's values, 4 operations and 0 transcendental calls."),  # (1 + cos x) has a form in y
    # a form the page does not show (it costs no less, or is the Result already) is not priced
    ("3*x*2", "Backprop cost: the derivative in x, 0 operations and 0 transcendental calls."),
    ("x*y --wrt x", "Backprop cost: the derivative in x, 0 operations and 0 transcendental calls."),
    ("x^n --wrt x", "Backprop cost: the derivative in x, 3 operations and 1 transcendental call."),
])
def test_cost_line(cli, text, line):
    code, out, err = cli(*text.split(), "--width", "1000")
    assert (code, err) == (0, "")
    assert [ln for ln in out.splitlines() if ln.startswith("Backprop cost")] == [line]
