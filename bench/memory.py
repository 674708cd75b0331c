"""Item 4: peak memory, as the maximum resident set size (RSS) of a child process.

Each command runs as the only child of a small ``python -c`` wrapper, which
prints ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` after waiting for it:
the peak RSS of that one child, SymPy and the interpreter included (not
tracemalloc, which sees only Python allocations).  ``python -c "import sympy"``
is the baseline.  Median of ``runs`` runs.  Needs the ``resource`` module (Unix).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(rc, kib // 1024 if sys.platform == 'darwin' else kib)\n"  # bytes on macOS, KiB on Linux
)


def commands(names: list[str]) -> dict[str, list[str]]:
    py = sys.executable
    return {"python -c \"import sympy\"": [py, "-c", "import sympy"],
            "derive sigmoid": [py, "-m", "derive", "sigmoid"],
            f"derive <all {len(names)} catalog entries> --format latex":
                [py, "-m", "derive", *names, "--format", "latex"]}


def peak_rss(cmd: list[str]) -> tuple[int, int]:
    """(exit code of the command, its peak RSS in KiB)."""
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    rc, kib = proc.stdout.split()
    return int(rc), int(kib)


def measure(names: list[str], runs: int) -> dict[str, tuple[float, int]] | str:
    """{label: (median peak RSS in MiB, exit code of the last run)}, or why it could not run."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return "the resource module is not available on this platform"
    out = {}
    for label, cmd in commands(names).items():
        samples = [peak_rss(cmd) for _ in range(max(runs, 1))]
        out[label] = (statistics.median(k for _, k in samples) / 1024, samples[-1][0])
    return out


def memory_section(results: dict[str, tuple[float, int]] | str, runs: int) -> list[str]:
    lines = ["## 4. Peak memory", ""]
    if isinstance(results, str):
        return lines + [f"Skipped: {results}.", ""]
    lines += ["Maximum resident set size of the command's process (`ru_maxrss` of "
              f"`getrusage(RUSAGE_CHILDREN)` in a wrapper whose only child it is); median of {runs} runs.", "",
              "| command | peak RSS (MiB) | exit code |", "|---|---:|---:|"]
    base = None
    for label, (mib, rc) in results.items():
        base = base or mib
        lines.append(f"| `{label}` | {mib:.1f} | {rc} |")
    lines.append("")
    for label, (mib, _) in list(results.items())[1:]:
        lines.append(f"- `{label}`: {mib - base:+.1f} MiB over `import sympy`")
    return lines + [""]
