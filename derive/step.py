"""The step record: one line of a derivation."""
from __future__ import annotations

from dataclasses import dataclass, field

from sympy import Expr


@dataclass
class Step:
    """A rule applied once.

    ``expression`` is the whole expression after the step, as a person writes it at
    that point.  Sub-steps (the derivative of a part, the outer derivative of a
    chain) also have ``before``: the left-hand side they start from, e.g. d/dx u.
    ``value`` is the tidied result of a sub-derivation when it differs from the
    written one.  ``verified`` is set by an independent numeric check, never by
    the rule itself.
    """

    rule: str
    title: str
    expression: Expr
    before: Expr | None = None
    value: Expr | None = None
    substeps: list["Step"] = field(default_factory=list)
    verified: bool = False
    note: str = ""
    let: tuple | None = None  # (letter, expression) named by a chain rule: u = -x
    where: object = None  # the condition under which a piece's sub-step holds: x < 0
    lhs: Expr | None = None  # a new left-hand side: the step starts a new equation (d²y/dx² = ...)

    def all_verified(self) -> bool:
        return self.verified and all(s.all_verified() for s in self.substeps)

    def walk(self):
        """This step and every sub-step below it."""
        yield self
        for s in self.substeps:
            yield from s.walk()
