"""Functions of a vector a = (a_1, ..., a_n), such as softmax: the Jacobian entry
∂S_i/∂a_j, its two cases, and the formula that combines them; and functions of a
vector with one value, such as a loss L(a): the gradient entry ∂L/∂a_j.

The derivative with respect to a_j is taken by the same engine (the rules
d-indexed and d-sum-index bring in δ_ij).  Where δ_ij appears, the cases
i = j and i ≠ j are followed separately: each is searched, with the algebra
rules, for a form that folds into S_i and S_j; the two results are then
combined with δ_ij, and written as a matrix where the terms allow it.
A loss has one case; the sums its derivative leaves are rewritten, by a
bounded best-first search over the sum rules, into the form with the least
inside sums (a condition the entry gives, Σ_k t_k = 1, is used by a rule of
its own, and that step is checked where the condition holds); then the parts
of the definition the forward pass computed (the softmax S_j) are named.
Checks run on concrete vectors (n = 3, every i and j).
"""
from __future__ import annotations

from sympy import (
    Add, And, Derivative, Eq, Integer, Expr, Indexed, IndexedBase, KroneckerDelta, Mul, Ne, Piecewise, Sum, Symbol, cancel, expand,
)

from .expr import canon, fraction, size
from .outform import tidy
from .parse import ParseError, index_symbol, parse
from .printing.written import to_sympy
from .rules.algebra import ARITHMETIC, Context, Expand, fold
from .rules.definitions import CACHED, INVERSE
from .rules.indexed import CASES, COMBINE, SUMS, Given, same_sum
from .board import Board
from .reach import finished, walked
from .rules.solving import SOLVE_CROSS, solve_steps
from .search import AFTER_SUBSTITUTION, least, search
from .step import Step

CASE_LABELS = (("case i = j", 1), ("case i ≠ j", 0))


def variables(f: Expr, wrt: str | None) -> tuple[Indexed, Symbol | None]:
    """(a_j, i): the component to differentiate by and the function's own free index (None
    for a function with one value, such as a loss)."""
    base = _chosen(sorted({n.base for n in f.atoms(Indexed)}, key=str), wrt)
    bound = {lim[0] for s in f.atoms(Sum) for lim in s.limits}
    free = sorted({i for n in f.atoms(Indexed) for i in n.indices if isinstance(i, Symbol)} - bound, key=str)
    if len(free) > 1:
        raise ParseError("a function of a vector has at most one free index, as S_i = f(a_i, ...) "
                         "(here " + ", ".join(map(str, free)) + ")")
    if free and any(free[0] in lim[1:] for s in f.atoms(Sum) for lim in s.limits):
        raise ParseError("the bounds of a sum may not depend on the free index")
    taken = {str(s) for s in f.atoms(Symbol)}
    j = index_symbol(next(n for n in ("j", "l", "m", "p", "q") if n not in taken))
    return IndexedBase(base.label)[j], (free[0] if free else None)


def _chosen(bases: list, wrt: str | None) -> IndexedBase:
    """The vector to differentiate by: the only one, or the one ``wrt`` names."""
    names = ", ".join(str(b) for b in bases)
    if wrt is not None:
        chosen = [b for b in bases if str(b.label) == wrt]
        if not chosen:
            raise ParseError(f"the expression has no vector {wrt}; its vectors: {names}")
        return chosen[0]
    if len(bases) > 1:
        raise ParseError(f"several vectors ({names}): say which with --wrt")
    return bases[0]


def symbols(symbol: Symbol, i: Symbol, j: Symbol) -> tuple[Symbol, Symbol]:
    return Symbol(f"{symbol}_{i}"), Symbol(f"{symbol}_{j}")


def target(case: Expr, f: Expr, i: Symbol, j: Symbol, Si: Symbol, Sj: Symbol) -> Expr | None:
    """A case written through S_i and S_j (see :func:`solved`), or None."""
    found = solved(case, f, i, j, Si, Sj)
    return None if found is None else found[0]


def solved(case: Expr, f: Expr, i: Symbol, j: Symbol, Si: Symbol, Sj: Symbol) -> tuple | None:
    """(the case written through S_i and S_j, the case with the parts substituted, the lines
    that solve S = f for them as (rule, part, value)): the numerator of f at i (and at j) is S
    times the denominator (softmax); else a_i and a_j from S_i = f_i and S_j = f_j
    (log-softmax: a_j = y_j + log Σ e^{a_k}).  None where neither writes the case in S alone."""
    numer, denom = fraction(canon(f))
    case = canon(case)
    lines = [(SOLVE_CROSS, n, S * denom) for n, S in ((numer, Si), (numer.xreplace({i: j}), Sj)) if case.has(n)]
    written = case.xreplace({part: value for _, part, value in lines})
    g = cancel(written)
    if _free_of_components(g):
        return tidy(g), written, lines
    g, lines = case, []
    for k, S in ((i, Si), (j, Sj)):
        fk = canon(f).xreplace({i: k})
        component = next((n for n in fk.atoms(Indexed) if n.indices == (k,)), None)
        steps = None if component is None else solve_steps(fk, S, component)
        if steps is not None and g.has(component):  # (no steps: the component is the function itself)
            g = g.xreplace({component: steps[-1][2] if steps else S})
            lines += steps
    written, g = g, expand(g)
    return (tidy(g), written, lines) if _free_of_components(g) else None


