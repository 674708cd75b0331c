"""From the derivative to a form already found: the algebra a lecturer writes after the rules.

:func:`towards` walks the path the search finds over the algebra rules to a written form that
folds into the target g(y), folds the definition back, and writes g as found; where the search
does not get there, g is reached in one labelled step (``def-substitute-inverse``).
:func:`shorter` applies an identity that shortens the form (1/(1 + tan²y) = cos²y), and
:func:`alternatives` gives another form of the derivative by one (tanh′ = sech²).  Every step is
made on the board.
"""
from __future__ import annotations

from dataclasses import replace

from sympy import Abs, Add, Dummy, Mul, Expr, factor, Function, Indexed, Pow, S, Symbol, cancel, preorder_traversal, cosh, count_ops, exp, expand, sinh, sstr, tanh, together

from .board import Board, reads_as
from .expr import add, canon, frac, mul, fraction, is_denominator_factor, neg, node_at, positions, replace_at, size, split_sign
from .rules.algebra import (
    ABOVE_BELOW, ARITHMETIC, CONJUGATE, EXPAND_POWERS, LOWEST_OF_PARTS, MULTIPLE_ANGLE, SQUARE_AS_TANGENT, CANCEL, CANCEL_MULTIPLE, MULTIPLY_INTO, ROOTS_MULTIPLIED, COLLECT, COMMON_DENOMINATOR, COMPOUND, DIVIDE_BY_FRACTION, EXPAND, FACTOR_SUM, FOLD, LOWEST_TERMS, ON_RANGE, ONE_FRACTION, PYTHAGOREAN_RULE, SEARCH, SIGN_EVEN_POWER,
    TEXTBOOK, Context, fold_all, inner_fractions, naming, reciprocal_names, uncollected,
)
from .rules.definitions import INVERSE, NAME_PART
from .rules.identities import EXP_OF_INVERSE_HYPERBOLIC, HYPERBOLIC_AS_EXP, HYPERBOLIC_OF_EXP, OF_INVERSE
from .outform import ExpKernel, Kernel, MagnitudeKernel, identity_path, kernel_of, sign_of, tidy
from .rules.solving import (
    SOLVE_EXP, SOLVE_SQUARE, SolveRule, solve_linear_steps, solve_magnitude_steps, solve_quadratic_steps, solve_squared_steps,
    solve_steps,
)
from .search import AFTER_SUBSTITUTION, everywhere_in, search
from .step import Step

ALTERNATIVES_SIZE = 200  # an identity is looked for in derivatives up to this many nodes
AFTER_SOLVING = SEARCH + (SIGN_EVEN_POWER, CONJUGATE)  # the search's rules, what a real odd root leaves, and a
# quadratic's root below a fraction


def towards(target, derivative: Expr, ctx: Context, board: Board) -> list[Step]:
    """Steps from the derivative to the target form g(y)."""
    if target.via is not None:
        pieces = by_pieces(derivative, ctx, board)
        return [board.step(target.via, target.form, derivative, note=target.reason, substeps=pieces)]
    path = search(derivative, ctx, target.form)
    if path is None:
        return by_solving(target, derivative, ctx, board) or by_substituting(target, derivative, ctx, board) or [
            board.step(INVERSE, target.form, derivative, let=target.substitution)]
    return finished(walked(path, derivative, ctx, board), derivative, target.form, board, ctx)


PIECE_POINTS = (-2.3, -1.1, -0.4, 0.3, 0.9, 2.2)  # where the piece of f that a piece of f′ is the slope of is read


def by_pieces(derivative: Expr, ctx: Context, board: Board) -> list[Step]:
    """Each piece of a piecewise f′ written in y as the form of a function of its own, the piece
    of f it is the slope of (softsign(3x) for x > 0: y = 3x/(1 + 3x), x = y/(3(1 − y)), so
    3/(1 + 3x)² = 3(1 − y)²): the piece's steps, each saying for which x it holds and checked with
    y standing for that piece.  A piece without x needs none (2 for x > 0); [] where a piece of
    f cannot be matched to one of f′, or its form is not found."""

    from sympy import And, Piecewise

    from . import outform
    from .verify import Checker

    written, x, y = (ctx.also[-1] if ctx.also else ctx.definition), ctx.x, ctx.symbol
    if not isinstance(derivative, Piecewise) or not isinstance(written, Piecewise) or y is None:
        return []
    subs = []
    for dp, cond in derivative.args:
        p = _piece_of(written, cond, x)
        if p is None:
            return []
        if not dp.has(x):
            continue
        found = outform.find(p, dp, x, y)
        if not found.exists:
            return []
        steps = towards(found, dp, Context(x, p, y), board.lend(Checker(x, p, folded={y: p})))
        steps = [replace(s, where=cond if s.where is None else And(cond, s.where)) for s in steps]
        subs += [replace(steps[0], before=dp)] + steps[1:] if steps else []
    return subs


def _piece_of(written, cond, x) -> Expr | None:
    """The piece of ``written`` that applies at every sample point where ``cond`` holds."""
    found = set()
    for at in PIECE_POINTS:
        if _holds_at(cond, x, at):
            found.add(next((e for e, c in written.args if _holds_at(c, x, at)), None))
    return found.pop() if len(found) == 1 and None not in found else None


def _holds_at(cond, x, at) -> bool:
    """Whether cond is true at x = at (False where it is not real there: log(x) > 0 at x < 0)."""
    try:
        return cond.subs(x, at) is S.true
    except (TypeError, ValueError):
        return False


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
    arithmetic = canon(last) == canon(form)  # (√(1 + tan²y)/(1 + tan²y) = 1/√(1 + tan²y): no identity on the way)
    shown = by_identities(last, board) if ctx is not None and not arithmetic else []
    if shown:
        return finished(steps + shown, start, form, board, ctx)
    multiplied = _multiplied_out(last, form, ctx, board) if ctx is not None else []
    if multiplied:
        return steps + multiplied
    algebraic = _exp_undone(last, form, ctx, board) or _conjugated(last, form, board)
    if algebraic:
        return finished(steps + algebraic, start, form, board, ctx)
    rule = rule_for(last, form, ctx)
    walk = to_one_fraction(last, form, ctx.symbol, board) if ctx is not None and inner_fractions(
        last) > inner_fractions(form) and (rule in JUMPING or nested_jump(last, form)) else []
    if walk and inner_fractions(walk[-1].expression) < inner_fractions(last):  # fractions inside fractions:
        return finished(steps + walk, start, form, board, ctx)  # cleared a small step a line, not in one jump
    lines = a_rule_a_line(last, form, rule, ctx, board)
    if lines:
        return finished(steps + lines, start, form, board, ctx)
    if rule is None:  # two rules in a row (1 + 1/(e^y − 1) over a common denominator, then multiplied out)
        between = _one_rule_before(last, form, ctx)
        if between is not None:
            first, middle, rule = between
            steps = steps + [board.step(first, middle, last)]
    rule = rule or naming(last, form, ctx)
    if not steps:
        return [board.step(rule, form, last)]
    return board.then(steps, rule, form)  # a line that only regroups the last one is not written


