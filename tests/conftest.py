import os
import sys

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from derive.cli import main

# Hypothesis profiles (see the README's testing section):
#   default  what `make test` runs: 100 examples per property (the random expression trees
#            run in five families, so 500 of them), derandomized so the suite is repeatable.
#   long     `make fuzz`, or HYPOTHESIS_PROFILE=long / pytest --hypothesis-profile=long:
#            20 times the examples, freshly random on every run.
# No deadline: a single derivation may take a second; the time limit that matters is the
# tests' own budget around each input.
_COMMON = dict(deadline=None, suppress_health_check=[  # the cli fixture keeps no state between runs
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
settings.register_profile("default", max_examples=100, derandomize=True, **_COMMON)
settings.register_profile("long", max_examples=2000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


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
