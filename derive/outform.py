"""Finding the derivative written in terms of the function itself.

We look for g with f'(x) = g(f(x)) for every x of the domain.

1. Pick a *kernel* K: a part of the definition that carries x, such that f is
   a function R of K alone (f itself when x occurs once; e^x when f is built
   from exponentials of multiples of x; any repeated sub-expression).
2. Solve y = R(t) for t (unwinding when t occurs once, polynomial roots when
   R is rational), write f' in t, substitute, and tidy.
3. Keep a candidate only if g(f(x)) = f'(x) at sample points across the whole
   domain -- not on one branch: tan has 1 + y² although tan is not one-to-one,
   x² has none although 2√y works for x > 0.

When no candidate survives, we look for a witness that none can exist: two
points with f(a) = f(b) but f'(a) ≠ f'(b).
"""
from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass
from functools import lru_cache
import mpmath
from sympy import (
    Abs, Add, Derivative, Dummy, Expr, Piecewise, Rational, Mul, Pow, Symbol, cancel, cos, cosh, cot, count_ops, csc, exp,
    expand, sec,
    factor, factor_terms, radsimp, roots, log, sign, sin, sinh, tan, tanh, together,
)

from .budget import cpu_now, within
from .cost import cost
from .expr import canon, occurrences, positions, replace_at, size
from .numeric import EVAL_ERRORS, NotNumeric, evaluator, is_finite_real, spread, value
from .rules.solving import INVERSES, SOLVE_EXP, SOLVE_SQUARE_SIDES, solve_squared_steps, solve_steps

ERRORS = EVAL_ERRORS


@dataclass(frozen=True)
class Kernel:
    """t = K(x): ``to_t`` writes an expression of x in t (or leaves x where it cannot)."""

    K: Expr
    t: Symbol

    def to_t(self, e: Expr) -> Expr:
        return e.xreplace({self.K: self.t})

    @property
    def written_by(self):
        """The rule that writes an expression in this kernel before it is solved for or
        substituted, a line of its own (the half-angle tangent for t = tan(u/2)); None where the
        kernel is a part as written."""
        return None


@dataclass(frozen=True)
class ExpKernel(Kernel):
    """t = e^x: every e^(c·x), c rational, becomes t^c."""

    def to_t(self, e: Expr) -> Expr:
        gx = self.K.args[0]
        e = e.rewrite(exp) if e.has(sinh, cosh, tanh) else e
        in_t = e.replace(lambda n: isinstance(n, exp) and (n.args[0] / gx).is_Rational,
                         lambda n: self.t ** (n.args[0] / gx))
        return in_t if not _root_of(in_t, self.t) else _without_roots(in_t, self.t)


def _root_of(e: Expr, t: Symbol) -> bool:
    """Whether e holds a fractional power of t (t^{1/2} where e^x is written in t = e^{2x})."""
    return any(p.base == t and not p.exp.is_Integer for p in e.atoms(Pow))


def _without_roots(e: Expr, t: Symbol) -> Expr:
    """e in lowest terms where that leaves no fractional power of t (t^{1/2}/(t^{1/2} + t^{−1/2}) =
    t/(t + 1)); else e as it is."""
    lowest = cancel(e)
    return e if _root_of(lowest, t) else lowest


@dataclass(frozen=True)
class TanHalfKernel(Kernel):
    """t = tan(gx/2) (the half-angle substitution): every sin, cos and tan of a whole multiple
    of gx becomes a rational function of t, sin u = 2t/(1 + t²), cos u = (1 − t²)/(1 + t²),
    tan u = 2t/(1 − t²) for u = gx (multiples expanded first: sin 2u = 2 sin u cos u)."""

    def to_t(self, e: Expr) -> Expr:
        from .rules.identities import in_half_angle_tangent

        return in_half_angle_tangent(e, self.K.args[0], self.t)

    @property
    def written_by(self):
        from .rules.identities import HALF_ANGLE_TANGENT

        return HALF_ANGLE_TANGENT


@dataclass(frozen=True)
class MagnitudeKernel(Kernel):
    """t = |u|: every even power of u becomes the power of t (u² = |u|²), and |u| itself t."""

    def to_t(self, e: Expr) -> Expr:
        u = self.K.args[0]
        even = e.replace(lambda n: isinstance(n, Pow) and n.base == u and n.exp.is_Integer and n.exp % 2 == 0,
                         lambda n: self.t ** n.exp)
        return even.xreplace({self.K: self.t})


def kernel_of(part: Expr, t: Symbol) -> Kernel:
    """The kernel that writes an expression in ``part``: every e^{cx} as a power of t where part
    is e^x, sines and cosines by the half angle's tangent where it is a tangent, even powers
    where it is a magnitude; else ``part`` replaced where it is written."""
    kinds = {exp: ExpKernel, tan: TanHalfKernel, Abs: MagnitudeKernel}
    return kinds.get(type(part), Kernel)(part, t)


@dataclass(frozen=True)
class Target:
    form: Expr | None  # g(y), or None
    reason: str        # one sentence for the user
    exists: bool | None  # True found, False proved impossible, None unknown
    substitution: tuple | None = None  # (K, K written in y) for the "substitute" step
    kernel: Kernel | None = None  # the kernel the form was found through: how to write in it, what rule wrote it
    via: object = None  # the rule that reaches the form in one step, when not the search
    witness: tuple | None = None  # (a, b, f(a), f'(a), f'(b)) of "no form exists", checked again (derive/stated.py)


def unwind(e: Expr, rhs: Expr, t: Symbol) -> Expr | None:
    """Solve e(t) = rhs for t when t occurs once in e, peeling one operation at a time (the
    solving rules, :mod:`derive.rules.solving`)."""
    steps = solve_steps(e, rhs, t)
    if steps is None:
        return None
    return steps[-1][2] if steps else rhs


@lru_cache(maxsize=512)
def solve_for(t: Symbol, R: Expr, y: Symbol) -> tuple[Expr, ...]:
    """The solutions t of y = R(t) we can write down (kept per equation: the kernel searches
    ask again for the same ones)."""
    if occurrences(R, t) == 1:
        sol = unwind(R, y, t)
        return () if sol is None else (sol,)
    if small(R) and R.is_rational_function(t):
        poly = together(R - y).as_numer_denom()[0].as_poly(t)
        if poly is not None and poly.degree() <= 2:
            return tuple(roots(poly).keys())
        return ()
    if not any(p.exp.is_Rational and p.exp.q == 2 and p.base.has(t) for p in R.atoms(Pow)):
        from .rules.identities import cancelled_inside

        inside = cancelled_inside(R, t)  # (log((1 + 2t + t²)/(1 − t²)): (1 + t)/(1 − t) = eʸ, linear in t)
        sol = unwind(inside, y, t) if inside != R else None
        return () if sol is None else (sol,)
    sol = unwind(R, y, t) if any(p.exp == Rational(1, 2) and p.base.has(t) for p in R.atoms(Pow)) else None  # a square root isolated and squared: (t + √(t² + b))/2 = y
    return (sol,) if sol is not None else squared_roots(R, y, t)


