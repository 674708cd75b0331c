"""A corpus of hostile inputs: each is refused with one line and exit code 2, and nothing runs."""
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "data" / "hostile.txt"


def _inputs():
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            continue
        yield line.encode().decode("unicode_escape") if "\\x" in line else line


@pytest.mark.parametrize("text", list(_inputs()), ids=lambda t: t[:25])
def test_hostile_input_is_refused_cleanly(cli, tmp_path, text):
    marker = tmp_path / "pwned"
    code, out, err = cli("--", text.replace("MARKER", str(marker)))
    assert code == 2, (text, out, err)
    assert out == ""
    assert err.startswith("derive: error:") and err.count("\n") == 1 and "Traceback" not in err
    assert not marker.exists()


@pytest.mark.parametrize("text", ["(" * 3000 + "x" + ")" * 3000, "+".join(["x"] * 50000)], ids=["parens", "terms"])
def test_huge_inputs_are_refused_quickly(cli, text):
    code, out, err = cli("--", text)
    assert code == 2 and out == "" and err.count("\n") == 1
