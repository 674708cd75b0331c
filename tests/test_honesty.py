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
from derive.step import Step

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


# --- what is stated beside the steps -----------------------------------------------------------
# A stage that writes a line without the board (a lying step, marked verified by no check) must
# not get past the check of what the summary states: the Result, the form in y, the form with the
# forward pass's values, the witness that no form in y exists (derive/stated.py).

def _lying(expression):
    """A line no checker saw, claiming it passed (what a stage that bypassed the board would write)."""
    return Step("alg-lie", "A line no checker saw", expression, verified=True)


@pytest.fixture
def wrong_form_in_y(monkeypatch):
    """The form in y ends at twice the right one: sigmoid′ = 2S(1 − S)."""
    monkeypatch.setattr(reach, "shorter", lambda form, board: [_lying(2 * form)])


@pytest.fixture
def wrong_result(monkeypatch):
    """The textbook tidy ends at twice the derivative: (x³ + x)′ = 6x² + 2."""
    import derive.textbook as textbook
    monkeypatch.setattr(textbook, "steps", lambda derivative, ctx, board: [_lying(2 * derivative)])


@pytest.fixture
def wrong_cached_form(monkeypatch):
    """The form with the forward pass's values is twice the right one."""
    import dataclasses

    import derive.cached as cached
    right = cached.step

    def doubled(*args, **kwargs):
        found = right(*args, **kwargs)
        return None if found is None else (found[0], dataclasses.replace(found[1], form=2 * found[1].form))
    monkeypatch.setattr(cached, "step", doubled)


@pytest.fixture
def wrong_witness(monkeypatch):
    """The witness of "no form in y" names two points where f differs: f(0.1235) ≈ 0.01524 but
    f(3) = 9 for x² (points with no exact value, printed as found)."""
    import derive.outform as outform
    monkeypatch.setattr(outform, "witness", lambda f, df, x, **kw: (0.123456789123, 3.0, 0.01524, 0.2469, 6.0))


@pytest.fixture
def wrong_domain(monkeypatch):
    """The Result of ln x said to hold for x < 0, where ln x is not real."""
    import derive.domain as domain
    monkeypatch.setattr(domain, "where_it_holds", lambda f, derivative, x, *args: x < 0)


@pytest.fixture
def wrong_joint(monkeypatch):
    """Every joint's check fails (as a wrong one-sided derivative would)."""
    import derive.piecewise as piecewise
    monkeypatch.setattr(piecewise, "_check", lambda *args, **kwargs: False)


# (fixture, CLI arguments, the mark beside the line in text, what the LaTeX fragment says)
STATED = [
    ("wrong_form_in_y", ["sigmoid"], "In terms of the function itself (✗ unverified):", "form in y"),
    ("wrong_result", ["x**3 + x"], "Result (✗ unverified):", "Result"),
    ("wrong_cached_form", ["x*log(x)"], "With the values the forward pass computed (✗ unverified):",
     "forward pass"),
    ("wrong_witness", ["x**2"], "(✗ unverified)", "witness"),
    ("wrong_witness", ["--order", "2", "--", "x**2*sin(x)"], "(✗ unverified)", "witness"),  # the second's
    ("wrong_domain", ["log(x)"], "Result (✗ unverified):", "Result"),
    ("wrong_joint", ["relu"], "✗ unverified", "unverified"),
    ("wrong_power_first", ["--order", "2", "--", "x**3"], "✗ unverified", "unverified"),
]


@pytest.mark.parametrize("fixture, args, mark, latex_words", STATED, ids=[f"{f}:{' '.join(a)}" for f, a, *_ in STATED])
@pytest.mark.parametrize("fmt", ["text", "latex", "markdown", "json"])
def test_a_wrong_statement_is_reported_in_every_format(cli, request, fixture, args, mark, latex_words, fmt):
    request.getfixturevalue(fixture)
    code, out, err = cli("--format", fmt, *args)
    assert code == 1 and err == "", (code, err, out[-400:])  # exit 1: a derivation could not be verified
    if fmt == "text":
        assert mark in out and "✗ NOT VERIFIED" in out and "verified numerically" not in out, out
    elif fmt == "latex":
        assert r"\textbf{unverified}" in out and latex_words in out, out
    elif fmt == "markdown":
        assert "**✗ unverified" in out and "all steps verified" not in out, out
    else:
        data = json.loads(out)
        assert data["verified"] is False and (False in data["stated"].values()) == (fixture not in UNSTATED)


UNSTATED = ("wrong_joint",)  # what it makes wrong is a joint (a wrong rule makes the Result wrong too)


@pytest.mark.parametrize("text, stated", [
    ("sigmoid", {"output_form": True}),
    ("x**2", {"written_derivative": True, "witness": True}),
    ("x*log(x)", {"written_derivative": True, "cached_form": True, "witness": True}),
    ("log(x)", {"written_derivative": True, "output_form": True}),  # the Result for x > 0
    ("softmax", {}),  # a function of a vector states its forms as steps only
])
def test_the_statements_are_checked_and_counted(text, stated):
    """The control: what the summary states is checked, passes, and the closing line counts it."""
    d = derive(text)
    assert d.stated == stated and d.verified and json.loads(d.to_json())["stated"] == stated
    forms = sum(1 for k in stated if k != "witness")
    assert (f"{forms} form" in d.to_text().splitlines()[-1]) == bool(forms)