JUMPING = (None, LOWEST_TERMS, COMPOUND)  # what rule_for names where no one small rule writes the form


def by_parts(e: Expr, form: Expr, ctx: Context | None, board: Board) -> list[Step]:
    """The lines that bring a fraction of polynomials (or a sum of them, first written over a
    common denominator) to ``form`` in lowest terms, a named rule each: the common factors
    cancelled where that is enough (−2(1 + y)²/4 = −(1 + y)²/2), else numerator and denominator
    multiplied out, their like terms collected (alg-expand: ((1 + y)² + (y − 1)²)/((1 + y)² +
    (y − 1)² − 2(1 + y)(y − 1)) = (2y² + 2)/4), factored (alg-factor-sum: 2(y² + 1)/4) and
    cancelled (alg-cancel: (y² + 1)/2), then multiplied out where the form is (2(1 − y)(1 + y) =
    2(1 − y²)); [] where ``e`` is no such fraction or the lines do not reach the form."""
    if ctx is None or size(e) > MAX_PARTS or not e.is_rational_function():
        return []
    steps = _one_fraction(e, board)
    if steps is None:
        return []
    last = steps[-1].expression if steps else e
    for lines in (_cancelled(last, ctx, board), _multiplied_out_and_factored(last, ctx, board)):
        done = steps + lines
        last = done[-1].expression if done else e
        if done and not _written_as(last, form) and canon(expand(last)) == canon(form):  # 2(1 − y)(1 + y) = 2(1 − y²)
            done, last = done + [board.step(EXPAND, form, last)], form
        if done and _written_as(last, form) and all(s.verified for s in done):
            return done
    return []


def _written_as(e: Expr, form: Expr) -> bool:
    """Whether ``e`` is ``form`` with nothing left to do but regroup: the same expression, its
    like terms collected, no longer than the form."""
    return canon(e) == canon(form) and not uncollected(e) and count_ops(e) <= count_ops(form)


def _one_fraction(e: Expr, board: Board) -> list[Step] | None:
    """[] where ``e`` is a fraction of two polynomials as written; [the line writing it so] where
    it is a sum of them (over a common denominator) or divided by a fraction of them (−2/(2/(1 + y))²
    = −2(1 + y)²/4); None where it is neither."""
    if isinstance(e, Add):
        over = _over_common_denominator(e)
        return None if over is None else [board.step(COMMON_DENOMINATOR, over, e)]
    inner = [f for f in e.args if isinstance(f, Add)] if isinstance(e, Mul) else []
    over = _over_common_denominator(inner[0]) if len(inner) == 1 else None
    if over is not None:  # (y(1 − y/a) = y(a − y)/a: the sum among the factors over its denominator)
        top, below = fraction(over)
        return [board.step(COMMON_DENOMINATOR, frac(mul(*[top if f is inner[0] else f for f in e.args]), below), e)]
    written = _as_printed(e)
    if written is None:
        return None
    return [] if written is e else [board.step(DIVIDE_BY_FRACTION, written, e)]


def _as_printed(e: Expr) -> Expr | None:
    """``e`` written as a fraction of two polynomials: as it is, or where a fraction divides it,
    multiplied by the reciprocal (−2/(2/(1 + y))² as −2(1 + y)²/4); None where it is no such fraction."""
    sign, body = split_sign(e)
    n, d = fraction(body)
    if n.is_polynomial() and d.is_polynomial():
        return e
    n, d = body.as_numer_denom()
    if not (n.is_polynomial() and d.is_polynomial()) or fraction(body)[1] == 1:
        return None
    return neg(frac(n, d)) if sign else frac(n, d)


def _over_common_denominator(e: Add) -> Expr | None:
    """The sum of fractions ``e`` over the least common multiple of its denominators:
    1/2 + (4y² − 4)/(8(y² + 1)) = ((y² + 1) + (y² − 1))/(2(y² + 1)); None where a term is no fraction
    of polynomials."""
    from sympy import lcm

    below = [canon(t).as_numer_denom()[1] for t in e.args]
    d = factor(lcm(below))
    tops = [cancel(canon(t) * d) for t in e.args]
    if d == 1 or any(canon(t).as_numer_denom()[1] != 1 for t in tops):
        return None
    return frac(add(*tops), d)


def _multiplied_out_and_factored(e: Expr, ctx: Context, board: Board) -> list[Step]:
    """The numerator and the denominator of ``e`` multiplied out (alg-expand), then factored
    (alg-factor-sum), a line each where it changes them, then the common factors cancelled."""
    sign, (n, d) = split_sign(e)[0], fraction(split_sign(e)[1])
    if d == 1:
        return []
    steps, last = [], e
    multiplies = any(expand(canon(p)) != canon(p) for p in (n, d))  # else SymPy only collects like terms
    for rule, made in ((EXPAND if multiplies else COLLECT, expand), (FACTOR_SUM, factor)):
        n, d = (made(canon(p)) if isinstance(p, Add) else p for p in (n, d))
        new = neg(frac(n, d)) if sign else frac(n, d)
        if not reads_as(new, last):
            steps.append(board.step(rule, new, last))
            last = new
    return steps + _cancelled(last, ctx, board)


def _cancelled(e: Expr, ctx: Context, board: Board) -> list[Step]:
    """A line for each common factor cancelled from ``e`` (numbers too: 2(1 + y²)/4 = (1 + y²)/2)."""
    steps, last = [], e
    for _ in range(MAX_PARTS_CANCELLED):
        sign, body = split_sign(last)  # (−2(1 + y²)/4: the 2 and the 4 are under the sign)
        new = CANCEL.apply(body, ctx) or CANCEL_MULTIPLE.apply(body)
        if new is None:
            break
        new = neg(new) if sign else new
        steps.append(board.step(CANCEL, new, last))
        last = new
    return steps


MAX_PARTS = 80  # a fraction larger than this is not multiplied out line by line
MAX_PARTS_CANCELLED = 3


