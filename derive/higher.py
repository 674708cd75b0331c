"""Higher derivatives, step by step.

Where the first derivative has a form g(y), the n-th is the derivative of the
(n−1)-th form h(y) by the chain rule with y′ = g(y) (``d-known``): σ″ is
d/dx S(1 − S) = S(1 − S)(1 − 2S), never a return to x.  Where it has a
cached-value form written in named catalog functions (bce: S − t), that form is
differentiated with their own derivatives (``d-named``).  Otherwise the
derivative in x is differentiated again, and its form in y (or with the
forward pass's values) looked for as at the first order.
"""
from __future__ import annotations

from dataclasses import replace

from sympy import Abs, Derivative, Expr, Function, Piecewise, sign

from . import outform
from .differentiate import differentiate
from .expr import canon
from .rules.algebra import ARITHMETIC, FACTOR, Context
from .rules.definitions import HIGHER
from .rules.differentiation import RULES, Known
from .step import Step
from .verify import Checker

MAX_ORDER = 8


def next_order(d, first_form: Expr | None, n: int):
    """The derivation d (of order n − 1) continued to order n."""
    if first_form is not None and d.output_form is not None and not d.output_form.has(Piecewise, Abs, sign):
        found = _in_y(d, first_form, n)
        if not found.output_form.has(Derivative):  # d/dx sign(y) is no form a reader can use
            return found
    return _in_named(d, n) or _in_x(d, n)


def _in_named(d, n: int):
    """The next order of a cached-value form written in named functions (bce: S − t) by d-named,
    where the derivative has no form in y (else None)."""
    from .named import onwards, renamed, restated, scalar_checker
    found = restated(d)
    if found is None:
        return None
    x, y, f = d.variable, d.symbol, d.definition
    checker = scalar_checker(f, x, {y: f}, found)
    h = renamed(d.cached_form, {p.symbol: p.node for p in found})
    start = _step(HIGHER, Derivative(h, x, evaluate=False), Derivative(y, (x, n)), checker)
    result = onwards([start], h, x, found, checker)
    target = None if result is None else outform.find(canon(f), result.derivative, x, y)
    if target is None or target.form is not None:
        return None
    return replace(d, steps=d.steps + result.steps, derivative=result.derivative, output_form=None, order=n,
                   note=target.reason, kinks=[], alternatives=[], cached_form=result.form,
                   cached_values=result.values)


def _in_y(d, first_form: Expr, n: int):
    x, y, f = d.variable, d.symbol, d.definition
    Y = Function(str(y))(x)
    checker = Checker(x, f, folded={y: f, Y: f})
    h = d.output_form.xreplace({y: Y})
    steps = [_step(HIGHER, Derivative(h, x), Derivative(y, (x, n)), checker)]
    steps.append(differentiate(h, x, checker, rules=(Known(Y, first_form.xreplace({y: Y})),) + RULES))
    _tidy(steps, checker)
    form = canon(steps[-1].expression).xreplace({Y: y})
    nicer = outform.tidy(form)
    if nicer != form:
        rule = FACTOR if nicer.is_Mul else ARITHMETIC
        steps.append(_step(rule, nicer.xreplace({y: Y}), steps[-1].expression, checker))
    form = nicer
    for step in steps:
        _written_as(step, {Y: y})
    return replace(d, steps=d.steps + steps, derivative=canon(form.xreplace({y: f})), output_form=form,
                   order=n, note="", kinks=[], alternatives=[], cached_form=None, cached_values=())


def _in_x(d, n: int):
    from .engine import _cached, _towards  # the first order's tools, reused
    x, y, f = d.variable, d.symbol, d.definition
    checker = Checker(x, f, folded={y: f})
    steps = [_step(HIGHER, Derivative(d.derivative, x), Derivative(y, (x, n)), checker)]
    steps.append(differentiate(d.derivative, x, checker))
    _tidy(steps, checker)
    derivative = canon(steps[-1].expression)
    target = outform.find(canon(f), derivative, x, y) if not derivative.has(Piecewise) else None
    form, note, cached = None, "", None
    if target is not None and target.form is not None:
        steps.extend(_towards(target, steps[-1].expression, Context(x, f, y), checker))
        form = target.form
    else:
        note = target.reason if target is not None else ""
        cached = _cached(f, derivative, x, y)
        if cached is not None:
            steps.append(cached[0])
    return replace(d, steps=d.steps + steps, derivative=derivative, output_form=form, order=n, note=note,
                   kinks=[], alternatives=[], cached_form=cached[1].form if cached else None,
                   cached_values=cached[1].values if cached else ())


def _written_as(step: Step, names: dict) -> None:
    """y(x), the dependent variable the rules differentiate, shown as y again."""
    for s in step.walk():
        s.expression = s.expression.xreplace(names)
        s.before = None if s.before is None else s.before.xreplace(names)
        s.lhs = None if s.lhs is None else s.lhs.xreplace(names)
        s.value = None if s.value is None else s.value.xreplace(names)
        s.let = None if s.let is None else tuple(e.xreplace(names) for e in s.let)


def _tidy(steps: list, checker: Checker) -> None:
    tidy = ARITHMETIC.apply(steps[-1].expression, None)
    if tidy is not None:
        steps.append(_step(ARITHMETIC, tidy, steps[-1].expression, checker))


def _step(rule, new: Expr, old: Expr, checker: Checker) -> Step:
    step = Step(rule.id, rule.title, new, lhs=old if rule is HIGHER else None)
    step.verified = checker.equal(old, new)
    return step
