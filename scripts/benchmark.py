"""Measure what the course promises to be fast (a benchmark, not a test).

- widget update: simulate + redraw after a slider move, for every model explorer (target: median
  and 95th percentile under 50 ms; the course promised under 100 ms);
- notebook execution: each notebook on a fresh kernel (target < 10 s);
- with --build: a clean book build (notebooks run in parallel, explorers' states drawn), a
  rebuild with no change and one that re-reads every page, against the clean build's target;
- with --pages: every built page's weight on a cold load, and its time to the load event;
- with --tests (alone): the README's test command, as CI runs it (.ci/run), on a fresh clone of
  the last commit with the tests one after another: its wall time, the CPU-seconds the machine
  spent (set-up included), what each test file and each session-wide fixture cost
  (scripts/cpu_use.py), and so the least time the same work could take on this machine's cores
  (about 40 minutes on 2 cores; run it on an otherwise quiet machine).

Usage: .venv/bin/python scripts/benchmark.py [--build] [--pages] [--tests] [--moves N]
       [--model NAME ...] [--no-notebooks]
(--model takes any module of nhsreform/models/, registered in MODEL_MODULES or not yet.)
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nhsreform.models import models  # noqa: E402


def widget_latency(moves: int, only: list[str] | None = None) -> None:
    print(f"Widget update latency (simulate + redraw), {moves} slider moves each")
    chosen = (
        {name: importlib.import_module(f"nhsreform.models.{name}").MODEL for name in only}
        if only
        else models()
    )
    for name, model in chosen.items():
        explorer = model.explorer()
        times, cpu = [], []
        for i in range(moves):
            slider = list(explorer.sliders.values())[i % len(explorer.sliders)]
            span = slider.max - slider.min
            c0 = time.process_time()
            slider.value = slider.min + ((i * 0.37) % 1) * span
            cpu.append((time.process_time() - c0) * 1000)
            times.append(explorer.last_update_seconds * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"  {name:30s} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   "
            f"max {times[-1]:6.1f} ms   (CPU median {statistics.median(cpu):5.1f} ms)"
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"  load average {load:.2f} on {os.cpu_count()} cores: wall times are only meaningful on a "
        "quiet machine; CPU time is what one update costs, whatever else runs."
    )


def notebook_times() -> float:
    """Each notebook on a fresh kernel, one after another; returns the total seconds."""
    import nbformat
    from nbclient import NotebookClient

    print("Notebook execution on a fresh kernel")
    total = 0.0
    for nb_path in sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")]):
        nb = nbformat.read(nb_path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(nb_path.parent)}},
            # The kernel's notice that it talks to this process over local TCP, once per notebook.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        ).execute()
        seconds = time.perf_counter() - start
        total += seconds
        print(f"  {nb_path.relative_to(ROOT)!s:54s} {seconds:5.1f} s")
    print(f"  {'total':54s} {total:5.1f} s")
    return total


def build_times(notebook_seconds: float | None = None) -> None:
    """A clean build, a rebuild with no change, and one that re-reads every page (--all); with
    the notebooks' total time, the clean build's target: 1.5 x (notebooks / cores + Sphinx)."""
    import re

    print("Book build (scripts/build_book.sh)")
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    seconds = {}
    for label, args in (("clean", []), ("cached, no change", []), ("cached, --all", ["--all"])):
        start = time.perf_counter()
        done = subprocess.run(
            ["bash", "scripts/build_book.sh", *args], cwd=ROOT, check=True, capture_output=True, text=True
        )
        seconds[label] = time.perf_counter() - start
        steps = [
            f"{m.group(1)} {m.group(2)} s"
            for m in re.finditer(
                r"(drew the book explorers' states|ran \d+ notebooks) in ([\d.]+) s", done.stdout
            )
        ]
        print(f"  {label:24s} {seconds[label]:5.1f} s" + (f"   ({'; '.join(steps)})" if steps else ""))
    if notebook_seconds:
        cores = os.cpu_count() or 1
        sphinx = seconds["cached, --all"]
        target = 1.5 * (notebook_seconds / cores + sphinx)
        print(
            f"  clean-build target: 1.5 x (notebooks {notebook_seconds:.0f} s / {cores} cores + Sphinx "
            f"{sphinx:.0f} s) = {target:.0f} s; the clean build took {seconds['clean']:.0f} s"
        )


def page_weights() -> None:
    """Every built page opened cold in headless Chromium from 127.0.0.1 (laptop size): bytes
    downloaded before the reader scrolls, and the time to the load event, the median of three
    cold loads (budgets 1.5 MB, 0.5 s).
    The same measure as tests/test_page_budget.py, which asserts the bytes on every page."""
    import socket
    import subprocess
    import time

    from playwright.sync_api import sync_playwright

    from tests.test_page_budget import BUDGET_BYTES, PAGES, VIEWPORTS, weigh

    html = ROOT / "_build" / "html"
    if not (html / "index.html").exists():
        sys.exit("no built book in _build/html: run scripts/build_book.sh first")

    # The pages are served by a process of their own: a server in this process would share
    # Python's interpreter lock with the browser's driver and answer late (about 100 ms a page).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(html), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):  # until it answers
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    print(
        f"Page weight, cold cache, before scrolling (budget {BUDGET_BYTES / 1e6} MB; "
        "load event budget 500 ms)"
    )
    loads, heavy = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        for path in PAGES:
            # Three cold loads, the median time: one load varies by about 100 ms on a quiet machine.
            weights = [weigh(browser, base, path, VIEWPORTS["laptop"])[0] for _ in range(3)]
            weight = {**weights[0], "load": int(statistics.median(w["load"] for w in weights))}
            loads.append(weight["load"])
            heavy += [path] if weight["bytes"] > BUDGET_BYTES else []
            largest = weight["files"][0]
            print(
                f"  {path:58s} {weight['bytes'] / 1e6:5.2f} MB  {weight['load']:5d} ms   "
                f"(largest: {largest[0].removeprefix(base + '/').split('?')[0]} {largest[1] / 1e3:.0f} kB)"
            )
        browser.close()
    server.terminate()
    server.wait()
    loads.sort()
    print(
        f"  {len(PAGES)} pages: {len(heavy)} over the byte budget; load event median "
        f"{statistics.median(loads)} ms, slowest {loads[-1]} ms, {sum(t > 500 for t in loads)} over 500 ms"
    )


def suite_costs(top: int = 25) -> None:
    """.ci/run on a fresh clone of HEAD (uncommitted changes are not in it), the tests serially,
    each test's cost recorded by scripts/cpu_use.py (this checkout's); the clone is deleted
    afterwards."""
    import json
    import tempfile

    from scripts.cpu_use import busy_seconds

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    print(f"The test run (.ci/run) on a fresh clone of {commit}, the tests one after another")
    with tempfile.TemporaryDirectory(prefix="nhs-test-cost-") as tmp:
        clone, log, costs = Path(tmp) / "clone", Path(tmp) / "run.log", Path(tmp) / "costs.jsonl"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {
            **os.environ,
            "NHS_TEST_WORKERS": "0",
            "NHS_CPU_LOG": str(costs),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "scripts"), os.getenv("PYTHONPATH")])),
            "PYTEST_ADDOPTS": " ".join(filter(None, ["-p cpu_use", os.getenv("PYTEST_ADDOPTS")])),
        }
        wall, cpu = time.perf_counter(), busy_seconds()
        with log.open("w") as out:
            done = subprocess.run(["bash", ".ci/run"], cwd=clone, env=env, stdout=out, stderr=out)
        wall, cpu = time.perf_counter() - wall, busy_seconds() - cpu
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        lines = costs.read_text(encoding="utf-8").splitlines() if costs.exists() else []
        rows = [json.loads(line) for line in lines]
    if rows:
        print_costs(rows, wall, cpu, top)
    if done.returncode != 0:
        sys.exit(
            f"the test run failed (exit {done.returncode}), so any costs above are incomplete; "
            f"its last lines:\n{tail}"
        )


def print_costs(rows: list[dict], wall: float, cpu: float, top: int = 25) -> None:
    """The table of what each test file and session fixture cost, and the whole command's cost."""
    from scripts.cpu_use import by_file

    cores = os.cpu_count() or 1
    files = by_file(rows)
    tests_cpu = sum(c for _, c, _, _ in files)
    tests_wall = sum(w for _, _, w, _ in files)
    print(f"  {'test file or session fixture':62s} {'CPU-s':>7s} {'wall s':>7s} {'tests':>6s}")
    for name, c, w, n in files[:top]:
        print(f"  {name:62s} {c:7.0f} {w:7.0f} {n:6d}")
    rest = files[top:]
    if rest:
        print(
            f"  {f'{len(rest)} others':62s} {sum(r[1] for r in rest):7.0f} {sum(r[2] for r in rest):7.0f}"
            f" {sum(r[3] for r in rest):6d}"
        )
    tests = sum(not r["id"].startswith("session fixture ") for r in rows)
    print(f"  {'the tests, with their session fixtures':62s} {tests_cpu:7.0f} {tests_wall:7.0f} {tests:6d}")
    print(
        f"  the whole command (set-up included): {wall:.0f} s, {cpu:.0f} CPU-seconds; on {cores} cores "
        f"the same work takes at least {cpu / cores:.0f} s, even with every core busy all the time "
        f"(ten minutes give {600 * cores} CPU-seconds)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also time clean and cached builds")
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--model", action="append", help="time only this model's explorer (repeatable)")
    parser.add_argument("--no-notebooks", action="store_true", help="skip notebook execution times")
    parser.add_argument("--pages", action="store_true", help="also weigh every built page (after the build)")
    parser.add_argument(
        "--tests", action="store_true", help="only the test run's cost, test by test (about 40 minutes)"
    )
    args = parser.parse_args()
    if args.tests:
        if args.build or args.pages or args.model or args.no_notebooks:
            parser.error("--tests runs alone: it measures the test run on an otherwise quiet machine")
        suite_costs()
        return
    widget_latency(args.moves, args.model)
    notebook_seconds = None if args.no_notebooks else notebook_times()
    if args.build:
        build_times(notebook_seconds)
    if args.pages:
        page_weights()


if __name__ == "__main__":
    main()
