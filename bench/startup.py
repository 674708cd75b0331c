"""Start-up benchmark for ``derive sigmoid``.

What is measured, and how:

1. Whole-process wall time.  ``python -m derive sigmoid`` (and the ``derive``
   console script next to ``sys.executable``, when it exists) is timed against
   ``python -c "import sympy"`` in the same interpreter.  The commands run in
   turn (round-robin, so drift in machine load hits all of them alike), after
   one untimed warm-up run each; every command gets ``--runs`` timed runs
   (default 10).  Time is ``time.perf_counter()`` around ``subprocess.run``,
   stdout goes to DEVNULL.  Reported: median, min, and the ratio
   median(derive) / median(import sympy) against the target of 1.25.  The
   target is informational only: this script never fails on time.
2. In-process time.  After ``import derive.engine``, one derivation plus its
   LaTeX and JSON renderings (``derive.engine.derive``,
   ``derive.printing.latex.render``, ``derive.printing.jsonfmt.render``) is
   timed ``--inproc-runs`` times (default 20) for ``sigmoid`` and a few
   expressions; the first (cold) call and the median are reported.
3. Import costs.  ``python -X importtime -m derive sigmoid`` is run
   ``--importtime-runs`` times (default 3); per module the median of the
   "self" and "cumulative" microseconds is taken.  Reported: the top 15
   modules by cumulative time; and, for the modules that ``derive sigmoid``
   imports but ``python -c "import sympy"`` (same flags) does not, their self
   time summed per top-level package: what start-up costs beyond sympy.
4. The machine: CPU count, platform, Python, and sympy/rich/typer versions.

The Markdown report is printed to stdout and written to bench/results.md.
Only the standard library is used.
"""
from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET = 1.25
EXPRESSIONS = ["sigmoid", "exp(x)/(1+exp(x))", "log(1+exp(x))", "tanh(3*x)",
               "x/(1+exp(-x))", "sin(x)", "x^2"]
SYMPY = "import sympy"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=10, help="timed runs per command (>= 1)")
    p.add_argument("--inproc-runs", type=int, default=20, help="in-process runs per expression")
    p.add_argument("--importtime-runs", type=int, default=3, help="runs of -X importtime")
    p.add_argument("--top", type=int, default=15, help="imports listed by cumulative time")
    p.add_argument("--output", type=Path, default=HERE / "results.md", help="report file")
    return p.parse_args(argv)


# --- 1. whole-process wall time -------------------------------------------------

def commands() -> dict[str, list[str]]:
    """The commands to time, by label; the sympy baseline comes first."""
    cmds = {SYMPY: [sys.executable, "-c", "import sympy"],
            "python -m derive sigmoid": [sys.executable, "-m", "derive", "sigmoid"]}
    script = Path(sys.executable).parent / ("derive.exe" if os.name == "nt" else "derive")
    if script.exists():
        cmds["derive sigmoid (console script)"] = [str(script), "sigmoid"]
    return cmds


