"""The derivative in x brought to the form a textbook prints, by named algebra steps.

After the rules of differentiation a lecturer tidies the result: writes a sum of fractions over
a common denominator, multiplies out, collects like terms, adds the exponents of a common
base, cancels, factors, and uses the double-angle and Pythagorean identities
(−1/(x²(1 + 1/x²)) = −1/(x² + 1); cos²x − sin²x = cos 2x).  The one search
(:func:`derive.search.best_first`) looks for the written form with the fewest operations
(SymPy's ``count_ops`` of the form as evaluated, then the fractions left inside fractions, then
``count_ops`` as written), bounded in states and in CPU time (what it finds does
not change with the machine's load), with a harder CPU-time bound besides
(:func:`derive.budget.within`); every rewrite on the path is a step made on the board.
"""
from __future__ import annotations

from functools import lru_cache

from sympy import Add, Expr, Mul, Pow, UnevaluatedExpr, count_ops, exp, gcd, preorder_traversal

from .board import Board, reads_as
from .budget import cpu_now, within
from .expr import canon, flat_factors, is_denominator_factor
from .rules.algebra import (
    ARITHMETIC, CANCEL, COMMON_DENOMINATOR, SQUARES_OUT, FACTOR, NUMBERS, TEXTBOOK, Context, a_fraction, compound, hides, loose, nested,
    numbers_in_front, shares_factor, uncollected,
)
from .rules.identities import BALANCE_EXPONENTIALS, EXP_OF_HYPERBOLIC, HYPERBOLIC_OF_EXP, PRODUCT_TO_SUM, SQUARE_BY_COSINE, SQUARE_BY_SINE
from .step import Step

STATES = 50  # written states the search may meet
SECONDS = 1.0  # the search's budget in this process's CPU time: what it finds does not depend on the load
HARD = 2.0  # and a hard bound, also CPU time (budget.within's clock): SymPy's together/factor can run away
SLACK = 1  # a form only one operation shorter is not worth the steps: x²cos x + 2x sin x stands
RULES = TEXTBOOK + (SQUARES_OUT, HYPERBOLIC_OF_EXP, PRODUCT_TO_SUM, SQUARE_BY_SINE, SQUARE_BY_COSINE, EXP_OF_HYPERBOLIC,
                    BALANCE_EXPONENTIALS)  # and eᵘ + e⁻ᵘ = 2 cosh u,
# the product-to-sum identities, a square by the other (every Pythagorean square and tan u·cos u = sin u
# are TEXTBOOK's: alg-pythagorean, alg-quotient), cosh u + sinh u = eᵘ
MAX_OPS = 40  # a derivative longer than this is left as it is: the search would not finish in time


@lru_cache(maxsize=4096)
def measure(e: Expr) -> tuple:
    """Fewest operations as evaluated (one more for each thing left above a line that a textbook
    still works on, :func:`unfinished_above`), then fewest fractions inside a denominator or a root
    (a/(a² + x²) before 1/(a + x²/a), as long) or, as written, fractions in denominators, numbers a textbook takes out in front
    (4t(1 − t²) before 2t(2 − 2t²)) and like terms not collected (2x² + 1 before x² + 1 + x²), then
    fewer denominators as written (e^{−x}(1 − x), not (1 − x)/eˣ), then operations as written
    (x² + 1 − x² is longer than 1)."""
    c = canon(e)
    left = unfinished_above(e)  # what a textbook still does, counted as an operation each, and as untidy
    tidiness = nested(c) + compound(e) + _loose(_sign_first(e)) + uncollected(e) + uncancelled(c) + cancellable(e) \
        + negated(e) + unmerged(e) + stacked(e) + left
    return count_ops(c) + left, tidiness, fractions(e), count_ops(e)


