"""Reading an expression without ``eval``.

``sympify`` and ``parse_expr`` call ``eval``; a string such as
``__import__('os').system('…')`` would run.  Here the text is parsed by
Python's ``ast`` module (which only parses) and the tree is walked against a
whitelist: numbers, names, + - * / ** ^, parentheses and calls of known
functions.  Everything else is refused with a message that names it.

Input as students type it (``2x``, ``sin x``, ``|x|``, ``x²``, ``y = …``) is first
rewritten into that syntax by :mod:`derive.student`, which keeps the column of every
character, so errors point at what was typed.  Catalog functions can be called inside
an expression (``x*sigmoid(x)``, ``leaky_relu(x, alpha=0.2)``): the call is replaced by
the entry's definition, parameters taking PyTorch's defaults unless given.
:func:`read` reads a user's input: it also refuses a name that is no catalog entry,
function, constant or one-letter variable (``sigmiod``: did you mean sigmoid?).
"""
from __future__ import annotations

import ast
import math
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from sympy import (
    Add, And, Basic, E, Eq, Expr, Float, Function, Ge, Gt, IndexedBase, Integer, Le, Lt, Mul, Ne, Or, Piecewise,
    Pow, Rational, S, Sum, Symbol, false, log, pi, true,
)

from .catalog import CATALOG, lookup
from .expr import canon
from .facts import parser_names

MAX_LENGTH = 2000
MAX_NODES = 2000
MAX_EXPONENT = 1000
MAX_DIGITS = 40
MAX_DEPTH = 100
MAX_DECIMALS = 1000  # 1e-1000 is read exactly; 1e-1001 is refused
MAX_BITS = 8192  # a number computed from the input (9**64**...) has at most this many bits
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,19}\Z")

FUNCTIONS = parser_names()  # name -> function, one argument (derive/facts.py)
SEVERAL = parser_names(several=True)  # functions of two or more arguments
COMPARE = {ast.Lt: Lt, ast.LtE: Le, ast.Gt: Gt, ast.GtE: Ge, ast.Eq: Eq, ast.NotEq: Ne}
RELATIONS = {"Eq": Eq, "Ne": Ne}  # Eq(x, 0), Ne(x, 0): in a condition only
CONSTANTS = {"pi": pi, "E": E, "e": E}
SPECIAL = ("Piecewise", "Sum")
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,19}\Z")
NODE_NAMES = {
    ast.Attribute: "attribute access", ast.Subscript: "subscripts", ast.Lambda: "lambda",
    ast.ListComp: "comprehensions", ast.GeneratorExp: "comprehensions", ast.DictComp: "comprehensions",
    ast.SetComp: "comprehensions", ast.JoinedStr: "f-strings", ast.Compare: "comparisons",
    ast.BoolOp: "boolean operators", ast.IfExp: "conditional expressions", ast.Starred: "starred arguments",
    ast.NamedExpr: "assignment expressions", ast.Await: "await", ast.Yield: "yield",
    ast.List: "lists", ast.Tuple: "tuples", ast.Dict: "dicts", ast.Set: "sets",
}


def _catalog_functions() -> tuple[frozenset, frozenset]:
    """(the catalog functions of one scalar input, every catalog name) as they can be called."""
    names = [n for e in CATALOG for n in (e.name, *e.aliases) if n.isidentifier()]
    single = [n for n in names if len(lookup(n).inputs) == 1 and "[" not in lookup(n).definition]
    return frozenset(single), frozenset(names)


CATALOG_SCALAR, CATALOG_NAMES = _catalog_functions()
FREE_FUNCTIONS = frozenset(FUNCTIONS) | CATALOG_SCALAR  # may take their argument without parentheses: sin x
CALLABLE = frozenset(SEVERAL) | frozenset(SPECIAL) | CATALOG_NAMES
GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda_ mu nu xi omicron pi rho sigma "
         "tau upsilon phi chi psi omega").split()
LETTERS = frozenset(g.rstrip("_") for g in GREEK) | {g.rstrip("_").capitalize() for g in GREEK}
VARIABLE = re.compile(r"([A-Za-z][a-z]*)(_?\d+|_[A-Za-z0-9]*)?\Z")


