"""The solving rules (rules/solving.py): one operation undone on both sides of lhs = rhs, as
tables; and the chains that solve y = f(x), checked by substituting back."""
import pytest
from sympy import Rational, Symbol, atan, exp, log, simplify, sqrt, tan

from derive.rules.solving import (
    SOLVE_COLLECT, SOLVE_CROSS, SOLVE_DIVIDE, SOLVE_INVERSE, SOLVE_LOG, SOLVE_ROOT, SOLVE_SUBTRACT, solve_linear_steps,
    solve_steps,
)

t, y, b = Symbol("t"), Symbol("y"), Symbol("beta", positive=True)


@pytest.mark.parametrize("rule, lhs, rhs, result", [
    (SOLVE_SUBTRACT, 1 + exp(t), y, (exp(t), y - 1)),
    (SOLVE_DIVIDE, log(1 + exp(t)) / b, y, (log(1 + exp(t)), b * y)),
    (SOLVE_ROOT, t ** 3, y, (t, y ** Rational(1, 3))),
    (SOLVE_LOG, 2 ** t, y, (t, log(y) / log(2))),
    (SOLVE_INVERSE, exp(t), y, (t, log(y))),
    (SOLVE_INVERSE, atan(t), y, (t, tan(y))),
    (SOLVE_CROSS, t / (1 + t), y, (t, y * (1 + t))),
])
def test_one_operation_undone(rule, lhs, rhs, result):
    assert rule.apply(lhs, rhs, t) == result


@pytest.mark.parametrize("rule, lhs", [
    (SOLVE_SUBTRACT, t + exp(t)),  # t twice: nothing to subtract it from
    (SOLVE_DIVIDE, t * exp(t)),
    (SOLVE_ROOT, 2 ** t),
    (SOLVE_LOG, t ** 2),
    (SOLVE_INVERSE, t + 1),
    (SOLVE_CROSS, t + 1),  # no denominator with t
    (SOLVE_COLLECT, t ** 2),  # not linear
])
def test_where_a_rule_does_not_fit(rule, lhs):
    assert rule.apply(lhs, y, t) is None


@pytest.mark.parametrize("f, rules", [
    (log(1 + exp(b * t)) / b, ["alg-solve-divide", "alg-solve-inverse", "alg-solve-subtract", "alg-solve-inverse",
                               "alg-solve-divide"]),
    (atan(t), ["alg-solve-inverse"]),
    (sqrt(1 + t), ["alg-solve-root", "alg-solve-subtract"]),
    (t, []),
])
def test_solving_y_equals_f(f, rules):
    steps = solve_steps(f, y, t)
    assert [r.id for r, _, _ in steps] == rules
    solution = steps[-1][2] if steps else y
    at = {y: Rational(3, 10), b: 2}  # a value f takes: f(solution) is y again
    assert abs((f.xreplace({t: solution}) - y).subs(at).evalf()) < 1e-12


def test_a_linear_fraction_is_solved_by_clearing_the_denominator():
    steps = solve_linear_steps(t / (1 + t), y, t)
    assert [r.id for r, _, _ in steps] == ["alg-solve-cross-multiply", "alg-solve-collect", "alg-solve-divide"]
    assert simplify(steps[-1][2] - y / (1 - y)) == 0


@pytest.mark.parametrize("f", [t * exp(t), (t - 1 / t) / (t + 1 / t), t + exp(t)])
def test_what_cannot_be_solved_one_operation_at_a_time(f):
    assert solve_steps(f, y, t) is None