def a_rule_a_line(last: Expr, form: Expr, rule, ctx: Context | None, board: Board) -> list[Step]:
    """The lines that write ``last`` as ``form`` a rule each where ``rule`` (what :func:`rule_for`
    names) would do several at once: a fraction brought to lowest terms (:func:`by_parts`:
    ((1 + y)² + (y − 1)²)/4 multiplied out, factored, cancelled), or what SymPy's arithmetic does
    (:func:`by_regrouping`: (1 − y²)(√(1 + y) − √(1 − y))/√(1 + y) factored, cancelled, multiplied
    into the bracket, the roots multiplied); [] where neither gets there."""
    parts = by_parts(last, form, ctx, board) if rule in (None, LOWEST_TERMS) else []
    return parts or (by_regrouping(last, form, ctx, board) if rule is None or rule is ARITHMETIC else [])


REGROUP = (FACTOR_SUM, CANCEL, EXPAND, MULTIPLY_INTO, ROOTS_MULTIPLIED)  # what writes a line as the form SymPy's arithmetic makes it
REGROUP_STATES, REGROUP_DEPTH, REGROUP_SECONDS = 120, 5, 0.3


def by_regrouping(last: Expr, form: Expr, ctx: Context | None, board: Board) -> list[Step]:
    """The lines, a rule of REGROUP each, from ``last`` to ``form`` where SymPy's arithmetic alone
    writes one as the other but more than one rule does it ((1 − y²)(√(1 + y) − √(1 − y))/√(1 + y):
    1 − y² = (1 − y)(1 + y), (1 + y)/√(1 + y) = √(1 + y), √(1 + y) multiplied into the bracket,
    √(1 + y)√(1 − y) = √(1 − y²)); [] where the search does not find them within its bounds (in
    states, depth and CPU time), or a line does not hold."""
    from .search import best_first

    if ctx is None or ctx.symbol is None or size(last) > MAX_PARTS or not last.has(Pow):
        return []
    path = best_first(last, Context(ctx.symbol), REGROUP, lambda e, p: (size(e), len(p)),
                      reached=lambda e: reads_as(e, form), states=REGROUP_STATES, depth=REGROUP_DEPTH,
                      seconds=REGROUP_SECONDS)
    if not path or len(path) < 2:
        return []
    steps = walked_plain(path, last, board)
    return steps if all(s.verified for s in steps) else []


def walked_plain(path: list, start: Expr, board: Board) -> list[Step]:
    """A step for each (rule, state) of a path the search found."""
    steps, last = [], start
    for rule, state in path:
        steps.append(board.step(rule, state, last))
        last = state
    return steps


def nested_jump(last: Expr, form: Expr) -> bool:
    """Whether ``form`` is ``last`` with two or more of its fractions inside fractions, or sums of
    fractions, cleared: more than one small step, whatever one rule SymPy's arithmetic then
    completes ((1 + y/(1 − y))⁻² = (1 − y)² is a common denominator, a collection and a
    division by a fraction)."""
    return inner_fractions(last) - inner_fractions(form) >= 2


MULTIPLY_OUT = (LOWEST_OF_PARTS, EXPAND_POWERS, HYPERBOLIC_OF_EXP)  # to a form in cosh y: (1 + e^y)²e^{−y} =
# e^y + 2 + e^{−y} = 2 + 2cosh y
UNDO_EXP = (EXP_OF_INVERSE_HYPERBOLIC,)  # e^{atanh y} = √(1 + y)/√(1 − y): where the form has no such exponential
IDENTITY_MADE = (cosh, sinh)  # what an identity writes that the algebra rules do not
RULE_SET_STATES, RULE_SET_DEPTH = 40, 4


def by_rule_set(last: Expr, rules: tuple, reached, ctx: Context | None, board: Board,
                everywhere: bool = False) -> list[Step]:
    """The lines, a rule of ``rules`` each, from ``last`` to the first line ``reached`` accepts,
    the fewest first, as the one search finds them (``everywhere``: a node rewritten wherever
    it is written); [] where it finds none within its bounds, or a line does not hold."""
    from .search import best_first

    in_y = Context(ctx.symbol if ctx is not None and ctx.symbol is not None else Dummy())
    path = best_first(last, in_y, rules, lambda e, p: len(p), reached=reached, states=RULE_SET_STATES,
                      depth=RULE_SET_DEPTH, seconds=REGROUP_SECONDS, everywhere=everywhere)
    steps = walked_plain(path, last, board) if path else []
    return steps if all(s.verified for s in steps) else []


def _multiplied_out(last: Expr, form: Expr, ctx: Context | None, board: Board) -> list[Step]:
    """The lines from ``last`` to a ``form`` in cosh y or sinh y, by MULTIPLY_OUT: in lowest terms,
    multiplied out, then e^y + e^{−y} = 2cosh y ((1 + e^y)(1 + e^y)e^{−y} = 2 + e^y + e^{−y} =
    2 + 2cosh y); [] where they do not reach the form."""
    if not form.has(*IDENTITY_MADE) or not last.has(exp):
        return []
    goal = canon(form)
    return by_rule_set(last, MULTIPLY_OUT, lambda e: canon(e) == goal, ctx, board)


def _exp_undone(last: Expr, form: Expr, ctx: Context | None, board: Board) -> list[Step]:
    """The line writing each e^{F(u)} of ``last`` algebraically, every place it is written
    (e^{atanh y} = √(1 + y)/√(1 − y)), where the form has no such exponential; else []."""
    def undone(n):
        return EXP_OF_INVERSE_HYPERBOLIC.apply(n) is not None

    if any(undone(n) for n in form.atoms(exp)) or not any(undone(n) for n in last.atoms(exp)):
        return []
    return by_rule_set(last, UNDO_EXP, lambda e: not any(undone(n) for n in e.atoms(exp)), ctx, board,
                       everywhere=True)


def _conjugated(last: Expr, form: Expr, board: Board) -> list[Step]:
    """The line clearing a square root below a fraction of ``last`` by its conjugate, where the
    form has no root below ((y + √(y² + 4))/2 + 2/(y + √(y² + 4)): 2(√(y² + 4) − y)/4 for the
    second term); [] where there is none, or the line is not verified."""
    if any(CONJUGATE.apply(n) is not None for _, n in positions(form)):
        return []
    found = next(((n, new) for _, n in positions(last) if (new := CONJUGATE.apply(n)) is not None), None)
    if found is None:
        return []
    step = board.step(CONJUGATE, everywhere_in(last, *found), last)
    return [step] if step.verified else []


