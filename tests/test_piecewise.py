"""Joints, one-sided derivatives and output forms of piecewise functions."""
import pytest
from hypothesis import given, settings, strategies as st
from sympy import And, Interval, Or, S, Piecewise, Symbol, oo, sqrt, sympify
from sympy.calculus.util import function_range

from derive.engine import derive
from derive.expr import canon
from derive.parse import parse, symbol
from derive.piecewise import analytic, kinks, member, output_form, simplifies_to_zero, values_taken
from derive.printing.written import to_sympy
from derive.rules.piecewise import expr_set_pairs

x = symbol("x")
y = Symbol("y")
alpha = Symbol("alpha", positive=True)


@pytest.mark.parametrize("text, at, left, right, continuous", [
    ("Piecewise((0, x <= 0), (x, True))", 0, 0, 1, True),
    ("Piecewise((x**2, x < 1), (2*x - 1, True))", 1, 2, 2, True),  # a smooth joint is reported too (issue 13)
    ("Piecewise((x, x < 1), (3, True))", 1, 1, 0, False),
    ("Piecewise((-x, x < 0), (x, True))", 0, -1, 1, True),
    ("Piecewise((0, x < -3), (x/6 + 1/2, x <= 3), (1, True))", -3, 0, sympify("1/6"), True),
])
def test_kinks(text, at, left, right, continuous):
    found = kinks(parse(text), x, pytorch=False, params={})
    if at is None:
        assert found == []
        return
    k = found[0]
    assert (k.at, k.left, k.right, k.continuous) == (at, left, right, continuous)
    assert k.differentiable is (continuous and left == right)
    assert k.verified


@pytest.mark.parametrize("text, at, slope", [
    ("x*Abs(x)", 0, 0),
    ("Piecewise((x**2, x < 0), (x**3, True))", 0, 0),
    ("celu", 0, 1),
    ("softsign", 0, 1),
])
def test_every_joint_is_reported_with_the_derivative_there(text, at, slope):
    from derive.pipeline import derive

    d = derive(text)
    (k,) = [k for k in d.kinks if k.at == at]
    assert k.differentiable and k.left == slope and k.verified
    assert k.subgradient(d.parameter_values) is None  # a derivative, not a set of subgradients
    assert d.to_dict()["kinks"][0]["differentiable"] is True


@pytest.mark.parametrize("text, polynomial, left, right, continuous, differentiable", [
    # the real root a ≈ 0.4534 of x³ + 2x − 1: −2a/(2 + a²)² ≈ −0.1864 on the left, 1 on the right
    ("Max(1/(2+x^2), x)", "x**3 + 2*x - 1", "-2*x/(2 + x**2)**2", "1", True, False),
    ("Min(x^3, 1 - x)", "x**3 + x - 1", "3*x**2", "-1", True, False),
    ("Max(x^5 - x, 1/3)", "3*x**5 - 3*x - 1", None, None, True, False),  # three joints, at CRootOfs
    ("Piecewise((x**4, x**2 < 2), (4*x**2 - 4, True))", "x**2 - 2", "4*x**3", "8*x", True, True),  # smooth at ±√2
    ("Piecewise((x, x < sqrt(2)), (0, True))", "x**2 - 2", "1", "0", False, False),  # a jump
    ("Piecewise((1, Eq(x, sqrt(2))), (x**2, True))", "x**2 - 2", "2*x", "2*x", False, False),  # a point
])
def test_joints_at_irrational_algebraic_numbers_are_settled_exactly(text, polynomial, left, right, continuous,
                                                                   differentiable):
    """Each joint is a root of the polynomial; its one-sided derivatives are the pieces' derivatives
    there (checked at 50 digits by SymPy, not by the engine's exact arithmetic)."""
    d = derive(text)
    assert d.verified and d.kinks
    for k in d.kinks:
        a = k.at.evalf(50)
        assert abs(sympify(polynomial).subs(Symbol("x"), a).evalf(50)) < 1e-40
        for claimed, piece in ((k.left, left), (k.right, right)):
            if piece is not None:
                assert abs((claimed - sympify(piece).subs(Symbol("x"), k.at)).evalf(50)) < 1e-40
        assert (k.continuous, k.differentiable, k.verified) == (continuous, differentiable, True)


def test_hardsigmoid_like_function_has_two_kinks():
    found = kinks(parse("Piecewise((0, x <= -3), (x/6 + 1/2, x < 3), (1, True))"), x, False, {})
    assert [k.at for k in found] == [-3, 3]


@pytest.mark.parametrize("definition, value_at_kink", [
    ("Piecewise((0, x <= 0), (x, True))", 0),               # relu: the branch x <= 0 holds at 0
    ("Piecewise((x, x > 0), (alpha*x, True))", alpha),      # leaky relu: the branch alpha*x
    ("Piecewise((x, x >= 0), (alpha*x, True))", 1),         # written the other way: 1
])
def test_pytorch_value_is_the_branch_that_holds(definition, value_at_kink):
    f = parse(definition).xreplace({symbol("alpha"): alpha})
    (k,) = kinks(f, x, pytorch=True, params={alpha: 0.01})
    assert k.pytorch == value_at_kink


@pytest.mark.parametrize("definition, form", [
    ("Piecewise((0, x <= 0), (x, True))", Piecewise((1, y > 0), (0, True))),
    ("Piecewise((x, x > 0), (alpha*x, True))", Piecewise((1, y > 0), (alpha, True))),
])
def test_output_form(definition, form):
    f = parse(definition).xreplace({symbol("alpha"): alpha})
    d = derive(definition, wrt="x") if "alpha" not in definition else None
    df = d.derivative if d else Piecewise((1, x > 0), (alpha, x < 0))
    assert output_form(f, df, x, y) == form


def test_no_output_form_when_images_overlap():
    f = parse("Piecewise((-x, x < 0), (x, True))")
    assert output_form(f, Piecewise((-1, x < 0), (1, x > 0)), x, y) is None


def test_relu_end_to_end():
    d = derive("relu")
    assert [s.rule for s in d.steps] == ["def-differentiate", "d-piecewise", "alg-conditions-in-y"]
    assert to_sympy(d.steps[1].expression) == "Piecewise((0, x < 0), (1, x > 0))"
    assert [to_sympy(s.where) for s in d.steps[1].substeps] == ["x < 0", "x > 0"]
    assert to_sympy(d.output_form) == "Piecewise((1, y > 0), (0, True))"
    (k,) = d.kinks
    assert (k.at, k.left, k.right, k.pytorch, k.continuous) == (0, 0, 1, 0, True)
    assert k.subgradient(d.parameter_values) == (0, 1)
    assert d.verified


