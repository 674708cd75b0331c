"""Reaching a form (derive/reach.py): a form in y is reached by shown lines, never in one jump.
Where the algebra search does not get there, y = f(x) is solved one operation a line, the part
substituted, and each line is checked."""
import pytest

from derive.catalog import CATALOG
from derive.engine import derive, derive_each
from derive.printing.written import to_sympy

INVERSE = "def-substitute-inverse"


def solving(d) -> list:
    """The substitution steps of d, with the rules of the lines that solve y = f."""
    return [(s, [t.rule for t in s.substeps]) for top in d.steps for s in top.walk() if s.rule == INVERSE]


@pytest.mark.parametrize("text, wrt, lines, let, form", [
    ("softplus", None, ["alg-solve-multiply", "alg-solve-inverse", "alg-solve-subtract"],
     ("exp(beta*x)", "-1 + exp(beta*y)"), "1 - exp(-y*beta)"),
    ("arctan", None, ["alg-solve-inverse"], ("x", "tan(y)"), "cos(y)**2"),
    ("logsigmoid", None, ["alg-solve-multiply", "alg-solve-inverse", "alg-solve-subtract"],
     ("exp(-x)", "-1 + exp(-y)"), "1 - exp(y)"),
    ("exp(x)/(1+exp(x))", None, ["alg-solve-cross-multiply", "alg-solve-collect", "alg-solve-divide"],
     ("exp(x)", "y/(1 - y)"), "y*(1 - y)"),
    ("glu", "b", ["alg-solve-divide"], ("1/(1 + exp(-b))", "y/a"), "y*(a - y)/a"),
    # a fraction in e^{2x}: solved for e^{2x}, not for e^x through a square root; the line that
    # writes it so first (multiplied above and below by e^x)
    ("exp(x)/(exp(x)+exp(-x))", None, ["alg-multiply-above-below", "alg-solve-cross-multiply", "alg-solve-collect",
                                       "alg-solve-divide"], ("exp(2*x)", "y/(1 - y)"), "2*y*(1 - y)"),
    ("(1-exp(-x))/(1+exp(-x))", None, ["alg-multiply-above-below", "alg-solve-cross-multiply", "alg-solve-collect",
                                       "alg-solve-divide"], ("exp(x)", "(1 + y)/(1 - y)"), "(1 + y)*(1 - y)/2"),
    ("x^3", None, ["alg-solve-odd-root"], ("x", "Abs(y)**(1/3)*sign(y)"), "3*Abs(y)**(2/3)"),
    ("(3x+2)^5", None, ["alg-solve-odd-root"], ("2 + 3*x", "Abs(y)**(1/5)*sign(y)"), "15*Abs(y)**(4/5)"),
    ("x^3 + 1", None, ["alg-solve-subtract", "alg-solve-odd-root"], ("x", "Abs(-1 + y)**(1/3)*sign(-1 + y)"),
     "3*Abs(-1 + y)**(2/3)"),
    ("x/sqrt(1+x^2)", None, ["alg-solve-square-sides", "alg-solve-cross-multiply", "alg-solve-collect",
                             "alg-solve-divide", "alg-solve-signed-root", "alg-root-of-reciprocal"],
     ("x", "y/sqrt(1 - y**2)"), "(1 - y**2)**(3/2)"),  # ISRU: x occurs twice, y² = x²/(1 + x²) is linear in x²
    # absolute values of both sides leave an even power of x: its root is |x|, which f′ holds
    ("x*abs(x)", None, ["alg-solve-magnitude", "alg-solve-even-root"], ("Abs(x)", "sqrt(Abs(y))"),
     "2*sqrt(Abs(y))"),
    ("x^3*abs(x)", None, ["alg-solve-magnitude", "alg-solve-even-root"], ("Abs(x)", "Abs(y)**(1/4)"),
     "4*Abs(y)**(3/4)"),
    # through the half-angle tangent: the definition itself is tan(x/2), the line that says so
    ("sin(x)/(1+cos(x))", None, ["alg-half-angle-tangent"], ("tan(x/2)", "y"), "(1 + y**2)/2"),
    # ... or a fraction linear in it, then solved for it as any such fraction is
    ("cos(x)/(1-sin(x))", None, ["alg-half-angle-tangent", "alg-solve-cross-multiply", "alg-solve-collect",
                                 "alg-solve-divide"], ("tan(x/2)", "(-1 + y)/(1 + y)"), "(1 + y**2)/2"),
    ("cos(x)/(1+sin(x))", None, ["alg-half-angle-tangent", "alg-solve-cross-multiply", "alg-solve-collect",
                                 "alg-solve-divide"], ("tan(x/2)", "(1 - y)/(1 + y)"), "-(1 + y**2)/2"),
    # x in a sum with logarithms: exponentials of both sides first, then a fraction linear in eˣ or x
    ("x - log(1+exp(x))", None, ["alg-solve-exp", "alg-solve-cross-multiply", "alg-solve-collect",
                                 "alg-solve-divide"], ("exp(x)", "exp(y)/(1 - exp(y))"), "1 - exp(y)"),
    ("x + log(1-exp(-x))", None, ["alg-solve-exp", "alg-solve-collect"], ("exp(x)", "1 + exp(y)"), "1 + exp(-y)"),
    ("log(x) - log(1+x)", None, ["alg-solve-exp", "alg-solve-cross-multiply", "alg-solve-collect",
                                 "alg-solve-divide"], ("x", "exp(y)/(1 - exp(y))"), "-2 + 2*cosh(y)"),
    ("log(1+x) - log(1-x)", None, ["alg-solve-exp", "alg-solve-cross-multiply", "alg-solve-collect",
                                   "alg-solve-divide"], ("x", "(-1 + exp(y))/(1 + exp(y))"), "1 + cosh(y)"),
    # 1 + tanh x is 0.0 in floats at x = −29: the form checked there at 40 (then 80) digits
    ("log(1+tanh(x))", None, ["alg-solve-inverse", "alg-solve-subtract"], ("tanh(x)", "-1 + exp(y)"), "2 - exp(y)"),
    # hyperbolic functions written in exponentials, a line of its own, then a fraction linear in eˣ
    ("sinh(x)/(1+cosh(x))", None, ["alg-hyperbolic-as-exp", "alg-multiply-above-below", "alg-lowest-terms",
                                   "alg-solve-cross-multiply", "alg-solve-collect", "alg-solve-divide"],
     ("exp(x)", "(1 + y)/(1 - y)"), "(1 + y)*(1 - y)/2"),
    # a quadratic in eˣ: the + root, where it holds; the root below cleared by its conjugate after
    ("exp(x) - exp(-x)", None, ["alg-solve-cross-multiply", "alg-solve-quadratic"],
     ("exp(x)", "y/2 + sqrt(4 + y**2)/2"), "sqrt(4 + y**2)"),
    # sec, csc and cot in the tangent of the half angle too: sec x + tan x = (1 + t)/(1 − t)
    ("log(sec(x)+tan(x))", None, ["alg-half-angle-tangent", "alg-solve-inverse", "alg-solve-cross-multiply",
                                  "alg-solve-collect", "alg-solve-divide"],
     ("tan(x/2)", "(-1 + exp(y))/(1 + exp(y))"), "cosh(y)"),
    ("log(csc(x)-cot(x))", None, ["alg-half-angle-tangent", "alg-solve-inverse"], ("tan(x/2)", "exp(y)"), "cosh(y)"),
    # x = atan(sinh y) holds on one branch of tan only: f′ written in tan x first, which tan x = sinh y gives
    ("asinh(tan(x))", None, ["alg-solve-inverse"], ("tan(x)", "sinh(y)"), "cosh(y)"),
])
def test_the_form_is_reached_by_solving(text, wrt, lines, let, form):
    d = next(e for e in derive_each(text) if wrt is None or str(e.variable) == wrt)
    [(step, rules)] = solving(d)
    assert d.verified and rules == lines
    assert tuple(to_sympy(e) for e in step.let) == let
    assert to_sympy(d.output_form) == form


