"""Hypothesis strategies shared by the property tests and the fuzz suite: random
expression trees written as text, over the whole rule set, and the independent
check of a derivative against ``sympy.diff``.

Arguments that would leave a function real nowhere are sometimes squashed into
its domain (``asin(u/(1 + u^2))``, ``acosh(2 + u^2)``, ``log(1 + u^2)``); the raw
``F(u)`` is generated as well, so an input real nowhere also occurs (the engine
refuses it with a ParseError, an accepted outcome).
"""
from __future__ import annotations

import os
import random

import mpmath
from hypothesis import strategies as st
from sympy import (
    Abs, Derivative, Expr, Function, Heaviside, Max, Min, Piecewise, Pow, S, Symbol, diff, lambdify, preorder_traversal,
    sign,
)

# --- expression trees as text -------------------------------------------------------------------

LEAVES = ["x", "x", "x", "1", "2", "3", "1/2", "pi", "E"]

# F(u) templates by family; {u} is the argument, written with its own parentheses.
ELEMENTARY = [
    "exp({u})", "log({u})", "log(1 + ({u})**2)", "ln({u})", "log({u}, 2)", "log(3, 2 + ({u})**2)",
    "log1p({u})", "log1p(({u})**2)", "expm1({u})", "LambertW({u})", "LambertW(({u})**2)",
    "sqrt({u})", "sqrt(1 + ({u})**2)", "({u})**(1/3)", "({u})**(2/3)", "({u})**(-1/2)",
    "({u})**2", "({u})^3", "({u})**(-1)", "({u})**(-2)", "({u})**a", "2**({u})", "a**({u})", "E**({u})",
    # no rule in the rule set: SymPy's derivative, in a d-unknown step
    "gamma(1 + ({u})**2)", "loggamma(2 + ({u})**2)", "digamma(2 + ({u})**2)", "Si({u})", "Ci(1 + ({u})**2)",
]
TRIG = [
    "sin({u})", "cos({u})", "tan({u})", "cot({u})", "sec({u})", "csc({u})",
    "asin({u})", "acos({u})", "asin(({u})/(1 + ({u})**2))", "acos(({u})/(1 + ({u})**2))",
    "atan({u})", "acot({u})", "arcsin(({u})/(2 + ({u})**2))", "arccos(({u})/(2 + ({u})**2))", "arctan({u})",
    "asec(2 + ({u})**2)", "acsc(2 + ({u})**2)", "arcsec(1 + ({u})**2)", "arccsc(1 + ({u})**2)",
]
HYPERBOLIC = [
    "sinh({u})", "cosh({u})", "tanh({u})", "coth({u})", "sech({u})", "csch({u})",
    "asinh({u})", "acosh({u})", "acosh(2 + ({u})**2)", "atanh({u})", "atanh(({u})/(1 + ({u})**2))",
    "erf({u})", "erfc({u})", "acoth({u})", "acoth(2 + ({u})**2)", "erfinv({u})", "erfinv(({u})/(2 + ({u})**2))",
]
# Functions real and finite on the whole line, of any real u: the arguments of the piecewise
# family ("mixed" puts the piecewise functions next to the others).
ENTIRE = [
    "exp({u})", "sin({u})", "cos({u})", "atan({u})", "acot(1 + ({u})**2)", "sinh({u})", "cosh({u})",
    "tanh({u})", "sech({u})", "asinh({u})", "erf({u})", "erfc({u})", "expm1({u})", "log1p(({u})**2)",
    "({u})**2", "({u})^3",
    "sqrt(1 + ({u})**2)", "log(1 + ({u})**2)", "2**({u})", "a**({u})",
    "asin(({u})/(1 + ({u})**2))", "atanh(({u})/(1 + ({u})**2))", "acosh(2 + ({u})**2)",
]
PIECES = [
    "Abs({u})", "abs({u})", "Heaviside({u})", "Max({u}, 0)", "Min({u}, 1)", "max({u}, x)", "sign({u})",
    "Piecewise(({u}, x < 0), (x**2, True))", "Piecewise((x, x < 1), ({u}, True))",
]
# Two-argument templates: {u} and {v}.
BINARY = ["({u}) + ({v})", "({u}) - ({v})", "({u})*({v})", "({u})/(2 + ({v})**2)"]
GENERAL = ["({u})/({v})", "({u})**({v})", "x**x", "({u})**(x)", "log({u}, 2 + ({v})**2)"]
PIECES2 = ["Max({u}, {v})", "Min({u}, {v}, 0)", "Piecewise(({u}, x < -1), ({v}, x <= 2), (1, True))"]

# Bugs the generators step around until they are fixed; each has a strict xfail reproducer in
# test_properties.py.  DERIVE_FUZZ_KNOWN_BUGS=1 puts them back (to check a fix with `make fuzz`).
# (Pieces next to a function real on part of the line, once among them, are derived within the set
# where f is real since issue 13's items 5 and 6: "mixed" has them again.)
KNOWN_BUGS = os.environ.get("DERIVE_FUZZ_KNOWN_BUGS") == "1"

FAMILIES = {
    "elementary": (ELEMENTARY, BINARY + GENERAL),
    "trig": (TRIG, BINARY),
    "hyperbolic": (HYPERBOLIC, BINARY),
    "pieces": (PIECES + ENTIRE, BINARY + PIECES2),
    "mixed": (ELEMENTARY + TRIG + HYPERBOLIC + PIECES, BINARY + GENERAL + PIECES2),
}


