"""The solving rules (rules/solving.py): one operation undone on both sides of lhs = rhs, as
tables; and the chains that solve y = f(x), checked by substituting back."""
import pytest
from sympy import Abs, Ge, Mul, Pow, Rational, Symbol, atan, exp, log, simplify, sign, sinh, sqrt, tan

from derive.rules.solving import (
    SOLVE_COLLECT, SOLVE_CROSS, SOLVE_DIVIDE, SOLVE_INVERSE, SOLVE_ISOLATE, SOLVE_LOG, SOLVE_ODD_ROOT, SOLVE_RECIPROCAL,
    SOLVE_EVEN_ROOT, SOLVE_EXP, SOLVE_MAGNITUDE, SOLVE_QUADRATIC, SOLVE_ROOT, SOLVE_SQUARE, SOLVE_SUBTRACT, solve_linear_steps,
    solve_magnitude_steps, solve_steps,
)

t, y, b = Symbol("t", real=True), Symbol("y", real=True), Symbol("beta", positive=True)


@pytest.mark.parametrize("rule, lhs, rhs, result", [
    (SOLVE_SUBTRACT, 1 + exp(t), y, (exp(t), y - 1)),
    (SOLVE_DIVIDE, log(1 + exp(t)) / b, y, (log(1 + exp(t)), b * y)),
    (SOLVE_ROOT, t ** 3, y, (t, y ** Rational(1, 3))),
    (SOLVE_LOG, 2 ** t, y, (t, log(y) / log(2))),
    (SOLVE_INVERSE, exp(t), y, (t, log(y))),
    (SOLVE_INVERSE, atan(t), y, (t, tan(y))),
    (SOLVE_CROSS, t / (1 + t), y, (t, y * (1 + t))),
    (SOLVE_ODD_ROOT, t ** 3, y, (t, sign(y) * Abs(y) ** Rational(1, 3))),
    (SOLVE_RECIPROCAL, 1 / (1 + exp(-t)), y, (1 + exp(-t), 1 / y)),
    (SOLVE_ODD_ROOT, (3 * t + 2) ** 5, y, (3 * t + 2, sign(y) * Abs(y) ** Rational(1, 5))),
    (SOLVE_ODD_ROOT, t ** -3, y, (t, sign(y) * Abs(y) ** Rational(-1, 3))),
    (SOLVE_ISOLATE, t / 2 + sqrt(t ** 2 + b) / 2, y, (sqrt(t ** 2 + b) / 2, y - t / 2)),
    (SOLVE_ISOLATE, sqrt(t ** 2 + 1) - t, y, (sqrt(t ** 2 + 1), y + t)),
    (SOLVE_SQUARE, sqrt(t ** 2 + b), 2 * y - t, (t ** 2 + b, Pow(2 * y - t, 2, evaluate=False))),
    (SOLVE_COLLECT, t ** 2 + 1, (y - t) ** 2, (Mul(2, y, t, evaluate=False), y ** 2 - 1)),  # t² cancels
    (SOLVE_DIVIDE, -(y + 1) * t, 1 - y, (t, (y - 1) / (y + 1))),  # by −a, where a is all minus signs
    (SOLVE_DIVIDE, (1 - y) * t, y, (t, y / (1 - y))),  # 1 − y is not
    (SOLVE_MAGNITUDE, t * Abs(t), y, (t ** 2, Abs(y))),
    (SOLVE_MAGNITUDE, t ** 3 * Abs(t), y, (t ** 4, Abs(y))),
    (SOLVE_EVEN_ROOT, t ** 2, Abs(y), (Abs(t), sqrt(Abs(y)))),
    (SOLVE_EXP, t - log(1 + exp(t)), y, (exp(t) / (1 + exp(t)), exp(y))),  # e^{a + b} = eᵃeᵇ, e^{−log u} = 1/u
    (SOLVE_EXP, t + log(1 - exp(-t)), y, (exp(t) * (1 - exp(-t)), exp(y))),
    (SOLVE_EXP, log(1 + t) - log(1 - t), y, ((1 + t) / (1 - t), exp(y))),
    (SOLVE_EXP, 2 * log(t) - log(1 + t), y, (t ** 2 / (1 + t), exp(y))),
    (SOLVE_QUADRATIC, t ** 2 - 1, t * y, (t, y / 2 + sqrt(y ** 2 + 4) / 2)),  # the + root
    (SOLVE_QUADRATIC, exp(2 * t) - 1, y * exp(t), (exp(t), y / 2 + sqrt(y ** 2 + 4) / 2)),  # a quadratic in eᵗ
])
def test_one_operation_undone(rule, lhs, rhs, result):
    assert rule.apply(lhs, rhs, t) == result


