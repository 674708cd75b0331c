"""From a definition to its derivative, and on to the form written in the function itself.

1. ``def-differentiate``: d/dx f(x) = d/dx (definition).
2. One differentiation step, with the derivatives of the parts as sub-steps.
3. ``alg-arithmetic``: drop zero terms and unit factors, multiply out.
4. If f' = g(f) for some g (see :mod:`derive.outform`), the algebra rules are
   searched for a path to a form that folds into g, and the definition is
   folded back; if the search does not get there, g is reached by
   substituting x from y = f(x), said as such.
Every step is checked by the :class:`~derive.verify.Checker`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sympy import Derivative, Expr, Symbol

from . import outform
from .catalog import lookup
from .differentiate import differentiate
from .expr import canon
from .parse import ParseError, parse, symbol
from .rules.algebra import ARITHMETIC, FOLD, Context, fold
from .rules.definitions import INVERSE, START
from .search import search
from .step import Step
from .verify import Checker


@dataclass
class Derivation:
    input: str
    name: str | None
    title: str | None
    variable: Symbol
    symbol: Symbol
    definition: Expr
    derivative: Expr
    output_form: Expr | None
    steps: list[Step]
    note: str = ""
    parameters: dict = field(default_factory=dict)
    constants: list = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return all(s.all_verified() for s in self.steps)


def derive(source: str, wrt: str | None = None) -> Derivation:
    """Derive ``source``: a catalog name or an expression."""
    entry = lookup(source)
    if entry is not None:
        f, x, y = parse(entry.definition), symbol(entry.variable), Symbol(entry.symbol)
    else:
        f = parse(source)
        x, y = _variable(f, wrt), _fresh_letter(f, wrt)
    if entry is not None and wrt is not None and symbol(wrt) != x:
        raise ParseError(f"{entry.name} is a function of {x}, not {wrt}")
    checker = Checker(x, f, folded={y: f})
    steps = [Step(START.id, START.title, Derivative(f, x, evaluate=False), verified=True)]
    steps.append(differentiate(f, x, checker))
    tidy = ARITHMETIC.apply(steps[-1].expression, None)
    if tidy is not None:
        steps.append(_checked(ARITHMETIC, tidy, steps[-1].expression, checker))
    derivative = canon(steps[-1].expression)
    target = outform.find(f, derivative, x, y)
    if target.form is not None:
        steps.extend(_towards(target, derivative, Context(x, f, y), checker))
    return Derivation(
        input=source, name=entry.name if entry else None, title=entry.title if entry else None,
        variable=x, symbol=y, definition=f, derivative=derivative,
        output_form=target.form, steps=steps, note=target.reason,
        constants=sorted(f.free_symbols - {x}, key=str),
    )


def _fresh_letter(f: Expr, wrt: str | None) -> Symbol:
    """The letter for f(x): y, unless the expression already uses it."""
    taken = {str(s) for s in f.free_symbols} | {wrt}
    return Symbol(next(n for n in ("y", "f", "g", "h", "F", "Y") if n not in taken))


def _variable(f: Expr, wrt: str | None) -> Symbol:
    names = sorted(f.free_symbols, key=str)
    if wrt is not None:
        x = symbol(wrt)
        if x not in f.free_symbols and names:
            raise ParseError(f"the expression does not contain {wrt}; its symbols: "
                             + ", ".join(map(str, names)))
        return x
    if len(names) == 1:
        return names[0]
    if not names:
        return symbol("x")
    raise ParseError("several symbols (" + ", ".join(map(str, names)) + "): say which with --wrt")


def _checked(rule, new: Expr, old: Expr, checker: Checker, **extra) -> Step:
    step = Step(rule.id, rule.title, new, **extra)
    step.verified = checker.equal(old, new)
    return step


def _towards(target, derivative: Expr, ctx: Context, checker: Checker) -> list[Step]:
    """Steps from the derivative to the target form g(y)."""
    path = search(derivative, ctx, target.form)
    steps, last = [], derivative
    if path is not None:
        for rule, state in path:
            steps.append(_checked(rule, state, last, checker))
            last = state
        folded = fold(last, canon(ctx.definition), ctx.symbol)
        if folded != last:
            steps.append(_checked(FOLD, folded, last, checker))
        return steps
    K, sol = target.substitution
    note = (K, sol)
    return [_checked(INVERSE, target.form, last, checker, let=note)]
