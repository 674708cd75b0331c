"""Input as students type it, rewritten into the strict syntax the whitelist parser reads.

``2x``, ``3(x+1)``, ``x sin x``, ``(x+1)(x-1)``, ``(x+1) 2x``, ``x 5^x``: a product without its ``*``; ``sin x``,
``ln x``, ``sin 2x`` = sin(2x), ``sin x cos x`` = sin(x)·cos(x), ``sin^2 x`` = sin(x)²: a
function applied to one factor without parentheses; ``|x|`` (nested where the bars leave one
reading: ``|x - |y||``); Unicode ``² ³ ⁻¹ · ⋅ × − ÷ π √ ≤ ≥`` and Greek letters (θ is theta);
a left side ``y =`` or ``f(x) =``.

This module only rewrites text: tokens with the column each came from, grouped by brackets
and bars, then written out again with the ``*``, parentheses and ``Abs(`` that the strict
syntax needs.  Nothing is evaluated; the result goes to :func:`ast.parse` and the whitelist
in :mod:`derive.parse` like any other input, and every character of it maps back to a column
of what was typed, so errors point at the input.  Where a reading could be meant two ways
(``sin x^2``, ``1/2x``) the one taken is added to ``notes``.
"""
from __future__ import annotations

import keyword
import re
import unicodedata


class InputError(ValueError):
    """Text that cannot be read (the parser turns it into a ParseError)."""


SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾", "0123456789-+()"))
SYMBOLS = {"·": "*", "⋅": "*", "×": "*", "∗": "*", "−": "-", "–": "-", "÷": "/", "≤": "<=", "≥": ">=",
           "≠": "!=", "π": "pi", "√": "sqrt", "^": "**",
           "{": "(", "}": ")"}  # e^{2x}, as in LaTeX
OPERATORS = ("**", "<=", ">=", "==", "!=", "//", ":=", "->", "<<", ">>")
# ASCII only (a Unicode character class costs milliseconds to compile, at every start-up):
# superscripts and other characters are read one at a time in tokens().
TOKEN = re.compile(r"""
    (?P<space>[ \t\n\r\f\v]+) | (?P<comment>\#.*)
  | (?P<number>0[xXoObB][0-9a-fA-F_]+ | (?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9][0-9_]*)?[jJ]?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<string>'[^'\n]*'|"[^"\n]*")
""", re.VERBOSE | re.ASCII)
OPENERS, CLOSERS = {"(": ")", "[": "]"}, {")": "(", "]": "["}


class Token:
    """kind: number, name, string, sup or op; text: as the strict syntax writes it (π is pi, · is *,
    ² is 2); col, end: 0-based columns of the input it spans; space: whitespace before it.
    (Plain classes, not dataclasses: they are made at start-up, where each dataclass costs.)"""

    __slots__ = ("kind", "text", "col", "end", "space")

    def __init__(self, kind: str, text: str, col: int, end: int, space: bool = False):
        self.kind, self.text, self.col, self.end, self.space = kind, text, col, end, space

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r}, {self.col})"


class Group:
    """( ... ), [ ... ] or | ... |, with what is inside."""

    __slots__ = ("open", "items", "close")

    def __init__(self, open: Token, items: list, close: Token | None = None):
        self.open, self.items, self.close = open, items, close

    @property
    def col(self) -> int:
        return self.open.col

    @property
    def end(self) -> int:
        return self.close.end if self.close else self.open.end

    @property
    def space(self) -> bool:
        return self.open.space

    @property
    def kind(self) -> str:
        return "bars" if self.open.text == "|" else self.open.text


class Rewritten:
    """The strict text, the input column of each of its characters (and of its end), the notes;
    the y of a left side y = (or the f and x of f(x) =), and the input itself."""

    def __init__(self, text: str, columns: list[int], notes: list[str], source: str):
        self.text, self.columns, self.notes, self.source = text, columns, notes, source
        self.variable: str | None = None
        self.function: str | None = None

    def column(self, offset: int) -> int:
        """The input column (0-based) of a 0-based offset into the strict text."""
        return self.columns[max(0, min(offset, len(self.columns) - 1))]


