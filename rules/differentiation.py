"""Differentiation rules (family ``d``).

A rule *matches* an expression and names the parts whose derivatives it
needs; the engine derives those parts (they become the step's sub-steps) and
hands their derivatives to :meth:`DiffRule.combine`, which writes the result
the way the rule states it -- unevaluated, so ``(1+e^{-x})·0 − 1·(−e^{-x})``
is shown before it is tidied.

The engine tries the rules in the order of :data:`RULES`; the first match
wins.  :class:`Unknown` matches everything and is last.
"""
from __future__ import annotations

from typing import Callable

from sympy import Add, Expr, Mul, Pow, S, Symbol, diff, log

from derive.expr import add, canon, frac, fraction, mul, neg, power
from derive.facts import with_rules
from derive.order import factors as written_factors

from .base import depends, DiffRule, Example, Match, not_for
from .definitions import NAMED
from .indexed import INDEXED, SUM_INDEX
from .piecewise import ABS_OF_POWER, PIECEWISE


class Constant(DiffRule):
    """The derivative of a constant (anything free of x) is zero."""

    id, title, latex = "d-constant", "Constant rule", r"\frac{d}{dx} c = 0"
    examples = (Example("a*pi**2", "0"), Example("(x - x)**a", "0"),
                not_for("a*x", "a product with x"))

    def match(self, e, x):
        # so is the derivative of 0^u (written (x − x)^a or 0^x), 0 wherever it is real (not at u = 0)
        return None if depends(e, x) and not _zero_base(e) else Match()

    def combine(self, e, x, m, dparts):
        return S.Zero


def _zero_base(e: Expr) -> bool:
    """0^u, its base written as 0 or as what SymPy evaluates to 0 (x − x, log 1): its derivative
    is not 0^u·ln 0 (d-exp-base) nor u·0^(u−1)·0′ (d-power), which are 0·∞ where it is real."""
    return isinstance(e, Pow) and canon(e.base).is_zero is True


class Identity(DiffRule):
    """The derivative of the variable with respect to itself is one."""

    id, title, latex = "d-identity", "Identity rule", r"\frac{d}{dx} x = 1"
    examples = (Example("x", "1"),)

    def match(self, e, x):
        return Match() if e == x else None

    def combine(self, e, x, m, dparts):
        return S.One


class Sum(DiffRule):
    """The derivative of a sum (or difference) is the sum of the derivatives."""

    id, title = "d-sum", "Sum rule"
    latex = r"\frac{d}{dx}\left(f + g\right) = \frac{df}{dx} + \frac{dg}{dx}"
    examples = (Example("x**2 - sin(x)", "2*x - cos(x)"),)

    def match(self, e, x):
        return Match(e.args) if isinstance(e, Add) else None

    def combine(self, e, x, m, dparts):
        return add(*dparts)


class ConstantMultiple(DiffRule):
    """A constant factor stays: the derivative of c·f is c times the derivative of f."""

    id, title = "d-constant-multiple", "Constant multiple rule"
    latex = r"\frac{d}{dx}\left(c f\right) = c \frac{df}{dx}"
    examples = (Example("3*sin(x)", "3*cos(x)"), not_for("x*sin(x)", "no constant factor: the product rule"))

    def match(self, e, x):
        if not isinstance(e, Mul):
            return None
        const = [f for f in e.args if not depends(f, x)]
        if not const:
            return None
        rest = [f for f in e.args if depends(f, x)]
        return Match((mul(*rest),), data=mul(*const))

    def combine(self, e, x, m, dparts):
        return mul(m.data, dparts[0])


def _is_power_of(e: Expr, x: Symbol) -> bool:
    return e == x or (isinstance(e, Pow) and e.base == x)


def _is_root(e: Expr) -> bool:
    """A root or a fractional power of anything: √(x² + 1), (1 + x)^{3/2}."""
    return isinstance(e, Pow) and e.exp.is_Rational and not e.exp.is_Integer


class Quotient(DiffRule):
    """The derivative of a fraction f/g is (g·f′ − f·g′)/g²."""

    id, title = "d-quotient", "Quotient rule"
    latex = r"\frac{d}{dx}\frac{f}{g} = \frac{g \frac{df}{dx} - f \frac{dg}{dx}}{g^{2}}"
    examples = (
        Example("1/(1 + exp(-x))", "((1 + exp(-x))*0 - 1*(-exp(-x)))/(1 + exp(-x))**2"),
        not_for("1/x**2", "the power rule"),
    )

    def match(self, e, x):
        n, d = fraction(e)
        if d == 1 or not depends(d, x):
            return None
        if not depends(n, x) and (_is_power_of(d, x) or _is_root(d)):
            return None  # 1/x^k, 1/√u: the power rule (with the chain rule) is the natural choice
        return Match((n, d))

    def combine(self, e, x, m, dparts):
        n, d = m.parts
        dn, dd = dparts
        top = add(mul(d, dn), neg(mul(n, dd)))
        return frac(top, power(d, 2))


