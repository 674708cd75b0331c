"""A joint's words that text, LaTeX and Markdown share: f's value where a branch holds there alone
(sinc: 1 at 0), whether f tends to it, and whether f′ tends to the derivative there.

Each format passes ``maths`` (an expression as that format writes it) and ``run`` (a run of maths
in the prose: as it is in text, between dollars in LaTeX).
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import AccumBounds, Expr, Symbol, count_ops

LETTERS = "abcgpqrsmn"  # a joint's letter: not d (d/dx), k (a family's index), u, v (the cached values)
LONG = 8  # operations: a joint written with more (a cubic's root in radicals) is named by a letter


def place(k) -> Expr:
    """Where a joint is: its point, or for a periodic family (|sin x|) its members at + period·k."""
    return k.at if getattr(k, "period", None) is None else k.at + k.period * k.index


def family_words(k, maths, run) -> str:
    """" (k an integer)" after a periodic family's place; "" after a single joint's."""
    return "" if getattr(k, "period", None) is None else f" ({run(maths(k.index))} an integer)"


def family_value_words(k, maths, run) -> str:
    """f's value at a periodic family's members where it depends on the member (max(sin x, cos x):
    (−1)ᵏ·√2/2 at π/4 + kπ); "" elsewhere."""
    if getattr(k, "period", None) is None or k.point or k.value is None or not k.value.has(k.index):
        return ""
    return f"{run(f'f = {maths(k.value)}')} there; "


def point_words(k, maths, run) -> str:
    """f's value at a joint where a branch holds alone, and whether f tends to it."""
    at = run(f"f({maths(k.at)}) = {maths(k.value)}")
    f = run("f")
    if k.continuous:
        return f"{at}, the limit of {f} there, so {f} is continuous there; "
    if k.limit is not None:
        return f"{at}, but {f} tends to {run(maths(k.limit))} there, so {f} is not continuous there, and "
    left, right = (run(maths(v)) for v in k.limits)
    return f"{at}, but {f} tends to {left} from the left and {right} from the right, and "


def slope_words(k, run, prime: str = "f′") -> str:
    """Whether f′ tends to the derivative at a joint where it came from the difference quotient
    (said only where it was examined: a piece not analytic there)."""
    df = run(prime)
    if k.slope_limit_exists:
        return f", which {df} tends to there too"
    if k.slope_limit_exists is False:
        return f", the limit of the difference quotient: {df} itself has no limit there"
    return ""


def one_sided(k, maths) -> str:
    """The one-sided derivatives of a joint that is not differentiable; where the difference
    quotient has no limit on a side (x·sin(1/x) at 0), that side has none."""
    none = [v.has(AccumBounds) for v in (k.left, k.right)]
    if all(none):
        return "the difference quotient has a limit on neither side"
    left, right = ("none (the difference quotient has no limit)" if n else maths(v)
                   for n, v in zip(none, (k.left, k.right)))
    return f"left derivative {left}, right derivative {right}"


class Letter(Symbol):
    """A joint's letter: not a free symbol of its own (a derivative written in it is still d/dx)."""

    @property
    def free_symbols(self):
        return set()


@dataclass(frozen=True)
class Named:
    """A joint too long to write in a sentence, named: a letter, its value to four figures, and the
    polynomial it is a root of, where the joint's analysis found it (None elsewhere)."""
    letter: Symbol
    at: Expr
    approx: str
    polynomial: Expr | None
    equation: Expr | None = None  # a joint located numerically: the equation it is a root of (3x = eˣ)

    def written(self, e: Expr) -> Expr:
        """``e`` with the joint written as its letter."""
        return e.xreplace({self.at: self.letter})

    def approximately(self, e: Expr, sign: str = "≈") -> str:
        """" ≈ v" for an irrational value at the joint (−2a/(2 + a²)² ≈ −0.1864); else ""."""
        if not e.has(self.at) or not e.is_number:
            return ""
        try:
            return f" {sign} {float(e.evalf(15)):.4g}"
        except (TypeError, ValueError):
            return ""


