"""Known functions recognised (derive/recognise.py): a derivative that is a catalog function at
some argument is offered by its name, checked, as another form of the derivative."""
import pytest
from sympy import Symbol, parse_expr

from derive.engine import derive, derive_each
from derive.printing.written import to_sympy

KNOWN = "def-known-function"


def recognised(d) -> list:
    return [(s.title, to_sympy(s.expression), s.verified) for s in d.alternatives if s.rule == KNOWN]


@pytest.mark.parametrize("text, found", [
    ("softplus", [("Sigmoid, recognised", "sigmoid(beta*x)", True)]),
    ("logsigmoid", [("Sigmoid, recognised", "1 - sigmoid(x)", True)]),
    ("log(1 + exp(x))", [("Sigmoid, recognised", "sigmoid(x)", True)]),
    ("log(1 + exp(3*x))/3", [("Sigmoid, recognised", "sigmoid(3*x)", True)]),
    ("-log(1 + exp(-x))", [("Sigmoid, recognised", "1 - sigmoid(x)", True)]),
])
def test_a_derivative_that_is_a_catalog_function_is_named(text, found):
    assert recognised(derive(text)) == found


@pytest.mark.parametrize("text", ["sigmoid", "x^2", "exp(x)", "sin(x)", "gelu", "mish", "tanh"])
def test_nothing_is_named_where_nothing_is_known(text):
    assert recognised(derive(text)) == []


def test_the_name_reads_back_as_a_function():
    d = derive("softplus").to_dict()
    [alt] = [a for a in d["alternatives"] if a["rule"] == KNOWN]
    names = [d["symbol"], d["variable"], *d["constants"], *d["parameters"]]
    e = parse_expr(alt["expression"], local_dict={n: Symbol(n) for n in names})
    assert e.func.__name__ == "sigmoid" and alt["verified"] is True


def test_every_recognition_in_the_catalog_is_verified():
    for name in ("softplus", "logsigmoid", "silu", "bce", "glu"):
        for d in derive_each(name):
            assert all(v for _, _, v in recognised(d))


@pytest.mark.parametrize("text, alternative", [
    ("softplus(x, 2)", None),  # its steps say sigmoid(2x) already: no "1 - sigmoid(-2x)" after them
    ("log(sigmoid(2x))", "1 - tanh(x)"),  # another function: news
])
def test_a_function_the_steps_named_is_not_recognised_again(text, alternative):
    found = [to_sympy(a.expression) for a in derive(text).alternatives if a.rule == "def-known-function"]
    assert found == ([] if alternative is None else [alternative])
