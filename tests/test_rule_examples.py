"""Every rule's worked examples, run by the rule itself.

Each example (rules/*.py: a rule's ``examples``) is read from its SymPy text and given to the
rule through the interface the engine uses: a differentiation rule's ``match`` and ``combine``
(the parts' derivatives by SymPy), an algebra rule's ``apply``.  The rule's result must equal
the stated one structurally (after canon) and numerically (for a differentiation rule: the
derivative of the input by ``sympy.diff``; for a rewrite: the input itself).  An example
without a result is an input the rule must not apply to.

The rules the engine applies as stages of a derivation, not to a node (def-differentiate,
def-cached, alg-cases, d-joint, ...: STAGES), are run through the derivation of their input:
one of its steps (in the JSON, as a user reads it) names the rule and writes the result.
"""
from __future__ import annotations

import random
import re

import pytest
import sympy
from sympy import Function, IndexedBase, Indexed, Tuple, diff
from sympy.parsing.sympy_parser import parse_expr

from derive.expr import canon
from derive.parse import FUNCTIONS, index_symbol, symbol
from derive.rules import all_rules
from derive.rules.algebra import Context
from derive.rules.base import DiffRule, Example
from derive.rules.definitions import NAMED
from derive.rules.differentiation import RULES as DIFF_RULES, ByDefinition, Known, Named
from derive.rules.indexed import Given
from derive.rules.solving import SolveRule
from clirun import run

INDICES = set("ijkmn")  # index letters (a[j], Sum(..., (k, 1, n))): integers, as derive reads them
CONSTANTS = {"pi", "E", "oo", "True", "False"}

# The listed exception: rules with no match/apply of their own to call, as the engine carries
# them out in a stage of the derivation (they only name the step it records).  Each example is
# the derivation of its input, and that rule's step in it.  A rule that gets its own apply
# leaves this list.
STAGES = {
    "def-differentiate": "the first line of every derivation",
    "def-name-part": "finding catalog functions in the definition needs the catalog's own derivations",
    "def-higher-order": "the start of each order after the first",
    "def-substitute-inverse": "solving y = f(x) by the solving rules and substituting, where the search for the "
                              "form in y does not get there",
    "def-cached": "choosing the forward values that make f' cheapest",
    "alg-cases": "the i = j / i ≠ j split of a vector function's derivative",
    "alg-combine-cases": "combining the two cases into one formula with the function's symbol",
    "alg-conditions-in-y": "the images of the pieces' intervals under f",
    "d-joint": "the one-sided limits at the joints, recorded as kinks, not as a step",
    "def-known-function": "trying the catalog's functions at the arguments the derivative's calls take",
    "alg-range": "the sign of f at the points sampled, when a form is written as found",
}


def read(text: str):
    """SymPy text as written (unevaluated), with derive's symbols: real variables, integer
    indices, a[k] a component of the vector a, F(x) an undefined function when F is no
    SymPy function (y(x), S(x))."""
    names = {}
    for m in re.finditer(r"[A-Za-z_]\w*", text):
        name, after = m.group(), text[m.end():m.end() + 1]
        if after == "[":
            names[name] = IndexedBase(name)
        elif name in INDICES:
            names[name] = index_symbol(name)
        elif after == "(":
            if name in FUNCTIONS:  # derive's own reading of a function's name (log1p, ...)
                names[name] = FUNCTIONS[name]
            elif len(name) == 1 or not hasattr(sympy, name):
                names[name] = Function(name)
        elif name not in CONSTANTS:
            names[name] = symbol(name)
    return parse_expr(text, local_dict=names, evaluate=False)


def givens(ex: Example) -> list[tuple]:
    """The example's given equations as (left, right) pairs; y' = g reads as (y', g)."""
    out = []
    for g in ex.given:
        left, right = g.split(" = ", 1)
        out.append((left.strip(), read(right)))
    return out


def definitions(ex: Example) -> dict:
    """{symbol: what it stands for} from the givens "y = ...", "S_i = ...", "u = ..."."""
    return {read(left): right for left, right in givens(ex) if re.fullmatch(r"[A-Za-z]\w*", left)}


