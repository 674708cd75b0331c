"""The board: the one place where a step is made, checked and kept.

A lecturer writes a line, and the class checks it against the line before.  Here every
module that derives asks the board for its steps: :meth:`Board.step` makes a line (rule,
the expression after it, the one it must equal, sub-steps, a let-binding, a condition) and
has the independent :class:`~derive.verify.Checker` decide whether it holds; a rule never
marks its own work.  A line written again in other symbols (the stand-in S(x) shown as S,
the dependent y(x) as y) is restated by :meth:`Board.restate`, which checks the new writing
against the old.  Every step the board makes is counted in :attr:`Board.made`, so a debug
trace can say what each stage wrote.
"""
from __future__ import annotations

from dataclasses import replace

from sympy import Basic, Derivative

from .step import Step

# the fields of a step that hold an expression, and how each is written again in other symbols
_EXPRESSIONS = ("expression", "before", "value", "lhs")


class Board:
    """Makes steps and checks them with ``checker``; shares its count with the boards it lends."""

    def __init__(self, checker, made: list | None = None):
        self.checker = checker
        self.made = [0] if made is None else made  # shared by every board lent from this one

    @property
    def x(self):
        return self.checker.x

    def lend(self, checker) -> "Board":
        """The same board checking with another checker (one that knows more symbols, or holds
        only where i = j, or where a given condition holds)."""
        return Board(checker, self.made)

    def step(self, rule, new: Basic, old: Basic, *, bind: dict | None = None, **extra) -> Step:
        """The line ``new`` by ``rule``, checked to equal ``old`` (``bind``: letters such as a
        chain rule's u, with the expression in x each stands for)."""
        self.made[0] += 1
        step = Step(rule.id, getattr(rule, "title", ""), new, **extra)
        step.verified = self.checker.equal(old, new, bind=bind)
        return step

    def sub(self, rule, new: Basic, before: Basic, **extra) -> Step:
        """A sub-step: ``before`` = ``new`` (d/dx u = …, S = its definition), checked."""
        return self.step(rule, new, before, before=before, **extra)

    def start(self, rule, f: Basic) -> Step:
        """The first line, d/dx f: it equals the derivative of the checker's own definition."""
        x = self.x
        new, old = Derivative(f, x, evaluate=False), Derivative(self.checker.definition, x, evaluate=False)
        if new == old:  # the same written expression: nothing to evaluate
            self.made[0] += 1
            return Step(rule.id, rule.title, new, verified=True)
        return self.step(rule, new, old)

    def titled(self, rule, title: str, new: Basic, old: Basic, **extra) -> Step:
        """A step whose title says more than the rule's (a case: i = j)."""
        step = self.step(rule, new, old, **extra)
        step.title = title
        return step

    def restate(self, steps: list, rewrite) -> list:
        """``steps`` written again by ``rewrite`` (a function of an expression): every expression
        of every step and sub-step, each new writing checked to equal the old one."""
        return [self._restated(s, rewrite) for s in steps]

    def rewritten(self, s: Step, expression: Basic) -> Step:
        """The step with its expression written otherwise (terms reordered), checked to be the same."""
        self.made[0] += 1
        holds = s.verified and (expression == s.expression or self.checker.equal(s.expression, expression))
        return replace(s, expression=expression, verified=holds)

    def _restated(self, s: Step, rewrite) -> Step:
        self.made[0] += 1
        changes, holds = {}, s.verified
        for name in _EXPRESSIONS:
            old = getattr(s, name)
            new = None if old is None else rewrite(old)
            if new is not None and new is not old:
                changes[name] = new
                holds = holds and (new == old or self.checker.equal(old, new))
        if s.let is not None:
            changes["let"] = tuple(rewrite(e) for e in s.let)
        subs = [self._restated(t, rewrite) for t in s.substeps]
        return replace(s, **changes, substeps=subs, verified=holds)

