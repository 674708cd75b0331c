"""The check that does not trust the rules.

Two expressions are taken as equal when they agree to 20 significant digits
at every sample point (30-digit arithmetic).  The sample points are drawn,
reproducibly, where the function's definition is finite and real; parameters
get positive random values.  A pending ``d/dx g`` is evaluated from the
definition of the derivative (a central difference at twice the working
precision), a higher derivative through SymPy's own ``diff`` -- never through
the rule that produced the step.
"""
from __future__ import annotations

import random
from collections import ChainMap
from functools import lru_cache

import mpmath
from sympy import Add, Basic, Derivative, Expr, Indexed, IndexedBase, Integer, Sum, Symbol, diff
from sympy.core.sympify import _sympify

from .numeric import SPANS, NotNumeric, evaluator, is_finite_real, value

DIGITS = 30
CHECK_SPANS = (0.1,) + SPANS  # SPANS: 2.5, 10, 30
FLOOR = mpmath.mpf("1e-28")  # below this two values count as equal (rounding of O(1) terms at 30 digits)
MEMO_SIZE = 200_000
TOLERANCE = mpmath.mpf("1e-20")
EDGE_DIGITS = 480  # a sample point where a part sits exactly on a domain's edge is looked at so (1 − erf(30) ≈ 10⁻³⁹³)


class Checker:
    """Numeric equality of expressions on sample points of the definition's domain."""

    def __init__(self, x: Symbol, definition: Expr, folded: dict | None = None,
                 points: int = 8, seed: int = 20261122, written: Expr | None = None):
        self.x, self.definition = x, definition
        self.written = written  # the definition as the user wrote it (its domain is sampled too)
        self.folded = dict(folded or {})  # symbol -> expression it stands for
        self._points, self._seed = points, seed
        self._diffs: dict = {}
        self._verdicts: dict = {}  # (a, b, bind) -> equal: a step and its sub-step may check the same pair
        self.envs = [dict(env) for env in _sample(x, definition, points, seed, written)]
        self._memos = [{} for _ in self.envs]  # per point: the values of the nodes evaluated there

    def knowing(self, folded: dict, definition: Expr | None = None) -> "Checker":
        """A checker of the same function on the same points that knows the ``folded`` symbols
        (in place of this one's): every checker of a derivation is made from the first board's
        so, and samples the domain of the input as written (:func:`in_domain`) like it.
        ``definition``: the function written otherwise (sinc away from its point 0)."""
        f = self.definition if definition is None else definition
        return Checker(self.x, f, folded, self._points, self._seed, self.written)

    def _resolve(self, e: Basic, numeric: bool = True, kept=frozenset()) -> Basic:
        """Folded symbols replaced by what they stand for (but those ``kept``: their values come
        from the definition at each point); pending derivatives by SymPy's -- except first
        derivatives when ``numeric``: :func:`derive.numeric.value` takes those from the
        definition of the derivative."""
        e = _sympify(e)
        if self.folded:
            e = e.xreplace({s: v for s, v in self.folded.items() if s not in kept})
        if not e.has(Derivative):
            return e
        return e.replace(lambda n: isinstance(n, Derivative) and not (numeric and _first(n)), self._diff)

    def _diff(self, d: Derivative) -> Expr:
        if d not in self._diffs:
            self._diffs[d] = diff(self._resolve(d.expr, numeric=False), *d.variables)
        return self._diffs[d]

    def equal(self, a: Basic, b: Basic, bind: dict | None = None) -> bool:
        """Whether ``a`` and ``b`` agree at every sample point.

        ``bind`` maps extra symbols (a chain rule's u) to the expression in x they stand for.
        A difference quotient can miss where f is extremely steep (e^{e^{x²}} at x = 7): what
        fails with it is checked again with SymPy's derivatives.
        """
        if not self.envs:
            return False
        key = (_sympify(a), _sympify(b), frozenset((bind or {}).items()))
        if key not in self._verdicts:
            self._verdicts[key] = self._agree(a, b, bind, numeric=True) or (
                _has_first(a, b) and self._agree(a, b, bind, numeric=False))
        return self._verdicts[key]

    def _kept(self, *es: Basic) -> frozenset:
        """The folded symbols to evaluate by value rather than substitute: those outside every
        pending derivative (substituting rebuilds the tree: a Piecewise in y solves its
        conditions again, ≈ 4 ms a step), and only those the expressions use (a named function at
        a chain rule's letter, sigmoid(u), has a value only where u is bound)."""
        es = [_sympify(e) for e in es]
        inside = {s for e in es for d in e.atoms(Derivative) for s in d.free_symbols}
        return frozenset(s for s in self.folded if s not in inside and any(e.has(s) for e in es))

    def _agree(self, a: Basic, b: Basic, bind: dict | None, numeric: bool) -> bool:
        kept = self._kept(a, b, *(bind or {}).values()) if numeric else frozenset()
        written = (a, b)  # for a second look at twice the digits
        a, b = self._resolve(a, numeric, kept), self._resolve(b, numeric, kept)
        bind = {k: self._resolve(v, numeric, kept) for k, v in (bind or {}).items()}
        compared = 0
        memos = self._memos if numeric and self._memos else [{} for _ in self.envs]
        with mpmath.workdps(DIGITS):
            for env, memo in zip(self.envs, memos):
                if len(memo) > MEMO_SIZE:
                    memo.clear()
                try:
                    env = {**env, **{s: value(self.folded[s], env, memo=memo) for s in kept}}
                    if bind:  # values that hold only with the bound letters go to a layer of their own
                        memo = ChainMap({}, memo)
                        env = {**env, **{k: value(v, env, memo=memo) for k, v in bind.items()}}
                    va, vb = value(a, env, memo=memo), value(b, env, memo=memo)
                except (ZeroDivisionError, OverflowError):
                    continue
                except (NotNumeric, ValueError, TypeError):
                    return False
                if not (mpmath.isfinite(va) and mpmath.isfinite(vb)):
                    if mpmath.isfinite(va) != mpmath.isfinite(vb):
                        return False
                    continue
                if abs(va - vb) > TOLERANCE * max(abs(va), abs(vb)) + FLOOR and not self._closer(written, env, kept, numeric):
                    return False
                compared += 1
        return compared > 0

    def _closer(self, written: tuple, env: dict, kept: frozenset, numeric: bool) -> bool:
        """At twice the digits, do a and b agree after all?  (1 − 1/(1 + e^{−z}) at z = 25 loses
        eleven of thirty digits to cancellation.)  Every folded symbol is substituted here."""
        a, b = (self._resolve(e, numeric) for e in written)
        return _closer(a, b, {k: v for k, v in env.items() if k not in kept})


