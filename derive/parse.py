"""Reading an expression without ``eval``.

``sympify`` and ``parse_expr`` call ``eval``; a string such as
``__import__('os').system('…')`` would run.  Here the text is parsed by
Python's ``ast`` module (which only parses) and the tree is walked against a
whitelist: numbers, names, + - * / ** ^, parentheses and calls of known
functions.  Everything else is refused with a message that names it.
"""
from __future__ import annotations

import ast
import math
import re
from decimal import Decimal, InvalidOperation

from sympy import (
    Basic, S,
    IndexedBase, Sum,
    acot, acoth, acosh, asinh, atanh, coth, cot, csc, csch, erf, erfc, sec, sech,
    And, Ge, Gt, Heaviside, Le, Lt, Max, Min, Or, Piecewise, false, sign, true,
    Abs, Add, E, Mul, Expr, Float, Integer, Pow, Rational, Symbol, acos, asin, atan, cos, cosh, exp, log, pi,
    sin, sinh, sqrt, tan, tanh, gamma, loggamma, digamma, Si, Ci,
)

from .expr import canon

MAX_LENGTH = 2000
MAX_NODES = 2000
MAX_EXPONENT = 1000
MAX_DIGITS = 40
MAX_DEPTH = 100
MAX_DECIMALS = 1000  # 1e-1000 is read exactly; 1e-1001 is refused
MAX_BITS = 8192  # a number computed from the input (9**64**...) has at most this many bits

FUNCTIONS = {
    "exp": exp, "log": log, "ln": log, "sqrt": sqrt, "abs": Abs, "Abs": Abs,
    "sin": sin, "cos": cos, "tan": tan, "asin": asin, "acos": acos, "atan": atan,
    "sinh": sinh, "cosh": cosh, "tanh": tanh, "Heaviside": Heaviside, "sign": sign,
    "sec": sec, "csc": csc, "cot": cot, "acot": acot, "arcsin": asin, "arccos": acos, "arctan": atan,
    "sech": sech, "csch": csch, "coth": coth, "asinh": asinh, "acosh": acosh, "atanh": atanh,
    "acoth": acoth, "erf": erf, "erfc": erfc,
    # functions the rule set has no rule for: their derivative is SymPy's, labelled d-unknown
    "gamma": gamma, "loggamma": loggamma, "digamma": digamma, "Si": Si, "Ci": Ci,
}
SEVERAL = {"Max": Max, "max": Max, "Min": Min, "min": Min}  # functions of two or more arguments
COMPARE = {ast.Lt: Lt, ast.LtE: Le, ast.Gt: Gt, ast.GtE: Ge}
CONSTANTS = {"pi": pi, "E": E, "e": E}
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,19}\Z")
NODE_NAMES = {
    ast.Attribute: "attribute access", ast.Subscript: "subscripts", ast.Lambda: "lambda",
    ast.ListComp: "comprehensions", ast.GeneratorExp: "comprehensions", ast.DictComp: "comprehensions",
    ast.SetComp: "comprehensions", ast.JoinedStr: "f-strings", ast.Compare: "comparisons",
    ast.BoolOp: "boolean operators", ast.IfExp: "conditional expressions", ast.Starred: "starred arguments",
    ast.NamedExpr: "assignment expressions", ast.Await: "await", ast.Yield: "yield",
    ast.List: "lists", ast.Tuple: "tuples", ast.Dict: "dicts", ast.Set: "sets",
}


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


def variable_name(text: str) -> str:
    """``text`` if it can name the variable (``--wrt``): a letter, then letters, digits or _
    (20 at most), and not a constant or a function; else a ParseError."""
    if not isinstance(text, str) or not NAME.match(text):
        shown = repr(text) if isinstance(text, str) and text.isprintable() and len(text) <= 40 else "the text given"
        raise ParseError(f"{shown} cannot name a variable: use a letter, then letters, digits or _ "
                         "(at most 20), as x, t or a_1")
    if text in CONSTANTS or text in FUNCTIONS or text in SEVERAL:
        raise ParseError(f"{text!r} is a {'constant' if text in CONSTANTS else 'function'}, not a variable")
    return text


def index_symbol(name: str) -> Symbol:
    """An index: i in a[i], k in Sum(..., (k, 1, n)), and the bound n."""
    return Symbol(name, integer=True, positive=True)


