"""Resident first secretaries (驻村第一书记): coverage and spot checks of presence.

A first secretary is "in post during the year" when the term overlaps the calendar
year; an empty end date means still in post.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from partybuild_metrics.indicators.base import indicator
from partybuild_metrics.indicators.records import Records, contributions

FAMILY = "first_secretaries"


def _in_post(records: Records, years: list[int]) -> pd.DataFrame:
    parts = [
        records.postings_in_year(year)[["person_id", "code"]].drop_duplicates().assign(year=year)
        for year in years
    ]
    return pd.concat(parts, ignore_index=True)


def _coverage(records: Records, years: list[int], poor_only: bool) -> pd.DataFrame:
    villages = records.villages(years)
    if poor_only:
        villages = villages[villages["registered_poor"]]
    posted = _in_post(records, years)
    covered = pd.MultiIndex.from_frame(villages[["code", "year"]]).isin(
        pd.MultiIndex.from_frame(posted[["code", "year"]])
    )
    return contributions(villages["code"], villages["year"], covered)


@indicator(
    "first_secretary_count",
    family=FAMILY,
    name_zh="驻村第一书记人数",
    name_en="First secretaries in post",
    kind="count",
    tables=("first_secretaries",),
    numerator=(
        "年内在岗的驻村第一书记(按人、村计)",
        "first secretaries in post during the year (per person and village)",
    ),
    unit_zh="人",
)
def first_secretary_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> pd.DataFrame:
    posted = _in_post(records, years)
    return contributions(posted["code"], posted["year"], 1, None)


@indicator(
    "first_secretary_coverage",
    family=FAMILY,
    name_zh="建档立卡贫困村第一书记选派覆盖率",
    name_en="Registered poor villages with a first secretary",
    kind="share",
    tables=("villages", "first_secretaries"),
    numerator=("年内有第一书记在岗的贫困村", "poor villages with a first secretary in post"),
    denominator=("建档立卡贫困村", "registered poor villages"),
)
def first_secretary_coverage(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> pd.DataFrame:
    return _coverage(records, years, poor_only=True)


@indicator(
    "first_secretary_village_coverage",
    family=FAMILY,
    name_zh="行政村第一书记选派覆盖率",
    name_en="Villages with a first secretary",
    kind="share",
    tables=("villages", "first_secretaries"),
    numerator=("年内有第一书记在岗的村", "villages with a first secretary in post"),
    denominator=("行政村", "villages"),
)
def first_secretary_village_coverage(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> pd.DataFrame:
    return _coverage(records, years, poor_only=False)


def _checks(records: Records, years: list[int]) -> pd.DataFrame:
    """Spot checks of the years, each placed in the village of the posting it fell in."""
    checks = records.dataset.spot_checks
    checks = checks[checks["date"].dt.year.isin(years)].reset_index(drop=True)
    checks = checks.assign(check=np.arange(len(checks)), year=checks["date"].dt.year)
    placed = checks.merge(records.postings, on="person_id", how="inner")
    placed["inside"] = (placed["start"] <= placed["date"]) & (placed["date"] <= placed["end"])
    placed = placed.sort_values(["check", "inside"], ascending=[True, False], kind="stable")
    first: pd.DataFrame = placed.drop_duplicates("check")
    return first


@indicator(
    "spot_check_share",
    family=FAMILY,
    name_zh="驻村第一书记在岗抽查比例",
    name_en="First secretaries spot-checked",
    kind="share",
    tables=("first_secretaries", "spot_checks"),
    numerator=(
        "年内至少被抽查一次的在岗第一书记",
        "first secretaries in post checked at least once in the year",
    ),
    denominator=("年内在岗的驻村第一书记", "first secretaries in post during the year"),
)
def spot_check_share(records: Records, years: list[int], params: Mapping[str, Any]) -> pd.DataFrame:
    posted = _in_post(records, years)
    checked = _checks(records, years)[["person_id", "year"]].drop_duplicates()
    was_checked = pd.MultiIndex.from_frame(posted[["person_id", "year"]]).isin(
        pd.MultiIndex.from_frame(checked)
    )
    return contributions(posted["code"], posted["year"], was_checked)


@indicator(
    "on_duty_rate",
    family=FAMILY,
    name_zh="驻村第一书记抽查在岗率",
    name_en="Spot checks that found the first secretary present",
    kind="rate",
    tables=("first_secretaries", "spot_checks"),
    numerator=("在岗的抽查", "checks that found the secretary present"),
    denominator=("年内抽查次数", "spot checks in the year"),
)
def on_duty_rate(records: Records, years: list[int], params: Mapping[str, Any]) -> pd.DataFrame:
    checks = _checks(records, years)
    return contributions(checks["code"], checks["year"], checks["present"])
