"""Time and memory budgets.

Time budgets nest: the CLI's --timeout around a whole run, and short budgets around single
SymPy calls (factor, expand) that can run away on some inputs.

* ``within(seconds, work, default)`` runs ``work()``; if its own budget runs out first it
  returns ``default``.  An outer budget that runs out while an inner one is active still
  ends the outer work.  A budget interrupts the work (SIGALRM raises inside it), it does not
  wait for the work to look at a clock -- but not inside a garbage-collector callback, a
  ``__del__`` or a weakref callback, where Python would drop the exception: it rings again
  as soon as the callback has returned.  In the main thread it uses an interval timer; in
  another thread a timer thread raises inside the working thread instead (not inside a
  single long C call: the exception arrives when it returns).  Inner budgets in other
  threads simply run unbounded.
* ``bounded(seconds, work)`` is the same for callers that want an error: it raises
  :class:`TimedOut`.  The Python API's ``timeout=`` goes through it.
* ``run_limit(seconds)`` is a context manager for a whole CLI run: :class:`TimedOut` when
  the budget is spent; it gives the body a function that stops the clock.
* ``watchdog(seconds, last_words)`` is the backstop for work that cannot be interrupted (a
  huge integer being built inside one C call): after ``seconds`` it calls ``last_words``
  and ends the process.  Only for a process of its own (the CLI), never a host's.
* ``cap_memory(mb)`` limits the process's address space, so that exhaustion is a
  MemoryError, not the machine's swap or the kernel's OOM killer.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager


class _Expired(BaseException):
    """Raised inside the work when a budget runs out (BaseException: not caught by 'except Exception')."""


class TimedOut(Exception):
    """The work did not finish within its time budget."""

    def __init__(self, seconds: float):
        super().__init__(f"gave up after {seconds:g} s")
        self.seconds = seconds


def _available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def within(seconds: float, work, default=None):
    if seconds <= 0:
        return work()
    if not _available():
        return _in_thread(seconds, work, default) if _can_interrupt_threads() and not _nested() else work()
    now = time.monotonic()
    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    outer_deadline = now + outer_left if outer_left > 0 else None
    mine = object()
    done = []  # set once the work has returned: a late signal is then ignored

    previous = signal.getsignal(signal.SIGALRM)  # bound before ring can run: the outer clock is still going

    def ring(signum, frame):
        if done or _deferred(frame):
            return
        if outer_deadline is not None and time.monotonic() >= outer_deadline - 1e-3 and callable(previous):
            previous(signum, frame)  # the outer budget is spent: let it end the outer work
        _ring_again()
        raise _Expired(mine)

    try:
        signal.signal(signal.SIGALRM, ring)  # inside the try: a ring at once is caught, and previous put back
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


def _ring_again() -> None:
    """Fire again shortly, should the exception be dropped all the same (raised where
    :func:`_deferred` could not tell: Python prints and drops it, and the work would go on
    unbounded).  Once the exception has landed, the budget's ``finally`` disarms the timer."""
    signal.setitimer(signal.ITIMER_REAL, 0.05)


DEFER_SECONDS = 0.002  # how soon a budget that rang inside a callback rings again
_SHIELDS = [0]  # how many shielded() stretches are running


@contextmanager
def shielded():
    """A stretch of work that no budget interrupts: putting global state back (SymPy's evaluate
    flag, its caches), which an exception raised half-way would leave half done for every later
    computation.  A budget that runs out inside it rings again when it is over."""
    _SHIELDS[0] += 1
    try:
        yield
    finally:
        _SHIELDS[0] -= 1


def _deferred(frame) -> bool:
    """Whether the alarm rang where an exception cannot reach the work -- inside a
    garbage-collector callback, a ``__del__`` or a weakref callback, which Python calls from
    wherever memory happens to be freed or collected, and whose exceptions it prints and drops
    ("Exception ignored in ...") -- and was put off: the timer rings again in
    :data:`DEFER_SECONDS`, once the callback has returned.  Callbacks are short, so the work
    still ends within its budget."""
    if not (_SHIELDS[0] or _in_callback(frame)):
        return False
    signal.setitimer(signal.ITIMER_REAL, DEFER_SECONDS)
    return True


