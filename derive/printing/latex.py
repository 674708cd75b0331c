"""A derivation as a LaTeX ``align*`` block: one line per step, the rule at the right."""
from __future__ import annotations

from ..step import Step
from .written import to_latex


def _shown(d) -> str:
    return "\\" + d.display if d.display else str(d.symbol)


def latex_names(d) -> dict:
    """The function's own symbol as LaTeX shows it: S(x), \\tanh(x); S_i as it is."""
    return {} if d.indices else {d.symbol: f"{_shown(d)}({d.variable})"}


def lhs_latex(d) -> str:
    if d.indices:
        return r"\frac{\partial %s}{\partial %s_{%s}}" % (to_latex(d.symbol), d.variable.base, d.indices[-1])
    n = "" if d.order == 1 else "^{%d}" % d.order
    if d.name:
        return r"\frac{d%s}{d%s%s} %s(%s)" % (n, d.variable, n, _shown(d), d.variable)
    return r"\frac{d%s%s}{d%s%s}" % (n, d.symbol, d.variable, n)


TEXT_MATH = {"≠": r"$\neq$", "≤": r"$\le$", "≥": r"$\ge$", "α": r"$\alpha$", "ᵀ": r"$^{\top}$",
             "−": "-", "<": r"$<$", ">": r"$>$", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "^": r"\^{}",
             "·": r"$\cdot$", "×": r"$\times$", "²": r"$^{2}$", "³": r"$^{3}$", "∂": r"$\partial$",
             "Σ": r"$\Sigma$", "∑": r"$\sum$", "∞": r"$\infty$", "→": r"$\to$", "±": r"$\pm$",
             "√": r"$\surd$", "∈": r"$\in$", "′": "'", "…": r"\ldots{}", "–": "--", "—": "---",
             "‘": "`", "’": "'", "“": "``", "”": "''"}


_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}


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


def _rule(step: Step) -> str:
    mark = "" if step.verified else r", \textbf{unverified}"
    return r"\text{%s (\texttt{%s})%s}" % (text(step.title), step.rule, mark)


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


def _sub_lines(step: Step, names: dict, level: int, indent: str = r"\qquad", rule=_rule) -> list[str]:
    lines = []
    for s in step.substeps:
        lines.append(r"&%s %s && %s" % (indent * level, equation(s, names), rule(s)))
        lines.extend(_sub_lines(s, names, level + 1, indent, rule))
    return lines


def render(d) -> str:
    """The fragment: the align* block, then the alternatives, the kinks and the note."""
    return align_block(d) + alternatives_latex(d) + "".join(kink_latex(k, d) + "\n" for k in d.kinks) + note_latex(d)


def align_lines(d, indent: str = r"\qquad", rule=_rule) -> list[str]:
    """One line per step (``lhs &= … && rule``), each followed by its sub-steps, ``indent`` deeper
    per level; ``rule(step)`` writes the rule's name."""
    names = latex_names(d)
    lines = []
    for i, step in enumerate(d.steps):
        left = lhs_latex(d) if i == 0 else ("" if step.lhs is None else to_latex(step.lhs, names))
        rhs = (case_split(step, names) or to_latex(step.expression, names)) + annotations(step, names)
        lines.append(r"%s &= %s && %s" % (left, rhs, rule(step)))
        lines.extend(_sub_lines(step, names, 1, indent, rule))
    return lines


def align_block(d, indent: str = r"\qquad", rule=_rule) -> str:
    return "\\begin{align*}\n" + " \\\\\n".join(align_lines(d, indent, rule)) + "\n\\end{align*}\n"


def notebook(d) -> str:
    """For a notebook's ``_repr_latex_``: the steps as one ``aligned`` display in ``$$``, which
    MathJax and KaTeX render (text outside maths, as in the fragment, they would show raw)."""
    return "$$\\begin{aligned}\n" + " \\\\\n".join(align_lines(d)) + "\n\\end{aligned}$$"


def alternatives_latex(d) -> str:
    names, out = latex_names(d), ""
    for alt in d.alternatives:
        forms = [to_latex(alt.expression, names)] + ([to_latex(alt.value, names)] if alt.value is not None else [])
        out += r"\noindent Alternatively, by the %s, $%s = %s$." % (alt.title, lhs_latex(d), " = ".join(forms))
        out += ("" if alt.verified else r" \textbf{(unverified)}") + "\n"
    return out


def note_latex(d) -> str:
    return "\\noindent " + text(d.note) + "\n" if d.note else ""


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
    return "%s = %s" % (defined_latex(d), to_latex(d.definition, latex_names(d)))


def kink_latex(k, d) -> str:
    x, at = d.variable, to_latex(k.at)
    words = r"\noindent At $%s = %s$: $f'_{-}(%s) = %s$, $f'_{+}(%s) = %s$, so $f$ is %s there" % (
        x, at, at, to_latex(k.left), at, to_latex(k.right), "differentiable" if k.differentiable else "not differentiable")
    if k.differentiable:
        words += r", with $f'(%s) = %s$." % (at, to_latex(k.left))
    else:
        words += " (it is continuous)." if k.continuous else " (it jumps)."
    if k.pytorch is not None:
        words += r" PyTorch's autograd uses $%s$ there." % to_latex(k.pytorch)
    sub = k.subgradient(d.parameter_values)
    if sub is not None:
        words += r" Subgradients: $[%s, %s]$." % (to_latex(sub[0]), to_latex(sub[1]))
    return words + ("" if k.verified else r" \textbf{(unverified)}") + "\n"
