"""scripts/setup.sh tries a failed ``pip install`` once more, without pip's download cache (a
download that arrives damaged fails pip's hash check: seen once in CI), and stops if the second
try fails too. Run with a stand-in for the environment's Python that records what it is asked."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .conftest import ROOT

# Records each call; "pip install" fails while $FAILS (a number in a file) is above zero.
STAND_IN = """#!/bin/bash
echo "$*" >> "$CALLS"
if [ "$1 $2 $3" = "-m pip install" ]; then
  left=$(cat "$FAILS")
  if [ "$left" -gt 0 ]; then
    echo $((left - 1)) > "$FAILS"
    echo "ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE." >&2
    exit 1
  fi
fi
"""


def _course(tmp_path):
    course = tmp_path / "course"
    needed = ("scripts/setup.sh", "requirements-student.txt", "pyproject.toml", "jupyterlab/overrides.json")
    for name in needed:
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, course / name)
    python = course / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(STAND_IN)
    python.chmod(0o755)
    return course


def _set_up(course, tmp_path, fails: int):
    calls, counter = tmp_path / "calls.txt", tmp_path / "fails.txt"
    calls.write_text("")
    counter.write_text(str(fails))
    env = {**os.environ, "CALLS": str(calls), "FAILS": str(counter)}
    setup = ["bash", "scripts/setup.sh", "--teach"]
    done = subprocess.run(setup, cwd=course, env=env, capture_output=True, text=True, timeout=60)
    return done, [c for c in calls.read_text().splitlines() if c.startswith("-m pip install")]


@pytest.mark.parametrize("fails", [0, 1])
def test_a_failed_install_is_tried_once_more_without_the_cache(tmp_path, fails):
    done, installs = _set_up(_course(tmp_path), tmp_path, fails)
    assert done.returncode == 0, done.stderr
    first = "-m pip install --quiet --disable-pip-version-check -r requirements-student.txt"
    again = ["-m pip install --quiet --disable-pip-version-check --no-cache-dir -r requirements-student.txt"]
    package = "-m pip install --quiet --disable-pip-version-check --no-deps -e ."
    assert installs == [first, *again * fails, package], installs
    assert ("trying once more, without pip's download cache" in done.stderr) == bool(fails), done.stderr
    assert "ready to teach" in done.stdout


def test_a_second_failure_stops_the_set_up_with_pips_message(tmp_path):
    done, installs = _set_up(_course(tmp_path), tmp_path, fails=2)
    assert done.returncode != 0
    assert len(installs) == 2 and "--no-cache-dir" in installs[1], installs
    assert "DO NOT MATCH THE HASHES" in done.stderr and "ready to teach" not in done.stdout
