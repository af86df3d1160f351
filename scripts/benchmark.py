"""Measure what the course promises to be fast (a benchmark, not a test).

- widget update: simulate + redraw after a slider move, for every model explorer (target < 100 ms);
- notebook execution: each notebook on a fresh kernel (target < 10 s);
- with --build: a clean book build and a cached rebuild.

Usage: .venv/bin/python scripts/benchmark.py [--build] [--moves N]
"""

from __future__ import annotations

import argparse
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


def widget_latency(moves: int) -> None:
    print(f"Widget update latency (simulate + redraw), {moves} slider moves each")
    for name, model in models().items():
        explorer = model.explorer()
        times = []
        for i in range(moves):
            slider = list(explorer.sliders.values())[i % len(explorer.sliders)]
            span = slider.max - slider.min
            slider.value = slider.min + ((i * 0.37) % 1) * span
            times.append(explorer.last_update_seconds * 1000)
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"  {name:30s} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms   "
            f"max {times[-1]:6.1f} ms"
        )


def notebook_times() -> None:
    import nbformat
    from nbclient import NotebookClient

    print("Notebook execution on a fresh kernel")
    for nb_path in sorted([*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("exercises/*.ipynb")]):
        nb = nbformat.read(nb_path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(nb_path.parent)}}
        ).execute()
        print(f"  {nb_path.relative_to(ROOT)!s:50s} {time.perf_counter() - start:5.1f} s")


def build_times() -> None:
    print("Book build (scripts/build_book.sh)")
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    for label, args in (("clean", []), ("cached, no change", []), ("cached, --all", ["--all"])):
        start = time.perf_counter()
        subprocess.run(
            ["bash", "scripts/build_book.sh", *args],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        print(f"  {label:24s} {time.perf_counter() - start:5.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also time clean and cached builds")
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()
    widget_latency(args.moves)
    notebook_times()
    if args.build:
        build_times()


if __name__ == "__main__":
    main()
