"""End to end: the command line, through ``derive.cli.main``, stdout and stderr apart."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sympy import IndexedBase, Symbol, diff, parse_expr

from derive.cli import Collector
from derive.parse import symbol

from clirun import run

REPO = Path(__file__).resolve().parents[1]

SIGMOID_RULES = [
    "def-differentiate", "d-quotient", "alg-arithmetic", "alg-add-subtract",
    "alg-split", "alg-cancel", "alg-factor", "alg-fold-definition",
]
SIGMOID_RESULT = "S(x)⋅(1 - S(x))"

TOP_KEYS = {"schema", "input", "name", "variable", "symbol", "parameters", "definition",
            "derivative", "written_derivative", "output_form", "steps", "verified"}
STEP_KEYS = {"rule", "title", "expression", "latex", "verified", "substeps"}

# Inputs whose derivations every format must handle.
INPUTS = ["sigmoid", "exp(x)/(1+exp(x))", "log(1+exp(x))", "x^2", "tanh(3*x)", "sin(x)*cos(x)",
          "tanh", "relu", "leaky_relu", "softmax"]


def run_json(*args: str):
    code, out, err = run(*args, "--format", "json")
    assert err == "", err
    return code, json.loads(out)


def walk_steps(steps):
    for s in steps:
        yield s
        yield from walk_steps(s["substeps"])


def expression_strings(d: dict):
    """(where, string) for every SymPy-syntax string in a derivation's JSON."""
    for key in ("definition", "derivative", "output_form"):
        if d[key] is not None:
            yield key, d[key]
    for i, s in enumerate(walk_steps(d["steps"])):
        for key in ("expression", "before", "value"):
            if key in s:
                yield f"step {i} ({s['rule']}) {key}", s[key]
        if "let" in s:
            yield f"step {i} ({s['rule']}) let.symbol", s["let"]["symbol"]
            yield f"step {i} ({s['rule']}) let.expression", s["let"]["expression"]


def assert_one_line_error(out: str, err: str) -> None:
    assert out == "", f"stdout should be empty on error, got {out!r}"
    assert err.startswith("derive: error:"), err
    assert err.endswith("\n") and err.count("\n") == 1, f"expected exactly one line on stderr: {err!r}"
    assert "Traceback" not in err


# --- text output -----------------------------------------------------------------------------

def test_sigmoid_text():
    code, out, err = run("sigmoid")
    assert code == 0
    assert err == ""
    assert SIGMOID_RESULT in out
    position = 0
    for rule in SIGMOID_RULES:
        found = out.find(rule, position)
        assert found >= 0, f"rule {rule!r} missing or out of order in:\n{out}"
        position = found + len(rule)
    assert "all 15 steps and 1 form verified" in out  # the form in y, checked on its own too
    assert "NOT VERIFIED" not in out


@pytest.mark.parametrize("name", ["sigmoid", "logistic", "SIGMOID", "  sigmoid "])
def test_catalog_names_and_aliases(name):
    code, out, err = run(name)
    assert (code, err) == (0, "")
    assert SIGMOID_RESULT in out


@pytest.mark.parametrize("args, says", [
    (("x^2",), "No form"),
    (("sin(x)*cos(x)",), "No form"),
    (("tanh(3*x)",), "3⋅⎝1 - y ⎠"),
    (("exp(x)/(1+exp(x))",), "y⋅(1 - y)"),
])
def test_text_summary(args, says):
    code, out, err = run(*args)
    assert (code, err) == (0, "")
    assert says in out
    assert "verified numerically" in out


def test_wrt_treats_the_other_symbols_as_constants():
    code, out, err = run("x*y", "--wrt", "y")
    assert (code, err) == (0, "")
    assert "Treated as constants: x" in out
    code, d = run_json("x*y", "--wrt", "y")
    assert code == 0
    assert d["variable"] == "y"
    assert d["constants"] == ["x"]
    assert d["derivative"] == "x"


def test_several_inputs_give_several_derivations():
    code, d = run_json("sigmoid", "x^2")
    assert code == 0
    assert isinstance(d, list) and [e["input"] for e in d] == ["sigmoid", "x^2"]
    code, out, err = run("sigmoid", "x^2")
    assert (code, err) == (0, "")
    assert SIGMOID_RESULT in out and "No form" in out


# --- JSON ------------------------------------------------------------------------------------

@pytest.mark.parametrize("source", INPUTS)
def test_json_schema(source):
    code, d = run_json(source)
    assert code == 0
    assert TOP_KEYS <= d.keys(), TOP_KEYS - d.keys()
    assert d["schema"] == 1
    assert d["input"] == source
    assert d["verified"] is True
    assert isinstance(d["parameters"], dict)
    assert d["steps"], "no steps"
    assert d["steps"][0]["rule"] == "def-differentiate"
    for s in walk_steps(d["steps"]):
        assert STEP_KEYS <= s.keys(), (s.get("rule"), STEP_KEYS - s.keys())
        assert isinstance(s["rule"], str) and s["rule"]
        assert isinstance(s["title"], str) and s["title"]
        assert isinstance(s["latex"], str) and s["latex"]
        assert s["verified"] is True
        assert isinstance(s["substeps"], list)


