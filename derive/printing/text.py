"""A derivation for the terminal: numbered steps, the expression in Unicode 2-D,
the rule's title beside each line (colours only when stdout is a terminal).

The derivation is laid out by :mod:`.blocks` around SymPy's 2-D pictures; rich is imported
only for colours at a terminal and for the wrapping tables of ``--list`` and ``--rules``."""
from __future__ import annotations

from sympy.printing.pretty.stringpict import prettyForm, stringPict

import re

from sympy.printing.pretty.pretty_symbology import line_width

from .. import stated
from ..cost import in_words
from ..step import Step
from .abbrev import abbreviated
from .blocks import Line, ansi, block, plain, stripped
from .blocks import width as block_width
from .fit import fitted, fitted_form
from .fold import Shown, folded_rules, shown
from .joints import (family_value_words, family_words, letters_words, named_for, one_sided, place, point_words,
                     slope_words)
from ..order import in_writing
from .escape import terminal as terminal_escape
from .page import DEFAULT_WIDTH
from .prose import prose_text
from .typed import as_typed
from .written import WrittenPretty, notation, has_own_symbol, lhs_order, own_names, to_inline

OK, FAIL = "✓", "✗"


def _picture(parts: list, names: dict) -> str:
    """Expressions and strings side by side, as one 2-D picture."""
    p = WrittenPretty(names)
    pics = [prettyForm(x) if isinstance(x, str) else p._print(x) for x in parts]
    return prettyForm(*stringPict.next(*pics)).render(wrap_line=False)


def _names(d) -> dict:
    """How the function's own symbol is shown (S(x), tanh(x); S_i as it is), and d or ∂."""
    return {**notation(d), **own_names(d)}


def lhs_text(d, order: int | None = None) -> str:
    """The derivative's left side: dy/dx, d/dx S(x), d²y/dx²; ∂ for ∂, as every line of ``d`` writes
    it; of the ``order`` given (the first line of a higher order's derivation is the first
    derivative's)."""
    sign = "∂" if d.partial else "d"
    if d.indices:
        return f"∂{d.symbol}/∂{d.variable.base}_{d.indices[-1]}"
    order = d.order if order is None else order
    n = "" if order == 1 else SUPERSCRIPTS.get(order, f"^{order}")
    if has_own_symbol(d):
        return f"{sign}{n}/{sign}{d.variable}{n} {d.display or d.symbol}({d.variable})"
    return f"{sign}{n}{d.symbol}/{sign}{d.variable}{n}"


SUPERSCRIPTS = dict(zip(range(2, 10), "²³⁴⁵⁶⁷⁸⁹"))


def _mark(line: Shown) -> Line:
    return [(OK, "green")] if line.verified else [(f"{FAIL} unverified", "bold red")]


def _label(line: Shown, room: int) -> list[Line]:
    """The rule beside a line: its title and id, the check; then the rules folded into it.  The id
    and the check stay together: where they do not fit after the title they start the next line
    (never a ✓ alone under "… multiply by its reciprocal  alg-divide-by-fraction")."""
    out = wrap([(line.step.title, None)], room)
    tail = [(line.step.rule, "dim"), ("  ", None)] + _mark(line)
    if block_width(out[-1]) + 2 + block_width(tail) <= room:
        out[-1] += [("  ", None)] + tail
    else:
        out += wrap(tail, room)
    folded = folded_rules(line)
    narrow = min(room, max(FOLDED_WIDTH, max(map(block_width, out))))  # a narrow label can stand beside
    return out + (wrap([(folded, "dim")], narrow) if folded else [])


FOLDED_WIDTH = 28


