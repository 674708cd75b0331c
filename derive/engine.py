"""From a definition to its derivative, and on to the form written in the function itself.

1. ``def-differentiate``: d/dx f(x) = d/dx (definition).
2. A quotient of known definitions (e^x − e^{−x} = 2 sinh x, ...) is written with
   the functions' names first; their derivatives then come from the definitions.
   A catalog function with a symbol of its own inside the definition (the sigmoid
   in bce) is named instead, and differentiated by its own derivation
   (:mod:`derive.named`), where that saves transcendental calls.
3. One differentiation step, with the derivatives of the parts as sub-steps.
4. ``alg-arithmetic``: drop zero terms and unit factors, multiply out.
5. If f' = g(f) for some g (see :mod:`derive.outform`), the algebra rules are
   searched for a path to a form that folds into g, and the definition is
   folded back; if the search does not get there, g is reached by
   substituting x from y = f(x), said as such.
Every step is checked by the :class:`~derive.verify.Checker`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from sympy import Derivative, Expr, Indexed, Piecewise, Symbol, sstr

from . import outform
from .catalog import lookup
from .differentiate import differentiate
from .expr import canon, frac, fraction, mul, positions, replace_at, size
from .named import catalog_functions, derivation, vector_derivation
from .parse import ParseError, parse, read, symbol
from .rules.algebra import ARITHMETIC, FACTOR, FOLD, PYTHAGOREAN_RULE, RECOGNIZE, Context, fold_all, reciprocal_names
from .budget import within
from .cost import cost
from .rules.definitions import CACHED, INVERSE, NAMED, START
from .rules.differentiation import RULES, ByDefinition
from .rules.piecewise import IN_Y, WRITE_PIECEWISE
from .search import search
from .step import Step
from .verify import Checker, IndexedChecker


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
    display: str | None = None  # how the symbol is shown: S(x), tanh(x)
    parameters: dict = field(default_factory=dict)
    constants: list = field(default_factory=list)
    alternatives: list = field(default_factory=list)  # other forms of the derivative, as steps
    kinks: list = field(default_factory=list)  # joints where f is not differentiable
    cached_form: Expr | None = None  # f' through y and parts of f, where no output form exists
    cached_values: tuple = ()  # ((symbol, part of the definition), ...) used by cached_form
    indices: tuple = ()  # (i, j) for a function of a vector: the entry S_i, by a_j
    order: int = 1  # the derivative's order: steps of every order up to it are included

    @cached_property
    def cost(self) -> dict:
        """Backprop cost of the derivative in x, and of the output (or cached-value) form."""
        out = {"derivative": cost(self.derivative).as_dict()}
        if self.output_form is not None:
            out["output_form"] = cost(self.output_form).as_dict()
        if self.cached_form is not None:
            out["cached_form"] = cost(self.cached_form).as_dict()
        return out

    @property
    def verified(self) -> bool:
        """Every step, every other form shown (alternatives) and every joint passed the check."""
        return (all(s.all_verified() for s in list(self.steps) + list(self.alternatives))
                and all(k.verified for k in self.kinks))

    def to_text(self, width: int | None = None) -> str:
        """The derivation as the command line prints it into a file (no colours); ``width``: the
        printer's line width (its default when None)."""
        from .printing import text
        return text.render([self], **({} if width is None else {"width": width}))

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        form = f", output form {sstr(self.output_form)}" if self.output_form is not None else ""
        state = "verified" if self.verified else "NOT verified"
        return (f"<Derivation of {self.input!r} by {self.variable}: {len(self.steps)} steps{form}, {state}; "
                "print() it for the steps>")

    def to_latex(self) -> str:
        from .printing import latex
        return latex.render(self)

    def to_markdown(self) -> str:
        from .printing import markdown
        return markdown.render(self)

    def to_dict(self) -> dict:
        from .printing import jsonfmt
        return jsonfmt.as_dict(self)

    def to_json(self) -> str:
        from .printing import jsonfmt
        return jsonfmt.render([self])

    _repr_markdown_ = to_markdown  # a notebook cell shows the derivation rendered

    def _repr_latex_(self) -> str:  # the same, as one aligned display for MathJax
        from .printing import latex
        return latex.notebook(self)

    @property
    def parameter_values(self) -> dict:
        """The parameters' symbols with their default values."""
        return {p: v for p in self.definition.free_symbols for n, v in self.parameters.items() if str(p) == n}


def derive(source: str, wrt: str | None = None, order: int = 1) -> Derivation:
    """Derive ``source`` (a catalog name or an expression) ``order`` times."""
    from .higher import MAX_ORDER, next_order

    if not 1 <= order <= MAX_ORDER:
        raise ParseError(f"the order must be a whole number from 1 to {MAX_ORDER}")
    d = _first(source, wrt)
    if order > 1 and d.indices:
        raise ParseError("higher orders are for functions of one variable")
    first_form = d.output_form
    for n in range(2, order + 1):
        d = next_order(d, first_form, n)
    return d


