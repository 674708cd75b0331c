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
        return r"\frac{\partial %s}{\partial %s_{%s}}" % (to_latex(d.symbol), d.variable.base, d.indices[1])
    if d.name:
        return r"\frac{d}{d%s} %s(%s)" % (d.variable, _shown(d), d.variable)
    return r"\frac{d%s}{d%s}" % (d.symbol, d.variable)


TEXT_MATH = {"≠": r"$\neq$", "≤": r"$\le$", "≥": r"$\ge$", "α": r"$\alpha$", "ᵀ": r"$^{\top}$",
             "−": "-", "<": r"$<$", ">": r"$>$", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "^": r"\^{}"}


def text(words: str) -> str:
    """Words for \\text{...}: the few Unicode signs in titles as math."""
    return "".join(TEXT_MATH.get(c, c) for c in words)


def _rule(step: Step) -> str:
    mark = "" if step.verified else r", \textbf{unverified}"
    return r"\text{%s (\texttt{%s})%s}" % (text(step.title), step.rule, mark)


def equation(s: Step, names: dict) -> str:
    """A sub-step as one equation: d/dx u = written = tidied, with its u = … and 'for x < 0'."""
    left = "" if s.before is None else to_latex(s.before, names) + " "
    eq = left + "= " + to_latex(s.expression, names)
    if s.value is not None and to_latex(s.value, names) != to_latex(s.expression, names):
        eq += " = " + to_latex(s.value, names)
    return eq + _annotations(s, names)


def _annotations(s: Step, names: dict) -> str:
    out = ""
    if s.let:
        out += r",\quad %s = %s" % (to_latex(s.let[0], names), to_latex(s.let[1], names))
    if s.where is not None:
        out += r"\quad \text{for } %s" % to_latex(s.where, names)
    return out


def _sub_lines(step: Step, names: dict, level: int) -> list[str]:
    lines = []
    for s in step.substeps:
        lines.append(r"&%s %s && %s" % (r"\qquad" * level, equation(s, names), _rule(s)))
        lines.extend(_sub_lines(s, names, level + 1))
    return lines


def render(d) -> str:
    names = latex_names(d)
    lines = []
    for i, step in enumerate(d.steps):
        left = lhs_latex(d) if i == 0 else ""
        rhs = to_latex(step.expression, names) + _annotations(step, names)
        lines.append(r"%s &= %s && %s" % (left, rhs, _rule(step)))
        lines.extend(_sub_lines(step, names, 1))
    body = " \\\\\n".join(lines)
    out = "\\begin{align*}\n" + body + "\n\\end{align*}\n"
    for alt in d.alternatives:
        forms = [to_latex(alt.expression, names)] + ([to_latex(alt.value, names)] if alt.value is not None else [])
        out += r"\noindent Alternatively, by the %s, $%s = %s$." % (alt.title, lhs_latex(d), " = ".join(forms))
        out += "\n"
    for k in d.kinks:
        out += kink_latex(k, d) + "\n"
    if d.note:
        out += "\\noindent " + text(d.note) + "\n"
    return out


def kink_latex(k, d) -> str:
    x, at = d.variable, to_latex(k.at)
    words = r"\noindent At $%s = %s$: $f'_{-}(%s) = %s$, $f'_{+}(%s) = %s$, so $f$ is not differentiable there" % (
        x, at, at, to_latex(k.left), at, to_latex(k.right))
    words += " (it is continuous)." if k.continuous else " (it jumps)."
    if k.pytorch is not None:
        words += r" PyTorch's autograd uses $%s$ there." % to_latex(k.pytorch)
    sub = k.subgradient(d.parameter_values)
    if sub is not None:
        words += r" Subgradients: $[%s, %s]$." % (to_latex(sub[0]), to_latex(sub[1]))
    return words + ("" if k.verified else r" \textbf{(unverified)}") + "\n"
