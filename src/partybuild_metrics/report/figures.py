"""The report's charts, drawn on figures of their own and kept as PNG bytes."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from partybuild_metrics.indicators.base import get
from partybuild_metrics.indicators.names import display_name
from partybuild_metrics.plots import (
    age_pyramid,
    claims_chart,
    education_levels,
    income_tiers,
    ranked_bar,
    trend,
)
from partybuild_metrics.records.dataset import Dataset

DPI: Final[int] = 110


@dataclass(frozen=True)
class Chart:
    """One chart of the report: a file name, a caption, and the PNG."""

    name: str
    caption: str
    png: bytes


@dataclass(frozen=True)
class ChartContext:
    """What the charts of a report draw from."""

    dataset: Dataset
    table: pd.DataFrame
    history: pd.DataFrame
    code: str
    year: int
    units_below: int
    rounding: str
    decimals: int


def render(draw: Callable[[Axes], Axes], size: tuple[float, float]) -> bytes:
    """Draw on a new figure (outside pyplot, so nothing accumulates) and return the PNG."""
    figure = Figure(figsize=size, layout="constrained")
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # a character no font has (a stray one in a unit's name) is drawn as a box; the
        # warning would print the library's source path to the user's terminal
        warnings.filterwarnings("ignore", "Glyph .* missing from", UserWarning)
        draw(figure.add_subplot())
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _name(ctx: ChartContext, indicator: str) -> str:
    """The indicator's name with the parameters the report computed it with."""
    rows = ctx.table[ctx.table["indicator"].astype(str) == indicator]
    return display_name(indicator, str(rows["params"].iloc[0]) if len(rows) else None)


def _has_data(ctx: ChartContext, indicator: str) -> bool:
    tables = get(indicator).tables
    return all(not ctx.dataset[name].empty for name in tables if name in ctx.dataset.tables)


def _ranked(indicator: str) -> Callable[[ChartContext], Chart | None]:
    def chart(ctx: ChartContext) -> Chart | None:
        if not _has_data(ctx, indicator):
            return None
        png = render(
            lambda ax: ranked_bar(
                ctx.table, indicator, year=ctx.year, rounding=ctx.rounding,
                decimals=ctx.decimals, ax=ax,
            ),
            (7.5, max(3.0, 0.32 * ctx.units_below + 1.6)),
        )  # fmt: skip
        return Chart(indicator, f"{_name(ctx, indicator)}(各单位排序,虚线为上级单位)", png)

    return chart


def _education(ctx: ChartContext) -> Chart | None:
    png = render(
        lambda ax: education_levels(
            ctx.dataset, year=ctx.year, code=ctx.code, rounding=ctx.rounding,
            decimals=ctx.decimals, ax=ax,
        ),
        (7.5, 4.5),
    )  # fmt: skip
    return Chart("education_levels", '村党组织书记与村"两委"成员学历构成', png)


def _age(ctx: ChartContext) -> Chart | None:
    png = render(
        lambda ax: age_pyramid(ctx.dataset, year=ctx.year, code=ctx.code, ax=ax), (7.5, 4.5)
    )
    return Chart("age_pyramid", '村"两委"成员年龄结构(按性别)', png)


def _tiers(ctx: ChartContext) -> Chart | None:
    if not _has_data(ctx, "income_tier_share"):
        return None
    png = render(
        lambda ax: income_tiers(ctx.table, year=ctx.year, ax=ax),
        (8.0, max(3.0, 0.35 * ctx.units_below + 1.8)),
    )
    return Chart("income_tiers", "集体经济收入分档(各单位)", png)


def _trend(indicator: str, caption: str) -> Callable[[ChartContext], Chart | None]:
    def chart(ctx: ChartContext) -> Chart | None:
        if not _has_data(ctx, indicator):
            return None
        png = render(
            lambda ax: trend(
                ctx.history, indicator, codes=[ctx.code], rounding=ctx.rounding,
                decimals=ctx.decimals, ax=ax,
            ),
            (7.5, 3.8),
        )  # fmt: skip
        return Chart(f"{indicator}_trend", caption, png)

    return chart


TREND_INDICATORS: Final[tuple[str, ...]] = ("one_person_two_posts_share", "income_mean")
"""Indicators whose trend over every year the report draws (computed for the top unit)."""

FAMILY_CHARTS: Final[dict[str, tuple[Callable[[ChartContext], Chart | None], ...]]] = {
    "posts": (
        _ranked("one_person_two_posts_share"),
        _trend(TREND_INDICATORS[0], '"一肩挑"比例(历年)'),
    ),
    "education": (_education, _ranked("secretary_college_share")),
    "age": (_age,),
    "members": (_ranked("female_share"),),
    "cadre_work": (_ranked("mobile_member_participation_share"),),
    "organisations": (_ranked("weak_lax_share"),),
    "low_income": (_ranked("low_income_industry_coverage"),),
    "projects": (_ranked("project_village_count"),),
    "poverty": (_ranked("poverty_household_exit_rate"),),
    "first_secretaries": (_ranked("first_secretary_village_coverage"),),
    "collective_income": (
        _tiers,
        _trend(TREND_INDICATORS[1], "村均集体经济收入(历年)"),
        _ranked("income_at_least_5w_share"),
    ),
}
"""The charts of each family's section, in order."""


def family_charts(ctx: ChartContext, family: str) -> list[Chart]:
    """The charts of one family that have records to draw."""
    drawn = (chart(ctx) for chart in FAMILY_CHARTS.get(family, ()))
    return [chart for chart in drawn if chart is not None]


def claims_figure(results: pd.DataFrame) -> Chart:
    png = render(lambda ax: claims_chart(results, ax=ax), (9.0, max(3.0, 0.3 * len(results) + 1.8)))
    return Chart("claims", "公布数字与核对结果", png)
