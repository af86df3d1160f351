"""One style for every author: ruff's linter and formatter (pinned in requirements.txt, settings
in pyproject.toml) over the package, tests, scripts, the Sphinx extension and the notebooks.
Fix locally with `.venv/bin/ruff check --fix . && .venv/bin/ruff format .`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

RUFF = Path(sys.executable).parent / "ruff"
TARGETS = ["nhsreform", "tests", "scripts", "_ext", "chapters", "exercises", "templates"]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    targets = [t for t in TARGETS if (ROOT / t).exists()]
    return subprocess.run([str(RUFF), *args, *targets], cwd=ROOT, capture_output=True, text=True)


def test_lint_is_clean():
    run = _ruff("check", "--no-cache", "--output-format", "concise")
    assert run.returncode == 0, f"ruff check found problems:\n{run.stdout}{run.stderr}"


def test_code_is_formatted():
    run = _ruff("format", "--no-cache", "--check")
    assert run.returncode == 0, f"not formatted (run `.venv/bin/ruff format .`):\n{run.stdout}{run.stderr}"
