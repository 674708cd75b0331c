"""Nested time budgets of two clocks, CPU and wall (no wall-clock assertions: only which budget
ends which work)."""
import time

from derive.budget import within


def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def test_work_that_finishes_returns_its_result():
    assert within(5, lambda: 42, "late") == 42


def test_a_spent_budget_returns_the_default():
    assert within(0.05, lambda: spin(5), "late") == "late"


def test_inner_budget_ends_only_the_inner_work():
    assert within(5, lambda: within(0.05, lambda: spin(5), "inner") + " then outer") == "inner then outer"


import pytest


@pytest.mark.parametrize("outer, inner", [(0.1, 5), (0.02, 0.03)])
def test_outer_budget_ends_the_outer_work_even_inside_an_inner_one(outer, inner):
    # the outer deadline comes first: the ring is the outer's, however the
    # interval timer's ticks and the CPU clock differ under load (the inner once took it as its own)
    for _ in range(20):
        assert within(outer, lambda: within(inner, lambda: spin(5), "inner"), "outer") == "outer"


def test_no_budget_means_no_limit():
    assert within(0, lambda: "x") == "x"


# --- bounded(): the function the Python API's timeout= goes through ------------------------------

import os
import subprocess
import sys
import threading

import pytest

from derive.budget import TimedOut, bounded, run_limit


def test_bounded_returns_the_result_in_time():
    assert bounded(5, lambda: 42) == 42
    assert bounded(None, lambda: 42) == 42 and bounded(0, lambda: 42) == 42


def test_bounded_raises_timed_out_and_says_how_long():
    with pytest.raises(TimedOut) as err:
        bounded(0.05, lambda: spin(5))
    assert err.value.seconds == 0.05 and "0.05 s" in str(err.value)


def test_timed_out_is_an_exception_a_caller_can_catch():
    assert issubclass(TimedOut, Exception)


def test_bounded_interrupts_work_in_another_thread():
    """Outside the main thread there is no SIGALRM: a timer thread interrupts the work."""
    got = []
    worker = threading.Thread(target=lambda: got.append(within(0.05, lambda: spin(30), "late")))
    worker.start()
    worker.join(60)
    assert got == ["late"]


def test_an_inner_budget_in_another_thread_gives_way_to_the_outer_one():
    got = []
    worker = threading.Thread(target=lambda: got.append(
        within(0.05, lambda: within(10, lambda: spin(30), "inner"), "outer")))
    worker.start()
    worker.join(60)
    assert got == ["outer"]


# --- run_limit(): the CLI's budget around a whole run --------------------------------------------

def test_run_limit_ends_the_whole_body():
    with pytest.raises(TimedOut):
        with run_limit(0.05):
            spin(5)


def test_budgets_inside_a_run_limit_give_way_to_it():
    with pytest.raises(TimedOut):
        with run_limit(0.1):
            within(5, lambda: spin(5), "inner")


def test_a_run_limit_that_is_not_spent_changes_nothing():
    with run_limit(5):
        assert within(5, lambda: 7) == 7


# --- the CLI's backstops, each in a process of its own -------------------------------------------

def python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_the_watchdog_ends_work_that_ignores_its_budget():
    done = python("import os\nfrom derive.budget import watchdog\n"
                  "watchdog(0.2, lambda: os.write(2, b'last words'))\nwhile True: pass")
    assert (done.returncode, done.stderr) == (2, "last words")


def test_the_last_resort_ends_a_long_c_call_that_holds_the_interpreter():
    """3**(10**8) holds the interpreter's lock for minutes: the watchdog thread cannot run,
    faulthandler's thread ends the process (exit 1) and its dump goes nowhere."""
    done = python("from derive.budget import watchdog\nwatchdog(0.2, lambda: None)\n3**(10**8)\nprint('finished')")
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr


def test_a_stopped_watchdog_does_nothing():
    done = python("import time\nfrom derive.budget import watchdog\nstop = watchdog(0.1, lambda: None)\n"
                  "stop()\ntime.sleep(0.8)\nprint('lived')")
    assert (done.returncode, done.stdout) == (0, "lived\n")


def test_cap_memory_turns_exhaustion_into_memory_error():
    done = python("from derive.budget import cap_memory\ncap_memory(300)\n"
                  "try:\n    bytearray(600 * 2**20)\nexcept MemoryError:\n    print('MemoryError')")
    assert done.stdout == "MemoryError\n"


