"""The pipeline (derive/pipeline.py) and the shape of the house it stands in: the strategy is one
table of named stages; steps are made and checked on the board alone; no import circle; no
module reaches into another's private names."""
import ast
from pathlib import Path

import pytest

from derive.parse import ParseError
from derive.pipeline import DERIVATION, LOSS, SCALAR, VECTOR, derive

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"derive": ROOT / "derive", "derive.rules": ROOT / "rules"}


def modules() -> dict:
    """{dotted name: parsed source} of every module of the package (rules/ ships as derive.rules)."""
    out = {}
    for package, folder in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            name = ".".join((package,) + tuple(p for p in parts if p != "__init__"))
            out[name] = (path, ast.parse(path.read_text()))
    return out


MODULES = modules()


def imported(name: str, tree: ast.AST, is_package: bool) -> set:
    """The package's modules that ``name`` imports, anywhere in it (lazy imports too)."""
    here = name if is_package else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                out.add(candidate if candidate in MODULES else base)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return {m for m in out if m in MODULES and m != name}


GRAPH = {name: imported(name, tree, path.name == "__init__.py") for name, (path, tree) in MODULES.items()}


def test_no_import_circle():
    """Walking the imports (those inside functions too) never comes back to where it started."""
    state, cycles = {}, []

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == "open":
                cycles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = "done"

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_no_module_uses_another_modules_private_names():
    found = []
    for name, (path, tree) in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                found += [f"{name}: {a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []


STEP_MAKERS = {"derive.board", "derive.step"}  # where a Step is built
CHECKERS = {"derive.board", "derive.verify"}  # where a checker's verdict is asked for


def test_steps_are_made_and_checked_on_the_board_alone():
    made, checked = [], []
    for name, (path, tree) in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Step":
                made.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "equal":
                checked.append(f"{name}:{node.lineno}")
    assert [m for m in made if m.split(":")[0] not in STEP_MAKERS] == []
    assert [c for c in checked if c.split(":")[0] not in CHECKERS] == []


def test_the_strategy_is_one_table():
    """The table reads as the stages' names, in the order a lecturer takes them."""
    assert SCALAR.__name__ == (
        "chain(scalar_board, real_part, do_one(named_parts, definition), result_domain, target, joined_pieces, "
        "witness_values, textbook, reach_form if has_form, form_domain if has_form, shorter_form if has_form, forward_values if needs_calls, "
        "alternative_forms, known_function, named_result)")
    assert VECTOR.__name__ == "chain(vector_board, definition, cases)"
    assert LOSS.__name__ == (
        "chain(loss_board, do_one(named_vector_parts, chain(definition, simpler_sums, name_vector_values)), "
        "gradient)")
    assert DERIVATION.__name__ == "chain(read, switch(kind), orders, stated)"  # what the summary states, checked


def test_debug_traces_every_stage(monkeypatch, capsys):
    import importlib

    import derive.pipeline as pipeline

    monkeypatch.setenv("DERIVE_DEBUG", "1")
    traced = importlib.reload(pipeline)
    try:
        traced.derive("x^2")
    finally:
        monkeypatch.delenv("DERIVE_DEBUG")
        importlib.reload(pipeline)
    err = capsys.readouterr().err
    for stage in ("read", "scalar_board", "target", "reach_form if has_form", "orders"):
        assert f"derive: stage {stage}:" in err
    assert "derive: stage orders: not applied" in err


@pytest.mark.parametrize("source, order, message", [
    ("sigmoid", 9, "the order must be a whole number from 1 to 8"),
    ("softmax", 2, "higher orders are for functions of one variable"),
])
def test_orders_out_of_reach_are_refused(source, order, message):
    with pytest.raises(ParseError, match=message):
        derive(source, order=order)


@pytest.mark.parametrize("source, sentence", [
    ("selu", "Valid for λ, α > 0"),
    ("elu", "Valid for α > 0"),
])
def test_a_sentence_names_the_constants_as_the_lines_write_them(source, sentence):
    assert sentence in derive(source).note


@pytest.mark.parametrize("source, after", [
    # the named path read sigmoid(2x) in f: its line folds into y in one named step, as where the
    # input called it so, not written out in exponentials and folded back
    ("1/(1+exp(-2*x))", [("alg-arithmetic", "2*sigmoid(2*x)*(1 - sigmoid(2*x))"),
                         ("alg-fold-definition", "2*y*(1 - y)")]),
    ("sigmoid(2*x)", [("alg-arithmetic", "2*sigmoid(2*x)*(1 - sigmoid(2*x))"),
                      ("alg-fold-definition", "2*y*(1 - y)")]),
    ("(exp(2*x)-exp(-2*x))/(exp(2*x)+exp(-2*x))", [("alg-arithmetic", "2 - 2*tanh(2*x)**2"),
                                                   ("alg-fold-definition", "2 - 2*y**2"),
                                                   ("alg-factor", "2*(1 - y**2)")]),
])
def test_a_catalog_call_read_in_f_folds_into_y(source, after):
    from derive.printing.written import to_sympy

    d = derive(source)
    assert d.verified
    assert [(s.rule, to_sympy(s.expression)) for s in d.steps[-len(after):]] == after