def test_leaky_relu_keeps_alpha_symbolic_with_pytorchs_default():
    d = derive("leaky_relu")
    assert d.parameters == {"alpha": 0.01}
    assert to_sympy(d.output_form) == "Piecewise((1, y > 0), (alpha, True))"
    assert "α > 0" in d.note
    (k,) = d.kinks
    assert (str(k.left), str(k.right), str(k.pytorch)) == ("alpha", "1", "alpha")
    assert d.verified


@pytest.mark.parametrize("text, kink_at", [("Max(0, x)", 0), ("Abs(x)", 0), ("Heaviside(x)", 0)])
def test_written_piecewise_functions(text, kink_at):
    d = derive(text)
    assert d.steps[1].rule == "alg-piecewise"
    assert [k.at for k in d.kinks] == [kink_at]
    assert d.verified


def test_abs_has_no_output_form_and_says_why():
    d = derive("Abs(x)")
    assert d.output_form is None and "exists" in d.note


@pytest.mark.parametrize("text, joints", [
    ("Min(Max(x, 0), 1)", [(0, 0, 1), (1, 1, 0)]),
    ("Abs(Abs(x)-1)", [(-1, -1, 1), (0, 1, -1), (1, -1, 1)]),
    ("Abs(x-1)+Abs(x+1)", [(-1, -2, 0), (1, 0, 2)]),
    ("Piecewise((x^2*sin(1/x), x>0), (0, True))", [(0, 0, 0)]),  # differentiable at 0 by the definition
])
def test_joints_of_nested_and_combined_piecewise_functions(text, joints):
    d = derive(text)
    assert [(k.at, k.left, k.right) for k in d.kinks] == joints
    assert d.verified


def test_an_infinite_one_sided_derivative_is_checked_and_has_no_subgradient():
    d = derive("Piecewise((sqrt(x), x>0), (0, True))")
    (k,) = d.kinks
    assert str(k.right) == "oo" and k.verified and k.subgradient({}) is None


def test_joints_at_a_parameter_are_said_to_be_unexamined():
    d = derive("Piecewise((x^2, x<a), (a*x, True))", wrt="x")
    assert d.kinks == [] and "not examined" in d.note


def test_min_max_clamp_has_an_output_form():
    assert to_sympy(derive("Min(Max(x, 0), 1)").output_form) == "Piecewise((1, (y > 0) & (y < 1)), (0, True))"


@pytest.mark.parametrize("text", [
    "Piecewise((0, x <= -3), (1, x >= 3), (x/6 + 1/2, True))",
    "Piecewise((1, 0 < x), (2, True))",
    "Piecewise((1, -2*x + 6 > 0), (2, True))",  # a negative slope turns the comparison round
    "Piecewise((1, (x > 0) & (x < 1)), (2, (x < -1) | (x > 5)), (3, True))",
    "Piecewise((1, x >= sqrt(2)), (2, x < pi), (3, True))",
    "Piecewise((1, x > 0), (2, x > 1), (3, True))",  # a piece that never applies
    "Piecewise((1, x < 1/3), (2, x <= 1/3), (3, True))",  # a piece on one point
    "Piecewise((0, x < 0), (1/2, Eq(x, 0)), (1, True))",  # x = 0: left to SymPy
    "Piecewise((1, x**2 < 4), (0, True))",  # not linear in x: left to SymPy
])
def test_pieces_read_directly_are_the_sets_sympy_gives(text):
    pw = sympify(text, locals={"x": x})
    mine, sympys = expr_set_pairs(pw, x), pw.as_expr_set_pairs()
    assert [(e, type(s), s.args) for e, s in mine] == [(e, type(s), s.args) for e, s in sympys]


@pytest.mark.parametrize("piece, where", [  # values_taken skips function_range's periodicity test: same sets
    ("alpha*(exp(x) - 1)", "Interval.open(-oo, 0)"),  # monotone
    ("x*(x + 3)/6", "Interval.open(-3, 3)"),  # a polynomial with a minimum inside
    ("x/(1 - x)", "Interval.open(-oo, 0)"),  # a rational function
    ("x - lambd", "Interval.open(lambd, oo)"),  # an end at a parameter
    ("1/x", "Reals"),  # a pole: two stretches
    ("x*exp(x)", "Reals"),  # neither rational nor monotone: function_range itself
    ("x**2", "Interval(-1, 2)"),  # closed ends
    ("x**2 + 1/x", "Interval.open(0, oo)"),
    ("sin(x)", "Interval.open(0, 10)"),  # periodic
    ("0", "Interval.open(-oo, 0)"),
    ("alpha*(exp(x/alpha) - 1)", "Interval.open(-oo, 0)"),  # e^{x/α} → 0 as x → −∞
    ("exp(2*x) + 3*exp(x) + 1", "Interval.open(-oo, 0)"),
    ("1/(1 + exp(x))", "Interval.open(-oo, oo)"),  # no polynomial in e^x: SymPy's limit
    ("x + exp(x)", "Interval.open(-oo, 0)"),  # x left over: SymPy's limit
    ("x/(1 + x)", "Interval.open(0, oo)"),  # p' = 1/(1 + x) − x/(1 + x)²: no root, no pole there
    ("(x**2 - 1)/(x - 1)", "Reals"),  # a hole at 1
    ("x/(x - sqrt(2))", "Interval.open(-oo, 0)"),  # irrational coefficients: SymPy's assumptions
    ("(x - 1/3)**2", "Interval.open(1/3, 1)"),  # p' = 0 at an open end
])
def test_values_taken_are_function_ranges(piece, where):
    names = {"x": x, "alpha": alpha, "lambd": Symbol("lambd", positive=True)}
    p, domain = sympify(piece, locals=names), sympify(where, locals=names)
    assert str(values_taken(p, x, domain)) == str(function_range(p, x, domain))


@pytest.mark.parametrize("where, inside, outside", [
    ("Interval.open(-3, 3)", [-2.999, 0, 2.5], [-3, 3, 7]),
    ("Interval(0, 1/3)", [0, 0.3333333333333333], [0.33333333333333337, -1e-300]),  # exact ends
    ("Union(Interval.open(-oo, -1), Interval.Lopen(1, oo))", [-5, 1.0000001, 1e300], [-1, 0, 1]),
    ("Interval.open(sqrt(2), 3)", [1.5, 1.4142135623730951], [1.4142135623730949, 3]),  # left to SymPy
    ("Interval.open(-3, 3)", [S("-3 + 1/10**9"), S("2.999999999")], [S("-3 - 1/10**9"), S(3)]),  # SymPy numbers
    ("Interval.open(0, 1)", [sqrt(2) / 2], [sqrt(2)]),  # an irrational point: SymPy's contains
])
def test_member(where, inside, outside):
    test = member(sympify(where))
    assert [test(a) for a in inside + outside] == [True] * len(inside) + [False] * len(outside)


