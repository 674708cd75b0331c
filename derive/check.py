"""``derive check``: read a student's derivation line by line, mark each line, name the slip.

Line 1 defines the function, ``S(x) = …`` (any name and variable; plain syntax or LaTeX
between ``$…$``).  Every later line is a claimed expression for the derivative, with an
optional left-hand side (``=``, ``f'(x) =``, ``dS/dx =``, ``\\frac{d}{dx} S(x) =``) that is
dropped.  A line may use the function's own name: ``S(x)*(1 - S(x))``, ``1 - f(x)^2``.

The first derivative line is checked against d/dx of the function, each later line
against the line before, by the independent :class:`~derive.verify.Checker` at points of
the function's domain.  A right line gets the rules that take the line before to it: the
differentiation rules of the derivation (:func:`~derive.differentiate.differentiate`) for
the first, then a bounded search over the algebra rules (:func:`~derive.search.search`);
none found within the bound is "right, by algebra".  The first wrong line gets a slip
from the mal-rules (:mod:`derive.slips`); lines after it are checked against the line
before them ("follows").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from sympy import Derivative, Expr, Symbol

from .board import Board
from .expr import canon
from .parse import FUNCTIONS, NAME, ParseError, parse, symbol

if TYPE_CHECKING:
    from .slips import Slip

DELIMITERS = ((r"$$", r"$$"), (r"\[", r"\]"), (r"\(", r"\)"), (r"$", r"$"))
BARE_FUNCTION_LINE = re.compile(r"^\s*(\\?[A-Za-z][A-Za-z0-9_]*)()\s*=(?![=])(.*)$", re.S)  # y = …
FUNCTION_LINE = re.compile(r"^\s*(\\?[A-Za-z][A-Za-z0-9_]*)\s*\(\s*([A-Za-z][A-Za-z0-9_]*)\s*\)\s*=(?![=])(.*)$", re.S)
PENDING = ("Derivative", "diff")  # a line may be d/dx of the function, still to be taken


def _notation() -> dict:
    """{name in written maths: catalog name}, from the catalog's own data (σ(u) is the sigmoid)."""
    from .catalog import CATALOG
    return {n: e.name for e in CATALOG for n in e.notation}


NOTATION = _notation()
MAX_LINES = 200


class CheckError(ValueError):
    """Input that cannot be checked at all (no function on line 1, an empty file)."""


@dataclass
class Line:
    n: int
    input: str
    expression: Expr | None = None
    status: str = "given"  # given, right, wrong, follows, unreadable
    rules: list = field(default_factory=list)
    slip: Slip | None = None
    error: str = ""  # what could not be read
    source: int | None = None  # the line a right or following line was checked against
    then_algebra: bool = False  # after its rules, algebra the bounded search did not identify
    written: tuple = ()  # where each part of the line was written (derive/order.py), for the expected line


@dataclass
class CheckResult:
    function: str  # line 1 as written, without its math delimiters
    name: str
    variable: Symbol
    definition: Expr
    lines: list
    folded: Symbol | None = None  # the symbol for f(x) in the lines
    bare: bool = False  # line 1 is y = …, without the variable: the function is written y, not y(x)

    @property
    def names(self) -> dict:
        """{the symbol for f(x): how the student writes it} (:func:`called`)."""
        return called(self.name, self.variable, self.folded, self.bare)

    def as_typed(self, line: Line) -> str:
        """``line`` in LaTeX as the student wrote it (:func:`typed_latex`), for the LaTeX and
        Markdown printers; '' where it cannot be had."""
        return typed_latex(self, line)

    def in_latex(self, e: Expr) -> str:
        """``e`` (an expected line) in LaTeX in the student's notation (\\ln where they wrote ln);
        '' where it cannot be had."""
        from .notation import latex
        try:
            return latex(e, _latex_notation(self), _names(self), _reader(self).read_latex)[1:-1]
        except (ParseError, ValueError, TypeError, RecursionError):
            return ""

    @property
    def first_error(self) -> int | None:
        return next((ln.n for ln in self.lines if ln.status == "wrong"), None)

    @property
    def verified(self) -> bool:
        return all(ln.status in ("given", "right", "follows") for ln in self.lines) and self.first_error is None


