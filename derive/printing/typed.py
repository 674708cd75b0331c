"""The definition line as the user grouped it.

SymPy multiplies a number into the sum it stands before (or under) when it reads the input:
1.6733*(exp(x) - 1) becomes 1.6733eˣ − 1.6733, (sqrt(x^2+1) - 1)/2 + x becomes
x + √(x² + 1)/2 − 1/2.  The input read again with evaluation held (derive/domain.py) still has
each such product; :func:`as_typed` writes those terms of the definition as the product again,
and nothing else of the held reading (its x^(1/3), log(x, 2)), so the definition line and the
first line, d/dx of it, read as typed.  Only the printed form changes, never the expression.
"""
from __future__ import annotations

from sympy import Add, Derivative, Mul, Pow, preorder_traversal


def as_typed(d):
    """The definition line with the user's grouping: a number the input wrote before (or under) a
    bracket stays there where SymPy's evaluation multiplied it in (1.6733·(eˣ − 1), never
    1.6733eˣ − 1.6733; (√(x² + 1) − 1)/2 + x, never x + √(x² + 1)/2 − 1/2), as the input read with
    evaluation held (derive/domain.py) shows it; all else as derived. An input that called a
    catalog function, or is a catalog entry, keeps the definition as derived."""
    if d.by_name is not None or d.name is not None or not isinstance(d.input, str):
        return d.written
    held = d.held  # read once, by the checker's stage (stages.scalar_board)
    first = d.steps[0].expression if d.steps else None
    if held is not None and isinstance(first, Derivative) and first.expr == held:
        return held  # the derivation starts from the input as typed ((2x)³), its evaluation shown as steps
    groups = spread_numbers(held) if held is not None else {}
    if not groups:
        return d.written
    shown = regrouped(d.written, groups)
    return shown if _same(shown, d.written) else d.written


def spread_numbers(held) -> dict:
    """{the terms SymPy makes of c·(a + b): c·(a + b) held}, for every number c the input wrote
    before or under a sum, (a + b)/2 as (1/2)·(a + b)."""
    from ..expr import canon

    out = {}
    for node in preorder_traversal(held):
        if not isinstance(node, Mul):
            continue
        numbers = [f for f in node.args if f.is_number]
        sums = [f for f in node.args if isinstance(f, Add)]
        if len(sums) != 1 or not numbers or len(numbers) + 1 != len(node.args):
            continue
        c, inner = canon(Mul(*numbers)), canon(sums[0])
        spread = canon(node)
        if isinstance(spread, Add) and isinstance(inner, Add) and c.is_Rational and c not in (1, -1):
            grouped = Mul(abs(c), inner, evaluate=False)  # −3·(x − 2) as −(3·(x − 2)), its sign outside
            out[frozenset(spread.args)] = grouped if c > 0 else Mul(-1, grouped, evaluate=False)
    return out


def regrouped(e, groups: dict):
    """``e`` with each set of a sum's terms that is a number spread over a sum written c·(…)."""
    if not getattr(e, "args", ()) or e.is_Atom:
        return e
    if isinstance(e, Add):
        terms = _regroup_terms(_flat_terms(e), groups)
        if terms is not None:
            kept = [t if t in groups.values() else regrouped(t, groups) for t in terms]
            return kept[0] if len(kept) == 1 else Add(*kept, evaluate=False)
    args = [regrouped(a, groups) for a in e.args]
    if args == list(e.args):
        return e
    return e.func(*args, evaluate=False) if _holdable(e) else e.func(*args)


def _regroup_terms(terms: list, groups: dict) -> list | None:
    """The terms with each group's spread terms (a term that is a sum SymPy made, −(3x − 6),
    taken apart) replaced by the group where it was spread; None where no group was."""
    from ..expr import canon

    parts = []
    for t in terms:
        c = canon(t)
        parts += [(a, a) for a in c.args] if isinstance(c, Add) else [(t, c)]
    changed = False
    for spread, grouped in groups.items():
        values = [v for _, v in parts]
        if spread <= set(values):
            first = min(values.index(v) for v in spread)
            parts = [p for p in parts if p[1] not in spread]
            parts.insert(first, (grouped, None))
            changed = True
    return [t for t, _ in parts] if changed else None


def _flat_terms(e) -> list:
    """The terms of a sum, those of a sum held inside it (the parser holds its sums) among them."""
    out = []
    for t in e.args:
        out += _flat_terms(t) if isinstance(t, Add) else [t]
    return out


def _holdable(e) -> bool:
    return isinstance(e, (Add, Mul, Pow))


def _same(shown, definition) -> bool:
    from ..expr import same

    try:
        return same(shown, definition)
    except (TypeError, ValueError, RecursionError):
        return False
