"""Slow inputs, with their times: what the tests must not time (a busy machine would fail them).

Each input is derived once in-process with a budget (``--timeout`` of bench/run.py, default 30 s):
its time, or that it was given up, and whether the derivation is verified.  The inputs are the
slowest the property tests have met, and two that do not finish (known bugs, reproduced here
instead of in a test with a time limit).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

SLOW = [
    ("loggamma(2 + log(x)**2)", "the slowest of the property tests' examples (a d-unknown step)"),
    ("Piecewise((Heaviside(x**x), x < -1), (2, x <= 2), (1, True))",
     "known bug: no answer in 30 s (Heaviside(x**x) alone takes 0.5 s)"),
    ("Max(Abs(x), atan(x))", "known bug: about 14 s, then NotImplementedError in rules/piecewise.open_pieces"),
]


@dataclass
class Slow:
    source: str
    why: str
    seconds: float = 0.0
    outcome: str = ""  # verified, NOT verified, gave up, or the error


def time_one(source: str, why: str, budget: float) -> Slow:
    from derive.budget import within
    from derive.engine import derive

    row, missing = Slow(source, why), object()
    start = time.perf_counter()
    try:
        d = within(budget, lambda: derive(source, wrt="x"), missing)
        row.outcome = "gave up" if d is missing else ("verified" if d.verified else "NOT verified")
    except Exception as exc:  # report, never fail
        row.outcome = f"{type(exc).__name__}: {str(exc)[:80]}"
    row.seconds = time.perf_counter() - start
    return row


def slow_section(budget: float) -> list[str]:
    rows = [time_one(source, why, budget) for source, why in SLOW]
    lines = ["## 5. Slow inputs", "",
             f"Each derived once in-process, given up after {budget:g} s. No test times these (nor any "
             "input): the property and fuzz tests check what a derivation says, not how long it takes.", "",
             "| input | seconds | outcome | why it is here |", "|---|---:|---|---|"]
    lines += [f"| `{r.source}` | {r.seconds:.2f} | {r.outcome} | {r.why} |" for r in rows]
    return lines + [""]
