"""Functions of a vector a = (a_1, ..., a_n), such as softmax: the Jacobian entry
∂S_i/∂a_j, its two cases, and the formula that combines them.

The derivative with respect to a_j is taken by the same engine (the rules
d-indexed and d-sum-index bring in δ_ij).  Where δ_ij appears, the cases
i = j and i ≠ j are followed separately: each is searched, with the algebra
rules, for a form that folds into S_i and S_j; the two results are then
combined with δ_ij, and written as a matrix where the terms allow it.
Checks run on concrete vectors (n = 3, every i and j).
"""
from __future__ import annotations

from sympy import Add, Derivative, Integer, Expr, Indexed, IndexedBase, KroneckerDelta, Mul, Sum, Symbol, cancel, expand

from .expr import canon, fraction
from .outform import tidy, unwind
from .parse import ParseError, index_symbol
from .rules.algebra import FOLD, Context, fold_all
from .rules.definitions import INVERSE
from .rules.indexed import CASES, COMBINE
from .search import search
from .step import Step
from .verify import IndexedChecker

CASE_LABELS = (("case i = j", 1), ("case i ≠ j", 0))


def variables(f: Expr, wrt: str | None) -> tuple[Indexed, Symbol]:
    """(a_j, i): the component to differentiate by and the function's own free index."""
    bases = {n.base for n in f.atoms(Indexed)}
    if len(bases) != 1:
        raise ParseError("a function of one vector is expected (several indexed names: "
                         + ", ".join(sorted(str(b) for b in bases)) + ")")
    base = bases.pop()
    if wrt is not None and wrt != str(base.label):
        raise ParseError(f"the vector here is {base.label}, not {wrt}")
    bound = {lim[0] for s in f.atoms(Sum) for lim in s.limits}
    free = sorted({i for n in f.atoms(Indexed) for i in n.indices if isinstance(i, Symbol)} - bound, key=str)
    if len(free) != 1:
        raise ParseError("a vector function needs exactly one free index, as S_i = f(a_i, ...)")
    if any(free[0] in lim[1:] for s in f.atoms(Sum) for lim in s.limits):
        raise ParseError("the bounds of a sum may not depend on the free index")
    taken = {str(s) for s in f.atoms(Symbol)}
    j = index_symbol(next(n for n in ("j", "l", "m", "p", "q") if n not in taken))
    return IndexedBase(base.label)[j], free[0]


def symbols(symbol: Symbol, i: Symbol, j: Symbol) -> tuple[Symbol, Symbol]:
    return Symbol(f"{symbol}_{i}"), Symbol(f"{symbol}_{j}")


def target(case: Expr, f: Expr, i: Symbol, j: Symbol, Si: Symbol, Sj: Symbol) -> Expr | None:
    """A case written through S_i and S_j: the numerator of f at i (and at j) is S times
    the denominator (softmax); else a_i and a_j from S_i = f_i and S_j = f_j (log-softmax:
    a_j = y_j + log Σ e^{a_k})."""
    numer, denom = fraction(canon(f))
    g = cancel(canon(case).xreplace({numer: Si * denom, numer.xreplace({i: j}): Sj * denom}))
    if _free_of_components(g):
        return tidy(g)
    g = canon(case)
    for k, S in ((i, Si), (j, Sj)):
        fk = canon(f).xreplace({i: k})
        component = next((n for n in fk.atoms(Indexed) if n.indices == (k,)), None)
        solved = None if component is None else unwind(fk, S, component)
        if solved is not None:
            g = g.xreplace({component: solved})
    g = expand(g)
    return tidy(g) if _free_of_components(g) else None


def _free_of_components(g: Expr) -> bool:
    return not g.has(IndexedBase) and not g.atoms(Indexed)


