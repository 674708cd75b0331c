"""Styled text blocks for the terminal printer.

A block is a list of lines; a line is a list of ``(text, style)`` segments, the style a rich
style name or None.  Blocks are laid out in columns by their width as SymPy's pretty printer
measures it (the pictures inside come from it).  The result is plain text, or, for a terminal,
the same text with the styles applied by rich, which is imported only then: printing into a
pipe or a file does not pay for it.
"""
from __future__ import annotations

from sympy.printing.pretty.pretty_symbology import line_width

from .escape import terminal

Line = list  # [(text, style or None), ...]


def block(text: str, style: str | None = None) -> list[Line]:
    """A block of one segment per line of ``text``."""
    return [[(part, style)] for part in text.split("\n")]


def width(line: Line) -> int:
    return sum(line_width(s) for s, _ in line)


def columns(rows: list[list[list[Line]]], right: frozenset = frozenset(), gap: int = 2) -> list[Line]:
    """Rows of cells (each a block) as one block: every column as wide as its widest line, cells
    aligned at the top, the columns in ``right`` justified right, ``gap`` spaces between."""
    widths = [max((width(ln) for row in rows for ln in row[k]), default=0) for k in range(len(rows[0]))]
    out: list[Line] = []
    for row in rows:
        for n in range(max(len(cell) for cell in row)):
            line: Line = []
            for k, cell in enumerate(row):
                part = cell[n] if n < len(cell) else []
                pad = [(" " * (widths[k] - width(part)), None)]
                line += (pad + part if k in right else part + pad) + [(" " * gap, None)]
            out.append(line)
    return out


def plain(lines: list[Line]) -> str:
    """The text, each line without trailing blanks (control characters shown as escapes)."""
    return "".join(terminal("".join(s for s, _ in ln).rstrip()) + "\n" for ln in lines)


def ansi(lines: list[Line]) -> str:
    """The text with the styles as a terminal shows them (through rich; NO_COLOR is respected)."""
    import io

    from rich.console import Console
    from rich.text import Text

    console = Console(file=io.StringIO(), force_terminal=True, emoji=False, markup=False, highlight=False)
    for ln in lines:
        t = Text(no_wrap=True, overflow="ignore", end="\n")
        for s, style in stripped(ln):
            t.append(terminal(s), style=style)
        console.print(t, soft_wrap=True)
    return console.file.getvalue()


def stripped(line: Line) -> Line:
    """The segments without the line's trailing blanks."""
    segments = list(line)
    while segments and not segments[-1][0].strip():
        segments.pop()
    if segments:
        s, style = segments[-1]
        segments[-1] = (s.rstrip(), style)
    return segments