@pytest.mark.parametrize("text", ["sinh(x)/(1+cosh(x))", "sinh(2*x)/(1+cosh(2*x))"])
def test_the_derivative_is_written_in_exponentials_before_the_substitution(text):
    """f′ = 1/(1 + cosh x) is written in eˣ by a line of its own: the substitution of eˣ replaces
    one part, it does not also rewrite cosh."""
    d = derive(text)
    rules = [s.rule for s in d.steps]
    at = rules.index(INVERSE)
    assert d.verified and rules[at - 1] == "alg-hyperbolic-as-exp"
    from sympy import cosh, sinh
    assert not d.steps[at - 1].expression.has(sinh, cosh) and d.steps[at - 2].expression.has(cosh)


@pytest.mark.parametrize("text, parts", [
    ("log_softmax", ["a[j]"]),  # a_j = y_j + log Σ e^{a_k}
])  # (softmin's case i = j is reached by factoring and separating into S_i(S_j − 1): nothing to solve)
def test_a_vector_case_solves_for_the_parts_it_uses(text, parts):
    d = derive(text)
    found = solving(d)
    assert d.verified and found
    assert all(sorted(to_sympy(t.before) for t in step.substeps) == sorted(parts) for step, _ in found)


@pytest.mark.parametrize("entry", [e.name for e in CATALOG])
def test_no_form_of_the_catalog_arrives_in_one_jump(entry):
    for d in derive_each(entry):
        assert all(rules for _, rules in solving(d)), d.name


