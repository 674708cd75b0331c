"""One letter, one meaning; one notation, d or ∂ (issue 13 item 4).

The letters of a derivation (derive/letters.py) as a table; then, over every catalog entry (each
input of glu, six at order 2), the textbook exercises, expressions chosen to tempt a clash and a
fixed set of generated ones: no letter means two things (the chain rule's inner functions, the
forward pass's values, the printers' abbreviation), no letter is a symbol of the input, and no
output writes d and ∂ both (text, LaTeX, Markdown, JSON's latex).
"""
import json
import random
import re
from collections import defaultdict

import pytest
from sympy import Symbol, sympify

from derive.catalog import CATALOG
from derive.expr import canon
from derive.letters import POOL, Letters, names
from derive.parse import ParseError
from derive.pipeline import derive, derive_each
from derive.printing import jsonfmt, latex, markdown, text
from derive.printing.abbrev import abbreviated
from derive.printing.page import ALL  # --depth all: every sub-step shown
from golden import TEXTBOOK, expressions

x, a = Symbol("x"), Symbol("a")


# --- the letters of one derivation ---------------------------------------------------------------

@pytest.mark.parametrize("taken, asked, expected", [
    ((), ["x**2", "cos(x)"], ["u", "v"]),  # two values, two letters, in the order met
    ((), ["x**2", "cos(x)", "x**2"], ["u", "v", "u"]),  # the same value keeps its letter
    ((), ["x*2", "2*x"], ["u", "u"]),  # the same value written otherwise
    (("u",), ["u + x", "x**2"], ["v", "w"]),  # a symbol of the input is never a letter
    (("u", "v", "w"), ["sin(x)"], ["p"]),
    ((), [f"x**{k}" for k in range(2, 12)], list(POOL[:10])),  # past t: u₁, u₂, ...
])
def test_a_value_keeps_its_letter_and_a_letter_its_value(taken, asked, expected):
    letters = Letters(taken)
    assert [letters.of(sympify(e)) for e in asked] == expected


def test_fresh_letters_skip_the_taken_the_bound_and_the_avoided():
    letters = Letters({"v"})
    letters.of(x ** 2)  # u
    assert letters.fresh(avoid={"w"}, n=3) == ["p", "q", "r"]
    assert letters.known(x * x) == "u" and letters.known(x ** 3) is None


def test_a_letter_is_not_bound_to_a_second_value():
    letters = Letters()
    assert letters.bind("u", x + 1) == "u" and letters.bind("u", 1 + x) == "u"
    with pytest.raises(ValueError):
        letters.bind("u", x - 1)


def test_the_letters_never_run_out():
    many = names(60)
    assert many[:3] == ["u", "v", "w"] and len(set(many)) == 60 and many[-1] == "u_52"


def test_an_avoided_letter_is_not_given_even_for_its_own_value():
    letters = Letters()
    letters.of(x + a)  # u
    assert letters.of(x + a, avoid={Symbol("u")}) == "v"


# --- over whole derivations ----------------------------------------------------------------------

ORDER_2 = ("sigmoid", "tanh", "bce", "silu", "softplus", "elu")
TEMPTING = [  # chains side by side, a value both the chain rule and the forward pass name, input letters
    "x*tanh(x)", "tanh(softplus(x))", "sin(x^2)*exp(cos(x))", "log(1+exp(sin(x)))", "sin(x)*cos(x)",
    "exp(sin(x)) + exp(cos(x)) + exp(tan(x))", "sin(cos(tan(x)))", "x*sigmoid(2*x)", "log(sigmoid(x))",
    "sqrt(1 + sin(x)^2) * exp(x^2)", "tanh(3*x)", "atan(1/x)",
]
WITH_SYMBOLS = [("u*x^2 + sin(u + x)", "x"), ("v*sin(x^2) + u*tanh(x)", "x"), ("a*x^2", "x"),
                ("x^n", "x"), ("exp(w*x)*sin(p + x^2)", "x"), ("x*y", "y")]


def _derivations(source, wrt=None, order=1) -> list:
    try:
        return derive_each(source, wrt) if order == 1 else [derive(source, wrt=wrt, order=order)]
    except ParseError:
        return []


def _same(one, other) -> bool:
    """Whether two values a letter stands for are one: written alike, or equal at random points."""
    if canon(one) == canon(other):
        return True
    rng = random.Random(7)
    for _ in range(5):
        at = {s: rng.uniform(0.3, 1.7) for s in (one - other).free_symbols}
        try:
            if abs(complex((one - other).subs(at).evalf())) > 1e-9:
                return False
        except (TypeError, ValueError):
            return False
    return True


def meanings(d) -> dict:
    """Every letter the derivation gives, with the values it stands for: the chain rule's inner
    functions, the forward pass's values (in the steps and the cached-value form), the abbreviation."""
    found = defaultdict(list)
    for top in d.steps:
        for s in top.walk():
            if s.rule == "d-chain" and s.let:
                found[str(s.let[0])].append(s.let[1])
            if s.rule == "def-cached" and isinstance(s.before, Symbol):
                found[str(s.before)].append(s.expression)
    for t, c in d.cached_values:
        found[str(t)].append(c)
    named = abbreviated(d)[1]
    if named is not None:
        found[str(named[0])].append(named[1])
    return found


def clashes(d) -> list:
    """(letter, value, value) for every letter that stands for two values, and (letter, 'input') for a
    chain or forward-pass letter that is a symbol of the input."""
    out = []
    for letter, values in meanings(d).items():
        out += [(letter, str(v), str(values[0])) for v in values[1:] if not _same(v, values[0])]
        if letter in {str(s) for s in d.definition.free_symbols}:
            out.append((letter, "input"))
    return out