def expressions(family: str = "mixed", max_leaves: int = 6) -> st.SearchStrategy[str]:
    """Random expression trees (as text) whose functions come from ``family``."""
    unary, binary = FAMILIES[family]

    def extend(children):
        return st.one_of(
            st.tuples(st.sampled_from(unary), children).map(lambda t: t[0].format(u=t[1])),
            st.tuples(st.sampled_from(binary), children, children).map(lambda t: t[0].format(u=t[1], v=t[2])),
        )

    return st.recursive(st.sampled_from(LEAVES), extend, max_leaves=max_leaves)


# --- the independent check ---------------------------------------------------------------------

A_VALUE = mpmath.mpf("0.6")  # the value of the constant a (the engine samples it in (0.1, 0.9))
MODULES = [{
    "Heaviside": lambda v, h0=0.5: mpmath.mpf(0) if v < 0 else mpmath.mpf(1) if v > 0 else mpmath.mpf(h0),
    "DiracDelta": lambda v, k=0: mpmath.mpf(0) if v != 0 else mpmath.inf,
    "sign": mpmath.sign,
    "mpmath": mpmath,  # SymPy's printer writes some functions by module (mpmath.expm1, mpmath.log1p)
}, "mpmath"]
SPANS = (2.5, 10.0, 30.0)


def _real(v):
    """The real number v stands for, or None (complex, infinite, undefined)."""
    try:
        v = mpmath.mpmathify(v)
    except (TypeError, ValueError):
        return None
    if isinstance(v, mpmath.mpc):
        if abs(v.imag) > mpmath.mpf("1e-25") * max(1, abs(v.real)):
            return None
        v = v.real
    return v if mpmath.isfinite(v) else None


def _at(fn, at):
    try:
        with mpmath.workdps(30):
            return _real(fn(at, A_VALUE))
    except (ZeroDivisionError, ValueError, TypeError, OverflowError, ArithmeticError):
        return None


def sample_points(f: Expr, x: Symbol, seed: str, wanted: int = 4) -> list:
    """Points where f and every function call in it are real and finite (the domain derive checks
    on, as the README says: |log x| is real at x < 0, log x is not), drawn reproducibly from ``seed``."""
    a = Symbol("a", real=True)
    whole = f.doit()  # acot(x - x) held: SymPy's printer cannot write acot of an unevaluated 0 (an
    calls = [n for n in preorder_traversal(whole) if isinstance(n, Function) and n.has(x)]  # AccumulationBounds)
    fns = [lambdify([x, a], e, MODULES) for e in [whole] + calls]
    rng, points = random.Random(seed), []
    for attempt in range(120):
        at = mpmath.mpf(rng.uniform(-1, 1) * SPANS[min(attempt // 20, 2)])
        if all(_at(fn, at) is not None for fn in fns):
            points.append(at)
            if len(points) == wanted:
                break
    return points


def exact_derivative(f: Expr, x: Symbol, a: Symbol):
    """sympy.diff(f, x) as a function of (x, a); where SymPy leaves it unevaluated
    (Derivative(sign(log(x)), x): it writes sign as pieces only for a real argument), mpmath's
    numerical derivative of f at 30 digits, as independent of derive's rules."""
    df = diff(f.doit(), x)
    if not df.has(Derivative):
        return lambdify([x, a], df, MODULES)
    fn = lambdify([x, a], f.doit(), MODULES)
    return lambda at, av: mpmath.diff(lambda t: fn(t, av), at)


def mismatches(f: Expr, ours: Expr, x: Symbol, seed: str) -> list:
    """[(point, our value, SymPy's value)] where ``ours`` differs from ``sympy.diff(f, x)``.

    Points are where f is real; a point where SymPy's derivative is undefined (a kink)
    is skipped, one where only ours is undefined is a mismatch.
    """
    a = Symbol("a", real=True)
    exact = exact_derivative(f, x, a)
    mine = lambdify([x, a], ours, MODULES)
    bad = []
    for at in sample_points(f, x, seed):
        want = _at(exact, at)
        if want is None:
            continue
        got = _at(mine, at)
        if got is None or abs(got - want) > mpmath.mpf("1e-12") * max(1, abs(want)):
            bad.append((float(at), got, want))
    return bad


# --- known bugs the generators step around -------------------------------------------------------

PIECEWISE_FUNCS = (Abs, Max, Min, Heaviside, sign, Piecewise)


def known_bug(f: Expr, x: Symbol) -> str | None:
    """Why the engine is known to go wrong on ``f`` (each has an xfail reproducer), or None."""
    if KNOWN_BUGS:
        return None
    for p in f.atoms(Pow):
        if p.base.has(*PIECEWISE_FUNCS) and p.exp.has(x):  # SymPy reads (b**2)**u as Abs(b)**(2*u)
            return "Abs(b)**u: pieces split on x instead of b / a joint outside the domain unverified"
    return None


# Engine crashes with a reproducer in the xfail table: (exception, file, function) where raised
# (the innermost frame in derive/ or rules/; None: any function of that file).
KNOWN_CRASHES: list = []  # all fixed so far (acoth, joints at poles, sets SymPy cannot describe)


def known_crash(exc: BaseException) -> bool:
    """Whether ``exc`` is one of KNOWN_CRASHES (by where in derive it was raised)."""
    if KNOWN_BUGS:
        return False
    frames = [(tb.tb_frame.f_code.co_filename, tb.tb_frame.f_code.co_name)
              for tb in _tracebacks(exc.__traceback__)]
    ours = [(path, name) for path, name in frames if "/derive/" in path or "/rules/" in path]
    if not ours:
        return False
    path, name = ours[-1]
    return any(isinstance(exc, kind) and path.endswith(where) and func in (None, name)
               for kind, where, func in KNOWN_CRASHES)


def _tracebacks(tb):
    while tb is not None:
        yield tb
        tb = tb.tb_next