def tokens(text: str) -> list[Token]:
    """The tokens of ``text`` (a character no token starts with is an operator of its own)."""
    out, k, space = [], 0, False
    while k < len(text):
        m = TOKEN.match(text, k)
        if m and m.lastgroup in ("space", "comment") or not m and text[k].isspace():
            k, space = (m.end() if m else k + 1), True
            continue
        if m:
            kind, raw = m.lastgroup, m.group()
            value = raw
        elif text[k] in SUPERSCRIPTS:
            end = next((j for j in range(k, len(text)) if text[j] not in SUPERSCRIPTS), len(text))
            kind, raw = "sup", text[k:end]
            value = "".join(SUPERSCRIPTS[c] for c in raw)
        else:
            kind, raw = "op", next((o for o in OPERATORS if text.startswith(o, k)), text[k])
            value = SYMBOLS.get(raw, raw)
            if raw in SYMBOLS and value.isalpha():
                kind = "name"
            elif raw.isalpha():
                kind, value = "name", greek(raw)
        out.append(Token(kind, value, k, k + len(raw), space))
        k, space = k + len(raw), False
    return out


def greek(char: str) -> str:
    """θ → theta, Λ → Lambda; λ → lambda_ (lambda is a Python keyword); other letters as they are."""
    name = unicodedata.name(char, "")
    if not name.startswith("GREEK ") or " LETTER " not in name:
        return char
    word = name.rsplit(" ", 1)[-1].lower()
    word = "lambda" if word == "lamda" else word
    word = word.capitalize() if "CAPITAL" in name else word
    return word + "_" if keyword.iskeyword(word) else word


def group(toks: list[Token], max_depth: int = 200, source: str = "") -> list:
    """Tokens nested by their brackets and bars; an unbalanced one is an InputError that says where
    (and so is nesting deeper than ``max_depth``)."""
    stack = [Group(Token("op", "", 0, 0), [])]
    for k, tok in enumerate(toks):
        if len(stack) > max_depth:
            raise InputError("expression is nested too deeply")
        if tok.text in OPENERS and tok.kind == "op":
            stack.append(Group(tok, []))
        elif tok.text in CLOSERS and tok.kind == "op":
            _close(stack, tok, source)
        elif tok.text == "|":
            _bar(stack, tok, toks[k + 1] if k + 1 < len(toks) else None)
        else:
            stack[-1].items.append(tok)
    if len(stack) > 1:
        raise InputError(f"'{_typed(stack[-1].open, source)}' at column {stack[-1].col + 1} is never closed")
    return stack[0].items


def _typed(tok: Token, source: str) -> str:
    """The character as it was typed ({ where the strict text has ()."""
    return source[tok.col:tok.end] if source else tok.text


def _close(stack: list, tok: Token, source: str = "") -> None:
    top = stack[-1]
    if len(stack) == 1:
        raise InputError(f"'{_typed(tok, source)}' at column {tok.col + 1} has no matching opening bracket")
    if top.open.text != CLOSERS[tok.text]:
        raise InputError(f"'{_typed(top.open, source)}' at column {top.col + 1} is closed by "
                         f"'{_typed(tok, source)}' at column {tok.col + 1}")
    top.close = tok
    stack.pop()
    stack[-1].items.append(top)


def _bar(stack: list, tok: Token, after: Token | None) -> None:
    """'|' closes an open bar after an operand, opens one elsewhere; between two parenthesized
    conditions, (x < 0) | (x > 1), it is 'or'."""
    top, before = stack[-1], (stack[-1].items[-1] if stack[-1].items else None)
    if top.kind == "bars" and ends_operand(before):
        top.close = tok
        stack.pop()
        stack[-1].items.append(top)
    elif isinstance(before, Group) and before.kind == "(" and after is not None and after.text == "(":
        top.items.append(tok)
    else:
        stack.append(Group(tok, []))


