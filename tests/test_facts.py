"""The table of function facts: every function the parser accepts has a row, and each row's
derivative, evaluator, inverse, cost class and printed names are checked against SymPy and
mpmath, which do not read the table."""
from __future__ import annotations

import json
import math

import mpmath
import pytest
from hypothesis import assume, given, settings, strategies as st
from sympy import Abs, Float, Function, Pow, Rational, Symbol, diff, exp, pi, polygamma, sqrt, sympify

from derive.cost import cost
from derive.expr import canon
from derive.facts import FACTS, Fact, parser_names
from derive.numeric import EVAL_ERRORS, value
from derive.parse import FUNCTIONS, SEVERAL, parse
from derive.printing.written import to_latex, to_pretty, to_sympy
from rules.differentiation import ELEMENTARY, RULES, Chain

X = Symbol("x", real=True)
ROWS = {f.cls: f for f in FACTS}
ONE_ARGUMENT = [f for f in FACTS if not f.several]
POINTS = [-7.3, -2.9, -1.7, -1.01, -0.83, -0.4, -0.05, 0.07, 0.31, 0.66, 0.97, 1.3, 2.2, 4.1, 9.6]


def _ids(rows):
    return [f.names[0] for f in rows]


def _real(v) -> float | None:
    """v as a float, if it is a finite real number (SymPy's or mpmath's)."""
    try:
        c = complex(v)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(c.real) and math.isfinite(c.imag)) or abs(c.imag) > 1e-12 * max(1.0, abs(c.real)):
        return None
    return c.real


def _close(a: float, b: float, tol: float = 1e-9) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def _at(e, v: float):
    try:
        return _real(e.xreplace({X: Float(v, 30)}).evalf(30))
    except ValueError:  # SymPy's evalf lets mpmath's "erfinv(x) is defined only for -1 <= x <= 1" out
        return None


def test_the_parser_reads_its_names_from_the_table():
    assert {**FUNCTIONS, **SEVERAL} == {**parser_names(), **parser_names(several=True)}
    assert set(FUNCTIONS).isdisjoint(SEVERAL)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_the_parser_accepts_has_a_row(name):
    e = parse(f"{name}(x + 1/3)")
    heads = {type(n) for n in e.atoms(Function, Pow)}
    assert heads and all(h in ROWS for h in heads), heads
    assert any(name in ROWS[h].names for h in heads)


@pytest.mark.parametrize("name", sorted(SEVERAL))
def test_functions_of_several_arguments_have_rows(name):
    assert name in ROWS[SEVERAL[name]].names and ROWS[SEVERAL[name]].several
    assert type(parse(f"{name}(x, 2*x, 1)")) is SEVERAL[name]


def test_names_and_rule_ids_are_unique():
    names = [n for f in FACTS for n in f.names]
    assert len(names) == len(set(names))
    ids = [f.rule.id for f in FACTS if f.rule is not None]
    assert len(ids) == len(set(ids))


def test_every_elementary_rule_is_a_row():
    assert [(r.id, r.func) for r in ELEMENTARY] == [(f.rule.id, f.func) for f in FACTS if f.rule is not None]
    assert all(r in RULES for r in ELEMENTARY)


@pytest.mark.parametrize("row", [f for f in FACTS if f.rule is not None], ids=_ids([f for f in FACTS if f.rule]))
def test_each_derivative_rule_agrees_with_sympy(row: Fact):
    """The rule's F′(x) equals SymPy's d/dx F(x) wherever F and both derivatives are real
    (acosh′ at x < −1 is the derivative of a complex function: there its signs differ)."""
    ours, theirs = row.rule.derivative(X), diff(row.func(X), X)
    agreed = 0
    for v in POINTS:
        a, b = _at(ours, v), _at(theirs, v)
        if a is None or b is None or _at(row.func(X), v) is None:
            continue
        assert _close(a, b), (row.names[0], v, a, b)
        agreed += 1
    assert agreed >= 4
    assert row.rule.latex.startswith(r"\frac{d}{du}") and row.rule.words.endswith(".")