def derivatives(ex: Example) -> dict:
    """{symbol: its derivative g} from the givens "y' = g"."""
    return {symbol(left[:-1]): right for left, right in givens(ex) if left.endswith("'")}


def cases() -> list:
    out = []
    for rule in all_rules():
        for n, ex in enumerate(rule.examples):
            out.append(pytest.param(rule, ex, id=f"{rule.id}-{n + 1}"))
    return out


# --- applying a rule the way the engine does --------------------------------------------------

def configured(rule, ex: Example, e):
    """The rule with the context its example gives (the engine configures these per derivation),
    and the input written as the engine then sees it."""
    x = read(ex.wrt)
    if isinstance(rule, Known) or isinstance(rule, Named):
        (name, g), = derivatives(ex).items()
        F = Function(str(name))
        e = e.xreplace({name: F(x)})
        if isinstance(rule, Known):
            return Known(F(x), g.xreplace({name: F(x)})), e
        return Named(F, lambda node, _x: g.xreplace({name: node})), e
    if isinstance(rule, ByDefinition):
        return ByDefinition({n.func for n in e.atoms(*NAMED)}), e
    if isinstance(rule, Given):
        return Given(tuple((read(left), right) for left, right in givens(ex))), e
    return rule, e


def context(ex: Example) -> Context:
    x = read(ex.wrt)
    defs = definitions(ex)
    if not defs:
        return Context(x)
    (y, f), = defs.items()
    return Context(x, f, y)


def applied(rule, ex: Example):
    """The rule's result for the example's input; None where the rule does not apply."""
    x = read(ex.wrt)
    written = read(ex.input)
    rule, e = configured(rule, ex, canon(written) if isinstance(rule, DiffRule) else written)
    if isinstance(rule, DiffRule):
        m = rule.match(e, x)
        if m is None:
            return None
        dparts = [canon(diff(canon(p), x)) for p in m.parts]
        written = rule.combine(e, x, m, dparts)
        result = rule.tidy(canon(written))
    else:
        result = rule.apply(e, context(ex))
    return None if result is None else unnamed(result, ex)


def unnamed(e, ex: Example):
    """y(x), S(x) written as y, S again (as the engine shows them)."""
    return e.replace(lambda n: isinstance(n, sympy.core.function.AppliedUndef) and n.args == (read(ex.wrt),),
                     lambda n: symbol(n.func.__name__))


def first_match(e, x):
    return next(r for r in DIFF_RULES if r.match(e, x) is not None)


# --- the independent numeric check ------------------------------------------------------------

RANGES = ((0.2, 0.9), (1.1, 3.0), (0.2, 0.9), (-3.0, -0.2))  # (0, 1) for asin, beyond 1 for acosh, x < 0


def numeric(e, ex: Example, seed: int) -> list:
    """``e`` at 16 points: the given symbols replaced by what they stand for, sums over n = 3
    terms written out, j = 2, i = 1 or 2, a given condition (Σ t_k = 1) made to hold; values
    that are not real and finite left out."""
    rnd, defs, conds = random.Random(seed), definitions(ex), conditions(ex)
    values = []
    e = by_definition(e)
    for n in range(16):
        e1 = e
        for _ in range(3):  # a definition in terms of another (S_i in terms of the sum)
            e1 = e1.xreplace(defs)
        idx = {index_symbol("n"): 3, index_symbol("j"): 2, index_symbol("i"): rnd.choice((1, 2))}
        e1 = e1.xreplace(idx).doit()
        low, high = RANGES[n % 4]
        point = {s: rnd.uniform(low, high) for s in e1.free_symbols if not isinstance(s, Indexed)}
        point |= {a: rnd.uniform(-1, 1) for a in e1.atoms(Indexed)}
        for left, right in conds:  # a sum of components: the last one makes it hold
            left = left.xreplace(idx).doit()
            last = sorted(left.atoms(Indexed), key=str)[-1]
            rest = {a: point.get(a, rnd.uniform(-1, 1)) for a in left.atoms(Indexed) if a != last}
            point |= rest | {last: right - left.xreplace(rest | {last: 0})}
        try:
            v = complex(sympy.sympify(e1.xreplace(point)).evalf())
        except (TypeError, ValueError):  # outside the function's domain (erfinv(2): mpmath refuses)
            v = complex("nan")
        values.append(v if abs(v.imag) < 1e-12 and abs(v.real) < 1e12 else None)
    return values


