"""Catalog functions named inside a definition (derive/named.py): which definitions get them,
the forms reached, every step checked, and the derivative against SymPy's, independently."""
import random

import pytest
from sympy import Derivative, Function, IndexedBase, Symbol, diff, exp, lambdify, simplify, sympify

from derive.engine import derive, derive_each
from derive.called import written_out
from derive.expr import canon
from derive.named import occurs, renamed, scalar_parts
from derive.pipeline import own_derivation
from derive.parse import index_symbol, parse, symbol
from derive.printing.written import to_sympy

x, z, a_, b_ = symbol("x"), symbol("z"), symbol("a"), symbol("b")
SIGMOID = {"S": "1/(1 + exp(-x))"}


def named_derivation(text, wrt=None):
    """The derivation of ``text`` by ``wrt`` (glu: by b)."""
    return next(d for d in derive_each(text) if wrt is None or str(d.variable) == wrt) if wrt else derive(text)


def rules(d):
    return [s.rule for top in d.steps for s in top.walk()]


# input, variable, the named values, the form in them (None: not named), the output form
NAMED = [
    ("binary_cross_entropy_with_logits", None, {"S": "1/(1 + exp(-z))"}, "S - t", None),
    ("silu", None, SIGMOID, "S + x*S*(1 - S)", None),
    ("glu", "b", {"S": "1/(1 + exp(-b))"}, "a*S*(1 - S)", "y*(a - y)/a"),  # then y = aS, S = y/a
    ("log(1/(1+exp(-x)))", None, SIGMOID, "1 - S", "1 - exp(y)"),  # d/dx log S = S′/S
    ("x^2/(1+exp(-x))", None, SIGMOID, "(x*S)*(2 + x - x*S)", None),
    ("1/(1+exp(-x))^2", None, SIGMOID, "2*S**2*(1 - S)", "2*y*(1 - sqrt(y))"),  # S², a power of the part
    ("sin(x)/(1+exp(-x))", None, SIGMOID, "S*((1 - S)*sin(x) + cos(x))", None),
]


@pytest.mark.parametrize("text, wrt, values, form, output", NAMED)
def test_named_parts_and_forms(text, wrt, values, form, output):
    d = named_derivation(text, wrt)
    assert d.verified and [s.rule for s in d.steps[:2]] == ["def-differentiate", "def-name-part"]
    named = d.steps[1].substeps
    assert {to_sympy(s.before): to_sympy(s.expression) for s in named} == values
    assert "d-named" in rules(d)
    shown = [to_sympy(s.expression) for s in d.steps if s.rule != "def-known-function"]
    # the cached-value form is the last line (but for the line that writes it by the catalog's
    # names), or, where an output form follows (reached by solving y = f for the named part and
    # substituting), a line before it
    assert shown[-1] == form if output is None else (form in shown[:-1] and shown[-1] == output)
    assert (None if d.output_form is None else to_sympy(d.output_form)) == output


@pytest.mark.parametrize("text, wrt", [
    ("sigmoid", None), ("tanh", None), ("relu", None), ("leaky_relu", None), ("softmax", None),
    ("glu", "a"),  # S(b) is a constant in a: its derivative is never used
    ("1/(1+exp(-x))", None),  # the sigmoid itself, not a part of something
    ("exp(x)/(1+exp(x))", None),  # the sigmoid in another shape: no node to name
    ("logsigmoid", None), ("gelu", None), ("log_softmax", None),
    ("x - log(1+exp(x))", None),  # x + logsigmoid(−x) would give 1 − sigmoid(x): one operation saved, no name
])
def test_not_named(text, wrt):
    d = named_derivation(text, wrt)
    assert d.verified
    assert not {"def-name-part", "d-named"} & set(rules(d))


