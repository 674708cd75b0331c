"""Nested time budgets (no wall-clock assertions: only which budget ends which work)."""
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


def test_outer_budget_ends_the_outer_work_even_inside_an_inner_one():
    assert within(0.1, lambda: within(5, lambda: spin(5), "inner"), "outer") == "outer"


def test_no_budget_means_no_limit():
    assert within(0, lambda: "x") == "x"
