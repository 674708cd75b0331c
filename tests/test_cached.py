"""The cached-value form: f' through the values the forward pass computed."""
import pytest
from sympy import Symbol, sympify

from derive.cached import find, parts
from derive.cost import cost
from derive.expr import canon
from derive.parse import parse, symbol

x, y = symbol("x"), Symbol("y")


@pytest.mark.parametrize("text, expected", [
    # a quotient is computed by dividing: 1 + e^{-x} is computed, its reciprocal is not
    ("x/(1 + exp(-x))", ["x/(1 + exp(-x))", "1 + exp(-x)", "exp(-x)"]),
    ("sin(x)/(1 + cos(x))", ["sin(x)/(1 + cos(x))", "1 + cos(x)", "cos(x)", "sin(x)"]),
    ("x*sin(x)/(1 + cos(x))**2", ["x*sin(x)/(1 + cos(x))**2", "(1 + cos(x))**2", "1 + cos(x)", "cos(x)", "sin(x)"]),
    ("x^x", ["x^x"]),  # a power a^x is a call (e^{x ln a})
    ("1/(1 + exp(-x))", ["1/(1 + exp(-x))", "1 + exp(-x)", "exp(-x)"]),
    ("x - tanh(x)", ["x - tanh(x)", "tanh(x)"]),  # −tanh x is no part of its own
    ("x^2 + 1", []),
])
def test_parts(text, expected):
    assert [str(p) for p in parts(parse(text), x)] == [str(sympify(e)) for e in expected]


@pytest.mark.parametrize("text, form, values", [
    ("x^2*exp(x)", "u*x*(x + 2)", {"u": "exp(x)"}),
    ("exp(-x^2)", "-2*x*y", {}),
    ("x*atan(x)", "u + x/(x**2 + 1)", {"u": "atan(x)"}),
    ("x - tanh(x)", "u**2", {"u": "tanh(x)"}),
    ("tanh(x)^2", "u*(2 - 2*y)", {"u": "tanh(x)"}),  # y = u², computed; not 2√y(1 − y), wrong for x < 0
    ("atan(x)^2", "2*u/(x**2 + 1)", {"u": "atan(x)"}),
    ("x*log(x) - x", "u", {"u": "log(x)"}),  # f' is log x, which the forward pass computed
    ("x^x", "y*(1 + log(x))", {}),  # y itself saves the call x^x
])
def test_find(text, form, values):
    f = parse(text)
    found = find(f, f.diff(x), x, y)
    assert found.form == sympify(form, locals={"x": x})
    assert {str(t): c for t, c in found.values} == {k: sympify(v, locals={"x": x}) for k, v in values.items()}
    assert cost(found.form).calls < cost(f.diff(x)).calls


@pytest.mark.parametrize("text, derivative, form, values", [
    # the derivative 1/(1 + cos x) is no value the forward pass computed (it divides by 1 + cos x):
    # it is not renamed u at no cost
    ("sin(x)/(1 + cos(x))", "1/(1 + cos(x))", "1/u", {"u": "1 + cos(x)"}),
    ("x/(1 + exp(x))", "(1 + exp(x) - x*exp(x))/(1 + exp(x))**2", "1/u - y + y/u", {"u": "1 + exp(x)"}),
])
def test_find_from_the_tidied_derivative(text, derivative, form, values):
    f, df = parse(text), parse(derivative)
    found = find(f, df, x, y)
    assert found.form == sympify(form, locals={"x": x})
    assert {str(t): c for t, c in found.values} == {k: sympify(v, locals={"x": x}) for k, v in values.items()}
    assert all(c != df for _, c in found.values)


@pytest.mark.parametrize("text", ["x^2 + 3*x", "log(1 + x^2)", "sin(x)"])
def test_nothing_to_save(text):
    f = parse(text)
    assert find(f, f.diff(x), x, y) is None


def test_catalog_names_are_used():
    f = parse("x/(1 + exp(-x))")
    S = Symbol("S")
    found = find(f, f.diff(x), x, y, {parse("1/(1 + exp(-x))"): S})
    assert found.values == ((S, parse("1/(1 + exp(-x))")),)