# input → the Result, where the input writes out a catalog function (at another argument, or one
# with no letter of its own) and the derivation names it and uses its own derivation (issue 13,
# item 3: name what you recognise); the form in y, where there is one
READ = [
    ("x/(1+exp(-2*x))", "2*x*(1 - sigmoid(2*x))*sigmoid(2*x) + sigmoid(2*x)", None),
    ("1/(1+exp(-3*x))", "3*(1 - sigmoid(3*x))*sigmoid(3*x)", "3*y*(1 - y)"),  # f is sigmoid(3x)
    ("x*log(1+exp(x))", "x*sigmoid(x) + softplus(x)", None),  # softplus has no letter of its own
    ("2*log(1+exp(x))", "2*sigmoid(x)", "2 - 2*exp(-y/2)"),  # a number times it
    ("log(1+exp(2*x))", "2*sigmoid(2*x)", "2 - 2*exp(-y)"),
    ("2/(1+exp(-2*x)) - 1", "4*(1 - sigmoid(2*x))*sigmoid(2*x)", "1 - y**2"),  # a form in y: still named
    ("1/(1+exp(-x)) + 1/(1+exp(-2*x))",  # one function, one name: sigmoid(x) beside sigmoid(2x), no S
     "(1 - sigmoid(x))*sigmoid(x) + 2*(1 - sigmoid(2*x))*sigmoid(2*x)", None),
    ("x/(1+exp(-x)) + log(1+exp(x))", "(x*(1 - sigmoid(x)) + 2)*sigmoid(x)", None),  # silu(x) + softplus(x)
    ("3/(1+exp(-x))", "3*((1 - sigmoid(x))*sigmoid(x))", "y*(1 - y/3)"),  # by its letter S: named before the form
    ("log(1+exp(x))/(1+exp(-x))",  # softplus′ is sigmoid(x): the sigmoid is no letter S beside it
     "((1 - sigmoid(x))*softplus(x) + sigmoid(x))*sigmoid(x)", None),
]


@pytest.mark.parametrize("text, result, output", READ)
def test_a_catalog_function_written_out_is_named(text, result, output):
    from sympy import sstr

    d = derive(text)
    assert d.verified and [s.rule for s in d.steps[:2]] == ["def-differentiate", "def-name-part"]
    assert "d-named" in rules(d) and d.written_derivative.free_symbols == {x}
    assert sstr(d.written_derivative) == result
    assert (None if d.output_form is None else sstr(d.output_form)) == output
    assert simplify(written_out(d.written_derivative) - diff(parse(text), x)) == 0  # SymPy, independently


def test_mish_names_softplus_inside_it():
    lines = [str(s.expression) for s in derive("mish").steps]
    assert "x*(1 - tanh(softplus(x))**2)*sigmoid(x) + tanh(softplus(x))" in lines


def test_a_path_not_taken_gives_no_letter():
    d = derive("x - log(1+exp(x))")  # the named path was tried and not taken: the chain rule's letter is u
    assert [str(s.let[0]) for top in d.steps for s in top.walk() if s.let and s.let[0].is_Symbol] == ["u"]


def test_a_letter_the_expression_uses_is_not_taken():
    d = derive("S*x/(1+exp(-x))", "x")  # S is the user's constant
    assert d.verified and "def-name-part" not in rules(d)


@pytest.mark.parametrize("text, wrt", [(t, w) for t, w, *_ in NAMED] + [("cross_entropy", None)])
def test_every_named_step_is_verified(text, wrt):
    d = named_derivation(text, wrt)
    unverified = [(s.rule, to_sympy(s.expression)) for top in d.steps for s in top.walk() if not s.verified]
    assert not unverified


@pytest.mark.parametrize("text, wrt", [(t, w) for t, w, *_ in NAMED])
def test_derivative_and_cached_form_equal_sympys(text, wrt):
    """Independently of the engine: d.derivative against sympy.diff of the definition, and the
    cached-value form with its values substituted, at random points."""
    d = named_derivation(text, wrt)
    f, v = d.definition, d.variable
    consts = {c: random.Random(text).uniform(0.2, 0.8) for c in d.constants}
    want = lambdify(v, diff(f, v).subs(consts), "mpmath")
    forms = [d.derivative] + ([d.cached_form.subs(dict(d.cached_values))] if d.cached_form is not None else [])
    rng = random.Random(text)
    for form in forms:
        ours = lambdify(v, form.subs(consts), "mpmath")
        for _ in range(12):
            at = rng.uniform(-4, 4)
            assert abs(complex(ours(at)) - complex(want(at))) < 1e-9 * max(1, abs(complex(want(at))))


