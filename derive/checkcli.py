"""``derive check FILE``: the sub-command that checks a student's derivation.

Exit codes: 0 every line right, 1 a wrong line, 2 an unreadable line (and no wrong one),
an unreadable file or a usage error.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Optional

import typer

from .console import EXIT_OK, EXIT_UNVERIFIED, EXIT_USAGE, SUFFIXES, Format, fail, run_app

MAX_BYTES = 200_000
app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
TIMED_OUT = object()


@app.command(help="Check a derivation: line 1 the function (S(x) = ...), then one line of work per line. "
                  "Marks each line right or wrong, names the rules, and the slip in the first wrong line.")
def command(
    file: str = typer.Argument(..., metavar="FILE", help="The derivation, one line of work per line ('-': stdin)."),
    format: Optional[Format] = typer.Option(
        None, "--format", "-f", help="text (default), latex, json or markdown; inferred from -o's extension."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    timeout: float = typer.Option(10.0, "--timeout", help="Give up after this many seconds (0: never)."),
    width: Optional[int] = typer.Option(None, "--width", min=40, max=1000,
                                        help="Width of the text output (default: the terminal's, else 80)."),
) -> None:
    if not (0 <= timeout <= 86400):
        fail("--timeout takes a number of seconds from 0 (no limit) to 86400")
    if format is None and output is not None and output.suffix.lower() not in SUFFIXES:
        fail(f"cannot tell the format from {output.name!r}: use .tex, .json, .md or .txt, or --format")
    fmt = format or SUFFIXES.get(output.suffix.lower() if output else "", Format.text)
    result = _check(read_source(file), timeout)
    _write(render(result, fmt, width or _width(output)), output)
    if result.first_error is not None:
        raise typer.Exit(EXIT_UNVERIFIED)
    if not result.verified:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_OK)


def read_source(file: str) -> str:
    """The text of FILE, or of standard input for '-' (one-line errors for what cannot be read)."""
    try:
        if file == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1) if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        else:
            with open(file, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    if len(data) > MAX_BYTES:
        fail(f"{file} is too large to be a derivation (more than {MAX_BYTES} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{file} is not UTF-8 text")


def _check(text: str, timeout: float):
    from .budget import within
    from .check import CheckError, check_text
    from .console import Collector
    Collector.resume()
    try:
        result = within(timeout, lambda: check_text(text), TIMED_OUT, clock="wall")
    except CheckError as exc:
        fail(str(exc))
    if result is TIMED_OUT:
        fail(f"gave up after {timeout:g} s (raise --timeout to allow more)")
    return result


def render(result, fmt: Format, width: int = 80) -> str:
    from .printing import checkfmt
    if fmt is Format.json:
        return checkfmt.render_json(result)
    if fmt is Format.latex:
        return checkfmt.render_latex(result)
    if fmt is Format.markdown:
        return checkfmt.render_markdown(result)
    return checkfmt.render_text(result, width)


def _width(output: Path | None) -> int:
    if output is None and sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return 80


def _write(content: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(content)
        return
    from .files import atomic_write
    try:
        atomic_write(output, lambda fh: fh.write(content))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def run(argv: list[str]) -> int:
    """The sub-command's own entry (``derive check ...``): an exit code, never a traceback."""
    argv = ["--help" if a == "-h" else a for a in argv]
    return run_app(app, argv, "derive check")