def unfinished_above(e: Expr) -> int:
    """How many factors above the line of a fraction of ``e`` as written a textbook still works on,
    even for one operation more: a sum holding a fraction ((1 + x·asin x/√(1 − x²))/(1 − x²) is
    (x·asin x + √(1 − x²))/(1 − x²)^{3/2}), a sum whose terms share a factor (2(5x − 3x³)/(x² + 1)³
    is 2x(5 − 3x²)/(x² + 1)³), a number not whole left inside a product (((x − 3)/2)/(x − 1)^{3/2}
    is (x − 3)/(2(x − 1)^{3/2})); and, of a product that is no fraction, a polynomial left in front of
    a fraction (x·((5x + 4)/(2√(x + 1))) is x(5x + 4)/(2√(x + 1)), where e^{−x}·((1 − 2x)/(2√x)) stands)."""
    count = 0
    for node in preorder_traversal(e):
        if isinstance(node, Add):  # fractions with a factor in common, multiplied out of one: π/(x√(x² + 1)) − π·asinh x/x²
            count += any(map(_a_fraction_of_x, node.args)) and shares_factor(node)
        if not isinstance(node, Mul):
            continue
        if not any(is_denominator_factor(f) and not f.base.is_Number for f in node.args):
            count += any(map(_a_fraction_of_x, node.args)) and any(
                not f.is_Number and not isinstance(f, Mul) and f.is_polynomial() for f in node.args)
            if not all(f.is_Number or isinstance(f, Add) for f in node.args):  # ½(1 + x/√(x² + 4)) stands
                count += sum(1 for f in node.args if isinstance(f, Add) and any(map(_a_fraction_of_x, f.args)))
            continue  # (and a sum holding a fraction beside one: (π/x)(1/√(x² + 1) − asinh x/x) is no way out)
        for f in node.args:
            f = f.args[0] if isinstance(f, UnevaluatedExpr) else f
            if isinstance(f, Add):  # (its sums written inside it read as its terms: −ln x + (1 + 1/x))
                count += any(map(a_fraction, Add.make_args(_flat_sum(f)))) or shares_factor(f) or _halves(f)
            elif isinstance(f, Mul):
                count += any(g.is_Rational and not g.is_Integer for g in f.args)
        count += sum(1 for f in flat_factors(node, held=True) if _unexpanded(f))
    return count


def _unexpanded(f: Expr) -> bool:
    """Whether ``f`` is a polynomial sum with whole numbers for coefficients, not multiplied out
    ((x + 1)(x + 2) − x: x² + 2x + 2; but π + (x² + 2)(e² − 1) stands)."""
    return isinstance(f, Add) and any(isinstance(t, Mul) and any(isinstance(g, Add) for g in flat_factors(t, held=True))
                                      for t in f.args) and all(a.is_Symbol or a.is_Rational for a in canon(f).atoms()) \
        and canon(f).is_polynomial()


def _flat_sum(f: Add) -> Add:
    """The sum ``f`` with the sums written inside it read as its terms."""
    return Add(*[t for a in f.args for t in Add.make_args(_flat_sum(a) if isinstance(a, Add) else a)], evaluate=False)


def _halves(f: Add) -> bool:
    """Whether a term of the sum ``f`` (above a line) has a coefficient that is not whole, beside a
    term whose coefficient is: (x/2 + 1)/(x + 1)^{3/2} is (x + 2)/(2(x + 1)^{3/2})."""
    whole = [canon(t).as_coeff_Mul()[0].is_Integer for t in f.args]
    return any(whole) and not all(whole)


def _sign_first(e: Expr) -> Expr:
    """``e`` with the sign of a product whose only number is −1 written in front, as the numbers
    step after the search writes it (e^{−x}·(−(x − 1)²) is −e^{−x}(x − 1)²): a sign left inside by
    a factoring is no number a textbook would still take out."""
    if not isinstance(e, Mul):
        return e
    flat = flat_factors(e, held=True)
    if [f for f in flat if f.is_Number] != [-1]:
        return e
    return Mul(-1, *[f for f in flat if not f.is_Number], evaluate=False)


def _a_fraction_of_x(f: Expr) -> bool:
    """Whether ``f`` (held or not, a term or a factor) is a fraction over more than a number:
    −asinh x/x, 1/√(x² + 1)."""
    return any(is_denominator_factor(g) and not g.base.is_Number for g in flat_factors(f, held=True))