def test_cross_entropy_names_the_softmax_and_uses_its_jacobian():
    d = derive("cross_entropy")
    assert [s.rule for s in d.steps[:3]] == ["def-differentiate", "def-name-part", "d-constant-multiple"]
    (part,) = d.steps[1].substeps
    assert (to_sympy(part.before), to_sympy(part.expression)) == ("S_k", "exp(a[k])/Sum(exp(a[m]), (m, 1, n))")
    named = next(s for top in d.steps for s in top.walk() if s.rule == "d-named")
    assert to_sympy(named.expression) == "S_k*(KroneckerDelta(j, k) - S_j)"
    assert named.title == "Derivative of S, derived in “derive softmax”"
    assert to_sympy(d.steps[-1].expression) == to_sympy(d.cached_form) == "S_j - t[j]"
    assert "alg-given" in [s.rule for s in d.steps]


def test_the_named_derivative_is_the_functions_own_derivation():
    """Not a table: d-named writes what `derive sigmoid` found, at the named node."""
    d = derive("bce")
    step = next(s for top in d.steps for s in top.walk() if s.rule == "d-named")
    assert step.title == "Derivative of S, derived in “derive sigmoid”"
    assert to_sympy(step.expression) == to_sympy(own_derivation("sigmoid").output_form) == "S*(1 - S)"
    assert to_sympy(step.before) == "Derivative(S, z)"


@pytest.mark.parametrize("written, named", [
    ("S - S**2", True),  # the same derivative written otherwise: d-named writes it so
    ("2*S", False),  # a wrong one: its step fails the check, and the path is not taken
])
def test_the_named_rule_follows_the_named_functions_derivation(monkeypatch, written, named):
    """Were the sigmoid's own derivation to end elsewhere, so would d-named: its derivative is
    read from that derivation, and checked like any other step."""
    import derive.pipeline as module

    real, S = own_derivation("sigmoid"), Symbol("S")

    class Other:
        output_form, symbol, verified = sympify(written, locals={"S": S}), S, True

    monkeypatch.setattr(module, "own_derivation", lambda name: Other if name == "sigmoid" else real)
    d = derive("bce")
    steps = [s for top in d.steps for s in top.walk() if s.rule == "d-named"]
    assert d.verified and bool(steps) is named
    assert all(to_sympy(s.expression) == written for s in steps)


@pytest.mark.parametrize("text, order, form", [
    ("bce", 2, "S*(1 - S)"),
    ("silu", 2, "S*(1 - S)*(x*(1 - 2*S) + 2)"),  # (the terms in the order of the line above: x(…) + 2S(1 − S))
])
def test_higher_orders_continue_in_the_named_symbols(text, order, form):
    d = derive(text, order=order)
    want = canon(sympify(form, locals={str(s): s for s in d.cached_form.free_symbols}))
    assert d.verified and canon(d.cached_form) == want and d.order == order
    assert canon(d.steps[-1].expression) == want
    assert form.replace("*", "⋅") in d.to_text(width=100)  # as the line writes it
    v = d.variable
    consts = {c: 0.3 for c in d.constants}
    ours = lambdify(v, d.derivative.subs(consts), "mpmath")
    want = lambdify(v, diff(d.definition, v, order).subs(consts), "mpmath")
    for at in (-2.5, -0.3, 0.7, 3.1):
        assert abs(complex(ours(at)) - complex(want(at))) < 1e-9


