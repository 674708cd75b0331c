"""derive: formulas derived step by step, every step named and checked.

``from derive import derive`` is cheap: SymPy is loaded on the first derivation.
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["derive", "ParseError"]


def derive(source: str, wrt: str | None = None, order: int = 1, timeout: float | None = None):
    """Derive ``source`` (a catalog name such as "sigmoid" or an expression, as the command line
    reads it) by ``wrt`` (needed when it has several symbols), ``order`` times (1 to 8).

    ``timeout`` (seconds; None or 0 for none) gives up with :class:`TimeoutError`, as the command
    line's --timeout; it needs the main thread of a process with interval timers (Unix), and
    elsewhere the derivation runs unbounded. Bad input raises :class:`ParseError` (a ValueError).
    ``str(d)`` is the derivation as text; see also ``d.to_text(width=…)``, ``d.to_latex()``, …
    """
    from .engine import derive as derive_one

    if timeout is not None and not timeout >= 0:
        raise ValueError("timeout is a number of seconds, 0 or more (None or 0: no limit)")
    if not timeout:
        return derive_one(source, wrt, order)
    from .budget import within

    missing = object()
    result = within(timeout, lambda: derive_one(source, wrt, order), missing, clock="wall")  # the user's seconds
    if result is missing:
        raise TimeoutError(f"{source!r}: no answer within {timeout:g} s")
    return result


def __getattr__(name: str):
    """``derive.ParseError`` without importing SymPy at ``import derive``."""
    if name == "ParseError":
        from .parse import ParseError
        return ParseError
    raise AttributeError(f"module 'derive' has no attribute {name!r}")