def by_identities(e: Expr, board: Board) -> list[Step]:
    """The identities that shorten ``e`` (1 − sin²y = cos²y, then √(cos²y) = cos y), a step each;
    one whose rewrite holds only where a condition does (cos y ≥ 0) states it and is taken only
    where the checker finds it at every point (|cos y| = cos y for y = asin(2x))."""
    def admits(condition) -> bool:
        return board.agrees(Abs(condition.lhs), condition.lhs)

    steps, last = [], e
    for rule, new, condition in identity_path(e, admits):
        steps.append(board.step(rule, new, last, where=condition))
        last = new
    return steps


# the rules that may name a last line written as the form, in the order they are asked: the
# search's (what a line that splits (a − 1)/a as 1 − 1/a does is a split), then the tidy's
JUMPS = (ARITHMETIC,) + tuple(r for r in SEARCH if r.id != "alg-add-subtract") + (LOWEST_TERMS,) + tuple(
    r for r in TEXTBOOK if r not in SEARCH)


def rule_for(last: Expr, form: Expr, ctx: Context | None) -> object | None:
    """The rule that writes ``form`` from ``last`` in one application to a part of it (−1/(1 + 1/t²)
    as −t²/(t² + 1): one fraction in lowest terms, not a factoring), or, where ``form`` is the
    same fraction of the same parts (roots and calls alike), written in lowest terms (without a
    fraction: factored, or multiplied out); None where no rule does it alone."""
    target = canon(form)
    if canon(last) == target:  # SymPy's arithmetic alone: named by what it does (√a/a = 1/√a cancels √a)
        return naming(last, form, ctx)
    for rule, new in _rewrites(last, ctx):
        if canon(new) == target:
            return rule
    if not same_fraction(last, form):
        return None
    if canon(form).as_numer_denom()[1] == 1 and canon(last).as_numer_denom()[1] == 1:  # no fraction
        return naming(last, form, ctx)  # factored, multiplied out, or arithmetic
    return None if canon(form).is_Add else LOWEST_TERMS  # a sum of fractions is not one fraction


def _rewrites(e: Expr, ctx: Context | None):
    """(rule, e with one node rewritten by it) for each rule of JUMPS and each node it applies to."""
    in_y = Context(ctx.symbol if ctx is not None and ctx.symbol is not None else Dummy())
    for rule in JUMPS:
        for at, node in positions(e):
            try:
                new = rule.apply(node, in_y)
            except Exception:  # noqa: BLE001 - a rule that cannot rewrite this node is not a way
                continue
            if new is not None:
                yield rule, replace_at(e, at, new)


def _one_rule_before(last: Expr, form: Expr, ctx: Context | None) -> tuple | None:
    """(a rule, the line it writes, the rule that then writes ``form``) where two rules do it."""
    for rule, middle in _rewrites(last, ctx):
        then = rule_for(middle, form, ctx)
        if then is not None and canon(middle) != canon(last):
            return rule, middle, then
    return None


def same_fraction(a: Expr, b: Expr) -> bool:
    """Whether a and b are the same rational function of the same parts (each call and each
    fractional power a letter of its own): then a is b written in lowest terms."""
    a, b = _exp_powers(canon(a), canon(b))
    parts = {p for e in (a, b) for p in e.atoms(Function, Pow)
             if not isinstance(p, Pow) or not p.exp.is_Integer}
    letters = {p: Dummy() for p in parts}
    ra, rb = a.xreplace(letters), b.xreplace(letters)
    if ra.free_symbols - set(letters.values()) - b.free_symbols or not (ra.is_rational_function()
                                                                          and rb.is_rational_function()):
        return False
    return cancel(ra - rb) == 0


def _exp_powers(*es: Expr) -> tuple:
    """``es`` with every e^{k·u} (k an integer) written as a power of one letter T for e^u: e^{−y}
    as 1/T where e^y is T."""
    args = sorted({a.args[0] for e in es for a in e.atoms(exp)}, key=lambda u: (u.could_extract_minus_sign(), str(u)))
    if not args:
        return es
    u, T = args[0], Dummy("T")  # T stands for e^u (written back, e^u to a power would be e^{ku} again)

    def power(n):
        k = n.args[0] / u
        return T ** k if k.is_Integer else n
    return tuple(e.replace(lambda n: isinstance(n, exp), power) for e in es)


def _by_range(last: Expr, form: Expr, ctx: Context | None) -> str | None:
    """"y > 0" (or "y < 0", "y real") where the values y takes rewrite a part of ``last`` (√(y²) is
    y only for y > 0: SymPy rewrites it as soon as it knows) and so make it ``form``."""
    if ctx is None or ctx.definition is None or ctx.definition.has(Indexed):
        return None
    y, taken = ctx.symbol, sign_of(ctx.definition, ctx.x)
    Y = Symbol(y.name, real=True, **({taken: True} if taken else {}))
    known = last.xreplace({y: Y})
    if canon(known).xreplace({Y: y}) == canon(last) or canon(tidy(known).xreplace({Y: y})) != canon(form):
        return None
    if canon(tidy(last)) == canon(form):  # the algebra alone does it (y − y² = y(1 − y)): no range used
        return None
    return f"{y} > 0" if taken == "positive" else f"{y} < 0" if taken == "negative" else f"{y} is real"


def by_solving(target, derivative: Expr, ctx: Context, board: Board) -> list[Step] | None:
    """y = f(x) solved, one operation undone a line, until its left side is a part of f through
    which the derivative can be written (e^{βx} = e^{βy} − 1 for softplus: f′ = e^{βx}/(1 + e^{βx}));
    the definition folded into y where f′ holds it (3x²e^{x³} = 3x²y); that part substituted, and
    the result brought to the form by the algebra rules.  Where the solve isolates a square root
    to square it (√(x² + b) = 2y − x), the root is substituted first, then x.  None where f cannot
    be solved so, or a line of it does not hold on the whole domain."""
    if ctx.definition is None:
        return None
    t = Dummy("t")
    begun = _solve_begun(target, derivative, ctx, board, t)
    if begun is None:
        return None
    solved, steps, before, df = begun
    if steps and steps[-1].rule == FOLD.id and not df.has(ctx.x):  # the definition folded was all the x
        # there was (2σ(2x)(1 − σ(2x)) = 2y(1 − y))
        return finished(steps, derivative, target.form, board, ctx) if all(s.verified for s in steps) else None
    solved, steps, before, df = _root_first(solved, steps, before, df, derivative, ctx.x, board)
    substituted_ = _part_substituted(solved, steps, before, df, ctx.x, t, board)
    if substituted_ is None:  # (x = atan(sinh y) holds on one branch of tan only: tan x = sinh y on all)
        rewritten = _in_a_part(solved, before, ctx.x, board)
        if rewritten:
            before = rewritten[-1].expression
            substituted_ = _part_substituted(solved, steps + rewritten, before, canon(before), ctx.x, t, board)
    if substituted_ is None:
        return None
    steps, written = substituted_
    undone = inverses_undone(written, board)
    steps, written = steps + undone, (undone[-1].expression if undone else written)
    made = after_substitution(written, target.form, ctx, board)
    return finished(steps + made, written, target.form, board, ctx)


