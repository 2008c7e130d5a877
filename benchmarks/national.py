"""National-scale benchmark: read and validate, compute every indicator at every level.

    python benchmarks/national.py [--repeats 3] [--stages plain_read,read_validate]
        [--touch-gb 7] [--data benchmarks/.cache/national]

Generates the synthetic national dataset once (cached as Parquet), then runs each
stage in a fresh Python process, ``--repeats`` times, and reports the median wall
time and memory. Baselines run in the same script: a plain ``pd.read_parquet`` of the
same files, and a hand-written pandas computation of 22 indicators at every level
(``handwritten.py``), whose numbers are checked equal to the library's.

Memory: ``peak`` is the process's peak resident size; ``extra`` is what a stage adds
on top of the resident size when it starts (sampled every 10 ms), so compute's
``extra`` is the memory computing takes beyond the loaded records.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUBSET = [
    "village_count", "secretary_count", "member_count", "one_person_two_posts_share",
    "secretary_college_share", "member_college_share", "secretary_industry_project_share",
    "female_share", "party_member_share", "cadre_mean_age", "cadre_age_share", "weak_lax_share",
    "weak_lax_rectified_share", "low_income_industry_coverage", "low_income_delisted_share",
    "poverty_household_exit_rate", "poverty_person_exit_rate", "hollow_village_count",
    "income_at_least_5w_share", "income_total", "breakout_rate", "first_secretary_coverage",
]  # fmt: skip
TOUCH = "import numpy as np; blocks = [np.ones(2**27) for _ in range(int({gb} * 1e9 / 2**30))]"
"""Writes about ``gb`` GB (blocks of 1 GiB) and exits."""
STAGES = ["plain_read", "read_validate", "compute_subset", "compute_all", "handwritten"]


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


def _plain(data: Path) -> dict[str, object]:
    import pandas as pd

    return {p.stem: pd.read_parquet(p) for p in sorted(data.glob("*.parquet"))}


def run_stage(stage: str, data: Path) -> dict[str, float]:
    """Run one stage in this process; returns seconds and memory in GB."""
    import partybuild_metrics as pbm

    sys.path.insert(0, str(HERE))
    from handwritten import compute_by_hand

    result: dict[str, float] = {}
    if stage in ("compute_subset", "compute_all"):
        dataset = pbm.read_dataset(data)
    elif stage == "handwritten":
        tables = _plain(data)
    started = time.perf_counter()
    with Sampler() as memory:
        if stage == "plain_read":
            tables = _plain(data)
        elif stage == "read_validate":
            dataset = pbm.read_dataset(data)
            result["quarantined"] = float(len(dataset.quarantine))
        elif stage == "compute_subset":
            table = pbm.compute(dataset, SUBSET, level="all", years=2020, progress=False)
            result["rows"] = float(len(table))
        elif stage == "compute_all":
            table = pbm.compute(dataset, level="all", years=2020, progress=True)
            result["rows"] = float(len(table))
        elif stage == "handwritten":
            compute_by_hand(tables)  # type: ignore[arg-type]
    result["seconds"] = time.perf_counter() - started
    if stage == "plain_read":  # measured after the clock stops: it is not part of reading
        result["input_gb"] = sum(t.memory_usage(deep=True).sum() for t in tables.values()) / 1e9  # type: ignore[attr-defined]
    result["extra_gb"] = (memory.peak - memory.start) / 1e9
    import resource

    result["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    return result


def check_equal(data: Path) -> int:
    """Library and hand-written numbers agree for every indicator, level and unit."""
    import pandas as pd

    import partybuild_metrics as pbm

    sys.path.insert(0, str(HERE))
    from handwritten import compute_by_hand

    table = pd.DataFrame(
        pbm.compute(pbm.read_dataset(data), SUBSET, level="all", years=2020, progress=False)
    )
    table["code"] = table["code"].astype(str)
    by_hand = compute_by_hand(_plain(data))  # type: ignore[arg-type]
    compared = 0
    for (indicator, level), expected in by_hand.items():
        got = table[(table["indicator"] == indicator) & (table["level"] == level)].set_index("code")
        expected = expected.set_index("code")
        assert (
            got.loc[expected.index, "numerator"].to_numpy() == expected["numerator"].to_numpy()
        ).all(), (indicator, level)
        if expected["denominator"].notna().all():
            assert (
                got.loc[expected.index, "denominator"].to_numpy()
                == expected["denominator"].to_numpy()
            ).all(), (indicator, level)
        others = got.drop(index=expected.index)
        assert (others["numerator"] == 0).all(), (
            indicator,
            level,
            "units outside the hand-written groups",
        )
        compared += len(expected)
    return compared


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=HERE / ".cache" / "national")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--stages",
        default=",".join(STAGES),
        help="comma-separated stages to time (default: all), e.g. plain_read,read_validate",
    )
    parser.add_argument(
        "--touch-gb",
        type=float,
        default=0,
        help="before each stage, run a process that writes this many GB and exits, so the "
        "stage starts with memory the machine has just backed (see README)",
    )
    parser.add_argument("--stage", choices=[*STAGES, "check"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    stages = [stage for stage in STAGES if stage in args.stages.split(",")]
    if args.stage == "check":
        print(json.dumps({"compared": check_equal(args.data)}))
        return
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.data)))
        return
    if (
        not (args.data / "households.parquet").exists()
        and not (args.data / "poverty_households.parquet").exists()
    ):
        from partybuild_metrics.synth.national import generate_national

        generate_national(args.data, progress=True)
    results: dict[str, list[dict[str, float]]] = {stage: [] for stage in stages}
    for _ in range(args.repeats):
        for stage in stages:
            if args.touch_gb:
                subprocess.run([sys.executable, "-c", TOUCH.format(gb=args.touch_gb)], check=True)
            out = subprocess.run(
                [sys.executable, __file__, "--stage", stage, "--data", str(args.data)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            results[stage].append(json.loads(out.stdout.strip().splitlines()[-1]))
    median = {
        s: {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        for s, runs in results.items()
    }
    print(f"repeats: {args.repeats} (medians); stages run in turn, each in a fresh process")
    print(f"{'stage':16} {'seconds':>8} {'peak GB':>8} {'extra GB':>9}   every run (s)")
    for stage in stages:
        m = median[stage]
        runs = " ".join(f"{r['seconds']:.1f}" for r in results[stage])
        print(f"{stage:16} {m['seconds']:8.1f} {m['peak_gb']:8.2f} {m['extra_gb']:9.2f}   {runs}")

    def ratio(stage: str, baseline: str) -> str:
        """Ratio of the medians, and the median of the ratios of runs made one after the other."""
        paired = [
            a["seconds"] / b["seconds"]
            for a, b in zip(results[stage], results[baseline], strict=True)
        ]
        return (
            f"{median[stage]['seconds'] / median[baseline]['seconds']:.2f}× "
            f"(run by run: median {statistics.median(paired):.2f}×, "
            f"{min(paired):.2f}–{max(paired):.2f}×)"
        )

    if {"plain_read", "read_validate"} <= set(stages):
        input_gb = median["plain_read"]["input_gb"]
        print(f"input tables in memory: {input_gb:.2f} GB")
        print(f"read+validate ÷ plain read: {ratio('read_validate', 'plain_read')}")
        print(f"read+validate peak ÷ input: {median['read_validate']['peak_gb'] / input_gb:.2f}×")
    if {"compute_subset", "handwritten"} <= set(stages):
        print(
            f"library ÷ hand-written (same 22 indicators, 5 levels): {ratio('compute_subset', 'handwritten')}"
        )
    if {"compute_all", "plain_read"} <= set(stages):
        print(
            f"compute_all extra memory ÷ input: {median['compute_all']['extra_gb'] / median['plain_read']['input_gb']:.2f}×"
        )
    if set(stages) == set(STAGES):
        compared = json.loads(subprocess.run(
            [sys.executable, __file__, "--stage", "check", "--data", str(args.data)],
            check=True, capture_output=True, text=True,
        ).stdout)["compared"]  # fmt: skip
        print(f"hand-written and library agree on {compared} (indicator, level, unit) numbers")


if __name__ == "__main__":
    main()
