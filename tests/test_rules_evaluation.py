"""The evaluation rules (rules/evaluation.py): each rewrites one node of the input as typed the
way SymPy's evaluation does, and says which identity it is.  Tables of typed node → the node as
the rule writes it, checked against SymPy's evaluation of the node and numerically."""
from __future__ import annotations

import random

import pytest
from sympy import Abs, Add, E, Mul, Pow, Rational, atan, exp, log, pi, sqrt

from derive.expr import canon
from derive.parse import symbol
from derive.rules import all_rules
from derive.rules.evaluation import RULES

x = symbol("x")


def P(b, e):
    """b^e as written (SymPy's evaluation held), and so M (a product) and A (a sum)."""
    return Pow(b, e, evaluate=False)


def M(*a):
    return Mul(*a, evaluate=False)


def A(*a):
    return Add(*a, evaluate=False)


BY_ID = {r.id: r for r in RULES}

# (rule id, node as typed, the node as the rule writes it, printed as SymPy's str)
TABLE = [
    ("alg-power-of-product", P(M(2, x), 3), "2**3*x**3"),
    ("alg-power-of-product", P(M(3, x), 2), "3**2*x**2"),
    ("alg-power-of-product", P(M(4, x), Pow(2, -1)), "4**(1/2)*x**(1/2)"),
    ("alg-power-of-product", P(M(-1, x), 2), "(-1)**2*x**2"),
    ("alg-power-of-power", P(P(x, 2), 3), "x**6"),
    ("alg-power-of-power", P(P(x, Pow(2, -1)), 4), "x**2"),
    ("alg-power-of-power", P(sqrt(x), 2), "x"),
    ("alg-root-of-even-power", P(P(x, 2), Pow(2, -1)), "Abs(x)"),
    ("alg-root-of-even-power", P(P(x, 2), Pow(2, -1) * 3), "Abs(x)**3"),
    ("alg-reciprocal-of-fraction", P(P(x, -1), -1), "x"),
    ("alg-reciprocal-of-fraction", P(P(A(x, 1), -1), -1), "x + 1"),
    ("alg-reciprocal-of-fraction", P(M(2, P(x, -1)), -1), "x/2"),
    ("alg-power-of-power", P(exp(x), 2), "exp(2*x)"),
    ("alg-product-of-powers", M(x, M(Pow(2, -1), P(x, -1))), "1/2"),  # x/(2x), 1/(2x) read as (1/2)(1/x)
    ("alg-abs-power", P(Abs(x), 3), "x**2*Abs(x)"),
    ("alg-abs-power", P(Abs(x), 4), "x**4"),
    ("alg-abs-power", P(Abs(x), -3), "Abs(x)/x**4"),
    ("alg-exp-of-log", exp(M(2, log(x)), evaluate=False), "x**2"),
    ("alg-exp-of-log", exp(log(x), evaluate=False), "x"),
    ("alg-exp-of-log", exp(A(1, log(x)), evaluate=False), "x*E"),
    ("alg-log-undoes-exp", log(exp(x), evaluate=False), "x"),
    ("alg-log-undoes-exp", log(exp(A(M(2, x), 1)), evaluate=False), "2*x + 1"),
    ("alg-product-of-powers", M(x, M(x, x)), "x**3"),
    ("alg-product-of-powers", M(P(x, 2), P(x, 3)), "x**5"),
    ("alg-product-of-powers", M(exp(x), exp(x)), "exp(2*x)"),
    ("alg-distribute", M(2, A(x, 1)), "2*x + 2"),
    ("alg-distribute", M(A(x, 1), P(2, -1)), "x/2 + 1/2"),
    ("alg-distribute", M(-3, A(x, -2)), "-3*x + 6"),
    ("alg-numbers", M(M(3, x), 2), "6*x"),
    ("alg-numbers", A(M(-2, Pow(2, -1, evaluate=False)), P(Rational(1, 2), x)), "-1 + (1/2)**x"),  # -2/2 is -1
    ("alg-known-value", log(E, evaluate=False), "1"),
    ("alg-known-value", atan(1, evaluate=False), "pi/4"),
    ("alg-known-value", P(1, x), "1"),
    ("alg-rationalize", P(2, Rational(-1, 2)), "sqrt(2)/2"),
    ("alg-rationalize", P(2, Rational(-3, 2)), "sqrt(2)/4"),
    ("alg-power-of-power", P(P(Rational(1, 2), x), 2), "2**(-2*x)"),
    ("alg-numbers", P(2, 3), "8"),
]


