"""The slip in a wrong line: which mal-rule reproduces it.

A wrong first derivative line is compared with the derivative of the function taken with
one node differentiated by a mal-rule (:data:`derive.rules.mal.DIFFERENTIATION`), the rest
right: f′ + ∂f/∂u · (w − u′) for the node u and its wrong derivative w.  A wrong later line
is compared with the line before with one node rewritten by a mal-rule
(:data:`derive.rules.mal.REWRITES`).  Before both, a sign slip is looked for in the
student's own line: a term or factor whose negation makes the line right gives the
expected line in the student's own writing.  Then a line that is a constant multiple of
the right one is a ``factor`` slip; last, a wrong first line is compared with the derivative
of the function rewritten by an algebra mal-rule before it was differentiated (ln(x³) taken
as (ln x)³).  Every comparison is the Checker's, at points of the function's domain; nothing
reproduces the line: ``unknown``.  The slip names the mal-rule (``rule``).

The expected line is, where it can be had and is right, the student's own line put right:
the sign fixed, the wrong derivative replaced by the right one as the mal-rule writes it
(sec(x)^2 for sec(x)), the missing inner derivative multiplied in, a factor taken twice
divided out; else the line before with the rule the student meant applied, or derive's f′.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

import mpmath
from sympy import Add, Derivative, Dummy, Expr, Function, Mul, Rational, diff, powsimp
from sympy.core.function import ArgumentIndexError

from .board import Board
from .expr import canon, fraction, node_at, positions, replace_at, size
from .numeric import NotNumeric, value
from .rules.mal import DIFFERENTIATION, REWRITES, Negated, marking, show, table_form, unmark


@dataclass
class Slip:
    """What went wrong in a line: its kind, one sentence, and the line it should have been."""

    kind: str
    explanation: str
    expected: Expr
    written: str = ""  # the expected line as the student writes (plain or LaTeX: derive/notation.py)
    rule: str = ""  # the mal-rule that reproduced the line ('' for none: a factor found by ratio, unknown)
    parts: tuple = ()  # the sentence as text and the expressions in it, for printers that typeset them
    spans: tuple = ()  # the expressions' texts in the sentence, which a line is not broken inside


MAX_NODES = 80  # nodes of a line or definition a mal-rule is tried on
NEGATE = Negated()
# the wrong rules tried first: a chain or factor slip inside an exponent, or a lost inner −1, can
# also read as a sign or factor slip of the whole line, so those come after a reversed difference
FIRST = ("product", "quotient", "power", "exp")
# a constant kept inside a chain, d/dx (3x − 2) as −2 + 3 = 1, reads as the inner derivative dropped
AFTER = ("chain", "constant", "factor", "algebra")
CHAIN_INNER = "mal-chain-inner"
# a derivative from the wrong row of the table is named only where no slip of a rule reproduces the line
LAST = ("table",)
# rewrites not tried on f before differentiating: a term or a power lost there is a slip of copying,
# not of algebra
BEFORE_NOT = ("mal-drop-term", "mal-power-lost")


def find_slip(work, checker, line: Expr, prev: Expr | None, written: tuple = (), notation=None,
              read=None, held: tuple = (None, None)) -> Slip:
    """The slip in ``line``: checked against d/dx f when ``prev`` is None, else against ``prev``;
    ``held`` is (the line, the line before) as the student wrote them, read with SymPy's evaluation
    held (None where not had): a number times a sum, −2(x − 2), is looked at as written too;
    the expected line in the order of ``written`` (where the student wrote each part,
    :class:`derive.order.Writing`'s triples), else the textbook's; it and the sentence's
    expressions in the student's ``notation`` (:class:`derive.notation.Notation`; ``read(text,
    latex)`` reads a line back, to keep only a writing that is the same expression)."""
    from .arrange import as_written
    from .notation import Notation, latex, plain
    from .order import Writing

    with marking() as marked:
        slip = _first_slip(work, checker, line, prev, held)
    writing, notation = Writing(written), notation or Notation()
    names = work.names
    read = read or _read

    def arranged(e: Expr) -> Expr:  # a form a mal-rule holds on purpose (1/sqrt(2x), −x + 1) is written as held,
        held = e != canon(e)  # a number held before a sum with the sum in their order: 2·(x + 1)
        return (_arranged(e, writing, work.x, None) if _number_times_sum(e) else e) if held else as_written(e, writing, work.x)

    template, spans, fold = slip.explanation, [], catalog_folder(work)

    def back(t: str) -> Expr:  # a text read back as the expression it writes, σ(z) as σ(z)
        return fold(read(t, False))

    def write(e: Expr) -> str:
        spans.append(plain(fold(arranged(e)), notation, names, back))
        return spans[-1]
    slip.explanation, slip.spans = unmark(template, marked, write), tuple(spans)
    slip.parts = tuple(int(p) if k % 2 else p for k, p in enumerate(re.split("\x00([0-9]+)\x00", template)))
    slip.parts = tuple(arranged(marked[p]) if isinstance(p, int) else p for p in slip.parts if p != "")
    slip.expected = _arranged(slip.expected, writing, work.x, line)
    if notation.latex:
        slip.written = latex(slip.expected, notation, names, lambda t: read(t, True))
    else:
        slip.written = plain(fold(slip.expected), notation, names, back)
    return slip


def catalog_folder(work):
    """A function that writes the catalog's functions the student calls by their notation back as
    calls: 1/(1 + exp(-z)) as σ(z) where a line writes σ (or sigma), so that a sentence speaks of
    what they wrote, ln(σ(z)), not ln(1/(1 + exp(-z))); the identity where they write none."""
    from sympy import Wild
    from .catalog import CATALOG
    from .parse import parse, symbol
    text = "\n".join(ln.input for ln in work.lines)
    found = []
    for entry, name in ((e, n) for e in CATALOG for n in e.notation):
        shown = "σ" if name == "sigma" and ("σ" in text or "\\sigma" in text) else name
        if shown not in text and name not in text:
            continue
        u = Wild("u")
        found.append((parse(entry.definition).xreplace({symbol(entry.variable): u}), u, Function(shown)))
    if not found:
        return lambda e: e

    def fold(e: Expr) -> Expr:  # the rest as it is held: σ(z) - 1 stays in that order
        from sympy import preorder_traversal
        from sympy.core.parameters import evaluate
        calls = {}
        for n in preorder_traversal(e):
            for pattern, u, call in found if isinstance(n, Expr) and n not in calls else ():
                m = n.match(pattern)
                if m is not None and u in m:
                    calls[n] = call(m[u])
                    break
        with evaluate(False):
            return e.xreplace(calls)
    return fold


def _arranged(e: Expr, writing, x, line: Expr) -> Expr:
    """The expected line in the student's order (:func:`derive.arrange.as_written`); a product a
    rule holds with a sum in it keeps it, each factor arranged: 2(x − 2), the 2 taken out of every
    term, not SymPy's 2x − 4."""
    from .arrange import as_written, factors_as_written
    if isinstance(e, Mul) and e != canon(e) and any(isinstance(a, Add) for a in e.args):
        fs = [f for a in e.args for f in (Mul.make_args(a) if a == canon(a) else (a,))]  # (2x)(…) as 2x(…)
        fs = factors_as_written(fs, writing, x, line)  # e^(3x)(3 cos(x) − sin(x)) as they wrote the product
        out = Mul(*[as_written(f, writing, x) for f in fs], evaluate=False)
        sums = all(isinstance(canon(f), Add) for f in fs if isinstance(f, Add))  # (x − 2)(2x + 2 + x − 2) is 3x(x − 2)
        if sums and canon(out) == canon(e):
            return out
    return as_written(e, writing, x, line)


