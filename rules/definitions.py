"""Rules about the definition itself (family ``def``)."""
from __future__ import annotations

from sympy import Add, Integer, Mul, Pow, cosh, exp, sinh

from .base import Rule


def _half(a, b):
    """(a + b)/2, written as such (SymPy would distribute the 1/2)."""
    return Mul(Add(a, b, evaluate=False), Pow(Integer(2), -1, evaluate=False), evaluate=False)


# Functions the engine knows by a definition in simpler terms: F(u) = definition(u).
# A quotient of such definitions is written with the functions' names, and their
# derivatives are then derived from the definitions (d-definition).
NAMED = {
    sinh: lambda u: _half(exp(u), Mul(-1, exp(-u), evaluate=False)),
    cosh: lambda u: _half(exp(u), exp(-u)),
}


class Differentiate(Rule):
    """Start from the definition: the derivative of f is the derivative of the expression defining it."""

    id, title = "def-differentiate", "Differentiate the definition"
    latex = r"\frac{d}{dx} f(x) = \frac{d}{dx}\,\mathrm{definition}"


class SubstituteInverse(Rule):
    """Solve y = f(x) for the part of the definition that carries x, substitute it into the
    derivative and simplify: the derivative written in terms of y alone."""

    id, title = "def-substitute-inverse", "Substitute x from y = f(x)"
    latex = r"y = f(x) \;\Rightarrow\; u = f^{-1}(y)"


START = Differentiate()
INVERSE = SubstituteInverse()
RULES = (START, INVERSE)