def _solve_begun(target, derivative: Expr, ctx: Context, board: Board, t) -> tuple | None:
    """(the lines solving y = f(x), as (rule, lhs, rhs); the steps before the substitution; the
    line it starts from; f′ as it stands there, named paths written in x): solved for the one
    catalog call the input wrote by name where f′ is written in it, else for x (or the kernel
    the form was found through), the calls written out and the definition folded into y first
    where f′ holds it.  None where y = f(x) is not so solved."""
    f, x, y = ctx.definition, ctx.x, ctx.symbol
    named = {s: v for s, v in board.checker.folded.items() if s != y}  # S of a named path: its value in x
    solved = _through_call(canon(derivative), ctx, y, t)
    if solved:
        return solved, [], derivative, canon(derivative)
    solved = _solved(canon(f), y, x, board) or _through_kernel(target, canon(f), y, t, x)
    if not solved:
        return None
    steps, before = _calls_written_out(derivative, board)
    df = canon(canon(derivative).xreplace(named))
    folded = fold_all(before, ctx)
    if folded != before and folded.has(y):  # 3x²e^{x³} = 3x²y first: only x² is left to substitute
        steps, before, df = steps + [board.step(FOLD, folded, before)], folded, canon(canon(folded).xreplace(named))
    through_exp = solved[0][0] is HYPERBOLIC_AS_EXP or isinstance(target.kernel, ExpKernel)
    in_exp = HYPERBOLIC_AS_EXP.apply(before) if through_exp else None
    if in_exp is not None:  # f′ in eˣ too, a line of its own (1/(1 + cosh x) = 1/(1 + (eˣ + e⁻ˣ)/2))
        steps, before, df = steps + [board.step(HYPERBOLIC_AS_EXP, in_exp, before)], in_exp, canon(in_exp)
    return solved, steps, before, df


def _root_first(solved: list, steps: list, before: Expr, df: Expr, derivative: Expr, x, board: Board) -> tuple:
    """(solved, steps, before, df) after the root a solve isolates to square it (√u = r) is
    substituted, every u^{k/2} of f′ written r^k, the lines up to it its sub-steps; as they
    were where the solve isolates none that f′ holds."""
    root = _isolated_root(solved, df, x)
    if root is None:
        return solved, steps, before, df
    k, part, value = root
    df = canon(df.replace(lambda p: isinstance(p, Pow) and p.base == part.base and (2 * p.exp).is_Integer,
                          lambda p: value ** (2 * p.exp)))
    return solved[k + 1:], [_substituted(board, solved[:k + 1], part, value, df, derivative)], df, df


def _in_a_part(solved: list, before: Expr, x, board: Board) -> list[Step]:
    """The lines writing f′ in a part a line of the solve gives in y alone, other than x, by
    IN_KERNEL (√(sec²x) = √(1 + tan²x), where tan x = sinh y is solved for): [] where none does."""
    for _, lhs, rhs in solved:
        if rhs.has(x) or lhs == x:
            continue
        kernel = Kernel(lhs, Dummy("t"))
        steps = by_rule_set(before, IN_KERNEL, lambda e: not kernel.to_t(canon(e)).has(x), Context(x), board)
        if steps:
            return steps
    return []


def _part_substituted(solved: list, steps: list, before: Expr, df: Expr, x, t, board: Board) -> tuple | None:
    """(steps with the substitution, the line it writes): the first part a line of the solve
    gives in y alone that f′ can be written in, substituted, the lines up to it its sub-steps;
    None where a line does not hold, or the substitution leaves x or changes nothing."""
    in_part = [(k, _written_in(df, lhs, t)) for k, (_, lhs, rhs) in enumerate(solved) if not rhs.has(x)]
    upto, in_t = next(((k, e) for k, e in in_part if not e.has(x)), (None, None))
    if upto is None:
        return None
    _, part, value = solved[upto]
    written = substituted(in_t, t, value)
    steps = steps + [_substituted(board, solved[:upto + 1], part, value, written, before)]
    if not all(t.verified for s in steps for t in s.walk()) or written.has(x) or written == df:
        return None
    return steps, written


def after_substitution(written: Expr, form: Expr, ctx: Context, board: Board) -> list[Step]:
    """The lines from a substitution to the form: fractions inside fractions cleared one small
    rule a line where the substitution left them (1 + (1 − y)/y over a common denominator first),
    else the search's path ([] where neither finds one: :func:`finished` names the last step).
    The walk comes first: the search takes a state SymPy's arithmetic makes the form as reached,
    and would split (1 − y)/y into 1/y − y/y to get there."""
    made = _by_small_steps(written, form, ctx, board) if nested_jump(written, form) else []
    if made:
        return made
    path = search(written, ctx, form, AFTER_SOLVING, states=AFTER_SUBSTITUTION)
    return walked(path, written, ctx, board) if path else _by_small_steps(written, form, ctx, board)


def substituted(e: Expr, t, value: Expr) -> Expr:
    """``e`` with ``t`` replaced by ``value``, where a function of an inverse function results
    written as it is (cosh(arsinh(e^y)), which SymPy would write √(1 + e^{2y}) at once): a step of
    its own undoes it (:func:`inverses_undone`)."""
    if e == t:
        return value
    if not e.has(t):
        return e
    args = [substituted(a, t, value) for a in e.args]
    if OF_INVERSE.apply(e.func(*args, evaluate=False)) is not None:
        return e.func(*args, evaluate=False)
    return e.func(*args)


def inverses_undone(e: Expr, board: Board) -> list[Step]:
    """A line for each function of an inverse function in ``e`` (every place it is written):
    sinh(arsinh(e^y)) = e^y, then cosh(arsinh(e^y)) = √(1 + e^{2y}); a function of a multiple of
    one written first in the single angle (sinh(2 artanh(e^y)) = 2 sinh(artanh(e^y))·cosh(artanh(e^y)))."""
    steps, last = [], e
    for _ in range(MAX_SMALL_STEPS):
        found = next(((rule, n, new) for _, n in positions(last) for rule, new in _of_inverse(n)), None)
        if found is None:
            break
        rule, node, new = found
        steps.append(board.step(rule, everywhere_in(last, node, new), last))
        last = steps[-1].expression
    return steps if all(s.verified for s in steps) else []