@dataclass
class Work:
    """What the student's file says: the function and its lines."""

    name: str
    x: Symbol
    definition: Expr
    folded: Symbol | None  # the symbol that stands for f(x) in the lines (None if f's name is a known function)
    lines: list
    written: Expr | None = None  # line 1 read with SymPy's evaluation held: its domain is checked too
    bare: bool = False  # line 1 is y = …: the function is written y

    @property
    def names(self) -> dict:
        """{the symbol for f(x): how the student writes it} (:func:`called`)."""
        return called(self.name, self.x, self.folded, self.bare)


def called(name: str, x: Symbol, folded: Symbol | None, bare: bool) -> dict:
    """{``folded``: the function as the student writes it}: y where line 1 defined it y = …,
    else S(x); {} for a function whose name is a known function's."""
    return {} if folded is None else {folded: name if bare else f"{name}({x})"}


UNICODE = {"−": "-", "–": "-", "·": "*", "⋅": "*", "×": "*", "σ": "sigma", "²": "^2", "³": "^3", "′": "'"}


def unicode_maths(text: str) -> str:
    """Signs copied from a typeset page written the ASCII way (− for -, · for *, σ, ²)."""
    return "".join(UNICODE.get(c, c) for c in text)


def strip_math(text: str) -> tuple[str, bool]:
    """The line without its math delimiters, and whether it is LaTeX."""
    s = text.strip()
    bare = s.rstrip(".,;").rstrip()  # $…$. at the end of a sentence
    s = bare if bare.endswith(("$", "\\]", "\\)")) else s
    for left, right in DELIMITERS:
        if s.startswith(left) and s.endswith(right) and len(s) >= len(left) + len(right):
            return s[len(left):len(s) - len(right)].strip().rstrip(".,;").strip(), True
    return s, "\\" in s or "{" in s  # e^{-x}: LaTeX without its dollars


def right_hand_side(text: str) -> str:
    """What follows the last '=' (not part of <=, >=, ==): the claimed expression."""
    cuts = [m.start() for m in re.finditer(r"(?<![<>=!])=(?!=)", text)]
    return text[cuts[-1] + 1:].strip() if cuts else text.strip()


def in_line(message: str, row: str, rhs: str, latex: bool) -> str:
    """A reading error's columns counted in the line as written, not in its right-hand side
    (f'(x) = 2x +* 1: the * at column 13, not 5); as it is for LaTeX, whose columns are those of
    the plain text it was read into, and where the line is not the right-hand side as typed."""
    start = row.rfind(rhs)
    if latex or start <= 0 or start + len(rhs) != len(row):
        return message
    return re.sub(r"\bcolumn (\d+)", lambda m: f"column {int(m.group(1)) + start}", message)


def calls(text: str, names) -> list[tuple[int, int, str, str]]:
    """Every call name(arg) in ``text`` of one of ``names``: (start, end, name, arg), outermost
    first and left to right (an unclosed parenthesis is a ParseError); after a number too, as a
    student writes a product, 2S(x), 4σ(2x), but not at the end of a longer name, x2S(x).  A name
    with a prime, σ'(z), is its derivative: the name is given with the prime."""
    found, k = [], 0
    pattern = re.compile(r"(?<![A-Za-z_\\])(\\?)((?:" + "|".join(map(re.escape, names)) + r")'?)\s*\(")
    while (m := pattern.search(text, k)) is not None:
        if re.search(r"[A-Za-z_][A-Za-z0-9_]*$", text[:m.start()]):  # x2S(x): a name of its own
            k = m.end()
            continue
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        if depth:
            raise ParseError(f"unclosed parenthesis after {m.group(2)} at column {m.start() + 1}")
        found.append((m.start(), j, m.group(2), text[m.end():j - 1]))
        k = j
    return found