@pytest.mark.parametrize("text, expected", [  # analytic: limits by substitution, one-sided derivatives f'(a)
    ("alpha*(exp(x/alpha) - 1)", True),
    ("x*(x + 3)/6", True),
    ("2**x + sin(x)*erf(x)", True),
    ("1/(1 - x)", False),  # a pole
    ("sqrt(x)", False),
    ("x**2*sin(1/x)", False),
    ("c*x", False),  # c of unknown sign
    ("Abs(x)", False),
])
def test_analytic(text, expected):
    assert analytic(sympify(text, locals={"x": x, "alpha": alpha}), x) is expected


@pytest.mark.parametrize("text, expected", [  # simplifies_to_zero: simplify's verdict, asked only when needed
    ("0", True),
    ("alpha*lambd - lambd", False),  # plainly not 0 at positive values: no simplify
    ("log(alpha*lambd) - log(alpha) - log(lambd)", True),  # 0 in value: simplify decides
    ("sin(alpha)**2 + cos(alpha)**2 - 1", True),
    ("1/3 - 0.333333333333333333333", False),  # a number: no simplify either way
    ("oo", False),
])
def test_simplifies_to_zero(text, expected):
    names = {"alpha": alpha, "lambd": Symbol("lambd", positive=True)}
    assert simplifies_to_zero(sympify(text, locals=names)) is expected


@pytest.mark.parametrize("a, b, overlap", [
    ("Interval.open(0, oo)", "Interval.open(-alpha, 0)", False),         # elu: apart for any alpha
    ("Interval.open(-oo, -lambd)", "Interval.open(lambd, oo)", False),   # hardshrink: apart for lambd > 0
    ("FiniteSet(value)", "Interval.open(threshold, oo)", True),          # threshold: meet where value > threshold
    ("FiniteSet(0)", "Interval.open(0, oo)", False),
    ("FiniteSet(0)", "Interval(0, 1)", True),
    ("Interval(-1, 1)", "Interval(0, 2)", True),
])
def test_pieces_overlap_unless_apart_for_every_positive_parameter(a, b, overlap):
    from derive.piecewise import _overlap
    names = {n: Symbol(n) for n in ("alpha", "lambd", "value", "threshold")}
    sa, sb = sympify(a, locals=names), sympify(b, locals=names)
    defaults = {names["alpha"]: 1, names["lambd"]: S.Half, names["value"]: 0, names["threshold"]: 1}
    assert _overlap(sa, sb, defaults) is overlap


@pytest.mark.parametrize("definition, conditions", [
    ("Piecewise((x, x > th), (v, True))", ["th < x", "th > x"]),
    ("Piecewise((x, x >= th), (v, True))", ["th < x", "th > x"]),
    ("Piecewise((x, x > th), (v, x > -th), (x**2, True))", ["th < x", "(th > x) & (th > -x)", "(th > x) & (th < -x)"]),
])
def test_own_conditions_of_pieces_with_a_parameter(definition, conditions):
    from derive.rules.piecewise import own_conditions
    shown = [str(c) for c in own_conditions(parse(definition))]
    assert [sympify(s) for s in shown] == [sympify(s) for s in conditions]


def test_threshold_has_no_form_in_y_and_a_jump_with_pytorchs_value():
    d = derive("threshold")
    assert d.output_form is None and d.verified
    (k,) = d.kinks
    assert (str(k.at), k.left, k.right, k.pytorch, k.continuous) == ("threshold", 0, 1, 0, False)


def test_the_image_of_a_power_of_two_towards_minus_infinity():
    """2^(−x) on (−∞, 0) takes the values (1, ∞) (SymPy 1.14's limit says 0 at −∞): so 2^|x| has
    no form in y by pieces, whose values would meet."""
    from derive.engine import derive

    f = parse("2**(-x)")
    assert values_taken(f, x, Interval.open(-oo, 0)) == Interval.open(1, oo)
    assert derive("2**(Abs(x))").verified


# --- points where a branch holds alone (issue 13 item 6: sinc is 1 at 0) -----------------------

@pytest.mark.parametrize("text, smooth, points", [
    ("Piecewise((1, Eq(x, 0)), (sin(pi*x)/(pi*x), True))", "sin(pi*x)/(pi*x)", (0,)),
    ("Piecewise((sin(x)/x, Ne(x, 0)), (1, True))", "sin(x)/x", (0,)),       # SymPy's own way round
    ("Piecewise((1, x == 1), (3, Eq(x, -2)), ((x - 1)/(x**2 - 1), True))", "(x - 1)/(x**2 - 1)", (-2, 1)),
    ("1 + Piecewise((1, Eq(x, 0)), (sin(x)/x, True))", "1 + sin(x)/x", (0,)),  # a Piecewise inside
    ("Piecewise((1, Eq(x, 0)), (x, x < 0), (x**2, True))", None, None),  # two expressions: pieces
    ("Piecewise((0, x <= 0), (x, True))", None, None),
    ("sin(x)/x", None, None),
])
def test_removable_points(text, smooth, points):
    from derive.piecewise import removable

    found = removable(parse(text), x)
    assert found == (None if smooth is None else (parse(smooth), points))


@pytest.mark.parametrize("text, value, limit, continuous, slope, slope_limit", [
    # f(0), f's limit at 0, continuous, f'(0), whether f' tends to f'(0) (None: not examined)
    ("Piecewise((1, Eq(x, 0)), (sin(pi*x)/(pi*x), True))", 1, 1, True, 0, True),
    ("Piecewise((1, Eq(x, 0)), (sin(x)/x, True))", 1, 1, True, 0, True),
    ("Piecewise((1/2, Eq(x, 0)), ((1 - cos(x))/x**2, True))", S.Half, S.Half, True, 0, True),
    ("Piecewise((0, Eq(x, 0)), (x**2*sin(1/x), True))", 0, 0, True, 0, False),  # f' has no limit
    ("Piecewise((0, Eq(x, 0)), (x**3*sin(1/x), True))", 0, 0, True, 0, True),
    ("Piecewise((1, Eq(x, 0)), (exp(x), True))", 1, 1, True, 1, None),  # analytic: f'(0) is e^0
    ("Piecewise((5, Eq(x, 0)), (sin(x)/x, True))", 5, 1, False, 0, None),  # not continuous
    ("Piecewise((x**2, x < 0), (5, Eq(x, 0)), (x**3, True))", 5, 0, False, 0, None),
])
def test_point_joints(text, value, limit, continuous, slope, slope_limit):
    (k,) = kinks(parse(text), x, pytorch=True, params={})
    assert k.point and k.verified
    assert (k.value, k.limit, k.continuous, k.left, k.right) == (value, limit, continuous, slope, slope)
    assert k.differentiable is continuous and k.slope_limit_exists is slope_limit
    assert k.slope_limit == (slope if slope_limit else None)
    assert k.pytorch == 0  # the branch that holds at 0 is a constant (or x**2's derivative there)


