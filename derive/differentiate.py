"""Differentiation, one rule at a time, with sub-steps, on the board.

The first rule of the rule set that matches a node is applied; the parts it
names are derived recursively and become its sub-steps.  The chain rule also
records the outer derivative, written in a letter for its inner function that
means nothing else in the derivation (the board's :class:`~derive.letters.Letters`:
u, v, w, ... in the order they are met, outer before inner; an inner function met
again keeps its letter).  :func:`from_definition` is the whole first stretch of a
derivation: d/dx f, the definition written piecewise or through known functions
where it is one of those, the rule steps, and the arithmetic tidy.  Every step
is made and checked by the :class:`~derive.board.Board`.
"""
from __future__ import annotations

from sympy import Derivative, Expr, Symbol

from .board import Board
from .expr import canon, frac, fraction, mul
from .rules.algebra import ARITHMETIC, RECOGNIZE, Context, tidy_rule
from .rules.definitions import NAME_PART, NAMED, START
from .rules.differentiation import RULES, ByDefinition, Chain
from .rules.piecewise import WRITE_PIECEWISE
from .step import Step


def differentiate(e: Expr, x: Symbol, board: Board, rules=RULES) -> Step:
    """The step d/dx e = (rule applied), with the derivatives of its parts as sub-steps.

    ``rules`` are tried in order; the engine puts a configured d-definition rule in
    front when the definition was written with known functions.
    """
    rule, m = next((r, m) for r in rules if (m := r.match(e, x)) is not None)
    outer = [_outer_step(rule, e, m, board)] if isinstance(rule, Chain) else []  # its letter before the inner ones'
    parts = [differentiate(p, x, board, rules) for p in m.parts]
    for part, cond in zip(parts, rule.conditions(m) or ()):
        part.where = cond
    written = rule.combine(e, x, m, [s.value if s.value is not None else canon(s.expression) for s in parts])
    subs = outer + parts
    value = rule.tidy(canon(written))
    let = (subs[0].before.variables[0], m.parts[0]) if isinstance(rule, Chain) else (
        (e, m.parts[0]) if isinstance(rule, ByDefinition) else None)
    return board.sub(rule, written, Derivative(e, x, evaluate=False), value=None if value == written else value,
                     substeps=subs, let=let)


def _outer_step(rule: Chain, e: Expr, m, board: Board) -> Step:
    """d/du F(u) = F'(u), u the letter of the inner function (the one it has in this derivation, else
    a fresh one; never a symbol of the definition: (u + x²)³ with a constant u takes v)."""
    inner = m.parts[0].xreplace(board.checker.folded)
    taken = board.checker.definition.free_symbols | e.free_symbols
    letter = Symbol(board.letters.of(inner, avoid=taken), real=True)
    outer, written, result = rule.outer_step(e, m, letter)
    before = Derivative(written, letter, evaluate=False)
    return board.sub(outer, result, before, bind={letter: inner})


def tidied(steps: list, board: Board) -> list:
    """``steps`` and, where it changes the last line, ``alg-arithmetic``: zero terms and unit
    factors dropped, multiplied out."""
    tidy = ARITHMETIC.apply(steps[-1].expression, None)
    return steps if tidy is None else board.then(steps, tidy_rule(steps[-1].expression), tidy)


def from_definition(f: Expr, x: Symbol, y: Symbol, board: Board, parts: tuple = ()) -> tuple[list[Step], Context]:
    """The steps from d/dx f to the tidied derivative, and the context for folding back; ``parts``,
    pairs (value, call) of catalog calls the input wrote by name, are said under the first line
    (``def-name-part``: each call stands for its definition)."""
    steps = [board.start(START, f, [board.sub(NAME_PART, value, call) for value, call in parts])]
    written, rules = f, RULES
    as_pieces = WRITE_PIECEWISE.apply(f)
    if as_pieces is not None:
        written = as_pieces
        steps.append(board.step(WRITE_PIECEWISE, Derivative(written, x, evaluate=False), steps[0].expression))
    named = _quotient_of_definitions(written, x, board)
    if named is not None:
        steps.append(named)
        written = named.expression.expr
        rules = (ByDefinition({n.func for n in written.atoms(*NAMED)}),) + RULES
    steps.append(differentiate(written, x, board, rules=rules))
    also = (written,) if written is not f else ()
    return tidied(steps, board), Context(x, f, y, also)


def _quotient_of_definitions(f: Expr, x: Symbol, board: Board) -> Step | None:
    """d/dx n/d = d/dx F/G when n and d are multiples of known definitions (or None)."""
    n, d = fraction(f)
    if d == 1:
        return None
    rn = RECOGNIZE.apply(n)
    rd = RECOGNIZE.apply(d) if rn is not None else None  # (each try is a cancel: skip the second)
    if rd is None:
        return None
    (cn, fn), (cd, fd) = canon(rn).as_coeff_Mul(), canon(rd).as_coeff_Mul()
    c = cn / cd
    written = frac(fn if c == 1 else mul(c, fn), fd)
    subs = [board.sub(RECOGNIZE, r, part) for part, r in ((n, rn), (d, rd))]
    return board.step(RECOGNIZE, Derivative(written, x, evaluate=False), Derivative(f, x, evaluate=False),
                      substeps=subs)
