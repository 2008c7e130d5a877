"""Weak and lax village Party organisations (软弱涣散村党组织) and their rectification.

A blank flag counts as "no" in a numerator; the village still counts in a denominator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibis import _

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records

FAMILY = "organisations"


@indicator(
    "weak_lax_count",
    family=FAMILY,
    name_zh="软弱涣散村党组织数",
    name_en="Weak and lax village Party organisations",
    kind="count",
    tables=("villages",),
    numerator=("列为软弱涣散的村党组织", "organisations listed as weak and lax"),
    unit_zh="个",
)
def weak_lax_count(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.villages, _.weak_lax, None)


@indicator(
    "weak_lax_share",
    family=FAMILY,
    name_zh="软弱涣散村党组织比例",
    name_en="Weak and lax organisations among villages",
    kind="share",
    tables=("villages",),
    numerator=("软弱涣散村党组织", "weak and lax organisations"),
    denominator=("行政村", "villages"),
)
def weak_lax_share(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.villages, _.weak_lax)


@indicator(
    "weak_lax_poor_share",
    family=FAMILY,
    name_zh="建档立卡贫困村中软弱涣散村比例",
    name_en="Weak and lax organisations among registered poor villages",
    kind="share",
    tables=("villages",),
    numerator=("软弱涣散的建档立卡贫困村", "registered poor villages listed as weak and lax"),
    denominator=("建档立卡贫困村", "registered poor villages"),
)
def weak_lax_poor_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.villages, _.registered_poor & _.weak_lax, _.registered_poor)


@indicator(
    "weak_lax_rectified_share",
    family=FAMILY,
    name_zh="软弱涣散村党组织整顿完成比例",
    name_en="Weak and lax organisations rectified",
    kind="share",
    tables=("villages",),
    numerator=("已整顿完成的", "rectified"),
    denominator=("软弱涣散村党组织", "weak and lax organisations"),
)
def weak_lax_rectified_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.villages, _.weak_lax & _.weak_lax_rectified, _.weak_lax)