@pytest.mark.parametrize("text, placed", [
    ("Piecewise((1, Eq(x, 0)), (sin(x)/x, True))", True),
    ("Piecewise((x, (x > 0) | Eq(x, -1)), (0, True))", True),
    ("Piecewise((0, x <= 0), (x, True))", True),
    ("Piecewise((1, Eq(x, a)), (sin(x - a)/(x - a), True))", False),  # at a parameter's value
    ("Piecewise((1, Eq(sin(x), 0)), (x, True))", False),               # at infinitely many points
])
def test_points_placed(text, placed):
    from derive.piecewise import points_placed

    assert points_placed(parse(text), x) is placed


@pytest.mark.parametrize("text", ["Piecewise((1, Eq(x, a)), (sin(x - a)/(x - a), True))",
                                  "Piecewise((1, Eq(sin(x), 0)), (x, True))"])
def test_points_that_cannot_be_placed_are_refused(text):
    from derive.parse import ParseError
    from derive.pipeline import derive as pipeline_derive

    with pytest.raises(ParseError, match="finitely many points"):
        pipeline_derive(text, wrt="x")


@pytest.mark.parametrize("text, at, value, limit", [
    ("Piecewise((2, Eq(x, 0)), (Abs(x), True))", 0, 2, 0),  # one joint at 0: f's, not |x|'s kink
    ("Piecewise((x, (x > 0) | Eq(x, -1)), (0, True))", -1, -1, 0),  # a point inside a condition
])
def test_a_point_is_one_joint(text, at, value, limit):
    from derive.pipeline import derive as pipeline_derive

    d = pipeline_derive(text)
    (k,) = [k for k in d.kinks if k.at == at]
    assert k.point and (k.value, k.limit, k.continuous, k.differentiable) == (value, limit, False, False)
    assert d.verified and k.subgradient(d.parameter_values) is None


def test_point_joints_agree_with_the_difference_quotient_by_sympy():
    """Independently: the limit of (f(h) − f(0))/h as SymPy takes it of the expression."""
    from sympy import limit
    h = Symbol("h", positive=True)
    for g, v in [("sin(pi*x)/(pi*x)", 1), ("(1 - cos(x))/x**2", S.Half), ("x**2*sin(1/x)", 0)]:
        f = parse(g)
        (k,) = kinks(parse(f"Piecewise(({v}, Eq(x, 0)), ({g}, True))"), x, pytorch=False, params={})
        for side in (h, -h):
            assert limit((f.subs(x, side) - v) / side, h, 0) == k.left


@pytest.mark.parametrize("text, left, right", [
    ("Piecewise((0, Eq(x, 0)), (x*sin(1/x), True))", None, None),  # the quotient sin(1/h) oscillates
    ("Piecewise((x*sin(1/x), x > 0), (x, True))", 1, None),
])
def test_a_one_sided_derivative_that_does_not_exist(text, left, right):
    from sympy import AccumBounds

    (k,) = kinks(parse(text), x, pytorch=False, params={})
    assert [None if v.has(AccumBounds) else v for v in (k.left, k.right)] == [left, right]
    assert k.verified and not k.differentiable


def test_a_general_joint_says_whether_the_derivative_has_a_limit():
    (k,) = kinks(parse("Piecewise((x**2*sin(1/x), x > 0), (0, True))"), x, pytorch=False, params={})
    assert k.differentiable and k.left == 0 and k.slope_limit_exists is False and not k.point


@pytest.mark.parametrize("text, smooth", [
    ("Piecewise((1, Eq(x, 0)), (sin(x)/x, True))", "sin(x)/x"),
    ("Piecewise((1/2, Eq(x, 0)), ((1 - cos(x))/x**2, True))", "(1 - cos(x))/x**2"),
    ("Piecewise((0, Eq(x, 0)), (x**2*sin(1/x), True))", "x**2*sin(1/x)"),
    ("sinc", "sin(pi*x)/(pi*x)"),
])
def test_a_removable_point_keeps_what_the_expression_has(text, smooth):
    """Derived away from the point as the expression itself (its derivative, textbook answer,
    forms), the point reported as a joint, the first line saying x ≠ 0."""
    from sympy import Ne, diff

    from derive.pipeline import derive as pipeline_derive

    d, e = pipeline_derive(text), pipeline_derive(smooth)
    assert d.verified and (d.derivative - e.derivative).simplify() == 0
    assert (d.output_form, d.cached_form, d.note) == (e.output_form, e.cached_form, e.note)
    if d.plain:  # (a catalog entry's result is its form: no textbook tidy)
        assert d.written_derivative == e.written_derivative
    assert abs((diff(parse(smooth), x) - d.derivative).subs(x, 0.37).evalf()) < 1e-12
    assert d.steps[0].where == Ne(x, 0) and e.steps[0].where is None
    assert [(k.at, k.point, k.differentiable) for k in d.kinks] == [(0, True, True)]
    assert d.kinks[0].pytorch == (0 if text == "sinc" else None)


REMOVABLE = [  # g(x) with a removable point at x = c, written with a, c
    "sin(a*(x - c))/(x - c)", "(exp(a*(x - c)) - 1)/(x - c)", "(1 - cos(a*(x - c)))/(x - c)**2",
    "log(1 + a*(x - c))/(x - c)", "((x - c)**2 + a*(x - c))/(x - c)",
]


@given(st.sampled_from(REMOVABLE), st.integers(1, 4), st.integers(-2, 2), st.booleans())
@settings(max_examples=25, deadline=None)
def test_a_removable_point_given_its_limit_is_differentiable_with_sympys_derivative(g, a, c, right_value):
    """g given its limit L at c (or L + 1: not continuous): the joint's value, limit and derivative are
    those SymPy's series of g at c gives, the derivative claimed only where f is continuous."""
    from sympy import series

    t = Symbol("t")
    g = parse(g).subs({symbol("a"): a, symbol("c"): c})
    s = series(g.subs(x, t + c), t, 0, 3).removeO()
    limit_value, slope = s.subs(t, 0), s.diff(t).subs(t, 0)
    given_value = limit_value if right_value else limit_value + 1
    (k,) = kinks(Piecewise((given_value, sympify(f"Eq(x, {c})", locals={"x": x})), (g, True)), x, False, {})
    assert k.point and k.verified and (k.at, k.value, k.limit) == (c, given_value, limit_value)
    assert k.continuous is right_value and k.differentiable is right_value
    if right_value:
        assert simplifies_to_zero(k.left - slope) and simplifies_to_zero(k.right - slope)


