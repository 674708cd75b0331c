"""The user's order of terms and factors (derive/order.py, issue 13 item 4): tables of
inputs → what the text, LaTeX, Markdown and JSON print, the rules of the ordering one by one, and
a property test that the JSON's expression strings, printed in the written order, read back as
the same expression."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, strategies as st
from sympy import Add, Mul, Symbol, cos, exp, parse_expr, pi, sin

from derive.expr import add, canon, mul
from derive.parse import ParseError, parse, symbol, written
from derive.order import (
    NOTHING, Writing, factors, following, nodes, terms, writing_of_input,
)
from derive.printing.written import to_latex, to_pretty, to_sympy

from strategies import expressions

x, a = symbol("x"), symbol("alpha")




def baseline(text: str, start: str) -> str:
    """The line of a text output that holds ``start`` (a picture's baseline), from there on."""
    line = next(ln for ln in text.splitlines() if start in ln)
    return line[line.index(start):].rstrip()


# input → (the definition's line, the result's line, a line of a step, what no line may show)
CASES = [
    ("sin(x)*cos(x)", "y = sin(x)⋅cos(x)", "Result: dy/dx = cos(2⋅x)",
     "= cos(x)⋅cos(x) + sin(x)⋅(-sin(x))", "cos(x)⋅sin(x)"),
    ("cos(x)*sin(x)", "y = cos(x)⋅sin(x)", "Result: dy/dx = cos(2⋅x)",
     "= (-sin(x))⋅sin(x) + cos(x)⋅cos(x)", "sin(x)⋅cos(x)"),
    ("(3x+2)^5", "y = (3⋅x + 2)", "Result: dy/dx = 15⋅(3⋅x + 2)", "= 15⋅(3⋅x + 2)", "2 + 3⋅x"),
    ("(2+3x)^5", "y = (2 + 3⋅x)", "Result: dy/dx = 15⋅(2 + 3⋅x)", "= 15⋅(2 + 3⋅x)", "3⋅x + 2"),
    ("exp(x)*x", "y = ℯ ⋅x", "Result: dy/dx = ℯ ⋅x + ℯ", "= ℯ ⋅x + ℯ ⋅(1)", "x⋅ℯ"),
    ("x*exp(x)", "y = x⋅ℯ", "Result: dy/dx = ℯ  + x⋅ℯ", "= 1⋅ℯ  + x⋅ℯ", "ℯ ⋅x"),
    ("x - 1", "y = x - 1", "Result: dy/dx = 1", "= 1", "-1 + x"),
    ("2 + 3x", "y = 2 + 3⋅x", "Result: dy/dx = 3", "= 3", "3⋅x + 2"),
    ("x*2", "y = 2⋅x", "Result: dy/dx = 2", "= 2", "x⋅2"),
    ("x*pi", "y = π⋅x", "Result: dy/dx = π", "= π", "x⋅π"),
    ("x^2+3x+1", "y = x  + 3⋅x + 1", "Result: dy/dx = 2⋅x + 3", "= 2⋅x + 3", "1 + 3⋅x"),
    # a sum keeps its own order where its terms were written elsewhere first (x³ − 1 wrote −1)
    ("(x^3-1)/(x-1)", "y = ──────", "Result: dy/dx = 2⋅x + 1", "(x - 1)⋅3⋅x", "-1 + x"),
    ("(x^2-1)/(x-1)", "y = ──────", "Result: dy/dx = 1", "x - 1", "-1 + x"),
    ("x*sigmoid(b*x)", "y = x⋅sigmoid(b⋅x)",
     "Result: dy/dx = sigmoid(b⋅x) + b⋅x⋅sigmoid(b⋅x)⋅(1 - sigmoid(b⋅x))", "sigmoid(b⋅x) =", "sigmoid(x⋅b)"),
]


@pytest.mark.parametrize("source, first, result, step, never", CASES)
def test_text_keeps_the_written_order(source, first, result, step, never, cli):
    code, out, err = cli(source, *(["--wrt", "x"] if "b" in source else []))
    assert (code, err) == (0, "")
    assert baseline(out, "y = ") == first
    assert baseline(out, "Result: ") == result
    assert step in out, out
    assert never not in out


def test_a_catalog_definition_keeps_its_source_order(cli):
    """leaky ReLU is alpha*x in catalog.py: α⋅x in every format, never x⋅α."""
    code, out, err = cli("leaky_relu")
    assert (code, err) == (0, "") and "⎩α⋅x  otherwise" in out and "x⋅α" not in out
    code, out, _ = cli("leaky_relu", "--format", "json")
    d = json.loads(out)
    assert d["definition"] == "Piecewise((x, x > 0), (alpha*x, True))"
    code, out, _ = cli("leaky_relu", "--format", "latex")
    assert r"\alpha x & \text{otherwise}" in out and r"x \alpha" not in out
    code, out, _ = cli("leaky_relu", "--format", "markdown")
    assert r"\alpha x & \text{otherwise}" in out


@pytest.mark.parametrize("fmt, shown, never", [
    ("json", '"cos(x)*cos(x) + sin(x)*(-sin(x))"', "cos(x)*sin(x)"),
    ("latex", r"\sin{\left(x \right)} \cos{\left(x \right)}", r"\cos{\left(x \right)} \sin{\left(x \right)}"),
    ("markdown", r"\sin{\left(x \right)} \cos{\left(x \right)}", r"\cos{\left(x \right)} \sin{\left(x \right)}"),
])
def test_every_format_keeps_the_written_order(fmt, shown, never, cli):
    code, out, err = cli("sin(x)*cos(x)", "--format", fmt)
    assert (code, err) == (0, "")
    assert shown in out and never not in out


def test_a_call_of_a_catalog_function_is_placed_where_it_is_written(cli):
    """sigmoid's definition is placed inside the call: 1 + e^{-x} as catalog.py writes it."""
    code, out, _ = cli("sigmoid(x)*x", "--format", "json")
    d = json.loads(out)
    assert "(1 + exp(-x))" in d["definition"] and "(exp(-x) + 1)" not in out


# --- the rules, one by one -------------------------------------------------------------------------

def shown(text: str, e) -> str:
    """``e`` printed as JSON prints it, in the writing of ``text``."""
    with following(Writing(written(text))):
        return to_sympy(e)


@pytest.mark.parametrize("text, e, expected", [
    ("3*x + 2", canon(parse("3*x + 2")), "3*x + 2"),  # SymPy stores 2 + 3*x
    ("x - 1", canon(parse("x - 1")), "x - 1"),  # the term -1 was written
    ("1 - x", -canon(parse("1 - x")), "-1 + x"),  # found up to its sign: 1 was written first
    ("sin(x)*cos(x)", sin(x) * cos(x), "sin(x)*cos(x)"),
    ("alpha*x", a * x, "alpha*x"),
    ("x*2", 2 * x, "2*x"),  # a number keeps its place
    ("x*pi", pi * x, "pi*x"),  # so does a constant
    ("x^2 + 1", x**4 + x**2 + 1, "1 + x**2 + x**4"),  # x^4 was never written: SymPy's order in JSON
    ("x^4 + x^2 + 1", x**4 + x**2 + 1, "x**4 + x**2 + 1"),
    ("exp(x)*x", x * exp(x) + exp(x), "exp(x)*x + exp(x)"),  # its factors were written, not its terms
    ("cos(x) + sin(x)", sin(x) + cos(x), "cos(x) + sin(x)"),
    ("x*sin(x)", x * cos(x), "x*cos(x)"),  # cos(x) never a factor
])
def test_the_order_of_a_sum_and_a_product(text, e, expected):
    assert shown(text, e) == expected
    assert parse_expr(expected, local_dict={"x": x, "y": symbol("y"), "alpha": a}) == canon(e)


def test_rule_built_order_stays_unless_all_its_parts_were_written():
    """f'·g + f·g′ of a rule keeps its order where a term was never written; a product of
    written factors is put in their order (numbers stay where they are)."""
    product_rule = add(mul(1, exp(x)), mul(x, exp(x)))
    assert shown("x*exp(x)", product_rule) == "1*exp(x) + x*exp(x)"
    assert shown("exp(x)*x", mul(Symbol("x", real=True), exp(x))) == "exp(x)*x"
    assert shown("exp(x)*x", mul(5, x, exp(x))) == "5*exp(x)*x"


def test_letters_sympy_multiplied_are_in_the_order_it_prints_them():
    """SymPy stores y before the positive β; a page writes βy (softplus's e^{βy}), and xy."""
    y, beta = Symbol("y"), Symbol("beta", positive=True)
    assert (beta * y).args == (y, beta) and to_latex(beta * y) == r"\beta y"
    assert to_latex(-x * y) == "- x y"
    k = Symbol("k", integer=True)
    assert to_latex(2 * pi * k) == r"2 k \pi" and to_latex(pi * k + pi / 2) == r"k \pi + \frac{\pi}{2}"
    with following(Writing(written("log(1 + exp(beta*x))/beta"))):
        assert to_latex(beta * y) == r"\beta y"


def test_without_a_writing_a_sum_is_in_a_textbooks_order():
    assert terms(canon(parse("3*x + 2"))) == list(reversed(canon(parse("3*x + 2")).args))
    assert factors(sin(x) * cos(x)) == list((sin(x) * cos(x)).args)  # a product: SymPy's
    assert to_sympy(canon(parse("3*x + 2"))) == "2 + 3*x"  # the JSON keeps SymPy's order
    assert to_latex(canon(parse("3*x + 2"))) == "3 x + 2"


@pytest.mark.parametrize("text, e, expected", [
    ("1 - x", -canon(parse("1 - x")), "x - 1"),  # found up to its sign; a term written so would not lead
    ("1 - x + y", -canon(parse("1 - x + y")), "x - 1 - y"),
    ("x - 1", canon(parse("x - 1")), "x - 1"),
    ("-1 + x", canon(parse("x - 1")), "- 1 + x"),  # written so: it stays
    ("x^2 + 1", x**4 + x**2 + 1, "x^{4} + x^{2} + 1"),  # x^4 was never written: a textbook's order
    ("x^2 + 1", 1 - x**2, "1 - x^{2}"),  # -x^2 was never written: a positive term first
    ("sin(x)", 1 + exp(-x), "1 + e^{- x}"),  # no polynomial: as it stands
    ("sin(x)", Add(2 * x * (x - 1), -1, -x**2, evaluate=False), "2 x \\left(x - 1\\right) - x^{2} - 1"),
    ("sin(x)", -x**3 + x**2 - 1, "- x^{3} + x^{2} - 1"),  # a polynomial of three terms leads with its degree
    ("sin(x)", x + Symbol("a") * x**2, "x + a x^{2}"),  # in two symbols: as SymPy has it
    ("sin(x)", exp(x) - 1, "e^{x} - 1"),
    ("sin(x)", Add(1, -x, x, evaluate=False), "1 - x + x"),  # terms that cancel: as built, not -x + x + 1
    ("sin(x)", Add(x**2, -x, x, -1, evaluate=False), "x^{2} - x + x - 1"),
])
def test_a_sum_nobody_wrote_prints_in_a_textbooks_order(text, e, expected):
    with following(Writing(written(text))):
        assert to_latex(e) == expected
    assert NOTHING.place(x) is None


@pytest.mark.parametrize("source, expected", [
    ("leaky_relu", "Piecewise((x, x > 0), (alpha*x, True))"),  # catalog.py's definition
    ("leakyrelu", "Piecewise((x, x > 0), (alpha*x, True))"),  # by an alias
    ("sin(x)*cos(x)", "sin(x)*cos(x)"),
])
def test_the_writing_of_an_input(source, expected):
    w = writing_of_input(source)
    assert w.place(parse(expected), "") == min(at for _, at, _ in w.parts)


def test_an_input_that_does_not_parse_has_no_writing():
    assert writing_of_input("sin(") is NOTHING
    with pytest.raises(ParseError):
        written("sin(")


def test_every_printer_follows_the_writing():
    e = canon(parse("(exp(x) + 1)**4"))
    with following(Writing(written("(exp(x) + 1)**5"))):
        assert "ℯ  + 1" in to_pretty(e) and r"e^{x} + 1" in to_latex(e) and "exp(x) + 1" in to_sympy(e)
    assert "1 + ℯ" in to_pretty(e)  # outside it, as SymPy has it (no polynomial)


# --- the property ---------------------------------------------------------------------------------

@given(expressions("mixed", max_leaves=8))
def test_the_written_order_reads_back_as_the_same_expression(text):
    """The expression printed in its own writing reads back (by SymPy and by derive) as the same
    expression as printed in SymPy's order, and the writing changes the order only: the same
    terms and factors are printed."""
    try:
        e = parse(text)
    except ParseError:
        return
    with following(Writing(written(text))):
        printed = to_sympy(e)
        for part in [p for p in _walk(e) if isinstance(p, (Add, Mul))]:
            assert sorted(map(str, terms(part) if isinstance(part, Add) else factors(part))) == \
                sorted(map(str, part.args))
    plain = to_sympy(e)
    assert parse_expr(printed) == parse_expr(plain), (text, printed, plain)  # as SymPy reads them
    try:
        expected = canon(parse(plain))
    except ParseError:  # what derive's parser does not read in any order (polygamma(0, x))
        return
    assert canon(parse(printed)) == expected, (text, printed, plain)  # as derive reads them


def _walk(e):
    yield e
    for arg in getattr(e, "args", ()):
        yield from _walk(arg)


@pytest.mark.parametrize("e, most, expected", [
    (x, 10, 1), (sin(x) * cos(x), 10, 5), (sin(x) * cos(x), 3, 3), (add(x, 1, exp(x)), 100, 5),
])
def test_nodes_are_counted_up_to_a_bound(e, most, expected):
    assert nodes(e, most) == expected


def test_a_part_larger_than_any_written_is_not_looked_for():
    """3*x + 2 has no term of more than 3 nodes: a term of 50 is never printed to look for it."""
    w = Writing(written("3*x + 2"))
    big = Add(*[x**k for k in range(1, 12)])
    assert nodes(big, 100) > 2 * 3 + 4
    assert w.place(big, "term") is None and w.place(3 * x, "term") is not None
    assert w.place(3 * x, "term") == w.place(3 * x, "term")  # remembered, the same answer


# --- numbers written as decimals ------------------------------------------------------------
# (input, a number, whether it is printed as a decimal)

DECIMALS = [
    ("0.2*x", "1/5", True),  # written
    ("leaky_relu(3*x, 0.2)", "3/5", True),  # 3·0.2
    ("0.2*x^2 + 0.5*x", "2/5", True),  # 2·0.2, the power rule's
    ("0.2*x^2 + 0.5*x", "-1/2", True),  # written, up to its sign
    ("1.0507*Piecewise((x, x>0), (1.6733*(exp(x)-1), True))", "175813631/100000000", True),  # λ·α
    ("0.5*sqrt(x)", "1/4", True),  # 0.5/2
    ("0.2*x + 0.3*x^2", "1/2", True),  # 0.2 + 0.3
    ("sqrt(x) + 0.2*x", "1/2", False),  # d/dx √x: no decimal makes it
    ("x/2 + 0.044715*x^3", "1/2", False),  # written as a fraction
    ("x^2/5", "1/5", False),  # no decimal written
    ("0.2*x", "1/3", False),  # its decimal never ends
    ("0.2*x", "3", False),  # a whole number
]


@pytest.mark.parametrize("source, number, shown", DECIMALS)
def test_a_number_computed_from_written_decimals_is_a_decimal(source, number, shown):
    from sympy import Rational

    assert writing_of_input(source).decimal(Rational(number)) is shown


def test_decimals_are_no_parts_of_the_order():
    w = writing_of_input("0.2*x + 1")
    assert w.decimals == {parse("0.2")} and all(role != "decimal" for _, _, role in w.parts)


# input, format → what the output shows, what it never shows
DECIMAL_OUTPUTS = [
    ("leaky_relu(3*x, 0.2)", "text", ["leaky_relu(3⋅x, 0.2)", "0.6  for x < 0", "Subgradients: [0.6, 3]"],
     ["3/5", "1/5"]),
    ("0.2*x^2 + 0.5*x", "text", ["y = 0.2⋅x  + 0.5⋅x", "Result: dy/dx = 0.4⋅x + 0.5"], ["1/2", " 2⋅x"]),
    ("0.2*x^2 + 0.5*x", "latex", ["0.2 x^{2} + 0.5 x", "0.4 x + 0.5"], [r"\frac{x^{2}}{5}", r"\frac{1}{2}"]),
    ("0.2*x^2 + 0.5*x", "markdown", ["0.4 x + 0.5"], [r"\frac{2 x}{5}", r"\frac{1}{2}"]),
    ("0.2*x^2 + 0.5*x", "json", ['"definition": "x**2/5 + x/2"'], ["0.4*x", "x**2/5 + 0.5"]),  # JSON keeps SymPy's syntax
    ("1.0507*Piecewise((x, x>0), (1.6733*(exp(x)-1), True))", "text",
     ["left derivative 1.75813631, right derivative 1.0507"], ["100000000"]),
    ("sqrt(x) + 0.2*x", "text", ["2⋅√x", "+ 0.2"], ["0.5"]),
    # a typed decimal stays where it stands; a power rule's ½ is a fraction even so
    ("0.5*x + sqrt(x)", "latex", ["0.5 x + \\sqrt{x}", "0.5 + \\frac{1}{2 \\sqrt{x}}"], ["\\frac{0.5}{\\sqrt{x}}"]),
    ("0.5*x^2 + x^(3/2)", "latex", ["x^{\\frac{3}{2}}", "\\frac{3 \\sqrt{x}}{2}"], ["1.5", "x^{1.5}"]),
    ("0.5*2*x", "text", ["y = 0.5⋅2⋅x", "Result: dy/dx = 1"], ["(2)", "1.0"]),  # exact: 0.5·2 = 1
    ("x^1.5", "latex", ["x^{1.5}", "1.5 \\sqrt{x}"], ["\\frac{3"]),  # an exponent typed as a decimal
    ("2.5*x^2.5", "latex", ["2.5 x^{2.5}", "6.25 x^{1.5}"], ["\\frac{3}{2}", "\\frac{5}{2}"]),
    ("1.5*sqrt(x)", "latex", ["1.5 \\sqrt{x}", "\\frac{0.75}{\\sqrt{x}}"], ["\\frac{3"]),  # 1.5/2, typed
    ("0.5/sqrt(x)", "latex", ["\\frac{0.5}{\\sqrt{x}}"], ["\\frac{1}{2 \\sqrt{x}}"]),  # typed so
]


@pytest.mark.parametrize("source, fmt, present, absent", DECIMAL_OUTPUTS)
def test_every_format_writes_decimals_as_written(source, fmt, present, absent, cli):
    code, out, err = cli(source, "--format", fmt, "--width", "80")
    assert (code, err) == (0, "")
    for p in present:
        assert p in out, (p, out)
    for n in absent:
        assert n not in out, (n, out)


@pytest.mark.parametrize("source, part, role, after, expected", [
    ("(x^3-1)/(x-1)", "-1", "term", None, (6,)),  # first written in x³ − 1
    ("(x^3-1)/(x-1)", "-1", "term", "x - 1", (12,)),  # within x − 1, from its place on
    ("(x^3-1)/(x-1)", "x", "term", "x - 1", (10,)),
    ("x*sigmoid(b*x)", "x", "factor", None, (0,)),
    ("x*sigmoid(b*x)", "b", "factor", "b*x", (10,)),
    ("x*sigmoid(b*x)", "x", "factor", "b*x", (12,)),
    ("x + 1 + x*2", "x", "term", "x*2", (0,)),  # never written after it: its first place
])
def test_a_part_is_placed_within_the_sum_or_product_it_belongs_to(source, part, role, after, expected):
    w = writing_of_input(source)
    anchor = None if after is None else w.place(parse(after))
    assert w.place(parse(part), role, anchor)[:1] == expected


@given(st.integers(1, 99999), st.integers(1, 5), st.integers(1, 12))
def test_a_whole_multiple_or_part_of_a_written_decimal_is_a_decimal(digits, places, k):
    from sympy import Rational

    d = Rational(digits, 10 ** places)
    w = writing_of_input(f"{digits}e-{places}*x")
    assert w.decimals == {d}
    for computed in (k * d, d / k):
        q = int(computed.q)
        while q % 10 == 0 or q % 2 == 0 or q % 5 == 0:
            q //= 2 if q % 2 == 0 else 5
        assert computed.is_Integer or q != 1 or w.decimal(computed), computed  # its decimal ends
        assert q == 1 or not w.decimal(computed)  # 1/3 of 0.2 has no decimal that ends
    assert not writing_of_input(f"{digits}*x/{10 ** places}").decimal(d)  # written as a fraction
