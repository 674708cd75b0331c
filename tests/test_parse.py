import pytest
from hypothesis import given, strategies as st
from sympy import Eq, Heaviside, Max, Min, Ne, Piecewise, exp, pi, sin, sqrt

from derive.parse import CALLABLE, FREE_FUNCTIONS, ParseError, parse, read, symbol
from derive.student import rewrite
from strategies import expressions

x = symbol("x")
a = symbol("a")


@pytest.mark.parametrize("text, expected", [
    ("x^2", x**2),
    ("x**2", x**2),
    ("1/(1+exp(-x))", 1 / (1 + exp(-x))),
    ("e^x", exp(x)),
    ("E**x", exp(x)),
    ("2*pi*x", 2 * pi * x),
    ("sqrt(x) + sin(a*x)", sqrt(x) + sin(a * x)),
    ("ln(x)", parse("log(x)")),
    ("-x", -x),
    ("0.5*x", x / 2),
    ("Piecewise((0, x <= 0), (x, True))", Piecewise((0, x <= 0), (x, True))),
    ("Piecewise((x, 0 < x < 1), (0, True))", Piecewise((x, (x > 0) & (x < 1)), (0, True))),
    ("Piecewise((x, (x > 0) & (x < 1)), (0, True))", Piecewise((x, (x > 0) & (x < 1)), (0, True))),
    ("Piecewise((1, Eq(x, 0)), (sin(x)/x, True))", Piecewise((1, Eq(x, 0)), (sin(x) / x, True))),  # a point's value
    ("Piecewise((1, x == 0), (sin(x)/x, True))", Piecewise((1, Eq(x, 0)), (sin(x) / x, True))),
    ("Piecewise((sin(x)/x, Ne(x, 0)), (1, True))", Piecewise((sin(x) / x, Ne(x, 0)), (1, True))),
    ("Piecewise((sin(x)/x, x != 0), (1, True))", Piecewise((sin(x) / x, Ne(x, 0)), (1, True))),
    ("Max(0, x)", Max(0, x)),
    ("min(x, 1)", Min(x, 1)),
    ("Heaviside(x)", Heaviside(x)),
])
def test_parses(text, expected):
    assert parse(text) == expected


def test_symbols_are_real():
    assert parse("x").is_real


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("   ", "empty"),
    ("__import__('os').system('touch /tmp/derive-pwned')", "attribute access"),
    ("__import__('os')", "unknown function '__import__'"),
    ("(lambda: 1)()", "lambda"),
    ("x.real", "attribute access"),
    ("x[1.5]", "an index must be"),
    ("f(x)[0]", "only a name can be indexed"),
    ("[i for i in range(3)]", "comprehensions"),
    ("f'{x}'", "f-strings"),
    ("'abc'", "only numbers"),
    ("True", "only numbers"),
    ("x if x else 1", "conditional"),
    ("x < 1", "comparisons"),
    ("exp(x, y)", "exactly one argument"),
    ("exp(x=1)", "no keyword arguments"),
    ("Piecewise(x)", "pairs"),
    ("Piecewise((x, x < 1, 2))", "pairs"),
    ("Piecewise((x, Eq(x)), (0, True))", "Eq takes two arguments"),
    ("Piecewise((x, x is 1), (0, True))", "comparison Is"),
    ("Eq(x, 1)", "unknown function"),  # a relation is a condition, not an expression
    ("Piecewise((x, y), (0, True))", "a condition must be"),
    ("Max(x)", "two or more"),
    ("foo(x)", "unknown function 'foo'"),
    ("exp", "is a function"),
    ("x**99999999999", "exponent too large"),
    ("2**99999999", "exponent too large"),
    ("1" * 60, "number too large"),
    ("x +* 2", "invalid syntax"),
    ("1/0", "division by zero"),
    ("x\x00", "control characters"),
    ("(" * 3000 + "x" + ")" * 3000, "too long"),
    ("(" * 500 + "x" + ")" * 500, "nested too deeply"),
    ("exp(" * 120 + "x" + ")" * 120, "nested too deeply"),
    ("+".join(["x"] * 900), "too large"),
    ("_x", "not allowed"),
    ("log(x, 0)", "base must be positive and not 1"),  # log(x)/log(0) would be the constant 0
    ("log(x, 1)", "base must be positive and not 1"),
    ("log(x, -2)", "base must be positive and not 1"),
], ids=lambda v: v[:30] if isinstance(v, str) else None)
def test_refuses(text, message):
    with pytest.raises(ParseError, match=None) as info:
        parse(text)
    assert message in str(info.value)


