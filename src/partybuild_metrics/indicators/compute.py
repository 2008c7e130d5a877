"""compute(): every indicator, at any level and year, from a Dataset.

The engine (:mod:`~partybuild_metrics.indicators.engine`) sums every indicator to every
level in one query; this module checks the arguments and lays the engine's result out
as an :class:`IndicatorTable`, one row per indicator, category, unit and year.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import numbers
import re
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import duckdb
import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from partybuild_metrics.errors import NoDataWarning
from partybuild_metrics.indicators.base import Indicator, get, ordered
from partybuild_metrics.indicators.engine import (
    COUNTY,
    VILLAGE_ROWS,
    Result,
    Slot,
    dataset_tables,
    fetch,
    names,
    run,
    year_table,
)
from partybuild_metrics.indicators.records import Records
from partybuild_metrics.indicators.table import TABLE_COLUMNS, IndicatorTable
from partybuild_metrics.pages import small_pages
from partybuild_metrics.records.columnar import no_progress_bar, unreadable
from partybuild_metrics.records.dataset import Dataset
from partybuild_metrics.records.schemas import TABLE_ORDER, TABLES
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
    return list(dict.fromkeys(chosen))  # a level asked twice is laid out once


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
    checked = {name: _checked(name, value) for name, value in params.items()}
    low, high = checked.get("min_age"), checked.get("max_age")
    if low is not None and high is not None and low > high:
        raise ValueError(f"min_age ({low}) is above max_age ({high})")
    return {
        ind.id: {**ind.params, **{k: v for k, v in checked.items() if k in ind.params}}
        for ind in chosen
    }


def _years(years: Iterable[int] | int) -> list[int]:
    """The years asked for, sorted: a year (2020, numpy's 2020, "2020", "2020年") or several.

    >>> _years("2020年"), _years([2020, 2019.0, 2020])
    ([2020], [2019, 2020])
    """
    if isinstance(years, str):
        return [_whole("years", years.strip().removesuffix("年"))]
    if isinstance(years, Iterable):
        return sorted({_whole("years", year) for year in years})
    return [_whole("years", years)]


_WHOLE_PARAMS = frozenset({"threshold", "min_age", "max_age", "baseline_year", "by_year"})
_RISING_PARAMS = frozenset({"bands", "bounds"})


_LARGEST: Final = 2**63 - 1
"""What a 64-bit integer, the engine's, holds."""


def _whole(name: str, value: Any) -> int:
    found: int | None = None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        found = int(value) if len(value.strip()) <= 30 else _LARGEST + 1
    elif (isinstance(value, numbers.Integral) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    ):
        found = int(value)
    if found is None:
        raise ValueError(f"parameter {name} is a whole number, got {value!r}")
    if abs(found) > _LARGEST:
        raise ValueError(f"parameter {name} is beyond what a 64-bit integer holds, got {value!r}")
    return found


def _checked(name: str, value: Any) -> Any:
    """A parameter's value as the definitions use it, or a ValueError naming it.

    >>> _checked("threshold", 30000.0), _checked("bands", "30,40")
    (30000, (30, 40))
    """
    if name in _WHOLE_PARAMS:
        return None if value is None and name != "threshold" else _whole(name, value)
    if name in _RISING_PARAMS:
        items = re.split(r"[,，、;\s]+", value.strip()) if isinstance(value, str) else value
        try:
            found = tuple(_whole(name, item) for item in items)
        except TypeError:
            raise ValueError(
                f"parameter {name} is a list of whole numbers, got {value!r}"
            ) from None
        if not found or any(a >= b for a, b in itertools.pairwise(found)):
            raise ValueError(f"parameter {name} is whole numbers rising, got {value!r}")
        return found
    if name == "reference_date" and value is not None:
        try:
            dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            raise ValueError(
                f"parameter reference_date is a date such as 2020-06-30, got {value!r}"
            ) from None
    return value


def compute(
    dataset: Dataset,
    indicators: Iterable[str | Indicator] | str | None = None,
    level: str | Sequence[str] = "county",
    years: Iterable[int] | int | None = None,
    *,
    progress: bool | None = None,
    backend: Any = None,
    **params: Any,
) -> IndicatorTable:
    """Compute indicators from validated records, by level and year.

    ``indicators`` is None (all registered), an id, or a list of ids. ``level`` is one
    of province, city, county, township, village, a list of them, or "all". ``years``
    defaults to every year in the villages table. Keyword parameters (``threshold=30000``,
    ``reference_date="2020-06-30"``, …) go to the indicators that declare them.

    Where a table an indicator counts from has no rows for a year in a unit's county,
    the unit's numerator, denominator and value are missing, with a note naming the
    table and year. ``backend`` is the Ibis backend to compute in (default: an
    in-process DuckDB); any backend Ibis supports gives the same numbers.

    >>> import partybuild_metrics as pbm
    >>> ds = pbm.read_dataset("data/sample/parquet")
    >>> t = pbm.compute(ds, "one_person_two_posts_share", years=2020)
    >>> t[["code", "name", "numerator", "denominator"]].values.tolist()
    [['210283', '庄河市', 133, 205]]
    """
    chosen = _selected(indicators)
    levels = _levels(level)
    per_indicator = _params_for(chosen, params)
    engine = backend if backend is not None else _default_engine()
    try:
        with small_pages():
            return _compute(dataset, chosen, levels, years, per_indicator, progress, engine)
    except duckdb.Error as error:  # a Parquet page no validation had to read, say
        files = [
            file
            for name in TABLE_ORDER
            if (columnar := dataset.columnar(name)) is not None
            for file in columnar.files
        ]
        if not files:
            raise
        raise unreadable(files, error) from None


def _default_engine() -> Any:
    """An in-process DuckDB through Ibis, without DuckDB's progress bar: it prints to
    standard output (where a table may be going) for any query past two seconds."""
    engine = ibis.duckdb.connect()
    no_progress_bar(engine.con)
    return engine


def _compute(
    dataset: Dataset,
    chosen: list[Indicator],
    levels: list[str],
    years: Iterable[int] | int | None,
    per_indicator: dict[str, dict[str, Any]],
    progress: bool | None,
    engine: Any,
) -> IndicatorTable:
    tables = dataset_tables(dataset, engine)
    if years is None:
        found = fetch(engine, tables["villages"].select("year").distinct())
        year_list = sorted(int(y) for y in found.column("year").to_pylist())
    else:
        year_list = _years(years)
    if not year_list:
        return IndicatorTable(pd.DataFrame(columns=TABLE_COLUMNS))
    records = Records(tables, year_list, year_table(engine, year_list))
    show = sys.stderr.isatty() if progress is None else progress
    steps: Iterable[Indicator] = chosen
    if show:
        from tqdm import tqdm

        steps = tqdm(chosen, desc="indicators", unit="indicator", file=sys.stderr)
    work = [(ind, ind.contribute(records, year_list, per_indicator[ind.id])) for ind in steps]
    if not work:
        return IndicatorTable(pd.DataFrame(columns=TABLE_COLUMNS))
    params_json = {
        ind.id: json.dumps(per_indicator[ind.id], ensure_ascii=False, sort_keys=True, default=str)
        for ind in chosen
    }
    result = run(engine, records, work, params_json, levels)
    labels = _Labels(result.slots, params_json)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pbm-names") as aside:
        # the units' names are looked up in the engine while Python sorts the units
        naming = aside.submit(names, engine, records, _every_code(result))
        units = _Units.of(result, levels)
        _warn_of_absent_years(year_list, units.year, years is None)
        code_index, code_values = _codes(units.code)
        unit_names = naming.result()
    return _assemble(units, (code_index, code_values), result, levels, labels, unit_names)


def _every_code(result: Result) -> pa.Array:
    """The codes of the engine's result in any order (some more than once)."""
    parts = [result.villages, *([result.upper] if result.upper is not None else [])]
    chunks = [chunk.cast(pa.string()) for part in parts for chunk in part.column("code").chunks]
    return pa.concat_arrays(chunks) if chunks else pa.array([], pa.string())


class _Units:
    """The engine's units in the table's order (level, code, year), with their sums as
    numpy columns in that order (a blank sum, a unit with no rows, is 0) and, for each
    table counted from, whether the unit's county (or any of its counties) has rows
    that year."""

    def __init__(self, rank: np.ndarray, code: pa.Array, year: np.ndarray) -> None:
        self.rank = rank
        self.code = code
        self.year = year
        self.sums: dict[str, np.ndarray] = {}
        self.present: dict[str, np.ndarray] = {}

    @classmethod
    def of(cls, result: Result, levels: list[str]) -> _Units:
        parts = [result.villages, *([result.upper] if result.upper is not None else [])]
        villages = _numpy(pc.equal(result.villages.column("kind"), VILLAGE_ROWS))
        ranks = [np.where(villages, levels.index("village") if "village" in levels else -1, -1)]
        if result.upper is not None:
            ranks.append(
                _numpy(pc.index_in(result.upper.column("level"), value_set=pa.array(levels)))
            )
        rank = np.concatenate(ranks).astype(np.int8)
        code = pa.chunked_array([c for p in parts for c in p.column("code").chunks], pa.string())
        year = pa.chunked_array([c for p in parts for c in p.column("year").chunks], pa.int64())
        order = pc.sort_indices(
            pa.table({"rank": rank, "code": code, "year": year}),
            [("rank", "ascending"), ("code", "ascending"), ("year", "ascending")],
        )
        # Presence rows (rank -1) sort first: they are not units.
        order = _numpy(order.slice(int(np.count_nonzero(rank == -1))))
        units = cls(rank[order], pc.take(code, order).combine_chunks(), _numpy(year)[order])
        # Each sum taken once into the units' order: the layout then copies slices of it.
        for name in result.columns:
            column = pa.chunked_array([c for p in parts for c in p.column(name).chunks], pa.int64())
            if column.null_count:  # DuckDB's sums come filled; other engines' may not
                column = pc.fill_null(column, 0)
            units.sums[name] = _numpy(column)[order]
        units.present = _presence(units, result, levels)
        return units


def _warn_of_absent_years(asked: list[int], found: np.ndarray, every: bool) -> None:
    """Say which years asked for have no village rows (and so no rows in the table)."""
    if every:
        return
    # a lookup per year asked (found is as long as the units: no sort of it)
    absent = [year for year, here in zip(asked, np.isin(asked, found), strict=True) if not here]
    if absent:
        listed = ", ".join(str(year) for year in absent)
        warnings.warn(
            f"no villages in {listed}: the table has no rows for "
            f"{'that year' if len(absent) == 1 else 'those years'} "
            f"(本数据集{listed}年无村记录)",
            NoDataWarning,
            stacklevel=4,
        )


def _numpy(values: pa.ChunkedArray | pa.Array) -> np.ndarray:
    if isinstance(values, pa.ChunkedArray):
        if values.num_chunks == 0:
            return np.zeros(0, dtype=values.type.to_pandas_dtype())
        if values.num_chunks > 1:
            return np.concatenate([_numpy(chunk) for chunk in values.chunks])
        values = values.chunk(0)
    return np.asarray(values.to_numpy(zero_copy_only=False))


def _presence(units: _Units, result: Result, levels: list[str]) -> dict[str, np.ndarray]:
    """For each table, True where the unit's county has rows of it in the year; above
    counties, where any of the unit's counties has."""
    present = {table: np.zeros(len(units.year), dtype=bool) for table in result.tables}
    if not result.tables or not len(units.year):
        return present
    county = result.presence.column("code")
    years = _numpy(result.presence.column("year"))
    edges = np.searchsorted(units.rank, np.arange(len(levels) + 1))
    for rank, level in enumerate(levels):
        rows = slice(int(edges[rank]), int(edges[rank + 1]))
        length = min(DIVISION_LEVELS[level], COUNTY)
        mine = _numpy(pc.cast(pc.utf8_slice_codeunits(units.code[rows], 0, length), pa.int64()))
        theirs = _numpy(pc.cast(pc.utf8_slice_codeunits(county, 0, length), pa.int64()))
        keys = mine * 10_000 + units.year[rows]
        for table in result.tables:
            has = _numpy(result.presence.column(f"has_{table}")) > 0
            found = np.unique(theirs[has] * 10_000 + years[has])
            at = np.searchsorted(found, keys).clip(max=max(len(found) - 1, 0))
            present[table][rows] = found[at] == keys if len(found) else False
    return present


def no_data_note(tables: Sequence[str], year: int) -> str:
    """The note of a value that is missing because tables have no rows for the year.

    >>> no_data_note(["cadres"], 2018)
    '2018年无村两委成员(cadres)记录 / no rows in table cadres for 2018'
    """
    zh = "、".join(f"{TABLES[t].name_zh}({t})" for t in tables)
    return f"{year}年无{zh}记录 / no rows in table {', '.join(tables)} for {year}"


def _codes(column: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """Each row's index into the column's distinct values, and those values, for a column
    whose equal values lie next to each other (the units, sorted by code)."""
    changed = np.ones(len(column), dtype=bool)
    if len(column) > 1:
        changed[1:] = _numpy(pc.not_equal(column[1:], column[:-1]))
    return np.cumsum(changed) - 1, column.filter(pa.array(changed))


def _dtype(categories: Sequence[str] | pa.Array) -> pd.CategoricalDtype:
    """The categorical type of labels: a few checked to be distinct here, once; Arrow
    arrays (the units' codes and names, hundreds of thousands) are distinct by
    construction (runs of sorted codes, a dictionary's values), and pandas' check of
    them took 0.17 s of a national run."""
    if not isinstance(categories, pa.Array):
        return pd.CategoricalDtype(pd.Index(list(categories)))
    index = pd.Index(categories.to_pandas(), dtype="str")
    unchecked = getattr(pd.CategoricalDtype, "_from_fastpath", None)  # pandas' own, private
    if unchecked is not None:
        try:
            found: pd.CategoricalDtype = unchecked(index, False)
            return found
        except TypeError:  # another pandas: its public, checking constructor
            pass
    return pd.CategoricalDtype(index)


def _labels(
    codes: np.ndarray, categories: Sequence[str] | pa.Array | pd.CategoricalDtype
) -> pd.Categorical[str]:
    # The codes index ``categories`` by construction: checking 36M of them again costs.
    dtype = categories if isinstance(categories, pd.CategoricalDtype) else _dtype(categories)
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _code_type(count: int) -> type[np.signedinteger[Any]]:
    """The integer type pandas keeps for the codes of ``count`` categories (so no copy)."""
    for kind in (np.int8, np.int16, np.int32):
        if count < np.iinfo(kind).max:
            return kind
    return np.int64


def _unit_names(codes: pa.Array, unit_names: pa.Table) -> tuple[np.ndarray, pa.Array]:
    """For each code, the index of its name ('' when it has none), and the names."""
    known = pc.index_in(codes, value_set=unit_names.column("code"))
    named = pc.fill_null(pc.take(unit_names.column("name"), known), "")
    encoded = pc.dictionary_encode(named)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return _numpy(encoded.indices), encoded.dictionary


class _NoData:
    """The units of one level where a table an indicator counts from has no rows that
    year: which (``units``), and the note of each (``texts[which]``)."""

    def __init__(self, units: np.ndarray, which: np.ndarray, texts: list[str]) -> None:
        self.units = units
        self.any = bool(units.any())
        self.which = which
        self.texts = texts

    @classmethod
    def of(cls, present: list[np.ndarray], tables: Sequence[str], years: np.ndarray) -> _NoData:
        # Bit t of ``absent`` is set where table t has no rows in the unit's county (or
        # counties) that year.
        absent = np.zeros(len(years), np.int64)
        for bit, has in enumerate(present):
            absent |= (~has).astype(np.int64) << bit
        units = absent != 0
        if not units.any():
            return cls(units, np.zeros(0, np.int64), [])
        # One note per combination of absent tables and year.
        combos, which = np.unique(absent[units] * 10_000 + years[units], return_inverse=True)
        texts = []
        for combo in combos.tolist():
            bits, year = divmod(combo, 10_000)
            texts.append(no_data_note([t for bit, t in enumerate(tables) if bits >> bit & 1], year))
        return cls(units, which, texts)


class _Labels:
    """The labels of the table's categorical columns that the slots decide."""

    def __init__(self, slots: Sequence[Slot], params_json: Mapping[str, str]) -> None:
        self.slots = list(slots)
        self.ids = [s.indicator.id for s in slots]
        self.categories = list(dict.fromkeys(c for s in slots for c in (s.categories or ("",))))
        self.kinds = list(dict.fromkeys(s.indicator.kind for s in slots))
        self.params_of = {s.indicator.id: params_json[s.indicator.id] for s in slots}
        self.params_values = list(dict.fromkeys(self.params_of.values()))


_FIXED_TYPES: dict[str, type] = {
    "level": np.int8, "year": np.int64, "numerator": np.int64, "numerator_missing": bool,
    "denominator": np.int64, "denominator_missing": bool, "value": np.float64,
    "kind": np.int8,
}  # fmt: skip
"""Output columns whose type does not depend on how many units or names there are."""


def _output_columns(
    rows: int, labels: _Labels, codes: int, names: int, notes: int
) -> dict[str, np.ndarray]:
    """The table's columns as numpy arrays of its full length, to be written block by
    block; those of the units' codes, names and notes typed for their counts (pandas
    would copy codes of a wider type)."""
    return {
        "indicator": np.empty(rows, _code_type(len(labels.slots))),
        "category": np.empty(rows, _code_type(len(labels.categories))),
        "params": np.empty(rows, _code_type(len(labels.params_values))),
        "code": np.empty(rows, _code_type(codes)),
        "name": np.empty(rows, _code_type(names)),
        "note": np.empty(rows, _code_type(notes)),
        **{name: np.empty(rows, dtype) for name, dtype in _FIXED_TYPES.items()},
    }


def _assemble(
    units: _Units,
    codes: tuple[np.ndarray, pa.Array],
    result: Result,
    levels: list[str],
    labels: _Labels,
    unit_names: pa.Table,
) -> IndicatorTable:
    """Lay the engine's result out as the tidy table, block by block.

    Blocks come indicator by indicator, level by level, units by code and year, each
    unit's categories in their declared order. Every output column is allocated once at
    its full length and each block written into it in place (numpy broadcasting, no
    temporaries as long as the block).
    """
    slots = result.slots
    edges = np.searchsorted(units.rank, np.arange(len(levels) + 1))
    spans = {lv: (int(edges[i]), int(edges[i + 1])) for i, lv in enumerate(levels)}
    code_index, code_values = codes
    name_of_code, name_values = _unit_names(code_values, unit_names)
    name_index = name_of_code[code_index]
    code_dtype, name_dtype = _dtype(code_values), _dtype(name_values)
    years = units.year
    sums = units.sums
    width = {slot.index: len(slot.categories or ("",)) for slot in slots}
    total = sum((stop - start) * width[s.index] for s in slots for start, stop in spans.values())

    categories, kinds, params_values = labels.categories, labels.kinds, labels.params_values
    category_at = {c: i for i, c in enumerate(categories)}
    blocks: list[tuple[Slot, str, int]] = []
    at = 0
    for slot in slots:
        for lv in levels:
            start, stop = spans[lv]
            if stop > start:
                blocks.append((slot, lv, at))
            at += (stop - start) * width[slot.index]

    def needed(slot: Slot) -> tuple[str, ...]:
        return tuple(t for t in slot.indicator.tables if t != "villages")

    # The units of a level where a table an indicator counts from has no rows, found once
    # for every indicator that counts from the same tables; their notes numbered in the
    # blocks' order.
    notes = ["", NO_DENOMINATOR]
    missing: dict[tuple[str, tuple[str, ...]], _NoData] = {}
    note_codes: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}
    for slot, lv, _ in blocks:
        key = (lv, needed(slot))
        if key not in missing:
            start, stop = spans[lv]
            missing[key] = _NoData.of(
                [units.present[table][start:stop] for table in key[1]], key[1], years[start:stop]
            )
            notes += [text for text in missing[key].texts if text not in notes]
            note_codes[key] = np.array([notes.index(t) for t in missing[key].texts], np.int64)
    out = _output_columns(total, labels, len(code_values), len(name_values), len(notes))

    def fill(slot: Slot, lv: str, at: int) -> None:
        """Write the block of one indicator at one level, starting at row ``at``."""
        ind = slot.indicator
        k = width[slot.index]
        ratio = ind.kind in RATIO_KINDS
        own = np.array([category_at[c] for c in (slot.categories or ("",))])
        start, stop = spans[lv]
        n = stop - start
        piece = slice(at, at + n * k)
        rows = slice(start, stop)

        def block(name: str) -> np.ndarray:
            """The block of an output column as n units × k categories (a view)."""
            return out[name][piece].reshape(n, k)

        numerator = block("numerator")
        denominator = block("denominator")
        for j, column in enumerate(slot.numerators):
            numerator[:, j] = sums[column][rows]
        if ratio and slot.categories is not None:
            denominator[:] = numerator.sum(axis=1, keepdims=True)
        elif ratio and slot.denominator is not None:
            denominator[:, 0] = sums[slot.denominator][rows]
        else:
            denominator[:] = 0
        no_data = missing[lv, needed(slot)]
        unit_no_data = no_data.units
        out["indicator"][piece] = slot.index
        block("category")[:] = own
        out["level"][piece] = levels.index(lv)
        block("code")[:] = code_index[rows, None]
        block("name")[:] = name_index[rows, None]
        block("year")[:] = years[rows, None]
        block("numerator_missing")[:] = unit_no_data[:, None]
        block("denominator_missing")[:] = unit_no_data[:, None] | (not ratio)
        flat_numerator, flat_denominator = out["numerator"][piece], out["denominator"][piece]
        value = out["value"][piece]
        if ratio:
            positive = flat_denominator > 0
            np.divide(flat_numerator, flat_denominator, out=value, where=positive)
            value[~positive] = np.nan
            if ind.kind == "growth":
                value -= 1
        else:
            value[:] = flat_numerator
        if no_data.any:
            block("value")[unit_no_data] = np.nan
            # under a missing value lies 0, whatever the engine summed: equal tables are
            # equal bytes
            numerator[unit_no_data] = 0
            denominator[unit_no_data] = 0
        out["kind"][piece] = kinds.index(ind.kind)
        out["params"][piece] = params_values.index(labels.params_of[ind.id])
        note = out["note"][piece]
        note[:] = 0
        if ratio:
            note[flat_denominator == 0] = 1
        if no_data.any:
            codes = note_codes[lv, needed(slot)]
            block("note")[unit_no_data] = codes[no_data.which][:, None]

    # The blocks are disjoint and numpy lets go of the GIL while it copies: two threads
    # fill them about twice as fast as one, the output being new memory to write.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pbm-layout") as pool:
        list(pool.map(lambda b: fill(*b), blocks))
    ids = labels.ids
    columns: dict[str, Any] = {
        "indicator": _labels(out.pop("indicator"), ids),
        "category": _labels(out.pop("category"), categories),
        "level": _labels(out.pop("level"), list(levels)),
        "code": _labels(out.pop("code"), code_dtype),
        "name": _labels(out.pop("name"), name_dtype),
        "year": out.pop("year"),
        "numerator": pd.arrays.IntegerArray(out.pop("numerator"), out.pop("numerator_missing")),
        "denominator": pd.arrays.IntegerArray(
            out.pop("denominator"), out.pop("denominator_missing")
        ),
        "value": out.pop("value"),
        "kind": _labels(out.pop("kind"), kinds),
        "params": _labels(out.pop("params"), params_values),
        "note": _labels(out.pop("note"), notes),
    }
    # The arrays become the table's columns as they are: copying them would double the
    # largest allocation of the whole computation.
    frame = pd.DataFrame(columns, copy=False)
    return IndicatorTable(frame[TABLE_COLUMNS])
