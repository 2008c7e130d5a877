"""National-scale benchmark: the library end to end against hand-written DuckDB SQL.

    python benchmarks/national.py [--repeats 3] [--stages anchor,library]
        [--touch-gb 7] [--data benchmarks/.cache/national] [--scale 1]

Generates the synthetic national dataset once (cached as Parquet), then runs each
stage in a fresh Python process, ``--repeats`` times, the stages in turn, and reports
the median wall time and peak memory of each, and the ratios of the library to its
yardsticks:

- ``anchor``: every indicator of ``compute(level="all", years=2020)`` written by hand
  as one DuckDB SQL query (``compute_all`` of ``../shared/anchors/duckdb_indicators.py``,
  imported from there at run time), Parquet to pandas frames;
- ``library``: ``pbm.compute(pbm.read_dataset(dir), level="all", years=2020)``, Parquet
  to IndicatorTable, reading and validating included;
- ``plain_read`` and ``read_validate``: ``pd.read_parquet`` of the files against
  ``pbm.read_dataset``; ``compute_all``: ``pbm.compute`` alone, records already read.

After the timings, a last process checks that library and anchor give the same
numerator and denominator for every (indicator, level, code, category).

Memory: ``peak`` is the process's peak resident size (``ru_maxrss``); ``extra`` is what
a stage adds on top of the resident size when it starts (sampled every 10 ms).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ANCHORS = HERE.parent.parent / "shared" / "anchors"
TOUCH = "import numpy as np; blocks = [np.ones(2**27) for _ in range(int({gb} * 1e9 / 2**30))]"
"""Writes about ``gb`` GB (blocks of 1 GiB) and exits."""
STAGES = ["plain_read", "read_validate", "compute_all", "anchor", "library"]
DEFAULT_STAGES = "anchor,library"
YEAR = 2020


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096


class Sampler:
    """Peak resident memory while a block runs, sampled in a thread."""

    def __enter__(self) -> Sampler:
        self.start = self.peak = _rss()
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        while self.running:
            self.peak = max(self.peak, _rss())
            time.sleep(0.01)

    def __exit__(self, *args: object) -> None:
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, _rss())


def _anchor() -> Any:
    sys.path.insert(0, str(ANCHORS))
    import duckdb_indicators  # type: ignore[import-not-found]

    return duckdb_indicators


def _plain(data: Path) -> dict[str, object]:
    import pandas as pd

    return {p.stem: pd.read_parquet(p) for p in sorted(data.glob("*.parquet"))}


def run_stage(stage: str, data: Path) -> dict[str, float]:
    """Run one stage in this process; returns seconds and memory in GB."""
    result: dict[str, float] = {}
    if stage == "anchor":
        anchor = _anchor()
    import partybuild_metrics as pbm

    if stage in ("compute_all", "library"):
        # Ibis loads its DuckDB backend on first use (0.3 s of imports); imported before
        # the clock starts, as the anchor's modules are.
        import ibis

        ibis.duckdb  # noqa: B018
    if stage == "compute_all":
        dataset = pbm.read_dataset(data)
    started = time.perf_counter()
    with Sampler() as memory:
        if stage == "plain_read":
            tables = _plain(data)
        elif stage == "read_validate":
            dataset = pbm.read_dataset(data)
            result["quarantined"] = float(len(dataset.quarantine))
        elif stage == "compute_all":
            table = pbm.compute(dataset, level="all", years=YEAR, progress=False)
            result["rows"] = float(len(table))
        elif stage == "library":
            table = pbm.compute(pbm.read_dataset(data), level="all", years=YEAR, progress=False)
            result["rows"] = float(len(table))
        elif stage == "anchor":
            frames = anchor.compute_all(data)
            result["rows"] = float(sum(len(frame) for frame in frames.values()))
    result["seconds"] = time.perf_counter() - started
    if stage == "plain_read":  # measured after the clock stops: it is not part of reading
        result["input_gb"] = sum(t.memory_usage(deep=True).sum() for t in tables.values()) / 1e9  # type: ignore[attr-defined]
    result["extra_gb"] = (memory.peak - memory.start) / 1e9
    result["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    return result


def check_against_anchor(data: Path) -> dict[str, int]:
    """Library and hand-written SQL agree for every (indicator, level, code, category).

    Where the library reports no data (a table with no rows in the year), the anchor,
    written before that rule, reports 0: those numbers are counted apart, and must be 0
    in the anchor.
    """
    import numpy as np
    import pandas as pd

    import partybuild_metrics as pbm

    table = pd.DataFrame(pbm.compute(pbm.read_dataset(data), level="all", years=YEAR))
    expected = _anchor().compute_all(data)
    compared = no_data = 0
    for (indicator, level), frame in expected.items():
        got = table[(table["indicator"] == indicator) & (table["level"] == level)]
        keys = ["code", "category"] if "category" in frame.columns else ["code"]
        got = got.assign(code=got["code"].astype(str), category=got["category"].astype(str))
        frame = frame.assign(code=frame["code"].astype(str))
        if "category" in frame.columns:
            frame = frame.assign(category=frame["category"].astype(str))
        merged = frame.merge(got, on=keys, how="outer", suffixes=("_sql", ""), indicator=True)
        assert (merged["_merge"] == "both").all(), (indicator, level, "units differ")
        missing = merged["numerator"].isna().to_numpy()
        assert (merged.loc[missing, "numerator_sql"] == 0).all(), (indicator, level)
        kept = merged[~missing]
        assert np.array_equal(
            kept["numerator"].to_numpy(np.int64), kept["numerator_sql"].to_numpy(np.int64)
        ), (indicator, level, "numerators")
        both = kept["denominator"].notna().to_numpy() & kept["denominator_sql"].notna().to_numpy()
        assert np.array_equal(
            kept.loc[both, "denominator"].to_numpy(np.int64),
            kept.loc[both, "denominator_sql"].to_numpy(np.int64),
        ), (indicator, level, "denominators")
        assert (kept["denominator"].isna() == kept["denominator_sql"].isna()).all(), (
            indicator,
            level,
            "which rows have a denominator",
        )
        compared += len(kept)
        no_data += int(missing.sum())
    assert len(table) == compared + no_data, "the library has rows the anchor has not"
    return {"compared": compared, "no_data": no_data}


def _stage_process(stage: str, data: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--stage", stage, "--data", str(data)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path)
    parser.add_argument("--scale", type=int, default=1, help="generate-national --scale")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--stages",
        default=DEFAULT_STAGES,
        help=f"comma-separated stages to time, of {', '.join(STAGES)} (default: {DEFAULT_STAGES})",
    )
    parser.add_argument("--no-check", action="store_true", help="skip the comparison of numbers")
    parser.add_argument(
        "--touch-gb",
        type=float,
        default=0,
        help="before each stage, run a process that writes this many GB and exits, so the "
        "stage starts with memory the machine has just backed (see README)",
    )
    parser.add_argument("--stage", choices=[*STAGES, "check"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    data = args.data or HERE / ".cache" / (
        "national" if args.scale == 1 else f"national-x{args.scale}"
    )
    if args.stage == "check":
        print(json.dumps(check_against_anchor(data)))
        return
    if args.stage:
        print(json.dumps(run_stage(args.stage, data)))
        return
    stages = [stage for stage in STAGES if stage in args.stages.split(",")]
    if not (data / "poverty_households.parquet").exists():
        from partybuild_metrics.synth.national import generate_national

        generate_national(data, scale=args.scale, progress=True)
    results: dict[str, list[dict[str, float]]] = {stage: [] for stage in stages}
    for _ in range(args.repeats):
        for stage in stages:
            if args.touch_gb:
                subprocess.run([sys.executable, "-c", TOUCH.format(gb=args.touch_gb)], check=True)
            results[stage].append(_stage_process(stage, data))
    median = {
        s: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for s, runs in results.items()
    }
    print(f"data: {data}")
    print(f"repeats: {args.repeats} (medians); stages run in turn, each in a fresh process")
    print(f"{'stage':14} {'seconds':>8} {'peak GB':>8} {'extra GB':>9}   every run (s; peak GB)")
    for stage in stages:
        m = median[stage]
        runs = " ".join(f"{r['seconds']:.1f};{r['peak_gb']:.2f}" for r in results[stage])
        print(f"{stage:14} {m['seconds']:8.2f} {m['peak_gb']:8.2f} {m['extra_gb']:9.2f}   {runs}")

    def ratio(stage: str, baseline: str, key: str = "seconds") -> str:
        """Ratio of the medians, and the median and range of the ratios of paired runs."""
        paired = [a[key] / b[key] for a, b in zip(results[stage], results[baseline], strict=True)]
        return (
            f"{median[stage][key] / median[baseline][key]:.2f}× "
            f"(run by run: median {statistics.median(paired):.2f}×, "
            f"{min(paired):.2f}–{max(paired):.2f}×)"
        )

    if {"plain_read", "read_validate"} <= set(stages):
        print(f"read+validate ÷ plain read, time: {ratio('read_validate', 'plain_read')}")
    if {"anchor", "library"} <= set(stages):
        print(f"library ÷ DuckDB SQL, time: {ratio('library', 'anchor')}")
        print(f"library ÷ DuckDB SQL, peak memory: {ratio('library', 'anchor', 'peak_gb')}")
        if not args.no_check:
            checked = _stage_process("check", data)
            print(
                f"library and DuckDB SQL agree on {checked['compared']} (indicator, level, unit, "
                f"category) numerators and denominators; {checked['no_data']} more are no data "
                "in the library (a table without rows in 2020) and 0 in the SQL"
            )


if __name__ == "__main__":
    main()
