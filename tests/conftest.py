import sys

import pytest
from typer.testing import CliRunner

from derive.cli import main


@pytest.fixture
def cli():
    """Run ``derive ARGS`` in-process: (exit code, stdout, stderr)."""
    def run(*args: str) -> tuple[int, str, str]:
        with CliRunner().isolation() as streams:  # (stdout, stderr, interleaved), closed on exit
            code = main(list(args))
            sys.stdout.flush()
            sys.stderr.flush()
            return code, streams[0].getvalue().decode(), streams[1].getvalue().decode()
    return run
