"""Report time does not depend on the length of the names in the records.

    python benchmarks/long_names.py [--repeats 5] [--length 100000]

Builds and writes the annual report of the sample county twice over: as it is, and with
one township's name made ``--length`` characters long (a clerk's paste gone wrong).
Each run is a fresh Python process; the two kinds alternate; the table gives the median
wall time of each and their ratio. Charts draw a name cut to 24 characters, the tables
keep it whole, so the ratio should stay near 1 (before names were cut, matplotlib laid
out the whole name on every chart that showed the township: minutes).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = """
import sys, time
import pandas as pd
import partybuild_metrics as pbm
length, out = int(sys.argv[1]), sys.argv[2]
ds = pbm.read_dataset("{root}/data/sample/parquet")
if length:
    divisions = ds.divisions.copy()
    township = divisions["level"] == "township"
    first = divisions.index[township][0]
    divisions.loc[first, "name"] = ("青松" * length)[:length]
    ds = pbm.Dataset({{**ds.tables, "divisions": divisions}}, ds.quarantine, ds.summary)
start = time.perf_counter()
pbm.build_report(ds, year=2020).write(out)
print(time.perf_counter() - start)
"""


def run(length: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        done = subprocess.run(
            [sys.executable, "-c", RUN.format(root=ROOT), str(length), out],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--length", type=int, default=100_000)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"plain names": [], f"{args.length:,}-character name": []}
    for _ in range(args.repeats):
        for runs, length in zip(times.values(), (0, args.length), strict=True):
            runs.append(run(length))
    print(f"repeats: {args.repeats}; build_report + write of the sample county, 2020, seconds")
    for label, runs in times.items():
        every = " ".join(f"{t:.2f}" for t in runs)
        print(f"{label:>28}: median {statistics.median(runs):.2f}  every run {every}")
    plain, long = (statistics.median(r) for r in times.values())
    ratios = [b / a for a, b in zip(*times.values(), strict=True)]
    print(
        f"long ÷ plain: {long / plain:.2f}× (run by run: median {statistics.median(ratios):.2f}×)"
    )


if __name__ == "__main__":
    main()
