"""Charts of the village cadres themselves: the age pyramid and the education profile.

They take the Dataset, because each compares one indicator under two parameter sets
(men and women; secretaries and all members), and compute both through the registry.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from partybuild_metrics.indicators.compute import compute
from partybuild_metrics.indicators.table import IndicatorTable
from partybuild_metrics.indicators.units import top_unit
from partybuild_metrics.plots.common import finish, new_axes, percent_axis, shown
from partybuild_metrics.plots.fonts import typography
from partybuild_metrics.records.dataset import Dataset


def _unit_rows(table: IndicatorTable, code: str) -> pd.DataFrame:
    rows = table[table["code"].astype(str) == code]
    if rows.empty:
        raise ValueError(f"no records for code {code}")
    return pd.DataFrame(rows)


def _year(dataset: Dataset, year: int | None) -> int:
    return int(dataset.villages["year"].max()) if year is None else int(year)


def age_pyramid(
    dataset: Dataset,
    *,
    year: int | None = None,
    code: str | None = None,
    reference_date: str | None = None,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Axes:
    """Two-committee members by age band and sex: men to the left, women to the right.

    Bands are those of ``cadre_age_band_share`` (≤30, 31–35, …, ≥61) at the reference
    date (default 31 December of ``year``, default the latest year). Members of unknown
    sex or birth date are left out and counted in the caption.

    >>> import partybuild_metrics as pbm
    >>> ax = pbm.plots.age_pyramid(pbm.read_dataset("data/sample/parquet"), year=2020)
    >>> len(ax.patches)  # 8 bands × 2 sexes
    16
    """
    typo = typography(lang)
    chosen_year = _year(dataset, year)
    unit, level = top_unit(dataset, code)
    counts: dict[str, pd.DataFrame] = {}
    for sex in ("男", "女"):
        table = compute(
            dataset, "cadre_age_band_share", level=level, years=chosen_year,
            progress=False, sex=sex, reference_date=reference_date,
        )  # fmt: skip
        counts[sex] = _unit_rows(table, unit)
    bands = [str(c) for c in counts["男"]["category"].astype(str)]
    # A year without cadre rows is missing in the table; here it draws no bar.
    men = counts["男"]["numerator"].to_numpy(dtype=np.int64, na_value=0)
    women = counts["女"]["numerator"].to_numpy(dtype=np.int64, na_value=0)
    ax = new_axes(ax, (7.0, 4.5))
    positions = np.arange(len(bands))
    ax.barh(positions, -men, color="#2c7fb8", label=typo.text("男", "men"), height=0.75)
    ax.barh(positions, women, color="#e34a33", label=typo.text("女", "women"), height=0.75)
    for position, m, w in zip(positions, men, women, strict=True):
        ax.annotate(f"{m} ", (-m, position), ha="right", va="center", fontsize=8)
        ax.annotate(f" {w}", (w, position), ha="left", va="center", fontsize=8)
    ax.set_yticks(positions, bands)
    widest = max(int(men.max(initial=0)), int(women.max(initial=0)), 1)
    ax.set_xlim(-widest * 1.2, widest * 1.2)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{abs(int(x))}"))
    ax.axvline(0, color="black", linewidth=0.8)
    name = typo.unit(counts["男"]["name"].iloc[0], unit)
    total = int(dataset.cadres["year"].eq(chosen_year).sum())
    ax.set_xlabel(typo.text("人数", "members"))
    ax.set_ylabel(typo.text("年龄段", "age band"))
    ax.set_title(
        typo.text(
            f'{name}{chosen_year}年村"两委"成员年龄结构',
            f"Two-committee members by age and sex, {name} {chosen_year}",
        )
    )
    left_out = total - int(men.sum() + women.sum()) if code is None else None
    if left_out:
        ax.annotate(
            typo.text(f"未计入(性别或出生年月不详):{left_out}人", f"left out (sex or birth date unknown): {left_out}"),
            (0.99, 0.01), xycoords="axes fraction", ha="right", va="bottom", fontsize=7,
        )  # fmt: skip
    ax.legend(loc="upper right", fontsize=8)
    return finish(ax, typo)


def education_levels(
    dataset: Dataset,
    *,
    year: int | None = None,
    code: str | None = None,
    rounding: str = "half_up",
    decimals: int = 1,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Axes:
    """The education of village Party secretaries beside that of all two-committee members.

    Each level's share of its population (``education_level_share``), unknown included.

    >>> import partybuild_metrics as pbm
    >>> ax = pbm.plots.education_levels(pbm.read_dataset("data/sample/parquet"), year=2020)
    >>> len(ax.patches)  # 7 levels × 2 populations
    14
    """
    typo = typography(lang)
    chosen_year = _year(dataset, year)
    unit, level = top_unit(dataset, code)
    populations = {
        "secretaries": (typo.text("村党组织书记", "village Party secretaries"), "#c0392b"),
        "members": (typo.text('村"两委"成员', "two-committee members"), "#95a5a6"),
    }
    ax = new_axes(ax, (7.0, 4.5))
    width = 0.38
    levels: list[str] = []
    name = ""
    for offset, (population, (label, colour)) in zip(
        (-width / 2, width / 2), populations.items(), strict=True
    ):
        table = compute(
            dataset, "education_level_share", level=level, years=chosen_year,
            progress=False, population=population,
        )  # fmt: skip
        rows = _unit_rows(table, unit)
        levels = [str(c) for c in rows["category"].astype(str)]
        name = typo.unit(rows["name"].iloc[0], unit)
        positions = np.arange(len(levels)) + offset
        values = rows["value"].to_numpy(dtype=float)
        present = np.isfinite(values)
        ax.barh(positions[present], values[present], height=width, color=colour, label=label)
        for position, (_, row), has_value in zip(positions, rows.iterrows(), present, strict=True):
            x = float(row["value"]) if has_value else 0.0
            text = (
                shown(row, rounding, decimals) if has_value else typo.text("— 无数据", "— no data")
            )
            ax.annotate(" " + text, (x, position), va="center", fontsize=7)
    ax.set_yticks(np.arange(len(levels)), levels)
    ax.invert_yaxis()
    percent_axis(ax, "x")
    ax.set_xlim(0, min(1.0, ax.get_xlim()[1] * 1.15))
    ax.set_xlabel(typo.text("占比", "share"))
    ax.set_ylabel(typo.text("学历", "education"))
    ax.set_title(
        typo.text(
            f'{name}{chosen_year}年村党组织书记与村"两委"成员学历构成',
            f"Education of secretaries and of all members, {name} {chosen_year}",
        )
    )
    ax.legend(loc="lower right", fontsize=8)
    return finish(ax, typo)