def _equation(step: Step, level: int, lhs: str | None, names: dict, room: int, d=None) -> str:
    """The step's equation as text within ``room``: d/dx u = written = tidied,  u = …  for x < 0."""
    indent = "  " * min(level, 4)
    if level == 0 and step.lhs is not None:  # a new equation: the next order, or from a line further up
        head = [step.lhs if d is None or lhs_order(d, step.lhs) is None else lhs_text(d, lhs_order(d, step.lhs)), " = "]
    elif level == 0:
        head = [lhs + " = " if lhs else "= "]
    elif step.before is None:
        head = [indent, "= "]
    else:
        head = [indent, step.before, " = "]
    segments = [("", [step.expression])]
    if level and step.before is not None and step.value is not None and (
            _picture([step.value], names) != _picture([step.expression], names)):
        segments.append((" = ", [step.value]))
    if step.let:
        segments.append((",  ", [step.let[0], " = ", step.let[1]]))
    if step.where is not None:
        segments.append(("  for ", [step.where]))
    return fitted_form(head, segments, names, max(room, 1))


def table(d, width: int = DEFAULT_WIDTH, depth: int | None = None) -> list[Line]:
    """The steps as the width allows: number, equation, rule and check side by side; the rule on
    a line of its own under an equation too wide to share its line."""
    names, shown_lines = _names(d), [w for top in shown(d.steps, depth) for w in top.walk()]
    numbers = max(len(w.number) for w in shown_lines)
    room = max(width - numbers - 2, 8)
    rows = []
    for w in shown_lines:
        level = w.number.count(".")
        picture = _equation(w.step, level, lhs_text(d, 1) if w.number == "1" else None, names, room, d)
        rows.append((w.number, picture.render(wrap_line=False).split("\n"), _label(w, room), picture.baseline))
    return _laid_out(rows, numbers, width)


def _label_column(rows, numbers: int, width: int) -> int:
    """The width of the equations' column: the one that lets most rules stand beside their equation."""
    widths = sorted({max(map(line_width, pic)) for _, pic, _, _ in rows})
    best, most = widths[0], -1
    for column in widths:
        fits = sum(1 for _, pic, label, _ in rows if max(map(line_width, pic)) <= column
                   and numbers + 2 + column + 2 + max(map(block_width, label)) <= width)
        if fits > most:
            best, most = column, fits
    return best


def _laid_out(rows, numbers: int, width: int) -> list[Line]:
    """The rows (number, picture lines, label lines, the picture's baseline): the number and the
    rule on the equation's baseline, the rules in one column where they fit, else under it."""
    column = _label_column(rows, numbers, width)
    out: list[Line] = []
    for number, pic, label, base in rows:
        wide, label_width = max(map(line_width, pic)), max(map(block_width, label))
        at = numbers + 2 + max(column, wide) + 2
        at = at if at + label_width <= width else width - label_width
        beside_it = at >= numbers + 2 + wide + 2
        pic = pic + [""] * max(base + len(label) - len(pic), 0) if beside_it else pic
        for n, text in enumerate(pic):
            line: Line = [(number.rjust(numbers) if n == base else " " * numbers, "cyan"), ("  ", None), (text, None)]
            if beside_it and 0 <= n - base < len(label):
                line += [(" " * (at - numbers - 2 - line_width(text)), None)] + label[n - base]
            out.append(line)
        if not beside_it:  # under the equation, where the column would put it, or flush right
            at = max(min(numbers + 2 + column + 2, width - label_width), numbers + 2)
            out += [[(" " * at, None)] + ln for ln in label]
    return out


def _words(text: str) -> list[str]:
    """The words of a text, each with its trailing blank; a sign (=, +, −, <, >) stays with the word
    before it, so that a line breaks after "f'(1) =", never before "= 2"; "✗ unverified" is one
    word (never a ✗ at the end of a line and its word on the next)."""
    out: list[str] = []
    for w in re.split(r"(?<= )", text):
        if out and (w.strip() in ("=", "+", "-", "−", "<", ">", "≤", "≥", "≠") or out[-1].strip().endswith(FAIL)):
            out[-1] += w
        elif w:
            out.append(w)
    return out


