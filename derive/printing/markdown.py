"""A derivation as Markdown: headings, the rule names in text, the maths in $$ … $$ blocks
(only what KaTeX and MathJax both support: no align environments)."""
from __future__ import annotations

from .abbrev import abbreviated
from .escape import markdown_code, markdown_text
from .fold import Shown, folded_rules, shown
from ..order import in_writing
from ..stated import FORM, RESULT, WITNESS, failed_words
from .latex import annotations, defined_latex, equation, kink_latex, latex_names, letters_latex, lhs_latex, step_lhs_latex
from .prose import prose_text
from .typed import as_typed
from .written import to_latex

OK, FAIL = "✓", "✗ unverified"


def _mark(line: Shown) -> str:
    return OK if line.verified else f"**{FAIL}**"


def _rule(line: Shown) -> str:
    """The rule's title and id, then the rules folded into the line."""
    folded = folded_rules(line)
    return f"*{markdown_text(line.step.title)}* (`{line.step.rule}`)" + (f", {folded}" if folded else "")


def heading(d) -> str:
    """The title, or the input as typed in a code span (never read as Markdown or HTML)."""
    return f"## {markdown_text(d.title)}" if d.title else f"## {markdown_code(d.input)}"


def _bold(line: Shown) -> str:
    folded = folded_rules(line)
    return f"**{markdown_text(line.step.title)}** (`{line.step.rule}`)" + (f", {folded}" if folded else "")


@in_writing
def render(d, depth: int | None = None) -> str:
    d, named = abbreviated(d)
    names = latex_names(d)
    out = [heading(d), ""]
    definition = to_latex(as_typed(d), names)
    out += [f"$$ {defined_latex(d)} = {definition} $$", ""]
    if named is not None:
        out += [f"where $$ {to_latex(named[0])} = {to_latex(named[1], names)} $$", ""]
    letters = letters_latex(d, "")  # a joint's letter: Let $a \approx 0.4534$ be the root of …
    out += [letters.strip(), ""] if letters else []
    for top in shown(d.steps, depth):
        step = top.step
        left = lhs_latex(d, 1) + " " if top.number == "1" else (step_lhs_latex(d, step, names) + " ").lstrip()
        out.append(f"{top.number}. {_bold(top)} {_mark(top)}")
        out.append(f"   $$ {left}= {to_latex(step.expression, names)}{annotations(step, names)} $$")
        for line in list(top.walk())[1:]:
            level = line.number.count(".") - 1
            out.append(f"   {'  ' * level}- {_rule(line)} {_mark(line)}: ${equation(line.step, names)}$")
    out.append("")
    if d.plain:  # the derivative first; a form only where it costs less
        where = "" if d.domain is None else r",\quad \text{for } " + to_latex(d.domain, names)
        out += [f"**Result:**{_flag(d, RESULT)} $$ {lhs_latex(d)} = {to_latex(d.written_derivative, names)}{where} $$",
                ""]
        if d.shown(d.output_form):
            out += [f"In terms of the function itself{_flag(d, FORM)}: $$ {lhs_latex(d)} = "
                    f"{to_latex(d.as_written(d.output_form), names)} $$", ""]
    for alt in d.alternatives:
        forms = [to_latex(alt.expression, names)] + ([to_latex(alt.value, names)] if alt.value is not None else [])
        mark = OK if alt.verified else f"**{FAIL}**"
        out += [f"Alternatively, by the {markdown_text(alt.title)} (`{alt.rule}`) {mark}: "
                f"$$ {lhs_latex(d)} = {' = '.join(forms)} $$", ""]
    for k in d.kinks:
        words = kink_latex(k, d).replace(r"\noindent ", "").replace(r"\textbf{unverified}", f"**{FAIL}**")
        out += [words.strip(), ""]
    if d.note:
        out += [markdown_text(prose_text(d.note)) + _flag(d, WITNESS), ""]
    return "\n".join(out + [_verdict(d)]) + "\n"


def _flag(d, name: str) -> str:
    """ **✗ unverified** after a statement that failed its check (derive/stated.py), else ""."""
    return "" if d.stated_verified(name) else f" **{FAIL}**"


def _verdict(d) -> str:
    if d.verified:
        return f"{OK} all steps verified numerically"
    steps = [s for top in list(d.steps) + list(d.alternatives) for s in top.walk()] + list(d.kinks)
    if all(s.verified for s in steps):
        return f"**{FAIL}: {failed_words(d)} failed the numeric check**"
    return f"**{FAIL}: a step failed the numeric check**"

