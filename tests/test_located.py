"""Joints located numerically (derive/located.py): where SymPy cannot place a condition's roots."""
import mpmath
import pytest
from sympy import Abs, Piecewise, cos, exp, lambdify, piecewise_fold, sin, tanh

from derive.located import Located, crossings
from derive.parse import parse, symbol
from derive.piecewise import kinks, written_joints
from tests.clirun import run

x = symbol("x")


def pieces(f):
    """f written in pieces: |u| as u where u ≥ 0, else −u; max and min by SymPy."""
    f = f.replace(lambda n: isinstance(n, Abs), lambda n: Piecewise((n.args[0], n.args[0] >= 0), (-n.args[0], True)))
    return piecewise_fold(f.rewrite(Piecewise))


def independent_roots(g, guesses):
    """The roots of g near the guesses, by mpmath's own solver at 50 digits (not derive's scan)."""
    fg = lambdify(x, g, "mpmath")
    with mpmath.workdps(50):
        return [mpmath.findroot(fg, mpmath.mpf(v)) for v in guesses]


def one_sided(f, a):
    """f's one-sided difference quotients at a, at 60 digits (h = 10⁻²⁰)."""
    fe = lambdify(x, f, "mpmath")
    with mpmath.workdps(60):
        a, h = mpmath.mpf(a), mpmath.mpf(10) ** -20
        return (fe(a - h) - fe(a - 2 * h)) / h, (fe(a + 2 * h) - fe(a + h)) / h


@pytest.mark.parametrize("text, g, guesses", [
    ("Abs(exp(x) - 3*x)", exp(x) - 3 * x, [0.6, 1.5]),
    ("Max(x, cos(x))", x - cos(x), [0.7]),
    ("Max(exp(-x), x**2)", exp(-x) - x ** 2, [0.7]),
    ("Abs(x - cos(x))", x - cos(x), [0.7]),
])
def test_located_joints_are_the_roots_with_fs_own_slopes(text, g, guesses):
    f = parse(text)
    found = kinks(pieces(f), x, False, {})
    want = independent_roots(g, guesses)
    assert len(found) == len(want)
    for k, a in zip(found, want):
        left, right = one_sided(f, a)
        with mpmath.workdps(50):
            assert abs(mpmath.mpf(str(k.at.evalf(45))) - a) < 1e-35
            assert all(abs(mpmath.mpf(str(c.evalf(30))) - q) < 1e-12 for c, q in ((k.left, left), (k.right, right)))
        assert k.verified and k.continuous and not k.differentiable
        assert k.equation is not None


def test_a_root_that_is_a_short_number_is_written_exactly():
    found = kinks(pieces(Abs(tanh(x) - x / 2)), x, False, {})
    assert [isinstance(k.at, Located) for k in found] == [True, False, True]
    assert found[1].at == 0 and found[1].equation is None
    assert abs(found[0].at.evalf(30) + found[2].at.evalf(30)) < 1e-25  # (odd: ±1.915)


def test_a_smooth_located_joint_is_differentiable():
    f = Piecewise((x ** 3, x < cos(x)), (x ** 3 + (x - cos(x)) ** 2, True))
    (k,) = kinks(f, x, False, {})
    assert k.differentiable and k.verified and k.left == k.right


@pytest.mark.parametrize("f", [
    Piecewise((1, 1 / (x - exp(-x)) > 0), (0, True)),  # a sign change at a pole is no root: f is undefined there
])
def test_a_pole_is_no_joint(f):
    assert crossings(f, x) == []


def test_too_many_crossings_are_not_claimed():
    assert crossings(Piecewise((x / 1000, x / 1000 > sin(x)), (sin(x), True)), x) is None


def test_a_definition_taken_whole_has_its_located_joint():
    (k,) = written_joints(parse("Abs(x**x - 2)"), x, {})
    (a,) = independent_roots(x ** x - 2, [1.5])
    with mpmath.workdps(50):
        assert abs(mpmath.mpf(str(k.at.evalf(45))) - a) < 1e-35 and k.verified


