"""The page a printer fills: the text width and how deep sub-steps are shown (--width, --depth).

Kept free of SymPy so that the command line can check its options before anything heavy loads.
"""
from __future__ import annotations

import os

DEFAULT_WIDTH = 80
MIN_WIDTH = 30  # a number column, a little indentation and an equation still fit
ALL = -1  # --depth all


def terminal_width(stream=None) -> int:
    """The width to print to: the terminal's (when ``stream`` is one), else $COLUMNS, else 80."""
    if stream is not None and stream.isatty():
        try:
            return max(os.get_terminal_size(stream.fileno()).columns, MIN_WIDTH)
        except (OSError, ValueError):
            pass
    columns = os.environ.get("COLUMNS", "").strip()
    return max(int(columns), MIN_WIDTH) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH


def parse_depth(value: str | None) -> int | None:
    """--depth's value: None (the default), 'all', or a whole number from 0; ValueError otherwise."""
    if value is None:
        return None
    if value.strip().lower() == "all":
        return ALL
    n = int(value)
    if n < 0:
        raise ValueError(value)
    return n
