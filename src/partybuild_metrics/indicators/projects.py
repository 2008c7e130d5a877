"""Poverty-alleviation industry projects (扶贫产业项目) by type, and the villages that have one.

A village can hold several projects: "62 projects in 55 villages" is not an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from partybuild_metrics.indicators.base import indicator
from partybuild_metrics.indicators.records import Records, contributions
from partybuild_metrics.records.parsing import code_numbers

FAMILY = "projects"


def _projects(records: Records, years: list[int]) -> pd.DataFrame:
    projects = records.dataset.projects
    projects = projects[projects["year"].isin(years)]
    return pd.DataFrame(
        {
            "code": code_numbers(projects["village_code"]),
            "year": projects["year"].to_numpy(),
            "type": projects["project_type"].to_numpy(dtype=object),
        }
    )


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
) -> pd.DataFrame:
    projects = _projects(records, years)
    types = sorted(set(projects["type"]))
    category = pd.Categorical(projects["type"], categories=types) if types else ""
    return contributions(projects["code"], projects["year"], 1, None, category=category)


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
) -> pd.DataFrame:
    villages = _projects(records, years)[["code", "year"]].drop_duplicates()
    return contributions(villages["code"], villages["year"], 1, None)
