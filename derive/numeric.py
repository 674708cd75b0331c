"""A small numeric evaluator for SymPy trees, independent of the rules.

It walks the tree and evaluates with mpmath (30 digits by default, or the
float context ``mpmath.fp`` when speed matters more than digits).  Written
(unevaluated) forms evaluate as they are written.  Anything it does not know
falls back to SymPy's ``evalf``.
"""
from __future__ import annotations

import cmath
import math
from functools import lru_cache

import mpmath
from mpmath.libmp import NoConvergence
from sympy.core.function import AppliedUndef
from sympy.core.relational import Relational
from sympy import (
    Derivative,
    ITE, And, Heaviside, Max, Min, Not, Or, Piecewise,
    Add, Basic, Float, Mul, Number, Pow, Rational, S, Symbol, UnevaluatedExpr, log,
)

from .facts import evaluators


class NotNumeric(ValueError):
    """The expression has a free symbol with no value, or no numeric value at all."""


# What evaluating an expression at a point may raise: the point is then skipped or refused.
EVAL_ERRORS = (NotNumeric, ZeroDivisionError, ValueError, TypeError, OverflowError)

# Where functions are sampled: near 0 first, then wide (a branch or a period further out
# must be seen, e.g. (x + 5)^2 for x < -5 or sin(x/3) past 3π/2).
SPANS = (2.5, 10.0, 30.0)


