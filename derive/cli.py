"""The command line: parse → engine → printer, nothing more.

Results go to stdout, errors to stderr as one line through :func:`fail`.
Exit codes: 0 success, 1 a derivation could not be verified (or an internal
error), 2 bad input or usage.
"""
from __future__ import annotations

import gc
import io
import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

EXIT_OK, EXIT_UNVERIFIED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


class Format(str, Enum):
    text = "text"
    latex = "latex"
    json = "json"
    markdown = "markdown"


SUFFIXES = {".tex": Format.latex, ".json": Format.json, ".txt": Format.text, ".md": Format.markdown}


def fail(message: str, code: int = EXIT_USAGE, picture: str = "") -> None:
    """The one way errors leave the program: one line on stderr, and an exit code (for a person
    at a terminal, a picture may follow: the input with a caret under the column)."""
    message = " ".join(str(message).split())
    sys.stderr.write(f"derive: error: {message}\n")
    if picture and sys.stderr.isatty():
        sys.stderr.write(picture)
    raise typer.Exit(code)


def caret(text: str, column: int | None) -> str:
    """Two lines: the input, and a caret under the column (1-based); nothing without a column
    or for input too long or on several lines to show."""
    if column is None or len(text) > 200 or not text.isprintable():
        return ""
    return f"  {text}\n  {' ' * (column - 1)}^\n"