# --- found by fuzzing: SymPy's rewrite and solver, held in check --------------------------------------

@pytest.mark.parametrize("text, written", [
    # SymPy's own rewrite compares a <= b, whose canonical form flips its sides without end
    ("Min(-2*x + exp(x), x - log(x))", "Piecewise((-2*x + exp(x), -3*x + exp(x) + log(x) <= 0), (x - log(x), True))"),
    ("Max(exp(asin(x)), x)", "Piecewise((x, x >= exp(asin(x))), (exp(asin(x)), True))"),  # as SymPy writes it
    ("Max(0, x)", "Piecewise((0, x <= 0), (x, True))"),
    ("Max(x, 1 - x, x**2)", "Piecewise((x, (x >= x**2) & (x >= 1 - x)), (x**2, x**2 >= 1 - x), (1 - x, True))"),
    # sign of a function real only on part of the line: SymPy leaves sign(log x) as it is
    ("sign(log(x))", "Piecewise((1, log(x) > 0), (-1, log(x) < 0), (0, True))"),
])
def test_written_as_a_piecewise_function(text, written):
    from derive.rules.piecewise import WRITE_PIECEWISE
    assert WRITE_PIECEWISE.apply(parse(text)) == parse(written)


def test_conditions_sympy_cannot_place_give_up_quickly():
    """x ≥ e^(asin x): SymPy's solver asks the periodicity of its parts again and again (a
    RecursionError after seconds); the pieces are then not placed, and the caller says so."""
    from derive.rules.piecewise import open_pieces
    pw = parse("Piecewise((x, x >= exp(asin(x))), (exp(asin(x)), True))")
    assert open_pieces(pw, x) is None
    with pytest.raises(NotImplementedError):
        expr_set_pairs(pw, x)


@pytest.mark.parametrize("text, form", [
    ("sign(log(x, 2 + E**2))", "0"),
    ("Min(-2*x + exp(x), x - log(x))", None),
    ("erf(abs(x)**x)", None),  # SymPy's limit at the joint 0 recursed without end: the joint is left unexamined
    ("Max(exp(asin(x)), x)", None),
    ("2**Min(x, 0)", "Piecewise((y*log(2), (y > 0) & (y < 1)), (0, True))"),
])
def test_inputs_found_by_fuzzing_derive_verified(text, form):
    d = derive(text)
    assert d.verified
    assert (None if d.output_form is None else str(d.output_form)) == form


# --- a piecewise derivative as a textbook prints it (issue 13) ---------------------------------

@pytest.mark.parametrize("text, derivative, rule", [
    ("x*Abs(x)", "2*Abs(x)", "alg-fold-pieces"),
    ("x**2*sign(x)", "2*Abs(x)", "alg-fold-pieces"),
    ("Abs(x)**3", "3*x*Abs(x)", "alg-fold-pieces"),
    ("Piecewise((x**2, x < 1), (2*x - 1, True))", "Min(2, 2*x)", "alg-fold-pieces"),  # 2·min(x, 1)
    ("log(Abs(x))", "1/x", "alg-one-piece"),
    ("log(Abs(x - 2))", "1/(x - 2)", "alg-one-piece"),
])
def test_a_piecewise_derivative_is_written_as_one_expression(text, derivative, rule):
    """The answer is the textbook's, reached by a named step, and still sympy.diff's."""
    from derive.pipeline import derive as derive_one

    d = derive_one(text)
    assert d.verified
    assert canon(d.derivative) == canon(parse(derivative))
    written = [s for s in d.steps if canon(s.expression) == canon(parse(derivative))]  # a form in y may follow (2√|y|)
    assert written and written[0].rule == rule
    f = parse(text)
    for v in (-2.5, -0.3, 0.7, 3.1):
        assert abs(complex((d.derivative - f.diff(x)).subs(x, v).evalf())) < 1e-12


@pytest.mark.parametrize("text", ["relu", "leaky_relu", "elu", "celu", "softsign", "hardtanh", "Abs(x)",
                                  "Piecewise((x, x < 1), (3, True))", "Abs(x - 1)*x"])
def test_pieces_that_are_not_one_expression_stay_pieces(text):
    """A jump in the derivative (relu′: 0, 1), pieces with a form in y (softsign), or no fold
    shorter than the pieces: the pieces stay."""
    from derive.pipeline import derive as derive_one

    d = derive_one(text)
    steps = [s.rule for top in d.steps for s in top.walk()]
    assert "alg-fold-pieces" not in steps and "alg-one-piece" not in steps


def test_one_expression_at_a_jump_says_it_holds_away_from_the_joint():
    from derive.pipeline import derive as derive_one

    d = derive_one("Piecewise((x, x < 0), (x + 2, x > 0), (x + 1, True))")
    last = d.steps[-1]
    assert d.verified
    if last.rule == "alg-one-piece":
        assert last.where is not None and last.where.subs(x, 0) == False  # noqa: E712 (SymPy's false)


@pytest.mark.parametrize("text, result", [
    ("Piecewise((2*x, x > 0), (-2*x, x < 0))", "2*Abs(x)"),
    ("Piecewise((3*x**2, x > 0), (-3*x**2, x < 0))", "3*x*Abs(x)"),
    ("Piecewise((0, x < 0), (2*x, x > 0))", "Max(0, 2*x)"),
    ("Piecewise((2*x, x < 1), (2, x > 1))", "Min(2, 2*x)"),
    ("Piecewise((1/(1 + x)**2, x > 0), (1/(1 - x)**2, x < 0))", "1/(1 + Abs(x))**2"),
    ("Piecewise((2*a**(2*x)*log(a), a >= 0), (2*(-a)**(2*x)*log(-a), a < 0))", "2*Abs(a)**(2*x)*log(Abs(a))"),
    ("Piecewise((1, x > 0), (0, x < 0))", None),  # a jump: no |x| gives it
    ("Piecewise((1, x > 0), (alpha, x < 0))", None),
    ("Piecewise((exp(x), x > 0), (1, x < 0))", None),
    ("Piecewise((0, x < -1), (1, (x > -1) & (x < 1)), (0, x > 1))", None),  # three pieces
])
def test_fold_pieces(text, result):
    from derive.rules.piecewise import FOLD_PIECES

    got = FOLD_PIECES.apply(parse(text))
    assert (None if got is None else canon(got)) == (None if result is None else canon(parse(result)))


