"""Rules for indexed variables and sums over an index (families ``d`` and ``alg``):
what softmax-like functions of a vector a = (a_1, ..., a_n), and losses of them, need."""
from __future__ import annotations

from sympy import Add, Basic, Expr, Indexed, KroneckerDelta, Mul, Sum

from derive.expr import add, canon, factors, hold, mul, neg, split_sign

from .base import DiffRule, Example, Match, Rule, depends, not_for

SOFTMAX_EXAMPLE = "exp(a[i])/Sum(exp(a[k]), (k, 1, n))"  # the examples of a function of a vector


class IndexedVariable(DiffRule):
    """The derivative of one component of a vector with respect to another is the
    Kronecker delta: 1 when they are the same component, 0 otherwise."""

    id, title = "d-indexed", "Indexed variable rule"
    latex = r"\frac{\partial a_i}{\partial a_j} = \delta_{ij}"
    examples = (Example("a[k]", "KroneckerDelta(j, k)", wrt="a[j]"), not_for("a[j]", "the identity rule"))

    def match(self, e, x):
        if isinstance(x, Indexed) and isinstance(e, Indexed) and e.base == x.base and e != x:
            return Match()
        return None

    def combine(self, e, x, m, dparts):
        return Mul(*[KroneckerDelta(a, b) for a, b in zip(e.indices, x.indices)])


class SumOverIndex(DiffRule):
    """The derivative of a sum over an index is the sum of the derivatives of its terms;
    a Kronecker delta then picks out the one term that depends on the variable."""

    id, title = "d-sum-index", "Sum over an index"
    latex = r"\frac{\partial}{\partial a_j} \sum_{k} f(a_k) = \sum_{k} f'(a_k)\,\delta_{kj} = f'(a_j)"
    examples = (Example("Sum(exp(a[k]), (k, 1, n))", "exp(a[j])", wrt="a[j]"),)

    def match(self, e, x):
        if isinstance(e, Sum) and depends(e, x):
            return Match((e.function,), data=e.limits)
        return None

    def combine(self, e, x, m, dparts):
        return Sum(dparts[0], *m.data)

    def tidy(self, value: Expr) -> Expr:
        return SUM_DELTA.apply(value) or value


class SumDelta(Rule):
    """A sum over k of terms carrying δ_kj keeps only the term k = j (j is one of the
    summation's indices)."""

    id, title = "alg-sum-delta", "Sum with a Kronecker delta"
    latex = r"\sum_{k} g(k)\,\delta_{kj} = g(j)"
    examples = (
        Example("Sum(KroneckerDelta(j, k)*exp(a[k]), (k, 1, n))", "exp(a[j])"),
        not_for("Sum(exp(a[k]), (k, 1, n))", "no delta"),
    )

    def apply(self, e, ctx=None):
        if not isinstance(e, Sum) or len(e.limits) != 1:
            return None
        k = e.limits[0][0]
        terms = Add.make_args(e.function.expand())
        picked = []
        for t in terms:
            deltas = [d for d in Mul.make_args(t) if isinstance(d, KroneckerDelta) and k in d.args]
            if not deltas:
                return None
            j = next(a for a in deltas[0].args if a != k)
            picked.append((t / deltas[0]).subs(k, j))
        return Add(*picked)


def _one_index(e: Basic) -> bool:
    return isinstance(e, Sum) and len(e.limits) == 1


class SumSplit(Rule):
    """A sum over k of several terms is the sum of their sums over k (a term's minus sign
    stays in front of its sum)."""

    id, title = "alg-sum-split", "Split a sum over an index"
    latex = r"\sum_{k} \left(f_k - g_k\right) = \sum_{k} f_k - \sum_{k} g_k"
    examples = (
        Example("Sum(t[k]*KroneckerDelta(j, k) - t[k]*S_j, (k, 1, n))",
                "Sum(t[k]*KroneckerDelta(j, k), (k, 1, n)) - Sum(t[k]*S_j, (k, 1, n))"),
    )

    def apply(self, e, ctx=None):
        if not _one_index(e) or not isinstance(e.function, Add):
            return None
        parts = []
        for term in e.function.args:
            sign, body = split_sign(term)
            parts.append(neg(Sum(body, *e.limits)) if sign else Sum(body, *e.limits))
        return add(*parts)


