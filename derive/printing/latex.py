"""A derivation as a LaTeX ``align*`` block: one line per step, the rule at the right."""
from __future__ import annotations

from sympy import AccumBounds

from ..step import Step
from .abbrev import abbreviated
from .fold import Shown, folded_rules, shown
from .joints import (family_value_words, family_words, letters_words, named_for, one_sided, place, point_words,
                     slope_words)
from ..order import in_writing
from ..stated import failed_words
from .prose import prose_latex
from .texfit import ARTICLE_TEXT_WIDTH, TexFitter, room_in_columns
from .typed import as_typed
from .written import has_own_symbol, lhs_order, notation, own_names, to_latex


def _shown(d) -> str:
    return "\\" + d.display if d.display else str(d.symbol)


def latex_names(d) -> dict:
    """The function's own symbol as LaTeX shows it (S(x), \\tanh(x); y and S_i as they are), and d
    or ∂."""
    own = {d.symbol: f"{_shown(d)}({to_latex(d.variable)})"} if has_own_symbol(d) else {}
    return {**notation(d), **own}


def lhs_latex(d, order: int | None = None) -> str:
    """The derivative's left side, with d or \\partial as every line of ``d`` writes it; of the
    ``order`` given (the first line of a higher order's derivation is the first derivative's)."""
    x = to_latex(d.variable.base) if d.indices else to_latex(d.variable)
    if d.indices:
        return r"\frac{\partial %s}{\partial %s_{%s}}" % (to_latex(d.symbol), x, d.indices[-1])
    order = d.order if order is None else order
    n = "" if order == 1 else "^{%d}" % order
    sign = r"\partial " if d.partial else "d"
    if has_own_symbol(d):
        return r"\frac{%s%s}{%s%s%s} %s(%s)" % (sign.strip(), n, sign, x, n, _shown(d), x)
    return r"\frac{%s%s%s}{%s%s%s}" % (sign, n, to_latex(d.symbol), sign, x, n)


TEXT_MATH = {"≠": r"$\neq$", "≤": r"$\le$", "≥": r"$\ge$", "α": r"$\alpha$", "ᵀ": r"$^{\top}$",
             "−": "-", "<": r"$<$", ">": r"$>$", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "^": r"\^{}",
             "·": r"$\cdot$", "×": r"$\times$", "²": r"$^{2}$", "³": r"$^{3}$", "∂": r"$\partial$",
             "Σ": r"$\Sigma$", "∑": r"$\sum$", "∞": r"$\infty$", "→": r"$\to$", "±": r"$\pm$",
             "√": r"$\surd$", "∈": r"$\in$", "′": "'", "…": r"\ldots{}", "–": "--", "—": "---",
             "‘": "`", "’": "'", "“": "``", "”": "''"}


_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}


def step_lhs_latex(d, step: Step, names: dict) -> str:
    """A step's new left-hand side (none: the line goes on from the last), the derivation's own
    derivative written as its first line writes it (:func:`lhs_order`)."""
    if step.lhs is None:
        return ""
    order = lhs_order(d, step.lhs)
    return to_latex(step.lhs, names) if order is None else lhs_latex(d, order)


def _sign(c: str) -> str:
    """A character pdflatex may not know: a Greek letter as its command, an accented Latin letter as
    it is (LaTeX reads UTF-8), anything else as its code point."""
    import unicodedata

    words = unicodedata.name(c, "").split()
    if words[:2] == ["GREEK", "SMALL"] and len(words) == 4 and words[3] != "OMICRON":
        return "$\\%s$" % words[3].lower().replace("lamda", "lambda")
    if words[:2] == ["GREEK", "CAPITAL"] and len(words) == 4:
        name = words[3].capitalize().replace("Lamda", "Lambda")
        if name in _GREEK_CAPITALS:
            return "$\\%s$" % name
    if words[:1] == ["LATIN"] and "\xc0" <= c <= "\u017f":
        return c
    return "[U+%04X]" % ord(c)


def text(words: str) -> str:
    """Words for \\text{...}: the few Unicode signs in titles as math."""
    return "".join(TEXT_MATH.get(c) or (c if c < "\x80" else _sign(c)) for c in words)


def _rule(line: Shown) -> str:
    """A line's rule as text (for a tag, or inside \\text{}): its title, id, the rules folded into it."""
    mark = "" if line.verified else r", \textbf{unverified}"
    return r"%s (\texttt{%s})%s" % (text(line.step.title), line.step.rule, mark) + folded_note(line)


