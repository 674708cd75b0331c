"""Printing expressions in the order they are written.

SymPy's printers reorder sums and merge every 1/d factor of a product into
one fraction, and they mis-print some unevaluated forms (``1·(−e^{−x})``).
These subclasses keep SymPy's printers for everything else and decide sums
and products themselves, from the written tree:

* a sum's terms print in their stored order, with those the user wrote in the order written
  (:mod:`.order`; a product's factors likewise); a term with a leading negative number prints
  as "− term";
* a product prints as a fraction of its 1/d factors, except a factor held
  with :func:`~derive.expr.hold` (a factor taken out in front) which stays
  one visible factor;
* a number after the first factor, a negative factor and a sum are put in
  parentheses: ``(1 + e^{−x})·(0) − 1·(−e^{−x})``; a number the user typed there is not
  (3·x·2).
"""
from __future__ import annotations

import re

from sympy import Add, Integer, Mul, Number, Pow, Rational, Symbol, UnevaluatedExpr, exp, fraction
from sympy.printing.conventions import requires_partial
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.pretty_symbology import pretty_atom
from sympy.printing.pretty.stringpict import prettyForm, stringPict
from sympy.printing.str import StrPrinter

from ..catalog import CATALOG
from ..expr import factors, is_denominator_factor, split_sign
from ..facts import latex_names, pretty_names

LATEX_NAMES = latex_names()  # class name -> LaTeX name, where SymPy's would differ (derive/facts.py)
PRETTY_NAMES = pretty_names()  # class -> name in the 2-D pictures
CALLABLE_NAMES = frozenset(e.name for e in CATALOG) | frozenset(a for e in CATALOG for a in e.aliases)  # as one word
from .conditions import chain, left_to_right, readable
from .escape import latex_name
from ..order import current, factors as written_factors, terms as written_terms


class _Notation:
    """A key of a names table that says how the derivation writes something on every line."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


PARTIAL = _Notation("PARTIAL")  # names[PARTIAL]: True, every derivative ∂/∂x; False, every one d/dx; absent: SymPy's rule
LN = _Notation("LN")  # names[LN]: True, the natural logarithm written ln on every line (the input wrote ln)
TYPED_LN = re.compile(r"(?<![A-Za-z])ln(?![A-Za-z])")  # as derive/notation.py's LN (which imports this module)


def notation(d) -> dict:
    """How a derivation writes on every line: d or ∂ (:data:`PARTIAL`), and ln where its input
    wrote ln (:data:`LN`; a catalog entry and an input that wrote log: log, as SymPy and the
    frameworks write it)."""
    return {PARTIAL: d.partial, LN: bool(TYPED_LN.search(d.input or ""))}


def partial(deriv, names: dict) -> bool:
    """Whether ``deriv`` is written with ∂: as the names table says for the whole derivation (one
    notation on every line), else SymPy's rule (several symbols in the differentiated expression)."""
    said = names.get(PARTIAL)
    return requires_partial(deriv.expr) if said is None else said


def needs_parens(f, first: bool, product=None) -> bool:
    """Whether a factor of a product is bracketed: a sum, a negative factor, and a number after
    the first factor where a rule put it (the constant rule's (1 + e^{−x})·(0)); a number the
    user typed there stays as typed (3·x·2, (x + 1)·2: derive/order.py's Writing.typed_in)."""
    inner = f.args[0] if isinstance(f, UnevaluatedExpr) else f
    if isinstance(inner, Add):
        return True
    if split_sign(inner)[0]:
        return True
    return isinstance(inner, Number) and not first and not (
        product is not None and inner.is_Integer and current().typed_in(inner, product))


