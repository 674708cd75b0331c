"""The expected line of ``derive check`` in the student's own writing.

An expected line is an expression SymPy has sorted (−1 − x² + 2x(−1 + x)).  It is rebuilt,
held unevaluated, with its sums and products in the order the student wrote them (the parts
of their lines with the places they were written, :func:`derive.parse.written`), so that
every printer shows it that way:

* a sum takes the order of the written sum that has most of its terms (up to their signs);
  terms that make up a sum written in brackets as one term are taken together again after a
  minus: 2x(x − 1) − (x² + 1), not 2x(x − 1) − x² − 1, where (x² + 1) was written;
  a term the student did not write goes where the written term is that shares most factors
  with it (2x³e^{2x} where x³e^{2x} was); a positive term leads (1 − s, not −s + 1);
* a polynomial in the variable with a term never written, and a sum with a term that
  matches nothing, are in the textbook's order, by falling powers (x² − 2x − 1); where no
  written sum has its terms, those written anywhere come first (2x sin x + x² cos x after
  2x sin x);
* in a product the number comes first, then the factors the written term does not have
  (in the textbook's order), then those it has (up to their signs), in the order written there;
  a sum takes the place of a written sum, a call of a function that of a written call of the
  same function (−2x e^(−x²) where −2x e^(x²) was written).

Only the order changes, never the value: a rebuilt expression that is not the same
expression is dropped for the one given.
"""
from __future__ import annotations

from sympy import Add, Expr, Function, Mul, Pow

from .expr import canon
from .order import Writing, key, nodes

MAX_NODES = 400  # a larger expected line is printed as SymPy sorts it


def as_written(e: Expr, writing: Writing, x, line: Expr | None = None) -> Expr:
    """``e`` with its sums and products in ``writing``'s order (the textbook's where it says
    nothing); ``line`` is the student's line it stands for, the model of a product at the top."""
    e = canon(e)
    if nodes(e, MAX_NODES + 1) > MAX_NODES:
        return e
    try:
        out = _Arranger(writing, x).arrange(e, line)
    except (TypeError, ValueError, AttributeError, RecursionError):
        return e
    return out if canon(out) == e else e


def factors_as_written(fs: list, writing: Writing, x, line: Expr | None) -> list:
    """The factors ``fs`` of a product held as a rule built it (2·(x − 2)) in the order of the
    student's ``line``: e^(3x)·(3 cos x − sin x) where e^(3x)(3 cos x + sin x) was written; a
    number first.  Only the order changes."""
    numbers = [f for f in fs if f.is_number]
    try:
        rest = _Arranger(writing, x).ordered([f for f in fs if not f.is_number], line)
    except (TypeError, ValueError, AttributeError, RecursionError):
        return fs
    return numbers + rest if len(numbers) + len(rest) == len(fs) else fs


def _shape(e: Expr) -> set:
    """The keys of the non-numeric factors of a term."""
    return {key(f) for f in Mul.make_args(e) if not f.is_Rational}  # ln 3 is a factor, 2 is not


def _bases(e: Expr) -> set:
    """The keys of the bases of a term's non-numeric factors (x for x^2)."""
    return {key(f.base if isinstance(f, Pow) and f.exp.is_number else f) for f in Mul.make_args(e) if not f.is_number}


def _bracket(e: Expr):
    """The sum in brackets of a written term: (x² + 1), or x² − 1 of −(x² − 1); None if none."""
    if isinstance(e, Add):
        return e
    if isinstance(e, Mul) and len(e.args) == 2 and e.args[0] == -1 and isinstance(e.args[1], Add):
        return e.args[1]
    return None


def _head(e: Expr):
    """What a factor is, whatever its inside: a sum, or a call of one function (exp for e^(x²) and
    e^(−x²)), or a power of one; None for anything else."""
    if isinstance(e, Add):
        return Add
    if isinstance(e, Function) and len(e.args) == 1:
        return e.func
    if isinstance(e, Pow) and e.exp.is_number:  # (x² + 1)⁴ where (x⁸ + 1) was written
        return _head(e.base)
    return None


def _signed(e: Expr) -> tuple:
    """The keys of a term and of its negative: a term is matched up to its sign."""
    return key(e), key(-e)


