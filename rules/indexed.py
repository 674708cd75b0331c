"""Rules for indexed variables and sums over an index (families ``d`` and ``alg``):
what softmax-like functions of a vector a = (a_1, ..., a_n) need."""
from __future__ import annotations

from sympy import Add, Expr, Indexed, KroneckerDelta, Mul, Sum

from .base import DiffRule, Match, Rule, depends


class IndexedVariable(DiffRule):
    """The derivative of one component of a vector with respect to another is the
    Kronecker delta: 1 when they are the same component, 0 otherwise."""

    id, title = "d-indexed", "Indexed variable rule"
    latex = r"\frac{\partial a_i}{\partial a_j} = \delta_{ij}"

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


class Cases(Rule):
    """δ_ij is 1 when i = j and 0 when i ≠ j: follow the two cases separately."""

    id, title = "alg-cases", "Two cases: i = j and i ≠ j"
    latex = r"\delta_{ij} = \begin{cases} 1 & i = j \\ 0 & i \neq j \end{cases}"


class CombineCases(Rule):
    """Results for i = j and i ≠ j combine into one formula with δ_ij."""

    id, title = "alg-combine-cases", "Combine the cases"
    latex = r"g = \delta_{ij}\, g_{i=j} + (1 - \delta_{ij})\, g_{i \neq j}"


INDEXED = IndexedVariable()
SUM_INDEX = SumOverIndex()
SUM_DELTA = SumDelta()
CASES = Cases()
COMBINE = CombineCases()
RULES = (INDEXED, SUM_INDEX, SUM_DELTA, CASES, COMBINE)
