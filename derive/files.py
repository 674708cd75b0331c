"""Files written atomically: a temporary file in the same folder, then a rename, so an
interrupted run never leaves a truncated file behind."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def atomic_write(path: Path, write: Callable, binary: bool = False) -> None:
    """``write(fh)`` fills a temporary file beside ``path``, which then replaces ``path``.
    The file gets the usual permissions (0666 less the umask), not mkstemp's 0600."""
    fd, tmp = tempfile.mkstemp(dir=Path(path).resolve().parent, prefix=f".{Path(path).name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as fh:
            write(fh)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
