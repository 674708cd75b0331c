"""Higher derivatives, step by step: the stage that goes on from order n − 1 to order n.

Where the first derivative has a form g(y), the n-th is the derivative of the
(n−1)-th form h(y) by the chain rule with y′ = g(y) (``d-known``): σ″ is
d/dx S(1 − S) = S(1 − S)(1 − 2S), never a return to x.  Where it has a
cached-value form written in named catalog functions (bce: S − t), that form is
differentiated with their own derivatives (``d-named``).  Otherwise the
derivative in x is differentiated again, and its form in y (or with the
forward pass's values) looked for as at the first order.  Each order has a board
of its own, whose checker knows the letters that order writes in; they share the
first order's chain and cached-value letters, so a letter means one thing in the
whole derivation.
"""
from __future__ import annotations

from dataclasses import replace

from sympy import Abs, Derivative, Expr, Function, Piecewise, Symbol, sign

from . import outform, reach
from .board import Board
from .called import calls_in, defined, written_out
from .catalog import lookup
from .differentiate import differentiate, tidied
from .expr import canon
from .parse import Call, ParseError
from .named import called_parts, catalog_functions, onwards, renamed, restated, scalar_checker
from .rules.algebra import Context, naming
from .rules.definitions import HIGHER
from .rules.differentiation import RULES, Known

MAX_ORDER = 8


def orders(s):
    """Orders 2 to the one asked for, each from the one before (None at order 1)."""
    if s.order_wanted == 1:
        return None
    if s.indices:
        raise ParseError("higher orders are for functions of one variable")
    s = replace(s, first_form=s.output_form)
    for n in range(2, s.order_wanted + 1):
        s = next_order(s, n)
    return s


def next_order(s, n: int):
    """The state at order n − 1 continued to order n: where that order was written in catalog
    functions called by name, first from that line (softplus(2x)″ from 2·sigmoid(2x)); then in y,
    where the first derivative has a form."""
    calls = _in_calls(s, n)
    if s.first_form is not None and s.output_form is not None and not s.output_form.has(Piecewise, Abs, sign):
        found = _in_y(s, n)
        if not found.output_form.has(Derivative):  # d/dx sign(y) is no form a reader can use
            return found if calls is None else _then(calls, found, len(s.steps))
    return calls or _in_named(s, n) or _in_x(s, n)


def _then(calls, in_y, before: int):
    """The order found from the line in named calls, then again from the form in y (a new
    equation): the derivative is the first's, written in the catalog's names; the form the second's."""
    return replace(in_y, steps=calls.steps + in_y.steps[before:], derivative=calls.derivative)


def _in_calls(s, n: int):
    """The next order of a derivative written in catalog functions called by name (softplus(2x)′ =
    2·sigmoid(2x)): that line differentiated as written, each call by its own derivation's
    derivative (d-named: sigmoid′ = sigmoid(1 − sigmoid)), to 4·sigmoid(2x)(1 − sigmoid(2x)),
    never a return to exponentials (None where no such line is found)."""
    g = _written_in_calls(s)
    found = [] if g is None else called_parts(s.x, tuple(_call(c) for c in sorted(calls_in(g), key=str)), s.known)
    if not found:
        return None
    x, y, f = s.x, s.symbol, s.f
    board = Board(scalar_checker(s.board.checker, f, {y: f}, found), letters=s.board.letters)
    result = onwards([_start(board, Derivative(g, x, evaluate=False), y, n)], g, x, found, board, s.known)
    if result is None or not all(t.all_verified() for t in result.steps):
        return None
    return replace(s, steps=s.steps + result.steps, derivative=result.derivative, output_form=None, order=n,
                   note="", kinks=[], alternatives=[], cached_form=None, cached_values=(), target=None)


def _written_in_calls(s) -> Expr | None:
    """The last line of the steps that writes the derivative in catalog calls (2·sigmoid(2x))."""
    at = canon(s.derivative)
    lines = [t.expression for t in s.steps if t.lhs is None and calls_in(t.expression)
             and canon(written_out(t.expression)) == at]
    return lines[-1] if lines else None


