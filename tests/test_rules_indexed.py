"""The rules for sums over an index: a table of node → rewritten node, each rewrite checked on
concrete vectors, and where a rule does not apply."""
import pytest
from sympy import IndexedBase, parse_expr

from derive.parse import index_symbol
from derive.printing.written import to_sympy
from derive.rules.indexed import Given, SumConstant, SumDelta, SumSplit, same_sum
from derive.verify import IndexedChecker

NAMES = {"a": IndexedBase("a"), "t": IndexedBase("t"), **{c: index_symbol(c) for c in "jkmn"}}


def parse(text: str):
    return parse_expr(text, local_dict=NAMES)  # SymPy's reader: the nodes may hold KroneckerDelta


LOSS = parse("-Sum(t[k]*log(exp(a[k])/Sum(exp(a[m]), (m, 1, n))), (k, 1, n))")
A_J = parse("a[j]")
TOTAL = (parse("Sum(t[k], (k, 1, n))"), parse("1"))


@pytest.mark.parametrize("rule, node, expected", [
    (SumSplit(), "Sum(t[k]*a[k] - t[k]*exp(a[j]), (k, 1, n))", "Sum(a[k]*t[k], (k, 1, n)) - Sum(t[k]*exp(a[j]), (k, 1, n))"),
    (SumSplit(), "Sum(a[k] + t[k] + 1, (k, 1, n))", "Sum(1, (k, 1, n)) + Sum(a[k], (k, 1, n)) + Sum(t[k], (k, 1, n))"),
    (SumConstant(), "Sum(t[k]*exp(a[j])/Sum(exp(a[m]), (m, 1, n)), (k, 1, n))",
     "(exp(a[j])/Sum(exp(a[m]), (m, 1, n)))*Sum(t[k], (k, 1, n))"),
    (SumConstant(), "Sum(-2*a[k], (k, 1, n))", "-2*Sum(a[k], (k, 1, n))"),
    (SumConstant(), "Sum(t[k]/Sum(exp(a[k]), (k, 1, n)), (k, 1, n))",  # the inner k is the inner sum's own
     "Sum(t[k], (k, 1, n))/Sum(exp(a[k]), (k, 1, n))"),
    (SumDelta(), "Sum(t[k]*KroneckerDelta(j, k), (k, 1, n))", "t[j]"),
    (Given((TOTAL,)), "Sum(t[k], (k, 1, n))", "1"),
    (Given((TOTAL,)), "Sum(t[m], (m, 1, n))", "1"),  # whatever the index is called
])
def test_rewrites(rule, node, expected):
    e = parse(node)
    new = rule.apply(e)
    assert to_sympy(new) == expected
    checker = IndexedChecker(A_J, LOSS)
    assert checker.assuming((TOTAL,)).equal(e, new) if isinstance(rule, Given) else checker.equal(e, new)


@pytest.mark.parametrize("rule, node", [
    (SumSplit(), "Sum(t[k]*a[k], (k, 1, n))"),  # one term
    (SumSplit(), "t[k] + a[k]"),  # no sum
    (SumConstant(), "Sum(t[k]*a[k], (k, 1, n))"),  # every factor has k
    (SumConstant(), "Sum(exp(a[j]), (k, 1, n))"),  # no factor has k: n·e^{a_j}, not this rule
    (SumDelta(), "Sum(t[k]*KroneckerDelta(j, k) + t[k], (k, 1, n))"),  # a term without δ
    (Given((TOTAL,)), "Sum(a[k], (k, 1, n))"),
    (Given((TOTAL,)), "Sum(t[k], (k, 2, n))"),
    (Given(), "Sum(t[k], (k, 1, n))"),  # nothing given
])
def test_does_not_apply(rule, node):
    assert rule.apply(parse(node)) is None


def test_the_given_step_holds_only_where_the_condition_does():
    e = parse("Sum(t[k], (k, 1, n))")
    assert not IndexedChecker(A_J, LOSS).equal(e, 1)


@pytest.mark.parametrize("a, b, same", [
    ("Sum(t[k], (k, 1, n))", "Sum(t[m], (m, 1, n))", True),
    ("Sum(exp(a[k])*t[k], (k, 1, n))", "Sum(t[m]*exp(a[m]), (m, 1, n))", True),
    ("Sum(t[k], (k, 1, n))", "Sum(t[k], (k, 2, n))", False),
    ("Sum(t[k], (k, 1, n))", "Sum(a[k], (k, 1, n))", False),
    ("Sum(t[k], (k, 1, n))", "t[k]", False),
])
def test_same_sum(a, b, same):
    assert same_sum(parse(a), parse(b)) is same
