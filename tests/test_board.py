"""The board (derive/board.py): every step made there is checked by the independent checker, a
restated step is checked against its old writing, and a lent board counts on the same record."""
import pytest
from sympy import Derivative, Function, Symbol, exp, sin, cos

from derive.board import Board
from derive.rules.algebra import ARITHMETIC, FACTOR
from derive.rules.definitions import START
from derive.rules.differentiation import RULES
from derive.verify import Checker

x, y, u = Symbol("x", real=True), Symbol("y"), Symbol("u", real=True)
F = 1 / (1 + exp(-x))


def board(f=F, folded=None):
    return Board(Checker(x, f, folded={y: f, **(folded or {})}))


@pytest.mark.parametrize("new, old, verified", [
    (2 * sin(x) * cos(x), sin(2 * x), True),
    (sin(x) * cos(x), sin(2 * x), False),  # a factor 2 lost: the checker says so, not the rule
    (y * (1 - y), Derivative(F, x), True),  # y is what the checker folds: the sigmoid
    (y * (y - 1), Derivative(F, x), False),
])
def test_a_step_is_checked(new, old, verified):
    step = board().step(ARITHMETIC, new, old)
    assert (step.rule, step.title, step.expression, step.verified) == (ARITHMETIC.id, ARITHMETIC.title, new, verified)


def test_a_sub_step_keeps_what_it_starts_from():
    step = board().sub(RULES[0], 0, Derivative(1, x))
    assert step.before == Derivative(1, x) and step.verified


@pytest.mark.parametrize("bind, verified", [({u: x ** 2}, True), ({u: x ** 3}, False)])
def test_a_bound_letter_is_checked_with_what_it_stands_for(bind, verified):
    step = board().sub(RULES[0], 2 * x * exp(u), Derivative(exp(x ** 2), x), bind=bind)
    assert step.verified is verified


def test_the_first_line_is_the_definitions_derivative():
    b = board()
    assert b.start(START, F).verified and not b.start(START, 2 * F).verified


@pytest.mark.parametrize("rewrite, verified", [
    (lambda e: e.xreplace({Function("S")(x): y}), True),  # S(x) shown as y, which it stands for
    (lambda e: e.xreplace({Function("S")(x): 2 * y}), False),  # a renaming that changes the value
])
def test_a_restated_step_is_checked_again(rewrite, verified):
    S = Function("S")(x)
    b = board(folded={S: F})
    step = b.step(FACTOR, S * (1 - S), Derivative(F, x))
    [again] = b.restate([step], rewrite)
    assert step.verified and again.verified is verified
    assert again.expression == rewrite(step.expression)


def test_a_rewritten_step_is_the_same_value():
    b = board()
    step = b.step(ARITHMETIC, y - y ** 2, Derivative(F, x))
    assert b.rewritten(step, y * (1 - y)).verified and not b.rewritten(step, y).verified


def test_a_lent_board_counts_on_the_same_record():
    b = board()
    lent = b.lend(Checker(x, F, folded={y: F}))
    b.step(ARITHMETIC, y, y)
    lent.step(ARITHMETIC, y, y)
    assert b.made == lent.made == [2]
