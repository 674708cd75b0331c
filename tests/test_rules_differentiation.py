"""Each differentiation rule: where it applies, what it writes, and where it does not apply."""
import pytest
from sympy import Symbol, diff, exp, simplify

from derive.expr import canon
from derive.parse import parse, symbol
from derive.printing.written import to_sympy
from derive.rules import all_rules
from derive.rules.base import Match
from derive.rules.differentiation import RULES, Chain

x = symbol("x")
RULE = {r.id: r for r in RULES}


def first_rule(text):
    e = parse(text)
    return next(r for r in RULES if r.match(e, x) is not None)


@pytest.mark.parametrize("text, rule_id", [
    ("3", "d-constant"), ("pi", "d-constant"), ("x", "d-identity"), ("x + sin(x)", "d-sum"),
    ("5*x^2", "d-constant-multiple"), ("-x", "d-constant-multiple"),
    ("1/(1+exp(-x))", "d-quotient"), ("x/(x+1)", "d-quotient"), ("exp(-x)/(1+exp(-x))^2", "d-quotient"),
    ("x*exp(x)", "d-product"), ("x^3", "d-power"), ("1/x^2", "d-power"), ("sqrt(x)", "d-power"),
    ("exp(x)", "d-exp"), ("log(x)", "d-log"), ("sin(x)", "d-sin"), ("cos(x)", "d-cos"), ("tan(x)", "d-tan"),
    ("sinh(x)", "d-sinh"), ("cosh(x)", "d-cosh"), ("tanh(x)", "d-tanh"), ("2^x", "d-exp-base"),
    ("exp(-x)", "d-chain"), ("sin(x^2)", "d-chain"), ("(1+x)^5", "d-chain"), ("log(1+exp(x))", "d-chain"),
    ("asin(x)", "d-asin"), ("acos(x)", "d-acos"), ("atan(x)", "d-atan"), ("acot(x)", "d-acot"),
    ("sec(x)", "d-sec"), ("csc(x)", "d-csc"), ("cot(x)", "d-cot"), ("sech(x)", "d-sech"),
    ("csch(x)", "d-csch"), ("coth(x)", "d-coth"), ("asinh(x)", "d-asinh"), ("acosh(x)", "d-acosh"),
    ("atanh(x)", "d-atanh"), ("acoth(x)", "d-acoth"), ("erf(x)", "d-erf"), ("erfc(x)", "d-erfc"),
    ("Abs(x)", "d-abs"), ("x^x", "d-general-power"), ("x^sin(x)", "d-general-power"),
    ("asin(2*x)", "d-chain"), ("log(x, 2)", "d-constant-multiple"), ("Heaviside(x)", "d-unknown"),
    ("1/sqrt(x^2+1)", "d-chain"), ("(1+x)^(-1/2)", "d-chain"), ("1/(1+x)^(3/2)", "d-chain"),
    ("1/(x^2+1)", "d-quotient"), ("x/sqrt(x^2+1)", "d-quotient"),
])
def test_which_rule_applies_first(text, rule_id):
    assert first_rule(text).id == rule_id


@pytest.mark.parametrize("rule_id, text", [
    ("d-constant", "x"), ("d-identity", "2*x"), ("d-sum", "x*2"), ("d-constant-multiple", "x*sin(x)"),
    ("d-quotient", "x^2"), ("d-quotient", "3/x"), ("d-quotient", "1/sqrt(1 + x)"), ("d-product", "x + 1"), ("d-power", "2^x"),
    ("d-exp", "exp(2*x)"), ("d-sin", "cos(x)"), ("d-chain", "exp(x)"), ("d-chain", "x^2"),
])
def test_does_not_apply(rule_id, text):
    assert RULE[rule_id].match(parse(text), x) is None


@pytest.mark.parametrize("text, written", [
    ("1/(1+exp(-x))", "((1 + exp(-x))*0 - (-exp(-x)))/(1 + exp(-x))**2"),
    ("x*exp(x)", "1*exp(x) + x*exp(x)"),
    ("x^3", "3*x**2"),
    ("5*x^2", "5*(2*x)"),
    ("exp(-x)", "exp(-x)*(-1)"),
    ("sin(x^2)", "cos(x**2)*(2*x)"),
])
def test_combine_writes_the_rule_as_stated(text, written):
    e = parse(text)
    rule = first_rule(text)
    m = rule.match(e, x)
    dparts = [canon(diff(p, x)) for p in m.parts]
    result = rule.combine(e, x, m, dparts)
    assert to_sympy(result) == written
    assert simplify(canon(result) - diff(e, x)) == 0


def test_chain_outer_step_uses_the_letter():
    e, u = exp(-x), Symbol("u")
    chain = next(r for r in RULES if isinstance(r, Chain))
    m = chain.match(e, x)
    outer, written, result = chain.outer_step(e, m, u)
    assert outer.id == "d-exp" and written == exp(u) and result == exp(u)


def test_every_rule_has_id_title_statement_and_latex():
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    for r in all_rules():
        assert r.id.split("-", 1)[0] in ("d", "alg", "def") and r.id == r.id.lower()
        assert r.title and r.latex and len(r.words) > 10, r.id
    assert any("quotient" in i for i in ids) and any("chain" in i for i in ids)
    assert any("add-subtract" in i for i in ids)


def test_match_is_a_value():
    assert Match((x,)) == Match((x,))


@pytest.mark.parametrize("text", ["gamma(x)", "loggamma(1 + x^2)", "x*Si(2*x)", "digamma(x)", "Ci(x)"])
def test_a_function_without_a_rule_gets_a_labelled_step(text):
    from sympy import diff
    from derive.engine import derive
    d = derive(text, "x")
    assert d.verified
    assert any(s.rule == "d-unknown" for top in d.steps for s in top.walk())
    assert (d.derivative - diff(d.definition, d.variable)).equals(0)


def test_named_rule_matches_its_function_of_the_variable_only():
    from sympy import Function
    from derive.rules.differentiation import Named

    F, b = Function("S"), symbol("b")
    rule = Named(F, lambda e, wrt: e * (1 - e), "S", "sigmoid")
    assert rule.match(F(x), x) is not None and rule.combine(F(x), x, Match(), []) == F(x) * (1 - F(x))
    assert rule.match(F(b), x) is None  # the sigmoid of another variable is a constant
    assert rule.match(Function("T")(x), x) is None and rule.match(x, x) is None
    assert rule.title == "Derivative of S, derived in “derive sigmoid”"
    assert Named().match(F(x), x) is None and Named().title == "Derivative of a named function"


@pytest.mark.parametrize("text, line", [
    ("sin(a*x)", "a*cos(a*x)"),  # a constant letter before F′(u), as a textbook writes it
    ("exp(beta*x)", "beta*exp(beta*x)"),
    ("sin(2*x)", "cos(2*x)*2"),  # a number stays after it; the arithmetic brings it forward
    ("sin(x**2)", "cos(x**2)*(2*x)"),
])
def test_the_chain_rule_writes_a_constant_letter_first(text, line):
    from derive.engine import derive as derive_one
    from derive.printing.written import to_sympy

    d = derive_one(text, "x")
    chain = next(s for s in d.steps if s.rule == "d-chain")
    assert to_sympy(chain.expression) == line
