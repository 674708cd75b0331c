"""Rules about the definition itself (family ``def``)."""
from __future__ import annotations

from sympy import Add, Integer, Mul, Pow, cosh, exp, sinh

from .base import Example, Rule


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
    examples = (Example("1/(1 + exp(-x))", "Derivative(1/(1 + exp(-x)), x)"),)


class NamePart(Rule):
    """A part of the definition that is a catalog function with a symbol of its own (the
    sigmoid S = 1/(1 + e^{−z}) in the cross-entropy of a logit, the softmax S_k in the
    cross-entropy of a softmax) is written by its symbol, a function of the same variable:
    f(x) = h(S(x)).  Its derivative is then the one derived for it."""

    id, title = "def-name-part", "Name a known function"
    latex = r"f(x) = h\bigl(S(x)\bigr),\quad S \text{ a function derived on its own}"
    examples = (Example("x/(1 + exp(-x))", "Derivative(x*S, x)", given=("S = 1/(1 + exp(-x))",)),)


class SubstituteInverse(Rule):
    """Solve y = f(x) for the part of the definition that carries x, substitute it into the
    derivative and simplify: the derivative written in terms of y alone."""

    id, title = "def-substitute-inverse", "Solve y = f(x) and substitute"
    latex = r"y = f(x) \;\Rightarrow\; u = f^{-1}(y)"
    examples = (Example("log(1 + exp(x))", "(exp(y) - 1)*exp(-y)", given=("y = log(1 + exp(x))",)),)


class KnownFunction(Rule):
    """A derivative that is a function of the catalog at some argument is written by its name:
    softplus′ = e^{βx}/(1 + e^{βx}) = sigmoid(βx); (log σ)′ = 1 − sigmoid(x)."""

    id, title = "def-known-function", "A known function recognised"
    latex = r"f'(x) = g(u(x)),\quad g \text{ a function of the catalog}"
    examples = (Example("x - log(1 + exp(x))", "1 - sigmoid(x)"),)  # (log(1 + e^{2x})/2 is read as softplus: named)


class CachedValues(Rule):
    """Where f' is no function of y alone, write it with values the forward pass has already
    computed: parts c(x) of the definition (and y itself) stand for themselves,
    f'(x) = g(x, c(x), y), so a backward pass calls fewer transcendental functions."""

    id, title = "def-cached", "Use the values the forward pass computed"
    latex = r"f'(x) = g\bigl(x, c(x), y\bigr),\quad c \text{ a part of } f \text{ already computed}"
    examples = (Example("x*erf(x)", "u + 2*x*exp(-x**2)/sqrt(pi)", given=("u = erf(x)",)),)


class HigherOrder(Rule):
    """The n-th derivative is the derivative of the (n−1)-th: written in y where that has a
    form in y, in x otherwise."""

    id, title = "def-higher-order", "Differentiate the previous derivative"
    latex = r"\frac{d^{n} y}{dx^{n}} = \frac{d}{dx}\, \frac{d^{n-1} y}{dx^{n-1}}"
    examples = (
        Example("exp(x)/(1 + exp(x))", "Derivative(y*(1 - y), x)", given=("y = exp(x)/(1 + exp(x))",), order=2),
    )


START = Differentiate()
NAME_PART = NamePart()
HIGHER = HigherOrder()
INVERSE = SubstituteInverse()
CACHED = CachedValues()
KNOWN_FUNCTION = KnownFunction()
RULES = (START, NAME_PART, HIGHER, INVERSE, CACHED, KNOWN_FUNCTION)