D_OPERATOR = re.compile(r"\\frac\{d(\^\{\d+\})?[^{}]*\}\{d")


def _ops(d_written: bool, partial_written: bool) -> set:
    return {sign for sign, written in (("d", d_written), ("∂", partial_written)) if written}


def notations(d) -> dict:
    """For each format, the operators it writes: {'d', '∂'} or a part of it."""
    def of_tex(tex):
        return _ops(bool(D_OPERATOR.search(tex)), "\\partial" in tex)

    shown = text.render([d], width=80, depth=ALL)
    d_shown = re.search(r"(?<![A-Za-z_\-'])d(?![A-Za-z_\-'(])|(?<![A-Za-z])d[^\s/]*/d", shown)
    steps = json.loads(jsonfmt.render([d]))
    steps = steps if isinstance(steps, list) else [steps]
    in_json = " ".join(s["latex"] for o in steps for top in o["steps"] for s in _walk(top))
    return {"text": _ops(bool(d_shown), "∂" in shown), "latex": of_tex(latex.render(d, depth=ALL)),
            "markdown": of_tex(markdown.render(d, depth=ALL)), "json": of_tex(in_json)}


def _walk(step: dict):
    yield step
    for s in step["substeps"]:
        yield from _walk(s)


def _check(d):
    assert clashes(d) == []
    want = "∂" if d.partial else "d"
    for fmt, used in notations(d).items():
        assert used <= {want}, (fmt, used)  # one notation, the derivation's


CASES = list(dict.fromkeys([(e.name, None, 1) for e in CATALOG] + [(n, None, 2) for n in ORDER_2]
                           + [(s, None, 1) for s in TEMPTING + list(TEXTBOOK)] + [(s, w, 1) for s, w in WITH_SYMBOLS]))


@pytest.mark.parametrize("source, wrt, order", CASES)
def test_a_letter_means_one_thing_and_a_derivation_writes_one_notation(source, wrt, order):
    for d in _derivations(source, wrt, order):
        _check(d)


@pytest.mark.parametrize("source", expressions(30))
def test_generated_expressions_too(source):
    for d in _derivations(source):
        _check(d)


@pytest.mark.parametrize("source, wrt, letters", [
    # was u, u and v; in the order written (the cached value w in the line multiplied out, then y for
    # w·sin x²: no letter for sin x², which the form does not use)
    ("sin(x^2)*exp(cos(x))", None, {"u": "x**2", "v": "cos(x)", "w": "exp(cos(x))"}),
    ("u*x^2 + sin(u + x)", "x", {"v": "u + x"}),  # the input's u is not a letter
    ("mish", None, {"u": "softplus(x)", "v": "tanh(log(exp(x) + 1))", "w": "exp(x) + 1",  # u: the chain rule's
                    "p": "exp(x)"}),  # v + x(1 − v²)·p/w: p/w is PyTorch's σ(x)
])
def test_letters_as_given(source, wrt, letters):
    [d] = _derivations(source, wrt)
    got = {k: str(canon(v[0])) for k, v in meanings(d).items()}
    assert got == {k: str(canon(sympify(v))) for k, v in letters.items()}
    assert all(len(v) == 1 or all(_same(w, v[0]) for w in v) for v in meanings(d).values())


@pytest.mark.parametrize("source, wrt, partial", [
    ("sigmoid", None, False), ("leaky_relu", None, False), ("softplus", None, False),  # parameters: d
    ("x^2", None, False), ("x*tanh(x)", None, False),
    ("glu", None, True),  # by a and by b: the other input is held fixed
    ("softmax", None, True), ("log_softmax", None, True), ("cross_entropy", None, True),
    ("bce", None, True), ("mse", None, True),  # the target t
    ("a*x^2", "x", False), ("x*y", "y", False),  # an expression's other symbols: constants, named as such
    ("x^n", "x", False), ("exp(k*t)", "t", False), ("sin(a*x + b)", "x", False),
])
def test_d_for_one_variable_and_partial_with_several(source, wrt, partial):
    for d in _derivations(source, wrt):
        assert d.partial is partial
        used = set().union(*notations(d).values())
        assert used == {"∂" if partial else "d"}


@pytest.mark.parametrize("source, wrt, expected", [
    ("sin(x^2)", "x", [("u", "x**2")]),
    ("sin(cos(tan(x)))", "x", [("u", "cos(tan(x))"), ("v", "tan(x)")]),  # outer before inner
    ("exp(x^2) + sin(x^2)", "x", [("u", "x**2"), ("u", "x**2")]),  # one value, one letter
    ("exp(sin(x)) + exp(cos(x))", "x", [("u", "sin(x)"), ("v", "cos(x)")]),  # side by side: two letters
    ("u*x^2 + sin(u + x)", "x", [("v", "u + x")]),  # the input's u is no letter
    ("sin(v*x) + cos(u*x)", "x", [("w", "v*x"), ("p", "u*x")]),
])
def test_the_chain_rule_asks_the_boards_letters(source, wrt, expected):
    from derive.board import Board
    from derive.differentiate import differentiate
    from derive.parse import parse, symbol
    from derive.verify import Checker

    f, x_ = parse(source), symbol(wrt)
    step = differentiate(f, x_, Board(Checker(x_, f, folded={Symbol("y"): f})))
    lets = [(str(s.let[0]), s.let[1]) for s in step.walk() if s.rule == "d-chain"]
    assert [(n, str(canon(v))) for n, v in lets] == [(n, str(canon(parse(v)))) for n, v in expected]
    assert step.all_verified()