@pytest.mark.parametrize("text, wrt, symbols", [
    ("x/(1+exp(-x))", "x", ["S"]),
    ("a/(1+exp(-b))", "b", ["S"]),
    ("a/(1+exp(-b))", "a", []),  # the sigmoid of b is no function of a
    ("1/(1+exp(-x))", "x", []),
    ("(1+exp(-x))^(-3)*x", "x", ["S"]),
    ("S/(1+exp(-x))", "x", []),  # S is taken
    ("(x - t)^2 + x", "x", []),  # mse's (p − t)² has no derivative in its own symbol
])
def test_scalar_parts(text, wrt, symbols):
    f = parse(text)
    assert [str(p.symbol) for p in scalar_parts(f, symbol(wrt), Symbol("y"), own_derivation)] == symbols


@pytest.mark.parametrize("part, text, found", [
    ("1/(1+exp(-x))", "x/(1+exp(-x))", True),
    ("1/(1+exp(-x))", "1/(1+exp(-x))", False),  # the whole is no part of itself
    ("1/(1+exp(-x))", "1/(1+exp(-x))^2", True),
    ("1/(1+exp(-x))", "sqrt(1/(1+exp(-x)))", False),  # no integer power
    ("1/(1+exp(-x))", "1 + exp(-x)", False),
])
def test_occurs(part, text, found):
    from sympy import preorder_traversal
    whole = parse(text)
    assert occurs(parse(part), set(preorder_traversal(whole)), whole) is found


S, F = Symbol("S"), Function("S")


@pytest.mark.parametrize("expr, names, written", [
    (F(x) * (1 - F(x)), {F(x): S}, "S*(1 - S)"),  # SymPy put S(x) after the sum
    (x * F(x), {F(x): S}, "x*S"),  # a symbol's place, after x: not S*x
    (-F(x) + 2, {F(x): S}, "2 - S"),  # positive terms first
    (Derivative(F(x) * x, x, evaluate=False), {F(x): S}, "Derivative(x*S, x)"),  # stays pending
    (parse("-(a + b)"), {a_: S}, "-(S + b)"),  # written forms stay
])
def test_renamed(expr, names, written):
    assert to_sympy(renamed(expr, names)) == written


def test_vector_stand_in_is_renamed_by_its_index():
    a, k = IndexedBase("a"), index_symbol("k")
    assert to_sympy(renamed(F(k, a) * (1 - F(k, a)), {F(k, a): Symbol("S_k")})) == "S_k*(1 - S_k)"


@pytest.mark.parametrize("text, variable, names", [
    ("1/(1 + exp(-x))", "x", set()),
    ("-(t*log(1/(1 + exp(-z))) + (1 - t)*log(1 - 1/(1 + exp(-z))))", "z", {"t"}),
    ("(p - t)^2", "p", {"t"}),
    ("x/2*(1 + erf(x/sqrt(2)))*pi + E", "x", set()),
])
def test_the_constants_of_a_catalog_definition_are_read_from_its_syntax(text, variable, names):
    from derive.named import constants
    assert constants(text, variable) == names


@pytest.mark.parametrize("text, form", [
    ("x*sigmoid(2x)", "sigmoid(2*x) + 2*x*sigmoid(2*x)*(1 - sigmoid(2*x))"),
    ("log(sigmoid(2*x))", "2 - 2*sigmoid(2*x)"),
])
def test_a_catalog_function_called_at_another_argument_is_named_as_called(text, form):
    """sigmoid(2x) typed in an expression is written so, and differentiated by the chain rule
    with the sigmoid's own derivative as the outer one (issue 15)."""
    d = derive(text)
    outer = [s for top in d.steps for s in top.walk() if s.rule == "d-named"]
    assert d.verified and to_sympy(d.cached_form) == form
    assert [to_sympy(s.before) for s in outer] and all("sigmoid(" in to_sympy(s.before) for s in outer)
    assert not mismatches(d, text)


def mismatches(d, text):
    """Points where the cached form, with its values put in, differs from SymPy's derivative."""
    f = d.definition
    values = {Function(str(k.func))(*k.args) if hasattr(k, "func") else k: v for k, v in d.cached_values}
    form = d.cached_form.xreplace(values)
    x = d.variable
    bad = []
    for at in (-1.3, -0.2, 0.7, 2.1):
        want, got = diff(f, x).subs(x, at).evalf(), form.subs(x, at).evalf()
        if abs(want - got) > 1e-9:
            bad.append((at, got, want))
    return bad


