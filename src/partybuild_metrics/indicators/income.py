"""Village collective income (村级集体经济收入): hollow villages, breaking zero, tiers, growth.

Shares are of villages with an income row in the year. Amounts are whole yuan.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from partybuild_metrics.indicators.base import indicator
from partybuild_metrics.indicators.records import Records, contributions

FAMILY = "collective_income"
TIER_BOUNDS = (50_000, 100_000, 500_000, 1_000_000)


def _income(records: Records, years: list[int]) -> pd.DataFrame:
    income = records.income
    return income[income["year"].isin(years)]


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
) -> pd.DataFrame:
    income = _income(records, years)
    return contributions(income["code"], income["year"], income["yuan"] == 0, None)


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
def breakout_rate(records: Records, years: list[int], params: Mapping[str, Any]) -> pd.DataFrame:
    income = records.income
    parts = []
    for year in years:
        baseline = int(params["baseline_year"]) if params.get("baseline_year") else year - 1
        hollow = income[(income["year"] == baseline) & (income["yuan"] == 0)]["code"]
        now = income[income["year"] == year].set_index("code")["yuan"]
        broke = now.reindex(hollow.to_numpy()).fillna(0).to_numpy() > 0
        parts.append(contributions(hollow, year, broke))
    return pd.concat(parts, ignore_index=True)


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
) -> pd.DataFrame:
    income = _income(records, years)
    return contributions(income["code"], income["year"], income["yuan"] >= int(params["threshold"]))


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
) -> pd.DataFrame:
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
) -> pd.DataFrame:
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
) -> pd.DataFrame:
    income = _income(records, years)
    bounds = tuple(int(b) for b in params["bounds"])
    labels = np.array(tier_labels(bounds), dtype=object)
    yuan = income["yuan"].to_numpy()
    tier = np.where(yuan == 0, 0, 1 + np.searchsorted(np.array(bounds), yuan, side="right"))
    categories = pd.Categorical(labels[tier], categories=list(labels))
    return contributions(income["code"], income["year"], 1, None, category=categories)


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
def income_total(records: Records, years: list[int], params: Mapping[str, Any]) -> pd.DataFrame:
    income = _income(records, years)
    return contributions(income["code"], income["year"], income["yuan"], None)


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
def income_mean(records: Records, years: list[int], params: Mapping[str, Any]) -> pd.DataFrame:
    income = _income(records, years)
    return contributions(income["code"], income["year"], income["yuan"])


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
def income_growth(records: Records, years: list[int], params: Mapping[str, Any]) -> pd.DataFrame:
    income = records.income
    parts = []
    for year in years:
        now = income[income["year"] == year].set_index("code")["yuan"]
        before = income[income["year"] == year - 1].set_index("code")["yuan"]
        both = now.index.intersection(before.index)
        parts.append(
            contributions(
                both.to_numpy(), year, now.loc[both].to_numpy(), before.loc[both].to_numpy()
            )
        )
    return pd.concat(parts, ignore_index=True)