def variable_name(name: str) -> bool:
    """A name that reads as one variable: a letter (x), a Greek one spelled out (theta), either
    with a subscript (x1, x_1, a_k)."""
    m = VARIABLE.match(name)
    return bool(m) and (len(m.group(1)) == 1 or m.group(1) in LETTERS)


def wrt_name(text: str) -> str:
    """``text`` if it can name the variable (``--wrt``): a letter, then letters, digits or _
    (20 at most), and not a constant or a function; else a ParseError."""
    if not isinstance(text, str) or not NAME.match(text):
        shown = repr(text) if isinstance(text, str) and text.isprintable() and len(text) <= 40 else "the text given"
        raise ParseError(f"{shown} cannot name a variable: use a letter, then letters, digits or _ "
                         "(at most 20), as x, t or a_1")
    if text in CONSTANTS or text in FUNCTIONS or text in SEVERAL:
        raise ParseError(f"{text!r} is a {'constant' if text in CONSTANTS else 'function'}, not a variable")
    return text


KNOWN = sorted(FREE_FUNCTIONS | CALLABLE | set(CONSTANTS) | set(GREEK))  # what a misspelt name may have meant


class ParseError(ValueError):
    """Bad input: the message names the problem (and the column, when there is one)."""

    @property
    def column(self) -> int | None:
        """The column (from 1) the message points at, if it names one."""
        found = re.search(r"at column (\d+)", str(self))
        return int(found.group(1)) if found else None


def symbol(name: str) -> Symbol:
    """The symbol every part of derive uses for a name (real-valued)."""
    return Symbol(name, real=True)


def index_symbol(name: str) -> Symbol:
    """An index: i in a[i], k in Sum(..., (k, 1, n)), and the bound n."""
    return Symbol(name, integer=True, positive=True)


UNDEFINED = (type(S.ComplexInfinity), type(S.NaN), type(S.Infinity), type(S.NegativeInfinity))


class Reading(NamedTuple):
    """A user's input read: the expression, how ambiguous parts of it were read (one line each),
    the catalog functions called in it, replaced by their definitions, and the variable a left
    side f(t) = names (or None)."""

    expr: Expr
    notes: tuple = ()
    calls: tuple = ()
    variable: str | None = None
    named: Expr | None = None  # the expression with the catalog functions called by name: softplus(2*x)
    written: tuple = ()  # (part, place, role): where each part was first written (derive/order.py)


class Call(NamedTuple):
    """sigmoid(2*x) in an input: the entry, its arguments, its parameters' values ((name, value),
    ...), and the definition at them (the part of the expression the call became)."""

    name: str
    arguments: tuple
    parameters: tuple
    value: Expr
    written: Expr | None = None  # the call by name, calls in its arguments by name too

    @property
    def node(self) -> Expr:
        """The call written by name: its arguments, then its parameters up to the last that is not
        PyTorch's default (softplus(2*x) for β = 1, softplus(2*x, 3) for β = 3)."""
        if self.written is not None:
            return self.written
        defaults = dict(lookup(self.name).parameters)
        values = [v for _, v in self.parameters]
        while values and values[-1] == Rational(str(defaults[self.parameters[len(values) - 1][0]])):
            values.pop()
        return Function(self.name)(*self.arguments, *values)


def parse(text: str) -> Expr:
    """The SymPy expression written in ``text`` (``x^2`` is a power; any name is a symbol)."""
    return _parse(text, None).expr


@lru_cache(maxsize=256)
def read(text: str, wrt: str | None = None) -> Reading:
    """A user's input: as :func:`parse`, but a name must be a catalog entry, a function, a
    constant, a variable of one letter (x, theta, x1, a_k), ``wrt`` or the x of a left side f(x) =."""
    return _parse(text, frozenset({wrt} if wrt else ()), wrt)