@lru_cache(maxsize=64)
def _sample(x: Symbol, definition: Expr, wanted: int, seed: int, written: Expr | None = None) -> tuple:
    """Points of the domain (:func:`in_domain`): as many left of 0 as right of it (a wrong
    sign on x < 0 must not slip through), near 0 and far out (asin(20x) lives on
    [−0.05, 0.05]).  Kept per definition: the checkers of one derivation (its cached-value
    steps, its higher orders) sample the same points."""
    rng = random.Random(seed)
    params = sorted((definition.free_symbols | (written.free_symbols if written is not None else set())) - {x},
                    key=str)  # (a constant the evaluation dropped is still on the lines: 1^a in e^{1^a})
    envs = []
    with mpmath.workdps(DIGITS):
        for attempt in range(400):
            span = CHECK_SPANS[(len(envs) // 2 + attempt // 8) % len(CHECK_SPANS)]  # each side: near, far
            env = {p: mpmath.mpf(rng.uniform(0.1, 0.9)) for p in params}
            side = -1 if len(envs) % 2 else 1
            env[x] = mpmath.mpf(side * rng.uniform(0, span) if attempt < 64 else rng.uniform(-span, span))
            try:
                rough = evaluator(definition)({k: float(v) for k, v in env.items()})
                if not is_finite_real(rough):  # e^(e^(x^x)) at x = 24 overflows floats: no point to check
                    continue
                if not in_domain(definition, written, env):
                    continue
            except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
                continue
            envs.append(env)
            if len(envs) == wanted:
                break
    return tuple(envs)


def in_domain(definition: Expr, written: Expr | None, env: dict) -> bool:
    """Whether ``env`` is in the domain of the function as the user ``written`` it: where that
    is real all the way through, with the definition's value (where it cannot be evaluated to
    that value, where the definition is real all the way through).  SymPy's reading can take parts of the
    domain through complex values: cosh(acoth x), real for |x| > 1, is read as
    x/(√(x − 1)·√(x + 1)), real all the way through for x > 1 only; x < −1 is sampled too,
    so that a step that fails there (d|u|/dx = sign(u)·u′ holds for real u only) is caught.
    And it can widen the domain: e^{2 ln x}, real for x > 0 only, is read as x², real
    everywhere; x < 0 is not sampled, as the function typed has no value there."""
    if written is None or written == definition:
        return _real_throughout(definition, env)
    try:
        if not _real_throughout(written, env):
            return False
        if _same(value(written, env), value(definition, env)):
            return True
    except (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError):
        pass
    return _real_throughout(definition, env)  # the written form not read as the definition (log(x, 2) held)


def _same(a, b) -> bool:
    return bool(abs(a - b) <= TOLERANCE * max(abs(a), abs(b)) + FLOOR)


def _real_throughout(definition: Expr, env: dict) -> bool:
    """Whether the definition and every part of it are real and finite at ``env``: abs(log(x))
    at x = −2 is real, but only through the complex log(−2), and x^cosh(3) at x = −0.004 is a
    complex number too small to tell from 0 -- the derivation's steps, which hold for the real
    function, need not hold there."""
    memo: dict = {}
    if not is_finite_real(value(definition, env, memo=memo)):
        return False
    if not all(_strictly_real(v) for v in memo.values()):
        return False
    if mpmath.mp.dps < EDGE_DIGITS and any(_on_edge(n, v) for n, v in memo.items()):
        with mpmath.workdps(EDGE_DIGITS):  # erf(9) is 1 at 30 digits, and acosh(erf(9)) "real"
            return _real_throughout(definition, env)
    return True


def _on_edge(node: Basic, v) -> bool:
    """Whether a part of the function that varies is exactly 0 or ±1 at the point, where a real
    domain may end (√u at 0, acosh u at 1, asin u at ±1): a value that is so only by rounding
    (1 − erf(9) ≈ 4·10⁻³⁷ is below 30 digits) is looked at again with :data:`EDGE_DIGITS`."""
    return isinstance(v, mpmath.mpf) and (not v or abs(v) == 1) and bool(node.free_symbols)


def _strictly_real(v) -> bool:
    if isinstance(v, mpmath.mpc):
        return not v.imag and mpmath.isfinite(v.real)
    if isinstance(v, mpmath.mpf):
        return bool(mpmath.isfinite(v))
    return True  # not a number (a memo of shifted points): nothing to say


CLOSER_DIGITS = (2 * DIGITS, 8 * DIGITS)  # (1 − y)·e^{4x} = 1 + y for y = tanh 2x at x = 30: 1 − y is e^{−120}


def _closer(a: Basic, b: Basic, env: dict) -> bool:
    """At twice the digits, and then eight times, do a and b agree after all?"""
    for digits in CLOSER_DIGITS:
        with mpmath.workdps(digits):
            try:
                va, vb = value(a, env), value(b, env)
            except (ZeroDivisionError, OverflowError, NotNumeric, ValueError, TypeError):
                return False
            if abs(va - vb) <= TOLERANCE * max(abs(va), abs(vb)) + FLOOR:
                return True
    return False


def _has_first(*es: Basic) -> bool:
    return any(isinstance(n, Derivative) and _first(n) for e in es for n in _sympify(e).atoms(Derivative))


def _first(d: Derivative) -> bool:
    return len(d.variable_count) == 1 and d.variable_count[0][1] == 1


class IndexedChecker(Checker):
    """The same check for functions of a vector a = (a_1, ..., a_n): every index and bound
    is given concrete values (n = 3, i and j each of 1..3) and the components random
    numbers; sums are then written out and pending derivatives taken by SymPy.

    Other vectors (a target t) and symbols are constants: their components get random
    values in (0.1, 0.9), scaled where a condition is ``given`` (Σ_k t_k = 1).

    Expressions are made concrete node by node, each node cached on the values of the
    indices it uses: a sum that several steps share is written out once per assignment of
    its own indices, not once per step and sample point."""

    SIZE = 3

    def __init__(self, x, definition: Expr, folded: dict | None = None, seed: int = 20261122,
                 where=lambda idx: True, given: tuple = ()):
        self.x, self.definition = x, definition
        self.folded = dict(folded or {})
        self._diffs = {}
        self.base, self.given, self._where = x.base, tuple(given), where
        rng = random.Random(seed)
        summed = {lim[0] for lim in _limits(definition)}
        indices = sorted({s for s in definition.free_symbols | set(x.indices)
                          if isinstance(s, Symbol) and s.is_integer and not _is_bound_only(definition, s)}, key=str)
        bounds = sorted({b for lim in _limits(definition) for b in lim[1:] if isinstance(b, Symbol)}, key=str)
        self.envs, self._cache, self._free = [], {}, {}
        for values in _assignments(indices, self.SIZE):
            if not where(values):
                continue
            for _ in range(2):
                comps = {self.base[k]: mpmath.mpf(rng.uniform(-2, 2)) for k in range(1, self.SIZE + 1)}
                comps.update(self._constants(rng))
                # a summation index, free in a sub-step, takes every value across the points
                inner = {k: 1 + (len(self.envs) + n) % self.SIZE for n, k in enumerate(sorted(summed, key=str))}
                self.envs.append(({**values, **inner, **{b: self.SIZE for b in bounds}}, comps))
        self._names = {k for subs, _ in self.envs for k in subs}
        self._memos = [{} for _ in self.envs]  # per point: the values of the concrete nodes met there

    def constants(self) -> list:
        """The definition's other vectors (as bases) and symbols, besides indices and bounds."""
        vectors = {n.base for n in self.definition.atoms(Indexed)} - {self.base}
        labels = {b.label for b in vectors} | {self.base.label}
        symbols = {s for s in self.definition.atoms(Symbol) if not s.is_integer and s not in labels}
        return sorted(vectors | symbols, key=str)

    def _constants(self, rng: random.Random) -> dict:
        values = {}
        for c in self.constants():
            parts = [c[k] for k in range(1, self.SIZE + 1)] if isinstance(c, IndexedBase) else [c]
            values.update({p: mpmath.mpf(rng.uniform(0.1, 0.9)) for p in parts})
        with mpmath.workdps(DIGITS):
            for total, wanted in self.given:
                parts = [_summed(total)[k] for k in range(1, self.SIZE + 1)]
                scale = value(wanted, {}) / mpmath.fsum(values[p] for p in parts)
                values.update({p: values[p] * scale for p in parts})
        return values

    def assuming(self, given: tuple) -> "IndexedChecker":
        """The same checker on points where the ``given`` conditions hold."""
        return IndexedChecker(self.x, self.definition, self.folded, given=given)

    def _concrete(self, e: Basic, subs: dict) -> Basic:
        """``e`` with the indices' values of ``subs`` and every sum written out as a plain sum."""
        if isinstance(e, Indexed):
            return e.base[tuple(_value_of(subs.get(k, k)) for k in e.indices)]
        if e.is_Atom:
            return _value_of(subs.get(e, e))
        key = (e, tuple(subs.get(k) for k in self._indices(e)))
        if key not in self._cache:
            self._cache[key] = self._write_out(e, subs)
        return self._cache[key]

    def _indices(self, e: Basic) -> tuple:
        """The index symbols ``e`` depends on (those of a derivative's a_j too, which SymPy's
        free_symbols leaves out)."""
        if e not in self._free:
            if isinstance(e, Indexed) or e.is_Atom:
                found = (e.free_symbols if isinstance(e, Indexed) else {e}) & self._names
            elif isinstance(e, Sum):
                inner = set(self._indices(e.function)) - {lim[0] for lim in e.limits}
                found = inner | {k for lim in e.limits for b in lim[1:] for k in self._indices(b)}
            else:
                found = {k for a in e.args for k in self._indices(a)}
            self._free[e] = tuple(sorted(found, key=str))
        return self._free[e]

    def _write_out(self, e: Basic, subs: dict) -> Basic:
        if isinstance(e, Sum) and len(e.limits) == 1:
            k, low, high = e.limits[0]
            low, high = self._concrete(low, subs), self._concrete(high, subs)
            if low.is_Integer and high.is_Integer:
                return Add(*[self._concrete(e.function, {**subs, k: v}) for v in range(int(low), int(high) + 1)])
        if isinstance(e, Sum):
            return _concrete(e, subs)
        if isinstance(e, Derivative):
            wrt = [(self._concrete(v, subs), n) for v, n in e.variable_count]
            return Derivative(self._concrete(e.expr, subs), *wrt).doit()
        return e.func(*[self._concrete(a, subs) for a in e.args])

    def knowing(self, folded: dict, definition: Expr | None = None) -> "IndexedChecker":
        f = self.definition if definition is None else definition
        return IndexedChecker(self.x, f, folded, where=self._where, given=self.given)

    def restricted(self, where) -> "IndexedChecker":
        """The same checker on the index values that satisfy ``where`` (e.g. i = j)."""
        return IndexedChecker(self.x, self.definition, self.folded, where=where, given=self.given)

    def equal(self, a: Basic, b: Basic, bind: dict | None = None) -> bool:
        if not self.envs:
            return False
        a, b = (_bind(_sympify(e).xreplace(self.folded), bind or {}) for e in (a, b))
        with mpmath.workdps(DIGITS):
            for (subs, comps), memo in zip(self.envs, self._memos):
                if len(memo) > MEMO_SIZE:
                    memo.clear()
                try:
                    va, vb = (value(self._concrete(e, subs), comps, memo=memo) for e in (a, b))
                except (NotNumeric, ValueError, TypeError, ZeroDivisionError):
                    return False
                if abs(va - vb) > TOLERANCE * max(1, abs(va), abs(vb)):
                    return False
        return True


def _summed(total: Basic) -> IndexedBase:
    """The vector t of a given sum Σ_k t_k over all its components (a ValueError otherwise)."""
    if isinstance(total, Sum) and len(total.limits) == 1:
        k, low, high = total.limits[0]
        f = total.function
        if isinstance(f, Indexed) and f.indices == (k,) and low == 1 and isinstance(high, Symbol):
            return f.base
    raise ValueError(f"a given condition is a sum of a vector's components, as Sum(t[k], (k, 1, n)): {total}")


def _value_of(v) -> Basic:
    return Integer(v) if isinstance(v, int) else v


def _bind(e: Basic, bind: dict) -> Basic:
    """A chain rule's letter replaced by what it stands for (its derivative taken first)."""
    if not bind:
        return e
    e = e.replace(lambda n: isinstance(n, Derivative) and set(n.variables) & set(bind), lambda n: n.doit())
    return e.xreplace(bind)


def _concrete(e: Basic, subs: dict) -> Basic:
    """Indices get their values, except a summation index inside its own sum."""
    bound = {lim[0] for s in e.atoms(Sum) for lim in s.limits}
    return e.xreplace({k: v for k, v in subs.items() if k not in bound}).doit()


def _limits(e: Basic) -> list:
    return [lim for s in e.atoms(Sum) for lim in s.limits]


def _is_bound_only(e: Basic, s: Symbol) -> bool:
    """An upper bound such as n (it gets the vector's size, not an index value)."""
    return any(s in lim[1:] for lim in _limits(e))


def _assignments(indices: list, size: int):
    if not indices:
        yield {}
        return
    for rest in _assignments(indices[1:], size):
        for v in range(1, size + 1):
            yield {indices[0]: v, **rest}
