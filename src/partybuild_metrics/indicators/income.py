"""Village collective income (村级集体经济收入): hollow villages, breaking zero, tiers, growth.

Shares are of villages with an income row in the year. Amounts are whole yuan.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis import _

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records

FAMILY = "collective_income"
TIER_BOUNDS = (50_000, 100_000, 500_000, 1_000_000)


def _each_year(records: Records, rows: Callable[[int], ir.Table]) -> ir.Table:
    """The rows built for each year computed, one relation."""
    parts = [rows(year) for year in records.years]
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def wan(yuan: int) -> str:
    """Yuan as a report writes a bound: 50000 → '5万'.

    >>> wan(50_000), wan(1_000_000), wan(25_000)
    ('5万', '100万', '2.5万')
    """
    return f"{yuan / 10_000:g}万"


@indicator(
    "hollow_village_count",
    family=FAMILY,
    name_zh='集体经济"空壳村"数',
    name_en="Hollow villages (no collective income)",
    kind="count",
    tables=("collective_income",),
    numerator=("集体经济收入为0的村", "villages whose collective income is 0"),
    unit_zh="个",
)
def hollow_village_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.income, _.yuan == 0, None)


@indicator(
    "breakout_rate",
    family=FAMILY,
    name_zh='"空壳村"破零率',
    name_en="Hollow villages that broke zero",
    kind="rate",
    tables=("collective_income",),
    numerator=(
        "基准年为空壳村、当年收入大于0的村",
        "villages hollow in the baseline year with income > 0 in the year",
    ),
    denominator=(
        "基准年为空壳村的村(当年无收入记录的计入)",
        "villages hollow in the baseline year (no row in the year counts as not broken out)",
    ),
    params={"baseline_year": None},
)
def breakout_rate(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    income = records.all_income

    def hollow_then(year: int) -> ir.Table:
        baseline = int(params["baseline_year"]) if params.get("baseline_year") else year - 1
        hollow = income.filter((income.year == baseline) & (income.yuan == 0))
        now = income.filter(income.year == year)
        joined = hollow.left_join(now, "code")
        broke = (joined.yuan_right > 0).fill_null(False)  # no row in the year: not broken out
        return joined.select(code=joined.code, year=ibis.literal(year, "int64"), broke=broke)

    return Contribution(_each_year(records, hollow_then), _.broke)


@indicator(
    "income_at_least_share",
    family=FAMILY,
    name_zh="集体经济收入达到指定金额的村比例",
    name_en="Villages with collective income at or above a threshold",
    kind="share",
    tables=("collective_income",),
    numerator=("收入不低于 threshold 元的村", "villages with income ≥ threshold yuan"),
    denominator=("有收入记录的村", "villages with an income row"),
    params={"threshold": 50_000},
)
def income_at_least_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.income, _.yuan >= int(params["threshold"]))


@indicator(
    "income_at_least_3w_share",
    family=FAMILY,
    name_zh="集体经济收入3万元以上村比例",
    name_en="Villages with collective income of 30,000 yuan or more",
    kind="share",
    tables=("collective_income",),
    numerator=("收入不低于3万元的村", "villages with income ≥ 30,000 yuan"),
    denominator=("有收入记录的村", "villages with an income row"),
)
def income_at_least_3w_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return income_at_least_share(records, years, {"threshold": 30_000})


@indicator(
    "income_at_least_5w_share",
    family=FAMILY,
    name_zh="集体经济收入5万元以上村比例",
    name_en="Villages with collective income of 50,000 yuan or more",
    kind="share",
    tables=("collective_income",),
    numerator=("收入不低于5万元的村", "villages with income ≥ 50,000 yuan"),
    denominator=("有收入记录的村", "villages with an income row"),
)
def income_at_least_5w_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return income_at_least_share(records, years, {"threshold": 50_000})


def tier_labels(bounds: tuple[int, ...] = TIER_BOUNDS) -> list[str]:
    """Tier labels: 0, (0, 5万), [5万, 10万), … , ≥100万.

    >>> tier_labels((50_000, 100_000))
    ['0', '(0, 5万)', '[5万, 10万)', '≥10万']
    """
    labels = ["0", f"(0, {wan(bounds[0])})"]
    labels += [f"[{wan(low)}, {wan(high)})" for low, high in itertools.pairwise(bounds)]
    return [*labels, f"≥{wan(bounds[-1])}"]


@indicator(
    "income_tier_share",
    family=FAMILY,
    name_zh="集体经济收入分档",
    name_en="Villages by collective-income tier",
    kind="share",
    tables=("collective_income",),
    numerator=("收入在该档的村", "villages in the tier"),
    denominator=("有收入记录的村", "villages with an income row"),
    params={"bounds": TIER_BOUNDS},
)
def income_tier_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    income = records.income
    bounds = tuple(int(b) for b in params["bounds"])
    labels = tier_labels(bounds)
    tier = ibis.cases(
        (income.yuan == 0, labels[0]),
        *((income.yuan < bound, label) for bound, label in zip(bounds, labels[1:], strict=False)),
        else_=labels[-1],
    )
    return Contribution(income, 1, None, category=tier, categories=tuple(labels))


@indicator(
    "income_total",
    family=FAMILY,
    name_zh="村级集体经济收入总额",
    name_en="Total collective income",
    kind="sum",
    tables=("collective_income",),
    numerator=("各村集体经济收入之和(元)", "sum of villages' collective income (yuan)"),
    unit_zh="元",
)
def income_total(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.income, _.yuan, None)


@indicator(
    "income_mean",
    family=FAMILY,
    name_zh="村均集体经济收入",
    name_en="Mean collective income per village",
    kind="mean",
    tables=("collective_income",),
    numerator=("集体经济收入之和(元)", "sum of collective income (yuan)"),
    denominator=("有收入记录的村", "villages with an income row"),
    unit_zh="元",
)
def income_mean(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.income, _.yuan)


@indicator(
    "income_growth",
    family=FAMILY,
    name_zh="集体经济收入同比增长",
    name_en="Year-on-year growth of collective income",
    kind="growth",
    tables=("collective_income",),
    numerator=(
        "两年均有记录的村当年收入之和",
        "this year's income of villages with rows in both years",
    ),
    denominator=("同一批村上年收入之和", "the same villages' income the year before"),
)
def income_growth(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    income = records.all_income

    def both_years(year: int) -> ir.Table:
        now = income.filter(income.year == year)
        before = income.filter(income.year == year - 1)
        joined = now.join(before, "code")
        return joined.select(
            code=joined.code, year=joined.year, now=joined.yuan, before=joined.yuan_right
        )

    return Contribution(_each_year(records, both_years), _.now, _.before)
