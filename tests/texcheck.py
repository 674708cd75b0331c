"""Real pdflatex for the tests: compile a document, and on failure show TeX's error lines.

Skips (with the reason) when pdflatex is not installed; CI installs texlive-latex-base and
texlive-latex-recommended and sets DERIVE_REQUIRE_TOOLS=1, so there a missing tool fails.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def missing(reason: str):
    """A tool a test needs is not installed: skip, or fail where DERIVE_REQUIRE_TOOLS is set (CI)."""
    if os.environ.get("DERIVE_REQUIRE_TOOLS"):
        pytest.fail(f"{reason} (DERIVE_REQUIRE_TOOLS is set)", pytrace=False)
    pytest.skip(reason)


def tex_errors(log: str, context: int = 6) -> list[str]:
    """Each '!' line of a TeX log with the lines after it, up to the 'l.NN' line that quotes the source."""
    lines, out = log.splitlines(), []
    for k, line in enumerate(lines):
        if line.startswith("!"):
            block = [line]
            for nxt in lines[k + 1:k + 1 + context]:
                block.append(nxt)
                if nxt.startswith("l."):
                    break
            out.append("\n".join(block))
    return out


def assert_document_compiles(document: str, folder, name: str = "doc") -> None:
    """pdflatex compiles ``document`` in ``folder`` with no error and writes the PDF."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        missing("pdflatex not installed (CI installs texlive-latex-base texlive-latex-recommended)")
    (folder / f"{name}.tex").write_text(document, encoding="utf-8")
    done = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                          cwd=folder, capture_output=True, timeout=120)
    log_file = folder / f"{name}.log"
    log = log_file.read_text(encoding="latin-1") if log_file.exists() else ""
    errors = tex_errors(log)
    assert done.returncode == 0 and (folder / f"{name}.pdf").exists() and not errors, (
        "pdflatex failed:\n" + "\n\n".join(errors or [done.stdout.decode(errors="replace")[-2000:]])
        + "\n--- source ---\n" + document)


def minimal_document(body: str) -> str:
    """A fragment as it would be \\input: article with amsmath, nothing else."""
    return "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n" + body + "\n\\end{document}\n"