def spread(n: int, offset: float = 0.0123) -> list[float]:
    """n points across the spans, evenly, off special points such as 0."""
    per = [n - 2 * (n // 3), n // 3, n // 3]
    return [-w + 2 * w * (i + 0.5) / k + offset for w, k in zip(SPANS, per) for i in range(k)]


FUNCS = evaluators()  # class -> mpmath name, or a function (context, value): derive/facts.py
CONSTANTS = {S.Exp1: "e", S.Pi: "pi"}


def value(e: Basic, env: dict, ctx=mpmath.mp, memo: dict | None = None):
    """The value of ``e`` with the symbols bound in ``env`` (may raise NotNumeric, ZeroDivisionError).

    ``memo`` (for one ``env``) keeps the values of the nodes met, so that expressions sharing
    sub-expressions -- the steps of one derivation -- evaluate each of them once per point.
    """
    if e.is_Number:  # never a key of env; converted once per precision (see _number)
        return _number(e, ctx)
    if e in env:
        return env[e]
    if memo is not None:
        known = memo.get(e)
        if known is not None:
            return known
        memo[e] = found = _value(e, env, ctx, memo)
        return found
    return _value(e, env, ctx, None)


def evaluator(e: Basic):
    """``lambda env: value(e, env, mpmath.fp)``, with the tree walked once, when it is built (the
    float searches evaluate one expression at many points): the same operations in the same
    order, so the same values and the same errors.  ``env`` binds symbols only."""
    return _compiled(e)


@lru_cache(maxsize=1024)
def _compiled(e: Basic):
    ctx, kind = mpmath.fp, type(e)
    if e.is_Number:
        return lambda env: _number(e, ctx)
    if isinstance(e, Symbol):
        return lambda env: env[e] if e in env else _unbound(e)
    name = FUNCS.get(kind)
    if kind not in (Add, Mul, Pow) and (name is None or len(e.args) != 1):
        return lambda env: value(e, env, ctx)  # the rarer nodes: as value() walks them
    parts = [_compiled(a) for a in e.args]
    if kind is Add:
        return lambda env: ctx.fsum([p(env) for p in parts])
    if kind is Mul:
        return lambda env: ctx.fprod([p(env) for p in parts])
    if kind is Pow:
        base, power = parts
        return lambda env: ctx.power(base(env), power(env))
    return lambda env: _call(ctx, name, parts[0](env))


def _unbound(e: Symbol):
    raise NotNumeric(f"no value for {e}")


def _value(e: Basic, env: dict, ctx, memo):
    kind = type(e)  # the common nodes first, by their exact type (the same arithmetic as below)
    if kind is Add:
        return ctx.fsum([value(a, env, ctx, memo) for a in e.args])
    if kind is Mul:
        return ctx.fprod([value(a, env, ctx, memo) for a in e.args])
    if kind is Pow:
        return _power(ctx, value(e.args[0], env, ctx, memo), value(e.args[1], env, ctx, memo))
    name = FUNCS.get(kind)
    if name is not None and len(e.args) == 1:
        return _call(ctx, name, value(e.args[0], env, ctx, memo))
    return _other(e, env, ctx, memo)


def _other(e: Basic, env: dict, ctx, memo):
    if isinstance(e, Number):
        return _number(e, ctx)
    if e in CONSTANTS:
        return getattr(ctx, CONSTANTS[e])
    if e is S.ImaginaryUnit:
        return ctx.mpc(0, 1)
    if isinstance(e, Symbol):
        raise NotNumeric(f"no value for {e}")
    if isinstance(e, UnevaluatedExpr):
        return value(e.args[0], env, ctx, memo)
    if isinstance(e, Piecewise):
        return _piecewise(e, env, ctx)
    if isinstance(e, Derivative):
        return _derivative(e, env, ctx, memo)
    if isinstance(e, (Max, Min)):
        vals = [_real(value(a, env, ctx, memo)) for a in e.args]
        return max(vals) if isinstance(e, Max) else min(vals)
    if isinstance(e, Heaviside):
        v = _real(value(e.args[0], env, ctx, memo))
        return ctx.mpf(0) if v < 0 else ctx.mpf(1) if v > 0 else ctx.mpf(1) / 2
    name = FUNCS.get(e.func)
    if e.func is log and len(e.args) == 2:  # log(x, 2) as typed, read with evaluation held: ln x/ln 2
        return _call(ctx, name, value(e.args[0], env, ctx, memo)) / _call(ctx, name, value(e.args[1], env, ctx, memo))
    if not isinstance(e, (Add, Mul, Pow)) and name is None:
        return _named(e, env, ctx, memo)
    args = [value(a, env, ctx, memo) for a in e.args]
    if isinstance(e, Add):
        return ctx.fsum(args)
    if isinstance(e, Mul):
        return ctx.fprod(args)
    if isinstance(e, Pow):
        return _power(ctx, args[0], args[1])
    return _call(ctx, name, args[0])


def _derivative(d: Derivative, env: dict, ctx, memo):
    """d/dv g at env[v] from the definition of the derivative: a central difference
    (g(v + h) − g(v − h))/2h, h = 10^(−dps/2)·max(1, |v|), computed with twice the digits, so
    that both its error (h²·g‴/6) and the rounding stay below the working precision.  The
    values at v ± h are kept in ``memo`` too: the steps of a derivation share sub-expressions,
    and their derivatives are then taken at the same shifted points."""
    if ctx is not mpmath.mp or len(d.variable_count) != 1 or d.variable_count[0][1] != 1:
        raise NotNumeric("only first derivatives are taken numerically")
    v = d.variable_count[0][0]
    if v not in env:
        raise NotNumeric(f"no value for {v}")
    at = env[v]
    dps = ctx.dps
    with ctx.workdps(2 * dps):
        h = ctx.mpf(10) ** (-(dps // 2)) * max(1, abs(at))
        sides = []
        for side in (1, -1):
            shifted = {**env, v: at + side * h}
            key = ("shift", side, dps, frozenset(shifted.items()))
            inner = None if memo is None else memo.setdefault(key, {})
            sides.append(value(d.expr, shifted, ctx, inner))
        slope = (sides[0] - sides[1]) / (2 * h)
    return +slope


def _real(v):
    if isinstance(v, (mpmath.mpc, complex)):
        if v.imag:
            raise NotNumeric("a comparison of complex values")
        return v.real
    return v


def _piecewise(e, env, ctx):
    for expr, cond in e.args:
        if truth(cond, env, ctx):
            return value(expr, env, ctx)
    return ctx.nan


def truth(cond, env, ctx=mpmath.mp) -> bool:
    """Whether a condition (comparisons, and/or, True/False) holds."""
    if cond is S.true or cond is True:
        return True
    if cond is S.false or cond is False:
        return False
    if isinstance(cond, (And, Or)):
        return _connective(cond, env, ctx)
    if isinstance(cond, Not):
        return not truth(cond.args[0], env, ctx)
    if isinstance(cond, ITE):
        c, a, b = cond.args
        return truth(a if truth(c, env, ctx) else b, env, ctx)
    if isinstance(cond, Relational):
        a, b = _real(value(cond.lhs, env, ctx)), _real(value(cond.rhs, env, ctx))
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[cond.rel_op]
    raise NotNumeric(f"cannot decide {cond}")


def _connective(cond, env, ctx) -> bool:
    """And / Or: one false part makes an And false, one true part an Or true, even where another
    part cannot be decided (log(x) ≥ 0 ∨ x < 15 at x = −2: a comparison of a complex value)."""
    decisive = isinstance(cond, Or)
    undecided = None
    for c in cond.args:
        try:
            if truth(c, env, ctx) is decisive:
                return decisive
        except NotNumeric as exc:
            undecided = exc
    if undecided is not None:
        raise undecided
    return not decisive


_NUMBERS: dict = {}


def _number(e, ctx):
    key = (e, ctx is mpmath.fp, ctx.prec if ctx is not mpmath.fp else 53)
    if key not in _NUMBERS:
        if len(_NUMBERS) > 10000:
            _NUMBERS.clear()
        _NUMBERS[key] = _convert(e, ctx)
    return _NUMBERS[key]


def _convert(e, ctx):
    if isinstance(e, Rational) and ctx is mpmath.fp:
        return int(e.p) / int(e.q)  # correctly rounded, even for 10^-400 (0.0), where float(q) overflows
    if isinstance(e, Rational):
        return ctx.mpf(int(e.p)) / int(e.q)
    if isinstance(e, Float):
        return ctx.mpf(str(e))
    raise NotNumeric(f"{e} is not a finite number")


# Beyond this many bits in the exponent of a result (|log2 v| > 2^50, v ≈ 10^(3·10^14)) a value
# is taken as an overflow: mpmath would otherwise work with that many bits of precision, and
# e^(e^(e^x)) at x = 30 asks for terabytes.  Such points are skipped like any overflow.
HUGE_BITS = 50
EXPONENTIAL = {"exp", "sinh", "cosh", "sech", "csch"}


def _power(ctx, base, exponent):
    if ctx is mpmath.mp and _huge(exponent, ctx.mag(base)):
        raise OverflowError("a power too large to evaluate")
    return ctx.power(base, exponent)


def _huge(factor, log_size) -> bool:
    """Whether |factor · log2|v||, with log_size ≈ log2|v|, passes 2^HUGE_BITS."""
    try:
        if not log_size or not mpmath.isfinite(log_size):
            return False
        return mpmath.mp.mag(factor) + int(abs(log_size)).bit_length() > HUGE_BITS
    except (TypeError, ValueError):
        return False


def _call(ctx, name, arg):
    """name(arg) in ``ctx``; NotNumeric where mpmath's series does not converge there (erf of a
    complex number far out, in floats: erf(acosh(erfinv(csch x))), found by fuzzing)."""
    try:
        return _function(ctx, name, arg)
    except NoConvergence:
        raise NotNumeric(f"{name} does not converge at {arg}") from None


def _function(ctx, name, arg):
    if callable(name):
        return name(ctx, arg)
    if name in EXPONENTIAL and ctx is mpmath.mp and _huge(arg, 1):
        raise OverflowError(f"{name} of a number too large to evaluate")
    fn = getattr(ctx, name, None)
    if fn is None:  # the float context lacks a few inverse functions: take Python's own
        return getattr(cmath, name)(complex(arg))
    try:
        return fn(arg)
    except AttributeError:  # ... or one they are built from (fp.acoth calls fp.atanh)
        return complex(getattr(mpmath.mp, name)(arg))


def _named(e, env, ctx, memo):
    """A catalog function called by its name (sigmoid(2x)): the value of what it stands for."""
    if isinstance(e, AppliedUndef):
        from .called import defined  # (only derivations that name a catalog function need it)

        meant = defined(e)
        if meant is not None:
            return value(meant, env, ctx, memo)
    return _fallback(e, env, ctx)


def _fallback(e, env, ctx):
    if any(_huge(value(a, env, ctx), 1) for a in e.args if a.is_number or a.free_symbols <= set(env)):
        raise OverflowError(f"{e.func} of a number too large to evaluate")  # gamma(e^(e^30)): SymPy
        # would build the integer part of its argument, 10^13 digits
    subs = {k: Float(str(v.real if hasattr(v, "real") and not v.imag else v), 30)
            for k, v in env.items() if isinstance(k, Symbol)}
    v = e.xreplace(subs).evalf(30)
    if v.free_symbols:
        raise NotNumeric(f"cannot evaluate {e.func}")
    re, im = v.as_real_imag()
    return ctx.mpc(ctx.mpf(str(re)), ctx.mpf(str(im))) if im else ctx.mpf(str(re))  # fp: complex(float, float)


def is_finite_real(v) -> bool:
    """A finite real number (complex values with no imaginary part count)."""
    if type(v) is float:  # the float context's values: no conversion to mpf needed
        return math.isfinite(v)
    try:
        if isinstance(v, (mpmath.mpc, complex)):
            tol = 1e-12 if isinstance(v, complex) else 1e-20  # float round-off, or 30 digits
            if abs(v.imag) > tol * max(1, abs(v.real)):
                return False
            v = v.real
        return bool(mpmath.isfinite(v))
    except (TypeError, ValueError):
        return False