@pytest.mark.parametrize("text, result", [
    ("Piecewise((1/x, (x > 0) | (x < 0)))", "1/x"),
    ("Piecewise((x**2 - 1, x < 0), ((x - 1)*(x + 1), x > 0))", "x**2 - 1"),
    ("Piecewise((cos(x), x < 0), (1 - 2*sin(x/2)**2, x > 0))", None),  # one function, but not one expression
    ("Piecewise((1, x > 0))", None),  # f is not defined for x < 0
    ("Piecewise((1, (x > 0) & (x < 1)), (1, x > 2))", None),  # nor on [1, 2]
    ("Piecewise((1, x > 0), (0, x < 0))", None),
])
def test_one_piece(text, result):
    from derive.rules.piecewise import ONE_PIECE

    got = ONE_PIECE.apply(parse(text))
    assert (None if got is None else canon(got)) == (None if result is None else canon(parse(result)))


@pytest.mark.parametrize("text, wrt, derivative", [
    ("(a**2)**x", "x", "2*Abs(a)**(2*x)*log(Abs(a))"),  # the conditions on a are a's, not x's
    ("Abs(a)*x**2", "x", "2*x*Abs(a)"),
    ("x/Max(x, 0)", "x", "Piecewise((0, x > 0))"),  # f is x/0 for x <= 0: no derivative there
])
def test_pieces_on_a_constant_or_with_no_value(text, wrt, derivative):
    from derive.pipeline import derive as derive_one

    d = derive_one(text, wrt=wrt)
    assert d.verified
    assert canon(d.derivative) == canon(parse(derivative))


@pytest.mark.parametrize("text, at, slope", [
    ("sinc(sinc(x))", 0, 0),  # SymPy's series cannot expand sin(u) with u → π: Taylor polynomials of the branches
])
def test_a_joint_sympy_cannot_take_the_limit_at(text, at, slope):
    from derive.pipeline import derive as derive_one

    d = derive_one(text)
    (k,) = [k for k in d.kinks if k.at == at]
    assert k.verified and k.differentiable and k.left == slope


def test_infinite_one_sided_derivatives_that_grow_like_a_logarithm_are_checked():
    from derive.pipeline import derive as derive_one

    d = derive_one("(x**2)**x")
    (k,) = d.kinks
    assert (k.at, k.left, k.right, k.continuous) == (0, -oo, -oo, True)
    assert k.verified and d.verified


def test_abs_of_a_power_is_derived_where_the_power_is_complex():
    """|cosh(acoth x)| = |x|/(|√(x − 1)|·|√(x + 1)|): d|√(x − 1)| is (1/2)|x − 1|^(−1/2)·sign(x − 1),
    also for x < −1, where √(x − 1) is imaginary; no joint at 0, where f is not defined."""
    from derive.pipeline import derive as derive_one

    d = derive_one("Abs(cosh(acoth(x)))")
    assert d.verified and d.kinks == []
    rules = {s.rule for top in d.steps for s in top.walk()}
    assert "d-abs-power" in rules
    g = parse("Abs(cosh(acoth(x)))")
    for v in (-3.5, -1.2, 1.3, 4.0):
        want = complex(g.diff(x).subs(x, v).evalf())
        assert abs(complex(d.derivative.subs(x, v).evalf()) - want) < 1e-9 * max(1, abs(want))


def test_max_and_min_are_printed_as_max_and_min():
    from derive.printing.written import to_pretty

    assert "max" in to_pretty(parse("Max(x, x**2)")) and "Max" not in to_pretty(parse("Max(x, x**2)"))
    assert "min" in to_pretty(parse("Min(x, 1)"))


# --- periodic families of joints (issue 13, item 6) --------------------------------------------

PERIODIC = [  # input → [(representative, period, left, right, differentiable)], each checked at several members
    ("Abs(sin(x))", [("0", "pi", "-1", "1", False)]),
    ("Abs(cos(x))", [("pi/2", "pi", "-1", "1", False)]),
    ("Abs(sin(2*x))", [("0", "pi/2", "-2", "2", False)]),
    ("Abs(sin(x/2))", [("0", "2*pi", "-1/2", "1/2", False)]),
    ("Abs(tan(x))", [("0", "pi", "-1", "1", False)]),  # its poles at π/2 + kπ are not joints
    ("Max(0, sin(x))", [("0", "2*pi", "0", "1", False), ("pi", "2*pi", "-1", "0", False)]),
    # one family: the one-sided derivatives agree at π/4 and 5π/4; f's values alternate, ±√2/2
    ("Max(sin(x), cos(x))", [("pi/4", "pi", "-sqrt(2)/2", "sqrt(2)/2", False)]),
    ("Min(1, Abs(cos(x)))", [("0", "pi", "0", "0", True), ("pi/2", "pi", "-1", "1", False)]),
    ("Abs(sin(x))*cos(x)", [("0", "2*pi", "-1", "1", False), ("pi", "2*pi", "1", "-1", False)]),  # by parity
    ("x*Abs(sin(x))", [("0", "pi", "-pi*k", "pi*k", False)]),  # values that depend on the member
    ("sqrt(Abs(sin(x)))", [("0", "pi", "-oo", "oo", False)]),  # infinite slopes: checked by sign and size
    ("Abs(sin(x)) + Abs(cos(x))", [("0", "pi/2", "-1", "1", False)]),  # four points a period: one family
    ("Piecewise((1, tan(x) >= 0), (0, True))", [("0", "pi", "0", "0", False)]),  # a jump; at π/2 + kπ f is not defined
    ("Abs(sin(3*x) - 1/2)", [("pi/18", "2*pi/3", "-3*sqrt(3)/2", "3*sqrt(3)/2", False),  # not evenly spaced
                             ("5*pi/18", "2*pi/3", "-3*sqrt(3)/2", "3*sqrt(3)/2", False)]),
]


@pytest.mark.parametrize("text, joints", PERIODIC)
def test_periodic_joints_are_reported_as_families(text, joints):
    from derive.rules.piecewise import WRITE_PIECEWISE

    found = kinks(WRITE_PIECEWISE.apply(parse(text)) or parse(text), x, pytorch=False, params={})
    got = [(k.at, k.period, k.left, k.right, k.differentiable) for k in found]
    k = Symbol("k", integer=True)
    want = [tuple(sympify(v, locals={"k": k}) if isinstance(v, str) else v for v in j) for j in joints]
    assert got == want and all(j.verified for j in found)


@pytest.mark.parametrize("text", [t for t, _ in PERIODIC])
def test_each_family_member_agrees_with_sympy(text):
    """Independently of the families' own check: at members k = −2 … 3, the claimed one-sided
    derivatives are SymPy's one-sided limits of f′ there."""
    from sympy import Abs as A, diff, limit

    from derive.rules.piecewise import WRITE_PIECEWISE

    f = parse(text)
    df = diff(f.rewrite(A), x)
    for j in kinks(WRITE_PIECEWISE.apply(f) or f, x, pytorch=False, params={}):
        for n in (-2, 1, 3):
            a = j.at + j.period * n
            for side, claimed in (("-", j.left), ("+", j.right)):
                got, want = limit(df, x, a, side), claimed.subs(j.index, n)
                assert got == want if want.is_infinite else simplifies_to_zero(got - want), (text, n, side)


