"""Poverty-alleviation industry projects (扶贫产业项目) by type, and the villages that have one.

A village can hold several projects: "62 projects in 55 villages" is not an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ibis import _

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records

FAMILY = "projects"


@indicator(
    "industry_project_count",
    family=FAMILY,
    name_zh="扶贫产业项目数",
    name_en="Poverty-alleviation industry projects",
    kind="count",
    tables=("projects",),
    numerator=("扶贫产业项目(按项目类型分类)", "projects, by project type"),
    unit_zh="个",
)
def industry_project_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    # The types found in the records, sorted, are the categories.
    return Contribution(records.rows("projects"), 1, None, category=_.project_type)


@indicator(
    "project_village_count",
    family=FAMILY,
    name_zh="有扶贫产业项目的村数",
    name_en="Villages with at least one industry project",
    kind="count",
    tables=("projects",),
    numerator=(
        "项目表中至少有一个项目的村",
        "villages with at least one row in the projects table",
    ),
    unit_zh="个",
)
def project_village_count(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    return Contribution(records.rows("projects").select("code", "year").distinct(), 1, None)
