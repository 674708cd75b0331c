"""The order the user wrote: a sum's terms and a product's factors as they were written.

SymPy sorts the arguments of a sum and of a product when it builds them: ``sin(x)*cos(x)`` is
stored as cos(x)·sin(x), ``3*x + 2`` as 2 + 3x.  The parser records where each part of the input
was first written (:func:`derive.parse.written`, catalog definitions as catalog.py writes them);
a :class:`Writing` holds those places, and while one is in force (:func:`following`) the printers
take a sum's terms (:func:`terms`) and a product's factors (:func:`factors`) in that order:

* a sum whose terms the user all wrote as terms (up to their sign: x − 1 wrote the term −1) is
  printed with its terms in the order of their first occurrence, and a product whose factors
  the user all wrote as factors likewise; a constant factor keeps its place (2x and πx, not x·2);
* a sum with a term the user never wrote is printed (text, LaTeX, Markdown; the JSON's SymPy
  syntax keeps SymPy's order) in a textbook's order (:func:`textbook`):
  a polynomial's terms by descending degree (x² + 1, x² − 2x + 1, never SymPy's 1 + x² − 2x), and
  a positive term first (1 − y², eˣ − 1 and cos x − x sin x, never −y² + 1 or −1 + eˣ); x⁴ + x² + 1
  stays although 1 + x² was written;
* a product with a factor the user never wrote in that role keeps the order it has: SymPy's, or
  the order a rule built it in (f′·g).

A writing also holds the numbers the input wrote as decimals (role "decimal"), so that the
printers write them, and the numbers computed from them, as decimals (:meth:`Writing.decimal`):
leaky_relu(3*x, 0.2) has the slope 0.6, never 3/5.

Only the printed order changes, never the expression.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from bisect import bisect_left
from functools import lru_cache, wraps

from sympy import Add, Indexed, Integer, Mul, Pow, Symbol, sstr

from .expr import canon, split_sign

MAX_PARTS = 4000  # an input with more written parts than this is printed in SymPy's order
MAX_FOUND = 50_000  # the parts a writing remembers having looked up
DECIMAL = "decimal"  # the role of a number the input wrote as a decimal (0.2, 1e-3)
EXPONENT = "exponent"  # the role of a decimal the input wrote as an exponent (x^1.5)
MAX_DECIMALS = 12  # the decimals of an input that numbers are traced back to
MAX_MULTIPLE = 12  # k·d and d/k for a written (or computed) decimal d: 3·0.2 = 0.6, 0.5/2 = 0.25


@lru_cache(maxsize=8192)
def key(e) -> str:
    """What identifies a written part: its evaluated form as text (so that a parameter α read
    with other assumptions, or a sum held unevaluated, is the same part)."""
    return sstr(canon(e), order="none")


class Writing:
    """Where each part of an input was written: (expression, place, role) triples, a place a
    tuple that sorts in reading order (a catalog call's definition inside the call's place), a
    role "factor" (of a product), "term" (of a sum) or "" (any part)."""

    def __init__(self, parts=()):
        parts = tuple(parts)
        self.decimals = frozenset(abs(e) for e, _, role in parts if role == DECIMAL and e and e.is_Rational)
        self.exponents = frozenset(abs(e) for e, _, role in parts if role == EXPONENT and e and e.is_Rational)
        self.parts = tuple(p for p in parts if p[2] not in (DECIMAL, EXPONENT))[:MAX_PARTS]
        self._sources = None  # the decimals and their products, sums and differences
        self._decided: dict = {}  # number -> whether it is written as a decimal
        self._places = None
        self._largest = {"": 0, "factor": 0, "term": 0}  # the most nodes of a part written in a role
        self._found: dict = {}  # (expression, role) -> place, for the parts asked for again

    @property
    def places(self) -> dict:
        """role -> {part's key: the first place it was written in that role}"""
        if self._places is None:
            places: dict = {"": {}, "factor": {}, "term": {}}
            every: dict = {"": {}, "factor": {}, "term": {}}
            for e, at, role in self.parts:
                k, size = key(e), nodes(e, MAX_PARTS)
                for r in {role, ""}:
                    self._largest[r] = max(self._largest[r], size)
                    if k not in places[r] or at < places[r][k]:
                        places[r][k] = at
                    every[r].setdefault(k, []).append(at)
            self._every = {r: {k: sorted(ats) for k, ats in table.items()} for r, table in every.items()}
            self._places = places
        return self._places

    def decimal(self, r) -> bool:
        """Whether the rational ``r`` is written as a decimal: it was written as one, or is computed
        from those written as a number a derivation makes of them — k·d or d/k for a whole k up to
        12, d a written decimal or the product, sum or difference of two (3·0.2 = 0.6, 2·0.2 = 0.4,
        λ·α = 1.0507·1.6733 = 1.75813631, 0.5/2 = 0.25). A number no decimal makes stays a fraction
        (the 1/2 of d/dx √x beside 0.2·x: 1/(2√x)). Only numbers whose decimal ends qualify."""
        if not self.decimals or r.is_Integer or not _terminates(r):
            return False
        r = abs(r)
        if r not in self._decided:
            if len(self._decided) > MAX_FOUND:
                self._decided.clear()
            self._decided[r] = any(_multiple(r / d) for d in self.sources)
        return self._decided[r]

    @property
    def sources(self) -> frozenset:
        """The written decimals (up to 12) and the products, sums and differences of two of them."""
        if self._sources is None:
            ds = sorted(self.decimals)[:MAX_DECIMALS]
            pairs = [(a, b) for i, a in enumerate(ds) for b in ds[i:]]
            made = {a * b for a, b in pairs} | {a + b for a, b in pairs} | {abs(a - b) for a, b in pairs}
            self._sources = frozenset(ds) | frozenset(v for v in made if v)
        return self._sources

    def typed_in(self, number, product) -> bool:
        """Whether ``number`` is a factor the user typed in ``product`` as written: the product was
        written (3·x·2, (x + 1)·2) and the number as a factor from its place on.  A rule's product
        (6·(1), the constant multiple rule's d/dx x) was never written so."""
        anchor = self.place(product)
        if anchor is None or number in (0, 1) or self.place(number, "factor") is None:
            return False  # (a 0 or 1 after a factor is a rule's: the derivative of a constant, of x)
        return self._every["factor"][key(number)][-1] >= anchor  # written as a factor from the product on

    def place(self, e, role: str = "", after=None):
        """Where ``e`` was first written in ``role`` ("" for anywhere), or None; with ``after`` (the
        place of the sum or product it is a part of), the first place from there on, so that the
        terms of x − 1 in (x³ − 1)/(x − 1) are placed in x − 1, not where x³ − 1 wrote −1 first.  A
        term is found up to its sign: x − 1 wrote the term −1, and 1 − x the term x."""
        if not self.parts:
            return None
        if (e, role, after) not in self._found:
            if len(self._found) > MAX_FOUND:
                self._found.clear()
            self._found[e, role, after] = self._place(e, role, after)
        return self._found[e, role, after]

    def _place(self, e, role: str, after):
        places, most = self.places[role], 2 * self._largest[role] + 4  # held unevaluated, it has more nodes
        if nodes(e, most + 1) > most:  # too large to be a written part: not worth printing to look
            return None
        for c in ((e, -e) if role == "term" else (e,)):
            k = key(c)
            at = places.get(k)
            if at is not None and after is not None:
                every = self._every[role][k]
                at = every[min(bisect_left(every, after), len(every) - 1)] if every[-1] >= after else at
            if at is not None:
                return at
        return None


def _terminates(r) -> bool:
    """Whether a rational's decimal expansion ends: its denominator is 2^a·5^b."""
    q = int(r.q)
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


def _multiple(q) -> bool:
    """Whether q is k or 1/k for a whole k up to :data:`MAX_MULTIPLE`."""
    return (q.is_Integer and 0 < q <= MAX_MULTIPLE) or (q.p == 1 and 0 < q.q <= MAX_MULTIPLE)


def nodes(e, most: int) -> int:
    """The number of nodes of ``e``, counted up to ``most`` (a larger one counts as ``most``)."""
    count, stack = 0, [e]
    while stack and count < most:
        n = stack.pop()
        count += 1
        stack.extend(getattr(n, "args", ()))
    return count


NOTHING = Writing()
_CURRENT: ContextVar[Writing] = ContextVar("writing", default=NOTHING)


@contextmanager
def following(writing: Writing):
    """Print in ``writing``'s order inside the block."""
    token = _CURRENT.set(writing)
    try:
        yield writing
    finally:
        _CURRENT.reset(token)


def current() -> Writing:
    return _CURRENT.get()


FIXED = object()  # the place of a part that never moves (a constant factor)


def arranged(items, places) -> list:
    """``items`` sorted by their places, those whose place is FIXED staying in their slots; as
    they are when one has no place (None)."""
    items = list(items)
    if any(at is None for at in places):
        return items
    slots = [i for i, at in enumerate(places) if at is not FIXED]
    ordered = sorted(slots, key=lambda i: places[i])
    out = list(items)
    for slot, i in zip(slots, ordered):
        out[slot] = items[i]
    return out


def terms(e, as_textbook: bool = True) -> list:
    """A sum's terms in the order written, and a textbook's for those never written (with
    ``as_textbook`` false, as they stand: the JSON's SymPy syntax keeps SymPy's order there)."""
    args = list(e.args) if isinstance(e, Add) else [e]
    w = current()
    if len(args) < 2:
        return args
    other = textbook if as_textbook else list
    if not w.parts:
        return other(args)
    places, anchor = [], w.place(e) or w.place(-e)  # where the sum itself was written, if it was
    for t in args:  # all or nothing: stop at the first term never written
        places.append(w.place(t, "term", anchor))
        if places[-1] is None:
            return other(args)
    ordered = arranged(args, places)
    return leading(ordered, w) if as_textbook else ordered


def positive_first(args: list) -> list:
    """``args`` with the first term not written with a minus moved to the front (−1 + x: x − 1)."""
    first = next((i for i, t in enumerate(args) if not split_sign(t)[0]), 0)
    return [args[first]] + args[:first] + args[first + 1:]


def leading(args: list, w: Writing) -> list:
    """The written order, except that a term written with the other sign does not lead with a
    minus when a term written as it is positive could: −(1 − x) is x − 1, not −1 + x."""
    if not split_sign(args[0])[0] or key(args[0]) in w.places["term"]:
        return args
    return positive_first(args)


def degree(term) -> int | None:
    """The total degree of a monomial c·x^a·y^b (numbers of degree 0), None for anything else."""
    total = 0
    for f in Mul.make_args(split_sign(term)[1]):
        if f.is_number:
            continue
        if isinstance(f, (Symbol, Indexed)):
            total += 1
        elif isinstance(f, Pow) and isinstance(f.base, (Symbol, Indexed)) and isinstance(f.exp, Integer) and f.exp > 0:
            total += int(f.exp)
        else:
            return None
    return total


def textbook(args) -> list:
    """A sum's terms as a textbook orders them: its monomials in one symbol by descending degree in
    the places monomials have (stable, so terms of one degree keep their order: x² − 2x + 1, −x³ + x² − 1,
    2x(x − 1) − x² − 1), then a positive term first in a binomial or a sum that is no polynomial:
    1 − y², 2y − 1, eʸ − 1, cos x − x sin x (the other terms keep their order: 1 + e⁻ˣ).  A sum
    held to show terms that cancel keeps the order it was built in: (1 − y) + y is 1 − y + y,
    not −y + y + 1."""
    original = list(args)
    if _cancelling(original):
        return positive_first(original)
    degrees = [degree(t) for t in original]
    slots = [i for i, k in enumerate(degrees) if k is not None]  # the monomials' places
    if len({s for i in slots for s in original[i].free_symbols}) > 1:
        slots = []  # in several symbols (y + αλ): no degree says which comes first
    args = list(original)
    for slot, i in zip(slots, sorted(slots, key=lambda i: -degrees[i])):
        args[slot] = original[i]
    if None not in degrees and len(args) > 2:
        return args
    return positive_first(args)


def _cancelling(args: list) -> bool:
    """Whether two of a sum's terms cancel (t and −t)."""
    seen = set()
    for t in args:
        sign, body = split_sign(t)
        if (not sign, key(body)) in seen:
            return True
        seen.add((sign, key(body)))
    return False


def factors(fs) -> list:
    """A product's factors in the order written; a number keeps its place."""
    product = fs if isinstance(fs, Mul) else None
    fs = list(fs.args) if isinstance(fs, Mul) else list(fs)
    w = current()
    if len(fs) < 2 or not w.parts:
        return _letters(fs)
    anchor = w.place(product if product is not None else Mul(*fs))  # where the product was written
    places = []
    for f in fs:
        places.append(FIXED if f.is_number else w.place(f, "factor", anchor))
        if places[-1] is None:
            return _letters(fs)
    return arranged(fs, places)


def _letters(fs: list) -> list:
    """Letters SymPy multiplied, as it prints them: βy, although it stores the positive y first;
    an integer's letter before π, as a textbook writes it (2kπ, SymPy's 2πk); held letters (a
    rule's order) and products of anything else as they stand."""
    if len(fs) < 2 or Mul(*fs).args != tuple(fs):
        return fs
    if all(isinstance(f, Symbol) for f in fs):
        return list(Mul(*fs).as_ordered_factors())
    if all(f.is_Number or f.is_NumberSymbol or (isinstance(f, Symbol) and f.is_integer) for f in fs):
        return sorted(fs, key=lambda f: 0 if f.is_Number else 1 if isinstance(f, Symbol) else 2)
    return fs


def writing_of(d) -> Writing:
    """The writing of a derivation's input (see :func:`writing_of_input`)."""
    return writing_of_input(d.input)


def writing_of_input(source: str) -> Writing:
    """The writing of an input: a catalog entry's definition as catalog.py has it, else the
    expression the user typed."""
    from .catalog import lookup

    entry = lookup(source) if isinstance(source, str) else None
    text = entry.definition if entry is not None else source
    return _writing(text) if isinstance(text, str) else NOTHING


@lru_cache(maxsize=64)
def _writing(text: str) -> Writing:
    from .parse import ParseError, written

    try:
        return Writing(written(text))
    except (ParseError, ValueError, TypeError, RecursionError):
        return NOTHING


def in_writing(function):
    """Decorate a printer of one derivation (its first argument): it prints in the derivation's
    writing."""
    @wraps(function)
    def printed(d, *args, **kwargs):
        with following(writing_of(d)):
            return function(d, *args, **kwargs)
    return printed