def test_json_sigmoid_content():
    code, d = run_json("sigmoid")
    assert code == 0
    assert (d["name"], d["variable"], d["symbol"]) == ("sigmoid", "x", "S")
    assert [s["rule"] for s in d["steps"]] == SIGMOID_RULES
    assert d["steps"][-1]["expression"] == "S*(1 - S)"
    assert d["output_form"] == "S*(1 - S)"
    assert d["definition"] == "1/(1 + exp(-x))"


@pytest.mark.parametrize("source, derivative, written", [
    ("sigmoid(3*x)", "3*(1 - 1/(1 + exp(-3*x)))/(1 + exp(-3*x))", "3*sigmoid(3*x)*(1 - sigmoid(3*x))"),
    ("softplus(2*x)", "2/(1 + exp(-2*x))", "2*sigmoid(2*x)"),
    ("(x^2+1)/(x-1)", "(-1 + x**2 - 2*x)/(x - 1)**2", "(x**2 - 2*x - 1)/(x - 1)**2"),
    ("sigmoid", "exp(-x)/(1 + exp(-x))**2", "exp(-x)/(1 + exp(-x))**2"),
    # a catalog function written out is read as its call (issue 13, item 3): named in the Result
    ("1/(1+exp(-3*x))", "3*(1 - 1/(1 + exp(-3*x)))/(1 + exp(-3*x))", "3*sigmoid(3*x)*(1 - sigmoid(3*x))"),
    ("x*log(1+exp(x))", "x/(1 + exp(-x)) + log(1 + exp(x))", "softplus(x) + x*sigmoid(x)"),
    ("2/(1+exp(-2*x)) - 1", "4*(1 - 1/(1 + exp(-2*x)))/(1 + exp(-2*x))", "4*sigmoid(2*x)*(1 - sigmoid(2*x))"),
    ("x - log(1+exp(x))", "1/(1 + exp(x))", "1/(1 + exp(x))"),  # 1 − sigmoid(x) saves one operation: not named
])
def test_json_written_derivative_is_the_result_line(source, derivative, written):
    """``written_derivative`` is the Result line (the catalog calls the input made by name kept);
    ``derivative`` stays written out, for programs that evaluate it."""
    code, d = run_json(source)
    assert code == 0
    assert (d["derivative"], d["written_derivative"]) == (derivative, written)


@pytest.mark.parametrize("source, args, domain", [
    ("log(x)", [], "x > 0"),
    ("asin(x)", [], "(x > -1) & (x < 1)"),
    ("log(x+a)", ["--wrt", "x"], "x > -a"),
    ("x^2", [], None),  # the whole line
    ("sigmoid", [], None),  # a catalog entry: every record has the key
])
def test_json_says_where_the_result_holds(source, args, domain):
    """``domain``, a key added (none changed): where the Result holds, in SymPy's syntax, else null."""
    code, d = run_json(source, *args)
    assert code == 0 and TOP_KEYS <= d.keys()
    assert d["domain"] == domain
    if domain is not None:
        from sympy import parse_expr
        assert str(parse_expr(domain)) == domain  # reads back


@pytest.mark.parametrize("source", INPUTS)
def test_json_expressions_parse_back(source):
    code, d = run_json(source)
    assert code == 0
    strings = list(expression_strings(d))
    assert len(strings) >= 4
    # The function's own letter is named by "symbol"; S must be passed, as SymPy's
    # parse_expr otherwise reads S as its singleton registry (documented in the README).
    names = {d["symbol"]: Symbol(d["symbol"])}
    if d.get("indices"):  # a function of a vector: a[i] needs a as an IndexedBase
        names[d["variable"]] = IndexedBase(d["variable"])
    for where, text in strings:
        parse_expr(text, local_dict=names)  # catch nothing: every one of them must parse
    if d.get("indices"):
        return  # the Jacobian of softmax is checked against SymPy in test_indexed.py
    # and they mean what they say: derivative == d/dx definition
    x = Symbol(d["variable"])
    definition, derivative = parse_expr(d["definition"]), parse_expr(d["derivative"])
    for point in (0.3, 0.7, 1.3):
        expected = diff(definition, x).subs(x, point).evalf()
        assert abs(derivative.subs(x, point).evalf() - expected) < 1e-9


# --- LaTeX -----------------------------------------------------------------------------------

@pytest.mark.parametrize("source", INPUTS)
def test_latex_format(source):
    code, out, err = run(source, "--format", "latex")
    assert (code, err) == (0, "")
    assert out.startswith("\\begin{align*}")
    assert "\\end{align*}" in out
    assert "&=" in out
    assert "\\tag*{" in out  # the rule beside each line, moved under it by amsmath when too wide
    assert "\\texttt{def-differentiate}" in out


