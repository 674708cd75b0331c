"""The stages of a first derivative, each a function of the state (:mod:`derive.state`).

A stage returns the new state, or None where it does not apply; :mod:`derive.pipeline` puts
them in order in one table.  The mathematics is in the rules and in the modules each stage
calls; here is only what a stage does with the state.  No stage calls another.
"""
from __future__ import annotations

from dataclasses import replace

from sympy import And, Derivative, Indexed, Ne, Piecewise, S, Symbol, piecewise_fold, pretty

from . import outform, reach
from .board import Board
from .catalog import lookup
from .cost import cost
from .differentiate import from_definition
from .domain import as_written
from .expr import canon
from .named import catalog_functions, derivation, in_calls, vector_derivation
from .parse import ParseError, parse, read as read_input, symbol
from .rules.algebra import Context
from .rules.piecewise import IN_Y, WRITTEN_PIECEWISE
from .verify import Checker, IndexedChecker

# --- reading the input ----------------------------------------------------------------------


def read(s):
    """The definition (a catalog entry's, with its parameters kept symbolic, or the expression)."""
    entry = lookup(s.input)
    if entry is None:  # as typed (2x, sin x, y = ...), names checked; f(t) = ... names the variable
        reading = read_input(s.input, s.wrt)
        return replace(s, definition=reading.expr, wrt=s.wrt or reading.variable, calls=reading.calls,
                       by_name=reading.named)
    params = {Symbol(name, positive=True): default for name, default in entry.parameters}
    f = parse(entry.definition).xreplace({symbol(str(p)): p for p in params})
    if s.wrt is not None and s.wrt not in entry.inputs:
        raise ParseError(f"{entry.name} is a function of {' and '.join(entry.inputs)}, not {s.wrt}")
    return replace(s, entry=entry, definition=f, params=params)


def kind(s) -> str:
    """scalar: f of one variable; vector: S_i of a vector a (softmax); loss: one value of a vector."""
    if not s.f.has(Indexed):
        return "scalar"
    from . import indexed
    _, i = indexed.variables(s.f, s.wrt or (s.entry.variable if s.entry else None))
    return "loss" if i is None else "vector"


def scalar_board(s):
    """x, the letter for f(x), and the board, whose checker samples the domain of f; a definition
    that is one expression but at points (sinc) is derived as that expression, its points kept."""
    f, entry = s.f, s.entry
    x = symbol(s.wrt or entry.variable) if entry else _variable(f, s.wrt)
    y = Symbol(entry.symbol) if entry else _fresh_letter(f, s.wrt)
    written = None if entry else as_written(s.input)  # (a catalog definition is written as SymPy reads it)
    checker = Checker(x, f, folded={y: f}, written=written)
    if not checker.envs:
        raise ParseError("the function has no real, finite value at any point sampled in [-30, 30]")
    smooth, points = _away_from_points(f, x, s.calls)
    return replace(s, variable=x, symbol=y, board=Board(checker), smooth=smooth, points=points, held=written,
                   constants=sorted(f.free_symbols - {x} - set(s.params), key=str))


def _away_from_points(f, x, calls: tuple = ()) -> tuple:
    """(g, points) where f is g but at finitely many points, each a branch of its own; else (None, ()).
    A catalog function called at an argument that is 0 at infinitely many points (sinc(sin x)) is
    taken by its smooth branch there: the value its definition gives it at 0 is that branch's limit."""
    if not f.has(Piecewise):
        return None, ()
    from .piecewise import points_placed, removable  # only piecewise functions need it (not at start-up)

    if not points_placed(f, x):
        smooth = _smooth_calls(f, calls)
        if smooth is not None and points_placed(smooth, x):
            return smooth, ()
        raise ParseError("a branch with Eq or Ne must hold at finitely many points given as numbers, "
                         "as in Piecewise((1, Eq(x, 0)), (sin(x)/x, True))")
    return removable(f, x) or (None, ())


def _smooth_calls(f, calls: tuple):
    """f with each catalog call that has a value of its own at points (sinc: 1 at 0) written by its
    other branch, the one that holds on an open set; None where no call is so."""
    from sympy import Eq

    def other(pw):
        open_ = [a for a in pw.args if not a.cond.has(Eq)]
        return open_[0].expr if len(open_) == 1 and open_[0].cond == True else None  # noqa: E712

    values = {v: other(v) for v in (canon(c.value) for c in calls) if isinstance(v, Piecewise) and v.has(Eq)}
    values = {v: g for v, g in values.items() if g is not None}
    return canon(f).xreplace(values) if values else None