@settings(deadline=None)
@given(row=st.sampled_from([f for f in FACTS if f.rule is not None]),
       a=st.integers(-9, 9).filter(bool), b=st.integers(-9, 9), q=st.integers(1, 4), at=st.floats(-3, 3))
def test_the_chain_rule_applies_each_row_to_an_inner_function(row: Fact, a, b, q, at):
    """F(a·x/q + b/q): the chain rule picks the row's rule, and F′(u)·u′ is SymPy's derivative
    wherever F is real."""
    u = Rational(a, q) * X + Rational(b, q)
    e = row.func(u)
    assume(type(e) is row.cls and e.args[0] != X)  # SymPy may rewrite F(u) (cos(−x) = cos x)
    m = Chain().match(e, X)
    assert m.data.id == row.rule.id
    ours = Chain().combine(e, X, m, [diff(e.args[0], X)])
    if _at(e, at) is None or _at(ours, at) is None:
        return
    assert _close(_at(ours, at), _at(diff(e, X), at))


@pytest.mark.parametrize("row", ONE_ARGUMENT, ids=_ids(ONE_ARGUMENT))
def test_each_evaluator_agrees_with_evalf(row: Fact):
    """derive's evaluator (30 digits, and floats) gives SymPy's evalf where F is real, and no
    real number where F is not (asin 2, erfinv 2, log of a negative number)."""
    e, agreed = row.func(X), 0
    for v in POINTS:
        want = _at(e, v)
        for ctx, tol in ((mpmath.mp, 1e-25), (mpmath.fp, 1e-9)):
            try:
                with mpmath.workdps(30):
                    got = _real(value(e, {X: ctx.mpf(v)}, ctx))
            except EVAL_ERRORS:
                got = None
            if want is None:
                assert got is None, (row.names[0], v, got)
            else:
                assert got is not None and _close(got, want, tol), (row.names[0], v, got, want)
                agreed += ctx is mpmath.mp
    assert agreed >= 4


INVERTIBLE = [f for f in FACTS if f.inverse is not None]


def _inside(intervals, n: int = 7) -> list[float]:
    """n points inside each open interval (an unbounded one is cut at ±6)."""
    pts = []
    for lo, hi in intervals:
        lo, hi = max(lo, -6.0), min(hi, 6.0)
        pts += [lo + (hi - lo) * (i + 0.5) / n for i in range(n)]
    return pts


@pytest.mark.parametrize("row", INVERTIBLE, ids=_ids(INVERTIBLE))
def test_each_inverse_round_trips_on_its_branch(row: Fact):
    F, inv = row.func, row.inverse.of
    for u in _inside(row.inverse.branch):
        assert _close(_at(inv(F(X)), u), u, 1e-12), (row.names[0], "F⁻¹(F(u))", u)
    for y in _inside(row.inverse.domain):
        assert _close(_at(F(inv(X)), y), y, 1e-12), (row.names[0], "F(F⁻¹(y))", y)


@pytest.mark.parametrize("row", INVERTIBLE, ids=_ids(INVERTIBLE))
def test_each_branch_and_domain_is_no_wider_than_it_is(row: Fact):
    """Just past an edge of the branch F⁻¹(F(u)) ≠ u, and past an edge of the domain
    F(F⁻¹(y)) ≠ y, wherever the inner function is real there."""
    F, inv = row.func, row.inverse.of
    for inner, outer, intervals in ((F, inv, row.inverse.branch), (inv, F, row.inverse.domain)):
        for lo, hi in intervals:
            for edge, step in ((lo, -0.25), (hi, 0.25)):
                if math.isinf(edge) or any(a < edge + step < b for a, b in intervals):
                    continue
                u = edge + step
                if _at(inner(X), u) is None:
                    continue
                back = _at(outer(inner(X)), u)
                assert back is None or not _close(back, u, 1e-6), (row.names[0], u)


# What a backward pass computes with comparisons and arithmetic; everything else is a call.
OPERATIONS = {"abs", "sign", "Heaviside", "Max", "Min", "sqrt"}


@pytest.mark.parametrize("row", FACTS, ids=_ids(FACTS))
def test_each_cost_class_is_what_the_cost_counts(row: Fact):
    assert row.transcendental == (row.names[0] not in OPERATIONS)
    c = cost(row.func(X, 2 * X) if row.several else row.func(X))
    assert c.calls == row.transcendental and c.ops >= (not row.transcendental), (row.names[0], c)


