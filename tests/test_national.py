"""The national generator, at a small shape: every table validates clean and computes."""

from __future__ import annotations

from pathlib import Path

import partybuild_metrics as pbm
from partybuild_metrics.cli import main
from partybuild_metrics.synth.national import NationalShape, generate_national

SMALL = NationalShape(
    cities_per_province=1, counties_per_city=1, townships_per_county=2, villages_per_township=3
)


def test_small_nation_validates_clean_and_adds_up(tmp_path: Path) -> None:
    generate_national(tmp_path, shape=SMALL, progress=False)
    ds = pbm.read_dataset(tmp_path)
    assert ds.ok
    assert len(ds.villages) == 31 * 2 * 3 * 10  # provinces × townships × villages × years
    table = pbm.compute(
        ds,
        ["village_count", "poverty_household_exit_rate"],
        level=["province", "village"],
        years=2020,
    )
    counts = table[table["indicator"] == "village_count"]
    assert counts[counts["level"] == "province"]["numerator"].tolist() == [6] * 31


def test_generation_is_reproducible(tmp_path: Path) -> None:
    generate_national(tmp_path / "a", shape=SMALL, progress=False)
    generate_national(tmp_path / "b", shape=SMALL, progress=False)
    for path in sorted((tmp_path / "a").glob("*.parquet")):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_generate_national_command_writes_parquet(tmp_path: Path) -> None:
    assert main(["generate-national", str(tmp_path), "--size", "small", "--quiet"]) == 0
    core = [
        "cadres",
        "collective_income",
        "divisions",
        "first_secretaries",
        "poverty_households",
        "spot_checks",
        "villages",
    ]
    assert sorted(p.stem for p in tmp_path.glob("*.parquet")) == core
    assert pbm.read_dataset(tmp_path).ok
