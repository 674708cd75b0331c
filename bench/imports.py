"""Import costs: ``python -X importtime -m derive sigmoid`` against ``python -c "import sympy"``.

Each command is run ``runs`` times; per module the median of the "self" and
"cumulative" microseconds is taken.  Reported: the top modules by cumulative
time; and, for the modules that ``derive sigmoid`` imports but ``import sympy``
does not (what start-up costs beyond sympy), their self time summed per
top-level package and the biggest of them one by one.  A module can be imported
by the command's code at run time, not only by import statements at start-up
(SymPy imports ``sympy.tensor.tensor`` the first time it flattens an ``Add``).
"""
from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
    """Self time summed per top-level package: (package, ms, module count), largest first."""
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
    lines = ["### Start-up beyond `import sympy`", "",
             f"{len(extra)} modules are imported by `derive sigmoid` but not by `import sympy`; "
             f"their self time sums to {total:.1f} ms. Per top-level package:", "",
             "| package | self (ms) | modules |", "|---|---:|---:|"]
    for pkg, ms, count in by_package(extra)[:top]:
        lines.append(f"| `{pkg}` | {ms:.1f} | {count} |")
    lines += ["", f"The {top} biggest of these modules by self time:", "",
              "| module | self (ms) | cumulative (ms) |", "|---|---:|---:|"]
    for name, (self_us, cum_us) in sorted(extra.items(), key=lambda kv: -kv[1][0])[:top]:
        lines.append(f"| `{name}` | {self_us / 1e3:.1f} | {cum_us / 1e3:.1f} |")
    return lines + [""]