def _in_callback(frame) -> bool:
    import _weakrefset
    import gc
    import weakref

    callbacks = {getattr(c, "__code__", None) for c in gc.callbacks} - {None}
    weakrefs = (weakref.__file__, _weakrefset.__file__)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "__del__" or code in callbacks or code.co_filename in weakrefs:
            return True
        frame = frame.f_back
    return False


_SPENT = object()


def bounded(seconds: float | None, work):
    """``work()``, or :class:`TimedOut` once ``seconds`` have passed (None or 0: no limit)."""
    if not seconds:
        return work()
    result = within(seconds, work, _SPENT)
    if result is _SPENT:
        raise TimedOut(seconds)
    return result


@contextmanager
def run_limit(seconds: float):
    """The body of the ``with`` ends with :class:`TimedOut` once ``seconds`` have passed (budgets
    inside it give way to it, as to an outer ``within``).  Main thread only; elsewhere, and
    for 0 seconds, no limit."""
    if not seconds or not _available():
        yield lambda: None
        return
    token, armed = object(), [True]

    def ring(signum, frame):
        if armed and not _deferred(frame):  # once the body is over (or stopped the clock), a late signal is ignored
            _ring_again()
            raise _Expired(token)

    def stop_clock():
        """The rest of the body is not timed (writing to a reader who takes their time)."""
        armed.clear()
        signal.setitimer(signal.ITIMER_REAL, 0)

    previous = signal.signal(signal.SIGALRM, ring)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield stop_clock
    except _Expired as exc:
        armed.clear()
        if exc.args[0] is not token:
            raise
        raise TimedOut(seconds) from None
    finally:
        armed.clear()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- other threads ----------------------------------------------------------------------------

_local = threading.local()


def _can_interrupt_threads() -> bool:
    import ctypes
    return hasattr(ctypes, "pythonapi") and hasattr(ctypes.pythonapi, "PyThreadState_SetAsyncExc")


def _nested() -> bool:
    return getattr(_local, "bounded", False)


def _in_thread(seconds: float, work, default):
    """``within`` outside the main thread: a timer thread raises a fresh exception class in
    this thread (PyThreadState_SetAsyncExc) when the budget is spent."""
    import ctypes
    expired = type("_ExpiredHere", (_Expired,), {})
    me, lock, state = threading.get_ident(), threading.Lock(), {"done": False}

    def ring():
        with lock:
            if state["done"]:
                return
            if _SHIELDS[0] or _in_callback(sys._current_frames().get(me)):  # (see _deferred) ring again soon
                later = threading.Timer(DEFER_SECONDS, ring)
                later.daemon = True
                later.start()
                return
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(me), ctypes.py_object(expired))

    timer = threading.Timer(seconds, ring)
    timer.daemon = True
    _local.bounded = True
    timer.start()
    try:
        try:
            result = work()
        finally:
            with lock:
                state["done"] = True
            timer.cancel()
        return result
    except expired:
        return default
    finally:
        _local.bounded = False


# --- the CLI's backstops ------------------------------------------------------------------------

def watchdog(seconds: float, last_words):
    """After ``seconds`` (unless the returned ``stop()`` was called first): ``last_words()``,
    then the process ends at once with exit code 2.  A daemon thread: it never keeps a
    finished process alive."""
    stopped = threading.Event()

    def watch():
        if not stopped.wait(seconds):
            try:
                last_words()
            finally:
                os._exit(2)

    threading.Thread(target=watch, name="derive-watchdog", daemon=True).start()
    last_resort = _hard_stop(seconds + 0.4)

    def stop():
        stopped.set()
        last_resort()
    return stop


def _hard_stop(seconds: float):
    """The last resort, for work that holds the interpreter's lock inside one C call (the
    watchdog thread could not run either): faulthandler's own C thread ends the process
    (exit 1, its dump sent to /dev/null).  Returns the function that disarms it."""
    import faulthandler
    try:
        sink = open(os.devnull, "w")
        faulthandler.dump_traceback_later(seconds, exit=True, file=sink)
    except (OSError, RuntimeError, ValueError):
        return lambda: None

    def disarm():
        faulthandler.cancel_dump_traceback_later()
        sink.close()
    return disarm


def cap_memory(megabytes: int):
    """Limit the address space to ``megabytes`` (0: no limit); returns a function that puts
    the previous limit back.  Where the system has no such limit, nothing happens."""
    try:
        import resource
    except ImportError:
        return lambda: None
    if megabytes <= 0 or not hasattr(resource, "RLIMIT_AS"):
        return lambda: None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