def wrap(line: Line, width: int, indent: int = 0) -> list[Line]:
    """A line of styled segments wrapped at spaces to ``width`` (later lines ``indent`` in); a word
    longer than the width is cut into pieces."""
    words = [(w, style) for text, style in line for w in _words(text)]
    out: list[Line] = [[]]
    used = 0
    for w, style in words:
        size = line_width(w.rstrip())
        if used and used + size > width:
            out.append([(" " * indent, None)] if indent else [])
            used = indent
            w = w.lstrip()
        while line_width(w.rstrip()) > width - used and width - used > 0:
            cut = width - used
            out[-1].append((w[:cut], style))
            out.append([(" " * indent, None)] if indent else [])
            used, w = indent, w[cut:]
        out[-1].append((w, style))
        used += line_width(w)
    return out


def _labelled(label: str, head: list, segments: list, names: dict, width: int, style: str = "bold") -> list[Line]:
    """A bold label beside an equation's baseline (its other lines indented under it); the label
    on a line of its own when the equation would have to be broken to stand beside it."""
    form = fitted_form(head, segments, names, 10 ** 6)
    lines, size = form.render(wrap_line=False).split("\n"), line_width(label)
    if max(map(line_width, lines)) + size <= width:
        return [[(label, style), (ln, None)] if k == form.baseline else [(" " * size + ln, None)]
                for k, ln in enumerate(lines)]
    lines = fitted(head, segments, names, max(width - 2, 1)).split("\n")
    return wrap([(label.rstrip(), style)], width) + [[("  " + ln, None)] for ln in lines]


def _prose(text: str, width: int, style: str | None = None) -> list[Line]:
    return [ln for part in text.split("\n") for ln in wrap([(part, style)], width)]


def summary(d, width: int = DEFAULT_WIDTH) -> list[Line]:
    names, lhs = _names(d), lhs_text(d) + " = "
    out: list[Line] = []
    if d.plain:  # the derivative first; a form only where it costs less (Derivation.shown)
        where = [(",  for ", [d.domain])] if d.domain is not None else []  # x > 0 for ln x
        out += _labelled(_flagged(d, stated.RESULT, "Result"), [lhs], [("", [d.written_derivative])] + where,
                         names, width, _style(d, stated.RESULT))
    if d.shown(d.output_form):
        out += _labelled(_flagged(d, stated.FORM, "In terms of the function itself"), [lhs],
                         [("", [d.as_written(d.output_form)])], names, width, _style(d, stated.FORM))
    if d.note and (d.output_form is None or d.shown(d.output_form)):
        out += _prose(prose_text(d.note) + _unverified(d, stated.WITNESS), width)
    if d.shown(d.cached_form):
        values = [(",  ", [s, " = ", c]) for s, c in d.cached_values]
        out += _labelled(_flagged(d, stated.CACHED, "With the values the forward pass computed"), [lhs],
                         [("", [d.as_written(d.cached_form)])] + values, names, width, _style(d, stated.CACHED))
    out += _prose(in_words(d), width)
    out += [ln for k in d.kinks for ln in wrap(kink_text(k, d), width)]
    for alt in d.alternatives:
        shown_as = [("", [alt.expression])] + ([(" = ", [alt.value])] if alt.value is not None else [])
        label = f"Alternatively ({alt.title}, {alt.rule} {OK if alt.verified else FAIL + ' unverified'}): "
        out += _labelled(label, [lhs], shown_as, names, width, "bold" if alt.verified else "bold red")
    if d.constants:
        out += _prose("Treated as constants: " + ", ".join(to_inline(c) for c in d.constants), width)
    return out + wrap(_verdict(d), width)


def _flagged(d, name: str, label: str) -> str:
    """A statement's label ("Result: "), with "✗ unverified" where it failed its check."""
    return f"{label}{_unverified(d, name)}: "


def _unverified(d, name: str) -> str:
    return "" if d.stated_verified(name) else f" ({FAIL} unverified)"