def ends_operand(item) -> bool:
    if isinstance(item, Group):
        return True
    return item is not None and (item.kind in ("number", "sup") or item.kind == "name" and not keyword.iskeyword(item.text))


def starts_operand(item) -> bool:
    if isinstance(item, Group):
        return item.kind != "["
    return item.kind in ("number", "name") and not keyword.iskeyword(item.text)


def is_op(item, texts: str | tuple) -> bool:
    return isinstance(item, Token) and item.kind == "op" and item.text in texts


def left_side(toks: list[Token]) -> tuple[list[Token], str | None, str | None]:
    """Without a left side ``y =`` or ``f(x) =`` (with the function and the variable it names, or
    None); '=' inside parentheses is left alone (leaky_relu(x, alpha=0.2))."""
    depth, eqs = 0, []
    for k, t in enumerate(toks):
        depth += is_op(t, "([") - is_op(t, ")]")
        if depth == 0 and is_op(t, "="):
            eqs.append(k)
    if not eqs:
        return toks, None, None
    k, lhs = eqs[0], toks[:eqs[0]]
    plain = len(lhs) == 1 and lhs[0].kind == "name"
    call = (len(lhs) == 4 and lhs[0].kind == "name" and is_op(lhs[1], "(") and lhs[2].kind == "name"
            and is_op(lhs[3], ")"))
    if not (plain or call) or len(eqs) > 1:
        bad = toks[eqs[0] if not (plain or call) else eqs[1]]
        raise InputError(f"'=' at column {bad.col + 1}: only a left side such as 'y =' or 'f(x) =' may "
                         "come before the expression (for a condition write ==, <= or >=)")
    if k + 1 == len(toks):
        raise InputError(f"nothing after '=' at column {toks[k].col + 1}")
    return toks[k + 1:], lhs[0].text, lhs[2].text if call else None