def _fresh_letter(f, wrt: str | None) -> Symbol:
    """The letter for f(x): y, unless the expression already uses it."""
    taken = {str(v) for v in f.free_symbols} | {wrt}
    names = ("y", "f", "g", "h", "F", "Y") + tuple(f"y{k}" for k in range(1, len(taken) + 2))
    return Symbol(next(n for n in names if n not in taken))


def _variable(f, wrt: str | None) -> Symbol:
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


# --- differentiating ------------------------------------------------------------------------


def named_parts(s):
    """f′ through the catalog functions named in f (bce's S), where that saves calls (or the input
    called them by name); not for a function with joints (|x|, Max, ...), whose joints the
    definition's path examines."""
    if s.f.has(Piecewise, *WRITTEN_PIECEWISE):
        return None
    found = derivation(s.f, s.x, s.symbol, s.board, s.known, s.calls, s.by_name, s.entry and s.entry.name)
    if found is None:
        return None
    also = (s.by_name,) if s.by_name is not None else _read_by_name(found.steps)
    return replace(s, steps=found.steps, ctx=Context(s.x, s.f, s.symbol, also), named=found, board=found.board,
                   derivative=found.derivative)


def _read_by_name(steps: list) -> tuple:
    """(f as the named path wrote it,) where that is a catalog call read in f (1/(1 + e^{−2x}) read
    as sigmoid(2x)): the line in names then folds into y as where the input called it so, in one
    named step (2σ(2x)(1 − σ(2x)) = 2y(1 − y)), not written out and folded back; () otherwise."""
    from .called import calls_in

    named = next((st.expression for st in steps[1:2] if isinstance(st.expression, Derivative)), None)
    written = named.expr if named is not None else None
    return (written,) if written is not None and calls_in(written) and written in calls_in(written) else ()


def definition(s):
    """f′ from the definition as it stands: the rule steps, tidied.  Where the input called catalog
    functions by name (and the named path was not taken: leaky_relu(x, 0.2), whose joint is
    examined so), the first line says under it what each call stands for."""
    named = s.by_name is not None and s.entry is None
    parts = tuple((c.value, c.node) for c in s.calls if s.by_name.has(c.node)) if named else ()
    steps, ctx = from_definition(s.f, s.x, s.symbol, s.board, parts, s.real)
    if s.entry is None and s.by_name is None and s.smooth is None:  # from the input as typed: (2x)³ = 8x³
        from .held import started

        steps = started(steps, s.held, s.f, s.board)
    return replace(s, steps=steps, ctx=ctx, derivative=canon(steps[-1].expression))


def real_part(s):
    """Where a piecewise f (|x|·√x, max(1, √x)) is real, where less than the line: its pieces are
    written there only, and a |u| whose u has one sign there is that branch (derive/domain.py)."""
    if s.entry is not None or not s.f.has(Piecewise, *WRITTEN_PIECEWISE):
        return None
    from .domain import real_set

    found = real_set(s.f, s.x, s.held)
    if found is None or not _holds_the_samples(found.set, s.x, s.board.checker.envs):
        return None
    return replace(s, real=found)


def _holds_the_samples(where, x, envs) -> bool:
    """Whether every point the checker samples (where f is real) lies in ``where``: the set is
    found from the ends where a part stops being real, and a part that changes sign across a
    jump (acot at 0, under a square root) ends it unseen; the samples then say so."""
    from sympy import Float

    return all(where.contains(Float(env[x], 30)) is S.true for env in envs)


def textbook(s):
    """A plain expression's derivative in x tidied by named algebra steps to the shortest form
    reached (the form a textbook prints: −1/(x² + 1), cos 2x, e^x/(1 + e^x)²): the result a person
    reads first, also where a form in y saves transcendental calls, which the stages after this
    one reach from the tidied line.  A catalog entry's result is its form."""
    if s.entry is not None or s.named is not None or s.f.has(Piecewise):
        return None
    from . import textbook as tb

    steps = tb.before_detour(s.steps)
    made = tb.steps(steps[-1].expression, s.ctx, s.board)
    if not made:
        return None
    named = tb.definition_written(made[-1].expression, steps[-1].expression, s.f, s.board)
    ctx = replace(s.ctx, more=s.ctx.more + tuple((n, s.symbol) for n in named))  # tanh x is y: folded back
    return replace(s, steps=steps + made, derivative=canon(made[-1].expression), ctx=ctx)


