"""What every rule is: a stable id, a title, its statement in LaTeX and in words, and
worked examples.

The statement in words is the rule class's docstring, so the maths is written
once, next to the code that applies it; its examples stand beside it.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass

from sympy import Expr, Indexed, Symbol


def depends(e: Expr, x) -> bool:
    """Whether ``e`` may change with ``x``: for an indexed variable a_j, any a_k may be a_j."""
    if isinstance(x, Indexed):
        return e.has(x.base)
    return e.has(x)


@dataclass(frozen=True)
class Example:
    """A worked example, in SymPy syntax: the rule applied once to ``input`` gives ``result``
    (for a differentiation rule, the derivative of ``input`` by x, as the rule writes it).
    ``given`` is what the rule needs besides the input, as equations ("y = 1/(1 + exp(-x))":
    the definition; "y' = 1 - y**2": a derivative found before).  ``wrt`` is the variable
    (a[j] for a vector), ``order`` the order of the derivation a stage of it belongs to.
    Without a ``result``, an input the rule must not apply to; ``why`` says what applies
    instead."""

    input: str
    result: str | None = None
    given: tuple[str, ...] = ()
    why: str = ""
    wrt: str = "x"
    order: int = 1

    @property
    def applies(self) -> bool:
        return self.result is not None


def not_for(input: str, why: str = "") -> Example:
    """An input the rule must not apply to."""
    return Example(input, None, why=why)


class Rule:
    """A named rule of the rule set."""

    id: str = ""
    title: str = ""
    latex: str = ""
    examples: tuple[Example, ...] = ()
    clears: bool = False  # (a rewrite) whether its title names a factor cancelled or a fraction cleared out of a
    # fraction, which SymPy's evaluation of the node it writes does (alg-cancel): see rules.algebra.hides

    @property
    def family(self) -> str:
        return self.id.split("-", 1)[0]

    @property
    def words(self) -> str:
        return " ".join(inspect.cleandoc(type(self).__doc__ or "").split())

    def __repr__(self) -> str:
        return f"<rule {self.id}>"


@dataclass(frozen=True)
class Match:
    """What a rule found: the parts to differentiate, and anything else it needs."""

    parts: tuple = ()
    data: object = None


class DiffRule(Rule):
    """A differentiation rule: ``match`` names the parts to differentiate, ``combine``
    writes the result from their derivatives."""

    def match(self, e: Expr, x: Symbol) -> Match | None:  # pragma: no cover - interface
        raise NotImplementedError

    def combine(self, e: Expr, x: Symbol, m: Match, dparts: list) -> Expr:  # pragma: no cover
        raise NotImplementedError

    def conditions(self, m: Match) -> tuple | None:
        """Where each part's derivative holds (x < 0, ...), for a rule that splits the domain."""
        return None

    def tidy(self, value: Expr) -> Expr:
        """A last simplification the rule itself states (a delta picking one term of a sum)."""
        return value