def _parse(text: str, allowed: frozenset | None, wrt: str | None = None) -> Reading:
    """The strict syntax as it is; anything else (or an error in it, to be said at the right
    column) through :mod:`derive.student`, loaded only then."""
    _check_text(text)
    strict = _strict(text, allowed)
    if strict is not None:
        return strict
    from .student import InputError, rewrite
    try:
        written = rewrite(text, FREE_FUNCTIONS, CALLABLE, variable_name, max_depth=2 * MAX_DEPTH)
    except InputError as exc:
        raise ParseError(str(exc)) from None
    except RecursionError:
        raise ParseError("expression is nested too deeply") from None
    if allowed is not None and written.variable:
        allowed = allowed | {written.variable}
    builder = _Builder(written, allowed, written.text)
    tree = _tree(written.text, written)
    e = _built(builder, tree)
    if allowed is not None:
        _left_side(written, e, wrt)
    calls, named, parts = _named(builder, tree)
    return Reading(e, tuple(written.notes), calls, written.variable, named, parts)


def _strict(text: str, allowed: frozenset | None) -> Reading | None:
    """``text`` read as the strict syntax (x^2 is x**2), or None where it is not that or not valid."""
    try:
        source = text.strip().replace("^", "**")
        builder = _Builder(None, allowed, source)
        tree = _tree(source, None)
        e = _built(builder, tree)
        calls, named, parts = _named(builder, tree)
        return Reading(e, (), calls, None, named, parts)
    except (ParseError, SyntaxError):
        return None


def _named(builder, tree: ast.Expression) -> tuple:
    """(the calls, the expression with the catalog functions it calls written by name
    (x*softplus(2*x)), or None where it calls none, where each part was written): the tree built
    again, each call as its :attr:`Call.node`, the calls in its arguments by name too
    (softplus(sigmoid(x))); the places of the parts of both builds (a product keeps its order
    whether its factor is shown as the call or as what it stands for)."""
    if not builder.calls:
        return (), None, tuple(builder.parts)
    again = _Builder(builder.written, builder.allowed, builder.source.decode("utf-8"), by_name=True)
    named = again.build(tree.body)  # the same walk: its calls are the first build's, in order
    calls = tuple(c._replace(written=n.node) for c, n in zip(builder.calls, again.calls))
    return calls, named, tuple(builder.parts) + tuple(again.parts)


def _built(builder, tree: ast.Expression) -> Expr:
    """The expression of the tree, with nothing undefined in it."""
    try:
        e = builder.build(tree.body)
    except RecursionError:
        raise ParseError("expression is nested too deeply") from None
    _check_built(e)
    return e


def _check_built(e: Basic) -> None:
    """The limits on the expression as built: SymPy multiplies nested powers out
    ((x**1000)**1000 is x**1000000), and x**600*x**600 is x**1200."""
    if not isinstance(e, Basic):
        return
    undefined = e.atoms(*UNDEFINED)
    if undefined:
        raise ParseError(f"the expression has an undefined or infinite part ({sorted(map(str, undefined))[0]}, "
                         "as cot(pi) or 1/0)")
    for p in e.atoms(Pow):
        if p.exp.is_Number and abs(p.exp) > MAX_EXPONENT:
            raise ParseError(f"exponent too large ({p.exp} once the powers are multiplied out; "
                             f"at most {MAX_EXPONENT})")
    not_real = _not_real_constant(e)
    if not_real is not None:
        raise ParseError(f"{not_real} is not a real number (derive works with real functions)")


def _not_real_constant(e: Basic) -> Basic | None:
    """The first constant part of ``e`` (no symbols: asin(2), log(-1)) whose value is not a
    finite real number, or None."""
    stack = [e]
    while stack:
        n = stack.pop()
        if not isinstance(n, Expr) or n.is_Atom:
            stack.extend(a for a in n.args if isinstance(a, Basic)) if not isinstance(n, Expr) else None
            continue
        if n.is_number:
            try:
                v = n.evalf(15)
            except (ValueError, TypeError, ArithmeticError):
                continue
            re_, im = v.as_real_imag()
            if re_.is_Number and im.is_Number and abs(im) > 1e-12 * max(1, abs(re_)):
                return n
            continue
        stack.extend(n.args)
    return None


