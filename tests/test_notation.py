"""derive/notation.py: an expression written back in the student's notation (tables), and a
property: whatever is written reads back as the same expression."""
from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from sympy import Symbol

from derive.expr import canon
from derive.latexread import to_plain
from derive.notation import Notation, latex, notation_of, plain
from derive.parse import ParseError, parse
from tests.strategies import expressions

STUDENT = Notation(e_power=True, ln=True)


@pytest.mark.parametrize("e, notation, shown", [
    ("2*x*cos(x**2)*exp(3*x) + 3*sin(x**2)*exp(3*x)", STUDENT, "2x cos(x^2) e^(3x) + 3e^(3x) sin(x^2)"),
    ("2*x*cos(x**2)*exp(3*x)", Notation(), "2x cos(x^2) exp(3x)"),
    ("2*x*cos(x**2)*exp(3*x)", Notation(stars=True), "2*x*cos(x^2)*exp(3*x)"),
    ("3*x**2*exp(2*x)", STUDENT, "3x^2 e^(2x)"),                 # the 2 of x^2 is no coefficient of e
    ("2*x*exp(x)", STUDENT, "2x e^x"),
    ("2*x/(atan(x)**2 + 1)", Notation(names=(("atan", "arctan"),)), "2x/(arctan(x)^2 + 1)"),  # their name
    ("(x + 1)**(-2)", STUDENT, "1/(x + 1)^2"),                 # a negative power as a fraction
    ("x**(-3)", STUDENT, "1/x^3"),
    ("1/(2*sqrt(x**2 + 1))", STUDENT, "1/(2 sqrt(x^2 + 1))"),    # a number before a function: a space
    ("log(cos(x))", STUDENT, "ln(cos(x))"),
    ("log(cos(x))", Notation(), "log(cos(x))"),
    ("2*log(Abs(x))", STUDENT, "2 ln|x|"),
    ("-2*sin(2*x)", STUDENT, "-2 sin(2x)"),
    ("2*3**x", STUDENT, "2·3^x"),                              # two numbers side by side would be 23^x
    ("x1*y", STUDENT, "x1 y"),
    ("2*E", STUDENT, "2e"),                                    # Euler's number as e, not SymPy's E
    ("E*x + exp(2)", STUDENT, "e x + e^2"),
    ("2*E", Notation(), "2e"),
])
def test_plain(e, notation, shown):
    x = parse(e)
    assert plain(x, notation) == shown
    assert canon(parse(shown)) == canon(x)  # derive reads e^ and ln as the student means them


def test_the_function_name_and_a_text_that_reads_otherwise():
    S = Symbol("S")
    assert plain(S * (1 - S), Notation(), {S: "S(x)"}) == "S(x)(1 - S(x))"
    assert plain(S * (1 - S), Notation(stars=True), {S: "S(x)"}) == "S(x)*(1 - S(x))"
    # a reader that reads the side-by-side text as something else: the *s stay
    assert plain(parse("2*x"), Notation(), read=lambda t: parse("3*x") if "*" not in t else parse(t)) == "2*x"


@pytest.mark.parametrize("e, notation, shown", [
    ("-2*sin(2*x)", Notation(latex=True), "$-2\\sin(2x)$"),   # not SymPy's - 2 \sin{\left(2 x \right)}
    ("tan(x)**2 + 1", Notation(latex=True), "$\\tan^{2}(x) + 1$"),
    ("2*x/(x**2 + 1)", Notation(latex=True), "$\\frac{2x}{x^{2} + 1}$"),
    ("exp(-x)/(1 + exp(-x))**2", Notation(latex=True), "$\\frac{e^{-x}}{(1 + e^{-x})^{2}}$"),
    ("x*(x - 1)*log(x)", Notation(latex=True, ln=True), "$x(x - 1) \\ln(x)$"),
    ("sin(cos(x + 1))", Notation(latex=True), "$\\sin(\\cos(x + 1))$"),
])
def test_latex_as_typed(e, notation, shown):
    x = parse(e)
    assert latex(x, notation, read=lambda t: parse(to_plain(t))) == shown
    assert canon(parse(to_plain(shown.strip("$")))) == canon(x)


def test_latex_that_reads_otherwise_is_derives_own():
    assert latex(parse("2*x"), Notation(latex=True), read=lambda t: parse("3*x")) == "$2 x$"


@pytest.mark.parametrize("rows, is_latex, stars, notation", [
    (["f'(x) = 2x e^(3x)", "f(x) = x^2 e^(3x)"], False, False, Notation(e_power=True)),
    (["= ln(x) exp(x)"], False, False, Notation(ln=True)),
    (["\\frac{e^{x}}{x}"], True, False, Notation(latex=True, e_power=True)),
    (["lne(x)"], False, True, Notation(stars=True)),            # ln inside a longer name is no ln
    (["f(x) = arctan(x^2)", "= ln(x)"], False, False, Notation(ln=True, names=(("atan", "arctan"),))),
    # an inverse written as a power −1 is named by its arc name, which a sentence can write
    (["f(x) = \\tan^{-1}(x^2)"], True, False, Notation(latex=True, names=(("atan", "arctan"),))),
    (["f(x) = \\sin^{-1} x"], True, False, Notation(latex=True, names=(("asin", "arcsin"),))),
    (["f(x) = \\sin^{2} x"], True, False, Notation(latex=True)),
])
def test_notation_of(rows, is_latex, stars, notation):
    assert notation_of(rows, is_latex, stars) == notation


@settings(max_examples=60, deadline=None)
@given(expressions("elementary", max_leaves=6))
def test_property_what_is_written_reads_back_as_the_same_expression(source):
    try:
        e = parse(source)
    except ParseError:
        assume(False)
    for notation in (STUDENT, Notation(), Notation(stars=True)):
        text = plain(e, notation, read=parse)
        assert canon(parse(text)) == canon(e), (source, text)


@settings(max_examples=100, deadline=None)
@given(expressions("elementary", max_leaves=6))
def test_property_side_by_side_alone_reads_back(source):
    """Without the read-back net, the side-by-side writing is already the same expression."""
    try:
        e = parse(source)
    except ParseError:
        assume(False)
    try:  # only what SymPy's own syntax writes readably (not EulerGamma)
        assume(canon(parse(plain(e, Notation(stars=True)))) == canon(e))
    except ParseError:
        assume(False)
    text = plain(e, STUDENT)
    assert canon(parse(text)) == canon(e), (source, text)
