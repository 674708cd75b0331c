"""Higher derivatives: in y through d-known where the first derivative has a form, in x otherwise;
every order equals SymPy's n-th derivative."""
import random

import pytest
from sympy import Symbol, diff, lambdify

from derive.engine import derive
from derive.parse import ParseError
from derive.printing.written import to_sympy


@pytest.mark.parametrize("name, order, form", [
    ("sigmoid", 2, "S*(1 - S)*(1 - 2*S)"),
    ("sigmoid", 3, "S*(1 - S)*(1 - 6*S + 6*S**2)"),
    ("tanh", 2, "-2*y*(1 - y**2)"),
    ("exp", 3, "y"),
    ("softplus", 2, "beta*(1 - exp(-y*beta))*exp(-y*beta)"),
])
def test_forms_in_y(name, order, form):
    d = derive(name, order=order)
    assert d.verified and d.order == order and to_sympy(d.output_form) == form
    assert any(s.rule == "d-known" for top in d.steps for s in top.walk())


@pytest.mark.parametrize("text, order", [
    ("sigmoid", 2), ("tanh", 3), ("silu", 2), ("x^3*sin(x)", 3), ("gelu", 2), ("exp(x)/(1+exp(x))", 2),
])
def test_every_order_equals_sympys(text, order):
    d = derive(text, order=order)
    assert d.verified
    x = d.variable
    params = {Symbol(p, positive=True): v for p, v in d.parameters.items()}
    ours = lambdify(x, d.derivative.subs(params), "mpmath")
    want = lambdify(x, diff(d.definition, x, order).subs(params), "mpmath")
    rng = random.Random(text)
    for _ in range(10):
        at = rng.uniform(-3, 3)
        assert abs(complex(ours(at)) - complex(want(at))) < 1e-9 * max(1, abs(complex(want(at))))


def test_each_order_starts_a_new_equation():
    d = derive("sigmoid", order=3)
    starts = [s for s in d.steps if s.lhs is not None]
    assert [s.rule for s in starts] == ["def-higher-order"] * 2
    assert [str(s.lhs) for s in starts] == ["Derivative(S, (x, 2))", "Derivative(S, (x, 3))"]


def test_without_a_form_the_cached_values_are_used_again():
    d = derive("silu", order=2)
    assert d.output_form is None and d.cached_form is not None
    assert d.cost["cached_form"]["transcendental"] < d.cost["derivative"]["transcendental"]


@pytest.mark.parametrize("order", [0, 9, -1])
def test_order_out_of_range(order):
    with pytest.raises(ParseError, match="order"):
        derive("sigmoid", order=order)


@pytest.mark.parametrize("text, order, written", [
    ("softplus(2*x)", 2, "4*sigmoid(2*x)*(1 - sigmoid(2*x))"),  # from 2·sigmoid(2x), not from exponentials
    ("log(sigmoid(x))", 2, "sigmoid(x)**2 - sigmoid(x)"),
])
def test_an_order_written_in_catalog_calls_goes_on_from_them(text, order, written):
    """Where order n − 1 is written in catalog functions called by name, order n differentiates
    that line, each call by its own derivative (d-named), and the result is written in them."""
    d = derive(text, order=order)
    assert d.verified and to_sympy(d.written_derivative) == written
    start = next(k for k, s in enumerate(d.steps) if s.rule == "def-higher-order")
    assert "sigmoid" in str(d.steps[start].expression)  # d/dx of the line in calls: d/dx 2·sigmoid(2x)
    assert any(s.rule == "d-named" for top in d.steps[start:] for s in top.walk())


@pytest.mark.parametrize("text, order, said, not_said", [
    ("x^2*sin(x)", 2, "but f''(1) ≈ 3.003 while f''(b) ≈ -12.82", "f'(1)"),  # f'(1) is 2.223: the second derivative
    ("x^2*sin(x)", 4, "but f⁽⁴⁾(1) ≈ -13.58", "f'(1)"),
    ("x^2*sin(x)", 1, "but f'(1) ≈ 2.223", "f''"),
])
def test_the_no_form_sentence_names_the_derivative_it_compares(text, order, said, not_said):
    d = derive(text, order=order)
    assert said in d.note and not_said not in d.note, d.note


@pytest.mark.parametrize("order, name", [(1, "f'"), (2, "f''"), (3, "f'''"), (4, "f⁽⁴⁾"), (8, "f⁽⁸⁾")])
def test_derivative_names(order, name):
    from derive.outform import derivative_name
    assert derivative_name(order) == name