def by_definition(e):
    """A catalog function called by its name (sigmoid(2*x), as def-known-function writes it)
    replaced by its definition at that argument."""
    from derive.catalog import lookup

    def defined(n):
        entry = lookup(n.func.__name__)
        return read(entry.definition).xreplace({symbol(entry.variable): n.args[0]})

    return e.replace(lambda n: isinstance(n, sympy.core.function.AppliedUndef) and len(n.args) == 1
                     and n.func.__name__ not in ("y", "S") and _catalog_name(n.func.__name__), defined)


def _catalog_name(name: str) -> bool:
    from derive.catalog import lookup
    return lookup(name) is not None


def conditions(ex: Example) -> list:
    """The givens that are conditions (Σ_k t_k = 1), not names for something."""
    return [(read(left), right) for left, right in givens(ex)
            if not re.fullmatch(r"[A-Za-z]\w*'?", left)]


def assert_numerically_equal(a, b, ex: Example) -> None:
    """Equal at the points where the input, ``a`` and ``b`` are real."""
    where = numeric(read(ex.input), ex, 1)
    pairs = [(u, v) for u, v, w in zip(numeric(a, ex, 1), numeric(b, ex, 1), where) if None not in (u, v, w)]
    assert len(pairs) >= 3, f"too few points where both are real: {a} and {b}"
    for u, v in pairs:
        assert abs(u - v) <= 1e-9 * (1 + abs(v)), (a, b, u, v)


def derivative_of(ex: Example):
    """The input's derivative by SymPy (the given symbols first replaced by what they stand for)."""
    e = read(ex.input)
    for _ in range(3):
        e = e.xreplace(definitions(ex))
    x = read(ex.wrt)
    if isinstance(x, Indexed):
        e = e.xreplace({index_symbol("n"): 3}).doit()
        x = x.xreplace({index_symbol("j"): 2})
    return diff(e, x, ex.order)


# --- the tests --------------------------------------------------------------------------------

def test_every_rule_has_an_example_that_applies():
    missing = [r.id for r in all_rules() if not any(ex.applies for ex in r.examples)]
    assert not missing, f"rules without a worked example: {missing}"


@pytest.mark.parametrize("rule, ex", [c for c in cases() if isinstance(c.values[0], SolveRule)])
def test_the_solving_rule_gives_its_example(rule, ex):
    """An equation lhs = rhs in x and y: the rule undoes one operation on both sides, and what it
    gives holds wherever the example's equation does (y written in x from it)."""
    lhs, rhs = (read(side) for side in ex.input.split(" = "))
    x, y = read(ex.wrt), symbol("y")
    result = rule.apply(lhs, rhs, x)
    if not ex.applies:
        assert result is None, f"{rule.id} applies to {ex.input}: {result}"
        return
    stated = tuple(canon(read(side)) for side in ex.result.split(" = "))
    assert tuple(canon(side) for side in result) == stated
    solutions = sympy.solve(sympy.Eq(lhs, rhs), y)
    assert solutions and any(_holds_on(stated, y, y_in_x, lhs, ex) for y_in_x in solutions)


def _holds_on(stated, y, y_in_x, lhs, ex) -> bool:
    """Whether the stated line holds with y written in x so (x² = y²/(1 − y²) has two such
    writings, y = ±x/√(1 + x²); a root taken with the unknown's sign holds on one of them)."""
    try:
        assert_numerically_equal((stated[0] - stated[1]).xreplace({y: y_in_x}), sympy.Integer(0),
                                 Example(str(lhs), wrt=ex.wrt))
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize("rule, ex", [c for c in cases()
                                      if c.values[0].id not in STAGES and not isinstance(c.values[0], SolveRule)])
def test_the_rule_gives_its_example(rule, ex):
    result = applied(rule, ex)
    if not ex.applies:
        assert result is None, f"{rule.id} applies to {ex.input}: {result}"
        return
    assert result is not None, f"{rule.id} does not apply to {ex.input}"
    stated = canon(read(ex.result))
    assert canon(result) == stated, f"{rule.id}: {ex.input} gives {result}, the example says {ex.result}"
    truth = derivative_of(ex) if isinstance(rule, DiffRule) else read(ex.input)
    assert_numerically_equal(stated, truth, ex)