def squared_roots(R: Expr, y: Symbol, t: Symbol) -> tuple[Expr, ...]:
    """The solutions of R(t)² = y² where R² is a rational function of t and R is not (t/√(1 + t²)
    = y: t = ±y/√(1 − y²)); the search keeps the one that holds (here +, as t and y share
    their sign).  Where R² is a fraction linear in t², the solution is the one the steps show
    (rules/solving.solve_squared_steps: t = y·√(1/(1 − y²))), what its root is taken of factored
    as for any form (y·√(−1/((y − 1)(y + 1)))), and its opposite; else the roots of R² = y²,
    squared by the same rule, as a polynomial of degree 2 at most."""
    steps = solve_squared_steps(R, y, t)
    if steps:
        sol = roots_factored(steps[-1][2])
        return -sol, sol
    squared = SOLVE_SQUARE_SIDES.apply(R, y, t)
    if squared is None or not small(squared[0]):
        return ()
    poly = together(squared[0] - squared[1]).as_numer_denom()[0].as_poly(t)
    if poly is None or poly.degree() > 2:
        return ()
    return tuple(roots(poly).keys())


MAX_LEAVES = 6  # the largest function calls tried as kernels: f of a bigger one is cheaper to write


T = Dummy("t")  # one letter for every kernel: the same expressions in t, and SymPy's caches, each time


def kernels(f: Expr, x: Symbol, hyperbolic: bool = False) -> list[Kernel]:
    """Candidate kernels, cheapest first; with ``hyperbolic``, e^{gx} for a function of several
    hyperbolic functions of gx too (sinh x/(1 + cosh x): a fraction in eˣ)."""
    t = T
    found: list[Kernel] = []
    if occurrences(f, x) == 1:
        found.append(Kernel(f, t))
    if f.has(exp):
        found += _exp_kernels(f, x, _exp_step(f, x))
    if occurrences(f, x) > 1 and f.has(sin, cos, tan, sec, csc, cot):
        found.append(TanHalfKernel(tan(_step(f, x, (sin, cos, tan, sec, csc, cot)) * x / 2), t))
    leaves = {n for n in f.atoms(*INVERSES) if n.has(x)}
    for leaf in sorted(leaves, key=lambda n: (-count_ops(n), str(n)))[:MAX_LEAVES]:
        found.append(Kernel(leaf, t))
    if hyperbolic and occurrences(f, x) > 1 and f.has(sinh, cosh, tanh) and not f.has(exp):
        found += _exp_kernels(f, x, _step(f, x, (sinh, cosh, tanh)))
    found.append(Kernel(x, t))
    return found


def _exp_kernels(f: Expr, x: Symbol, g: Rational) -> list[Kernel]:
    """t = e^{gx}, and first t = e^{2gx} where f is a function of e^{2gx} (e^x/(e^x + e^{−x}) is
    e^{2x}/(e^{2x} + 1))."""
    k = _even_in(ExpKernel(exp(g * x), T).to_t(f), T)
    return ([ExpKernel(exp(k * g * x), T)] if k > 1 else []) + [ExpKernel(exp(g * x), T)]


def _even_in(R: Expr, t: Symbol) -> int:
    """2 where R(t) in lowest terms is a rational function of t² (t/(t + 1/t) = t²/(t² + 1)), else 1."""
    if R.has(Symbol) and not R.is_rational_function(t):
        return 1
    lowest = cancel(R)
    s = Dummy("s")
    return 2 if lowest.has(t) and not lowest.subs(t**2, s).has(t) else 1


def _exp_step(f: Expr, x: Symbol) -> Rational:
    """The largest g such that every e^(c·x) in f has c a whole multiple of g."""
    return _step(f, x, (exp,))


def _step(f: Expr, x: Symbol, funcs: tuple) -> Rational:
    """The largest g such that every F(c·x) in f, F one of ``funcs``, has c a whole multiple of g."""
    from .rules.identities import step_of

    cs = [a.args[0] / x for a in f.atoms(*funcs) if (a.args[0] / x).is_Rational]
    return step_of(cs) if cs else Rational(1)


def candidates(f: Expr, df: Expr, x: Symbol, y: Symbol):
    """(g, kernel (a :class:`Kernel`), kernel in y) for every way we can write f' through y (tidied once: √ of a
    square left in g would make it complex where it is real).  None where f' is still a
    derivative SymPy left unevaluated: it cannot be written in a kernel's t (x = e^t would make
    it a derivative with respect to e^t)."""
    if df.has(Derivative):
        return
    lifted = SOLVE_EXP.apply(f, y, x) if isinstance(f, Add) and f.has(log) else None
    for k in kernels(f, x, hyperbolic=True):
        R = k.to_t(f)
        solutions = () if R.has(x) else solve_for(k.t, R, y)
        if not solutions and lifted is not None:  # x − log(1 + eˣ) = y: eˣ/(1 + eˣ) = eʸ, solved for eˣ
            solutions = _solved_lifted(k, lifted[0], x, y)
        if not solutions:
            continue
        dft = k.to_t(df)
        if dft.has(x):
            xt = unwind(k.K, k.t, x)
            if xt is None:
                continue
            dft = dft.xreplace({x: xt})
        if len(solutions) > 1:  # ±y/√(1 − y²): the one that is the kernel at every point first (the step shows it)
            solutions = sorted(solutions, key=lambda s: not holds(s, f, k.K, x, y))
        if solutions and small(dft) and dft.is_rational_function(k.t):  # no solution: no cancel needed
            dft = lowest_terms(dft)
        for sol in solutions:
            g = dft.xreplace({k.t: sol})
            if g.has(x) or occurrences(g, y) > 3 * MAX_WRITTEN:  # x left in it: no form in y; y written
                continue  # this often: too long to be worth tidying (not done in 3 s for sinh x/(2 + cosh x))
            g = tidy(g)
            if occurrences(g, y) <= MAX_WRITTEN:
                yield g, k, sol


MAX_WRITTEN = 6  # a form that writes y more often than this is no shorter way to f′ (sinh x/(2 + cosh x): 13 times)


def _solved_lifted(k: Kernel, lifted: Expr, x: Symbol, y: Symbol) -> tuple[Expr, ...]:
    """The solutions t of eᶠ = eʸ, where eᶠ (rules/solving.SolveExponentiate) is written in the
    kernel's t (eˣ/(1 + eˣ) = eʸ in t = eˣ: t = eʸ/(1 − eʸ))."""
    R = k.to_t(lifted)
    if R.has(x):
        return ()
    return tuple(s.xreplace({y: exp(y)}) for s in solve_for(k.t, R, y))


