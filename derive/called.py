"""A catalog function written by its name inside a derivation: sigmoid(2x), softplus(x, 3).

Where the input calls a catalog function, or a derivative turns out to be one (softplus′ is the
sigmoid), the steps write it by the catalog's name: an undefined SymPy function, which
``parse_expr`` reads back.  Its arguments are the entry's input, then its parameters up to the
last one that differs from PyTorch's default (softplus(2x) for β = 1, softplus(2x, 3) for β = 3),
so that what is written is exactly what it stands for:

    softplus(u, β) = log(1 + e^{βu})/β

This module says what such a call stands for; the checker evaluates it by that definition.
"""
from __future__ import annotations

from functools import lru_cache

from sympy import Expr, Rational
from sympy.core.function import AppliedUndef

from .catalog import lookup
from .parse import call_arguments, parse, symbol


@lru_cache(maxsize=512)
def defined(node: Expr) -> Expr | None:
    """What a call of a catalog function of one input stands for: its definition at the call's
    argument and parameters, any call in the argument written out too (None where ``node`` is
    no such call)."""
    if not isinstance(node, AppliedUndef):
        return None
    entry = lookup(str(node.func))
    if entry is None or len(entry.inputs) != 1 or "[" in entry.definition or str(node.func) != entry.name:
        return None
    inputs = call_arguments(entry)
    names = list(inputs) + [p for p, _ in entry.parameters]
    if not len(inputs) <= len(node.args) <= len(names):
        return None
    values = dict(zip([p for p, _ in entry.parameters], (Rational(str(v)) for _, v in entry.parameters)))
    values.update(zip(names, node.args))
    return written_out(parse(entry.definition).xreplace({symbol(k): v for k, v in values.items()}))


def written_out(e: Expr) -> Expr:
    """``e`` with every catalog call replaced by what it stands for."""
    if not e.has(AppliedUndef):
        return e
    return e.replace(lambda n: defined(n) is not None, defined)


def calls_in(e: Expr) -> set:
    """The catalog calls in ``e``."""
    return {n for n in e.atoms(AppliedUndef) if defined(n) is not None}
