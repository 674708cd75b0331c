"""Unicode 2-D pictures broken to a width, as a person breaks a long line on the board.

An equation too wide for its width is broken first at its own signs: each ``= value``,
``, u = …`` and ``for x < 0`` starts a new line, the ``=`` under the ``=`` before it.  An
expression still too wide is broken at its top-level + and − (the continuation lines start
with the sign, aligned under the first term), then a product at its factors (``⋅ factor``),
a fraction in its numerator and denominator, a bracketed factor or a function's argument
inside its brackets.  What no break can narrow is written on one line (SymPy syntax) and
wrapped: nothing is ever wider than the width it was given, and nothing is cut off.
"""
from __future__ import annotations

from sympy import Add, Function, Mul, UnevaluatedExpr
from sympy.printing.pretty.pretty_symbology import line_width
from sympy.printing.pretty.stringpict import prettyForm, stringPict

from ..expr import split_sign
from ..order import terms as written_terms
from .written import WrittenPretty, layout, needs_parens, to_sympy

EQUALS = " = "


def width(pic) -> int:
    return pic.width() if isinstance(pic, stringPict) else max(map(line_width, str(pic).split("\n")))


def beside(*pics) -> prettyForm:
    """Pictures side by side, on a common baseline."""
    forms = [prettyForm(p) if isinstance(p, str) else p for p in pics]
    return prettyForm(*stringPict.next(*forms)) if len(forms) > 1 else forms[0]


def under(rows: list, indent: int = 0) -> prettyForm:
    """Rows on top of each other, left-aligned, the later ones ``indent`` to the right; the
    baseline is the first row's."""
    lines: list[str] = []
    for k, row in enumerate(rows):
        pad = " " * (indent if k else 0)
        lines += [pad + ln for ln in (row.picture if isinstance(row, stringPict) else str(row).split("\n"))]
    first = rows[0]
    base = first.baseline if isinstance(first, stringPict) else 0
    most = max(map(line_width, lines))
    return prettyForm("\n".join(ln + " " * (most - line_width(ln)) for ln in lines), baseline=base)


def linear(expr, room: int) -> list[prettyForm]:
    """The last resort: the expression on one line, in SymPy syntax, wrapped at ``room``."""
    words, rows, row = to_sympy(expr).replace("**", "^").split(" "), [], ""
    for w in words:
        while line_width(w) > room:
            if row:
                rows.append(row)
                row = ""
            rows.append(w[:room])
            w = w[room:]
        if row and line_width(row) + 1 + line_width(w) > room:
            rows.append(row)
            row = w
        else:
            row = f"{row} {w}" if row else w
    return [prettyForm(r) for r in rows + ([row] if row else [])] or [prettyForm("")]


