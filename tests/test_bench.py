"""The benchmark's helper functions (bench/): slope fitting, inputs, parsing. No timing is asserted."""
import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load(name: str):
    """A bench/ module under a private name, without putting bench/ on sys.path."""
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


scaling = load("scaling")
imports = load("imports")


def test_slope_of_a_power_law_is_its_exponent():
    xs = [10, 20, 40, 80]
    assert scaling.fit_slope(xs, [3 * x ** 2 for x in xs]) == pytest.approx(2.0)
    assert scaling.fit_slope(xs, [0.5 * x for x in xs]) == pytest.approx(1.0)


def test_slope_needs_two_distinct_sizes():
    assert scaling.fit_slope([10, 10], [1.0, 2.0]) is None
    assert scaling.fit_slope([], []) is None


def test_slopes_skip_rows_that_did_not_finish():
    rows = [scaling.Row("sum", n, size=n, steps=2 * n, written=n * n, seconds=0.01 * n * n) for n in (10, 20, 40)]
    rows.append(scaling.Row("sum", 100, size=100, seconds=None, error="gave up"))
    time_slope, steps_slope, written_slope, per_written = scaling.slopes(rows)["sum"]
    assert time_slope == pytest.approx(2.0) and steps_slope == pytest.approx(1.0)
    assert written_slope == pytest.approx(2.0) and per_written == pytest.approx(1.0)
    assert scaling.slopes(rows)["product"] == (None, None, None, None)


def test_generated_inputs():
    assert scaling.nested(3) == "sin(exp(sin(x)))"
    assert scaling.sum_of(2) == "x^1*sin(1*x) + x^2*sin(2*x)"
    assert scaling.product_of(2) == "(1 + sin(1*x))*(2 + sin(2*x))"
    families = {fam for fam, _, _ in scaling.cases(quick=True)}
    assert families == {"nested", "sum", "product"}


def test_depth_limit_is_lifted_only_inside_the_block():
    import derive.parse
    before = derive.parse.MAX_DEPTH
    deep = scaling.nested(before)
    assert scaling.needs_lifting(deep)
    with scaling.depth_limit_lifted():
        assert scaling.node_count(derive.parse.parse(deep)) == before + 1
    assert derive.parse.MAX_DEPTH == before


def test_count_steps_includes_substeps():
    from derive.engine import derive
    d = derive("x^2")
    assert scaling.count_steps(d.steps) == sum(1 for s in d.steps for _ in s.walk())
    nodes = [scaling.node_count(s.expression) for top in d.steps for s in top.walk()]
    assert scaling.written_nodes(d.steps) == sum(nodes) > len(nodes)


def test_parse_importtime_and_group_by_package():
    stderr = ("import time: self [us] | cumulative | imported package\n"
              "import time:       100 |        100 |   rich.text\n"
              "import time:       300 |        400 | rich\n"
              "import time:      2000 |       2000 | typer\n")
    table = imports.parse_importtime(stderr)
    assert table == {"rich.text": (100, 100), "rich": (300, 400), "typer": (2000, 2000)}
    assert imports.by_package(table) == [("typer", 2.0, 1), ("rich", pytest.approx(0.4), 2)]


def test_parts_wrap_derive_functions_and_restore_them():
    from derive import outform
    from derive.engine import derive
    from derive.verify import Checker
    parts = load("parts")
    find, equal = outform.find, Checker.__dict__["equal"]
    with parts.parts() as spent:
        derive("x^2")
    assert outform.find is find and Checker.__dict__["equal"] is equal
    assert set(spent) == {"output form", "rewrites", "verification"}
    assert spent["output form"] > 0 and spent["verification"] > 0


slow = load("slow")


def test_a_slow_input_is_timed_with_its_outcome(monkeypatch):
    assert slow.time_one("x^2", "why", 600).outcome == "verified"
    assert slow.time_one("sigmiod", "why", 600).outcome.startswith("ParseError: unknown name 'sigmiod'")
    from derive import budget
    monkeypatch.setattr(budget, "within", lambda seconds, work, default=None, clock="cpu": default)  # ran out at once
    assert slow.time_one("x^2", "why", 1).outcome == "gave up"


def test_the_slow_section_has_a_row_per_input(monkeypatch):
    monkeypatch.setattr(slow, "time_one", lambda source, why, budget: slow.Slow(source, why, 1.5, "gave up"))
    lines = slow.slow_section(30)
    assert lines[0] == "## 5. Slow inputs" and "given up after 30 s" in lines[2]
    rows = [line for line in lines if line.startswith("| `")]
    assert len(rows) == len(slow.SLOW) and all("| 1.50 | gave up |" in r for r in rows)
