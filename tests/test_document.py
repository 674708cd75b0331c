"""The standalone LaTeX document (--standalone): its parts, its appendix, and real pdflatex."""
from __future__ import annotations

import re

import pytest

from derive.catalog import CATALOG
from derive.engine import derive
from derive.printing.page import ALL as EVERY_STEP
from derive.printing import document, latex
from derive.rules import by_id
from texcheck import assert_document_compiles

ALL = [e.name for e in CATALOG]


def sections(doc: str) -> dict:
    """Section title → its text (up to the next section)."""
    parts = re.split(r"^\\section\{(.*)\}$", doc, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def assert_only_packages(doc: str, expected: list[str]) -> None:
    assert re.findall(r"\\usepackage\{(\w+)\}", doc) == expected
    assert doc.startswith("% Written by derive") and "\\documentclass{article}" in doc


@pytest.fixture(scope="module")
def whole(catalog):
    return document.render([catalog[n] for n in ALL])


def test_preamble_has_amsmath_and_amssymb_only(whole):
    assert_only_packages(whole, ["amsmath", "amssymb"])
    assert whole.rstrip().endswith("\\end{document}")


def test_a_section_per_derivation_and_the_appendix(whole, catalog):
    found = sections(whole)
    assert list(found) == [catalog[n].title for n in ALL] + ["Rules used"]
    for name in ALL:
        d, body = catalog[name], found[catalog[name].title]
        for part in ("Definition", "Derivation", "Result"):
            assert "\\paragraph{%s.}" % part in body, (name, part)
        assert body.count("\\boxed{") == 1
        assert ("\\paragraph{Kinks.}" in body) == bool(d.kinks), name
        assert "\\paragraph{Backprop cost.}\nThe derivative in" in body
    assert whole.index("\\appendix") < whole.index("\\section{Rules used}")


@pytest.mark.parametrize("source, boxed", [
    ("sigmoid", r"\boxed{\frac{d}{dx} S(x) = S(x) \left(1 - S(x)\right)}"),
    ("tanh", r"\boxed{\frac{d}{dx} \tanh(x) = 1 - \tanh^{2}(x)}"),
    ("x^2", r"\boxed{\frac{dy}{dx} = 2 x}"),  # no output form: the derivative
    ("softmax", r"\boxed{\frac{\partial S_{i}}{\partial a_{j}} = \begin{cases} S_{i} \left(1 - S_{j}\right) & "
                r"\text{if } i = j \\ - S_{i} S_{j} & \text{if } i \neq j \end{cases} = "
                r"S_{i} \left(\delta_{i j} - S_{j}\right)}"),
    # no output form, a form with the forward pass's values: that form, the values named after the box
    ("bce", r"\boxed{\frac{\partial}{\partial z} L(z) = S - t},\quad S = \frac{1}{1 + e^{- z}}"),  # L(z, t): ∂
    ("cross_entropy", r"\boxed{\frac{\partial L}{\partial a_{j}} = S_{j} - {t}_{j}},\quad "
                      r"S_{j} = \frac{e^{{a}_{j}}}{\sum_{m=1}^{n} e^{{a}_{m}}}"),
])
def test_result_is_boxed(catalog, source, boxed):
    d = catalog.get(source) or derive(source)
    assert document.result_latex(d) == "\\[\n" + boxed + "\n\\]\n"


@pytest.mark.parametrize("source, definition", [
    ("sigmoid", r"S(x) = \frac{1}{1 + e^{- x}}"),
    ("tanh", r"\tanh(x) = \frac{e^{x} - e^{- x}}{e^{x} + e^{- x}}"),
    ("relu", r"y = \begin{cases} 0 & \text{for}\: x \leq 0 \\x & \text{otherwise} \end{cases}"),
    ("softmax", r"S_{i} = \frac{e^{{a}_{i}}}{\sum_{k=1}^{n} e^{{a}_{k}}}"),
    ("x^2", r"y = x^{2}"),  # an expression's y is y, as a textbook writes it
])
def test_definition(catalog, source, definition):
    assert latex.definition_latex(catalog.get(source) or derive(source)) == definition


def test_symbols_a_human_can_read(catalog):
    tanh = document.section(catalog["tanh"])
    assert r"\operatorname{sech}^{2}{\left(x \right)}" in tanh and r"\tanh(x)" in tanh
    assert r"\begin{cases}" in document.section(catalog["relu"])
    assert r"\begin{cases}" in latex.render(catalog["softmax"])  # the case split of the fragment too


def test_rule_names_through_macros_sub_steps_by_a_quad(catalog):
    """The document names rules with \\rulename{title}{id} (defined once in the preamble); the
    fragment stays self-contained."""
    body = document.section(catalog["sigmoid"], depth=EVERY_STEP)
    assert r" &= \frac{\left(1 + e^{- x}\right) \cdot \left(0\right)" in body
    assert r"\tag*{{\small \rulename{Quotient rule}{d-quotient}}} \displaybreak[0] \\" in body
    assert ("\n&\\quad\\quad \\frac{d}{d x} 1 = 0 \\tag*{{\\small \\rulename{Constant rule}{d-constant}}}"
            " \\displaybreak[0] \\\\\n") in body
    assert r"\newcommand{\rulename}[2]" in document.render([catalog["sigmoid"]])
    assert r"\rulename" not in latex.render(catalog["sigmoid"])


def test_rules_used_walks_sub_steps_alternatives_and_kinks(catalog):
    ids = document.rule_ids([catalog["sigmoid"]])
    assert ids[:2] == ["def-differentiate", "d-quotient"]
    assert {"d-exp", "d-identity", "alg-fold-definition"} <= set(ids)  # sub-sub-steps count
    assert len(ids) == len(set(ids))
    assert "alg-pythagorean" in document.rule_ids([catalog["tanh"]])  # from the alternative form
    assert "d-joint" in document.rule_ids([catalog["relu"]])


def test_appendix_states_each_rule(catalog):
    appendix = document.rules_appendix([catalog["sigmoid"]])
    rule = by_id("d-quotient")
    assert "\\item[\\texttt{d-quotient}] Quotient rule.\n\\[\n%s\n\\]\n" % rule.latex in appendix
    assert appendix.count("\\item[") == len(document.rule_ids([catalog["sigmoid"]]))


@pytest.mark.parametrize("name, shown", [
    ("sigmoid", "The derivative in $x$, 4 operations and 1 transcendental call; "  # the maths in math mode
                "in terms of $S$, 2 operations and 0 transcendental calls."),
    ("silu", "with the forward pass's values, 4 operations and 0 transcendental calls."),  # S + x·S(1 − S)
])
def test_backprop_cost(name, shown, catalog):
    body = document.section(catalog[name])
    assert "\\paragraph{Backprop cost.}" in body and shown in body


@pytest.mark.parametrize("words, tex", [
    ("exp(x)/(1+exp(x))", "exp(x)/(1+exp(x))"),
    ("a_b^c 50% & #1", r"a\_b\^{}c 50\% \& \#1"),
    (r"{\x} $y$ ~", r"\{\textbackslash{}x\} \$y\$ \textasciitilde{}"),
    ("δ_ij ≠ Σ e^{a_k}", r"$\delta$\_ij $\neq$ $\Sigma$ e\^{}\{a\_k\}"),
    ("α Ω ο ☃", r"$\alpha$ $\Omega$ [U+03BF] [U+2603]"),
])
def test_escape(words, tex):
    assert document.escape(words) == tex


def test_expression_section_is_titled_by_the_input():
    assert document.section(derive("x^2")).startswith("\\section{$y = x^{2}$}")  # the expression as maths


def test_figure_needs_graphicx():
    d = derive("sigmoid")
    doc = document.render([d], figures={0: "fig.pdf"})
    assert_only_packages(doc, ["amsmath", "amssymb", "graphicx"])
    assert "\\includegraphics[width=0.8\\linewidth]{fig.pdf}" in doc
    section = doc[doc.index("\\section{Sigmoid}"):doc.index("\\appendix")]
    assert "\\begin{inlinefigure}" in section and "\\begin{figure}" not in doc  # it stays in its section


# --- real pdflatex -----------------------------------------------------------------------------

def test_whole_catalog_compiles(whole, tmp_path):
    assert_document_compiles(whole, tmp_path)


EXPRESSIONS = ["x^2", "Abs(x)", "log(1+exp(x))", "Piecewise((x**2, x < 1), (2*x - 1, True))", "asin(x)", "x^x",
               "a*x^2 + b"]


def test_expressions_compile(tmp_path):
    """Expressions in one document: one pdflatex run."""
    ds = [derive(source, "x") for source in EXPRESSIONS]
    assert_document_compiles(document.render(ds), tmp_path)


def test_unverified_document_compiles(tmp_path, monkeypatch):
    from derive import verify

    monkeypatch.setattr(verify.Checker, "equal", lambda self, *a, **k: False)
    d = derive("relu")
    doc = document.render([d], depth=EVERY_STEP)
    failed = [s for top in d.steps for s in top.walk() if not s.verified]
    assert failed and doc.count(r"\unverifiedrule{") == len(failed)
    assert_document_compiles(doc, tmp_path)


def test_every_rule_statement_is_latex_pdflatex_reads():
    """The appendix sets rule statements (their docstrings, in Unicode) as LaTeX: nothing that
    pdflatex without extra packages would refuse (F⁻¹, uⁿ⁻¹, ⇒, √, β) is left as it is."""
    from derive.printing.prose import prose_latex
    from derive.rules import all_rules

    left = {r.id: {c for c in prose_latex(r.words) if ord(c) > 127} for r in all_rules()}
    assert {k: v for k, v in left.items() if v} == {}


@pytest.mark.parametrize("expression", ["x*exp(-x^2)", "exp(x)*sin(x)", "sqrt(1 - x^2)"])
def test_sentences_of_a_plain_expression_are_latex_pdflatex_reads(expression):
    """The no-form sentence writes its values with ≈ (f(1) = f(b) ≈ 0.3679): set as \\approx in
    maths, not escaped as text ([U+2248] on the page)."""
    body = document.section(derive(expression))
    assert "[U+" not in body and r"\approx" in body


@pytest.mark.parametrize("words, tex", [
    ("terms: a(b + c) = ab + ac; its", r"terms: $a(b + c) = \mathit{ab} + \mathit{ac}$; its"),  # ab was text
    ("terms: c(a + b) = ca + cb.", r"terms: $c(a + b) = \mathit{ca} + \mathit{cb}$."),
    ("is a power: e^{k·ln a} = a^k, for", r"is a power: $e^{k\cdot \ln a} = a^k$, for"),  # not broken at its space
    ("uⁿ = r, n odd ⇒ u", r"$u^{n} = r, n$ odd $\Rightarrow u$"),  # an English word after a name stays text
    ("a fraction without one ⇒ u² = r²", r"a fraction without one $\Rightarrow u^{2} = r^{2}$"),
    ("So e^{2x} − 1 = y·eˣ gives", r"So $e^{2x} - 1 = y\cdot e^{x}$ gives"),  # a letter as a superscript: eˣ
])
def test_prose_sets_maths_as_maths(words, tex):
    from derive.printing.prose import prose_latex

    assert " ".join(prose_latex(words).split()) == tex


def test_rule_statements_carry_no_rst_markup():
    """A rule's docstring is its statement in the appendix: no ``name`` (set as ‘‘name“ by TeX)."""
    from derive.rules import all_rules

    assert [r.id for r in all_rules() if "``" in r.words] == []
