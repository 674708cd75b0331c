"""The whole strategy of a derivation, in one table.

Read it top to bottom the way a lecturer works at the board: read the input; for a function
of one variable, differentiate it (through the catalog functions it contains, by their own
derivations, where that saves calls; else from its definition), look for the form in the
function's own output, reach it by shown algebra, shorten it by an identity, write the
derivative with the forward pass's values where a backward pass would still call exp or log,
note another form by an identity, and write a result through a catalog function by its name; a function of a vector follows the cases i = j and
i ≠ j; a loss of a vector makes its sums simpler.  Higher orders go on from there.

Each stage is a function of the state (:mod:`derive.stages`, :mod:`derive.higher`); the
combinators are :mod:`derive.combinators`; with ``DERIVE_DEBUG=1`` every stage of a chain says on
stderr what it did.  The record is built once, at the end (:func:`derive.state.record`).
"""
from __future__ import annotations

from functools import lru_cache

from .catalog import lookup
from .combinators import chain, condition, do_one, switch
from .derivation import Derivation
from .higher import MAX_ORDER, orders
from .parse import ParseError
from .stages import (
    alternative_forms, cases, definition, form_domain, joined_pieces, known_function, forward_values, gradient, has_form, kind,
    loss_board, name_vector_values,
    named_parts, named_result, named_vector_parts, needs_calls, reach_form, read, real_part, result_domain, scalar_board,
    shorter_form, simpler_sums, stated,
    target, textbook, vector_board, witness_values,
)
from .state import State, record

SCALAR = chain(
    scalar_board,
    real_part,
    do_one(named_parts, definition),
    result_domain,
    target,
    joined_pieces,
    witness_values,
    textbook,
    condition(has_form, reach_form),
    condition(has_form, form_domain),
    condition(has_form, shorter_form),
    condition(needs_calls, forward_values),
    alternative_forms,
    known_function,
    named_result,
)
VECTOR = chain(vector_board, definition, cases)
LOSS = chain(
    loss_board,
    do_one(named_vector_parts, chain(definition, simpler_sums, name_vector_values)),
    gradient,
)
DERIVATION = chain(
    read,
    switch(kind, {"scalar": SCALAR, "vector": VECTOR, "loss": LOSS}),
    orders,
    stated,
)


def derive(source: str, wrt: str | None = None, order: int = 1) -> Derivation:
    """Derive ``source`` (a catalog name or an expression) ``order`` times."""
    if not 1 <= order <= MAX_ORDER:
        raise ParseError(f"the order must be a whole number from 1 to {MAX_ORDER}")
    from .order import following, writing_of_input
    with following(writing_of_input(source)):  # the product rule takes f and g as the user wrote them
        return record(DERIVATION(State(source, wrt, order, known=own_derivation)))


def derive_each(source: str, wrt: str | None = None, order: int = 1) -> list[Derivation]:
    """One derivation per input of a catalog function of several (glu: by a, then by b); else
    the one derivation."""
    entry = lookup(source)
    if entry is None or wrt is not None:
        return [derive(source, wrt, order)]
    return [derive(source, v if len(entry.inputs) > 1 else None, order) for v in entry.inputs]


@lru_cache(maxsize=None)
def own_derivation(name: str) -> Derivation | None:
    """A catalog function's own derivation, where it was verified: inside another derivation, its
    form stands for its derivative (S′ = S(1 − S)), or its derivative at the call's argument
    (softplus′(2x) = sigmoid(2x)); the stages that name catalog functions ask for it."""
    d = derive(name)
    return d if d.verified else None
