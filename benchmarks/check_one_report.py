"""`partybuild-metrics check` on one report's text, from start to exit, in fresh processes.

    python benchmarks/check_one_report.py [--repeats 9] [--baseline-src OTHER/src]

A fact-checker runs the command once per article, so its start-up is most of its time.
With ``--baseline-src`` (the ``src`` folder of another checkout, e.g. a ``git worktree``
of an earlier commit) the two are run alternately and the ratio of the medians printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "articles" / "000_zhuanghe_2020.txt"


def run_once(src: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(src)}
    command = [sys.executable, "-m", "partybuild_metrics", "check", str(REPORT)]
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--baseline-src", type=Path)
    args = parser.parse_args()
    trees = {"this": ROOT / "src"}
    if args.baseline_src is not None:
        trees["baseline"] = args.baseline_src.resolve()
    times: dict[str, list[float]] = {name: [] for name in trees}
    for repeat in range(args.repeats):
        order = list(trees) if repeat % 2 == 0 else list(reversed(trees))
        for name in order:
            times[name].append(run_once(trees[name]))
    print("| tree | seconds (median) | every run |")
    print("|---|---:|---|")
    for name, runs in times.items():
        print(f"| {name} | {statistics.median(runs):.2f} | {' '.join(f'{t:.2f}' for t in runs)} |")
    if "baseline" in times:
        ratio = statistics.median(times["this"]) / statistics.median(times["baseline"])
        print(f"this / baseline = {ratio:.2f}")


if __name__ == "__main__":
    main()