class SumConstant(Rule):
    """Factors of the terms that do not depend on the summation index are the same in
    every term: they come out of the sum."""

    id, title = "alg-sum-constant", "Take a constant factor out of a sum"
    latex = r"\sum_{k} c\, f_k = c \sum_{k} f_k"
    examples = (Example("Sum(t[k]*S_j, (k, 1, n))", "S_j*Sum(t[k], (k, 1, n))"),)

    def apply(self, e, ctx=None):
        if not _one_index(e):
            return None
        k = e.limits[0][0]
        inside = [f for f in factors(e.function) if k in f.free_symbols]  # an inner sum over k has its own k
        outside = [f for f in factors(e.function) if k not in f.free_symbols]
        if not inside or not outside:
            return None
        front = outside[0] if len(outside) == 1 else hold(canon(mul(*outside)))
        return mul(front, Sum(mul(*inside), *e.limits))


def same_sum(a: Basic, b: Basic) -> bool:
    """Whether two sums over one index are the same sum, whatever their index is called."""
    if not (_one_index(a) and _one_index(b)) or a.limits[0][1:] != b.limits[0][1:]:
        return False
    return canon(a.function.xreplace({a.limits[0][0]: b.limits[0][0]})) == canon(b.function)


class Given(Rule):
    """What the problem states may be used: a sum it gives the value of (the components of a
    probability vector t sum to 1) is replaced by that value.  The step holds only where
    the condition does, and is checked there."""

    id, title = "alg-given", "Use the given condition"
    latex = r"\sum_{k} t_k = 1 \quad \text{(given)}"
    # configured per derivation with the conditions the catalog entry gives
    examples = (Example("Sum(t[k], (k, 1, n))", "1", given=("Sum(t[k], (k, 1, n)) = 1",)),)

    def __init__(self, given: tuple = ()):
        self.given = tuple(given)  # ((sum, value), ...)

    def apply(self, e, ctx=None):
        return next((value for known, value in self.given if same_sum(e, known)), None)


class Cases(Rule):
    """δ_ij is 1 when i = j and 0 when i ≠ j: follow the two cases separately."""

    id, title = "alg-cases", "Two cases: i = j and i ≠ j"
    latex = r"\delta_{ij} = \begin{cases} 1 & i = j \\ 0 & i \neq j \end{cases}"
    examples = (
        Example(SOFTMAX_EXAMPLE, "Piecewise(((Sum(exp(a[k]), (k, 1, n))*exp(a[i]) - exp(a[i])*exp(a[j]))"
                "/Sum(exp(a[k]), (k, 1, n))**2, Eq(i, j)), (-exp(a[i])*exp(a[j])/Sum(exp(a[k]), (k, 1, n))**2, True))",
                wrt="a[j]"),
    )


class CombineCases(Rule):
    """Results for i = j and i ≠ j combine into one formula with δ_ij."""

    id, title = "alg-combine-cases", "Combine the cases"
    latex = r"g = \delta_{ij}\, g_{i=j} + (1 - \delta_{ij})\, g_{i \neq j}"
    examples = (
        Example(SOFTMAX_EXAMPLE, "S_i*(KroneckerDelta(i, j) - S_j)", wrt="a[j]",
                given=("S_i = exp(a[i])/Sum(exp(a[k]), (k, 1, n))", "S_j = exp(a[j])/Sum(exp(a[k]), (k, 1, n))")),
    )


INDEXED = IndexedVariable()
SUM_INDEX = SumOverIndex()
SUM_DELTA = SumDelta()
SUM_SPLIT = SumSplit()
SUM_CONSTANT = SumConstant()
CASES = Cases()
COMBINE = CombineCases()
SUMS = (SUM_SPLIT, SUM_DELTA, SUM_CONSTANT)  # the rewrites that make sums simpler
RULES = (INDEXED, SUM_INDEX, SUM_DELTA, SUM_SPLIT, SUM_CONSTANT, Given(), CASES, COMBINE)
