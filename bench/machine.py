"""The machine the figures come from: cores, CPU, load, Python and library versions."""
from __future__ import annotations

import importlib.metadata
import os
import platform
import sys
from pathlib import Path


def version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else platform.processor()."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load() -> str:
    try:
        return ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def machine_section() -> list[str]:
    lines = ["## Machine", "",
             f"- CPUs (os.cpu_count): {os.cpu_count()}; model: {cpu_model()}",
             f"- Load average (1, 5, 15 min) at the start: {load()} "
             "(other jobs were running: medians, alternating runs)",
             f"- Platform: {platform.platform()} ({platform.machine()})",
             f"- Python: {platform.python_implementation()} {platform.python_version()}"
             f" ({sys.executable})"]
    for dist in ("sympy", "mpmath", "rich", "typer", "matplotlib", "derive-steps"):
        lines.append(f"- {dist}: {version(dist)}")
    return lines + [""]
