"""Expressions as a person writes them.

SymPy evaluates eagerly: ``(1 + e^{-x})*0`` collapses on construction and
``1 - 1 + e^{-x}`` cannot be built naively.  The engine therefore builds
intermediate expressions *unevaluated* (``evaluate=False``) and uses
:func:`canon` -- SymPy's own evaluation -- whenever two expressions are
compared.  Everything here is structural; nothing knows about a particular
function.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from sympy import Add, Basic, Derivative, Expr, Mul, Number, Pow, S, UnevaluatedExpr

Path = tuple[int, ...]


def add(*terms: Expr) -> Expr:
    """An unevaluated sum that keeps the order of ``terms``."""
    terms = tuple(terms)
    if not terms:
        return S.Zero
    return terms[0] if len(terms) == 1 else Add(*terms, evaluate=False)


def mul(*factors: Expr) -> Expr:
    """An unevaluated product that keeps the order of ``factors``."""
    factors = tuple(factors)
    if not factors:
        return S.One
    return factors[0] if len(factors) == 1 else Mul(*factors, evaluate=False)


def power(base: Expr, exp) -> Expr:
    """An unevaluated power; ``b^1`` is just ``b``."""
    exp = S(exp)
    return base if exp == 1 else Pow(base, exp, evaluate=False)


def neg(e: Expr) -> Expr:
    """``-e`` written as a person would: a number is negated, else ``(-1)·e``."""
    if isinstance(e, Number):
        return -e
    sign, body = split_sign(e)
    return body if sign else mul(S.NegativeOne, e)


def frac(numer: Expr, denom: Expr) -> Expr:
    """``numer/denom`` as a written fraction (a leading minus sign stays outside)."""
    if denom == 1:
        return numer
    sign, body = split_sign(numer)
    inv = mul(*[_inverse(f) for f in factors(denom)])
    core = inv if body == 1 else mul(*factors(body), *factors(inv))
    return mul(S.NegativeOne, core) if sign else core


def _inverse(f: Expr) -> Expr:
    if isinstance(f, Pow) and isinstance(f.exp, Number):
        return Pow(f.base, -f.exp, evaluate=False)
    return Pow(f, -1, evaluate=False)


def hold(e: Expr) -> Expr:
    """Keep ``e`` as one visible factor (e.g. the 1/(1+e^{-x}) factored out)."""
    return UnevaluatedExpr(e)


@lru_cache(maxsize=8192)
def canon(e: Basic) -> Basic:
    """SymPy's evaluated (canonical) form of a written expression (kept per expression: the
    search and the folding ask for the same sub-trees again and again)."""
    if e.is_Atom:
        return e
    if isinstance(e, UnevaluatedExpr):
        return canon(e.args[0])
    if isinstance(e, Derivative):
        return Derivative(canon(e.expr), *e.variable_count)
    return e.func(*[canon(a) for a in e.args])


def same(a: Basic, b: Basic) -> bool:
    """Whether two written expressions are the same expression once evaluated."""
    return canon(a) == canon(b)


def split_sign(e: Expr) -> tuple[bool, Expr]:
    """Split a leading minus sign: ``-3x`` → (True, 3x); ``x`` → (False, x)."""
    if isinstance(e, Number) and e.is_negative:
        return True, -e
    if isinstance(e, Mul) and e.args and isinstance(e.args[0], Number) and e.args[0].is_negative:
        c, rest = -e.args[0], e.args[1:]
        if c == 1:
            return True, mul(*rest)
        return True, mul(c, *rest)
    return False, e


def terms(e: Expr) -> tuple[Expr, ...]:
    return e.args if isinstance(e, Add) else (e,)


def factors(e: Expr) -> tuple[Expr, ...]:
    return e.args if isinstance(e, Mul) else (e,)


def flat_factors(e: Expr, held: bool = False) -> list:
    """The factors of a product as written, a product inside it read as its factors (x·(x·x): x, x,
    x); with ``held``, a factor held with :func:`hold` too (e^x/cosh x held: e^x, 1/cosh x)."""
    out = []
    for f in Mul.make_args(e):
        f = f.args[0] if held and isinstance(f, UnevaluatedExpr) else f
        out.extend(flat_factors(f, held) if isinstance(f, Mul) else [f])
    return out


def is_denominator_factor(f: Expr) -> bool:
    return isinstance(f, Pow) and isinstance(f.exp, Number) and f.exp.is_negative


def fraction(e: Expr) -> tuple[Expr, Expr]:
    """(numerator, denominator) *as written*: only factors b^(-n) go down.

    Unlike SymPy's ``as_numer_denom`` it never multiplies top and bottom by
    anything, so ``e^{-x}`` stays in the numerator of ``e^{-x}/(1+e^{-x})^2``.
    """
    fs = factors(e)
    down = [f for f in fs if is_denominator_factor(f)]
    if not down:
        return e, S.One
    up = [f for f in fs if not is_denominator_factor(f)]
    den = [power(f.base, -f.exp) for f in down]
    numer = mul(*up) if up else S.One
    return numer, mul(*den)


def positions(e: Basic, path: Path = ()) -> Iterator[tuple[Path, Basic]]:
    """Every sub-expression with its path (pre-order, outermost first)."""
    yield path, e
    if e.is_Atom or isinstance(e, Derivative):
        return
    for i, a in enumerate(e.args):
        yield from positions(a, path + (i,))


def node_at(e: Basic, path: Path) -> Basic:
    """The node of ``e`` at ``path`` (the indices of args from the root, as :func:`positions` gives)."""
    for i in path:
        e = e.args[i]
    return e


def replace_at(e: Basic, path: Path, new: Basic) -> Basic:
    """``e`` with the node at ``path`` replaced, the rest kept as written."""
    if not path:
        return new
    args = list(e.args)
    args[path[0]] = replace_at(args[path[0]], path[1:], new)
    if isinstance(e, Mul) and args[path[0]] == 1 and not all(is_denominator_factor(a) for a in args if a != 1):
        args.pop(path[0])  # a factor that became 1 is not written, but for the 1 over a denominator
        return args[0] if len(args) == 1 else Mul(*args, evaluate=False)
    if isinstance(e, (Add, Mul, Pow)):
        return e.func(*args, evaluate=False)
    return e.func(*args)


def occurrences(e: Basic, x) -> int:
    """How many times the symbol ``x`` occurs in ``e``."""
    if e == x:
        return 1
    return sum(occurrences(a, x) for a in e.args)


def written_ops(e: Basic) -> int:
    """SymPy's ``count_ops`` of ``e`` as written, the numbers of each product counted as the one
    number they print as: 2·(−(1 + cot²u)) and −2(1 + cot²u) are as long (``count_ops`` counts the
    sign of −1·a inside a product as nothing, of −2·a as an operation)."""
    from sympy import count_ops

    return count_ops(_numbers_joined(e))


def _numbers_joined(e: Basic) -> Basic:
    if e.is_Atom or not isinstance(e, Expr):
        return e
    args = [_numbers_joined(a) for a in e.args]
    if isinstance(e, Mul):
        flat = flat_factors(Mul(*args, evaluate=False))
        c = Mul(*[f for f in flat if f.is_Number])
        return Mul(*([c] if c != 1 else []), *[f for f in flat if not f.is_Number], evaluate=False)
    return e.func(*args, evaluate=False) if isinstance(e, (Add, Pow)) else e.func(*args)


def size(e: Basic) -> int:
    """Number of nodes of the expression tree."""
    return 1 + sum(size(a) for a in e.args)


__all__ = [
    "Path", "add", "mul", "power", "neg", "frac", "hold", "canon", "same", "split_sign",
    "terms", "factors", "fraction", "positions", "replace_at", "occurrences", "size", "written_ops",
]
