"""Stages combined, in the spirit of ``sympy.strategies``.

A stage is a function of the derivation's state that returns the new state, or None when it
does not apply (nothing to do: the state goes on unchanged).  These few combinators make the
strategy of a derivation one readable table (:mod:`derive.pipeline`).
"""
from __future__ import annotations

import os
import sys


def chain(*stages):
    """Each stage in turn on what the one before left; a stage that does not apply is passed by.
    Each is traced by :func:`debug`."""
    names = ", ".join(_name(s) for s in stages)
    stages = tuple(debug(s) for s in stages)

    def run(state):
        for stage in stages:
            state = stage(state) or state
        return state
    run.__name__ = f"chain({names})"
    return run


def do_one(*stages):
    """The first stage that applies (None if none does)."""
    def run(state):
        for stage in stages:
            new = stage(state)
            if new is not None:
                return new
        return None
    run.__name__ = "do_one(" + ", ".join(_name(s) for s in stages) + ")"
    return run


def condition(test, stage):
    """``stage`` where ``test(state)`` holds; elsewhere it does not apply."""
    def run(state):
        return stage(state) if test(state) else None
    run.__name__ = f"{stage.__name__} if {test.__name__}"
    return run


def switch(key, table: dict):
    """The stage ``table[key(state)]``."""
    def run(state):
        return table[key(state)](state)
    run.__name__ = f"switch({key.__name__})"
    return run


def debug(stage):
    """``stage`` that says, on stderr, when DERIVE_DEBUG is set, whether it applied and how many
    lines it added (what ``sympy.strategies.debug`` does for rules)."""
    if not os.environ.get("DERIVE_DEBUG"):
        return stage

    def run(state):
        before = len(state.steps)
        new = stage(state)
        added = "not applied" if new is None else f"{len(new.steps) - before:+d} lines"
        sys.stderr.write(f"derive: stage {_name(stage)}: {added}\n")
        return new
    run.__name__ = _name(stage)
    return run


def _name(stage) -> str:
    return getattr(stage, "__name__", repr(stage))
