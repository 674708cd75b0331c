"""Which part of a derivation the time goes to.

:func:`parts` wraps, for the duration of a ``with`` block,

- ``derive.outform.find``: the search for g with f' = g(f) (its own budget: 3 s),
- ``derive.search.search`` as called by :mod:`derive.reach`: the best-first search through
  the algebra rules for a written form that folds into g,
- ``Checker.equal`` and ``IndexedChecker.equal``: the numeric check of one step,

and adds the time of their outermost calls to ``{"output form": s, "rewrites": s,
"verification": s}``.  The three do not call one another, so the parts do not
overlap.  Everything is restored afterwards; derive's code is not changed.
"""
from __future__ import annotations

import time
from contextlib import ExitStack, contextmanager

KEYS = ("output form", "rewrites", "verification")


@contextmanager
def clocked(owner, attr: str, totals: dict, key: str, depth: list):
    """Add the time of the outermost calls of ``owner.attr`` to ``totals[key]``;
    ``depth`` is shared by the wrappers of one key, so a call through another is not counted twice."""
    original = owner.__dict__[attr] if isinstance(owner, type) else getattr(owner, attr)

    def wrapper(*args, **kwargs):
        depth[0] += 1
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                totals[key] += time.perf_counter() - start

    setattr(owner, attr, wrapper)
    try:
        yield
    finally:
        setattr(owner, attr, original)


@contextmanager
def parts():
    from derive import outform, reach
    from derive.verify import Checker, IndexedChecker
    totals = {key: 0.0 for key in KEYS}
    targets = [(outform, "find", "output form"), (reach, "search", "rewrites"),
               (Checker, "equal", "verification"), (IndexedChecker, "equal", "verification")]
    depths = {key: [0] for key in KEYS}
    with ExitStack() as stack:
        for owner, attr, key in targets:
            stack.enter_context(clocked(owner, attr, totals, key, depths[key]))
        yield totals
