"""What travels through the stages of a derivation: one object instead of five parameters.

The stages (:mod:`derive.stages`, :mod:`derive.higher`) read the state and return a new one
(``dataclasses.replace``); the pipeline turns the last one into the record, once
(:func:`record`).  Its first fields are the record's own; the rest is work in progress.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Callable

from sympy import Expr, Symbol

from .derivation import Derivation


@dataclass
class State:
    input: str
    wrt: str | None = None
    order_wanted: int = 1
    known: Callable | None = None  # name → that catalog function's own derivation (from the pipeline)
    # --- read from the input
    entry: object = None  # the catalog entry, or None for an expression
    definition: Expr | None = None
    calls: tuple = ()  # catalog functions the input called (sigmoid(2*x)): parse.Call
    by_name: Expr | None = None  # the input with those functions written by name (x*sigmoid(2*x))
    held: Expr | None = None  # an expression input read with SymPy's evaluation held (domain.as_written)
    typed: object = None  # where the input as typed has a value, where less than SymPy's reading (domain.Typed)
    params: dict = field(default_factory=dict)  # parameter symbol → default
    variable: object = None  # x, or the component a_j of a vector
    symbol: Symbol | None = None  # the letter for f(x): y, S, S_i
    letter: Symbol | None = None  # a vector function's letter: S of S_i and S_j
    indices: tuple = ()
    constants: list = field(default_factory=list)
    smooth: Expr | None = None  # f away from its points, where a branch holds at points alone (sinc)
    points: tuple = ()  # those points (sinc: 0): joints, reported with f's value there
    # --- the work
    board: object = None  # the board every step is made on
    ctx: object = None  # what folding back needs (rules.algebra.Context)
    steps: list = field(default_factory=list)
    derivative: Expr | None = None
    named: object = None  # the named-parts path's result, where it was taken
    target: object = None  # the form in y looked for (outform.Target)
    output_form: Expr | None = None
    note: str = ""
    kinks: list = field(default_factory=list)
    cached_form: Expr | None = None
    cached_values: tuple = ()
    alternatives: list = field(default_factory=list)
    order: int = 1
    first_form: Expr | None = None  # the first derivative's form in y, which higher orders use
    domain: Expr | None = None  # where the Result holds (derive/domain.py's where_it_holds)
    real: object = None  # where f itself is real, for a piecewise f real on part of the line (domain.Real)
    stated: dict = field(default_factory=dict)  # what is stated beside the steps → checked (derive/stated.py)

    @property
    def x(self):
        return self.variable

    @property
    def f(self) -> Expr:
        """The function the stages derive: the definition, or the expression it is away from its
        points (sin(πx)/(πx) for sinc, whose value 1 at 0 is reported as a joint)."""
        return self.definition if self.smooth is None else self.smooth


_FROM_ENTRY = {"name", "title", "display", "parameters"}
_RECORDED = tuple(f.name for f in fields(Derivation) if f.name not in _FROM_ENTRY)  # the state's own


def record(state: State) -> Derivation:
    """The derivation's record, built from the state the stages left."""
    entry = state.entry
    own = {name: getattr(state, name) for name in _RECORDED}
    return Derivation(**own, name=entry.name if entry else None, title=entry.title if entry else None,
                      display=entry.display if entry and not state.indices else None,
                      parameters={str(p): v for p, v in state.params.items()})
