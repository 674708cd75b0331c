"""The LaTeX reader: SymPy's parse_latex, then derive's own whitelist and limits."""
from __future__ import annotations

import pytest

from derive.latexread import normalize, to_plain
from derive.parse import ParseError, parse

READ = [
    (r"\frac{1}{1+e^{-x}}", "1/(1 + exp(-x))"),
    (r"\dfrac{1}{1+\mathrm{e}^{-x}}", "1/(1 + exp(-x))"),
    (r"\left(1 + e^{-x}\right)^{2}", "(1 + exp(-x))**2"),
    (r"\exp(-x) \cdot 2", "2*exp(-x)"),
    (r"\ln(2x)", "log(2*x)"),
    (r"\log(x)", "log(x)"),
    (r"\sqrt{1 + x^2}", "sqrt(1 + x**2)"),
    (r"1 - \tanh^2 x", "1 - tanh(x)**2"),
    (r"\tanh(x)^{2}", "tanh(x)**2"),
    (r"\operatorname{sech}^2 x", "sech(x)**2"),
    (r"\sech(2x)", "sech(2*x)"),
    (r"\max(0, x)", "Max(0, x)"),
    (r"|x|", "Abs(x)"),
    (r"\pi x", "pi*x"),
    (r"x \times 3", "3*x"),
    (r"\operatorname{sgn}(x)", "sign(x)"),
    # a bare argument ends where a reader ends it: at a spacing command, \cdot, e^ or another function
    (r"-\sin x \, e^{\cos x}", "-sin(x)*exp(cos(x))"),
    (r"\sin x \cdot e^{x}", "sin(x)*exp(x)"),
    (r"\sin x e^{x}", "sin(x)*exp(x)"),
    (r"\cos^{2} x \sin x", "cos(x)**2*sin(x)"),
    (r"\sin 2x", "sin(2*x)"),
    (r"\sin x y", "sin(x*y)"),            # left to the grammar
    (r"\sin 2\pi x", "sin(2*pi*x)"),
]


@pytest.mark.parametrize("tex, plain", READ)
def test_read(tex, plain):
    assert parse(to_plain(tex)) == parse(plain)


def test_sigma_and_calls_stay_calls_for_the_caller():
    assert to_plain(r"\sigma(x)\left(1 - \sigma(x)\right)") == "sigma(x)*(1 - sigma(x))"
    assert to_plain(r"S(x)(1 - S(x))") == "S(x)*(1 - S(x))"


@pytest.mark.parametrize("tex, message", [
    (r"x)(", "cannot read the LaTeX"),
    (r"\frac{1}{", "cannot read the LaTeX"),
    (r"\input{/etc/passwd}", "cannot read the LaTeX"),
    (r"x_{1}", "cannot read the symbol"),
    (r"x = 1", "equation"),
    ("x" * 2001, "too long"),
    ("x\x00", "control characters"),
    ("", "empty"),
    ("{" * 5000 + "x" + "}" * 5000, "too long"),
    ("{" * 990 + "x" + "}" * 990, "nested too deeply"),
    ("x+" * 660 + "x", "nested too deeply"),
    ("\\sqrt{" * 300 + "x" + "}" * 300, "too long"),
])
def test_refused(tex, message):
    with pytest.raises(ParseError, match=message):
        to_plain(tex)


@pytest.mark.parametrize("tex, message", [
    (r"x^{10^{10^{10}}}", "exponent too large"),
    (r"\frac{1}{0}", "division by zero"),
    (r"\int x dx", "unknown function"),
    (r"x!", "unknown function"),
])
def test_derive_limits_hold_after_reading(tex, message):
    """The LaTeX is read, then held to derive's own whitelist and limits by derive's parser."""
    with pytest.raises(ParseError, match=message):
        parse(to_plain(tex))


@pytest.mark.parametrize("tex, normal", [
    (r"\left( x \right)", "( x )"),
    (r"a\,b\;c\!d", "a b c d"),
    (r"\operatorname{sech}^{2}(x)", r"(\sech(x))^{2}"),
    (r"\text{Sigmoid}", r"\Sigmoid"),
])
def test_normalize(tex, normal):
    assert normalize(tex) == normal