class Fitter:
    """Pictures of expressions within a width (see the module's docstring)."""

    def __init__(self, names: dict | None = None):
        self.printer = WrittenPretty(names)

    def picture(self, item) -> prettyForm:
        return prettyForm(item) if isinstance(item, str) else self.printer._print(item)

    def rows(self, expr, room: int) -> list[prettyForm]:
        """``expr`` as rows, none wider than ``room`` (continuations already carry their sign)."""
        whole = self.picture(expr)
        if width(whole) <= room:
            return [whole]
        inner = expr.args[0] if isinstance(expr, UnevaluatedExpr) else expr
        for way in (self._sum, self._product, self._call):
            rows = way(inner, room)
            if rows is not None and all(width(r) <= room for r in rows):
                return rows
        return linear(expr, room)

    def block(self, expr, room: int) -> prettyForm:
        return under(self.rows(expr, room))

    def _pack(self, pieces: list, room: int) -> list:
        """Pieces (joiner, expression) packed greedily into rows; a piece too wide for a row is
        broken itself, its later rows indented past the joiner."""
        out: list = []
        for joiner, pic, expr in pieces:
            lead = joiner if out else joiner.lstrip()
            if out and width(out[-1]) + width(lead) + width(pic) <= room:
                out[-1] = beside(out[-1], lead, pic)
                continue
            lead = joiner.strip() + " " if joiner.strip() and out else lead
            if width(lead) + width(pic) <= room:
                out.append(beside(lead, pic) if lead else pic)
            else:
                inner = self.rows(expr, max(room - width(lead), 1))
                out.append(beside(lead, under(inner)) if lead else under(inner))
        return out

    def _sum(self, expr, room: int):
        if not isinstance(expr, Add):
            return None
        pieces = []
        for k, term in enumerate(written_terms(expr)):
            neg, body = split_sign(term)
            joiner = ("-" if neg else "") if k == 0 else (" - " if neg else " + ")
            pic = self.picture(body)
            if neg and isinstance(body, Add):
                pic = prettyForm(*pic.parens())
            pieces.append((joiner, pic, body))
        return self._pack(pieces, room)

    def _product(self, expr, room: int):
        if not isinstance(expr, Mul):
            return None
        neg, up, down = layout(expr)
        sign = "-" if neg else ""
        if down:
            top = self._product_rows(up, room, expr) if len(up) != 1 else self.rows(up[0], room)
            bottom = self._product_rows(down, room)
            if top is None or bottom is None:
                return None
            frac = prettyForm(*stringPict.stack(under(top), stringPict.LINE, under(bottom)))
            return [beside(sign, frac) if sign else frac]
        rows = self._product_rows(up, room - len(sign), expr)
        return None if rows is None else [beside(sign, rows[0])] + rows[1:] if sign else rows

    def _product_rows(self, fs: list, room: int, product=None):
        pieces = []
        for k, f in enumerate(fs):
            bracket = len(fs) > 1 and needs_parens(f, k == 0, product)
            inner = f.args[0] if isinstance(f, UnevaluatedExpr) else f
            pic = self.picture(inner)
            if bracket:
                pic = prettyForm(*pic.parens())
            if bracket and width(pic) > room:
                pic = prettyForm(*self.block(inner, room - 2).parens())
            pieces.append(("⋅" if k else "", pic, inner))
        rows = self._pack(pieces, room)
        return rows if rows else None

    def _call(self, expr, room: int):
        """f(argument) with the argument broken inside the brackets."""
        if not isinstance(expr, Function) or len(expr.args) != 1:
            return None
        try:  # the name as SymPy draws it, at a plain argument (a one-piece Piecewise cannot be rebuilt so)
            name = self.picture(expr.func(expr.args[0].free_symbols.pop() if expr.args[0].free_symbols else 0))
        except (TypeError, ValueError):
            return None
        head = name.picture[name.baseline].split("(")[0]
        if not head or "(" not in name.picture[name.baseline]:
            return None
        inside = self.block(expr.args[0], room - line_width(head) - 2)
        return [beside(head, prettyForm(*inside.parens()))]

    def equation(self, head: list, segments: list, room: int) -> list[prettyForm]:
        """An equation in rows within ``room``: ``head`` (strings and expressions up to and with its
        "= ") and ``segments``, each (joiner, items): the expression after the head, "= value",
        ",  u = -x", "  for x < 0".  Broken at the joiners first (a later "= " under the first),
        then inside the expressions."""
        pics = [self.picture(p) for p in head] + [self.picture(p) for j, items in segments
                                                   for p in ([j] if j else []) + list(items)]
        if width(beside(*pics)) <= room:
            return [beside(*pics)]
        left = beside(*[self.picture(p) for p in head]) if head else None
        rows: list = []
        if left is not None and width(left) > room // 2:  # a wide left-hand side: rows of its own
            rows = self._items(head, room)
            left = None
        column = width(left) if left is not None else min(4, room // 4)
        for joiner, items in segments:
            if left is not None:
                start, left = left, None
            else:
                said = joiner.strip().lstrip(",").strip()  # a row never starts with a comma: "u = …"
                lead = "= " if joiner == EQUALS or (head and not rows) else said + " " if said else ""
                pad = max(column - (2 if lead == "= " else 0), 0)
                start = beside(" " * pad, lead) if lead else prettyForm(" " * pad)
            pic = beside(*[self.picture(p) for p in items])
            if width(start) + width(pic) <= room:
                rows.append(beside(start, pic))
                continue
            inner = self._items(items, max(room - width(start), 1))
            rows.append(beside(start, under(inner)))
        return rows

    def _items(self, items: list, room: int) -> list[prettyForm]:
        """Parts (strings and expressions: ``u = -x``) packed in rows, an expression broken if it must be."""
        out: list = []
        for item in items:
            pic = self.picture(item)
            if out and width(out[-1]) + width(pic) <= room:
                out[-1] = beside(out[-1], pic)
            elif isinstance(item, str) or width(pic) <= room:
                out.append(pic)
            else:
                out += self.rows(item, room)
        return out


def fitted_form(head: list, segments: list, names: dict, room: int) -> prettyForm:
    """The equation as a picture within ``room`` columns (see :meth:`Fitter.equation`)."""
    return under(Fitter(names).equation(head, segments, room))


def fitted(head: list, segments: list, names: dict, room: int) -> str:
    """The equation as text within ``room`` columns (see :meth:`Fitter.equation`)."""
    return fitted_form(head, segments, names, room).render(wrap_line=False)