def _number_times_sum(e: Expr) -> bool:
    from sympy import Mul
    return isinstance(e, Mul) and any(isinstance(a, Add) for a in e.args)


def _read(text: str, latex: bool) -> Expr:
    """A line read back as derive reads a student's line without a function's name."""
    from .latexread import to_plain
    from .parse import parse
    return parse(to_plain(text) if latex else text)


def _first_slip(work, checker, line: Expr, prev: Expr | None, held: tuple) -> Slip:
    finder = _Finder(work, checker, line, prev, *(h if h is not None and distributed(h) else None for h in held))
    named = work.folded is not None and line.has(work.folded)
    if prev is None:  # a difference the wrong way round is a sign slip, unless a rule's wrong version made it;
        # a lone minus may be a lost inner derivative −1
        order = [finder.own_sign] if named else []
        order += [lambda: finder.derivation_slip(FIRST), finder.reversed_difference,
                  lambda: finder.derivation_slip(AFTER), lambda: finder.derivation_slip(FIRST, late=True),
                  lambda: finder.derivation_slip(FIRST + AFTER, written=True),  # √(5x), not SymPy's √5·√x
                  finder.sign, finder.factor, finder.rewritten_slip,
                  lambda: finder.derivation_slip(LAST)]
    else:
        order = [finder.own_sign, finder.rewrite_slip, finder.factor]
    for attempt in order:
        slip = attempt()
        if slip is not None:
            return slip
    return finder.unknown()


