"""Search over the algebra rules for a written form that folds into the target.

Best-first: states whose folded form has fewer occurrences of the variable
come first, then shallower ones.  Bounded by depth, number of states and time;
returns the path of (rule, expression) or None.
"""
from __future__ import annotations

import heapq
import itertools
import time

from sympy import Expr, Indexed, Mul, preorder_traversal, srepr

from .expr import canon, is_denominator_factor, occurrences, positions, replace_at
from .rules.algebra import SEARCH, Context, fold_all
from .rules.base import depends

MAX_DEPTH = 7
MAX_STATES = 150
SECONDS = 0.3


def weight(e: Expr, x) -> int:
    """How often the variable (any component, for a vector) still occurs."""
    if isinstance(x, Indexed):
        return sum(1 for n in preorder_traversal(e) if isinstance(n, Indexed) and n.base == x.base)
    return occurrences(e, x)


def sites(e: Expr):
    """The nodes a rewrite may change: every node but the 1/d factors of a fraction
    (the fraction itself is the node to rewrite)."""
    for path, node in positions(e):
        if path and is_denominator_factor(node) and isinstance(_at(e, path[:-1]), Mul):
            continue
        yield path, node


def _at(e: Expr, path) -> Expr:
    for i in path:
        e = e.args[i]
    return e


def neighbours(state: Expr, ctx: Context, rules=SEARCH):
    """Every (rule, new state) one rewrite away."""
    for path, node in sites(state):
        for rule in rules:
            new = rule.apply(node, ctx)
            if new is not None:
                yield rule, replace_at(state, path, new)


def search(start: Expr, ctx: Context, target: Expr, rules=SEARCH) -> list | None:
    """A shortest-looking path of rewrites from ``start`` to a form that folds to ``target``."""
    goal = canon(target)
    deadline = time.monotonic() + SECONDS

    def folded(e):
        return fold_all(e, ctx)

    counter = itertools.count()
    queue = [(weight(folded(start), ctx.x), 0, next(counter), start, [])]
    seen = {srepr(start)}
    while queue and len(seen) < MAX_STATES and time.monotonic() < deadline:
        _, depth, _, state, path = heapq.heappop(queue)
        done = folded(state)
        if canon(done) == goal and not depends(done, ctx.x):
            return path
        if depth == MAX_DEPTH:
            continue
        for rule, new in neighbours(state, ctx, rules):
            key = srepr(new)
            if key in seen:
                continue
            seen.add(key)
            score = weight(folded(new), ctx.x)
            heapq.heappush(queue, (score, depth + 1, next(counter), new, path + [(rule, new)]))
    return None
