"""The student's notation, for what ``derive check`` writes back: the expected line and the
expressions in a slip's sentence, written the way the student writes.

From the student's lines (:func:`notation_of`): LaTeX or plain syntax; a product written with
``*`` or side by side (2x sin(x)); Euler's number as ``e^(…)`` or ``exp(…)``; the natural
logarithm as ``ln`` or ``log``; a function by the name they call it (arctan, not atan).  :func:`plain` writes an expression in that plain notation,
powers with ``^``, a negative power as a fraction (1/(x + 1)^2, not (x + 1)^(-2)), and
products side by side where no reading is in doubt: 2x, 3x^2 e^(2x), 2x(x - 1),
(x + 1)(x - 1), 2 sin(x).  The text is read back (``read``) and kept only if it is the same
expression; else the product keeps its ``*``, and last SymPy's own syntax is used.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sympy import Abs, Expr, Pow, S
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter


@dataclass(frozen=True)
class Notation:
    """How a student writes: ``latex`` (their line is LaTeX), ``stars`` (products with *),
    ``e_power`` (e^(u) for exp(u)), ``ln`` (ln for log), ``names`` (a function by the name they
    call it: arctan for atan)."""

    latex: bool = False
    stars: bool = False
    e_power: bool = False
    ln: bool = False
    names: tuple = ()  # (SymPy's name, the name they wrote): ("atan", "arctan") where they wrote arctan


E_POWER = re.compile(r"(?<![A-Za-z_\\])e\s*\^")  # 5e^(2x) too
LN = re.compile(r"(?<![A-Za-z])ln(?![A-Za-z])")


INVERSE_POWER = re.compile(r"(?<![A-Za-z])(sin|cos|tan|cot|sec|csc)\s*\^\s*\{?\s*-\s*1\s*\}?")


def notation_of(rows: list[str], latex: bool, stars: bool) -> Notation:
    """The notation of the student's ``rows``: ``latex`` and ``stars`` as their line has them;
    e^ and ln where any row writes them, else the plain syntax's exp and log; an inverse written
    as a power, \\tan^{-1} x, by its arc name, arctan (the name a sentence can write it by)."""
    text = INVERSE_POWER.sub(r"arc\1", "\n".join(rows))
    return Notation(latex=latex, stars=stars, e_power=bool(E_POWER.search(text)), ln=bool(LN.search(text)),
                    names=_names_written(text))


def _names_written(text: str) -> tuple:
    """(SymPy's name, the name written) for each function the text calls by another of its names
    (derive/facts.py: arctan, arcsin, … for atan, asin, …); not those the printer writes its own
    way (log, exp, Abs)."""
    from sympy import Function
    from .facts import FACTS
    found = []
    for fact in FACTS:
        own = fact.cls.__name__ if isinstance(fact.cls, type) and issubclass(fact.cls, Function) else ""
        if hasattr(_Printer, f"_print_{own}"):  # written its own way: ln by the ln flag, exp as e^
            continue
        for alias in fact.names:
            if alias != own and own and re.search(rf"(?<![A-Za-z_]){re.escape(alias)}(?![A-Za-z_0-9])", text):
                found.append((own, alias))
                break
    return tuple(found)


class _Printer(StrPrinter):
    def __init__(self, notation: Notation, names: dict):
        super().__init__({"order": "none"})
        self.notation, self.names = notation, names

    def _print_Symbol(self, e):
        return self.names.get(e, super()._print_Symbol(e))

    def _print_exp(self, e):
        if not self.notation.e_power:
            return f"exp({self._print(e.args[0])})"
        u = e.args[0]
        simple = u.is_Symbol or u.is_Integer and u > 0
        return f"e^{self._print(u)}" if simple else f"e^({self._print(u)})"

    def _print_Exp1(self, e):  # Euler's number as students write it: 2e, not SymPy's 2E
        return "e"

    def _print_Function(self, e):
        alias = dict(self.notation.names).get(type(e).__name__)
        if alias is None:
            return super()._print_Function(e)
        return f"{alias}({', '.join(self._print(a) for a in e.args)})"

    def _print_Abs(self, e):
        return f"|{self._print(e.args[0])}|"

    def _print_log(self, e):
        name = "ln" if self.notation.ln else "log"
        if len(e.args) == 1 and isinstance(e.args[0], Abs):  # ln|x|
            return name + self._print(e.args[0])
        return f"{name}({', '.join(self._print(a) for a in e.args)})"

    def _print_Pow(self, e, rational=False):
        if e.exp.is_Rational and e.exp.is_negative and e.exp not in (-1, S(-1) / 2):
            return "1/" + self.parenthesize(Pow(e.base, -e.exp, evaluate=False), PRECEDENCE["Mul"], strict=True)
        return super()._print_Pow(e, rational)


STAR = re.compile(r"(?<=[0-9A-Za-z_)])\*(?=(?P<word>[A-Za-z_][A-Za-z_0-9]*)?(?P<call>\()?)")


NUMBER_BEFORE = re.compile(r"(?:^|[^A-Za-z0-9_.^])[0-9.]+$")


def _side_by_side(text: str) -> str:
    """The products of SymPy's syntax written side by side: 2*x → 2x, x*(x - 1) → x(x - 1),
    2*sin(x) → 2 sin(x), x^2*e^(2x) → x^2 e^(2x); before a number with a dot, ln(2)·2^(3x)."""
    def joined(m):
        left, word, call = m.string[m.start() - 1], m.group("word") or "", bool(m.group("call"))
        if not word and not call:  # 2*3, log(2)*2^(3x): a number follows, written as mathematics: ·
            return "·"
        group = call and not word  # x*(x - 1), (x + 1)*(x - 1), 2*(x + 1)
        letter = len(word) == 1 and not call  # 2*x, 2*e^(3x)
        number = NUMBER_BEFORE.search(m.string, 0, m.start()) is not None  # 2*x, not x^2*e^x
        tight = group and (left == ")" or left.isalnum()) or number and letter
        return "" if tight else " "
    return STAR.sub(joined, text)


def same(a: Expr, b: Expr) -> bool:
    """Whether a text read back is the expression written: the same once SymPy has evaluated both
    (a product held unevaluated, 2·(x + 1)·x, is x(2x + 2) when read), or once multiplied out."""
    from .expr import canon
    a, b = canon(a), canon(b)
    return a == b or (a - b).expand() == 0


def plain(e: Expr, notation: Notation, names: dict | None = None, read=None) -> str:
    """``e`` in the student's plain notation; ``names`` writes a symbol another way (the function's
    symbol as S(x)); ``read`` reads a text back (a changed expression keeps the more explicit text)."""
    written = _Printer(notation, names or {}).doprint(e).replace("**", "^")
    tries = [written] if notation.stars else [_side_by_side(written), written]
    if read is None:
        return tries[0]
    for text in tries:
        try:
            if same(read(text), e):
                return text
        except (ValueError, TypeError, SyntaxError, RecursionError):
            continue
    return StrPrinter({"order": "none"}).doprint(e).replace("**", "^")


def latex(e: Expr, notation: Notation, names: dict | None = None, read=None) -> str:
    """``e`` in LaTeX between $…$, as a student types it: \\sin(2x) rather than SymPy's
    \\sin{\\left(2 x \\right)}, \\ln where they write ln; kept only if ``read`` reads it back as ``e``
    (else derive's LaTeX as it is)."""
    from .printing.written import to_latex

    full = to_latex(e, names or {})
    if read is not None:
        light = typed(full, notation)
        try:
            if same(read(light), e):
                return f"${light}$"
        except (ValueError, TypeError, SyntaxError, RecursionError):
            pass
    return f"${full}$"


def typed(tex: str, notation: Notation) -> str:
    """SymPy's LaTeX as a person types it: a function's argument in plain brackets, no \\left and
    \\right, no space in 2x, -x or x(x - 1)."""
    out, k = [], 0
    while (start := tex.find("{\\left(", k)) >= 0:  # \sin{\left(2 x \right)} → \sin(2 x)
        end = _matching_right(tex, start + 7)
        if end is None or not tex.startswith("\\right)}", end):
            break
        out += [tex[k:start], "(", typed(tex[start + 7:end], notation).strip(), ")"]
        k = end + 8
    text = "".join(out) + tex[k:]
    text = text.replace("\\left(", "(").replace("\\right)", ")")
    text = re.sub(r"(^|[{(])- ", r"\1-", text)  # -2, e^{-x}
    text = re.sub(r"(?<=[0-9]) (?=[A-Za-z\\(])", "", text)  # 2x, 2\sin(x), 2(x + 1)
    text = re.sub(r"(?<=[A-Za-z0-9)}]) (?=\()", "", text)  # x(x - 1)
    return re.sub(r"\\log(?![A-Za-z])", r"\\ln", text) if notation.ln else text


def _matching_right(tex: str, k: int) -> int | None:
    """The index of the \\right) that closes the \\left( before ``k``."""
    depth = 1
    while k < len(tex):
        if tex.startswith("\\left(", k):
            depth, k = depth + 1, k + 6
        elif tex.startswith("\\right)", k):
            depth -= 1
            if depth == 0:
                return k
            k += 7
        else:
            k += 1
    return None


__all__ = ["Notation", "latex", "notation_of", "plain", "same", "typed"]
