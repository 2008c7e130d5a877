"""Charts of an IndicatorTable: units ranked, trends over years, income tiers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from partybuild_metrics.plots.common import (
    LEVEL_NAMES,
    choose_level,
    choose_year,
    distribution_rows,
    finish,
    indicator_label,
    indicator_name,
    indicator_rows,
    is_percent,
    new_axes,
    parent_row,
    percent_axis,
    shown,
)
from partybuild_metrics.plots.fonts import chart_text, typography


def ranked_bar(
    table: pd.DataFrame,
    indicator: str,
    *,
    year: int | None = None,
    level: str | None = None,
    category: str | None = None,
    rounding: str = "half_up",
    decimals: int = 1,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Axes:
    """One indicator across the units of a level, highest first, with the parent's value as a line.

    ``level`` defaults to the deepest level in the table; the reference line is drawn
    when the table also holds the unit above (compute both levels). Bars are labelled
    with the value as the report prints it, rounded with ``rounding``.

    >>> import partybuild_metrics as pbm
    >>> t = pbm.compute(pbm.read_dataset("data/sample/parquet"), "one_person_two_posts_share",
    ...                 level=["county", "township"], years=2020)
    >>> ax = pbm.plots.ranked_bar(t, "one_person_two_posts_share")
    >>> len(ax.patches), ax.get_lines()[0].get_label()
    (12, '庄河市 64.9%')
    """
    typo = typography(lang)
    definition, rows = indicator_rows(table, indicator, category)
    chosen_year = choose_year(rows, year)
    rows = rows[rows["year"] == chosen_year]
    chosen_level = choose_level(rows, level, deepest=True)
    units = rows[rows["level"].astype(str) == chosen_level].sort_values(
        ["value", "code"], ascending=[True, False], na_position="first"
    )
    ax = new_axes(ax, (7.0, max(3.0, 0.32 * len(units) + 1.4)))
    labels = [
        typo.unit(name, code) for name, code in zip(units["name"], units["code"], strict=True)
    ]
    positions = np.arange(len(units))
    values = units["value"].to_numpy(dtype=float)
    present = np.isfinite(values)
    # A unit without data gets no bar at all, and says so: never a bar of 0.
    ax.barh(positions[present], values[present], color="#c0392b", height=0.7)
    ax.set_yticks(positions, labels)
    no_data = typo.text("无数据", "no data")
    for position, (_, row), has_value in zip(positions, units.iterrows(), present, strict=True):
        text = shown(row, rounding, decimals) if has_value else f"— {no_data}"
        ax.annotate(
            " " + text, (float(row["value"]) if has_value else 0.0, position),
            va="center", ha="left", fontsize=8, color="black" if has_value else "#888888",
        )  # fmt: skip
    parent = parent_row(rows, chosen_level, [str(c) for c in units["code"]])
    if parent is not None and not pd.isna(parent["value"]):
        ax.axvline(
            float(parent["value"]), color="#34495e", linestyle="--", linewidth=1.2,
            label=f"{typo.unit(parent['name'], parent['code'])} {shown(parent, rounding, decimals)}",
        )  # fmt: skip
        ax.legend(loc="lower right", fontsize=8)
    if is_percent(definition):
        percent_axis(ax, "x")
    finite = values[np.isfinite(values)]
    if len(finite):
        ax.set_xlim(min(0.0, float(finite.min())), float(finite.max()) * 1.18 or 1.0)
    else:
        ax.set_xlim(0.0, 1.0)  # no unit has data: an empty scale from 0, not one around it
    level_zh, level_en = LEVEL_NAMES[chosen_level]
    name = indicator_name(definition, units, typo)
    ax.set_xlabel(indicator_label(definition, typo, units))
    ax.set_ylabel(typo.text(level_zh, level_en))
    ax.set_title(
        typo.text(f"{name}({chosen_year}年)", f"{name}, {chosen_year}")
        + (f" · {chart_text(category)}" if category else "")
    )
    return finish(ax, typo)


def trend(
    table: pd.DataFrame,
    indicator: str,
    *,
    codes: Sequence[str] | None = None,
    category: str | None = None,
    rounding: str = "half_up",
    decimals: int = 1,
    lang: str = "zh",
    ax: Axes | None = None,
) -> Axes:
    """One indicator over the years, a line per unit, the last value labelled as printed.

    ``codes`` defaults to the units of the highest level in the table.

    >>> import partybuild_metrics as pbm
    >>> t = pbm.compute(pbm.read_dataset("data/sample/parquet"), "income_total")
    >>> ax = pbm.plots.trend(t, "income_total")
    >>> [int(x) for x in ax.get_lines()[0].get_xdata()]
    [2017, 2018, 2019, 2020]
    """
    typo = typography(lang)
    definition, rows = indicator_rows(table, indicator, category)
    if codes is None:
        top = choose_level(rows, None, deepest=False)
        codes = sorted(str(c) for c in rows.loc[rows["level"].astype(str) == top, "code"].unique())
    ax = new_axes(ax, (7.0, 4.0))
    for code in codes:
        line = rows[rows["code"].astype(str) == str(code)].sort_values("year")
        if line.empty:
            raise ValueError(f"the table has no rows of '{indicator}' for code {code}")
        # A year without data is a gap in the line (NaN), never a point at 0.
        values = line["value"].to_numpy(dtype=float)
        drawn = ax.plot(
            line["year"].to_numpy(), values, marker="o",
            label=typo.unit(line.iloc[-1]["name"], line.iloc[-1]["code"]),
        )  # fmt: skip
        present = np.flatnonzero(np.isfinite(values))
        if len(present):
            last = line.iloc[present[-1]]
            ax.annotate(
                " " + shown(last, rounding, decimals), (float(last["year"]), float(last["value"])),
                va="center", ha="left", fontsize=8, color=drawn[0].get_color(),
            )  # fmt: skip
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # The years shown are the table's, with or without data: a gap stays a gap.
    years = rows.loc[rows["code"].astype(str).isin([str(c) for c in codes]), "year"]
    first, last = int(years.min()), int(years.max())
    ax.set_xlim(first - 0.5, last + 0.5 + 0.15 * (last - first + 1))  # room for the label
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    if is_percent(definition):
        percent_axis(ax, "y")
    ax.set_xlabel(typo.text("年度", "year"))
    ax.set_ylabel(indicator_label(definition, typo, rows))
    ax.set_title(
        indicator_name(definition, rows, typo) + (f" · {chart_text(category)}" if category else "")
    )
    ax.legend(fontsize=8)
    return finish(ax, typo)


def income_tiers(
    table: pd.DataFrame,
    *,
    by: str = "unit",
    year: int | None = None,
    level: str | None = None,
    code: str | None = None,
    indicator: str = "income_tier_share",
    lang: str = "zh",
    ax: Axes | None = None,
) -> Axes:
    """Villages by collective-income tier, as stacked bars: one bar per unit, or per year.

    ``by="unit"`` shows the units of ``level`` (default the deepest) in ``year``
    (default the latest); ``by="year"`` shows every year of one unit (``code``, default
    the highest unit in the table).

    >>> import partybuild_metrics as pbm
    >>> t = pbm.compute(pbm.read_dataset("data/sample/parquet"), "income_tier_share")
    >>> ax = pbm.plots.income_tiers(t, by="year")
    >>> len(ax.patches)  # 4 years × 6 tiers
    24
    """
    if by not in ("unit", "year"):
        raise ValueError(f"`by` must be one of 'unit', 'year', got '{by}'")
    typo = typography(lang)
    definition, rows = distribution_rows(table, indicator)
    tiers = [str(c) for c in rows["category"].astype(str).unique()]
    if by == "unit":
        chosen_year = choose_year(rows, year)
        chosen_level = choose_level(rows, level, deepest=True)
        rows = rows[(rows["year"] == chosen_year) & (rows["level"].astype(str) == chosen_level)]
        wide = rows.pivot_table(
            index=["code", "name"],
            columns="category",
            values="value",
            observed=True,
            aggfunc="first",
        )
        labels = [typo.unit(name, c) for c, name in wide.index]
        indicator_title = indicator_name(definition, rows, typo)
        title = typo.text(
            f"{indicator_title}({chosen_year}年)", f"{indicator_title}, {chosen_year}"
        )
        axis_label = typo.text(*LEVEL_NAMES[chosen_level])
    else:
        top = choose_level(rows, None, deepest=False)
        unit = (
            code
            or sorted(str(c) for c in rows.loc[rows["level"].astype(str) == top, "code"].unique())[
                0
            ]
        )
        rows = rows[rows["code"].astype(str) == str(unit)]
        if rows.empty:
            raise ValueError(f"the table has no rows of '{indicator}' for code {unit}")
        wide = rows.pivot_table(
            index="year", columns="category", values="value", observed=True, aggfunc="first"
        )
        labels = [str(y) for y in wide.index]
        name = typo.unit(rows["name"].iloc[0], unit)
        indicator_title = indicator_name(definition, rows, typo)
        title = typo.text(f"{name}{indicator_title}", f"{indicator_title}, {name}")
        axis_label = typo.text("年度", "year")
    wide = wide.reindex(columns=[t for t in tiers if t in wide.columns]).fillna(0.0)
    ax = new_axes(ax, (7.5, max(3.0, 0.35 * len(wide) + 1.6)))
    colours = colormaps["YlGn"](np.linspace(0.15, 0.95, len(wide.columns)))
    left = np.zeros(len(wide))
    positions = np.arange(len(wide))
    for colour, tier in zip(colours, wide.columns, strict=True):
        shares = wide[tier].to_numpy(dtype=float)
        ax.barh(positions, shares, left=left, color=colour, label=chart_text(tier), height=0.7)
        left += shares
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    percent_axis(ax, "x")
    ax.set_xlim(0, 1)
    ax.set_xlabel(typo.text("村数占比", "share of villages"))
    ax.set_ylabel(axis_label)
    ax.set_title(title)
    if len(wide.columns) and len(wide):
        ax.legend(
            title=typo.text("集体经济收入(元)", "collective income (yuan)"),
            fontsize=8, title_fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0),
        )  # fmt: skip
    return finish(ax, typo)
