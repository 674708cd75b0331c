"""The command line: parse → engine → printer, nothing more.

Results go to stdout, errors to stderr as one line through :func:`fail`.
Exit codes: 0 success, 1 a derivation could not be verified (or an internal
error), 2 bad input or usage.
"""
from __future__ import annotations

import io
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import List, Optional

import typer

from .console import (  # noqa: F401 - the CLI's vocabulary, also read from here
    EXIT_BROKEN_PIPE, EXIT_OK, EXIT_UNVERIFIED, EXIT_USAGE, SUFFIXES, Collector, Format, caret, fail, run_app,
)

MIN_MEMORY = 256  # MB: --memory below this is refused

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


@app.command(help="Derive formulas step by step: every line names its rule and is checked. "
                  "`derive check FILE` checks a derivation written by hand (see derive check --help).")
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
    timeout: float = typer.Option(10.0, "--timeout", help="Give up after this many seconds, output included (0: never)."),
    memory: int = typer.Option(1024, "--memory", metavar="MB", min=0,
                               help="Give up when the process needs more memory than this, in MB (at least "
                                    f"{MIN_MEMORY}; 0: no cap)."),
    standalone: bool = typer.Option(
        False, "--standalone", help="A complete LaTeX document (implies --format latex): a section per input, "
                                    "the rules used in an appendix."),
    plot: Optional[Path] = typer.Option(
        None, "--plot", metavar="FILE", help="Also draw f and f' into FILE (.png, .svg or .pdf; needs matplotlib: pip install 'derive-steps[plot]')."),
    width: Optional[int] = typer.Option(
        None, "--width", metavar="N", help="Text width in columns (default: the terminal's, else $COLUMNS, else 80)."),
    depth: Optional[str] = typer.Option(
        None, "--depth", metavar="N|all", help="Show sub-steps down to depth N (0: top-level steps only; all: every "
                                               "one; default: what a lecturer shows). JSON always has every step."),
) -> None:
    layout = _layout_options(width, depth, output)
    listed = format or SUFFIXES.get(output.suffix.lower() if output else "", Format.text)
    if rules:
        _write(_listing("--rules", listed, _rules_json, _rules_table), output)
        return
    if catalog:
        pairs = _catalog(timeout)
        _write(_listing("--list", listed, lambda: _catalog_json(pairs), lambda: _catalog_table(pairs, layout)),
               output)
        return
    if not inputs:
        fail("no INPUT given: try `derive sigmoid` or `derive --help`")
    if wrt is not None:
        _check_variable(wrt)
    if 0 < memory < MIN_MEMORY:
        fail(f"--memory takes 0 (no cap) or at least {MIN_MEMORY} MB: less cannot even load SymPy")
    if not (0 <= timeout <= 86400):
        fail("--timeout takes a number of seconds from 0 (no limit) to 86400")
    if format is None and output is not None and output.suffix.lower() not in SUFFIXES and not standalone \
            and not _is_stream(output):
        fail(f"cannot tell the format from {output.name!r}: use .tex, .json, .md or .txt, or --format")
    fmt = format or SUFFIXES.get(output.suffix.lower() if output else "", Format.latex if standalone else Format.text)
    _check_notes_options(fmt, standalone, plot)
    with _whole_run(timeout, memory):
        derivations = [d for text in inputs for d in _derive(text, wrt, timeout, order, inputs)]
        Run.doing = Run.OUTPUT
        figures = _plot(derivations, plot, output) if plot is not None else {}
        if standalone:
            from .printing import document
            _emit(derivations, None, output, timeout,
                  render=lambda: document.render(derivations, figures, depth=layout["depth"]))
        else:
            _emit(derivations, fmt, output, timeout, layout=layout)
    if not all(d.verified for d in derivations):
        raise typer.Exit(EXIT_UNVERIFIED)


TIMED_OUT = object()
MAX_WIDTH = 10000


def _layout_options(width: int | None, depth: str | None, output: Path | None) -> dict:
    """--width and --depth checked; the width of the text (given, else the terminal's when printing
    to one, else $COLUMNS, else 80) and the depth of sub-steps shown."""
    from .printing.page import MIN_WIDTH, parse_depth, terminal_width
    if width is not None and not (MIN_WIDTH <= width <= MAX_WIDTH):
        fail(f"--width takes a number of columns from {MIN_WIDTH} to {MAX_WIDTH}, not {width}")
    try:
        shown = parse_depth(depth)
    except ValueError:
        fail(f"--depth takes a whole number from 0 or 'all', not {depth!r}")
    return {"width": width or terminal_width(sys.stdout if output is None else None), "depth": shown}