class Writer:
    """Writes grouped tokens in the strict syntax: a ``*`` where a product has none, parentheses
    around a function's argument, ``Abs(`` for bars; each character with its input column."""

    def __init__(self, source: str, functions, callables, variable):
        self.source, self.functions, self.callables, self.variable = source, functions, callables, variable
        self.parts: list[tuple[str, int]] = []
        self.notes: list[str] = []

    def put(self, text: str, col: int, space: bool = False) -> None:
        if space and self.parts:
            self.parts.append((" ", col))
        self.parts.append((text, col))

    def result(self) -> Rewritten:
        columns = [col for text, col in self.parts for _ in text] + [len(self.source)]
        return Rewritten("".join(t for t, _ in self.parts), columns, self.notes, self.source)

    def is_function(self, item) -> bool:
        return isinstance(item, Token) and item.kind == "name" and item.text in self.functions

    def is_call(self, items: list, k: int) -> bool:
        """name(...) is a call of a function; x(x + 1), of a variable, is a product."""
        item, after = items[k], items[k + 1] if k + 1 < len(items) else None
        return (isinstance(item, Token) and item.kind == "name" and isinstance(after, Group)
                and after.kind == "(" and (item.text in self.callables or not self.variable(item.text)))

    def sequence(self, items: list) -> None:
        """A flat list of items, with '*' between two operands that stand side by side."""
        k, ends, last = 0, False, None
        while k < len(items):
            item = items[k]
            if isinstance(item, Group) and item.kind == "[" and k and ends_operand(items[k - 1]) and not is_name(items[k - 1]):
                raise InputError(f"only a name can be indexed, as in a[i] (the '[' at column {item.col + 1})")
            implicit = ends and starts_operand(item) and (item.kind != "number" or spaced_after_group(items, k))
            if implicit:
                self.put("*", item.col)
            start = k
            k, ends = self.unit(items, k)
            if implicit and last is not None:
                self.ambiguity(items, last, start, k)
            last = start if ends else None

    def unit(self, items: list, k: int) -> tuple[int, bool]:
        """Writes the item at k (with what belongs to it): (the next index, whether it ends an operand)."""
        item = items[k]
        if isinstance(item, Group):
            self.group(item)
            return k + 1, True
        if item.kind == "sup":
            self.put(f"**({item.text})", item.col, item.space)
            return k + 1, True
        if self.is_function(item):
            return self.function(items, k)
        self.put(item.text, item.col, item.space)
        if self.is_call(items, k):
            self.group(items[k + 1])
            return k + 2, True
        return k + 1, ends_operand(item)

    def group(self, g: Group) -> None:
        self.put("Abs(" if g.kind == "bars" else g.open.text, g.col, g.space)
        self.sequence(g.items)
        self.put(")" if g.kind == "bars" else g.close.text, g.close.col)

    def span(self, items: list, a: int, b: int) -> str:
        """The input text of items[a:b]."""
        return self.source[items[a].col:items[b - 1].end]

    def ambiguity(self, items: list, last: int, start: int, end: int) -> None:
        """1/2x and e^2x: say that the product was read after the division or the power."""
        if last < 2 or not is_op(items[last - 1], ("/", "**")) or not ends_operand(items[last - 2]):
            return
        op = items[last - 1]
        if op.text == "**" and (items[last].kind != "number" or items[start].space):
            return
        whole, first, rest = (self.span(items, last - 2, end), self.span(items, last - 2, start),
                              self.span(items, start, end))
        other = f"{self.span(items, last - 2, last)}({self.span(items, last, end)})"
        self.notes.append(f"read {whole} as ({first})·{rest}; for {other} write the parentheses")

    def function(self, items: list, k: int) -> tuple[int, bool]:
        """sin(x), sin x, sin 2x, sin^2 x, sin² x: the function, its argument in parentheses, the power."""
        fn, j = items[k], k + 1
        power, j = self.power_of_function(items, j)
        after = items[j] if j < len(items) else None
        if isinstance(after, Group) and after.kind == "(":
            self.put(fn.text, fn.col, fn.space)
            self.group(after)
            end = j + 1
        else:
            end = self.argument_end(items, j)
            if end == j or (end == j + 1 and is_op(items[j], "+-")):
                if power is not None:
                    raise InputError(f"{fn.text} at column {fn.col + 1} has a power but no argument")
                self.put(fn.text, fn.col, fn.space)  # the parser says that a function needs (...)
                return k + 1, True
            self.put(fn.text + "(", fn.col, fn.space)
            self.sequence(items[j:end])
            self.put(")", items[end - 1].end)
            self.powered_argument(items, k, j, end)
        if is_sup(power):
            self.put(f"**({power.text})", power.col)
        elif power is not None:
            self.put("**", power.col)
            self.unit([power], 0)
        return end, True

    def power_of_function(self, items: list, j: int):
        """(the power written after a function's name, the index after it): sin^2 x, sin² x."""
        item = items[j] if j < len(items) else None
        if is_sup(item):
            power, after = item, j + 1
        elif is_op(item, "**") and j + 1 < len(items):
            power, after = items[j + 1], j + 2
        else:
            return None, j
        fn = items[j - 1]
        if is_op(power, "-") or power.text.startswith("-"):
            written = self.source[fn.col:items[min(after, len(items) - 1)].end]
            k = after + 1 if is_op(power, "-") else after  # past the 1 of ^-1; after ⁻¹ itself
            arg = items[k] if k < len(items) else None
            inside = (self.source[arg.open.end:arg.close.col] if isinstance(arg, Group) and arg.kind == "("
                      and arg.close else "x")  # sin^-1(2x): asin(2x), as written inside
            n = items[after].text if is_op(power, "-") and after < len(items) else power.text.lstrip("-")
            if n.isdigit() and n != "1":  # sin^-2 x is no inverse: the reciprocal of the square
                raise InputError(f"{written} at column {fn.col + 1}: write 1/{fn.text}({inside})^{n} for the "
                                 f"reciprocal of its power")
            raise InputError(f"{written} at column {fn.col + 1} could mean the inverse or the reciprocal: "
                             f"write a{fn.text}({inside}) or 1/{fn.text}({inside})")
        if not (power.kind in ("number", "sup") or isinstance(power, Group) and power.kind == "("):
            raise InputError(f"the power of {fn.text} at column {power.col + 1} must be a number "
                             "or in parentheses")
        return power, after

    def argument_end(self, items: list, j: int) -> int:
        """The end of a function's argument written without parentheses: one factor, a product of
        numbers (first only), names and groups side by side, each with its powers (sin 2x, sin x^2);
        it stops at an operator and at another function (sin x cos x), unless that comes first."""
        n = len(items)
        if j + 1 < n and is_op(items[j], "+-") and not items[j + 1].space:  # sin -x, but not sigmoid + 1
            j += 1
        if j < n and self.is_function(items[j]):
            power, after = self.power_of_function(items, j + 1)
            if after < n and isinstance(items[after], Group) and items[after].kind == "(":
                return after + 1
            return self.argument_end(items, after)
        first = True
        while j < n and starts_operand(items[j]) and not self.is_function(items[j]) \
                and (first or items[j].kind != "number"):
            j, first = self.atom_end(items, j), False
            while j < n and (is_sup(items[j]) or is_op(items[j], "**")):
                j += 1
                if is_op(items[j - 1], "**"):
                    j = self.exponent_end(items, j)
        return j

    def exponent_end(self, items: list, j: int) -> int:
        n = len(items)
        if j < n and is_op(items[j], "+-"):
            j += 1
        return self.atom_end(items, j) if j < n and starts_operand(items[j]) and not self.is_function(items[j]) else j

    def atom_end(self, items: list, j: int) -> int:
        """After a number, a group, a name with its subscript or a call."""
        item = items[j]
        after = items[j + 1] if j + 1 < len(items) else None
        if isinstance(item, Token) and (self.is_call(items, j) or isinstance(after, Group) and after.kind == "["):
            return j + 2
        return j + 1

    def powered_argument(self, items: list, k: int, j: int, end: int) -> None:
        """sin x^2: say that the power was read inside the argument."""
        powers = [t for t in items[j:end] if is_op(t, "**") or is_sup(t)]
        if not powers:
            return
        fn, whole, arg = items[k].text, self.span(items, k, end), self.span(items, j, end)
        note = f"read {whole} as {fn}({arg})"
        a = self.atom_end(items, j)
        if a < end and items[a] is powers[0] and self.argument_end(items, j) == end and len(powers) == 1:
            exponent = items[a].text if is_sup(items[a]) else self.span(items, a + 1, end)
            note += f", not {fn}({self.span(items, j, a)})^{exponent}"
        self.notes.append(note)