def test_nothing_runs(tmp_path):
    marker = tmp_path / "pwned"
    for text in [f"__import__('os').system('touch {marker}')", f"open('{marker}', 'w')",
                 f"exec(\"open('{marker}','w')\")"]:
        with pytest.raises(ParseError):
            parse(text)
    assert not marker.exists()


# --- input as students type it (derive/student.py rewrites it into the strict syntax) -----------

@pytest.mark.parametrize("student, strict", [
    ("2x", "2*x"),
    ("3(x+1)", "3*(x+1)"),
    ("x^2 + 3x", "x**2 + 3*x"),
    ("x sin x", "x*sin(x)"),
    ("(x+1)(x-1)", "(x+1)*(x-1)"),
    ("(x+1) 2x", "(x+1)*2*x"),                   # a number set apart after a bracket
    ("5(x^2 + 1)^4 2x", "5*(x**2 + 1)**4*2*x"),  # or after a power: the chain rule's inner derivative
    ("2 pi x", "2*pi*x"),
    ("2πx", "2*pi*x"),
    ("x(x + 1)", "x*(x + 1)"),
    ("exp(x)(x + 1)", "exp(x)*(x + 1)"),
    ("sin x", "sin(x)"),
    ("ln x", "log(x)"),
    ("sqrt x", "sqrt(x)"),
    ("sin 2x", "sin(2*x)"),
    ("sin x cos x", "sin(x)*cos(x)"),
    ("ln sin x", "log(sin(x))"),
    ("sin -x", "sin(-x)"),
    ("ln x + 1", "log(x) + 1"),
    ("e^x sin x", "exp(x)*sin(x)"),
    ("sin^2 x", "sin(x)**2"),
    ("sin²x", "sin(x)**2"),
    ("sin^2(x)", "sin(x)**2"),
    ("sin x^2", "sin(x**2)"),
    ("|x|", "Abs(x)"),
    ("2|x|", "2*Abs(x)"),
    ("ln|x|", "log(Abs(x))"),
    ("|x - |x - 1||", "Abs(x - Abs(x - 1))"),
    ("||x| - 1|", "Abs(Abs(x) - 1)"),
    ("|x||x - 1|", "Abs(x)*Abs(x - 1)"),
    ("x²", "x**2"),
    ("3x³ + x⁻¹", "3*x**3 + x**(-1)"),
    ("x¹²", "x**12"),
    ("(x + 1)²", "(x + 1)**2"),
    ("2·x × 3 − 1", "2*x*3 - 1"),
    ("x⋅x ÷ 2", "x*x/2"),
    ("√x", "sqrt(x)"),
    ("√(x + 1)", "sqrt(x + 1)"),
    ("2√x", "2*sqrt(x)"),
    ("θ^2 + θ", "theta**2 + theta"),
    ("y = x^2", "x**2"),
    ("f(x) = x^2", "x**2"),
    ("1/2x", "1/2*x"),
    ("e^2x", "exp(2)*x"),
    ("Piecewise((x, x ≤ 0), (0, True))", "Piecewise((x, x <= 0), (0, True))"),
    ("Piecewise((x, (x < -1) | (x > 1)), (0, True))", "Piecewise((x, (x < -1) | (x > 1)), (0, True))"),
    ("2a[i]", "2*a[i]"),
    ("e^{2x}", "exp(2*x)"),
    ("{x + 1}{x - 1}", "(x + 1)*(x - 1)"),
])
def test_student_forms_equal_their_strict_forms(student, strict):
    assert parse(student) == parse(strict)


@pytest.mark.parametrize("text, note", [
    ("sin x^2", "read sin x^2 as sin(x^2), not sin(x)^2"),
    ("sin x²", "read sin x² as sin(x²), not sin(x)^2"),
    ("1/2x", "read 1/2x as (1/2)·x; for 1/(2x) write the parentheses"),
    ("e^2x", "read e^2x as (e^2)·x; for e^(2x) write the parentheses"),
])
def test_an_ambiguous_reading_is_said(text, note):
    assert read(text).notes == (note,)


@pytest.mark.parametrize("text", ["2x", "x^2 y", "sin x cos x", "1/(2x)", "e^(2x)", "sin(x)^2", "x^2"])
def test_an_unambiguous_reading_says_nothing(text):
    assert read(text, "x").notes == ()


