"""Functions of a vector: softmax's Jacobian, its cases, against explicit Jacobians."""
import random

import pytest
from sympy import Derivative, IndexedBase, KroneckerDelta, Matrix, Sum, Symbol, diff, exp, log, simplify, symbols

from derive.engine import derive
from derive.parse import ParseError, index_symbol, parse
from derive.printing.written import to_sympy
from derive.verify import IndexedChecker

a = IndexedBase("a")
i, j, k, n = (index_symbol(c) for c in "ijkn")


def test_softmax_steps_cases_and_summary():
    d = derive("softmax")
    rules = [s.rule for s in d.steps]
    # the tidy after the quotient rule only reordered it: no line (issue 13)
    assert rules == ["def-differentiate", "d-quotient", "alg-cases", "alg-combine-cases"]
    quotient = d.steps[1]
    assert {s.rule for s in quotient.walk()} >= {"d-chain", "d-indexed", "d-sum-index"}
    sum_step = next(s for s in quotient.walk() if s.rule == "d-sum-index")
    assert to_sympy(sum_step.value) == "exp(a[j])"
    eq, ne = d.steps[2].substeps
    assert (eq.title, ne.title) == ("case i = j", "case i ≠ j")
    assert d.steps[2].expression.args[0].expr == eq.expression  # the line shows the cases, not the line before
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


@pytest.mark.parametrize("text, wrt, message", [
    ("exp(a[i])/Sum(exp(b[k]), (k, 1, n))", None, r"several vectors \(a, b\): say which with --wrt"),
    ("exp(a[i])/Sum(exp(b[k]), (k, 1, n))", "c", "no vector c; its vectors: a, b"),
    ("exp(a[i] + a[l])", None, r"at most one free index, as S_i = f\(a_i, ...\) \(here i, l\)"),
])
def test_vector_input_errors(text, wrt, message):
    with pytest.raises(ParseError, match=message):
        derive(text, wrt)


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


# --- a function of a vector with one value: the cross-entropy of a softmax -------------------

def test_cross_entropy_steps_and_forms():
    d = derive("cross_entropy")
    assert [s.rule for s in d.steps] == [
        "def-differentiate", "def-name-part", "d-constant-multiple", "alg-expand", "alg-sum-split",
        "alg-sum-delta", "alg-sum-constant", "alg-given", "alg-arithmetic"]
    assert (to_sympy(d.symbol), d.indices, to_sympy(d.variable)) == ("L", (j,), "a[j]")
    given = next(s for s in d.steps if s.rule == "alg-given")
    assert to_sympy(given.where) == "Eq(Sum(t[k], (k, 1, n)), 1)"
    assert to_sympy(d.steps[-1].expression) == to_sympy(d.cached_form) == "S_j - t[j]"
    assert [(to_sympy(s), to_sympy(c)) for s, c in d.cached_values] == [("S_j", "exp(a[j])/Sum(exp(a[m]), (m, 1, n))")]
    assert d.output_form is None and [str(c) for c in d.constants] == ["t"]
    assert d.note == "As a vector: the gradient of L is S - t, given Σ_k t_k = 1."
    assert d.verified


def _explicit_loss(size):
    a, t = symbols(f"a1:{size + 1}", real=True), symbols(f"t1:{size + 1}", positive=True)
    total = sum(exp(v) for v in a)
    return a, t, -sum(tk * log(exp(ak) / total) for ak, tk in zip(a, t))


def _concrete(e, size, at, components, point):
    """A derivation's expression at n = size, j = at, with the sums written out and the point's values."""
    from sympy import Indexed
    e = e.xreplace({n: size, j: at}).doit()
    names = {c: components[str(c.base)][int(c.indices[0]) - 1] for c in e.atoms(Indexed)}
    return float(e.xreplace(names).subs(point))


@pytest.mark.parametrize("size", [2, 3, 4])
def test_cross_entropy_equals_sympys_gradient(size):
    """The derivative (for any t) and S_j - t_j (for t summing to 1) against SymPy's gradient of
    the written-out loss; S_j - t_j is wrong where t does not sum to 1."""
    d = derive("cross_entropy")
    a, t, loss = _explicit_loss(size)
    rng = random.Random(size)
    for _ in range(4):
        raw = [rng.uniform(0.1, 1) for _ in t]
        for target, normalized in ((raw, False), ([v / sum(raw) for v in raw], True)):
            point = {**{v: rng.uniform(-3, 3) for v in a}, **dict(zip(t, target))}
            softmax = [float((exp(v) / sum(exp(w) for w in a)).subs(point)) for v in a]
            for at in range(1, size + 1):
                want = float(diff(loss, a[at - 1]).subs(point))
                assert _concrete(d.derivative, size, at, {"a": a, "t": t}, point) == pytest.approx(want, rel=1e-12, abs=1e-12)
                form = softmax[at - 1] - target[at - 1]
                assert (form == pytest.approx(want, rel=1e-9, abs=1e-12)) is normalized


