"""From the derivative to a form already found: the algebra a lecturer writes after the rules.

:func:`towards` walks the path the search finds over the algebra rules to a written form that
folds into the target g(y), folds the definition back, and writes g as found; where the search
does not get there, g is reached in one labelled step (``def-substitute-inverse``).
:func:`shorter` applies an identity that shortens the form (1/(1 + tan²y) = cos²y), and
:func:`alternatives` gives another form of the derivative by one (tanh′ = sech²).  Every step is
made on the board.
"""
from __future__ import annotations

from sympy import Abs, Dummy, Expr, Indexed, Pow, Symbol, cancel, exp, sstr

from .board import Board
from .expr import canon, positions, replace_at, size
from .rules.algebra import (
    FOLD, LOWEST_TERMS, ON_RANGE, PYTHAGOREAN_RULE, SEARCH, SIGN_EVEN_POWER, Context, fold_all,
    naming, reciprocal_names,
)
from .rules.definitions import INVERSE, NAME_PART
from .outform import ExpKernel, Kernel, sign_of, tidy
from .rules.solving import SOLVE_SQUARE, solve_linear_steps, solve_steps
from .search import AFTER_SUBSTITUTION, search
from .step import Step

ALTERNATIVES_SIZE = 200  # an identity is looked for in derivatives up to this many nodes
AFTER_SOLVING = SEARCH + (SIGN_EVEN_POWER,)  # the search's rules, and what a real odd root leaves


def towards(target, derivative: Expr, ctx: Context, board: Board) -> list[Step]:
    """Steps from the derivative to the target form g(y)."""
    if target.via is not None:
        return [board.step(target.via, target.form, derivative, note=target.reason)]
    path = search(derivative, ctx, target.form)
    if path is None:
        return by_solving(target, derivative, ctx, board) or [
            board.step(INVERSE, target.form, derivative, let=target.substitution)]
    return finished(walked(path, derivative, ctx, board), derivative, target.form, board, ctx)


def finished(steps: list, start: Expr, form: Expr, board: Board, ctx: Context | None = None) -> list[Step]:
    """``steps`` and, where the last line is not yet written as the form, the step that writes
    it so: 1/3 − y²/3 → (1 − y²)/3; where it is the values y takes that make it the form
    (√(y²) = y for y > 0), the step says so.  Where the form only regroups the last line
    ((2y)(1 − y) as 2y(1 − y)), no line is written: the last line takes the form's writing."""
    last = steps[-1].expression if steps else start
    if sstr(last, order="none") == sstr(form, order="none"):
        return steps
    taken = _by_range(last, form, ctx)
    if taken is not None:
        return steps + [board.titled(ON_RANGE, f"Use the values y takes: {taken}", form, last)]
    rule = naming(last, form, ctx)
    if not steps:
        return [board.step(rule, form, last)]
    return board.then(steps, rule, form)  # a line that only regroups the last one is not written


def _by_range(last: Expr, form: Expr, ctx: Context | None) -> str | None:
    """"y > 0" (or "y < 0", "y real") where the values y takes rewrite a part of ``last`` (√(y²) is
    y only for y > 0: SymPy rewrites it as soon as it knows) and so make it ``form``."""
    if ctx is None or ctx.definition is None or ctx.definition.has(Indexed):
        return None
    y, taken = ctx.symbol, sign_of(ctx.definition, ctx.x)
    Y = Symbol(y.name, real=True, **({taken: True} if taken else {}))
    known = last.xreplace({y: Y})
    if known.xreplace({Y: y}) == last or canon(tidy(known).xreplace({Y: y})) != canon(form):
        return None
    return f"{y} > 0" if taken == "positive" else f"{y} < 0" if taken == "negative" else f"{y} is real"


def by_solving(target, derivative: Expr, ctx: Context, board: Board) -> list[Step] | None:
    """y = f(x) solved, one operation undone a line, until its left side is a part of f through
    which the derivative can be written (e^{βx} = e^{βy} − 1 for softplus: f′ = e^{βx}/(1 + e^{βx}));
    that part substituted, and the result brought to the form by the algebra rules.  Where the
    solve isolates a square root to square it (√(x² + b) = 2y − x), the root is substituted first,
    then x.  None where f cannot be solved so, or a line of it does not hold on the whole domain."""
    f, x, y = ctx.definition, ctx.x, ctx.symbol
    if f is None:
        return None
    named = {s: v for s, v in board.checker.folded.items() if s != y}  # S of a named path: its value in x
    df, t = canon(canon(derivative).xreplace(named)), Dummy("t")
    solved = _solved(canon(f), y, x, board) or _through_kernel(target, canon(f), y, t)
    if not solved:
        return None
    steps, before = _calls_written_out(derivative, board)
    root = _isolated_root(solved, df, x)
    if root is not None:  # √u = r: every u^{k/2} of f′ written r^k
        k, part, value = root
        df = canon(df.replace(lambda p: isinstance(p, Pow) and p.base == part.base and (2 * p.exp).is_Integer,
                              lambda p: value ** (2 * p.exp)))
        steps, before, solved = [_substituted(board, solved[:k + 1], part, value, df, derivative)], df, solved[k + 1:]
    in_part = [(k, _written_in(df, lhs, t)) for k, (_, lhs, rhs) in enumerate(solved) if not rhs.has(x)]
    upto, in_t = next((k, e) for k, e in in_part if not e.has(x))
    _, part, value = solved[upto]
    written = in_t.xreplace({t: value})
    steps.append(_substituted(board, solved[:upto + 1], part, value, written, before))
    if not all(s.verified for s in steps) or written.has(x) or written == df:
        return None
    path = search(written, ctx, target.form, AFTER_SOLVING, states=AFTER_SUBSTITUTION)
    made = walked(path, written, ctx, board) if path else _in_lowest_terms(written, target.form, board)
    return finished(steps + made, written, target.form, board, ctx)


