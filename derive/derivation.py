"""The record of a derivation: what the pipeline found, in the order a reader meets it.

Built once, by :func:`derive.pipeline.record`, from the state the stages leave; the printers
read it and never derive.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sympy import Expr, Symbol, sstr

from .cost import cost
from .step import Step


@dataclass
class Derivation:
    input: str
    name: str | None
    title: str | None
    variable: Symbol
    symbol: Symbol
    definition: Expr
    derivative: Expr
    output_form: Expr | None
    steps: list[Step]
    note: str = ""
    display: str | None = None  # how the symbol is shown: S(x), tanh(x)
    parameters: dict = field(default_factory=dict)
    constants: list = field(default_factory=list)
    alternatives: list = field(default_factory=list)  # other forms of the derivative, as steps
    kinks: list = field(default_factory=list)  # joints where f is not differentiable
    cached_form: Expr | None = None  # f' through y and parts of f, where no output form exists
    cached_values: tuple = ()  # ((symbol, part of the definition), ...) used by cached_form
    indices: tuple = ()  # (i, j) for a function of a vector: the entry S_i, by a_j
    order: int = 1  # the derivative's order: steps of every order up to it are included
    by_name: Expr | None = None  # the input as written, the catalog functions it called by name
    held: Expr | None = None  # an expression input read with evaluation held: the checker's and the printers'
    domain: Expr | None = None  # where the Result holds, where less than the whole line (x > 0 for ln x)
    stated: dict = field(default_factory=dict)  # what is stated beside the steps → checked (derive/stated.py)

    @property
    def written(self) -> Expr:
        """The definition as the input wrote it (2x·softplus(3x)), else as derived."""
        return self.definition if self.by_name is None else self.by_name

    @cached_property
    def cost(self) -> dict:
        """Backprop cost of the derivative in x, and of the output (or cached-value) form."""
        from .cost import costs

        return costs(self)

    @property
    def partial(self) -> bool:
        """Whether every derivative is written ∂ (∂y/∂x), not d: the function has variables besides
        the one it is differentiated by, held fixed -- the other input of glu, the target of a loss,
        the entries of a vector.  A function of one variable is written d: a catalog entry's
        parameters (leaky ReLU's α), and an expression's other symbols, which the "treated as
        constants" line names (d/dx xⁿ = n·xⁿ⁻¹, as a textbook writes it, n a constant)."""
        return bool(self.indices or (self.constants and self.name is not None))

    @property
    def plain(self) -> bool:
        """An expression, not a catalog entry: the result a person reads first is the derivative in x."""
        return self.name is None and not self.indices

    @property
    def written_derivative(self) -> Expr:
        """The derivative in x as the shortest line that writes it (the textbook tidy's last line, in
        the order a textbook prints it: x² − 2x − 1; never a line on the way to a form in y, such
        as 1 − 1 + e^{−x} over the square; a line in the catalog functions the input called by
        name: 2·sigmoid(2x)), else as SymPy holds it."""
        from .called import written_out
        from .expr import canon, written_ops

        at = canon(self.derivative)  # a line in the catalog functions the input called counts: sigmoid(2x)
        found = [(written_ops(s.expression), -k, s.expression) for k, s in enumerate(self.steps)
                 if s.lhs is None and canon(written_out(s.expression)) == at]
        return min(found, key=lambda t: t[:2])[2] if found else self.derivative

    def as_written(self, form: Expr) -> Expr:
        """A form in y or with the forward pass's values as the last line that reaches it writes it
        (gaussian's −2xy, in the order of the line above it, not SymPy's −2yx), else as held."""
        from .expr import canon

        at = canon(form)
        return next((s.expression for s in reversed(self.steps) if s.lhs is None and canon(s.expression) == at), form)

    def shown(self, form: Expr | None) -> bool:
        """Whether a form in y or with the forward pass's values is shown besides the derivative:
        where it exists and, for a plain expression, costs less (fewer calls, then operations)."""
        if form is None:
            return False
        if not self.plain:
            return True
        if form == self.written_derivative:
            return False  # the result is written so already (x·sigmoid(2x): sigmoid(2x) + …)
        if form == self.cached_form and self.renames_result(form):
            return False  # the Result with letters for its calls: it tells the reader nothing new
        mine, its = cost(self.derivative), cost(form)
        return (its.calls, its.ops) < (mine.calls, mine.ops)

    def renames_result(self, form: Expr) -> bool:
        """Whether a form with the forward pass's values is the Result with a letter for each value:
        x ln x − x's u (u = ln x) for ln x, x sin x + cos x's u·x (u = cos x) for x cos x."""
        from .expr import canon
        back = form.xreplace(dict(self.cached_values))
        return canon(back) == canon(self.written_derivative)

    @property
    def verified(self) -> bool:
        """Every step, every other form shown (alternatives), every joint and everything stated beside
        the steps (the Result, the forms, the witness: :mod:`derive.stated`) passed the check."""
        return (all(s.all_verified() for s in list(self.steps) + list(self.alternatives))
                and all(k.verified for k in self.kinks) and all(self.stated.values()))

    def stated_verified(self, name: str) -> bool:
        """Whether the statement ``name`` (stated.RESULT, FORM, …) passed its check (True where it
        was not stated)."""
        return self.stated.get(name, True)

    def to_text(self, width: int | None = None) -> str:
        """The derivation as the command line prints it into a file (no colours); ``width``: the
        printer's line width (its default when None)."""
        from .printing import text
        return text.render([self], **({} if width is None else {"width": width}))

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        form = f", output form {sstr(self.output_form)}" if self.output_form is not None else ""
        state = "verified" if self.verified else "NOT verified"
        return (f"<Derivation of {self.input!r} by {self.variable}: {len(self.steps)} steps{form}, {state}; "
                "print() it for the steps>")

    def to_latex(self) -> str:
        from .printing import latex
        return latex.render(self)

    def to_markdown(self) -> str:
        from .printing import markdown
        return markdown.render(self)

    def to_dict(self) -> dict:
        from .printing import jsonfmt
        return jsonfmt.as_dict(self)

    def to_json(self) -> str:
        from .printing import jsonfmt
        return jsonfmt.render([self])

    _repr_markdown_ = to_markdown  # a notebook cell shows the derivation rendered

    def _repr_latex_(self) -> str:  # the same, as one aligned display for MathJax
        from .printing import latex
        return latex.notebook(self)

    @property
    def parameter_values(self) -> dict:
        """The parameters' symbols with their default values."""
        return {p: v for p in self.definition.free_symbols for n, v in self.parameters.items() if str(p) == n}
