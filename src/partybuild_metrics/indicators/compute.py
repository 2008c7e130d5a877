"""compute(): every indicator, at any level and year, from a Dataset."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partybuild_metrics.dataset import Dataset
from partybuild_metrics.indicators.base import Indicator, get, ordered
from partybuild_metrics.indicators.records import Records
from partybuild_metrics.indicators.table import TABLE_COLUMNS, IndicatorTable
from partybuild_metrics.vocabularies import DIVISION_LEVELS

RATIO_KINDS = ("share", "mean", "rate", "growth")
NO_DENOMINATOR = "分母为0,无法计算 / the denominator is 0"


def _levels(level: str | Sequence[str]) -> list[str]:
    chosen = (
        list(DIVISION_LEVELS)
        if level == "all"
        else [level]
        if isinstance(level, str)
        else list(level)
    )
    for name in chosen:
        if name not in DIVISION_LEVELS:
            allowed = ", ".join(f"'{lv}'" for lv in DIVISION_LEVELS)
            raise ValueError(f"`level` must be one of {allowed} or 'all', got '{name}'")
    return chosen


def _selected(indicators: Iterable[str | Indicator] | str | None) -> list[Indicator]:
    if indicators is None:
        return ordered()
    if isinstance(indicators, str):
        indicators = [indicators]
    return [item if isinstance(item, Indicator) else get(item) for item in indicators]


def _params_for(chosen: list[Indicator], params: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    known = {name for ind in chosen for name in ind.params}
    unknown = sorted(set(params) - known)
    if unknown:
        raise ValueError(
            f"unknown parameter(s) {', '.join(unknown)}; the chosen indicators take: "
            f"{', '.join(sorted(known)) or 'none'}"
        )
    return {
        ind.id: {**ind.params, **{k: v for k, v in params.items() if k in ind.params}}
        for ind in chosen
    }


def _units(records: Records, years: list[int], length: int) -> pd.DataFrame:
    villages = records.villages(years)
    units = pd.DataFrame(
        {
            "unit": villages["code"].to_numpy() // 10 ** (12 - length),
            "year": villages["year"].to_numpy(),
        }
    )
    return units.drop_duplicates().sort_values(["unit", "year"], ignore_index=True)


def _names(dataset: Dataset) -> dict[str, str]:
    names = dict(zip(dataset.divisions["code"], dataset.divisions["name"], strict=True))
    villages = dataset.villages.sort_values("year").drop_duplicates("village_code", keep="last")
    for code, name in zip(villages["village_code"], villages["name"], strict=True):
        names.setdefault(code, name)
    return names


def _categories(contrib: pd.DataFrame) -> list[str]:
    """The categories of a distribution in their declared order (unobserved ones too)."""
    column = contrib["category"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories]
    return [str(c) for c in column.unique()] if len(column) else [""]


def _aggregate(
    ind: Indicator,
    contrib: pd.DataFrame,
    units: pd.DataFrame,
    level: str,
    length: int,
    params_json: str,
    names: dict[str, str],
) -> pd.DataFrame:
    keyed = contrib.assign(unit=contrib["code"].to_numpy() // 10 ** (12 - length))
    summed = keyed.groupby(["unit", "year", "category"], sort=False, observed=True)[
        ["numerator", "denominator"]
    ].sum()
    summed = summed.reset_index().astype({"category": object})
    categories = _categories(contrib)
    full = units.merge(pd.DataFrame({"category": categories}, dtype=object), how="cross")
    rows = full.merge(summed, on=["unit", "year", "category"], how="left")
    numerator = rows["numerator"].fillna(0).astype("int64")
    if len(categories) > 1:
        # A distribution's denominator is the unit's total over all its categories.
        denominator = numerator.groupby([rows["unit"], rows["year"]]).transform("sum")
    else:
        denominator = rows["denominator"].fillna(0).astype("int64")
    ratio = ind.kind in RATIO_KINDS
    with np.errstate(divide="ignore", invalid="ignore"):
        if ratio:
            value = np.where(
                denominator > 0, numerator / denominator.where(denominator > 0, 1), np.nan
            )
            if ind.kind == "growth":
                value = value - 1
        else:
            value = numerator.to_numpy(dtype="float64")
    codes = pd.Series(rows["unit"].astype("str").str.zfill(length), dtype="str")
    return pd.DataFrame(
        {
            "indicator": ind.id,
            "category": rows["category"].to_numpy(),
            "level": level,
            "code": codes.to_numpy(),
            "name": codes.map(names).to_numpy(),
            "year": rows["year"].to_numpy(dtype="int64"),
            "numerator": numerator.to_numpy(),
            "denominator": denominator.astype("Int64")
            if ratio
            else pd.Series(pd.NA, index=rows.index, dtype="Int64"),
            "value": value,
            "kind": ind.kind,
            "params": params_json,
            "note": np.where(ratio & (denominator.to_numpy() == 0), NO_DENOMINATOR, ""),
        }
    )


def compute(
    dataset: Dataset,
    indicators: Iterable[str | Indicator] | str | None = None,
    level: str | Sequence[str] = "county",
    years: Iterable[int] | int | None = None,
    *,
    progress: bool | None = None,
    **params: Any,
) -> IndicatorTable:
    """Compute indicators from validated records, by level and year.

    ``indicators`` is None (all registered), an id, or a list of ids. ``level`` is one
    of province, city, county, township, village, a list of them, or "all". ``years``
    defaults to every year in the villages table. Keyword parameters (``threshold=30000``,
    ``reference_date="2020-06-30"``, …) go to the indicators that declare them.

    >>> import partybuild_metrics as pbm
    >>> ds = pbm.read_dataset("data/sample/parquet")
    >>> t = pbm.compute(ds, "one_person_two_posts_share", years=2020)
    >>> t[["code", "name", "numerator", "denominator"]].values.tolist()
    [['210283', '庄河市', 133, 205]]
    """
    chosen = _selected(indicators)
    levels = _levels(level)
    per_indicator = _params_for(chosen, params)
    records = Records(dataset)
    if years is None:
        year_list = sorted(int(y) for y in dataset.villages["year"].unique())
    else:
        year_list = [int(years)] if isinstance(years, int) else sorted(int(y) for y in years)
    names = _names(dataset)
    units = {lv: _units(records, year_list, DIVISION_LEVELS[lv]) for lv in levels}
    show = sys.stderr.isatty() if progress is None else progress
    steps: Iterable[Indicator] = chosen
    if show:
        from tqdm import tqdm

        steps = tqdm(chosen, desc="indicators", unit="indicator", file=sys.stderr)
    parts = []
    for ind in steps:
        used = per_indicator[ind.id]
        contrib = ind.contribute(records, year_list, used)
        params_json = json.dumps(used, ensure_ascii=False, sort_keys=True, default=str)
        for lv in levels:
            parts.append(
                _aggregate(ind, contrib, units[lv], lv, DIVISION_LEVELS[lv], params_json, names)
            )
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=TABLE_COLUMNS)
    for column in ("indicator", "category", "level", "kind", "params", "note"):
        frame[column] = frame[column].astype("category")
    return IndicatorTable(frame[TABLE_COLUMNS])