def _style(d, name: str) -> str:
    return "bold" if d.stated_verified(name) else "bold red"


def _verdict(d) -> Line:
    """The closing line: how many steps (the other forms shown as steps among them), forms stated
    beside them, witnesses and joints were checked, and how many failed."""
    steps = [s.verified for top in list(d.steps) + list(d.alternatives) for s in top.walk()]
    forms = [v for k, v in d.stated.items() if k != stated.WITNESS]
    witness = [v for k, v in d.stated.items() if k == stated.WITNESS]
    kinds = [(steps, "step"), (forms, "form"), (witness, "witness"), ([k.verified for k in d.kinks], "joint")]
    checks = [v for vs, _ in kinds for v in vs]
    bad = checks.count(False)
    if bad:
        what = _listed([noun + ("es" if noun.endswith("s") else "s") for vs, noun in kinds if vs])
        return [(f"{FAIL} NOT VERIFIED: {bad} of {len(checks)} {what} failed the numeric check", "bold red")]
    counted = _listed([_counted(len(vs), noun) for vs, noun in kinds if vs])
    return [(f"{OK} all {counted} verified numerically", "green")]


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}{'es' if noun.endswith('s') else 's'}"


def _listed(words: list) -> str:
    """a, b and c."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def kink_text(k, d) -> Line:
    """One joint in words: f's value there where a branch holds there alone, one-sided
    derivatives (and whether f′ tends to them), what PyTorch uses, subgradients; the maths as the
    formulas write it (λ⋅α, 0.6), never in SymPy's syntax."""
    names = _names(d)
    named = named_for(k, d)  # (its letter said what it stands for before the lines)

    def maths(e) -> str:
        if named is None:
            return to_inline(e, names)
        return to_inline(named.written(e), names) + named.approximately(e)

    words = point_words(k, maths, str) if k.point else family_value_words(k, maths, str)
    if k.differentiable:  # a smooth joint: the pieces meet with one slope
        words += f"left and right derivatives agree, so differentiable there, with derivative {maths(k.left)}"
        words += slope_words(k, str) + "."
    elif k.point and not k.continuous:
        words += (f"not differentiable there; f′ tends to {maths(k.left)} from the left and {maths(k.right)} "
                  "from the right.")
    else:
        words += f"{one_sided(k, maths)}, so not differentiable there"
        words += "." if k.point else " (f is continuous)." if k.continuous else " (f jumps there)."
    if k.pytorch is not None:
        words += f" PyTorch's autograd uses {maths(k.pytorch)} there."
    sub = k.subgradient(d.parameter_values)
    if sub is not None:
        words += f" Subgradients: [{maths(sub[0])}, {maths(sub[1])}]."
    mark = (f" {OK}", "green") if k.verified else (f" {FAIL} unverified", "bold red")
    if named is not None:  # the joint by its letter, a ≈ 0.4534: said before the lines
        return [(f"At {d.variable} = {to_inline(named.letter, names)}: ", "bold"), (words, None), mark]
    return [(f"At {d.variable} = {maths(place(k))}{family_words(k, maths, str)}: ", "bold"), (words, None), mark]


def _given(lhs: str, rhs: str, names: dict, room: int) -> list[str]:
    """A condition an entry gives, as the formulas write it (Σ_k t_k = 1, never SymPy's Sum(…))."""
    from ..parse import parse

    return fitted(["given "], [("", [parse(lhs)]), (" = ", [parse(rhs)])], names, room).split("\n")


def _joint_cell(d, k) -> str:
    """A joint in the catalog's table: where it is, and PyTorch's value there where it has one."""
    at = f"{d.variable} = {to_inline(k.at)}"
    return at if k.pytorch is None else f"{at}: {to_inline(k.pytorch)}"


def heading(d, width: int = DEFAULT_WIDTH) -> list[Line]:
    names = _names(d)
    left = f"{d.display or d.symbol}({d.variable}) = " if has_own_symbol(d) else f"{d.symbol} = "
    title = _prose(d.title, width, "bold") if d.title else []
    return title + block(fitted([left], [("", [as_typed(d)])], names, width))