# --- the form in y ----------------------------------------------------------------------------


def target(s):
    """The form g(y) with f′ = g(f) (or why there is none), and a piecewise function's joints."""
    written = s.ctx.also[-1] if s.ctx.also else canon(s.f)
    typed = _typed_domain(s)
    inside = typed.inside if typed else None  # e^{2 ln x}: 2√y on x > 0, where it was typed
    if isinstance(written, Piecewise):
        found, kinks = _piecewise_target(s, written, inside)
    else:
        found = outform.find(canon(s.f), s.derivative, s.x, s.symbol, inside, _witnessed(s))
        kinks = _written_joints(s, written)
    if not kinks and written.has(Piecewise, *WRITTEN_PIECEWISE):  # sought numerically, none found: said so
        from .piecewise import sought_words

        found = replace(found, reason=(found.reason + " " + sought_words(written, s.x)).strip())
    steps = s.steps
    if s.points:  # derived away from its points: the first line says so, the points are joints
        steps = [s.board.qualified(steps[0], And(*[Ne(s.x, c) for c in s.points]))] + steps[1:]
        kinks = sorted([k for k in kinks if k.at not in s.points] + _point_joints(s), key=lambda k: float(k.at))
    return replace(s, steps=steps, target=found, output_form=found.form, note=found.reason, kinks=kinks, typed=typed)


def _witnessed(s):
    """Where the two points of "no form exists" may be: where the Result holds (s.domain), else
    anywhere (None)."""
    if s.domain is None:
        return None
    from .domain import in_it

    return in_it(s.domain, s.f, s.x)


def _typed_domain(s):
    """Where the input as typed has a value, where less than SymPy's reading of it (domain.Typed),
    with the condition the evaluation's lines stated (e^{2 ln x} = x² for x > 0); else None."""
    if s.entry is not None or s.held is None or s.smooth is not None:
        return None
    from sympy import And

    from .domain import typed_domain
    from .held import RULES_BY_ID

    conds = []
    for step in s.steps[1:]:
        if step.rule not in RULES_BY_ID:
            break  # the evaluation's lines come first, after d/dx of the input as typed
        conds += [sub.where for sub in step.substeps if sub.where is not None and sub.where not in conds]
    return typed_domain(s.held, s.f, s.x, And(*conds) if conds else None)


def _written_joints(s, written) -> list:
    """The joints of a definition piecewise under another name (|log x|) not derived in pieces."""
    if s.entry is not None or not written.atoms(*WRITTEN_PIECEWISE):
        return []
    from . import piecewise

    return piecewise.written_joints(written, s.x, s.params)


def _point_joints(s) -> list:
    """The joints at the points where a branch of the definition holds alone (sinc's 0)."""
    from . import piecewise

    f, pytorch = piecewise_fold(s.definition), bool(s.entry and s.entry.pytorch)
    found = piecewise.kinks(f, s.x, pytorch, {**outform.parameter_values(f, s.x), **s.params})
    return [k for k in found or () if k.at in s.points]


def _piecewise_target(s, written: Piecewise, inside=None) -> tuple:
    from . import piecewise  # only piecewise functions need it (not imported at start-up)

    x, y, params = s.x, s.symbol, s.params
    pytorch = bool(s.entry and s.entry.pytorch)
    kinks = piecewise.kinks(written, x, pytorch, {**outform.parameter_values(written, x), **params}, params)
    found = _pieces_in_y(written, s.derivative, x, y, params, inside)
    if kinks is None:
        why = (found.reason + " The joints were not examined: they depend on a parameter, or SymPy could "
               "not locate them or take a limit there.").strip()
        return replace(found, reason=why), []
    return found, kinks


