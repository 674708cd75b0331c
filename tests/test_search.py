"""The search's key for written states: the states srepr tells apart, without printing them."""
import pytest
from sympy import Add, Float, Mul, Pow, UnevaluatedExpr, exp, srepr

from derive.parse import symbol
from derive.search import written_key

x = symbol("x")
u = UnevaluatedExpr(exp(x))


def add(*a):
    return Add(*a, evaluate=False)


def mul(*a):
    return Mul(*a, evaluate=False)


@pytest.mark.parametrize("a, b, same", [
    (add(x, 1), add(1, x), True),  # terms in any order
    (mul(2, x), mul(x, 2), True),
    (add(mul(2, x), exp(x)), add(exp(x), mul(x, 2)), True),  # at every depth
    (mul(-2, x), mul(-1, 2, x), True),  # srepr writes a leading −2 as −1·2
    (mul(-2, x), mul(x, -2), False),  # ... only when it leads
    (mul(2, u, x), mul(2, x, u), False),  # after a factor not known to commute: as written
    (mul(x, 2, u), mul(2, x, u), True),  # before it: any order
    (add(x, x), add(x), False),  # a sum is a multiset: counts matter
    (Pow(add(1, x), -1, evaluate=False), Pow(add(x, 1), -1, evaluate=False), True),
    (mul(Float(0.5), x), mul(Float(0.5, 30), x), False),  # precision is part of a Float
    (exp(add(x, 1)), exp(add(1, x)), True),
])
def test_written_key_separates_what_srepr_separates(a, b, same):
    assert (written_key(a, {}) == written_key(b, {})) is same
    assert (srepr(a) == srepr(b)) is same


def test_a_rewrite_everywhere_replaces_the_node_at_every_place_it_is_written():
    from sympy import atanh, sqrt

    from derive.rules.algebra import Context
    from derive.rules.identities import EXP_OF_INVERSE_HYPERBOLIC
    from derive.search import best_first

    y = symbol("y")
    start = mul(add(exp(atanh(y)), -1), Pow(exp(atanh(y)), -1, evaluate=False))  # e^{atanh y} twice
    done = lambda e: not e.has(atanh)  # noqa: E731
    one = best_first(start, Context(y), (EXP_OF_INVERSE_HYPERBOLIC,), lambda e, p: len(p), reached=done, everywhere=True)
    root = sqrt(1 + y) / sqrt(1 - y)
    assert len(one) == 1 and one[0][1] == mul(add(root, -1), Pow(root, -1, evaluate=False))
    apart = best_first(start, Context(y), (EXP_OF_INVERSE_HYPERBOLIC,), lambda e, p: len(p), reached=done)
    assert len(apart) == 2  # one place a line
