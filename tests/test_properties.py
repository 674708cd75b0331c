"""Property tests: for random expression trees over the whole rule set, the derivation
ends, every step is verified, and the final derivative (and the
form in y, when there is one) equals SymPy's ``diff``, checked numerically without the
engine.  An input with no real sample points may be refused with a ParseError.

Examples per run: the profile's ``max_examples`` for each family (see conftest.py):
5 × 100 in the default profile, 5 × 2000 in ``long`` (``make fuzz``).
Bugs found here are in the strict-xfail table at the end of this file.
"""
import pytest
from hypothesis import event as _event, given, reject
from hypothesis.errors import InvalidArgument
from hypothesis import strategies as st
from sympy import cos, sin

from derive.board import reads_as
from derive.budget import within
from derive.engine import derive
from derive.parse import ParseError, parse, symbol

from strategies import FAMILIES, expressions, known_bug, known_crash, mismatches

x = symbol("x")
# No time budget decides a result here (a busy machine must not fail a correctness test; the
# slowest inputs take about 2 s alone): HANG only turns a derivation that never ends into a failure
# instead of a suite that never ends, far beyond any machine's slowness.  Speed is the bench's job.
HANG = 600.0
TIMED_OUT = object()


def event(what: str) -> None:
    """hypothesis's event() in a property test; nothing in a plain one (the bug table)."""
    try:
        _event(what)
    except InvalidArgument:
        pass


def check_derivation(text: str) -> None:
    """``text`` is refused by a one-line ParseError, or derived with every step verified and a
    derivative (and form in y) equal to ``sympy.diff``."""
    try:
        f = parse(text)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
        event("refused by the parser")
        return
    try:
        d = within(HANG, lambda: derive(text, wrt="x"), TIMED_OUT)
    except ParseError as exc:  # e.g. no real sample point: an accepted, clean refusal
        assert str(exc) and "\n" not in str(exc)
        event("refused: " + str(exc).split(":")[0][:40])
        return
    assert d is not TIMED_OUT, f"{text!r}: no answer within {HANG:g} s: it hangs"
    unverified = [(s.rule, str(s.expression)) for top in d.steps for s in top.walk() if not s.verified]
    unverified += [("joint", str(k.at)) for k in d.kinks if not k.verified]
    assert d.verified and not unverified, (text, unverified)
    bad = mismatches(f, d.derivative, x, text)
    assert not bad, (text, str(d.derivative), bad)
    cached_at = next((i for i, s in enumerate(d.steps) if s.rule == "def-cached"), len(d.steps))
    in_y = d.steps[:cached_at]  # the cached-value form comes last: its lines from the first def-cached on
    if d.output_form is not None:  # the last line in y and the summary's form, with y = f
        for form in (in_y[-1].expression, d.output_form):
            bad = mismatches(f, form.xreplace({d.symbol: f}), x, text)
            assert not bad, (text, "form in y", str(form), bad)
    if d.cached_form is not None:  # with y = f and each cached value = its definition
        if any(s.rule == "def-name-part" for s in d.steps):  # a named function's path reaches it
            assert d.cached_form in [s.expression for s in d.steps]
        else:  # a value written by its letter, then named algebra steps (1/u − u from (1 − u²)/u),
            # a call the renaming left solved for and substituted (cos x = u − 2)
            assert cached_at < len(d.steps) and all(s.rule in ("def-cached", "def-substitute-inverse")
                                                    or s.rule.startswith("alg-") for s in d.steps[cached_at:])
            used = d.cached_form.free_symbols  # no letter the form does not use (but where the named
            # algebra follows it: written back, a jump would be left); no line only reorders
            lines = d.steps[cached_at:]
            assert all(after is not None and after.rule != "def-cached" for s, after in zip(lines, lines[1:] + [None])
                       if any(t.rule == "def-cached" and t.before not in used for t in s.substeps))
            assert not any(reads_as(new.expression, old.expression)
                           for old, new in zip(d.steps[cached_at - 1:], d.steps[cached_at:]))
        bound = {d.symbol: f, **dict(d.cached_values)}
        bad = mismatches(f, d.cached_form.xreplace(bound), x, text)
        assert not bad, (text, "cached form", str(d.cached_form), bad)
    event("derived")


@pytest.mark.parametrize("family", list(FAMILIES))
@given(data=st.data())
def test_random_expressions_derive_verified_and_equal_sympy(family, data):
    text = data.draw(expressions(family), label="input")
    why = known_bug(parse(text), x) if _parses(text) else None
    if why is not None:
        event("known bug: " + why)
        reject()
    try:
        check_derivation(text)
        return
    except Exception as exc:  # noqa: BLE001 - only a crash listed in KNOWN_CRASHES is stepped around
        if isinstance(exc, AssertionError) or not known_crash(exc):
            raise
        crash = type(exc).__name__
    event(f"known crash: {crash}")
    reject()  # outside the except block: hypothesis would report it as a second error there


def _parses(text: str) -> bool:
    try:
        parse(text)
    except ParseError:
        return False
    return True


@given(st.text(max_size=40))
def test_any_text_parses_or_is_refused_cleanly(text):
    try:
        parse(text)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)


# --- the check itself can fail -------------------------------------------------------------------