@lru_cache(maxsize=512)
def lowest_terms(e: Expr) -> Expr:
    """cancel(e), kept per expression (f' written in the kernel's t comes back in every run)."""
    return cancel(e)


FORM_SECONDS = 0.5  # at most this long for each of factor, expand, cancel
MAX_POWER = 8  # (a + b)^n with n above this is not multiplied out (it would blow up)
MAX_OPS = 120


def small(e: Expr) -> bool:
    """Whether factor/expand/cancel stay cheap on ``e``: no big powers of sums, few operations."""
    big = any(isinstance(p.base, Add) and p.exp.is_Number and abs(p.exp) > MAX_POWER for p in e.atoms(Pow))
    return not big and count_ops(e) <= MAX_OPS


@lru_cache(maxsize=1024)
def tidy(g: Expr) -> Expr:
    """The cheapest of the factored, expanded and cancelled (then expanded) forms; for a polynomial, a
    factored form wins unless it costs more than one operation extra (−2y(1 − y²) over
    2y³ − 2y).  Kept per expression: a form found is tidied again where it is taken."""
    if not small(g):
        return g
    forms = []
    for how in (factor_terms, factor, expand, cancel, _cancelled_expanded):
        try:
            form = within(FORM_SECONDS, lambda: how(g))  # factor can run away on big polynomials
        except Exception:  # noqa: BLE001 - a form SymPy cannot produce is simply not offered
            continue
        if form is not None:
            slack = 1.5 if how in (factor, factor_terms) and g.is_polynomial() else 0
            shown = _unnegate(form)  # a sum factor left starting with −1 (2(u − 1)/u): a tie goes to the others
            forms.append((count_ops(shown) - slack + 0.5 * _negative_led(shown), shown))
    if g.is_Add:  # u + x/(1 + 1/v): each term at its cheapest, u + xv/(1 + v)
        termwise = Add(*[tidy(t) for t in g.args])
        forms.append((count_ops(termwise), termwise))
    return min(forms, key=lambda f: f[0])[1] if forms else g


def _cancelled_expanded(g: Expr) -> Expr:
    """g cancelled, then multiplied out: 2/(1 + 1/(e^y − 1)) is (2e^y − 2)e^{−y} = 2 − 2e^{−y}."""
    return expand(cancel(g))


def _unnegate(g: Expr) -> Expr:
    """(S − 1)(2S − 1) → (1 − S)(1 − 2S), −2y(y − 1) → 2y(1 − y), (y − 1)² → (1 − y)²: sum factors
    start with a positive constant."""
    c, rest = g.as_coeff_Mul()
    parts = tuple(_even_power_unnegated(a) for a in Mul.make_args(rest))
    sums = [i for i, a in enumerate(parts) if isinstance(a, Add)]
    if not sums or len(sums) > 3:
        return Mul(c, *parts) if parts != Mul.make_args(rest) else g

    def flipped(flip):
        if not flip:  # as written (Mul(1/2, 1 + y²) would be multiplied out: 1/2 + y²/2)
            return Mul(c, *parts) if parts != Mul.make_args(rest) else g
        return Mul(c * (-1) ** len(flip), *[-a if i in flip else a for i, a in enumerate(parts)])

    def key(e):  # the fewest operations (a sign absorbed into a factor: (y − 1)(2 − y), not
        # −(1 − y)(2 − y)), then the fewest sums starting with a negative constant, the first one such
        # (−2y(1 − y²) stands: 2y(y² − 1) saves the sign only by leading its one sum with −1)
        negative = [bool(isinstance(a, Add) and a.as_coeff_Add()[0] < 0) for a in Mul.make_args(e)]
        led = [n for a, n in zip(Mul.make_args(e), negative) if isinstance(a, Add)]
        return count_ops(e) + (bool(led) and all(led)), sum(negative), tuple(not n for n in negative)

    options = [flipped(set(f)) for k in range(len(sums) + 1) for f in itertools.combinations(sums, k)]
    return min([o for o in options if not o.is_Add] or options[:1], key=key)  # −2(−1 − y) is multiplied out


def _negative_led(g: Expr) -> bool:
    """Whether a factor of g is a sum that starts with a negative constant (y − 1)."""
    return any(isinstance(a, Add) and bool(a.as_coeff_Add()[0] < 0) for a in Mul.make_args(g.as_coeff_Mul()[1]))


def _even_power_unnegated(a: Expr) -> Expr:
    """(y − 1)^{2k} as (1 − y)^{2k}: the same value, a sum that starts with a positive constant."""
    if isinstance(a, Pow) and isinstance(a.base, Add) and a.exp.is_Integer and a.exp % 2 == 0 \
            and a.base.as_coeff_Add()[0] < 0:
        return Pow(-a.base, a.exp, evaluate=False)
    return a


def holds(g: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol, n: int = 90, inside=None) -> bool:
    """g(f(x)) = f'(x) at points near 0 and far out where f and f' are finite and real
    (and, given ``inside``, a test of x: only there)."""
    params = parameter_values(f, x)
    fx_at, dfx_at, gy_at = evaluator(f), evaluator(df), evaluator(g)
    agreed = 0
    for at in spread(n):
        if inside is not None and not inside(at):
            continue
        env = {**params, x: at}
        try:
            fx, dfx = fx_at(env), dfx_at(env)
        except OverflowError:  # f too large for a float here (e^{e^x} at x = 7): no point to compare
            continue
        except ERRORS:  # f out of floats (1 + tanh x is 0.0 at x = −29, and log 0 fails): 40 digits
            if not _holds_closer(g, f, df, env, y):
                return False
            agreed += 1
            continue
        if not (is_finite_real(fx) and is_finite_real(dfx)):
            continue
        try:
            gy = gy_at({**env, y: complex(fx).real})
        except ERRORS:  # y out of g's floats (e^{x³} is 0.0 at x = −10, and log 0 fails): 40 digits
            if not _holds_closer(g, f, df, env, y):
                return False
            agreed += 1
            continue
        if not is_finite_real(gy) or abs(complex(gy) - complex(dfx)) > 1e-9 * abs(dfx) + 1e-15:
            if not _holds_closer(g, f, df, env, y):
                return False
        agreed += 1
    return agreed >= 5


def _holds_closer(g: Expr, f: Expr, df: Expr, env: dict, y: Symbol) -> bool:
    """At 40 digits, does g(f) = f′ at this point after all?  (y log y for e^{e^x} at x = −30:
    y is 1 + 10⁻¹³, and log y keeps three of its sixteen float digits; 3y|log y|^{2/3} for
    e^{x³} at x = −10: y is 0.0 in floats, e^{−1000} at 40 digits.)  Where 40 digits cancel
    to too few ((1 − tanh²x)/(1 + tanh x) at x = −27: 1 + tanh x is 10⁻²³), 80 digits."""
    return any(_holds_at_digits(g, f, df, env, y, digits) for digits in CLOSER_DIGITS)