def stacked(e: Expr) -> int:
    """How many fractions of ``e`` as written hold a fraction above their line ((2 log 2/sinh²u)/(3·2ˣ):
    a textbook writes one line, 2 log 2/(3·2ˣ sinh²u))."""
    def over(f: Expr) -> bool:
        return isinstance(f, Mul) and any(map(is_denominator_factor, flat_factors(f, held=True)))
    return sum(1 for node in preorder_traversal(e) if isinstance(node, Mul) and any(map(is_denominator_factor, node.args))
               and any(over(a.args[0] if isinstance(a, UnevaluatedExpr) else a) for a in node.args))


def unmerged(e: Expr) -> int:
    """How many products of ``e`` as written hold several powers of e whose exponents a textbook
    adds ((eˣ/cosh x)·(e^{−x}/(2cosh x)) is 1/(2cosh²x) only once evaluated)."""
    if e.is_Atom:
        return 0
    if isinstance(e, Mul):
        flat = flat_factors(e, held=True)
        here = sum(1 for f in flat if isinstance(f, exp) or isinstance(f, Pow) and isinstance(f.base, exp)) > 1
        return here + sum(unmerged(a) for f in flat for a in f.args)
    return sum(unmerged(a) for a in e.args)


def negated(e: Expr) -> int:
    """How many sums of ``e`` as written hold a term that is the opposite of a sum, left so by a
    factor taken out (e^{−x}(−(x² + 1) + 2x): a textbook multiplies it out, −x² + 2x − 1)."""
    return sum(1 for node in preorder_traversal(e) if isinstance(node, Add) and any(
        isinstance(t, Mul) and t.args[0] == -1 and len(t.args) == 2 and isinstance(t.args[1], Add) for t in node.args))


def fractions(e: Expr) -> int:
    """How many denominators ``e`` writes: among forms as short, a textbook prints the one without
    a fraction (1 − tanh²x before 1/cosh²x, which is also written in the function's own name)."""
    return sum(1 for node in preorder_traversal(e) if is_denominator_factor(node) and not node.base.is_Number)


def cancellable(e: Expr) -> int:
    """How many fractions of ``e`` as written have a factor above and below the line, which SymPy
    cancels when it evaluates them (−4x(1 + x²)/(1 + x²)⁴: as short as −4x/(1 + x²)³ once
    evaluated, but not what a textbook prints)."""
    return sum(1 for node in preorder_traversal(e) if isinstance(node, Mul) and any(map(is_denominator_factor, node.args))
               and CANCEL.apply(node, None) is not None)


@lru_cache(maxsize=4096)
def uncancelled(c: Expr) -> int:
    """1 where the fraction ``c`` (as evaluated) is not in lowest terms: its numerator and its
    denominator share a factor that is a sum ((e^x − e^{3x})/(1 + e^x)⁴ shares 1 + e^x: as short
    as e^x(1 − e^x)/(1 + e^x)³, not what a textbook prints); else 0."""
    n, d = c.as_numer_denom()
    if d == 1 or not d.has(Add) or count_ops(c) > MAX_OPS:
        return 0
    try:
        return int(gcd(n, d).has(Add))
    except Exception:  # noqa: BLE001 - SymPy cannot read them as polynomials: nothing to cancel by gcd
        return 0


def better(end: tuple, start: tuple) -> bool:
    """Whether a form measured ``end`` is worth the steps from one measured ``start``: shorter by
    more than the slack, or as short with fewer fractions inside fractions."""
    return end[0] < start[0] - SLACK or end[0] <= start[0] and end[1] < start[1]


