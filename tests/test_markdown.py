"""The Markdown printer and the Python API; every math block rendered by real KaTeX."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from derive import derive
from derive.catalog import CATALOG
from derive.printing import markdown
from texcheck import missing

JS = Path(__file__).parent / "js"  # katex_check.js and the package.json pinning katex


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "softmax", "x^2"])
def test_markdown_has_a_heading_numbered_steps_and_balanced_math(name):
    d = derive(name)
    md = markdown.render(d)
    assert md.startswith("## ")
    for i, step in enumerate(d.steps, 1):
        assert f"{i}. **{step.title}** (`{step.rule}`)" in md
    assert md.count("$$") % 2 == 0
    inline = re.sub(r"\$\$.*?\$\$", "", md, flags=re.S)
    assert inline.count("$") % 2 == 0
    assert "align" not in md  # KaTeX and MathJax both render $$ blocks; align needs a wrapper


def test_markdown_marks_an_unverified_step(monkeypatch):
    from derive import verify

    monkeypatch.setattr(verify.Checker, "equal", lambda self, *a, **k: False)
    md = markdown.render(derive("sigmoid"))
    assert "✗ unverified" in md and "a step failed" in md


def test_python_api():
    d = derive("sigmoid")
    assert d.to_latex().startswith("\\begin{align*}")
    assert json.loads(d.to_json())["output_form"] == "S*(1 - S)"
    assert d.to_dict()["name"] == "sigmoid"
    assert d._repr_markdown_() == d.to_markdown()


@pytest.mark.parametrize("method, starts, ends", [
    ("_repr_markdown_", "## Sigmoid\n", "✓ all steps verified numerically\n"),
    ("_repr_latex_", "$$\\begin{aligned}\n\\frac{d}{dx} S(x) &=", "(\\texttt{alg-fold-definition})}\n\\end{aligned}$$"),
])
def test_notebook_reprs_are_rendered_strings(catalog, method, starts, ends):
    shown = getattr(catalog["sigmoid"], method)()
    assert isinstance(shown, str) and shown.startswith(starts) and shown.endswith(ends), shown[:80]


def test_cli_markdown_file(cli, tmp_path):
    target = tmp_path / "notes.md"
    code, out, err = cli("sigmoid", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("## Sigmoid")


def test_import_derive_is_cheap():
    """`from derive import derive` must not load SymPy (the command line's start-up time)."""
    import sys

    code = "import sys; from derive import derive; print(callable(derive), 'sympy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", "False"], done.stderr


# --- KaTeX --------------------------------------------------------------------------------------

def math_blocks(md: str) -> list[tuple[str, bool]]:
    """(TeX, display?) for every $$ … $$ block and every $ … $ in the text around them."""
    display = re.findall(r"\$\$(.+?)\$\$", md, flags=re.S)
    rest = re.sub(r"\$\$.+?\$\$", " ", md, flags=re.S)
    return [(t, True) for t in display] + [(t, False) for t in re.findall(r"\$(.+?)\$", rest, flags=re.S)]


def katex_failures(blocks: list[tuple[str, bool]], where: str) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        missing("node not installed: the Markdown is not rendered by KaTeX here")
    if not (JS / "node_modules" / "katex").is_dir():
        missing("katex not installed: run `npm ci` in tests/js (.ci/run does)")
    data = json.dumps([{"where": where, "tex": t, "display": d} for t, d in blocks])
    done = subprocess.run([node, str(JS / "katex_check.js")], input=data, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_katex_renders(blocks: list[tuple[str, bool]], where: str) -> None:
    assert blocks, f"no math in {where}"
    failures = katex_failures(blocks, where)
    assert not failures, "KaTeX rejects:\n" + "\n".join(f"{f['where']}: {f['error']}\n    {f['tex']}" for f in failures)


def test_math_blocks_are_found():
    md = "## T\n\n$$ a = b $$\n\n1. x $c$ and $d$\n   $$ e\n f $$\n"
    assert math_blocks(md) == [(" a = b ", True), (" e\n f ", True), ("c", False), ("d", False)]


@pytest.mark.parametrize("name", [e.name for e in CATALOG])
def test_katex_renders_the_markdown(catalog, name):
    """Every math block of every catalog entry's Markdown, through katex.renderToString with
    throwOnError (and strict: "error", so not even a warning)."""
    assert_katex_renders(math_blocks(catalog[name].to_markdown()), name)


EXPRESSIONS = ["x^2", "Abs(x)", "log(1+exp(x))", "Piecewise((x**2, x < 1), (2*x - 1, True))", "asin(x)", "x^x",
               "sech(x)", "erf(x)"]


def test_katex_renders_expressions():
    """Expressions beyond the catalog, all in one run of node."""
    blocks = [b for source in EXPRESSIONS for b in math_blocks(derive(source).to_markdown())]
    assert_katex_renders(blocks, "expressions")


def test_katex_renders_the_notebook_latex(catalog):
    blocks = [(d._repr_latex_()[2:-2], True) for d in catalog.values()]
    assert_katex_renders(blocks, "_repr_latex_")


def test_katex_check_reports_an_error():
    failures = katex_failures([(r"\qquad \notamacro{x}", True), (r"\frac{1}{2}", True), ("x = é", False)],
                              "probe")
    # é in maths: KaTeX's strict mode calls it text in math mode
    assert [f["tex"] for f in failures] == [r"\qquad \notamacro{x}", "x = é"]
    assert "Undefined control sequence" in failures[0]["error"]


@pytest.mark.parametrize("name, rule, annotation", [
    ("cross_entropy", "alg-given", r"\quad \text{for } \sum_{k=1}^{n} {t}_{k} = 1 $$"),
])
def test_markdown_shows_a_steps_condition(catalog, name, rule, annotation):
    lines = markdown.render(catalog[name]).split("\n")
    k = next(i for i, ln in enumerate(lines) if f"(`{rule}`)" in ln)
    assert lines[k + 1].endswith(annotation)