@pytest.mark.parametrize("rule, ex", [c for c in cases()
                                      if isinstance(c.values[0], DiffRule) and c.values[0] in DIFF_RULES])
def test_in_the_engine_order_the_rule_is_the_one_that_applies(rule, ex):
    """The first rule of the rule set that matches is applied: a differentiation rule's example
    is one where it is that rule (and a negative one where another is)."""
    e, x = canon(read(ex.input)), read(ex.wrt)
    assert (first_match(e, x) is rule) is ex.applies, first_match(e, x)


# --- the stages of a derivation -----------------------------------------------------------------

def stage_records(rule_id: str, ex: Example) -> list[dict]:
    """Every record of the derivation of the example's input (its JSON: steps, sub-steps,
    alternatives, kinks) that names the rule."""
    from derive.engine import derive
    from derive.printing.jsonfmt import as_dict

    d = derive(ex.input, ex.wrt.split("[")[0], ex.order)  # a[j]: by the vector a
    found = []

    def walk(o):
        if isinstance(o, dict):
            if o.get("rule") == rule_id:
                found.append(o)
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(as_dict(d))
    return found


@pytest.mark.parametrize("rule, ex", [c for c in cases() if c.values[0].id in STAGES and c.values[0].id != "d-joint"])
def test_the_stage_gives_its_example(rule, ex):
    """A step of the input's derivation names the rule and writes the stated result."""
    records = stage_records(rule.id, ex)
    assert records, f"the derivation of {ex.input} has no {rule.id} step"
    stated = canon(read(ex.result))
    written = [canon(read(r["expression"])) for r in records]
    assert stated in written, f"{rule.id}: {ex.input} gives {[r['expression'] for r in records]}, not {ex.result}"
    assert all(r["verified"] for r in records)
    assert_numerically_equal(stated, derivative_of(ex), ex)


@pytest.mark.parametrize("rule, ex", [c for c in cases() if c.values[0].id == "d-joint"])
def test_the_joint_gives_its_example(rule, ex):
    """At the joint a (given), the one-sided derivatives (f'(a-), f'(a+)) are the stated ones,
    and SymPy's f' just left and right of a."""
    (a,) = definitions(ex).values()
    records = [r for r in stage_records(rule.id, ex) if canon(read(r["at"])) == a]
    assert records, f"no joint at {a} in the derivation of {ex.input}"
    left, right = (canon(read(r)) for r in (records[0]["left"], records[0]["right"]))
    assert Tuple(left, right) == Tuple(*read(ex.result))
    x, f = read(ex.wrt), read(ex.input)
    h = sympy.Rational(1, 10**6)
    near = [diff(f, x).subs(x, a + s * h) for s in (-1, 1)]
    assert all(abs(v - w) < 1e-5 for v, w in zip(near, (left, right))), near


# --- every rule fires -------------------------------------------------------------------------

