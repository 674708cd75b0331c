"""Search over the algebra rules for a written form that folds into the target.

Best-first: states whose folded form has fewer occurrences of the variable
come first, then shallower ones.  Bounded by depth, number of states and time;
returns the path of (rule, expression) or None.  The time is this process's CPU time, not
the clock's: what a search finds does not change with how busy the machine is (a search cut
short under load named no rule for a student's line that it names on an idle machine).
"""
from __future__ import annotations

import heapq
import itertools
from collections import Counter

from sympy import Add, Expr, Indexed, Mul, S, preorder_traversal

from .budget import cpu_now, past
from .expr import canon, is_denominator_factor, node_at, occurrences, positions, replace_at
from .rules.algebra import SEARCH, Context, fold_all
from .rules.base import depends

MAX_DEPTH = 7
MAX_STATES = 150
AFTER_SUBSTITUTION = 40  # states for the algebra after a substitution: a short way, or the last tidy
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
        if path and is_denominator_factor(node) and isinstance(node_at(e, path[:-1]), Mul):
            continue
        yield path, node



def neighbours(state: Expr, ctx: Context, rules=SEARCH, applied: dict | None = None, everywhere: bool = False,
               admits=None):
    """Every (rule, new state) one rewrite away.  ``applied`` keeps what each rule made of each
    node (states share most of their sub-trees: the same nodes come back in state after state).
    ``everywhere``: a node rewritten is rewritten at every place it is written (e^{atanh y} twice
    in a line: both in one step, as a lecturer writes it).  ``admits(rule, node, new)``: which
    rewrites are taken (all, without it)."""
    applied = {} if applied is None else applied
    for path, node in sites(state):
        for rule in rules:
            kept = applied.get((rule, id(node)))  # by identity: an untouched sub-tree is the same object
            if kept is None or kept[0] is not node:
                new = rule.apply(node, ctx)
                if new is not None and admits is not None and not admits(rule, node, new):
                    new = None
                kept = applied[rule, id(node)] = (node, new)
            new = kept[1]
            if new is not None:
                yield rule, everywhere_in(state, node, new) if everywhere else replace_at(state, path, new)


def everywhere_in(e: Expr, node: Expr, new: Expr) -> Expr:
    """``e`` with ``node`` replaced by ``new`` at every place it is written."""
    for at in [p for p, n in positions(e) if n == node]:
        e = replace_at(e, at, new)
    return e


def written_key(e: Expr, memo: dict):
    """What tells two written states apart, as ``srepr`` does, without printing them: the tree,
    with the terms of a sum in any order and the factors of a product in any order up to its
    first factor not known to commute (an UnevaluatedExpr: srepr prints them sorted, and the
    rest as written), and a product's leading negative number as −1 times its opposite
    (srepr prints −2·x as Mul(-1, 2, x)).  ``memo`` keeps the key of every node met, by
    identity (the node is kept with it, so its id cannot be reused)."""
    kept = memo.get(id(e))
    if kept is not None and kept[0] is e:
        return kept[1]
    if not e.args:
        found = e
    elif isinstance(e, Add):
        found = (Add, _multiset(e.args, memo))
    elif isinstance(e, Mul):
        found = (Mul,) + _factors_key(e.args, memo)
    else:
        found = (e.func, tuple(written_key(a, memo) for a in e.args))
    memo[id(e)] = (e, found)
    return found


def _multiset(args, memo) -> frozenset:
    return frozenset(Counter(written_key(a, memo) for a in args).items())


def _factors_key(args: tuple, memo: dict) -> tuple:
    """(the commuting factors as a multiset, the rest in order), as srepr splits a product."""
    k = next((i for i, a in enumerate(args) if not a.is_commutative), len(args))
    c, rest = list(args[:k]), args[k:]
    if c and c[0].is_Number and c[0].is_extended_negative and c[0] is not S.NegativeOne:
        c[:1] = [S.NegativeOne, -c[0]]
    return _multiset(c, memo), tuple(written_key(a, memo) for a in rest)


def best_first(start: Expr, ctx: Context, rules, score, *, reached=None, states: int = MAX_STATES,
               depth: int | None = None, seconds: float | None = None, everywhere: bool = False,
               admits=None) -> list | None:
    """The one search: best-first over one rewrite at a time, least ``score(state, path)`` first
    (the order found on a tie), each written state once, bounded in states, depth and time
    (``everywhere``: a rewritten node at every place it is written; ``admits``: which rewrites are
    taken; :func:`neighbours`).
    Returns the path of (rule, state) to the first state ``reached`` accepts (None if none is
    met within the bounds), or, without ``reached``, the path to the least state met."""
    deadline = None if seconds is None else cpu_now() + seconds
    keys: dict = {}
    applied: dict = {}  # (rule, node) -> the rewritten node or None, for this search's context
    order = itertools.count()
    best = (score(start, []), next(order), start, [])
    queue, seen = [best], {written_key(start, keys)}
    while queue and len(seen) < states and not past(deadline):
        entry = heapq.heappop(queue)
        _, _, state, path = entry
        if reached is not None and reached(state):
            return path
        best = min(best, entry, key=lambda q: q[0])
        if depth is not None and len(path) == depth:
            continue
        for rule, new in neighbours(state, ctx, rules, applied, everywhere, admits):
            key = written_key(new, keys)
            if key not in seen:
                seen.add(key)
                heapq.heappush(queue, (score(new, path + [(rule, new)]), next(order), new, path + [(rule, new)]))
    return None if reached is not None else best[3]


def search(start: Expr, ctx: Context, target: Expr, rules=SEARCH, states: int = MAX_STATES) -> list | None:
    """A shortest-looking path of rewrites from ``start`` to a form that folds to ``target``:
    states whose folded form has fewer occurrences of the variable first, then shallower ones."""
    goal = canon(target)
    folds: dict = {}  # id(state) -> (state, its folded form): folded once, when it is reached

    def folded(e: Expr) -> Expr:
        kept = folds.get(id(e))
        if kept is None or kept[0] is not e:
            kept = folds[id(e)] = (e, fold_all(e, ctx))
        return kept[1]

    def reached(e: Expr) -> bool:
        done = folded(e)
        return canon(done) == goal and not depends(done, ctx.x)

    return best_first(start, ctx, rules, lambda e, path: (weight(folded(e), ctx.x), len(path)), reached=reached,
                      states=states, depth=MAX_DEPTH, seconds=SECONDS)


def least(start: Expr, ctx: Context, rules, measure, states: int = 80) -> list:
    """The path of (rule, state) to the state least by ``measure`` (the fewest rewrites on a tie),
    among the first ``states`` states reached."""
    return best_first(start, ctx, rules, lambda e, path: (*measure(e), len(path)), states=states)
