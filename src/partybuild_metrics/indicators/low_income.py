"""Registered poor and low-income villages: industry coverage and delisting (销号)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibis import _

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records

FAMILY = "low_income"


@indicator(
    "registered_poor_count",
    family=FAMILY,
    name_zh="建档立卡贫困村数",
    name_en="Registered poor villages",
    kind="count",
    tables=("villages",),
    numerator=("建档立卡贫困村", "registered poor villages"),
    unit_zh="个",
)
def registered_poor_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.villages, _.registered_poor, None)


@indicator(
    "low_income_count",
    family=FAMILY,
    name_zh="低收入村数",
    name_en="Low-income villages",
    kind="count",
    tables=("villages",),
    numerator=("低收入村", "low-income villages"),
    unit_zh="个",
)
def low_income_count(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.villages, _.low_income, None)


@indicator(
    "low_income_industry_coverage",
    family=FAMILY,
    name_zh="低收入村扶贫产业覆盖率",
    name_en="Low-income villages with a poverty-alleviation industry project",
    kind="share",
    tables=("villages",),
    numerator=("有扶贫产业项目的低收入村", "low-income villages with a project"),
    denominator=("低收入村", "low-income villages"),
)
def low_income_industry_coverage(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.villages, _.low_income & _.industry_project, _.low_income)


@indicator(
    "low_income_delisted_share",
    family=FAMILY,
    name_zh="低收入村销号比例",
    name_en="Low-income villages delisted",
    kind="share",
    tables=("villages",),
    numerator=("已销号的低收入村", "delisted low-income villages"),
    denominator=("低收入村", "low-income villages"),
)
def low_income_delisted_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.villages, _.low_income & _.delisted, _.low_income)
