"""compute(): every indicator, at any level and year, from a Dataset."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from partybuild_metrics.indicators.base import Indicator, get, ordered
from partybuild_metrics.indicators.records import Records
from partybuild_metrics.indicators.table import TABLE_COLUMNS, IndicatorTable
from partybuild_metrics.records.dataset import Dataset
from partybuild_metrics.records.vocabularies import DIVISION_LEVELS

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


@dataclass(frozen=True)
class Units:
    """The units of one level in the years computed, built once and shared by every indicator.

    ``key`` is unit code × 10000 + year (int64, sorted); ``code`` and ``name`` are codes
    into the table-wide categories, so the output's code and name columns are
    categoricals that concatenate without copying strings.
    """

    level: str
    key: np.ndarray
    year: np.ndarray
    code: np.ndarray
    name: np.ndarray


def _units(records: Records, years: list[int], level: str, categories: Categories) -> Units:
    length = DIVISION_LEVELS[level]
    villages = records.villages(years)
    unit = villages["code"].to_numpy() // 10 ** (12 - length)
    key = np.unique(unit * 10_000 + villages["year"].to_numpy())
    unit, year = key // 10_000, key % 10_000
    code_text = pd.Series(unit).astype("str").str.zfill(length)
    code_index = categories.code_index(code_text)
    name_index = categories.name_index(code_text)
    return Units(level, key, year, code_index, name_index)


class Categories:
    """Category lists for the output's code and name columns, shared by every level."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.codes: dict[str, int] = {}
        self.name_values: dict[str, int] = {"": 0}

    def code_index(self, codes: pd.Series) -> np.ndarray:
        """Index of each code in the code categories (codes repeat across years)."""
        unique, inverse = np.unique(codes.to_numpy(dtype=object), return_inverse=True)
        positions = np.array(
            [self.codes.setdefault(c, len(self.codes)) for c in unique], dtype=np.int32
        )
        return positions[inverse]

    def name_index(self, codes: pd.Series) -> np.ndarray:
        """Index of each code's name in the name categories ('' when the code has none)."""
        unique, inverse = np.unique(codes.to_numpy(dtype=object), return_inverse=True)
        positions = np.array(
            [
                self.name_values.setdefault(self.names.get(c, ""), len(self.name_values))
                for c in unique
            ],
            dtype=np.int32,
        )
        return positions[inverse]


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


def _aggregate(ind: Indicator, contrib: pd.DataFrame, units: Units) -> dict[str, Any]:
    """Sum an indicator's contributions over the units of one level: one block of rows."""
    length = DIVISION_LEVELS[units.level]
    categories = _categories(contrib)
    key = (contrib["code"].to_numpy() // 10 ** (12 - length)) * 10_000 + contrib["year"].to_numpy()
    category = pd.Categorical(contrib["category"].astype(object), categories=categories).codes
    n_units, n_categories = len(units.key), len(categories)
    position = np.searchsorted(units.key, key) * n_categories + category
    size = n_units * n_categories
    numerator = np.bincount(position, weights=contrib["numerator"].to_numpy(), minlength=size)
    numerator = np.rint(numerator).astype(np.int64)
    if n_categories > 1:
        # A distribution's denominator is the unit's total over all its categories.
        denominator = np.repeat(numerator.reshape(n_units, n_categories).sum(axis=1), n_categories)
    else:
        denominator = np.rint(
            np.bincount(position, weights=contrib["denominator"].to_numpy(), minlength=size)
        ).astype(np.int64)
    ratio = ind.kind in RATIO_KINDS
    with np.errstate(divide="ignore", invalid="ignore"):
        if ratio:
            value = np.where(
                denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan
            )
            if ind.kind == "growth":
                value = value - 1
        else:
            value = numerator.astype("float64")
    return {
        "category": np.tile(np.arange(n_categories), n_units),
        "categories": categories,
        "code": np.repeat(units.code, n_categories),
        "name": np.repeat(units.name, n_categories),
        "year": np.repeat(units.year, n_categories),
        "numerator": numerator,
        "denominator": denominator,
        "ratio": ratio,
        "value": value,
        "missing": ratio & (denominator == 0),
    }


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
    categories = Categories(_names(dataset))
    units = {lv: _units(records, year_list, lv, categories) for lv in levels}
    show = sys.stderr.isatty() if progress is None else progress
    steps: Iterable[Indicator] = chosen
    if show:
        from tqdm import tqdm

        steps = tqdm(chosen, desc="indicators", unit="indicator", file=sys.stderr)
    blocks: list[tuple[Indicator, str, str, dict[str, Any]]] = []
    for ind in steps:
        used = per_indicator[ind.id]
        contrib = ind.contribute(records, year_list, used)
        params_json = json.dumps(used, ensure_ascii=False, sort_keys=True, default=str)
        for lv in levels:
            blocks.append((ind, lv, params_json, _aggregate(ind, contrib, units[lv])))
    return _assemble(blocks, categories)


def _labels(values: list[str], per_block: list[int]) -> pd.Categorical[str]:
    """One label per block, repeated over the block's rows, as a categorical."""
    categories = list(dict.fromkeys(values))
    index = {value: i for i, value in enumerate(categories)}
    codes = np.repeat(np.array([index[v] for v in values], dtype=np.int32), per_block)
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories))


def _assemble(
    blocks: list[tuple[Indicator, str, str, dict[str, Any]]], categories: Categories
) -> IndicatorTable:
    if not blocks:
        return IndicatorTable(pd.DataFrame(columns=TABLE_COLUMNS))
    sizes = [len(block["numerator"]) for _, _, _, block in blocks]

    def joined(key: str) -> np.ndarray:
        """One column of every block, each block's piece freed as soon as it is joined."""
        return np.concatenate([block.pop(key) for *_, block in blocks])

    all_categories = list(
        dict.fromkeys(c for _, _, _, block in blocks for c in block["categories"])
    )
    category_index = {c: i for i, c in enumerate(all_categories)}
    category_codes = np.concatenate(
        [
            np.array([category_index[c] for c in block["categories"]], dtype=np.int32)[
                block.pop("category")
            ]
            for *_, block in blocks
        ]
    )
    has_denominator = np.repeat([block["ratio"] for *_, block in blocks], sizes)
    names = list(categories.name_values)
    columns: dict[str, Any] = {
        "indicator": _labels([ind.id for ind, *_ in blocks], sizes),
        "category": pd.Categorical.from_codes(category_codes, categories=pd.Index(all_categories)),
        "level": _labels([lv for _, lv, _, _ in blocks], sizes),
        "code": pd.Categorical.from_codes(
            joined("code"), categories=pd.Index(list(categories.codes))
        ),
        "name": pd.Categorical.from_codes(joined("name"), categories=pd.Index(names)),
        "year": joined("year").astype(np.int64, copy=False),
        "numerator": joined("numerator"),
        "denominator": pd.arrays.IntegerArray(joined("denominator"), ~has_denominator),
        "value": joined("value"),
        "kind": _labels([ind.kind for ind, *_ in blocks], sizes),
        "params": _labels([params for _, _, params, _ in blocks], sizes),
        "note": pd.Categorical.from_codes(
            joined("missing").astype(np.int8), categories=pd.Index(["", NO_DENOMINATOR])
        ),
    }
    # The joined arrays become the table's columns as they are: copying them would
    # double the largest allocation of the whole computation.
    frame = pd.DataFrame(columns, copy=False)
    return IndicatorTable(frame[TABLE_COLUMNS])
