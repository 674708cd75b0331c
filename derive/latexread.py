"""Reading a LaTeX expression: SymPy's LaTeX parser, then derive's own whitelist.

The LaTeX is read by SymPy's ``parse_latex`` (its ANTLR grammar, ``strict=True`` so
that trailing text is an error rather than silently dropped; the Lark backend returns
ambiguous trees for ``\\tanh(x)^2`` and ``S(x)(1 - S(x))`` and cannot read ``\\pi``).
Neither backend calls ``eval``.  The result is printed in derive's plain syntax and read
again by :func:`derive.parse.parse`, so a LaTeX line meets exactly the whitelist and the
size, nesting and exponent limits of a plain one.  ``e`` is Euler's number; ``\\sigma``
and ``\\max`` come out as calls ``sigma(…)``, ``max(…)`` that the caller resolves.
"""
from __future__ import annotations

import re

from .parse import MAX_LENGTH, NAME, ParseError

SPACING = re.compile(r"\\[,;:!> ]|\\q?quad\b|~")
FUNCTION_NAMES = re.compile(r"\\(?:operatorname|mathrm|text|mathit)\s*\{\s*([A-Za-z]+)\s*\}")
TEX_NAMES = {"arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "arsinh": "asinh", "arcosh": "acosh",
             "artanh": "atanh", "sgn": "sign", "erf": "erf", "erfc": "erfc", "sech": "sech", "csch": "csch"}


class LatexUnavailable(ParseError):
    """The LaTeX parser's runtime (antlr4-python3-runtime 4.11) is not installed."""


def normalize(tex: str) -> str:
    """What the grammar reads: \\left/\\right, spacing and \\dfrac dropped or simplified,
    \\operatorname{sech} and \\mathrm{e} as plain names."""
    tex = re.sub(r"\\(left|right|big|Big|bigg|Bigg)\b\s*\.?", "", tex)
    tex = BARE.sub(_bare_argument, tex)
    tex = SPACING.sub(" ", tex)
    tex = re.sub(r"\\[dt]frac\b", r"\\frac", tex)

    def name(m: re.Match) -> str:
        word = m.group(1)
        if word == "e":
            return "e"
        return "\\" + word if len(word) > 1 else word

    return _calls_of_unknown(FUNCTION_NAMES.sub(name, tex).replace("\\ln", "\\log")).strip()


FUNCTIONS = ("sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh", "sech", "csch", "coth", "arcsin",
             "arccos", "arctan", "ln", "log", "exp")
# a function with a bare argument, a number and letters with their powers (\sin 2x, \ln x^2, \cos^2 x)
BARE = re.compile(r"\\(" + "|".join(sorted(FUNCTIONS, key=len, reverse=True)) + r")(?![A-Za-z])"
                  r"(\s*\^\s*(?:\{[^{}]*\}|[0-9]))?\s*"
                  r"((?:[0-9]+(?:\.[0-9]+)?)?(?:[A-Za-z](?:\^(?:\{[^{}]*\}|[0-9A-Za-z]))?)+)(?![A-Za-z0-9({^_])")
# what may follow a bare argument that ends it: space, a spacing command, \cdot, another function, an operator
ENDS = re.compile(r"\s*(?:$|[-+=)}|]|\\[,;:! ]|\\cdot\b|\\(?:" + "|".join(FUNCTIONS) + r"|sqrt|frac)(?![A-Za-z])|e\^)")


def _bare_argument(m: re.Match) -> str:
    """\\sin x \\, e^{\\cos x} as \\sin(x) e^{\\cos x}, as a reader takes it: a bare argument ends at
    a spacing command, \\cdot, e^ or another function (SymPy's grammar would take sin(x·e^{cos x}));
    left to the grammar before anything else (\\sin x y, \\sin 2\\pi x)."""
    if not ENDS.match(m.string, m.end()):
        return m.group(0)
    return f"\\{m.group(1)}{(m.group(2) or '').strip()}({m.group(3)})"


UNKNOWN = re.compile(r"\\(" + "|".join(sorted(TEX_NAMES, key=len, reverse=True) + ["coth"]) +
                     r")(?![A-Za-z])\s*(?:\^\s*(\{[^{}]*\}|[0-9]))?\s*")


