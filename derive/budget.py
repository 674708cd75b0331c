"""Time and memory budgets.

Time budgets nest: the CLI's --timeout around a whole run, and short budgets around single
SymPy calls (factor, expand) that can run away on some inputs.

Two clocks.  The budgets inside a derivation (the textbook tidy's, the form search's, a
joint's) count the CPU time the process spends (``clock="cpu"``, the default of ``within``):
what they decide -- a form found or not, a tidy finished or not -- is then the same on a busy
machine as on an idle one, so a derivation's output does not depend on the load.  Nor on what
else the process holds: the seconds the garbage collector spends walking the whole heap (a long
session of the Python API, the test suite) are given back to a CPU budget (``_Collections``).  The
user's promise -- the CLI's --timeout (``run_limit``), the Python API's ``timeout=``
(``bounded``) -- counts wall-clock time (``clock="wall"``): seconds as the user waits them.

* ``within(seconds, work, default, clock="cpu")`` runs ``work()``; if its own budget runs out first it
  returns ``default``.  An outer budget that runs out while an inner one is active still
  ends the outer work.  A budget interrupts the work (a signal raises inside it), it does not
  wait for the work to look at a clock -- but not inside a garbage-collector callback, a
  ``__del__`` or a weakref callback, where Python would drop the exception: it rings again
  as soon as the callback has returned.  In the main thread it uses an interval timer; in
  another thread a timer thread raises inside the working thread instead (not inside a
  single long C call: the exception arrives when it returns), counting that thread's own CPU
  time where the system has per-thread CPU clocks (Linux, macOS), else wall-clock time.
  Inner budgets in other threads simply run unbounded.  A CPU budget in the main thread is
  an ITIMER_PROF timer (SIGPROF), a wall one ITIMER_REAL (SIGALRM): budgets of the two clocks
  nest as budgets of one do, each ringing on its own signal.
* ``bounded(seconds, work, clock="wall")`` is the same for callers that want an error: it raises
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

import gc
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


class _Clock:
    """A kind of time a budget counts: its interval timer, the signal that timer sends, and how
    to read the same time (for the deadline of an outer budget of this clock)."""

    def __init__(self, name: str, timer: str, signum: str, now):
        self.name, self.now = name, now
        self.timer, self.signum = getattr(signal, timer, None), getattr(signal, signum, None)


CLOCKS = {"wall": _Clock("wall", "ITIMER_REAL", "SIGALRM", time.monotonic),
          "cpu": _Clock("cpu", "ITIMER_PROF", "SIGPROF", time.process_time)}


class _Collections:
    """The CPU seconds the garbage collector has spent in this process, counted by a
    ``gc.callbacks`` hook: a full collection walks every object the process holds (a long session
    of the Python API, the test suite: a second or more), which is no derivation's own work, and
    is therefore not charged to a budget's deadline (:func:`cpu_now`, :func:`within`) -- what a
    search finds does not depend on what else the process has kept."""

    spent = 0.0
    began: float | None = None

    @classmethod
    def hook(cls, phase: str, info: dict) -> None:
        if phase == "start":
            cls.began = time.process_time()
        elif cls.began is not None:
            cls.spent += time.process_time() - cls.began
            cls.began = None


gc.callbacks.append(_Collections.hook)


def collected() -> float:
    """The CPU seconds spent so far collecting garbage (:class:`_Collections`)."""
    return _Collections.spent


def cpu_now() -> float:
    """This thread's CPU seconds, the clock a CPU budget counts: the process's in the main thread
    (where the signal timer counts them) less the garbage collector's (:class:`_Collections`),
    the thread's own elsewhere.  Deadlines inside a budget (a search's states, a cached form's
    parts) read this, so that other busy threads, and collections of what the process holds,
    do not spend them."""
    if threading.current_thread() is threading.main_thread():
        return time.process_time() - _Collections.spent
    return time.thread_time()


def past(deadline: float | None) -> bool:
    """Whether this thread's CPU clock (:func:`cpu_now`) has passed ``deadline`` (None: never): a
    soft budget's test, in one place, so that what ran out can be told (tests/golden.py notes it:
    an output cut short by a budget depends on the machine)."""
    return deadline is not None and cpu_now() >= deadline


def _clock(name: str) -> _Clock:
    if name not in CLOCKS:
        raise ValueError(f"clock is 'cpu' or 'wall', not {name!r}")
    return CLOCKS[name]


def _available(clock: _Clock | None = None) -> bool:
    clock = clock or CLOCKS["wall"]
    return (hasattr(signal, "setitimer") and clock.timer is not None and clock.signum is not None
            and threading.current_thread() is threading.main_thread())


def within(seconds: float, work, default=None, clock: str = "cpu"):
    """``work()``, or ``default`` once ``seconds`` of ``clock`` have passed (see the module's text)."""
    c = _clock(clock)
    if seconds <= 0:
        return work()
    if not _available(c):
        return _in_thread(seconds, work, default, c) if _can_interrupt_threads() and not _nested() else work()
    now = c.now()
    outer_left = signal.getitimer(c.timer)[0]
    outer_deadline = now + outer_left if outer_left > 0 else None
    mine = object()
    done = []  # set once the work has returned: a late signal is then ignored

    previous = signal.getsignal(c.signum)  # bound before ring can run: the outer clock is still going
    # where the outer budget's deadline comes first the timer is set for it, and its ring is the
    # outer's however far the timer's ticks and c.now() differ (a tick or more, under load)
    outer_first = outer_deadline is not None and outer_left <= seconds
    owed = _Owed(c)  # a CPU budget's time taken by collecting garbage, given back

    def ring(signum, frame):
        if done or _deferred(frame, c):
            return
        spent = outer_first or outer_deadline is not None and c.now() >= outer_deadline - 1e-3
        if spent and callable(previous):
            previous(signum, frame)  # the outer budget is spent: let it end the outer work
        if owed.repaid(outer_deadline):  # (the outer one, given its own back, may have gone on)
            return
        _ring_again(c)
        raise _Expired(mine)

    try:
        signal.signal(c.signum, ring)  # inside the try: a ring at once is caught, and previous put back
        signal.setitimer(c.timer, seconds if outer_deadline is None else min(seconds, outer_left))
        result = work()
        done.append(True)
        return result
    except _Expired as exc:
        if exc.args[0] is not mine:
            raise
        done.append(True)
        return default
    finally:
        signal.setitimer(c.timer, 0)
        signal.signal(c.signum, previous)
        if outer_deadline is not None:
            signal.setitimer(c.timer, max(outer_deadline - c.now(), 1e-3))


class _Owed:
    """What a CPU budget is owed: the garbage collector's seconds since it began, not yet given
    back (:class:`_Collections`).  A wall-clock budget is owed nothing: the user waits them."""

    def __init__(self, clock: _Clock):
        self.clock, self.given = clock, collected()

    def repaid(self, outer_deadline: float | None) -> bool:
        """Where something is owed, the timer set again for it (not past an outer budget's
        deadline), and True: the budget has not run out after all."""
        owed = collected() - self.given
        if self.clock.name != "cpu" or owed < 1e-3:
            return False
        self.given += owed
        later = owed if outer_deadline is None else min(owed, outer_deadline - self.clock.now())
        if later < 1e-3:
            return False
        signal.setitimer(self.clock.timer, later)
        return True


def _ring_again(clock: _Clock) -> None:
    """Fire again shortly, should the exception be dropped all the same (raised where
    :func:`_deferred` could not tell: Python prints and drops it, and the work would go on
    unbounded).  Once the exception has landed, the budget's ``finally`` disarms the timer."""
    signal.setitimer(clock.timer, 0.05)


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


def _deferred(frame, clock: _Clock) -> bool:
    """Whether the alarm rang where an exception cannot reach the work -- inside a
    garbage-collector callback, a ``__del__`` or a weakref callback, which Python calls from
    wherever memory happens to be freed or collected, and whose exceptions it prints and drops
    ("Exception ignored in ...") -- and was put off: the timer rings again in
    :data:`DEFER_SECONDS`, once the callback has returned.  Callbacks are short, so the work
    still ends within its budget."""
    if not (_SHIELDS[0] or _in_callback(frame)):
        return False
    signal.setitimer(clock.timer, DEFER_SECONDS)
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


def bounded(seconds: float | None, work, clock: str = "wall"):
    """``work()``, or :class:`TimedOut` once ``seconds`` have passed (None or 0: no limit)."""
    if not seconds:
        return work()
    result = within(seconds, work, _SPENT, clock)
    if result is _SPENT:
        raise TimedOut(seconds)
    return result


@contextmanager
def run_limit(seconds: float):
    """The body of the ``with`` ends with :class:`TimedOut` once ``seconds`` have passed (budgets
    inside it give way to it, as to an outer ``within``).  Main thread only; elsewhere, and
    for 0 seconds, no limit."""
    wall = CLOCKS["wall"]
    if not seconds or not _available(wall):
        yield lambda: None
        return
    token, armed = object(), [True]

    def ring(signum, frame):
        if armed and not _deferred(frame, wall):  # once the body is over (or stopped the clock), a late signal is ignored
            _ring_again(wall)
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


def _in_thread(seconds: float, work, default, clock: _Clock):
    """``within`` outside the main thread: a timer thread raises a fresh exception class in
    this thread (PyThreadState_SetAsyncExc) when the budget is spent."""
    import ctypes
    expired = type("_ExpiredHere", (_Expired,), {})
    me, lock, state = threading.get_ident(), threading.Lock(), {"done": False}
    stopped = threading.Event()

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

    spent = _thread_clock(me, seconds) if clock.name == "cpu" else None

    def watch():
        left = seconds
        while not stopped.wait(left):
            try:
                left = spent() if spent is not None else 0  # (CPU time passes no faster than wall time)
            except OSError:  # the thread has ended (its clock with it): nothing left to interrupt
                return
            if left <= 0:
                ring()
                return

    timer = threading.Thread(target=watch, name="derive-budget", daemon=True)
    _local.bounded = True
    timer.start()
    try:
        try:
            result = work()
        finally:
            with lock:
                state["done"] = True
            stopped.set()
        return result
    except expired:
        return default
    finally:
        _local.bounded = False


def _thread_clock(ident: int, seconds: float):
    """A function giving the CPU seconds left of ``seconds`` for thread ``ident`` (its own CPU
    clock), or None where the system has no per-thread clocks (then wall-clock time counts)."""
    try:
        clock_id = time.pthread_getcpuclockid(ident)
        deadline = time.clock_gettime(clock_id) + seconds
    except (AttributeError, OSError, OverflowError):
        return None
    return lambda: deadline - time.clock_gettime(clock_id)


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
