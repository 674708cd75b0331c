"""Printers for ``derive check``: text (✓/✗ beside the student's lines), JSON (schema 1),
Markdown and LaTeX (the derivation handed back, annotated).

They read a finished :class:`derive.check.CheckResult`; they never check anything.
"""
from __future__ import annotations

import json
import re
import textwrap

from sympy import sstr

MARKS = {"given": " ", "right": "✓", "wrong": "✗", "follows": "→", "unreadable": "?"}
BY_ALGEBRA = "right, by algebra"
SHOWN = 300  # characters of a student's line shown in the text output


def shown(text: str, most: int = SHOWN) -> str:
    """A student's line as shown: cut at ``most`` characters."""
    return text if len(text) <= most else text[:most - 1] + "…"


def rule_title(rule_id: str) -> str:
    """'Quotient rule (d-quotient)'; the id alone for a rule the rule set does not list."""
    from ..rules import by_id
    from ..rules.reciprocal import RULES as CHECK_ONLY  # rules only derive check names a step by
    try:
        return f"{by_id(rule_id).title} ({rule_id})"
    except KeyError:
        return next((f"{r.title} ({rule_id})" for r in CHECK_ONLY if r.id == rule_id), rule_id)


def expr_text(e) -> str | None:
    return None if e is None else sstr(e, order="none")


def student_text(result, e) -> str:
    """An expression the way the student's plain lines read: S(x) for the function, ^ for powers."""
    text = expr_text(e).replace("**", "^")
    if result.folded is None:
        return text
    name = re.escape(str(result.folded))
    return re.sub(rf"(?<![A-Za-z0-9_]){name}(?![A-Za-z0-9_(])", _names(result)[result.folded], text)


def note(line, title=rule_title) -> str:
    """What is said about a line, in one sentence (without the slip); ``title`` names a rule."""
    if line.status == "given":
        return "the function"
    if line.status == "unreadable":
        return f"cannot be read: {line.error}"
    rules = ", ".join(title(r) for r in line.rules) + (", then algebra" if line.rules and line.then_algebra else "")
    if line.status == "wrong":
        against = "the derivative of the function" if line.source is None else f"line {line.source}"
        return f"wrong: not equal to {against}"
    if line.status == "follows":
        return f"follows from line {line.source}" + (f": {rules}" if rules else ", by algebra")
    if line.source is None and line.n > 2:
        return "right (equal to the derivative of the function)"
    return rules or BY_ALGEBRA


def summary(result) -> str:
    if result.first_error is not None:
        line = result.lines[result.first_error - 1]
        return f"✗ line {line.n} is wrong ({line.slip.kind} slip)"
    if len(result.lines) == 2 and result.verified:
        return "✓ the line is right, checked numerically"
    bad = [ln.n for ln in result.lines if ln.status == "unreadable"]
    if bad:
        return f"? line {bad[0]} could not be read; every other line is right"
    return f"✓ all {len(result.lines) - 1} lines right, checked numerically"


NBSP = "\u00a0"


def unbroken_wrap(text: str, width: int, spans: tuple = (), **options) -> list[str]:
    """``textwrap.wrap`` that breaks a sentence between its words, not inside an expression: not
    inside a bracket, nor at a + or − between terms ((1 - ln(x))/x^2 and 1/x^2 - ln(x)/x^2 stay
    on one line), nor inside one of the sentence's expressions ``spans`` (x e^x sin(x)), unless the
    expression is wider than a line."""
    kept = set()
    for span in (s for s in spans if " " in s and len(s) < width - 10):
        kept |= {k for m in re.finditer(re.escape(span), text) for k in range(m.start(), m.end())}
    depth, chars = 0, []
    for k, c in enumerate(text):
        depth = max(0, depth + (c in "({") - (c in ")}"))  # LaTeX's braces too: \frac{(x + 1) - x}{…}
        sign = text[k + 1:k + 3] in ("+ ", "- ") or k > 1 and text[k - 2:k] in (" +", " -")
        chars.append(NBSP if c == " " and (depth or sign or k in kept) else c)
    rows = textwrap.wrap("".join(chars), width, **{**options, "break_long_words": False})
    if any(len(row) > width for row in rows):  # an expression wider than a line: broken at its spaces
        return textwrap.wrap(text, width, **options)
    return [ln.replace(NBSP, " ") for ln in rows]