@pytest.mark.parametrize("text, given, values", [
    # a value that has a letter in the derivation keeps it (the chain rule named exp(x) v)
    ("x^2*exp(x)", {"v": "exp(x)"}, {"v": "exp(x)"}),
    # a letter that means something else is not taken: the next free one is
    ("x^2*exp(x)", {"u": "x**2"}, {"v": "exp(x)"}),
    ("x^2*exp(x)", {"u": "x**2", "v": "sin(x)", "w": "cos(x)"}, {"p": "exp(x)"}),
    ("x*atan(x)", {"u": "atan(x)"}, {"u": "atan(x)"}),
])
def test_find_takes_the_derivations_letters(text, given, values):
    from derive.letters import Letters

    f = parse(text)
    letters = Letters({"x", "y"})
    for name, value in given.items():
        letters.bind(name, sympify(value, locals={"x": x}))
    found = find(f, f.diff(x), x, y, given=letters)
    assert {str(t): c for t, c in found.values} == {k: sympify(v, locals={"x": x}) for k, v in values.items()}


@pytest.mark.parametrize("text, form, values", [
    # each value is written in a step of its own; v + x(1 − v²)·p/w is PyTorch's v + x(1 − v²)σ(x)
    ("x*tanh(log(1+exp(x)))", "v + p*x*(1 - v**2)/w",  # (u: the chain rule's softplus(x))
     {"v": "tanh(log(1 + exp(x)))", "w": "1 + exp(x)", "p": "exp(x)"}),
    ("sin(x)/(2+cos(x))", "-3/u**2 + 2/u", {"u": "2 + cos(x)"}),  # not u = 1/(2 + cos x), the derivative renamed
    ("x^x", "y*(1 + log(x))", {}),
    ("x^(1/x)", "y*(1 - log(x))/x**2", {}),  # a power a^x is a call: y saves it
    ("x*exp(-x^2)", "v - 2*x*y", {"v": "exp(-x**2)"}),  # multiplied out in a step, then y written in
    # e^{2x} renamed v² with v = eˣ, not eˣ solved from v = (1 + eˣ)² through a root
    # (from the Result (eˣ − e^{2x})/(1 + eˣ)³, the numerator multiplied out: y − v·y over u)
    ("exp(x)/(1+exp(x))^2", "(y - v*y)/u", {"u": "1 + exp(x)", "v": "exp(x)"}),
])
def test_each_step_writes_one_value(text, form, values):
    from derive.engine import derive

    d = derive(text)
    assert d.verified
    assert d.cached_form == sympify(form, locals={"x": x, "y": d.symbol})
    assert {str(t): c for t, c in d.cached_values} == {k: sympify(v, locals={"x": x}) for k, v in values.items()}
    steps = [s for s in d.steps if s.rule in ("def-cached", "alg-expand")]
    assert steps and canon(steps[-1].expression) == d.cached_form  # (held in the order shown)
    for s in steps:  # one change a line: one value written (said in its sub-step), or multiplied out, or y
        assert len(s.substeps) <= 1
    written = [s.substeps[0].expression for s in steps if s.substeps]
    assert all(w != d.derivative for w in written)  # no value is the derivative itself


@pytest.mark.parametrize("text, form", [
    # the tidied −sin 2x holds no value of the forward pass; the rules' line −2 tan x/(1 + tan²x) does
    ("1/(1+tan(x)^2)", "-2*u*y"),
])
def test_the_cached_form_is_also_sought_from_the_line_before_the_tidy(text, form):
    from derive.pipeline import derive
    from derive.printing.written import to_sympy

    d = derive(text)
    assert to_sympy(d.cached_form) == form and cost(d.cached_form).calls == 0
    assert all(s.verified for s in d.steps)


@pytest.mark.parametrize("text", [
    # cos²x − sin²x is cos 2x (1 operation, 1 call); u² − v² would save the call for two operations more
    "sin(x)*cos(x)",
])
def test_a_form_that_costs_more_than_the_derivative_is_not_offered(text):
    from derive.pipeline import derive

    d = derive(text)
    assert d.cached_form is None and d.verified
    assert "def-cached" not in {s.rule for s in d.steps}


