"""The numeric evaluator: the compiled float evaluator gives what value() gives."""
import mpmath
import pytest

from derive.numeric import NotNumeric, evaluator, value
from derive.parse import parse, symbol

x = symbol("x")


def outcome(f):
    try:
        return repr(f())
    except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError) as exc:
        return type(exc).__name__


@pytest.mark.parametrize("text, at, expected", [
    ("x/(1 + exp(-x))", 2.0, "1.7615941559557646"),
    ("(exp(x) - exp(-x))/(exp(x) + exp(-x))", -0.5, "-0.46211715726000985"),
    ("x^x", -1.5, "(-9.999199243478975e-17+0.5443310539518174j)"),  # complex, as value() has it
    ("1/x", 0, "ZeroDivisionError"),
    ("1/x", 0.0, "ZeroDivisionError"),
    ("Piecewise((x, x < 0), (x**2, True))", 3.0, "9.0"),  # a node value() walks itself
    ("Max(x, 0) + Abs(x)", -2.0, "2.0"),
    ("gamma(1 + x**2)", 1.0, "1.0"),  # SymPy's evalf, through value()
    ("x + a", 1.0, "NotNumeric"),  # a symbol without a value
    ("loggamma(x)", -2.5, "(-0.056243716497674054-9.42477796076938j)"),  # evalf's complex value, in floats
    ("erfinv(x)", 1.5, "nan"),  # no real value (mpmath raises there)
    ("expm1(x)", 1e-20, "1e-20"),  # no cancellation
    ("log1p(x)", -1e-20, "-1e-20"),
    ("erf(acosh(erfinv(x)))", 1.5, "NotNumeric"),  # erf(nan + nan·i): mpmath's series does not converge
])
def test_evaluator_is_value(text, at, expected):
    e = parse(text)
    env = {x: at}
    assert outcome(lambda: evaluator(e)(env)) == outcome(lambda: value(e, env, mpmath.fp)) == expected


@pytest.mark.parametrize("cond, at, holds", [
    ("(log(x) >= 0) | (x < 15)", -2, True),  # an Or with one true part: the other's complex log(−2) does not matter
    ("(log(x) >= 0) & (x > 15)", -2, False),  # an And with one false part
    ("(log(x) >= 0) | (x > 15)", 20, True),
    ("(log(x) >= 0) & (x < 15)", 2, True),
    ("(log(x) >= 1) | (x < -5)", -2, None),  # nothing decides it: a comparison of a complex value
    ("(log(x) >= 1) & (x > -5)", -2, None),
])
def test_and_or_decided_by_one_part(cond, at, holds):
    from sympy import sympify

    from derive.numeric import NotNumeric, truth
    c = sympify(cond, locals={"x": x})
    env = {x: mpmath.mpf(at)}
    if holds is None:
        with pytest.raises(NotNumeric):
            truth(c, env)
    else:
        assert truth(c, env) is holds
