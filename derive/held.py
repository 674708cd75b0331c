"""From the input as typed to the expression SymPy reads: the evaluation as named steps.

SymPy evaluates what it reads: (2x)³ becomes 8x³, e^{2 ln x} becomes x², 2(x + 1) becomes
2x + 2.  The derivation starts from the input as the user typed it (read with evaluation held,
:func:`derive.domain.as_written`) and shows each of these evaluations as a line d/dx(…) made
on the board, named by its rule (``rules/evaluation.py``), with a sub-step for each place it
rewrote ((2x)³ = 2³x³ = 8x³); the rule steps then differentiate SymPy's form, as before.  Where
the typed form and SymPy's read alike (nearly always) there is no line.

The walk rewrites the innermost nodes first: a node whose parts are in SymPy's form and which
SymPy's evaluation of that node alone would change.  A change a reader does not see (x·2 read
as 2x, a product held inside a product) is made silently; for one that can be seen, the first
rule whose result SymPy's evaluation agrees with names the line, and rewrites every node it
applies to at once.  Where no rule names an evaluation, or the walk does not end at SymPy's
form, there are no lines and the derivation starts from SymPy's form, as it did.
"""
from __future__ import annotations

from functools import lru_cache

from sympy import Add, Basic, Derivative, E, Mul, Piecewise, Pow, Sum, igcd, log

from .board import Board, reads_as
from .expr import canon, positions
from .rules.definitions import START
from .rules.evaluation import RULES
from .step import Step

MAX_LINES = 8  # a typed input that needs more is started from SymPy's form
RULES_BY_ID = {r.id: r for r in RULES}


def evaluated(e: Basic) -> Basic:
    """SymPy's evaluation of the node ``e`` alone (its parts as they are); a sum stays as
    written, as the parser holds it, unless it adds numbers alone."""
    if e.is_Atom:
        return e
    if isinstance(e, Add):
        return Add(*e.args) if all(a.is_Number for a in e.args) else e
    if isinstance(e, Mul) and len(e.args) == 2 and e.args[0] == -1 and isinstance(e.args[1], Add):
        return e  # −(a + b), held by the parser
    return e.func(*(canon(a) if _fraction(a) else a for a in e.args))


@lru_cache(maxsize=4096)
def settled(e: Basic) -> Basic:
    """``e`` with every node evaluated, innermost first: SymPy's reading of the typed input."""
    if e.is_Atom:
        return e
    return evaluated(rebuilt(e, [settled(a) for a in e.args]))


def rebuilt(e: Basic, args: list) -> Basic:
    """``e`` with new parts, not evaluated."""
    if list(args) == list(e.args):
        return e
    try:
        return e.func(*args, evaluate=False)
    except TypeError:
        return e.func(*args)


def replaced(e: Basic, table: dict) -> Basic:
    """``e`` with the nodes in ``table`` replaced by their values, the rest kept as written."""
    if e in table:
        return table[e]
    if e.is_Atom:
        return e
    return rebuilt(e, [replaced(a, table) for a in e.args])


def pending(e: Basic) -> list:
    """The innermost nodes that SymPy's evaluation changes: their parts are in SymPy's form."""
    out = []
    for _, node in positions(e):
        if node.is_Atom or _fraction(node) or evaluated(node) == _numbers_read(node, 1):
            continue  # (a fraction 1/2 is a number as it is written: it stays so until its node is rewritten)
        if all(a.is_Atom or settled(a) == _numbers_read(a) for a in node.args):
            out.append(node)
    return list(dict.fromkeys(out))


def _numbers_read(e: Basic, depth: int = -1) -> Basic:
    """``e`` with each fraction written (1/2, 3/4) read as the number it is, to ``depth`` levels of
    its parts (all where negative); nothing else evaluated."""
    if _fraction(e):
        return canon(e)
    if e.is_Atom or depth == 0:
        return e
    return rebuilt(e, [_numbers_read(a, depth - 1) for a in e.args])


def _unseen(a: Basic, b: Basic) -> bool:
    """Whether a reader sees no change from ``a`` to ``b`` (x·2 and 2x; a product in a product)."""
    from .printing.written import to_pretty

    bare = _without_units(a)
    if bare is not a and _unseen(bare, b):
        return True  # 1·x is x, x/1 is x: a lecturer does not write the factor 1 down
    if a.func == b.func and sorted(map(str, a.args)) == sorted(map(str, b.args)):
        return True  # only the order: x·2 is 2x, max(x, 0) is max(0, x)
    if isinstance(a, Pow) and a.base == E and canon(a) == b:
        return True  # 1/e is e⁻¹
    if isinstance(a, Mul) and isinstance(b, Mul) and _over_numbers(a) != a and _unseen(_over_numbers(a), b):
        return True  # x·(ln x/ln 2) is x ln x/ln 2: a fraction over a number, in a product
    return reads_as(a, b) or to_pretty(a) == to_pretty(b)


def _fraction(e: Basic) -> bool:
    """A fraction of whole numbers written as one in lowest terms (1/2, 3/4), which SymPy reads as
    the number; one that is not (2/4 of x^{2/4}) is worked out by a line of its own."""
    parts = e.args if isinstance(e, Mul) else (e,)
    if not (e.is_number and all(p.is_Rational or isinstance(p, Pow) and p.base.is_Integer and p.exp == -1
                                for p in parts)):
        return False
    above = [p for p in parts if p.is_Rational]
    below = [p.base for p in parts if not p.is_Rational]
    if not below:
        return True
    top, bottom = Mul(*above), Mul(*below)
    return top.is_Integer and bottom.is_Integer and igcd(int(top), int(bottom)) == 1


