"""Exact zero tests and signs of rational functions at real algebraic numbers (derive/algebraic.py),
checked against SymPy's own evaluation at 60 digits, which the module does not use."""
import pytest
from sympy import CRootOf, Rational, cbrt, pi, sqrt, sympify

from derive.algebraic import algebraic_point
from derive.parse import symbol

x = symbol("x")
CARDANO = cbrt(Rational(1, 2) + sqrt(177) / 18) - 2 / (3 * cbrt(Rational(1, 2) + sqrt(177) / 18))  # x³ + 2x − 1 = 0


@pytest.mark.parametrize("a, e, sign", [
    (CARDANO, "x**3 + 2*x - 1", 0),                   # a is its root: exactly 0, by the minimal polynomial
    (CARDANO, "x - 1/(x**2 + 2)", 0),                 # Max(1/(2 + x²), x) switches there
    (CARDANO, "-2*x/(x**2 + 2)**2 - 1", -1),          # the left derivative minus the right one
    (CARDANO, "x - 0.4534", None),                    # a float is not a rational coefficient: not decided
    (CARDANO, "x - 4534/10000", -1),                  # a ≈ 0.45339765: close, and still proven
    (CARDANO, "x - 4533/10000", 1),
    (sqrt(2), "x**2 - 2", 0),
    (sqrt(2), "1/(x**2 - 2)", None),                  # a pole at a: no sign
    (sqrt(2), "(x**2 - 2)/(x - 1)", 0),
    (-sqrt(2), "x**3", -1),
    (sqrt(2) + sqrt(3), "x**4 - 10*x**2 + 1", 0),
    (sqrt(2) + sqrt(3), "x - 3146264/1000000", 1),    # 3.14626437 …
    (CRootOf(x**5 - x - 1, 0), "x**5 - x - 1", 0),
    (CRootOf(x**5 - x - 1, 0), "x - 1", 1),
    (Rational(1, 3), "3*x - 1", 0),
    (Rational(1, 3), "x - 1", -1),
])
def test_sign_at_an_algebraic_number(a, e, sign):
    point = algebraic_point(a)
    e = sympify(e, locals={"x": x})
    assert point.sign(e, x) == sign
    if sign:
        assert (e.subs(x, a).evalf(60) > 0) == (sign > 0)  # SymPy agrees


@pytest.mark.parametrize("a", [pi, sqrt(2) * pi, sympify("exp(1)")])
def test_a_transcendental_number_is_no_algebraic_point(a):
    assert algebraic_point(a) is None


def test_a_non_rational_function_is_not_decided():
    point = algebraic_point(sqrt(2))
    assert point.sign(sympify("sin(x)", locals={"x": x}), x) is None
    assert point.sign(sympify("x*y"), x) is None


def test_a_root_of_a_given_polynomial_is_found_by_its_factors():
    """The real roots of x⁴ − 2x − 1 in SymPy's radicals (minimal_polynomial takes minutes over
    them): their minimal polynomial is the factor, of the polynomial they were solved from, that
    has them as roots."""
    from sympy import solve

    p = x**4 - 2 * x - 1
    given = (p * (x**2 - 3),)
    for a in [r for r in solve(p, x) if r.is_real] + [sqrt(3)]:
        point = algebraic_point(a, given, x)
        want = p if a != sqrt(3) else x**2 - 3
        assert point.m.as_expr() == want.subs(x, point.m.gen)
        assert point.sign(want, x) == 0
        assert point.sign(x - 1, x) == (1 if a.evalf() > 1 else -1)
