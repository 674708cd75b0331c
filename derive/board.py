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

from sympy import Add, Basic, Derivative, Mul, Pow, S, UnevaluatedExpr

from .expr import canon, is_denominator_factor
from .letters import Letters
from .step import Step

# the fields of a step that hold an expression, and how each is written again in other symbols
_EXPRESSIONS = ("expression", "before", "value", "lhs")


class Board:
    """Makes steps and checks them with ``checker``; shares its count with the boards it lends."""

    def __init__(self, checker, made: list | None = None, letters: Letters | None = None):
        self.checker = checker
        self.made = [0] if made is None else made  # shared by every board lent from this one
        self.letters = Letters(_symbols(checker)) if letters is None else letters  # shared the same way

    @property
    def x(self):
        return self.checker.x

    def lend(self, checker) -> "Board":
        """The same board checking with another checker (one that knows more symbols, or holds
        only where i = j, or where a given condition holds)."""
        return Board(checker, self.made, self.letters)

    def agrees(self, a: Basic, b: Basic, bind: dict | None = None) -> bool:
        """Whether two lines that are not derive's own steps agree (a student's line and the one
        before it, in ``derive check``; a form the summary states and d/dx f): the checker's
        verdict, asked here like every other (``bind``: letters and what each stands for)."""
        return self.checker.equal(a, b, bind=bind)

    def step(self, rule, new: Basic, old: Basic, *, bind: dict | None = None, **extra) -> Step:
        """The line ``new`` by ``rule``, checked to equal ``old`` (``bind``: letters such as a
        chain rule's u, with the expression in x each stands for).  A tidied ``value`` that reads
        as ``new`` is not written again (d/dx(−x) = −1, never = −1 = −1)."""
        self.made[0] += 1
        if extra.get("value") is not None and reads_as(extra["value"], new):
            extra["value"] = None
        step = Step(rule.id, getattr(rule, "title", ""), new, **extra)
        step.verified = self.checker.equal(old, new, bind=bind)
        return step

    def then(self, steps: list, rule, new: Basic, **extra) -> list:
        """``steps`` and the line ``new`` by ``rule``, checked against the last line; where ``new``
        reads as the last line does, or only puts its terms or factors in another order, no line
        is added (a lecturer does not write a line that changes nothing): the line before keeps
        the order its rule wrote, and where the two are printed alike it takes ``new``'s
        writing (checked), which the stages after it work from."""
        old = steps[-1].expression
        if extra or not reads_as(new, old):
            return steps + [self.step(rule, new, old, **extra)]
        from .printing.written import to_pretty

        return steps[:-1] + [self.rewritten(steps[-1], new)] if to_pretty(new) == to_pretty(old) else steps

    def qualified(self, s: Step, where) -> Step:
        """The step with the condition under which it holds (a form valid for x > 0 only)."""
        self.made[0] += 1
        return replace(s, where=where)

    def sub(self, rule, new: Basic, before: Basic, **extra) -> Step:
        """A sub-step: ``before`` = ``new`` (d/dx u = …, S = its definition), checked."""
        return self.step(rule, new, before, before=before, **extra)

    def start(self, rule, f: Basic, substeps: list | None = None) -> Step:
        """The first line, d/dx f: it equals the derivative of the checker's own definition; its
        sub-steps (what each call written by name stands for) are made on this board too."""
        x = self.x
        new, old = Derivative(f, x, evaluate=False), Derivative(self.checker.definition, x, evaluate=False)
        if new == old:  # the same written expression: nothing to evaluate
            self.made[0] += 1
            return Step(rule.id, rule.title, new, verified=True, substeps=substeps or [])
        return self.step(rule, new, old, substeps=substeps or [])

    def titled(self, rule, title: str, new: Basic, old: Basic, **extra) -> Step:
        """A step whose title says more than the rule's (a case: i = j)."""
        step = self.step(rule, new, old, **extra)
        step.title = title
        return step

    def restate(self, steps: list, rewrite, names: dict | None = None) -> list:
        """``steps`` written again by ``rewrite`` (a function of an expression): every expression
        of every step and sub-step, each new writing checked to equal the old one -- unless the
        rewrite only puts for nodes (``names``: S(z) → S) symbols the checker knows to stand for
        the same values, which keeps every value by construction.  A line that, written so, reads
        as the line before (a tidy that only flattened S(x)·(1 − S(x))) is left out, where it has
        nothing else to show (no sub-steps, letter or new left-hand side)."""
        same = names is not None and all(
            old == new or self.checker.folded.get(old, old) == self.checker.folded.get(new, new)
            and (old in self.checker.folded or new in self.checker.folded) for old, new in names.items())
        out = []
        for s in steps:
            new = self._restated(s, rewrite, same)
            if out and not (new.substeps or new.let or new.lhs is not None or new.where is not None) \
                    and reads_as(new.expression, out[-1].expression) and new.verified:
                continue
            out.append(new)
        return out

    def rewritten(self, s: Step, expression: Basic) -> Step:
        """The step with its expression written otherwise (terms reordered), checked to be the same."""
        self.made[0] += 1
        holds = s.verified and (expression == s.expression or canon(expression) == canon(s.expression)
                                or self.checker.equal(s.expression, expression))
        return replace(s, expression=expression, verified=holds)

    def _restated(self, s: Step, rewrite, same: bool = False) -> Step:
        self.made[0] += 1
        changes, holds = {}, s.verified
        for name in _EXPRESSIONS:
            old = getattr(s, name)
            new = None if old is None else rewrite(old)
            if new is not None and new is not old:
                changes[name] = new
                holds = holds and (same or new == old or self.checker.equal(old, new))
        if changes.get("value", s.value) is not None and reads_as(changes.get("value", s.value),
                                                                  changes.get("expression", s.expression)):
            changes["value"] = None  # written in the new symbols, the tidied value reads as the line
        if s.let is not None:
            changes["let"] = tuple(rewrite(e) for e in s.let)
        subs = [self._restated(t, rewrite, same) for t in s.substeps]
        return replace(s, **changes, substeps=subs, verified=holds)