GRACE = 0.5  # seconds the watchdog gives the timer to end the run before it ends the process


class Run:
    """The limits of this run. ``own_process``: derive is the program (``derive``, ``python -m
    derive``), not a host's in-process call of :func:`main`; only then are the memory cap and
    the watchdog set (they would limit, or end, the host)."""

    own_process = False
    memory = 0
    OUTPUT = object()  # doing: drawing and rendering, once every input is derived
    doing: object = None  # the input being derived, for the message when time runs out
    release = staticmethod(lambda: None)  # stops the clock: the output is written at the reader's pace


@contextmanager
def _whole_run(timeout: float, memory: int):
    """--timeout around everything, output included (SIGALRM interrupts the work), with a
    watchdog to end the process a moment later should the work be stuck in one C call;
    --memory as an address-space limit."""
    from .budget import TimedOut, cap_memory, run_limit, watchdog
    Run.memory = memory
    stop = watchdog(timeout + GRACE, lambda: _last_words(timeout)) if Run.own_process and timeout else None
    restore = cap_memory(memory) if Run.own_process else (lambda: None)  # after the thread has its stack
    try:
        with run_limit(timeout) as stop_clock:
            Run.release = lambda: (stop_clock(), stop and stop())
            yield
    except TimedOut:
        fail(_gave_up(timeout))
    finally:
        Run.release = lambda: None
        if stop is not None:
            stop()
        restore()


def _gave_up(timeout: float) -> str:
    what = ("gave up writing the output" if Run.doing is Run.OUTPUT else
            f"{Run.doing!r}: gave up" if Run.doing else "gave up")
    return f"{what} after {timeout:g} s (raise --timeout to allow more)"


def _last_words(timeout: float) -> None:
    """The watchdog's: the usual line (written directly: the main thread may hold stderr's
    lock), and no temporary file left."""
    from .files import cleanup
    cleanup()
    os.write(2, f"derive: error: {_gave_up(timeout)}\n".encode("utf-8", "replace"))


def _check_variable(wrt: str) -> None:
    """--wrt names a variable (it reaches every output: nothing else may pass)."""
    from .parse import ParseError, wrt_name
    try:
        wrt_name(wrt)
    except ParseError as exc:
        fail(f"--wrt: {exc}")


def _derive(text: str, wrt: str | None, timeout: float, order: int = 1, inputs: list | None = None):
    Run.doing = text if len(text) <= 60 else text[:57] + "..."  # before the imports: loading SymPy counts
    from .budget import within
    from .engine import derive_each
    from .parse import ParseError

    Collector.resume()

    shown = text if len(text) <= 60 else text[:57] + "..."
    try:
        _notes(text, wrt)
        result = within(timeout, lambda: derive_each(text, wrt, order), TIMED_OUT, clock="wall")
    except ParseError as exc:
        fail(f"{shown!r}: {exc}{_unquoted(text, inputs or [])}", picture=caret(text, exc.column))
    if result is TIMED_OUT:
        fail(f"{shown!r}: gave up after {timeout:g} s (raise --timeout to allow more)")
    return result


def _unquoted(text: str, inputs: list) -> str:
    """derive sin x: two inputs, of which 'sin' alone is refused; say how to make them one."""
    from .parse import FUNCTIONS
    if len(inputs) < 2 or text.strip() not in FUNCTIONS:
        return ""
    whole = " ".join(inputs)
    return f" (for {whole} as one expression, quote it: derive \"{whole}\")"


def _notes(text: str, wrt: str | None) -> None:
    """How an input that could be meant two ways was read (sin x^2, 1/2x): one line each on stderr."""
    from .catalog import lookup
    from .parse import read

    if lookup(text) is None:
        for note in read(text, wrt).notes:
            sys.stderr.write(f"derive: note: {' '.join(note.split())}\n")


def _is_stream(path: Path) -> bool:
    """An existing target that is not a regular file (a FIFO), or an open file by another name
    (/dev/stdout): text by default."""
    import stat

    from .files import is_descriptor
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISDIR(mode) and (not stat.S_ISREG(mode) or is_descriptor(path))


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
            path.parent.mkdir(parents=True, exist_ok=True)  # --plot figs/f.pdf makes figs/
            _writing(path, lambda: draw(derivations[k], path))
    except PlotError as exc:
        fail(str(exc))
    base = output.resolve().parent if output is not None else Path.cwd()
    return {k: Path(os.path.relpath(p.resolve(), base)).as_posix() for k, p in paths.items()}