@pytest.mark.parametrize("form, derivative, cheaper", [
    ("u**2 - v**2", "cos(2*x)", False),       # a call saved, two operations more
    ("-2*u*y", "-sin(2*x)", True),            # a call saved, one operation more
    ("-2*x*y", "-2*x*exp(-x**2)", True),      # a call saved, no operation more
    ("S*x*(1 - S) + S", "x*exp(-x)/(1 + exp(-x))**2 + 1/(1 + exp(-x))", True),
    ("v/2 + 3*cos(3*x)/2", "(cos(x) + 3*cos(3*x))/2", True),  # one call of two saved, as many operations
    ("-4*pi*u*x/(2 + x**2)**2", "-4*pi*x*(pi/(2 + x**2) + 2)/(2 + x**2)**2", False),  # no call to save
    ("cos(2*x)", "cos(2*x)", False),          # the same cost is not less
])
def test_a_form_is_cheaper_with_fewer_calls_and_no_more_operations_and_calls(form, derivative, cheaper):
    from derive.cached import cheaper as is_cheaper

    names = {n: Symbol(n) for n in ("u", "v", "y", "S")}
    assert is_cheaper(sympify(form, locals={"x": x, **names}), sympify(derivative, locals={"x": x})) is cheaper


def test_a_power_of_a_number_is_a_value_however_the_derivative_spells_it():
    """coth((1/2)ˣ)^{2/3}: the derivative writes 2^{−x} where the definition computed (1/2)ˣ; it is
    that value (and 2ˣ its reciprocal), so the cached form calls nothing."""
    from derive.pipeline import derive

    d = derive("coth((1/2)**x)**(2/3)")
    assert d.verified and cost(d.cached_form).calls == 0
    assert parse("(1/2)**x") in {c for _, c in d.cached_values}


@pytest.mark.parametrize("text, restart, then", [
    # 2/sinh 2x holds no value; the rules' line (1 − tanh²x)/tanh x does: written u there, then split
    ("log(tanh(x))", "(1 - u**2)/u", [("alg-split", "1/u - u")]),
    # −sin 2x holds none either; −2 tan x/(1 + tan²x) is −2u·y by two renamings
    ("1/(1+tan(x)^2)", "-2*y*tan(x)", [("def-cached", "-2*u*y")]),
])
def test_a_form_from_the_rules_line_starts_from_it_and_renames_a_line_at_a_time(text, restart, then):
    from derive.pipeline import derive
    from derive.printing.text import render
    from derive.printing.written import to_sympy

    d = derive(text)
    i = next(i for i, s in enumerate(d.steps) if s.rule == "def-cached")
    first, rest = d.steps[i], d.steps[i + 1:]
    assert str(first.lhs) == "Derivative(y, x)" and to_sympy(first.expression) == restart
    assert [(s.rule, to_sympy(s.expression)) for s in rest] == then
    assert all(s.all_verified() for s in d.steps)
    import re
    starts = [line.split()[0] for line in render([d]).split("\n") if re.match(r"\s*\d+\s+dy/dx = ", line)]
    assert len(starts) == 2 and starts[0] == "1"  # line 1, and the new start: dy/dx = as line 1 writes it


def cached_lines(d) -> list:
    """The lines that reach the cached-value form: from the first def-cached step, and the line
    multiplied out just before it."""
    i = next(i for i, s in enumerate(d.steps) if s.rule == "def-cached")
    return d.steps[i - 1 if i > 1 and d.steps[i - 1].rule == "alg-expand" else i:]


