"""The Markdown printer and the Python API."""
import json
import re

import pytest

from derive import derive
from derive.printing import markdown


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


def test_cli_markdown_file(cli, tmp_path):
    target = tmp_path / "notes.md"
    code, out, err = cli("sigmoid", "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("## Sigmoid")
