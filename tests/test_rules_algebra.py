"""Each algebraic rewrite: a table of node → rewritten node, and where it does not apply."""
import pytest
from sympy import Rational, Symbol, UnevaluatedExpr, cos, cosh, cot, exp, sin, sinh, sqrt, tan, tanh

from derive.expr import add, canon, frac, mul, neg, power
from derive.parse import parse, symbol
from derive.printing.written import to_sympy
from derive.rules.algebra import (
    AddSubtract, Arithmetic, Cancel, Collect, CommonDenominator, CompoundFraction, Conjugate, Context, DoubleAngle, Expand,
    Factor, FactorSum, FoldDefinition, IntoRoot, MultiplyAboveBelow, MultiplyInto, NumbersInFront, RootOfFraction, RootsMultiplied,
    SECANT, QuotientIdentity, Split, fold, loose, naming,
    nested, numbers_in_front, tidy_rule, collected,
)
from derive.verify import Checker

x = symbol("x")
S = Symbol("S")
B = 1 + exp(-x)
CTX = Context(x, 1 / B, S)


@pytest.mark.parametrize("rule, node, expected", [
    (Arithmetic(), add(mul(B, 0), neg(mul(1, -exp(-x)))), "exp(-x)"),
    (AddSubtract(), frac(exp(-x), power(B, 2)), "(1 - 1 + exp(-x))/(1 + exp(-x))**2"),
    (AddSubtract(), frac(exp(x), power(1 + exp(x), 2)), "(1 - 1 + exp(x))/(1 + exp(x))**2"),
    (Split(), frac(add(1, -1, exp(-x)), power(B, 2)), "(1 + exp(-x))/(1 + exp(-x))**2 - 1/(1 + exp(-x))**2"),
    (Split(), frac(add(x, 1), x), "x/x + 1/x"),
    (Cancel(), frac(add(1, exp(-x)), power(B, 2)), "1/(1 + exp(-x))"),
    (Cancel(), frac(mul(x, x + 2), power(x, 3)), "(2 + x)/x**2"),
    (Factor(), add(1 / B, -1 / B**2), "1/(1 + exp(-x))*(1 - 1/(1 + exp(-x)))"),
    (Factor(), add(mul(x, exp(x)), mul(x, 2)), "x*(exp(x) + 2)"),
    (Expand(), mul(exp(x), add(1, exp(x))), "exp(x) + exp(2*x)"),
    (FoldDefinition(), add(1 / B, -1 / B**2), "S - S**2"),
    (Expand(), mul(-1, power(x, -2), power(add(1, power(x, -2)), -1)), "-1/(1 + x**2)"),
    (CommonDenominator(), add(sqrt(x**2 + 1), -x**2 / sqrt(x**2 + 1)), "(1 + x**2 - x**2)/sqrt(1 + x**2)"),
    (CommonDenominator(), add(1 / x, 1 / (x + 1)), "(1 + x + x)/(x*(1 + x))"),
    (Collect(), add(x**2, 1, -x**2), "1"),
    (Collect(), add(mul(2, x), 1, x), "1 + 3*x"),
    (DoubleAngle(), add(-sin(x)**2, cos(x)**2), "cos(2*x)"),
    (DoubleAngle(), add(-3 * sin(x)**2, 3 * cos(x)**2, x), "3*cos(2*x) + x"),
    (DoubleAngle(), mul(2, sin(x), cos(x)), "sin(2*x)"),
    (DoubleAngle(), mul(x, sin(3 * x), cos(3 * x)), "(x/2)*sin(6*x)"),
    (DoubleAngle(), add(sinh(x)**2, cosh(x)**2), "cosh(2*x)"),
    (DoubleAngle(), mul(4, sinh(x), cosh(x)), "2*sinh(2*x)"),
    (CompoundFraction(), power(add(x, x**2 / 3), -1), "3/(3*x + x**2)"),
    (CompoundFraction(), mul(-1, power(2, -1), power(add(1, x**2 / 4), -1)), "-2/(4 + x**2)"),
    (CompoundFraction(), frac(add(1, 1 / x), add(1, -1 / x)), "(x + 1)/(x - 1)"),
    # (a/b)/(c + d/b): cleared at once, above and below times b, rather than first (a/b)/c = a/(bc)
    (CompoundFraction(), mul(mul(-1, power(x, -2)), power(add(1, power(x, -2)), -1)), "-1/(x**2 + 1)"),
    (CompoundFraction(), mul(mul(-1, power(x, -2)), power(x + 1, -1)), "-1/(x**2*(1 + x))"),
    # a factor below that is a multiple of the sum's denominators multiplied into the sum
    (CompoundFraction(), mul(2, power(1 - x, -2), power(add(1, (1 + x)**2 / (1 - x)**2), -1)),
     "2/((1 - x)**2 + (1 + x)**2)"),
    (CompoundFraction(), frac(add(sqrt(x**2 + 1), -x**2 / sqrt(x**2 + 1)), x**2 + 1), "(1 + x**2 - x**2)/(1 + x**2)**(3/2)"),
    (IntoRoot(), mul(2, sqrt(x**2 / 4 + 1)), "sqrt(4 + x**2)"),
    (IntoRoot(), mul(Rational(1, 3), power(1 - x**2 / 9, Rational(-1, 2))), "1/sqrt(9 - x**2)"),
    (IntoRoot(), mul(-3, sqrt(1 - x**2 / 9)), "-sqrt(9 - x**2)"),
    (QuotientIdentity(), frac(sinh(x), cosh(x)), "tanh(x)"),
    (QuotientIdentity(), frac(cos(x), sin(x)), "cot(x)"),
    (QuotientIdentity(), mul(-1, frac(sin(x), cos(x))), "-tan(x)"),
    (QuotientIdentity(), frac(mul(3, sin(2 * x)**2), cos(2 * x)**3), "3*tan(2*x)**2/cos(2*x)"),
    (QuotientIdentity(), frac(cosh(x), mul(x, sinh(x))), "coth(x)/x"),
    (SECANT, add(1, tan(x)**2), "sec(x)**2"),
    (SECANT, add(1, tan(x)**2, mul(1 / cos(x), tan(x))), "sec(x)**2 + tan(x)/cos(x)"),
    (SECANT, add(3, mul(3, cot(x)**2)), "3*csc(x)**2"),
    (NumbersInFront(), mul(2, tanh(2 * x), add(2, mul(-2, tanh(2 * x)**2))), "4*tanh(2*x)*(1 - tanh(2*x)**2)"),
    (NumbersInFront(), mul(add(1, -tanh(x)**2), UnevaluatedExpr(Rational(1, 2))), "(1 - tanh(x)**2)/2"),
    (NumbersInFront(), add(Rational(1, 2), mul(Rational(-1, 2), x**2)), "(1 - x**2)/2"),
    (NumbersInFront(), mul(x, 3, add(mul(2, x), 4)), "6*x*(x + 2)"),
    (NumbersInFront(), add(mul(Rational(2, 3), x), Rational(4, 3)), "2*(x + 2)/3"),
    # numbers with a common divisor cancel: 2/4 = 1/2, 6/4 = 3/2, 4/4 = 1
    (Cancel(), frac(mul(2, x**2 + 1), 4), "(1 + x**2)/2"),
    (Cancel(), frac(mul(6, x**2 + 1), 4), "3*(1 + x**2)/2"),
    (Cancel(), frac(mul(4, x**2 + 1), 4), "1 + x**2"),
    (Cancel(), frac(mul(mul(1 - x, 1 + x), sqrt(1 - x) + 1), sqrt(1 + x)),  # a product inside a product
     "(1 - x)*sqrt(1 + x)*(1 + sqrt(1 - x))"),
    (FactorSum(), 1 - x**2, "(1 + x)*(1 - x)"),  # the sign taken into the sum it leaves the fewest minus signs in
    (MultiplyInto(), mul(1 - x, sqrt(1 + x), sqrt(1 + x) - sqrt(1 - x)), "(1 - x)*(1 + x - sqrt(1 + x)*sqrt(1 - x))"),
    (RootsMultiplied(), mul(sqrt(1 + x), sqrt(1 - x)), "sqrt(1 - x**2)"),
    (MultiplyAboveBelow(), frac(exp(x), exp(x) + exp(-x)), "exp(2*x)/(1 + exp(2*x))"),
    (MultiplyAboveBelow(), frac(1 - exp(-x), 1 + exp(-x)), "(-1 + exp(x))/(1 + exp(x))"),
    (Conjugate(), frac(2, add(x, sqrt(x**2 + 4))), "2*(sqrt(4 + x**2) - x)/4"),  # √(x² + 4)² − x² = 4
    (Conjugate(), frac(1, add(1, sqrt(x))), "(sqrt(x) - 1)/(-1 + x)"),
    # the root of a fraction over a square: the root of the base below (as a power held below, and beside it)
    (RootOfFraction(), power(frac(add(power(x**2 + 2, 2), -x**2), power(x**2 + 2, 2)), Rational(-1, 2)),
     "(2 + x**2)/sqrt((2 + x**2)**2 - x**2)"),
    (RootOfFraction(), frac(add(2, -x**2), mul(power(frac(add(power(x**2 + 2, 2), -x**2), power(x**2 + 2, 2)),
                                                         Rational(1, 2)), power(x**2 + 2, 2))),
     "(2 - x**2)*(2 + x**2)/(sqrt((2 + x**2)**2 - x**2)*(2 + x**2)**2)"),
])
def test_rewrites(rule, node, expected):
    new = rule.apply(node, CTX)
    assert new is not None
    assert to_sympy(new) == expected
    assert Checker(x, 1 / B, folded={S: 1 / B}).equal(node, new)