def render_text(result, width: int = 80) -> str:
    """The student's lines with their marks, what is said of each, and the slip; wrapped to
    ``width`` at spaces, never at a hyphen (a rule's id, alg-reciprocal, and x-3 stay whole)."""
    width = max(40, width)
    out = [f"Checking {result.function}", ""]
    indent = " " * 6
    for line in result.lines:
        out += unbroken_wrap(shown(line.input), width, initial_indent=f"{line.n:>3} {MARKS[line.status]} ",
                             subsequent_indent=indent, break_long_words=True,
                             break_on_hyphens=False) or [f"{line.n:>3}"]
        out += textwrap.wrap(note(line), width, initial_indent=indent, subsequent_indent=indent + "  ",
                             break_on_hyphens=False)
        if line.slip is not None:
            s = line.slip
            out += unbroken_wrap(f"slip ({s.kind}): {s.explanation}", width, s.spans, initial_indent=indent,
                                 subsequent_indent=indent + "  ", break_on_hyphens=False)
            out += textwrap.wrap(f"expected: {s.written or student_text(result, s.expected)}", width, initial_indent=indent,
                                 subsequent_indent=indent + "  ", break_long_words=True, break_on_hyphens=False)
    out += ["", summary(result)]
    return "\n".join(out) + "\n"


def to_dict(result) -> dict:
    lines = []
    for ln in result.lines:
        item = {"n": ln.n, "input": ln.input, "expression": expr_text(ln.expression), "status": ln.status,
                "rules": list(ln.rules), "slip": None if ln.slip is None else {
                    "kind": ln.slip.kind, "explanation": ln.slip.explanation,
                    "expected": expr_text(ln.slip.expected), "written": ln.slip.written,
                    "rule": ln.slip.rule or None}}
        if ln.status == "unreadable":
            item["error"] = ln.error
        lines.append(item)
    return {"schema": 1, "function": result.function, "variable": str(result.variable), "lines": lines,
            "first_error": result.first_error, "verified": result.verified}


def render_json(result) -> str:
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n"


def _names(result) -> dict:
    """{the symbol for f(x): how the student writes it}: y for y = …, else S(x)."""
    names = getattr(result, "names", None)
    if names is not None:
        return names
    return {} if result.folded is None else {result.folded: f"{result.name}({result.variable})"}


def _latex(result, e) -> str:
    from .written import to_latex
    return to_latex(e, _names(result))


def _words(text: str) -> str:
    """Text for TeX's text mode; a bar (ln|x| in a slip's sentence) as \\textbar, not OT1's dash."""
    from .document import escape
    return escape(text).replace("|", r"\textbar{}")


def _typed(result, ln) -> str:
    """A student's line in LaTeX as they wrote it (their LaTeX, or their plain line in their
    notation and order), else as derive writes the expression."""
    typed = getattr(result, "as_typed", None)
    return (typed(ln) if typed else "") or _latex(result, ln.expression)


def _expected(result, slip) -> str:
    """The expected line in LaTeX in the student's notation, else as derive writes it."""
    if slip.written.startswith("$") and slip.written.endswith("$"):
        return slip.written.strip("$")
    in_latex = getattr(result, "in_latex", None)
    return (in_latex(slip.expected) if in_latex else "") or _latex(result, slip.expected)