def rules_after(d) -> list:
    """The rules of the lines after the substitution."""
    ids = [s.rule for s in d.steps]
    return ids[ids.index(INVERSE) + 1:]


@pytest.mark.parametrize("text, after", [
    ("x^3", ["alg-sign-even-power"]),  # 3·sign(y)²·|y|^{2/3} = 3|y|^{2/3}
    ("(3x+2)^5", ["alg-sign-even-power"]),
    ("1/x^3", ["alg-sign-even-power"]),
])
def test_an_odd_power_is_solved_by_the_real_root_and_the_sign_dropped_by_name(text, after):
    import random

    from sympy import diff

    d = derive(text)
    assert d.verified and rules_after(d) == after
    f, form, x, y = d.definition, d.output_form, d.variable, d.symbol
    rnd = random.Random(13)
    for at in [rnd.uniform(-3, -0.1) for _ in range(4)] + [rnd.uniform(0.1, 3) for _ in range(4)]:
        want = diff(f, x).subs(x, at)
        assert abs(complex(form.subs(y, f.subs(x, at)).evalf()) - complex(want.evalf())) < 1e-9 * (1 + abs(want))


SQUARED = ["alg-solve-square", "alg-solve-collect", "alg-solve-divide"]


@pytest.mark.parametrize("text, wrt, isolate, root, form", [
    ("(x + sqrt(x^2 + b))/2", "x", ["alg-solve-isolate", "alg-solve-multiply"], ("sqrt(b + x**2)", "-x + 2*y"),
     "4*y**2/(b + 4*y**2)"),  # squareplus
    ("(x + sqrt(x^2 + 4))/2", None, ["alg-solve-isolate", "alg-solve-multiply"], ("sqrt(4 + x**2)", "-x + 2*y"),
     "y**2/(1 + y**2)"),
    ("x + sqrt(x^2+1)", None, ["alg-solve-isolate"], ("sqrt(1 + x**2)", "y - x"), "2*y**2/(1 + y**2)"),
    ("sqrt(x^2+1) - x", None, ["alg-solve-isolate"], ("sqrt(1 + x**2)", "y + x"), "-2*y**2/(1 + y**2)"),
])
def test_a_root_is_substituted_then_squared_away(text, wrt, isolate, root, form):
    """y = f(x) with x inside and outside a square root: the root isolated and substituted,
    then squared (the line states r ≥ 0, checked), the terms collected and x substituted; the
    fraction of fractions left is written in lowest terms."""
    from sympy import Ge, diff

    d = derive(text, wrt) if wrt else derive(text)
    [(first, rules1), (second, rules2)] = solving(d)
    assert d.verified and rules1 == isolate and rules2 == SQUARED
    assert tuple(to_sympy(e) for e in first.let) == root
    assert to_sympy(d.output_form) == form and not jumps(d)
    [square] = [t for t in second.substeps if t.rule == "alg-solve-square"]
    assert square.where == Ge(square.expression.base, 0)
    f, g, x, y = d.definition, d.output_form, d.variable, d.symbol
    at = {s: 2 for s in f.free_symbols - {x}}
    for point in (-2.5, -0.3, 0.0, 0.8, 3.0):  # the form is the derivative, f substituted back
        want = diff(f, x).subs(at).subs(x, point)
        got = g.subs(at).subs(y, f.subs(at).subs(x, point))
        assert abs(complex(got.evalf()) - complex(want.evalf())) < 1e-9