@pytest.mark.parametrize("text, expected", [
    # multiplied out in x first, term by term in the order shown; y and the value on one line; no
    # letter for cos x, which the form does not use
    ("exp(x)*cos(x)", [("alg-expand", "exp(x)*cos(x) - exp(x)*sin(x)", []),
                       ("def-cached", "y - u*sin(x)", ["u = exp(x)"])]),
    ("exp(x)*sin(x)", [("alg-expand", "exp(x)*sin(x) + exp(x)*cos(x)", []),
                       ("def-cached", "y + u*cos(x)", ["u = exp(x)"])]),
    ("x*exp(-x)", [("alg-expand", "exp(-x) - exp(-x)*x", []), ("def-cached", "v - y", ["v = exp(-x)"])]),
    ("sqrt(x)*exp(x)", [("alg-expand", "sqrt(x)*exp(x) + exp(x)/(2*sqrt(x))", []),
                        ("def-cached", "y + u/(2*sqrt(x))", ["u = exp(x)"])]),
    # the form uses y alone: no letter u = sin x on the way
    ("sin(x)/x", [("alg-expand", "cos(x)/x - sin(x)/x**2", []), ("def-cached", "(-y + cos(x))/x", [])]),
    ("log(x)/x", [("alg-expand", "x**(-2) - log(x)/x**2", []), ("def-cached", "(1/x - y)/x", [])]),
    # tan x renamed in the line multiplied out, never 1 + tan²x written u² + 1
    ("tan(x)/x", [("alg-expand", "1/x + tan(x)**2/x - tan(x)/x**2", []),
                  ("def-cached", "1/x + u**2/x - u/x**2", ["u = tan(x)"]),
                  ("def-cached", "1/x + u*y - y/x", [])]),
    ("tanh(x)*x", [("alg-expand", "x - x*tanh(x)**2 + tanh(x)", []),
                   ("def-cached", "x - x*u**2 + u", ["u = tanh(x)"]), ("def-cached", "x + u*(1 - y)", [])]),
    # the function's factors among the line's are y itself: no letter u = xˣ under the line
    ("2*x**x", [("def-cached", "y*(1 + log(x))", [])]),
    # cos x, which the renaming leaves, solved for and substituted in a step of its own
    ("sin(x)/(2+cos(x))", [("def-cached", "(2*cos(x) + 1)/u**2", ["u = 2 + cos(x)"]),
                           ("def-substitute-inverse", "(2*(-2 + u) + 1)/u**2", ["cos(x) = -2 + u"]),
                           ("alg-expand", "-3/u**2 + 2/u", [])]),
    # v, which the form does not use, stays where writing it back would leave the form in one jump
    ("sinc", [("def-cached", "(pi*x*cos(pi*x) - v)/(pi*x**2)", ["v = sin(pi*x)"]),
              ("alg-split", "cos(pi*x)/x - v/(pi*x**2)", []), ("def-cached", "(-y + cos(pi*x))/x", [])]),
])
def test_the_cached_lines_read_as_a_lecturer_writes_them(text, expected):
    """(rule, the line as the JSON writes it, with its terms and factors in the order shown, and
    its sub-steps) for each line that reaches the cached-value form."""
    from derive.order import following, writing_of
    from derive.pipeline import derive
    from derive.printing.written import to_sympy

    d = derive(text)
    assert d.verified
    with following(writing_of(d)):
        got = [(s.rule, to_sympy(s.expression), [f"{to_sympy(t.before)} = {to_sympy(t.expression)}" for t in s.substeps])
               for s in cached_lines(d)]
    assert got == [(rule, e, subs) for rule, e, subs in expected]


@pytest.mark.parametrize("text", [
    "exp(x)*cos(x)", "exp(x)*sin(x)", "tan(x)/x", "sin(x)/x", "log(x)/x", "x*exp(-x)", "tanh(x)*x",
    "sqrt(x)*exp(x)", "x*exp(-x^2)", "exp(x)/(1+exp(x))^2", "sin(x)/(2+cos(x))", "log(tanh(x))",
    "1/(1+tan(x)^2)", "gelu", "mish", "sinc", "2*x**x",
])
def test_no_cached_line_names_an_unused_value_or_only_reorders(text):
    """Every letter a line that reaches the cached-value form introduces is in that form (or the
    named algebra follows it: sinc's v, which written back would leave a jump), and every such line
    changes the one before as a person reads it (not only the order of its terms)."""
    from derive.board import reads_as
    from derive.pipeline import derive

    d = derive(text)
    lines = cached_lines(d)
    before = d.steps[d.steps.index(lines[0]) - 1]
    used = d.cached_form.free_symbols
    for s, after in zip(lines, lines[1:] + [None]):
        unused = [t for t in s.substeps if t.rule == "def-cached" and t.before not in used]
        assert not unused or after is not None and after.rule != "def-cached", (text, s)
    for old, new in zip([before] + lines, lines):
        assert not reads_as(new.expression, old.expression), (text, new)
