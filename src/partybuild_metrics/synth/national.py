"""A seeded national-scale synthetic dataset, generated column by column and written as Parquet.

Shape (defaults): 31 provinces × 10 cities × 9 counties × 13 townships × 14 villages
= 507,780 villages; ten years of villages and collective income (2011–2020);
about 2.5 million two-committee members in 2020; about 30 million registered poor
households; first secretaries and spot checks. Everything is vectorised (numpy and
pyarrow), so generation takes minutes, not hours. The records are synthetic.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from partybuild_metrics.records.vocabularies import EDUCATION_LEVELS

PROVINCES = (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
             50, 51, 52, 53, 54, 61, 62, 63, 64, 65)  # fmt: skip


@dataclass(frozen=True)
class NationalShape:
    """How big the synthetic nation is."""

    cities_per_province: int = 10
    counties_per_city: int = 9
    townships_per_county: int = 13
    villages_per_township: int = 14
    first_year: int = 2011
    last_year: int = 2020
    poor_village_share: float = 0.2
    households_per_poor_village: int = 295
    members_per_village: float = 4.9


SIZES = {
    "national": NationalShape(),
    "small": NationalShape(
        cities_per_province=2, counties_per_city=2, townships_per_county=3, villages_per_township=5
    ),
}
"""Named shapes: the full nation, and a small one (1,860 villages) for trying things out."""


def _strings(values: np.ndarray, prefix: str = "") -> pa.Array:
    text = pa.array(values).cast(pa.string())
    return pa.compute.binary_join_element_wise(prefix, text, "") if prefix else text


def _codes(shape: NationalShape) -> dict[str, np.ndarray]:
    provinces = np.array(PROVINCES, dtype=np.int64)
    cities = (provinces[:, None] * 100 + np.arange(1, shape.cities_per_province + 1)).ravel()
    counties = (cities[:, None] * 100 + np.arange(1, shape.counties_per_city + 1)).ravel()
    townships = (
        counties[:, None] * 1000 + 100 + np.arange(1, shape.townships_per_county + 1)
    ).ravel()
    villages = (
        townships[:, None] * 1000 + 200 + np.arange(1, shape.villages_per_township + 1)
    ).ravel()
    return {
        "province": provinces,
        "city": cities,
        "county": counties,
        "township": townships,
        "village": villages,
    }


def _write(table: pa.Table, out: Path, name: str) -> None:
    pq.write_table(table, out / f"{name}.parquet", compression="zstd")


def generate_national(
    out_dir: str | Path,
    seed: int = 2020,
    shape: NationalShape = NationalShape(),
    progress: bool | None = None,
    scale: int = 1,
) -> Path:
    """Write the national dataset's seven tables as Parquet files in ``out_dir``.

    The files use canonical column names, so :func:`~partybuild_metrics.read_dataset`
    reads and validates them. ``scale`` multiplies the villages of each township, and
    so every table: ``scale=4`` gives about 2 million villages, 10 million
    two-committee members and 120 million households.
    """
    from tqdm import tqdm

    if scale < 1 or shape.villages_per_township * scale > 799:
        raise ValueError(
            f"`scale` must be from 1 to {799 // shape.villages_per_township}, got {scale}"
        )
    shape = replace(shape, villages_per_township=shape.villages_per_township * scale)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    steps = tqdm(
        total=7,
        desc="national dataset",
        unit="table",
        disable=not (sys.stderr.isatty() if progress is None else progress),
    )
    codes = _codes(shape)
    village = codes["village"]
    n = len(village)
    years = np.arange(shape.first_year, shape.last_year + 1)

    levels = ["province", "city", "county", "township", "village"]
    division_codes = np.concatenate([codes[lv] for lv in levels])
    division_levels = np.concatenate([np.full(len(codes[lv]), lv, dtype=object) for lv in levels])
    _write(
        pa.table({"code": _strings(division_codes), "name": _strings(division_codes, "单位"), "level": pa.array(division_levels).dictionary_encode()}),
        out, "divisions",
    )  # fmt: skip
    steps.update()

    poor = rng.random(n) < shape.poor_village_share
    year_col = np.repeat(years, n)
    code_col = np.tile(village, len(years))
    poor_col = np.tile(poor, len(years))
    progress_share = (year_col - shape.first_year) / max(1, len(years) - 1)
    weak = rng.random(len(code_col)) < 0.05
    _write(
        pa.table(
            {
                "village_code": _strings(code_col),
                "year": year_col,
                "name": _strings(code_col, "村"),
                "registered_poor": poor_col,
                "low_income": poor_col,
                "delisted": poor_col & (rng.random(len(code_col)) < progress_share),
                "industry_project": poor_col | (rng.random(len(code_col)) < 0.5),
                "weak_lax": weak,
                "weak_lax_rectified": weak & (rng.random(len(code_col)) < 0.8),
            }
        ),
        out, "villages",
    )  # fmt: skip
    steps.update()

    extra = rng.poisson(shape.members_per_village - 1.6, n).clip(1, 8)
    dual = rng.random(n) < 0.65
    per_village = 1 + (~dual) + extra
    member_village = np.repeat(village, per_village)
    position = np.arange(len(member_village)) - np.repeat(
        np.cumsum(per_village) - per_village, per_village
    )
    secretary = position == 0
    director = (position == 0) & np.repeat(dual, per_village) | (position == 1) & np.repeat(
        ~dual, per_village
    )
    m = len(member_village)
    ages = np.clip(rng.normal(50, 9, m), 22, 75).astype(np.int64)
    birth = (np.datetime64("2020-12-31") - (ages * 365.25).astype("timedelta64[D]")).astype(
        "datetime64[ns]"
    )
    education = rng.choice(len(EDUCATION_LEVELS), m, p=[0.02, 0.12, 0.45, 0.28, 0.12, 0.01])
    education_values = pa.DictionaryArray.from_arrays(
        pa.array(education, pa.int8()), pa.array(list(EDUCATION_LEVELS))
    )
    _write(
        pa.table(
            {
                "person_id": _strings(np.arange(m), "P"),
                "village_code": _strings(member_village),
                "year": np.full(m, shape.last_year),
                "name": _strings(np.arange(m), "成员"),
                "sex": pa.array(np.where(rng.random(m) < 0.25, "女", "男")).dictionary_encode(),
                "birth_date": birth,
                "education": education_values,
                "party_member": secretary | (rng.random(m) < 0.7),
                "secretary": secretary,
                "director": director,
                "industry_project": rng.random(m) < 0.6,
            }
        ),
        out, "cadres",
    )  # fmt: skip
    steps.update()

    hollow_share = 0.5 - 0.45 * progress_share
    income = np.round(rng.lognormal(np.log(80_000), 1.0, len(code_col)) / 100) * 100
    income[rng.random(len(code_col)) < hollow_share] = 0.0
    _write(
        pa.table({"village_code": _strings(code_col), "year": year_col, "income_yuan": income}),
        out,
        "collective_income",
    )
    steps.update()

    poor_villages = village[poor]
    counts = rng.poisson(shape.households_per_poor_village, len(poor_villages))
    h = int(counts.sum())
    registered = rng.choice([2014, 2015, 2016], h, p=[0.6, 0.25, 0.15])
    exit_year = registered + rng.integers(1, 7, h)
    exit_array = pa.array(exit_year, mask=(exit_year > 2020) | (rng.random(h) < 0.002))
    _write(
        pa.table(
            {
                "household_id": _strings(np.arange(h), "H"),
                "village_code": _strings(np.repeat(poor_villages, counts)),
                "persons": rng.choice([1, 2, 3, 4, 5, 6], h, p=[0.3, 0.3, 0.2, 0.12, 0.05, 0.03]),
                "registered_year": registered,
                "exit_year": exit_array,
            }
        ),
        out, "poverty_households",
    )  # fmt: skip
    steps.update()

    f = len(poor_villages)
    start = np.datetime64("2018-05-01") + rng.integers(0, 60, f).astype("timedelta64[D]")
    ends = np.where(rng.random(f) < 0.2, np.datetime64("2020-03-31"), np.datetime64("NaT"))
    _write(
        pa.table(
            {
                "person_id": _strings(np.arange(f), "F"),
                "village_code": _strings(poor_villages),
                "dispatching_unit": _strings(poor_villages // 10**6, "派出单位"),
                "start_date": start.astype("datetime64[ns]"),
                "end_date": ends.astype("datetime64[ns]"),
            }
        ),
        out, "first_secretaries",
    )  # fmt: skip
    steps.update()

    checked = rng.choice(f, f // 8, replace=False)
    check_dates = np.datetime64("2020-01-05") + rng.integers(0, 80, len(checked)).astype(
        "timedelta64[D]"
    )
    _write(
        pa.table(
            {
                "person_id": _strings(checked, "F"),
                "date": check_dates.astype("datetime64[ns]"),
                "present": rng.random(len(checked)) < 0.95,
            }
        ),
        out, "spot_checks",
    )  # fmt: skip
    steps.update()
    steps.close()
    return out
