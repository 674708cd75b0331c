"""Item 1: whole-process start-up of ``derive sigmoid`` against ``import sympy``.

``python -m derive sigmoid`` (and the ``derive`` console script next to
``sys.executable``, when it exists) is timed against ``python -c "import sympy"``
in the same interpreter.  The commands run in turn (round-robin, so drift in
machine load hits all of them alike), after one untimed warm-up run each; every
command gets ``runs`` timed runs.  Time is ``time.perf_counter()`` around
``subprocess.run``, stdout goes to DEVNULL (plain text), and for one more row to a
pseudo-terminal (what a person at a terminal waits for: colours through rich).
Reported: median, min, and the ratio median(derive) / median(import sympy) against
the target of 1.25 (informational: nothing here fails on time).

First, :func:`compile_derive` byte-compiles derive's modules, as pip does when it
installs a wheel: with an editable install and ``PYTHONDONTWRITEBYTECODE=1`` (set on
this project's machines), every run would otherwise compile them again (≈ 20 ms).

:func:`phases` splits one cold ``derive sigmoid`` into its parts (imports of
sympy, of derive's engine, of the CLI, the derivation, the text output), timed
inside a fresh child process; medians over ``runs`` children.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.25
SYMPY = "import sympy"


AT_TERMINAL = "python -m derive sigmoid, at a terminal (pty)"
# import sympy as derive's CLI does it: the cyclic collector paused during the import and the
# imported objects frozen out of its reach (derive.cli.Collector); no collection walks them,
# neither during the import nor at exit
FROZEN = "import gc; gc.disable(); import sympy; gc.freeze()"


def compile_derive() -> str:
    """Byte-compile derive's modules (where this interpreter imports them from); what was done."""
    script = ("import compileall, os, derive, derive.rules as r; "
              "dirs = {os.path.dirname(derive.__file__), os.path.dirname(r.__file__)}; "
              "print(all(compileall.compile_dir(d, quiet=1) for d in sorted(dirs)))")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    return "compiled" if proc.stdout.strip() == "True" else f"not compiled: {proc.stderr.strip()[-200:]}"


def commands() -> dict[str, list[str]]:
    """The commands to time, by label; the sympy baseline comes first."""
    derive = [sys.executable, "-m", "derive", "sigmoid"]
    cmds = {SYMPY: [sys.executable, "-c", "import sympy"], FROZEN: [sys.executable, "-c", FROZEN],
            "python -m derive sigmoid": derive}
    script = Path(sys.executable).parent / ("derive.exe" if os.name == "nt" else "derive")
    if script.exists():
        cmds["derive sigmoid (console script)"] = [str(script), "sigmoid"]
    if os.name == "posix":
        cmds[AT_TERMINAL] = derive
    return cmds


def run_once(cmd: list[str], terminal: bool = False) -> tuple[float, str | None]:
    """Wall time of one run, and the error (last stderr line) if it failed; stdout is
    DEVNULL, or with ``terminal`` a pseudo-terminal read until the command closes it."""
    if terminal:
        return _run_at_terminal(cmd)
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          cwd=ROOT, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode == 0:
        return elapsed, None
    tail = (proc.stderr.strip().splitlines() or ["(no stderr)"])[-1]
    return elapsed, f"exit {proc.returncode}: {tail}"


def _run_at_terminal(cmd: list[str]) -> tuple[float, str | None]:
    import pty
    main, child = pty.openpty()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=child, stderr=subprocess.DEVNULL, cwd=ROOT)
    os.close(child)
    try:
        while os.read(main, 65536):
            pass
    except OSError:  # EIO: the command closed the terminal
        pass
    code = proc.wait()
    elapsed = time.perf_counter() - start
    os.close(main)
    return elapsed, None if code == 0 else f"exit {code}"


def time_commands(cmds: dict[str, list[str]], runs: int) -> tuple[dict, dict]:
    """Round-robin timing: one warm-up each, then ``runs`` timed runs each."""
    times = {label: [] for label in cmds}
    errors: dict[str, str] = {}
    for label, cmd in cmds.items():
        run_once(cmd, label == AT_TERMINAL)
    for _ in range(runs):
        for label, cmd in cmds.items():
            elapsed, err = run_once(cmd, label == AT_TERMINAL)
            times[label].append(elapsed)
            if err:
                errors.setdefault(label, err)
    return times, errors


