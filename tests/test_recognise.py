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
    ("-log(1 + exp(-x))", [("Sigmoid, recognised", "1 - sigmoid(x)", True)]),
])
def test_a_derivative_that_is_a_catalog_function_is_named(text, found):
    assert recognised(derive(text)) == found


def test_a_derivative_the_steps_name_already_is_not_named_again():
    d = derive("log(1 + exp(3*x))/3")  # softplus(3x)/3, read so: its derivative is sigmoid(3x) by steps
    assert recognised(d) == [] and str(d.written_derivative) == "sigmoid(3*x)"


# an expression → the catalog functions of one input it writes out, (part, call), outermost first
WRITTEN = [
    ("x/(1+exp(-2*x))", [("1/(1 + exp(-2*x))", "sigmoid(2*x)")]),
    ("1/(1+exp(-3*x))", [("1/(1 + exp(-3*x))", "sigmoid(3*x)")]),  # f itself, at another argument
    ("1/(1+exp(-x))", []),  # f itself at x: the function typed out, derived as it is
    ("x*tanh(log(1+exp(x)))", [("log(exp(x) + 1)", "softplus(x)")]),  # mish at x: its part is read
    ("2*x*tanh(log(1+exp(2*x)))", [("2*x*tanh(log(exp(2*x) + 1))", "mish(2*x)")]),
    ("x*tanh(log(1+exp(2*x)))", [("log(exp(2*x) + 1)", "softplus(2*x)")]),  # no mish(2x): half of it
    ("x - log(1+exp(x))", [("-log(exp(x) + 1)", "logsigmoid(-x)")]),
    ("2*log(1+exp(x))", [("log(exp(x) + 1)", "softplus(x)")]),
    ("(exp(x)-exp(-x))/(exp(x)+exp(-x)) + exp(2*x)", [("(exp(x) - exp(-x))/(exp(x) + exp(-x))", "tanh(x)")]),
    ("exp(-x^2)*x", []),  # the gaussian's call is at −x², no multiple of x: not read
    ("exp(x)/(1+exp(x))", [("1/(exp(x) + 1)", "sigmoid(-x)")]),  # its factor; the whole, another shape, is not
    ("atan(2*x) + exp(x)", []),  # a definition that is one call names nothing new
]


@pytest.mark.parametrize("text, found", WRITTEN)
def test_a_catalog_function_written_out_is_read_as_its_call(text, found):
    from derive.parse import parse, symbol
    from derive.recognise import written_calls

    assert [(str(n), str(c)) for n, c in written_calls(parse(text), symbol("x"))] == found


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