CLOSER_DIGITS = (40, 80)


def _holds_at_digits(g: Expr, f: Expr, df: Expr, env: dict, y: Symbol, digits: int) -> bool:
    with mpmath.workdps(digits):
        try:
            fx, dfx = value(f, env), value(df, env)
            gy = value(g, {**env, y: fx})
        except (*ERRORS, NotNumeric):
            return False
        return is_finite_real(gy) and abs(gy - dfx) <= mpmath.mpf("1e-25") * (1 + abs(dfx))


def piece_form(p: Expr, dp: Expr, x: Symbol, y: Symbol, inside) -> Expr | None:
    """g with p'(x) = g(p(x)) for the x where ``inside`` holds: one piece of a piecewise function."""
    found = _piece_candidate(p, dp, x, y, inside)
    return None if found is None else tidy(found[0])


def _piece_candidate(p: Expr, dp: Expr, x: Symbol, y: Symbol, inside) -> tuple | None:
    """(g, kernel, kernel in y) for the first candidate that holds where ``inside`` does."""
    for g, K, sol in candidates(p, dp, x, y):
        undone = inverses_undone(g)
        if undone != g and holds(undone, p, dp, x, y, inside=inside):
            return undone, K, sol
        if holds(g, p, dp, x, y, inside=inside):
            return g, K, sol
    return None


POSITIVE = Dummy("p", positive=True)  # x taken positive: |x| = x, a piece for x > 0 chosen


def odd_form(f: Expr, df: Expr, x: Symbol, y: Symbol) -> tuple | None:
    """(g, kernel, kernel in y) for an f odd about its value c at 0 (f(−x) − c = c − f(x)), read
    from the form g₊ its part for x > 0 has: there f′ is even, so f′(x) = f′(|x|) =
    g₊(c + |y − c|) where f − c > 0 for x > 0 (c − |y − c| where f − c < 0): y = x|x| is x² for
    x > 0, with 2√y, so f′ = 2|x| = 2√|y|.  Only for an f that x > 0 simplifies (an |x|, a sign,
    pieces); the form is kept where it holds at every point, both signs of x; else None."""
    f_right, df_right = (e.xreplace({x: POSITIVE}).xreplace({POSITIVE: x}) for e in (f, df))
    if f_right == f or f_right.has(Piecewise, Abs, sign):
        return None
    c = canon(f_right.subs(x, 0))
    if not (c.is_real and c.is_finite and _odd_about(f, c, x)):
        return None
    found = _piece_candidate(f_right, df_right, x, y, lambda at: at > 0)
    if found is None:
        return None
    g, K, sol = found
    for side in (Abs(y - c), -Abs(y - c)):
        form = tidy(g.xreplace({y: c + side}))
        if holds(form, f, df, x, y):
            value = sol.xreplace({y: c + side})
            shown = next((v for v in (value, sign(y - c) * value) if holds(v, f, K.K, x, y)), None)
            return form, K, shown
    return None


ODD_POINTS = (0.37, 1.3, 2.9)


def _odd_about(f: Expr, c: Expr, x: Symbol) -> bool:
    """Whether f(−a) + f(a) = 2c at a few points a where f is real on both sides (at two at least):
    the test, in floats, before a form is looked for on x > 0."""
    params = parameter_values(f, x)
    f_at, c_at = evaluator(f), evaluator(c)
    seen = 0
    for a in ODD_POINTS:
        try:
            left, right, level = f_at({**params, x: -a}), f_at({**params, x: a}), c_at(params)
        except ERRORS:
            continue
        if not all(is_finite_real(v) for v in (left, right, level)):
            continue
        total, twice = complex(left).real + complex(right).real, 2 * complex(level).real
        if abs(total - twice) > 1e-9 * (1 + abs(left) + abs(right)):
            return False
        seen += 1
    return seen >= 2


def on_range(g: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol) -> Expr:
    """g written with what the values of f allow: y real, and positive (or negative) where f is
    at every point sampled, so that √(y²) = y (√x: 1/(2y)) and log(e^u) = u; kept only where it
    is shorter and still holds at points across the domain."""
    if not any(p.exp.is_Rational and not p.exp.is_Integer for p in g.atoms(Pow)) and not g.has(log):
        return g  # no root, no fractional power, no logarithm: the sign of y changes nothing
    taken = sign_of(f, x)
    Y = Symbol(y.name, real=True, **({taken: True} if taken else {}))
    try:
        known = g.xreplace({y: Y})
        factored = roots_factored(known)
        options = [tidy(known)] + ([tidy(tidy(factored))] if factored != known else [])
        options += [tidy(signed) for o in options if (signed := signed_magnitudes(o, f, x, Y)) != o]
        options += [lowest_terms(o) for o in options]  # on a tie one fraction: −2y²/(y² + 1), not (1 − y²)/(y² + 1) − 1
        simpler = min(options, key=lambda o: (count_ops(o), size(o))).xreplace({Y: y})
    except Exception:  # noqa: BLE001 - a form SymPy cannot rewrite is kept as it was
        return g
    if simpler == g or count_ops(simpler) >= count_ops(g) or not holds(simpler, f, df, x, y):
        return g
    return simpler


MOST_IDENTITIES = 6  # at most this many identities in a row shorten a form


def identity_path(g: Expr, admits) -> list[tuple]:
    """[(rule, the form after it, the condition it needs or None)]: the identities of
    :mod:`derive.rules.identities` applied one node at a time, each where it does not lengthen
    the form and ``admits`` its condition (a ≥ 0 for √(a²) = a), until none applies
    (2/√(1 − sin²y): 2/√(cos²y), then 2/cos y where cos y ≥ 0)."""
    from .rules.identities import IDENTITIES

    path, last = [], g
    for _ in range(MOST_IDENTITIES):
        options = [(count_ops(new), n, (rule, new, cond)) for n, rule in enumerate(IDENTITIES)
                   for new, cond in _rewrites(rule, last) if count_ops(new) <= count_ops(last)]
        found = next((o for _, _, o in sorted(options, key=lambda o: o[:2]) if o[2] is None or admits(o[2])), None)
        if found is None:
            return path
        path.append(found)
        last = found[1]
    return path


def _rewrites(rule, e: Expr):
    """(e with one node rewritten by ``rule``, the condition the rewrite needs), node by node."""
    for at, node in positions(e):
        new = rule.apply(node)
        if new is not None:
            yield canon(replace_at(e, at, new)), rule.condition(node) if hasattr(rule, "condition") else None


