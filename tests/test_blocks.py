"""Styled text blocks: columns, plain text, colours for a terminal."""
import re

import pytest

from derive.printing.blocks import ansi, block, columns, plain, width


@pytest.mark.parametrize("line, expected", [
    ([], 0),
    ([("abc", None)], 3),
    ([("ab", "bold"), ("✓", "green")], 3),
    ([("e\u20d7", None)], 1),  # a combining arrow takes no column (SymPy's vector pictures)
])
def test_width(line, expected):
    assert width(line) == expected


@pytest.mark.parametrize("rows, right, expected", [
    ([[block("1"), block("a")]], frozenset(), "1  a\n"),
    ([[block("1"), block("a")], [block("10"), block("bb")]], frozenset({0}), " 1  a\n10  bb\n"),
    ([[block("1"), block("top\nlow")], [block("2"), block("x")]], frozenset(), "1  top\n   low\n2  x\n"),
    ([[block("a\nb\nc"), block("x")]], frozenset(), "a  x\nb\nc\n"),
])
def test_columns_align_at_the_top_and_pad(rows, right, expected):
    assert plain(columns(rows, right)) == expected


def test_ansi_shows_the_same_text_with_styles():
    lines = [[("ok", "green"), ("  ", None), ("done", "bold")], [("plain   ", None)]]
    out = ansi(lines)
    assert "\x1b[" in out
    assert re.sub(r"\x1b\[[0-9;]*m", "", out) == plain(lines) == "ok  done\nplain\n"


def test_ansi_keeps_markup_and_emoji_codes_as_text():
    lines = [[("[bold]x[/bold] :smile:", None)]]
    assert re.sub(r"\x1b\[[0-9;]*m", "", ansi(lines)) == "[bold]x[/bold] :smile:\n"


def test_no_colour_when_asked(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[3" not in ansi([[("ok", "green")]])


def test_ansi_neither_wraps_nor_crops_wide_lines():
    lines = [[("x" * 300, "cyan"), (" y", None)]]
    assert re.sub(r"\x1b\[[0-9;]*m", "", ansi(lines)) == "x" * 300 + " y\n"