def parse(text: str) -> Expr:
    """The SymPy expression written in ``text`` (``x^2`` is a power)."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("empty expression")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"expression too long ({len(text)} characters; at most {MAX_LENGTH})")
    if any(ord(c) < 32 and c not in "\t" for c in text):
        raise ParseError("control characters are not allowed in an expression")
    if "#" in text:  # Python's parser would drop the rest of the line silently
        raise ParseError(f"comments (#) are not allowed in an expression at column {text.index('#') + 1}")
    source = text.strip().replace("^", "**")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        if "too many nested" in str(exc.msg):
            raise ParseError("expression is nested too deeply") from None
        col = f" at column {exc.offset}" if exc.offset else ""
        raise ParseError(f"invalid syntax{col}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ParseError("expression is nested too deeply") from None
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_NODES:
        raise ParseError(f"expression too large ({nodes} nodes; at most {MAX_NODES})")
    if _depth(tree.body) > MAX_DEPTH:
        raise ParseError(f"expression is nested too deeply (at most {MAX_DEPTH} levels)")
    try:
        e = _Builder(source).build(tree.body)
    except RecursionError:
        raise ParseError("expression is nested too deeply") from None
    _check_built(e)
    return e


UNDEFINED = (type(S.ComplexInfinity), type(S.NaN), type(S.Infinity), type(S.NegativeInfinity))


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
            re, im = v.as_real_imag()
            if re.is_Number and im.is_Number and abs(im) > 1e-12 * max(1, abs(re)):
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


class _Builder:
    def __init__(self, source: str = ""):
        self.source = source.encode("utf-8")  # the offsets of ast nodes count UTF-8 bytes

    def build(self, node: ast.AST) -> Expr:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            what = NODE_NAMES.get(type(node), type(node).__name__)
            raise ParseError(f"{what} not allowed{_at(node)}")
        return method(node)

    def _Constant(self, node):
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ParseError(f"only numbers are allowed as literals{_at(node)}")
        if isinstance(v, int):
            if len(str(abs(v))) > MAX_DIGITS:
                raise ParseError(f"number too large (more than {MAX_DIGITS} digits){_at(node)}")
            return Integer(v)
        literal = self.source[node.col_offset:node.end_col_offset].decode("utf-8", "replace")
        try:
            return _decimal(literal, _at(node))
        except InvalidOperation:  # not the literal's own text (cannot happen with ast's offsets)
            if not math.isfinite(v):
                raise ParseError(f"number too large{_at(node)}") from None
            return Rational(str(v))

    def _Name(self, node):
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if node.id in FUNCTIONS:
            raise ParseError(f"{node.id} is a function: write {node.id}(...){_at(node)}")
        if not NAME.match(node.id):
            raise ParseError(f"name {node.id!r} not allowed{_at(node)}")
        return symbol(node.id)

    def _UnaryOp(self, node):
        operand = self.build(node.operand)
        if isinstance(node.op, ast.USub):
            return Mul(-1, operand, evaluate=False) if isinstance(operand, Add) else -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        raise ParseError(f"operator {type(node.op).__name__} not allowed{_at(node)}")

    def _BinOp(self, node):
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return self._sum_chain(node)
        a, b = self.build(node.left), self.build(node.right)
        op = type(node.op)
        if op is ast.Mult:
            return a * b
        if op is ast.Div:
            if canon(b) == 0:
                raise ParseError(f"division by zero{_at(node)}")
            return a / b
        if op is ast.Pow:
            b = b if b.is_Atom else canon(b)
            if b.is_Number and abs(b) > MAX_EXPONENT:
                raise ParseError(f"exponent too large (at most {MAX_EXPONENT}){_at(node)}")
            if a.is_Number and b.is_Number and abs(a) > 1 and abs(b) > 64:
                raise ParseError(f"number too large{_at(node)}")
            if a.is_Rational and b.is_Rational and a != 0 and abs(a) != 1 and \
                    max(abs(a.p).bit_length(), a.q.bit_length()) * abs(b) > MAX_BITS:  # ((9**64)**64)**64
                raise ParseError(f"number too large{_at(node)}")
            return a ** b
        raise ParseError(f"operator {op.__name__} not allowed{_at(node)}")

    def _Call(self, node):
        if not isinstance(node.func, ast.Name):
            self.build(node.func)  # refuses attribute access, subscripts, ... with their own message
            raise ParseError(f"only named functions can be called{_at(node)}")
        if node.keywords:
            raise ParseError(f"{node.func.id} takes no keyword arguments{_at(node)}")
        if node.func.id == "Piecewise":
            return self._piecewise(node)
        if node.func.id == "Sum":
            return self._sum(node)
        if node.func.id in SEVERAL:
            if len(node.args) < 2:
                raise ParseError(f"{node.func.id} takes two or more arguments{_at(node)}")
            args = [self.build(a) for a in node.args]
            for a in args:
                _check_built(a)  # Min(x, asin(2)): SymPy cannot compare a complex number
            try:
                return SEVERAL[node.func.id](*args)
            except (ValueError, TypeError) as exc:
                raise ParseError(f"{node.func.id}: {exc}{_at(node)}") from None
        if node.func.id == "log" and len(node.args) == 2:
            return log(self.build(node.args[0]), self.build(node.args[1]))  # log base b
        if node.func.id not in FUNCTIONS:
            name = node.func.id
            raise ParseError(f"unknown function {name!r}{_at(node)}; known: {', '.join(sorted(FUNCTIONS))}")
        if len(node.args) != 1:
            raise ParseError(f"{node.func.id} takes exactly one argument{_at(node)}")
        return FUNCTIONS[node.func.id](self.build(node.args[0]))

    def _sum_chain(self, node):
        """a + b - c + ...: Python nests it to the left; walk that spine without recursion."""
        spine = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            spine.append((node.op, node.right))
            node = node.left
        total = self.build(node)
        for op, right in reversed(spine):
            b = self.build(right)
            b = b if isinstance(op, ast.Add) else (Mul(-1, b, evaluate=False) if isinstance(b, Add) else -b)
            total = _sum(total, b)
        return total

    def _Subscript(self, node):
        """a[i]: a component of the vector a (the index is a name or a whole number)."""
        if not isinstance(node.value, ast.Name) or not NAME.match(node.value.id):
            raise ParseError(f"only a name can be indexed, as in a[i]{_at(node)}")
        index = node.slice
        if isinstance(index, ast.Name) and NAME.match(index.id):
            i = index_symbol(index.id)
        elif isinstance(index, ast.Constant) and type(index.value) is int and 0 <= index.value < 10**6:
            i = Integer(index.value)
        else:
            raise ParseError(f"an index must be a name or a whole number{_at(node)}")
        return IndexedBase(node.value.id)[i]

    def _sum(self, node):
        """Sum(term, (k, low, high)): a sum over the index k."""
        if len(node.args) != 2 or not isinstance(node.args[1], ast.Tuple) or len(node.args[1].elts) != 3:
            raise ParseError(f"write a sum as Sum(term, (k, 1, n)){_at(node)}")
        k, low, high = node.args[1].elts
        if not isinstance(k, ast.Name) or not NAME.match(k.id):
            raise ParseError(f"the summation index must be a name{_at(node)}")
        bounds = [self.build(b) for b in (low, high)]
        bounds = [index_symbol(str(b)) if isinstance(b, Symbol) else b for b in bounds]
        if any(not (b.is_Integer or isinstance(b, Symbol)) for b in bounds):
            raise ParseError(f"the bounds of a sum must be whole numbers or names{_at(node)}")
        term = self.build(node.args[0]).xreplace({symbol(k.id): index_symbol(k.id)})
        return Sum(term, (index_symbol(k.id), *bounds))

    def _piecewise(self, node):
        """Piecewise((expr, condition), ..., (expr, True)): the only place for conditions."""
        pieces = []
        for arg in node.args:
            if not isinstance(arg, ast.Tuple) or len(arg.elts) != 2:
                raise ParseError(f"Piecewise takes pairs (expression, condition){_at(arg)}")
            pieces.append((self.build(arg.elts[0]), self._condition(arg.elts[1])))
        if not pieces:
            raise ParseError(f"Piecewise needs at least one (expression, condition) pair{_at(node)}")
        try:
            return Piecewise(*pieces)
        except (TypeError, ValueError) as exc:
            raise ParseError(f"Piecewise: {exc}{_at(node)}") from None

    def _condition(self, node):
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return true if node.value else false
        if isinstance(node, ast.BoolOp):
            parts = [self._condition(v) for v in node.values]
            return And(*parts) if isinstance(node.op, ast.And) else Or(*parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            parts = [self._condition(node.left), self._condition(node.right)]
            return And(*parts) if isinstance(node.op, ast.BitAnd) else Or(*parts)
        if isinstance(node, ast.Compare):
            sides = [self.build(node.left)] + [self.build(c) for c in node.comparators]
            rels = []
            for op, a, b in zip(node.ops, sides, sides[1:]):
                if type(op) not in COMPARE:
                    raise ParseError(f"comparison {type(op).__name__} not allowed{_at(node)}")
                rels.append(COMPARE[type(op)](a, b))
            return And(*rels)
        raise ParseError(f"a condition must be a comparison, True, and/or{_at(node)}")


def _sum(a: Expr, b: Expr) -> Expr:
    """a + b with the terms in the order they are written (numbers alone are added up)."""
    if a.is_number and b.is_number:
        return canon(a) + canon(b)
    terms = [t for e in (a, b) for t in (e.args if isinstance(e, Add) else (e,))]
    return Add(*terms, evaluate=False)


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


def _at(node: ast.AST) -> str:
    col = getattr(node, "col_offset", None)
    return "" if col is None else f" at column {col + 1}"
