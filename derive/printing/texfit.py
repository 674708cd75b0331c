"""LaTeX equations broken to a page's width, as :mod:`.fit` breaks text.

TeX does not break a display by itself, so the breaks are chosen here, by an estimate of
each piece's width: its Unicode 2-D picture's width in characters times :data:`PT_PER_COLUMN`
(measured by pdflatex over the catalog's steps: at most 6.1 pt a column in article's 10 pt
display maths).  A sum too wide is broken at its top-level + and −, then a product at its
factors, a fraction inside its numerator and denominator (a ``gathered`` block each); each
continuation starts with its sign.
"""
from __future__ import annotations

from sympy import Add, Mul, UnevaluatedExpr

from ..expr import split_sign
from ..order import terms as written_terms
from .written import WrittenLatex, WrittenPretty, layout, needs_parens

PT_PER_COLUMN = 5.0
ARTICLE_TEXT_WIDTH = 345.0  # pt: \textwidth of article at 10 pt with default margins


class TexFitter:
    def __init__(self, names: dict | None = None, pretty_names: dict | None = None):
        self.tex = WrittenLatex(names)
        self.pretty = WrittenPretty(pretty_names)

    def columns(self, expr) -> int:
        return self.pretty._print(expr).width()

    def rows(self, expr, room: float) -> list[str]:
        """``expr`` in LaTeX rows, each estimated within ``room`` columns (continuations start with
        their sign, ``+ …`` or ``\\cdot …``)."""
        if self.columns(expr) <= room:
            return [self.tex._print(expr)]
        inner = expr.args[0] if isinstance(expr, UnevaluatedExpr) else expr
        if isinstance(inner, Add):
            return self._sum(inner, room)
        if isinstance(inner, Mul):
            return self._product(inner, room)
        return [self.tex._print(expr)]

    def _pack(self, pieces: list, room: float) -> list[str]:
        """Pieces (joiner, expression, its LaTeX, breakable?) packed greedily into rows."""
        out, used = [], 0
        for joiner, expr, tex, breakable in pieces:
            size = self.columns(expr) + len(joiner)
            if out and used + size <= room:
                out[-1] += " " + joiner + " " + tex if joiner else " " + tex
                used += size
            elif size <= room or not breakable:
                out.append((joiner + " " + tex).strip())
                used = size
            else:
                inner = self.rows(expr, room - len(joiner) - 1)
                out.append((joiner + " " + inner[0]).strip())
                out += inner[1:]
                used = room  # nothing more on a broken piece's last row
        return out

    def _sum(self, expr, room: float) -> list[str]:
        pieces = []
        for k, term in enumerate(written_terms(expr)):
            neg, body = split_sign(term)
            tex = self.tex._print(body)
            bracket = neg and isinstance(body, Add)
            if bracket:
                tex = self._bracketed(body, room - 3)
            pieces.append((("-" if neg else "") if k == 0 else ("-" if neg else "+"), body, tex, not bracket))
        return self._pack(pieces, room)

    def _product(self, expr, room: float) -> list[str]:
        neg, up, down = layout(expr)
        if down:
            top = self._factors(up, room, expr)
            bottom = self._factors(down, room)
            block = r"\frac{%s}{%s}" % (_gathered(top), _gathered(bottom))
            return [("- " if neg else "") + block]
        rows = self._factors(up, room - 1, expr)
        return [("- " if neg else "") + rows[0]] + rows[1:]

    def _factors(self, fs: list, room: float, product=None) -> list[str]:
        if len(fs) == 1:
            return self.rows(fs[0], room)
        pieces = []
        for k, f in enumerate(fs):
            bracket = needs_parens(f, k == 0, product)
            tex = self._bracketed(f, room - 3) if bracket else self.tex._print(f)
            pieces.append((r"\cdot" if k else "", f, tex, not bracket))
        return self._pack(pieces, room)

    def _bracketed(self, expr, room: float) -> str:
        """(expr) in brackets that stretch over its rows when it must be broken inside them."""
        inner = expr.args[0] if isinstance(expr, UnevaluatedExpr) else expr
        return r"\left(%s\right)" % _gathered(self.rows(inner, room))


def _gathered(rows: list[str]) -> str:
    return rows[0] if len(rows) == 1 else r"\begin{gathered}%s\end{gathered}" % r" \\ ".join(rows)


def room_in_columns(points: float) -> float:
    return points / PT_PER_COLUMN