def test_no_cap_means_none():
    done = python("from derive.budget import cap_memory\ncap_memory(0)\nprint(len(bytearray(600 * 2**20)) > 0)")
    assert done.stdout == "True\n"


# --- an alarm inside a callback: put off until it returns, never dropped --------------------------

def _slow_once(seconds=0.3):
    """A callback that runs ``seconds`` once (the alarm rings in it)."""
    ran = []

    def callback(*args):
        if not ran:
            ran.append(True)
            spin(seconds)
    return callback, ran


class _SlowDel:
    def __init__(self, callback):
        self.callback = callback

    def __del__(self):
        self.callback()


def _in_gc_callback(callback, work):
    import gc
    gc.callbacks.append(callback)
    try:
        gc.collect()
        return work()
    finally:
        gc.callbacks.remove(callback)


def _in_del(callback, work):
    _SlowDel(callback)  # freed at once: __del__ runs here
    return work()


def _in_weakref_callback(callback, work):
    import weakref

    class Thing:
        pass
    thing = Thing()
    weakref.finalize(thing, callback)
    del thing  # the finalizer runs here
    return work()


@pytest.fixture
def dropped(monkeypatch):
    """The exceptions Python prints and drops ("Exception ignored in ...")."""
    seen = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_type))
    return seen


@pytest.mark.parametrize("inside", [_in_gc_callback, _in_del, _in_weakref_callback])
def test_a_budget_that_rings_inside_a_callback_ends_the_work_after_it(dropped, inside):
    """An exception raised inside a garbage-collector callback, a __del__ or a weakref callback
    is printed and dropped by Python (pytest: PytestUnraisableExceptionWarning; hypothesis has
    a gc callback): the budget waits for the callback to return, then ends the work."""
    callback, ran = _slow_once()
    assert within(0.05, lambda: inside(callback, lambda: spin(5)), "late") == "late"
    assert ran and dropped == []


@pytest.mark.parametrize("inside", [_in_gc_callback, _in_del])
def test_a_run_limit_that_rings_inside_a_callback_ends_the_body_after_it(dropped, inside):
    callback, ran = _slow_once()
    with pytest.raises(TimedOut):
        with run_limit(0.05):
            inside(callback, lambda: spin(5))
    assert ran and dropped == []


def test_an_outer_budget_that_rings_inside_a_callback_in_an_inner_one_ends_the_outer_work(dropped):
    callback, ran = _slow_once()
    inner = lambda: within(10, lambda: _in_del(callback, lambda: spin(5)), "inner")  # noqa: E731
    assert within(0.05, inner, "outer") == "outer"
    assert ran and dropped == []


def test_a_budget_in_another_thread_that_rings_inside_a_callback_ends_the_work_after_it():
    callback, ran = _slow_once()
    out, seen = [], []
    previous, sys.unraisablehook = sys.unraisablehook, lambda u: seen.append(u.exc_type)
    try:
        worker = threading.Thread(target=lambda: out.append(within(0.05, lambda: _in_del(callback, lambda: spin(5)), "late")))
        worker.start()
        worker.join(10)
    finally:
        sys.unraisablehook = previous
    assert out == ["late"] and ran and seen == []


def test_a_shielded_stretch_is_not_interrupted(dropped):
    """A budget that runs out inside shielded() (global state being put back) waits for its end."""
    from derive.budget import shielded
    finished = []

    def work():
        with shielded():
            spin(0.3)  # the budget runs out in here
            finished.append(True)
        return spin(5)

    assert within(0.05, work, "late") == "late"
    assert finished == [True] and dropped == []


@pytest.mark.parametrize("clock, signame", [("cpu", "SIGPROF"), ("wall", "SIGALRM")])
def test_a_ring_while_the_budget_sets_its_handler_returns_the_default_and_puts_the_old_one_back(monkeypatch, clock,
                                                                                                 signame):
    """The outer clock goes on while within() installs its handler: a ring at that moment (here made
    to happen then) ends only this work, and the handler it found is put back (it used to be read
    after the install: a NameError, or the budget's own exception escaping)."""
    import signal

    signum = getattr(signal, signame)
    real, old = signal.signal, signal.getsignal(signum)

    def install_and_ring(signum, handler):
        before = real(signum, handler)
        if handler is not old:
            monkeypatch.setattr(signal, "signal", real)
            signal.raise_signal(signum)
        return before

    monkeypatch.setattr(signal, "signal", install_and_ring)
    assert within(5, lambda: "done", default="rang", clock=clock) == "rang"
    assert signal.getsignal(signum) is old


