"""What a derivation states beside its steps, checked independently (derive/stated.py): tables of
statement → verdict, true ones and wrong ones."""
import pytest
from sympy import Symbol, exp, log, sqrt

from derive import stated
from derive.board import Board
from derive.verify import Checker

x, y, u = Symbol("x"), Symbol("y"), Symbol("u")
SIGMOID = 1 / (1 + exp(-x))


@pytest.mark.parametrize("shown, values, verdict", [
    ({stated.FORM: y * (1 - y)}, (), {stated.FORM: True}),
    ({stated.FORM: 2 * y * (1 - y)}, (), {stated.FORM: False}),
    ({stated.RESULT: exp(-x) / (1 + exp(-x)) ** 2, stated.FORM: None}, (), {stated.RESULT: True}),
    ({stated.CACHED: u * y ** 2}, ((u, exp(-x)),), {stated.CACHED: True}),  # e^{−x}·S², u = e^{−x}
    ({stated.CACHED: u * y}, ((u, exp(-x)),), {stated.CACHED: False}),
], ids=["form", "twice-the-form", "result", "cached", "wrong-cached"])
def test_forms(shown, values, verdict):
    board = Board(Checker(x, SIGMOID, folded={y: SIGMOID}))
    assert stated.forms(board, SIGMOID, x, 1, shown, values) == verdict


@pytest.mark.parametrize("f, order, w, holds", [
    (x ** 2, 1, (1.0, -1.0, 1.0, 2.0, -2.0), True),
    (x ** 2, 1, (0.123456789123, 3.0, 0.01524, 0.2469, 6.0), False),   # f(0.1235) ≠ f(3)
    (x ** 2, 1, (1.0, -1.0, 1.0, 2.0, 2.0), False),                    # f'(-1) printed wrong
    (x ** 3, 1, (1.0, 1.0, 1.0, 3.0, 3.0), False),                     # the same slope: no witness
    (x ** 4 - x ** 2, 2, (1.0, -1.0, 0.0, 10.0, 10.0), False),         # f'' is even: same at ±1
    (x ** 3 - x, 2, (1.0, -1.0, 0.0, 6.0, -6.0), True),                # f''(1) = 6, f''(−1) = −6
], ids=["x²", "x²-other-value", "x²-wrong-slope", "x³-same-slope", "even-second", "odd-second"])
def test_witness_holds(f, order, w, holds):
    assert stated.witness_holds(f, x, order, w, {}) is holds


@pytest.mark.parametrize("domain, f, result, holds", [
    (x > 0, log(x), 1 / x, True),
    (x < 0, log(x), 1 / x, False),            # ln x is not real there
    (x > 0, log(x), 2 / x, False),            # not the derivative
    (x > 20, log(x), 1 / x, False),           # no point tested: not shown
    ((x > -1) & (x < 1), sqrt(1 - x ** 2), -x / sqrt(1 - x ** 2), True),
    (x > 0, exp(exp(x ** x)), exp(exp(x ** x)) * exp(x ** x) * x ** x * (log(x) + 1), True),  # overflows at 14.6
], ids=["ln", "ln-negative", "ln-wrong", "no-point", "circle", "overflow"])
def test_holds_on(domain, f, result, holds):
    assert stated.holds_on(domain, f, result, x, 1, {}) is holds
