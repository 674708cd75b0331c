"""Which sub-steps a printer shows, and which it folds into their parent's line.

A lecturer does not write out d/dx (1) = 0 or d/du eᵘ = eᵘ on a line of its own: the
derivative of an elementary piece is done in the head, and the line that uses it says
which rules it took.  :func:`shown` turns a derivation's steps into the tree a printer
shows: each :class:`Shown` line keeps its step, its number among the lines shown, the
sub-steps folded into it (their rules are still named on its line) and the sub-steps
still shown under it.

``depth`` chooses how much is shown: ``None`` what a lecturer shows (sub-steps that
differentiate an elementary piece folded, nothing deeper than :data:`LECTURER_DEPTH`),
an integer N every sub-step down to depth N (0: the top-level steps only), :data:`ALL`
everything.  A step that failed its check is shown whatever the depth, with the steps above it.  JSON does not fold: it always holds every step.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sympy import Derivative

from ..expr import canon
from ..step import Step
from .page import ALL

LECTURER_DEPTH = 2  # the default shows sub-steps down to this depth (2.1.1; a line deeper is done in the head)
ELEMENTARY_OPERATIONS = 2  # a piece with at most this many operations is differentiated in the head: e^{-x}, x^3, -x


@dataclass
class Shown:
    """A line a printer shows: ``step``, its ``number`` (1, 2.1, …), the steps folded into it
    (every one below it that is not shown, in order) and the sub-steps shown under it."""

    step: Step
    number: str
    folded: list[Step] = field(default_factory=list)
    substeps: list["Shown"] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        """This line and every step folded into it passed the check."""
        return self.step.verified and all(s.verified for s in self.folded)

    def walk(self):
        yield self
        for s in self.substeps:
            yield from s.walk()


def elementary(step: Step) -> bool:
    """A sub-step that differentiates an elementary piece (1, x, eᵘ, -x, x³, e^{-x}): a lecturer
    writes its result without a line of its own."""
    before = getattr(step, "derived", step).before  # an abbreviated line is judged as it was derived
    if not isinstance(before, Derivative):
        return False
    return before.expr.count_ops() <= ELEMENTARY_OPERATIONS


def _fold(step: Step, number: str, level: int, depth: int | None) -> Shown:
    line = Shown(step, number)
    limit = LECTURER_DEPTH if depth is None else depth
    for sub in step.substeps:
        child = _fold(sub, f"{number}.{len(line.substeps) + 1}", level + 1, depth)
        deep = depth != ALL and level + 1 > limit
        failed = not sub.all_verified()  # a step that failed its check is never folded away
        if not failed and (deep or (depth is None and not child.substeps and elementary(sub))):
            line.folded += list(sub.walk())
        else:
            line.substeps.append(child)
    return line


def shown(steps: list[Step], depth: int | None = None) -> list[Shown]:
    """The lines a printer shows for ``steps`` (the top-level steps of a derivation or its
    alternatives), numbered from 1."""
    return [_fold(s, str(i), 0, depth) for i, s in enumerate(steps, 1)]


def folded_rules(line: Shown) -> str:
    """The rules folded into a line, in words: "with the constant, chain and exponential rules"
    ("" when nothing is folded)."""
    titles = list(dict.fromkeys(s.title for s in line.folded))
    if not titles:
        return ""
    if all(t.endswith(" rule") for t in titles):
        names = [t[:-len(" rule")] for t in titles]
        names = [n[0].lower() + n[1:] for n in names]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"with the {joined} rule{'s' if len(names) > 1 else ''}"
    return "with: " + "; ".join(titles)


def without_unshown_form(d) -> list:
    """d's steps, less the lines that only reach a form the printers do not show: a plain
    expression's form in y that costs more than its Result (log(sinh x) ends at coth x; the lines
    that reach √(1 + e^{2y})e^{−y} from it are in the JSON, not on the page, as the form is not),
    and its form with the forward pass's values where that is the Result with letters (x ln x − x:
    u, u = ln x).  For each, the lines from the one after the Result's to the one that writes the
    form go; those after it stay."""
    if not d.plain or d.order > 1:
        return d.steps
    steps = list(d.steps)
    kept = [d.output_form] if d.shown(d.output_form) else []  # x − ln(1 + eˣ): 1 − eʸ's lines stay
    for form in (d.output_form, d.cached_form):
        if form is not None and not d.shown(form):
            steps = _without(steps, d.written_derivative, form, kept)
    return steps


def _without(steps: list, result, form, kept: list) -> list:
    """``steps`` less the lines after the one that writes ``result`` (or, after it, the last that
    writes a form in ``kept``, which is shown) up to the one that writes ``form``."""
    at_form = canon(form)  # (a line is held in the order shown: x·u, the form u·x)
    reached = next((k for k in range(len(steps) - 1, -1, -1) if canon(steps[k].expression) == at_form), None)
    at = next((k for k, s in enumerate(steps) if s.expression is result), None)
    if at is None or reached is None or reached <= at:
        return steps
    at = max([at] + [k for k in range(at, reached) if steps[k].expression in kept])
    hidden = steps[at + 1:reached + 1]
    if not all(s.all_verified() for s in hidden):
        return steps  # a line that failed its check is shown, wherever it stands
    return steps[:at + 1] + steps[reached + 1:]