# input → as written by name, a line after the differentiation, and whose derivations d-named
# used (issue 15: every catalog function of one input called in an expression is written by its
# name and differentiated by its own derivation, also where its letter is y or its form calls exp)
CALLED = [
    ("softplus(2*x)", "softplus(2*x)", "2*sigmoid(2*x)", {"softplus"}),  # softplus′ = sigmoid(βx), recognised
    ("softplus(x, 3)", "softplus(x, 3)", "sigmoid(3*x)", {"softplus"}),
    ("2x*softplus(3x, beta=2)", "2*x*softplus(3*x, 2)", "2*softplus(3*x, 2) + 6*x*sigmoid(6*x)", {"softplus"}),
    ("x*softplus(x)", "x*softplus(x)", "softplus(x) + x*sigmoid(x)", {"softplus"}),
    ("tanh(softplus(x))", "tanh(softplus(x))", "(1 - tanh(softplus(x))**2)*sigmoid(x)", {"softplus"}),
    ("exp(-softplus(x))", "exp(-softplus(x))", "-exp(-softplus(x))*sigmoid(x)", {"softplus"}),
    ("sigmoid(x)*softplus(x)", "sigmoid(x)*softplus(x)",
     "sigmoid(x)*softplus(x)*(1 - sigmoid(x)) + sigmoid(x)**2", {"sigmoid", "softplus"}),
    ("logsigmoid(3x) + 1", "logsigmoid(3*x) + 1", "3 - 3*sigmoid(3*x)", {"logsigmoid"}),
    ("gelu(x)^2", "gelu(x)**2", None, {"gelu"}),  # gelu′ in x, at x: no form of its own to write it in
    ("mish(2x)", "mish(2*x)", None, {"mish"}),
    ("softplus(sigmoid(x))", "softplus(sigmoid(x))", None, {"softplus", "sigmoid"}),
]


@pytest.mark.parametrize("text, written, line, sources", CALLED)
def test_a_called_catalog_function_is_written_by_name_and_differentiated_as_itself(text, written, line, sources):
    d = derive(text)
    outer = {s.title.split("“derive ")[1].rstrip("”") for top in d.steps for s in top.walk() if s.rule == "d-named"}
    assert d.verified and outer == sources
    first = d.steps[0]
    assert first.rule == "def-differentiate" and {s.rule for s in first.substeps} == {"def-name-part"}
    assert to_sympy(d.written) == written and d.written != d.definition
    if line is not None:
        assert line in [to_sympy(s.expression) for s in d.steps]


@pytest.mark.parametrize("text", [t for t, _, _, _ in CALLED])
def test_a_called_functions_steps_equal_sympys_derivative(text):
    """Independently: every line after the first, its calls written out, equals SymPy's
    derivative of the definition at random points."""
    from derive.called import written_out

    d = derive(text)
    x = d.variable
    want = lambdify(x, diff(d.definition, x), "mpmath")
    rng = random.Random(7)
    for step in d.steps[1:]:
        e = written_out(step.expression)
        if e.has(d.symbol) or e.free_symbols - {x}:
            break  # the form in y and the forward pass's values: test_engine checks those
        got = lambdify(x, e, "mpmath")
        for at in (rng.uniform(-3, 3) for _ in range(4)):
            assert abs(complex(got(at)) - complex(want(at))) < 1e-9 * (1 + abs(complex(want(at))))


@pytest.mark.parametrize("text", ["leaky_relu(x, 0.2)", "softsign(x)^2", "hardtanh(2x)"])
def test_a_catalog_function_with_joints_called_is_written_out(text):
    """leaky_relu(x, 0.2), softsign's |x|: written out, so that the joints are examined."""
    d = derive(text)
    assert d.verified and d.kinks and not any(s.rule == "d-named" for top in d.steps for s in top.walk())


