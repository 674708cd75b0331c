"""A derivation for the terminal: numbered steps, the expression in Unicode 2-D,
the rule's title beside each line (colours only when stdout is a terminal).

The derivation is laid out by :mod:`.blocks` around SymPy's 2-D pictures; rich is imported
only for colours at a terminal and for the wrapping tables of ``--list`` and ``--rules``."""
from __future__ import annotations

from sympy.printing.pretty.stringpict import prettyForm, stringPict

from ..cost import in_words
from ..step import Step
from .blocks import Line, ansi, block, columns, plain
from .written import WrittenPretty, symbol_names

OK, FAIL = "✓", "✗"


def _picture(parts: list, names: dict) -> str:
    """Expressions and strings side by side, as one 2-D picture."""
    p = WrittenPretty(names)
    pics = [prettyForm(x) if isinstance(x, str) else p._print(x) for x in parts]
    return prettyForm(*stringPict.next(*pics)).render(wrap_line=False)


def _names(d) -> dict:
    """How the function's own symbol is shown: S(x), tanh(x); S_i as it is."""
    return {} if d.indices else symbol_names(d.symbol, d.variable, d.display)


def lhs_text(d) -> str:
    if d.indices:
        return f"∂{d.symbol}/∂{d.variable.base}_{d.indices[-1]}"
    n = "" if d.order == 1 else SUPERSCRIPTS.get(d.order, f"^{d.order}")
    if d.name:
        return f"d{n}/d{d.variable}{n} {d.display or d.symbol}({d.variable})"
    return f"d{n}{d.symbol}/d{d.variable}{n}"


SUPERSCRIPTS = dict(zip(range(2, 10), "²³⁴⁵⁶⁷⁸⁹"))


def _rule_cell(step: Step) -> list[Line]:
    return [[(step.title, None), (f"  {step.rule}", "dim")]]


def _mark(step: Step) -> list[Line]:
    return block(OK, "green") if step.verified else block(f"{FAIL} unverified", "bold red")


def _rows(step: Step, number: str, names: dict, lhs: str | None, level: int = 0):
    if level == 0 and step.lhs is not None:  # a new equation: the next order
        parts = [step.lhs, " = ", step.expression]
    elif level == 0:
        parts = [lhs + " = " if lhs else "= ", step.expression]
    elif step.before is None:
        parts = ["  " * level, "= ", step.expression]
    else:
        parts = ["  " * level, step.before, " = ", step.expression]
        if step.value is not None and _picture([step.value], names) != _picture([step.expression], names):
            parts += [" = ", step.value]
    if step.let:
        parts += [",  ", step.let[0], " = ", step.let[1]]
    if step.where is not None:
        parts += ["  for ", step.where]
    yield [block(number, "cyan"), block(_picture(parts, names)), _rule_cell(step), _mark(step)]
    for i, s in enumerate(step.substeps, 1):
        yield from _rows(s, f"{number}.{i}", names, None, level + 1)


def table(d) -> list[Line]:
    """The steps: number, the equation, the rule (title and id), the check."""
    names = _names(d)
    rows = [row for i, step in enumerate(d.steps, 1)
            for row in _rows(step, str(i), names, lhs_text(d) if i == 1 else None)]
    return columns(rows, right=frozenset({0}))


def _labelled(label: str, parts: list, names: dict, style: str = "bold") -> list[Line]:
    """A bold label, then a picture (its further lines indented under it)."""
    lines = _picture(parts, names).split("\n")
    return [[(label, style), (lines[0], None)]] + [[(" " * len(label) + ln, None)] for ln in lines[1:]]


def summary(d) -> list[Line]:
    names = _names(d)
    out: list[Line] = []
    if d.plain:  # the derivative first; a form only where it costs less (Derivation.shown)
        out += _labelled("Result: ", [lhs_text(d) + " = ", d.written_derivative], names)
    if d.shown(d.output_form):
        out += _labelled("In terms of the function itself: ", [lhs_text(d) + " = ", d.output_form], names)
    if d.note and (d.output_form is None or d.shown(d.output_form)):
        out += block(d.note)
    if d.shown(d.cached_form):
        shown = [lhs_text(d) + " = ", d.cached_form] + [x for s, c in d.cached_values for x in (",  ", s, " = ", c)]
        out += _labelled("With the values the forward pass computed: ", shown, names)
    out += block(in_words(d))
    out += [kink_text(k, d) for k in d.kinks]
    for alt in d.alternatives:
        shown = [lhs_text(d) + " = ", alt.expression] + ([" = ", alt.value] if alt.value is not None else [])
        label = f"Alternatively ({alt.title}{'' if alt.verified else ', ' + FAIL + ' unverified'}): "
        out += _labelled(label, shown, names)
    if d.constants:
        out += block("Treated as constants: " + ", ".join(map(str, d.constants)))
    return out + [_verdict(d)]