def _decimal(literal: str, where: str) -> Expr:
    """A decimal literal as the exact number written (1e-400 is 10^-400, not the float 0)."""
    d = Decimal(literal.replace("_", ""))
    if d == 0:
        return Integer(0)
    if d.adjusted() >= MAX_DIGITS:
        raise ParseError(f"number too large (at most {MAX_DIGITS} digits before the point){where}")
    if d.adjusted() < -MAX_DECIMALS:
        raise ParseError(f"number too small (at most {MAX_DECIMALS} places after the point){where}")
    if len("".join(map(str, d.as_tuple().digits)).strip("0")) > MAX_DIGITS:
        raise ParseError(f"number with more than {MAX_DIGITS} significant digits{where}")
    return Rational(str(d))


def _left_side(written, e: Expr, wrt: str | None) -> None:
    """y = … names the function: x = 1 (or y = y^2) is an equation, which derive does not solve."""
    name = written.function
    if name is None or written.variable is not None:
        return
    if name == (wrt or "x") or symbol(name) in getattr(e, "free_symbols", ()):
        raise ParseError(f"'{name} =' at column 1 makes an equation for {name}: derive differentiates an "
                         "expression; write it alone, or after a new name (y = …)")


@lru_cache(maxsize=64)
def written(text: str) -> tuple:
    """Where each part of ``text`` was written: (part, place, role) triples, a place a tuple
    that sorts in reading order (a catalog call's definition is placed inside the call), the role
    "factor" of a product, "term" of a sum, or "" for a part of any kind; for the printers to
    keep the user's order of terms and factors (derive/order.py)."""
    return _parse(text, None).written


@lru_cache(maxsize=None)
def definition(text: str) -> Expr:
    """A catalog definition, parsed once."""
    return parse(text)


def call_arguments(entry) -> tuple[str, ...]:
    """What a call of a catalog function of scalars takes before its parameters: its inputs, then
    the other symbols of its definition (a loss's target t: mse(p, t), as PyTorch's
    mse_loss(input, target)), which are the caller's to name, never symbols of the caller's own."""
    own = set(entry.inputs) | {p for p, _ in entry.parameters}
    others = sorted(str(s) for s in definition(entry.definition).free_symbols if str(s) not in own)
    return tuple(entry.inputs) + tuple(others)


def _check_text(text: str) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty expression")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"expression too long ({len(text)} characters; at most {MAX_LENGTH})")
    if any(ord(c) < 32 and c not in "\t" for c in text):
        raise ParseError("control characters are not allowed in an expression")
    if "#" in text:  # Python's parser would drop the rest of the line silently
        raise ParseError(f"comments (#) are not allowed in an expression at column {text.index('#') + 1}")


def _tree(text: str, written) -> ast.Expression:
    """The syntax tree of the strict text, within the limits.  For rewritten input (``written``)
    a syntax error names its column in the input; for the strict attempt (None) it is raised as
    it is, and the input is read again through the rewriting."""
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        if written is None:
            raise
        if "too many nested" in str(exc.msg):
            raise ParseError("expression is nested too deeply") from None
        raise ParseError(_syntax_error(written, exc)) from None
    except (RecursionError, MemoryError, ValueError):
        raise ParseError("expression is nested too deeply") from None
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_NODES:
        raise ParseError(f"expression too large ({nodes} nodes; at most {MAX_NODES})")
    if _depth(tree.body) > MAX_DEPTH:
        raise ParseError(f"expression is nested too deeply (at most {MAX_DEPTH} levels)")
    return tree


def _syntax_error(written, exc: SyntaxError) -> str:
    """invalid syntax at column N ('*'), or that the expression stops too early."""
    if not exc.offset or exc.offset > len(written.text):
        end = len(written.source.rstrip()) + 1
        return f"the expression ends too early at column {end} (after {written.source.strip()[-20:]!r})"
    col = written.column(exc.offset - 1)
    source = written.source
    if col >= len(source):
        return f"the expression ends too early (at column {len(source) + 1})"
    return f"invalid syntax at column {col + 1} ({source[col]!r})"