def named_joint(k, taken) -> Named | None:
    """The joint as a letter (a, b or c, whichever the derivation does not use) where ``k.at`` is an
    irrational number longer than :data:`LONG` operations: Max(1/(2 + x²), x) switches at the real
    root of x³ + 2x − 1, which SymPy writes in nested radicals, and the sentence would repeat them
    four times.  None for a joint short enough to write (0, −1, √2, π/2)."""
    at = k.at
    equation = getattr(k, "equation", None)
    if not at.is_number or at.is_Rational or (count_ops(at) <= LONG and equation is None):
        return None
    names = {str(t) for t in taken}
    letter = next((Letter(c) for c in LETTERS if c not in names), None)
    if letter is None:
        return None
    try:
        approx = f"{float(at.evalf(15)):.4g}"
    except (TypeError, ValueError):
        return None
    return Named(letter, at, approx, getattr(k, "polynomial", None), equation)


def named_words(n: Named, maths, run, sign: str = "≈") -> str:
    """What the letter stands for, once: a ≈ 0.4534, a root of x³ + 2x − 1 = 0 (where the joint's
    polynomial is known); else its value written out, a = π/3 + √5·log 2 + e^{1/3} ≈ 3.993."""
    if n.equation is not None:
        lhs, rhs = n.equation.args
        return f"{run(f'{maths(n.letter)} {sign} {n.approx}')}, a root of {run(maths(lhs) + ' = ' + maths(rhs))}"
    if n.polynomial is None:
        return run(f"{maths(n.letter)} = {maths(n.at)} {sign} {n.approx}")
    return f"{run(f'{maths(n.letter)} {sign} {n.approx}')}, a root of {run(maths(n.polynomial) + ' = 0')}"


def joint_names(d) -> list[Named]:
    """The derivation's joints too long to write, each named by its own letter (a, b, c): not a
    letter the derivation uses -- its symbols, its cached values' names, the point of the "no form
    in y" sentence's witness (f(1) = f(b) ≈ 0.2817 for b ≈ 0.4067)."""
    import re

    taken = set(d.definition.free_symbols) | set(d.constants) | {t for t, _ in d.cached_values}
    taken |= set(re.findall(r"\bfor (\w+) ≈", d.note or ""))
    found = []
    for k in d.kinks:
        n = named_joint(k, taken)
        if n is not None:
            found.append(n)
            taken.add(n.letter)
    return found


def named_for(k, d) -> Named | None:
    """The letter of the joint ``k`` of ``d``, where it has one."""
    return next((n for n in joint_names(d) if n.at == k.at), None)


def letter_table(d) -> dict:
    """{joint: its letter}: every line, the Result and the joint's sentence write the joint so."""
    return {n.at: n.letter for n in joint_names(d)}


def letters_words(d, maths, run, sign: str = "≈") -> str:
    """What each joint's letter stands for, said once before the lines that use it: "Let a ≈
    0.4534 be the root of x³ + 2x − 1 = 0 where the pieces meet."; joints located numerically at
    roots of one equation together, "Let a ≈ 0.6191 and b ≈ 1.512 be roots of 3x = eˣ where the
    pieces meet.", and where they were sought; "" where no joint is named."""
    names = joint_names(d)
    said, located = [], [n for n in names if n.equation is not None]
    for n in names:
        if n.equation is None:
            w = named_words(n, maths, run, sign).replace(", a root of", " be the root of", 1)
            said.append(w + (" where the pieces meet" if n.polynomial is not None else ", where the pieces meet"))
        elif n is next(m for m in located if m.equation == n.equation):  # (the first of its equation)
            same = [m for m in located if m.equation == n.equation]
            lhs, rhs = n.equation.args
            points = [run(f"{maths(m.letter)} {sign} {m.approx}") for m in same]
            listed = points[0] if len(points) == 1 else ", ".join(points[:-1]) + " and " + points[-1]
            what = "a root" if len(same) == 1 else "roots"
            said.append(f"{listed} be {what} of {run(maths(lhs) + ' = ' + maths(rhs))} where the pieces meet")
    words = "".join(f"Let {w}. " for w in said)
    if located:
        from ..located import WINDOW

        le = r" \le " if run("") == "$$" else " ≤ "  # (LaTeX's run is math mode)
        span = run(le.join(maths(e) for e in (-int(WINDOW), d.variable, int(WINDOW))))
        words += (f"{'These were' if len(located) > 1 else 'It was'} "
                  f"found numerically, among {span}; no joint beyond was sought. ")
    return words.strip()
