"""Item 3: how time and number of steps grow with the size of the input.

Families: nested compositions sin(exp(sin(...x))) of depth 10/20/30/60 (sin and
exp alternate, so values stay in [-1, e] at every level), sums
Σ_{k=1..n} x^k·sin(k·x) and products Π_{k=1..n} (k + sin(k·x)) of 10/25/50/100
terms.  Size is the number of nodes of the parsed SymPy expression
(``preorder_traversal``).  Time is ``derive`` (with verification) + ``.to_latex()``,
with SymPy's cache cleared before every run so that every size starts alike;
the median of up to ``runs`` runs (a case that takes over a second runs once).
A run that exceeds ``timeout`` seconds is given up and shown as such.  Of that
time, the parts spent in the search for the output form (``derive.outform.find``,
which has its own budget of 3 s), in the search through the algebra rules and in
the numeric verification of steps are measured by wrapping those functions
during the run (bench/parts.py).

Inputs deeper than derive's parser allows (derive.parse.MAX_DEPTH levels of
syntax; a chain a*b*c counts as one) would be refused; the benchmark lifts that
limit for its own calls only and marks such rows (none at the current sizes).  The slope of log(time) against log(size)
(least squares, per family) says how the time grows: 1 is linear.
"""
from __future__ import annotations

import math
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

DEPTHS = (10, 20, 30, 60)
TERMS = (10, 25, 50, 100)
QUICK_DEPTHS = (10, 20)
QUICK_TERMS = (10, 25)
ONE_SECOND = 1.0


def nested(depth: int) -> str:
    text = "x"
    for level in range(depth):
        text = f"{'sin' if level % 2 == 0 else 'exp'}({text})"
    return text


def sum_of(n: int) -> str:
    return " + ".join(f"x^{k}*sin({k}*x)" for k in range(1, n + 1))


def product_of(n: int) -> str:
    return "*".join(f"({k} + sin({k}*x))" for k in range(1, n + 1))


FAMILIES = {"nested": (nested, "depth"), "sum": (sum_of, "terms"), "product": (product_of, "terms")}


def cases(quick: bool) -> list[tuple[str, int, str]]:
    """(family, depth or number of terms, source text)."""
    depths, terms = (QUICK_DEPTHS, QUICK_TERMS) if quick else (DEPTHS, TERMS)
    out = [("nested", d, nested(d)) for d in depths]
    return out + [(fam, n, FAMILIES[fam][0](n)) for fam in ("sum", "product") for n in terms]


@dataclass
class Row:
    family: str
    n: int
    size: int = 0  # nodes of the parsed expression
    steps: int = 0
    written: int = 0  # nodes of every step's expression: the size of what is produced
    seconds: float | None = None  # None: failed or timed out
    parts: dict | None = None  # seconds per part (bench/parts.py)
    runs: int = 0
    verified: bool = False
    lifted: bool = False  # parser's depth limit lifted for this input
    error: str = ""


@contextmanager
def depth_limit_lifted():
    import derive.parse
    saved = derive.parse.MAX_DEPTH
    derive.parse.MAX_DEPTH = 10 * saved
    try:
        yield
    finally:
        derive.parse.MAX_DEPTH = saved


def node_count(expr) -> int:
    from sympy import preorder_traversal
    return sum(1 for _ in preorder_traversal(expr))


def needs_lifting(source: str) -> bool:
    from derive.parse import ParseError, parse
    try:
        parse(source)
    except ParseError as exc:
        return "nested too deeply" in str(exc)
    return False


GAVE_UP = object()


def one_run(source: str, timeout: float):
    """(seconds, derivation, seconds per part) for derive + LaTeX from a cleared cache;
    the derivation is GAVE_UP on timeout."""
    from parts import parts  # bench/parts.py (bench/run.py puts bench/ on sys.path)
    from sympy.core.cache import clear_cache
    from derive.budget import within
    from derive.engine import derive

    def work():
        d = derive(source)
        d.to_latex()
        return d

    clear_cache()
    with parts() as spent:
        start = time.perf_counter()
        d = within(timeout, work, GAVE_UP)
        return time.perf_counter() - start, d, spent


