"""A derivation for the terminal: numbered steps, the expression in Unicode 2-D,
the rule's title beside each line (colours only when stdout is a terminal)."""
from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text
from sympy.printing.pretty.stringpict import prettyForm, stringPict

from ..cost import in_words
from ..step import Step
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


def _rule_cell(step: Step) -> Text:
    t = Text(step.title)
    t.append(f"  {step.rule}", style="dim")
    return t


def _mark(step: Step) -> Text:
    return Text(OK, style="green") if step.verified else Text(f"{FAIL} unverified", style="bold red")


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
    yield number, Text(_picture(parts, names)), _rule_cell(step), _mark(step)
    for i, s in enumerate(step.substeps, 1):
        yield from _rows(s, f"{number}.{i}", names, None, level + 1)


def table(d) -> Table:
    names = _names(d)
    t = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    t.add_column(justify="right", style="cyan", no_wrap=True)
    t.add_column(no_wrap=True, overflow="ignore")
    t.add_column(no_wrap=True)
    t.add_column(no_wrap=True)
    for i, step in enumerate(d.steps, 1):
        for row in _rows(step, str(i), names, lhs_text(d) if i == 1 else None):
            t.add_row(*row)
    return t


def summary(d) -> Text:
    names = _names(d)
    t = Text()
    if d.output_form is not None:
        t.append("In terms of the function itself: ", style="bold")
        t.append(_picture([lhs_text(d) + " = ", d.output_form], names).replace("\n", "\n" + " " * 33) + "\n")
        if d.note:
            t.append(d.note + "\n")
    elif d.note:
        t.append(d.note + "\n")
    if d.cached_form is not None:
        t.append("With the values the forward pass computed: ", style="bold")
        shown = [lhs_text(d) + " = ", d.cached_form] + [x for s, c in d.cached_values for x in (",  ", s, " = ", c)]
        t.append(_picture(shown, names).replace("\n", "\n" + " " * 43) + "\n")
    t.append(in_words(d) + "\n")
    for k in d.kinks:
        t.append(kink_text(k, d) + "\n")
    for alt in d.alternatives:
        shown = [lhs_text(d) + " = ", alt.expression] + ([" = ", alt.value] if alt.value is not None else [])
        t.append(f"Alternatively ({alt.title}{'' if alt.verified else ', ' + FAIL + ' unverified'}): ", style="bold")
        t.append(_picture(shown, names).replace("\n", "\n" + " " * 33) + "\n")
    if d.constants:
        t.append("Treated as constants: " + ", ".join(map(str, d.constants)) + "\n")
    checks = [s for top in list(d.steps) + list(d.alternatives) for s in top.walk()] + list(d.kinks)
    bad = [s for s in checks if not s.verified]
    what = "steps and joints" if d.kinks else "steps"
    if bad:
        t.append(f"{FAIL} NOT VERIFIED: {len(bad)} of {len(checks)} {what} failed the numeric check\n",
                 style="bold red")
    else:
        t.append(f"{OK} all {len(checks)} {what} verified numerically\n", style="green")
    return t


def kink_text(k, d) -> Text:
    """One joint in words: one-sided derivatives, what PyTorch uses, subgradients."""
    x = d.variable
    t = Text(f"At {x} = {k.at}: ", style="bold")
    t.append(f"left derivative {k.left}, right derivative {k.right}, so not differentiable there")
    t.append(" (f is continuous)." if k.continuous else " (f jumps there).")
    if k.pytorch is not None:
        t.append(f" PyTorch's autograd uses {k.pytorch} there.")
    sub = k.subgradient(d.parameter_values)
    if sub is not None:
        t.append(f" Subgradients: [{sub[0]}, {sub[1]}].")
    t.append(f" {OK}" if k.verified else f" {FAIL} unverified", style="green" if k.verified else "bold red")
    return t


def heading(d) -> Text:
    names = _names(d)
    left = f"{d.display or d.symbol}({d.variable}) = " if d.name and not d.indices else f"{d.symbol} = "
    t = Text((d.title + "\n") if d.title else "", style="bold")
    t.append(_picture([left, d.definition], names) + "\n")
    return t


def render(derivations: list, console: Console) -> None:
    for i, d in enumerate(derivations):
        if i:
            console.print()
        console.print(Group(heading(d), table(d), Text(), summary(d)))


def catalog_table(derivations: list, entries) -> Table:
    """derive --list: each entry's definition, the derivative's form, and its kinks."""
    t = Table(title="The catalog", show_lines=True)
    for column in ("name", "definition", "derivative", "kinks (PyTorch's value)"):
        t.add_column(column, no_wrap=column == "name")
    for d, e in zip(derivations, entries):
        names = _names(d)
        form = d.output_form if d.output_form is not None else d.cached_form
        shown = _picture([d.output_form if d.output_form is not None else (d.cached_form or d.derivative)], names)
        if form is None:
            shown += "\n(in x)"
        elif d.cached_form is not None:
            shown += "\n" + ", ".join(f"{s} = {c}" for s, c in d.cached_values) if d.cached_values else ""
        kinks = "\n".join(f"{d.variable} = {k.at}: {k.pytorch}" for k in d.kinks) or "-"
        title = e.name + ("\n" + ", ".join(e.aliases) if e.aliases else "")
        t.add_row(Text(title), Text(_picture([d.definition], names)), Text(shown), Text(kinks))
    return t


def rules_table(rules, families: dict) -> Table:
    t = Table(title="The rule set", show_lines=False)
    t.add_column("id", style="cyan", no_wrap=True)
    t.add_column("family")
    t.add_column("title")
    t.add_column("statement")
    for r in rules:
        t.add_row(Text(r.id), Text(families.get(r.family, r.family)), Text(r.title), Text(r.words))
    return t
