"""A corpus of hostile inputs: each is refused with one line and exit code 2, by a check (not by
running out of its time budget: no run is timed, the machine may be busy), and nothing runs: the test works in an empty folder, every MARKER in a line is a file there, and
the folder must still be empty afterwards.  Long inputs are generated here, not stored."""
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "data" / "hostile.txt"


def _inputs():
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            continue
        yield line.encode().decode("unicode_escape") if "\\x" in line else line


def check_refused_quickly(cli, text: str) -> None:
    """Refused by a check, not by the --timeout budget (60 s: only a hang would reach it)."""
    code, out, err = cli("--timeout", "60", "--", text)
    assert code == 2, (text[:80], out[:200], err)
    assert out == ""
    assert err.startswith("derive: error:") and err.count("\n") == 1 and "Traceback" not in err
    assert "gave up" not in err, (text[:80], err)


@pytest.mark.parametrize("text", list(_inputs()), ids=lambda t: t[:25])
def test_hostile_input_is_refused_cleanly(cli, tmp_path, monkeypatch, text):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    check_refused_quickly(cli, text.replace("MARKER", str(marker)))
    assert not marker.exists()
    assert list(tmp_path.iterdir()) == []  # nothing at all was written in the working folder


def test_the_corpus_covers_every_category():
    lines = list(_inputs())
    for needle in ["__import__", "open(", "__class__", "lambda", " for ", "f\"", ":=", "9**9**9",
                   "x**99999999999", "factorial(100000)", "\x00", "\x1b", "ｏｐｅｎ"]:
        assert any(needle in line for line in lines), needle
    assert all("MARKER" in line for line in lines if "open(" in line or "touch" in line)


# Generated inputs: issue #4's limits and more (id, text).  Each gets a quick, one-line refusal.
LONG = [
    ("3000-nested-parens", "(" * 3000 + "x" + ")" * 3000),
    ("50000-term-sum", "+".join(["x"] * 50000)),
    ("x**99999999999", "x**99999999999"),
    ("factorial(100000)", "factorial(100000)"),
    ("1-MB", "x" * 1_000_000),
    ("100000-digits", "9" * 100_000),
    ("40-digits-and-one", "1" * 41 + "*x"),
    ("1999-unary-minus", "-" * 1999 + "x"),
    ("999-nested-parens", "(" * 999 + "x" + ")" * 999),
    ("399-nested-sin", "sin(" * 399 + "x" + ")" * 399),
    ("101-nested-exp", "exp(" * 101 + "x" + ")" * 101),
    ("600-power-chain", "x**" * 600 + "x"),
    ("999-factor-product", "*".join(["x"] * 999)),
    ("nul-in-long-input", "x+" * 500 + "\x00"),
]


@pytest.mark.parametrize("text", [t for _, t in LONG], ids=[i for i, _ in LONG])
def test_huge_inputs_are_refused_quickly(cli, tmp_path, monkeypatch, text):
    monkeypatch.chdir(tmp_path)
    check_refused_quickly(cli, text)


@pytest.mark.parametrize("text", ["", " ", "   \t  "], ids=["empty", "space", "whitespace"])
def test_empty_input_is_refused(cli, text):
    check_refused_quickly(cli, text)
