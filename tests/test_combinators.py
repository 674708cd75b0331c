"""The combinators (derive/combinators.py) that make the pipeline's table: tables of stages on a
number (None: the stage does not apply)."""
import pytest

from derive.combinators import chain, condition, debug, do_one, switch


def add(n):
    def stage(s):
        return s + n
    stage.__name__ = f"add{n}"
    return stage


def never(s):
    return None


def even(s):
    return s % 2 == 0


@pytest.mark.parametrize("strategy, start, result", [
    (chain(add(1), add(10)), 0, 11),
    (chain(add(1), never, add(10)), 0, 11),  # a stage that does not apply is passed by
    (do_one(never, add(2), add(3)), 0, 2),  # the first that applies
    (do_one(never, never), 0, None),
    (condition(even, add(5)), 2, 7),
    (condition(even, add(5)), 1, None),
    (switch(even, {True: add(1), False: add(2)}), 4, 5),
    (switch(even, {True: add(1), False: add(2)}), 3, 5),
    (chain(condition(even, add(1)), condition(even, add(1))), 0, 1),
])
def test_strategies(strategy, start, result):
    assert strategy(start) == result


def test_names_read_like_the_table():
    assert chain(add(1), do_one(never, add(2))).__name__ == "chain(add1, do_one(never, add2))"
    assert condition(even, add(1)).__name__ == "add1 if even"


def test_debug_says_what_each_stage_did(monkeypatch, capsys):
    monkeypatch.setenv("DERIVE_DEBUG", "1")

    class S:
        def __init__(self, n):
            self.steps = [0] * n

    grow = debug(lambda s: S(len(s.steps) + 2))
    grow.__name__ = "grow"
    assert len(grow(S(1)).steps) == 3
    assert debug(never)(S(0)) is None
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith(": +2 lines") and err[1] == "derive: stage never: not applied"


def test_debug_is_the_stage_itself_unless_asked(monkeypatch):
    monkeypatch.delenv("DERIVE_DEBUG", raising=False)
    assert debug(never) is never