def lines(derivations: list, width: int = DEFAULT_WIDTH, depth: int | None = None) -> list[Line]:
    """Each derivation: its heading, the table of steps, a blank line, the summary."""
    out: list[Line] = []
    for i, d in enumerate(derivations):
        out += ([[]] if i else []) + _one(d, width, depth)
    return out


@in_writing
def _one(d, width: int, depth: int | None) -> list[Line]:
    """One derivation: its heading, the table of steps, a blank line, the summary."""
    d, named = abbreviated(d)
    let = _labelled("Let ", [named[0], " = "], [("", [named[1]])], _names(d), width, None) if named else []
    letters = letters_words(d, lambda e: to_inline(e, _names(d)), str)  # a joint's letter: Let a ≈ 0.4534 be …
    let += _prose(letters, width) if letters else []
    return heading(d, width) + let + [[]] + table(d, width, depth) + [[]] + summary(d, width)


def render(derivations: list, terminal: bool = False, width: int = DEFAULT_WIDTH, depth: int | None = None) -> str:
    """The derivations as text, no line wider than ``width``; with colours for a terminal."""
    shown_lines = lines(derivations, width, depth)
    return ansi(shown_lines) if terminal else plain(shown_lines)


@in_writing
def _catalog_cells(d, e, room: int) -> list[list[str]]:
    """One catalog entry's cells (name, definition, derivative, kinks), each a list of lines, the
    pictures within ``room`` columns."""
    names = _names(d)
    form = d.output_form if d.output_form is not None else d.cached_form
    form = form if form is None else d.as_written(form)
    shown_form = _Cell(fitted_form([], [("", [form if form is not None else d.derivative])], names, room))
    if form is None:
        shown_form.append(f"(in {d.variable})")
    elif d.output_form is None and d.cached_values:  # the values the cached form shown uses
        shown_form += [ln for s, c in d.cached_values for ln in fitted([s, " = "], [("", [c])], names, room).split("\n")]
    shown_form += [ln for s, v in e.given for ln in _given(s, v, names, room)]
    kinks = [ln for k in d.kinks for ln in _prose(_joint_cell(d, k), room)] or [[("-", None)]]
    kinks = ["".join(seg for seg, _ in ln) for ln in kinks]
    title = [e.name] + ([", ".join(e.aliases)] if e.aliases else [])
    definition = _Cell(fitted_form([], [("", [d.definition])], names, room))
    return [[terminal_escape(t) for t in title], definition, shown_form, kinks]


class _Cell(list):
    """A cell's lines, and the row its label stands on (a picture's baseline)."""

    def __init__(self, form):
        super().__init__(form.render(wrap_line=False).split("\n"))
        self.baseline = form.baseline


CATALOG_HEADINGS = ("name", "definition", "derivative", "joints (PyTorch's value)")
RECORD_HEADINGS = ("definition", "derivative", "joints")


def catalog_lines(derivations: list, entries, width: int = DEFAULT_WIDTH) -> list[Line]:
    """derive --list laid out to the width: a table when its columns fit, else one record per entry
    (its fields under its name); a picture is broken to fit, never cut."""
    cells = [_catalog_cells(d, e, 10 ** 6) for d, e in zip(derivations, entries)]
    widths = [max(line_width(ln) for row in cells + [[[h] for h in CATALOG_HEADINGS]] for ln in row[k])
              for k in range(4)]
    out: list[Line] = [[("The catalog", "bold")], []]
    if sum(widths) + 3 * 3 <= width:
        rows = [[block(h, "bold") for h in CATALOG_HEADINGS]] + [[block("\n".join(c)) for c in row] for row in cells]
        rule = [("─" * (sum(widths) + 9), "dim")]
        for k, row in enumerate(rows):
            out += columns_of(row, widths) + [rule]
        return out
    label = max(map(len, RECORD_HEADINGS)) + 2
    room = max(width - label, 10)
    for d, e in zip(derivations, entries):
        name, *fields = _catalog_cells(d, e, room)
        out += wrap([(name[0], "bold cyan")] + ([(f"  ({name[1]})", "dim")] if len(name) > 1 else []), width)
        for heading, cell in zip(RECORD_HEADINGS, fields):
            at = getattr(cell, "baseline", 0)
            out += [[((heading if n == at else "").ljust(label), "dim"), (ln, None)] for n, ln in enumerate(cell)]
        out.append([])
    return out