def steps(derivative: Expr, ctx: Context, board: Board) -> list[Step]:
    """The steps from ``derivative`` (as written) to the shortest form the search reaches (none
    where it reaches nothing shorter, or ran out of time, or ends at a line less tidy as written:
    e^{−x} over ((eˣ + 1)/eˣ)² is eˣ/(eˣ + 1)² only once SymPy evaluates it, and no textbook ends
    at a fraction inside a fraction), the numbers taken out in
    front before and after (2 tanh u·(2 − 2 tanh²u) = 4 tanh u·(1 − tanh²u))."""
    if count_ops(canon(derivative)) > MAX_OPS:  # (operations only: what the search has to work on)
        return []
    path = _numbers(derivative)
    first = flat_products(path[-1][1] if path else derivative)  # (2x·e^{x²})·sin x: e^{x²} is a factor of the term
    found = within(HARD, lambda: _path(first, ctx), None)
    if found and better(measure(found[-1][1]), measure(first)):
        done = found + _numbers(found[-1][1])
        path += done if compound(done[-1][1]) <= compound(first) else []
    if not path:
        return []
    made, last = [], derivative
    for rule, state in path:
        if not reads_as(state, last):  # a rewrite that only reorders (numbers out of x·1/d) is no line
            made.append(board.step(rule, state, last))
        last = state
    if not made:
        return []
    if count_ops(canon(last)) < count_ops(last) and measure(last)[0] == 0:  # (1 + eˣ)/(1 + eˣ) is 1: say so
        made.append(board.step(CANCEL, canon(last), last))
        last = canon(last)
    if not all(s.verified for s in made):  # a rewrite that does not hold on the domain: keep the derivative
        return []
    written = {canon(n): n for n in preorder_traversal(ctx.definition) if isinstance(n, Add)}
    made[-1] = board.rewritten(made[-1], in_order(last, written))
    return made


def flat_products(e: Expr) -> Expr:
    """``e`` with every product written inside a product (not a fraction's 1/d) read as its factors:
    (2x·e^{x²})·sin x is 2x·e^{x²}·sin x, a product whose factors the rewrites see."""
    if e.is_Atom:
        return e
    args = [flat_products(a) for a in e.args]
    if isinstance(e, Mul):
        args = [f for a in args for f in (a.args if isinstance(a, Mul) and not any(
            is_denominator_factor(g) for g in a.args) else (a,))]
    if args == list(e.args):
        return e
    return e.func(*args, evaluate=False) if isinstance(e, (Add, Mul, Pow)) else e.func(*args)


def before_detour(steps: list[Step]) -> list[Step]:
    """``steps`` without a last tidy that only multiplied numbers into sums which the textbook takes
    out again ((1 − tanh²u)·½ = ½ − tanh²u/2 = ½(1 − tanh²u)): the numbers are taken out from the
    line before it."""
    if len(steps) < 3 or steps[-1].rule != ARITHMETIC.id:
        return steps
    before, tidied = steps[-2].expression, steps[-1].expression
    out = numbers_in_front(before)
    detour = _loose(tidied) > 0 and out != before and reads_as(out, numbers_in_front(tidied))
    return steps[:-1] if detour else steps


def _numbers(e: Expr) -> list:
    """The step that takes the numbers out in front wherever a textbook would (none if nowhere)."""
    new = Add(*map(numbers_in_front, e.args), evaluate=False) if _whole_content(e) else numbers_in_front(e)
    return [(NUMBERS, new)] if _loose(new) < _loose(e) else []


def _loose(e: Expr) -> int:
    """How many numbers a textbook would take out in front (:func:`loose`), but for a whole number
    common to the terms of the answer itself: 3x² − 6x stands (3(x² − 2x) is no shorter), where
    2t(2 − 2t²) is 4t(1 − t²) and ½ − t²/2 is (1 − t²)/2."""
    return sum(loose(a) for a in e.args) if _whole_content(e) else loose(e)


def _whole_content(e: Expr) -> bool:
    """Whether ``e`` is a polynomial whose terms share a whole number (3x² − 6x: 3), which a
    textbook leaves in them (but 2(1 − tanh²2x))."""
    if not isinstance(e, Add) or not canon(e).is_polynomial():
        return False
    out = numbers_in_front(e)
    return isinstance(out, Mul) and out.args[0].is_Integer and out.args[0] not in (1, -1)


