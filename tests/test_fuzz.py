"""Fuzzing the command line (issue #7): random text, text built from grammar fragments and
random well-formed expressions go through ``derive`` in-process, and a few through a real
``python -m derive``.  Every input ends (each run has a --timeout) with either

* exit 0 and a derivation whose steps are all verified (stderr empty, or notes on how an
  ambiguous input was read: ``derive: note: ...``), or
* exit 2, nothing on stdout and exactly one line on stderr, ``derive: error: ...``.

Exit 1 (unverified, or an internal error) and a traceback are failures.  No run is timed: whether
an input is given up by its --timeout depends on the machine's load, and both outcomes are allowed.  Examples per test:
the hypothesis profile's (100 by default, 2000 with ``make fuzz``).
"""
import json
import subprocess
import sys

import pytest
from hypothesis import event, given, reject
from hypothesis import strategies as st
from sympy import parse_expr

from derive.parse import ParseError, parse, symbol

from strategies import expressions, known_bug, mismatches

TIMEOUT = 5  # the --timeout given to every run
x, a = symbol("x"), symbol("a")

# Text made of pieces of the grammar, hostile ones among them.
FRAGMENTS = [
    "x", "y", "a", "x", "+", "-", "*", "/", "**", "^", "(", ")", "(", ")", ",", " ", ".", "[", "]", "{", "}",
    "exp", "log", "ln", "sqrt", "sin", "cos", "tan", "asin", "acoth", "erf", "Abs", "Max", "Min",
    "Heaviside", "sign", "Piecewise", "Sum", "sigmoid", "softmax", "relu",
    "0", "1", "2", "0.5", "1e308", "1e-400", "9" * 45, "10**10**10", "99999999999", "-1", "1_000", "0x1F", "1j",
    "pi", "E", "e", "oo", "nan", "zoo", "I", "True", "None", "...",
    "lambda", ":", "if", "else", "for", "in", "not", "and", "or", "is", "import", "yield", "await", ":=", "=",
    "==", "<", "<=", ">", "@", "//", "%", "<<", "~", "&", "|", "!", "$", "`", ";", "#", "\\",
    "__import__", "__class__", "__builtins__", "__subclasses__", "eval", "exec", "open", "os", "system",
    "'", '"', "f'", "b'", "'''", "{x}", "\t", "\n", "\x00", "\x1b", "ｘ", "é", "√", "∑",
]
grammar_text = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)
any_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
FORMATS = ["text", "json", "latex", "markdown"]


def check_outcome(text: str, code: int, out: str, err: str, fmt: str = "text") -> None:
    """The contract of one run: exit 0 and verified, or exit 2 with one line; no traceback."""
    assert "Traceback" not in err and "Traceback" not in out, (text, err)
    if code == 2:
        assert out == "", (text, out)
        assert err.startswith("derive: error: ") and err.endswith("\n") and err.count("\n") == 1, (text, err)
        return
    assert code == 0, (text, code, err)  # 1: unverified or an internal error -- a finding
    assert all(line.startswith("derive: note: ") for line in err.splitlines()), (text, err)
    assert_verified_output(out, fmt)


def assert_verified_output(out: str, fmt: str) -> None:
    if fmt == "text":
        assert "NOT VERIFIED" not in out and "verified numerically" in out, out
    elif fmt == "json":
        assert json.loads(out)["verified"] is True
    elif fmt == "latex":
        assert "unverified" not in out and out.startswith("\\begin{align*}"), out
    else:
        assert "unverified" not in out and "all steps verified numerically" in out, out


def run(cli, *args):
    return cli("--timeout", str(TIMEOUT), *args)


@given(any_text)
def test_random_text(cli, text):
    code, out, err = run(cli, "--", text)
    check_outcome(text, code, out, err)


@given(grammar_text, st.sampled_from(FORMATS))
def test_text_from_grammar_fragments(cli, text, fmt):
    code, out, err = run(cli, "--format", fmt, "--", text)
    check_outcome(text, code, out, err, fmt)


@given(grammar_text)
def test_text_from_grammar_fragments_with_a_variable(cli, text):
    code, out, err = run(cli, "--wrt", "x", "--", text)
    check_outcome(text, code, out, err)


@pytest.mark.parametrize("family", ["mixed", "pieces"])
@given(data=st.data())
def test_well_formed_expressions(cli, family, data):
    """Random expression trees through the CLI in a random format; the JSON's derivative
    is compared with sympy.diff."""
    text = data.draw(expressions(family), label="input")
    fmt = data.draw(st.sampled_from(FORMATS), label="format")
    try:
        if known_bug(parse(text), x):
            reject()
    except ParseError:
        pass
    code, out, err = run(cli, "--wrt", "x", "--format", fmt, "--", text)
    if code == 1 and any(crash in err for crash in KNOWN_CRASH_MESSAGES):
        event("known crash")
        reject()
    check_outcome(text, code, out, err, fmt)
    if code == 0 and fmt == "json":
        check_json_derivative(text, json.loads(out))


# The CLI's one line for the crashes in strategies.KNOWN_CRASHES (reproducers in test_properties.py).
KNOWN_CRASH_MESSAGES = ["internal error (NotImplementedError: ", "Invalid comparison of non-real zoo",
                        "'FPContext' object has no attribute 'atanh'", "cannot determine truth value of Relational",
                        "Invalid NaN comparison"]


def check_json_derivative(text: str, data: dict) -> None:
    names = {"x": x, "a": a}
    derivative = parse_expr(data["derivative"], local_dict=names)
    assert not mismatches(parse(text), derivative, x, text), (text, data["derivative"])
    assert all(s["verified"] for s in data["steps"]) and data["verified"] is True


# --- a real process: nothing escapes as a traceback -------------------------------------------

PROCESS_INPUTS = ["sigmoid", "", "__import__('os').system('true')", "(" * 3000 + "x" + ")" * 3000, "\x1b[31mx",
                  "acoth(x)"]  # acoth crashed once (mpmath's float context); fixed


@pytest.mark.parametrize("text", PROCESS_INPUTS, ids=lambda t: repr(t[:20]))
def test_python_dash_m_never_shows_a_traceback(text):
    done = subprocess.run([sys.executable, "-m", "derive", "--timeout", str(TIMEOUT), "--", text],
                          capture_output=True, text=True, timeout=600)  # only a hang reaches this
    assert "Traceback" not in done.stderr, done.stderr
    check_outcome(text, done.returncode, done.stdout, done.stderr)
