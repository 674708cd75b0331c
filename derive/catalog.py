"""Named functions: data only (name, definition, symbol, PyTorch's defaults); the engine does the rest.

Names follow ``torch.nn.functional``.  Parameters are kept symbolic in the
derivation and carry PyTorch's default values.  ``pytorch=True`` says the
definition branches on the same conditions as PyTorch's kernel, so the branch
that holds at a joint gives the value autograd returns there (confirmed by the
cross-check in ``tests/test_torch.py``).
"""
from __future__ import annotations

from dataclasses import dataclass

SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    definition: str  # in the syntax derive's parser reads
    symbol: str = "y"  # the letter that stands for f(x) in the output form
    variable: str = "x"
    aliases: tuple[str, ...] = ()
    display: str | None = None  # how the symbol is shown when it is not the symbol itself
    parameters: tuple[tuple[str, float], ...] = ()  # (name, PyTorch's default), kept symbolic
    pytorch: bool = False  # the definition branches on the same conditions as PyTorch's kernel
    remark: str = ""  # what the definition leaves out of PyTorch's implementation, said plainly
    variables: tuple[str, ...] = ()  # a function of several inputs: derived by each in turn
    given: tuple[tuple[str, str], ...] = ()  # conditions the derivation may use: (sum, value), sum = value
    notation: tuple[str, ...] = ()  # how written maths calls it (σ: sigma), for reading a derivation

    @property
    def inputs(self) -> tuple[str, ...]:
        return self.variables or (self.variable,)


