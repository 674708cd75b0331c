"""A piece's condition as a person writes it (derive/printing/conditions.py)."""
import pytest
from sympy import And, Or, Symbol, cos, sympify

from derive.printing.conditions import chain, readable
from derive.printing.written import to_latex, to_pretty

x = Symbol("x", real=True)


@pytest.mark.parametrize("built, written", [
    # |x| < 1 written in pieces: the set it describes, as a chain
    ((x >= 0) | (x > -1) & ((x < 0) | (x < 1)), "x > -1"),
    (((x >= 0) | (x > -1)) & ((x < 0) | (x < 1)), "-1 < x < 1"),
    ((cos(x) > 0) | (cos(x) < 0), "cos(x) ≠ 0"),  # ln|cos x|: one quantity, cos x, against numbers
    ((x >= 3) & (x > -3), "x ≥ 3"),
    ((x >= 0) & (x <= 0), "x = 0"),
    ((x > 1) | (x < -1), "x < -1 ∨ x > 1"),  # as short already: as built, left to right on the line
    (x < 0, "x < 0"),
    ((x > 0) | (cos(x) > 0), "x > 0 ∨ cos(x) > 0"),  # two quantities: as built
])
def test_readable(built, written):
    assert to_pretty(readable(built)) == written


@pytest.mark.parametrize("cond, found", [
    ((x > -1) & (x < 1), (-1, "<", x, "<", 1)),
    ((x <= 2) & (x > 0), (0, "<", x, "≤", 2)),
    ((x > 0) & (x > 1), None),  # two lower bounds
    ((x > 0) | (x < 1), None),
])
def test_chain(cond, found):
    assert chain(cond) == found


def test_a_piecewise_prints_its_conditions_as_written_and_left_aligned():
    from sympy import Abs, Piecewise
    p = Piecewise((x, ((x >= 0) | (x > -1)) & ((x < 0) | (x < 1))), (1, x > 1), (-1, True))
    assert to_pretty(p).splitlines() == ["⎧x   for -1 < x < 1", "⎪                  ",
                                         "⎨1   for x > 1     ", "⎪                  ",
                                         "⎩-1  otherwise     "]
    assert r"\text{for}\: {-1} < x < 1" in to_latex(p)
    assert r"\text{for}\: {0} < x \le 2" in to_latex(Piecewise((x, (x > 0) & (x <= 2)), (0, True)))
