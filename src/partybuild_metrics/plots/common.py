"""What every chart shares: picking rows of an IndicatorTable, axes, fonts, value labels."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

import pandas as pd
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import PercentFormatter

from partybuild_metrics.indicators.base import Indicator, get
from partybuild_metrics.indicators.names import display_name
from partybuild_metrics.indicators.table import PERCENT_KINDS, shown_value
from partybuild_metrics.plots.fonts import Typography
from partybuild_metrics.records.vocabularies import DIVISION_LEVELS

LEVEL_NAMES: Final[dict[str, tuple[str, str]]] = {
    "province": ("省", "province"),
    "city": ("市", "city"),
    "county": ("县(市、区)", "county"),
    "township": ("乡镇", "township"),
    "village": ("村", "village"),
}

VERDICT_COLOURS: Final[dict[str, str]] = {
    "passed": "#2e7d32",
    "failed": "#c62828",
    "untested": "#9e9e9e",
}


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """The given Axes, or the Axes of a new figure of ``size`` inches."""
    if ax is not None:
        return ax
    _, created = plt.subplots(figsize=size, layout="constrained")
    return created


def finish(ax: Axes, typo: Typography) -> Axes:
    """Set the chart's font family on every text of the Axes, tick labels drawn later too."""
    family = list(typo.family)
    ax.tick_params(labelfontfamily=family)
    for text in ax.findobj(Text):
        text.set_fontfamily(family)
    return ax


def distribution_rows(table: pd.DataFrame, indicator: str) -> tuple[Indicator, pd.DataFrame]:
    """The definition and every row of one indicator, all categories of a distribution."""
    definition = get(indicator)
    rows = table[table["indicator"].astype(str) == indicator]
    if rows.empty:
        raise ValueError(
            f"the table has no rows for '{indicator}'; compute it first, e.g. "
            f"pbm.compute(dataset, '{indicator}', level=['county', 'township'])"
        )
    return definition, pd.DataFrame(rows)


def indicator_rows(
    table: pd.DataFrame, indicator: str, category: str | None = None
) -> tuple[Indicator, pd.DataFrame]:
    """The definition and the rows of one indicator (of one category, for a distribution)."""
    definition, rows = distribution_rows(table, indicator)
    categories = [str(c) for c in rows["category"].astype(str).unique()]
    if category is not None:
        if category not in categories:
            raise ValueError(
                f"`category` must be one of {', '.join(repr(c) for c in categories)}, got '{category}'"
            )
        rows = rows[rows["category"].astype(str) == category]
    elif len(categories) > 1:
        raise ValueError(
            f"'{indicator}' is a distribution; choose `category` from {', '.join(repr(c) for c in categories)}"
        )
    return definition, pd.DataFrame(rows)


def choose_year(rows: pd.DataFrame, year: int | None) -> int:
    """``year``, or the latest year in the rows; an error lists the years there are."""
    years = sorted(int(y) for y in rows["year"].unique())
    if year is None:
        return years[-1]
    if int(year) not in years:
        raise ValueError(f"`year` must be one of {', '.join(map(str, years))}, got {year}")
    return int(year)


def choose_level(rows: pd.DataFrame, level: str | None, *, deepest: bool) -> str:
    """``level``, or the deepest (or the highest) level present in the rows."""
    present = [lv for lv in DIVISION_LEVELS if lv in set(rows["level"].astype(str))]
    if level is None:
        return present[-1] if deepest else present[0]
    if level not in present:
        raise ValueError(f"`level` must be one of {', '.join(present)}, got '{level}'")
    return level


def parent_row(rows: pd.DataFrame, level: str, codes: Sequence[str]) -> pd.Series | None:
    """The row of the nearest higher unit in ``rows`` that contains every one of ``codes``."""
    higher = [lv for lv in DIVISION_LEVELS if DIVISION_LEVELS[lv] < DIVISION_LEVELS[level]]
    for lv in reversed(higher):
        candidates = rows[rows["level"].astype(str) == lv]
        for _, row in candidates.iterrows():
            if all(str(code).startswith(str(row["code"])) for code in codes):
                return row
    return None


def is_percent(definition: Indicator) -> bool:
    return definition.kind in PERCENT_KINDS


def percent_axis(ax: Axes, axis: str) -> None:
    """Show a share axis in percent (values are ratios)."""
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))


def shown(row: pd.Series, rounding: str, decimals: int) -> str:
    """One value as the report prints it, rounded exactly with ``rounding``."""
    return (
        shown_value(str(row["kind"]), row["numerator"], row["denominator"], decimals, rounding)
        or "—"
    )


def indicator_name(definition: Indicator, rows: pd.DataFrame, typo: Typography) -> str:
    """The indicator's name with the parameters its rows were computed with."""
    params = str(rows["params"].iloc[0]) if "params" in rows.columns and len(rows) else None
    return display_name(definition, params, typo.lang)


def indicator_label(
    definition: Indicator, typo: Typography, rows: pd.DataFrame | None = None
) -> str:
    """The indicator's name (with its parameters, given its rows), with its unit."""
    name = indicator_name(definition, rows if rows is not None else pd.DataFrame(), typo)
    if typo.lang == "zh" and definition.unit_zh:
        return f"{name}({definition.unit_zh})"
    return name


def save(ax: Axes, path: str | Path, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Save the chart's figure as ``path`` with each suffix in ``formats``; the same chart gives the same bytes.

    >>> import matplotlib.pyplot as plt, tempfile
    >>> _, ax = plt.subplots()
    >>> [p.suffix for p in save(ax, tempfile.mkdtemp() + "/chart")]
    ['.png', '.svg']
    """
    figure = ax.get_figure(root=True)
    if not isinstance(figure, Figure):
        raise ValueError("the Axes belongs to no figure")
    stem = Path(path)
    written = []
    for fmt in formats:
        if fmt not in ("png", "svg"):
            raise ValueError(f"`formats` may hold 'png' and 'svg', got '{fmt}'")
        target = stem.with_suffix(f".{fmt}")
        target.parent.mkdir(parents=True, exist_ok=True)
        metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        with plt.rc_context({"svg.hashsalt": "partybuild-metrics"}):  # stable ids in SVG
            figure.savefig(target, format=fmt, dpi=150, metadata=metadata)
        written.append(target)
    return written