@pytest.mark.parametrize("lhs, solved", [
    (t * Abs(t), [(t ** 2, Abs(y)), (Abs(t), sqrt(Abs(y)))]),
    (t ** 5 * Abs(t), [(t ** 6, Abs(y)), (Abs(t), Abs(y) ** Rational(1, 6))]),
    (t + Abs(t), None),  # |t + |t|| still holds an absolute value
    (t ** 2 * Abs(t), None),  # |t|³: no even power to take the root of
])
def test_absolute_values_of_both_sides_solve_for_the_magnitude(lhs, solved):
    found = solve_magnitude_steps(lhs, y, t)
    assert (None if found is None else [(a, b) for _, a, b in found]) == solved


@pytest.mark.parametrize("rule, lhs", [
    (SOLVE_SUBTRACT, t + exp(t)),  # t twice: nothing to subtract it from
    (SOLVE_DIVIDE, t * exp(t)),
    (SOLVE_ROOT, 2 ** t),
    (SOLVE_LOG, t ** 2),
    (SOLVE_INVERSE, t + 1),
    (SOLVE_CROSS, t + 1),  # no denominator with t
    (SOLVE_COLLECT, t ** 2),  # not linear
    (SOLVE_ODD_ROOT, t ** 2),  # even: no real root of a negative y
    (SOLVE_ODD_ROOT, (1 + exp(t)) ** 3),  # never negative: the principal root y^{1/3} is the real one
    (SOLVE_ODD_ROOT, t ** -1),  # no root to take
    (SOLVE_ROOT, 1 / (1 + t)),  # a reciprocal: alg-solve-reciprocal
    (SOLVE_RECIPROCAL, (1 + t) ** 2),
    (SOLVE_ISOLATE, 1 + sqrt(t)),  # the other term is free of t: subtract it
    (SOLVE_ISOLATE, sqrt(t) + sqrt(t + 1)),  # two roots
    (SOLVE_ISOLATE, t + exp(t)),  # no root
    (SOLVE_SQUARE, sqrt(t)),  # y is free of t: take the root (alg-solve-root)
    (SOLVE_EXP, log(1 + t)),  # one logarithm: alg-solve-inverse
    (SOLVE_EXP, t + exp(t)),  # no logarithm
    (SOLVE_EXP, log(t) + log(1 + log(t))),  # t(1 + log t): a logarithm of t is left
    (SOLVE_QUADRATIC, t ** 3 + t),  # a cubic
    (SOLVE_QUADRATIC, exp(t) + 1),  # linear in eᵗ
])
def test_where_a_rule_does_not_fit(rule, lhs):
    assert rule.apply(lhs, y, t) is None