def _emit(derivations: list, fmt: Format | None, output: Path | None, timeout: float = 0, render=None,
          layout: dict | None = None) -> None:
    """Render (within the time budget: an eighth derivative can be huge), then write."""
    from .budget import within
    content = within(timeout, render or (lambda: _render(derivations, fmt, output, layout)), TIMED_OUT, clock="wall")
    if content is TIMED_OUT:
        fail(f"gave up writing the output after {timeout:g} s (raise --timeout to allow more)")
    _write(content, output)


def _render(derivations: list, fmt: Format, output: Path | None, layout: dict | None = None) -> str:
    layout = layout or {"width": 80, "depth": None}
    if fmt is Format.json:
        from .printing import jsonfmt
        return jsonfmt.render(derivations)
    if fmt is Format.latex:
        from .printing import latex
        return "\n".join(latex.render(d, depth=layout["depth"]) for d in derivations)
    if fmt is Format.markdown:
        from .printing import markdown
        return "\n".join(markdown.render(d, depth=layout["depth"]) for d in derivations)
    from .printing import text
    return text.render(derivations, terminal=output is None and sys.stdout.isatty(), **layout)


def _write(content: str, output: Path | None) -> None:
    Run.release()  # rendered in time; a slow reader (derive … | less, a FIFO) is not a timeout
    if output is None:
        _to_stdout(content)
        return
    from .files import atomic_write

    def work():
        output.parent.mkdir(parents=True, exist_ok=True)  # -o notes/f.tex makes notes/
        atomic_write(output, lambda fh: fh.write(content))
    _writing(output, work)


def _writing(path: Path, work) -> None:
    """``work()`` writes ``path``: a failure is one line naming it; a signal (SIGTERM, SIGINT)
    during the write leaves the file as it was and exits with 128 + the signal's number."""
    from .files import Interrupted
    try:
        work()
    except Interrupted as exc:
        sys.stderr.write(f"derive: error: interrupted; {path} left as it was\n")
        raise typer.Exit(128 + exc.signum) from None
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}", code=write_error_code(exc))


# Errors that say the file named cannot be written at all (the user's to fix): exit 2.
# Others (a full disk, an I/O error) happen while writing: exit 1.
REFUSALS = {"EEXIST", "EACCES", "EPERM", "ENOENT", "ENOTDIR", "EISDIR", "EROFS", "ENAMETOOLONG", "ELOOP", "ETXTBSY"}


def write_error_code(exc: OSError) -> int:
    import errno
    return EXIT_USAGE if errno.errorcode.get(exc.errno) in REFUSALS else EXIT_UNVERIFIED


def _to_stdout(content: str) -> None:
    """Write to stdout; a reader that went away (``derive … | head``) ends the run quietly with
    141 (128 + SIGPIPE, what a shell reports for a program killed by a broken pipe); any other
    failure (a full disk) is one line naming stdout, exit 1."""
    try:
        sys.stdout.write(content)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_BROKEN_PIPE) from None
    except OSError as exc:
        _silence_stdout()
        fail(f"cannot write to stdout: {exc.strerror or exc}", code=EXIT_UNVERIFIED)


def _silence_stdout() -> None:
    """Point stdout at /dev/null: Python flushes it again at exit, which would fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


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


def _catalog_table(pairs: list, layout: dict):
    """Name, definition, the derivative's form, kinks with PyTorch's values, laid out to the width."""
    from .printing.text import catalog_table
    return catalog_table([d for d, _ in pairs], [e for _, e in pairs], layout["width"])


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
WITH_VALUE = {"-f", "--format", "-o", "--output", "-n", "--order", "--wrt", "--timeout", "--memory", "--plot",
              "--width", "--depth"}


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


def main(argv: list[str] | None = None) -> int:
    """Entry point: usage errors become one line on stderr, never a traceback.  Called without
    ``argv`` it is the program itself (see :class:`Run`)."""
    Run.own_process, Run.doing = argv is None, None
    Collector.pause()
    try:
        return _main(argv)
    finally:
        Collector.resume()


def _doing() -> str:
    return f"{Run.doing!r}: " if isinstance(Run.doing, str) else ""


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["check"]:  # derive check FILE: a sub-command with options of its own
        from .checkcli import run
        return run(argv[1:])
    return run_app(app, expressions_last(argv), "derive", _doing, _memory_cap)


def _memory_cap() -> str:
    return f" (--memory {Run.memory} MB)" if Run.own_process and Run.memory else ""


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
