"""Time budgets that nest: the CLI's --timeout around a derivation, and short budgets around
single SymPy calls (factor, expand) that can run away on some inputs.

``within(seconds, work, default)`` runs ``work()``; if its own budget runs out first it
returns ``default``.  An outer budget that runs out while an inner one is active still
ends the outer work.  Budgets need interval timers and the main thread; elsewhere the
work simply runs unbounded.
"""
from __future__ import annotations

import signal
import threading
import time


class _Expired(BaseException):
    """Raised inside the work when a budget runs out (BaseException: not caught by 'except Exception')."""


def _available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def within(seconds: float, work, default=None):
    if seconds <= 0 or not _available():
        return work()
    now = time.monotonic()
    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    outer_deadline = now + outer_left if outer_left > 0 else None
    mine = object()
    done = []  # set once the work has returned: a late signal is then ignored

    def ring(signum, frame):
        if done:
            return
        if outer_deadline is not None and time.monotonic() >= outer_deadline - 1e-3 and callable(previous):
            previous(signum, frame)  # the outer budget is spent: let it end the outer work
        raise _Expired(mine)

    previous = signal.signal(signal.SIGALRM, ring)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds if outer_deadline is None else min(seconds, outer_left))
        result = work()
        done.append(True)
        return result
    except _Expired as exc:
        if exc.args[0] is not mine:
            raise
        done.append(True)
        return default
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_deadline is not None:
            signal.setitimer(signal.ITIMER_REAL, max(outer_deadline - time.monotonic(), 1e-3))
