"""What the CLI's commands share: an error as a terminal shows it (derive/console.py)."""
import pytest

from derive.console import at_terminal

LONG = ("derive: error: 'sin^-1(2x)': sin^-1 at column 1 could mean the inverse or the reciprocal: "
        "write asin(x) or 1/sin(x)")


@pytest.mark.parametrize("width, lines", [
    (80, ["derive: error: 'sin^-1(2x)': sin^-1 at column 1 could mean the inverse or the",
          "  reciprocal: write asin(x) or 1/sin(x)"]),
    (200, [LONG]),
])
def test_an_error_breaks_between_words_at_the_terminal(width, lines):
    assert at_terminal(LONG, width).splitlines() == lines
    assert all(len(ln) < width for ln in lines)


def test_a_word_longer_than_the_terminal_is_not_cut():
    assert at_terminal("derive: error: " + "x" * 90, 80).splitlines() == ["derive: error:", "  " + "x" * 90]