def by_identities(g: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol) -> Expr:
    """g shortened by identities whose conditions hold on the values f takes (cos y ≥ 0 where
    y = asin(2x)); g itself where none shortens it or the result does not hold."""
    return _shortened_by_identities(g, g, f, df, x, y)


def _shortened_by_identities(start: Expr, g: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol) -> Expr:
    """``start`` shortened by the identities whose conditions hold on the values f takes, where
    that is shorter than g and still f′ at every point; else g."""
    path = identity_path(start, lambda cond: not_negative(cond.lhs, f, x, y))
    if not path or count_ops(path[-1][1]) >= count_ops(g):
        return g
    return path[-1][1] if holds(path[-1][1], f, df, x, y) else g


def shown_solution(sol: Expr, f: Expr, K: Expr, x: Symbol, y: Symbol) -> Expr:
    """The kernel written in y as the substitution step shows it: shortened by the identities
    where the values f takes admit them (y·√(−1/((y + 1)(y − 1))) = y/√(1 − y²), as 1 − y² > 0),
    kept only where it is still the kernel at every point; else as solved."""
    path = identity_path(tidy(sol), lambda cond: not_negative(cond.lhs, f, x, y))
    new = path[-1][1] if path else tidy(sol)
    if new != sol and count_ops(new) <= count_ops(sol) and holds(new, f, K, x, y):
        return new
    return sol


def multiplied_out(g: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol) -> Expr:
    """g multiplied out and shortened by the identities, where that is shorter than g and holds
    ((1 + e^y)²e^{−y} = e^y + 2 + e^{−y} = 2 + 2cosh y); else g."""
    if not g.has(exp) or not small(g):
        return g
    expanded = expand(g)
    args = {e.args[0] for e in expanded.atoms(exp)}
    if not any(-a in args for a in args) or not small(expanded):  # no e^u beside e^{−u}: no cosh to make
        return g
    return _shortened_by_identities(expanded, g, f, df, x, y)


def not_negative(e: Expr, f: Expr, x: Symbol, y: Symbol) -> bool:
    """Whether e(y) ≥ 0 at y = f(x) for every x sampled where f is real (and there are some):
    sinh y ≥ 0 for y = acosh(x), taken where acosh is real (x ≥ 1) only."""
    params, f_at, e_at = parameter_values(f, x), evaluator(f), evaluator(e)
    seen = 0
    for point in spread(90):
        try:
            fx = f_at({**params, x: point})
            if not is_finite_real(fx):
                continue
            v = e_at({**params, x: point, y: complex(fx).real})
        except ERRORS:
            continue
        if is_finite_real(v):
            if complex(v).real < -1e-12:
                return False
            seen += 1
    return seen >= 5


CONSTANT_VALUES = (-2, -1, 0, 1, 2)  # the values tried for each symbolic constant alone


def constants_where(form: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol, constants: list):
    """(the condition on the constants where ``form`` holds, in words why) where it fails at a
    whole value of one constant at which f is real at points enough (squareplus's 4y²/(4y² + b)
    at b = 0, where it reads 1 and f′ is 0 for x < 0: b ≠ 0); None where it holds at every value
    tried (or f has no such points there).  The others keep the values the search used."""
    from sympy import And, Ge, Gt, Ne

    for c in constants:
        failed = [v for v in CONSTANT_VALUES if _fails_at(form, f, df, x, y, {c: v})]
        if not failed:
            continue
        if failed == [0]:
            where = Ne(c, 0)
        elif max(failed) <= 0 and 0 in failed:
            where = Gt(c, 0)
        elif max(failed) < 0:
            where = Ge(c, 0)
        else:
            where = And(*[Ne(c, v) for v in failed])
        return where, _differs(form, f, df, x, y, {c: failed[0]})
    return None


WITNESS_POINTS = (-0.7, -1.3, -2.1, 0.7, 1.3, 2.1, -3.7, 3.7)


def _differs(form: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol, values: dict) -> str:
    """In words, a point where the form is not f′ at these constants' values."""
    named = ", ".join(f"{c} = {v}" for c, v in values.items())
    fv, dv, gv = (evaluator(e.xreplace(values)) for e in (f, df, form))
    for at in WITNESS_POINTS:
        try:
            fx, want = fv({x: at}), dv({x: at})
            if not (is_finite_real(fx) and is_finite_real(want)):
                continue
            got = gv({x: at, y: complex(fx).real})
        except ERRORS:
            continue
        got = complex(got).real if is_finite_real(got) else None
        if got is None or abs(got - complex(want).real) > 1e-9 * max(1.0, abs(want)):
            shown = "no real value" if got is None else _n(got)
            return f"at {named}, {x} = {at} it gives {shown} where the derivative is {_n(complex(want).real)}"
    return f"at {named} it differs from the derivative"


def condition_words(where) -> str:
    """A condition as the notes write it: b ≠ 0, b > 0, x > 0; a conjunction with commas."""
    from sympy import And

    if isinstance(where, And):
        return ", ".join(condition_words(a) for a in where.args)
    signs = {"!=": "≠", ">=": "≥", "<=": "≤"}
    op = getattr(where, "rel_op", None)
    return str(where) if op is None else f"{where.lhs} {signs.get(op, op)} {where.rhs}"


def _fails_at(form: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol, values: dict) -> bool:
    """Whether f is real at points enough with these constants' values and the form is not f′
    there."""
    fv, dv, gv = (e.xreplace(values) for e in (f, df, form))
    try:
        gv = gv.doit()
    except Exception:  # noqa: BLE001 - a form SymPy cannot evaluate at these values is not judged
        return False
    return _points(fv, x) >= 5 and not holds(gv, fv, dv, x, y)


def _points(f: Expr, x: Symbol) -> int:
    """How many of the sample points f is real and finite at (the other symbols at their values)."""
    params, at, n = parameter_values(f, x), evaluator(f), 0
    for point in spread(90):
        try:
            n += is_finite_real(at({**params, x: point}))
        except (*ERRORS, OverflowError):
            continue
    return n


def signed_magnitudes(g: Expr, f: Expr, x: Symbol, y: Symbol) -> Expr:
    """g with each |u(y)| written u (or −u) where u(f(x)) has that sign at every point sampled:
    |4y² + b| = 4y² + b for squareplus′, where y > 0."""
    def signed(a):
        taken = sign_of(a.args[0].xreplace({y: f}), x)
        return a.args[0] if taken == "positive" else -a.args[0] if taken == "negative" else a

    return g.replace(lambda a: isinstance(a, Abs) and a.args[0].has(y), signed)