class _Finder:
    def __init__(self, work, checker, line: Expr, prev: Expr | None, held_line=None, held_prev=None):
        self.work, self.checker, self.line, self.prev = work, checker, line, prev
        self.held_line, self.held_prev = held_line, held_prev  # as written, where SymPy multiplied out
        self.board = Board(checker)
        self.x, self.f = work.x, work.definition
        self.reference = Derivative(self.f, self.x) if prev is None else prev
        self._derivative = None
        self.powers = written_powers(work.written)
        # the function as written, where SymPy changed a node of it (√(5x) is √5·√x to SymPy): its nodes
        # are tried too, after SymPy's (d/dx √(5x) written 1/(2√(5x)) is the chain rule's slip)
        written = _written_function(work)
        self.written = written if written is not None and written != self.f else None

    def quotient_to_them(self, node: Expr) -> bool:
        """Whether the student wrote ``node`` as a quotient: not where every factor of its
        denominator is a power they wrote with a negative exponent (x^(-2) is the power rule's)."""
        den = fraction(node)[1]
        return den == 1 or not all(canon(1 / f) in self.powers for f in Mul.make_args(den))

    def d(self, e: Expr) -> Expr:
        """d/dx e, one expression where SymPy's brings in a sign (d/dx ln|cos x| is −tan x, not
        −sin(x)·sign(cos x)/|cos x|)."""
        return one_piece(diff(e, self.x), self.board.agrees)

    @property
    def derivative(self) -> Expr:
        """f′ as derive writes it (the derivation's result), for the expected line."""
        if self._derivative is None:
            self._derivative = _written_derivative(self.work, self.checker)
        return self._derivative

    @property
    def expected(self) -> Expr:
        return self.derivative if self.prev is None else self.prev

    def reversed_difference(self) -> Slip | None:
        """A difference in the student's line written the wrong way round (1 − s for s − 1)."""
        return self.own_sign(lambda node: isinstance(node, Add) and node.could_extract_minus_sign() is not None
                             and any(t.could_extract_minus_sign() for t in node.args))

    def sign(self) -> Slip | None:
        """A sign slip: named by the sign mal-rule where it reproduces the line (d/dx cos u with
        its minus lost), the expected line the student's own with the sign put right where that is right."""
        own, rule = self.own_sign(), self.derivation_slip(("sign",))
        if rule is None or own is None:
            return own or rule
        return Slip("sign", rule.explanation, own.expected, rule=rule.rule)

    def own_sign(self, where=lambda node: True) -> Slip | None:
        """A sign flipped in the student's own line (the fix, written their way, is the expected line);
        not inside a function's argument (sin(−2x) for −sin(2x) is not how a sign is lost).  Their
        line as written first, where SymPy multiplied a number into a sum: −2(x − 2), not 4 − 2x.
        A factor's sign is its product's: the term is named (7/(x − 3)^2, not its factor 1/(x − 3)^2),
        unless the factor is a difference that may be written the wrong way round."""
        for line in [e for e in (self.held_line, self.line) if e is not None]:
            nodes = sorted([pn for pn in list(positions(line))[:MAX_NODES]
                            if where(pn[1]) and not _in_argument(line, pn[0]) and not _a_factor(line, *pn)],
                           key=_fix_order)
            for path, node in nodes:
                for wrong, why in _tried(lambda: NEGATE.variants(node, self.x)):
                    fixed = replace_at(line, path, wrong)
                    if self.board.agrees(self.reference, fixed):
                        return Slip("sign", _sentence(f"{why}: it should be {show(wrong)}"), fixed, rule=NEGATE.id)
        return None

    def derivation_slip(self, kinds: tuple, late: bool = False, written: bool = False) -> Slip | None:
        """One node of f differentiated by a mal-rule of one of ``kinds`` (the ``late`` ones, tried
        after the rest, or the others); a node of f as ``written`` where SymPy changed it."""
        rules = [r for kind in kinds for r in DIFFERENTIATION if r.kind == kind and r.late == late]
        right = self.d(self.f)
        f = self.written if written else self.f
        if f is None:
            return None
        nodes = [(f, p, n) for p, n in list(positions(f))[:MAX_NODES] if isinstance(n, Expr)
                 and (not written or canon(n) != n)]
        tried = {}  # rule → [(path, node, [(f′'s change by each wrong derivative, or None; the sentence)])]
        for rule in rules:
            tried[rule] = []
            for f, path, node in self.tried_on(rule, nodes):  # noqa: B020 - the nodes' own function
                changes = []
                for wrong, why, *form in _tried(lambda: rule.wrongs(node, self.x, self.d)):
                    change = _tried(lambda: [self.with_node_derivative(0, path, node, wrong, f)])
                    if change and self.agrees(right + change[0], held=written):
                        whole = path == () and rule.id == CHAIN_INNER  # their line lacks one factor: u′
                        return Slip(rule.kind, _sentence(why), self.put_right(wrong, form, whole), rule=rule.id)
                    changes.append((change[0] if change else None, why))
                tried[rule].append((path, node, changes))
        return next(filter(None, (self.everywhere(rule, tried[rule], right, written) for rule in rules)), None)

    def tried_on(self, rule, nodes: list) -> list:
        """The nodes ``rule`` is tried on: those with x in them (a constant one too for a rule of
        ``constants``, ln 2), not a quotient the student wrote as a power for the quotient rule's."""
        return [(f, p, n) for f, p, n in nodes if (n.has(self.x) or rule.constants)
                and not (rule.kind == "quotient" and not self.quotient_to_them(n))]

    def everywhere(self, rule, tried: list, right: Expr, written: bool) -> Slip | None:
        """The same wrong version of ``rule`` at every node of f it applies to (none inside another),
        the rest right: 3x⁴ − 2x³ + x differentiated as 12x⁴ − 6x³ + 1, each exponent not lowered.
        The k-th wrong derivative of each node is taken together (``tried``: each node's changes to
        f′, as :meth:`derivation_slip` found them); the sentence is the first node's."""
        outermost = []
        for path, node, changes in tried:
            if changes and not any(path[:len(p)] == p for p, _, _ in outermost):
                outermost.append((path, node, changes))
        for k in range(max((len(c) for _, _, c in outermost), default=0)):
            picks = [(node, c[k]) for _, node, c in outermost if len(c) > k and c[k][0] is not None]
            if len(picks) > 1 and self.agrees(right + Add(*[change for _, (change, _) in picks]), held=written):
                others = ", ".join(show(node) for node, _ in picks[1:])
                return Slip(rule.kind, _sentence(f"{picks[0][1][1]}; so too in {others}"), self.derivative,
                            rule=rule.id)
        return None

    def agrees(self, candidate: Expr, held: bool = False) -> bool:
        """Whether the student's line is ``candidate``; one built from the function as written (``held``)
        that the checker cannot evaluate is not it."""
        if not held:
            return self.board.agrees(self.line, candidate)
        try:
            return self.board.agrees(self.line, candidate)
        except (AttributeError, TypeError, ValueError, ArithmeticError):
            return False

    def put_right(self, wrong: Expr, form: list, whole: bool = False) -> Expr:
        """The expected line: the student's own with the wrong derivative replaced by the right one in
        the rule's ``form`` (sec(x)^2 for their sec(x), not derive's 1 + tan(x)^2), where the mal-rule
        writes one; where their ``whole`` line lacks the inner derivative, their line times it (2x sec^2(x^2)
        for their sec^2(x^2)); else derive's derivative.  Only a right result is kept."""
        tries = [lambda: self.line.subs(wrong, form[0])] if form and wrong != 0 else []
        if whole and wrong != 0:  # e^(x² + 3x)·(2x + 3), not e^(−x² − 3x)·e^(2x² + 6x)·(2x + 3); sec²x, not 1 + tan²x
            tries.append(lambda: self.line * table_form(powsimp(canon(self.d(self.f) / wrong))))
        known = _functions(self.line) | _functions(self.f) | _functions(table_form(self.d(self.f)))  # sec for tan
        for fix in tries:
            fixed = _tried(lambda: [fix()])
            if fixed and fixed[0] != self.line and _functions(fixed[0]) <= known \
                    and self.board.agrees(self.reference, fixed[0]):
                return fixed[0]
        return self.derivative

    def rewritten_slip(self) -> Slip | None:
        """The function rewritten wrongly before it was differentiated, the rest right: ln(x³) taken as
        (ln x)³, (x + 1)² as x² + 1 (a rewrite mal-rule of kind ``algebra`` on one node of f)."""
        rules = [r for r in REWRITES if r.kind == "algebra" and r.id not in BEFORE_NOT]
        nodes = [(p, n) for p, n in list(positions(self.f))[:MAX_NODES] if isinstance(n, Expr) and n.has(self.x)]
        for rule in rules:
            for path, node in nodes:
                for wrong, why, *_ in _tried(lambda: rule.variants(node, self.x)):
                    candidate = _tried(lambda: [self.d(replace_at(self.f, path, wrong))])
                    if candidate and self.board.agrees(self.line, candidate[0]):
                        return Slip(rule.kind, _sentence(f"before differentiating, {why}"), self.derivative,
                                    rule=rule.id)
        return None

    def with_node_derivative(self, right: Expr, path, node: Expr, wrong: Expr, f: Expr | None = None) -> Expr:
        """f′ with the node's derivative taken as ``wrong``: f′ + ∂f/∂u · (wrong − u′); the node at
        ``path`` of ``f``, the function as SymPy holds it or as written."""
        hole = Dummy("u")
        outer = diff(replace_at(self.f if f is None else f, path, hole), hole).xreplace({hole: node})
        return right + outer * (wrong - self.d(node))

    def rewrite_slip(self) -> Slip | None:
        """One node of the line before rewritten by a mal-rule: first of the line before as written,
        where SymPy multiplied a number into a sum ((x − 2)(2(x + 1) + x − 2) is 3x(x − 2) to SymPy),
        so that the sentence speaks of what the student wrote (−(x² − 9), their 2(1 + x)); then as
        SymPy reads it."""
        for prev in [e for e in (self.held_prev, self.prev) if e is not None]:
            for rule in REWRITES:
                for path, node in list(positions(prev))[:MAX_NODES]:
                    for wrong, why, *right in _tried(lambda: rule.variants(node, self.x)):
                        if self.board.agrees(self.line, replace_at(prev, path, wrong)):
                            expected = replace_at(prev, path, right[0]) if right else prev
                            if rule.kind == "factor":  # their own line with the factor put right: sin(2x) for 2 sin(2x)
                                expected = self.scaled()[1] or expected
                            return Slip(rule.kind, _sentence(why), expected, rule=rule.id)
        return None

    def scaled(self) -> tuple:
        """(c, the line divided by c) where the line is a constant c (not 0 or ±1) times the right
        one; (None, None) otherwise."""
        right = self.d(self.f) if self.prev is None else self.prev
        c = _ratio(self.line, right, self.checker)
        if c is None or c in (0, 1, -1) or not self.board.agrees(self.line, c * right):
            return None, None
        return c, canon(self.line / c)

    def factor(self) -> Slip | None:
        """The line is a constant c (not ±1) times the right one."""
        c, expected = self.scaled()
        if c is None:
            return None
        return Slip("factor", f"The line is {show(c)} times what it should be: a constant factor "
                              f"{'was added' if abs(c) > 1 else 'was lost'}.", expected)

    def unknown(self) -> Slip:
        what = "the derivative of the function" if self.prev is None else "the line before"
        return Slip("unknown", f"No known slip reproduces this line; it is not equal to {what}.", self.expected)