def _symbols(checker) -> set:
    """The names of the symbols of the checker's definition and of those it folds (y for f(x)):
    no letter the derivation gives may be one of them."""
    symbols = set(getattr(checker.definition, "free_symbols", ())) | {s for s in checker.folded if s.is_Symbol}
    return {str(s) for s in symbols}


def reads_as(new: Basic, old: Basic) -> bool:
    """Whether ``new`` reads as ``old`` does, up to the order of the terms of a sum and of the
    factors of a product other than numbers (2 sin x cos x and 2 cos x sin x; −2x written as
    −(2x)); a number that moves is a change (e^{−x}·(−1) = −e^{−x}), but not over a product of
    1/d factors alone, whose number is printed as the numerator wherever it stands (2/√u), nor
    where it stays first in the numerator (1/(x² + 1)·2x is written 2x/(x² + 1))."""
    return _unordered(new) == _unordered(old)


def _unordered(e: Basic) -> str:
    if isinstance(e, UnevaluatedExpr):
        return _unordered(e.args[0])
    if isinstance(e, Pow) and e.exp == -1 and isinstance(e.base, Pow) and e.base.exp.is_Number:
        return _unordered(Pow(e.base.base, -e.base.exp, evaluate=False))  # 1/(√u) is written as u^(−1/2) is
    if isinstance(e, Pow) and e.exp == -1 and isinstance(e.base, Mul):  # 1/(2 cosh x) is written as ½·(1/cosh x) is
        return _unordered(Mul(*[f ** -1 if f.is_Number else Pow(f, -1, evaluate=False) for f in _flat(e.base)],
                              evaluate=False))
    if not e.args:
        return str(e)
    args = _flat(e)
    if isinstance(e, Add):
        return "Add(" + ",".join(sorted(_unordered(a) for a in args)) + ")" if len(args) > 1 else _unordered(args[0])
    if isinstance(e, Mul):
        if args[0].is_Number and args[0].is_negative and args[0] != -1:  # −2·x reads as −(2·x)
            args = [S.NegativeOne, -args[0]] + args[1:]
        if args[0] == -1 and all(a == 1 for a in args[1:]):  # −(1) is written −1
            return str(S.NegativeOne)
        if [a for a in args if not is_denominator_factor(a)] == [S.One]:  # 1·(1/d) is written 1/d
            args = [a for a in args if a != 1]
            if len(args) == 1:
                return _unordered(args[0])
        over = all(is_denominator_factor(a) for a in args if not a.is_Number)  # 2/√u, however stored
        top = [a for a in args if not is_denominator_factor(a) and a != -1] + [None]  # the numerator as printed,
        numbers = [f"{a}@{(k == 0 if a == -1 else a is top[0]) or over}"  # after its sign: (1/d)·2x is 2x/d
                   for k, a in enumerate(args) if a.is_Number]
        others = sorted(_unordered(a) for a in args if not a.is_Number)
        return "Mul(" + ",".join(numbers) + "|" + ",".join(others) + ")"
    return type(e).__name__ + "(" + ",".join(_unordered(a) for a in args) + ")"


def _flat(e: Basic) -> list:
    """A sum's terms or a product's factors, a sum (product) inside it read as its terms (factors)."""
    if not isinstance(e, (Add, Mul)):
        return list(e.args)
    args = [a.args[0] if isinstance(a, UnevaluatedExpr) and isinstance(e, Mul) else a for a in e.args]
    return [b for a in args for b in (_flat(a) if type(a) is type(e) and not _fraction(a) else [a])]


def _fraction(e: Basic) -> bool:
    """A product with a 1/d factor: inside another product it is written as a fraction of its own."""
    return isinstance(e, Mul) and any(is_denominator_factor(f) for f in e.args)