def _of_inverse(node: Expr):
    """(rule, ``node`` rewritten) where it is a function of an inverse function, or of a whole
    multiple of one (which the multiple-angle formula writes in functions of the inverse)."""
    undone = OF_INVERSE.apply(node)
    if undone is not None:
        yield OF_INVERSE, undone
        return
    single = MULTIPLE_ANGLE.apply(node) if node.args and isinstance(node.args[0], Mul) else None
    if single is not None and any(OF_INVERSE.apply(n) is not None for _, n in positions(single)):
        yield MULTIPLE_ANGLE, single


def _through_call(df: Expr, ctx: Context, y, t) -> list | None:
    """y = f(x) solved for the one catalog call the input wrote by name, where the derivative
    is written in that call too (y = 2σ(x): σ(x) = y/2, into 2σ(x)(1 − σ(x))); the call is
    solved for as written, never written out.  None where the input calls no catalog function,
    calls several, or the derivative calls another."""
    from .called import calls_in

    for written in ctx.also:
        calls = calls_in(written)
        if len(calls) != 1 or not calls_in(df) <= calls:
            continue
        call = next(iter(calls))
        solved = solve_steps(canon(written).xreplace({call: t}), y, t) if calls_in(df) else None
        if solved:
            return [(rule, lhs.xreplace({t: call}), rhs.xreplace({t: call})) for rule, lhs, rhs in solved]
    return None


def by_substituting(target, derivative: Expr, ctx: Context, board: Board) -> list[Step] | None:
    """The part of f the form was found through, written in y as the search solved for it
    (x = y/√(1 − y²) from y = x/√(1 + x²), where no line-by-line solve gets there), substituted
    as it is, then the algebra and the identities to the form, each a step.  None where the
    form was found without a substitution, or the substitution leaves x in the derivative."""
    if not target.substitution or ctx.symbol is None:
        return None
    part, value = target.substitution
    kernel = target.kernel or kernel_of(part, Dummy("t"))
    lines = _squared_solve(ctx, board) if part == ctx.x else _kernel_solve(ctx, kernel, board)
    value = _solved_value(lines, part, value, ctx.symbol)
    if not lines:  # (y = x|x|: x² = |y|, then |x| = √|y|, the part f′ = 2|x| holds)
        lines, kernel, value = _magnitude_solve(ctx, board) or (lines, kernel, value)
    steps, before = _in_kernel(derivative, kernel, board)
    written = canon(kernel.to_t(canon(before)).xreplace({kernel.t: value}))
    if written.has(ctx.x) or written == canon(before):
        return None
    if lines or canon(kernel.K) != canon(ctx.definition) or value != ctx.symbol:
        steps.append(board.step(INVERSE, written, before, let=(kernel.K, value), substeps=lines))
    else:  # the kernel is f itself (tan(x/3) = y): nothing to solve, the definition folded back
        folded = fold_all(before, ctx)
        written = folded if canon(folded) == written else written
        steps.append(board.step(FOLD, written, before))
    if not all(s.verified for s in steps):
        return None
    made = after_substitution(written, target.form, ctx, board)
    if not made and count_ops(written) > MAX_REWRITTEN:  # the rules' search for one rule would take long
        if not (written.is_rational_function(ctx.symbol) and cancel(written - target.form) == 0):
            return None
        made = [board.step(LOWEST_TERMS, target.form, written)]
    return finished(steps + made, written, target.form, board, ctx)


MAX_REWRITTEN = 30  # a substitution longer than this is brought to the form in lowest terms, or not by steps


IN_KERNEL = (SQUARE_AS_TANGENT,)  # what writes f′ in a kernel no rule introduced (sec²(x/3) in tan(x/3))


def _in_kernel(derivative: Expr, kernel: Kernel, board: Board) -> tuple:
    """([the steps writing f′ in the kernel], the line they write): by the rule that introduced
    it, where one did (1/(1 + cos x) = (1 + tan²(x/2))/2 by the half-angle tangent); else, where
    f′ is not written in it, by IN_KERNEL as the one search finds them (sec²(x/3)/3 =
    (1 + tan²(x/3))/3); ([], f′) where neither applies."""
    rule, x = kernel.written_by, next(iter(kernel.K.free_symbols), None)
    in_kernel = None if rule is None else rule.apply(canon(derivative))
    if in_kernel is not None and in_kernel != canon(derivative):
        return [board.step(rule, in_kernel, derivative)], in_kernel
    if x is None or rule is not None or not kernel.to_t(canon(derivative)).has(x):
        return [], derivative
    steps = by_rule_set(derivative, IN_KERNEL, lambda e: not kernel.to_t(canon(e)).has(x), Context(x), board)
    return (steps, steps[-1].expression) if steps else ([], derivative)


def _kernel_solve(ctx: Context, kernel: Kernel, board: Board) -> list[Step]:
    """The lines solving y = f(x) for the kernel the form was found through: f written in it by
    the rule that introduced it, where one did (cos x/(1 − sin x) = (1 + tan(x/2))/(1 − tan(x/2)),
    the half-angle tangent), then one operation undone a line (rules/solving: multiply by the
    denominator, collect, divide: tan(x/2) = (y − 1)/(y + 1)); [] where f is not so solved or a
    line does not hold."""
    f, x, y, part = ctx.definition, ctx.x, ctx.symbol, kernel.K
    if f is None or y is None or part == x:
        return []
    lines, at, rule = [], canon(f), kernel.written_by
    if rule is not None:
        written = rule.apply(at)
        if written is None:
            return []
        written = _signs_up(written)
        if canon(written) != at:
            lines.append(board.sub(rule, written, f))
        at = written
    t = kernel.t
    in_t = kernel.to_t(at)
    solved = None if in_t.has(x) else solve_steps(in_t, y, t)
    if solved is None:
        return []
    back = {t: part}
    lines += [solved_line(board, rule, lhs.xreplace(back), rhs.xreplace(back)) for rule, lhs, rhs in solved]
    return lines if all(s.verified for s in lines) else []


