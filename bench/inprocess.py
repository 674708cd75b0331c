"""Item 2: in-process time per catalog entry (derivation + verification + LaTeX).

For every entry of ``derive.catalog.CATALOG`` (and a few expressions that are
not in it), ``derive.engine.derive(name)`` followed by ``.to_latex()`` is timed
with ``perf_counter``: the first call in this process (cold SymPy caches), then
the median of ``runs`` further calls, and the median of ``runs`` calls each after
:func:`clear_derive_caches`.  derive keeps some results per expression between calls
(canon, cost, the cached-value search's points, a piece's values: ``functools.lru_cache``),
as SymPy does; repeating one input reuses them, so the second median is the work one
derivation does when nothing of it was computed before (SymPy's cache stays warm in
both).  Verification is part of ``derive``: every step is checked numerically before it
returns, on every call (a checker's verdicts live only as long as its derivation).  The
20 ms target is shown per entry for information; nothing fails on time.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

TARGET_MS = 20.0
EXPRESSIONS = ["exp(x)/(1+exp(x))", "log(1+exp(x))", "tanh(3*x)", "x/(1+exp(-x))",
               "sin(x)", "x^2"]


def count_steps(steps) -> int:
    """Steps with all their sub-steps, recursively."""
    return sum(1 + count_steps(s.substeps) for s in steps)


@dataclass
class Timing:
    source: str
    first: float = 0.0  # seconds
    median: float = 0.0
    cleared: float = 0.0  # median with derive's caches cleared before each call
    steps: int = 0
    verified: bool = False
    parts: dict = field(default_factory=dict)  # median seconds per part (bench/parts.py)
    error: str = ""


def one_run(source: str):
    """Seconds for derive + verification + LaTeX, the derivation, and the time in its parts."""
    from parts import parts  # bench/parts.py (bench/run.py puts bench/ on sys.path)
    from derive.engine import derive
    with parts() as spent:
        start = time.perf_counter()
        d = derive(source)
        d.to_latex()
        return time.perf_counter() - start, d, spent


def clear_derive_caches() -> int:
    """Clear every ``functools.lru_cache`` in derive's loaded modules; how many there were."""
    import sys
    cleared = 0
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] != "derive" or module is None:
            continue
        for obj in list(vars(module).values()):
            if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", None) == name:
                obj.cache_clear()
                cleared += 1
    return cleared


def _cleared_run(source: str) -> float:
    clear_derive_caches()
    return one_run(source)[0]


def time_source(source: str, runs: int) -> Timing:
    timing = Timing(source)
    try:
        timing.first, d, _ = one_run(source)
        samples = [one_run(source) for _ in range(max(runs, 1))]
        timing.cleared = statistics.median(_cleared_run(source) for _ in range(max(runs, 1)))
    except Exception as exc:  # report, never fail
        timing.error = f"{type(exc).__name__}: {exc}"
        return timing
    timing.median = statistics.median(s for s, _, _ in samples)
    timing.parts = {key: statistics.median(p[key] for _, _, p in samples) for key in samples[0][2]}
    timing.steps, timing.verified = count_steps(d.steps), d.verified
    return timing


def catalog_names() -> list[str]:
    from derive.catalog import CATALOG
    return [entry.name for entry in CATALOG]


def time_all(runs: int) -> tuple[list[Timing], list[Timing]]:
    """(catalog entries, other expressions)."""
    return ([time_source(n, runs) for n in catalog_names()],
            [time_source(e, runs) for e in EXPRESSIONS])


def _rows(timings: list[Timing]) -> list[str]:
    lines = ["| input | steps | verified | first call (ms) | median (ms) | <= 20 ms "
             "| median, derive's caches cleared (ms) | <= 20 ms "
             "| output form (ms) | rewrites (ms) | verification (ms) |",
             "|---|---:|:---:|---:|---:|:---:|---:|:---:|---:|---:|---:|"]
    for t in timings:
        if t.error:
            lines.append(f"| `{t.source}` | | | | failed: `{t.error}` | | | | | | |")
            continue
        ok = "yes" if t.median * 1e3 <= TARGET_MS else "**no**"
        ok_cleared = "yes" if t.cleared * 1e3 <= TARGET_MS else "**no**"
        lines.append(f"| `{t.source}` | {t.steps} | {'yes' if t.verified else '**NO**'} | "
                     f"{t.first * 1e3:.1f} | {t.median * 1e3:.1f} | {ok} | {t.cleared * 1e3:.1f} | {ok_cleared} | "
                     + " | ".join(f"{v * 1e3:.1f}" for v in t.parts.values()) + " |")
    return lines


def inprocess_section(entries: list[Timing], others: list[Timing], runs: int) -> list[str]:
    good = [t for t in entries if not t.error]
    over = [t.source for t in good if t.median * 1e3 > TARGET_MS]
    over_cleared = [t.source for t in good if t.cleared * 1e3 > TARGET_MS]
    lines = ["## 2. In-process time per catalog entry", "",
             "`derive(name)` (derivation + numeric verification of every step) + `.to_latex()`; "
             f"first call in the process, then the median of {runs} further calls (warm SymPy caches), "
             f"and the median of {runs} calls each after clearing derive's own caches (`lru_cache`s of "
             "results per expression: a repeated input reuses them; the cleared median is the work of a "
             "derivation nothing of which was computed before). "
             f"Steps count sub-steps recursively. Target: each <= {TARGET_MS:.0f} ms. The last three "
             "columns are medians of the time inside the search for the output form (`outform.find`), "
             "the search through the algebra rules (`search.search`) and the verification of steps "
             "(`Checker.equal`), measured by wrapping them (bench/parts.py).", ""]
    lines += _rows(entries)
    verdict = "all met" if not over else f"over for {', '.join(f'`{s}`' for s in over)}"
    verdict_cleared = "all met" if not over_cleared else f"over for {', '.join(f'`{s}`' for s in over_cleared)}"
    lines += ["", f"- {len(good) - len(over)} of {len(entries)} entries within {TARGET_MS:.0f} ms "
              f"(median): **{verdict}**.",
              f"- {len(good) - len(over_cleared)} of {len(entries)} entries within {TARGET_MS:.0f} ms "
              f"with derive's caches cleared: **{verdict_cleared}**.",
              "", "Other expressions (not in the catalog), same measure:", ""]
    return lines + _rows(others) + [""]
