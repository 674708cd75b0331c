"""Reaching a form (derive/reach.py): a form in y is reached by shown lines, never in one jump.
Where the algebra search does not get there, y = f(x) is solved one operation a line, the part
substituted, and each line is checked."""
import pytest

from derive.catalog import CATALOG
from derive.engine import derive, derive_each
from derive.printing.written import to_sympy

INVERSE = "def-substitute-inverse"


def solving(d) -> list:
    """The substitution steps of d, with the rules of the lines that solve y = f."""
    return [(s, [t.rule for t in s.substeps]) for top in d.steps for s in top.walk() if s.rule == INVERSE]


@pytest.mark.parametrize("text, wrt, lines, let, form", [
    ("softplus", None, ["alg-solve-divide", "alg-solve-inverse", "alg-solve-subtract"],
     ("exp(x*beta)", "-1 + exp(y*beta)"), "1 - exp(-y*beta)"),
    ("arctan", None, ["alg-solve-inverse"], ("x", "tan(y)"), "cos(y)**2"),
    ("logsigmoid", None, ["alg-solve-divide", "alg-solve-inverse", "alg-solve-subtract"],
     ("exp(-x)", "-1 + exp(-y)"), "1 - exp(y)"),
    ("exp(x)/(1+exp(x))", None, ["alg-solve-cross-multiply", "alg-solve-collect", "alg-solve-divide"],
     ("exp(x)", "y/(1 - y)"), "y*(1 - y)"),
    ("glu", "b", ["alg-solve-divide"], ("1/(1 + exp(-b))", "y/a"), "y*(a - y)/a"),
])
def test_the_form_is_reached_by_solving(text, wrt, lines, let, form):
    d = next(e for e in derive_each(text) if wrt is None or str(e.variable) == wrt)
    [(step, rules)] = solving(d)
    assert d.verified and rules == lines
    assert tuple(to_sympy(e) for e in step.let) == let
    assert to_sympy(d.output_form) == form


@pytest.mark.parametrize("text, parts", [
    ("log_softmax", ["a[j]"]),  # a_j = y_j + log Σ e^{a_k}
])  # (softmin's case i = j is reached by factoring and separating into S_i(S_j − 1): nothing to solve)
def test_a_vector_case_solves_for_the_parts_it_uses(text, parts):
    d = derive(text)
    found = solving(d)
    assert d.verified and found
    assert all(sorted(to_sympy(t.before) for t in step.substeps) == sorted(parts) for step, _ in found)


@pytest.mark.parametrize("entry", [e.name for e in CATALOG])
def test_no_form_of_the_catalog_arrives_in_one_jump(entry):
    for d in derive_each(entry):
        assert all(rules for _, rules in solving(d)), d.name