def roots_factored(g: Expr) -> Expr:
    """g with what each root is taken of factored, so that a square under a square root comes
    out by the values y takes (√(1 + (y² − 1)²/(4y²)) = (y² + 1)/(2y) for y > 0)."""
    def factored(p):
        try:
            base = within(FORM_SECONDS, lambda: factor(p.base))
        except Exception:  # noqa: BLE001 - a base SymPy cannot factor is kept as it was
            base = None
        return p if base is None else Pow(base, p.exp)

    return g.replace(lambda p: isinstance(p, Pow) and p.exp.is_Rational and not p.exp.is_Integer
                     and p.base.has(Symbol) and small(p.base), factored)


def of_magnitude(g: Expr, y: Symbol) -> Expr | None:
    """g with each power of a base in y whose exponent has an even numerator and an odd denominator
    written of its magnitude (y^{2/3} is |y|^{2/3} for real y, where SymPy's principal branch makes
    it complex for y < 0: x³′ = 3|y|^{2/3}, (x³ + 1)′ = 3|y − 1|^{2/3}); None where g has no such
    power."""
    powers = [p for p in g.atoms(Pow) if p.base.has(y) and p.exp.is_Rational and not p.exp.is_Integer
              and p.exp.p % 2 == 0 and p.exp.q % 2 == 1]
    return g.xreplace({p: Pow(Abs(p.base), p.exp) for p in powers}) if powers else None


@lru_cache(maxsize=256)
def sign_of(f: Expr, x: Symbol) -> str | None:
    """"positive" or "negative" where f has that sign at every point sampled (None otherwise);
    kept per function: the form's search and the step that uses the range both ask."""
    params, at = parameter_values(f, x), evaluator(f)
    seen = set()
    for point in spread(90):
        try:
            v = at({**params, x: point})
        except ERRORS:
            continue
        if is_finite_real(v):
            seen.add(complex(v).real > 0 if complex(v).real != 0 else None)
    return {frozenset({True}): "positive", frozenset({False}): "negative"}.get(frozenset(seen))


def parameter_values(f: Expr, x: Symbol) -> dict:
    """Values for the other symbols (constants, parameters): distinct, positive, not special;
    the same symbol gets the same value in every expression."""
    return {p: 0.3701 + (zlib.crc32(str(p).encode()) % 997) / 1009 for p in f.free_symbols - {x}}


WITNESS_SPANS = (4.0, 30.0)


def witness(f: Expr, df: Expr, x: Symbol, n: int = 161, inside=None):
    """Two points a, b with f(a) = f(b) but f'(a) ≠ f'(b), or None (searched near 0, then wide);
    given ``inside``, a test of x, only where it holds (the domain of the input as typed)."""
    params = parameter_values(f, x)
    known: dict = {}  # (expression, point) -> value: the searches come back to the same points

    def ev(e, at):
        key = (e, repr(at))  # 1 and 1.0 apart: an int point is computed in ints where it can be
        if key not in known and inside is not None and not inside(at):
            known[key] = None
        if key not in known:
            try:
                v = evaluator(e)({**params, x: at})
                known[key] = complex(v).real if is_finite_real(v) else None
            except ERRORS:
                known[key] = None
        return known[key]

    def slope_at_root(b: float, level: float):
        """f' at the root of f − level next to b, polished by Newton's method in floats (a root
        good to 1e-9 in f may be 1e-3 off in x where f is flat: tan³ at −π)."""
        for _ in range(60):
            fb, db = ev(f, b), ev(df, b)
            if fb is None or db is None:
                return None
            if fb == level or db == 0:
                break
            step = (fb - level) / db
            if abs(step) > 1e-3 * max(1.0, abs(b)):
                return None  # not converging to this root
            b -= step
            if abs(step) <= 1e-15 * max(1.0, abs(b)):
                break
        return ev(df, b)

    for span in WITNESS_SPANS:
        found = _witness_on(ev, f, df, [-span + 2 * span * i / (n - 1) for i in range(n)], slope_at_root)
        if found is not None:
            return found
    return None


def _witness_on(ev, f, df, xs, slope_at_root):
    fs = [ev(f, a) for a in xs]
    known = [v for v in fs if v is not None]
    if not known or max(known) - min(known) <= 1e-12 * max(1.0, *map(abs, known)):
        return None  # constant (or undefined) here: nothing to witness
    step = xs[1] - xs[0]
    for a in [1, -1, 0.5, 2, -2, -0.5] + xs[::8]:
        fa, da = ev(f, a), ev(df, a)
        if fa is None or da is None or not _smooth_at(ev, df, a, da):
            continue
        for b in itertools.islice(_roots(lambda t: _minus(ev(f, t), fa), xs, fs, fa, a, step), 2):
            db = ev(df, b)
            if db is not None and abs(da - db) > 1e-6 * max(1.0, abs(da), abs(db)):  # not float noise
                db = slope_at_root(b, fa)
                if db is not None and abs(da - db) > 1e-6 * max(1.0, abs(da), abs(db)) and _smooth_at(ev, df, b, db):
                    return a, b, fa, da, db
    return None


def _smooth_at(ev, df: Expr, at: float, slope: float) -> bool:
    """Whether a piecewise f′ has its value ``slope`` on both sides of ``at``: at a joint (max(eˣ, x, 1)
    at 0, left slope 0, right 1) f′ has no value, so no witness stands there."""
    if not df.has(Piecewise):
        return True
    h = 1e-7 * max(1.0, abs(at))
    near = [ev(df, at - h), ev(df, at + h)]
    return all(v is not None and abs(v - slope) <= 1e-4 * max(1.0, abs(slope)) for v in near)


def _minus(v, level):
    return None if v is None else v - level


def _roots(h, xs, fs, level, start, step, tries: int = 4):
    """Points away from ``start`` where h = f - level crosses zero (a jump is not a root);
    at most ``tries`` crossings are refined."""
    scale = 1e-9 * max(1.0, abs(level))
    for j in range(len(xs) - 1):
        if tries == 0:
            return
        if min(abs(xs[j] - start), abs(xs[j + 1] - start)) < 1.5 * step or fs[j] is None or fs[j + 1] is None:
            continue
        lo, hi = fs[j] - level, fs[j + 1] - level
        if lo == 0:
            yield xs[j]
        elif lo * hi < 0 and min(abs(lo), abs(hi)) > scale * 1e-3:
            tries -= 1
            root = _illinois(h, xs[j], xs[j + 1], lo, hi, scale)
            if root is not None:
                yield root


