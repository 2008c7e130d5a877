"""Who the two-committee members are: women and Party members.

A blank sex or political status counts in the denominator and not in the numerator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibis import _

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records

FAMILY = "members"


@indicator(
    "female_share",
    family=FAMILY,
    name_zh='村"两委"成员中女性比例',
    name_en="Women among two-committee members",
    kind="share",
    tables=("cadres",),
    numerator=("女性成员", "women"),
    denominator=('村"两委"成员(性别未填的计入)', "members (blank sex included)"),
)
def female_share(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    return Contribution(records.cadres, _.female)


@indicator(
    "party_member_share",
    family=FAMILY,
    name_zh='村"两委"成员中党员比例',
    name_en="Party members among two-committee members",
    kind="share",
    tables=("cadres",),
    numerator=("中共党员(含预备党员)", "CPC members, probationary included"),
    denominator=('村"两委"成员(政治面貌未填的计入)', "members (blank status included)"),
)
def party_member_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.cadres, _.party_member)
