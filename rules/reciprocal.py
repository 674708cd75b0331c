"""Reciprocals (family ``alg``): sec u = 1/cos u and its kin, read either way; a negative power
written as a fraction.

A student writes sec²x where derive writes 1/cos²x, sin x/cos²x for sec x·tan x, or −2/x³ for
−2x⁻³; ``derive check`` names the step between two such lines by these rules
(derive/checkrules.py).  They are algebra rules like those of rules/algebra.py: one node in, the
node rewritten out, or None; derive's own derivations do not use them (they are not in
:func:`derive.rules.all_rules`, as the mal-rules are not), and tests/test_check.py runs their examples.
"""
from __future__ import annotations

from sympy import Mul, Pow, S, cos, cosh, cot, coth, csc, csch, sec, sech, sin, sinh, tan, tanh

from derive.expr import canon

from .algebra import AlgRule
from .base import Example, not_for

# (the reciprocal function, the function it is one over)
PAIRS = ((sec, cos), (csc, sin), (cot, tan), (sech, cosh), (csch, sinh), (coth, tanh))


class ReciprocalIdentity(AlgRule):
    """The reciprocal identities sec u = 1/cos u, csc u = 1/sin u, cot u = 1/tan u, sech u =
    1/cosh u, csch u = 1/sinh u, coth u = 1/tanh u, read either way: a power of the one is the
    opposite power of the other (sec²x = 1/cos²x, 1/sin³x = csc³x); in a product, its first
    factor that is one (tan x/cos x = tan x·sec x)."""

    id, title = "alg-reciprocal", "Reciprocal identity"
    latex = r"\sec u = \frac{1}{\cos u},\quad \csc u = \frac{1}{\sin u},\quad \cot u = \frac{1}{\tan u}"
    examples = (Example("sec(x)**2", "1/cos(x)**2"), Example("1/cos(x)**2", "sec(x)**2"),
                Example("csc(2*x)", "1/sin(2*x)"), Example("1/sinh(x)**3", "csch(x)**3"),
                Example("sech(x)", "1/cosh(x)"), Example("1/tan(x)", "cot(x)"),
                Example("tan(x)/cos(x)", "tan(x)*sec(x)"),
                not_for("cos(x)**2", "a positive power of cos: no reciprocal"),
                not_for("sin(x)*tan(x)", "no reciprocal function and no negative power in the product"))

    def apply(self, e, ctx=None):
        e = canon(e)
        if isinstance(e, Mul):  # a factor of a fraction is rewritten as the fraction: tan x/cos x = tan x·sec x
            for k, f in enumerate(e.args):
                new = self.apply(f)
                if new is not None:
                    return canon(Mul(*e.args[:k], new, *e.args[k + 1:]))
            return None
        base, n = (e.base, e.exp) if isinstance(e, Pow) and e.exp.is_number else (e, S.One)
        for one_over, f in PAIRS:
            if isinstance(base, one_over):
                return canon(f(base.args[0]) ** -n)
            if isinstance(base, f) and n.is_negative:
                return canon(one_over(base.args[0]) ** -n)
        return None


class NegativePower(AlgRule):
    """A negative power written as a fraction: u⁻ⁿ = 1/uⁿ (−2x⁻³ = −2/x³, ½x^(−1/2) = 1/(2√x));
    an exponent written with a minus, too: e^{−u} = 1/e^{u} (−2t·e^{−t²} = −2t/e^{t²}).
    SymPy stores both alike; the rule names the step between two lines written so, and writes
    the fraction held."""

    id, title = "alg-negative-power", "Negative power as a fraction"
    latex = r"u^{-n} = \frac{1}{u^{n}},\quad e^{-u} = \frac{1}{e^{u}}"
    examples = (Example("x**(-3)", "1/x**3"), Example("(x + 1)**(-1/2)", "1/sqrt(x + 1)"),
                Example("exp(-x**2)", "1/exp(x**2)"), Example("E**(-2*x)", "1/exp(2*x)"),
                Example("2**(-x)", "1/2**x"),
                not_for("1/x", "already a fraction"), not_for("x**2", "not a negative power"),
                not_for("exp(x**2)", "a positive exponent"), not_for("exp(1 - x)", "a sum in the exponent"))

    def apply(self, e, ctx=None):
        from sympy import exp
        if isinstance(e, exp) and _minus(e.args[0]):
            return Pow(exp(-e.args[0], evaluate=False), -1, evaluate=False)
        if not isinstance(e, Pow) or e.exp == -1:
            return None
        if e.exp.is_number and e.exp.is_negative or not e.exp.is_number and _minus(e.exp):
            return Pow(Pow(e.base, -e.exp, evaluate=False), -1, evaluate=False)
        return None


def _minus(u) -> bool:
    """Whether the exponent ``u`` is written with a minus in front: −t², −2x (not a sum, not a number)."""
    return isinstance(u, Mul) and u.args[0].is_number and u.args[0].is_negative


def written_as_fractions(before, line) -> bool:
    """Whether ``line`` writes as fractions negative powers that ``before`` wrote (both as written):
    a negative power of ``before`` is gone from ``line``, and the positive power it is one over
    is there (−2t·e^{−t²} then −2t/e^{t²}; not a term with e^{−x} dropped)."""
    from collections import Counter
    from sympy import preorder_traversal

    def negative(e) -> Counter:
        return Counter(canon(n) for n in preorder_traversal(e) if NEGATIVE_POWER.apply(n) is not None)

    gone = negative(before) - negative(line)
    if not gone:
        return False
    present = {canon(n) for n in preorder_traversal(line)}
    return all(canon(1 / n) in present for n in gone)


RECIPROCAL, NEGATIVE_POWER = ReciprocalIdentity(), NegativePower()
RULES = (RECIPROCAL, NEGATIVE_POWER)