class _Arranger:
    def __init__(self, writing: Writing, x):
        self.x = x
        self.sums, self.places = [], {}  # the written sums (their terms as written); role -> key -> places
        for p, at, role in writing.parts:
            if isinstance(p, Add) and p not in self.sums:
                self.sums.append(p)
            self.places.setdefault(role, {}).setdefault(key(p), []).append(at)
        self.groups = list(dict.fromkeys(_bracket(p) for p, _, role in writing.parts if _bracket(p)))
        terms = self.places.get("term", {})  # a sum SymPy made of what was written otherwise (2(x + 1)) is no model
        self.sums = [p for p in self.sums if all(key(a) in terms or key(-a) in terms for a in p.args)]

    def place(self, e: Expr, role: str, after=()):
        """The first place at or after ``after`` where ``e`` was written in ``role``, or None."""
        found = [at for at in self.places.get(role, {}).get(key(e), ()) if at >= after]
        return min(found) if found else None

    def arrange(self, e: Expr, model: Expr | None) -> Expr:
        """``e`` rearranged; ``model`` is the written product or term it stands for, if any."""
        if isinstance(e, Add):
            return self.add(e)
        if isinstance(e, Mul):
            return self.mul(e, model)
        if isinstance(e, Pow):
            base = self.arrange(e.base, None)
            return e if base is e.base else Pow(base, e.exp, evaluate=False)
        if isinstance(e, Function) and e.args:
            args = [self.arrange(a, None) for a in e.args]
            return e if all(a is b for a, b in zip(args, e.args)) else e.func(*args, evaluate=False)
        return e

    def bracketed(self, terms: list) -> list:
        """The terms that make up a sum written in brackets after a minus, taken together again:
        −x² − 1 as −(x² + 1) where (x² + 1) was written as a term."""
        for p in self.groups:
            need = [-a for a in p.args]
            if len(need) < len(terms) and all(n in terms for n in need):
                return [t for t in terms if t not in need] + [Mul(-1, p, evaluate=False)]
        return terms

    def written_sum(self, terms: list):
        """The written sum with most of ``terms`` (up to sign), or None."""
        best, most = None, 0
        for p in self.sums:
            mine = {key(a) for a in p.args}
            n = sum(1 for t in terms if mine & set(_signed(t)))
            if n > most:
                best, most = p, n
        return best

    def add(self, e: Add) -> Expr:
        textbook = self.bracketed(list(e.as_ordered_terms()))
        model, pairs = self.written_sum(textbook), None
        polynomial = e.free_symbols <= {self.x} and e.is_polynomial(self.x)
        if model is not None:
            where = [self.match(t, model.args) for t in textbook]
            exact = all(exact for _, _, exact in where)
            one_to_one = len({k for k, _, _ in where}) == len(textbook) == len(model.args)  # 2 + 3x for 2 + 3x^2
            if all(k is not None for k, _, _ in where) and (exact or one_to_one or not polynomial):
                rank = sorted(range(len(textbook)), key=lambda i: (where[i][0], self.place(textbook[i], "") or ()))
                pairs = [(textbook[i], where[i][1]) for i in rank]
        if pairs is None and not polynomial:  # no written sum to follow: the terms they wrote first
            at = {i: self.place(t, "") or self.place(-t, "") for i, t in enumerate(textbook) if not t.is_Rational}
            seen = sorted((i for i in at if at[i] is not None), key=lambda i: at[i])
            pairs = [(textbook[i], textbook[i]) for i in seen] + [
                (t, None) for i, t in enumerate(textbook) if i not in seen]
        pairs = pairs or [(t, None) for t in textbook]
        lead = next((i for i, (t, _) in enumerate(pairs) if not t.could_extract_minus_sign()), 0)
        pairs.insert(0, pairs.pop(lead))
        return Add(*[self.arrange(t, m) for t, m in pairs], evaluate=False)

    @staticmethod
    def match(t: Expr, written: tuple):
        """(index, written term, exact) of ``t`` in a written sum: itself up to sign, else the term
        sharing most factors with it; (None, None, False) if none shares one."""
        keys = set(_signed(t))
        for k, a in enumerate(written):
            if key(a) in keys:
                return k, a, True
        if t.is_Rational:  # a number where the written sum has one
            return next(((k, a, False) for k, a in enumerate(written) if a.is_Rational), (None, None, False))
        for shape_of in (_shape, _bases):  # the factors, else their bases: 3x where 3x^2 was written
            shape, best = shape_of(t), (0, None, None)
            for k, a in enumerate(written):
                common = len(shape & shape_of(a))
                if common > best[0]:
                    best = (common, k, a)
            if best[1] is not None:
                break
        return best[1], best[2], False

    def mul(self, e: Mul, model: Expr | None) -> Expr:
        coeff, rest = e.as_coeff_mul()
        fs = list(Mul(*rest).as_ordered_factors()) if rest else []
        parts = ([coeff] if coeff != 1 else []) + [self.arrange(f, None) for f in self.ordered(fs, model)]
        if len(parts) == 1:
            return parts[0]
        return Mul(*parts, evaluate=False)

    def ordered(self, fs: list, model: Expr | None) -> list:
        """The factors ``fs`` of a product in the order of the written product ``model``: those it
        does not have first (in their order), then those it has, in the order written there."""
        mine = {key(f) for f in Mul.make_args(model)} if model is not None else set()
        start = (self.place(model, "term") or self.place(model, "") or ()) if model is not None else ()
        places = {}
        alike = [a for a in Mul.make_args(model) if _head(a) is not None and key(a) not in {key(f) for f in fs}] \
            if model is not None else []
        for f in fs:  # a factor matched up to its sign: s(1 − s) where s(s − 1) was written
            written = next((w for w in (f, -f) if key(w) in mine), None)
            same = [a for a in alike if _head(a) == _head(f)]
            if written is None and same:  # a sum where a sum was written: x(2 + 3x); e^(−x²) where e^(x²) was
                written = same[0]
                alike.remove(written)
            at = [] if written is None else [self.place(w, "factor", start) for w in (written, -written)]
            places[key(f)] = min((a for a in at if a is not None), default=None)  # −e^x sin(x): e^x was written
        known = [f for f in fs if places.get(key(f)) is not None]
        fresh = [f for f in fs if f not in known]
        return fresh + sorted(known, key=lambda f: places[key(f)])
