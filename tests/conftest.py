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


@pytest.fixture(scope="session")
def catalog():
    """Every catalog entry's derivation, by name (derived once per test session)."""
    from derive.catalog import CATALOG
    from derive.engine import derive

    return {e.name: derive(e.name) for e in CATALOG}