def columns_of(row: list, widths: list) -> list[Line]:
    """Cells side by side, each padded to its column's width, three spaces apart."""
    height = max(len(c) for c in row)
    out = []
    for n in range(height):
        line: Line = []
        for cell, size in zip(row, widths):
            part = cell[n] if n < len(cell) else []
            line += part + [(" " * (size - block_width(part) + 3), None)]
        out.append(line)
    return out


def catalog_table(derivations: list, entries, width: int = DEFAULT_WIDTH):
    """derive --list as a rich Text (its styles shown at a terminal), laid out by :func:`catalog_lines`."""
    from rich.text import Text

    t = Text(no_wrap=True, overflow="ignore", end="")
    for ln in catalog_lines(derivations, entries, width):
        for seg, style in stripped(ln):
            t.append(terminal_escape(seg), style=style)
        t.append("\n")
    return t


RULES_WIDTH = 80  # the --rules listing is no wider, whatever the terminal or pipe
INDENT = "     "  # an example's continuation lines, under its text after "e.g. "


def rules_table(rules, families: dict):
    """derive --rules: each rule's id, and its title, family, statement and worked examples
    ("e.g. input → result", "not for input"), as wide as the terminal but at most 80 columns
    (a rich renderable: the examples are wrapped to the width it is printed at)."""
    return _RulesTable(rules, families)


class _RulesTable:
    def __init__(self, rules, families: dict):
        self.rules, self.families = rules, families

    def __rich_console__(self, console, options):
        yield self.table(min(options.max_width, RULES_WIDTH))

    def table(self, width: int):
        from rich.table import Table
        from rich.text import Text

        t = Table(title="The rule set", show_lines=True, width=width)
        t.add_column("id", style="cyan", no_wrap=True)
        t.add_column("rule", overflow="fold")
        inside = max(width - 7 - max(len(r.id) for r in self.rules), 20)  # the borders and the ids
        for r in self.rules:
            about = Text(r.title, style="bold")
            about.append(f" ({self.families.get(r.family, r.family)})")
            about.append("\n" + r.words)
            for ex in r.examples:
                about.append("\n" + "\n".join(example_lines(ex, inside)), style="" if ex.applies else "dim")
            t.add_row(Text(r.id), about)
        return t


def example_lines(ex, width: int) -> list[str]:
    """A worked example in lines of at most ``width`` (where its parts allow): "e.g. with y = f:
    input → result", broken before the arrow and between the given equations first."""
    import textwrap

    if not ex.applies:
        parts = [f"not for {ex.input}"] + ([f"({ex.why})"] if ex.why else [])
    else:
        context = ([f"by {ex.wrt}"] if ex.wrt != "x" else []) + ([f"at order {ex.order}"] if ex.order != 1 else [])
        context += [("with " if i == 0 else "") + g for i, g in enumerate(ex.given)]
        where = [c + ("," if i < len(context) - 1 else ":") for i, c in enumerate(context)]
        parts = ["e.g."] + where + [ex.input, f"→ {ex.result}"]
    lines = [parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + 1 + len(part) <= width:
            lines[-1] += " " + part
            continue
        lines += textwrap.wrap(part, width, initial_indent=INDENT, subsequent_indent=INDENT + "  ",
                               break_long_words=False, break_on_hyphens=False)
    return lines
