"""A derivation as Markdown: headings, the rule names in text, the maths in $$ … $$ blocks
(only what KaTeX and MathJax both support: no align environments)."""
from __future__ import annotations

from ..step import Step
from .latex import annotations, defined_latex, equation, kink_latex, latex_names, lhs_latex
from .written import to_latex

OK, FAIL = "✓", "✗ unverified"


def _mark(step: Step) -> str:
    return OK if step.verified else f"**{FAIL}**"


def _sub_lines(step: Step, names: dict, level: int) -> list[str]:
    lines = []
    for s in step.substeps:
        lines.append(f"{'  ' * level}- *{s.title}* (`{s.rule}`) {_mark(s)}: ${equation(s, names)}$")
        lines.extend(_sub_lines(s, names, level + 1))
    return lines


def render(d) -> str:
    names = latex_names(d)
    out = [f"## {d.title}" if d.title else f"## `{d.input}`", ""]
    definition = to_latex(d.definition, names)
    out += [f"$$ {defined_latex(d)} = {definition} $$", ""]
    for i, step in enumerate(d.steps, 1):
        left = lhs_latex(d) + " " if i == 1 else ("" if step.lhs is None else to_latex(step.lhs, names) + " ")
        out.append(f"{i}. **{step.title}** (`{step.rule}`) {_mark(step)}")
        out.append(f"   $$ {left}= {to_latex(step.expression, names)}{annotations(step, names)} $$")
        out.extend("   " + line for line in _sub_lines(step, names, 0))
    out.append("")
    if d.plain:  # the derivative first; a form only where it costs less
        out += [f"**Result:** $$ {lhs_latex(d)} = {to_latex(d.written_derivative, names)} $$", ""]
        if d.shown(d.output_form):
            out += [f"In terms of the function itself: $$ {lhs_latex(d)} = {to_latex(d.output_form, names)} $$", ""]
    for alt in d.alternatives:
        forms = [to_latex(alt.expression, names)] + ([to_latex(alt.value, names)] if alt.value is not None else [])
        mark = "" if alt.verified else f" **{FAIL}**"
        out += [f"Alternatively, by the {alt.title}{mark}: $$ {lhs_latex(d)} = {' = '.join(forms)} $$", ""]
    for k in d.kinks:
        words = kink_latex(k, d).replace(r"\noindent ", "").replace(r"\textbf{(unverified)}", f"**{FAIL}**")
        out += [words.strip(), ""]
    if d.note:
        out += [d.note, ""]
    out.append(f"{OK} all steps verified numerically" if d.verified else f"**{FAIL}: a step failed the numeric check**")
    return "\n".join(out) + "\n"