def _written_function(work) -> Expr | None:
    """The function as written, read with SymPy's evaluation held; None where it is not had or is
    not the function (a name of the function in it, a held form whose value differs)."""
    w = work.written
    if w is None or not isinstance(w, Expr) or not w.has(work.x) or (work.folded is not None and w.has(work.folded)):
        return None
    if any(len(f.args) != 1 for f in w.atoms(Function)):  # log(3, u), max(0, x): SymPy's own form is the one to try
        return None
    try:
        from sympy import Pow, S, exp
        from sympy.core.parameters import evaluate
        with evaluate(False):  # e^x as exp(x), the rest as held: x/e^x stays a quotient
            w = w.replace(lambda e: isinstance(e, Pow) and e.base is S.Exp1, lambda e: exp(e.exp))
        return w if canon(w) == canon(work.definition) else None
    except (TypeError, ValueError, AttributeError, RecursionError):
        return None


def written_powers(written: Expr | None) -> set:
    """The powers with a negative exponent other than −1 in the function as written (x^(-2),
    (2x + 1)^(-1/2)), canonical; none in 1/x^2."""
    from sympy import Pow, preorder_traversal
    if written is None:
        return set()
    return {canon(p) for p in preorder_traversal(written) if isinstance(p, Pow) and p.exp.is_number
            and p.exp.is_negative and p.exp != -1}