def derive_each(source: str, wrt: str | None = None, order: int = 1) -> list[Derivation]:
    """One derivation per input of a catalog function of several (glu: by a, then by b); else
    the one derivation."""
    entry = lookup(source)
    if entry is None or wrt is not None:
        return [derive(source, wrt, order)]
    return [derive(source, v if len(entry.inputs) > 1 else None, order) for v in entry.inputs]


def _first(source: str, wrt: str | None) -> Derivation:
    entry, f, params = _read(source, wrt)
    if f.has(Indexed):
        return _derive_vector(source, entry, f, wrt)
    x = symbol(wrt or entry.variable) if entry else _variable(f, wrt)
    y = Symbol(entry.symbol) if entry else _fresh_letter(f, wrt)
    checker = Checker(x, f, folded={y: f})
    if not checker.envs:
        raise ParseError("the function has no real, finite value at any point sampled in [-30, 30]")
    steps, ctx, named, checker = _derivative_steps(f, x, y, checker)
    derivative = named.derivative if named else canon(steps[-1].expression)
    written = ctx.also[-1] if ctx.also else canon(f)
    if isinstance(written, Piecewise):
        target, kinks = _piecewise_target(written, derivative, x, y, params, bool(entry and entry.pytorch))
    else:
        target, kinks = outform.find(canon(f), derivative, x, y), []
    if target.form is not None:
        steps.extend(_towards(target, steps[-1].expression, ctx, checker))
        shorter = _identities(target.form, checker)
        if shorter:
            steps.extend(shorter)
            target = replace(target, form=shorter[-1].expression)
    needs_calls = target.form is None or cost(target.form).calls > 0
    cached_form, values = _forward_values(steps, named, f, derivative, x, y) if needs_calls else (None, ())
    return Derivation(
        input=source, name=entry.name if entry else None, title=entry.title if entry else None,
        variable=x, symbol=y, definition=f, derivative=derivative, display=entry.display if entry else None,
        output_form=target.form, steps=steps, note=target.reason, kinks=kinks,
        parameters={str(p): v for p, v in params.items()},
        constants=sorted(f.free_symbols - {x} - set(params), key=str),
        alternatives=_alternatives(derivative, checker), cached_form=cached_form, cached_values=values,
    )


def _derivative_steps(f: Expr, x: Symbol, y: Symbol, checker: Checker) -> tuple:
    """(steps, context, the named-function path's result or None, checker): f′ through the catalog
    functions named in f where that path applies (:mod:`derive.named`), else from the definition."""
    named = None if f.has(Piecewise) else derivation(f, x, y, checker)
    if named is not None:
        return named.steps, Context(x, f, y), named, named.checker
    steps, ctx = _differentiate(f, x, y, checker)
    return steps, ctx, None, checker


def _forward_values(steps: list, named, f: Expr, derivative: Expr, x: Symbol, y: Symbol) -> tuple:
    """(the cached-value form, its values): the named path's result, or the def-cached step's
    (appended to ``steps``); (None, ()) where there is none."""
    if named is not None:
        return (named.form, named.values) if named.values else (None, ())
    found = _cached(f, derivative, x, y) if not f.has(Piecewise) else None
    if found is None:
        return None, ()
    steps.append(found[0])
    return found[1].form, found[1].values


def _cached(f: Expr, derivative: Expr, x: Symbol, y: Symbol) -> tuple | None:
    """(the def-cached step, the form) where the forward pass's values save transcendental calls."""
    from . import cached  # only functions without an output form need it

    if not (outform.small(f) and outform.small(derivative)):
        return None
    names = _catalog_names(f, y)
    found = within(CACHED_SECONDS, lambda: cached.find(canon(f), derivative, x, y, names))
    if found is None:
        return None
    checker = Checker(x, f, folded={y: f, **dict(found.values)})
    subs = [_checked(CACHED, c, t, checker, before=t) for t, c in found.values]
    return _checked(CACHED, found.form, derivative, checker, substeps=subs), found


CACHED_SECONDS = 0.5


def _catalog_names(f: Expr, y: Symbol) -> dict:
    """Catalog functions with a symbol of their own (the sigmoid S) of any of f's symbols, as
    parts to name (the vector functions excepted)."""
    return {part: Symbol(e.symbol) for e, part in catalog_functions(f, y)}