@app.command(help="Derive formulas step by step: every line names its rule and is checked.")
def command(
    inputs: Optional[List[str]] = typer.Argument(
        None, metavar="INPUT...",
        help='A catalog name (sigmoid, gelu, ...: see --list) or an expression, e.g. "exp(x)/(1+exp(x))".'),
    format: Optional[Format] = typer.Option(
        None, "--format", "-f", help="text (default), latex, json or markdown; inferred from -o's extension."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    wrt: Optional[str] = typer.Option(None, "--wrt", help="The variable to differentiate with respect to."),
    rules: bool = typer.Option(False, "--rules", help="List the rule set and exit."),
    catalog: bool = typer.Option(False, "--list", help="List the catalog (text or --format json) and exit."),
    order: int = typer.Option(1, "--order", "-n", min=1, max=8, help="The order of the derivative (1 to 8)."),
    timeout: float = typer.Option(10.0, "--timeout", help="Give up on an input after this many seconds (0: never)."),
    standalone: bool = typer.Option(
        False, "--standalone", help="A complete LaTeX document (implies --format latex): a section per input, "
                                    "the rules used in an appendix."),
    plot: Optional[Path] = typer.Option(
        None, "--plot", metavar="FILE", help="Also draw f and f' into FILE (.png, .svg or .pdf; needs derive[plot])."),
) -> None:
    listed = format or SUFFIXES.get(output.suffix.lower() if output else "", Format.text)
    if rules:
        _write(_listing("--rules", listed, _rules_json, _rules_table), output)
        return
    if catalog:
        pairs = _catalog(timeout)
        _write(_listing("--list", listed, lambda: _catalog_json(pairs), lambda: _catalog_table(pairs)), output)
        return
    if not inputs:
        fail("no INPUT given: try `derive sigmoid` or `derive --help`")
    if not (0 <= timeout <= 86400):
        fail("--timeout takes a number of seconds from 0 (no limit) to 86400")
    if format is None and output is not None and output.suffix.lower() not in SUFFIXES and not standalone:
        fail(f"cannot tell the format from {output.name!r}: use .tex, .json, .md or .txt, or --format")
    fmt = format or SUFFIXES.get(output.suffix.lower() if output else "", Format.latex if standalone else Format.text)
    _check_notes_options(fmt, standalone, plot)
    derivations = [d for text in inputs for d in _derive(text, wrt, timeout, order)]
    figures = _plot(derivations, plot, output) if plot is not None else {}
    if standalone:
        from .printing import document
        _emit(derivations, None, output, timeout, render=lambda: document.render(derivations, figures))
    else:
        _emit(derivations, fmt, output, timeout)
    if not all(d.verified for d in derivations):
        raise typer.Exit(EXIT_UNVERIFIED)


TIMED_OUT = object()


def _derive(text: str, wrt: str | None, timeout: float, order: int = 1):
    from .budget import within
    from .engine import derive_each
    from .parse import ParseError

    Collector.resume()

    shown = text if len(text) <= 60 else text[:57] + "..."
    try:
        result = within(timeout, lambda: derive_each(text, wrt, order), TIMED_OUT)
    except ParseError as exc:
        fail(f"{shown!r}: {exc}", picture=caret(text, exc.column))
    if result is TIMED_OUT:
        fail(f"{shown!r}: gave up after {timeout:g} s (raise --timeout to allow more)")
    return result


def _check_notes_options(fmt: Format, standalone: bool, plot: Path | None) -> None:
    """--standalone and --plot, checked before any work is done."""
    if standalone and fmt is not Format.latex:
        fail(f"--standalone makes a LaTeX document, not {fmt.value}: drop --format or use --format latex / -o FILE.tex")
    if plot is None:
        return
    from .plot import PlotError, check_target, require_matplotlib
    try:
        kind = check_target(plot)
        if standalone and kind == "svg":
            raise PlotError("pdflatex cannot include an SVG figure: use --plot FILE.pdf or FILE.png with --standalone")
        if standalone and set(plot.as_posix()) & set("%#{}\\$^&~"):
            raise PlotError(f"{plot.name!r} cannot be named in \\includegraphics: leave out % # {{ }} $ ^ & ~")
        require_matplotlib()
    except PlotError as exc:
        fail(str(exc))


def _plot(derivations: list, plot: Path, output: Path | None) -> dict:
    """Draw the figures; for the document, each one's path as seen from the .tex file."""
    from .plot import PlotError, draw, figure_paths
    try:
        paths = figure_paths(derivations, plot)
        for k, path in paths.items():
            draw(derivations[k], path)
    except PlotError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {plot}: {exc.strerror or exc}")
    base = output.resolve().parent if output is not None else Path.cwd()
    return {k: Path(os.path.relpath(p.resolve(), base)).as_posix() for k, p in paths.items()}


def _emit(derivations: list, fmt: Format | None, output: Path | None, timeout: float = 0, render=None) -> None:
    """Render (within the time budget: an eighth derivative can be huge), then write."""
    from .budget import within
    content = within(timeout, render or (lambda: _render(derivations, fmt, output)), TIMED_OUT)
    if content is TIMED_OUT:
        fail(f"gave up writing the output after {timeout:g} s (raise --timeout to allow more)")
    _write(content, output)


def _render(derivations: list, fmt: Format, output: Path | None) -> str:
    if fmt is Format.json:
        from .printing import jsonfmt
        return jsonfmt.render(derivations)
    if fmt is Format.latex:
        from .printing import latex
        return "\n".join(latex.render(d) for d in derivations)
    if fmt is Format.markdown:
        from .printing import markdown
        return "\n".join(markdown.render(d) for d in derivations)
    from .printing import text
    return text.render(derivations, terminal=output is None and sys.stdout.isatty())


def _write(content: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(content)
        return
    from .files import atomic_write
    try:
        atomic_write(output, lambda fh: fh.write(content))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def _listing(option: str, fmt: Format, as_json, as_table) -> str:
    """--list and --rules: JSON, or a table (rich: its columns wrap to the terminal)."""
    if fmt is Format.json:
        import json
        return json.dumps(as_json(), indent=2, ensure_ascii=False) + "\n"
    if fmt is not Format.text:
        fail(f"{option} prints text or json, not {fmt.value}")
    from rich.console import Console
    terminal = sys.stdout.isatty()
    console = Console(file=io.StringIO(), width=None if terminal else 200, force_terminal=terminal)
    console.print(as_table())
    return console.file.getvalue()


def _catalog(timeout: float) -> list:
    """Every catalog entry derived, with its entry (glu: by each input)."""
    from .catalog import CATALOG
    return [(d, e) for e in CATALOG for d in _derive(e.name, None, timeout)]


def _catalog_json(pairs: list) -> list:
    from .printing.jsonfmt import catalog_entry
    return [catalog_entry(d, e) for d, e in pairs]


def _catalog_table(pairs: list):
    """Name, definition, the derivative's form, kinks with PyTorch's values."""
    from .printing.text import catalog_table
    return catalog_table([d for d, _ in pairs], [e for _, e in pairs])


def _rules_json() -> list:
    from .rules import all_rules
    return [{"id": r.id, "family": r.family, "title": r.title, "latex": r.latex, "statement": r.words,
             "examples": [_example_json(ex) for ex in r.examples if ex.applies],
             "not_for": [{"input": ex.input, "why": ex.why} for ex in r.examples if not ex.applies]}
            for r in all_rules()]


def _example_json(ex) -> dict:
    """input and result (SymPy syntax), and what else the example needs where it needs it."""
    out = {"input": ex.input, "result": ex.result}
    if ex.given:
        out["given"] = list(ex.given)
    if ex.wrt != "x":
        out["wrt"] = ex.wrt
    if ex.order != 1:
        out["order"] = ex.order
    return out


def _rules_table():
    from .printing.text import rules_table
    from .rules import FAMILIES, all_rules
    return rules_table(all_rules(), FAMILIES)


SHORT_OPTIONS = {"-f", "-o", "-n"}
WITH_VALUE = {"-f", "--format", "-o", "--output", "-n", "--order", "--wrt", "--timeout", "--plot"}


def expressions_last(argv: list[str]) -> list[str]:
    """`derive -x^2` means the expression −x², not an option -x: an argument that starts with a
    single '-', is none of our short options and is no option's value goes after '--' (unless
    '--' is given); -h asks for help."""
    if "--" in argv:
        return argv
    argv = ["--help" if a == "-h" else a for a in argv]
    kept, moved = [], []
    for k, a in enumerate(argv):
        value = k > 0 and argv[k - 1] in WITH_VALUE
        single = a.startswith("-") and not a.startswith("--") and len(a) > 1 and a[:2] not in SHORT_OPTIONS
        (moved if single and not value else kept).append(a)
    return kept + (["--"] + moved if moved else [])


class Collector:
    """The cyclic garbage collector, paused while SymPy and the engine load.

    Importing SymPy makes hundreds of thousands of objects that live as long as the
    process; every collection during the imports walks all of them, and so does the
    last one at exit (together about 80 ms of `python -c "import sympy"`). Once the
    engine is in, :meth:`resume` moves them out of the collector's reach (gc.freeze)
    and lets it run again for the derivation. Only the first CLI run in a process
    pauses it (SymPy not yet imported), and never one whose caller turned it off.
    """

    paused = False

    @classmethod
    def pause(cls) -> None:
        if "sympy" not in sys.modules and gc.isenabled():
            gc.disable()
            cls.paused = True

    @classmethod
    def resume(cls) -> None:
        if cls.paused:
            gc.freeze()
            gc.enable()
            cls.paused = False


def main(argv: list[str] | None = None) -> int:
    """Entry point: usage errors become one line on stderr, never a traceback."""
    Collector.pause()
    try:
        return _main(argv)
    finally:
        Collector.resume()


def _main(argv: list[str] | None) -> int:
    argv = expressions_last(list(sys.argv[1:] if argv is None else argv))
    try:
        code = app(args=argv, prog_name="derive", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        sys.stderr.write("derive: error: aborted\n")
        return EXIT_USAGE
    except RecursionError:
        sys.stderr.write("derive: error: expression is nested too deeply\n")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - never a traceback; say what happened
        if callable(getattr(exc, "format_message", None)):  # a usage error from typer's click
            sys.stderr.write(f"derive: error: {' '.join(exc.format_message().split())}\n")
            return EXIT_USAGE
        sys.stderr.write(f"derive: error: internal error ({type(exc).__name__}: {exc})\n")
        return EXIT_UNVERIFIED
    return code if isinstance(code, int) else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
