"""Which rules take a line of a student's derivation to the next.

The first derivative line: the differentiation rules derive uses on the function (every
rule of the derivation's steps and sub-steps), then the algebra from derive's result to
the student's line.  A later line: a bounded best-first search over the algebra rules
from the line before to a form that SymPy's arithmetic makes the student's line.  The
search is :func:`derive.search.search` with the student's line as one more form to fold:
a state that folds into it is the line.  None found within the bound: no rule is named
(the printers say "right, by algebra"); a rule is never named that does not apply.
"""
from __future__ import annotations

from sympy import Add, Dummy, Expr, Mul

from .expr import canon, size

def _rule_sets():
    """The search's rules; then, where they find no path, with the textbook's identities too (a
    difference of squares factored, like terms collected, a double angle) and the reciprocal
    identities (sec²x = 1/cos²x)."""
    from .rules.algebra import ARITHMETIC, PYTHAGOREAN_RULE, RECOGNIZE, SEARCH, TEXTBOOK
    from .rules.reciprocal import RECIPROCAL
    first = (ARITHMETIC,) + SEARCH + (RECOGNIZE, PYTHAGOREAN_RULE)
    return first, first + tuple(r for r in TEXTBOOK if r not in first) + (RECIPROCAL,)


def derivation_step(work, checker):
    """derive's own step d/dx f = …, with its sub-steps, made on a board with ``checker`` (None
    if the rule set cannot take it)."""
    from .board import Board
    from .differentiate import differentiate

    try:
        return differentiate(work.definition, work.x, Board(checker))
    except (ValueError, TypeError, NotImplementedError, AttributeError, StopIteration):
        return None


def first_rules(work, checker, line: Expr) -> tuple[list[str], bool]:
    """The rules from f to the first derivative line, and whether algebra the search did not
    identify comes after them."""
    step = derivation_step(work, checker)
    if step is None:
        return [], True
    used = []
    for s in step.walk():
        if s.rule not in used and s.verified:
            used.append(s.rule)
    written = step.value if step.value is not None else step.expression
    more = rules_between(work, written, line)
    return used + (more or []), more is None


def signed_forms(e: Expr) -> list:
    """``e``, and for a product the same product with the sign of one of its sums taken out in
    front: (1 − t)(1 + t) is −(t − 1)(t + 1) as a rule writes it."""
    forms = [e]
    if isinstance(e, Mul):
        for k, a in enumerate(e.args):
            if isinstance(a, Add):
                forms.append(canon(Mul(-1, *e.args[:k], canon(-a), *e.args[k + 1:])))
    return list(dict.fromkeys(forms))


def rules_between(work, before: Expr, line: Expr, held=None) -> list[str] | None:
    """The algebra rules that take ``before`` to ``line`` (both right), in order; [] when the two
    are written alike up to SymPy's arithmetic; None when the search finds no path within its bound.
    Where SymPy reads the two alike, ``held()`` gives them as written ((before, line, whether both
    are read exactly as written), read with evaluation held; None where not had), and the rule that names what changed there is named:
    a cancellation (x²/x = x), a negative power as a fraction (−2x⁻³ = −2/x³).  Where the search
    from ``before`` finds no path, it is run from ``line`` back: an identity is read either way
    (cot x = cos x/sin x is the quotient identity)."""
    from .rules.algebra import ARITHMETIC, FOLD, Context, fold_all

    base = Context(work.x, work.definition, work.folded) if work.folded is not None else Context(work.x)
    if canon(before) == canon(line):  # SymPy's arithmetic alone: named when it tidies, not when it writes more
        named = _as_written(*(held() if held is not None else (None, None, False)))
        if named is not None:
            return named
        return [ARITHMETIC.id] if size(line) < size(before) else []
    target = canon(fold_all(line, base))
    if canon(fold_all(before, base)) == target:
        return [FOLD.id]
    path = _searched(work, base, before, target)
    if path is None and not (work.folded is not None and line.has(work.folded)):
        back = _searched(work, base, line, canon(fold_all(before, base)))
        path = None if back is None else back[::-1]
    if path is None:
        return None
    ids = []
    for rule, _ in path:
        if rule.id not in ids:
            ids.append(rule.id)
    if work.folded is not None and line.has(work.folded) and not before.has(work.folded):
        ids.append(FOLD.id)
    return ids


def _searched(work, base, start: Expr, target: Expr) -> list | None:
    """The search's path from ``start`` to ``target`` (or to its sign taken out of a sum), by the
    rule sets in turn; None where none finds one."""
    from .rules.algebra import Context
    from .search import search

    goal = Dummy("line")
    ctx = Context(work.x, base.definition, base.symbol, more=tuple((t, goal) for t in signed_forms(target)))
    for rules in _rule_sets():
        try:
            path = search(start, ctx, goal, rules=rules)
        except (ValueError, TypeError, RecursionError):
            path = None
        if path is not None:
            return path
    return None


def _as_written(before: Expr | None, line: Expr | None, exact: bool) -> list[str] | None:
    """The rule that names the step between two lines SymPy reads alike, from the lines as
    written: a negative power written as a fraction, else what :func:`derive.rules.algebra.naming`
    finds (a cancellation, like terms collected; numbers multiplied out only where the lines are
    read ``exact``ly as written, not through SymPy's LaTeX reader); None where the lines as
    written are not had, or are written alike."""
    from .rules.algebra import ARITHMETIC, naming
    from .rules.reciprocal import NEGATIVE_POWER, written_as_fractions

    if before is None or line is None or canon(before) != canon(line) or before == line:
        return None
    if written_as_fractions(before, line):
        return [NEGATIVE_POWER.id]
    try:
        rule = naming(before, line)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return None
    return [rule.id] if rule is not ARITHMETIC or exact and size(line) < size(before) else None