def _call(node: Expr) -> Call:
    """A call of a catalog function in a line (sigmoid(2x)), as the parser reports one."""
    entry = lookup(str(node.func))
    params = tuple((p, v) for (p, _), v in zip(entry.parameters, node.args[1:]))
    return Call(entry.name, node.args[:1], params, defined(node), node)


def _start(board: Board, written: Expr, y: Symbol, n: int):
    """d^n y/dx^n = d/dx (the order before): a new equation."""
    old = Derivative(y, (board.x, n))
    return board.step(HIGHER, written, old, lhs=old)


def _in_named(s, n: int):
    """The next order of a cached-value form written in named functions (bce: S − t) by d-named,
    where the derivative has no form in y (else None)."""
    found = restated(s, s.known)
    if found is None:
        return None
    x, y, f = s.x, s.symbol, s.f
    board = Board(scalar_checker(s.board.checker, f, {y: f}, found), letters=s.board.letters)
    h = renamed(s.cached_form, {p.symbol: p.node for p in found})
    result = onwards([_start(board, Derivative(h, x, evaluate=False), y, n)], h, x, found, board, s.known)
    target = None if result is None else outform.find(canon(f), result.derivative, x, y, order=n)
    if target is None or target.form is not None:
        return None
    return replace(s, steps=s.steps + result.steps, derivative=result.derivative, output_form=None, order=n,
                   note=target.reason, kinks=[], alternatives=[], cached_form=result.form,
                   cached_values=result.values, target=target)


def _in_y(s, n: int):
    x, y, f = s.x, s.symbol, s.f
    Y = Function(str(y))(x)
    board = Board(s.board.checker.knowing({y: f, Y: f}, f), letters=s.board.letters)
    h = s.output_form.xreplace({y: Y})
    steps = [_start(board, Derivative(h, x), y, n)]
    steps.append(differentiate(h, x, board, rules=(Known(Y, s.first_form.xreplace({y: Y})),) + RULES))
    steps = tidied(steps, board)
    form = canon(steps[-1].expression).xreplace({Y: y})
    nicer = outform.tidy(form)
    if nicer != form:
        rule = naming(form, nicer)
        steps.append(board.step(rule, nicer.xreplace({y: Y}), steps[-1].expression))
    steps = board.restate(steps, lambda e: e.xreplace({Y: y}), {Y: y})  # y(x), as the rules need it, shown as y
    return replace(s, steps=s.steps + steps, derivative=canon(nicer.xreplace({y: f})), output_form=nicer,
                   order=n, note="", kinks=[], alternatives=[], cached_form=None, cached_values=(), target=None)


def _in_x(s, n: int):
    x, y, f = s.x, s.symbol, s.f
    board = Board(s.board.checker.knowing({y: f}, f), letters=s.board.letters)
    steps = [_start(board, Derivative(s.derivative, x), y, n)]
    steps = tidied(steps + [differentiate(s.derivative, x, board)], board)
    derivative = canon(steps[-1].expression)
    target = outform.find(canon(f), derivative, x, y, order=n) if not derivative.has(Piecewise) else None
    form, note, cached = None, "", None
    if target is not None and target.form is not None:
        steps.extend(reach.towards(target, steps[-1].expression, Context(x, f, y), board))
        form = target.form
    else:
        note = target.reason if target is not None else ""
        cached = _cached(s, derivative, board)
        if cached is not None:
            steps.extend(cached[0])
    return replace(s, steps=s.steps + steps, derivative=derivative, output_form=form, order=n, note=note,
                   kinks=[], alternatives=[], cached_form=cached[1].form if cached else None,
                   cached_values=cached[1].values if cached else (), target=target)


def _cached(s, derivative: Expr, board: Board):
    from . import cached  # only functions without an output form need it

    names = {part: Symbol(e.symbol) for e, part in catalog_functions(s.f, s.symbol)}
    return cached.step(s.f, derivative, s.x, s.symbol, board, names)
