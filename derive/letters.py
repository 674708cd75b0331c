"""The letters of one derivation: each means one thing.

A lecturer who has written "u = x²" on the board does not write "u = cos x" further down.
The chain rule names its inner function (d/du sin u, u = x²), the cached-value form the values
the forward pass computed (u = tanh x); both ask the derivation's :class:`Letters`, which gives a
value the letter it already has (the same value may keep its letter: mish's 1 + eˣ is v for the
chain rule and for the forward pass) or else the first letter of :data:`POOL` that means nothing
yet and is no symbol of the input (`u*x^2 + sin(u + x)` by x: the inner function is v).  The
printers' abbreviation ("Let w = …") takes a letter the finished derivation does not use.
"""
from __future__ import annotations

from itertools import count

from sympy import Expr

from .expr import canon

POOL = ("u", "v", "w", "p", "q", "r", "s", "t") + tuple(f"u_{k}" for k in range(1, 25))


def names(n: int | None = None):
    """The letters in the order they are given: :data:`POOL`, then u₂₅, u₂₆, … (``n``: the first n)."""
    def every():
        yield from POOL
        for k in count(len(POOL) - 7):
            yield f"u_{k}"
    gen = every()
    return gen if n is None else [next(gen) for _ in range(n)]


class Letters:
    """The letters a derivation has given so far, each with the value in the variable it stands for."""

    def __init__(self, taken=()):
        self.taken = {str(t) for t in taken}  # the input's own symbols: never a letter
        self.meaning: dict[str, Expr] = {}

    def known(self, value: Expr) -> str | None:
        """The letter that already stands for ``value`` (compared written alike after SymPy's
        arithmetic), or None."""
        key = canon(value)
        return next((n for n, v in self.meaning.items() if v == key), None)

    def fresh(self, avoid=(), n: int = 1) -> list[str]:
        """The next ``n`` letters that mean nothing yet and are not in ``avoid`` (nor taken)."""
        busy = self.taken | set(self.meaning) | {str(a) for a in avoid}
        out = []
        for name in names():
            if len(out) == n:
                return out
            if name not in busy:
                out.append(name)
        return out  # pragma: no cover - names() never ends

    def of(self, value: Expr, avoid=()) -> str:
        """The letter for ``value``: the one it has, else a fresh one, from now on its own."""
        found = self.known(value)
        if found is not None and found not in {str(a) for a in avoid}:
            return found
        return self.bind(self.fresh(avoid)[0], value)

    def bind(self, name: str, value: Expr) -> str:
        """Record that ``name`` stands for ``value`` (a letter another module chose from
        :meth:`fresh`); it may not mean anything else already."""
        key = canon(value)
        if self.meaning.setdefault(name, key) != key:
            raise ValueError(f"the letter {name} already stands for {self.meaning[name]}")
        return name
