"""Differentiation, one rule at a time, with sub-steps, on the board.

The first rule of the rule set that matches a node is applied; the parts it
names are derived recursively and become its sub-steps.  The chain rule also
records the outer derivative, written in a letter for its inner function that
means nothing else in the derivation (the board's :class:`~derive.letters.Letters`:
u, v, w, ... in the order they are met, outer before inner; an inner function met
again keeps its letter).  :func:`from_definition` is the whole first stretch of a
derivation: d/dx f, the definition written piecewise or through known functions
where it is one of those, the rule steps, and the arithmetic tidy.  Every step
is made and checked by the :class:`~derive.board.Board`.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from sympy import Add, Derivative, Expr, Mul, Piecewise, Pow, Symbol, UnevaluatedExpr, preorder_traversal

from .board import Board
from .expr import canon, frac, fraction, mul
from .rules.algebra import ARITHMETIC, CANCEL, RECOGNIZE, Context, tidy_rule
from .rules.definitions import NAME_PART, NAMED, START
from .rules.differentiation import RULES, ByDefinition, Chain
from .rules.piecewise import ONE_BRANCH, WRITE_PIECEWISE, condition, one_branches
from .step import Step


def differentiate(e: Expr, x: Symbol, board: Board, rules=RULES) -> Step:
    """The step d/dx e = (rule applied), with the derivatives of its parts as sub-steps.

    ``rules`` are tried in order; the engine puts a configured d-definition rule in
    front when the definition was written with known functions.
    """
    rule, m = next((r, m) for r in rules if (m := r.match(e, x)) is not None)
    outer = [_outer_step(rule, e, m, board)] if isinstance(rule, Chain) else []  # its letter before the inner ones'
    parts = [differentiate(p, x, board, rules) for p in m.parts]
    for part, cond in zip(parts, rule.conditions(m) or ()):
        part.where = cond
    sums = user_sums(board.checker.definition)
    written = rule.combine(e, x, m, [_part(s.value if s.value is not None else s.expression) for s in parts])
    subs = outer + parts
    value = rule.tidy(kept_sums(written, sums))
    let = (subs[0].before.variables[0], m.parts[0]) if isinstance(rule, Chain) else (
        (e, m.parts[0]) if isinstance(rule, ByDefinition) else None)
    return board.sub(rule, written, Derivative(e, x, evaluate=False), value=None if value == written else value,
                     substeps=subs, let=let)


@lru_cache(maxsize=64)
def user_sums(f: Expr) -> frozenset:
    """The sums the definition ``f`` writes (as SymPy evaluates them): 1 + x² in 1/(1 + x²)²."""
    return frozenset(canon(n) for n in preorder_traversal(f) if isinstance(n, Add))


def kept_sums(e: Expr, sums: frozenset = frozenset()) -> Expr:
    """``e`` evaluated as :func:`~derive.expr.canon` does, its products flattened first, the number
    in front, and never multiplied into a sum the user wrote (``sums``): 2(1 + x²)·2x is
    4x(1 + x²), not 2x(2x² + 2), and 2(x + 1)·1 is 2(x + 1) (SymPy multiplies a number into a sum
    that is its only other factor: the user's sum would be lost); a sum the rules made is
    multiplied out (3(x² − 2x) is 3x² − 6x; the textbook tidy takes a number out again where a
    textbook does, 2(1 − tanh²2x))."""
    if e.is_Atom or isinstance(e, Derivative):
        return canon(e)
    if isinstance(e, UnevaluatedExpr):
        return kept_sums(e.args[0], sums)
    args = [kept_sums(a, sums) for a in e.args]
    if isinstance(e, Add):  # in its written order where no terms combine, as the arithmetic keeps it
        kept = [a for a in args if a != 0]
        together = canon(Add(*kept))  # terms that add up: SymPy's arithmetic, 2(x − 3) − (2x + 1) = −7
        if len(kept) > 1 and Counter(map(canon, kept)) == Counter(Add.make_args(together)):
            return Add(*kept, evaluate=False)
        return together if len(kept) != 1 else kept[0]
    if not isinstance(e, Mul):
        return e.func(*args)
    flat = [f for a in args for f in (a.args if isinstance(a, Mul) else (a,))]
    c = Mul(*[f for f in flat if f.is_Number])
    rest = [f for f in flat if not f.is_Number]
    together = Mul(c, *map(canon, rest))  # (1 + x²)^{−1/2}·(x² + 1)^{−1/2}, one base written two ways: multiplied
    if c.is_Rational and c not in (0, 1) and len(rest) > (c == -1) and _apart(together, c, rest, sums):
        rest = sorted(rest, key=_place)  # 8x(x² + 1)³, −x·e^{−x²/2}: the number, a power of a symbol, the rest
        return Mul(*([c] if c != 1 else []) + rest, evaluate=False)  # as written, a bracket last
    return together


def _part(value: Expr) -> Expr:
    """A part's derivative as its parent's rule combines it: evaluated, but for a number times a
    sum of the user's, which evaluating would multiply out (2(x + 1) in x²·2(x + 1))."""
    if isinstance(value, Mul) and len(value.args) == 2 and value.args[0].is_Number and isinstance(value.args[1], Add):
        return value
    return canon(value)


def _place(f: Expr) -> int:
    """Where a textbook writes the factor ``f`` in a product, after its number: a power of a symbol
    first (0), a sum or a power of one last, in brackets (2), anything else between (1)."""
    base, k = f.as_base_exp()
    if base.is_Symbol and k.is_Number:
        return 0
    return 2 if isinstance(base, Add) and k.is_positive else 1


def _apart(together: Expr, c: Expr, rest: list, sums: frozenset) -> bool:
    """Whether the factors ``rest`` stay apart when multiplied (no two have one base), the number
    ``c`` not multiplied into a sum of the user's, as SymPy does where the sum is its only factor."""
    if len(rest) == 1 and isinstance(rest[0], Add):  # a sum the rules made is multiplied out: 3x² − 6x
        return canon(rest[0]) in sums
    return Counter(Mul.make_args(together)) == Counter([c] * (c != 1) + list(map(canon, rest)))


def _outer_step(rule: Chain, e: Expr, m, board: Board) -> Step:
    """d/du F(u) = F'(u), u the letter of the inner function (the one it has in this derivation, else
    a fresh one; never a symbol of the definition: (u + x²)³ with a constant u takes v)."""
    inner = m.parts[0].xreplace(board.checker.folded)
    taken = board.checker.definition.free_symbols | e.free_symbols
    letter = Symbol(board.letters.of(inner, avoid=taken), real=True)
    outer, written, result = rule.outer_step(e, m, letter)
    before = Derivative(written, letter, evaluate=False)
    return board.sub(outer, result, before, bind={letter: inner})


def tidied(steps: list, board: Board) -> list:
    """``steps`` and, where it changes the last line, ``alg-arithmetic``: zero terms and unit
    factors dropped, multiplied out."""
    last = steps[-1].expression
    done = ARITHMETIC.apply(last, None)  # the rule's arithmetic, written as kept_sums writes it where they agree
    if done is None:
        return steps
    tidy = kept_sums(last, user_sums(board.checker.definition))
    tidy = tidy if canon(tidy) == canon(done) or board.agrees(tidy, done) else done
    if tidy == last:
        return steps
    apart = _above_and_below(last)
    if tidy_rule(last) is not CANCEL and apart not in (last, tidy) and CANCEL.apply(apart, None) is not None:
        steps = board.then(steps, tidy_rule(last), apart)  # the arithmetic, then the cancelling it hid
        return board.then(steps, CANCEL, tidy)
    return board.then(steps, tidy_rule(last), tidy)


def _above_and_below(e: Expr) -> Expr:
    """The fraction ``e`` with the arithmetic done above the line and below it, apart, nothing
    cancelled across it: ((1 + x²)²·0 − 4x(1 + x²))/((1 + x²)²)² is −4x(1 + x²)/(1 + x²)⁴, which
    SymPy's arithmetic would make −4x/(1 + x²)³ at once, a cancellation no line names."""
    n, d = fraction(e)
    if d == 1:
        return e
    return Mul(canon(n), *[canon(1 / f) for f in Mul.make_args(canon(d))], evaluate=False)


def from_definition(f: Expr, x: Symbol, y: Symbol, board: Board, parts: tuple = (),
                    real=None) -> tuple[list[Step], Context]:
    """The steps from d/dx f to the tidied derivative, and the context for folding back; ``parts``,
    pairs (value, call) of catalog calls the input wrote by name, are said under the first line
    (``def-name-part``: each call stands for its definition).  ``real`` (derive.domain.Real): where
    f is real, where less than the line; its pieces are written there only."""
    steps = [board.start(START, f, [board.sub(NAME_PART, value, call) for value, call in parts])]
    written, rules = f, RULES
    branch = _one_branch(f, x, real, board)
    if branch is not None:
        steps.append(branch)
        written = branch.expression.expr
    as_pieces = WRITE_PIECEWISE.apply(written, Context(x), None if real is None else real.set)
    if as_pieces is not None:
        title = WRITE_PIECEWISE.title if real is None or not isinstance(written, Piecewise) else \
            f"Write the conditions where {_named(real) or 'f'} {_is(real.parts)} real"
        steps.append(board.titled(WRITE_PIECEWISE, title, Derivative(as_pieces, x, evaluate=False),
                                  steps[-1].expression))
        written = as_pieces
    named = _quotient_of_definitions(written, x, board)
    if named is not None:
        steps.append(named)
        written = named.expression.expr
        rules = (ByDefinition({n.func for n in written.atoms(*NAMED)}),) + RULES
    steps.append(differentiate(written, x, board, rules=rules))
    also = (written,) if written is not f else ()
    return tidied(steps, board), Context(x, f, y, also)


def _one_branch(f: Expr, x: Symbol, real, board: Board) -> Step | None:
    """d/dx f with each |u|, sign, max, ... of f whose argument has one sign where f is real
    written as the branch that holds there, each said under the line (|x| = x for x ≥ 0, where
    √x is real); None where there is none."""
    if real is None:
        return None
    branches = one_branches(f, x, real.set)
    if not branches:
        return None
    where = condition(real.set, x)
    named = _named(real)
    title = ONE_BRANCH.title if named is None else f"Take the branch that holds where {named} {_is(real.parts)} real"
    why = ONE_BRANCH.title if named is None else f"{named} {_is(real.parts)} real there only"
    subs = [board.titled(ONE_BRANCH, why, b, n, before=n, where=where) for n, b in branches.items()]
    new = Derivative(f.xreplace(branches), x, evaluate=False)
    return board.titled(ONE_BRANCH, title, new, Derivative(f, x, evaluate=False), substeps=subs)


def _named(real) -> str | None:
    """The parts of f that are real on part of the line only, as the title names them (√x), or
    None where one is not written on one line."""
    from .printing.written import to_inline

    names = [to_inline(p) for p in real.parts]
    return " and ".join(names) if names and not any("\n" in n for n in names) else None


def _is(parts) -> str:
    return "is" if len(parts) <= 1 else "are"


def _quotient_of_definitions(f: Expr, x: Symbol, board: Board) -> Step | None:
    """d/dx n/d = d/dx F/G when n and d are multiples of known definitions (or None)."""
    n, d = fraction(f)
    if d == 1:
        return None
    rn = RECOGNIZE.apply(n)
    rd = RECOGNIZE.apply(d) if rn is not None else None  # (each try is a cancel: skip the second)
    if rd is None:
        return None
    (cn, fn), (cd, fd) = canon(rn).as_coeff_Mul(), canon(rd).as_coeff_Mul()
    c = cn / cd
    written = frac(fn if c == 1 else mul(c, fn), fd)
    subs = [board.sub(RECOGNIZE, r, part) for part, r in ((n, rn), (d, rd))]
    return board.step(RECOGNIZE, Derivative(written, x, evaluate=False), Derivative(f, x, evaluate=False),
                      substeps=subs)