def test_an_infinite_slope_that_does_not_hold_at_every_member_is_not_claimed():
    """x·√|sin x|: ±∞ beside every kπ but 0, where f ~ x·√|x| has derivative 0."""
    from derive.families import families
    from derive.rules.piecewise import WRITE_PIECEWISE

    assert families(WRITE_PIECEWISE.apply(parse("x*sqrt(Abs(sin(x)))")), x) is None


def test_a_wrong_family_claim_fails_its_check():
    from dataclasses import replace

    from derive.families import checked, families
    from derive.rules.piecewise import WRITE_PIECEWISE

    f = WRITE_PIECEWISE.apply(parse("Abs(sin(x))"))
    (fam,) = families(f, x)
    assert fam.verified
    assert not checked(replace(fam, right=S(2), verified=False), f, x).verified
    assert not checked(replace(fam, continuous=False, verified=False), f, x).verified


@pytest.mark.parametrize("text, sentence", [
    ("abs(sin(x))", "At x = k⋅π (k an integer): left derivative -1, right derivative 1, so not"),
    ("Max(0, sin(x))", "At x = 2⋅k⋅π + π (k an integer): left derivative -1, right derivative 0, so not"),
    ("x*abs(sin(x))", "At x = k⋅π (k an integer): left derivative -k⋅π, right derivative k⋅π, so not"),
    ("Max(sin(x), cos(x))", "At x = k⋅π + π/4 (k an integer): f = (-1)^k⋅√2/2 there; left derivative -√2/2, right"),
])
def test_cli_says_where_a_family_of_joints_is(text, sentence):
    from typer.testing import CliRunner

    from derive.cli import app

    out = " ".join(CliRunner().invoke(app, [text, "--width", "80"]).stdout.split())
    assert sentence in out and "not examined" not in out


def test_json_gives_a_familys_period_and_index():
    d = derive("abs(sin(x))").to_dict()
    (k,) = d["kinks"]
    assert (k["at"], k["period"], k["index"], k["left"], k["right"]) == ("0", "pi", "k", "-1", "1")


JOINTS = [  # input → [(at, left, right, differentiable)]: every joint, kink or not, with its derivative
    ("Piecewise((x, x < 0), (x**2, x < 1), (2*x - 1, True))", [("0", "1", "0", False), ("1", "2", "2", True)]),
    ("Abs(x**2 - 1)", [("-1", "-2", "2", False), ("1", "-2", "2", False)]),
    ("Max(x, x**3)", [("-1", "1", "3", False), ("0", "0", "1", False), ("1", "1", "3", False)]),
    ("Min(exp(x), 2)", [("log(2)", "2", "0", False)]),
    ("Abs(log(x))", [("1", "-1", "1", False)]),  # derived whole (sign(log x)/x): its joint all the same
    ("x*Heaviside(x)", [("0", "0", "1", False)]),
    ("Abs(x)**(3/2)", [("0", "0", "0", True)]),  # its quotient is √h: checked as it tends to 0
    ("sqrt(x**2)", [("0", "-1", "1", False)]),
    ("exp(-Abs(x))", [("0", "1", "-1", False)]),
    ("sign(x)*x**2", [("0", "0", "0", True)]),
]


@pytest.mark.parametrize("text, joints", JOINTS)
def test_every_joint_is_reported_with_its_derivatives(text, joints):
    d = derive(text)
    got = [(k.at, k.left, k.right, k.differentiable) for k in d.kinks]
    assert got == [(sympify(a), sympify(l), sympify(r), dif) for a, l, r, dif in joints]
    assert d.verified and all(k.verified for k in d.kinks)
    import mpmath
    from sympy import lambdify

    f = lambdify(x, parse(text), "mpmath")
    with mpmath.workdps(80):  # independently: f's own one-sided difference quotients, by SymPy's printer
        h = mpmath.mpf(10) ** -30
        for k in d.kinks:
            a = mpmath.mpf(k.at.evalf(90))
            for side, claimed in ((-1, k.left), (1, k.right)):
                q = (f(a + side * h) - f(a)) / (side * h)
                assert abs(q - mpmath.mpf(claimed.evalf(30))) < 1e-9, (text, k.at, side)


def test_a_quotient_that_does_not_tend_to_the_claim_fails_the_check():
    from dataclasses import replace

    from derive.piecewise import _check

    (k,) = derive("Abs(x)**(3/2)").kinks
    assert not _check(replace(k, right=S(1) / 10**6), parse("(-x)**(3/2)"), parse("x**(3/2)"), x, {})


# --- pieces and joints within the domain where f is real (issue 13 items 5 and 6) ------------------

DOMAIN_PIECES = [  # input → the Result's pieces (expression, condition), its domain, its joints
    ("Abs(x)*sqrt(x)", [("3*sqrt(x)/2", "True")], "x > 0", []),  # |x| = x for x ≥ 0: one piece
    ("sign(x)*sqrt(x)", [("1/(2*sqrt(x))", "True")], "x > 0", []),
    ("Max(x, 0)*log(x)", [("log(x) + 1", "True")], "x > 0", []),  # no joint at 0, outside the domain
    ("Max(sqrt(x), 1)", [("0", "(x > 0) & (x < 1)"), ("1/(2*sqrt(x))", "x > 1")], "x > 0", [1]),
    ("Abs(x - 3)*sqrt(x)", [("(3 - 3*x)/(2*sqrt(x))", "(x > 0) & (x < 3)"), ("(3*x - 3)/(2*sqrt(x))", "x > 3")],
     "x > 0", [3]),
    ("Heaviside(x - 1)*log(x)", [("0", "(x > 0) & (x < 1)"), ("1/x", "x > 1")], "x > 0", [1]),
    ("Min(log(x), 0)", [("1/x", "(x > 0) & (x < 1)"), ("0", "x > 1")], "x > 0", [1]),
    ("relu(asin(x))", [("0", "(x > -1) & (x < 0)"), ("1/sqrt(1 - x**2)", "(x > 0) & (x < 1)")], "(x > -1) & (x < 1)",
     [0]),
    ("relu(log(x))", [("0", "(x > 0) & (x < 1)"), ("1/x", "x > 1")], "x > 0", [1]),
    ("Piecewise((log(x), x > 1), (x - 1, True))", [("1/x", "x > 1"), ("1", "x < 1")], None, [1]),  # real everywhere
]


def _pieces(e) -> list:
    return [(p.expr, p.cond) for p in e.args] if isinstance(e, Piecewise) else [(e, S.true)]