def _calls_of_unknown(tex: str) -> str:
    """\\sech^2 x as (\\sech(x))^{2}: the grammar reads a command it does not know as a function
    only when its argument is in parentheses (\\sech x would be the product sech·x)."""
    out, k = [], 0
    for m in UNKNOWN.finditer(tex):
        if m.start() < k:
            continue
        arg, end = _argument(tex, m.end())
        if arg is None:
            continue
        call = f"\\{m.group(1)}({arg})"
        out += [tex[k:m.start()], f"({call})^{{{m.group(2).strip('{}')}}}" if m.group(2) else call]
        k = end
    return "".join(out) + tex[k:]


def _argument(tex: str, at: int) -> tuple[str | None, int]:
    """The argument starting at ``at``: a group in ( ) or { }, or one letter, digit or command."""
    if at < len(tex) and tex[at] in "({":
        close, depth = {"(": ")", "{": "}"}[tex[at]], 0
        for j in range(at, len(tex)):
            depth += (tex[j] == tex[at]) - (tex[j] == close)
            if depth == 0:
                return tex[at + 1:j], j + 1
        return None, at
    m = re.match(r"\\[A-Za-z]+|[A-Za-z0-9]", tex[at:])
    return (m.group(0), at + m.end()) if m else (None, at)


def to_plain(tex: str) -> str:
    """The expression written in ``tex``, in derive's plain syntax (a ParseError if it
    cannot be read, saying what)."""
    if len(tex) > MAX_LENGTH:
        raise ParseError(f"expression too long ({len(tex)} characters; at most {MAX_LENGTH})")
    if any(ord(c) < 32 and c != "\t" for c in tex):
        raise ParseError("control characters are not allowed in an expression")
    text = normalize(tex)
    if not text:
        raise ParseError("empty expression")
    expr = _parse(text)
    try:
        return _plain(expr)
    except RecursionError:  # a long chain a + b + … comes back from the grammar nested one term a level
        raise ParseError("expression is nested too deeply for the LaTeX reader") from None


def _parse(text: str):
    try:
        from sympy.parsing.latex import LaTeXParsingError, parse_latex
    except ImportError as exc:  # pragma: no cover - sympy always has the module
        raise LatexUnavailable(f"LaTeX cannot be read here ({exc})") from None
    try:
        return parse_latex(text, strict=True, backend="antlr")
    except LaTeXParsingError as exc:
        detail = " ".join(str(exc).split())
        raise ParseError(f"cannot read the LaTeX {text!r}: {detail}") from None
    except ImportError:
        raise LatexUnavailable("reading LaTeX needs antlr4-python3-runtime 4.11: "
                               "pip install 'antlr4-python3-runtime==4.11.*'") from None
    except (RecursionError, MemoryError):
        raise ParseError("expression is nested too deeply") from None
    except (TypeError, ValueError, AttributeError, IndexError, KeyError) as exc:
        raise ParseError(f"cannot read the LaTeX {text!r} ({type(exc).__name__})") from None


def _plain(expr) -> str:
    """``expr`` printed in derive's syntax, after a first look at what it contains."""
    from sympy import Basic, Function, Symbol, log, sstr
    if not isinstance(expr, Basic) or not hasattr(expr, "free_symbols"):
        raise ParseError("that is not an expression")
    if getattr(expr, "is_Relational", False):
        raise ParseError("an equation or inequality, not an expression")
    for s in expr.atoms(Symbol):
        if not NAME.match(s.name):
            raise ParseError(f"cannot read the symbol {s.name!r}: use a letter, or a name such as alpha")
    natural = {n: log(n.args[0]) for n in expr.atoms(log) if len(n.args) == 2 and str(n.args[1]) in ("E", "e")}
    expr = expr.xreplace(natural) if natural else expr
    renamed = {}
    for f in expr.atoms(Function):
        name = type(f).__name__
        if name in TEX_NAMES and name != TEX_NAMES[name]:
            renamed[name] = TEX_NAMES[name]
    text = sstr(expr, order="none")
    for old, new in renamed.items():
        text = re.sub(rf"\b{old}\(", f"{new}(", text)
    return text