@pytest.mark.parametrize("rule, node", [
    (MultiplyInto(), mul(x + 1, x + 2, x + 3)),  # no factor whose product with a sum is shorter
    (RootsMultiplied(), mul(sqrt(x), x)),
    (MultiplyAboveBelow(), frac(exp(x), 1 + exp(x))),
    (Arithmetic(), exp(-x) / B**2),                     # already tidy
    (AddSubtract(), frac(2, power(B, 2))),               # numerator free of x
    (AddSubtract(), frac(x, power(B, 2))),               # x is not a term of 1 + e^{-x}
    (AddSubtract(), frac(add(1, exp(-x)), B)),           # already the whole base
    (Split(), frac(exp(-x), power(B, 2))),               # numerator is not a sum
    (Split(), add(x, 1)),                                # not a fraction
    (Cancel(), frac(exp(-x), power(B, 2))),              # nothing in common
    (Factor(), add(x, 1)),                               # no common factor
    (Factor(), add(1 / B, B)),                           # exponents of opposite signs
    (Expand(), exp(x)),                                  # nothing to multiply out
    (FoldDefinition(), exp(-x)),                         # the definition does not occur
    (CommonDenominator(), add(x, 1)),                    # no fraction
    (CommonDenominator(), add(x / 2, 1)),                # only a number below: no common denominator in x
    (Collect(), add(x, 1)),                              # no like terms
    (DoubleAngle(), add(cos(x)**2, sin(x)**2)),          # the Pythagorean identity, not a double angle
    (DoubleAngle(), add(cos(x)**2, -sin(2 * x)**2)),     # different angles
    (DoubleAngle(), mul(sin(x), cos(2 * x))),            # different angles
    (DoubleAngle(), add(cosh(x)**2, -sinh(x)**2)),       # cosh² − sinh² = 1, not cosh 2x
    (CompoundFraction(), frac(x, x**2 + 1)),             # no fraction inside the fraction
    (CompoundFraction(), add(x / 2, 1)),                 # not a fraction
    (IntoRoot(), mul(2, sqrt(x))),                       # a root of a sum only: 2√x stands
    (QuotientIdentity(), frac(sin(x), cos(2 * x))),      # different angles
    (QuotientIdentity(), mul(sin(x), cos(x))),           # a product, not a quotient
    (QuotientIdentity(), frac(tan(x), cos(x))),          # no sine above
    (SECANT, add(1, -tan(x)**2)),           # 1 − tan²u is no square
    (SECANT, add(2, tan(x)**2)),            # 2 + tan²u: not c + c·tan²u
    (NumbersInFront(), add(x / 2, 1)),                   # a fraction out would leave one inside: x/2 + 1 stands
    (NumbersInFront(), mul(2, x, add(1, -x))),           # one number, in front, and no number common to a sum
    (NumbersInFront(), mul(-1, 2, x)),                   # −(2x) reads as −2x
    (NumbersInFront(), add(2, x)),                       # no common number
    (IntoRoot(), mul(x, sqrt(x + 1))),                   # no number to bring in
    (Conjugate(), frac(2, x + 4)),                       # no root below
    (Conjugate(), frac(1, sqrt(x**2 + 4))),              # a root alone below: no sum
    (Conjugate(), frac(1, add(sqrt(x), sqrt(x + 1)))),   # two roots: the conjugate leaves one
    (RootOfFraction(), power(frac(x + 1, x**2), Rational(1, 2))),         # √(x²) is |x|: x may be negative
    (RootOfFraction(), power(frac(x + 1, x**2 + 1), Rational(1, 2))),     # the denominator is no square
    (RootOfFraction(), power(frac(x + 1, power(x**2 + 1, 3)), Rational(1, 2))),  # an odd power: a root is left below
])
def test_does_not_apply(rule, node):
    assert rule.apply(node, CTX) is None