def _pieces_in_y(written: Piecewise, derivative, x, y, params: dict, inside=None):
    from . import piecewise
    form = piecewise.output_form(written, derivative, x, y, params)
    if form is None:
        return outform.find(canon(written), derivative, x, y, inside)
    why = ""
    if params:
        names = ", ".join(pretty(p, use_unicode=True) for p in params)  # λ, α: as the lines write them
        why = f"Valid for {names} > 0: the values y takes on each piece, which decide the form, assume it."
    return outform.Target(form, why, True, via=IN_Y)


def joined_pieces(s):
    """A piecewise derivative written as one expression where its pieces are one (1/x for log|x|)
    or fold into |u|, max or min (2|x| for x|x|): the form a textbook prints.  Not where the pieces
    give a form in y (softsign), which the stages after this one reach from the pieces."""
    if (s.output_form is not None and s.target.via is not None) or not s.derivative.has(Piecewise):
        return None  # a form found from the pieces is reached from them; one found for f as a whole, from f′ joined
    from . import piecewise

    steps = piecewise.joined(s.steps, s.kinks, s.variable, s.board)
    if steps is None:
        return None
    return replace(s, steps=steps, derivative=canon(steps[-1].expression))


def witness_values(s):
    """A "no form exists" sentence with symbolic constants names the values its witness took for
    them (a = 0.5871): the two points were found for those values, not for every admissible one."""
    if s.output_form is not None or not s.constants or f"{s.symbol} alone exists:" not in s.note:
        return None  # (outform's sentence with two points)
    values = outform.parameter_values(s.f, s.x)
    named = ", ".join(f"{c} = {values[c]:.4g}" for c in s.constants if c in values)
    end = s.note.find(". ", s.note.find(" alone exists:"))  # the end of that sentence, before any that follow
    end = len(s.note) - 1 if end < 0 else end
    return replace(s, note=f"{s.note[:end]}, with {named} (the values the two points were found for){s.note[end:]}")


def result_domain(s):
    """Where an expression's Result holds, where that is less than the whole line: ln x′ = 1/x for
    x > 0, arcsin x′ for −1 < x < 1 (derive/domain.py, loaded only here)."""
    if s.entry is not None:
        return None
    from .domain import where_it_holds

    found = where_it_holds(s.f, s.derivative, s.x, s.held, tuple(s.constants))
    return None if found is None else replace(s, domain=found)


def has_form(s) -> bool:
    return s.output_form is not None


def reach_form(s):
    """The steps from the derivative to g(y): a path by the algebra rules, the definition folded."""
    return replace(s, steps=s.steps + reach.towards(s.target, s.steps[-1].expression, s.ctx, s.board))


def form_domain(s):
    """Where the form holds, with symbolic constants: for x > 0 only where, at whole-number values
    of the constants, it fails at a negative x (xⁿ: n·(y^{1/n})^{n−1} is wrong at n = 2, x = −1);
    else for the constants' values where it does not fail (squareplus's 4y²/(4y² + b): b ≠ 0)."""
    if s.typed is not None and s.typed.where is not None:  # e^{2 ln x}: 2√y, for x > 0, where it was typed
        words = (f"As typed, the function has a value for {outform.condition_words(s.typed.where)} only, where "
                 f"its form in {s.symbol} holds.")
        steps = s.steps[:-1] + [s.board.qualified(s.steps[-1], s.typed.where)]
        return replace(s, steps=steps, note=(s.note + " " + words).strip())
    if not s.constants:
        return None  # no symbolic constant: the form was checked across the whole domain already
    from .domain import Condition, holds_for  # (loaded only for forms with symbolic constants)

    found = holds_for(s.f, s.derivative, s.output_form, s.x, s.symbol, s.constants)
    if found is None:  # where x takes every value: the constants' values where the form fails
        found = outform.constants_where(s.output_form, s.f, s.derivative, s.x, s.symbol, s.constants)
        found = None if found is None else Condition(*found)
    if found is None:
        return None
    words = f"The form in {s.symbol} holds for {outform.condition_words(found.where)} only: {found.witness}."
    steps = s.steps[:-1] + [s.board.qualified(s.steps[-1], found.where)]
    return replace(s, steps=steps, note=(s.note + " " + words).strip())


def shorter_form(s):
    """A Pythagorean identity that shortens the form (1/(1 + tan²y) = cos²y)."""
    shorter = reach.shorter(s.output_form, s.board)
    if not shorter:
        return None
    return replace(s, steps=s.steps + shorter, output_form=shorter[-1].expression,
                   target=replace(s.target, form=shorter[-1].expression))