class Reader:
    """Reads one line's expression: plain or LaTeX, the function's name and σ resolved."""

    def __init__(self, name: str, x: Symbol, definition: Expr | None, folded: Symbol | None, alias: str = ""):
        self.name, self.x, self.definition, self.folded = name, x, definition, folded
        self.alias = alias  # the catalog's letter for a function named by its catalog name: Sigmoid → S
        self.own = {name, alias} - {""} if folded is not None else set()

    def read_latex(self, text: str) -> Expr:
        return self.read(text, True)

    def read(self, text: str, latex: bool) -> Expr:
        if latex:
            from .latexread import to_plain
            text = to_plain(text)
        return self.plain(text)

    def written(self, text: str, latex: bool) -> tuple:
        """Where each part of the line was written (:func:`derive.parse.written`), the function's
        own name and catalog calls read as in :meth:`plain`; () if that cannot be had."""
        from .latexread import to_plain
        from .parse import written
        try:
            source, holes = self._source(to_plain(text) if latex else text)
            return tuple((e.xreplace(holes), at, role) for e, at, role in written(source))
        except (ParseError, ValueError, TypeError, RecursionError):
            return ()

    def plain(self, text: str) -> Expr:
        source, holes = self._source(text)
        e = parse(source)
        return e.xreplace(holes) if e.free_symbols & set(holes) else e

    def _source(self, text: str) -> tuple[str, dict]:
        """The text with every call of the function's name or the catalog's notation replaced by a
        symbol, and {symbol: what it stands for}; d/dx(g) written as Derivative(g, x) first."""
        text = pending_written(text, str(self.x))
        names = sorted(self.own) + [n for n in (*NOTATION, *PENDING) if n not in self.own]
        found = calls(text, names) if names else []
        holes, pieces, k = {}, [], 0
        for n, (start, end, name, arg) in enumerate(found):
            value = self._call(name, arg)
            hole = str(value) if value == self.folded and name == self.name else f"Zhole{n}Z"  # f(x): its name
            if hole != self.name:
                holes[symbol(hole)] = value
            glued = re.match(r"\s*[(A-Za-z0-9]", text[end:])  # S(x)(1 - S(x)): a product
            pieces += [text[k:start], hole + ("*" if glued else "")]
            k = end
        if self.alias and self.folded is not None:
            holes[symbol(self.alias)] = self.folded  # a bare S for a function named Sigmoid
        return ("".join(pieces) + text[k:]) if found else text, holes

    def _call(self, name: str, arg: str) -> Expr:
        if name in PENDING and name not in self.own:
            return self._pending(arg)
        if name.endswith("'"):
            return self._derivative_at(name[:-1], self.plain(arg))
        arg = self.plain(arg)
        if name in self.own:
            return self.folded if arg == self.x else self.definition.xreplace({self.x: arg})
        from .catalog import lookup
        entry = lookup(NOTATION[name])
        f = parse(entry.definition)
        return f.xreplace({symbol(entry.variable): arg})

    def _derivative_at(self, name: str, arg: Expr) -> Expr:
        """F'(u) for the function's own name or the catalog's σ: σ'(z) is σ(z)(1 − σ(z)), its
        derivative taken at z (an own name only once its definition is known: not on line 1)."""
        from sympy import diff
        if name in self.own and self.definition is not None:
            return diff(self.definition, self.x).xreplace({self.x: arg})
        if name not in NOTATION:
            raise ParseError(f"{name}'(…) cannot be read here")
        from .catalog import lookup
        entry = lookup(NOTATION[name])
        v = symbol(entry.variable)
        return diff(parse(entry.definition), v).xreplace({v: arg})

    def _pending(self, arg: str) -> Expr:
        """Derivative(g, x) or diff(g, x): d/dx g, still to be taken (the seed's first line)."""
        parts = _split_top(arg)
        if len(parts) != 2 or parts[1].strip() != str(self.x):
            raise ParseError(f"write a pending derivative as Derivative(expression, {self.x})")
        from sympy import Derivative
        return Derivative(self.plain(parts[0]), self.x)