class Product(DiffRule):
    """The derivative of a product f·g is f'·g + f·g'."""

    id, title = "d-product", "Product rule"
    latex = r"\frac{d}{dx}\left(f g\right) = \frac{df}{dx} g + f \frac{dg}{dx}"
    examples = (Example("x*sin(x)", "1*sin(x) + x*cos(x)"),)

    def match(self, e, x):
        if not isinstance(e, Mul):
            return None
        fs = written_factors(e)  # f and g in the order the user wrote them (sin x·cos x: f = sin x)
        return Match((fs[0], mul(*fs[1:])))

    def combine(self, e, x, m, dparts):
        f, g = m.parts
        df, dg = dparts
        return add(mul(df, g), mul(f, dg))


class Outer(DiffRule):
    """A rule for one kind of function F(u); applied to F(x) directly, to F(u) by the chain rule."""

    def inner(self, e: Expr, x: Symbol) -> Expr | None:  # pragma: no cover - interface
        """The argument u when ``e`` is F(u), else None."""
        raise NotImplementedError

    def outer(self, e: Expr) -> Expr:  # pragma: no cover - interface
        """F'(u), written with the argument of ``e``."""
        raise NotImplementedError

    def match(self, e, x):
        return Match() if self.inner(e, x) == x else None

    def combine(self, e, x, m, dparts):
        return self.outer(e)


class Power(Outer):
    """The derivative of u to a constant power n is n·u^(n−1)."""

    id, title = "d-power", "Power rule"
    latex = r"\frac{d}{du} u^{n} = n u^{n-1}"
    examples = (Example("x**3", "3*x**2"), Example("1/x**2", "-2*x**(-3)"), not_for("2**x", "the exponent varies"))

    def inner(self, e, x):
        if isinstance(e, Pow) and not depends(e.exp, x):
            return e.base
        return None

    def outer(self, e):
        return mul(e.exp, power(e.base, e.exp - 1))


class ExpBase(Outer):
    """The derivative of a constant base a to the power u is a^u·ln a."""

    id, title = "d-exp-base", "Exponential rule (base a)"
    latex = r"\frac{d}{du} a^{u} = a^{u} \ln a"
    examples = (Example("2**x", "2**x*log(2)"), not_for("x**x", "the base varies too"))

    def inner(self, e, x):
        if isinstance(e, Pow) and not depends(e.base, x) and depends(e.exp, x):
            return e.exp
        return None

    def outer(self, e):
        return mul(e, log(e.base))


class GeneralPower(DiffRule):
    """A power whose base and exponent both vary: write f^g = e^(g ln f), so that
    (f^g)' = f^g (g' ln f + g f'/f)."""

    id, title = "d-general-power", "General power rule"
    latex = r"\frac{d}{dx} f^{g} = f^{g} \left(g' \ln f + g \frac{f'}{f}\right)"
    examples = (Example("x**x", "x**x*(1*log(x) + x*(1/x))"), not_for("x**3", "a constant exponent"))

    def match(self, e, x):
        if isinstance(e, Pow) and depends(e.base, x) and depends(e.exp, x):
            return Match((e.base, e.exp))
        return None

    def combine(self, e, x, m, dparts):
        f, g = m.parts
        df, dg = dparts
        return mul(e, add(mul(dg, log(f)), mul(g, frac(df, f))))


class Elementary(Outer):
    """A function whose derivative is known: d/du F(u) = F'(u)."""

    def __init__(self, rule_id: str, title: str, func, derivative: Callable, latex: str, words: str):
        self.id, self.title, self.func, self.derivative = rule_id, title, func, derivative
        self.latex, self._words = latex, words

    @property
    def words(self) -> str:
        return self._words

    @property
    def examples(self) -> tuple:
        from .elementary_examples import ELEMENTARY_EXAMPLES
        found = ELEMENTARY_EXAMPLES.get(self.id)
        return () if found is None else (found,)

    def inner(self, e, x):
        return e.args[0] if e.func == self.func and len(e.args) == 1 else None

    def outer(self, e):
        return self.derivative(e.args[0])


ELEMENTARY = tuple(
    Elementary(f.rule.id, f.rule.title, f.func, f.rule.derivative, f.rule.latex, f.rule.words) for f in with_rules()
)  # one rule for each function of derive/facts.py that has one

OUTER_RULES = (Power(), ExpBase()) + ELEMENTARY


class Chain(DiffRule):
    """The derivative of F(u), u a function of x, is F'(u) times the derivative of u."""

    id, title = "d-chain", "Chain rule"
    latex = r"\frac{d}{dx} F(u) = F'(u) \frac{du}{dx}"
    examples = (
        Example("exp(-x)", "exp(-x)*(-1)"), Example("sin(x**2)", "cos(x**2)*(2*x)"),
        not_for("sin(x)", "the sine rule"),
    )

    def __init__(self, outer_rules=OUTER_RULES):
        self.outer_rules = outer_rules

    def match(self, e, x):
        for rule in self.outer_rules:
            u = rule.inner(e, x)
            if u is not None and u != x and depends(u, x):
                return Match((u,), data=rule)
        return None

    def combine(self, e, x, m, dparts):
        """F′(u)·u′; a constant letter u′ before F′(u), as a textbook writes it: d/dx sin(ax) =
        a·cos(ax) (a number stays after it, bracketed, and the arithmetic brings it forward)."""
        du = dparts[0]
        if not du.is_number and all(f.is_number or (isinstance(f, Symbol) and f != x) for f in Mul.make_args(du)):
            return mul(du, m.data.outer(e))
        return mul(m.data.outer(e), du)

    def outer_step(self, e: Expr, m: Match, name: Symbol) -> tuple:
        """(rule, F(name), F'(name)): the outer derivative, written in the letter ``name``."""
        u = m.parts[0]
        written = e.xreplace({u: name})
        return m.data, written, m.data.outer(written)