@pytest.mark.parametrize("text, message", [
    ("sin(x", "'(' at column 4 is never closed"),
    ("  sin(x", "'(' at column 6 is never closed"),
    ("(x + 1))", "')' at column 8 has no matching opening bracket"),
    ("e^{2x", "'{' at column 3 is never closed"),
    ("(x + 1]", "'(' at column 1 is closed by ']' at column 7"),
    ("|x + 1", "'|' at column 1 is never closed"),
    ("x +* 2", "invalid syntax at column 4 ('*')"),
    ("2x +", "the expression ends too early"),
    ("x = 1 = 2", "'=' at column 7"),
    ("x + 1 = 2", "'=' at column 7: only a left side"),
    ("y =", "nothing after '=' at column 3"),
    ("sin^-1 x", "could mean the inverse or the reciprocal: write asin(x) or 1/sin(x)"),
    ("sin^-1(2x)", "could mean the inverse or the reciprocal: write asin(2x) or 1/sin(2x)"),  # its argument
    ("sin⁻¹(3x)", "write asin(3x) or 1/sin(3x)"),
    ("sin^-2(x)", "write 1/sin(x)^2 for the reciprocal of its power"),  # no inverse to mean
    ("sin^x x", "the power of sin at column 5 must be a number"),
    ("sin^2", "has a power but no argument"),
    ("sin - x", "sin is a function"),
    ("2(x)[0]", "only a name can be indexed"),
    ("2 3", "invalid syntax at column 3"),
])
def test_syntax_errors_say_what_and_where(text, message):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert message in str(info.value)


# --- names in a user's input ------------------------------------------------------------------

@pytest.mark.parametrize("text, wrt, message", [
    ("sigmiod", None, "unknown name 'sigmiod' at column 1: did you mean sigmoid?"),
    ("tanhh", None, "did you mean tanh?"),
    ("softmx", None, "did you mean softmax?"),
    ("x*sigmiod(x)", None, "unknown function 'sigmiod' at column 3: did you mean sigmoid?"),
    ("xy + 1", None, "unknown name 'xy' at column 1 (for a product write x y or x*y)"),
    ("theta^2 + rate*theta", "theta", "unknown name 'rate' at column 11"),
    ("rate^2", None, "name another with --wrt rate"),
    ("sigmoid + 1", None, "sigmoid is a function: write sigmoid(...)"),
    ("softmax(x)", None, "softmax is a function of a vector and cannot be part of an expression"),
    ("sigmoid(x, 2)", None, "sigmoid takes 1 argument (x)"),
    ("leaky_relu(x, 0.1, 0.2)", None, "leaky_relu takes 1 argument (x), then optionally alpha"),
    ("leaky_relu(x, beta=1)", None, "leaky_relu has no parameter 'beta' (its parameters: alpha)"),
    ("leaky_relu(x, 0.1, alpha=0.2)", None, "alpha is given twice"),
    ("exp(x=1)", None, "exp takes no keyword arguments"),
    # a student's slips: letters swapped, a function run into its x, a logarithm's base, d/dx, xe^x
    ("sni(x)", None, "unknown function 'sni' at column 1: did you mean sin?"),
    ("cso x", None, "did you mean cos or csc?"),
    ("sinx", None, "unknown name 'sinx' at column 1: did you mean sin x?"),
    ("sqrtx + 1", None, "did you mean sqrt x?"),
    ("log2(x)", None, "unknown function 'log2' at column 1: for the base-2 logarithm write log(x, 2)"),
    ("log_10 x", None, "for the base-10 logarithm write log(x, 10)"),
    ("d/dx x^2", None, "to differentiate, give the expression alone, without d/dx"),
    ("xe^x", None, "unknown name 'xe' at column 1 (for a product write x e or x*e)"),
    ("x^", None, "the expression ends too early at column 3 (after 'x^')"),
])
def test_unknown_names_are_refused_with_the_nearest(text, wrt, message):
    with pytest.raises(ParseError) as info:
        read(text, wrt)
    assert message in str(info.value)


@pytest.mark.parametrize("text, wrt, expected", [
    ("theta^2", "theta", symbol("theta") ** 2),
    ("theta^2", None, symbol("theta") ** 2),  # a Greek letter spelled out is one letter
    ("speed^2", "speed", symbol("speed") ** 2),
    ("f(speed) = speed^2", None, symbol("speed") ** 2),  # the left side names the variable
    ("a*x^2 + b*x + c", None, parse("a*x**2 + b*x + c")),
    ("x1 + x_2 + a_k", None, parse("x1 + x_2 + a_k")),
    ("alpha*x", "x", symbol("alpha") * x),
])
def test_names_that_are_allowed(text, wrt, expected):
    assert read(text, wrt).expr == expected


def test_catalog_definitions_keep_their_parameter_names():
    assert parse("Piecewise((x, x > threshold), (value, True))").free_symbols == {
        x, symbol("threshold"), symbol("value")}


