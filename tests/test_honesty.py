"""Verification honesty (issue #7): with a deliberately wrong rule in the rule set, the
derivation must be reported unverified in every output format -- the checker does not
trust the rules, and no printer may hide its verdict.

Three injections: the sine rule patched to d/du sin u = -cos u (used directly and as the
outer step of a chain rule); a wrong power rule put in front of the rule list (n x^n, the
"−1" forgotten); and a wrong Pythagorean identity for the alternative form (tanh' = sech²).
"""
import json

import pytest
from sympy import Pow, cos

import derive.differentiate as differentiate
import derive.reach as reach
from derive.engine import derive
from derive.expr import mul, neg
from derive.rules.base import DiffRule, Match
from derive.rules.differentiation import ELEMENTARY, RULES

SINE = next(r for r in ELEMENTARY if r.id == "d-sin")


class WrongPower(DiffRule):
    """d/dx x^n = n x^n (deliberately wrong)."""

    id, title, latex = "d-wrong-power", "Wrong power rule", r"\frac{d}{dx} x^{n} = n x^{n}"

    def match(self, e, x):
        return Match() if isinstance(e, Pow) and e.base == x and e.exp.is_Number else None

    def combine(self, e, x, m, dparts):
        return mul(e.exp, e)


@pytest.fixture
def wrong_sine(monkeypatch):
    monkeypatch.setattr(SINE, "derivative", lambda u: neg(cos(u)))
    return SINE.id


@pytest.fixture
def wrong_power_first(monkeypatch):
    monkeypatch.setattr(differentiate, "RULES", (WrongPower(),) + RULES)
    return WrongPower.id


# (fixture that injects the wrong rule, input): the wrong rule is used at least once.
CASES = [
    ("wrong_sine", "sin(x)"),
    ("wrong_sine", "sin(x**2)"),            # as the outer derivative of a chain rule
    ("wrong_sine", "exp(x)*sin(x)"),         # inside a product rule
    ("wrong_power_first", "x**3"),
    ("wrong_power_first", "1/(1 + x**2)"),   # a quotient whose denominator needs the power rule
]
IDS = [f"{fixture}:{text}" for fixture, text in CASES]


def _steps(data: dict):
    """Every checked line of the JSON record: the steps and the other forms shown beside them."""
    for s in data["steps"] + data["alternatives"]:
        yield from _walk(s)


def _walk(s: dict):
    yield s
    for sub in s["substeps"]:
        yield from _walk(sub)


@pytest.mark.parametrize("fixture, text", CASES, ids=IDS)
def test_the_wrong_rule_makes_the_derivation_unverified(request, fixture, text):
    wrong = request.getfixturevalue(fixture)
    d = derive(text, wrt="x")
    assert not d.verified
    used = [s for top in d.steps for s in top.walk() if s.rule == wrong]
    assert used and not any(s.verified for s in used), [(s.rule, s.verified) for s in used]


@pytest.mark.parametrize("fixture, text", CASES, ids=IDS)
@pytest.mark.parametrize("fmt", ["text", "latex", "markdown", "json"])
def test_every_format_says_unverified(cli, request, fixture, text, fmt):
    wrong = request.getfixturevalue(fixture)
    code, out, err = cli("--wrt", "x", "--format", fmt, "--", text)
    assert code == 1 and err == "", (code, err)  # exit 1: a derivation could not be verified
    check_says_unverified(out, fmt, wrong)


def check_says_unverified(out: str, fmt: str, wrong_rule: str) -> None:
    """The output marks the wrong rule's step unverified, and (where the format has one)
    the overall verdict says so too."""
    if fmt == "json":
        data = json.loads(out)
        assert data["verified"] is False
        steps = [s for s in _steps(data) if s["rule"] == wrong_rule]
        assert steps and all(s["verified"] is False for s in steps)
        return
    rows = [line for line in out.splitlines() if wrong_rule in line]
    assert rows, out
    if fmt == "text":
        assert all("✗ unverified" in row for row in rows), rows
        assert "✗ NOT VERIFIED" in out and "verified numerically" not in out
    elif fmt == "latex":  # one line per step; the rule's text cell carries the mark (no summary line)
        assert all(r"\textbf{unverified}" in row for row in rows), rows
    else:
        assert all("**✗ unverified**" in row for row in rows), rows
        assert "**✗ unverified: a step failed the numeric check**" in out
        assert "all steps verified" not in out


@pytest.mark.parametrize("fixture, text", CASES[:1] + CASES[3:4], ids=IDS[:1] + IDS[3:4])
def test_the_api_reports_it_too(request, fixture, text):
    """The same through the Python API: to_json, to_markdown, to_latex."""
    wrong = request.getfixturevalue(fixture)
    d = derive(text, wrt="x")
    check_says_unverified(d.to_json(), "json", wrong)
    check_says_unverified(d.to_markdown(), "markdown", wrong)
    check_says_unverified(d.to_latex(), "latex", wrong)


def test_without_the_wrong_rule_the_same_inputs_verify(cli):
    """The control: the honest rule set verifies every one of these inputs."""
    for _, text in CASES:
        code, out, err = cli("--wrt", "x", "--format", "json", "--", text)
        assert code == 0 and json.loads(out)["verified"] is True, (text, err)


# --- a wrong alternative form ------------------------------------------------------------------

class _WrongIdentity:
    """The Pythagorean identity, answering twice the right value."""

    def __init__(self, rule):
        self.rule, self.id, self.title = rule, rule.id, rule.title

    def apply(self, e, ctx=None):
        right = self.rule.apply(e, ctx)
        return None if right is None else 2 * right


@pytest.fixture
def wrong_identity(monkeypatch):
    monkeypatch.setattr(reach, "PYTHAGOREAN_RULE", _WrongIdentity(reach.PYTHAGOREAN_RULE))


def test_a_wrong_alternative_is_caught_by_the_checker(wrong_identity):
    d = derive("tanh")
    assert d.alternatives and not d.alternatives[0].verified
    assert json.loads(d.to_json())["alternatives"][0]["verified"] is False


@pytest.mark.parametrize("fmt", ["text", "latex", "markdown", "json"])
def test_a_wrong_alternative_is_reported_in_every_format(cli, wrong_identity, fmt):
    code, out, err = cli("--format", fmt, "tanh")
    assert code == 1, (code, out[-300:])
    check_says_unverified(out, fmt, "alg-pythagorean")