def spaced_after_group(items: list, k: int) -> bool:
    """A number set apart after a bracket or a power, (x + 1) 2x, 5(x^2 + 1)^4 2x, or a number
    with a power set apart after any operand, x 5^(x - 1), 3 2^(3x): a factor (2 3 and x 2 stay
    errors, and (x + 1)2 may be a power typed without its ^)."""
    if k == 0 or not items[k].space:
        return False
    after = items[k + 1] if k + 1 < len(items) else None
    if is_sup(after) or is_op(after, "**"):
        return True
    before = items[k - 1]
    power = k > 1 and isinstance(items[k - 2], Token) and items[k - 2].text == "**" and not before.space
    return isinstance(before, Group) and before.kind == "(" or power


def is_name(item) -> bool:
    return isinstance(item, Token) and item.kind == "name"


def is_sup(item) -> bool:
    return isinstance(item, Token) and item.kind == "sup"


def rewrite(text: str, functions=frozenset(), callables=frozenset(), variable=lambda name: len(name) == 1,
            max_depth: int = 200) -> Rewritten:
    """``text`` in the strict syntax, with the column map and the notes; ``functions`` are the names
    that may take their argument without parentheses, ``callables`` the other function names, and
    ``variable(name)`` says whether a name is a variable (x(x + 1) is then a product)."""
    toks, named, argument = left_side(tokens(text))
    writer = Writer(text, set(functions), set(functions) | set(callables), variable)
    writer.sequence(group(toks, max_depth, text))
    out = writer.result()
    out.variable, out.function = argument, named
    return out
