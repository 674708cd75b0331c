"""Measure how well `derive` reports the joints of functions it was not shown (issue 13, item 6).

    .venv/bin/python bench/joints.py [--window 10] [--out DIR]

For each function of a hand-written set (framework activations written out, |polynomial|, |trig|,
Min/Max combinations, joints at irrational points, periodic ones), independently of derive's code:

* the joints that exist in [-W, W]: the roots of every function whose sign switches a branch (the
  arguments of Abs, sign, Heaviside, the differences of Max's and Min's arguments, a Piecewise
  condition's two sides), found by scanning 20001 points for sign changes and exact zeros and
  refining with mpmath at 50 digits, kept where f is real on both sides;
* the joints derive reports (JSON `kinks`; a periodic family's every member in [-W, W]);
* whether the reported one-sided derivatives agree with f's own one-sided difference quotients
  (h = 10⁻²⁰ at 60 digits) to 10⁻⁶;
* tracebacks on stderr, text lines wider than 80 columns, and LaTeX Overfull boxes (one
  standalone document of all of them, compiled with pdflatex).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import mpmath
import sympy
from sympy import Abs, Heaviside, Max, Min, Piecewise, Symbol, sign
from sympy.core.relational import Relational

FUNCTIONS = [
    "Max(-1, Min(1, x))",  # hardtanh
    "Min(Max(0, x), 6)",  # relu6
    "Piecewise((0, x <= -3), (1, x >= 3), (x/6 + 1/2, True))",  # hardsigmoid
    "Piecewise((0, x <= -3), (x, x >= 3), (x*(x + 3)/6, True))",  # hardswish
    "Piecewise((x - 1/2, x > 1/2), (x + 1/2, x < -1/2), (0, True))",  # softshrink λ = 1/2
    "Piecewise((x, Abs(x) > 1/2), (0, True))",  # hardshrink
    "Piecewise((x, x > 1), (0, True))",  # threshold 1, value 0
    "Max(0, x) + Min(0, 2*(exp(x/2) - 1))",  # celu α = 2
    "Piecewise((x, x > 0), (exp(x)/2 - 1/2, True))",  # elu α = 1/2
    "Min(x**2, 1)",
    "Max(x, x**3)",
    "Abs(x**2 - 2)",
    "Abs(x**3 - x)",
    "Abs(sin(x))",
    "Abs(cos(2*x))",
    "x*Abs(x - 1)",
    "Piecewise((x**2, x < 1), (2*x - 1, True))",
    "Max(1/(1 + x**2), x)",
    "Abs(x**x - 2)",
    "Abs(exp(x) - 3*x)",
    "Max(x, cos(x))",
    "Max(sin(x), cos(x))",
    "Min(sin(x), 0)",
    "Abs(x**3 - 2)",
    "Max(exp(-x), x**2)",
    "Min(Abs(x), 1)",
    "Abs(Abs(x) - 1)",
    "Heaviside(x - 1)*x**2",
    "sign(x)*x**2",
    "Max(0, x)**2",
    "Abs(log(x) - 1)",
    "Max(sin(x), 1/2)",
    "Abs(tanh(x) - x/2)",
    "Piecewise((sin(x), x < pi), (0, True))",
    "Abs(x - cos(x))",
]

FRESH = [  # a second set, written after the changes were made, to see that they hold beyond the first
    "Abs(x**5 - x - 1)",
    "Max(log(x), x - 2)",
    "Abs(sin(x) - x/3)",
    "Min(x**2, exp(x))",
    "Abs(erf(x) - 1/2)",
    "Max(x*exp(x), 1)",
    "Abs(cos(x) - x**2)",
    "Max(x/10, sin(x))",
    "Abs(1/x - x)",
    "Abs(x - exp(-x**2))",
    "Heaviside(cos(x) - x)",
    "sign(exp(x) - 2 - x)",
    "Piecewise((x**2, x < cos(x)), (cos(x)**2, True))",
    "x*Abs(x**3 - 3)",
    "Min(Max(x, -1), cos(x))",
    "Abs(atan(x) - x/2)",
]

x = Symbol("x")
EPS = mpmath.mpf(10) ** -20


def switches(f) -> list:
    """The functions whose sign changes switch a branch of f."""
    found = []
    for n in sympy.preorder_traversal(f):
        if isinstance(n, (Abs, sign, Heaviside)):
            found.append(n.args[0])
        elif isinstance(n, (Max, Min)):
            found += [a - b for i, a in enumerate(n.args) for b in n.args[i + 1:]]
        elif isinstance(n, Relational):
            found.append(n.lhs - n.rhs)
    return [g for g in found if g.has(x)]


def real_at(f, a) -> bool:
    try:
        v = complex(f.subs(x, a).evalf(30))
    except (TypeError, ValueError, ZeroDivisionError):
        return False
    return abs(v.imag) < 1e-12 and abs(v.real) < 1e300


def roots(g, lo: float, hi: float) -> list:
    fg = sympy.lambdify(x, g, "mpmath")
    n, out = 20001, []
    xs = [lo + (hi - lo) * i / (n - 1) for i in range(n)]

    def at(v):
        try:
            r = fg(mpmath.mpf(v))
            return None if isinstance(r, mpmath.mpc) and abs(r.imag) > 1e-20 else mpmath.re(r)
        except (ValueError, ZeroDivisionError, TypeError, OverflowError):
            return None
    vals = [at(v) for v in xs]
    for i in range(n - 1):
        a, b = vals[i], vals[i + 1]
        if a is None or b is None:
            continue
        if a == 0:
            out.append(mpmath.mpf(xs[i]))
        elif a * b < 0:
            with mpmath.workdps(50):
                try:
                    out.append(mpmath.findroot(fg, (mpmath.mpf(xs[i]), mpmath.mpf(xs[i + 1])), solver="anderson"))
                except (ValueError, ZeroDivisionError):
                    out.append(mpmath.mpf((xs[i] + xs[i + 1]) / 2))
    # touching zeros (|x|'s argument x² at 0) are missed by a scan: try roots of g at the grid's minima of |g|
    for i in range(1, n - 1):
        a, b, c = vals[i - 1], vals[i], vals[i + 1]
        if None in (a, b, c) or b == 0 or a * b <= 0 or b * c <= 0:
            continue
        if abs(b) < abs(a) and abs(b) < abs(c) and abs(b) < 1e-3:
            with mpmath.workdps(50):
                try:
                    r = mpmath.findroot(fg, mpmath.mpf(xs[i]))
                    if abs(fg(r)) < 1e-30:
                        out.append(r)
                except (ValueError, ZeroDivisionError):
                    pass
    return out


def existing(f, w: float) -> list:
    found = []
    for g in switches(f):
        for r in roots(g, -w, w):
            if all(abs(r - s) > 1e-8 for s in found) and real_at(f, r - 1e-6) and real_at(f, r + 1e-6) \
                    and switched(f, r):
                found.append(r)
    return sorted(found)


def switched(f, a) -> bool:
    """Whether f is not one analytic expression across a: its value or one of its first three
    derivatives differs on the two sides (one-sided finite differences, 80 digits, h = 10⁻¹²)."""
    fe = sympy.lambdify(x, f, "mpmath")
    with mpmath.workdps(80):
        h = mpmath.mpf(10) ** -12
        try:
            sides = [[mpmath.re(fe(a + s * (j + 1) * h)) for j in range(4)] for s in (-1, 1)]
        except (ValueError, ZeroDivisionError, TypeError):
            return True
        for n in range(4):  # the n-th forward difference from each side, over hⁿ
            lv, rv = (sum((-1) ** (n - j) * mpmath.binomial(n, j) * v[j] for j in range(n + 1)) * (s ** n) / h ** n
                      for v, s in zip(sides, (-1, 1)))
            if abs(lv - rv) > 1e-3 * max(1, abs(lv), abs(rv)):
                return True
    return False


def members(kink: dict, w: float) -> list:
    at = sympy.sympify(kink["at"])
    if kink.get("period") is None:
        return [(float(at), {})]
    p, k = sympy.sympify(kink["period"]), Symbol(kink["index"], integer=True)
    out = []
    for n in range(-200, 201):
        v = float((at + p * n).evalf())
        if -w <= v <= w:
            out.append((v, {k: n}))
    return out


def slopes(f, a):
    """f's one-sided difference quotients at a (60 digits, h = 10⁻²⁰)."""
    fe = sympy.lambdify(x, f, "mpmath")
    with mpmath.workdps(60):
        a = mpmath.mpf(a) if not isinstance(a, mpmath.mpf) else a
        h = EPS
        try:
            l = (fe(a - h) - fe(a - 2 * h)) / h
            r = (fe(a + 2 * h) - fe(a + h)) / h
            return mpmath.re(l), mpmath.re(r)
        except (ValueError, ZeroDivisionError, TypeError):
            return None