def test_a_squaring_whose_condition_fails_is_not_verified():
    """√(x² + 1) = x − y is squared only where x − y ≥ 0; for y = x + √(x² + 1) it is negative
    everywhere, so the line, though its squares agree, is not verified."""
    from sympy import Pow, sqrt

    from derive.board import Board
    from derive.parse import symbol
    from derive.reach import solved_line
    from derive.rules.solving import SOLVE_SQUARE
    from derive.verify import Checker

    x, y = symbol("x"), symbol("y")
    f = x + sqrt(x ** 2 + 1)
    board = Board(Checker(x, f, folded={y: f}))
    assert solved_line(board, SOLVE_SQUARE, x ** 2 + 1, Pow(y - x, 2, evaluate=False)).verified
    assert not solved_line(board, SOLVE_SQUARE, x ** 2 + 1, Pow(x - y, 2, evaluate=False)).verified


@pytest.mark.parametrize("text, name", [("softplus(2*x)", "sigmoid")])  # log(sigmoid(x)): see test_named.py
def test_a_call_is_written_out_in_a_line_of_its_own_before_the_substitution(text, name):
    """2·sigmoid(2x) = 2/(1 + e^{−2x}) is shown before e^{2x} = e^y − 1 is substituted into it."""
    d = derive(text)
    rules = [s.rule for s in d.steps]
    at = rules.index("def-substitute-inverse")
    assert d.verified and rules[at - 1] == "def-name-part" and d.steps[at - 1].title == f"Write {name} by its definition"


@pytest.mark.parametrize("text, after, form, where", [
    ("asin(2*x)", ["alg-pythagorean", "alg-root-of-square"], "2/cos(y)", "cos(y)"),
    ("asin(x/2)", ["alg-pythagorean", "alg-root-of-square"], "1/(2*cos(y))", "cos(y)"),
    ("acos(x)", ["alg-pythagorean", "alg-root-of-square"], "-1/sin(y)", "sin(y)"),
    ("asinh(x)", ["alg-pythagorean", "alg-root-of-square"], "1/cosh(y)", None),  # cosh y > 0 always
    ("asinh(3*x)", ["alg-pythagorean", "alg-root-of-square"], "3/cosh(y)", None),
    ("acosh(x)", ["alg-pythagorean", "alg-root-of-square"], "1/sinh(y)", "sinh(y)"),
    ("atanh(x)", ["alg-pythagorean"], "cosh(y)**2", None),
    ("atan(1/x)", ["alg-pythagorean"], "-sin(y)**2", None),  # 1 + 1/tan²y = 1/sin²y
    # from the tidied 1/(2cosh x) (tidy7: alg-balance-exponentials), cosh(log tan y) over one line first
    ("atan(exp(x))", ["alg-common-denominator", "alg-divide-by-fraction", "alg-multiply-fractions", "alg-cancel",
                      "alg-pythagorean", "alg-quotient", "def-cached"], "cos(y)*sin(y)", None),
    ("log(x, 2)", ["alg-exp-of-log"], "1/(2**y*log(2))", None),  # x = e^{y·log 2}: 1/(x log 2) = 2^{−y}/log 2
])
def test_an_inverse_function_form_is_shortened_by_named_identities(text, after, form, where):
    """After the substitution, the Pythagorean identity makes a square and the root of it is
    taken by the sign the values of y give (cos y ≥ 0 on asin's range): the step states the
    condition, which the checker found at every point; the form is what a textbook prints."""
    from sympy import GreaterThan

    d = derive(text)
    assert d.verified and rules_after(d) == after and to_sympy(d.output_form) == form
    [root] = [s for s in d.steps if s.rule == "alg-root-of-square"] or [None]
    if where is not None:
        assert isinstance(root.where, GreaterThan) and root.where.rhs == 0 and to_sympy(root.where.lhs) == where
    elif root is not None:
        assert root.where is None