def _free_of_components(g: Expr) -> bool:
    return not g.has(IndexedBase) and not g.atoms(Indexed)


def cases(derivative: Expr, f: Expr, x: Indexed, i: Symbol, ctx: Context, board: Board) -> tuple[Step, dict] | None:
    """The step that follows i = j and i ≠ j, and each case's form in S."""
    j = x.indices[0]
    delta = KroneckerDelta(i, j)
    if not derivative.has(delta):
        return None
    Si, Sj = ctx.symbol, ctx.more[0][1]
    subs, forms = [], {}
    for label, value in CASE_LABELS:
        where = board.lend(board.checker.restricted((lambda v: v[i] == v[j]) if value else (lambda v: v[i] != v[j])))
        start = canon(derivative.xreplace({delta: Integer(value)}))
        found = solved(start, f, i, j, Si, Sj)
        goal = None if found is None else found[0]
        path = _path(start, goal, ctx, where) if goal is not None else []
        if goal is not None and not path:  # no path by the algebra rules: solve for the parts, substitute
            path = _substituted(start, found, ctx, where)
        subs.append(where.titled(CASES, label, start, derivative, substeps=path))
        forms[value] = goal
    # the line shows the two cases, not the line before again
    split = Piecewise((subs[0].expression, Eq(i, j)), (subs[1].expression, Ne(i, j)))
    return board.step(CASES, split, derivative, substeps=subs), forms


def _path(start: Expr, goal: Expr, ctx: Context, board: Board) -> list[Step]:
    path = search(start, ctx, goal)
    return [] if path is None else walked(path, start, ctx, board)


def _substituted(start: Expr, found: tuple, ctx: Context, board: Board) -> list[Step]:
    """S = f solved for the parts the case is written in, substituted, and brought to the form."""
    goal, written, lines = found
    step = board.step(INVERSE, written, start, substeps=[board.sub(rule, value, part) for rule, part, value in lines])
    path = search(written, ctx, goal, states=AFTER_SUBSTITUTION) or []
    return finished([step] + walked(path, written, ctx, board), written, goal, board)


def combine(forms: dict, i: Symbol, j: Symbol, f: Expr, x: Indexed, board: Board) -> Step | None:
    """δ_ij·g(i = j) + (1 − δ_ij)·g(i ≠ j), tidied, checked on every i and j."""
    if forms.get(0) is None or forms.get(1) is None:
        return None
    delta = KroneckerDelta(i, j)
    g = positive_first(tidy(expand(delta * forms[1] + (1 - delta) * forms[0])))
    return board.step(COMBINE, g, Derivative(f, x))


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


# --- a function of a vector with one value (a loss) ---------------------------------------

class Summand:
    """A rule applied to the terms of a sum (Σ_k f_k → Σ_k g_k where f_k → g_k), nowhere else."""

    def __init__(self, rule):
        self.rule, self.id, self.title = rule, rule.id, rule.title

    def apply(self, e: Expr, ctx: Context) -> Expr | None:
        new = self.rule.apply(e.function, ctx) if isinstance(e, Sum) else None
        return None if new is None else Sum(new, *e.limits)


# multiplying out a sum's terms exposes those it is split into (Factor is left out: it undoes that)
REWRITES = (Summand(Expand()),) + SUMS


def given(entry) -> tuple:
    """The conditions a catalog entry states (Σ_k t_k = 1), as (sum, value) pairs."""
    return tuple((parse(total), parse(value)) for total, value in (entry.given if entry else ()))


def named(f: Expr, x: Indexed) -> dict:
    """{S_j: the softmax at j, ...}: the catalog's functions of a vector with a symbol of their
    own, at index j of x's vector, written with the summation indices f uses."""
    j, out = x.indices[0], {}
    for entry, g in vector_functions(f, x):
        out.setdefault(Symbol(f"{entry.symbol}_{j}"), g(j))  # softmax's S, not softmin's: the first entry keeps a name
    return out


def name_taken(f: Expr, symbol: str) -> bool:
    """Whether f already uses the symbol a vector part would be named by: S itself, a vector
    S[k], or a component's name S_j (the user's S_j and the softmax's must not meet)."""
    names = {str(s) for s in f.free_symbols} | {str(b) for b in f.atoms(IndexedBase)}
    return any(n == symbol or n.startswith(symbol + "_") or n.startswith(symbol + "[") for n in names)