def measure(family: str, n: int, source: str, runs: int, timeout: float) -> Row:
    from derive.parse import parse
    row = Row(family, n, lifted=needs_lifting(source))
    with depth_limit_lifted() if row.lifted else _nothing():
        row.size = node_count(parse(source))
        runs_done = []
        try:
            while len(runs_done) < max(runs, 1):
                seconds, d, spent = one_run(source, timeout)
                if d is GAVE_UP:
                    row.error = f"gave up after {timeout:g} s"
                    return row
                runs_done.append((seconds, spent))
                if seconds > ONE_SECOND:
                    break
        except Exception as exc:  # report, never fail
            row.error = f"{type(exc).__name__}: {exc}"[:200]
            return row
    seconds, spent = sorted(runs_done, key=lambda r: r[0])[(len(runs_done) - 1) // 2]  # the median run
    row.seconds, row.runs = seconds, len(runs_done)
    row.parts = spent
    row.steps, row.verified = count_steps(d.steps), d.verified
    row.written = written_nodes(d.steps)
    return row


@contextmanager
def _nothing():
    yield


def count_steps(steps) -> int:
    return sum(1 + count_steps(s.substeps) for s in steps)


def written_nodes(steps) -> int:
    """Nodes of the expressions of all steps and sub-steps: a product of n factors has a
    derivative of n terms of n factors, so this grows like n² there, however it is computed."""
    return sum(node_count(s.expression) + written_nodes(s.substeps) for s in steps)


def fit_slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log(y) against log(x); None with fewer than two distinct x."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if x > 0 and y > 0]
    if len({p[0] for p in pts}) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx


def slopes(rows: list[Row]) -> dict[str, tuple[float | None, ...]]:
    """Per family, on log-log axes: (time against size, steps against size, written nodes
    against size, time against written nodes)."""
    out = {}
    for family in FAMILIES:
        done = [r for r in rows if r.family == family and r.seconds is not None]
        size, seconds, written = [r.size for r in done], [r.seconds for r in done], [r.written for r in done]
        out[family] = (fit_slope(size, seconds), fit_slope(size, [r.steps for r in done]),
                       fit_slope(size, written), fit_slope(written, seconds))
    return out


def run_all(quick: bool, runs: int, timeout: float) -> list[Row]:
    return [measure(fam, n, src, runs, timeout) for fam, n, src in cases(quick)]


def _row_line(r: Row) -> str:
    what = f"{r.family}, {FAMILIES[r.family][1]} {r.n}" + (" (parser limit lifted)" if r.lifted else "")
    if r.seconds is None:
        return f"| {what} | {r.size} | | | {r.error} | | | | | |"
    parts = " | ".join(f"{v:.3f}" for v in r.parts.values())
    return (f"| {what} | {r.size} | {r.steps} | {r.written} | {r.seconds:.3f} | {parts} | "
            f"{r.runs} | {'yes' if r.verified else '**NO**'} |")


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.2f}"


def targets(rows: list[Row]) -> list[str]:
    """The issue's two named targets: depth 30 and the 50-term sum within 1 s."""
    lines = []
    for family, n in (("nested", 30), ("sum", 50)):
        row = next((r for r in rows if r.family == family and r.n == n), None)
        if row is None:
            continue
        ok = row.seconds is not None and row.seconds <= 1.0
        shown = "gave up" if row.seconds is None else f"{row.seconds:.2f} s"
        lines.append(f"- {family} {n}: {shown}, target <= 1 s: **{'met' if ok else 'NOT met'}**")
    return lines


def scaling_section(rows: list[Row], runs: int, plot_note: str) -> list[str]:
    lines = ["## 3. Scaling with the size of the input", "",
             "derive (with verification) + LaTeX, SymPy cache cleared before each run; "
             f"median of up to {runs} runs (one when a run takes over {ONE_SECOND:g} s). "
             "Size: nodes of the parsed expression (`preorder_traversal`). "
             "Steps include sub-steps; written: nodes of all the steps' expressions. Of the time: in the search for the output form "
             "(`outform.find`, budget 3 s), in the search through the algebra rules (`search.search`) "
             "and in the verification of steps (`Checker.equal`) (bench/parts.py). Rows marked "
             "\"parser limit lifted\" would be refused by the CLI (more than derive.parse.MAX_DEPTH levels).", "",
             "| input | size (nodes) | steps | written (nodes) | time (s) | output form (s) | rewrites (s) "
             "| verification (s) | runs | all verified |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    lines += [_row_line(r) for r in rows]
    lines += ["", "Log-log slopes (least squares over the rows that finished; 1 = linear):", "",
              "| family | time vs size | steps vs size | written vs size | time vs written |",
              "|---|---:|---:|---:|---:|"]
    for family, values in slopes(rows).items():
        lines.append(f"| {family} | " + " | ".join(map(_fmt, values)) + " |")
    return lines + [""] + targets(rows) + ["", plot_note, ""]