def distributed(e: Expr) -> bool:
    """Whether a held expression has a number times a sum in it, which SymPy multiplies out
    (2(x − 2) is 2x − 4 to SymPy)."""
    from sympy import Mul, preorder_traversal
    return any(isinstance(n, Mul) and any(a.is_Number for a in n.args) and any(isinstance(a, Add) for a in n.args)
               for n in preorder_traversal(e))


def _tried(variants) -> list:
    """A mal-rule's variants, or none where SymPy cannot build them (a condition of a Piecewise,
    a derivative it does not know)."""
    try:
        return variants()
    except (TypeError, ValueError, AttributeError, NotImplementedError, ZeroDivisionError, ArgumentIndexError):
        return []


def _functions(e: Expr) -> set:
    """The functions called in ``e`` (an expected line brings in none the student and the function
    never wrote: 1/x for their 1/|x|, not sign(x)/|x|)."""
    return {type(f) for f in e.atoms(Function)}


def _in_argument(e: Expr, path) -> bool:
    """Whether the node at ``path`` lies inside the argument of a function (sin, exp, a call)."""
    for i in path:
        if isinstance(e, Function):
            return True
        e = e.args[i]
    return False


def _a_factor(e: Expr, path, node) -> bool:
    """Whether ``node`` (at ``path`` in ``e``) is a factor of a product, other than a sum."""
    return bool(path) and isinstance(node_at(e, path[:-1]), Mul) and not isinstance(node, Add)


