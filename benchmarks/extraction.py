"""Claims from text: the five seed articles repeated to 10 MB, against a plain number scan.

    python benchmarks/extraction.py [--megabytes 10] [--repeats 5]

Writes ``benchmarks/.cache/seeds_<MB>mb.txt`` once: the seed articles of
``data/articles/`` one after another, repeated until the file holds at least that many
megabytes of UTF-8. Then, in fresh processes and alternating, times

- ``scan``: ``find_numbers(text)`` of the claims parser over the whole text (the
  baseline: every printed number found and parsed, nothing built on them),
- ``extract``: ``read_document(path)`` and ``extract_claims(text)`` — decoding, folding
  traditional characters, every finder, every claim checked against the claims format, and
- ``check``: ``check_document(path)``: the same, then every claim checked.

Each repeat is a fresh process that imports everything first and then times the stages,
their order rotating from one repeat to the next; it prints the medians, every run, MB/s
and the ratio of the medians to the scan.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

CACHE = Path(__file__).parent / ".cache"
ARTICLES = Path(__file__).parent.parent / "data" / "articles"
STAGES = ("scan", "extract", "check")


def write_text(path: Path, megabytes: float) -> None:
    """The seed articles, repeated to at least ``megabytes`` of UTF-8."""
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt")))
    size = len(seeds.encode("utf-8"))
    copies = int(megabytes * 1_000_000 // size) + 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([seeds] * copies), encoding="utf-8")


def run_stages(path: str, order: list[str]) -> None:
    """In this process: import, then time each stage once, in the given order; print JSON."""
    from partybuild_metrics.claims.extract import extract_claims, read_document
    from partybuild_metrics.claims.numbers import find_numbers
    from partybuild_metrics.claims.text_report import check_document

    times: dict[str, float] = {}
    counts: dict[str, int] = {}
    for stage in order:
        start = time.perf_counter()
        if stage == "scan":
            text = Path(path).read_text(encoding="utf-8")
            counts[stage] = sum(1 for _ in find_numbers(text))
        elif stage == "extract":
            counts[stage] = len(extract_claims(read_document(path).text))
        else:
            counts[stage] = len(check_document(path).results)
        times[stage] = time.perf_counter() - start
    print(json.dumps({"times": times, "counts": counts}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--stage-run", nargs=2, metavar=("PATH", "ORDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage_run:
        run_stages(args.stage_run[0], args.stage_run[1].split(","))
        return
    path = CACHE / f"seeds_{args.megabytes:g}mb.txt"
    if not path.exists():
        write_text(path, args.megabytes)
    size = path.stat().st_size / 1_000_000
    runs: dict[str, list[float]] = {stage: [] for stage in STAGES}
    counts: dict[str, int] = {}
    for repeat in range(args.repeats):
        order = list(STAGES[repeat % 3 :] + STAGES[: repeat % 3])
        result = subprocess.run(
            [sys.executable, __file__, "--stage-run", str(path), ",".join(order)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        data = json.loads(result.stdout.strip().splitlines()[-1])
        for stage in STAGES:
            runs[stage].append(data["times"][stage])
        counts = data["counts"]
    base = statistics.median(runs["scan"])
    print(f"{path.name}: {size:.1f} MB, {counts['scan']:,} numbers, {counts['extract']:,} claims")
    print("| stage | seconds (median) | every run | MB/s | ÷ scan |")
    print("|---|---:|---|---:|---:|")
    for stage in STAGES:
        median = statistics.median(runs[stage])
        every = " ".join(f"{t:.1f}" for t in runs[stage])
        print(f"| {stage} | {median:.1f} | {every} | {size / median:.2f} | {median / base:.2f}× |")


if __name__ == "__main__":
    main()