def _magnitude_solve(ctx: Context, board: Board) -> tuple | None:
    """(the lines solving y = f(x) for |x| by taking absolute values of both sides, |x| as the
    kernel the substitution writes f′ in, its value)
    where they leave an even power of x (x·|x| = y: x² = |y|, |x| = √|y|); None where f is not so
    solved or a line does not hold."""
    f, x, y = ctx.definition, ctx.x, ctx.symbol
    found = solve_magnitude_steps(canon(f), y, x) if f is not None and y is not None else None
    if not found:
        return None
    lines = [solved_line(board, rule, lhs, rhs) for rule, lhs, rhs in found]
    return (lines, MagnitudeKernel(found[-1][1], Dummy("t")), found[-1][2]) if all(s.verified for s in lines) else None


def _signs_up(e: Expr) -> Expr:
    """A fraction whose numerator is all minus signs, numerator and denominator negated:
    (−1 − t)/(−1 + t) is written (1 + t)/(1 − t)."""
    n, d = e.as_numer_denom()
    if d != 1 and all(a.could_extract_minus_sign() for a in Add.make_args(n)):
        return Mul(-n, Pow(-d, -1))
    return e


def _solved_value(lines: list[Step], part: Expr, value: Expr, y) -> Expr:
    """The value the solve's last line gives the part substituted: its right side where it reads
    part = r (the search's ``value`` where that is r written otherwise), y where it reads
    f = part (sin x/(1 + cos x) = tan(x/2)), the search's ``value`` where there are no lines."""
    if not lines:
        return value
    last = lines[-1]
    if canon(last.expression) == canon(part) and last.before is not None and canon(last.before) != canon(part):
        return y
    return value if canon(last.expression) == canon(value) else last.expression


def _squared_solve(ctx: Context, board: Board) -> list[Step]:
    """The lines solving y = f(x) by squaring both sides (x/√(1 + x²) = y: x² = y²/(1 − y²),
    x = y·√(1/(1 − y²))), then the identities that shorten the solution (x = y/√(1 − y²), where
    1 − y² > 0); [] where f is not solved so or a line does not hold."""
    found = solve_squared_steps(canon(ctx.definition), ctx.symbol, ctx.x) if ctx.definition is not None else None
    if not found:
        return []
    lines = [solved_line(board, rule, lhs, rhs) for rule, lhs, rhs in found]
    last = found[-1][2]
    for rule, new, condition in identity_path(last, lambda c: board.agrees(Abs(c.lhs), c.lhs)):
        lines.append(board.sub(rule, new, ctx.x, where=condition))
    return lines if all(s.verified for s in lines) else []


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
    """The step ``written`` = ``before`` with part = value, the lines solving for it as sub-steps;
    where ``before`` is that part itself (2eˣ = y + 2 from y = 2eˣ − 2), the solve's last line is
    the step: a substitution and its letter would only say that line again, twice."""
    subs = [solved_line(board, rule, lhs, rhs) for rule, lhs, rhs in lines]
    if canon(before) == canon(part) and canon(written) == canon(value) and subs[-1].where is None:
        return board.step(lines[-1][0], written, before, substeps=subs[:-1])
    return board.step(INVERSE, written, before, substeps=subs, let=(part, value))


def solved_line(board: Board, rule, lhs: Expr, rhs: Expr) -> Step:
    """The line lhs = rhs of a solve, checked; a line that says more than the one before only
    where a condition holds (u = r² from √u = r: r ≥ 0) states it, and is checked to hold only
    if the condition does at every point (r ≥ 0 there: |r| = r).  A rewrite of one side alone
    (alg-lowest-terms) holds wherever it is written."""
    condition = rule.condition(lhs, rhs) if isinstance(rule, SolveRule) else None
    line = board.sub(rule, rhs, lhs, where=condition)
    if condition is not None:
        line.verified = line.verified and board.agrees(Abs(condition.lhs), condition.lhs)
    return line


def _by_small_steps(written: Expr, form: Expr, ctx: Context, board: Board) -> list[Step]:
    """The substitution brought to one fraction by small named steps (:func:`to_one_fraction`),
    and in lowest terms from where they stop, if they stop short of it; [] where one small rule
    or an identity writes the form (:func:`finished` names it)."""
    if not (nested_jump(written, form) or rule_for(written, form, ctx) in JUMPING) or _by_identities_alone(written, form):
        return []
    walk = to_one_fraction(written, form, ctx.symbol, board)
    last = walk[-1].expression if walk else written
    if inner_fractions(last) <= inner_fractions(form) or rule_for(last, form, ctx) not in JUMPING:
        return walk  # (α(1 + y/α) = α + y: multiplied out, one rule, named by finished)
    return walk + (by_parts(last, form, ctx, board) or _in_lowest_terms(last, form, board))


def _by_identities_alone(e: Expr, form: Expr) -> bool:
    """Whether the identities alone write ``e`` as ``form`` (−1/(1 + 1/tan²y) = −sin²y)."""
    path = identity_path(e, lambda condition: False)
    return bool(path) and canon(path[-1][1]) == canon(form)


def _in_lowest_terms(written: Expr, form: Expr, board: Board) -> list[Step]:
    """The substitution written as one fraction in lowest terms, where it is a fraction of
    fractions in y (1 + x/(y − x) with x = (y² − 1)/(2y): 2y²/(y² + 1)); written as the form
    where it is that fraction (−2y(1 − y), not 2y(−1 + y))."""
    new = LOWEST_TERMS.apply(written, None)
    if new is None:
        return []
    same = form.is_rational_function() and cancel(new - form) == 0  # the same fraction, its signs otherwise
    return [board.step(LOWEST_TERMS, form if same else new, written)]


MAX_SMALL_STEPS = 16  # the walk to one fraction: at most this many lines


def to_one_fraction(e: Expr, form: Expr, y, board: Board) -> list[Step]:
    """The lines that bring a fraction of fractions to one fraction, one small named rule a
    line, the innermost part first (1 + y/(1 − y) over a common denominator, 1 − y + y
    collected, 1/(1/(1 − y))² multiplied by the reciprocal, a common factor cancelled); the
    walk stops at ``form``, where no rule applies, at a line met before, or after
    MAX_SMALL_STEPS lines.  A rewrite that is printed as the line before (a product of
    fractions flattened) is taken without a line."""
    ctx, goal, fractions = Context(y if y is not None else Dummy()), canon(form), inner_fractions(form)
    steps, last, seen = [], e, {sstr(e, order="none")}
    kept = {n for n in preorder_traversal(goal) if not n.is_Atom}  # (√(π/y − 2) stays where the form has it)
    while len(steps) < MAX_SMALL_STEPS and not (canon(last) == goal and inner_fractions(last) <= fractions
                                                 and not uncollected(last) and count_ops(last) <= count_ops(form)):
        found = _innermost(last, ctx, kept)
        if found is None or sstr(found[1], order="none") in seen:
            break
        seen.add(sstr(found[1], order="none"))
        if reads_as(found[1], last):
            again = board.rewritten(steps[-1], found[1]) if steps else None
            if again is not None and not again.verified:
                return steps
            steps[-1:] = [again] if again is not None else []
        else:
            steps.append(board.step(found[0], found[1], last))
            if not steps[-1].verified:
                return steps[:-1]
        last = found[1]
    return steps