SIGMOID = "1/(1 + exp(-x))"
TANH = "(exp(x) - exp(-x))/(exp(x) + exp(-x))"
CROSS_ENTROPY = "-Sum(t[k]*log(exp(a[k])/Sum(exp(a[m]), (m, 1, n))), (k, 1, n))"
LOGIT_LOSS = "-(t*log(1/(1 + exp(-z))) + (1 - t)*log(1 - 1/(1 + exp(-z))))"
# Inputs whose derivation uses the rule, for rules whose own example is a node, not an input
# whose derivation shows the rule (the rewrites fire inside the search from f' to its form).
FIRES_IN = {
    "d-constant": Example("x + 2"),
    "d-definition": Example(TANH),
    "d-known": Example(SIGMOID, order=2),
    "d-named": Example("x/(1 + exp(-x))"),
    # |u| is written as a piecewise function before the rules differentiate it (its joint is
    # examined so); it stays in asec′ = 1/(|x|√(x² − 1)), which the second order differentiates
    "d-abs": Example("asec(x)", order=2),
    # |√(x − 1)| alone is √(x − 1) where it is real (alg-one-branch); d|g^p| serves where the typed
    # input is real beyond the power's domain: |cosh(acoth x)| = |x|/(|√(x − 1)|·|√(x + 1)|) for x < −1
    "d-abs-power": Example("Abs(cosh(acoth(x)))"),
    # a piecewise derivative written as one expression: its examples are piecewise derivatives
    "alg-one-piece": Example("log(Abs(x))"), "alg-fold-pieces": Example("x*Abs(x)"),
    "alg-add-subtract": Example(SIGMOID), "alg-split": Example(SIGMOID), "alg-fold-definition": Example(SIGMOID),
    "alg-balance-exponentials": Example("atan(exp(x))"),  # the textbook tidy: eˣ/(1 + e^{2x}) = 1/(e^{−x} + eˣ)
    "alg-recognize": Example(TANH), "alg-pythagorean": Example("tanh"), "alg-power-of-quotient": Example("tanh"),
    "alg-expand": Example(LOGIT_LOSS, wrt="z"),
    "alg-separate": Example("exp(a[i])/Sum(exp(a[k]), (k, 1, n))", wrt="a[j]"),
    "alg-sum-split": Example(CROSS_ENTROPY, wrt="a[j]"), "alg-sum-delta": Example(CROSS_ENTROPY, wrt="a[j]"),
    "alg-sum-constant": Example(CROSS_ENTROPY, wrt="a[j]"),
    # the solving rules' examples are equations: these inputs' forms are reached by solving y = f
    "alg-solve-subtract": Example("softplus"), "alg-solve-multiply": Example("softplus"),
    "alg-solve-divide": Example("(x + sqrt(x^2 + 4))/2"), "alg-solve-square-root": Example("sqrt(x)"),
    "alg-solve-inverse": Example("softplus"), "alg-solve-root": Example("(1 + exp(x))**3"),
    "alg-solve-log": Example("2**sqrt(x)"), "alg-solve-cross-multiply": Example("exp(x)/(1 + exp(x))"),
    "alg-solve-collect": Example("exp(x)/(1 + exp(x))"), "alg-solve-exp": Example("log(x) - log(1 + x)"),
    "alg-solve-quadratic": Example("exp(x) - exp(-x)"), "alg-conjugate": Example("exp(x) - exp(-x)"),
    "alg-solve-odd-root": Example("x**3"), "alg-sign-even-power": Example("x**3"),
    "alg-solve-isolate": Example("x + sqrt(x**2 + 1)"), "alg-solve-square": Example("x + sqrt(x**2 + 1)"),
    "alg-lowest-terms": Example("(log(expm1(x), 2))/(2 + (3)**2)"),
    # a fraction of fractions after a substitution is brought to one fraction a small step a line
    "alg-divide-by-fraction": Example("x/(1 + x)"), "alg-of-inverse": Example("log(sinh(x))"), "alg-multiply-fractions": Example("(1 + x)/(1 - x)"), "alg-solve-reciprocal": Example("2/(2 + 3**(2*x))"),
    "alg-roots-multiplied": Example("tanh(log(1 + exp(x)))"), "alg-multiply-into": Example("tanh(log(1 + exp(x)))"),
    "alg-solve-magnitude": Example("x*abs(x)"), "alg-solve-even-root": Example("x*abs(x)"),
    "alg-solve-square-sides": Example("x/sqrt(1 + x**2)"), "alg-solve-signed-root": Example("x/sqrt(1 + x**2)"),
    "alg-root-of-reciprocal": Example("x/sqrt(1 + x**2)"), "alg-half-angle-tangent": Example("sin(x)/(1 + cos(x))"),
    "alg-hyperbolic-of-exp": Example("log(x/(1 - x))"), "alg-exp-of-inverse-hyperbolic": Example("tanh(softplus(x))"),
    # the textbook tidy's rewrites fire inside its search from f' to the shortest form
    "alg-common-denominator": Example("x*sqrt(x^2+1)"), "alg-collect": Example("x/sqrt(x^2+1)"),
    "alg-compound-fraction": Example("atan(x/2)"), "alg-into-root": Example("asinh(x/2)"), "alg-root-of-fraction": Example("acos(x/(2+x^2))"),
    "alg-factor-sum": Example("(x^2-1)/(x-1)"), "alg-double-angle": Example("sin(x)*cos(x)"),
    "alg-quotient": Example("log(cosh(x))"), "alg-multiple-angle": Example("log(tanh(x))"),
    "alg-square-as-tangent": Example("tan(x/3)"),
    "alg-numbers-out": Example("tanh(2*x)**2"),
    "alg-cancel-multiple": Example("cos(x)/(1 + sin(x))"),
    "alg-product-to-sum": Example("sin(2*x)*cos(x)"), "alg-square-by-the-other": Example("sin(x)*cos(x)**2"),
    # the identities that shorten a form in y fire after the substitution of the solved x
    "alg-root-of-square": Example("asin(2*x)"), "alg-exp-of-log": Example("log(x, 2)"),
}