def _without_units(e: Basic) -> Basic:
    """``e`` with its factors 1 (and 1/1) and its terms 0 left out, at the top."""
    if isinstance(e, Mul):
        kept = [f for f in e.args if f != 1 and not (isinstance(f, Pow) and f.base == 1)]
    elif isinstance(e, Add):
        kept = [t for t in e.args if t != 0]
    else:
        return e
    if len(kept) == len(e.args):
        return e
    return e.func(*kept, evaluate=False) if len(kept) > 1 else kept[0] if kept else e.func.identity


def _flattened(e: Basic) -> Basic:
    """``e`` with a product held inside a product read as its factors (x·(x·x) is x·x·x)."""
    if e.is_Atom:
        return e
    args = [_flattened(a) for a in e.args]
    if isinstance(e, Mul):
        flat = [f for a in args for f in (a.args if isinstance(a, Mul) and not _has_fraction(a) else (a,))]
        if len(flat) != len(args):
            return Mul(*flat, evaluate=False)
    return rebuilt(e, args)


def _over_numbers(e: Basic) -> Basic:
    """The product ``e`` with each factor that is a fraction over numbers alone (ln x/ln 2) read
    as its factors: nothing in it can cancel with the other factors."""
    flat = [f for a in e.args for f in (a.args if isinstance(a, Mul) and _has_fraction(a) and all(
        not (isinstance(g, Pow) and g.exp.is_negative) or g.is_number for g in a.args) else (a,))]
    return Mul(*flat, evaluate=False) if len(flat) != len(e.args) else e


def _has_fraction(e: Basic) -> bool:
    return any(isinstance(f, Pow) and f.exp.is_negative for f in e.args)


def applicable(node: Basic):
    """(rule, written) for the first rule whose result SymPy's evaluation agrees with, or None."""
    goal = canon(settled(node))
    for rule in RULES:
        try:
            written = rule.apply(node, None)
        except (TypeError, ValueError, AttributeError):
            continue
        if written is not None and canon(settled(written)) == goal:
            return rule, written
    return None


def steps(typed: Basic, f: Basic, board: Board) -> list[Step] | None:
    """The lines from d/dx(typed) to d/dx(f), each an evaluation named by its rule; [] where the
    typed input reads as f; None where the evaluation cannot be shown by the rules."""
    if typed is None or typed.has(Piecewise, Sum) or _unseen(typed, f):
        return []
    x = board.x
    current, lines = _quiet(_flattened(typed)), []
    if settled(current) != f and not _unseen(settled(current), f):
        return None
    for _ in range(MAX_LINES):
        if _unseen(current, f):
            return lines
        line = _line(current, x, board)
        if line is None:
            return None
        if lines and lines[-1].rule == line[0].rule:  # the same rule again, at nodes it made: one line
            line = (board.step(RULES_BY_ID[line[0].rule], line[0].expression, lines[-2].expression if len(lines) > 1
                               else Derivative(typed, x, evaluate=False),
                               substeps=lines[-1].substeps + line[0].substeps), line[1])
            lines.pop()
        lines.append(line[0])
        current = line[1]
    return None


def _quiet(e: Basic) -> Basic:
    """``e`` with every evaluation a reader does not see made."""
    for _ in range(50):
        table = {n: settled(n) for n in pending(e) if _unseen(n, settled(n))}
        if not table:
            return e
        e = replaced(e, table)
    return e


def _line(current: Basic, x, board: Board) -> tuple | None:
    """(the step, the expression after it): one rule, at every pending node it applies to."""
    found = [(n, applicable(n)) for n in pending(current)]
    found = [(n, a) for n, a in found if a is not None]
    if not found:
        return None
    rule = found[0][1][0]
    subs, table = [], {}
    for node, (r, written) in found:
        if r is not rule:
            continue
        value = settled(written)
        where = rule.where(node) if hasattr(rule, "where") else None
        table[node] = value
        if node == current and where is None and (value == written or _unseen(written, value)):
            continue  # the line says it all: d/dx (x²)³ = d/dx x⁶
        sub = board.sub(rule, written, node, value=None if value == written else value)
        sub.where = where
        subs.append(sub)
    new = _quiet(replaced(current, table))  # tan(π/4)·x is x: no 1·x written
    step = board.step(rule, Derivative(new, x, evaluate=False), Derivative(current, x, evaluate=False),
                      substeps=subs)
    return step, new


def started(steps_: list[Step], typed: Basic, f: Basic, board: Board) -> list[Step]:
    """The derivation's steps started from the input as typed: d/dx(typed), the evaluation's
    lines, then the steps after the first line d/dx(f); the steps as they are where no line is
    needed or the rules cannot show one."""
    if not steps_ or steps_[0].substeps:
        return steps_
    lines = steps(typed, f, board)
    if not lines:
        return steps_
    last = lines[-1]
    lines[-1] = board.rewritten(last, Derivative(f, board.x, evaluate=False))
    return [board.start(START, typed)] + lines + steps_[1:]
