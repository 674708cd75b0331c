"""Derivations as a complete LaTeX document (``--standalone``).

article class, amsmath and amssymb only (graphicx when a figure is included);
a section per derivation: the definition, the derivation (the fragment of
:mod:`derive.printing.latex`), the final form boxed, the kinks, the backprop cost
when the derivation carries one; and an appendix "Rules used" with the statement
of every rule the document uses.
"""
from __future__ import annotations

from sympy import Symbol

from ..cost import in_words

from .abbrev import abbreviated
from ..order import in_writing
from .latex import (
    LEFT_COLUMNS, alternatives_latex, align_block, case_split, defined_latex, definition_latex, escape, folded_note,
    kink_latex, latex_names, letters_latex, let_latex, lhs_latex, note_latex, prose, text,
)
from .texfit import TexFitter, room_in_columns
from .written import own_names, to_latex

def heading(d) -> str:
    """The title, or the expression itself as maths (the input as typed where it has no definition)."""
    if d.title:
        return escape(d.title)
    return "$%s$" % definition_latex(d) if d.definition is not None else r"\texttt{%s}" % escape(d.input)


def result_latex(d) -> str:
    """The final form, boxed: the output form where there is one, else the form with the
    forward pass's values (S − t for a loss; the values named after the box), else the
    derivative; a function of a vector shows its cases first.  A form too wide for the page is
    broken inside its box, and the values go on a line of their own."""
    names = latex_names(d)
    if d.plain:
        return plain_result_latex(d, names)
    cached = d.output_form is None and d.cached_form is not None
    form = d.output_form if d.output_form is not None else d.cached_form if cached else None
    form = d.derivative if form is None else d.as_written(form)  # (in the order its last line writes it)
    fit = TexFitter(names, own_names(d))
    room = room_in_columns(TEXT_WIDTH) - LEFT_COLUMNS - 2
    rows = fit.rows(form, room)
    shown = rows[0] if len(rows) == 1 else r"\begin{aligned}[t]&%s\end{aligned}" % r" \\ &\quad ".join(rows)
    split = next((case_split(s, names, last=True) for s in d.steps if case_split(s, names)), None)
    if split is not None:
        shown = split + " = " + shown
    values = [r"%s = %s" % (to_latex(s, names), to_latex(c, names)) for s, c in d.cached_values] if cached else []
    boxed = r"\boxed{%s = %s}" % (lhs_latex(d), shown)
    wide = len(rows) > 1 or fit.columns(form) + sum(fit.columns(c) + 4 for _, c in d.cached_values) > room
    if values and wide:
        return "\\begin{gather*}\n%s \\\\\n%s\n\\end{gather*}\n" % (boxed, r",\quad ".join(values))
    return "\\[\n%s%s\n\\]\n" % (boxed, "".join(r",\quad " + v for v in values))


def plain_result_latex(d, names: dict) -> str:
    """An expression's result: the derivative in x, boxed; then the form in y and the form with the
    forward pass's values, each only where it costs less."""
    where = "" if d.domain is None else r",\quad \text{for } " + to_latex(d.domain, names)
    out = "\\[\n\\boxed{%s = %s}%s\n\\]\n" % (lhs_latex(d), to_latex(d.written_derivative, names), where)
    if d.shown(d.output_form):
        out += "In terms of the function itself:\n\\[\n%s = %s\n\\]\n" % (lhs_latex(d), to_latex(d.as_written(d.output_form), names))
    if d.shown(d.cached_form):
        values = "".join(r",\quad %s = %s" % (to_latex(s, names), to_latex(c, names)) for s, c in d.cached_values)
        out += "With the values the forward pass computed:\n\\[\n%s = %s%s\n\\]\n" % (
            lhs_latex(d), to_latex(d.as_written(d.cached_form), names), values)
    return out


def figure_latex(path: str, d) -> str:
    """The figure of f and f' (drawn by derive.plot: f solid, f' dashed, kinks dotted)."""
    caption = r"$%s$ (solid) and its derivative (dashed)" % defined_latex(d)
    values = [r"$%s = %s$" % (to_latex(Symbol(n)), v) for n, v in d.parameters.items()]
    if values:
        caption += ", with " + ", ".join(values)
    return ("\\begin{inlinefigure}\n\\includegraphics[width=0.8\\linewidth]{%s}\n"
            "\\caption{%s}\n\\end{inlinefigure}\n" % (path, caption))


