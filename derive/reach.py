"""From the derivative to a form already found: the algebra a lecturer writes after the rules.

:func:`towards` walks the path the search finds over the algebra rules to a written form that
folds into the target g(y), folds the definition back, and writes g as found; where the search
does not get there, g is reached in one labelled step (``def-substitute-inverse``).
:func:`shorter` applies an identity that shortens the form (1/(1 + tan²y) = cos²y), and
:func:`alternatives` gives another form of the derivative by one (tanh′ = sech²).  Every step is
made on the board.
"""
from __future__ import annotations

from sympy import Expr, sstr

from .board import Board
from .expr import canon, positions, replace_at, size
from .rules.algebra import ARITHMETIC, FACTOR, FOLD, PYTHAGOREAN_RULE, Context, fold_all, reciprocal_names
from .rules.definitions import INVERSE
from .search import search
from .step import Step

ALTERNATIVES_SIZE = 200  # an identity is looked for in derivatives up to this many nodes


def towards(target, derivative: Expr, ctx: Context, board: Board) -> list[Step]:
    """Steps from the derivative to the target form g(y)."""
    if target.via is not None:
        return [board.step(target.via, target.form, derivative, note=target.reason)]
    path = search(derivative, ctx, target.form)
    if path is None:
        return [board.step(INVERSE, target.form, derivative, let=target.substitution)]
    steps = walked(path, derivative, ctx, board)
    folded = steps[-1].expression if steps else derivative
    if sstr(folded, order="none") != sstr(target.form, order="none"):  # 1/3 − y²/3 → (1 − y²)/3
        steps.append(board.step(FACTOR if target.form.is_Mul else ARITHMETIC, target.form, folded))
    return steps


def walked(path: list, start: Expr, ctx: Context, board: Board) -> list[Step]:
    """The steps of a path the search found, then the definition folded back where it appears."""
    steps, last = [], start
    for rule, state in path:
        steps.append(board.step(rule, state, last))
        last = state
    folded = fold_all(last, ctx)
    if folded != last:
        steps.append(board.step(FOLD, folded, last))
    return steps


def by_identity(e: Expr):
    """e after the Pythagorean identity rewrote one of its nodes, for each node it applies to."""
    for path, node in positions(e):
        new = PYTHAGOREAN_RULE.apply(node)
        if new is not None:
            yield canon(replace_at(e, path, new))


def shorter(form: Expr, board: Board) -> list[Step]:
    """A Pythagorean identity that shortens the output form: 1/(1 + tan²y) = cos²y."""
    for new in by_identity(form):
        if new.count_ops() < canon(form).count_ops():
            return [board.step(PYTHAGOREAN_RULE, new, form)]
    return []


def alternatives(derivative: Expr, board: Board) -> list[Step]:
    """Another form of the derivative by an identity (tanh' = sech²), shown as a note."""
    alt = next(by_identity(derivative), None) if size(derivative) <= ALTERNATIVES_SIZE else None
    if alt is None:
        return []
    named = reciprocal_names(alt)
    return [board.step(PYTHAGOREAN_RULE, alt, derivative, value=None if named == alt else named)]
