"""A joint's words that text, LaTeX and Markdown share: f's value where a branch holds there alone
(sinc: 1 at 0), whether f tends to it, and whether f′ tends to the derivative there.

Each format passes ``maths`` (an expression as that format writes it) and ``run`` (a run of maths
in the prose: as it is in text, between dollars in LaTeX).
"""
from __future__ import annotations

from sympy import AccumBounds


def point_words(k, maths, run) -> str:
    """f's value at a joint where a branch holds alone, and whether f tends to it."""
    at = run(f"f({maths(k.at)}) = {maths(k.value)}")
    f = run("f")
    if k.continuous:
        return f"{at}, the limit of {f} there, so {f} is continuous there; "
    if k.limit is not None:
        return f"{at}, but {f} tends to {run(maths(k.limit))} there, so {f} is not continuous there, and "
    left, right = (run(maths(v)) for v in k.limits)
    return f"{at}, but {f} tends to {left} from the left and {right} from the right, and "


def slope_words(k, run, prime: str = "f′") -> str:
    """Whether f′ tends to the derivative at a joint where it came from the difference quotient
    (said only where it was examined: a piece not analytic there)."""
    df = run(prime)
    if k.slope_limit_exists:
        return f", which {df} tends to there too"
    if k.slope_limit_exists is False:
        return f", the limit of the difference quotient: {df} itself has no limit there"
    return ""


def one_sided(k, maths) -> str:
    """The one-sided derivatives of a joint that is not differentiable; where the difference
    quotient has no limit on a side (x·sin(1/x) at 0), that side has none."""
    none = [v.has(AccumBounds) for v in (k.left, k.right)]
    if all(none):
        return "the difference quotient has a limit on neither side"
    left, right = ("none (the difference quotient has no limit)" if n else maths(v)
                   for n, v in zip(none, (k.left, k.right)))
    return f"left derivative {left}, right derivative {right}"