def claimed_ok(f, a_exact, kink: dict, sub: dict) -> bool:
    got = slopes(f, a_exact)
    if got is None:
        return False
    for q, key in zip(got, ("left", "right")):
        c = sympy.sympify(kink[key], locals={kink.get("index") or "k": Symbol(kink.get("index") or "k", integer=True)})
        c = c.subs(sub)
        if c in (sympy.oo, -sympy.oo):
            if not (abs(q) > 1e6 and mpmath.sign(q) == (1 if c == sympy.oo else -1)):
                return False
            continue
        cv = complex(c.evalf(30))
        if abs(float(q) - cv.real) > 1e-6 * max(1, abs(cv.real)):
            return False
    return True


CPU: dict = {}  # the CPU seconds of each run of derive, by format


def run(exe: str, args: list, timeout: float = 900) -> subprocess.CompletedProcess:
    """derive ARGS, with a budget for the whole run that 35 inputs fit (its default, 10 s, is for one)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([exe, *args, "--timeout", "600"], capture_output=True, text=True, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    fmt = args[args.index("--format") + 1] if "--format" in args else "text"
    CPU[fmt] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1)
    return done


def measure(exe: str, w: float, out: Path, functions: list = FUNCTIONS) -> dict:
    totals = dict(functions=len(functions), exist=0, reported=0, spurious=0, values_right=0, values_checked=0,
                  tracebacks=0, wide_lines=0, overfull=0, silent=0)
    rows = []
    js = run(exe, [*functions, "--format", "json"])
    totals["tracebacks"] += js.stderr.count("Traceback")
    if not js.stdout.strip():
        raise SystemExit(f"derive --format json wrote nothing (exit {js.returncode}): {js.stderr[-2000:]}")
    data = json.loads(js.stdout)
    txt = run(exe, [*functions])
    totals["tracebacks"] += txt.stderr.count("Traceback")
    (out / "text.txt").write_text(txt.stdout)
    totals["wide_lines"] = sum(len(line) > 80 for line in txt.stdout.splitlines())
    for src, d in zip(functions, data):
        f = sympy.sympify(src, locals={"x": x})
        want = existing(f, w)
        reported = []
        for k in d["kinks"]:
            for v, sub in members(k, w):
                reported.append((v, k, sub))
        hit = [a for a in want if any(abs(float(a) - v) < 1e-6 for v, _, _ in reported)]
        spurious = [v for v, _, _ in reported if all(abs(float(a) - v) > 1e-6 for a in want)]
        right = 0
        for v, k, sub in reported:
            exact = next((a for a in want if abs(float(a) - v) < 1e-6), mpmath.mpf(v))
            right += claimed_ok(f, exact, k, sub)
        note = d.get("note") or ""
        silent = len(hit) < len(want) and "not examined" not in note
        totals["exist"] += len(want)
        totals["reported"] += len(hit)
        totals["spurious"] += len(spurious)
        totals["values_right"] += right
        totals["values_checked"] += len(reported)
        totals["silent"] += silent
        rows.append(f"{src:64} exist {len(want):2} reported {len(hit):2} spurious {len(spurious)} "
                     f"values {right}/{len(reported)}{'  SILENT' if silent else ''}")
    tex = out / "joints.tex"
    lt = run(exe, [*functions, "--format", "latex", "--standalone", "-o", str(tex)])
    totals["tracebacks"] += lt.stderr.count("Traceback")
    pdf = subprocess.run(["pdflatex", "-interaction=nonstopmode", tex.name], cwd=out, capture_output=True,
                         text=True, timeout=300)
    totals["overfull"] = pdf.stdout.count("Overfull")
    totals["latex_compiled"] = (out / "joints.pdf").exists()
    totals["cpu_seconds"] = dict(CPU)
    return {"rows": rows, "totals": totals}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--window", type=float, default=10.0)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--exe", default=str(Path(sys.executable).with_name("derive")))
    ap.add_argument("--fresh", action="store_true", help="the second set, written after the changes")
    a = ap.parse_args()
    out = a.out or Path(tempfile.mkdtemp(prefix="joints-"))
    out.mkdir(parents=True, exist_ok=True)
    result = measure(a.exe, a.window, out, FRESH if a.fresh else FUNCTIONS)
    print("\n".join(result["rows"]))
    print(json.dumps(result["totals"], indent=1))
    print(f"outputs in {out}")


if __name__ == "__main__":
    main()
