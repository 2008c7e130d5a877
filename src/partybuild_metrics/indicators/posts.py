"""Posts in the two committees: "一肩挑", secretaries' industry projects, head counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ibis
from ibis import _

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records

FAMILY = "posts"


@indicator(
    "one_person_two_posts_share",
    family=FAMILY,
    name_zh='村党组织书记、村委会主任"一肩挑"比例',
    name_en="Villages whose Party secretary is also committee director",
    kind="share",
    tables=("villages", "cadres"),
    numerator=("书记、主任由同一人担任的村", "villages where one person holds both posts"),
    denominator=("行政村(无书记的村也计入)", "villages (a village with no secretary counts)"),
)
def one_person_two_posts_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    cadres = records.cadres
    dual = cadres.filter(cadres.secretary & cadres.director).select("code", "year").distinct()
    villages = records.villages
    marked = villages.left_join(dual.mutate(dual=ibis.literal(True)), ["code", "year"])
    return Contribution(marked.select("code", "year", "dual"), _.dual.notnull())


@indicator(
    "one_person_two_posts_count",
    family=FAMILY,
    name_zh='"一肩挑"村数',
    name_en="Villages with one person in both posts",
    kind="count",
    tables=("cadres",),
    numerator=("书记、主任由同一人担任的村", "villages where one person holds both posts"),
    unit_zh="个",
)
def one_person_two_posts_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.cadres, _.secretary & _.director, None)


@indicator(
    "secretary_industry_project_share",
    family=FAMILY,
    name_zh="有产业发展项目的村党组织书记比例",
    name_en="Secretaries with an industry project",
    kind="share",
    tables=("cadres",),
    numerator=(
        "有产业发展项目的书记(未填按无计)",
        "secretaries with an industry project (blank = no)",
    ),
    denominator=("村党组织书记", "village Party secretaries"),
)
def secretary_industry_project_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.cadres, _.secretary & _.industry_project, _.secretary)


@indicator(
    "village_count",
    family=FAMILY,
    name_zh="行政村数",
    name_en="Administrative villages",
    kind="count",
    tables=("villages",),
    numerator=("行政村", "villages"),
    unit_zh="个",
)
def village_count(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.villages, 1, None)


@indicator(
    "secretary_count",
    family=FAMILY,
    name_zh="村党组织书记人数",
    name_en="Village Party secretaries",
    kind="count",
    tables=("cadres",),
    numerator=("村党组织书记", "village Party secretaries"),
    unit_zh="人",
)
def secretary_count(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.cadres, _.secretary, None)


@indicator(
    "member_count",
    family=FAMILY,
    name_zh='村"两委"成员人数',
    name_en="Two-committee members",
    kind="count",
    tables=("cadres",),
    numerator=('村"两委"成员', "two-committee members"),
    unit_zh="人",
)
def member_count(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.cadres, 1, None)