def _fix_order(path_node) -> tuple:
    """A difference written the wrong way round first (s − 1 for 1 − s), then the smallest node."""
    node = path_node[1]
    return not isinstance(node, Add), size(node)


def _sentence(why: str) -> str:
    return why[:1].upper() + why[1:] + "."


def _ratio(a: Expr, b: Expr, checker) -> Rational | None:
    """a/b at the first sample point, as a fraction with a small denominator (None if it cannot be had)."""
    if not checker.envs:
        return None
    env = checker.envs[0]
    fold = checker.folded
    try:
        with mpmath.workdps(30):
            va, vb = value(a.xreplace(fold), env), value(b.xreplace(fold), env)
            if vb == 0:
                return None
            r = Fraction(float(va / vb)).limit_denominator(12)
    except (NotNumeric, ValueError, TypeError, ZeroDivisionError, OverflowError):
        return None
    return Rational(r.numerator, r.denominator)


def _written_derivative(work, checker) -> Expr:
    """derive's own result for f′ (SymPy's, if the rule set cannot derive it), one expression where
    it holds a sign (1/x for ln|x|, as derive's derivation ends)."""
    from .checkrules import derivation_step
    step = derivation_step(work, checker)
    if step is None:
        return one_piece(diff(work.definition, work.x), Board(checker).agrees)
    return one_piece(canon(step.value if step.value is not None else step.expression), Board(checker).agrees)


MAX_SIGNED = 60  # nodes of a derivative with a sign in it that is written as one expression


def one_piece(e: Expr, agrees) -> Expr:
    """``e`` without the sign(u) that the derivative of |u| brings in, where one expression is it on
    every piece: sign(x)/|x| is 1/x (each piece of the sign and the bars written out, and a piece's
    expression kept where ``agrees`` finds it equal to ``e`` at the sample points); else ``e``."""
    from sympy import Abs, Piecewise, piecewise_fold, sign
    if not e.has(sign) or size(e) > MAX_SIGNED:
        return e
    barred = canon(e.xreplace({s: s.args[0] / Abs(s.args[0]) for s in e.atoms(sign)}))  # x·sign(x)/|x| is 1
    if not barred.has(sign) and agrees(barred, e):
        e = barred
        if not e.has(Abs):
            return e
    try:
        folded = piecewise_fold(e.rewrite(Piecewise))
    except (TypeError, ValueError, AttributeError, RecursionError):
        return e
    pieces = folded.args if isinstance(folded, Piecewise) else ()
    for piece in dict.fromkeys(canon(p.expr) for p in pieces):
        if piece != 0 and not piece.has(sign, Piecewise) and agrees(piece, e):
            return piece
    return e