def needs_calls(s) -> bool:
    """Whether a backward pass would still call exp, log, … (no form in y, or one that calls them)."""
    return s.output_form is None or cost(s.output_form).calls > 0


def forward_values(s):
    """The cached-value form: the named path's, where its form is one; else f′ written with the
    forward pass's values."""
    if s.named is not None and s.named.values:
        return replace(s, cached_form=s.named.form, cached_values=s.named.values)
    if s.f.has(Piecewise):
        return None
    from . import cached  # only functions without an output form need it

    names = {part: Symbol(e.symbol) for e, part in catalog_functions(s.f, s.symbol)}
    rules_line = next((st.expression for st in s.steps if not st.expression.has(Derivative)), None)  # before the tidy
    derivative = s.derivative
    if s.named is not None and s.named.derived is not None:  # mish: softplus′ as derived, eˣ/(1 + eˣ), not σ's e^{−x}
        derivative = s.named.derived
    found = cached.step(s.f, derivative, s.x, s.symbol, s.board, names, rules_line, s.steps[-1].expression)
    if found is None:
        return None
    return replace(s, steps=s.steps + found[0], cached_form=found[1].form, cached_values=found[1].values)


def alternative_forms(s):
    """Another form of the derivative by an identity (tanh′ = sech²)."""
    return replace(s, alternatives=reach.alternatives(s.derivative, s.board))


def known_function(s):
    """The derivative said by a catalog function's name, where it is one (softplus′ = sigmoid(βx)),
    and where no form in y without a transcendental call says it better (sigmoid′ = S(1 − S))."""
    if not s.derivative.has(s.x) or (s.output_form is not None and not cost(s.output_form).calls):
        return None  # a form in y with no call is the answer a backward pass uses: nothing to name
    from .recognise import recognised  # (loaded only where it may name something)

    from .called import calls_in

    said = {n.func for step in s.steps for n in calls_in(step.expression)}  # softplus(x, 3)′ = sigmoid(3x) already
    found = [a for a in recognised(s.derivative, s.f, s.x, s.board)
             if not {n.func for n in calls_in(a.expression)} <= said]
    return replace(s, alternatives=s.alternatives + found) if found else None


def named_result(s):
    """An expression derived through the catalog functions it contains, though it did not call them
    by name (x/(1 + e^{−x}) through the sigmoid S), has its line in their letters written by their
    names (S + xS(1 − S) = sigmoid(x) + x·sigmoid(x)(1 − sigmoid(x))), where that is shorter than
    the derivative written out: the result a person reads, as it reads for x·sigmoid(x).  Where a
    form in y follows, the named line comes before the steps that reach it (3/(1 + e^{−x}):
    3·sigmoid(x)(1 − sigmoid(x)), then 3y(1 − y)/... ), not in place of it."""
    if s.entry is not None or s.named is None or s.by_name is not None or s.order_wanted > 1:
        return None  # (a higher order goes on from the line in S)
    from sympy import count_ops

    from .called import written_out
    from .rules.definitions import KNOWN_FUNCTION

    values = s.named.values
    if not values:  # no letter on the named path (silu(x) + softplus(x): written by name all along)
        return None
    at = len(s.named.steps) if s.output_form is not None else len(s.steps)
    last = s.steps[at - 1].expression
    called = in_calls(last, values, s.x) if last.has(*(v for v, _ in values)) else None
    if called is None or count_ops(called) >= count_ops(s.derivative):
        return None
    step = s.board.step(KNOWN_FUNCTION, called, last)
    if not step.verified:
        return None
    return replace(s, steps=s.steps[:at] + [step] + s.steps[at:], derivative=canon(written_out(called)))


# --- what the summary states, checked ---------------------------------------------------------