def test_a_root_of_a_square_whose_sign_changes_is_not_taken():
    """√(cos²y) = cos y only where cos y ≥ 0: for y = 2·asin(x) (range [−π, π]) cos y takes both
    signs, so the identities stop at |cos y| (or the root), never at cos y."""
    from derive.board import Board
    from derive.parse import symbol
    from derive.reach import by_identities
    from derive.verify import Checker
    from sympy import Symbol, asin, cos, sin, sqrt

    x, y = symbol("x"), Symbol("y")
    for f, taken in ((2 * asin(x), False), (asin(x), True)):
        board = Board(Checker(x, f, folded={y: f}))
        steps = by_identities(1 / sqrt(1 - sin(y) ** 2), board)
        assert all(s.verified for s in steps)
        assert (steps[-1].expression == 1 / cos(y)) is taken


def test_the_definition_is_folded_before_x_is_substituted():
    """3x²e^{x³}: e^{x³} is y (a line of its own), then x = ∛|log y|·sign(log y) is substituted
    into x² alone, and the even power of the sign is dropped by name."""
    d = derive("exp(x**3)")
    ids = [s.rule for s in d.steps]
    at = ids.index(INVERSE)
    assert d.verified and ids[at - 1] == "alg-fold-definition"
    assert rules_after(d)[0] == "alg-sign-even-power" and to_sympy(d.output_form) == "3*y*Abs(log(y))**(2/3)"


@pytest.mark.parametrize("last, form, rule", [
    ("-1/(1 + 1/t**2)", "-t**2/(t**2 + 1)", "alg-lowest-terms"),  # not "Factor out a common term"
    ("(exp(y) - 1)*exp(-y)", "1 - exp(-y)", "alg-expand"),
    ("2*y - 2*y**2", "2*y*(1 - y)", "alg-factor"),
    ("sqrt(1 - y)/(1 + 1/y)", "y*sqrt(1 - y)/(y + 1)", "alg-lowest-terms"),  # the root a letter of its own
])
def test_the_line_that_writes_the_form_is_named_by_what_it_does(last, form, rule):
    from sympy import Symbol

    from derive.parse import parse
    from derive.reach import rule_for
    from derive.rules.algebra import Context

    y = Symbol("y")
    named = {s: y for s in parse(last).free_symbols | parse(form).free_symbols if s.name == "y"}
    found = rule_for(parse(last).xreplace(named), parse(form).xreplace(named), Context(Symbol("x"), None, y))
    assert found is not None and found.id == rule


@pytest.mark.parametrize("text, pieces", [
    # each piece of f′ that holds x: its x solved from its piece of f, and the form it gives there
    ("softsign(3*x)", [("x > 0", "3*(1 - y)**2"), ("x < 0", "3*(1 + y)**2")]),
    ("elu(2*x)", [("x < 0", "2*(1 + y)")]),  # 2 for x > 0 holds no x: nothing to solve
    # the stable softplus: x + log(1 + e⁻ˣ) for x > 0, solved by exponentials of both sides
    ("Max(x,0) + log(1+exp(-Abs(x)))", [("x > 0", "1 - exp(-y)"), ("x < 0", "1 - exp(-y)")]),
])
def test_a_piecewise_form_shows_each_piece_reached(text, pieces):
    """The step that writes the conditions through y has, under it, each piece's own substitution
    (y standing for that piece of f, and checked so), every line saying for which x it holds."""
    d = derive(text)
    [step] = [s for s in d.steps if s.rule == "alg-conditions-in-y"]
    assert d.verified and all(s.verified for s in step.substeps)
    assert [s.rule for s in step.substeps].count(INVERSE) == len(pieces)
    ends = [k for k, s in enumerate(step.substeps) if k + 1 == len(step.substeps)
            or step.substeps[k + 1].rule == INVERSE]
    assert [(str(step.substeps[k].where), to_sympy(step.substeps[k].expression)) for k in ends] == pieces


