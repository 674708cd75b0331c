"""Rules about the definition itself (family ``def``)."""
from __future__ import annotations

from .base import Rule


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