def pending_written(text: str, x: str) -> str:
    """``text`` with each d/dx(g), d/dx [g] or d/dx F(g) in it written Derivative(g, x), as the
    LaTeX reader reads \\frac{d}{dx}(g): -sin(ln x) * d/dx(ln x) is -sin(ln x) * Derivative(ln x, x)."""
    head, k = re.compile(rf"(?<![A-Za-z0-9_])d\s*/\s*d{re.escape(x)}(?![A-Za-z0-9_])\s*"), 0
    while (m := head.search(text, k)) is not None:
        k = m.end()
        call = re.match(r"[A-Za-z_][A-Za-z0-9_]*\s*\(", text[k:])
        if text[k:k + 1] not in ("(", "[") and call is None:
            continue
        opened = k if call is None else k + call.end() - 1
        j = _closing(text, opened)
        if j is None:
            return text  # unclosed: the parser says where
        inner = text[k + 1:j] if call is None else text[k:j + 1]
        text = f"{text[:m.start()]}Derivative({inner}, {x}){text[j + 1:]}"
        k = m.start()
    return text


def _closing(text: str, k: int) -> int | None:
    """The index of the bracket that closes the one at ``k``; None if it is never closed."""
    depth = 0
    for j in range(k, len(text)):
        depth += (text[j] in "([") - (text[j] in ")]")
        if depth == 0:
            return j
    return None


def _split_top(text: str) -> list[str]:
    """``text`` split at the commas outside parentheses."""
    parts, depth, start = [], 0, 0
    for k, c in enumerate(text):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "," and depth == 0:
            parts.append(text[start:k])
            start = k + 1
    return parts + [text[start:]]


def read_function(text: str) -> tuple[str, Symbol, Expr, Symbol | None, Expr | None, bool]:
    """Line 1: (the function's name, its variable, its definition, the symbol for f(x), the
    definition as written: :func:`derive.domain.as_written`, whether it is written bare: y = …)."""
    body, latex = strip_math(text)
    body = re.sub(r"^\s*\\(?:text|operatorname|mathrm|mathit)\s*\{\s*(\w+)\s*\}", r"\1", body)  # \text{Sigmoid}(x)
    m = FUNCTION_LINE.match(body) or BARE_FUNCTION_LINE.match(body)
    if m is None:
        raise CheckError("line 1 must define the function, as S(x) = 1/(1 + exp(-x))")
    name, var = m.group(1).lstrip("\\"), m.group(2) or _only_variable(m.group(3), latex)
    if not NAME.match(name) or name in ("e", "E", "pi"):
        raise CheckError(f"line 1: {name!r} cannot name the function")
    x = symbol(var)
    folded = None if name in FUNCTIONS else symbol(name)
    if folded is not None and re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", m.group(3)):
        raise CheckError(f"line 1: the definition uses the function's own name {name}")
    reader = Reader(name, x, None, None)
    try:
        definition = reader.read(m.group(3).strip(), latex)
    except ParseError as exc:
        raise CheckError(f"line 1: {exc}") from None
    if not definition.has(x):
        raise CheckError(f"line 1: the function does not depend on {var}")
    from .domain import as_written
    held = as_written(m.group(3).strip(), lambda t: reader.read(t, latex))
    return name, x, definition, folded, held, not m.group(2)


def _only_variable(text: str, latex: bool) -> str:
    """y = …: the variable is the one symbol of the definition."""
    try:
        names = sorted(map(str, Reader("", symbol("x"), None, None).read(text.strip(), latex).free_symbols))
    except ParseError as exc:
        raise CheckError(f"line 1: {exc}") from None
    if len(names) != 1:
        raise CheckError("line 1: name the variable, as y(x) = …" if names else "line 1: the function is a constant")
    return names[0]


def catalog_letter(name: str) -> str:
    """The letter the catalog writes a function by, when the student names it by its catalog name
    (Sigmoid(x) = … and later S(x)); '' otherwise."""
    from .catalog import lookup
    entry = lookup(name)
    return entry.symbol if entry is not None and entry.symbol != name and NAME.match(entry.symbol) else ""


