"""Registered poor households and persons, and their exit from poverty (脱贫).

A household counts in a year when registered in or before it, and as exited when its
exit year is in or before the year (``by_year``, default the year itself).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records

FAMILY = "poverty"


def _by_year(records: Records, params: Mapping[str, Any], weight: str, exits: bool) -> Contribution:
    households = records.households  # one row per group of households, in each year
    weights = households[weight]
    if not exits:
        return Contribution(households, weights, None)
    cutoff = int(params["by_year"]) if params.get("by_year") else households.year
    exited = (households.exit_year <= cutoff).fill_null(False)
    return Contribution(households, exited.ifelse(weights, 0), weights)


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
) -> Contribution:
    return _by_year(records, params, "households", exits=False)


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
) -> Contribution:
    return _by_year(records, params, "persons", exits=False)


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
) -> Contribution:
    return _by_year(records, params, "households", exits=True)


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
) -> Contribution:
    return _by_year(records, params, "persons", exits=True)