def _illinois(h, a: float, b: float, ha: float, hb: float, scale: float, steps: int = 40):
    """A root of h in [a, b] (h(a), h(b) of opposite signs) by regula falsi with the Illinois
    change: a few evaluations where bisection needs forty; None if h is undefined on the way
    or the bracket closes on a jump rather than a root."""
    side, height = 0, max(abs(ha), abs(hb))
    for _ in range(steps):
        m = b - hb * (b - a) / (hb - ha) if hb != ha else (a + b) / 2
        hm = h(m)
        if hm is None:
            return None
        if abs(hm) <= scale:
            return m
        if b - a <= 1e-13 * max(1.0, abs(m)):  # as close as floats go: steep through 0, or a jump
            return m if abs(hm) <= 1e-7 * height else None
        if (hm < 0) == (ha < 0):
            a, ha = m, hm
            hb, side = (hb / 2, 0) if side == -1 else (hb, -1)
        else:
            b, hb = m, hm
            ha, side = (ha / 2, 0) if side == 1 else (ha, 1)
    return None


FIND_SECONDS = 3.0


def find(f: Expr, df: Expr, x: Symbol, y: Symbol, inside=None, witnessed=None, order: int = 1) -> Target:
    """The form g(y) of f', or a sentence saying why there is none (within a time budget); given
    ``inside``, a test of x, for the x where it holds (e^{2 ln x}, read as x², has 2√y on x > 0);
    given ``witnessed``, a test of x, the two points of "no form exists" only where it holds
    (where the Result holds: cos √x has none at x = −1); ``df`` is the ``order``-th derivative,
    as the sentence names it (f''(1) for the second)."""
    deadline = cpu_now() + FIND_SECONDS
    found = within(FIND_SECONDS, lambda: _find(f, df, x, y, deadline, inside, witnessed, order))
    if found is None:
        return Target(None, f"No form in terms of {y} alone was found in the time allowed for the search.", None)
    return found


def _find(f: Expr, df: Expr, x: Symbol, y: Symbol, deadline: float, inside=None, witnessed=None,
          order: int = 1) -> Target:
    if not df.has(x):
        return Target(df, "", True)  # a constant derivative is trivially a function of y
    c = constant(f, df, x, y)
    if c is not None:  # atan x + atan(1/x): f′ = 1/(1 + x²) − 1/(x²(1 + 1/x²)) is 0, a form in y too
        return Target(c, "", True)
    found = candidates(f, df, x, y)
    for g, K, sol in found:
        g = _undone_where_it_holds(g, f, df, x, y)
        if holds(g, f, df, x, y, inside=inside):
            best = [_shortened(g, K, sol, f, df, x, y)]
            left = min(CHEAPER_SECONDS, deadline - cpu_now() - FIND_MARGIN)  # the form found is kept
            if _nested_calls(best[0].form) and left > 0:  # e^{atanh y}: another kernel may need no call
                within(left, lambda: _cheaper(found, best, f, df, x, y))
            return best[0]
        even = of_magnitude(g, y)
        if even is not None and holds(even, f, df, x, y, inside=inside):
            return Target(even, "", True, (K.K, sol), kernel=K)
    odd = odd_form(f, df, x, y) if inside is None else None
    if odd is not None:
        g, K, sol = odd
        form = by_identities(on_range(g, f, df, x, y), f, df, x, y)
        return Target(form, "", True, None if sol is None else (K.K, sol), kernel=None if sol is None else K)
    w = witness(f, df, x, inside=inside if witnessed is None else
                (witnessed if inside is None else lambda at: inside(at) and witnessed(at)))
    if w is not None:
        return Target(None, f"No form in terms of {y} alone exists: {witness_words(f, df, x, w, order)}.", False,
                      witness=w)
    return Target(None, (
        f"No form in terms of {y} alone was found by the rule set; nor were two points found "
        "where f takes the same value with different slopes, so one may exist."), None)


def inverses_undone(g: Expr) -> Expr:
    """g with every F(F⁻¹(w)) and F⁻¹(F(w)) written w (for the functions the search unwinds):
    acot(cot(w)) = w, which holds where w is on F⁻¹'s branch, as the values of y often make it
    (y = acot(atan(e − x)) gives atan(tan(cot y)), and cot y = atan(e − x) lies in (−π/2, π/2))."""
    def undone(n):
        inner = n.args[0] if len(n.args) == 1 else None
        if inner is None or len(inner.args) != 1:
            return False
        return INVERSES.get(n.func) is inner.func or INVERSES.get(inner.func) is n.func

    return g.replace(undone, lambda n: n.args[0].args[0])


def _undone_where_it_holds(g: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol) -> Expr:
    """g with its compositions of a function and its inverse undone, where that still holds on the
    values f takes (tidied: log(2)·acot(cot w)/log(2) may then cancel); else g."""
    new = inverses_undone(g)
    if new == g:
        return g
    new = tidy(new)
    return new if holds(new, f, df, x, y) else g


def constant(f: Expr, df: Expr, x: Symbol, y: Symbol) -> Expr | None:
    """The number f′ is, where it is one written otherwise (1/(1 + x²) − 1/(x²(1 + 1/x²)) is 0):
    the fraction in lowest terms where that has no x, else a nonzero value at one point read as
    a fraction with a small denominator and found again at 40 digits at points across the
    domain (0 only where SymPy finds it: a derivative such as 7000·atan(x)^6999/(1 + x²) is
    0.0 in floats wherever atan x < 1); None for a piecewise f′, whose pieces say it."""
    from sympy import Piecewise, nsimplify

    if df.has(Piecewise):
        return None
    c = lowest_terms(df) if small(df) else df
    if not c.has(x):
        return c if holds(c, f, df, x, y) else None
    if df.free_symbols - {x}:
        return None
    try:
        v = evaluator(df)({x: 0.7123})
    except ERRORS:
        return None
    if not is_finite_real(v) or abs(complex(v).real) < 1e-6:
        return None
    c = nsimplify(complex(v).real, rational=True, tolerance=1e-12)
    if c.q > 1000 or not holds(c, f, df, x, y):
        return None
    return c if all(_holds_closer(c, f, df, {x: at}, y) for at in (-2.3, -0.6, 0.4, 1.9)
                    if is_finite_real(_value_or_none(df, at, x))) else None


def _value_or_none(e: Expr, at: float, x: Symbol):
    try:
        return evaluator(e)({x: at})
    except ERRORS:
        return None


ROOT_SECONDS = 0.5  # at most this long for SymPy to find the exact roots of f(x) = f(a)
MAX_ROOT_DEGREE = 12


