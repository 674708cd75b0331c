"""A piece's condition as a person writes it (derive/printing/conditions.py)."""
import pytest
from sympy import And, Eq, Or, Symbol, cos, pi, sqrt, sympify

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
    ((x > 1) | (x < -1), "x < -1 ∨ x > 1"),  # as short already: as built, left to right
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


@pytest.mark.parametrize("cond, shown, tex", [
    ((x > 1) | (x < -1), "x < -1 ∨ x > 1", r"x < -1 \vee x > 1"),  # SymPy sorts x > 1 first
    ((x > 1) | (x < -1) | ((x > -1) & (x < 1)), "x < -1 ∨ (-1 < x < 1) ∨ x > 1",
     r"x < -1 \vee \left({-1} < x < 1\right) \vee x > 1"),
    ((x >= 2) | Eq(x, 0) | (x < -3), "x < -3 ∨ x = 0 ∨ x ≥ 2", r"x < -3 \vee x = 0 \vee x \geq 2"),
    ((x > sqrt(2)) | (x < -pi), "x < -π ∨ x > √2", r"x < - \pi \vee x > \sqrt{2}"),
    ((x > 0) | (cos(x) > 0), "x > 0 ∨ cos(x) > 0", r"x > 0 \vee \cos{\left(x \right)} > 0"),  # two quantities: SymPy's
])
def test_a_union_is_written_left_to_right(cond, shown, tex):
    assert to_pretty(cond) == shown
    assert to_latex(cond) == tex