def unknown(name: str, kind: str, at: str) -> str:
    """unknown name 'sigmiod' at column 1: did you mean sigmoid? (else what a name may be): a
    function run into its variable (sinx) is that function applied (sin x); a logarithm to a base
    (log2, log_10) says how to write one; a short name of letters (xe in xe^x) is read as a
    product first, unless it is a known name with two letters swapped or one changed (cso for
    cos); dx says that derive takes the expression alone, without d/dx."""
    message = f"unknown {kind} {name!r}{at}"
    base = re.fullmatch(r"log_?(\d+)", name)
    if base:
        return message + f": for the base-{base.group(1)} logarithm write log(x, {base.group(1)})"
    short = kind == "name" and name.isascii() and name.isalpha() and len(name) <= 3
    applied = re.fullmatch(r"([a-z]+)([a-z])", name)
    if applied and applied.group(1) in FREE_FUNCTIONS and name[-1] != name[-2]:  # sinx, sqrtx (tanhh: a slip)
        return message + f": did you mean {applied.group(1)} {applied.group(2)}?"
    close = _nearest(name, short)
    if close:
        return message + ": did you mean " + " or ".join(close) + "?"
    if kind == "name":
        if short:
            message += f" (for a product write {' '.join(name)} or {'*'.join(name)})"
        if re.fullmatch(r"d[a-z]", name):
            message += f"; to differentiate, give the expression alone, without d/d{name[1]}"
        message += f"; a variable is one letter (x, theta, x1): name another with --wrt {name}"
    return message


def _nearest(name: str, short: bool = False) -> list[str]:
    """The known names closest to ``name``: one letter changed or two swapped (sni: sin), else
    those within a little of the closest one by their common letters -- never, for a ``short``
    name, a name it only shortens or lengthens (xe is not e)."""
    import difflib  # only for an error

    near = [k for k in KNOWN if len(k) == len(name) and len(name) >= 3 and _one_slip(name.lower(), k.lower())]
    if near or short:
        return near[:3]
    scored = sorted(((difflib.SequenceMatcher(None, name.lower(), k.lower()).ratio(), k) for k in KNOWN),
                    reverse=True)
    best = scored[0][0] if scored else 0
    return [k for r, k in scored[:3] if r >= max(0.6, best - 0.05)]


def _one_slip(a: str, b: str) -> bool:
    """Whether two words of one length differ by one letter, or by two neighbours swapped."""
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                              and a[diff[1]] == b[diff[0]])