def run_once(cmd: list[str]) -> tuple[float, str | None]:
    """Wall time of one run, and the error (last stderr line) if it failed."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          cwd=ROOT, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode == 0:
        return elapsed, None
    tail = (proc.stderr.strip().splitlines() or ["(no stderr)"])[-1]
    return elapsed, f"exit {proc.returncode}: {tail}"


def time_commands(cmds: dict[str, list[str]], runs: int) -> tuple[dict, dict]:
    """Round-robin timing: one warm-up each, then ``runs`` timed runs each."""
    times = {label: [] for label in cmds}
    errors: dict[str, str] = {}
    for label, cmd in cmds.items():
        run_once(cmd)
    for _ in range(runs):
        for label, cmd in cmds.items():
            elapsed, err = run_once(cmd)
            times[label].append(elapsed)
            if err:
                errors.setdefault(label, err)
    return times, errors


def wall_section(times: dict, errors: dict, runs: int) -> list[str]:
    base = statistics.median(times[SYMPY])
    lines = ["## Whole-process wall time", "",
             f"One warm-up run each, then {runs} timed runs each, commands alternating.", "",
             "| command | median (ms) | min (ms) | median / import sympy |",
             "|---|---:|---:|---:|"]
    for label, ts in times.items():
        med = statistics.median(ts)
        lines.append(f"| `{label}` | {med * 1e3:.1f} | {min(ts) * 1e3:.1f} | {med / base:.2f} |")
    lines.append("")
    for label, ts in times.items():
        if label == SYMPY:
            continue
        ratio = statistics.median(ts) / base
        verdict = "met" if ratio <= TARGET else "NOT met"
        verdict = "n/a, the command failed" if label in errors else verdict
        lines.append(f"- `{label}`: ratio {ratio:.2f}, target <= {TARGET}: **{verdict}**")
    for label, err in errors.items():
        lines.append(f"- WARNING: `{label}` failed ({err}); its times are not meaningful")
    return lines + [""]


# --- 2. in-process time ---------------------------------------------------------

def one_derivation(source: str) -> float:
    import derive.engine
    import derive.printing.jsonfmt
    import derive.printing.latex
    start = time.perf_counter()
    d = derive.engine.derive(source)
    derive.printing.latex.render(d)
    derive.printing.jsonfmt.render([d])
    return time.perf_counter() - start


def time_inprocess(runs: int) -> tuple[float, dict[str, tuple[float, float]] | str]:
    """Import time of derive.engine, and (first call, median) per expression."""
    start = time.perf_counter()
    try:
        import derive.engine  # noqa: F401
        import derive.printing.jsonfmt  # noqa: F401
        import derive.printing.latex  # noqa: F401
    except Exception as exc:  # report, never fail
        return 0.0, f"{type(exc).__name__}: {exc}"
    imported = time.perf_counter() - start
    results = {}
    for source in EXPRESSIONS:
        try:
            first = one_derivation(source)
            rest = [one_derivation(source) for _ in range(runs)]
        except Exception as exc:
            return imported, f"{source!r}: {type(exc).__name__}: {exc}"
        results[source] = (first, statistics.median(rest))
    return imported, results


def inprocess_section(imported: float, results, runs: int) -> list[str]:
    lines = ["## In-process time", ""]
    if isinstance(results, str):
        return lines + [f"In-process benchmark failed: `{results}`", ""]
    lines += [f"`import derive.engine` (+ printers) in this process: {imported * 1e3:.1f} ms "
              "(sympy included).", "",
              f"derive + LaTeX render + JSON render; first call, then median of {runs} runs.", "",
              "| expression | first call (ms) | median (ms) |", "|---|---:|---:|"]
    for source, (first, med) in results.items():
        lines.append(f"| `{source}` | {first * 1e3:.2f} | {med * 1e3:.2f} |")
    return lines + [""]


# --- 3. import costs ------------------------------------------------------------

def parse_importtime(stderr: str) -> dict[str, tuple[int, int]]:
    """``{module: (self_us, cumulative_us)}`` from ``-X importtime`` output."""
    table = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue  # the header line
        table[parts[2].strip()] = (int(parts[0]), int(parts[1]))
    return table


def importtime_runs(args: list[str], runs: int) -> tuple[dict[str, tuple[float, float]], str | None]:
    """Per-module median (self, cumulative) over ``runs`` runs of python -X importtime ARGS."""
    cmd = [sys.executable, "-X", "importtime", *args]
    samples: dict[str, list[tuple[int, int]]] = {}
    error = None
    for _ in range(max(runs, 1)):
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              cwd=ROOT, text=True)
        if proc.returncode != 0:
            error = f"exit {proc.returncode}"
        for name, pair in parse_importtime(proc.stderr).items():
            samples.setdefault(name, []).append(pair)
    merged = {name: (statistics.median(s for s, _ in v), statistics.median(c for _, c in v))
              for name, v in samples.items()}
    return merged, error


def by_package(table: dict[str, tuple[float, float]]) -> list[tuple[str, float, int]]:
    """Self time summed per top-level package: (package, ms, module count)."""
    sums: dict[str, list] = {}
    for name, (self_us, _) in table.items():
        entry = sums.setdefault(name.split(".")[0], [0.0, 0])
        entry[0] += self_us / 1e3
        entry[1] += 1
    return sorted(((k, v[0], v[1]) for k, v in sums.items()), key=lambda r: -r[1])


def imports_section(table: dict, error: str | None, top: int, runs: int) -> list[str]:
    lines = ["## Import costs (`python -X importtime -m derive sigmoid`)", "",
             f"Median per module over {runs} runs. Cumulative includes the module's own imports.", ""]
    if error:
        lines += [f"WARNING: the command failed ({error}); the import list may be incomplete.", ""]
    lines += [f"Top {top} by cumulative time:", "",
              "| module | self (ms) | cumulative (ms) |", "|---|---:|---:|"]
    ranked = sorted(table.items(), key=lambda kv: -kv[1][1])[:top]
    for name, (self_us, cum_us) in ranked:
        lines.append(f"| `{name}` | {self_us / 1e3:.1f} | {cum_us / 1e3:.1f} |")
    total = sum(s for s, _ in table.values()) / 1e3
    return lines + ["", f"Total import self time: {total:.1f} ms over {len(table)} modules.", ""]


def beyond_section(table: dict, baseline: dict, top: int) -> list[str]:
    """Modules that ``derive sigmoid`` imports and ``import sympy`` does not."""
    extra = {name: v for name, v in table.items() if name not in baseline}
    total = sum(s for s, _ in extra.values()) / 1e3
    lines = ["## Start-up beyond `import sympy`", "",
             f"{len(extra)} modules are imported by `derive sigmoid` but not by `import sympy`; "
             f"their self time sums to {total:.1f} ms. Per top-level package:", "",
             "| package | self (ms) | modules |", "|---|---:|---:|"]
    for pkg, ms, count in by_package(extra)[:top]:
        lines.append(f"| `{pkg}` | {ms:.1f} | {count} |")
    return lines + [""]


# --- 4. machine -----------------------------------------------------------------

def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_section() -> list[str]:
    lines = ["## Machine", "",
             f"- CPUs (os.cpu_count): {os.cpu_count()}",
             f"- Platform: {platform.platform()} ({platform.machine()})",
             f"- Python: {platform.python_implementation()} {platform.python_version()}"
             f" ({sys.executable})"]
    for dist in ("sympy", "rich", "typer", "derive"):
        lines.append(f"- {dist}: {version(dist)}")
    return lines + [""]


# --- report ---------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    runs = max(args.runs, 1)
    report = ["# derive start-up benchmark", "",
              time.strftime("Run at %Y-%m-%d %H:%M:%S %Z."), ""]
    report += machine_section()
    times, errors = time_commands(commands(), runs)
    report += wall_section(times, errors, runs)
    imported, results = time_inprocess(max(args.inproc_runs, 1))
    report += inprocess_section(imported, results, max(args.inproc_runs, 1))
    table, error = importtime_runs(["-m", "derive", "sigmoid"], args.importtime_runs)
    baseline, _ = importtime_runs(["-c", "import sympy"], args.importtime_runs)
    report += imports_section(table, error, args.top, max(args.importtime_runs, 1))
    report += beyond_section(table, baseline, args.top)
    text = "\n".join(report)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