def read_work(text: str) -> Work:
    """The function and the lines of work (blank lines and lines starting with # or % skipped)."""
    rows = [r for r in text.splitlines() if r.strip() and not r.lstrip().startswith(("#", "%"))]
    if not rows:
        raise CheckError("the file is empty: line 1 must define the function, as S(x) = 1/(1 + exp(-x))")
    if len(rows) > MAX_LINES:
        raise CheckError(f"too many lines ({len(rows)}; at most {MAX_LINES})")
    name, x, definition, folded, written, bare = read_function(unicode_maths(rows[0]))
    reader = Reader(name, x, definition, folded, catalog_letter(name))
    allowed = definition.free_symbols | {x} | ({folded} if folded is not None else set())
    body, latex = strip_math(unicode_maths(rows[0]))
    lines = [Line(1, rows[0].strip(), definition, written=reader.written(right_hand_side(body), latex))]
    for n, row in enumerate(rows[1:], start=2):
        body, latex = strip_math(unicode_maths(row))
        line = Line(n, row.strip(), status="")
        try:
            e = reader.read(right_hand_side(body), latex)
            extra = sorted(map(str, e.free_symbols - allowed))
            if extra:
                raise ParseError(f"{extra[0]!r} is not the variable, the function's name or a constant of it")
            line.expression = e
            line.written = reader.written(right_hand_side(body), latex)
        except ParseError as exc:
            line.status, line.error = "unreadable", in_line(str(exc), row.strip(), right_hand_side(body), latex)
        except RecursionError:
            line.status, line.error = "unreadable", "expression is nested too deeply"
        lines.append(line)
    return Work(name, x, definition, folded, lines, written, bare)


STARRED = re.compile(r"(?<!\*)\*(?!\*)\s*[A-Za-z(]")  # 2*x, x*(x + 1): a * a product side by side could do without
UNSAFE_TEX = re.compile(r"&|%|#|\$|\\\\|\\(?:intertext|begin|end|text|input|include|def|newcommand)(?![A-Za-z])")


def typed_latex(result: CheckResult, line: Line) -> str:
    """``line`` in LaTeX as the student wrote it: their own LaTeX where they typed LaTeX (and it
    is only maths: no &, \\\\ or \\text); else their plain line read with SymPy's evaluation held
    (2(x − 2) stays, not 2x − 4; the order of their terms and factors kept) and written in their
    notation (\\ln where they wrote ln, e^{…}); '' where neither can be had."""
    if line.expression is None:
        return ""
    body, latex = strip_math(unicode_maths(line.input))
    rhs = right_hand_side(body) if line.n > 1 else (FUNCTION_LINE.match(body) or BARE_FUNCTION_LINE.match(body) or
                                                  re.match(r"()()(.*)", body)).group(3).strip()
    if latex and rhs and not UNSAFE_TEX.search(rhs) and rhs.count("{") == rhs.count("}"):
        return rhs
    from .domain import as_written
    from .notation import latex as written_latex
    reader = _reader(result)
    held = as_written(rhs, lambda t: reader.read(t, latex))
    if held is None:
        return ""
    from .order import Writing, following
    try:
        with following(Writing(line.written)):  # their order of terms: −2x e^(−x) + x² e^(−x) stays
            return written_latex(_flat(held), _latex_notation(result), _names(result), reader.read_latex)[1:-1]
    except (ParseError, ValueError, TypeError, RecursionError):
        return ""


def _flat(e: Expr) -> Expr:
    """A held expression with a product inside a product written as one product (−2x e^(−x²), not
    (−2x)·e^(−x²)); a number times a sum stays (2(x − 2))."""
    from sympy import Basic, Mul
    if not isinstance(e, Basic) or not e.args:
        return e
    args = [_flat(a) for a in e.args]
    if isinstance(e, Mul):
        return Mul(*[f for a in args for f in (a.args if isinstance(a, Mul) else (a,))], evaluate=False)
    return e if all(a is b for a, b in zip(args, e.args)) else e.func(*args, evaluate=False)


def _reader(result: CheckResult) -> Reader:
    return Reader(result.name, result.variable, result.definition, result.folded, catalog_letter(result.name))


def _names(result: CheckResult) -> dict:
    return result.names


def _latex_notation(result: CheckResult):
    """The student's notation for LaTeX: ln and e^ where any of their lines writes them."""
    from .notation import notation_of
    rows = [strip_math(unicode_maths(ln.input))[0] for ln in result.lines]
    return notation_of(rows, True, False)