@pytest.mark.parametrize("text, result", [
    ("softplus(x) - softplus(-x)", "1"),  # not sigmoid(x) + sigmoid(-x): the names would hide the 1
    ("gelu(x)^2", None),  # the result is the last line, tidied, not the one before
])
def test_the_result_of_a_called_function_is_the_last_tidied_line(text, result):
    d = derive(text)
    assert d.verified
    before_values = d.steps[:next((i for i, s in enumerate(d.steps) if s.rule == "def-cached"), len(d.steps))]
    last = [s for s in before_values if s.lhs is None][-1]  # (the forward pass's values come after it)
    assert d.written_derivative == last.expression
    if result is not None:
        assert to_sympy(d.written_derivative) == result


@pytest.mark.parametrize("text, rules, solved, form", [
    # the line in names is the form with y for the call: folded, nothing written out or solved
    ("sigmoid(3*x)", ["alg-fold-definition"], None, "3*y*(1 - y)"),
    ("tanh(2*x)", ["alg-fold-definition"], None, "2*(1 - y**2)"),
    # y = R(call): solved for the call as written, never written out
    ("2*sigmoid(x)", ["def-substitute-inverse"], "sigmoid(x) = y/2", "y*(1 - y/2)"),
    ("sigmoid(x)^2", ["def-substitute-inverse"], "sigmoid(x) = sqrt(y)", "2*y*(1 - sqrt(y))"),
    ("log(sigmoid(x))", ["def-substitute-inverse"], "sigmoid(x) = exp(y)", "1 - exp(y)"),
])
def test_a_form_is_reached_from_the_line_in_names(text, rules, solved, form):
    d = derive(text)
    after = [s.rule for s in d.steps[1:] if not s.rule.startswith("d-")]
    assert "def-name-part" not in after, after  # the calls are not written out on the way
    assert set(rules) <= set(after), after
    if solved is not None:
        step = next(s for s in d.steps if s.rule == "def-substitute-inverse")
        lhs, rhs = solved.split(" = ")
        assert (str(step.substeps[-1].before), str(step.substeps[-1].expression)) == (lhs, rhs)
    assert simplify(d.output_form - sympify(form, locals={"y": d.symbol})) == 0


@pytest.mark.parametrize("text, called", [
    ("silu(2*x)", {"sigmoid(2*x)"}),  # silu′ in the sigmoid its derivation named, not e^{−2x} written out
    ("x*silu(x)", {"silu(x)", "sigmoid(x)"}),
    ("swish(3*x)", {"sigmoid(3*x)"}),
])
def test_a_called_functions_derivative_is_written_in_the_names_its_derivation_used(text, called):
    from derive.called import calls_in

    d = derive(text)
    assert d.verified and not d.written_derivative.has(exp)
    assert {str(c) for c in calls_in(d.written_derivative)} == called


@pytest.mark.parametrize("text, result", [
    ("x/(1+exp(-x))", "sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x))"),  # as x*sigmoid(x) reads
    ("x^2/(1+exp(-x))", "(x*sigmoid(x))*(2 + x - x*sigmoid(x))"),
    ("sin(x)/(1+exp(-x))", "sigmoid(x)*((1 - sigmoid(x))*sin(x) + cos(x))"),
    ("log(1/(1+exp(-x)))", None),  # a form in y (1 − e^y) ends the derivation: no line in names
    ("binary_cross_entropy_with_logits", None),  # a catalog entry's result is its form
])
def test_an_expression_through_named_parts_ends_in_their_names(text, result):
    """The last line of an expression derived through a catalog function it did not call by name
    is written by that function's name where that is shorter than the derivative written out: the
    Result reads sigmoid(x) + x·sigmoid(x)(1 − sigmoid(x)), as it does for x*sigmoid(x); the line
    is checked, and the derivative it writes is SymPy's."""
    d = derive(text)
    last = d.steps[-1]
    assert d.verified
    if result is None:
        assert last.rule != "def-known-function"
        return
    assert last.rule == "def-known-function" and to_sympy(last.expression) == result
    assert to_sympy(d.written_derivative) == result
    assert simplify(d.derivative - diff(d.definition, d.variable)) == 0
