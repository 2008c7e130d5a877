"""Resident first secretaries (驻村第一书记): coverage and spot checks of presence.

A first secretary is "in post during the year" when the term overlaps the calendar
year; an empty end date means still in post.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis import _

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records

FAMILY = "first_secretaries"


def _marked(rows: ir.Table, found: ir.Table, keys: list[str]) -> ir.Table:
    """``rows`` with ``found`` True where ``found`` has a row with the same keys."""
    marks = found.select(*keys).distinct().mutate(found=ibis.literal(True))
    joined = rows.left_join(marks, keys)
    return joined.select(*rows.columns, found=joined.found.fill_null(False))


def _coverage(records: Records, poor_only: bool) -> Contribution:
    villages = _marked(records.villages, records.in_post, ["code", "year"])
    if poor_only:
        return Contribution(villages, _.registered_poor & _.found, _.registered_poor)
    return Contribution(villages, _.found)


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
) -> Contribution:
    return Contribution(records.in_post, 1, None)


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
) -> Contribution:
    return _coverage(records, poor_only=True)


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
) -> Contribution:
    return _coverage(records, poor_only=False)


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
def spot_check_share(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    posted = _marked(records.in_post, records.checks, ["person_id", "year"])
    return Contribution(posted, _.found)


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
def on_duty_rate(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.checks, _.present)
