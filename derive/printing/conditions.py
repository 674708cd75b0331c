"""A piece's condition as a person writes it: the simplest condition that holds for the same x.

The rules build conditions by logic ((x ≥ 0 ∨ x > −1) ∧ (x < 0 ∨ x < 1) when |x| < 1 is written
in pieces; cos x > 0 ∨ cos x < 0 when ln|cos x| is); a lecturer writes the set they describe:
−1 < x < 1, cos x ≠ 0, x = 0 (for x ≥ 0 ∧ x ≤ 0), x ≥ 3 (for x ≥ 3 ∧ x > −3).  :func:`readable`
finds that set where every comparison is of one quantity -- the variable, or one expression of it
(cos x) -- with a number, and writes it back as the fewest comparisons, the quantity on the left
of a single one (x > −1, not −1 < x).  The printers write a lower and an upper bound of one
quantity as one chain (−1 < x < 1).  Anything else is written as built.
"""
from __future__ import annotations

from functools import lru_cache

from sympy import And, Dummy, Or, count_ops
from sympy.core.relational import Relational
from sympy.logic.boolalg import Boolean, BooleanAtom

MOST_COMPARISONS = 8  # a condition with more is written as built (the set is not worth the search)


@lru_cache(maxsize=1024)
def readable(cond: Boolean) -> Boolean:
    """``cond`` as the fewest comparisons of its one quantity with numbers, else as it is."""
    if isinstance(cond, BooleanAtom) or not isinstance(cond, Boolean):
        return cond
    comparisons = list(cond.atoms(Relational))
    quantity = _one_quantity(comparisons)
    if quantity is None or len(comparisons) > MOST_COMPARISONS:
        return cond
    u = Dummy("u", real=True)
    try:
        found = cond.xreplace({quantity: u}).as_set().as_relational(u)
    except Exception:  # a set SymPy cannot write (or find): the condition as built
        return cond
    found = _quantity_first(found).xreplace({u: quantity})
    if found.free_symbols - cond.free_symbols or count_ops(found) >= count_ops(cond):
        return cond
    return found


def _one_quantity(comparisons: list):
    """The one side every comparison shares with a number on its other side, else None."""
    sides = set()
    for c in comparisons:
        if c.lhs.is_number == c.rhs.is_number:
            return None
        sides.add(c.rhs if c.lhs.is_number else c.lhs)
    if len(sides) != 1:
        return None
    (side,) = sides
    return side if len(side.free_symbols) == 1 else None


def _quantity_first(cond):
    """Each single comparison written with the quantity on its left (x > −1 for −1 < x); a chain's
    two bounds stay as SymPy writes them, lower bound first."""
    if isinstance(cond, Relational):
        return cond.reversed if cond.lhs.is_number else cond
    if isinstance(cond, And) and chain(cond) is not None:
        return cond
    if isinstance(cond, (And, Or)):
        return cond.func(*[_quantity_first(a) for a in cond.args], evaluate=False)
    return cond


def chain(cond):
    """(lower, lower relation, quantity, upper relation, upper) where ``cond`` is a lower and an
    upper bound of one quantity (−1 < x ∧ x < 1, in either order or direction), else None."""
    if not isinstance(cond, And) or len(cond.args) != 2:
        return None
    bounds = [_bound(c) for c in cond.args]
    if None in bounds:
        return None
    (q1, kind1, n1, strict1), (q2, kind2, n2, strict2) = bounds
    if q1 != q2 or kind1 == kind2:
        return None
    if kind1 == "upper":
        (n1, strict1), (n2, strict2) = (n2, strict2), (n1, strict1)
    return n1, "<" if strict1 else "≤", q1, "<" if strict2 else "≤", n2


def left_to_right(cond: Or) -> list:
    """The alternatives of a union in the order of the number line, as a person writes them:
    x < −1 ∨ x > 1 (SymPy sorts x > 1 first), x < −1 ∨ −1 < x < 1 ∨ x > 1; where they are not all
    bounds of one quantity, SymPy's order."""
    from sympy import default_sort_key
    ends = [_ends(a) for a in cond.args]
    if any(e is None for e in ends) or len({q for q, *_ in ends}) != 1:
        return sorted(cond.args, key=default_sort_key)
    try:
        place = {a: (float(lo), float(hi)) for a, (_, lo, hi) in zip(cond.args, ends)}
    except TypeError:  # an end that is not a real number
        return sorted(cond.args, key=default_sort_key)
    return sorted(cond.args, key=lambda a: (*place[a], default_sort_key(a)))


def _ends(c):
    """(quantity, left end, right end) of the interval a comparison or a chain describes; None
    for anything else."""
    from sympy import Eq, oo
    found = chain(c)
    if found is not None:
        return found[2], found[0], found[4]
    if isinstance(c, Eq) and c.lhs.is_number != c.rhs.is_number:
        q, n = (c.lhs, c.rhs) if c.rhs.is_number else (c.rhs, c.lhs)
        return q, n, n
    bound = _bound(c)
    if bound is None:
        return None
    q, kind, n, _ = bound
    return (q, -oo, n) if kind == "upper" else (q, n, oo)


def _bound(c):
    """(quantity, "lower" or "upper", number, strict) of a comparison of a quantity with a number."""
    if not isinstance(c, Relational) or c.rel_op not in ("<", "<=", ">", ">="):
        return None
    if c.lhs.is_number == c.rhs.is_number:
        return None
    q, n, op = (c.lhs, c.rhs, c.rel_op) if c.rhs.is_number else (c.rhs, c.lhs, _flipped(c.rel_op))
    return q, "upper" if op in ("<", "<=") else "lower", n, op in ("<", ">")


def _flipped(op: str) -> str:
    return {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[op]
