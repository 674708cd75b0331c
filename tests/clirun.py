"""``derive ARGS`` run in-process for the end-to-end tests: (exit code, stdout, stderr), apart."""
from __future__ import annotations

import sys

from typer.testing import CliRunner

from derive.cli import main


def run(*args: str) -> tuple[int, str, str]:
    """Run ``derive ARGS`` in-process: (exit code, stdout, stderr)."""
    # isolation() yields (stdout, stderr, interleaved output) as BytesIO, closed on exit:
    # read them inside the block, after flushing the text wrappers around them.
    with CliRunner().isolation() as streams:
        code = main(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        return code, streams[0].getvalue().decode(), streams[1].getvalue().decode()