def _verdict(d) -> Line:
    checks = [s for top in list(d.steps) + list(d.alternatives) for s in top.walk()] + list(d.kinks)
    bad = [s for s in checks if not s.verified]
    what = "steps and joints" if d.kinks else "steps"
    if bad:
        return [(f"{FAIL} NOT VERIFIED: {len(bad)} of {len(checks)} {what} failed the numeric check", "bold red")]
    return [(f"{OK} all {len(checks)} {what} verified numerically", "green")]


def kink_text(k, d) -> Line:
    """One joint in words: one-sided derivatives, what PyTorch uses, subgradients."""
    if k.differentiable:  # a smooth joint: the pieces meet with one slope
        words = f"left and right derivatives agree, so differentiable there, with derivative {k.left}."
    else:
        words = f"left derivative {k.left}, right derivative {k.right}, so not differentiable there"
        words += " (f is continuous)." if k.continuous else " (f jumps there)."
    if k.pytorch is not None:
        words += f" PyTorch's autograd uses {k.pytorch} there."
    sub = k.subgradient(d.parameter_values)
    if sub is not None:
        words += f" Subgradients: [{sub[0]}, {sub[1]}]."
    mark = (f" {OK}", "green") if k.verified else (f" {FAIL} unverified", "bold red")
    return [(f"At {d.variable} = {k.at}: ", "bold"), (words, None), mark]


def heading(d) -> list[Line]:
    names = _names(d)
    left = f"{d.display or d.symbol}({d.variable}) = " if d.name and not d.indices else f"{d.symbol} = "
    title = block(d.title, "bold") if d.title else []
    return title + block(_picture([left, d.definition], names))


def lines(derivations: list) -> list[Line]:
    """Each derivation: its heading, the table of steps, a blank line, the summary."""
    out: list[Line] = []
    for i, d in enumerate(derivations):
        out += ([[]] if i else []) + heading(d) + [[]] + table(d) + [[]] + summary(d)
    return out


def render(derivations: list, terminal: bool = False) -> str:
    """The derivations as text; with colours for a terminal."""
    return ansi(lines(derivations)) if terminal else plain(lines(derivations))


def catalog_table(derivations: list, entries):
    """derive --list: each entry's definition, the derivative's form, and its kinks (a rich
    Table: its columns wrap to the terminal)."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title="The catalog", show_lines=True)
    for column in ("name", "definition", "derivative", "kinks (PyTorch's value)"):
        t.add_column(column, no_wrap=column == "name")
    for d, e in zip(derivations, entries):
        names = _names(d)
        form = d.output_form if d.output_form is not None else d.cached_form
        shown = _picture([d.output_form if d.output_form is not None else (d.cached_form or d.derivative)], names)
        if form is None:
            shown += f"\n(in {d.variable})"
        elif d.output_form is None and d.cached_values:  # the values the cached form shown uses
            shown += "\n" + ", ".join(f"{s} = {c}" for s, c in d.cached_values)
        shown += "".join(f"\ngiven {s} = {v}" for s, v in e.given)
        kinks = "\n".join(f"{d.variable} = {k.at}: {k.pytorch}" for k in d.kinks) or "-"
        title = e.name + ("\n" + ", ".join(e.aliases) if e.aliases else "")
        t.add_row(Text(title), Text(_picture([d.definition], names)), Text(shown), Text(kinks))
    return t


def rules_table(rules, families: dict):
    """derive --rules (a rich Table)."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title="The rule set", show_lines=False)
    t.add_column("id", style="cyan", no_wrap=True)
    t.add_column("family")
    t.add_column("title")
    t.add_column("statement")
    for r in rules:
        t.add_row(Text(r.id), Text(families.get(r.family, r.family)), Text(r.title), Text(r.words))
    return t
