"""Sets of x written as conditions: the one place an interval becomes x < 1 or 0 < x < 1.

Below the rules and the analyses that use it (derive.domain, rules.piecewise), so neither has to
import the other for it.
"""
from __future__ import annotations

from sympy import And, Interval, Or, Symbol, Union, oo


def condition(where, x: Symbol):
    """An open set of x written as a condition: x < 0, x > 3, 0 < x < 1."""
    if isinstance(where, Union):
        return Or(*[condition(a, x) for a in where.args])
    if isinstance(where, Interval):
        parts = []
        if where.inf != -oo:
            parts.append(x > where.inf if where.left_open else x >= where.inf)
        if where.sup != oo:
            parts.append(x < where.sup if where.right_open else x <= where.sup)
        return And(*parts)
    return where.as_relational(x)
