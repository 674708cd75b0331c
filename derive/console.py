"""What every sub-command of the CLI shares (``derive``, ``derive check``): the exit codes, the
output formats, the one way an error leaves the program (:func:`fail`), and the collector
paused while SymPy loads.  The commands import it; it imports no command.
"""
from __future__ import annotations

import gc
import sys
from enum import Enum

import typer

EXIT_OK, EXIT_UNVERIFIED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE


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
    line = f"derive: error: {message}"
    if sys.stderr.isatty():  # a person reads it: broken between words, not where the terminal cuts
        import shutil
        line = at_terminal(line, shutil.get_terminal_size((80, 24)).columns)
    sys.stderr.write(line + "\n")
    if picture and sys.stderr.isatty():
        sys.stderr.write(picture)
    raise typer.Exit(code)


def at_terminal(line: str, width: int) -> str:
    """An error line as a terminal ``width`` columns wide shows it: broken between words, the
    lines after the first indented (a program that reads stderr gets the one line)."""
    import textwrap
    return "\n".join(textwrap.wrap(line, max(width - 1, 20), subsequent_indent="  ", break_long_words=False,
                                    break_on_hyphens=False)) or line


def caret(text: str, column: int | None) -> str:
    """Two lines: the input, and a caret under the column (1-based); nothing without a column
    or for input too long or on several lines to show."""
    if column is None or len(text) > 200 or not text.isprintable():
        return ""
    return f"  {text}\n  {' ' * (column - 1)}^\n"


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


def run_app(app, argv: list, prog: str, doing=lambda: "", memory=lambda: "") -> int:
    """Run a typer app (``derive``, ``derive check``): an exit code, never a traceback.  ``doing()``
    names the input at work and ``memory()`` the cap, for the lines said when they matter."""
    try:
        code = app(args=argv, prog_name=prog, standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        sys.stderr.write("derive: error: aborted\n")
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C during the work (while a file is written: files.Interrupted)
        sys.stderr.write("derive: error: interrupted\n")
        return 128 + 2
    except MemoryError:
        sys.stderr.write(f"derive: error: {doing()}ran out of memory{memory()}: the input is too large to derive\n")
        return EXIT_USAGE
    except RecursionError:  # the parser refuses input nested too deeply: this is derive's own fault
        sys.stderr.write(f"derive: error: internal error (RecursionError: {doing()}derive recursed too deeply)\n")
        return EXIT_UNVERIFIED
    except Exception as exc:  # noqa: BLE001 - never a traceback; say what happened
        if callable(getattr(exc, "format_message", None)):  # a usage error from typer's click
            sys.stderr.write(f"derive: error: {' '.join(exc.format_message().split())}\n")
            return EXIT_USAGE
        sys.stderr.write(f"derive: error: internal error ({type(exc).__name__}: {exc})\n")
        return EXIT_UNVERIFIED
    return code if isinstance(code, int) else EXIT_OK
