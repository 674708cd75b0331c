"""Property tests: for random expressions, every step is verified and the final
derivative equals SymPy's, computed without the engine."""
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import diff, lambdify

from derive.engine import derive
from derive.parse import ParseError, parse, symbol
from derive.printing.written import to_sympy

x = symbol("x")
UNARY = ["exp", "sin", "cos", "tanh", "sinh", "atan", "asinh", "erf", "sech", "cosh"]

leaves = st.sampled_from(["x", "1", "2", "3", "x"])


def extend(children):
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(children, st.sampled_from(["+", "-", "*"]), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(children, children).map(lambda t: f"({t[0]})/(2 + ({t[1]})**2)"),
        st.tuples(children, st.integers(2, 4)).map(lambda t: f"({t[0]})^{t[1]}"),
        children.map(lambda c: f"log(1 + ({c})**2)"),
    )


expressions = st.recursive(leaves, extend, max_leaves=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_random_expressions_derive_verified_and_equal_sympy(text):
    try:
        f = parse(text)
    except ParseError:
        return
    d = derive(text, wrt="x")
    assert d.verified, text
    exact = lambdify(x, diff(f, x), "mpmath")
    ours = lambdify(x, d.derivative, "mpmath")
    rng = random.Random(text)
    for _ in range(3):
        a = rng.uniform(-1.5, 1.5)
        assert abs(complex(ours(a)) - complex(exact(a))) <= 1e-9 * max(1, abs(complex(exact(a)))), text
    in_y = [s for s in d.steps if s.rule != "def-cached"]  # the cached-value form comes last
    if d.output_form is not None:
        assert to_sympy(in_y[-1].expression) == to_sympy(d.output_form)
    if d.cached_form is not None:
        assert d.steps[-1].rule == "def-cached" and d.steps[-1].expression == d.cached_form


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_parses_or_is_refused_cleanly(text):
    try:
        parse(text)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
