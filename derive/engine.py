"""The engine's public face: :func:`derive` and :func:`derive_each`, and the record they return.

The strategy is one table in :mod:`derive.pipeline`; its stages are in :mod:`derive.stages` and
:mod:`derive.higher`; every step is made and checked on the board (:mod:`derive.board`).
"""
from __future__ import annotations

from .derivation import Derivation
from .pipeline import derive, derive_each

__all__ = ["Derivation", "derive", "derive_each"]