def test_latex_sigmoid_lines():
    code, out, err = run("sigmoid", "-f", "latex")
    assert code == 0
    top = [line for line in out.splitlines() if "&=" in line]
    assert len(top) == len(SIGMOID_RULES)
    assert top[0].startswith(r"\frac{d}{dx} S(x) &=")
    for line, rule in zip(top, SIGMOID_RULES):
        assert f"\\texttt{{{rule}}}" in line
    assert r"S(x) \left(1 - S(x)\right)" in top[-1]


# --- -o and format inference -------------------------------------------------------------------

def _check_json(text):
    assert json.loads(text)["output_form"] == "S*(1 - S)"


def _check_tex(text):
    assert text.startswith("\\begin{align*}") and "&=" in text


def _check_txt(text):
    assert SIGMOID_RESULT in text and "alg-fold-definition" in text


@pytest.mark.parametrize("filename, extra, check", [
    ("out.json", (), _check_json),
    ("out.tex", (), _check_tex),
    ("OUT.TEX", (), _check_tex),
    ("out.txt", (), _check_txt),
    ("out.dat", ("-f", "text"), _check_txt),       # unknown extension: text only when asked for
    ("out.txt", ("--format", "json"), _check_json),  # an explicit --format wins
    ("out.json", ("-f", "latex"), _check_tex),
])
def test_output_file(tmp_path, filename, extra, check):
    target = tmp_path / filename
    code, out, err = run("sigmoid", "-o", str(target), *extra)
    assert (code, out, err) == (0, "", "")
    check(target.read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir()] == [filename], "temporary files left behind"


