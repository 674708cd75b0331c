"""The catalog: every entry derives with verified steps; output forms exist exactly where
they mathematically exist; elsewhere a cached-value form that saves transcendental calls.
The forms are checked here independently of the engine: substituting f back gives
SymPy's own derivative at random points."""
import random
import re

import pytest
from sympy import Symbol, diff, lambdify

from derive.catalog import CATALOG, lookup
from derive.printing.written import to_sympy

SCALAR = [e.name for e in CATALOG if e.variable == "x"]

# name → the output form (None: none exists or none was found), or the cached-value form
FORMS = [
    ("sigmoid", "S*(1 - S)", None),
    ("tanh", "1 - y**2", None),
    ("softplus", "1 - exp(-y*beta)", "w/u"),  # u = 1 + e^{βx}, w = e^{βx}: no exp at all (PyTorch: z/(z + 1))
    ("logsigmoid", "1 - exp(y)", "w/u"),
    ("softsign", "(1 - Abs(y))**2", None),
    ("arctan", "cos(y)**2", None),
    ("exp", "y", None),
    ("identity", "1", None),
    ("relu", "Piecewise((1, y > 0), (0, True))", None),
    ("elu", "Piecewise((1, y > 0), (y + alpha, True))", None),
    ("selu", "Piecewise((lambda_, y > 0), (y + alpha*lambda_, True))", None),
    ("relu6", "Piecewise((1, (y > 0) & (y < 6)), (0, True))", None),
    ("silu", None, "S + x*S*(1 - S)"),  # x·S by the product rule, S′ from the sigmoid's derivation
    ("gaussian", None, "-2*y*x"),
    ("tanhshrink", None, "u**2"),
    ("sinc", None, "(-y + cos(pi*x))/x"),
    ("log_softmax", "KroneckerDelta(i, j) - exp(y_j)", None),
    ("softmax", "S_i*(KroneckerDelta(i, j) - S_j)", None),
    ("softmin", "S_i*(S_j - KroneckerDelta(i, j))", None),
    ("binary_cross_entropy_with_logits", None, "S - t"),
    ("cross_entropy", None, "S_j - t[j]"),  # S_j: the softmax at j, given Σ_k t_k = 1
]
NO_FORM = ["silu", "mish", "gelu", "gelu_tanh", "hardswish", "gaussian", "sinc"]  # a witness exists


@pytest.mark.parametrize("name", [e.name for e in CATALOG])
def test_every_entry_derives_verified(name, catalog):
    assert catalog[name].verified


@pytest.mark.parametrize("name, form, cached", FORMS)
def test_forms(name, form, cached, catalog):
    d = catalog[name]
    shown = None if d.output_form is None else to_sympy(d.output_form)
    assert shown == form
    assert (None if d.cached_form is None else to_sympy(d.cached_form)) == cached


@pytest.mark.parametrize("name", NO_FORM)
def test_no_output_form_where_a_witness_exists(name, catalog):
    d = catalog[name]
    assert d.output_form is None and "exists:" in d.note


@pytest.mark.parametrize("name", [n for n, form, cached in FORMS if cached])
def test_a_cached_form_saves_transcendental_calls(name, catalog):
    cost = catalog[name].cost
    assert cost["cached_form"]["transcendental"] < cost["derivative"]["transcendental"]


@pytest.mark.parametrize("name, derivative, form", [
    ("sigmoid", (4, 1), (2, 0)),  # e^{-x}/(1 + e^{-x})²: one exp, shared; S(1 − S)
    ("tanh", (4, 2), (2, 0)),  # as derived: (cosh² − sinh²)/cosh², a sinh and a cosh
    ("arctan", (3, 0), (1, 1)),  # honest: cos²y needs a cos, 1/(1 + x²) none
    ("silu", (7, 1), (4, 0)),  # S + x·S(1 − S): the sigmoid's value S, one call shared
])
def test_costs(name, derivative, form, catalog):
    cost = catalog[name].cost
    mine = cost.get("output_form") or cost.get("cached_form")
    assert (cost["derivative"]["ops"], cost["derivative"]["transcendental"]) == derivative
    assert (mine["ops"], mine["transcendental"]) == form


@pytest.mark.parametrize("name", SCALAR)
def test_forms_equal_sympys_derivative_with_f_substituted_back(name, catalog):
    d = catalog[name]
    form = d.output_form if d.output_form is not None else d.cached_form
    if form is None:
        pytest.skip("no form beyond the derivative itself")
    params = {Symbol(p, positive=True): v for p, v in d.parameters.items()}
    f = d.definition.subs(params)
    bound = {d.symbol: f, **{t: c for t, c in d.cached_values}}
    g = lambdify(d.variable, form.subs(bound).subs(params), "mpmath")
    want = lambdify(d.variable, diff(f, d.variable), "mpmath")
    rng = random.Random(name)
    for _ in range(20):
        x = rng.uniform(-5, 5)
        assert abs(complex(g(x)) - complex(want(x))) < 1e-9 * max(1, abs(complex(want(x)))), (name, x)


@pytest.mark.parametrize("name, at, pytorch", [
    ("relu", [0], [0]), ("hardswish", [-3, 3], [0, 1]), ("hardsigmoid", [-3, 3], [0, 0]),
    ("relu6", [0, 6], [0, 0]), ("hardtanh", [-1, 1], [0, 0]), ("softshrink", ["-lambd", "lambd"], [0, 0]),
])
def test_kinks_and_pytorchs_values(name, at, pytorch, catalog):
    d = catalog[name]
    assert [str(k.at) for k in d.kinks] == [str(a) for a in at]
    assert [k.pytorch for k in d.kinks] == pytorch and all(k.verified for k in d.kinks)


def test_parameters_carry_pytorchs_defaults():
    assert dict(lookup("leaky_relu").parameters) == {"alpha": 0.01}
    assert dict(lookup("softshrink").parameters) == {"lambd": 0.5}
    assert dict(lookup("rrelu").parameters) == {"l": 1 / 8, "u": 1 / 3}
    assert lookup("swish") is lookup("silu") and lookup("LOGISTIC") is lookup("sigmoid")


def test_names_are_unique():
    names = [n for e in CATALOG for n in (e.name,) + e.aliases]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name", [e.name for e in CATALOG])
def test_a_derivation_uses_a_condition_exactly_where_its_entry_states_one(name, catalog):
    steps = [s for top in catalog[name].steps for s in top.walk()]
    assert any(s.rule == "alg-given" for s in steps) == bool(lookup(name).given)


@pytest.mark.parametrize("name, stated", [
    ("cross_entropy", (("Sum(t[k], (k, 1, n))", "1"),)),
    ("softmax", ()),
    ("binary_cross_entropy_with_logits", ()),  # t in [0, 1], but the derivation needs no condition
])
def test_conditions_are_data_on_the_entry(name, stated):
    assert lookup(name).given == stated


@pytest.mark.parametrize("alias", ["cross_entropy", "softmax_cross_entropy", "ce", "CrossEntropy"])
def test_cross_entropy_by_its_names(alias):
    assert lookup(alias).name == "cross_entropy"


def test_the_list_shows_every_entry(cli):
    code, out, err = cli("--list")
    assert (code, err) == (0, "")
    assert all(e.name in out for e in CATALOG)
    assert "S_j - t_j" in out and re.search(r"^ +S_j = ─+$", out, re.M)  # the value S_j, drawn in 2-D
