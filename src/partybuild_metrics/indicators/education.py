"""Education of secretaries and two-committee members.

An unknown (blank) education counts in the denominator and never in the numerator:
a report's "占比" is of all secretaries, whatever their records say.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records
from partybuild_metrics.records.vocabularies import EDUCATION_LEVELS

FAMILY = "education"
UNKNOWN = "未知"


def _at_least(records: Records, population: str, level: str) -> Contribution:
    if level not in EDUCATION_LEVELS:
        raise ValueError(f"`min_level` must be one of {', '.join(EDUCATION_LEVELS)}, got '{level}'")
    cadres = records.cadres
    counted = records.population(cadres, population)
    reached = cadres.education.isin(EDUCATION_LEVELS[EDUCATION_LEVELS.index(level) :])
    return Contribution(cadres, counted & reached.fill_null(False), counted)


@indicator(
    "secretary_college_share",
    family=FAMILY,
    name_zh="村党组织书记大专及以上学历比例",
    name_en="Secretaries with college education (大专 or above)",
    kind="share",
    tables=("cadres",),
    numerator=("大专及以上学历的书记", "secretaries with 大专 or above"),
    denominator=("村党组织书记(学历未知的计入)", "secretaries (unknown education included)"),
)
def secretary_college_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return _at_least(records, "secretaries", "大专")


@indicator(
    "member_college_share",
    family=FAMILY,
    name_zh='村"两委"成员大专及以上学历比例',
    name_en="Two-committee members with college education",
    kind="share",
    tables=("cadres",),
    numerator=("大专及以上学历的成员", "members with 大专 or above"),
    denominator=('村"两委"成员(学历未知的计入)', "members (unknown education included)"),
)
def member_college_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return _at_least(records, "members", "大专")


@indicator(
    "member_high_school_share",
    family=FAMILY,
    name_zh='村"两委"成员高中及以上学历比例',
    name_en="Two-committee members with senior-secondary education or above",
    kind="share",
    tables=("cadres",),
    numerator=("高中(含中专、职高、技校)及以上学历的成员", "members with 高中 or above"),
    denominator=('村"两委"成员(学历未知的计入)', "members (unknown education included)"),
)
def member_high_school_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return _at_least(records, "members", "高中")


@indicator(
    "education_share",
    family=FAMILY,
    name_zh="指定学历及以上比例",
    name_en="Share at or above an education level",
    kind="share",
    tables=("cadres",),
    numerator=("学历不低于 min_level 的人员", "people at min_level or above"),
    denominator=("population 中的人员(学历未知的计入)", "people in population (unknown included)"),
    params={"min_level": "大专", "population": "secretaries"},
)
def education_share(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return _at_least(records, str(params["population"]), str(params["min_level"]))


@indicator(
    "education_level_share",
    family=FAMILY,
    name_zh="学历构成",
    name_en="Education levels",
    kind="share",
    tables=("cadres",),
    numerator=(
        "该学历的人员(类别含“未知”)",
        "people at this level (a category '未知' holds unknowns)",
    ),
    denominator=("population 中的人员", "people in population"),
    params={"population": "members"},
)
def education_level_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    cadres = records.cadres
    counted = records.population(cadres, str(params["population"]))
    return Contribution(
        cadres,
        counted,
        None,
        category=cadres.education.fill_null(UNKNOWN),
        categories=(*EDUCATION_LEVELS, UNKNOWN),
    )