def check_text(text: str) -> CheckResult:
    """Check the derivation written in ``text`` (a CheckError when line 1 cannot be read)."""
    from .verify import Checker

    work = read_work(text)
    fold = {work.folded: work.definition} if work.folded is not None else {}
    checker = Checker(work.x, work.definition, folded=fold, written=work.written)
    derivative = Derivative(work.definition, work.x)
    state = _State(work, checker, derivative)
    for line in work.lines[1:]:
        if line.status != "unreadable":
            state.mark(line)
    return CheckResult(strip_math(work.lines[0].input)[0], work.name, work.x, work.definition, work.lines, work.folded,
                       work.bare)


class _State:
    """The walk down the lines: what the next line is checked against."""

    def __init__(self, work: Work, checker, derivative: Expr):
        self.work, self.checker, self.derivative = work, checker, derivative
        self.board = Board(checker)
        self.before: Line | None = None  # the last readable line (None: the next is the first derivative line)
        self.wrong = False
        self.reader = Reader(work.name, work.x, work.definition, work.folded, catalog_letter(work.name))

    def notation(self, line: Line):
        """How the student writes, for the slip of ``line``: LaTeX if the line is, products with *
        if it has a * where the product could be written side by side (2*x, x*sin(x), not the
        3 * 2^(3x) or 3x^2 * 1/x a number after it needs); e^ and ln if any line has them."""
        from .notation import notation_of
        body, latex = strip_math(unicode_maths(line.input))
        rows = [body] + [unicode_maths(ln.input) for ln in self.work.lines]
        return notation_of(rows, latex, stars=bool(STARRED.search(body)) and not latex)

    def read_typed(self, text: str, latex: bool) -> Expr:
        """A text read as a line is (σ(z) as the sigmoid): a slip's expressions are read back with it."""
        return self.reader.read(unicode_maths(text), latex)

    def held(self, line: Line, latex_too: bool = False) -> Expr | None:
        """The line read with SymPy's evaluation held (2(x − 2) as written), or None; a LaTeX line
        only where ``latex_too`` (SymPy's LaTeX reader evaluates some of what it reads: x^{-1/2}
        comes back as 1/√x, though 2x/(2√u) keeps its 2s)."""
        from .domain import as_written
        body, latex = strip_math(unicode_maths(line.input))
        if latex and not latex_too:
            return None
        return as_written(right_hand_side(body), lambda t: self.reader.read(t, latex))

    def both_held(self, before: Line, line: Line) -> tuple:
        """(before, line) as written, and whether both are read exactly so (neither is LaTeX)."""
        exact = not any(strip_math(unicode_maths(ln.input))[1] for ln in (before, line))
        return self.held(before, True), self.held(line, True), exact

    def mark(self, line: Line) -> None:
        from .checkrules import first_rules, rules_between
        from .slips import find_slip

        ref = self.derivative if self.before is None else self.before.expression
        pending = self.before is None or self.before.expression.has(Derivative)  # f′ not taken yet
        if self.board.agrees(ref, line.expression):
            line.status = "follows" if self.wrong else "right"
            line.source = None if self.before is None else self.before.n
            if line.expression.has(Derivative):
                line.rules = ["def-differentiate"] if canon(line.expression) == canon(self.derivative) else []
            elif pending:
                line.rules, line.then_algebra = first_rules(self.work, self.checker, line.expression)
            else:
                line.rules = rules_between(self.work, self.before.expression, line.expression,
                                           lambda: self.both_held(self.before, line)) or []
        elif self.wrong and self.board.agrees(self.derivative, line.expression):
            line.status = "right"  # back on the right track (checked against the derivative)
        else:
            line.status = "wrong"
            prev = None if pending else self.before.expression
            before = (self.before or self.work.lines[0]).written  # the function's writing for the first line
            written = tuple((e, (k,) + at, role) for k, parts in enumerate((line.written, before))
                            for e, at, role in parts)  # this line's order, then the one before's
            held = (self.held(line), None if prev is None else self.held(self.before))
            line.slip = find_slip(self.work, self.checker, line.expression, prev, written,
                                  self.notation(line), self.read_typed, held)
            line.source = None if self.before is None else self.before.n
            self.wrong = True
        self.before = line

