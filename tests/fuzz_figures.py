"""The figures of issue 17 on a fresh fuzz sample: ``make fuzz`` runs this after the property
tests (``python tests/fuzz_figures.py --help``).

Random expressions are drawn from the templates of tests/strategies.py (the piecewise ones
included: Abs, Max, Min, Piecewise, next to functions of any domain).  Each goes through the
CLI as the program itself -- ``derive --timeout T --format json --wrt x -- TEXT`` with its
memory cap and watchdog -- in a process forked from this one (SymPy is loaded once), and the
parent measures what the issue counts:

* exceptions escaping: an "internal error" line (by exception type), or a traceback;
* runs past ``--timeout`` + 1 s (wall time of the child, output included);
* peak memory (the child's maximum resident size) and runs ending "ran out of memory";
* right derivations reported unverified (exit 1, verified false in the JSON);
* wrong results handed out: exit 0 and a derivative that differs from sympy.diff's, or an
  output form / cached-value form that is not verified.

Prints a table and exits 1 if any figure that must be 0 is not.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import strategies  # noqa: E402

# strategies.py's families, and one with every template, the known troublemakers too (the pieces
# next to functions of any domain), whatever DERIVE_FUZZ_KNOWN_BUGS says.
FAMILIES = {**strategies.FAMILIES, "everything": (
    strategies.ELEMENTARY + strategies.TRIG + strategies.HYPERBOLIC + strategies.PIECES,
    strategies.BINARY + strategies.GENERAL + strategies.PIECES2)}

MB = 1024 * 1024


def draw(rng: random.Random, family: str, leaves: int) -> str:
    """One random expression tree (as text) with at most ``leaves`` leaves."""
    unary, binary = FAMILIES[family]

    def tree(budget: int) -> str:
        if budget <= 1 or rng.random() < 0.25:
            return rng.choice(strategies.LEAVES)
        if budget >= 2 and rng.random() < 0.4:
            left = rng.randint(1, budget - 1)
            return rng.choice(binary).format(u=tree(left), v=tree(budget - left))
        return rng.choice(unary).format(u=tree(budget - 1))

    return tree(rng.randint(1, leaves))


def run_child(text: str, timeout: float, memory: int) -> dict:
    """Fork; the child runs the CLI as the program would; the parent measures."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the child: derive as a program of its own
        try:
            os.dup2(out.fileno(), 1)
            os.dup2(err.fileno(), 2)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # not a host's capture (pytest)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
            from derive.cli import main
            sys.argv = ["derive"]
            args = ["--timeout", str(timeout), "--memory", str(memory), "--format", "json", "--wrt", "x", "--", text]
            sys.argv += args
            code = main()
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001 - a traceback is itself a finding
            import traceback
            traceback.print_exc()
            code = 99
        os._exit(code if isinstance(code, int) else 0)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.monotonic() - start
    out.seek(0)
    err.seek(0)
    return {"text": text, "code": os.waitstatus_to_exitcode(status), "elapsed": elapsed,
            "rss_mb": usage.ru_maxrss / 1024, "out": out.read().decode("utf-8", "replace"),
            "err": err.read().decode("utf-8", "replace")}


def classify(r: dict, timeout: float) -> list[str]:
    """The findings of one run (empty: a clean outcome, derived and verified or refused)."""
    found, err = [], r["err"]
    if "Traceback" in err or r["code"] == 99:
        found.append("traceback")
    if "internal error (" in err:
        found.append("exception:" + err.split("internal error (")[1].split(":")[0].split(")")[0])
    if "ran out of memory" in err:
        found.append("out of memory")
    if r["elapsed"] > timeout + 1:
        found.append("past timeout + 1 s")
    if r["code"] < 0:
        found.append(f"killed by signal {-r['code']}")
    if r["code"] == 1 and not err:
        found.append("unverified")
    if r["code"] == 0:
        found += _wrong(r)
    return found


def _wrong(r: dict) -> list[str]:
    from sympy import parse_expr

    from derive.parse import parse, symbol
    try:
        data = json.loads(r["out"])
    except ValueError:
        return ["output not JSON"]
    x, a = symbol("x"), symbol("a")
    found = []
    try:
        derivative = parse_expr(data["derivative"], local_dict={"x": x, "a": a})
        if mismatches(parse(r["text"]), derivative, x, r["text"]):
            found.append("wrong derivative")
    except Exception as exc:  # noqa: BLE001 - the independent check could not read it
        found.append(f"uncheckable ({type(exc).__name__})")
    for key in ("output_form", "cached_form"):
        try:
            if _form_is_wrong(data, key, x, a, r["text"]):
                found.append(f"wrong {key} handed out")
        except Exception as exc:  # noqa: BLE001
            found.append(f"uncheckable {key} ({type(exc).__name__})")
    return found