def folded_note(line: Shown) -> str:
    """The rules folded into a line, as text after its rule's name ("" when none)."""
    words = folded_rules(line)
    return "; " + text(words) if words else ""


def equation(s: Step, names: dict) -> str:
    """A sub-step as one equation: d/dx u = written = tidied, with its u = … and 'for x < 0'."""
    left = "" if s.before is None else to_latex(s.before, names) + " "
    eq = left + "= " + to_latex(s.expression, names)
    if s.value is not None and to_latex(s.value, names) != to_latex(s.expression, names):
        eq += " = " + to_latex(s.value, names)
    return eq + annotations(s, names)


def annotations(s: Step, names: dict) -> str:
    out = ""
    if s.let:
        out += r",\quad %s = %s" % (to_latex(s.let[0], names), to_latex(s.let[1], names))
    if s.where is not None:
        out += r"\quad \text{for } %s" % to_latex(s.where, names)
    return out


@in_writing
def render(d, depth: int | None = None, width: float = ARTICLE_TEXT_WIDTH) -> str:
    """The fragment: the align* block (within ``width`` pt, breakable across pages), then the
    alternatives, the kinks and the note."""
    d, named = abbreviated(d)
    return (letters_latex(d) + align_block(d, depth=depth, width=width, named=named) + alternatives_latex(d)
            + "".join(kink_latex(k, d) + "\n" for k in d.kinks) + note_latex(d, where=True) + stated_latex(d))


def stated_latex(d) -> str:
    """What the fragment's lines do not show of a statement that failed its check (the form in y
    is the last line; the Result, the cached form and the witness are the summary's): said so, or
    "" where every one passed."""
    if all(d.stated.values()):
        return ""
    return "\\noindent \\textbf{unverified}: %s failed the numeric check.\n" % text(failed_words(d))


def letters_latex(d, lead: str = "\\noindent ") -> str:
    """What a joint's letter stands for, before the lines that use it, or ""."""
    words = letters_words(d, to_latex, _math, r"\approx")
    return f"{lead}{words}\n" if words else ""


def let_latex(d, named, lead: str = "\\noindent Let ") -> str:
    """The abbreviation the lines are written in ("Let v = …."), or ""."""
    if named is None:
        return ""
    rows = TexFitter(latex_names(d), {}).rows(named[1], room_in_columns(ARTICLE_TEXT_WIDTH) - 8)
    body = rows[0] if len(rows) == 1 else r"\begin{aligned}[t]&%s\end{aligned}" % r" \\ &\quad ".join(rows)
    return "%s$%s = %s$.\n" % (lead, to_latex(named[0]), body) if len(rows) == 1 else (
        "%s\n\\[\n%s = %s\n\\]\n" % (lead.rstrip(), to_latex(named[0]), body))


def _segments(line: Shown, names: dict, level: int) -> tuple[object, list]:
    """A line's left side (a sub-step's d/dx u, or None) and the pieces to its right: (joiner,
    expression or LaTeX) — the expression, "= value", then its annotations."""
    s = line.step
    notes = [("", annotations(s, names))] if annotations(s, names) else []
    if level == 0:
        return None, [("", case_split(s, names) or s.expression)] + notes
    pieces = [("", s.expression)]
    if s.value is not None and to_latex(s.value, names) != to_latex(s.expression, names):
        pieces.append(("=", s.value))
    return s.before, pieces + notes


def _rows(fit, pieces: list, room: float, used: float = 0.0) -> list[str]:
    """The pieces of an equation's right side in rows within ``room`` columns (the first row has
    ``used`` that many already)."""
    rows: list[str] = []
    for joiner, item in pieces:
        tex = item if isinstance(item, str) else fit.tex._print(item)
        size = (len(item) / 3 if isinstance(item, str) else fit.columns(item)) + len(joiner)
        lead = "%s " % joiner if joiner else ""
        if used + size <= room or not rows and isinstance(item, str):
            rows[-1:] = [(rows[-1] + " " if rows else "") + lead + tex]
            used += size
        elif isinstance(item, str) or size <= room:
            rows.append(lead + tex)
            used = size
        else:
            broken = fit.rows(item, room - len(joiner) - (used if not rows else 0))
            if rows:
                rows += [lead + broken[0]] + broken[1:]
            else:
                rows = [lead + broken[0]] + broken[1:]
            used = room
    return rows