def free_letter(f: Expr) -> str:
    """The letter for the entries of a function of a vector typed by a user: S (S_i, S_j), unless
    f uses it already (a constant S_2, a vector S)."""
    return next(n for n in ("S", "F", "G", "Y", "Z") + tuple(f"S{k}" for k in range(1, 99)) if not name_taken(f, n))


def vector_functions(f: Expr, x: Indexed) -> list:
    """[(entry, g), ...]: the catalog's functions of a vector with a symbol of their own (and a
    name f does not use already), g(k) the function at index k of x's vector, written with the
    summation indices f uses."""
    from .catalog import CATALOG

    out = []
    for entry in CATALOG:
        if entry.symbol == "y" or "[" not in entry.definition or name_taken(f, entry.symbol):
            continue
        g = parse(entry.definition)
        gx, i = variables(g, entry.variable)
        if i is not None:
            out.append((entry, _at(g.xreplace({gx.base: x.base}), i, f)))
    return out


def _at(g: Expr, i: Symbol, f: Expr):
    """k → g at index k (g's free index i), its sums written as f writes them."""
    def at(k: Symbol) -> Expr:
        gk = g.xreplace({i: k})
        return gk.xreplace({s: t for s in gk.atoms(Sum) for t in f.atoms(Sum) if same_sum(s, t)})
    return at


def summed_size(e: Expr) -> int:
    """How much is summed: the sizes of the terms of every sum in e."""
    return sum(size(s.function) for s in e.atoms(Sum))


def simpler_sums(start: Expr, ctx: Context, board: Board, conditions: tuple) -> list[Step]:
    """Rewrites to the form with the least summed (best-first, the fewest rewrites on a tie): a
    product multiplied out, a sum split, a δ collapsing it, a constant taken out, a given sum
    replaced by its value.  A step that uses a condition is checked where it holds."""
    use = Given(conditions)
    where = And(*[Eq(total, value) for total, value in conditions]) if conditions else None
    steps, last = [], start
    for rule, state in _least_summed(start, ctx, REWRITES + (use,)):
        if rule is use:
            steps.append(board.lend(board.checker.assuming(conditions)).step(rule, state, last, where=where))
        else:
            steps.append(board.step(rule, state, last))
        last = state
    return steps


def _least_summed(start: Expr, ctx: Context, rules: tuple) -> list:
    """The path to the state with the least summed (a product multiplied out may sum more before
    a split sums less)."""
    return least(start, ctx, rules, lambda e: (summed_size(e), size(e)))


def name_parts(state: Expr, names: dict, board: Board) -> tuple[list[Step], tuple]:
    """The steps that write the parts the forward pass computed by their symbols (def-cached)
    and tidy the result, and the (symbol, part) pairs used."""
    steps, used, start = [], [], state
    for symbol, part in names.items():
        new = fold(state, canon(part), symbol)
        if new != state:
            used.append((symbol, part))
            state = new
    if used:
        subs = [board.sub(CACHED, part, symbol) for symbol, part in used]
        steps.append(board.step(CACHED, state, start, substeps=subs))
    tidied = positive_first(ARITHMETIC.apply(state, None) or state)
    if to_sympy(tidied) != to_sympy(state):
        steps.append(board.step(ARITHMETIC, tidied, state))
    return steps, tuple(used)


def gradient_note(form: Expr, x: Indexed, y: Symbol, conditions: tuple) -> str:
    """The gradient as a vector where each term is a component at j (S − t), and the conditions
    the derivation used."""
    vector = _as_vector(form, x.indices[0])
    words = f"As a vector: the gradient of {y} is {vector}" if vector else ""
    if conditions:
        stated = " and ".join(f"{_words(total)} = {value}" for total, value in conditions)
        words = f"{words}, given {stated}" if words else f"Given {stated}"
    return words + "." if words else ""


def _as_vector(e: Expr, j: Symbol) -> str | None:
    """S_j − t_j as S - t (None where a term is no component at j, or a sum is left)."""
    if e.has(Sum, KroneckerDelta) or any(n.indices != (j,) for n in e.atoms(Indexed)):
        return None
    v = e.xreplace({n: Symbol(str(n.base)) for n in e.atoms(Indexed)})
    v = v.xreplace({s: Symbol(str(s)[:-len(f"_{j}")]) for s in v.atoms(Symbol) if str(s).endswith(f"_{j}")})
    return None if any(s.is_integer for s in v.free_symbols) else str(v)


def _words(e: Expr) -> str:
    """Σ_k t_k: a sum in one line."""
    if isinstance(e, Sum) and len(e.limits) == 1:
        return f"Σ_{e.limits[0][0]} {_words(e.function)}"
    return str(e.xreplace({n: Symbol(f"{n.base}_{'_'.join(map(str, n.indices))}") for n in e.atoms(Indexed)}))
