"""Written (unevaluated) expressions."""
import pytest
from sympy import Add, Integer, Mul, Symbol, exp

from derive.expr import add, canon, hold, fraction, frac, mul, neg, occurrences, positions, replace_at, same, split_sign
from derive.parse import symbol
from derive.printing.written import to_sympy

x = symbol("x")


def test_add_keeps_what_sympy_would_collapse():
    e = add(1, -1, exp(-x))
    assert isinstance(e, Add) and len(e.args) == 3
    assert canon(e) == exp(-x)


@pytest.mark.parametrize("e, numer, denom", [
    (exp(-x) / (1 + exp(-x)) ** 2, exp(-x), (1 + exp(-x)) ** 2),
    (1 / (1 + exp(-x)), Integer(1), 1 + exp(-x)),
    (exp(-x), exp(-x), Integer(1)),  # e^{-x} is not a fraction as written
    (x / 3, x / 3, Integer(1)),
])
def test_fraction_as_written(e, numer, denom):
    n, d = fraction(e)
    assert same(n, numer) and same(d, denom)


@pytest.mark.parametrize("e, sign, body", [
    (Integer(-3), True, "3"), (-3 * x, True, "3*x"), (-x, True, "x"), (x, False, "x"),
])
def test_split_sign(e, sign, body):
    s, b = split_sign(e)
    assert s is sign and to_sympy(b) == body


def test_neg_and_frac():
    assert to_sympy(neg(mul(1, -exp(-x)))) == "-(-exp(-x))" or canon(neg(mul(1, -exp(-x)))) == exp(-x)
    assert to_sympy(frac(-1, x**2)) == "-1/x**2"


def test_replace_at_keeps_the_rest_as_written():
    e = add(1, -1, exp(-x))
    path = next(p for p, n in positions(e) if n == exp(-x))
    new = replace_at(e, path, x)
    assert to_sympy(new) == "1 - 1 + x"


def test_occurrences():
    assert occurrences(x * exp(-x) + x, x) == 3


@pytest.mark.parametrize("built, held, want", [
    (lambda x: Mul(x, Mul(x, x, evaluate=False), evaluate=False), False, "[x, x, x]"),
    (lambda x: Mul(2, hold(Mul(x, exp(x), evaluate=False)), evaluate=False), False, "[2, x*exp(x)]"),  # held: one factor
    (lambda x: Mul(2, hold(Mul(x, exp(x), evaluate=False)), evaluate=False), True, "[2, x, exp(x)]"),
    (lambda x: x + 1, False, "[x + 1]"),
])
def test_flat_factors(built, held, want):
    from derive.expr import flat_factors
    assert str(flat_factors(built(Symbol("x")), held)) == want



@pytest.mark.parametrize("built, want", [
    # −(1 + cot²2x)·2 as the chain rule writes it, and −2(1 + cot²2x): as long (count_ops alone says 5 and 6)
    (lambda s: mul(Integer(2), neg(add(Integer(1), s ** 2))), 6),
    (lambda s: mul(Integer(-2), add(Integer(1), s ** 2)), 6),
    (lambda s: mul(Integer(2), s, Integer(3)), 3),  # 2·cot 2x·3 is 6 cot 2x (count_ops: 4)
    (lambda s: add(Integer(1), s ** 2), 4),
])
def test_written_ops_counts_the_numbers_of_a_product_as_one(built, want):
    from sympy import cot

    from derive.expr import written_ops
    assert written_ops(built(cot(2 * x))) == want
