"""``make bench``: derive's benchmarks, printed and written to bench/results.md.

1. Whole-process start-up of ``derive sigmoid`` against ``import sympy``
   (bench/startup.py), where a cold run spends its time, and its imports
   (bench/imports.py), followed by the hand-written analysis in
   bench/startup-notes.md.
2. In-process time per catalog entry (bench/inprocess.py), with the time spent in
   the searches and the verification (bench/parts.py).
3. Scaling with the size of the input, with a log-log plot in bench/scaling.png
   (bench/scaling.py, bench/plot.py; the plot needs matplotlib: the ``bench`` extra),
   followed by the hand-written analysis in bench/runtime-notes.md.
4. Peak memory (bench/memory.py).
5. Slow inputs, each timed once with a budget (bench/slow.py): what no test may time.
The machine comes first (bench/machine.py).  Benchmarks are not tests: targets
are reported, never enforced, and the exit code is 0 whatever the times.
``--quick`` runs everything with fewer repetitions and smaller inputs.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import imports  # noqa: E402
import inprocess  # noqa: E402
import machine  # noqa: E402
import memory  # noqa: E402
import plot  # noqa: E402
import scaling  # noqa: E402
import slow  # noqa: E402
import startup  # noqa: E402

SECTIONS = ("startup", "inprocess", "scaling", "memory", "slow")
NOTES = HERE / "startup-notes.md"
RUNTIME_NOTES = HERE / "runtime-notes.md"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="few repetitions, small scaling inputs: for trying the script out")
    p.add_argument("--runs", type=int, help="timed whole-process runs per command (default 10; quick 3)")
    p.add_argument("--inproc-runs", type=int, help="in-process runs per catalog entry (default 20; quick 3)")
    p.add_argument("--importtime-runs", type=int, help="runs of -X importtime (default 3; quick 1)")
    p.add_argument("--scaling-runs", type=int, help="runs per scaling case under 1 s (default 3; quick 1)")
    p.add_argument("--timeout", type=float, help="seconds before a scaling case is given up (default 30; quick 10)")
    p.add_argument("--memory-runs", type=int, help="runs per memory measurement (default 3; quick 1)")
    p.add_argument("--top", type=int, default=15, help="imports listed per table")
    p.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    p.add_argument("--output", type=Path, default=HERE / "results.md", help="report file")
    p.add_argument("--plot", type=Path, default=HERE / "scaling.png", help="scaling plot (png)")
    args = p.parse_args(argv)
    defaults = dict(runs=(10, 3), inproc_runs=(20, 3), importtime_runs=(3, 1), scaling_runs=(3, 1),
                    timeout=(30.0, 10.0), memory_runs=(3, 1))
    for name, (full, quick) in defaults.items():
        value = getattr(args, name)
        setattr(args, name, max(value, 1) if value is not None else (quick if args.quick else full))
    args.only = {s.strip() for s in args.only.split(",") if s.strip()}
    return args


def startup_report(args) -> list[str]:
    compiled = startup.compile_derive()
    times, errors = startup.time_commands(startup.commands(), args.runs)
    lines = startup.wall_section(times, errors, args.runs, compiled)
    lines += startup.phases_section(startup.phases(args.runs), args.runs)
    table, error = imports.importtime_runs(["-m", "derive", "sigmoid"], args.importtime_runs)
    baseline, _ = imports.importtime_runs(["-c", "import sympy"], args.importtime_runs)
    lines += imports.imports_section(table, error, args.top, args.importtime_runs)
    lines += imports.beyond_section(table, baseline, args.top)
    return lines + notes(NOTES)


def notes(path: Path) -> list[str]:
    """A hand-written analysis kept beside the script, appended to the report."""
    return [path.read_text(encoding="utf-8").strip(), ""] if path.exists() else []


def scaling_report(args) -> list[str]:
    rows = scaling.run_all(args.quick, args.scaling_runs, args.timeout)
    note = plot.plot_scaling(rows, args.plot)
    return scaling.scaling_section(rows, args.scaling_runs, note)


def memory_report(args) -> list[str]:
    names = inprocess.catalog_names()
    return memory.memory_section(memory.measure(names, args.memory_runs), args.memory_runs)


def inprocess_report(args) -> list[str]:
    entries, others = inprocess.time_all(args.inproc_runs)
    return inprocess.inprocess_section(entries, others, args.inproc_runs)


def scaling_and_notes(args) -> list[str]:
    return scaling_report(args) + notes(RUNTIME_NOTES)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    start = time.perf_counter()
    report = ["# derive benchmarks", "", time.strftime("Run at %Y-%m-%d %H:%M:%S %Z")
              + (" with --quick." if args.quick else "."), ""]
    report += machine.machine_section()
    steps = {"startup": startup_report, "inprocess": inprocess_report,
             "scaling": scaling_and_notes, "memory": memory_report,
             "slow": lambda a: slow.slow_section(a.timeout)}
    for name in SECTIONS:
        if name in args.only:
            report += steps[name](args)
    report += [f"Benchmark wall time: {time.perf_counter() - start:.0f} s.", ""]
    text = "\n".join(report)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