ANALYTIC = [f for f in FACTS if f.analytic]


@pytest.mark.parametrize("row", ANALYTIC, ids=_ids(ANALYTIC))
def test_each_function_called_analytic_is_real_and_smooth_on_the_whole_line(row: Fact):
    F = row.func(X)
    for v in [-25.3 + 1.1 * i for i in range(47)] + [0.0]:
        assert _at(F, v) is not None and _at(diff(F, X, 2), v) is not None, (row.names[0], v)


@pytest.mark.parametrize("row", FACTS, ids=_ids(FACTS))
def test_each_printed_form_reads_back(row: Fact):
    """The SymPy syntax of F(u) (the JSON's) parses back to F(u) (but ψ(u), which SymPy writes
    polygamma(0, u), a function of two arguments); the LaTeX and 2-D pictures use the row's
    names where it gives them."""
    u = Symbol("u", real=True)
    e = row.func(u, 2 * u) if row.several else row.func(u)
    if row.cls is not polygamma:
        assert parse(to_sympy(e)) == e
    if row.latex:
        assert row.latex in to_latex(e)
    if row.pretty:
        assert to_pretty(e).startswith(row.pretty)


# The new functions end to end: the derivative is SymPy's, and the form in y is the one
# PyTorch's and JAX's backward passes use (erfinv: √π/2·e^{y²}; LambertW: e^{−y}/(1 + y)).
NEW = [
    ("log1p(x)", "1/(1 + x)", "exp(-y)"),
    ("expm1(x)", "exp(x)", "1 + y"),
    ("erfinv(x)", "sqrt(pi)*exp(erfinv(x)**2)/2", "sqrt(pi)*exp(y**2)/2"),
    ("LambertW(x)", "LambertW(x)/(x*(1 + LambertW(x)))", "exp(-y)/(1 + y)"),
    ("asec(x)", "1/(Abs(x)*sqrt(x**2 - 1))", "1/(Abs(sec(y))*sqrt(sec(y)**2 - 1))"),
    ("acsc(x)", "-1/(Abs(x)*sqrt(x**2 - 1))", "-1/(Abs(csc(y))*sqrt(csc(y)**2 - 1))"),
]


@pytest.mark.parametrize("text, derivative, form", NEW)
def test_new_functions_end_to_end(cli, text, derivative, form):
    code, out, err = cli(text, "--format", "json")
    assert (code, err) == (0, "")
    d = json.loads(out)
    assert d["verified"] and all(s["verified"] for s in d["steps"])
    f, got = parse(text), parse(d["derivative"])
    for v in POINTS:
        want = _at(diff(f, X), v)
        if want is not None:
            assert _close(_at(got, v), want), (text, v)
    assert sympify(d["output_form"]) == sympify(form)
    assert d["cost"]["derivative"]["transcendental"] == cost(diff(f, X)).calls


def test_new_function_rules_state_the_textbook_derivatives():
    u = Symbol("u", real=True)
    by_id = {f.rule.id: f.rule.derivative(u) for f in FACTS if f.rule is not None}
    assert canon(by_id["d-erfinv"]) == sqrt(pi) / 2 * exp(parse("erfinv(u)") ** 2)
    assert canon(by_id["d-asec"]) == 1 / (Abs(u) * sqrt(u**2 - 1))
    assert canon(by_id["d-acsc"]) == -1 / (Abs(u) * sqrt(u**2 - 1))
    assert canon(by_id["d-lambertw"]) == parse("LambertW(u)/(u*(1 + LambertW(u)))")
    assert canon(by_id["d-log1p"]) == 1 / (1 + u)


def test_the_new_functions_print_in_latex_that_compiles(tmp_path):
    from texcheck import assert_document_compiles, minimal_document

    from derive import derive
    from derive.printing import latex

    body = "\n".join(latex.render(derive(text)) for text, _, _ in NEW)
    assert r"\operatorname{expm1}" in body and r"\operatorname{expm}_{1}" not in body
    assert_document_compiles(minimal_document(body), tmp_path)
