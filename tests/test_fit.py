"""Output that fits: no text line wider than its width (plain and with a terminal's colours),
no LaTeX line wider than the page (pdflatex's log), folding by --depth, escaped user text."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from sympy.printing.pretty.pretty_symbology import line_width

from derive.catalog import CATALOG
from derive.engine import derive_each
from derive.printing import document, latex, markdown, text
from derive.printing.escape import latex_text, markdown_code, terminal
from derive.printing.page import ALL
from derive.printing.written import decimal, to_latex, to_pretty
from sympy import Rational, Symbol, pi, sqrt
from strategies import expressions
from texcheck import assert_document_compiles, minimal_document

WIDTHS = (60, 80, 120)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def entries():
    return [d for e in CATALOG for d in derive_each(e.name, None, 1)]


def widest(out: str) -> int:
    return max(line_width(ANSI.sub("", ln)) for ln in out.split("\n"))


@pytest.mark.parametrize("width", WIDTHS)
def test_every_catalog_entry_fits_the_width(entries, width):
    for d in entries:
        for terminal_colours in (False, True):
            out = text.render([d], terminal=terminal_colours, width=width)
            assert widest(out) <= width, (d.input, width, terminal_colours)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_catalog_listing_fits_the_width(entries, width):
    lines = text.catalog_lines(entries, [e for e in CATALOG for _ in derive_each(e.name, None, 1)], width)
    assert max(line_width("".join(s for s, _ in ln).rstrip()) for ln in lines) <= width


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(expressions("mixed", max_leaves=8))
def test_generated_expressions_fit(source):
    from derive.parse import ParseError
    try:
        ds = derive_each(source, None, 1)
    except (ParseError, ValueError):
        return
    for width in WIDTHS:
        assert widest(text.render(ds, width=width)) <= width, (source, width)


def test_a_long_line_is_broken_at_its_signs():
    ds = derive_each("gelu_tanh", None, 1)
    out = text.render(ds, width=60)
    assert widest(out) <= 60
    assert re.search(r"^\s+\+ ", out, re.M)  # a continuation line starts with its sign


def test_the_label_moves_under_a_line_too_wide_for_it():
    ds = derive_each("sigmoid", None, 1)
    wide, narrow = text.render(ds, width=120), text.render(ds, width=60)
    assert re.search(r"^\s+8\s+= S\(x\)⋅\(1 - S\(x\)\)\s+Substitute the definition back", wide, re.M)
    assert re.search(r"^\s+8\s+= S\(x\)⋅\(1 - S\(x\)\)$", narrow, re.M)
    assert re.search(r"^\s+Substitute the definition back  alg-fold-definition  ✓$", narrow, re.M)


@pytest.mark.parametrize("r, shown", [
    (Rational(8943, 200000), "0.044715"), (Rational(1, 100), "0.01"), (Rational(-3, 1000), "-0.003"),
    (Rational(1, 2), None), (Rational(1, 8), None), (Rational(1, 3), None), (Rational(5), None),
])
def test_decimals_as_their_source_writes_them(r, shown):
    assert decimal(r) == shown


def test_constants_keep_their_source_form():
    x = Symbol("x")
    e = sqrt(2) / sqrt(pi) * (x + Rational(8943, 200000) * x ** 3)
    assert to_latex(e) == r"\sqrt{\frac{2}{\pi}} \left(0.044715 x^{3} + x\right)"  # no writing: a textbook's order
    assert "0.044715" in to_pretty(e) and "200000" not in to_pretty(e)
    assert "8943" in to_latex(e, source_forms=False)  # the JSON's latex keeps its old form


def test_latex_fits_the_page(entries, tmp_path):
    """Every catalog entry, as a fragment in a default article and as a standalone document:
    pdflatex reports no overfull line."""
    fragment = minimal_document("\n".join(latex.render(d) for d in entries))
    assert_document_compiles(fragment, tmp_path, "fragment")
    assert "Overfull \\hbox" not in (tmp_path / "fragment.log").read_text(encoding="latin-1")
    assert_document_compiles(document.render(entries), tmp_path, "notes")
    assert "Overfull \\hbox" not in (tmp_path / "notes.log").read_text(encoding="latin-1")


CALCULUS = ["sin(x**2)*sigmoid(cos(x))", "sqrt(2*x+1)", "atan(1/x)", "(x^2+1)/(x-1)", "x/sqrt(x^2+1)",
            "exp(exp(x))", "log(x/(1 - x))", "(3x+2)^5", "softplus(2*x)", "x**(1/3)"]


def test_calculus_latex_fits_the_page(tmp_path):
    """Expressions of a calculus course, every sub-step shown, as a fragment and as a standalone
    document (with the result and the forward pass's values): no overfull line."""
    from derive.engine import derive

    ds = [derive(s) for s in CALCULUS]
    fragment = minimal_document("\n".join(latex.render(d, depth=ALL) for d in ds))
    assert_document_compiles(fragment, tmp_path, "calculus")
    assert "Overfull \\hbox" not in (tmp_path / "calculus.log").read_text(encoding="latin-1")
    assert_document_compiles(document.render(ds), tmp_path, "calculus-notes")
    assert "Overfull \\hbox" not in (tmp_path / "calculus-notes.log").read_text(encoding="latin-1")


# --- user text, escaped for each format ----------------------------------------------------

HOSTILE = r"\input{secret}"


@pytest.mark.parametrize("text_in, out", [
    ("a\x1b[31mb", "a\\x1b[31mb"), ("bell\x07", "bell\\x07"), ("rtl\u202eevil", "rtl\\u202eevil"), ("x", "x"),
])
def test_terminal_escape(text_in, out):
    assert terminal(text_in) == out


def test_latex_and_markdown_escape():
    assert latex_text(HOSTILE) == r"\textbackslash{}input\{secret\}"
    assert markdown_code("a`b") == "``a`b``" and markdown_code("<b>") == "`<b>`"


def test_a_hostile_variable_name_is_escaped_everywhere(cli):
    for fmt in ("latex", "markdown", "text"):
        result = cli("2", "--wrt", HOSTILE, "--format", fmt)
        assert "\\input{" not in result[1] or fmt == "text", fmt
    code, out, err = cli("2", "--wrt", "x\x1b[2J", "--format", "text")
    assert "\x1b" not in out


def test_width_and_depth_options(cli):
    code, out, err = cli("sigmoid", "--width", "60")
    assert code == 0 and widest(out) <= 60
    code, out, err = cli("sigmoid", "--depth", "all")
    assert code == 0 and re.search(r"^\s*2\.2\.2\.2\.1\s", out, re.M)
    code, out, err = cli("sigmoid", "--depth", "0")
    assert code == 0 and not re.search(r"^\s*2\.1\s", out, re.M)
    for bad in (("--width", "5"), ("--depth", "-1"), ("--depth", "deep")):
        code, out, err = cli("sigmoid", *bad)
        assert code == 2 and err.startswith("derive: error: ") and err.count("\n") == 1, bad


def test_json_holds_every_step_whatever_the_depth(cli):
    assert cli("sigmoid", "--format", "json", "--depth", "0") == cli("sigmoid", "--format", "json")


# --- a lecturer's abbreviation -------------------------------------------------------------

def test_a_long_repeated_inner_expression_is_named_once():
    from derive.printing.abbrev import abbreviated
    from sympy import Derivative, diff, sympify
    [d] = derive_each("gelu_tanh", None, 1)
    shown, (letter, expr) = abbreviated(d)
    assert str(letter) == "u"  # the letter the chain rule gave the same expression: one value, one letter
    chain_letters = {str(s.let[0]) for top in d.steps for s in top.walk() if s.rule == "d-chain"}
    assert chain_letters == {"u"} and "u" not in {str(t) for t, _ in d.cached_values}  # u means nothing else
    x = d.variable
    assert sympify(expr).equals(sqrt(2 / pi) * (x + Rational(44715, 1000000) * x ** 3))
    out = text.render([d], width=80)
    assert re.search(r"^Let u = ", out, re.M) and out.count("0.044715") == 1  # once, in u's definition
    tex = latex.render(d)
    assert tex.startswith("\\begin{align*}\n" r"\text{let } u &= \sqrt{\frac{2}{\pi}} \left(x + 0.044715 x^{3}\right)")
    assert "\\partial" not in tex  # written in u, a derivative is still d/dx
    md = markdown.render(d)
    assert "where $$ u = " in md
    compared = 0
    for s, t in zip([w for top in d.steps for w in top.walk()], [w for top in shown.steps for w in top.walk()]):
        if s.expression.atoms(Derivative) or s.expression.free_symbols != {x}:
            continue
        back = t.expression.xreplace({letter: expr})  # the lines say the same, written in u
        assert abs(complex((back - s.expression).subs(x, 0.37).evalf())) < 1e-9
        compared += 1
    assert compared >= 2


def test_no_abbreviation_where_nothing_long_repeats(entries):
    from derive.printing.abbrev import candidate
    assert [d.input for d in entries if candidate(d)] == ["gelu_tanh"]


def _at_a_terminal(columns: int, *args: str) -> str:
    """derive's output at a pseudo-terminal ``columns`` wide (colours on, $COLUMNS unset)."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    done = subprocess.run([sys.executable, "-m", "derive", *args], stdin=child, stdout=child, stderr=child,
                          env=env, timeout=120)
    os.close(child)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert done.returncode == 0
    return out.decode()


@pytest.mark.parametrize("columns", [60, 80])
def test_at_a_terminal_the_terminal_width_holds_with_colours(columns):
    out = _at_a_terminal(columns, "gelu_tanh").replace("\r\n", "\n")
    assert "\x1b[" in out  # rich's colours apply
    assert widest(out) <= columns


def test_a_letter_on_a_row_of_its_own_starts_with_it_not_a_comma():
    """", u = …" broken onto its own row reads "u = …": a lecturer starts no line with a comma."""
    from sympy import Symbol, exp, log, tanh

    from derive.printing.fit import fitted

    x, u = Symbol("x"), Symbol("u")
    inner = log(1 + exp(x))
    picture = fitted(["= "], [("", [tanh(inner) * exp(x) / (1 + exp(x))]), (",  ", [u, " = ", inner])], {}, 30)
    rows = [ln.strip() for ln in picture.split("\n")]
    assert any(r.startswith("u = log") for r in rows)
    assert not any(r.startswith(",") for r in rows)
