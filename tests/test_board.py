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


# --- no line that changes nothing (issue 13) -----------------------------------------------------

from sympy import Add, Mul, Pow, S as SS, sqrt  # noqa: E402

from derive.board import reads_as  # noqa: E402


@pytest.mark.parametrize("new, old, same", [
    (Mul(2, sin(x), cos(x), evaluate=False), Mul(2, cos(x), sin(x), evaluate=False), True),  # only reordered
    (Add(x, 1, evaluate=False), Add(1, x, evaluate=False), True),
    (Mul(-1, Mul(2, x, evaluate=False), evaluate=False), -2 * x, True),  # −(2x) is written −2x
    (Mul(1, Pow(1 + exp(-x), -1, evaluate=False), evaluate=False), 1 / (1 + exp(-x)), True),  # 1·(1/d) is 1/d
    (Mul(exp(-x), -1, evaluate=False), -exp(-x), False),  # e^{−x}·(−1) = −e^{−x}: the number moved
    (Mul(x, 2, evaluate=False), 2 * x, False),
    (Mul(Pow(1 - 4 * x**2, -SS.Half, evaluate=False), 2, evaluate=False), 2 / sqrt(1 - 4 * x**2), True),  # 2/√u
    (Mul(Pow(x, -1, evaluate=False), -1, evaluate=False), -1 / x, True),  # −1/x, however stored
    (sin(2 * x), 2 * sin(x) * cos(x), False),
    (Mul(Mul(-1, Pow(x, -2), evaluate=False), Pow(1 + Pow(x, -2), -1), evaluate=False),
     Mul(-1, Pow(x, -2), Pow(1 + Pow(x, -2), -1), evaluate=False), False),  # a fraction over a fraction
    (Mul(2, x, Pow(x**2 + 1, -1), evaluate=False), Mul(Pow(x**2 + 1, -1), Mul(2, x, evaluate=False), evaluate=False),
     True),  # 2x/(x² + 1) both: the number first in the numerator (ln(x² + 1)′)
    (Mul(x, 2, Pow(x**2 + 1, -1), evaluate=False), Mul(2, x, Pow(x**2 + 1, -1), evaluate=False), False),  # x·2/…
    (Pow(sqrt(x**2 + 1), -1, evaluate=False), 1 / sqrt(x**2 + 1), True),  # 1/(√u) and u^(−1/2): 1/√u both
    (Mul(-2, sin(x**2), x, evaluate=False), Mul(-sin(x**2), Mul(2, x, evaluate=False), evaluate=False),
     False),  # −2 sin(x²)·x is not (−sin x²)·2x: the 2 came first (cos(x²)′)
])
def test_what_reads_as_the_line_before(new, old, same):
    assert reads_as(new, old) is same


def test_a_line_that_changes_nothing_is_not_added():
    b = board()
    first = b.step(START, Derivative(F, x), Derivative(F, x))
    last = b.step(ARITHMETIC, Mul(2, x, sin(x), evaluate=False), Derivative(x**2 * sin(x), x))
    reordered = Mul(2, sin(x), x, evaluate=False)
    assert b.then([first, last], ARITHMETIC, reordered) == [first, last]  # shown differently: the rule's order kept
    flattened = Mul(2, x, sin(x))
    kept = b.then([first, last], ARITHMETIC, flattened)  # printed alike: the line takes the new writing
    assert len(kept) == 2 and kept[-1].expression == flattened and kept[-1].rule == ARITHMETIC.id
    changed = b.then([first, last], FACTOR, 2 * x * sin(x) + x)
    assert len(changed) == 3


def test_a_value_that_reads_as_the_line_is_not_written_again():
    step = board().sub(RULES[0], Mul(-1, 1, evaluate=False), Derivative(-x, x), value=SS.NegativeOne)
    assert step.value is None  # d/dx(−x) = −1, never = −1 = −1


@pytest.mark.parametrize("folded_as, verified", [(F, True), (2 * F, False)])
def test_a_renaming_is_taken_as_it_stands_only_where_both_names_mean_the_same(folded_as, verified):
    """restate(..., names): S(x) → S keeps every value when the checker folds both to the same
    expression; where they differ, the new writing is checked like any other."""
    S, s = Function("S")(x), Symbol("S")
    b = board(folded={S: F, s: folded_as})
    step = b.step(FACTOR, S * (1 - S), Derivative(F, x))
    [again] = b.restate([step], lambda e: e.xreplace({S: s}), {S: s})
    assert again.verified is verified
