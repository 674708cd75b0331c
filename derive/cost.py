"""What a backward pass pays to evaluate an expression: arithmetic operations and
transcendental calls, after common sub-expressions are shared and constants folded
(e^{-x}/(1 + e^{-x})² costs one exp, not two, and so do e^x and e^{−x} together; a^x
is a call, e^{x ln a}; 1/√(2π) costs nothing)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sympy import Add, Dummy, Expr, Function, Mul, Pow, Symbol, count_ops, cse, exp, preorder_traversal

from .facts import call_names

TRANSCENDENTAL = call_names()  # EXP, LOG, SIN, ...: the functions derive/facts.py calls transcendental
CONSTANT = Symbol("c")


@dataclass(frozen=True)
class Cost:
    ops: int  # additions, multiplications, divisions, powers, comparisons, |·|
    calls: int  # exp, log, trigonometric, hyperbolic, erf, ...

    def as_dict(self) -> dict:
        return {"ops": self.ops, "transcendental": self.calls}

    def __str__(self) -> str:
        return f"{self.ops} operations, {self.calls} transcendental calls"


def _unconditioned(e: Expr) -> Expr:
    """``e`` with each piecewise expression of one piece (no other case) written as its expression."""
    from sympy import Piecewise
    return e.replace(lambda n: isinstance(n, Piecewise) and len(n.args) == 1, lambda n: n.args[0].expr)


def _folded(e: Expr) -> Expr:
    """Every constant part (√2/(2√π), the constant terms of a sum) as one symbol, computed once."""
    if e.is_Atom:
        return e
    if e.is_number:
        return CONSTANT
    if isinstance(e, (Add, Mul)):
        const, rest = e.as_independent(*e.free_symbols, as_Add=isinstance(e, Add))
        args = [_folded(a) for a in e.func.make_args(rest)]
        if not const.is_Atom:
            args.append(CONSTANT)
        elif const != e.func.identity:
            args.append(const)
        return e.func(*args)
    return e.func(*[_folded(a) for a in e.args])


def _exponentials(e: Expr) -> tuple[Expr, int]:
    """e with every e^{c·g} (c rational) written through one stand-in for e^g -- e^{−x} and
    e^{2x} are 1/e^x and (e^x)² -- and how many such e^g there are, each one call, with the
    calls the exponents g make that the rest of e does not (e^{sin x}: sin x, then exp)."""
    stand_ins: dict = {}

    def through(n):
        c, g = n.args[0].as_coeff_Mul()
        return stand_ins.setdefault(g, Dummy()) ** c

    shared = e.replace(lambda n: isinstance(n, exp), through)
    return shared, len(stand_ins) + len(set().union(*map(_calls, stand_ins)) - _calls(shared))


def _calls(e: Expr) -> set:
    """The calls in ``e`` (each distinct one is made once): the functions derive/facts.py
    calls transcendental, and powers a^x."""
    return {n for n in preorder_traversal(e) if (isinstance(n, Function) and type(n).__name__.upper() in TRANSCENDENTAL)
            or (isinstance(n, Pow) and not n.exp.is_number)}


@lru_cache(maxsize=4096)
def cost(e: Expr) -> Cost:
    """The cost of evaluating ``e`` once, sharing what repeats (kept per expression: the searches
    for a cheaper form ask for the same ones many times, a CSE each).  A piece that stands alone
    only says where the expression holds (ln|cos x|′ = −tan x for cos x ≠ 0): its condition is
    not evaluated, and not priced."""
    shared, calls = _exponentials(_folded(_unconditioned(e)))
    definitions, (reduced,) = cse(shared)
    ops = 0
    for part in [v for _, v in definitions] + [reduced]:
        calls += sum(1 for n in preorder_traversal(part) if isinstance(n, Pow) and not n.exp.is_number)  # a^x
        counted = count_ops(part, visual=True)
        for name, k in counted.as_coefficients_dict().items():
            if name == 0 or not isinstance(name, Symbol):
                continue
            if name.name in TRANSCENDENTAL:
                calls += int(k)
            else:
                ops += int(k)
    return Cost(ops, calls)


def priced(form: Expr, values=()) -> Cost:
    """The cost of a form written with the values the forward pass computed: a value named by a
    call (sigmoid(2x) in 2 − 2·sigmoid(2x)) is read, not computed, as a letter is."""
    calls = {t: Dummy() for t, _ in values if not t.is_Symbol}
    return cost(form.xreplace(calls) if calls else form)


def anew(e: Expr) -> Cost:
    """The cost of ``e`` computed from x alone: a catalog call in it (sigmoid(2x)) is computed
    by its definition, once."""
    from .called import calls_in, written_out  # (the catalog is read only where a call is priced)

    return cost(written_out(e)) if calls_in(e) else cost(e)


def costs(d) -> dict:
    """A derivation's costs: of the derivative as the reader sees it (an expression's Result line,
    its catalog calls computed anew; a catalog entry's derivative in x), of the form in y, and of
    the form with the forward pass's values (its values read, not computed)."""
    out = {"derivative": (anew(d.written_derivative) if d.plain else cost(d.derivative)).as_dict()}
    if d.output_form is not None:
        out["output_form"] = cost(d.output_form).as_dict()
    if d.cached_form is not None:
        out["cached_form"] = priced(d.cached_form, d.cached_values).as_dict()
    return out


def in_words(d) -> str:
    """The cost of a derivation's derivative against the forms the page shows (Derivation.shown:
    a form in y or with the forward pass's values that a plain expression's page leaves out, as
    costing no less or being its Result already, is not priced either); an expression's
    derivative is priced as its Result line is written ("the result as written" where that line
    calls a catalog function: the derivative in x is then never shown)."""
    from .called import calls_in

    c = d.cost
    shown = "the result as written" if d.plain and calls_in(d.written_derivative) else f"the derivative in {d.variable}"
    words = f"Backprop cost: {shown}, {_count(c['derivative'])}"
    if "output_form" in c and d.shown(d.output_form):
        words += f"; in terms of {d.symbol}, {_count(c['output_form'])}"
    if "cached_form" in c and d.shown(d.cached_form):
        words += f"; with the forward pass's values, {_count(c['cached_form'])}"
    return words + "."


def _count(c: dict) -> str:
    ops, calls = c["ops"], c["transcendental"]
    return f"{ops} operation{'s' * (ops != 1)} and {calls} transcendental call{'s' * (calls != 1)}"