@pytest.mark.parametrize("text, wrt, form, note", [
    ("-Sum(t[k]*log(exp(a[k])/Sum(exp(a[m]), (m, 1, n))), (k, 1, n))", "a",  # no condition given:
     "S_j*Sum(t[k], (k, 1, n)) - t[j]", ""),  # the sum of t stays
    ("-Sum(t[k]*(a[k] - log(Sum(exp(a[m]), (m, 1, n)))), (k, 1, n))", "a", "S_j*Sum(t[k], (k, 1, n)) - t[j]", ""),
    ("-Sum(t[k]*log(exp(a[k])/Sum(exp(a[k]), (k, 1, n))), (k, 1, n))", "a",  # an inner sum over k of its own
     "S_j*Sum(t[k], (k, 1, n)) - t[j]", ""),
    ("log(Sum(exp(a[k]), (k, 1, n)))", None, "S_j", "As a vector: the gradient of y is S."),
    ("Sum(a[k]^2, (k, 1, n))", None, "2*a[j]", "As a vector: the gradient of y is 2*a."),
    ("Sum((a[k] - t[k])^2, (k, 1, n))/2", "a", "a[j] - t[j]", "As a vector: the gradient of y is a - t."),
    ("c*Sum(a[k], (k, 1, n))", None, "c", "As a vector: the gradient of y is c."),
])
def test_functions_of_a_vector_with_one_value(text, wrt, form, note):
    d = derive(text, wrt)
    assert d.verified and d.indices == (j,)
    assert to_sympy(d.steps[-1].expression) == form and d.note == note


def test_several_vectors_need_wrt_in_one_line(cli):
    code, out, err = cli("-Sum(t[k]*log(exp(a[k])/Sum(exp(a[m]),(m,1,n))),(k,1,n))")
    assert (code, out) == (2, "")
    assert err.endswith("several vectors (a, t): say which with --wrt\n") and err.count("\n") == 1


def test_constants_of_a_vector_function_are_sampled():
    d = derive("exp(c*a[i])/Sum(exp(c*a[k]), (k, 1, n))")  # c: a positive number at each point
    assert d.verified and [str(c) for c in d.constants] == ["c"]
    assert to_sympy(d.output_form) == "S_i*c*(KroneckerDelta(i, j) - S_j)"


@pytest.mark.parametrize("given", [
    (parse("Sum(t[k], (k, 1, n))"), parse("1")),
    (parse("Sum(t[k], (k, 1, n))"), parse("2")),
])
def test_the_checker_samples_where_the_given_condition_holds(given):
    checker = IndexedChecker(a[j], parse("-Sum(t[k]*log(exp(a[k])/Sum(exp(a[m]), (m, 1, n))), (k, 1, n))"))
    t = IndexedBase("t")
    assert {float(sum(c[t[m]] for m in (1, 2, 3))) for _, c in checker.envs} != {float(given[1])}
    sums = {round(float(sum(c[t[m]] for m in (1, 2, 3))), 12) for _, c in checker.assuming((given,)).envs}
    assert sums == {float(given[1])}


def test_a_given_condition_must_be_a_sum_of_components():
    checker = IndexedChecker(a[j], parse("Sum(t[k]*a[k], (k, 1, n))"))
    with pytest.raises(ValueError, match="a sum of a vector's components"):
        checker.assuming(((parse("Sum(t[k]^2, (k, 1, n))"), parse("1")),))


def test_catalog_names_for_a_vector_keep_the_first_entrys_symbol():
    """softmax and softmin are both S in the catalog: S_j names the softmax (the first entry)."""
    from derive.indexed import named, variables
    f = parse("-Sum(t[k]*log(exp(a[k])/Sum(exp(a[m]), (m, 1, n))), (k, 1, n))")
    x, _ = variables(f, "a")
    names = named(f, x.base[index_symbol("j")])
    assert [str(s) for s in names] == ["S_j"]
    assert str(list(names.values())[0]) == "exp(a[j])/Sum(exp(a[m]), (m, 1, n))"


@pytest.mark.parametrize("text, letter", [
    ("exp(a[i])/Sum(exp(a[k]), (k, 1, n))", "S"),
    ("S_2*exp(a[i])/Sum(exp(a[k]), (k, 1, n))", "F"),
    ("S[i]*a[i]", "F"),
    ("S*F_1*a[i]", "G"),
])
def test_the_letter_of_a_typed_vector_function_is_one_it_does_not_use(text, letter):
    from derive.indexed import free_letter
    assert free_letter(parse(text)) == letter


@pytest.mark.parametrize("text", [
    "S_j*Sum(t[k]*log(exp(a[k])/Sum(exp(a[m]), (m, 1, n))), (k, 1, n))",  # a constant S_j
    "Sum(S[k]*log(exp(a[k])/Sum(exp(a[m]), (m, 1, n))), (k, 1, n))",      # a vector S
    "S_2*exp(a[i])/Sum(exp(a[k]), (k, 1, n))",
])
def test_a_name_the_input_uses_is_not_given_to_the_softmax(text):
    d = derive(text, wrt="a")
    used = {str(s) for s in d.definition.free_symbols} | {str(b) for b in d.definition.atoms(IndexedBase)}
    assert d.verified
    assert not {str(s) for s, _ in d.cached_values} & used
    assert str(d.symbol) not in used