def cases(derivative: Expr, f: Expr, x: Indexed, i: Symbol, ctx: Context,
          checker: IndexedChecker) -> tuple[Step, dict] | None:
    """The step that follows i = j and i ≠ j, and each case's form in S."""
    j = x.indices[0]
    delta = KroneckerDelta(i, j)
    if not derivative.has(delta):
        return None
    Si, Sj = ctx.symbol, ctx.more[0][1]
    subs, forms = [], {}
    for label, value in CASE_LABELS:
        where = checker.restricted((lambda v: v[i] == v[j]) if value else (lambda v: v[i] != v[j]))
        start = canon(derivative.xreplace({delta: Integer(value)}))
        goal = target(start, f, i, j, Si, Sj)
        step = Step(CASES.id, label, start, verified=where.equal(derivative, start))
        step.substeps = _path(start, goal, ctx, where) if goal is not None else []
        if goal is not None and not step.substeps:  # no path by the algebra rules: substitute
            step.substeps = [Step(INVERSE.id, INVERSE.title, goal, verified=where.equal(start, goal))]
        forms[value] = goal
        subs.append(step)
    top = Step(CASES.id, CASES.title, derivative, substeps=subs, verified=True)
    return top, forms


def _path(start: Expr, goal: Expr, ctx: Context, checker) -> list[Step]:
    path = search(start, ctx, goal)
    if path is None:
        return []
    steps, last = [], start
    for rule, state in path:
        step = Step(rule.id, rule.title, state)
        step.verified = checker.equal(last, state)
        steps.append(step)
        last = state
    folded = fold_all(last, ctx)
    if folded != last:
        steps.append(Step(FOLD.id, FOLD.title, folded, verified=checker.equal(last, folded)))
    return steps


def combine(forms: dict, i: Symbol, j: Symbol, f: Expr, x: Indexed, checker: IndexedChecker) -> Step | None:
    """δ_ij·g(i = j) + (1 − δ_ij)·g(i ≠ j), tidied, checked on every i and j."""
    if forms.get(0) is None or forms.get(1) is None:
        return None
    delta = KroneckerDelta(i, j)
    g = positive_first(tidy(expand(delta * forms[1] + (1 - delta) * forms[0])))
    return Step(COMBINE.id, COMBINE.title, g, verified=checker.equal(Derivative(f, x), g))


def positive_first(e: Expr) -> Expr:
    """Sums written with their positive terms first: S_i(δ_ij − S_j), not S_i(−S_j + δ_ij)."""
    if e.is_Atom:
        return e
    args = [positive_first(a) for a in e.args]
    if isinstance(e, Add):
        args.sort(key=lambda t: t.could_extract_minus_sign())
        return Add(*args, evaluate=False)
    return e.func(*args, evaluate=False) if isinstance(e, Mul) else e.func(*args)


def matrix_form(g: Expr, Si: Symbol, Sj: Symbol, symbol: Symbol, i: Symbol, j: Symbol) -> str | None:
    """The Jacobian as a matrix: δ_ij u_i → diag(u), u_i v_j → u vᵀ (None if a term is neither)."""
    parts = []
    for term in sorted(expand(g).as_ordered_terms(), key=lambda t: t.could_extract_minus_sign()):
        c, factors = term.as_coeff_mul()
        sign = "-" if c < 0 else "+"
        coeff = "" if abs(c) == 1 else f"{abs(c)}·"
        deltas = [q for q in factors if isinstance(q, KroneckerDelta)]
        rest = Mul(*[q for q in factors if not isinstance(q, KroneckerDelta)])
        if any(set(q.args) != {i, j} for q in deltas) or len(deltas) > 1:
            return None  # a delta of other indices is no diagonal
        if deltas:
            shown = "I" if rest == 1 else f"diag({_vector(rest, Si, Sj, symbol)})"
        else:
            left = Mul(*[q for q in Mul.make_args(rest) if q.has(Si)])
            right = Mul(*[q for q in Mul.make_args(rest) if q.has(Sj)])
            if left * right != rest:
                return None
            shown = f"{_vector(left, Si, Sj, symbol)} {_vector(right, Si, Sj, symbol)}ᵀ"
        parts.append(f"{sign} {coeff}{shown}")
    text = " ".join(parts).lstrip("+ ").strip()
    return text.replace("- ", "−", 1) if text.startswith("- ") else text


def _vector(e: Expr, Si: Symbol, Sj: Symbol, symbol: Symbol) -> str:
    return "𝟙" if e == 1 else str(e.xreplace({Si: symbol, Sj: symbol}))