@pytest.mark.parametrize("f, ours, wrong", [
    (sin(x), cos(x), False),
    (sin(x), -cos(x), True),
    (sin(x) ** 2, 2 * sin(x) * cos(x), False),
    (sin(x) ** 2, 2 * sin(x), True),
    (x ** 3, 3 * x ** 2 + 1e-9, True),
], ids=["sin-right", "sin-sign", "square-right", "square-no-chain", "cube-tiny-error"])
def test_the_independent_check_catches_a_wrong_derivative(f, ours, wrong):
    assert bool(mismatches(f, ours, x, "seed")) is wrong


# --- bugs found by the property tests (DO NOT FIX HERE: engine code is owned elsewhere) ------------
# Each row: the minimal input, what happens now.  What should happen: the derivation is verified
# and equals sympy.diff on the function's domain (or a one-line refusal).  When a row starts to
# pass, strict=True turns it into a failure: remove the row and its entry in strategies.KNOWN_*.

def _bug(text, reason, raises=AssertionError):
    return pytest.param(text, marks=pytest.mark.xfail(strict=True, raises=raises, reason=reason), id=text)


BUGS: list = []  # none open


# Found by the property tests and fixed: each must stay derived, verified and equal to sympy.diff
# (or cleanly refused: cot(pi) is undefined).
FIXED = ["acoth(x)", "Max(1/x, 1)", "Max(log(x), 0)", "Heaviside(x**x)", "Max(x, log(1 + x**2))", "log(Abs(x))",
         "x**x + Abs(x)", "1/Max(x, 0)", "Min(x, 0)**(2/3)", "Heaviside(Min(x, 0))", "asin(x + cot(pi))",
         "asin(tan(x) + cot(pi))", "Max(x, pi*(x + 1))", "Abs(x)**(x**a)", "sqrt(x**(-2))",
         "1/(2 + (Max(1, x)/(2 + asin(x)**2))**2)", "exp(exp(x**x))", "x**x**x**x",
         # found by the fuzz figures (make fuzz)
         "sign(log(x, 2 + E**2))", "Min(-2*x + exp(x), x - log(x))", "erf(abs(x)**x)", "Max(exp(asin(x)), x)",
         "2**Min(x, 0)", "sign(x**x)", "erf(acosh(erfinv(csch(x))))",
         # the strict-xfail table's (0**u is 0 where it is real; erf(x) is 1 at 30 digits for x > 8.3)
         "0**x", "(log(x) - log(x))**x", "log(1, 6)**x", "(x - x)**a", "x*0**x", "acosh(erf(x))", "asin(erf(x) + 1)",
         "Min(1, log(max(loggamma(2 + (3)**2), x)), 0)",
         # pieces whose conditions are on a constant: |a|^(2x) (d-piecewise takes them as they are)
         "(a**2)**x", "x/Max(x, 0)", "(x**2)**x",
         # a joint at an irrational algebraic number (the root of x**3 + 2*x - 1), settled exactly
         "Max(1/(2 + x**2), x)",
         # |log x|: derived for x > 0, where log x is real (the harness sampled x < 0 too, where |log x| is
         # the modulus of a complex log and sign(log x)/x is no derivative of it)
         "Abs(log(x))",
         # pieces within the set where f is real (issue 13 items 5 and 6): max(x, 0) is x where ln x is real
         # (its joint at 0 was reported, unverified); each piece has its own domain (xˣ for 0 ≤ x ≤ 2, 6
         # for x < −1); acot changes sign across a jump under a root, which the set's ends do not see
         "Max(x, 0)*log(x)", "Max(sqrt(x), 1)", "Piecewise((6, x < -1), (x**x, x <= 2), (1, True))",
         "(acot(Piecewise((x, x < 1), (1, True))))**(-1/2)",
         # a Piecewise with one piece where ln x is real is that piece (a crash in the half-angle
         # identity's check of a call's argument, then a one-piece Piecewise in the Result)
         "(log(x)) + (Piecewise((x, x < 0), (x**2, True)))",
         # a constant the evaluation drops (e^{1^a} is e) is still on the lines: the checker samples it too
         "exp((1)**a)",
         # no "no form in y" witness at a joint, where f' has no value (f'(0) = 1 was stated for max(eˣ, x, 1))
         "Max(exp(x), Max(x, 1))", "Max(Max(x, 1), LambertW(x))"]


@pytest.mark.parametrize("text", FIXED)
def test_fixed_bug_stays_fixed(text):
    check_derivation(text)


@pytest.mark.parametrize("text", BUGS)
def test_known_bug(text):
    check_derivation(text)


# Inputs that take long or never end (two known bugs among them) are timed by `make bench`
# (bench/slow.py), not here: a test with a time limit fails on a busy machine.


def test_the_generators_cover_the_rule_set():
    """Every function the parser knows appears in some family's templates (acoth only with
    DERIVE_FUZZ_KNOWN_BUGS=1, see strategies.KNOWN_BUGS), and so do log base b, Max/Min and
    Piecewise, general powers and x**x."""
    from derive.parse import FUNCTIONS
    from strategies import KNOWN_BUGS

    templates = " ".join(t for unary, binary in FAMILIES.values() for t in unary + binary)
    missing = {name for name in FUNCTIONS if f"{name}(" not in templates}
    assert missing == set(), missing
    for needle in ["log({u}, 2)", "Max(", "Min(", "Piecewise(", "({u})**({v})", "x**x", "**a", "a**(",
                   "**(1/3)", "**(-1)", "2**("]:
        assert needle in templates, needle