def wall_section(times: dict, errors: dict, runs: int, compiled: str = "") -> list[str]:
    base = statistics.median(times[SYMPY])
    lines = ["## 1. Whole-process wall time", "",
             f"One warm-up run each, then {runs} timed runs each, commands alternating; stdout to "
             "/dev/null, except the row at a terminal (a pseudo-terminal, read until closed). "
             f"derive's modules byte-compiled first, as pip does at install: {compiled or 'not asked'}.", "",
             "| command | median (ms) | min (ms) | median / import sympy |",
             "|---|---:|---:|---:|"]
    for label, ts in times.items():
        med = statistics.median(ts)
        lines.append(f"| `{label}` | {med * 1e3:.1f} | {min(ts) * 1e3:.1f} | {med / base:.2f} |")
    lines.append("")
    frozen = statistics.median(times[FROZEN]) if FROZEN in times else None
    for label, ts in times.items():
        if label in (SYMPY, FROZEN):
            continue
        ratio = statistics.median(ts) / base
        verdict = "met" if ratio <= TARGET else "NOT met"
        verdict = "n/a, the command failed" if label in errors else verdict
        against = f"; against `{FROZEN}`: {statistics.median(ts) / frozen:.2f}" if frozen else ""
        lines.append(f"- `{label}`: ratio {ratio:.2f}, target <= {TARGET}: **{verdict}**{against}")
    if frozen:
        lines.append(f"- Of `import sympy`'s {base * 1e3:.0f} ms, {(base - frozen) * 1e3:.0f} ms are the cyclic "
                     "garbage collector walking the imported objects (during the import and once more at exit). "
                     "derive's CLI pauses the collector while SymPy loads and then freezes those objects "
                     "(`derive.cli.Collector`), so it does not pay that; the second ratio compares it with an "
                     "`import sympy` that does not pay it either.")
    for label, err in errors.items():
        lines.append(f"- WARNING: `{label}` failed ({err}); its times are not meaningful")
    return lines + [""]


# --- where a cold `derive sigmoid` spends its time ------------------------------

PHASE_SCRIPT = r"""
import gc, json, time
gc.disable()  # as derive's CLI does (derive.cli.Collector)
marks = [time.perf_counter()]
import sympy
marks.append(time.perf_counter())
sympy.Symbol("a") + sympy.Symbol("b")
marks.append(time.perf_counter())
import derive.engine
marks.append(time.perf_counter())
import derive.cli
gc.freeze()
gc.enable()
marks.append(time.perf_counter())
d = derive.engine.derive("sigmoid")
marks.append(time.perf_counter())
from derive.printing import text
text.render([d])
marks.append(time.perf_counter())
print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))
"""
PHASES = ("import sympy (collector paused, as the CLI does)", "SymPy's first Add (it imports sympy.tensor.tensor lazily)",
          "import derive.engine (beyond sympy)", "import derive.cli (typer)",
          "derive('sigmoid'), cold: derivation + verification",
          "text output (plain, as into a pipe)")


def phases(runs: int) -> dict[str, list[float]] | str:
    """Seconds per phase of a cold ``derive sigmoid``, one list per phase (or an error)."""
    samples: dict[str, list[float]] = {name: [] for name in PHASES}
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", PHASE_SCRIPT], capture_output=True,
                              text=True, cwd=ROOT)
        if proc.returncode != 0:
            return (proc.stderr.strip().splitlines() or ["(no stderr)"])[-1]
        for name, seconds in zip(PHASES, json.loads(proc.stdout.strip().splitlines()[-1])):
            samples[name].append(seconds)
    return samples


def phases_section(samples: dict[str, list[float]] | str, runs: int) -> list[str]:
    lines = ["### Where a cold `derive sigmoid` spends its time", ""]
    if isinstance(samples, str):
        return lines + [f"Phase timing failed: `{samples}`", ""]
    lines += [f"Each phase timed with `perf_counter` inside a fresh `python -c` child "
              f"(no `-m` runpy, no typer argument parsing); median of {runs} children.", "",
              "| phase | median (ms) |", "|---|---:|"]
    total = 0.0
    for name, values in samples.items():
        med = statistics.median(values)
        total += med
        lines.append(f"| {name} | {med * 1e3:.1f} |")
    return lines + [f"| sum of medians | {total * 1e3:.1f} |", ""]