class ByDefinition(DiffRule):
    """A function known by a definition in simpler terms is differentiated through
    that definition, and the result is written with a known function again."""

    id, title = "d-definition", "Derivative from the definition"
    latex = r"\frac{d}{dx} F(x) = \frac{d}{dx}\,\mathrm{definition}_F(x)"
    # the engine configures the rule with the functions the definition was written with
    examples = (Example("sinh(x)", "cosh(x)"),)

    def __init__(self, funcs=frozenset()):
        self.funcs = frozenset(funcs)

    def match(self, e, x):
        if e.func in self.funcs and len(e.args) == 1 and e.args[0] == x:
            return Match((NAMED[e.func](x),))
        return None

    def combine(self, e, x, m, dparts):
        from .algebra import RECOGNIZE

        d = dparts[0]
        return RECOGNIZE.apply(canon(d)) or d  # (e^x + e^{-x})/2 as SymPy evaluates it: cosh x


class Known(DiffRule):
    """The function's own derivative, found at the first order, used again at higher
    orders: y′ = g(y), so d/dx h(y) = h′(y)·g(y) by the chain rule."""

    id, title = "d-known", "The first derivative, found above"
    latex = r"\frac{d}{dx}\, y = g(y)"
    # at the second order of tanh: y stands for y(x), whose derivative g(y) was found
    examples = (Example("y", "1 - y**2", given=("y = tanh(x)", "y' = 1 - y**2")),)

    def __init__(self, y: Expr | None = None, g: Expr | None = None):
        self.y, self.g = y, g

    def match(self, e, x):
        return Match() if self.y is not None and e == self.y else None

    def combine(self, e, x, m, dparts):
        return self.g


class Named(DiffRule):
    """A catalog function with a symbol of its own, named in the definition (the sigmoid S in
    the cross-entropy of a logit), is differentiated by the derivative the engine derived for
    it in its own derivation, written in its symbol: S′ = S(1 − S); for the softmax,
    ∂S_k/∂a_j = S_k(δ_kj − S_j).  The chain rule carries it through a function of S:
    d/dz log S = S′/S."""

    id, title = "d-named", "Derivative of a named function"
    latex = r"\frac{d}{dx}\, S(x) = g(S) \quad \text{(from the derivation of } S\text{)}"
    # S stands for S(x), a catalog function named in the definition, with its own derivative
    examples = (Example("S", "S*(1 - S)", given=("S = 1/(1 + exp(-x))", "S' = S*(1 - S)")),)

    def __init__(self, func=None, derivative: Callable | None = None, symbol: str = "", source: str = ""):
        self.func, self.derivative = func, derivative  # derivative(S(x), x): g written at that node
        if source:
            self.title = f"Derivative of {symbol}, derived in “derive {source}”"

    def match(self, e, x):
        if self.func is None or e.func != self.func or not depends(e, x):
            return None
        return Match() if not _of_one(e) or e.args[0] == x else None  # S(2x): the chain rule's

    def combine(self, e, x, m, dparts):
        return self.derivative(e, x)

    def inner(self, e, x):
        """For the chain rule: u where ``e`` is S(u), a named function of one argument (its
        parameters' values after it: softplus(u, 3))."""
        return e.args[0] if self.func is not None and e.func == self.func and _of_one(e) else None

    def outer(self, e):
        """S′(u) = g(S(u)), written at ``e``."""
        return self.derivative(e, None)


def _of_one(e) -> bool:
    """A call of one input, any arguments after it numbers (its parameters): S(u), softplus(u, 3);
    not the softmax S(k, a)."""
    return all(a.is_number for a in e.args[1:])


class Unknown(DiffRule):
    """A function the rule set does not know: SymPy's derivative, labelled as such."""

    id, title = "d-unknown", "Not in the rule set (SymPy's derivative)"
    latex = r"\frac{d}{dx} f(x) \text{ by SymPy}"
    examples = (Example("gamma(x)", "gamma(x)*polygamma(0, x)"),)

    def match(self, e, x):
        return Match()

    def combine(self, e, x, m, dparts):
        return diff(e, x)


RULES = (
    Constant(), Identity(), INDEXED, Sum(), SUM_INDEX, ConstantMultiple(), Quotient(), Product(),
    *(r for r in OUTER_RULES), GeneralPower(), ABS_OF_POWER, Chain(), PIECEWISE, Unknown(),
)