# A figure that stays where it is written, in its section (a float may drift past the next one):
# a centred block whose \caption numbers and names it as a figure.
INLINE_FIGURE = r"""\makeatletter
\newenvironment{inlinefigure}{\par\medskip\begin{center}\def\@captype{figure}}{\end{center}\medskip}
\makeatother
"""


@in_writing
def section(d, figure: str | None = None, depth: int | None = None) -> str:
    out = ["\\section{%s}\n" % heading(d)]
    d, named = abbreviated(d)
    out.append("\\paragraph{Definition.}\n\\[\n%s\n\\]\n" % definition_latex(d) + let_latex(d, named, "where ")
               + letters_latex(d, ""))
    derivation = align_block(d, SUB_STEP_INDENT, rule_macro, depth, TEXT_WIDTH)
    out.append("\\paragraph{Derivation.}\n" + derivation + alternatives_latex(d) + note_latex(d))
    out.append("\\paragraph{Result.}\n" + result_latex(d))
    if d.kinks:
        out.append("\\paragraph{Kinks.}\n" + "\n".join(kink_latex(k, d) for k in d.kinks))
    words = in_words(d).split(": ", 1)[1]
    out.append("\\paragraph{Backprop cost.}\n" + prose(words[0].upper() + words[1:]) + "\n")
    if figure is not None:
        out.append(figure_latex(figure, d))
    return "\n".join(out)


def rule_ids(derivations) -> list[str]:
    """Every rule a document uses, in the order it first appears (steps, sub-steps,
    alternatives, kinks): of the lines it shows (a form's lines the page leaves out, such as a
    cached form that only renames the Result, take their rules with them)."""
    from .fold import without_unshown_form

    seen: dict[str, None] = {}
    for d in derivations:
        for top in list(without_unshown_form(d)) + list(d.alternatives):
            for s in top.walk():
                seen.setdefault(s.rule)
        if d.kinks:
            seen.setdefault("d-joint")
    return list(seen)


def rules_appendix(derivations) -> str:
    from ..rules import by_id

    items = []
    for rule_id in rule_ids(derivations):
        try:
            rule = by_id(rule_id)
        except KeyError:  # a rule the rule set does not list: its id is all there is to say
            items.append("\\item[\\texttt{%s}]\n" % escape(rule_id))
            continue
        statement = "\n\\[\n%s\n\\]\n" % rule.latex if rule.latex else "\n"
        items.append("\\item[\\texttt{%s}] %s.%s%s\n" % (escape(rule.id), escape(rule.title), statement,
                                                        prose(rule.words)))
    return "\\section{Rules used}\n\\begin{description}\n" + "\n".join(items) + "\\end{description}\n"


# Sub-steps nest up to seven deep (tanh): one \quad per level keeps them on the page.
SUB_STEP_INDENT = r"\quad"

# The rule at the right of each line, through macros the preamble defines: one place to restyle them.
MACROS = r"""\newcommand{\rulename}[2]{{\small #1 (\texttt{#2})}}
\newcommand{\unverifiedrule}[2]{{\small #1 (\texttt{#2}), \textbf{unverified}}}
"""


def rule_macro(line) -> str:
    """A shown line's rule through the preamble's macros, then the rules folded into it."""
    step = line.step
    return r"\%s{%s}{%s}" % ("rulename" if line.verified else "unverifiedrule", text(step.title),
                             step.rule) + folded_note(line)

# Wider text than article's default (the rule names sit at the right of long lines), and long
# derivations may break across pages.
TEXT_WIDTH = 6.5 * 72.27  # pt: the text width LAYOUT sets
LAYOUT = r"""\setlength{\textwidth}{6.5in}
\setlength{\oddsidemargin}{0in}
\setlength{\evensidemargin}{0in}
\allowdisplaybreaks
"""


def render(derivations, figures: dict | None = None, depth: int | None = None) -> str:
    """The whole document; ``figures`` maps a derivation's position to the image file to include."""
    figures = figures or {}
    preamble = ["\\documentclass{article}", "\\usepackage{amsmath}", "\\usepackage{amssymb}"]
    if figures:
        preamble.append("\\usepackage{graphicx}")
    body = [section(d, figures.get(k), depth) for k, d in enumerate(derivations)]
    return ("% Written by derive: derive INPUT... --format latex --standalone\n"
            + "\n".join(preamble) + "\n" + LAYOUT + MACROS + (INLINE_FIGURE if figures else "")
            + "\n\\begin{document}\n\n"
            + "\n".join(body) + "\n\\appendix\n" + rules_appendix(derivations) + "\n\\end{document}\n")
