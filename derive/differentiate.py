"""Differentiation, one rule at a time, with sub-steps.

The first rule of the rule set that matches a node is applied; the parts it
names are derived recursively and become its sub-steps.  The chain rule also
records the outer derivative, written in a fresh letter (u, v, w, ... by
nesting depth).  Every step is checked by the :class:`~derive.verify.Checker`.
"""
from __future__ import annotations

from sympy import Derivative, Expr, Symbol

from .expr import canon
from .rules.differentiation import RULES, ByDefinition, Chain
from .step import Step
from .verify import Checker

LETTERS = "uvwpqrst"


def differentiate(e: Expr, x: Symbol, checker: Checker, depth: int = 0, rules=RULES) -> Step:
    """The step d/dx e = (rule applied), with the derivatives of its parts as sub-steps.

    ``rules`` are tried in order; the engine puts a configured d-definition rule in
    front when the definition was written with known functions.
    """
    rule, m = next((r, m) for r in rules if (m := r.match(e, x)) is not None)
    parts = [differentiate(p, x, checker, depth + isinstance(rule, Chain), rules) for p in m.parts]
    for part, cond in zip(parts, rule.conditions(m) or ()):
        part.where = cond
    written = rule.combine(e, x, m, [s.value if s.value is not None else canon(s.expression) for s in parts])
    subs = [_outer_step(rule, e, m, depth, checker)] + parts if isinstance(rule, Chain) else parts
    before = Derivative(e, x, evaluate=False)
    value = rule.tidy(canon(written))
    step = Step(rule.id, rule.title, written, before=before, value=None if value == written else value,
                substeps=subs)
    step.verified = checker.equal(before, written)
    if isinstance(rule, Chain):
        step.let = (subs[0].before.variables[0], m.parts[0])
    elif isinstance(rule, ByDefinition):
        step.let = (e, m.parts[0])
    return step


def _outer_step(rule: Chain, e: Expr, m, depth: int, checker: Checker) -> Step:
    taken = {str(s) for s in checker.definition.free_symbols}  # (u + x²)³ with a constant u: take v
    free = [c for c in LETTERS if c not in taken] or list(LETTERS)
    letter = Symbol(free[depth % len(free)], real=True)
    outer, written, result = rule.outer_step(e, m, letter)
    before = Derivative(written, letter, evaluate=False)
    step = Step(outer.id, outer.title, result, before=before)
    step.verified = checker.equal(before, result, bind={letter: m.parts[0].xreplace(checker.folded)})
    return step