def fires_in(rule) -> Example:
    if rule.id == "alg-given":  # only a catalog entry states a condition to use
        from derive.catalog import CATALOG
        entry = next(e for e in CATALOG if e.given)
        return Example(entry.name, wrt=entry.variable)
    return FIRES_IN.get(rule.id) or next(ex for ex in rule.examples if ex.applies)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.id)
def test_every_rule_fires_in_a_derivation(rule):
    """No rule is dead: the derivation of its example's input (or of the input FIRES_IN names)
    has a step, sub-step or joint that names it."""
    ex = fires_in(rule)
    assert stage_records(rule.id, ex), f"{rule.id} does not fire in the derivation of {ex.input}"


# --- the listing: derive --rules --------------------------------------------------------------



def test_rules_json_lists_each_rules_examples():
    import json

    code, out, err = run("--rules", "--format", "json")
    assert (code, err) == (0, "")
    listed = {r["id"]: r for r in json.loads(out)}
    for rule in all_rules():
        shown = listed[rule.id]["examples"]
        assert shown and all({"input", "result"} <= e.keys() for e in shown), rule.id
        assert [(e["input"], e["result"]) for e in shown] == [(x.input, x.result) for x in rule.examples if x.applies]
        assert [e["input"] for e in listed[rule.id]["not_for"]] == [x.input for x in rule.examples if not x.applies]
    assert listed["d-known"]["examples"][0]["given"] == ["y = tanh(x)", "y' = 1 - y**2"]
    assert listed["d-indexed"]["examples"][0]["wrt"] == "a[j]"
    assert "given" not in listed["d-quotient"]["examples"][0]


def test_rules_text_shows_the_examples_in_80_columns():
    code, out, err = run("--rules")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("e.g. x**3 → 3*x**2" in line for line in lines)
    assert any("not for 1/x**2 (the power rule)" in line for line in lines)
    assert sum("e.g." in line for line in lines) == sum(ex.applies for r in all_rules() for ex in r.examples)


@pytest.mark.parametrize("width", [50, 64, 100])
def test_rules_text_fits_the_terminal_up_to_80_columns(width):
    import io

    from rich.console import Console

    from derive.printing.text import rules_table
    from derive.rules import FAMILIES

    console = Console(file=io.StringIO(), width=width)
    console.print(rules_table(all_rules(), FAMILIES))
    lines = console.file.getvalue().splitlines()
    assert max(len(line) for line in lines) == min(width, 80)


@pytest.mark.parametrize("ex, width, expected", [
    (Example("x**3", "3*x**2"), 40, ["e.g. x**3 → 3*x**2"]),
    (Example("x", "1", given=("y = f",)), 40, ["e.g. with y = f: x → 1"]),
    (Example("a[k]", "d", wrt="a[j]"), 40, ["e.g. by a[j]: a[k] → d"]),
    (Example("exp(x)/(1 + exp(x))", "y*(1 - y)", order=2), 30,
     ["e.g. at order 2:", "     exp(x)/(1 + exp(x))", "     → y*(1 - y)"]),
    (Example("1/x**2", None, why="the power rule"), 40, ["not for 1/x**2 (the power rule)"]),
])
def test_an_example_in_lines(ex, width, expected):
    from derive.printing.text import example_lines
    assert example_lines(ex, width) == expected