@pytest.mark.parametrize("text, after, form", [
    # 2/(1 + 1/(e^y − 1)): no one rule writes 2 − 2e^{−y}; a common denominator, collected, divided
    # by, the fractions multiplied, then multiplied out
    ("softplus(2*x)", ["alg-common-denominator", "alg-collect", "alg-divide-by-fraction", "alg-multiply-fractions",
                       "alg-expand", "def-cached"], "2 - 2*exp(-y)"),
    # 1/(1 + y/(1 − y))²: the inner sum over its denominator, collected, then divided by
    ("x/(1+x)", ["alg-common-denominator", "alg-collect", "alg-divide-by-fraction"], "(1 - y)**2"),
    ("sigmoid(2*x)", [], "2*y*(1 - y)"),  # written out, the definition folds: nothing to solve
])
def test_the_lines_after_the_substitution_are_each_one_rule(text, after, form):
    d = derive(text)
    assert d.verified and to_sympy(d.output_form) == form
    ids = [s.rule for s in d.steps]
    assert (rules_after(d) if INVERSE in ids else []) == after
    assert all(s.substeps for s in d.steps if s.rule == INVERSE)


@pytest.mark.parametrize("text, last", [
    # ((1 + y)² + (y − 1)²)/((1 + y)² + (y − 1)² − 2(1 + y)(y − 1)): multiplied out, factored, cancelled
    ("cos(x)/(1-sin(x))", ["alg-expand", "alg-factor-sum", "alg-cancel"]),
    ("cos(x)/(1+sin(x))", ["alg-expand", "alg-factor-sum", "alg-cancel"]),
    # 1/2 + (4y² − 4)/(8(y² + 1)): over a common denominator, collected, cancelled
    ("(x+sqrt(x^2+4))/2", ["alg-common-denominator", "alg-collect", "alg-cancel"]),
    ("glu@b", ["def-substitute-inverse", "alg-common-denominator"]),  # y(1 − y/a): the bracket over a
])
def test_a_fraction_is_brought_to_lowest_terms_by_named_steps(text, last):
    """No line writes a fraction in lowest terms at once (multiplying out, collecting, factoring
    and cancelling in one): each of them is a line of its own."""
    text, wrt = text.split("@") if "@" in text else (text, None)
    d = next(e for e in derive_each(text) if wrt is None or str(e.variable) == wrt)
    rules = [s.rule for s in d.steps]
    assert d.verified and "alg-lowest-terms" not in rules
    assert rules[-len(last):] == last


@pytest.mark.parametrize("text, last, form", [
    # (1 − y²)(√(1 + y) − √(1 − y))/√(1 + y): the difference of squares, √(1 + y) cancelled, multiplied
    # into the bracket, the roots multiplied, a line each (not one arithmetic line)
    ("tanh(log(1+exp(x)))", ["alg-factor-sum", "alg-cancel", "alg-multiply-into", "alg-roots-multiplied"],
     "(1 - y)*(1 + y - sqrt(1 - y**2))"),
])
def test_a_form_with_roots_is_written_by_one_rule_a_line(text, last, form):
    d = derive(text)
    rules = [s.rule for s in d.steps]
    assert d.verified and rules[-len(last):] == last and to_sympy(d.output_form) == form


@pytest.mark.parametrize("text, form", [
    ("cos(x)/(1+sin(x))", "-(1 + y**2)/2"),
    ("sin(x)/(1+cos(x))", "(1 + y**2)/2"),
])
def test_a_form_through_the_half_angle_is_reached_by_steps(text, form):
    """f′ is first written in t = tan(x/2) (a step of its own), then t is substituted: the
    substitution replaces one part, not every sine and cosine at once."""
    d = derive(text)
    rules = [s.rule for s in d.steps]
    at = rules.index("alg-half-angle-tangent")
    assert d.verified and rules[at + 1] == INVERSE and to_sympy(d.output_form) == form
    from sympy import cos, sin, tan
    in_tan = d.steps[at].expression
    assert in_tan.has(tan(d.variable / 2)) and not in_tan.has(sin, cos)