# --- catalog functions inside an expression -------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("x*sigmoid(x)", "x/(1 + exp(-x))"),
    ("log(sigmoid(x))", "log(1/(1 + exp(-x)))"),
    ("tanh(softplus(x))", "tanh(log(1 + exp(x)))"),
    ("softplus(2*x)", "log(1 + exp(2*x))"),
    ("softplus(x, 2)", "log(1 + exp(2*x))/2"),
    ("softplus(x, beta=2)", "log(1 + exp(2*x))/2"),
    ("leaky_relu(x)", "Piecewise((x, x > 0), (x/100, True))"),
    ("leaky_relu(x, 0.2)", "Piecewise((x, x > 0), (x/5, True))"),
    ("leaky_relu(x, alpha=0.2)", "Piecewise((x, x > 0), (x/5, True))"),
    ("leaky_relu(x, alpha=a)", "Piecewise((x, x > 0), (a*x, True))"),
    ("logistic(x)", "1/(1 + exp(-x))"),
    ("glu(x, a)", "x/(1 + exp(-a))"),
    ("sigmoid x", "1/(1 + exp(-x))"),
    ("exp(x)", "exp(x)"),  # a function of the whitelist before the catalog's entry of that name
])
def test_catalog_functions_are_their_definitions(text, expected):
    assert read(text, "x").expr == parse(expected)


# --- properties -------------------------------------------------------------------------------

@given(expressions("mixed", max_leaves=8) | expressions("pieces", max_leaves=6))
def test_strict_syntax_is_left_as_it_is(text):
    """The rewriting changes nothing in the strict syntax (but ^ into **): it parses as before."""
    assert rewrite(text, FREE_FUNCTIONS, CALLABLE).text == text.replace("^", "**")


ATOMS = [("x", "x"), ("a", "a"), ("pi", "pi"), ("π", "pi"), ("(x + 1)", "(x + 1)"), ("|x - 2|", "Abs(x - 2)"),
         ("x²", "x**2"), ("a³", "a**3"), ("(x - a)²", "(x - a)**2"), ("e^x", "E**x"), ("θ", "theta")]
APPLIED = [("sin", "sin"), ("cos", "cos"), ("ln", "log"), ("sqrt", "sqrt"), ("√", "sqrt"), ("tanh", "tanh"),
           ("sigmoid", "sigmoid")]


@st.composite
def products(draw):
    """(a product as a student writes it, the same in the strict syntax): a number, factors side by
    side, then functions applied without parentheses (sin x cos 2x)."""
    student, strict = [], []
    number = draw(st.sampled_from(["", "2", "3", "0.5"]))
    if number:
        student.append(number), strict.append(number)
    for s, t in draw(st.lists(st.sampled_from(ATOMS), min_size=1 if not number else 0, max_size=4)):
        student.append(s), strict.append(t)
    arguments = [pair for pair in ATOMS if not pair[0].startswith("(")]  # sin (x + 1)² is sin(x + 1)²
    for (fs, ft), coefficient, (s, t) in draw(st.lists(st.tuples(
            st.sampled_from(APPLIED), st.sampled_from(["", "2"]), st.sampled_from(arguments)), max_size=3)):
        student.append(f"{fs} {coefficient}{s}")
        strict.append(f"{ft}({coefficient + '*' if coefficient else ''}{t})")
    return " ".join(student), "*".join(strict)


@given(products())
def test_student_products_equal_their_strict_forms(pair):
    student, strict = pair
    assert read(student, "x").expr == read(strict, "x").expr, pair


@pytest.mark.parametrize("text, wrt", [("x = 1", None), ("y = y^2 + x", None), ("t = t^2", "t"), ("t = 2", "t")])
def test_a_left_side_names_a_function_not_a_variable(text, wrt):
    with pytest.raises(ParseError, match="makes an equation"):
        read(text, wrt)


def test_the_catalog_calls_are_kept_for_the_engine():
    """What named.py would need to name a called function at any argument (sigmoid(2x))."""
    calls = read("x*sigmoid(2*x) + leaky_relu(x, alpha=0.2)", "x").calls
    assert [(c.name, c.arguments, c.parameters) for c in calls] == [
        ("sigmoid", (2 * x,), ()), ("leaky_relu", (x,), (("alpha", parse("1/5")),))]
    assert calls[0].value == parse("1/(1 + exp(-2*x))")


def test_strict_syntax_does_not_load_the_rewriting():
    """Start-up: the catalog's definitions (derive sigmoid) are strict syntax; derive.student and its
    tables are loaded only for input that needs them."""
    import subprocess
    import sys
    code = ("import sys; from derive.parse import parse; parse('1/(1 + exp(-x))'); a = 'derive.student' in sys.modules; "
            "parse('2x'); print(a, 'derive.student' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.stdout.split() == ["False", "True"], done.stderr
