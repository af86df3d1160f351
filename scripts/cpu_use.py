"""What the test run costs the machine: a pytest plugin, and the sums ``scripts/benchmark.py
--tests`` prints.

Loaded with ``-p cpu_use`` (``scripts/`` on ``PYTHONPATH``), the plugin writes one JSON line per
test to the file named by ``$NHS_CPU_LOG``: its node id, its wall seconds (set-up, call and
tear-down) and the CPU-seconds the whole machine spent meanwhile, read from ``/proc/stat`` (user,
nice, system, irq and softirq; not idle, I/O wait or steal). The machine's count takes in what a
test starts (kernels, JupyterLab, Chromium, builds), which a process's own CPU time would miss;
it is only the test's own cost when nothing else runs, so the plugin refuses a parallel run: run
the tests serially (``NHS_TEST_WORKERS=0``) on an otherwise quiet machine. In a virtual machine
the count is the machine's, as ``vmstat`` shows it.

A session-wide fixture (the book build, the browser) is made by whichever test first needs it;
its cost is written as a line of its own (``session fixture <name>``, less any session fixture
it needs in turn) and left out of that test's. Session fixtures' tear-down stays in the last
test's line.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from pathlib import Path

import pytest

STAT = Path("/proc/stat")


def busy_seconds(stat: Path = STAT) -> float:
    """CPU-seconds the machine (all cores) has spent working since it started."""
    fields = stat.read_text(encoding="ascii").splitlines()[0].split()
    if fields[0] != "cpu":
        raise ValueError(f"{stat}: the first line is not the machine's 'cpu' total: {fields[:3]}")
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def by_file(rows: list[dict]) -> list[tuple[str, float, float, int]]:
    """(file, CPU-seconds, wall seconds, tests) per test file, the costliest first. A notebook
    that nbval runs is its own file."""
    sums: dict[str, list] = defaultdict(lambda: [0.0, 0.0, 0])
    for row in rows:
        entry = sums[row["id"].split("::", 1)[0]]
        entry[0] += row["cpu"]
        entry[1] += row["wall"]
        entry[2] += 1
    return sorted(((f, c, w, n) for f, (c, w, n) in sums.items()), key=lambda r: -r[1])


class _Recorder:
    def __init__(self, path: Path):
        self.out = path.open("w", encoding="utf-8")
        self.fixtures: list[list[float]] = []  # per session fixture being made: its inner ones' cost
        self.shared = [0.0, 0.0]  # what the session fixtures made during this test cost (CPU, wall)

    def _write(self, name: str, cpu: float, wall: float) -> None:
        self.out.write(json.dumps({"id": name, "wall": wall, "cpu": cpu}) + "\n")
        self.out.flush()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self.shared = [0.0, 0.0]
        wall, cpu = time.perf_counter(), busy_seconds()
        try:
            return (yield)
        finally:
            cpu, wall = busy_seconds() - cpu, time.perf_counter() - wall
            self._write(item.nodeid, cpu - self.shared[0], wall - self.shared[1])

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        if fixturedef.scope != "session":
            return (yield)
        self.fixtures.append([0.0, 0.0])
        wall, cpu = time.perf_counter(), busy_seconds()
        try:
            return (yield)
        finally:
            cpu, wall = busy_seconds() - cpu, time.perf_counter() - wall
            inner_cpu, inner_wall = self.fixtures.pop()
            self._write(f"session fixture {fixturedef.argname}", cpu - inner_cpu, wall - inner_wall)
            outer = self.fixtures[-1] if self.fixtures else self.shared
            outer[0] += cpu
            outer[1] += wall

    def pytest_unconfigure(self, config):
        self.out.close()


def pytest_configure(config):
    log = os.environ.get("NHS_CPU_LOG")
    if not log:
        raise pytest.UsageError("cpu_use: set NHS_CPU_LOG to the file to write the per-test costs to")
    # As pytest-xdist decides (its _is_distribution_mode), after it has read -n: "-n 0" is serial.
    parallel = config.getoption("dist", "no") != "no" and bool(config.getoption("tx", None))
    if parallel or os.environ.get("PYTEST_XDIST_WORKER"):
        raise pytest.UsageError(
            "cpu_use: run the tests serially (NHS_TEST_WORKERS=0, or -n 0): the machine's CPU count"
            " is only one test's cost when no other test runs"
        )
    config.pluginmanager.register(_Recorder(Path(log)), "cpu_use_recorder")