def _equation_rows(fit, line: Shown, names: dict, level: int, room: float) -> tuple[str, list[str], bool]:
    """(the left side of a line, the rows after its '=', whether the left side stands alone)."""
    before, pieces = _segments(line, names, level)
    if before is None:
        return "", _rows(fit, pieces, room), False
    left = fit.columns(before)
    first = pieces[0][1]
    if left + 2 + (len(first) / 3 if isinstance(first, str) else fit.columns(first)) <= room:
        return to_latex(before, names) + " ", _rows(fit, pieces, room, left + 2), False
    return to_latex(before, names), _rows(fit, pieces, room - 2), True


def align_lines(d, indent: str = r"\quad", rule=_rule, depth: int | None = None,
                width: float | None = None) -> list[str]:
    """One line per step shown (``lhs &= … ``), each followed by its sub-steps, ``indent`` deeper per
    level; ``rule(line)`` writes the rule's name.  With ``width`` (pt) an equation too wide is broken
    into rows and the rule is a tag (amsmath puts it under a line it does not fit beside); without,
    the rule stands in a column of its own (``&& rule``)."""
    names, lines = latex_names(d), []
    fit = TexFitter(names, own_names(d))
    for top in shown(d.steps, depth):
        for line in top.walk():
            level = line.number.count(".")
            if level == 0:
                left = lhs_latex(d, 1) if line.number == "1" else step_lhs_latex(d, line.step, names)
                start = "%s &= " % left
            else:
                start = "&%s " % (indent * level)
            if width is None:
                lines.append(_one_row(start, line, names, level) + r" && \text{%s}" % rule(line))
                continue
            room = room_in_columns(width) - LEFT_COLUMNS - 1.6 * level
            before, rows, alone = _equation_rows(fit, line, names, level, room)
            cont = " \\\\\n&%s\\qquad " % (indent * level)
            tag = r" \tag*{%s}" % rule_box(rule(line), _label_points(line) > 0.6 * width)
            if alone:  # the left side on a row of its own, the rest under it
                lines.append(start + before + tag + cont + "= " + cont.join(rows))
            else:
                lines.append(start + before + ("= " if level else "") + rows[0] + tag
                             + "".join(cont + r for r in rows[1:]))
    return lines


def _one_row(start: str, line: Shown, names: dict, level: int) -> str:
    if level == 0:
        s = line.step
        return start + (case_split(s, names) or to_latex(s.expression, names)) + annotations(s, names)
    return start + equation(line.step, names)


LEFT_COLUMNS = 9  # the widest left-hand side, d/dx S(x), in picture columns


def rule_box(label: str, long: bool = True) -> str:
    """A rule's name for a tag, in small type; a long one in a ragged box no wider than most of the
    line, so that it wraps (a short one keeps its natural width: amsmath sets it beside the line
    where it fits)."""
    return r"\parbox[t]{0.75\linewidth}{\raggedleft\small %s}" % label if long else r"{\small %s}" % label


POINTS_PER_LABEL_CHARACTER = 5.0  # \small text with a \texttt id, a generous average


def _label_points(line: Shown) -> float:
    words = line.step.title + line.step.rule + folded_rules(line) + "    "
    return len(words) * POINTS_PER_LABEL_CHARACTER


def align_block(d, indent: str = r"\quad", rule=_rule, depth: int | None = None, width: float | None = None,
                named=None) -> str:
    """The align* block; a page may break after any of its lines (a long derivation runs on).  An
    abbreviation the lines are written in is its first line: "let v = …"."""
    lines = align_lines(d, indent, rule, depth, width)
    if named is not None:
        lines.insert(0, let_row(d, named, width or ARTICLE_TEXT_WIDTH))
    return "\\begin{align*}\n" + " \\displaybreak[0] \\\\\n".join(lines) + "\n\\end{align*}\n"


def let_row(d, named, width: float) -> str:
    """The abbreviation as the block's first line, aligned on its "=": let v &= …."""
    rows = TexFitter(latex_names(d), {}).rows(named[1], room_in_columns(width) - LEFT_COLUMNS)
    return r"\text{let } %s &= " % to_latex(named[0]) + " \\\\\n&\\qquad ".join(rows)


@in_writing
def notebook(d) -> str:
    """For a notebook's ``_repr_latex_``: the steps as one ``aligned`` display in ``$$``, which
    MathJax and KaTeX render (text outside maths, as in the fragment, they would show raw)."""
    return "$$\\begin{aligned}\n" + " \\\\\n".join(align_lines(d)) + "\n\\end{aligned}$$"