@pytest.mark.parametrize("expr, folded", [
    (1 / B, S),
    (1 / B**3, S**3),
    (mul(exp(-x), 1 / B), exp(-x) * S),
    (B, B),  # 1 + e^{-x} is 1/S, but fold only replaces the definition itself
])
def test_fold(expr, folded):
    assert canon(fold(expr, canon(1 / B), S)) == folded


def test_context_is_small():
    assert CTX.x == x and CTX.symbol == S and parse("1/(1+exp(-x))") == CTX.definition



y = Symbol("y")


@pytest.mark.parametrize("before, after, named", [
    (-(1 + y**2 + 2 * y) / 2, -(1 + y)**2 / 2, "alg-factor-sum"),       # a perfect square: no common term
    (y - y**2, y * (1 - y), "alg-factor"),                                 # the common term y
    (x * (1 - x), x - x**2, "alg-expand"),
    ((1 + x)**2, x**2 + 2 * x + 1, "alg-expand"),
    (add(x**2, 1, -x**2), Rational(1), "alg-collect"),
    (frac(mul(add(1, exp(y)), exp(-y)), add(1, -exp(y) / (1 + exp(y)))), (1 + exp(y))**2 * exp(-y),
     "alg-compound-fraction"),
    (frac(add(1, exp(-x)), power(B, 2)), 1 / B, "alg-cancel"),
])
def test_naming_says_what_changed(before, after, named):
    """The rule named for a tidying step is the one that does what changed, not one chosen by
    the shape of the result (a product is not always a common term taken out)."""
    assert naming(before, after).id == named


