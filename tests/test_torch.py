"""Every catalog entry against PyTorch's autograd (float64): the derivative at 1,000 points
away from the kinks, the output form evaluated at PyTorch's own forward value, and the
value autograd returns at each kink.  Skipped, with the reason shown, without torch
(`pip install torch==2.13.0`, or the extra derive-steps[torch])."""
import os
import random

import mpmath
import pytest

from derive.catalog import CATALOG
from derive.numeric import value

try:
    import torch
except ImportError:  # skipped with the reason shown; CI (DERIVE_REQUIRE_TOOLS) fails instead
    if os.environ.get("DERIVE_REQUIRE_TOOLS"):
        raise
    pytest.skip("PyTorch is not installed: pip install 'derive-steps[torch]'", allow_module_level=True)
F = torch.nn.functional

# How PyTorch computes each entry, with the defaults the catalog states.
TORCH = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky_relu": F.leaky_relu,
    "prelu": lambda x: F.prelu(x, torch.tensor([0.25], dtype=x.dtype)),
    "rrelu": lambda x: F.rrelu(x, training=False),
    "elu": F.elu,
    "selu": F.selu,
    "celu": F.celu,
    "softplus": F.softplus,
    "softsign": F.softsign,
    "silu": F.silu,
    "mish": F.mish,
    "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "hardsigmoid": F.hardsigmoid,
    "hardtanh": F.hardtanh,
    "hardswish": F.hardswish,
    "threshold": lambda x: F.threshold(x, 1.0, 0.0),
    "relu6": F.relu6,
    "logsigmoid": F.logsigmoid,
    "softshrink": F.softshrink,
    "hardshrink": F.hardshrink,
    "tanhshrink": F.tanhshrink,
    "exp": torch.exp,
    "identity": lambda x: x,
    "arctan": torch.atan,
    "gaussian": lambda x: torch.exp(-x * x),
    "sinc": torch.sinc,
    "binary_cross_entropy_with_logits": lambda z: F.binary_cross_entropy_with_logits(
        z, torch.full_like(z, 0.3), reduction="none"),
    "mse_loss": lambda p: F.mse_loss(p, torch.full_like(p, 0.3), reduction="none"),
    "glu": lambda a: F.glu(torch.cat([a, torch.full_like(a, 0.3)]), dim=0),  # by a; b = 0.3
}
TARGET = 0.3  # the target t of the losses
VECTOR = {"softmax", "softmin", "log_softmax", "cross_entropy"}
SCALAR = [e.name for e in CATALOG if e.name not in VECTOR]
POINTS = 1000


def test_every_scalar_entry_has_a_pytorch_counterpart():
    assert sorted(SCALAR) == sorted(TORCH)


def autograd(name: str, xs: list[float]) -> tuple[list[float], list[float]]:
    """PyTorch's f(x) and f'(x) at ``xs``."""
    t = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    y = TORCH[name](t)
    y.sum().backward()
    return y.detach().tolist(), t.grad.tolist()


def points(kinks: list[float], seed: int) -> list[float]:
    rng = random.Random(seed)
    xs = [rng.uniform(-8, 8) for _ in range(POINTS)]
    return [x for x in xs if all(abs(x - k) > 1e-6 for k in kinks) and abs(x) > 1e-9]


def values(d) -> dict:
    """The parameters' defaults and the losses' target."""
    return {**{p: mpmath.mpf(v) for p, v in d.parameter_values.items()},
            **{c: mpmath.mpf(TARGET) for c in d.constants}}


def close(a: float, b: float, tol: float = 1e-8) -> bool:
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


@pytest.mark.parametrize("name", SCALAR)
def test_derivative_agrees_with_autograd(name, catalog):
    d = catalog[name]
    env = values(d)
    kinks = [float(value(k.at, env, mpmath.fp)) for k in d.kinks]
    xs = points(kinks, seed=len(name))
    _, grads = autograd(name, xs)
    ours = [float(value(d.derivative, {**env, d.variable: mpmath.mpf(x)})) for x in xs]
    bad = [(x, a, b) for x, a, b in zip(xs, ours, grads) if not close(a, b)]
    assert not bad, f"{name}: {len(bad)} of {len(xs)} points differ, e.g. {bad[:3]}"