@pytest.mark.parametrize("f, rules", [
    (log(1 + exp(b * t)) / b, ["alg-solve-multiply", "alg-solve-inverse", "alg-solve-subtract", "alg-solve-inverse",
                               "alg-solve-divide"]),
    (atan(t), ["alg-solve-inverse"]),
    (sqrt(1 + t), ["alg-solve-square-root", "alg-solve-subtract"]),
    (t, []),
    # exponentials of both sides leave a fraction linear in t
    (log(t) - log(1 + t), ["alg-solve-exp", "alg-solve-cross-multiply", "alg-solve-collect", "alg-solve-divide"]),
    (log(1 + t) - log(1 - t), ["alg-solve-exp", "alg-solve-cross-multiply", "alg-solve-collect", "alg-solve-divide"]),
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


def test_a_product_linear_once_multiplied_out_is_solved_by_collecting():
    """t(1 − 1/t) = y: no denominator to clear; multiplied out it is t − 1 = y."""
    steps = solve_linear_steps(t * (1 - 1 / t), y, t)
    assert [r.id for r, _, _ in steps] == ["alg-solve-collect"] and steps[-1][1:] == (t, y + 1)
    assert solve_linear_steps(t * (1 - t), y, t) is None  # t − t²: not linear


@pytest.mark.parametrize("f", [t * exp(t), (t - 1 / t) / (t + 1 / t), t + exp(t), t - log(1 + exp(t))])
def test_what_cannot_be_solved_one_operation_at_a_time(f):
    assert solve_steps(f, y, t) is None


def test_a_linear_fraction_left_after_unwinding_is_solved_too():
    """log(t/(1 − t)) = y: the logarithm undone, then t/(1 − t) = eʸ solved for t."""
    steps = solve_steps(log(t / (1 - t)), y, t)
    assert [r.id for r, _, _ in steps] == ["alg-solve-inverse", "alg-solve-cross-multiply", "alg-solve-collect",
                                           "alg-solve-divide"]
    assert simplify(steps[-1][2] - exp(y) / (1 + exp(y))) == 0


@pytest.mark.parametrize("f, rules", [
    (t ** 3, ["alg-solve-odd-root"]),
    ((3 * t + 2) ** 5, ["alg-solve-odd-root", "alg-solve-subtract", "alg-solve-divide"]),
    (t ** 3 + 1, ["alg-solve-subtract", "alg-solve-odd-root"]),
    (sinh(t) ** 3, ["alg-solve-odd-root", "alg-solve-inverse"]),
    ((1 + exp(t)) ** 3, ["alg-solve-root", "alg-solve-subtract", "alg-solve-inverse"]),  # positive base
])
def test_solving_for_every_real_x_takes_the_real_odd_root(f, rules):
    """real=True: the solution holds at negative values of f too (x³ = −8 gives x = −2), where the
    principal root y^{1/3} is not real."""
    steps = solve_steps(f, y, t, real=True)
    assert [r.id for r, _, _ in steps] == rules
    for at in (-1.7, -0.4, 0.3, 1.2):
        value = f.subs(t, at)
        assert abs(steps[-1][2].subs(y, value).evalf() - at) < 1e-9


@pytest.mark.parametrize("f, rules, solution", [
    ((t + sqrt(t ** 2 + b)) / 2, ["alg-solve-isolate", "alg-solve-multiply", "alg-solve-square", "alg-solve-collect",
                                  "alg-solve-divide"], y - b / (4 * y)),
    (t + sqrt(t ** 2 + 1), ["alg-solve-isolate", "alg-solve-square", "alg-solve-collect", "alg-solve-divide"],
     (y ** 2 - 1) / (2 * y)),
    (sqrt(t ** 2 + 1) - t, ["alg-solve-isolate", "alg-solve-square", "alg-solve-collect", "alg-solve-divide"],
     (1 - y ** 2) / (2 * y)),
])
def test_a_root_is_isolated_squared_and_the_terms_collected(f, rules, solution):
    """(x + √(x² + b))/2 = y: √(x² + b) = 2y − x, squared (2y − x ≥ 0), x² cancels: x = y − b/(4y)."""
    steps = solve_steps(f, y, t, real=True)
    assert [r.id for r, _, _ in steps] == rules
    assert simplify(steps[-1][2] - solution) == 0
    for at in (-2.3, -0.4, 0.0, 0.7, 3.1):  # the solution gives x back at values f takes
        assert abs(steps[-1][2].subs(y, f.subs(t, at)).subs(b, 2).evalf() - at) < 1e-9
    [(_, lhs, rhs)] = [s for s in steps if s[0] is SOLVE_SQUARE]
    assert SOLVE_SQUARE.condition(lhs, rhs) == Ge(rhs.base, 0)


def test_a_quadratic_states_where_its_plus_root_holds():
    """t − 1/t = y: t² − 1 = y·t, then t = (y + √(y² + 4))/2 where t − y/2 ≥ 0 (the + root is t
    only there: at t = −2, y = −3/2, the + root is 1/2)."""
    from derive.rules.solving import solve_quadratic_steps

    steps = solve_quadratic_steps(t - 1 / t, y, t)
    assert [r.id for r, _, _ in steps] == ["alg-solve-cross-multiply", "alg-solve-quadratic"]
    _, lhs, rhs = steps[-1]
    assert SOLVE_QUADRATIC.condition(lhs, rhs) == Ge(t - y / 2, 0)
    for at, holds in ((0.5, True), (2.0, True), (-2.0, False)):
        value = at - 1 / at
        assert (abs(rhs.subs(y, value) - at) < 1e-12) == holds
    assert solve_quadratic_steps(t / (1 + t), y, t) is None  # linear: solve_linear_steps


def test_squaring_needs_the_rest_linear_after_it():
    """√(x² + 1) = y − 2x squared leaves 3x² in x: no linear solve, no solution claimed."""
    assert solve_steps(sqrt(t ** 2 + 1) + 2 * t, y, t) is None
    assert solve_steps(sqrt(t) + t, y, t) is None  # t = (y − t)²: t is still on the right


@pytest.mark.parametrize("f, lines, solution", [
    (t / sqrt(1 + t**2), ["alg-solve-square-sides", "alg-solve-cross-multiply", "alg-solve-collect",
                          "alg-solve-divide", "alg-solve-signed-root"], y * sqrt(1 / (1 - y**2))),
    (2 * t / sqrt(4 - t**2), ["alg-solve-square-sides", "alg-solve-cross-multiply", "alg-solve-collect",
                              "alg-solve-divide", "alg-solve-signed-root"], 2 * y * sqrt(1 / (y**2 + 4))),
    (t / (1 + t), None, None),  # no root: the linear solve's job
    (sqrt(t) + t, None, None),  # its square still holds a root
])
def test_a_root_is_removed_by_squaring_both_sides(f, lines, solution):
    from derive.rules.solving import solve_squared_steps

    found = solve_squared_steps(f, y, t)
    if lines is None:
        assert found is None
        return
    assert [r.id for r, _, _ in found] == lines and found[-1][1] == t
    assert (found[-1][2] - solution).equals(0)
    for at in (-1.5, -0.3, 0.4, 1.7):  # the root taken with the sign of t: t = solution(f(t))
        if (v := complex(f.subs(t, at))).imag == 0:
            assert abs(complex(found[-1][2].subs(y, v.real)) - at) < 1e-12
