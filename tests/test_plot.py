"""The figure of f and f′ (derive/plot.py, --plot FILE): range, what can be drawn, the files."""
from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from derive.engine import derive
from derive.plot import PlotError, check_target, figure_paths, marks, why_not, x_range
from texcheck import assert_document_compiles, missing

MAGIC = {".png": b"\x89PNG\r\n\x1a\n", ".pdf": b"%PDF-", ".svg": b"<svg"}


def assert_image(path: Path) -> None:
    """``path`` exists, is not empty, and starts (svg: early on) with its format's magic bytes."""
    data = path.read_bytes()
    assert len(data) > 1000, f"{path} is (nearly) empty"
    magic = MAGIC[path.suffix.lower()]
    assert data.startswith(magic) if magic != b"<svg" else magic in data[:2000], data[:40]
    assert not [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")], "temporary files left behind"


@pytest.fixture
def matplotlib():
    try:
        import matplotlib
    except ImportError:
        missing("matplotlib not installed (pip install 'derive-steps[plot]')")
    return matplotlib


@pytest.mark.parametrize("source, expected", [
    ("sigmoid", (-6.0, 6.0)),
    ("relu", (-6.0, 6.0)),
    ("Piecewise((x, x < 5), (2*x - 5, True))", (-6.0, 8.0)),
    ("Piecewise((x, x < -10), (-10, True))", (-13.0, 6.0)),
])
def test_range_around_the_kinks(source, expected):
    assert x_range(derive(source)) == expected


@pytest.mark.parametrize("source, where, slopes", [
    ("relu", [0.0], [(0, 1)]),
    # a periodic family: every member in [-6, 6], not only the first (−π, 0, π)
    ("Abs(sin(x))", [-math.pi, 0.0, math.pi], [(-1, 1)] * 3),
    # one-sided derivatives that depend on the member: x·|sin x| at kπ has −kπ and kπ
    ("x*Abs(sin(x))", [-math.pi, 0.0, math.pi], [(math.pi, -math.pi), (0, 0), (-math.pi, math.pi)]),
    ("Max(sin(x), cos(x))", [-7 * math.pi / 4, -3 * math.pi / 4, math.pi / 4, 5 * math.pi / 4],
     [(-math.sqrt(2) / 2, math.sqrt(2) / 2)] * 4),
])
def test_every_kink_in_the_range_is_marked(source, where, slopes):
    d = derive(source)
    found = marks(d, *x_range(d))
    assert [a for a, _ in found] == pytest.approx(where)
    assert [tuple(float(v) for v in s) for _, s in found] == [pytest.approx(s) for s in slopes]


@pytest.mark.parametrize("name, fmt", [("f.png", "png"), ("F.PDF", "pdf"), ("notes.fig.svg", "svg")])
def test_format_from_the_extension(name, fmt):
    assert check_target(Path(name)) == fmt


@pytest.mark.parametrize("name", ["f.gif", "f", "f.jpeg", "f.tex"])
def test_unknown_image_format(name):
    with pytest.raises(PlotError, match="use .png, .svg or .pdf"):
        check_target(Path(name))


@pytest.mark.parametrize("source, wrt, says", [
    ("softmax", None, "Softmax is a function of a vector; plots are for functions of one real variable"),
    ("a*x^2", "x", "'a*x^2' has symbolic constants (a): a plot needs numbers"),
    ("sigmoid", None, None),
    ("leaky_relu", None, None),  # alpha has a default value
])
def test_what_can_be_drawn(source, wrt, says):
    assert why_not(derive(source, wrt)) == says


def test_one_file_per_plottable_input(catalog):
    ds = [catalog[n] for n in ("sigmoid", "softmax", "relu")] + [derive("x^3")]
    assert figure_paths(ds, Path("out/fig.pdf")) == {
        0: Path("out/fig-sigmoid.pdf"), 2: Path("out/fig-relu.pdf"), 3: Path("out/fig-4.pdf")}
    assert figure_paths(ds[:1], Path("fig.pdf")) == {0: Path("fig.pdf")}
    with pytest.raises(PlotError, match="function of a vector"):
        figure_paths([catalog["softmax"]], Path("fig.pdf"))
    with pytest.raises(PlotError, match="nothing to plot"):
        figure_paths([catalog["softmax"], catalog["softmax"]], Path("fig.pdf"))


@pytest.mark.parametrize("source, name", [
    ("relu", "relu.png"), ("sigmoid", "sigmoid.svg"), ("tanh", "tanh.pdf"), ("tan(x)", "tan.png"),
])
def test_draws_the_file(matplotlib, catalog, source, name, tmp_path):
    from derive.plot import draw

    draw(catalog.get(source) or derive(source), tmp_path / name)
    assert_image(tmp_path / name)


def test_values_are_nan_where_f_has_none(matplotlib):
    import numpy as np
    from sympy import Symbol, erf, log

    from derive.plot import _values

    x = Symbol("x")
    out = _values(log(x), x, np.array([-1.0, 0.0, 1.0]))
    assert np.isnan(out[0]) and np.isnan(out[1]) and out[2] == 0.0
    assert _values(erf(x), x, np.array([0.0, 1.0]))[1] == pytest.approx(0.8427007929)


# --- through the command line -------------------------------------------------------------------

def test_cli_plot(matplotlib, cli, tmp_path):
    target = tmp_path / "relu.png"
    code, out, err = cli("relu", "--plot", str(target))
    assert (code, err) == (0, "")
    assert "Rectified linear unit" in out  # the derivation is printed as usual
    assert_image(target)


def test_cli_standalone_with_a_figure_compiles(matplotlib, cli, tmp_path):
    (tmp_path / "figs").mkdir()
    code, out, err = cli("sigmoid", "relu", "softmax", "--standalone", "-o", str(tmp_path / "notes.tex"),
                         "--plot", str(tmp_path / "figs" / "f.pdf"))
    assert (code, out, err) == (0, "", "")
    doc = (tmp_path / "notes.tex").read_text(encoding="utf-8")
    assert "\\usepackage{graphicx}" in doc
    assert doc.count("\\includegraphics") == 2  # softmax has no curve
    assert "{figs/f-sigmoid.pdf}" in doc and "{figs/f-relu.pdf}" in doc
    assert_image(tmp_path / "figs" / "f-relu.pdf")
    assert_document_compiles(doc, tmp_path, name="notes")


def test_cli_creates_the_folders_it_writes_into(matplotlib, cli, tmp_path, monkeypatch):
    """The README's notes command, in a folder where figs/ and notes/ do not exist yet."""
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("sigmoid", "relu", "--standalone", "-o", "notes/f.tex", "--plot", "notes/figs/f.png")
    assert (code, out, err) == (0, "", "")
    assert "{figs/f-sigmoid.png}" in (tmp_path / "notes" / "f.tex").read_text(encoding="utf-8")
    assert_image(tmp_path / "notes" / "figs" / "f-relu.png")


@pytest.mark.parametrize("args, says", [
    (("softmax", "--plot", "f.png"), "Softmax is a function of a vector; plots are for functions of one real variable"),
    (("sigmoid", "--plot", "f.gif"), "cannot tell the image format from 'f.gif': use .png, .svg or .pdf"),
    (("sigmoid", "--standalone", "--plot", "f.svg"), "pdflatex cannot include an SVG figure"),
    (("a*x", "--wrt", "x", "--plot", "f.png"), "has symbolic constants (a)"),
    (("sigmoid", "--standalone", "--plot", "50%.pdf"), "'50%.pdf' cannot be named in \\includegraphics"),
])
def test_cli_plot_errors(matplotlib, cli, tmp_path, monkeypatch, args, says):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(*args)
    assert (code, out) == (2, "")
    assert err.startswith("derive: error: ") and says in err and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []


def test_cli_without_matplotlib(cli, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    code, out, err = cli("sigmoid", "--plot", str(tmp_path / "f.png"))
    assert (code, out) == (2, "")
    assert err == "derive: error: --plot needs matplotlib, which is not installed: pip install 'derive-steps[plot]'\n"
    assert list(tmp_path.iterdir()) == []
