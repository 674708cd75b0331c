"""derive: formulas derived step by step, every step named and checked."""
from __future__ import annotations

__version__ = "0.1.0"


def derive(source: str, wrt: str | None = None):
    """Derive ``source`` (a catalog name such as "sigmoid" or an expression)."""
    from .engine import derive as _derive

    return _derive(source, wrt)