def _sentence(result, slip, text, maths) -> str:
    """A slip's sentence with its expressions typeset: ``text`` writes the words, ``maths`` an
    expression's LaTeX (the student's notation); the plain sentence where it has no parts."""
    if not slip.parts:
        return text(slip.explanation)
    in_latex = getattr(result, "in_latex", None)
    tokens = []
    for k, p in enumerate(slip.parts):  # brackets and a product's dot around expressions go into the maths: (2 - x)·(2 + x)
        if not isinstance(p, str):
            tokens.append([(in_latex(p) if in_latex else "") or _latex(result, p)])
            continue
        before = k > 0 and not isinstance(slip.parts[k - 1], str)
        after = k + 1 < len(slip.parts) and not isinstance(slip.parts[k + 1], str)
        m = re.fullmatch(r"([)·]*)(.*?)([(·]*)", p, flags=re.S) if before or after else None
        if m is None or not m.group(2):
            tokens.append([p.replace("·", r" \cdot ")] if m is not None else p)
            continue
        head, tail = (m.group(1) if before else ""), (m.group(3) if after else "")
        tokens += [[head.replace("·", r" \cdot ")]] if head else []
        tokens.append(p[len(head):len(p) - len(tail)])
        tokens += [[tail.replace("·", r" \cdot ")]] if tail else []
    out = []
    for t in tokens:
        if isinstance(t, list) and out and isinstance(out[-1], list):
            out[-1] = [out[-1][0] + t[0]]
        else:
            out.append(t)
    return "".join(text(t) if isinstance(t, str) else maths(t[0]) for t in out)


def render_markdown(result) -> str:
    out = [f"## Checking {_md(result.function)}", ""]
    for ln in result.lines:
        maths = f"$${_typed(result, ln)}$$" if ln.expression is not None else _md(shown(ln.input))
        out += [f"**{ln.n}** {MARKS[ln.status]} {_md(note(ln, str))}", "", maths, ""]
        if ln.slip is not None:
            said = _sentence(result, ln.slip, _md, lambda t: f"${t}$")
            out += [f"> **Slip ({ln.slip.kind}).** {said} Expected:", "",
                    f"$${_expected(result, ln.slip)}$$", ""]
    out.append(_md(summary(result)))
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Running text for Markdown: characters Markdown reads as markup escaped."""
    return "".join("&#36;" if c == "$" else "\\" + c if c in "\\`*_{}[]<>#|~" else c for c in text)


def render_latex(result) -> str:
    """An align* block: the function, then each line with its verdict and rules at the right;
    the slip and the expected line under the first wrong line."""
    rows = []
    lhs = _names(result).get(result.folded, str(result.name))
    for ln in result.lines:
        verdict = {"given": "", "right": r"$\surd$ ", "follows": r"$\to$ ", "wrong": r"$\times$ ", "unreadable": "? "}
        side = (r"\parbox[t]{0.38\linewidth}{\raggedright\small " + f"{ln.n}.~" + verdict[ln.status]
                + _words(note(ln, str)) + "}")
        if ln.expression is None:
            body = r"\text{\texttt{" + _words(shown(ln.input, 60)) + "}}"
        else:
            body = _typed(result, ln)
        left = f"{_latex_name(lhs)} &= " if ln.status == "given" else (
            rf"\frac{{d}}{{d{result.variable}}} {_latex_name(lhs)} &= " if ln.n == 2 else "&= ")
        rows.append(f"{left}{body} && {side}")
        if ln.slip is not None:
            said = _sentence(result, ln.slip, _words, lambda t: f"${t}$")
            rows.append(r"\intertext{\textbf{Slip (" + _words(ln.slip.kind) + r").} " + said
                        + " Expected:} &= " + _expected(result, ln.slip))
    verdict_words = _words(summary(result)[2:].capitalize())
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}\n\\noindent " + verdict_words + ".\n"


def _latex_name(name: str) -> str:
    return name if name.isascii() and name.replace("(", "").replace(")", "").isalnum() else r"\text{" + _words(name) + "}"