@pytest.mark.parametrize("rule_id, node, written", TABLE, ids=[f"{r}-{n}" for n, (r, *_) in enumerate(TABLE)])
def test_the_rule_writes_the_node(rule_id, node, written):
    rule = BY_ID[rule_id]
    got = rule.apply(node, None)
    assert got is not None, f"{rule_id} does not apply to {node}"
    assert canon(got) == canon(eval_text(written))
    assert canon(got) == canon(node), "the rule does what SymPy's evaluation does"
    for _ in range(8):  # and it is the same number, independently of SymPy's rewriting
        v = random.uniform(0.2, 3.0)
        a, b = complex(node.subs(x, v).evalf()), complex(got.subs(x, v).evalf())
        assert abs(a - b) < 1e-9 * max(1, abs(a))


NOT_FOR = [
    ("alg-power-of-product", P(A(x, 1), 2)),  # a sum
    ("alg-power-of-product", P(M(x, symbol("y")), Pow(2, -1))),  # no factor known to be ≥ 0
    ("alg-power-of-power", P(P(x, 2), Pow(2, -1))),  # an even power under a root: |x|
    ("alg-power-of-power", P(P(x, 3), Pow(3, -1))),  # (x³)^{1/3} is not x for x < 0 as SymPy reads it
    ("alg-root-of-even-power", P(P(x, 3), Pow(3, -1))),
    ("alg-reciprocal-of-fraction", P(x, -1)),
    ("alg-reciprocal-of-fraction", P(M(2, x), -1)),
    ("alg-abs-power", P(Abs(x), Pow(2, -1))),
    ("alg-exp-of-log", exp(M(2, x), evaluate=False)),
    ("alg-log-undoes-exp", log(A(exp(x), 1), evaluate=False)),
    ("alg-product-of-powers", M(x, symbol("y"))),
    ("alg-distribute", M(x, A(x, 1))),
    ("alg-numbers", M(2, x)),
    ("alg-known-value", log(2, evaluate=False)),
    ("alg-known-value", log(x, evaluate=False)),
    ("alg-rationalize", P(2, Rational(1, 2))),
]


@pytest.mark.parametrize("rule_id, node", NOT_FOR, ids=[f"{r}-{n}" for n, (r, _) in enumerate(NOT_FOR)])
def test_the_rule_does_not_apply(rule_id, node):
    assert BY_ID[rule_id].apply(node, None) is None


def test_the_rules_are_in_the_rule_set_once_in_the_alg_family():
    ids = [r.id for r in all_rules()]
    for r in RULES:
        assert ids.count(r.id) == 1, r.id
        assert r.family == "alg" and r.id == r.id.lower() and " " not in r.id
        assert r.words and r.title and r.latex and any(ex.applies for ex in r.examples)


def test_the_readme_names_every_evaluation_rule():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    missing = [r.id for r in RULES if f"`{r.id}`" not in readme]
    assert not missing


def eval_text(text: str):
    from sympy.parsing.sympy_parser import parse_expr

    return parse_expr(text, local_dict={"x": x, "E": exp(1)})


@pytest.mark.parametrize("rule_id, node, where", [
    ("alg-exp-of-log", exp(M(2, log(x)), evaluate=False), "x > 0"),  # e^{2 ln x} = x²
    ("alg-power-of-power", P(P(x, Rational(1, 2)), 2), "x >= 0"),  # (√x)² = x
    ("alg-power-of-power", P(P(x, Rational(1, 3)), 3), "x >= 0"),  # (x^{1/3})³: SymPy's root is real for x ≥ 0
    ("alg-power-of-power", P(P(x, 2), 3), None),  # (x²)³ = x⁶ everywhere
    ("alg-power-of-power", P(P(E**x, Rational(1, 2)), 2), None),  # a base that is never negative
    ("alg-product-of-powers", M(P(x, Rational(1, 2)), P(x, Rational(1, 2))), "x >= 0"),  # √x·√x = x
    ("alg-product-of-powers", M(x, P(x, 2)), None),  # x·x² = x³ everywhere
])
def test_the_rule_says_where_the_input_has_a_value(rule_id, node, where):
    """An evaluation that widens the domain says where the input as typed has a value: the stages
    after it keep that domain (tests/test_domain.py)."""
    said = BY_ID[rule_id].where(node)
    assert (None if said is None else str(said)) == where


@pytest.mark.parametrize("node, condition", [
    (exp(M(symbol("y"), log(2 + atan(3)**2)), evaluate=False), None),  # a positive number SymPy cannot call so
    (exp(M(2, log(x)), evaluate=False), "x > 0"),
    (exp(A(log(x), log(x + 1)), evaluate=False), "x > 0"),  # one relation (min(x, x + 1) > 0), as the identities state one
])
def test_the_exponential_of_a_logarithm_states_one_condition_as_an_identity(node, condition):
    """Read among the identities of a form in y (rules/identities.py), the rule's condition is one
    relation whose left side the search tests on the values y takes, or None."""
    said = BY_ID["alg-exp-of-log"].condition(node)
    assert (None if said is None else str(said)) == condition