@pytest.mark.parametrize("text, pieces, domain, joints", DOMAIN_PIECES, ids=[r[0] for r in DOMAIN_PIECES])
def test_pieces_and_joints_lie_in_the_domain(text, pieces, domain, joints):
    """A piece outside the set where f is real is left out, each condition is written within it,
    a |u| whose u has one sign there is its branch, and joints are only inside it."""
    d = derive(text)
    assert d.verified
    got = _pieces(d.derivative)
    assert len(got) == len(pieces), got
    for (e, c), (want_e, want_c) in zip(got, pieces):
        assert simplifies_to_zero(e - parse(want_e)), (e, want_e)
        assert c.as_set() == S(sympify(want_c, locals={"x": x})).as_set(), (c, want_c)
    assert (None if d.domain is None else d.domain.as_set()) == \
        (None if domain is None else sympify(domain, locals={"x": x}).as_set())
    assert [k.at for k in d.kinks] == joints


@pytest.mark.parametrize("text, branch, where", [
    ("Abs(x)*sqrt(x)", {"Abs(x)": "x"}, Interval(0, oo)),
    ("sign(x)*sqrt(x)", {"sign(x)": "1"}, Interval(0, oo)),
    ("Max(x, 0)*log(x)", {"Max(x, 0)": "x"}, Interval.open(0, oo)),
    ("Min(x, 0)*log(-x)", {"Min(x, 0)": "x"}, Interval.open(-oo, 0)),
    ("Heaviside(1 - x)*sqrt(1 - x)", {"Heaviside(1 - x)": "1"}, Interval(-oo, 1)),  # H(0)·0 = 0: the end too
    ("Abs(x + 1)*sqrt(1 - x**2)", {"Abs(x + 1)": "x + 1"}, Interval(-1, 1)),
    ("Abs(x - 3)*sqrt(x)", {}, Interval(0, oo)),  # x − 3 changes sign at 3, inside the domain
    ("Abs(x**2 - 2*x + 1)*sqrt(x)", {"Abs(x**2 - 2*x + 1)": "x**2 - 2*x + 1"}, Interval(0, oo)),  # u ≥ 0, 0 at 1
    ("sign((x - 1)**2)*sqrt(x)", {}, Interval(0, oo)),  # sign u is 0 at 1: no one branch
    ("Heaviside(x**2 - 2*x + 1)*log(x)", {}, Interval.open(0, oo)),  # ½ at 1
    ("Abs(log(x))", {}, Interval.open(0, oo)),
    ("Abs(asin(x))", {}, Interval(-1, 1)),
    ("Max(sqrt(x), 1)", {}, Interval(0, oo)),
    # a Piecewise with one piece where f is real is that piece (was a one-piece Piecewise "for x > 0")
    ("log(x) + Piecewise((x, x < 0), (x**2, True))", {"Piecewise((x, x < 0), (x**2, True))": "x**2"},
     Interval.open(0, oo)),
    ("sqrt(x)*Piecewise((x, x < 1), (1, True))", {}, Interval(0, oo)),  # two pieces hold there
])
def test_the_branch_that_holds_where_f_is_real(text, branch, where):
    from derive.rules.piecewise import one_branches
    assert one_branches(parse(text), x, where) == {parse(k): parse(v) for k, v in branch.items()}


@pytest.mark.parametrize("text, where, written", [
    ("Max(sqrt(x), 1)", Interval(0, oo), "Piecewise((1, (x >= 0) & (x <= 1)), (sqrt(x), x > 1))"),
    ("Abs(x - 3)*sqrt(x)", Interval(0, oo),
     "Piecewise((sqrt(x)*(3 - x), (x >= 0) & (x < 3)), (sqrt(x)*(x - 3), x >= 3))"),
    ("Min(log(x), 0)", Interval.open(0, oo), "Piecewise((log(x), (x > 0) & (x < 1)), (0, x >= 1))"),
    ("Max(asin(x), 0)", Interval(-1, 1), "Piecewise((0, (x >= -1) & (x <= 0)), (asin(x), (x > 0) & (x <= 1)))"),
    ("Max(0, x)", None, "Piecewise((0, x <= 0), (x, True))"),  # real on the whole line: as before
])
def test_pieces_are_written_within_the_domain(text, where, written):
    """Each condition within the set where f is real, from left to right; "otherwise" would take
    in the points outside it."""
    from derive.rules.algebra import Context
    from derive.rules.piecewise import WRITE_PIECEWISE
    got, want = WRITE_PIECEWISE.apply(parse(text), Context(x), where), parse(written)
    assert len(got.args) == len(want.args), got
    for (e, c), (want_e, want_c) in zip(_pieces(got), _pieces(want)):
        assert simplifies_to_zero(e - want_e) and c.as_set() == want_c.as_set(), (got, want)


def test_the_branch_is_a_named_step_that_says_why(cli):
    code, out, err = cli("Abs(x)*sqrt(x)", "--width", "100")
    assert code == 0 and not err
    assert "Take the branch that holds where √x is real  alg-one-branch  ✓" in out
    assert "│x│ = x  for x ≥ 0" in out
    assert "piecewise" not in out  # no pieces: |x| is x wherever f is defined


def _outside(cond, domain) -> bool:
    """Whether the condition's set has a point outside the domain's closure (its ends are f's)."""
    return not cond.as_set().is_subset(domain.as_set().closure)


@pytest.mark.parametrize("text", [row[0] for row in DOMAIN_PIECES if row[2] is not None] + [
    "Abs(asin(x))", "Abs(log(x))", "relu(sqrt(x) - 1)", "Max(x, log(x))"])
def test_no_printed_condition_mentions_a_point_outside_the_domain(cli, text):
    """Every condition in x the derivation prints (in its lines, sub-lines and Result) and every
    joint lies within the domain it states."""
    import json

    from sympy.core.relational import Relational

    code, out, err = cli(text, "-f", "json")
    assert code == 0 and not err
    record = json.loads(out)
    domain = sympify(record["domain"], locals={"x": x})
    y = Symbol(record["symbol"])
    conds = []

    def collect(step):
        for key in ("expression", "where"):
            if step.get(key):
                e = sympify(step[key], locals={"x": x, record["symbol"]: y})
                conds.extend(c for p in e.atoms(Piecewise) for c in (a.cond for a in p.args))
                conds.extend([e] if key == "where" else [])
        for sub in step["substeps"]:
            collect(sub)
    for step in record["steps"]:
        collect(step)
    conds.append(sympify(record["derivative"], locals={"x": x}))
    in_x = [c for c in conds if isinstance(c, (Relational, And, Or)) and c.free_symbols == {x}]
    assert in_x or "Piecewise" not in record["derivative"], "no condition found"
    assert not [c for c in in_x if _outside(c, domain)]
    assert all(domain.as_set().interior.contains(sympify(k["at"])) for k in record["kinks"])
