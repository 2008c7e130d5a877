"""A million share claims checked from a CSV table, against plain ``pd.read_csv`` of the same file.

    python benchmarks/claims.py [--rows 1000000] [--repeats 5]

Writes ``benchmarks/.cache/shares_<rows>.csv`` once (seeded): share claims with a
numerator, a denominator and a percent printed to one decimal, a tenth of them with
both counts in 万 ("2843.1万" of "9671.2万"), a twentieth with no numerator, some
rounded by truncation. Then, in fresh processes and alternating, times

- ``plain_read``: ``pd.read_csv(path)`` (the baseline), and
- ``check``: ``read_claims_table(path)`` and ``check_claims(frame)`` — reading every
  column as text, deciding every claim under every rounding mode, and building the
  result table,

each repeat in a fresh process that imports everything first and then times both
stages, the order alternating from one repeat to the next; it prints the medians,
every run and the ratio of the medians.

``--floor`` also times ``polars_floor``: Polars (multi-threaded, in Rust) reading the same
file and deciding only what every row of the check needs at the least — plain counts and
percents parsed, the published text joined and four modes tested on the exact shares,
no counts in 万, no witnesses, no result frame. It is a floor for any check of the table
on this machine, not a check.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

CACHE = Path(__file__).parent / ".cache"


def write_table(path: Path, rows: int, seed: int = 11) -> None:
    """Share claims with exact and 万 counts; percents printed half up or truncated."""
    rng = np.random.default_rng(seed)
    denominator = rng.integers(20, 50_000, rows)
    numerator = (denominator * rng.random(rows)).astype(np.int64)
    wan = rng.random(rows) < 0.1
    big_d = rng.integers(100_000, 9_999_999, rows)  # tenths of 万: 1.0万 … 99999.9万
    big_n = (big_d * rng.random(rows)).astype(np.int64)
    tenths = np.where(
        wan, (big_n * 1000) // big_d, (numerator * 1000) // np.maximum(denominator, 1)
    )
    truncated = rng.random(rows) < 0.3
    half_up = np.where(
        wan,
        (big_n * 2000 + big_d) // (2 * big_d),
        (numerator * 2000 + denominator) // (2 * denominator),
    )
    printed = np.where(truncated, tenths, half_up)
    percent = pd.Series(printed // 10).astype(str) + "." + pd.Series(printed % 10).astype(str)
    no_numerator = rng.random(rows) < 0.05
    n_text = np.where(
        wan,
        pd.Series(big_n // 10).astype(str) + "." + pd.Series(big_n % 10).astype(str) + "万",
        pd.Series(numerator).astype(str),
    )
    d_text = np.where(
        wan,
        pd.Series(big_d // 10).astype(str) + "." + pd.Series(big_d % 10).astype(str) + "万",
        pd.Series(denominator).astype(str),
    )
    frame = pd.DataFrame(
        {
            "id": pd.Series(np.arange(rows)).astype(str).radd("c"),
            "kind": "share",
            "quote": "占比",
            "numerator": np.where(no_numerator, "", n_text),
            "denominator": d_text,
            "percent": percent,
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)


def polars_floor(path: str) -> int:
    """The least work a check of every row does, in Polars: see ``--floor``."""
    import polars as pl

    percent = pl.col("percent").str.strip_suffix("%")
    point = percent.str.find(".", literal=True)
    decimals = pl.when(point.is_null()).then(0).otherwise(percent.str.len_bytes() - point - 1)
    mantissa = percent.str.replace(".", "", literal=True).str.to_integer(strict=False)
    n = pl.col("numerator").str.to_integer(strict=False)
    d = pl.col("denominator").str.to_integer(strict=False)
    x = n * pl.lit(10).pow(decimals + 3) - mantissa * 10 * d
    found = (
        pl.scan_csv(path, infer_schema=False)
        .with_columns(
            x.alias("x"),
            (5 * d).alias("five"),
            pl.format("{}/{} = {}%", "numerator", "denominator", "percent").alias("published"),
        )
        .with_columns(
            ((pl.col("x") >= -pl.col("five")) & (pl.col("x") < pl.col("five"))).alias("half_up"),
            ((pl.col("x") > -pl.col("five")) & (pl.col("x") <= pl.col("five"))).alias("half_down"),
            ((pl.col("x") >= 0) & (pl.col("x") < 2 * pl.col("five"))).alias("truncate"),
            ((pl.col("x") > -2 * pl.col("five")) & (pl.col("x") <= 0)).alias("ceiling"),
        )
        .collect()
    )
    return len(found)


def run_stages(path: str, check_first: bool, floor: bool) -> None:
    """Inside a fresh process, with every module imported: time the stages, print JSON."""
    from partybuild_metrics import check_claims
    from partybuild_metrics.claims.table import read_claims_table

    if floor:
        import polars  # noqa: F401  (imported before the clock starts, as the others)

    times: dict[str, float] = {}
    verdicts: dict[str, int] = {}
    stages = ["plain_read", "check"] + (["polars_floor"] if floor else [])
    for stage in reversed(stages) if check_first else stages:
        started = time.perf_counter()
        if stage == "plain_read":
            rows = len(pd.read_csv(path))
        elif stage == "polars_floor":
            rows = polars_floor(path)
        else:
            results = check_claims(read_claims_table(path))
            rows = len(results)
            verdicts = {str(k): int(v) for k, v in results["verdict"].value_counts().items()}
            del results
        times[stage] = time.perf_counter() - started
        assert rows > 0
    print(json.dumps({"times": times, "verdicts": verdicts}))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--floor", action="store_true", help="also time polars_floor")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--check-first", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        run_stages(args.path, args.check_first, args.floor)
        return
    path = CACHE / f"shares_{args.rows}.csv"
    if not path.exists():
        write_table(path, args.rows)
    times: dict[str, list[float]] = {"plain_read": [], "check": []}
    if args.floor:
        times["polars_floor"] = []
    verdicts: dict[str, int] = {}
    for repeat in range(args.repeats):
        command = [sys.executable, __file__, "--inside", "--path", str(path)]
        command += ["--check-first"] if repeat % 2 else []
        command += ["--floor"] if args.floor else []
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        result = json.loads(out.stdout)
        for stage, seconds in result["times"].items():
            times[stage].append(seconds)
        verdicts = result["verdicts"]
    size = path.stat().st_size / 1e6
    print(f"{args.rows:,} share claims, {size:.0f} MB of CSV; verdicts under half_up: {verdicts}")
    print("| stage | seconds (median) | every run |")
    print("|---|---:|---|")
    for stage, runs in times.items():
        print(f"| {stage} | {statistics.median(runs):.2f} | {' '.join(f'{t:.2f}' for t in runs)} |")
    for stage in [s for s in times if s != "plain_read"]:
        ratio = statistics.median(times[stage]) / statistics.median(times["plain_read"])
        print(f"{stage} / plain_read = {ratio:.2f}")


if __name__ == "__main__":
    main()