def _read(source: str, wrt: str | None) -> tuple:
    """(catalog entry or None, the definition, its parameters → defaults)."""
    entry = lookup(source)
    if entry is None:
        return None, read(source, wrt).expr, {}
    params = {Symbol(name, positive=True): default for name, default in entry.parameters}
    f = parse(entry.definition).xreplace({symbol(str(p)): p for p in params})
    if wrt is not None and wrt not in entry.inputs:
        raise ParseError(f"{entry.name} is a function of {' and '.join(entry.inputs)}, not {wrt}")
    return entry, f, params


def _derive_vector(source: str, entry, f: Expr, wrt: str | None) -> Derivation:
    """∂S_i/∂a_j of a function of a vector: derivative, the two cases, the combined form (or
    ∂L/∂a_j of a function of a vector with one value, a loss)."""
    from . import indexed  # only vector functions need it (it is not imported at start-up)

    x, i = indexed.variables(f, wrt or (entry.variable if entry else None))
    if i is None:
        return _derive_gradient(source, entry, f, x)
    j = x.indices[0]
    letter = Symbol(entry.symbol if entry else indexed.free_letter(f))
    Si, Sj = indexed.symbols(letter, i, j)
    fj = f.xreplace({i: j})
    checker = IndexedChecker(x, f, folded={Si: f, Sj: fj})
    steps, ctx = _differentiate(f, x, Si, checker)
    ctx = replace(ctx, more=((fj, Sj),))
    derivative = canon(steps[-1].expression)
    form, note = None, "The derivative has no Kronecker delta: there are no cases i = j and i ≠ j to follow."
    found = indexed.cases(derivative, f, x, i, ctx, checker)
    if found is not None:
        note = f"No form in terms of {Si} and {Sj} was found for both cases."
        steps.append(found[0])
        combined = indexed.combine(found[1], i, j, f, x, checker)
        if combined is not None:
            steps.append(combined)
            form = combined.expression
            matrix = indexed.matrix_form(form, Si, Sj, letter, i, j)
            note = f"In matrix form: J = {matrix}" if matrix else ""
    return Derivation(
        input=source, name=entry.name if entry else None, title=entry.title if entry else None,
        variable=x, symbol=Si, definition=f, derivative=derivative, output_form=form, steps=steps,
        note=note, indices=(i, j), display=None, constants=checker.constants(),
    )


def _derive_gradient(source: str, entry, f: Expr, x) -> Derivation:
    """∂L/∂a_j of a function of a vector with one value: one case.  A softmax inside the loss is
    named S_k and differentiated by its own Jacobian where that pays (:mod:`derive.named`).  The
    sums the derivative leaves are made simpler (with the conditions the entry gives,
    Σ_k t_k = 1), and the parts the forward pass computed (the softmax S_j) written by their
    symbols."""
    from . import indexed

    y = Symbol(entry.symbol) if entry else _fresh_letter(f, None)
    given, names = indexed.given(entry), indexed.named(f, x)
    checker = IndexedChecker(x, f, folded={y: f, **names})
    named = vector_derivation(f, x, y, checker, given)
    if named is not None:
        steps, derivative, used, checker = named.steps, named.derivative, named.values, named.checker
    else:
        steps, ctx = _differentiate(f, x, y, checker)
        derivative = canon(steps[-1].expression)
        sums = indexed.simpler_sums(steps[-1].expression, ctx, checker, given)
        steps.extend(sums)
        tidied, used = indexed.name_parts(steps[-1].expression, names, checker)
        steps.extend(tidied)
    used_given = given if any(s.where is not None for s in steps) else ()
    return Derivation(
        input=source, name=entry.name if entry else None, title=entry.title if entry else None,
        variable=x, symbol=y, definition=f, derivative=derivative, output_form=None, steps=steps,
        note=indexed.gradient_note(steps[-1].expression, x, y, used_given), indices=(x.indices[0],),
        display=None, constants=checker.constants(), cached_form=steps[-1].expression if used else None,
        cached_values=used,
    )


def _piecewise_target(written: Piecewise, derivative: Expr, x: Symbol, y: Symbol, params: dict,
                      pytorch: bool) -> tuple:
    """(the output form of a piecewise function or why there is none, its kinks)."""
    from . import piecewise  # only piecewise functions need it (not imported at start-up)

    kinks = piecewise.kinks(written, x, pytorch, {**outform.parameter_values(written, x), **params}, params)
    target = _pieces_in_y(written, derivative, x, y, params)
    if kinks is None:
        why = (target.reason + " The joints were not examined: they depend on a parameter, or SymPy could "
               "not locate them or take a limit there.").strip()
        return replace(target, reason=why), []
    return target, kinks