def _innermost(e: Expr, ctx: Context, kept: set) -> tuple | None:
    """(rule, ``e`` rewritten) by the first rule of ONE_FRACTION that applies to the innermost
    node it can (children before their parent), at every place that node is written; a node
    written as the form has it (``kept``) is only collected, not written otherwise."""
    for path, node in _children_first(e):
        as_kept = canon(node) in kept and reads_as(node, canon(node)) or _over_numbers(node) and not (
            path and is_denominator_factor(node_at(e, path[:-1])))  # (y/2 + 1/2 only where it is divided by)
        for rule in (COLLECT,) if as_kept else ONE_FRACTION:
            try:
                new = rule.apply(node, ctx)
            except (TypeError, ValueError, AttributeError):  # a rule meant for another kind of node
                continue
            if new is None or new == node:
                continue
            whole = e
            for at in [p for p, n in positions(e) if n == node]:
                whole = replace_at(whole, at, new)
            return rule, whole
    return None


def _over_numbers(e: Expr) -> bool:
    """Whether ``e`` is a sum whose terms are fractions over numbers only (y/2 + 1/2)."""
    below = [canon(t).as_numer_denom()[1] for t in e.args] if isinstance(e, Add) else []
    return bool(below) and all(b.is_Integer for b in below) and any(b != 1 for b in below)



def _children_first(e: Expr, path: tuple = ()):
    """Every node of ``e`` with its path, each after the nodes inside it."""
    for i, a in enumerate(e.args):
        yield from _children_first(a, path + (i,))
    yield path, e


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
    """A Pythagorean identity that shortens the output form (1/(1 + tan²y) = cos²y), then the
    identities that shorten it further (cos²y·tan²y = sin²y)."""
    steps = next(([board.step(PYTHAGOREAN_RULE, new, form)] for new in by_identity(form)
                  if new.count_ops() < canon(form).count_ops()), [])
    more = by_identities(steps[-1].expression if steps else form, board)
    return steps + more if more and count_ops(more[-1].expression) < count_ops(form) else steps


def _written_in(e: Expr, part: Expr, t) -> Expr:
    """e written in t for ``part`` (every e^{cx} as a power of t where part is e^x)."""
    return kernel_of(part, t).to_t(e)


def _through_kernel(target, f: Expr, y, t, x) -> list | None:
    """y = f(x) solved for the kernel the form was found through, where f is a fraction linear
    in it above and below (e^x/(1 + e^x) = y: e^x = y/(1 − y)), the kernel written as itself;
    where f is a sum with logarithms, exponentials of both sides taken first (x − log(1 + eˣ) = y:
    eˣ/(1 + eˣ) = eʸ)."""
    if not target.substitution:
        return None
    K = target.substitution[0]
    kernel = replace(target.kernel, t=t) if target.kernel is not None else kernel_of(K, t)
    lifted = SOLVE_EXP.apply(f, y, x) if kernel.to_t(f).has(x) else None
    if lifted is not None:
        solved = solve_linear_steps(kernel.to_t(lifted[0]), lifted[1], t)
        back = [(rule, lhs.xreplace({t: K}), rhs.xreplace({t: K})) for rule, lhs, rhs in solved or ()]
        return [(SOLVE_EXP, *lifted)] + back if solved else None
    first, at = [], f
    if isinstance(kernel, ExpKernel) and f.has(sinh, cosh, tanh):  # (sinh x/(1 + cosh x): in eˣ first, a line)
        at = HYPERBOLIC_AS_EXP.apply(f)
        first = [(HYPERBOLIC_AS_EXP, f, at)]
    written = kernel.to_t(f)
    solved = solve_linear_steps(written, y, t)
    if solved is None and first:
        more, written = _cleared_in_kernel(at, written, K, t)
        first, solved = first + more, solve_linear_steps(written, y, t)
    if solved is None and isinstance(kernel, ExpKernel):  # (eˣ − e⁻ˣ = y: e^{2x} − 1 = y·eˣ, a quadratic in eˣ)
        solved = solve_quadratic_steps(written, y, t)
    if solved is None:
        return None
    cleared = ABOVE_BELOW.apply(at) if len(first) < 2 else None  # (e^x/(e^x + e^{−x}) = e^{2x}/(e^{2x} + 1): the
    if cleared is not None and cancel(cleared - cancel(written).xreplace({t: K})) == 0:  # fraction solved, in e^{2x})
        first.append((ABOVE_BELOW, at, cleared))
    return first + [(rule, lhs.xreplace({t: K}), rhs.xreplace({t: K})) for rule, lhs, rhs in solved]


def _cleared_in_kernel(at: Expr, written: Expr, K: Expr, t) -> tuple:
    """([the lines], the last in t) that write ``at``, a fraction of fractions in K (``written``
    in t), as one fraction, above and below multiplied by what clears them, then in lowest terms
    ((eˣ − e⁻ˣ)/2 over 1 + (eˣ + e⁻ˣ)/2: (e^{2x} − 1)/(e^{2x} + 2eˣ + 1), then (eˣ − 1)/(eˣ + 1))."""
    if not written.is_rational_function(t):
        return [], written
    n, d = together(written).as_numer_denom()
    over, lowest = frac(expand(n), expand(d)), cancel(written)
    lines = [(ABOVE_BELOW, at, over.xreplace({t: K}))]
    if canon(lowest) != canon(over):
        lines.append((LOWEST_TERMS, lines[-1][2], lowest.xreplace({t: K})))
    return lines, lowest


def alternatives(derivative: Expr, board: Board) -> list[Step]:
    """Another form of the derivative by an identity (tanh' = sech²), shown as a note."""
    alt = next(by_identity(derivative), None) if size(derivative) <= ALTERNATIVES_SIZE else None
    if alt is None:
        return []
    named = reciprocal_names(alt)
    return [board.step(PYTHAGOREAN_RULE, alt, derivative, value=None if named == alt else named)]