@pytest.mark.parametrize("name", SCALAR)
def test_output_form_at_pytorchs_forward_value(name, catalog):
    d = catalog[name]
    if d.output_form is None:
        pytest.skip(f"{name} has no output form")
    env = values(d)
    kinks = [float(value(k.at, env, mpmath.fp)) for k in d.kinks]
    xs = points(kinks, seed=7 * len(name))
    ys, grads = autograd(name, xs)
    ours = [float(value(d.output_form, {**env, d.symbol: mpmath.mpf(y)})) for y in ys]
    bad = [(x, a, b) for x, a, b in zip(xs, ours, grads) if not close(a, b, 1e-6)]
    assert not bad, f"{name}: {len(bad)} of {len(xs)} points differ, e.g. {bad[:3]}"


@pytest.mark.parametrize("name", [e.name for e in CATALOG if e.pytorch])
def test_kinks_carry_pytorchs_value(name, catalog):
    d = catalog[name]  # celu is differentiable at its joint: no kink to check
    env = {p: mpmath.mpf(v) for p, v in d.parameter_values.items()}
    for k in d.kinks:
        at = float(value(k.at, env))
        _, (grad,) = autograd(name, [at])
        assert close(float(value(k.pytorch, env)), grad), (name, at, k.pytorch, grad)


@pytest.mark.parametrize("name", SCALAR)
def test_cached_form_at_pytorchs_forward_value(name, catalog):
    """The backward pass as the cached-value form would run it: y from PyTorch's forward pass,
    the other cached values from their definitions."""
    d = catalog[name]
    if d.cached_form is None:
        pytest.skip(f"{name} has no cached-value form")
    env = values(d)
    xs = points([], seed=11 * len(name))
    ys, grads = autograd(name, xs)
    ours = []
    for x, y in zip(xs, ys):
        at = {**env, d.variable: mpmath.mpf(x)}
        cached = {t: value(c, at) for t, c in d.cached_values}
        ours.append(float(value(d.cached_form, {**at, **cached, d.symbol: mpmath.mpf(y)})))
    bad = [(x, a, b) for x, a, b in zip(xs, ours, grads) if not close(a, b, 1e-6)]
    assert not bad, f"{name}: {len(bad)} of {len(xs)} points differ, e.g. {bad[:3]}"


VECTOR_TORCH = {"softmax": lambda a: F.softmax(a, dim=0), "softmin": lambda a: F.softmin(a, dim=0),
                "log_softmax": lambda a: F.log_softmax(a, dim=0)}
# A loss of a vector: logits a against probability targets t (one sample, unbatched).
LOSS_TORCH = {"cross_entropy": lambda a, t: F.cross_entropy(a, t)}


def test_every_vector_entry_has_a_pytorch_counterpart():
    assert sorted(VECTOR) == sorted({**VECTOR_TORCH, **LOSS_TORCH}) == sorted(
        e.name for e in CATALOG if "[" in e.definition)


@pytest.mark.parametrize("name", sorted(VECTOR_TORCH))
def test_jacobian_in_the_output_form_agrees_with_autograd(name, catalog):
    """J[i, j] from the form in y_i, y_j (PyTorch's forward values) against autograd's Jacobian."""
    from sympy import Symbol
    d = catalog[name]
    i, j = d.indices
    base = str(d.symbol).split("_")[0]
    Si, Sj = Symbol(f"{base}_{i}"), Symbol(f"{base}_{j}")
    rng = random.Random(name)
    for n in (2, 3, 5):
        a = torch.tensor([rng.uniform(-4, 4) for _ in range(n)], dtype=torch.float64)
        y = VECTOR_TORCH[name](a).tolist()
        jac = torch.autograd.functional.jacobian(VECTOR_TORCH[name], a).tolist()
        for r in range(n):
            for c in range(n):
                ours = float(d.output_form.subs({Si: y[r], Sj: y[c], i: r + 1, j: c + 1}))
                assert close(ours, jac[r][c]), (name, n, r, c, ours, jac[r][c])