def test_cli_says_the_joints_were_located_numerically():
    code, out, err = run("Abs(exp(x) - 3*x)")
    assert code == 0 and err == ""
    assert max(len(line) for line in out.splitlines()) <= 80
    out = " ".join(out.split())  # (as words, whatever the wrapping)
    assert "Let a ≈ 0.6191 and c ≈ 1.512 be roots of 3⋅x = exp(x) where the pieces meet." in out
    assert "found numerically, among -100 ≤ x ≤ 100" in out
    assert "At x = c: left derivative 3 - exp(c) ≈ -1.536" in out  # (b is the witness's: f(1) = f(b))
    assert "not examined" not in out


def test_json_gives_the_equation_and_the_digits():
    import json

    code, out, _ = run("Max(x, cos(x))", "--format", "json")
    (k,) = json.loads(out)["kinks"]
    assert k["equation"] == "Eq(x, cos(x))"
    assert abs(float(k["at"]) - 0.7390851332151607) < 1e-15 and len(k["at"]) > 25


@pytest.mark.parametrize("text", [
    "Abs(LambertW(sinh(x)**2))",  # W(sinh² x) ≥ 0 touches 0 at 0 and turns back: f is W(sinh² x), no joint
    "Max(x**x, x)",  # x^x − x touches 0 at 1: max is x^x throughout x > 0
    "Heaviside(sec(x))",  # sec x changes sign only across its poles, where f is not defined
])
def test_conditions_that_never_change_sign_are_said_to(text):
    code, out, _ = run(text)
    words = " ".join(out.split())
    assert code == 0 and "At x =" not in words
    assert ("No joint was found in -100 ≤ x ≤ 100 (sought numerically; not beyond): the conditions that switch "
            "its pieces change sign there nowhere f is defined.") in words


def test_a_scan_that_would_take_too_long_is_not_made():
    """Si is evaluated by SymPy point by point: its joints are not sought, and the note says so."""
    code, out, _ = run("sign(Si(x) + cosh(x))")
    assert code == 0 and "The joints were not examined" in " ".join(out.split())


def test_a_negative_located_number_reads_back_as_itself():
    """(−2.33)² is not −(2.33²): JSON's SymPy syntax, read back, gives the derivative's value."""
    import json

    from sympy import sympify

    code, out, _ = run("Abs(atan(x) - x/2)", "--format", "json")
    first = json.loads(out)["kinks"][0]
    a = float(sympify(first["at"]))
    assert a == pytest.approx(-2.3311223704144226)
    assert float(sympify(first["left"])) == pytest.approx(-0.5 + 1 / (1 + a * a))


def test_an_equation_condition_is_located_too():
    """Heaviside(cos x − x) is ½ where x = cos x: a jump there, at the root of x = cos x."""
    code, out, _ = run("Heaviside(cos(x) - x)")
    words = " ".join(out.split())
    assert "Let a ≈ 0.7391 be a root of x = cos(x) where the pieces meet." in words
    assert "At x = a: left derivative 0, right derivative 0, so not differentiable there (f jumps there). ✓" in words


def test_a_condition_with_an_equation_is_written_by_the_signs_it_allows():
    """Heaviside(cos x − x) is 0, ½ and 1 where x − cos x is > 0, = 0, < 0: its derivative is 0
    where x − cos x > 0 or < 0 (the point left out, as every joint), not a tangle of Eq and Ne."""
    from sympy import Eq, Ne, Piecewise, S

    from derive.rules.piecewise import own_conditions

    g = x - cos(x)
    f = Piecewise((0, g > 0), (S.Half, Eq(g, 0)), (1, True))
    assert own_conditions(f) == (g > 0, S.false, g < 0)
    assert own_conditions(Piecewise((0, Ne(g, 0)), (1, True))) == (Ne(g, 0), S.false)
