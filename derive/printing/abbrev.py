"""A lecturer's abbreviation: a long inner expression that repeats, named once.

gelu_tanh's argument √(2/π)(x + 0.044715x³) stands inside tanh on nearly every line of
its derivation.  A lecturer writes "let v = √(2/π)(x + 0.044715x³)" once and the lines in
v.  :func:`abbreviated` finds such an expression — the argument of a function (what the
chain rule would call its inner function), at least :data:`MIN_COLUMNS` wide in 2-D, on at
least :data:`MIN_LINES` lines — and returns the derivation as the printers show it: every
expression written with the letter, and the letter's meaning to be shown once.  The letter
is the one the derivation already gives that expression (gelu_tanh's chain rule names it u), else
one the derivation does not use (so a chain rule's own u, or a value the forward pass computed,
keeps its meaning).  A chain rule's letter for one symbol (u = S) is not shown: its sub-steps
are written in the symbol.  The derivation itself is not changed: JSON holds it as derived.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sympy import Basic, Derivative, Expr, Function, Piecewise, Symbol

from ..expr import canon
from ..letters import names
from .fold import without_unshown_form
from .joints import letter_table
from .typed import as_typed
from .written import WrittenPretty

MIN_COLUMNS = 20
MIN_LINES = 3


def _expressions(step):
    for e in (step.expression, step.before, step.value, step.where, *(step.let or ())):
        if isinstance(e, Basic):
            yield e


def _arguments(expr) -> set:
    """The arguments of every function applied in ``expr`` that are not a bare symbol or number."""
    return {a for f in expr.atoms(Function) if not isinstance(f, Piecewise)
            for a in f.args if isinstance(a, Expr) and not a.is_Atom}


def _used_names(d) -> set:
    names = {str(s) for top in d.steps for s in top.walk() for e in _expressions(s) for s in e.free_symbols}
    names |= {str(s) for s in d.definition.free_symbols} | {str(s) for s, _ in d.cached_values}
    names |= {str(d.symbol), str(d.variable)}
    return names


def candidate(d):
    """(letter, expression) to abbreviate, or None."""
    lines = [d.definition] + [e for top in d.steps for s in top.walk() for e in _expressions(s)]
    counts = Counter(a for e in lines for a in _arguments(e))
    printer = WrittenPretty()
    wide = [(printer._print(a).width(), a) for a, n in counts.items() if n >= MIN_LINES]
    wide = [(w, a) for w, a in wide if w >= MIN_COLUMNS]
    if not wide:
        return None
    expr = max(wide, key=lambda p: (p[0] * counts[p[1]], str(p[1])))[1]
    return Named(_letter(d, expr)), expr


def _letter(d, expr) -> str:
    """The letter the derivation already gives ``expr`` (a chain rule's u, a value of the forward
    pass), else the first letter it does not use."""
    bound = [s.let for top in d.steps for s in top.walk() if s.let is not None and s.let[0].is_Symbol]
    bound += list(d.cached_values)
    same = next((str(t) for t, v in bound if canon(v) == canon(expr)), None)
    return same or next(c for c in names() if c not in _used_names(d))


class Named(Symbol):
    """A letter standing for an expression of the variable: not a free symbol of its own (so a
    derivative of an expression written in it is still d/dx, not ∂/∂x)."""

    @property
    def free_symbols(self):
        return set()


def _swap(e, table: dict):
    """``e`` with every occurrence of a key of ``table`` replaced, the written tree kept as it is
    (nothing re-evaluated: ½·(a + b) stays a product)."""
    if not isinstance(e, Basic):
        return e
    if e in table:
        return table[e]
    if not e.args or isinstance(e, Derivative) and e.expr in table:  # d/dx of the expression itself says it in full
        return e
    args = [_swap(a, table) for a in e.args]
    if all(a is b for a, b in zip(args, e.args)):
        return e
    try:
        return e.func(*args, evaluate=False)
    except TypeError:
        return e.func(*args)


def _step(s, table: dict):
    let = None if s.let is None else tuple(_swap(x, table) for x in s.let)
    if let is not None and (let[0] == let[1] or let[1] in table.values()):  # u = v: the letter says it
        let = None
    shown = replace(s, expression=_swap(s.expression, table), before=_swap(s.before, table),
                    value=_swap(s.value, table), where=_swap(s.where, table), let=let, lhs=_swap(s.lhs, table),
                    substeps=[_step(c, table) for c in s.substeps])
    shown.derived = getattr(s, "derived", s)  # the step as derived: what folding judges
    return shown


def _unlettered(s):
    """A step as shown without a chain rule's letter for one symbol: d/dS log S = 1/S, never
    d/du log u = 1/u with u = S (the symbol already is a name for the inner function)."""
    subs = [_unlettered(c) for c in s.substeps]
    let = s.let
    if let is not None and isinstance(let[1], Symbol) and isinstance(let[0], Symbol) and let[0] != let[1]:
        subs = [_step(c, {let[0]: let[1]}) for c in subs]
        let = None
    if let is s.let and all(a is b for a, b in zip(subs, s.substeps)):
        return s
    shown = replace(s, substeps=subs, let=let)
    shown.derived = getattr(s, "derived", s)
    return shown


def _typed_first(steps: list, d) -> list:
    """The first line, d/dx of the definition, with the definition as the user grouped it, as the
    definition line shows it (:func:`~.written.as_typed`: d/dx (1.6733·(eˣ − 1)))."""
    typed = as_typed(d)
    if not steps or typed is d.written or not isinstance(steps[0].expression, Derivative):
        return steps
    first = steps[0]
    if first.expression.expr != d.written:
        return steps
    shown = replace(first, expression=Derivative(typed, *first.expression.variables))
    shown.derived = getattr(first, "derived", first)
    return [shown] + steps[1:]


def abbreviated(d):
    """(the derivation as shown, with its long repeated inner expression written as a letter, and
    no letter for one symbol (:func:`_unlettered`); the (letter, expression) pair or None)."""
    d = replace(d, steps=_typed_first([_unlettered(s) for s in without_unshown_form(d)], d),
                alternatives=[_unlettered(s) for s in d.alternatives])
    found = candidate(d)
    table = letter_table(d)  # a joint too long to write (a cubic's root in radicals): its letter
    if found is not None:
        table[found[1]] = found[0]
    if not table:
        return d, None
    shown = replace(d, definition=_swap(d.definition, table), steps=[_step(s, table) for s in d.steps],
                    alternatives=[_step(s, table) for s in d.alternatives],
                    derivative=_swap(d.derivative, table),
                    cached_form=_swap(d.cached_form, table),
                    cached_values=tuple((s, _swap(c, table)) for s, c in d.cached_values))
    return shown, found