def test_output_file_overwrites(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    code, out, err = run("sigmoid", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    _check_json(target.read_text(encoding="utf-8"))


# --- --rules ---------------------------------------------------------------------------------

def test_rules_text():
    code, out, err = run("--rules")
    assert (code, err) == (0, "")
    for rule_id in ("d-quotient", "d-chain", "alg-add-subtract", "def-differentiate"):
        assert rule_id in out


def test_rules_json():
    code, out, err = run("--rules", "--format", "json")
    assert (code, err) == (0, "")
    rules = json.loads(out)
    assert isinstance(rules, list) and rules
    for r in rules:
        assert isinstance(r, dict)
        assert {"id", "title", "latex", "statement"} <= r.keys(), r
        assert all(isinstance(r[k], str) and r[k] for k in ("id", "title", "latex", "statement"))
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "duplicate rule ids"
    assert {"d-quotient", "d-chain", "alg-add-subtract"} <= set(ids)
    assert set(SIGMOID_RULES) <= set(ids), "a rule used by the sigmoid is not listed"


# --- bad input -------------------------------------------------------------------------------

LONG = "x+" * 2499 + "x"  # 4999 characters
assert len(LONG + "1") == 5000

BAD = [
    pytest.param((), "no INPUT", id="no-input"),
    pytest.param(("--bogus",), "--bogus", id="unknown-option"),
    pytest.param(("__import__('os').system('touch MARKER')",), "not allowed", id="code-injection"),
    pytest.param(("x*y",), "--wrt", id="several-symbols"),
    pytest.param(("x +* 2",), "syntax", id="syntax-error"),
    pytest.param(("",), "empty", id="empty"),
    pytest.param(("   ",), "empty", id="blank"),
    pytest.param((LONG + "1",), "too long", id="5000-chars"),
    pytest.param(("sigmoid", "--format", "pdf"), "pdf", id="unknown-format"),
    pytest.param(("sigmoid", "--wrt", "y"), "function of x", id="catalog-wrong-wrt"),
    pytest.param(("x^2", "--wrt", "z"), "does not contain z", id="wrt-not-in-expression"),
    pytest.param(("sigmoid", "nonsense(x)"), "nonsense", id="second-input-bad"),
]


@pytest.mark.parametrize("args, says", BAD)
def test_bad_input(tmp_path, monkeypatch, args, says):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(*args)
    assert code == 2, (code, out, err)
    assert_one_line_error(out, err)
    assert says in err
    assert not (tmp_path / "MARKER").exists(), "the input was executed"
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output(tmp_path):
    (tmp_path / "a-file").write_text("")
    target = tmp_path / "a-file" / "folder" / "out.json"  # a folder cannot be made inside a file
    code, out, err = run("sigmoid", "-o", str(target))
    assert code == 2
    assert_one_line_error(out, err)
    assert "cannot write" in err
    assert not target.exists()


def test_output_into_folders_that_do_not_exist_yet(tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "out.json"
    code, out, err = run("sigmoid", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "sigmoid"


# --- stdout that fails: a reader gone away (quiet, 141 = 128 + SIGPIPE), a full disk (one line, 1)

def test_a_broken_pipe_ends_quietly_with_141():
    proc = subprocess.Popen([sys.executable, "-m", "derive", "sigmoid", "--order", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before derive writes
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141 and err == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_stdout_is_one_line_naming_stdout():
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "derive", "x^2"], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == "derive: error: cannot write to stdout: No space left on device\n"


# --- faults inside the engine: (exception raised, exit code, the one line's start) --------------
ENGINE_FAULTS = [
    (MemoryError(), 2, "derive: error: 'x^2': ran out of memory"),
    (RecursionError("maximum recursion depth exceeded"), 1, "derive: error: internal error (RecursionError"),
    (ValueError("boom"), 1, "derive: error: internal error (ValueError: boom)"),
]


@pytest.mark.parametrize("fault,code,starts", ENGINE_FAULTS, ids=lambda v: type(v).__name__)
def test_an_engine_fault_is_one_line_named_for_what_it_is(monkeypatch, fault, code, starts):
    import derive.engine

    def broken(*args, **kwargs):
        raise fault
    monkeypatch.setattr(derive.engine, "derive_each", broken)
    got, out, err = run("x^2")
    assert (got, out) == (code, "") and err.startswith(starts) and err.count("\n") == 1
    assert "nested too deeply" not in err  # the input is not nested: never blamed on it


def test_ctrl_c_during_the_work_exits_130_without_a_traceback(monkeypatch):
    import derive.engine

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(derive.engine, "derive_each", interrupted)
    code, out, err = run("x^2")
    assert (code, out) == (130, "") and "Traceback" not in err and err.count("\n") <= 1


@pytest.mark.skipif(not hasattr(__import__("fcntl"), "F_SETPIPE_SZ"), reason="pipe size fixed here")
def test_a_slow_reader_is_not_a_timeout():
    """--timeout bounds the work, not the reader: derive … | less may wait at a full pipe."""
    import fcntl
    import time
    proc = subprocess.Popen([sys.executable, "-m", "derive", "--timeout", "5"] + ["x^2"] * 30,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    fcntl.fcntl(proc.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)  # the output does not fit: derive waits
    time.sleep(8)  # a reader who takes longer than --timeout (a delay, not a measurement)
    out, err = proc.communicate(timeout=120)
    assert (proc.returncode, err) == (0, b"") and out.count("verified numerically".encode()) == 30


def test_timeout_bounds_the_whole_run_in_a_process_of_its_own():
    done = subprocess.run([sys.executable, "-m", "derive", "--timeout", "1", "--order", "8", "--", "E**E**E**x"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "derive: error: 'E**E**E**x': gave up after 1 s (raise --timeout to allow more)\n"


@pytest.mark.parametrize("mb", ["1", "255", "-1"])
def test_memory_below_what_sympy_needs_is_refused(mb):
    code, out, err = run("--memory", mb, "x^2")
    assert code == 2 and out == "" and "--memory" in err and err.count("\n") == 1


def test_memory_cap_of_zero_means_none():
    code, out, err = run("--memory", "0", "x^2")
    assert code == 0 and err == ""


# --- failing verification --------------------------------------------------------------------

@pytest.fixture
def nothing_verifies(monkeypatch):
    import derive.verify

    monkeypatch.setattr(derive.verify.Checker, "equal", lambda self, *args, **kwargs: False)


def test_unverified_text(nothing_verifies):
    code, out, err = run("sigmoid")
    assert code == 1
    assert "NOT VERIFIED" in out
    assert "unverified" in out


def test_unverified_json(nothing_verifies):
    code, d = run_json("sigmoid")
    assert code == 1
    assert d["verified"] is False
    assert any(s["verified"] is False for s in walk_steps(d["steps"]))


def test_unverified_latex(nothing_verifies):
    code, out, err = run("sigmoid", "--format", "latex")
    assert code == 1
    assert r"\textbf{unverified}" in out


def test_one_unverified_input_among_several_exits_1(monkeypatch):
    import derive.verify

    real = derive.verify.Checker.equal

    def equal(self, a, b, *args, **kwargs):  # fail only inside the x^2 derivation
        return False if self.definition.has(symbol("x") ** 2) else real(self, a, b, *args, **kwargs)

    monkeypatch.setattr(derive.verify.Checker, "equal", equal)
    code, d = run_json("sigmoid", "x^2")
    assert code == 1
    assert [e["verified"] for e in d] == [True, False]


# --- python -m derive ------------------------------------------------------------------------

def test_python_dash_m(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "derive", "sigmoid"], capture_output=True,
                          cwd=REPO, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert done.stderr == b""
    assert SIGMOID_RESULT in done.stdout.decode("utf-8")


def test_python_dash_m_bad_input():
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "derive", "x +* 2"], capture_output=True,
                          cwd=REPO, env=env, timeout=300)
    assert done.returncode == 2
    assert_one_line_error(done.stdout.decode(), done.stderr.decode())


# --- known bugs ------------------------------------------------------------------------------

SYMBOL_BUG = ("the letter standing for f(x) is always 'y' for expressions, even when y is the "
              "variable (--wrt y prints 'dy/dy = x') or one of the constants (the JSON cannot "
              "tell the function y from the constant y)")


@pytest.mark.parametrize("args", [("x*y", "--wrt", "y"), ("x*y", "--wrt", "x"), ("y*exp(x)", "--wrt", "x")])
def test_function_symbol_is_a_fresh_letter(args):
    code, d = run_json(*args)
    assert code == 0
    assert d["symbol"] != d["variable"]
    assert d["symbol"] not in d["constants"]


@pytest.mark.parametrize("filename", ["out.dat", "notes.pdf"])
def test_output_file_with_an_unknown_extension_needs_a_format(tmp_path, filename):
    target = tmp_path / filename
    code, out, err = run("sigmoid", "-o", str(target))
    assert code == 2 and out == "" and not target.exists()
    assert err.startswith("derive: error:") and "--format" in err and err.count("\n") == 1


@pytest.mark.parametrize("name, shown", [
    ("tanh", "1 - tanh"),
    ("relu", "PyTorch's autograd uses 0 there"),
    ("leaky_relu", "Subgradients: [α, 1]"),
    ("softmax", "case i ≠ j"),
])
def test_seed_functions_in_the_terminal(name, shown):
    code, out, err = run(name)
    assert (code, err) == (0, "")
    assert shown in " ".join(out.split()) and "NOT VERIFIED" not in out  # prose wraps at 80 columns


def test_json_kinks_and_parameters():
    code, d = run_json("leaky_relu")
    assert code == 0 and d["parameters"] == {"alpha": 0.01}
    assert d["kinks"] == [{"rule": "d-joint", "at": "0", "left": "alpha", "right": "1", "pytorch": "alpha", "continuous": True,
                           "differentiable": False, "subgradient": ["alpha", "1"], "verified": True,
                           "value": "0", "point": False, "limit": "0", "period": None, "index": None, "equation": None,
                           "derivative_limit": None}]


def test_sinc_is_one_at_zero_with_slope_zero_there():
    """sinc has the value 1 at 0 (a branch of its own): derived as sin(πx)/(πx) for x ≠ 0, with its
    cached-value form, and the point reported as a joint with PyTorch's value (issue 13 item 6)."""
    code, out, err = run("sinc", "--width", "80")
    assert (code, err) == (0, "")
    text = " ".join(out.split())
    assert "for x = 0" in out and "for x ≠ 0" in out  # the definition's branch, the first line's condition
    assert "With the values the forward pass computed" in out
    assert ("At x = 0: f(0) = 1, the limit of f there, so f is continuous there; left and right derivatives "
            "agree, so differentiable there, with derivative 0, which f′ tends to there too. PyTorch's "
            "autograd uses 0 there. ✓") in text
    assert "NOT VERIFIED" not in out and max(map(len, out.splitlines())) <= 80


def test_sinc_in_json():
    code, d = run_json("sinc")
    assert code == 0 and d["verified"]
    assert d["definition"] == "Piecewise((1, Eq(x, 0)), (sin(pi*x)/(pi*x), True))"
    assert d["cached_form"] == {"form": "(-y + cos(pi*x))/x", "values": {}}
    assert d["steps"][0]["where"] == "Ne(x, 0)"
    assert d["kinks"] == [{"rule": "d-joint", "at": "0", "left": "0", "right": "0", "pytorch": "0", "continuous": True,
                           "differentiable": True, "subgradient": None, "verified": True, "value": "1",
                           "point": True, "limit": "1", "period": None, "index": None, "equation": None,
                           "derivative_limit": {"exists": True, "value": "0"}}]


def test_a_point_branch_at_a_parameter_is_refused_in_one_line():
    code, out, err = run("Piecewise((1, Eq(x, a)), (sin(x - a)/(x - a), True))", "--wrt", "x")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("derive: error:") and "finitely many points given as numbers" in err


@pytest.mark.parametrize("text, said", [
    ("Piecewise((0, Eq(x,0)), (x**2*sin(1/x), True))",
     "with derivative 0, the limit of the difference quotient: f′ itself has no limit there. ✓"),
    ("Piecewise((1/2, Eq(x,0)), ((1-cos(x))/x**2, True))",
     "At x = 0: f(0) = 1/2, the limit of f there, so f is continuous there;"),
    ("Piecewise((5, x == 0), (sin(x)/x, True))",
     "f(0) = 5, but f tends to 1 there, so f is not continuous there, and not differentiable there;"),
    ("Piecewise((0, Eq(x, 0)), (x*sin(1/x), True))", "the difference quotient has a limit on neither side"),
])
def test_points_nobody_listed(text, said):
    code, out, err = run(text, "--width", "80")
    assert (code, err) == (0, "") and "NOT VERIFIED" not in out
    assert said in " ".join(out.split())
    code, d = run_json(text)
    (k,) = d["kinks"]
    assert k["point"] and k["verified"] and k["at"] == "0"


def test_timeout_gives_one_line_and_exit_2():
    code, out, err = run("sigmoid", "--timeout", "0.000001")
    assert (code, out) == (2, "")
    assert err.startswith("derive: error:") and "--timeout" in err and err.count("\n") == 1


def test_timeout_zero_means_no_limit():
    code, out, err = run("x^2", "--timeout", "0")
    assert (code, err) == (0, "")


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e300"])
def test_bad_timeouts_are_usage_errors(value):
    code, out, err = run("x", "--timeout", value)
    assert (code, out) == (2, "") and "--timeout" in err and err.count("\n") == 1


# --- --standalone ------------------------------------------------------------------------------

def _check_document(text):
    assert text.startswith("% Written by derive") and "\\documentclass{article}" in text
    assert "\\section{Sigmoid}" in text and "\\section{Rules used}" in text


@pytest.mark.parametrize("args, where", [
    (("sigmoid", "--standalone"), "stdout"),                      # implies --format latex
    (("sigmoid", "--standalone", "-f", "latex"), "stdout"),
    (("sigmoid", "--standalone", "-o", "notes.tex"), "notes.tex"),
    (("sigmoid", "--standalone", "-o", "notes.latex"), "notes.latex"),  # any extension: it is LaTeX
])
def test_standalone(cli, tmp_path, monkeypatch, args, where):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(*args)
    assert (code, err) == (0, "")
    if where == "stdout":
        _check_document(out)
    else:
        assert out == ""
        _check_document((tmp_path / where).read_text(encoding="utf-8"))
        assert [p.name for p in tmp_path.iterdir()] == [where], "temporary files left behind"


@pytest.mark.parametrize("args", [
    ("sigmoid", "--standalone", "-f", "markdown"),
    ("sigmoid", "--standalone", "-f", "json"),
    ("sigmoid", "--standalone", "-o", "notes.md"),
])
def test_standalone_is_latex_only(cli, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(*args)
    assert code == 2
    assert_one_line_error(out, err)
    assert "--standalone makes a LaTeX document" in err
    assert list(tmp_path.iterdir()) == []


def test_standalone_several_inputs_one_document(cli):
    code, out, err = cli("sigmoid", "tanh", "relu", "leaky_relu", "softmax", "--standalone")
    assert (code, err) == (0, "")
    assert out.count("\\section{") == 6 and out.count("\\documentclass") == 1


def test_output_files_are_readable_by_others(cli, tmp_path):
    """Atomic writes go through mkstemp (0600): the file ends with the usual permissions."""
    import stat

    target = tmp_path / "notes.tex"
    old = os.umask(0o022)
    try:
        assert cli("sigmoid", "-o", str(target))[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_list_text():
    code, out, err = run("--list")
    assert (code, err) == (0, "")
    for name in ("sigmoid", "gelu", "hardswish", "log_softmax", "swish"):
        assert name in out
    assert "x = -3: 0" in out and "x = 3: 1" in out  # hardswish's kinks with PyTorch's values
    assert re.search(r"given +╱ +tₖ = 1", out) and "Sum(" not in out and "(in p)" in out  # cross_entropy; mse_loss


def test_list_json():
    from derive.catalog import CATALOG
    code, out, err = run("--list", "--format", "json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [r["name"] for r in rows] == [e.name for e in CATALOG for _ in e.inputs]  # glu: by a, by b
    for r in rows:
        assert {"parameters", "kinks", "cost", "output_form", "cached_form", "verified"} <= r.keys()
        assert r["verified"] is True
        assert set(r["cost"]["derivative"]) == {"ops", "transcendental"}
    leaky = next(r for r in rows if r["name"] == "leaky_relu")
    assert leaky["parameters"] == {"alpha": 0.01} and leaky["kinks"][0]["pytorch"] == "alpha"
    given = {r["name"]: r["given"] for r in rows if r["given"]}
    assert given == {"cross_entropy": {"Sum(t[k], (k, 1, n))": "1"}}


def test_list_in_latex_is_refused():
    code, out, err = run("--list", "--format", "latex")
    assert (code, out) == (2, "") and err.startswith("derive: error: --list prints text or json")


@pytest.mark.parametrize("args, shown", [
    (("sigmoid", "--order", "2"), "d²/dx² S(x) = S(x)⋅(1 - S(x))⋅(1 - 2⋅S(x))"),
    (("tanh", "-n", "2"), "Differentiate the previous derivative"),
    (("x^3", "--order", "3"), "d³y/dx³"),
])
def test_order(args, shown):
    code, out, err = run(*args)
    assert (code, err) == (0, "") and shown in out


@pytest.mark.parametrize("value", ["0", "9", "two"])
def test_order_out_of_range(value):
    code, out, err = run("sigmoid", "--order", value)
    assert (code, out) == (2, "") and err.startswith("derive: error:") and err.count("\n") == 1


def test_order_in_json_and_latex():
    code, out, _ = run("sigmoid", "--order", "2", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["output_form"] == "S*(1 - S)*(1 - 2*S)"
    assert [s["lhs"] for s in data["steps"] if "lhs" in s] == ["Derivative(S, (x, 2))"]
    code, out, _ = run("sigmoid", "--order", "2", "--format", "latex")
    # the second derivative's left side written as line 1 writes the first's: \frac{d}{dx} S(x)
    assert code == 0 and r"\frac{d^{2}}{dx^{2}} S(x) &= \frac{d}{d x} \left(S(x) \left(1 - S(x)\right)\right)" in out


@pytest.mark.parametrize("argv, expected", [
    (["-x^2"], ["--", "-x^2"]),
    (["-x^2", "-f", "json"], ["-f", "json", "--", "-x^2"]),
    (["--", "-x"], ["--", "-x"]),
    (["sigmoid", "-n", "2"], ["sigmoid", "-n", "2"]),
    (["-h"], ["--help"]),
])
def test_expressions_that_start_with_a_minus(argv, expected):
    from derive.cli import expressions_last
    assert expressions_last(argv) == expected


def test_a_leading_minus_is_an_expression():
    code, out, err = run("-exp(-x)", "--format", "json")
    assert (code, err) == (0, "") and json.loads(out)["input"] == "-exp(-x)"


@pytest.mark.parametrize("text, column, picture", [
    ("sin(x", 4, "  sin(x\n     ^\n"),
    ("x +* 2", 4, "  x +* 2\n     ^\n"),
    ("x", None, ""),
    ("x\x00", 2, ""),
])
def test_caret(text, column, picture):
    from derive.cli import caret
    assert caret(text, column) == picture


def test_parse_errors_name_their_column():
    from derive.parse import ParseError, parse
    with pytest.raises(ParseError) as info:
        parse("x +* 2")
    assert info.value.column == 4


def test_an_options_value_stays_with_it():
    from derive.cli import expressions_last
    assert expressions_last(["x", "--timeout", "-1"]) == ["x", "--timeout", "-1"]
    assert expressions_last(["-x", "--wrt", "x"]) == ["--wrt", "x", "--", "-x"]


def test_the_time_budget_covers_writing_the_output(monkeypatch):
    import derive.cli as cli_module

    def slow(*args):
        import time
        time.sleep(5)
    monkeypatch.setattr(cli_module, "_render", slow)
    code, out, err = run("x^2", "--timeout", "1")
    assert (code, out) == (2, "") and "gave up writing the output after 1 s" in err


def test_the_options_that_take_a_value_are_the_commands_own():
    """expressions_last keeps its own lists (building the command twice would cost start-up):
    they must match the options the command really has."""
    import typer.main
    from derive.cli import SHORT_OPTIONS, WITH_VALUE, app
    options = [p for p in typer.main.get_command(app).params if p.param_type_name == "option"]
    with_value = {o for p in options if not p.is_flag for o in p.opts}
    short = {o for p in options for o in p.opts if not o.startswith("--")}
    assert WITH_VALUE == with_value and SHORT_OPTIONS == short


# --- the collector paused while SymPy loads ----------------------------------------------------

@pytest.fixture
def collector_state():
    import gc
    enabled = gc.isenabled()
    yield gc
    gc.unfreeze()
    Collector.paused = False
    (gc.enable if enabled else gc.disable)()


@pytest.mark.parametrize("sympy_loaded, enabled_before, paused, enabled_after", [
    (False, True, True, True),     # the first run in a process: paused, then frozen and resumed
    (True, True, False, True),     # SymPy already in (a second run, a test): nothing to do
    (False, False, False, False),  # the caller turned the collector off: left off
])
def test_collector_pause_and_resume(collector_state, monkeypatch, sympy_loaded, enabled_before, paused,
                                    enabled_after):
    gc = collector_state
    if not sympy_loaded:
        monkeypatch.delitem(sys.modules, "sympy")
    (gc.enable if enabled_before else gc.disable)()
    Collector.pause()
    assert Collector.paused is paused and gc.isenabled() is (enabled_before and not paused)
    Collector.resume()
    assert Collector.paused is False and gc.isenabled() is enabled_after
    assert (gc.get_freeze_count() > 0) is paused


def test_a_cli_run_leaves_the_collector_as_it_was(collector_state):
    gc = collector_state
    run("x^2")
    assert gc.isenabled() and not Collector.paused
    code, _, _ = run("--rules")
    assert code == 0 and gc.isenabled()


@pytest.mark.parametrize("args, suffix, starts", [
    (["--rules"], ".txt", "The rule set"),
    (["--rules"], ".json", "["),
    (["--list"], ".json", "["),
])
def test_listings_write_to_the_output_file(tmp_path, args, suffix, starts):
    target = tmp_path / f"out{suffix}"
    code, out, err = run(*args, "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").lstrip().startswith(starts)


def test_listing_in_another_format_writes_nothing(tmp_path):
    target = tmp_path / "rules.md"
    code, out, err = run("--rules", "-o", str(target))
    assert (code, out) == (2, "") and err.startswith("derive: error: --rules prints text or json")
    assert not target.exists()


def test_list_names_cached_values_only_under_the_form_that_uses_them():
    code, out, err = run("--list")
    softplus = out[out.index("\nsoftplus"):].split("\n\n")[0]  # its output form 1 - e^(-beta y) needs no u
    assert code == 0 and "u = " not in softplus
    bce = out[out.index("\nbinary_cross_entropy_with_logits"):].split("\n\n")[0]
    assert "S - t" in bce and "S = ───────" in bce  # bce's S - t does


# --- input as students type it (issue 15) -------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (("sigmiod",), "unknown name 'sigmiod' at column 1: did you mean sigmoid?"),
    (("tanhh",), "did you mean tanh?"),
    (("softmx",), "did you mean softmax?"),
    (("speed^2",), "name another with --wrt speed"),
    (("sin(x",), "'(' at column 4 is never closed"),
    (("x*softmax(x)",), "softmax is a function of a vector"),
    (("x = 1",), "makes an equation for x"),
    (("sin", "x"), 'sin is a function: write sin(...) at column 1 (for sin x as one expression, quote it: derive "sin x")'),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert err.startswith("derive: error: ") and err.count("\n") == 1 and message in err, err


@pytest.mark.parametrize("args, definition, derivative, note", [
    (("2x",), "2*x", "2", ""),
    (("x^2 + 3x",), "x**2 + 3*x", "2*x + 3", ""),
    (("sin x",), "sin(x)", "cos(x)", ""),
    (("ln x",), "log(x)", "1/x", ""),
    (("|x|",), "Abs(x)", "Piecewise((1, x > 0), (-1, x < 0))", ""),
    (("x²",), "x**2", "2*x", ""),
    (("y = x^2",), "x**2", "2*x", ""),
    (("f(t) = t^3",), "t**3", "3*t**2", ""),
    (("theta^2", "--wrt", "theta"), "theta**2", "2*theta", ""),
    (("speed^2", "--wrt", "speed"), "speed**2", "2*speed", ""),
    (("sin x^2",), "sin(x**2)", "2*x*cos(x**2)", "derive: note: read sin x^2 as sin(x^2), not sin(x)^2\n"),
    (("1/2x",), "x/2", "1/2", "derive: note: read 1/2x as (1/2)·x; for 1/(2x) write the parentheses\n"),
])
def test_student_input_is_derived(args, definition, derivative, note):
    code, out, err = run(*args, "--format", "json")
    d = json.loads(out)
    names = {n: Symbol(n, real=True) for n in [d["variable"], *d["constants"]]}
    assert code == 0 and err == note
    assert parse_expr(d["definition"], local_dict=names) == parse_expr(definition, local_dict=names)
    assert (parse_expr(d["derivative"], local_dict=names) - parse_expr(derivative, local_dict=names)).equals(0)


@pytest.mark.parametrize("text, named", [
    ("x*sigmoid(x)", True),
    ("log(sigmoid(x))", True),
    ("tanh(softplus(x))", True),
    ("softplus(2*x)", True),
    ("leaky_relu(x, 0.2)", True),  # written out (its joint is examined), what it stands for under line 1
    ("leaky_relu(x, alpha=0.2)", True),
])
def test_catalog_functions_inside_an_expression(text, named):
    """Derived and verified; each call of a function of one input is written by its name, what it
    stands for under the first line (def-name-part); a piecewise one is then written out."""
    code, out, err = run(text, "--format", "json")
    d = json.loads(out)
    x = Symbol("x", real=True)
    from derive.parse import read
    f = read(text, None).expr
    assert (code, err) == (0, "") and d["verified"]
    assert (parse_expr(d["derivative"], local_dict={"x": x}) - f.diff(x)).subs(x, 0.7).evalf() == pytest.approx(0, abs=1e-12)
    assert any(s["rule"] == "def-name-part" for s in d["steps"] + d["steps"][0]["substeps"]) is named


def test_a_left_side_names_the_variable():
    code, out, err = run("f(t) = a t^2 + t", "--format", "json")
    d = json.loads(out)
    assert (code, err) == (0, "") and d["variable"] == "t" and d["constants"] == ["a"]


@pytest.mark.parametrize("args, point", [
    (("a*x^2+b*x", "--wrt", "x"), "f(c)"),  # the function has a constant b: the point is c
    (("sin(x)",), "f(b)"),
])
def test_a_witness_point_is_named_by_a_letter_the_function_does_not_use(args, point):
    code, out, err = run(*args, "--width", "200")
    sentence = next(line for line in out.splitlines() if line.startswith("No form"))
    assert code == 0 and err == "" and f"= {point} ≈" in sentence and f"for {point[2]} ≈" in sentence
