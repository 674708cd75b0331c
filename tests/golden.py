"""The golden snapshot: the JSON of every catalog entry (each input of glu, and a few at order 2)
and of a fixed set of generated expressions, recorded before the engine is moved and compared
after (``tests/test_golden.py``).  A deliberate change of output is re-recorded and named in its
commit::

    python tests/golden.py            # record tests/data/golden/*.json anew
"""
from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
FOLDER = HERE / "data" / "golden"
SEED, COUNT, SLOW = 2026, 300, 3.0  # expressions; one slower than SLOW seconds is not kept

ORDER_2 = ("sigmoid", "tanh", "bce", "silu", "softplus", "elu")
TEXTBOOK = (
    "x^2", "-x^2", "exp(x)/(1+exp(x))", "log(1+exp(x))", "tanh(3*x)", "a*x^2", "sin(x)*cos(x)",
    "atan(1/x)", "(x^2+1)/(x-1)", "x/sqrt(x^2+1)", "sqrt(x)", "1/sqrt(x)", "x**(1/3)", "log(log(x))",
    "exp(exp(x))", "log(x/(1 - x))", "x**3", "x*sin(x)^2", "x*Abs(x)", "Piecewise((x**2, x < 0), (x**3, True))",
    "asin(x)", "acos(x)", "asinh(x)", "acosh(x)", "atanh(x)", "log(x, 2)", "log(x, 10)", "x^x",
    "(3*x + 2)^5", "sin(x)^2 + cos(x)^2", "exp(-x^2)", "x*exp(x)", "tan(x)", "1/(1+exp(-2*x))",
)
CALLS = (  # catalog functions called by name in an expression (issue 15)
    "x*sigmoid(2x)", "log(sigmoid(x))", "softplus(2*x)", "tanh(softplus(x))", "2x*softplus(3x, beta=2)",
    "gelu(x)^2", "leaky_relu(x, 0.2)",
)


def expressions(count: int = COUNT, seed: int = SEED) -> list[str]:
    """``count`` random expression trees, reproducibly, from the property tests' templates."""
    sys.path.insert(0, str(HERE))
    from strategies import BINARY, ELEMENTARY, ENTIRE, GENERAL, HYPERBOLIC, LEAVES, PIECES, TRIG

    rng = random.Random(seed)
    unary = ELEMENTARY + TRIG + HYPERBOLIC + PIECES + ENTIRE
    binary = BINARY + GENERAL

    def tree(depth: int) -> str:
        if depth == 0 or rng.random() < 0.25:
            return rng.choice(LEAVES)
        if rng.random() < 0.6:
            return rng.choice(unary).format(u=tree(depth - 1))
        return rng.choice(binary).format(u=tree(depth - 1), v=tree(depth - 1))

    out = []
    while len(out) < count:
        e = tree(3)
        if "x" in e and e not in out:
            out.append(e)
    return out


EXPIRED = "a time budget ran out"  # the output depends on the machine's speed: not compared


def record(source: str, wrt: str | None = None, order: int = 1) -> dict:
    """What derive gives for one input: its JSON, or the error it raises; ``{"expired": …}`` where
    one of the engine's inner time budgets ran out (what it finds then depends on the load)."""
    from derive.engine import derive
    from derive.parse import ParseError

    ran_out = []
    with _watching_budgets(ran_out):
        try:
            got = derive(source, wrt, order).to_dict()
        except ParseError as e:
            got = {"error": str(e)}
        except Exception as e:  # a crash is recorded too (issue 17 removes them): the move must keep it
            got = {"crash": type(e).__name__}
    return {"expired": EXPIRED} if ran_out else got


class _watching_budgets:
    """Every ``within`` the derive modules call, wrapped to note when its budget runs out."""

    def __init__(self, ran_out: list):
        self.ran_out, self.saved = ran_out, []

    def __enter__(self):
        import importlib

        import derive.budget as budget

        for name in ("cached", "domain", "indexed", "outform", "piecewise", "textbook"):  # imported lazily: patch them too
            importlib.import_module(f"derive.{name}")

        original = budget.within
        missing = object()

        def watched(seconds, work, default=None):
            got = original(seconds, work, missing)
            if got is missing:
                self.ran_out.append(seconds)
                return default
            return got

        soft = budget.past

        def passed(deadline):  # a soft budget (a search's CPU deadline) that ran out
            if soft(deadline):
                self.ran_out.append(deadline)
                return True
            return False

        for name, module in list(sys.modules.items()):
            if not name.startswith("derive"):
                continue
            for attr, was, now in (("within", original, watched), ("past", soft, passed)):
                if getattr(module, attr, None) is was:
                    self.saved.append((module, attr, was))
                    setattr(module, attr, now)
        return self

    def __exit__(self, *exc):
        for module, attr, was in self.saved:
            setattr(module, attr, was)


def catalog_inputs() -> list[tuple[str, str | None, int]]:
    from derive.catalog import CATALOG

    out = []
    for e in CATALOG:
        out += [(e.name, v if len(e.inputs) > 1 else None, 1) for v in e.inputs]
    return out + [(name, None, 2) for name in ORDER_2]


def key(source: str, wrt: str | None, order: int) -> str:
    return f"{source} --wrt {wrt} --order {order}"


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    table = {key(*i): record(*i) for i in catalog_inputs()}
    (FOLDER / "catalog.json").write_text(json.dumps(table, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    kept = {}
    for source in list(TEXTBOOK) + list(CALLS) + expressions():
        start = time.perf_counter()
        got = record(source)
        if time.perf_counter() - start < SLOW:
            kept[source] = got
    (FOLDER / "expressions.json").write_text(json.dumps(kept, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"recorded {len(table)} catalog inputs and {len(kept)} expressions in {FOLDER}")


if __name__ == "__main__":
    main()