def _calls_written_out(derivative: Expr, board: Board) -> tuple:
    """([the step that writes the catalog functions called by name by what they stand for], the
    line it writes), where the derivative has such calls (2·sigmoid(2x) = 2/(1 + e^{−2x})), so that
    the substitution after it starts from what it substitutes into; else ([], the derivative)."""
    from .called import calls_in, written_out

    calls = calls_in(derivative)
    if not calls:
        return [], derivative
    shown = canon(written_out(derivative))
    names = ", ".join(sorted({str(k.func) for k in calls}))
    return [board.titled(NAME_PART, f"Write {names} by its definition", shown, derivative)], shown


def _solved(f: Expr, y, x, board: Board) -> list | None:
    """The lines solving y = f(x) for x: an odd root taken as SymPy's principal one (x³ = y⁻⁶,
    x = (y⁻⁶)^{1/3} where x > 0) where every line holds so, else as the real one
    (x = sign(y)·|y|^{1/3} where x takes both signs)."""
    principal, real = solve_steps(f, y, x), solve_steps(f, y, x, real=True)
    if principal and principal != real and all(board.agrees(lhs, rhs) for _, lhs, rhs in principal):
        return principal
    return real or principal


def _isolated_root(solved: list, df: Expr, x) -> tuple | None:
    """(k, √u, r) for the line k = (√u = r) of a solve that squares it next, r still in x, where
    f′ holds a power of u: substituting it first leaves f′ without the root."""
    for k, (rule, lhs, rhs) in enumerate(solved[:-1]):
        if solved[k + 1][0] is SOLVE_SQUARE and rhs.has(x) \
                and any(p.base == lhs.base for p in df.atoms(Pow)):
            return k, lhs, rhs
    return None


def _substituted(board: Board, lines: list, part: Expr, value: Expr, written: Expr, before: Expr) -> Step:
    """The step ``written`` = ``before`` with part = value, the lines solving for it as sub-steps."""
    subs = [solved_line(board, rule, lhs, rhs) for rule, lhs, rhs in lines]
    return board.step(INVERSE, written, before, substeps=subs, let=(part, value))


def solved_line(board: Board, rule, lhs: Expr, rhs: Expr) -> Step:
    """The line lhs = rhs of a solve, checked; a line that says more than the one before only
    where a condition holds (u = r² from √u = r: r ≥ 0) states it, and is checked to hold only
    if the condition does at every point (r ≥ 0 there: |r| = r)."""
    condition = rule.condition(lhs, rhs)
    line = board.sub(rule, rhs, lhs, where=condition)
    if condition is not None:
        line.verified = line.verified and board.agrees(Abs(condition.lhs), condition.lhs)
    return line


def _in_lowest_terms(written: Expr, form: Expr, board: Board) -> list[Step]:
    """The substitution written as one fraction in lowest terms, where it is a fraction of
    fractions in y (1 + x/(y − x) with x = (y² − 1)/(2y): 2y²/(y² + 1)); written as the form
    where it is that fraction (−2y(1 − y), not 2y(−1 + y))."""
    new = LOWEST_TERMS.apply(written, None)
    if new is None:
        return []
    same = form.is_rational_function() and cancel(new - form) == 0  # the same fraction, its signs otherwise
    return [board.step(LOWEST_TERMS, form if same else new, written)]


def walked(path: list, start: Expr, ctx: Context, board: Board) -> list[Step]:
    """The steps of a path the search found, then the definition folded back where it appears."""
    steps, last = [], start
    for rule, state in path:
        steps.append(board.step(rule, state, last))
        last = state
    folded = fold_all(last, ctx)
    if folded != last:
        steps.append(board.step(FOLD, folded, last))
    return steps


def by_identity(e: Expr):
    """e after the Pythagorean identity rewrote one of its nodes, for each node it applies to."""
    for path, node in positions(e):
        new = PYTHAGOREAN_RULE.apply(node)
        if new is not None:
            yield canon(replace_at(e, path, new))


def shorter(form: Expr, board: Board) -> list[Step]:
    """A Pythagorean identity that shortens the output form: 1/(1 + tan²y) = cos²y."""
    for new in by_identity(form):
        if new.count_ops() < canon(form).count_ops():
            return [board.step(PYTHAGOREAN_RULE, new, form)]
    return []


def _written_in(e: Expr, part: Expr, t) -> Expr:
    """e written in t for ``part`` (every e^{cx} as a power of t where part is e^x)."""
    return (ExpKernel if isinstance(part, exp) else Kernel)(part, t).to_t(e)


def _through_kernel(target, f: Expr, y, t) -> list | None:
    """y = f(x) solved for the kernel the form was found through, where f is a fraction linear
    in it above and below (e^x/(1 + e^x) = y: e^x = y/(1 − y)), the kernel written as itself."""
    if not target.substitution:
        return None
    K = target.substitution[0]
    solved = solve_linear_steps(_written_in(f, K, t), y, t)
    if solved is None:
        return None
    return [(rule, lhs.xreplace({t: K}), rhs.xreplace({t: K})) for rule, lhs, rhs in solved]


def alternatives(derivative: Expr, board: Board) -> list[Step]:
    """Another form of the derivative by an identity (tanh' = sech²), shown as a note."""
    alt = next(by_identity(derivative), None) if size(derivative) <= ALTERNATIVES_SIZE else None
    if alt is None:
        return []
    named = reciprocal_names(alt)
    return [board.step(PYTHAGOREAN_RULE, alt, derivative, value=None if named == alt else named)]
