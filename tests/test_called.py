"""A catalog function written by name (derive/called.py): what a call stands for, written out."""
import mpmath
import pytest
from sympy import Function, Rational, exp, log

from derive.called import calls_in, defined, written_out
from derive.expr import canon
from derive.numeric import value
from derive.parse import parse, read, symbol

x = symbol("x")
F = Function


@pytest.mark.parametrize("node, meant", [
    (F("sigmoid")(2 * x), "1/(1 + exp(-2*x))"),
    (F("softplus")(2 * x), "log(1 + exp(2*x))"),  # β at PyTorch's default, 1
    (F("softplus")(x, 3), "log(1 + exp(3*x))/3"),
    (F("softplus")(F("sigmoid")(x)), "log(1 + exp(1/(1 + exp(-x))))"),  # the inner call written out too
    (F("leaky_relu")(x, Rational(1, 5)), "Piecewise((x, x > 0), (x/5, True))"),
    (F("logistic")(x), None),  # an alias is never written: the name is the entry's
    (F("softmax")(x), None),  # a function of a vector
    (F("glu")(x), None),  # of two inputs
    (F("sigmoid")(x, 1, 2), None),  # more arguments than inputs and parameters
    (F("S")(x), None),  # a symbol, not a catalog name
    (F("mse_loss")(x, Rational(1, 2)), "(x - 1/2)**2"),  # a loss's target follows its input
    (F("binary_cross_entropy_with_logits")(x, symbol("u")),
     "-(u*log(1/(1 + exp(-x))) + (1 - u)*log(1 - 1/(1 + exp(-x))))"),
    (F("mse_loss")(x), None),  # its target left out
])
def test_defined(node, meant):
    assert defined(node) == (None if meant is None else canon(parse(meant)))


def test_written_out_and_calls_in():
    e = 2 * x * F("softplus")(3 * x, 2) + F("S")(x)
    assert written_out(e) == x * log(1 + exp(6 * x)) + F("S")(x)
    assert calls_in(e) == {F("softplus")(3 * x, 2)}


@pytest.mark.parametrize("node, at, want", [
    (F("sigmoid")(2 * x), 0.5, 1 / (1 + mpmath.e ** -1)),
    (F("softplus")(x, 3), 1.0, mpmath.log(1 + mpmath.e ** 3) / 3),
])
def test_the_checker_evaluates_a_call_by_its_definition(node, at, want):
    assert abs(value(node, {x: mpmath.mpf(at)}) - want) < 1e-12


@pytest.mark.parametrize("text, named, nodes", [
    ("x*softplus(2x)", "x*softplus(2*x)", ["softplus(2*x)"]),
    ("softplus(x, beta=1)", "softplus(x)", ["softplus(x)"]),  # the default is not written
    ("softplus(sigmoid(x), 2)", "softplus(sigmoid(x), 2)", ["sigmoid(x)", "softplus(sigmoid(x), 2)"]),
    ("sin(x)", None, []),
])
def test_the_reading_keeps_the_calls_by_name(text, named, nodes):
    r = read(text)
    assert (None if r.named is None else str(r.named)) == named
    assert [str(c.node) for c in r.calls] == nodes


@pytest.mark.parametrize("text, first", [
    ("tanh(x)*sigmoid(x)", "y = tanh(x)⋅sigmoid(x)"),  # the order written, the call by name
    ("leaky_relu(x, alpha=0.2)*x", "y = leaky_relu(x, 0.2)⋅x"),  # one word, not leaky with a subscript
    ("relu6(2x) + x", "y = relu6(2⋅x) + x"),
    ("x*gelu_tanh(x)", "y = x⋅gelu_tanh(x)"),
])
def test_the_first_line_is_the_input_as_written(text, first):
    from derive.engine import derive

    assert derive(text).to_text(width=80).splitlines()[0] == first


@pytest.mark.parametrize("text, tex", [
    ("leaky_relu(x, alpha=0.2)*x", r"\operatorname{leaky\_relu}"),
    ("relu6(2x) + x", r"\operatorname{relu6}"),
])
def test_a_catalog_name_is_one_word_in_latex(text, tex):
    from derive.engine import derive
    from derive.printing.latex import definition_latex

    out = definition_latex(derive(text))
    assert tex in out and r"\operatorname{leaky}_" not in out


@pytest.mark.parametrize("text", ["sinc(sin(x))", "sinc(x^2 - 1)*x"])
def test_a_call_with_a_value_at_points_its_argument_reaches_infinitely_often_is_derived(text):
    """sinc(sin x): sinc's value 1 at 0 is its smooth branch's limit, so the derivation takes that
    branch (sin x is 0 at infinitely many points, where no joint could be placed)."""
    from derive.engine import derive

    assert derive(text).verified


@pytest.mark.parametrize("args, code, derivative, err", [
    # the definition's t is the call's to give: never a symbol of the input the user did not write
    (("mse(x)",), 2, None, "mse takes 2 arguments (p, t): give t too, a symbol or a number, as mse(x, t) or mse(x, 0.5)"),
    (("bce(x)",), 2, None, "give t too, a symbol or a number, as bce(x, t) or bce(x, 0.5)"),
    (("mse(t)",), 2, None, "give t too, a symbol or a number, as mse(t, 0.5) "),  # not (t - t)² = 0
    (("x*mse(x)",), 2, None, "at column 3"),
    (("mse(x, t)",), 2, None, "several symbols (t, x): say which with --wrt"),  # the user's own t now
    (("mse(x, 0.5)",), 0, "2*x - 1", ""),
    (("mse(x, t)", "--wrt", "x"), 0, "2*(x - t)", ""),
    (("bce(2*x, 0.3)",), 0, "2/(1 + exp(-2*x)) - 3/5", ""),
    (("mse(t, t)",), 0, "0", ""),
])
def test_a_loss_called_by_name_takes_its_target(cli, args, code, derivative, err):
    import json

    got = cli(*args, "--format", "json")
    assert got[0] == code, got
    assert err in got[2] and (code == 0) == (got[2] == "")
    if derivative is not None:
        assert (parse(json.loads(got[1])["derivative"]) - parse(derivative)).simplify() == 0
