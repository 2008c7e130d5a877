"""Registered poor households and persons, and their exit from poverty (脱贫).

A household counts in a year when registered in or before it, and as exited when its
exit year is in or before the year (``by_year``, default the year itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from partybuild_metrics.indicators.base import indicator
from partybuild_metrics.indicators.records import Records, contributions

FAMILY = "poverty"


def _by_year(
    records: Records, years: list[int], params: Mapping[str, Any], weight: str, exits: bool
) -> pd.DataFrame:
    groups = records.household_groups
    parts = []
    for year in years:
        cutoff = int(params["by_year"]) if params.get("by_year") else year
        registered = groups[groups["registered_year"] <= year]
        exited = (registered["exit_year"] >= 0) & (registered["exit_year"] <= cutoff)
        weights = registered[weight].to_numpy()
        numerator = weights * exited.to_numpy() if exits else weights
        parts.append(contributions(registered["code"], year, numerator, weights if exits else None))
    return pd.concat(parts, ignore_index=True)


@indicator(
    "poverty_household_count",
    family=FAMILY,
    name_zh="建档立卡贫困户数",
    name_en="Registered poor households",
    kind="count",
    tables=("poverty_households",),
    numerator=("当年及以前识别的贫困户", "households registered in or before the year"),
    unit_zh="户",
)
def poverty_household_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> pd.DataFrame:
    return _by_year(records, years, params, "households", exits=False)


@indicator(
    "poverty_person_count",
    family=FAMILY,
    name_zh="建档立卡贫困人口数",
    name_en="Registered poor persons",
    kind="count",
    tables=("poverty_households",),
    numerator=(
        "当年及以前识别的贫困户的人口",
        "persons in households registered in or before the year",
    ),
    unit_zh="人",
)
def poverty_person_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> pd.DataFrame:
    return _by_year(records, years, params, "persons", exits=False)


@indicator(
    "poverty_household_exit_rate",
    family=FAMILY,
    name_zh="建档立卡贫困户脱贫率",
    name_en="Registered poor households exited",
    kind="rate",
    tables=("poverty_households",),
    numerator=("脱贫年度不晚于 by_year 的贫困户", "households with an exit year up to by_year"),
    denominator=("当年及以前识别的贫困户", "households registered in or before the year"),
    params={"by_year": None},
)
def poverty_household_exit_rate(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> pd.DataFrame:
    return _by_year(records, years, params, "households", exits=True)


@indicator(
    "poverty_person_exit_rate",
    family=FAMILY,
    name_zh="建档立卡贫困人口脱贫率",
    name_en="Registered poor persons exited",
    kind="rate",
    tables=("poverty_households",),
    numerator=("脱贫年度不晚于 by_year 的贫困户人口", "persons in households exited by by_year"),
    denominator=(
        "当年及以前识别的贫困户人口",
        "persons in households registered in or before the year",
    ),
    params={"by_year": None},
)
def poverty_person_exit_rate(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> pd.DataFrame:
    return _by_year(records, years, params, "persons", exits=True)
