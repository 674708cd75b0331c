"""Named functions: data only (name, definition, symbol); the engine does the rest."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    definition: str  # in the syntax derive's parser reads
    symbol: str = "y"  # the letter that stands for f(x) in the output form
    variable: str = "x"
    aliases: tuple[str, ...] = ()
    display: str | None = None  # how the symbol is shown when it is not the symbol itself
    parameters: tuple[tuple[str, float], ...] = ()  # (name, PyTorch's default), kept symbolic
    pytorch: bool = False  # the definition branches on the same conditions as PyTorch's kernel


CATALOG = (
    Entry("sigmoid", "Sigmoid", "1/(1 + exp(-x))", symbol="S", aliases=("logistic",)),
    Entry("tanh", "Hyperbolic tangent", "(exp(x) - exp(-x))/(exp(x) + exp(-x))", display="tanh"),
    Entry("relu", "Rectified linear unit", "Piecewise((0, x <= 0), (x, True))", pytorch=True),
    Entry("leaky_relu", "Leaky ReLU", "Piecewise((x, x > 0), (alpha*x, True))",
          parameters=(("alpha", 0.01),), pytorch=True, aliases=("leakyrelu", "leaky-relu")),
    Entry("softmax", "Softmax", "exp(a[i])/Sum(exp(a[k]), (k, 1, n))", symbol="S", variable="a"),
)


def lookup(name: str) -> Entry | None:
    """The entry called ``name`` (or one of its aliases), case-insensitively."""
    key = name.strip().lower()
    return next((e for e in CATALOG if key == e.name or key in e.aliases), None)
