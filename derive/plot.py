"""A figure of f and f′ (``--plot FILE``): matplotlib, an optional extra (``derive-steps[plot]``).

The format follows the file's extension (png, svg, pdf). The range is [-6, 6], widened
so that every kink has at least 3 units on each side; kinks are marked on both curves, and of a
periodic family of kinks (|sin x| at kπ) every member in the range.
Only functions of one real variable are drawn: a function of a vector (softmax) or one
with symbolic constants has no single curve.
"""
from __future__ import annotations

from pathlib import Path

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
INSTALL = "pip install 'derive-steps[plot]'"
HALF_WIDTH, MARGIN, POINTS = 6.0, 3.0, 801


class PlotError(Exception):
    """Why a figure cannot be drawn, in one line."""


def check_target(path: Path) -> str:
    """The image format for ``path``, from its extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise PlotError(f"cannot tell the image format from {path.name!r}: use .png, .svg or .pdf")
    return fmt


def require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlotError(f"--plot needs matplotlib, which is not installed: {INSTALL}") from None


def why_not(d) -> str | None:
    """Why ``d`` has no curve to draw (None when it has one)."""
    what = d.title or repr(d.input)
    if d.indices:
        return f"{what} is a function of a vector; plots are for functions of one real variable"
    if d.constants:
        return f"{what} has symbolic constants ({', '.join(map(str, d.constants))}): a plot needs numbers"
    return None


def x_range(d) -> tuple[float, float]:
    kinks = [float(k.at) for k in d.kinks]
    lo, hi = -HALF_WIDTH, HALF_WIDTH
    if kinks:
        lo, hi = min(lo, min(kinks) - MARGIN), max(hi, max(kinks) + MARGIN)
    return lo, hi


MOST_MARKS = 200  # members of one periodic family marked, at most (sin(100x)'s kinks would blacken the plot)


def marks(d, lo: float, hi: float) -> list[tuple[float, list]]:
    """(x, [left, right]) for every kink in [lo, hi]: a single kink, or each member at + period·n
    of a periodic family, its one-sided derivatives at that member (they may depend on n)."""
    values, out = d.parameter_values, []
    for k in d.kinks:
        if k.period is None:
            out.append((float(k.at.subs(values)), [k.left.subs(values), k.right.subs(values)]))
            continue
        at, period = float(k.at.subs(values)), float(k.period.subs(values))
        first, last = int(-((at - lo) // period)), int((hi - at) // period)
        if last - first + 1 > MOST_MARKS:
            continue
        for n in range(first, last + 1):
            out.append((at + period * n, [v.subs(values).subs(k.index, n) for v in (k.left, k.right)]))
    return out


def _values(expr, x, xs):
    """expr at every x in xs as floats; NaN where it has no real, finite value."""
    import numpy as np
    from sympy import lambdify

    with np.errstate(all="ignore"):
        try:
            ys = np.asarray(lambdify(x, expr, modules="numpy")(xs), dtype=complex)
            ys = np.broadcast_to(ys, xs.shape).copy()
        except (TypeError, ValueError, NameError, ZeroDivisionError, AttributeError):
            f = lambdify(x, expr, modules="mpmath")  # functions numpy lacks (erf, ...): point by point

            def one(v):
                try:
                    return complex(f(v))
                except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                    return complex("nan")
            ys = np.array([one(v) for v in xs], dtype=complex)
    real = ys.real.copy()
    real[~np.isfinite(ys) | (np.abs(ys.imag) > 1e-9 * np.maximum(1.0, np.abs(ys.real)))] = np.nan
    return real


def _label(d, prime: bool) -> str:
    name = ("\\" + d.display) if d.display else str(d.symbol)
    return f"${name}{chr(39) if prime else ''}({d.variable})$"


def draw(d, path: Path) -> None:
    """Draw f and f′ of ``d`` into ``path`` (written atomically)."""
    fmt = check_target(path)
    reason = why_not(d)
    if reason:
        raise PlotError(reason)
    require_matplotlib()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    values = d.parameter_values
    f, fp = d.definition.subs(values), d.derivative.subs(values)
    lo, hi = x_range(d)
    xs = np.linspace(lo, hi, POINTS)
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    try:
        ys, yps = _values(f, d.variable, xs), _values(fp, d.variable, xs)
        yps[np.isnan(ys)] = np.nan  # f' only where f itself has a value
        ax.plot(xs, ys, label=_label(d, False), color="tab:blue")
        ax.plot(xs, yps, label=_label(d, True), color="tab:orange", linestyle="--")
        for at, sides in marks(d, lo, hi):
            ax.axvline(at, color="grey", linestyle=":", linewidth=1)
            ax.plot([at], _values(f, d.variable, np.array([at])), "o", color="tab:blue")
            for side in sides:  # the one-sided derivatives, as open circles
                ax.plot([at], [float(side)], "o", mfc="white", color="tab:orange")
        ax.axhline(0, color="black", linewidth=0.5)
        ax.set_xlim(lo, hi)
        limits = _y_limits(np.concatenate([ys, yps]))
        if limits is not None:
            ax.set_ylim(*limits)
        ax.set_xlabel(f"${d.variable}$")
        given = ", ".join(f"{n} = {v}" for n, v in d.parameters.items())
        ax.set_title((d.title or d.input) + (f" ({given})" if given else ""))
        ax.legend(loc="best")
        ax.grid(True, alpha=0.3)
        _save(fig, path, fmt)
    finally:
        plt.close(fig)


def _y_limits(values) -> tuple[float, float] | None:
    """Limits that leave out poles (1/x near 0): the middle 90 % of the values, padded;
    None when the curves are tame and matplotlib's own limits are better."""
    import numpy as np

    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    low, high = np.percentile(finite, [5, 95])
    spread = max(high - low, 1.0)
    if finite.min() >= low - spread and finite.max() <= high + spread:
        return None
    return float(low - 0.5 * spread), float(high + 0.5 * spread)


def _save(fig, path: Path, fmt: str) -> None:
    from .files import atomic_write

    atomic_write(path, lambda fh: fig.savefig(fh, format=fmt, bbox_inches="tight"), binary=True)


def figure_paths(derivations: list, path: Path) -> dict:
    """Which derivation is drawn into which file: ``path`` for one input; with several,
    ``NAME-<entry>.ext`` per plottable one (functions of a vector are left out).
    Raises PlotError when nothing can be drawn."""
    check_target(path)
    if len(derivations) == 1:
        reason = why_not(derivations[0])
        if reason:
            raise PlotError(reason)
        return {0: path}
    out = {}
    for k, d in enumerate(derivations):
        if why_not(d) is None:
            out[k] = path.with_name(f"{path.stem}-{d.name or k + 1}{path.suffix}")
    if not out:
        raise PlotError("none of the inputs is a function of one real variable with numbers only: nothing to plot")
    return out
