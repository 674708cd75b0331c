"""No derivation has a line that reads like the line before or only reorders it (issue 13): over
every catalog entry (each input of glu, and six at order 2), the textbook exercises and a fixed set
of generated expressions.  A sub-step's tidied value is not written when it reads as the step."""
import pytest

from derive.board import reads_as
from derive.catalog import CATALOG
from derive.parse import ParseError
from derive.pipeline import derive, derive_each
from derive.printing.written import to_pretty, to_sympy
from golden import TEXTBOOK, expressions

ORDER_2 = ("sigmoid", "tanh", "bce", "silu", "softplus", "elu")
# calculus exercises whose lines once repeated (asin(2x): 2/√(1 − 4x²) written twice, the number 2
# stored after the root) or that the textbook tidy rewrites (compound fractions, roots)
EXERCISES = ("asin(2*x)", "acos(3*x)", "atan(2*x)", "asin(x/2)", "asinh(x/2)", "atan(x/2)", "atanh(2*x)",
             "2/sqrt(x)", "3*sqrt(1 - x^2)", "mish(x)/x", "(1-x)/(1+x)", "log(x/(1-x))", "softplus(2*x)",
             "ln(x^2+1)", "log(1 + x^2)/3", "exp(x^2 + 1)", "cos(x^2)", "sin(x^3)")  # (1/u)·2x written 2x/u, then again


def repeats(d) -> list:
    """(step number, rule, what it repeats) for every line that changes nothing: one that reads as
    the line before, or is printed as it is."""
    found = []
    for k, (before, step) in enumerate(zip(d.steps, d.steps[1:]), 2):
        if step.lhs is None and (reads_as(step.expression, before.expression)
                                 or to_pretty(step.expression) == to_pretty(before.expression)):
            found.append((k, step.rule, to_sympy(step.expression)))
    for top in d.steps:
        for s in top.walk():
            if s.value is not None and reads_as(s.value, s.expression):
                found.append(("sub-step", s.rule, to_sympy(s.value)))
    return found


def _derivations(source: str, order: int = 1) -> list:
    try:
        return derive_each(source) if order == 1 else [derive(source, order=order)]
    except ParseError:
        return []


@pytest.mark.parametrize("source, order", [(e.name, 1) for e in CATALOG] + [(n, 2) for n in ORDER_2])
def test_no_catalog_line_repeats_the_line_before(source, order):
    for d in _derivations(source, order):
        assert repeats(d) == []


@pytest.mark.parametrize("source", list(TEXTBOOK) + list(EXERCISES) + expressions(40))
def test_no_line_of_an_expression_repeats_the_line_before(source):
    for d in _derivations(source):
        assert repeats(d) == []
