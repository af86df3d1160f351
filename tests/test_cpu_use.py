"""scripts/cpu_use.py: the pytest plugin that records what each test costs the machine, and the
sums that ``scripts/benchmark.py --tests`` prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT

SCRIPTS = ROOT / "scripts"


@pytest.fixture
def cpu_use(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import cpu_use

    return cpu_use


def test_busy_seconds_counts_work_and_leaves_out_idle_waiting_and_steal(cpu_use, tmp_path):
    stat = tmp_path / "stat"
    #                 user nice system idle iowait irq softirq steal guest guest_nice
    # Guest time is already counted in user time.
    stat.write_text("cpu  700 20 180 9000 400 30 70 500 60 5\ncpu0 1 2 3 4 5 6 7 8 0 0\n")
    assert cpu_use.busy_seconds(stat) == pytest.approx(1000 / os.sysconf("SC_CLK_TCK"))
    stat.write_text("intr 1 2 3\n")
    with pytest.raises(ValueError, match=r"stat: the first line is not the machine's 'cpu' total"):
        cpu_use.busy_seconds(stat)


def test_costs_are_summed_by_file_the_costliest_first(cpu_use):
    rows = [
        {"id": "tests/test_a.py::test_one", "cpu": 1.0, "wall": 2.0},
        {"id": "chapters/01-x.ipynb::Cell 0", "cpu": 5.0, "wall": 4.0},
        {"id": "tests/test_a.py::test_two[p]", "cpu": 3.0, "wall": 1.5},
        {"id": "chapters/01-x.ipynb::Cell 1", "cpu": 0.5, "wall": 0.5},
        {"id": "tests/test_b.py::test_three", "cpu": 0.25, "wall": 9.0},
    ]
    assert cpu_use.by_file(rows) == [
        ("chapters/01-x.ipynb", 5.5, 4.5, 2),
        ("tests/test_a.py", 4.0, 3.5, 2),
        ("tests/test_b.py", 0.25, 9.0, 1),
    ]


def _pytest(folder, *args, log=None):
    env = {**os.environ, "PYTHONPATH": str(SCRIPTS), "PYTEST_ADDOPTS": ""}
    env.pop("NHS_CPU_LOG", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    if log:
        env["NHS_CPU_LOG"] = str(log)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "cpu_use", "-p", "no:cacheprovider", "-q", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# A conftest for the run below: the plugin reads a made-up clock that the fixtures and tests move
# on, so what each line should say is known exactly.
CLOCK = """
import types
import cpu_use
import pytest

now = {"wall": 0.0, "cpu": 0.0}
cpu_use.time = types.SimpleNamespace(perf_counter=lambda: now["wall"])
cpu_use.busy_seconds = lambda: now["cpu"]


def spend(wall, cpu):
    now["wall"] += wall
    now["cpu"] += cpu


@pytest.fixture(scope="session")
def inner():
    spend(5, 2)


@pytest.fixture(scope="session")
def outer(request):  # makes "inner" while it is being made
    spend(1, 1)
    request.getfixturevalue("inner")
    spend(2, 1)


@pytest.fixture(scope="session")
def beside():
    spend(4, 4)
"""

TESTS = """
from conftest import spend


def test_first(outer, beside):
    spend(3, 0.5)


def test_second(outer, beside):
    spend(1, 1)
"""


def test_each_test_and_each_session_fixture_is_written_apart(tmp_path):
    (tmp_path / "conftest.py").write_text(CLOCK)
    (tmp_path / "test_costs.py").write_text(TESTS)
    log = tmp_path / "costs.jsonl"
    done = _pytest(tmp_path, "-n", "0", log=log)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {r["id"]: (r["wall"], r["cpu"]) for r in map(json.loads, log.read_text().splitlines())}
    assert rows == {
        "session fixture inner": (5, 2),
        "session fixture outer": (3, 2),  # without "inner", made inside it
        "session fixture beside": (4, 4),
        "test_costs.py::test_first": (3, 0.5),  # without the fixtures it was the first to need
        "test_costs.py::test_second": (1, 1),
    }


def test_the_plugin_measures_a_real_run(tmp_path):
    (tmp_path / "test_real.py").write_text(
        "import time\ndef test_waits():\n    time.sleep(0.3)\n"
        "def test_works():\n    sum(i * i for i in range(300_000))\n"
    )
    log = tmp_path / "costs.jsonl"
    done = _pytest(tmp_path, "-n", "0", log=log)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = {r["id"]: r for r in map(json.loads, log.read_text().splitlines())}
    assert sorted(rows) == ["test_real.py::test_waits", "test_real.py::test_works"]
    assert rows["test_real.py::test_waits"]["wall"] >= 0.3
    # Never more CPU-seconds than every core could give meanwhile, give or take a clock tick per
    # core at each reading.
    cores = os.cpu_count() or 1
    assert all(-0.1 * cores <= r["cpu"] <= (r["wall"] + 0.1) * cores for r in rows.values()), rows


def test_the_plugin_refuses_a_parallel_run_and_a_missing_log(tmp_path):
    (tmp_path / "test_one.py").write_text("def test_one():\n    pass\n")
    parallel = _pytest(tmp_path, "-n", "2", log=tmp_path / "costs.jsonl")
    assert parallel.returncode == 4, parallel.stdout + parallel.stderr
    assert "cpu_use: run the tests serially" in parallel.stderr
    unnamed = _pytest(tmp_path)
    assert unnamed.returncode == 4, unnamed.stdout + unnamed.stderr
    assert "cpu_use: set NHS_CPU_LOG" in unnamed.stderr
