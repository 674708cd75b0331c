"""User text made safe for each output format: one helper per format.

Anything the user typed (the input as typed, a variable's name, a title) passes through here
before it reaches an output: a terminal never receives a control character (no escape
sequence can move the cursor or recolour it), TeX never reads a command from it (no
``\\input``, no ``\\write18``), and Markdown never renders it as markup or HTML.
"""
from __future__ import annotations

import re
import unicodedata

from sympy.printing.latex import greek_letters_set

# Bidirectional overrides and isolates: they reorder what a terminal shows.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


def _control(c: str) -> bool:
    return c in _BIDI or (unicodedata.category(c) == "Cc" and c != "\n")


def terminal(text: str) -> str:
    """Text for a terminal: every control character (ESC, BEL, CR, backspace, bidi overrides) as
    its visible escape, \\x1b, \\u202e; newlines kept."""
    if not any(_control(c) for c in text):
        return text
    return "".join((f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if _control(c) else c
                   for c in text)


# Characters that mean something to TeX in running text.
LATEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "~": r"\textasciitilde{}",
                  "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "^": r"\^{}"}


def latex_text(text: str) -> str:
    """Text for TeX's text mode (inside \\text{} or running text): its special characters escaped,
    control characters dropped as spaces. Non-ASCII letters are left to the caller's table."""
    return "".join(LATEX_SPECIALS.get(c, " " if _control(c) or c == "\n" else c) for c in text)


IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*'*\Z")


def latex_name(name: str) -> str | None:
    """None when SymPy's LaTeX for a symbol named ``name`` is safe (letters, digits, subscripts);
    else the name as upright text, escaped: \\text{\\textbackslash{}input\\{secret\\}}."""
    if IDENTIFIER.match(name) or unicodedata.category(name[:1] or "x").startswith("L") and name.isalnum():
        return None
    if name.endswith("_") and name[:-1] in greek_letters_set:  # lambda_: λ, spelt so because lambda
        return "\\" + name[:-1]                                # is a Python keyword
    return r"\text{%s}" % latex_text(name)


_MARKDOWN_SPECIALS = set("\\`*_[]<>#|~&$")


def markdown_text(text: str) -> str:
    """Text for Markdown's inline text: every punctuation mark Markdown or HTML reads escaped with a
    backslash, control characters and newlines as spaces."""
    text = "".join(" " if _control(c) or c in "\r\n" else c for c in text)
    return "".join("\\" + c if c in _MARKDOWN_SPECIALS else c for c in text)


def markdown_code(text: str) -> str:
    """Text as a Markdown code span, shown exactly as typed: a fence of backticks longer than any
    run inside it (code spans render no HTML), control characters and newlines as spaces."""
    text = "".join(" " if _control(c) or c in "\r\n" else c for c in text)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
