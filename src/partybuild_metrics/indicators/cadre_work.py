"""Cadre work: reserve cadres (后备干部), mobile Party members (流动党员), joint review (联审)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibis import _

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records

FAMILY = "cadre_work"


@indicator(
    "reserve_cadre_count",
    family=FAMILY,
    name_zh="村级后备干部人数",
    name_en="Reserve village cadres",
    kind="count",
    tables=("reserve_cadres",),
    numerator=("当年储备的村级后备干部", "reserve cadres on the year's list"),
    unit_zh="人",
)
def reserve_cadre_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.rows("reserve_cadres"), 1, None)


@indicator(
    "mobile_member_count",
    family=FAMILY,
    name_zh="流动党员人数",
    name_en="Mobile Party members",
    kind="count",
    tables=("mobile_members",),
    numerator=("当年登记的流动党员", "mobile Party members registered for the year"),
    unit_zh="人",
)
def mobile_member_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.rows("mobile_members"), 1, None)


@indicator(
    "mobile_member_participation_share",
    family=FAMILY,
    name_zh="流动党员参与组织生活比例",
    name_en="Mobile Party members who took part",
    kind="share",
    tables=("mobile_members",),
    numerator=("参与的流动党员(未填按未参与计)", "members who took part (blank = did not)"),
    denominator=("流动党员", "mobile Party members"),
)
def mobile_member_participation_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.rows("mobile_members"), _.participated.fill_null(False))


@indicator(
    "cadre_reviewed_count",
    family=FAMILY,
    name_zh='联审村"两委"干部人数',
    name_en="Two-committee cadres jointly reviewed",
    kind="count",
    tables=("cadre_reviews",),
    numerator=("当年联审的干部", "cadres reviewed in the year"),
    unit_zh="人",
)
def cadre_reviewed_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.rows("cadre_reviews"), 1, None)


@indicator(
    "cadre_removed_share",
    family=FAMILY,
    name_zh="联审清理村干部比例",
    name_en="Reviewed cadres removed",
    kind="share",
    tables=("cadre_reviews",),
    numerator=("联审后清理的干部", "cadres removed after review"),
    denominator=("当年联审的干部", "cadres reviewed in the year"),
)
def cadre_removed_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.rows("cadre_reviews"), _.removed)