def fraction_depth(e) -> int:
    """How deep fractions nest in e as written: a 1/d factor is one deeper than d."""
    from derive.expr import is_denominator_factor

    if e.is_Atom:
        return 0
    if is_denominator_factor(e):
        return 1 + fraction_depth(e.base)
    return max(fraction_depth(a) for a in e.args)


def jumps(d) -> list:
    """The lines after the first substitution that clear two or more levels of fractions inside
    fractions, and two or more of the fractions and sums of fractions inside it, in one rule
    (y(1 + y/(1 − y))/(1 − y)… over (1 + y/(1 − y))² = y(1 − y)): what a student cannot follow.
    (1/(1 − y²))^{−3/2} = (1 − y²)^{3/2} clears two levels but one fraction: a small step.)"""
    from derive.rules.algebra import inner_fractions

    ids = [s.rule for s in d.steps]
    if INVERSE not in ids:
        return []
    at = ids.index(INVERSE)
    return [(k + 1, s.rule) for k, s in enumerate(d.steps[at + 1:], at)
            if fraction_depth(d.steps[k].expression) - fraction_depth(s.expression) >= 2
            and inner_fractions(d.steps[k].expression) - inner_fractions(s.expression) >= 2]


@pytest.mark.parametrize("text", [
    "exp(x)/(1+exp(x))", "exp(2*x)/(1+exp(2*x))", "exp(x)/(2+exp(x))", "exp(-x)/(1+exp(-x))",
    "x/(1+x)", "x/(1-x)", "(1+x)/(1-x)", "(1-exp(-x))/(1+exp(-x))", "(exp(x)-1)/(exp(x)+1)",
    "log(x/(1-x))", "x/sqrt(1+x^2)", "x + sqrt(x^2+1)", "exp(x)/(1+exp(x)) + 1", "tanh(softplus(x))",
    "log(1+exp(-x))", "softplus(2*x)",
])
def test_no_line_after_the_substitution_clears_nested_fractions_at_once(text):
    """Each line after the substitution clears at most one level of fractions inside fractions
    (a common denominator, a division by a fraction, a cancellation), and the form is reached."""
    d = derive(text)
    assert d.verified and d.output_form is not None
    assert not jumps(d), jumps(d)


@pytest.mark.parametrize("entry", [e.name for e in CATALOG])
def test_no_catalog_form_is_reached_by_clearing_nested_fractions_at_once(entry):
    for d in derive_each(entry):
        assert not jumps(d), (d.name, jumps(d))


def test_the_walk_to_one_fraction_is_small_steps_innermost_first():
    """(y/(1 − y))/(1 + y/(1 − y))²: the inner sum over a common denominator, its numerator
    collected, the division by a fraction, the common factor cancelled; each line checked."""
    from sympy import Symbol, parse_expr

    from derive.board import Board
    from derive.reach import to_one_fraction
    from derive.verify import Checker

    y = Symbol("y")
    start = parse_expr("(y/(1 - y))/(1 + y/(1 - y))**2", local_dict={"y": y}, evaluate=False)
    steps = to_one_fraction(start, y * (1 - y), y, Board(Checker(y, start)))
    assert [s.rule for s in steps] == ["alg-common-denominator", "alg-collect", "alg-divide-by-fraction",
                                       "alg-cancel"]
    assert all(s.verified for s in steps) and steps[-1].expression == y * (1 - y)