def _form_is_wrong(data: dict, key: str, x, a, text: str) -> bool:
    """The output form (in y) or the cached-value form (in y, x and named values), written back
    in x, against sympy.diff."""
    from sympy import Symbol, parse_expr

    from derive.parse import parse
    form = data.get(key)
    if not form:
        return False
    f = parse(text)
    written, values = (form["form"], form.get("values", {})) if isinstance(form, dict) else (form, {})
    names = {"x": x, "a": a}
    y = Symbol(data.get("symbol") or "y")
    g = parse_expr(written, local_dict={**names, str(y): y})
    subs = {Symbol(k): parse_expr(v, local_dict=names) for k, v in values.items()}
    g = g.xreplace(subs).xreplace({y: f, Symbol(str(y), real=True): f})
    return bool(mismatches(f, g, x, text))


def mismatches(f, ours, x, seed: str) -> list:
    """strategies.mismatches at points where f is real all the way through: every part of f
    (log(x) inside abs(log(x))) real and finite -- or every part of f as written in ``seed``,
    the input's text, without SymPy's evaluation (cosh(acoth(x)) for x < −1, which SymPy reads
    as x/(√(x − 1)·√(x + 1))): the domain derive's checker claims (a real value reached through
    complex ones is not in it)."""
    import mpmath
    from sympy import Symbol, lambdify

    from derive.domain import as_written
    a = Symbol("a", real=True)
    fn = lambdify([x, a], f, strategies.MODULES)
    written = as_written(seed)
    readings = [[lambdify([x, a], p, strategies.MODULES) for p in _parts(g, x)]
                for g in ([f] if written is None or written == f else [f, written])]
    exact, mine = strategies.exact_derivative(f, x, a), lambdify([x, a], ours, strategies.MODULES)
    rng, bad, tried = random.Random(seed), [], 0
    for attempt in range(200):
        at = mpmath.mpf(rng.uniform(-1, 1) * strategies.SPANS[min(attempt // 40, 2)])
        if strategies._at(fn, at) is None or not any(all(strategies._at(p, at) is not None for p in parts)
                                                     for parts in readings):
            continue
        want = strategies._at(exact, at)
        if want is None:
            continue
        tried += 1
        got = strategies._at(mine, at)
        if got is None or abs(got - want) > mpmath.mpf("1e-12") * max(1, abs(want)):
            bad.append((float(at), got, want))
        if tried == 6:
            break
    return bad


def _parts(f, x) -> list:
    from sympy import Expr, Piecewise, preorder_traversal
    inside_pieces = {n for pw in f.atoms(Piecewise) for n in preorder_traversal(pw) if n is not pw}
    return [p for p in preorder_traversal(f) if isinstance(p, Expr) and p.has(x) and not p.is_Symbol
            and p not in inside_pieces]  # a piece need not be real where another one applies


@dataclass
class Figures:
    n: int
    seed: int
    findings: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)
    exit_codes: Counter = field(default_factory=Counter)
    peak_mb: float = 0.0
    slowest: float = 0.0


def measure(n: int, seed: int, timeout: float = 5.0, memory: int = 1024, leaves: int = 6,
            families: tuple = ("everything", "pieces"), log=None, progress: bool = False) -> Figures:
    """Draw ``n`` expressions from ``seed`` and run each (see the module's docstring)."""
    import derive.cli  # noqa: F401 - loaded once, before the forks
    import derive.engine  # noqa: F401
    rng, fig = random.Random(seed), Figures(n, seed)
    for k in range(n):
        text = draw(rng, families[k % len(families)], leaves)
        r = run_child(text, timeout, memory)
        fig.exit_codes[r["code"]] += 1
        fig.peak_mb, fig.slowest = max(fig.peak_mb, r["rss_mb"]), max(fig.slowest, r["elapsed"])
        for f in classify(r, timeout):
            fig.findings[f] += 1
            fig.examples.setdefault(f, text)
            if log:
                log.write(json.dumps({"finding": f, "text": text, "code": r["code"], "err": r["err"][-300:],
                                      "elapsed": round(r["elapsed"], 2)}) + "\n")
                log.flush()
        if progress and (k + 1) % 100 == 0:
            print(f"  {k + 1} runs, findings so far: {dict(fig.findings)}", file=sys.stderr, flush=True)
    return fig


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="expressions to draw (default 1000)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: a fresh one, printed)")
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--memory", type=int, default=1024)
    ap.add_argument("--leaves", type=int, default=6)
    ap.add_argument("--families", default="everything,pieces",
                    help=f"comma-separated, of {', '.join(FAMILIES)} (default everything,pieces)")
    ap.add_argument("--log", type=Path, default=None, help="write every finding here (JSON lines)")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**9)
    families = tuple(args.families.split(","))
    log = args.log.open("w") if args.log else None
    fig = measure(args.n, seed, args.timeout, args.memory, args.leaves, families, log, progress=True)
    print(f"fuzz figures: {args.n} expressions ({', '.join(families)}), seed {seed}, --timeout {args.timeout:g}, "
          f"--memory {args.memory}")
    print(f"  exit codes: {dict(sorted(fig.exit_codes.items()))}")
    print(f"  slowest run {fig.slowest:.2f} s, peak memory {fig.peak_mb:.0f} MB")
    for f, k in fig.findings.most_common():
        print(f"  {k:5d}  {f:40s} e.g. {fig.examples[f]!r}")
    if not fig.findings:
        print("  no findings")
    return 1 if fig.findings else 0


if __name__ == "__main__":
    sys.exit(main())
