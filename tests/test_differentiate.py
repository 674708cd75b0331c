"""The rule steps and their arithmetic (derive/differentiate.py): a number is multiplied in front of
a product, never into the sum the user wrote, and a factor the arithmetic would cancel silently is
cancelled by a line of its own."""
import pytest
from sympy import Mul, Symbol, sqrt, sympify

from derive.differentiate import kept_sums
from derive.expr import canon
from derive.pipeline import derive
from derive.printing.written import to_sympy

x = Symbol("x", real=True)


def written(text: str):
    """``text`` as written, nothing evaluated."""
    return sympify(text, locals={"x": x}, evaluate=False)


@pytest.mark.parametrize("text, result", [
    ("2*(1 + x**2)*(2*x)", "4*x*(1 + x**2)"),          # not 2x(2x² + 2)
    ("(2*(x + 1))*1", "2*(x + 1)"),                     # not 2x + 2: x + 1 is the user's
    ("3*(x**2 - 2*x)", "-6*x + 3*x**2"),                 # a sum the rules made is multiplied out (SymPy's order)
    ("(4*(x**2 + 1)**3)*(2*x)", "8*x*(x**2 + 1)**3"),   # the power of x before the bracket
    ("exp(-x**2/2)*(-x)", "-x*exp(-x**2/2)"),
    ("(2*tanh(2*x))*(2*(1 - tanh(2*x)**2))", "4*tanh(2*x)*(1 - tanh(2*x)**2)"),
    ("(x - 3)*2 - (2*x + 1)", "-7"),                    # terms that add up: SymPy's arithmetic
    ("2*x*x", "2*x**2"),                                # factors of one base: multiplied
    ("0 + 1*x", "x"),
])
def test_the_arithmetic_keeps_the_sums_the_user_wrote(text, result):
    users = frozenset(canon(written(s)) for s in ("1 + x**2", "x + 1"))
    got = kept_sums(written(text), users)
    assert to_sympy(got) == result
    assert canon(got) == canon(written(text))


@pytest.mark.parametrize("text, chain_value", [
    ("1/(1+x^2)^2", "4*x*(1 + x**2)"),
    ("(x^2+1)^4", "8*x*(x**2 + 1)**3"),
    ("x^2/(x+1)^2", "2*(x + 1)"),
])
def test_a_chain_rule_keeps_the_inner_sum(text, chain_value):
    d = derive(text)
    values = [to_sympy(s.value if s.value is not None else s.expression) for top in d.steps for s in top.walk()
              if s.rule == "d-chain"]
    assert chain_value in values


@pytest.mark.parametrize("text, rules, result", [
    # −4x(1 + x²)/(1 + x²)⁴ written, then cancelled by a line of its own
    ("1/(1+x^2)^2", ["alg-arithmetic", "alg-cancel"], "-4*x/(1 + x**2)**3"),
    ("1/(1+tan(x)^2)", ["alg-arithmetic", "alg-cancel"], "-2*tan(x)/(1 + tan(x)**2)"),
])
def test_a_cancellation_the_arithmetic_hid_is_a_step(text, rules, result):
    d = derive(text)
    at = [s.rule for s in d.steps].index(rules[0])
    assert [s.rule for s in d.steps[at:at + len(rules)]] == rules
    assert to_sympy(d.steps[at + len(rules) - 1].expression) == result
    assert all(s.verified for s in d.steps)
