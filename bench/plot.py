"""The scaling figure: time against size on log-log axes, one line per family (matplotlib)."""
from __future__ import annotations

from pathlib import Path

MARKERS = {"nested": "o", "sum": "s", "product": "^"}


def plot_scaling(rows, path: Path) -> str:
    """Write the png; return a sentence for the report (also when the plot is skipped)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "Plot skipped: matplotlib is not installed (`pip install -e '.[bench]'`)."
    done = [r for r in rows if r.seconds is not None]
    if not done:
        return "Plot skipped: no scaling case finished."
    fig, ax = plt.subplots(figsize=(6.4, 4.4), dpi=110)
    for family, marker in MARKERS.items():
        pts = sorted((r.size, r.seconds) for r in done if r.family == family)
        if pts:
            ax.plot(*zip(*pts), marker=marker, label=family)
    _linear_guide(ax, done)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("size of the input (nodes of the SymPy expression)")
    ax.set_ylabel("derive + verify + LaTeX (s)")
    ax.set_title("derive: time against input size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return f"Plot: `{path.name}` (log-log, time against size; dotted: slope 1 for reference)."


def _linear_guide(ax, done) -> None:
    """A dotted slope-1 line through the smallest case."""
    first = min(done, key=lambda r: r.size)
    last = max(r.size for r in done)
    ax.plot([first.size, last], [first.seconds, first.seconds * last / first.size],
            linestyle=":", color="grey", label="slope 1")