# --- two clocks: the budgets inside a derivation count CPU time, the user's promise wall time -----

def nap(seconds=0.4):
    """Waiting that spends no CPU time (as a derivation does while the machine serves others)."""
    time.sleep(seconds)
    return "woke"


def in_thread(work):
    got = []
    worker = threading.Thread(target=lambda: got.append(work()))
    worker.start()
    worker.join(60)
    return got


@pytest.mark.parametrize("clock, ends_the_nap", [("cpu", False), ("wall", True)])
def test_a_cpu_budget_is_not_spent_by_waiting_and_a_wall_one_is(clock, ends_the_nap):
    assert within(0.1, nap, "late", clock=clock) == ("late" if ends_the_nap else "woke")


@pytest.mark.parametrize("clock, ends_the_nap", [("cpu", False), ("wall", True)])
def test_in_another_thread_a_cpu_budget_counts_that_threads_own_time(clock, ends_the_nap):
    assert in_thread(lambda: within(0.1, nap, "late", clock=clock)) == ["late" if ends_the_nap else "woke"]


def test_a_cpu_budget_ends_work_that_computes():
    assert within(0.05, lambda: spin(5), "late", clock="cpu") == "late"
    assert in_thread(lambda: within(0.05, lambda: spin(5), "late", clock="cpu")) == ["late"]


def test_within_counts_cpu_time_and_bounded_wall_time():
    assert within(0.1, nap, "late") == "woke"
    with pytest.raises(TimedOut):
        bounded(0.1, nap)
    assert bounded(0.1, nap, clock="cpu") == "woke"


@pytest.mark.parametrize("outer, inner", [("wall", "cpu"), ("cpu", "wall")])
def test_budgets_of_the_two_clocks_nest(outer, inner):
    spent_outer = within(0.1, lambda: within(5, lambda: spin(5), "inner", clock=inner), "outer", clock=outer)
    spent_inner = within(5, lambda: within(0.05, lambda: spin(5), "inner", clock=inner) + " then outer", clock=outer)
    assert (spent_outer, spent_inner) == ("outer", "inner then outer")


def test_a_run_limit_counts_wall_time_around_cpu_budgets():
    with pytest.raises(TimedOut):
        with run_limit(0.1):
            within(5, nap, "inner")  # the inner budget is not spent by waiting; the run's is


def test_an_unknown_clock_is_refused():
    with pytest.raises(ValueError, match="cpu"):
        within(1, lambda: 1, clock="sundial")


def test_a_deadline_in_a_thread_is_not_spent_by_other_threads():
    """cpu_now, the clock the searches' deadlines read, is the thread's own CPU time outside the
    main thread: another thread's busy loop does not spend it (process_time would)."""
    import threading
    import time as _time

    from derive.budget import collected, cpu_now

    spent = {}

    def waiting():
        began = cpu_now()
        _time.sleep(0.4)  # another thread works meanwhile
        spent["cpu"] = cpu_now() - began

    def busy():
        end = _time.thread_time() + 0.3
        while _time.thread_time() < end:
            pass

    threads = [threading.Thread(target=waiting), threading.Thread(target=busy)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert spent["cpu"] < 0.1
    # the main thread's: the process's (SIGPROF's clock), less the garbage collector's
    assert abs(cpu_now() - (_time.process_time() - collected())) < 0.05


# --- a collection of the whole heap is not the work's time ------------------------------------

@pytest.fixture
def heap():
    """A few million objects in cycles' reach: a full collection then takes a tenth of a second or more."""
    held = [[i] for i in range(2_000_000)]
    yield held
    del held


def _collect(held):
    import gc

    began = time.process_time()
    gc.collect()
    return time.process_time() - began


def test_a_collection_does_not_spend_a_deadline(heap):
    """cpu_now, the clock of the searches' deadlines, leaves out what collecting garbage took: a
    search's result does not depend on how much the process holds."""
    from derive.budget import cpu_now

    began = cpu_now()
    took = _collect(heap)
    assert took > 0.05 and cpu_now() - began < took / 2


def test_a_collection_does_not_spend_a_cpu_budget(heap):
    """A CPU budget shorter than a collection of the heap still lets the work finish."""
    assert within(0.05, lambda: _collect(heap) and "done", "late") == "done"


def test_a_collection_spends_a_wall_budget(heap):
    """The user's budget (wall clock) counts a collection as the seconds the user waits."""
    assert within(0.02, lambda: (_collect(heap), spin(1))[1], "late", clock="wall") == "late"