class _Builder:
    def __init__(self, written=None, allowed: frozenset | None = None, source: str = "", by_name: bool = False):
        """``written``: the rewritten input (:class:`derive.student.Rewritten`), for its columns;
        ``source``: the strict text the tree is of, for the literals as written; ``by_name``: a
        catalog function's call is built as its name (softplus(2*x)), not as its definition."""
        self.written, self.allowed, self.by_name = written, allowed, by_name
        self.source = source.encode("utf-8")  # the offsets of ast nodes count UTF-8 bytes
        self.calls: list[Call] = []
        self.parts: list[tuple] = []  # (part, place, role) for each node built: see written()

    def _at(self, node: ast.AST) -> str:
        """' at column N' of the input, for a node of the strict text."""
        col = getattr(node, "col_offset", None)
        if col is None:
            return ""
        col = self.written.column(col) if self.written else col
        return f" at column {col + 1}"

    def build(self, node: ast.AST) -> Expr:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what = NODE_NAMES.get(type(node), type(node).__name__)
            raise ParseError(f"{what} not allowed{self._at(node)}")
        e = method(node)
        self._written(e, node)
        return e

    def _written(self, e, node, role: str = "") -> None:
        """Note where ``e`` was written: as a part of any kind, or as a factor or a term."""
        self.parts.append((e, (getattr(node, "col_offset", 0),), role))

    def _Constant(self, node):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ParseError(f"only numbers are allowed as literals{self._at(node)}")
        if isinstance(v, int):
            if len(str(abs(v))) > MAX_DIGITS:
                raise ParseError(f"number too large (more than {MAX_DIGITS} digits){self._at(node)}")
            return Integer(v)
        literal = self.source[node.col_offset:node.end_col_offset].decode("utf-8", "replace")
        try:
            e = _decimal(literal, self._at(node))
        except InvalidOperation:  # not the literal's own text (a parse without its source)
            if not math.isfinite(v):
                raise ParseError(f"number too large{self._at(node)}") from None
            e = Rational(str(v)) if abs(v) < 1e15 else Float(v)
        self._written(e, node, DECIMAL)  # written as a decimal: printed as one (derive/order.py)
        return e

    def _Name(self, node):
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if node.id in FUNCTIONS or (self.allowed is not None and node.id in CALLABLE):
            raise ParseError(f"{node.id} is a function: write {node.id}(...){self._at(node)}")
        if not NAME.match(node.id):
            raise ParseError(f"name {node.id!r} not allowed{self._at(node)}")
        self._known(node.id, node)
        return symbol(node.id)

    def _known(self, name: str, node) -> None:
        """In a user's input, a name of several letters must be the variable named by --wrt."""
        if self.allowed is not None and not variable_name(name) and name not in self.allowed:
            raise ParseError(unknown(name, "name", self._at(node)))

    def _UnaryOp(self, node):
        operand = self.build(node.operand)
        if isinstance(node.op, ast.USub):
            return Mul(-1, operand, evaluate=False) if isinstance(operand, Add) else -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise ParseError(f"operator {type(node.op).__name__} not allowed{self._at(node)}")

    def _BinOp(self, node):
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return self._sum_chain(node)
        a, b = self.build(node.left), self.build(node.right)
        op = type(node.op)
        if op in (ast.Mult, ast.Div):
            self._written(a, node.left, FACTOR)
            self._written(b, node.right, FACTOR)
        if op is ast.Mult:
            return a * b
        if op is ast.Div:
            if canon(b) == 0:
                raise ParseError(f"division by zero{self._at(node)}")
            self._written(1 / b, node.right, FACTOR)
            return a / b
        if op is ast.Pow:
            if isinstance(node.right, ast.Constant) and isinstance(node.right.value, float):
                self._written(b, node.right, EXPONENT)  # x^1.5: its power rule's 1.5 stays a decimal
            b = b if b.is_Atom else canon(b)
            if b.is_Number and abs(b) > MAX_EXPONENT:
                raise ParseError(f"exponent too large (at most {MAX_EXPONENT}){self._at(node)}")
            if a.is_Number and b.is_Number and abs(a) > 1 and abs(b) > 64:
                raise ParseError(f"number too large{self._at(node)}")
            if a.is_Rational and b.is_Rational and a != 0 and abs(a) != 1 and \
                    max(abs(a.p).bit_length(), a.q.bit_length()) * abs(b) > MAX_BITS:  # ((9**64)**64)**64
                raise ParseError(f"number too large{self._at(node)}")
            return a ** b
        raise ParseError(f"operator {op.__name__} not allowed{self._at(node)}")

    def _Call(self, node):
        if not isinstance(node.func, ast.Name):
            self.build(node.func)  # refuses attribute access, subscripts, ... with their own message
            raise ParseError(f"only named functions can be called{self._at(node)}")
        name = node.func.id
        if name not in FUNCTIONS and name in CATALOG_NAMES:
            return self._catalog_call(lookup(name), node)
        if node.keywords:
            raise ParseError(f"{name} takes no keyword arguments{self._at(node)}")
        if name == "Piecewise":
            return self._piecewise(node)
        if name == "Sum":
            return self._sum(node)
        if name in SEVERAL:
            if len(node.args) < 2:
                raise ParseError(f"{name} takes two or more arguments{self._at(node)}")
            args = [self.build(a) for a in node.args]
            for a in args:
                _check_built(a)  # Min(x, asin(2)): SymPy cannot compare a complex number
            try:
                return SEVERAL[name](*args)
            except (ValueError, TypeError) as exc:
                raise ParseError(f"{name}: {exc}{self._at(node)}") from None
        if name == "log" and len(node.args) == 2:
            base = self.build(node.args[1])
            if base.is_number and (base.is_nonpositive or base == 1):
                raise ParseError(f"a logarithm's base must be positive and not 1, not {base}{self._at(node)}")
            return log(self.build(node.args[0]), base)  # log base b
        if name not in FUNCTIONS:
            raise ParseError(unknown(name, "function", self._at(node)))
        if len(node.args) != 1:
            raise ParseError(f"{name} takes exactly one argument{self._at(node)}")
        return FUNCTIONS[name](self.build(node.args[0]))

    def _catalog_call(self, entry, node):
        """sigmoid(2*x), leaky_relu(x, 0.2), leaky_relu(x, alpha=0.2): the entry's definition at the
        arguments, its parameters at PyTorch's defaults unless given."""
        name = node.func.id
        if "[" in entry.definition:
            raise ParseError(f"{name} is a function of a vector and cannot be part of an expression"
                             f"{self._at(node)}: derive it on its own (derive {entry.name})")
        inputs, params = call_arguments(entry), [p for p, _ in entry.parameters]
        if not len(inputs) <= len(node.args) <= len(inputs) + len(params):
            takes = f"{len(inputs)} argument{'s' * (len(inputs) > 1)} ({', '.join(inputs)})"
            extra = f", then optionally {', '.join(params)}" if params else ""
            raise ParseError(f"{name} takes {takes}{extra}{_missing(name, node, inputs)}{self._at(node)}")
        values = {p: Rational(str(v)) for p, v in entry.parameters}
        values.update(zip(params, (self.build(a) for a in node.args[len(inputs):])))
        positional = params[:len(node.args) - len(inputs)]
        for kw in node.keywords:
            if kw.arg not in params:
                known = f"its parameters: {', '.join(params)}" if params else "it has no parameters"
                raise ParseError(f"{name} has no parameter {kw.arg!r} ({known}){self._at(node)}")
            if kw.arg in positional:
                raise ParseError(f"{name}: {kw.arg} is given twice{self._at(node)}")
            values[kw.arg] = self.build(kw.value)
        arguments = tuple(self.build(a) for a in node.args[:len(inputs)])
        values.update(zip(inputs, arguments))
        value = definition(entry.definition).xreplace({symbol(k): v for k, v in values.items()})
        at = getattr(node, "col_offset", 0)
        self.parts += [(p.xreplace({symbol(k): v for k, v in values.items()}), (at, *place), role)
                       for p, place, role in written(entry.definition)]
        self.calls.append(Call(entry.name, arguments, tuple((p, values[p]) for p in params), value))
        return self.calls[-1].node if self.by_name else value

    def _sum_chain(self, node):
        """a + b - c + ...: Python nests it to the left; walk that spine without recursion."""
        spine = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            spine.append((node.op, node.right))
            node = node.left
        total = self.build(node)
        self._written(total, node, TERM)
        for op, right in reversed(spine):
            b = self.build(right)
            b = b if isinstance(op, ast.Add) else (Mul(-1, b, evaluate=False) if isinstance(b, Add) else -b)
            self._written(b, right, TERM)
            total = _sum(total, b)
        return total

    def _Subscript(self, node):
        """a[i]: a component of the vector a (the index is a name or a whole number)."""
        if not isinstance(node.value, ast.Name) or not NAME.match(node.value.id):
            raise ParseError(f"only a name can be indexed, as in a[i]{self._at(node)}")
        self._known(node.value.id, node)
        index = node.slice
        if isinstance(index, ast.Name) and NAME.match(index.id):
            i = index_symbol(index.id)
        elif isinstance(index, ast.Constant) and type(index.value) is int and 0 <= index.value < 10**6:
            i = Integer(index.value)
        else:
            raise ParseError(f"an index must be a name or a whole number{self._at(node)}")
        return IndexedBase(node.value.id)[i]

    def _sum(self, node):
        """Sum(term, (k, low, high)): a sum over the index k."""
        if len(node.args) != 2 or not isinstance(node.args[1], ast.Tuple) or len(node.args[1].elts) != 3:
            raise ParseError(f"write a sum as Sum(term, (k, 1, n)){self._at(node)}")
        k, low, high = node.args[1].elts
        if not isinstance(k, ast.Name) or not NAME.match(k.id):
            raise ParseError(f"the summation index must be a name{self._at(node)}")
        bounds = [self.build(b) for b in (low, high)]
        bounds = [index_symbol(str(b)) if isinstance(b, Symbol) else b for b in bounds]
        if any(not (b.is_Integer or isinstance(b, Symbol)) for b in bounds):
            raise ParseError(f"the bounds of a sum must be whole numbers or names{self._at(node)}")
        term = self.build(node.args[0]).xreplace({symbol(k.id): index_symbol(k.id)})
        return Sum(term, (index_symbol(k.id), *bounds))

    def _piecewise(self, node):
        """Piecewise((expr, condition), ..., (expr, True)): the only place for conditions."""
        pieces = []
        for arg in node.args:
            if not isinstance(arg, ast.Tuple) or len(arg.elts) != 2:
                raise ParseError(f"Piecewise takes pairs (expression, condition){self._at(arg)}")
            pieces.append((self.build(arg.elts[0]), self._condition(arg.elts[1])))
        if not pieces:
            raise ParseError(f"Piecewise needs at least one (expression, condition) pair{self._at(node)}")
        try:
            return Piecewise(*pieces)
        except (TypeError, ValueError) as exc:
            raise ParseError(f"Piecewise: {exc}{self._at(node)}") from None

    def _condition(self, node):
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return true if node.value else false
        if isinstance(node, ast.BoolOp):
            parts = [self._condition(v) for v in node.values]
            return And(*parts) if isinstance(node.op, ast.And) else Or(*parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            parts = [self._condition(node.left), self._condition(node.right)]
            return And(*parts) if isinstance(node.op, ast.BitAnd) else Or(*parts)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in RELATIONS:
            if len(node.args) != 2 or node.keywords:
                raise ParseError(f"{node.func.id} takes two arguments{self._at(node)}")
            return RELATIONS[node.func.id](*(self.build(a) for a in node.args))
        if isinstance(node, ast.Compare):
            sides = [self.build(node.left)] + [self.build(c) for c in node.comparators]
            rels = []
            for op, a, b in zip(node.ops, sides, sides[1:]):
                if type(op) not in COMPARE:
                    raise ParseError(f"comparison {type(op).__name__} not allowed{self._at(node)}")
                rels.append(COMPARE[type(op)](a, b))
            return And(*rels)
        raise ParseError(f"a condition must be a comparison (Eq, Ne too), True, and/or{self._at(node)}")


def _missing(name: str, node: ast.Call, inputs: tuple) -> str:
    """What to write where a call leaves out a constant of the definition (mse(x) without its
    target t): ": give t too, a symbol or a number, as mse(x, t) or mse(x, 0.5)"."""
    given = [ast.unparse(a) for a in node.args]
    missing = inputs[len(given):]
    if not given or not missing:
        return ""
    numbers = f"{name}({', '.join(given + ['0.5'] * len(missing))})"
    if any(re.search(rf"\b{m}\b", g) for m in missing for g in given):  # mse(t): not mse(t, t)
        return f": give {' and '.join(missing)} too, a symbol or a number, as {numbers}"
    return f": give {' and '.join(missing)} too, a symbol or a number, as {name}({', '.join(given + list(missing))}) or {numbers}"


def _sum(a: Expr, b: Expr) -> Expr:
    """a + b with the terms in the order they are written (numbers alone are added up)."""
    if a.is_number and b.is_number:
        return canon(a) + canon(b)
    terms = [t for e in (a, b) for t in (e.args if isinstance(e, Add) else (e,))]
    return Add(*terms, evaluate=False)


FACTOR, TERM = "factor", "term"  # how a part was written, besides where (derive/order.py)
DECIMAL = "decimal"  # a number written as a decimal (derive/order.py, DECIMAL)
EXPONENT = "exponent"  # a decimal written as an exponent (derive/order.py, EXPONENT)
CHAINS = ((ast.Add, ast.Sub), (ast.Mult, ast.Div))


def _depth(node: ast.AST) -> int:
    """Nesting depth of the syntax tree, without recursion; a chain a + b − c (or a·b/c) is one level."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        n, d = stack.pop()
        deepest = max(deepest, d)
        for c in ast.iter_child_nodes(n):
            chained = isinstance(n, ast.BinOp) and isinstance(c, ast.BinOp) and c is n.left and any(
                isinstance(n.op, ops) and isinstance(c.op, ops) for ops in CHAINS)
            stack.append((c, d if chained else d + 1))
    return deepest