def alternatives_latex(d) -> str:
    names, out = latex_names(d), ""
    for alt in d.alternatives:
        forms = [to_latex(alt.expression, names)] + ([to_latex(alt.value, names)] if alt.value is not None else [])
        mark = "" if alt.verified else r", \textbf{unverified}"
        out += "\\noindent Alternatively, by the %s (\\texttt{%s})%s:\n\\[\n%s = %s\n\\]\n" % (
            text(alt.title), alt.rule, mark, lhs_latex(d), " = ".join(forms))  # (displayed: inline, beside
        # the rule id, it overran the line)
    return out


# Characters that mean something to TeX in running text (inputs, notes), beyond text()'s.
_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "~": r"\textasciitilde{}"}


def escape(words: str) -> str:
    """Any text as TeX running text: specials escaped, the few Unicode signs as math."""
    return text("".join(_SPECIAL.get(c, c) for c in words))


def prose(words: str) -> str:
    """A sentence with maths in it: the maths in math mode (see :mod:`.prose`), the rest escaped."""
    return prose_latex(words, escape)


def note_latex(d, where: bool = False) -> str:
    """The note; with ``where`` (the fragment, which has no Result of its own) after where the
    result holds (ln x: for $x > 0$), where that is less than the line."""
    where = "" if d.domain is None or not where else "\\noindent The result holds for $%s$.\n" % to_latex(d.domain, latex_names(d))
    return where + ("\\noindent " + prose(d.note) + "\n" if d.note else "")


CASE_PREFIX = "case "
CASE_MATH = {"≠": r"\neq", "=": "="}


def case_split(step: Step, names: dict, last: bool = False) -> str | None:
    """A step that follows cases (softmax: i = j and i ≠ j) as a ``cases`` block: each case's
    first line, or with ``last`` each case's final form; None for any other step."""
    cases = [s for s in step.substeps if s.title.startswith(CASE_PREFIX)]
    if step.rule != "alg-cases" or not cases or len(cases) != len(step.substeps):
        return None
    rows = []
    for s in cases:
        shown = s.substeps[-1].expression if last and s.substeps else s.expression
        where = "".join(CASE_MATH.get(c, c) for c in s.title[len(CASE_PREFIX):])
        rows.append(r"%s & \text{if } %s" % (to_latex(shown, names), where))
    return r"\begin{cases} %s \end{cases}" % r" \\ ".join(rows)


def defined_latex(d) -> str:
    """The left-hand side of the definition: S(x), \\tanh(x), y, S_i."""
    names = latex_names(d)
    if d.indices:
        return to_latex(d.symbol, names)
    return names.get(d.symbol, str(d.symbol))


def definition_latex(d) -> str:
    return "%s = %s" % (defined_latex(d), to_latex(as_typed(d), latex_names(d)))


def _math(text: str) -> str:
    return f"${text}$"


def kink_latex(k, d) -> str:
    named = named_for(k, d)  # (its letter said what it stands for before the lines: letters_latex)

    def tex(e) -> str:  # a joint too long to write in a sentence by its letter, with its value
        return to_latex(e) if named is None else to_latex(named.written(e)) + named.approximately(e, r"\approx")

    x = tex(d.variable)
    if named is None:
        at = tex(place(k))
        words = r"\noindent At $%s = %s$%s: " % (x, at, family_words(k, tex, _math))
    else:  # a ≈ 0.4534, a root of x³ + 2x − 1 = 0
        at = tex(named.letter)
        words = r"\noindent At $%s = %s$: " % (x, at)
    if k.point:  # f's value there is a branch's own (sinc: 1 at 0)
        words += point_words(k, tex, _math)
    else:  # a periodic family's values where they alternate: (−1)ᵏ·√2/2
        words += family_value_words(k, tex, _math)
    if k.left.has(AccumBounds) or k.right.has(AccumBounds):  # a side without a derivative (x sin(1/x) at 0)
        words += one_sided(k, lambda e: _math(tex(e))) + ", so $f$ is not differentiable there"
    else:
        words += r"$f'_{-}(%s) = %s$, $f'_{+}(%s) = %s$, so $f$ is %s there" % (
            at, tex(k.left), at, tex(k.right), "differentiable" if k.differentiable else "not differentiable")
    if k.differentiable:
        words += r", with $f'(%s) = %s$" % (at, tex(k.left)) + slope_words(k, _math, "f'") + "."
    else:
        words += "." if k.point else " (it is continuous)." if k.continuous else " (it jumps)."
    if k.pytorch is not None:
        words += r" PyTorch's autograd uses $%s$ there." % tex(k.pytorch)
    sub = k.subgradient(d.parameter_values)
    if sub is not None:
        words += r" Subgradients: $[%s, %s]$." % (tex(sub[0]), tex(sub[1]))
    return words + ("" if k.verified else r" \textbf{unverified}") + "\n"