def witness_words(f: Expr, df: Expr, x: Symbol, w: tuple, order: int = 1) -> str:
    """The witness (a, b, f(a), f′(a), f′(b)) in words that are true as printed: a point and a
    value exact where they are (b = −2/3, the root SymPy finds of f(x) = f(a) next to the one
    found in floats, and f′(−2/3) = 0 exactly), "≈" before a decimal where they are not
    (f(1) = f(b) ≈ 0.8415 for b ≈ 2.142); ``df`` is the ``order``-th derivative, named so
    (f''(1) ≈ 3.003 for the second of x² sin x, whose f'(1) is 2.223)."""
    a, b, fa, da, db = w
    d = derivative_name(order)
    A, B = _exact_point(a), None
    if A is not None and not (f.free_symbols - {x}):
        B = _exact_root(f, df, x, A, b)
    if B is None:
        A = A if A is not None and not (f.free_symbols - {x}) else None
        at, p = _n(a) if A is None else str(A), _point_letter(f)
        return (f"f({at}) = f({p}) {_approx(fa, f, x, A)} for {p} ≈ {_n(b)}, "
                f"but {d}({at}) {_approx(da, df, x, A)} while {d}({p}) ≈ {_n(db)}")
    db = float(df.subs(x, B).evalf())  # B may be another root than the one found in floats
    return (f"f({A}) = f({B}) {_approx(fa, f, x, A)}, "
            f"but {d}({A}) {_approx(da, df, x, A)} while {d}({B}) {_approx(db, df, x, B)}")


def derivative_name(order: int) -> str:
    """f' for the first derivative, f'' and f''' for the next, then f⁽⁴⁾."""
    return "f" + "'" * order if order <= 3 else "f⁽" + str(order).translate(SUPERSCRIPT) + "⁾"


SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _point_letter(f: Expr) -> str:
    """The letter of the witness's second point: b, unless the function has a constant b
    (a·x² + b·x: f(1) = f(c) ≈ 1.87 for c ≈ −3.185, with a = 0.5871, b = 1.283)."""
    taken = {str(s) for s in f.free_symbols}
    return next((c for c in "bcdpqrstklm" if c not in taken), "ξ")


def _exact_point(a: float):
    """a as the fraction it is written as (1, −0.5 = −1/2, −3.6 = −18/5), or None."""
    r = Rational(repr(a)).limit_denominator(1000)
    return r if abs(float(r) - a) < 1e-12 else None


def _exact_root(f: Expr, df: Expr, x: Symbol, A, b: float):
    """A rational root B of f(x) = f(A) with f′(B) ≠ f′(A), both exactly, found in the time
    allowed: ``b`` itself where it is a fraction that is one (cos 2x: −1), else the nearest to
    ``b`` of the roots SymPy finds (−2/3 for (3x + 2)⁵(x − 1) = 0, found in floats as −0.6621
    where f is flat); None where there is none."""
    from sympy import real_roots

    level = f.subs(x, A)

    def found():  # the roots of a polynomial only: SymPy's solve of f = c in general takes long
        near = _exact_point(b)
        if near is not None and near != A and cancel(f.subs(x, near) - level) == 0:
            return [near]
        if f.is_rational_function(x) and small(f):
            n = together(f - level).as_numer_denom()[0].as_poly(x)
            return [] if n is None or n.degree() > MAX_ROOT_DEGREE else real_roots(n)
        return []

    def differs(B) -> bool:
        return cancel(df.subs(x, B) - df.subs(x, A)) != 0

    try:
        rs = within(ROOT_SECONDS, found) or []
        rs = sorted({r for r in rs if r.is_Rational and r != A}, key=lambda r: abs(float(r) - b))
        return within(ROOT_SECONDS, lambda: next((r for r in rs if differs(r)), None))
    except Exception:  # noqa: BLE001 - roots SymPy cannot find are not stated exactly
        return None


def _approx(v: float, e: Expr, x: Symbol, at) -> str:
    """"= 3125" where e at the exact point ``at`` is that rational, else "≈ 0.5403"."""
    if at is not None and not (e.free_symbols - {x}):
        try:
            exact = within(ROOT_SECONDS, lambda: cancel(e.subs(x, at)))
        except Exception:  # noqa: BLE001 - a value SymPy cannot reach is given in decimals
            exact = None
        if exact is not None and exact.is_Rational:
            return f"= {exact}"
    return f"≈ {_n(v)}"


CHEAPER_SECONDS = 2.0  # at most this long for the other kernels, once a form with calls is found
FIND_MARGIN = 0.5  # ... and never closer than this to the end of the search's own time


def _shortened(g: Expr, K: Kernel, sol: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol) -> Target:
    """The form g (which holds) shortened by the values y takes, the identities and multiplying
    out, with the substitution as the step will show it."""
    form = rationalised(by_identities(on_range(tidy(g), f, df, x, y), f, df, x, y), f, df, x, y)
    return Target(multiplied_out(form, f, df, x, y), "", True, (K.K, shown_solution(sol, f, K.K, x, y)), kernel=K)


def rationalised(g: Expr, f: Expr, df: Expr, x: Symbol, y: Symbol) -> Expr:
    """g with each root in a denominator cleared by its conjugate (2/(y + √(y² + 4)) =
    (√(y² + 4) − y)/2), where that makes it shorter: (y + √(y² + 4))/2 + 2/(y + √(y² + 4)) is
    √(y² + 4); else g."""
    if not any(_root_below(d) for d in g.atoms(Pow) if d.exp.is_negative):
        return g
    new = within(FORM_SECONDS, lambda: tidy(radsimp(expand(g))))
    return new if new is not None and count_ops(new) < count_ops(g) and holds(new, f, df, x, y) else g


def _root_below(d: Pow) -> bool:
    """Whether the power d (a divisor) is of a sum holding a square root."""
    return isinstance(d.base, Add) and any(p.exp == Rational(1, 2) for p in d.base.atoms(Pow))


def _cheaper(rest, best: list, f: Expr, df: Expr, x: Symbol, y: Symbol) -> None:
    """best[0] replaced by a form of the remaining candidates with fewer calls (then fewer
    operations): tanh(softplus x) through e^x has (1 − y)(1 + y − √(1 − y²)), where through
    itself it has (1 − y²)/(1 + 1/(e^{atanh y} − 1)); stops at a form without calls."""
    for g, K, sol in rest:
        if holds(g, f, df, x, y):
            other = _shortened(g, K, sol, f, df, x, y)
            new, old = cost(other.form), cost(best[0].form)
            if (new.calls, new.ops) < (old.calls, old.ops) and new.ops <= old.ops + MORE_OPS:
                best[0] = other
            if not cost(best[0].form).calls:  # e^{atanh y}: two calls
                return


MORE_OPS = 4  # a call saved is worth at most this many more operations


def _nested_calls(e: Expr) -> bool:
    """Whether e calls a function of a function of y (e^{atanh y}, log((π/2)^{1/√(y² − 1)})): the
    mark of a kernel solved through an inverse and applied again, which another kernel may avoid."""
    from sympy import Function

    def calls_of_y(a) -> bool:
        return any(c.free_symbols for c in a.atoms(Function))

    return any(calls_of_y(n.args[0]) if isinstance(n, Function) else calls_of_y(n.exp)
               for n in e.atoms(Function, Pow) if n.free_symbols)


def _n(v: float) -> str:
    return "0" if abs(v) < 1e-12 else f"{v:.4g}"