def _pieces_in_y(written: Piecewise, derivative: Expr, x: Symbol, y: Symbol, params: dict):
    from . import piecewise
    form = piecewise.output_form(written, derivative, x, y, params)
    if form is None:
        return outform.find(canon(written), derivative, x, y)
    why = ""
    if params:
        names = ", ".join(str(p) for p in params)
        why = f"Valid for {names} > 0: the values y takes on each piece, which decide the form, assume it."
    return outform.Target(form, why, True, via=IN_Y)


def _by_identity(e: Expr):
    """e after the Pythagorean identity rewrote one of its nodes, for each node it applies to."""
    for path, node in positions(e):
        new = PYTHAGOREAN_RULE.apply(node)
        if new is not None:
            yield canon(replace_at(e, path, new))


def _identities(form: Expr, checker: Checker) -> list[Step]:
    """A Pythagorean identity that shortens the output form: 1/(1 + tan²y) = cos²y."""
    for shorter in _by_identity(form):
        if shorter.count_ops() < canon(form).count_ops():
            return [_checked(PYTHAGOREAN_RULE, shorter, form, checker)]
    return []


ALTERNATIVES_SIZE = 200  # an identity is looked for in derivatives up to this many nodes


def _alternatives(derivative: Expr, checker: Checker) -> list[Step]:
    """Another form of the derivative by an identity (tanh' = sech²), shown as a note."""
    alt = next(_by_identity(derivative), None) if size(derivative) <= ALTERNATIVES_SIZE else None
    if alt is None:
        return []
    named = reciprocal_names(alt)
    return [_checked(PYTHAGOREAN_RULE, alt, derivative, checker, value=None if named == alt else named)]


def _differentiate(f: Expr, x: Symbol, y: Symbol, checker: Checker) -> tuple[list[Step], Context]:
    """The steps from d/dx f to the tidied derivative, and the context for folding back."""
    steps = [Step(START.id, START.title, Derivative(f, x, evaluate=False), verified=True)]
    written, rules = f, RULES
    as_pieces = WRITE_PIECEWISE.apply(f)
    if as_pieces is not None:
        written = as_pieces
        steps.append(_checked(WRITE_PIECEWISE, Derivative(written, x, evaluate=False), steps[0].expression, checker))
    named = _quotient_of_definitions(written, x, checker)
    if named is not None:
        steps.append(named)
        written = named.expression.expr
        rules = (ByDefinition({n.func for n in written.atoms(*NAMED)}),) + RULES
    steps.append(differentiate(written, x, checker, rules=rules))
    tidy = ARITHMETIC.apply(steps[-1].expression, None)
    if tidy is not None:
        steps.append(_checked(ARITHMETIC, tidy, steps[-1].expression, checker))
    also = (written,) if written is not f else ()
    return steps, Context(x, f, y, also)


def _quotient_of_definitions(f: Expr, x: Symbol, checker: Checker) -> Step | None:
    """d/dx n/d = d/dx F/G when n and d are multiples of known definitions (or None)."""
    n, d = fraction(f)
    if d == 1:
        return None
    rn = RECOGNIZE.apply(n)
    rd = RECOGNIZE.apply(d) if rn is not None else None  # (each try is a cancel: skip the second)
    if rd is None:
        return None
    (cn, fn), (cd, fd) = canon(rn).as_coeff_Mul(), canon(rd).as_coeff_Mul()
    c = cn / cd
    written = frac(fn if c == 1 else mul(c, fn), fd)
    subs = [_checked(RECOGNIZE, r, part, checker, before=part) for part, r in ((n, rn), (d, rd))]
    new = Derivative(written, x, evaluate=False)
    return _checked(RECOGNIZE, new, Derivative(f, x, evaluate=False), checker, substeps=subs)


def _fresh_letter(f: Expr, wrt: str | None) -> Symbol:
    """The letter for f(x): y, unless the expression already uses it."""
    taken = {str(s) for s in f.free_symbols} | {wrt}
    names = ("y", "f", "g", "h", "F", "Y") + tuple(f"y{k}" for k in range(1, len(taken) + 2))
    return Symbol(next(n for n in names if n not in taken))


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
    if target.via is not None:
        return [_checked(target.via, target.form, derivative, checker, note=target.reason)]
    path = search(derivative, ctx, target.form)
    if path is None:
        return [_checked(INVERSE, target.form, derivative, checker, let=target.substitution)]
    steps, last = [], derivative
    for rule, state in path:
        steps.append(_checked(rule, state, last, checker))
        last = state
    folded = fold_all(last, ctx)
    if folded != last:
        steps.append(_checked(FOLD, folded, last, checker))
    if sstr(folded, order="none") != sstr(target.form, order="none"):  # 1/3 − y²/3 → (1 − y²)/3
        steps.append(_checked(FACTOR if target.form.is_Mul else ARITHMETIC, target.form, folded, checker))
    return steps