def _path(derivative: Expr, ctx: Context) -> list | None:
    """The fewest rewrites to a form within the slack of the shortest form the search meets (4 tanh
    u·(1 − tanh²u) in one step rather than 4(tanh u − tanh³u) in two, one operation shorter), but
    not to a form a textbook would go on from (:func:`unfinished`): −csc x(2cot²x + 1) in two steps,
    not −2cot²x·csc x − csc x in one."""
    from .search import best_first

    start, began = measure(derivative), cpu_now()
    best = best_first(derivative, ctx, RULES, lambda e, p: (*measure(e), len(p)), states=STATES, seconds=SECONDS,
                      admits=named)
    while best and compound(best[-1][1]) > compound(derivative):  # no end at a fraction inside a fraction (steps):
        best = best[:-1]  # −e^{−x}/(1 + e^{−x})², not −e^{−x}/((eˣ + 1)/eˣ)², though SymPy evaluates it shorter
    if len(best or ()) < 2 or not better(measure(best[-1][1]), start):
        return best  # (no path shorter than one rewrite)
    goal = measure(best[-1][1])

    def near(e: Expr) -> bool:
        m = measure(e)
        slack = 0 if unfinished(e, ctx) else SLACK  # −2cot²x·csc x − csc x is not near −csc x(2cot²x + 1)
        return m[0] <= goal[0] + slack and m[1] <= goal[1] and m[2] <= goal[2] and m[3] <= goal[3] + slack \
            and better(m, start)

    left = max(SECONDS - (cpu_now() - began), SECONDS / 10)
    return best_first(derivative, ctx, RULES, lambda e, p: (len(p), *measure(e)), reached=near,
                      states=STATES, seconds=left, admits=named) or best


def named(rule, node: Expr, new: Expr) -> bool:
    """Whether the rewrite of ``node`` to ``new`` by ``rule`` does only what its title says
    (:func:`hides`): no "Multiply out" that also cancelled."""
    return not hides(rule, node, new)


def unfinished(e: Expr, ctx: Context) -> bool:
    """Whether ``e`` is a sum whose terms share a factor, or holds inside a product a sum of
    fractions not yet over one line (e^{−x}(−√x + 1/(2√x))): a textbook goes on to take the
    factor out, or to write the bracket as one fraction, even for one operation."""
    if FACTOR.apply(e, ctx) is not None:
        return True
    return any(isinstance(n, Add) and n is not e and any(map(is_denominator_factor, preorder_traversal(n)))
               and COMMON_DENOMINATOR.apply(n, ctx) is not None for n in preorder_traversal(e))


def in_order(e: Expr, written: dict) -> Expr:
    """``e`` with every sum SymPy wrote (in its stored order, 1 + x²) in the order the user
    wrote it in the definition (``written``: each sum of the definition by its evaluated form),
    else in the order a textbook prints a polynomial, highest power first (x² − 2x − 1)."""
    if e.is_Atom:
        return e
    if isinstance(e, Add) and canon(e) == e and not e.has(UnevaluatedExpr):
        if e in written:
            return written[e]
        return Add(*[in_order(a, written) for a in e.as_ordered_terms()], evaluate=False)
    args = [in_order(a, written) for a in e.args]
    if isinstance(e, (Add, Mul, Pow)):
        return e.func(*args, evaluate=False)
    return e.func(*args)


def definition_written(tidied: Expr, before: Expr, f: Expr, board: Board) -> tuple:
    """The parts of the ``tidied`` line, not in the line ``before`` the tidy, that are the
    definition ``f`` under another name (tanh x for (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ), which the quotient
    identity wrote): the checker finds them equal to f, so that folding the definition back finds
    them too (1 − tanh²x = 1 − y²)."""
    had = set(map(canon, preorder_traversal(before)))
    parts = {n for n in preorder_traversal(canon(tidied)) if isinstance(n, Expr) and not n.is_Atom
             and n.has(board.x) and n not in had and not isinstance(n, (Add, Mul, Pow))}
    return tuple(sorted((n for n in parts if board.agrees(n, f)), key=str))