@pytest.mark.parametrize("written, named", [
    (mul(mul(-1, power(x, -2)), power(add(1, power(x, -2)), -1)), "alg-compound-fraction"),  # (1/x²)/(1 + 1/x²)
    (add(mul(B, 0), neg(mul(1, -exp(-x)))), "alg-arithmetic"),
])
def test_the_arithmetic_tidy_is_named_for_what_it_does(written, named):
    assert tidy_rule(written).id == named


@pytest.mark.parametrize("e, count", [
    (1 / (x**2 / 4 + 1), 1), (2 / (x**2 + 4), 0), (1 / sqrt(x**2 / 4 + 1), 1), (1 / (y + x**2 / y), 1), (x / 2, 0),
])
def test_nested_counts_fractions_inside_fractions(e, count):
    assert nested(e) == count


@pytest.mark.parametrize("before, after, named", [
    (add(Rational(2, 3), 2 * y / 3), mul(Rational(2, 3), add(1, y)), "alg-factor"),  # the number 2/3 taken out
    (add(-1, -y**2), mul(-1, add(1, y**2)), "alg-factor"),
])
def test_a_number_taken_out_is_a_common_term(before, after, named):
    assert naming(before, after).id == named


@pytest.mark.parametrize("written, count", [
    (mul(2, tanh(x), add(2, mul(-2, tanh(x)**2))), 1),   # 2 − 2t²: a number to take out
    (mul(2, x, 2), 1),                                    # two numbers in one product
    (mul(add(1, x), UnevaluatedExpr(Rational(1, 2))), 1),  # the number after the sum
    (sin(add(mul(2, x), 2)), 0),                          # inside a call: sin(2x + 2) stands
    (mul(-1, 2, x), 0),                                   # −(2x)
    (mul(4, tanh(x), add(1, -tanh(x)**2)), 0),
])
def test_loose_counts_the_numbers_a_textbook_takes_out(written, count):
    assert loose(written) == count


def test_numbers_are_taken_out_everywhere_but_in_calls():
    e = add(mul(2, x, add(mul(3, x), 3)), sin(add(mul(2, x), 2)))
    assert to_sympy(numbers_in_front(e)) == "6*x*(x + 1) + sin(2*x + 2)"


@pytest.mark.parametrize("written, expected", [
    (mul(S, add(add(1, -S), -S)), "S*(1 - 2*S)"),           # the sum inside the sum read as its terms
    (add(x**2, 1, -x**2), "1"),
    (mul(S, add(1, -S)), "S*(1 - S)"),                       # nothing to collect
])
def test_like_terms_are_collected_in_every_sum(written, expected):
    assert to_sympy(collected(written)) == expected
    assert canon(collected(written)) == canon(written)


def test_a_product_of_numbers_alone_is_their_product():
    from sympy import Integer, Mul
    assert numbers_in_front(Mul(Integer(2), Integer(3), evaluate=False)) == 6


@pytest.mark.parametrize("rule, node, expected", [
    ("EXPAND_POWERS", "(1 + exp(y))*(1 + exp(y))*exp(-y)", "2 + exp(y) + exp(-y)"),  # whole powers of sums too
    ("EXPAND_POWERS", "2*(1 + y)**2", "2 + 4*y + 2*y**2"),
    ("EXPAND_POWERS", "exp(y)", None),  # no sum to multiply out
    ("LOWEST_OF_PARTS", "(1 + exp(y))/(1 - exp(y)/(1 + exp(y)))", "exp(2*y) + 2*exp(y) + 1"),  # e^y a letter
    ("LOWEST_OF_PARTS", "(1 + exp(y))**2", None),  # no fraction inside a fraction
])
def test_the_finishing_variants_of_expand_and_lowest_terms(rule, node, expected):
    from derive.rules import algebra

    y = Symbol("y")
    e = parse(node).xreplace({symbol("y"): y})
    new = getattr(algebra, rule).apply(e, algebra.Context(y))
    assert (new is None) if expected is None else canon(new) == canon(parse(expected).xreplace({symbol("y"): y}))