def stated(s):
    """Everything the summary states beside the steps, checked as a step is: the Result, the form in
    y, the form with the forward pass's values, the witness that no form in y exists
    (derive/stated.py).  A function of a vector states its forms as steps only."""
    if s.indices:
        return None
    from . import stated as st

    shown = {st.RESULT: s.derivative if s.entry is None else None, st.FORM: s.output_form,
             st.CACHED: s.cached_form}
    found = st.forms(s.board, s.f, s.x, s.order, shown, s.cached_values, s.domain,
                     outform.parameter_values(s.f, s.x))
    w = getattr(s.target, "witness", None)  # (each order's own: derive/higher.py)
    if w is not None and s.output_form is None:
        found[st.WITNESS] = st.witness_holds(s.f, s.x, s.order, w, outform.parameter_values(s.f, s.x))
    return replace(s, stated=found)


# --- functions of a vector ----------------------------------------------------------------


def vector_board(s):
    """a_j, the free index i, S_i and S_j, and a board that checks on concrete vectors."""
    from . import indexed

    f, entry = s.f, s.entry
    x, i = indexed.variables(f, s.wrt or (entry.variable if entry else None))
    j = x.indices[0]
    letter = Symbol(entry.symbol if entry else indexed.free_letter(f))
    Si, Sj = indexed.symbols(letter, i, j)
    checker = IndexedChecker(x, f, folded={Si: f, Sj: f.xreplace({i: j})})
    return replace(s, variable=x, symbol=Si, letter=letter, indices=(i, j), board=Board(checker),
                   constants=checker.constants())


def cases(s):
    """The cases i = j and i ≠ j, each brought to a form in S_i and S_j, and combined with δ_ij."""
    from . import indexed

    (i, j), f, x, Si = s.indices, s.f, s.x, s.symbol
    Sj = indexed.symbols(s.letter, i, j)[1]
    ctx = replace(s.ctx, more=((f.xreplace({i: j}), Sj),))
    note = "The derivative has no Kronecker delta: there are no cases i = j and i ≠ j to follow."
    found = indexed.cases(s.derivative, f, x, i, ctx, s.board)
    if found is None:
        return replace(s, ctx=ctx, note=note)
    steps, form = s.steps + [found[0]], None
    note = f"No form in terms of {Si} and {Sj} was found for both cases."
    combined = indexed.combine(found[1], i, j, f, x, s.board)
    if combined is not None:
        steps.append(combined)
        form = combined.expression
        matrix = indexed.matrix_form(form, Si, Sj, s.letter, i, j)
        note = f"In matrix form: J = {matrix}" if matrix else ""
    return replace(s, ctx=ctx, steps=steps, output_form=form, note=note)


def loss_board(s):
    """a_j, the letter for the loss, and a board that also knows the softmax S_j by its name."""
    from . import indexed

    f, entry = s.f, s.entry
    x, _ = indexed.variables(f, s.wrt or (entry.variable if entry else None))
    y = Symbol(entry.symbol) if entry else _fresh_letter(f, None)
    checker = IndexedChecker(x, f, folded={y: f, **indexed.named(f, x)})
    return replace(s, variable=x, symbol=y, indices=(x.indices[0],), board=Board(checker))


def named_vector_parts(s):
    """∂L/∂a_j through the softmax S_k named in the loss, by its own Jacobian."""
    from . import indexed

    found = vector_derivation(s.f, s.x, s.symbol, s.board, indexed.given(s.entry), s.known)
    if found is None:
        return None
    return replace(s, steps=found.steps, derivative=found.derivative, board=found.board,
                   cached_values=found.values, ctx=Context(s.x, s.f, s.symbol))


def simpler_sums(s):
    """The sums f′ leaves, made simpler by the sum rules (and the conditions the entry gives)."""
    from . import indexed

    sums = indexed.simpler_sums(s.steps[-1].expression, s.ctx, s.board, indexed.given(s.entry))
    return replace(s, steps=s.steps + sums)


def name_vector_values(s):
    """The parts the forward pass computed (the softmax S_j) written by their symbols."""
    from . import indexed

    named, used = indexed.name_parts(s.steps[-1].expression, indexed.named(s.f, s.x), s.board)
    return replace(s, steps=s.steps + named, cached_values=used)


def gradient(s):
    """The gradient's form: its last line, in the forward pass's values, and what it used."""
    from . import indexed

    given = indexed.given(s.entry)
    used_given = given if any(step.where is not None for step in s.steps) else ()
    last = s.steps[-1].expression
    return replace(s, note=indexed.gradient_note(last, s.x, s.symbol, used_given),
                   constants=s.board.checker.constants(), cached_form=last if s.cached_values else None)

