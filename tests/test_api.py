"""The Python API (derive/__init__.py) and a Derivation as text: str(d), d.to_text(width=...)."""
from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import derive as package
from derive import derive


@pytest.mark.parametrize("source, kwargs, rules", [
    ("sigmoid", {}, ["def-differentiate", "d-quotient"]),
    ("x^2 sin x", {}, ["def-differentiate", "d-product"]),
    ("a*x^2", {"wrt": "x"}, ["def-differentiate", "d-constant-multiple"]),
    ("sigmoid", {"order": 2}, ["def-differentiate", "d-quotient"]),
    ("tanh", {"timeout": 60}, ["def-differentiate"]),
    ("tanh", {"timeout": None}, ["def-differentiate"]),
])
def test_derive(source, kwargs, rules):
    d = derive(source, **kwargs)
    assert d.verified and [s.rule for s in d.steps][:len(rules)] == rules
    assert d.order == kwargs.get("order", 1)


def test_the_signature_is_the_promised_one():
    assert list(inspect.signature(derive).parameters) == ["source", "wrt", "order", "timeout"]


def test_str_is_the_text_derivation():
    d = derive("sigmoid")
    text = str(d)
    assert text == d.to_text()
    assert text.startswith("Sigmoid\n") and "S(x)⋅(1 - S(x))" in text and "\x1b" not in text
    assert "steps and 1 form verified numerically" in text


def test_repr_is_one_short_line():
    r = repr(derive("sigmoid"))
    assert "\n" not in r and len(r) < 200 and "S*(1 - S)" in r and "verified" in r


@pytest.mark.skipif("width" not in inspect.signature(__import__("derive.printing.text").printing.text.render).parameters,
                    reason="the text printer has no width option yet (issue 14)")
def test_to_text_with_a_width():
    assert max(len(line) for line in derive("sigmoid").to_text(width=100).splitlines()) <= 100


def test_a_timeout_that_runs_out_raises_timeout_error(monkeypatch):
    """Deterministic: the budget says 'ran out' at once, whatever the machine's speed."""
    from derive import budget
    monkeypatch.setattr(budget, "within", lambda seconds, work, default=None, clock="cpu": default)
    with pytest.raises(TimeoutError, match="no answer within 5 s"):
        derive("sigmoid", timeout=5)


@pytest.mark.parametrize("kwargs, error", [
    ({"timeout": -1}, ValueError),
    ({"order": 9}, package.ParseError),
    ({"wrt": "y"}, package.ParseError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        derive("x^2", **kwargs)


def test_bad_input_is_a_parse_error():
    with pytest.raises(package.ParseError, match="did you mean sigmoid"):
        derive("sigmiod")
    assert issubclass(package.ParseError, ValueError)


def test_importing_derive_does_not_import_sympy():
    code = "import derive, sys; print('sympy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
