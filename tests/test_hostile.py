"""A corpus of hostile inputs: each is refused with one line and exit code 2, quickly, and
nothing runs: the test works in an empty folder, every MARKER in a line is a file there, and
the folder must still be empty afterwards.  Long inputs are generated here, not stored."""
import time
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "data" / "hostile.txt"
QUICK = 2.0  # seconds: a refusal must not need the --timeout budget


def _inputs():
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            continue
        yield line.encode().decode("unicode_escape") if "\\x" in line else line


def check_refused_quickly(cli, text: str) -> None:
    start = time.monotonic()
    code, out, err = cli("--timeout", "5", "--", text)
    elapsed = time.monotonic() - start
    assert code == 2, (text[:80], out[:200], err)
    assert out == ""
    assert err.startswith("derive: error:") and err.count("\n") == 1 and "Traceback" not in err
    assert elapsed < QUICK, (text[:80], f"{elapsed:.2f} s")


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


# --wrt reaches every output, even when the expression has no symbols (`derive 2`): only a name
# passes (issue 17.2).  (text given to --wrt, words in the one-line error)
HOSTILE_WRT = [
    ("\\input{secret}", "cannot name a variable"),
    ("\\write18{touch MARKER}", "cannot name a variable"),
    ("\x1b[31mred", "the text given cannot name a variable"),
    ("<script>", "cannot name a variable"),
    ("x y", "cannot name a variable"),
    ("_x", "cannot name a variable"),
    ("1x", "cannot name a variable"),
    ("", "cannot name a variable"),
    ("a" * 21, "cannot name a variable"),
    ("exp", "'exp' is a function"),
    ("Max", "'Max' is a function"),
    ("pi", "'pi' is a constant"),
]


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown", "json"])
@pytest.mark.parametrize("wrt,says", HOSTILE_WRT, ids=[repr(w[:12]) for w, _ in HOSTILE_WRT])
def test_wrt_must_be_a_name(cli, tmp_path, monkeypatch, wrt, says, fmt):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("--format", fmt, "--wrt", wrt.replace("MARKER", str(tmp_path / "pwned")), "--", "2")
    assert code == 2 and out == ""
    assert err.startswith("derive: error: --wrt: ") and says in err and err.count("\n") == 1
    assert "\x1b" not in err and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("wrt", ["x", "t", "a_1", "Theta", "x" * 20])
def test_a_name_is_a_good_wrt(cli, wrt):
    code, out, err = cli("--wrt", wrt, "--format", "json", "--", "2")
    assert code == 0 and err == "" and f'"{wrt}"' in out


# A comment would hide text from the parser but not from the printers (`x # <b>`): refused.
COMMENTS = ["x # <b>bold</b>", "x#", "#x", "sin(x) # \\input{secret}", "x + 1 #\t"]


@pytest.mark.parametrize("text", COMMENTS, ids=repr)
def test_comments_are_refused(cli, text):
    code, out, err = cli("--format", "markdown", "--", text)
    assert code == 2 and out == "" and "comments (#) are not allowed" in err and err.count("\n") == 1