LOSS_SIZES = (2, 3, 4, 6, 10)


def loss_points(name: str, n: int, normalized: bool):
    """(logits, targets, autograd's gradient) at POINTS // len(LOSS_SIZES) random points: targets
    positive, summing to 1 where ``normalized``."""
    rng = random.Random(f"{name}{n}{normalized}")
    for _ in range(POINTS // len(LOSS_SIZES)):
        a = torch.tensor([rng.uniform(-8, 8) for _ in range(n)], dtype=torch.float64, requires_grad=True)
        t = torch.tensor([rng.uniform(0.01, 1) for _ in range(n)], dtype=torch.float64)
        t = t / t.sum() if normalized else t
        LOSS_TORCH[name](a, t).backward()
        yield a.detach().tolist(), t.tolist(), a.grad.tolist()


def at_size(e, d, n: int, at: int):
    """An expression of the derivation with n and j given values and its sums written out."""
    from sympy import Symbol
    bound = {s: n for s in e.free_symbols if isinstance(s, Symbol) and str(s) == "n"}
    return e.xreplace({**bound, d.indices[-1]: at}).doit()


@pytest.mark.parametrize("normalized", [True, False])
@pytest.mark.parametrize("name", sorted(LOSS_TORCH))
def test_loss_derivative_agrees_with_autograd(name, normalized, catalog):
    """dL/da_j as derived, for any targets (PyTorch does not require them to sum to 1 either)."""
    d = catalog[name]
    a, t = d.variable.base, d.constants[0]
    for n in LOSS_SIZES:
        exprs = [at_size(d.derivative, d, n, at) for at in range(1, n + 1)]
        for logits, targets, grads in loss_points(name, n, normalized):
            env = {**{a[k + 1]: v for k, v in enumerate(logits)}, **{t[k + 1]: v for k, v in enumerate(targets)}}
            ours = [float(value(e, env, mpmath.fp)) for e in exprs]
            assert all(close(x, g) for x, g in zip(ours, grads)), (name, n, logits, targets, ours, grads)


@pytest.mark.parametrize("name", sorted(LOSS_TORCH))
def test_loss_cached_form_at_pytorchs_forward_values(name, catalog):
    """S_j - t_j with S from PyTorch's forward pass, where the targets sum to 1 (the condition the
    derivation used): autograd's gradient; where they do not, it is not."""
    d = catalog[name]
    (S, _), = d.cached_values
    t = d.constants[0]
    for normalized in (True, False):
        for n in LOSS_SIZES:
            for logits, targets, grads in loss_points(name, n, normalized):
                forward = F.softmax(torch.tensor(logits, dtype=torch.float64), dim=0).tolist()
                ours = [float(value(d.cached_form.xreplace({d.indices[-1]: at}),
                                    {S: forward[at - 1], t[at]: targets[at - 1]}, mpmath.fp))
                        for at in range(1, n + 1)]
                assert all(close(x, g, 1e-6) for x, g in zip(ours, grads)) is normalized, (name, n, logits)


def test_glu_by_its_gate():
    """glu = a·σ(b) by b, with a = 0.3: PyTorch's F.glu on [a, b]."""
    from derive.engine import derive
    d = derive("glu", "b")
    xs = points([], seed=5)
    t = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    F.glu(torch.cat([torch.full_like(t, 0.3), t]), dim=0).sum().backward()
    env = values(d)
    ours = [float(value(d.derivative, {**env, d.variable: mpmath.mpf(x)})) for x in xs]
    assert all(close(a, b) for a, b in zip(ours, t.grad.tolist()))