CATALOG = (
    Entry("sigmoid", "Sigmoid", "1/(1 + exp(-x))", symbol="S", aliases=("logistic",), notation=("sigma",)),
    Entry("tanh", "Hyperbolic tangent", "(exp(x) - exp(-x))/(exp(x) + exp(-x))", display="tanh"),
    Entry("relu", "Rectified linear unit", "Piecewise((0, x <= 0), (x, True))", pytorch=True),
    Entry("leaky_relu", "Leaky ReLU", "Piecewise((x, x > 0), (alpha*x, True))",
          parameters=(("alpha", 0.01),), pytorch=True, aliases=("leakyrelu", "leaky-relu")),
    Entry("prelu", "Parametric ReLU", "Piecewise((x, x > 0), (a*x, True))",
          parameters=(("a", 0.25),), pytorch=True,
          remark="The slope a is learned; 0.25 is PyTorch's initial value."),
    Entry("rrelu", "Randomized leaky ReLU (evaluation mode)", "Piecewise((x, x > 0), ((l + u)/2*x, True))",
          parameters=(("l", 1 / 8), ("u", 1 / 3)), pytorch=True,
          remark="In training PyTorch draws the slope from U(l, u); in evaluation it uses (l + u)/2."),
    Entry("elu", "Exponential linear unit", "Piecewise((x, x > 0), (alpha*(exp(x) - 1), True))",
          parameters=(("alpha", 1.0),), pytorch=True),
    Entry("selu", "Scaled exponential linear unit",
          "Piecewise((lambda_*x, x > 0), (lambda_*alpha*(exp(x) - 1), True))",
          parameters=(("lambda_", SELU_SCALE), ("alpha", SELU_ALPHA)), pytorch=True),
    Entry("celu", "Continuously differentiable ELU", "Piecewise((x, x > 0), (alpha*(exp(x/alpha) - 1), True))",
          parameters=(("alpha", 1.0),), pytorch=True),
    Entry("softplus", "Softplus", "log(1 + exp(beta*x))/beta", parameters=(("beta", 1.0),),
          remark="PyTorch returns x itself where beta*x > 20 (threshold), a numerical shortcut: "
                 "the derivative there differs from 1 by less than 3e-9."),
    Entry("softsign", "Softsign", "x/(1 + Abs(x))"),
    Entry("silu", "Sigmoid linear unit", "x/(1 + exp(-x))", aliases=("swish",)),
    Entry("mish", "Mish", "x*tanh(log(1 + exp(x)))"),
    Entry("gelu", "Gaussian error linear unit", "x/2*(1 + erf(x/sqrt(2)))"),
    Entry("gelu_tanh", "GELU, tanh approximation", "x/2*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))",
          aliases=("gelu-tanh",), remark="F.gelu(x, approximate='tanh')."),
    Entry("hardsigmoid", "Hard sigmoid", "Piecewise((0, x <= -3), (1, x >= 3), (x/6 + 1/2, True))",
          pytorch=True),
    Entry("hardtanh", "Hard tanh", "Piecewise((-1, x <= -1), (1, x >= 1), (x, True))", pytorch=True),
    Entry("hardswish", "Hard swish", "Piecewise((0, x <= -3), (x, x >= 3), (x*(x + 3)/6, True))",
          pytorch=True, remark="Autograd's values at the kinks, 0 at -3 and 1 at 3, are those of PyTorch "
                               "2.13 (checked in tests/test_torch.py); older releases differed."),
    Entry("threshold", "Threshold", "Piecewise((x, x > threshold), (value, True))",
          parameters=(("threshold", 1.0), ("value", 0.0)), pytorch=True,
          remark="F.threshold(x, threshold, value) has no defaults: threshold = 1, value = 0 are examples. "
                 "Where value differs from threshold, f jumps there."),
    Entry("relu6", "ReLU6", "Piecewise((0, x <= 0), (6, x >= 6), (x, True))", pytorch=True),
    Entry("logsigmoid", "Log-sigmoid", "-log(1 + exp(-x))", aliases=("log_sigmoid",)),
    Entry("softshrink", "Soft shrinkage",
          "Piecewise((x - lambd, x > lambd), (x + lambd, x < -lambd), (0, True))",
          parameters=(("lambd", 0.5),), pytorch=True),
    Entry("hardshrink", "Hard shrinkage", "Piecewise((x, x > lambd), (x, x < -lambd), (0, True))",
          parameters=(("lambd", 0.5),), pytorch=True),
    Entry("tanhshrink", "Tanh shrinkage", "x - tanh(x)"),
    Entry("exp", "Exponential", "exp(x)"),
    Entry("identity", "Identity", "x", aliases=("linear",)),
    Entry("arctan", "Arctangent", "atan(x)", aliases=("atan",)),
    Entry("gaussian", "Gaussian", "exp(-x^2)"),
    Entry("sinc", "Normalized sinc", "Piecewise((1, Eq(x, 0)), (sin(pi*x)/(pi*x), True))", pytorch=True,
          remark="torch.sinc is sin(pi x)/(pi x), with the value 1 at x = 0; its backward pass masks the "
                 "slope there to 0."),
    Entry("glu", "Gated linear unit", "a/(1 + exp(-b))", variable="a", variables=("a", "b"),
          remark="F.glu splits its input in halves a, b along a dimension: glu = a·σ(b)."),
    Entry("binary_cross_entropy_with_logits", "Binary cross-entropy of a logit",
          "-(t*log(1/(1 + exp(-z))) + (1 - t)*log(1 - 1/(1 + exp(-z))))", symbol="L", variable="z",
          aliases=("bce", "sigmoid_bce"), remark="The loss of a logit z against a target t in [0, 1]."),
    Entry("mse_loss", "Squared error", "(p - t)^2", symbol="L", variable="p", aliases=("mse",),
          remark="One output p against its target t; the mean over n outputs divides by n."),
    Entry("softmax", "Softmax", "exp(a[i])/Sum(exp(a[k]), (k, 1, n))", symbol="S", variable="a",
          aliases=("softmax2d",), remark="nn.Softmax2d is this softmax over the channels at each location."),
    Entry("softmin", "Softmin", "exp(-a[i])/Sum(exp(-a[k]), (k, 1, n))", symbol="S", variable="a",
          remark="F.softmin(a) is the softmax of -a."),
    Entry("log_softmax", "Log-softmax", "a[i] - log(Sum(exp(a[k]), (k, 1, n)))", variable="a",
          aliases=("logsoftmax",)),
    Entry("cross_entropy", "Cross-entropy of a softmax",
          "-Sum(t[k]*log(exp(a[k])/Sum(exp(a[m]), (m, 1, n))), (k, 1, n))", symbol="L", variable="a",
          aliases=("softmax_cross_entropy", "ce", "crossentropy"), given=(("Sum(t[k], (k, 1, n))", "1"),),
          remark="The loss of logits a against a probability target t (its components sum to 1): "
                 "F.cross_entropy with probability targets, for one sample."),
)


def lookup(name: str) -> Entry | None:
    """The entry called ``name`` (or one of its aliases), case-insensitively."""
    key = name.strip().lower()
    return next((e for e in CATALOG if key == e.name or key in e.aliases), None)