def needs_dot(before, f, shown: str) -> bool:
    """Whether LaTeX needs a \\cdot between two factors, where a textbook juxtaposes them (2x,
    2\\sqrt{x}, x e^{x}): before a number (σ(2x)·2 never reads as σ applied twice, 2·3 never as 23)
    or a factor that begins with a digit; after a number, before a fraction (2·½ is not the
    mixed number 2½) or a negative factor; after a unit factor a rule wrote (the product rule's
    1·√(1 + x²) never reads as the number 1√…)."""
    inner = f.args[0] if isinstance(f, UnevaluatedExpr) else f
    if isinstance(inner, Number) or shown[:1].isdigit():
        return True
    left = before.args[0] if isinstance(before, UnevaluatedExpr) else before
    if not isinstance(left, Number):
        return False
    if abs(left) == 1:
        return True
    return shown.startswith((r"\frac", "-", r"\left(-", r"\left(- ")) or split_sign(inner)[0]


def decimal(r) -> str | None:
    """A rational as the decimal its source wrote: where the input wrote it as a decimal or
    computed it from decimals (:meth:`derive.order.Writing.decimal`: 0.2, and 3·0.2 = 0.6), or
    where the decimal is shorter than the fraction (8943/200000 is 0.044715, 1/100 is 0.01);
    else a fraction (1/2, 1/8, 1/3)."""
    if not isinstance(r, Rational) or r.is_Integer:
        return None
    written = current().decimal(r)
    q, twos, fives = int(r.q), 0, 0
    while q % 2 == 0:
        q, twos = q // 2, twos + 1
    while q % 5 == 0:
        q, fives = q // 5, fives + 1
    if q != 1:
        return None
    places = max(twos, fives)
    digits = str(abs(int(r.p)) * 10 ** places // int(r.q)).rjust(places + 1, "0")
    shown = ("-" if r.p < 0 else "") + digits[:-places] + "." + digits[-places:]
    return shown if written or len(shown) < len(f"{r.p}/{r.q}") else None


def _root_of_constant(f) -> bool:
    return isinstance(f, Pow) and f.exp == Rational(1, 2) and f.base.is_number and f.base.is_positive


def _one_root(up: list, down: list) -> tuple[list, list]:
    """√2 over √π written as one root, √(2/π), as its source writes it."""
    tops, bottoms = [f for f in up if _root_of_constant(f)], [f for f in down if _root_of_constant(f)]
    if not tops or not bottoms:
        return up, down
    inside = Mul(*[f.base for f in tops], *[Pow(f.base, -1, evaluate=False) for f in bottoms], evaluate=False)
    root = Pow(inside, Rational(1, 2), evaluate=False)
    at = up.index(tops[0])
    up = [f for f in up[:at] if f not in tops] + [root] + [f for f in up[at:] if f not in tops]
    return up, [f for f in down if f not in bottoms]


def layout(expr, source_forms: bool = True):
    """(negative?, numerator factors, denominator factors) of a written product; with
    ``source_forms`` a decimal and a root of a quotient kept as their source writes them."""
    neg, body = split_sign(expr)
    fs = written_factors(factors(body))
    up = [f for f in fs if not is_denominator_factor(f)]
    down = [Pow(f.base, -f.exp, evaluate=False) if f.exp != -1 else f.base for f in fs if is_denominator_factor(f)]
    if source_forms:
        up, down = _one_root(up, down)
    if up and (len(up) > 1 or down) and isinstance(up[0], Rational) and not up[0].is_Integer and (
            not source_forms or decimal(up[0]) is None or _brought_down(up[0], fs, expr)):
        r = up[0]  # ⅓·√x is written √x/3, never 1/3⋅√x (which reads as 1/(3√x)); ½/√x is 1/(2√x)
        up = ([Integer(r.p)] if r.p != 1 else []) + up[1:]
        down = [Integer(r.q)] + down
    return neg, up, down


def _brought_down(r, fs: list, product) -> bool:
    """Whether the number ``r`` before the powers ``fs`` is a power rule's exponent brought down,
    which a textbook writes as a fraction even where a decimal was typed (0.5x + √x: 1/(2√x), not
    0.5/√x): a factor b^e with e a fraction and r/(e + 1) whole (½·x^{−½}; 3/2·√x; the chain's
    3/(2√(3x + 1))), in a product nobody typed (0.5/√x typed stays so)."""
    def whole(q) -> bool:
        return q.is_Integer and q != 0
    typed = current().exponents  # an exponent typed as a decimal is brought down as one (x^{1.5}: 1.5√x)
    powers = [f.exp for f in fs if isinstance(f, Pow) and isinstance(f.exp, Rational) and not f.exp.is_Integer]
    return any(whole(r / (e + 1)) and abs(e + 1) not in typed for e in powers) and current().place(product) is None


def exponent_shown(e) -> str | None:
    """How a fractional exponent is written: "fraction" where no exponent was typed as a decimal
    to make it (x^{3/2} beside a typed 0.5 is no x^{1.5}), "decimal" where one was (x^{2.5} typed
    stays so, and so does its power rule's x^{1.5}); None for any other exponent."""
    if not isinstance(e, Rational) or e.is_Integer:
        return None
    typed = current().exponents
    return "decimal" if abs(e) in typed or abs(e + 1) in typed else "fraction"


def shown_exponent(r, exponent) -> str | None:
    """The rational ``r`` as written where it is the ``exponent`` being printed: as a decimal or a
    fraction (:func:`exponent_shown`); else as :func:`decimal` says."""
    how = exponent_shown(exponent) if r == exponent else None
    if how == "fraction":
        return None
    if how == "decimal":
        return str(r.p / r.q)
    return decimal(r)


class WrittenLatex(LatexPrinter):
    """LaTeX in the written order."""

    def __init__(self, names: dict | None = None, source_forms: bool = True):
        super().__init__({"order": "none", "symbol_names": names or {}, "inv_trig_style": "full",  # \arctan
                          "ln_notation": bool((names or {}).get(LN))})
        self.source_forms = source_forms

    def _print_Piecewise(self, expr):
        return super()._print_Piecewise(readable_pieces(expr))

    def _print_And(self, expr):
        found = chain(expr)
        if found is None:
            return super()._print_And(expr)
        low, rel1, q, rel2, high = found
        rel = {"<": "<", "≤": r"\le"}  # the lower bound braced: −1 after "for" is a sign, not a minus
        return f"{{{self._print(low)}}} {rel[rel1]} {self._print(q)} {rel[rel2]} {self._print(high)}"

    def _print_Or(self, expr):
        return self._print_LogOp(left_to_right(expr), r"\vee")

    def _print_Add(self, expr, order=None):
        out = []
        for i, t in enumerate(written_terms(expr)):
            neg, body = split_sign(t)
            s = self._print(body)
            if neg and isinstance(body, Add):
                s = r"\left(%s\right)" % s
            out.append(("- " if neg else "") + s if i == 0 else ("- " if neg else "+ ") + s)
        return " ".join(out)

    def _print_Derivative(self, expr):
        """d/dx of a product is d/dx (f g), never (d/dx f)·g: the product is bracketed; d or ∂ as
        the derivation writes every derivative (:data:`PARTIAL`)."""
        sign = r"\partial" if partial(expr, self._settings["symbol_names"]) else "d"
        tex, dim = "", 0
        for x, num in reversed(expr.variable_count):
            dim += num
            tex += r"%s %s" % (sign, self._print(x)) if num == 1 else r"%s %s^{%s}" % (
                sign, self.parenthesize_super(self._print(x)), self._print(num))
        tex = r"\frac{%s}{%s}" % (sign if dim == 1 else r"%s^{%s}" % (sign, self._print(dim)), tex)
        if isinstance(expr.expr, Mul):
            return r"%s \left(%s\right)" % (tex, self._print(expr.expr))
        return r"%s %s" % (tex, self.parenthesize(expr.expr, PRECEDENCE["Mul"],
                                                   is_neg=any(a.could_extract_minus_sign() for a in expr.args),
                                                   strict=True))

    def _product(self, fs, product=None):
        if not fs:
            return "1"
        parts = []
        for i, f in enumerate(fs):
            s = self._print(f)
            if len(fs) > 1 and needs_parens(f, i == 0, product):
                s = r"\left(%s\right)" % s
            if parts and needs_dot(fs[i - 1], f, s):
                parts.append(r"\cdot")
            parts.append(s)
        return " ".join(parts)

    def _print_Mul(self, expr):
        neg, up, down = layout(expr, self.source_forms)
        s = self._product(up, expr)
        if neg and not down and len(up) == 1 and isinstance(up[0], Add):
            s = r"\left(%s\right)" % s
        if down:
            if len(up) == 1 and isinstance(up[0], Add):
                s = self._print(up[0])
            s = r"\frac{%s}{%s}" % (s, self._product(down))
        return ("- " if neg else "") + s

    def _print_UnevaluatedExpr(self, expr):
        return self._print(expr.args[0])

    def _hprint_Function(self, func: str) -> str:
        """A function's name: derive/facts.py's where SymPy's would differ (expm1, not expm₁); a
        catalog name called in the input as one word (leaky_relu, relu6: not leaky with the
        subscript relu)."""
        if func in CALLABLE_NAMES and not func.isalpha():
            return r"\operatorname{%s}" % func.replace("_", r"\_")
        return LATEX_NAMES.get(func) or super()._hprint_Function(func)

    _exponent = None  # the exponent being printed (exponent_shown)

    def _print_Rational(self, expr):
        shown = shown_exponent(expr, self._exponent) if self.source_forms else None
        return super()._print_Rational(expr) if shown is None else shown

    def _print_Pow(self, expr):
        """A named call's power as a textbook writes it: \\tanh^{2}(x), not \\tanh(x)^{2}; a
        fraction for an exponent no decimal was typed as."""
        shown = self._settings["symbol_names"].get(expr.base) if isinstance(expr.base, Symbol) else None
        call = NAMED_LATEX_CALL.match(shown) if isinstance(shown, str) else None
        if call is not None and isinstance(expr.exp, Integer) and expr.exp > 0:
            return r"%s^{%s}%s" % (call.group(1), self._print(expr.exp), call.group(2))
        before, self._exponent = self._exponent, expr.exp if exponent_shown(expr.exp) else self._exponent
        try:
            return super()._print_Pow(expr)
        finally:
            self._exponent = before

    def _print_polygamma(self, expr, exp=None):
        """ψ(x) and ψ₁(x) for the digamma and trigamma functions, as a textbook names them (SymPy's
        \\psi^{(0)}); a higher order as SymPy writes it."""
        order, arg = expr.args
        if order not in (0, 1) or not self.source_forms:  # (the JSON's latex keeps SymPy's, as it had)
            name = self._hprint_Function("polygamma") + ("" if exp is None else "^{%s}" % exp)
            return r"%s{\left(%s \right)}" % (name, ",".join(self._print(a) for a in expr.args))
        tex = r"\psi%s{\left(%s \right)}" % ("" if order == 0 else "_{1}", self._print(arg))
        return tex if exp is None else r"\psi%s^{%s}{\left(%s \right)}" % (
            "" if order == 0 else "_{1}", exp, self._print(arg))

    def _print_log(self, expr, exp=None):
        """A logarithm to a base as typed (log(x, 2), read with evaluation held) as \\log_{2}(x):
        SymPy's own printer drops the base."""
        if len(expr.args) != 2:
            return super()._print_log(expr, exp=exp)
        tex = r"\log_{%s}{\left(%s \right)}" % (self._print(expr.args[1]), self._print(expr.args[0]))
        return tex if exp is None else r"\left(%s\right)^{%s}" % (tex, exp)

    def _print_Symbol(self, expr, style="plain"):
        """A name that is not a plain identifier (a --wrt of the user's) as escaped upright text."""
        if expr in self._settings["symbol_names"]:
            return self._settings["symbol_names"][expr]
        letter = greek_spelling(expr)
        if letter is not None:
            return self._print(letter)
        return latex_name(expr.name) or super()._print_Symbol(expr, style)


KEYWORD_SPELLINGS = {"lambd": "lambda"}  # a Greek letter spelt short of Python's keyword (PyTorch's lambd)


def greek_spelling(e):
    """A symbol named as Python's keyword forces (PyTorch's lambd; lambda_ SymPy prints itself)
    as the letter it names, λ, with its subscript: the formulas write the letter, never the name."""
    if not isinstance(e, Symbol):
        return None
    base, sep, sub = e.name.partition("_")
    letter = KEYWORD_SPELLINGS.get(base)
    return None if letter is None else Symbol(letter + sep + sub, **e.assumptions0)


NAMED_LATEX_CALL = re.compile(r"^(\\[A-Za-z]+)(\(.*\))$")  # \tanh(x)
NAMED_CALL = re.compile(r"^([A-Za-z]{2,})\((\w+)\)$")  # tanh(x): a function's name, not a letter (S(x))
class WrittenPretty(PrettyPrinter):
    """Unicode 2-D pictures in the written order."""

    def __init__(self, names: dict | None = None):
        super().__init__({"order": "none", "use_unicode": True})
        self.names = names or {}

    def _print_Symbol(self, e, bold_name=False):
        """The function's own symbol as its names table shows it; a named call (tanh(x)) as a
        call, so that its square is tanh²(x), as a textbook writes it."""
        if e not in self.names:
            letter = greek_spelling(e)
            return super()._print_Symbol(e if letter is None else letter, bold_name)
        shown = self.names[e]
        call = NAMED_CALL.match(shown)
        if call is None:
            return prettyForm(shown)
        head, args = prettyForm(call.group(1)), prettyForm(*prettyForm(call.group(2)).parens())
        pform = prettyForm(*stringPict.next(head, args), binding=prettyForm.FUNC)
        pform.prettyFunc, pform.prettyArgs = head, args
        return pform

    def _print_Piecewise(self, pexpr):
        """Each piece on its row, its expression and its condition (as a person writes it) each
        in a left-aligned column, as a textbook sets them (SymPy centres both)."""
        rows = [[self._print(e), prettyForm("otherwise") if c == True else
                 prettyForm(*prettyForm("for ").right(self._print(c)))] for e, c in readable_pieces(pexpr).args]
        widths = [max(r[j].width() for r in rows) for j in (0, 1)]
        picture = None
        for row in rows:
            line = prettyForm(*row[0].right(" " * (widths[0] - row[0].width() + 2)))
            line = prettyForm(*line.right(row[1]))
            line = prettyForm(*line.right(" " * (widths[1] - row[1].width())))
            picture = line if picture is None else prettyForm(*prettyForm(*picture.below(" ")).below(line))
        picture = prettyForm(*picture.parens("{", ""))
        picture.baseline, picture.binding = picture.height() // 2, prettyForm.OPEN
        return picture

    def _print_And(self, expr):
        found = chain(expr)
        if found is None:
            return super()._print_And(expr)
        low, rel1, q, rel2, high = found
        parts = [self._print(low), prettyForm(f" {rel1} "), self._print(q), prettyForm(f" {rel2} "), self._print(high)]
        return prettyForm(*stringPict.next(*parts))

    def _print_Or(self, expr):
        """A union left to right on the number line (:func:`~derive.printing.conditions.left_to_right`)."""
        if not self._use_unicode:
            return super()._print_Or(expr)
        pform = None
        for arg in left_to_right(expr):
            one = self._print(arg)
            if arg.is_Boolean and not arg.is_Not:
                one = prettyForm(*one.parens())
            pform = one if pform is None else prettyForm(*prettyForm(*pform.right(" ∨ ")).right(one))
        return pform

    def _print_Derivative(self, deriv):
        """d/dx f, or ∂/∂x f, as the derivation writes every derivative (:data:`PARTIAL`)."""
        sign = "∂" if partial(deriv, self.names) else "d"
        x, total = None, 0
        for sym, num in reversed(deriv.variable_count):
            ds = prettyForm(*self._print(sym).left(sign))
            total += num
            if not num.is_Integer or num > 1:
                ds = ds ** prettyForm(str(num))
            x = ds if x is None else prettyForm(*prettyForm(*x.right(" ")).right(ds))
        operator = prettyForm(sign)
        if total > 1:
            operator = operator ** prettyForm(str(total))
        operator = prettyForm(*operator.below(stringPict.LINE, x))
        operator.baseline = operator.baseline + 1
        f = prettyForm(binding=prettyForm.FUNC, *self._print(deriv.expr).parens())
        return prettyForm(*stringPict.next(operator, f), binding=prettyForm.MUL)

    def _print_Add(self, expr, order=None):
        pieces = []
        for i, t in enumerate(written_terms(expr)):
            neg, body = split_sign(t)
            p = self._print(body)
            if neg and isinstance(body, Add):
                p = prettyForm(*p.parens())
            sign = ("-" if neg else "") if i == 0 else (" - " if neg else " + ")
            if sign:
                pieces.append(prettyForm(sign))
            pieces.append(p)
        return prettyForm(*stringPict.next(*pieces), binding=prettyForm.ADD)

    def _product(self, fs, product=None):
        if not fs:
            return prettyForm("1")
        pics = []
        for i, f in enumerate(fs):
            p = self._print(f)
            if len(fs) > 1 and needs_parens(f, i == 0, product):
                p = prettyForm(*p.parens())
            if pics:
                pics.append(prettyForm("⋅"))
            pics.append(p)
        return prettyForm(*stringPict.next(*pics), binding=prettyForm.MUL if len(fs) > 1 else pics[0].binding)

    def _print_Mul(self, expr):
        neg, up, down = layout(expr)
        p = self._product(up, expr)
        if neg and not down and len(up) == 1 and isinstance(up[0], Add):
            p = prettyForm(*p.parens())
        if down:
            if len(up) == 1 and isinstance(up[0], Add):
                p = self._print(up[0])
            p = prettyForm(*p.parens()) if p.binding == prettyForm.DIV else p
            p = prettyForm(binding=prettyForm.DIV, *stringPict.stack(p, stringPict.LINE, self._product(down)))
        if neg:
            p = prettyForm(*stringPict.next(prettyForm("-"), p), binding=prettyForm.NEG)
        return p

    def _print_UnevaluatedExpr(self, expr):
        return self._print(expr.args[0])

    def _print_Function(self, e, sort=False, func_name=None, left="(", right=")"):
        """A function's name: derive/facts.py's where SymPy's would differ (expm1, not expm₁)."""
        name = "ln" if e.func.__name__ == "log" and self.names.get(LN) else PRETTY_NAMES.get(e.func) or (
            e.func.__name__ if e.func.__name__ in CALLABLE_NAMES else None)
        if name is None:
            return super()._print_Function(e, sort, func_name, left, right)
        return self._called(name, e, left, right)

    _exponent = None  # the exponent being printed (exponent_shown)

    def _print_Rational(self, expr):
        shown = shown_exponent(expr, self._exponent)
        return super()._print_Rational(expr) if shown is None else prettyForm(shown)

    def _print_Pow(self, power):
        """A power whose exponent is a power too: e^{x²}, as a textbook writes it, not e^{(x²)}
        (SymPy brackets every exponent that is a power); a fraction for an exponent no decimal
        was typed as."""
        b, e = power.as_base_exp()
        if isinstance(e, (Pow, exp)) and fraction(e)[0] != 1 and power.is_commutative and not b.is_Relational:
            return self._print(b) ** _unbound(self._print(e))
        before, self._exponent = self._exponent, e if exponent_shown(e) else self._exponent
        try:
            return super()._print_Pow(power)
        finally:
            self._exponent = before

    def _print_ExpBase(self, e):
        if isinstance(e.args[0], (Pow, exp)):
            return prettyForm(pretty_atom("Exp1", "e")) ** _unbound(self._print(e.args[0]))
        return super()._print_ExpBase(e)

    def _print_polygamma(self, e):
        """digamma(x) and trigamma(x) by name (SymPy's picture is polygamma(0, x)): ψ's orders 0 and 1."""
        names = {0: "digamma", 1: "trigamma"}
        if e.args[0] not in names:
            return self._print_Function(e)
        head, args = prettyForm(names[int(e.args[0])]), prettyForm(*self._print(e.args[1]).parens())
        pform = prettyForm(*stringPict.next(head, args), binding=prettyForm.FUNC)
        pform.prettyFunc, pform.prettyArgs = head, args
        return pform

    def _print_Max(self, e):
        """max(a, b) as a textbook writes it (SymPy's picture is its source text, Max(x, x**2))."""
        return self._called("max", e)

    def _print_Min(self, e):
        return self._called("min", e)

    def _print_log(self, e, *args, **kwargs):
        """A logarithm to a base as typed (log(x, 2), held) as log₂(x), log₁₀(x), as a textbook
        writes it (SymPy's picture is log(x, 2)); a base with no subscript characters as log(x, b)."""
        from sympy import Symbol
        from sympy.printing.pretty.pretty_symbology import sub
        if len(e.args) == 2:
            base = e.args[1]
            text = str(base) if base.is_Integer and base > 0 or isinstance(base, Symbol) else ""
            if text and all(ch in sub for ch in text):
                return self._called("log" + "".join(sub[ch] for ch in text), type(e)(e.args[0], evaluate=False))
        return self._print_Function(e, *args, **kwargs)

    def _called(self, name: str, e, left: str = "(", right: str = ")"):
        """name(a, b) as a picture of a call."""
        head, args = prettyForm(name), prettyForm(*self._print_seq(e.args, delimiter=", ").parens(left, right))
        pform = prettyForm(*stringPict.next(head, args), binding=prettyForm.FUNC)
        pform.prettyFunc, pform.prettyArgs = head, args  # as SymPy keeps them, for powers of F(u)
        return pform

    def _print_Indexed(self, expr):
        """a[i] as a subscript, aᵢ."""
        return self._print(Symbol(f"{expr.base}_{'_'.join(map(str, expr.indices))}"))


def readable_pieces(expr):
    """A piecewise expression with each condition as a person writes it (.conditions)."""
    from sympy import Piecewise
    return Piecewise(*[(e, readable(c)) for e, c in expr.args], evaluate=False)


def _unbound(p: prettyForm) -> prettyForm:
    """A picture as an atom: an exponent set up without brackets."""
    return prettyForm("\n".join(p.picture), p.baseline, binding=prettyForm.ATOM)


def to_latex(expr, names: dict | None = None, source_forms: bool = True) -> str:
    """LaTeX in the written order; ``source_forms=False`` writes every rational as a fraction and
    every root apart (the JSON's ``latex``, which keeps the form it always had)."""
    return WrittenLatex(names, source_forms).doprint(expr)


def to_pretty(expr, names: dict | None = None) -> str:
    return WrittenPretty(names).doprint(expr)


class WrittenStr(StrPrinter):
    """SymPy syntax with sums and products in the written order (derive/order.py); a sum nobody
    wrote keeps SymPy's order (the JSON's strings, which other tools compare, stay as they were)."""

    def __init__(self):
        super().__init__({"order": "none"})

    def _print_Add(self, expr, order=None):
        return super()._print_Add(Add(*written_terms(expr, as_textbook=False), evaluate=False), "none")

    def _print_Mul(self, expr):
        fs = written_factors(expr)
        return super()._print_Mul(Mul(*fs, evaluate=False) if fs != list(expr.args) else expr)

    def parenthesize(self, item, level, strict=False):
        """A fraction p/q as a factor, a divisor or a base is bracketed: StrPrinter writes a negative
        product's held denominator 1/2 bare, and −1/(1/2) read back as -1/1/2 is −1/2, not −2."""
        if isinstance(item, Rational) and not item.is_Integer and level >= PRECEDENCE["Add"]:
            return "(%s)" % self._print(item)
        return super().parenthesize(item, level, strict)


def to_sympy(expr) -> str:
    """SymPy syntax that ``parse_expr`` reads back (value-equal, in the written order)."""
    return WrittenStr().doprint(expr)


def symbol_names(symbol: Symbol, variable: Symbol, display: str | None = None) -> dict:
    """How the function's own symbol is shown in 2-D and LaTeX: S(x), tanh(x)."""
    return {symbol: f"{display or symbol}({variable})"}


def has_own_symbol(d) -> bool:
    """Whether a derivation writes its function as a call of its own symbol, S(x) or tanh(x): a
    catalog function of a scalar with a symbol of its own; a y (an expression's, or an entry's
    without a symbol) is y, as a textbook writes the dependent variable (1/(2y), never
    1/(2y(x))), and the S_i of a vector is S_i."""
    return d.name is not None and not d.indices and (d.display is not None or str(d.symbol) != "y")


def own_names(d) -> dict:
    """How a derivation shows its own symbol in 2-D: S(x), tanh(x) (:func:`has_own_symbol`), else
    as it is."""
    return symbol_names(d.symbol, d.variable, d.display) if has_own_symbol(d) else {}


class WrittenInline(WrittenStr):
    """Maths inside a sentence, on one line, as the formulas write it: Greek letters (λ⋅α, never
    alpha*lambda_), ⋅ for a product, ^ for a power, and numbers as their source writes them
    (0.6, not 3/5)."""

    def _print_Symbol(self, expr):
        from sympy.printing.pretty.pretty_symbology import pretty_symbol
        return pretty_symbol((greek_spelling(expr) or expr).name)

    def _print_Rational(self, expr):
        return decimal(expr) or super()._print_Rational(expr)

    def _print_Pi(self, expr):  # π/2 + π⋅k in a sentence, as the 2-D picture writes π
        return "π"

    def _print_Add(self, expr, order=None):
        """In the order the formulas print it: written, else a textbook's (x^2/2 + 1)."""
        return StrPrinter._print_Add(self, Add(*written_terms(expr), evaluate=False), "none")

    def _print_Mul(self, expr):
        return super()._print_Mul(expr).replace("*", "⋅")

    def _print_Pow(self, expr, rational=False):
        if expr.exp == Rational(1, 2) and expr.base.is_Atom and not expr.base.is_negative:  # √2/2, as the picture writes it
            return "√" + self._print(expr.base)
        return super()._print_Pow(expr, rational).replace("**", "^")


def to_inline(expr, names: dict | None = None) -> str:
    """An expression inside a sentence: its 2-D picture where that is one line (λ⋅α, 3/5 → 0.6,
    √2), else on one line in the written order (x^2/2)."""
    picture = to_pretty(expr, {k: v for k, v in (names or {}).items() if k is not PARTIAL and k is not LN})
    if "\n" not in picture:
        return picture
    return WrittenInline().doprint(expr)


def lhs_order(d, lhs) -> int | None:
    """The order of a step's new left-hand side where it is the derivation's own derivative
    (d²y/dx², or dy/dx again where a line starts over from a line further up): the printers
    write it as they write the derivative's first line; None for any other left side."""
    from sympy import Derivative

    if not isinstance(lhs, Derivative) or lhs.expr != d.symbol or len(lhs.variable_count) != 1:
        return None
    variable, n = lhs.variable_count[0]
    return int(n) if variable == d.variable and not d.indices else None