@pytest.mark.parametrize("text, undone", [
    # x = arsinh(e^y) into cosh x/sinh x: written as substituted, then each composition undone
    ("log(sinh(x))", ["coth(asinh(exp(y)))"]),  # from the tidied coth x
    ("atan(sinh(x))", ["cosh(asinh(tan(y)))"]),  # from the tidied 1/cosh x
])
def test_a_function_of_an_inverse_is_written_as_substituted_then_undone_by_name(text, undone):
    from sympy import preorder_traversal

    from derive.rules.identities import OF_INVERSE

    d = derive(text)
    ids = [s.rule for s in d.steps]
    at = ids.index(INVERSE)
    substituted = d.steps[at].expression
    assert d.verified and ids[at + 1:at + 1 + len(undone)] == ["alg-of-inverse"] * len(undone)
    held = {str(n) for n in preorder_traversal(substituted) if OF_INVERSE.apply(n) is not None}
    assert held == set(undone)
    after = d.steps[at + len(undone)].expression
    assert not any(OF_INVERSE.apply(n) is not None for n in preorder_traversal(after))


def _lines(steps):
    for s in steps:
        yield s
        yield from _lines(s.substeps)


@pytest.mark.parametrize("text", [
    "Piecewise((x, x > 0), (2*(exp(x) - 1), True))",  # SymPy writes the piece 2eˣ − 2: f′ = 2eˣ is solved for
    "Piecewise((1.0507*x, x > 0), (1.0507*1.6733*(exp(x) - 1), True))",  # selu written with decimals
    "selu",
])
def test_no_line_says_its_sub_step_or_its_letter_again(text):
    """Where the part solved for is f′ itself (2eˣ = y + 2), the solve's line is the step: no
    substitution whose letter is the same equation, no sub-step that repeats it."""
    d = derive(text)
    assert d.verified and d.output_form is not None
    for s in _lines(d.steps):
        said = (s.before, s.expression)
        assert all((t.before, t.expression) != said for t in s.substeps), (text, s.rule)
        if s.let is not None and s.before is not None:
            assert tuple(s.let) != said, (text, s.rule)


@pytest.mark.parametrize("text, form", [
    # x = artanh(e^y) into the tidied 2/sinh 2x: the double angle written in the single one, each
    # function of artanh undone, then one rule a line to −2 sinh y (was one alg-arithmetic jump)
    ("log(tanh(x))", "-2*sinh(y)"),
    ("log(tanh(2*x))", "-4*sinh(y)"),
])
def test_a_function_of_a_multiple_of_an_inverse_is_written_in_the_single_angle_first(text, form):
    d = derive(text)
    ids = [s.rule for s in d.steps]
    at = ids.index(INVERSE)
    assert d.verified and str(d.output_form) == form
    assert ids[at + 1:at + 4] == ["alg-multiple-angle", "alg-of-inverse", "alg-of-inverse"]
    assert "alg-arithmetic" not in ids[at + 1:]


@pytest.mark.parametrize("text, form", [
    # f is the kernel itself: f′, tidied to sec²(x/k)/k, written in the tangent again and the
    # definition folded back; no substitution with a letter and no lines (was one jump)
    ("tan(x/3)", "(y**2 + 1)/3"),
    ("tan(x/2)", "(y**2 + 1)/2"),
])
def test_a_form_through_the_function_itself_folds_the_definition_back(text, form):
    d = derive(text)
    ids = [s.rule for s in d.steps]
    assert d.verified and str(d.output_form) == form
    assert ids[-2:] == ["alg-square-as-tangent", "alg-fold-definition"] and INVERSE not in ids


@pytest.mark.parametrize("text", [
    # tanh 2x + 1, solved for e^{4x} (tanh 2x alone is read as the call tanh(2x), whose line
    # folds into y: 2 − 2 tanh²2x = 2 − 2y², nothing to solve)
    "(exp(2*x)-exp(-2*x))/(exp(2*x)+exp(-2*x)) + 1",
    "exp(2*x)/(exp(2*x)+exp(-2*x))",
])
def test_a_kernel_far_from_one_is_solved_by_shown_lines(text):
    """(1 − y)e^{4x} = 1 + y holds where 1 − y is e^{−120} (x = 30): the checker looks again with
    more digits, so the solve is shown, not a substitution with a letter and no lines."""
    d = derive(text)
    subs = [s for s in _lines(d.steps) if s.rule == INVERSE]
    assert d.verified and subs and all(s.substeps for s in subs)
    assert [s.rule for s in subs[0].substeps][-3:] == ["alg-solve-cross-multiply", "alg-solve-collect",
                                                      "alg-solve-divide"]
