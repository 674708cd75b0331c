"""Functions of a vector: softmax's Jacobian, its cases, against explicit Jacobians."""
import random

import pytest
from sympy import Derivative, IndexedBase, KroneckerDelta, Matrix, Sum, Symbol, exp, simplify, symbols

from derive.engine import derive
from derive.parse import ParseError, index_symbol, parse
from derive.printing.written import to_sympy
from derive.verify import IndexedChecker

a = IndexedBase("a")
i, j, k, n = (index_symbol(c) for c in "ijkn")


def test_softmax_steps_cases_and_summary():
    d = derive("softmax")
    rules = [s.rule for s in d.steps]
    assert rules == ["def-differentiate", "d-quotient", "alg-arithmetic", "alg-cases", "alg-combine-cases"]
    quotient = d.steps[1]
    assert {s.rule for s in quotient.walk()} >= {"d-chain", "d-indexed", "d-sum-index"}
    sum_step = next(s for s in quotient.walk() if s.rule == "d-sum-index")
    assert to_sympy(sum_step.value) == "exp(a[j])"
    eq, ne = d.steps[3].substeps
    assert (eq.title, ne.title) == ("case i = j", "case i ≠ j")
    assert to_sympy(eq.substeps[-1].expression) == "S_i*(1 - S_j)"
    assert to_sympy(ne.substeps[-1].expression) == "-S_i*S_j"
    assert to_sympy(d.output_form) == "S_i*(KroneckerDelta(i, j) - S_j)"
    assert d.note == "In matrix form: J = diag(S) - S Sᵀ"
    assert d.verified


def _explicit(n=3):
    a = symbols(f"a1:{n + 1}", real=True)
    total = sum(exp(v) for v in a)
    s = Matrix([exp(v) / total for v in a])
    return a, s, s.jacobian(Matrix(a))


def test_summary_equals_the_explicit_jacobian_symbolically():
    a, s, jac = _explicit()
    for i in range(3):
        for j in range(3):
            formula = s[i] * (KroneckerDelta(i, j) - s[j])
            assert simplify(jac[i, j] - formula) == 0


def test_cases_equal_the_explicit_jacobian_numerically():
    a, s, jac = _explicit()
    rng = random.Random(3)
    for _ in range(5):
        point = {v: rng.uniform(-3, 3) for v in a}
        sv = [float(e.subs(point)) for e in s]
        for i in range(3):
            for j in range(3):
                expected = float(jac[i, j].subs(point))
                case = sv[i] * (1 - sv[j]) if i == j else -sv[i] * sv[j]
                assert case == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_the_same_machinery_on_a_softmax_with_temperature_two():
    d = derive("exp(2*a[i])/Sum(exp(2*a[k]), (k, 1, n))")
    assert d.verified
    assert simplify(d.output_form - 2 * Symbol("S_i") * (KroneckerDelta(*d.indices) - Symbol("S_j"))) == 0


def test_json_for_softmax():
    from derive.printing.jsonfmt import as_dict

    data = as_dict(derive("softmax"))
    assert (data["variable"], data["indices"], data["symbol"]) == ("a", ["i", "j"], "S")
    assert data["output_form"] == "S_i*(KroneckerDelta(i, j) - S_j)"


@pytest.mark.parametrize("text, message", [
    ("exp(a[i])/Sum(exp(b[k]), (k, 1, n))", "one vector"),
    ("exp(a[i] + a[l])", "exactly one free index"),
])
def test_vector_input_errors(text, message):
    with pytest.raises(ParseError, match=message):
        derive(text)


@pytest.mark.parametrize("text, matrix", [
    ("a[i]", "In matrix form: J = I"),
    ("a[i]+1", "In matrix form: J = I"),
])
def test_the_identity_jacobian(text, matrix):
    d = derive(text)
    assert d.verified and d.note == matrix


def test_a_summation_index_named_j_does_not_clash():
    d = derive("a[i]/Sum(a[j], (j, 1, n))")
    assert d.indices[1] != Symbol("j", integer=True, positive=True) and d.verified


def test_no_matrix_form_for_a_delta_of_other_indices():
    d = derive("exp(a[i]-a[1])")
    assert d.verified and "matrix" not in d.note


def test_a_sum_bounded_by_the_free_index_is_refused():
    with pytest.raises(ParseError, match="bounds of a sum"):
        derive("a[i]*Sum(a[k], (k, 1, i))")


SOFTMAX = parse("exp(a[i])/Sum(exp(a[k]), (k, 1, n))")


@pytest.mark.parametrize("left, right, same", [
    (Derivative(a[i], a[j]), KroneckerDelta(i, j), True),
    (Derivative(a[i], a[j]), 1, False),  # a derivative's a_j counts in what it depends on
    (Derivative(exp(a[k]), a[j]), exp(a[k]) * KroneckerDelta(j, k), True),  # k free in a sub-step
    (Derivative(exp(a[k]), a[j]), exp(a[k]), False),
    (Derivative(Sum(exp(a[k]), (k, 1, n)), a[j]), exp(a[j]), True),
    (Sum(a[k] * KroneckerDelta(k, j), (k, 1, n)), a[j], True),
    (Sum(a[k], (k, 1, n)) ** 2, Sum(a[k] ** 2, (k, 1, n)), False),
    (Sum(exp(a[k]), (k, 1, n)) * exp(a[i]), exp(a[i]) * Sum(exp(a[k]), (k, 1, n)), True),
])
def test_indexed_checker(left, right, same):
    checker = IndexedChecker(a[j], SOFTMAX)
    assert checker.equal(left, right) is same
    assert checker.equal(left, right) is same  # again, from the cache of written-out sums
