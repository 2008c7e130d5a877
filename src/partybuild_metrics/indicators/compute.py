"""compute(): every indicator, at any level and year, from a Dataset.

The engine (:mod:`~partybuild_metrics.indicators.engine`) sums every indicator to every
level in one query; this module checks the arguments and lays the engine's result out
as an :class:`IndicatorTable`, one row per indicator, category, unit and year.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from partybuild_metrics.indicators.base import Indicator, get, ordered
from partybuild_metrics.indicators.engine import Slot, fetch, frame_tables, names, run, year_table
from partybuild_metrics.indicators.records import Records
from partybuild_metrics.indicators.table import TABLE_COLUMNS, IndicatorTable
from partybuild_metrics.records.dataset import Dataset
from partybuild_metrics.records.schemas import TABLES
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
    engine = backend if backend is not None else ibis.duckdb.connect()
    tables = frame_tables(dataset.tables, engine)
    if years is None:
        found = fetch(engine, tables["villages"].select("year").distinct())
        year_list = sorted(int(y) for y in found.column("year").to_pylist())
    else:
        year_list = [int(years)] if isinstance(years, int) else sorted(int(y) for y in years)
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
    result, slots = run(engine, records, work, params_json, levels)
    columns = _sorted_columns(result, levels)
    del result  # each column is now a sorted numpy copy: the engine's table can go
    return _assemble(columns, slots, levels, params_json, names(engine, records))


def _sorted_columns(result: pa.Table, levels: list[str]) -> dict[str, Any]:
    """The engine's result as numpy columns, by level, code and year; a blank sum (a
    unit with no rows) is 0. Only the keys are sorted: the columns are taken in order."""
    rank = pc.index_in(result.column("level"), value_set=pa.array(levels))
    keys = pa.table({"rank": rank, "code": result.column("code"), "year": result.column("year")})
    order = pc.sort_indices(
        keys, [("rank", "ascending"), ("code", "ascending"), ("year", "ascending")]
    ).to_numpy()
    columns: dict[str, Any] = {
        "rank": rank.to_numpy(zero_copy_only=False)[order],
        "code": result.column("code").take(order),
        "year": result.column("year").to_numpy()[order],
    }
    for name in result.column_names:
        if (name[0] in "nd" and name[1:2].isdigit()) or name.startswith("has_"):
            columns[name] = pc.fill_null(result.column(name), 0).to_numpy()[order]
    return columns


def no_data_note(tables: Sequence[str], year: int) -> str:
    """The note of a value that is missing because tables have no rows for the year.

    >>> no_data_note(["cadres"], 2018)
    '2018年无村两委成员(cadres)记录 / no rows in table cadres for 2018'
    """
    zh = "、".join(f"{TABLES[t].name_zh}({t})" for t in tables)
    return f"{year}年无{zh}记录 / no rows in table {', '.join(tables)} for {year}"


def _codes(column: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, list[str]]:
    """Each row's index into the column's distinct values, and those values."""
    encoded = pc.dictionary_encode(column)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


def _labels(codes: np.ndarray, categories: Sequence[str]) -> pd.Categorical[str]:
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(categories)))


def _code_type(count: int) -> type[np.signedinteger[Any]]:
    """The integer type pandas keeps for the codes of ``count`` categories (so no copy)."""
    for kind in (np.int8, np.int16, np.int32):
        if count < np.iinfo(kind).max:
            return kind
    return np.int64


def _unit_names(codes: list[str], unit_names: pa.Table) -> tuple[np.ndarray, list[str]]:
    """For each code, the index of its name ('' when it has none), and the names."""
    known = pd.Index(unit_names.column("code").to_pandas()).get_indexer(codes)
    found = unit_names.column("name").to_numpy(zero_copy_only=False)
    named = np.where(known >= 0, found[known] if len(found) else "", "")
    index, values = pd.factorize(named)
    return index, [str(v) for v in values]


def _assemble(
    result: dict[str, Any],
    slots: list[Slot],
    levels: list[str],
    params_json: dict[str, str],
    unit_names: pa.Table,
) -> IndicatorTable:
    """Lay the engine's wide result out as the tidy table, block by block.

    Blocks come indicator by indicator, level by level, units by code and year, each
    unit's categories in their declared order. Every output column is allocated once at
    its full length and filled block by block.
    """
    numbers = result
    edges = np.searchsorted(result["rank"], np.arange(len(levels) + 1))
    spans = {lv: (int(edges[i]), int(edges[i + 1])) for i, lv in enumerate(levels)}
    code_index, code_values = _codes(result["code"])
    name_of_code, name_values = _unit_names(code_values, unit_names)
    name_index = name_of_code[code_index]
    years = result["year"]
    width = {slot.index: len(slot.categories or ("",)) for slot in slots}
    total = sum((stop - start) * width[s.index] for s in slots for start, stop in spans.values())

    categories = list(dict.fromkeys(c for s in slots for c in (s.categories or ("",))))
    category_at = {c: i for i, c in enumerate(categories)}
    kinds = list(dict.fromkeys(s.indicator.kind for s in slots))
    params_values = list(dict.fromkeys(params_json[s.indicator.id] for s in slots))
    notes = ["", NO_DENOMINATOR]
    out: dict[str, np.ndarray] = {
        "indicator": np.empty(total, _code_type(len(slots))),
        "category": np.empty(total, _code_type(len(categories))),
        "level": np.empty(total, np.int8),
        "code": np.empty(total, _code_type(len(code_values))),
        "name": np.empty(total, _code_type(len(name_values))),
        "year": np.empty(total, np.int64),
        "numerator": np.empty(total, np.int64),
        "numerator_missing": np.empty(total, bool),
        "denominator": np.empty(total, np.int64),
        "denominator_missing": np.empty(total, bool),
        "value": np.empty(total, np.float64),
        "kind": np.empty(total, np.int8),
        "params": np.empty(total, _code_type(len(params_values))),
        "note": np.empty(total, np.int16),
    }
    at = 0
    for slot in slots:
        ind = slot.indicator
        k = width[slot.index]
        ratio = ind.kind in RATIO_KINDS
        own = list(slot.categories or ("",))
        needed = [t for t in ind.tables if t != "villages"]
        for lv in levels:
            start, stop = spans[lv]
            n = stop - start
            size = n * k
            piece = slice(at, at + size)
            rows = slice(start, stop)
            at += size
            if not n:
                continue
            if k > 1:
                numerators = np.column_stack([numbers[c][rows] for c in slot.numerators])
                numerator = numerators.ravel()
            else:
                numerator = numbers[slot.numerators[0]][rows]
            if slot.categories is not None:
                totals = numerators.sum(axis=1) if k > 1 else numerator
                denominator = np.repeat(totals, k) if k > 1 else totals.copy()
            elif slot.denominator:
                denominator = numbers[f"d{slot.index}"][rows]
            else:
                denominator = np.zeros(n, np.int64)
            # Bit t of ``absent`` is set where needed table t has no rows in the unit's
            # county (or counties) that year.
            absent = np.zeros(n, np.int64)
            for bit, table in enumerate(needed):
                absent |= (numbers[f"has_{table}"][rows] == 0).astype(np.int64) << bit
            unit_no_data = absent != 0
            no_data = np.repeat(unit_no_data, k) if k > 1 else unit_no_data
            out["indicator"][piece] = slot.index
            out["category"][piece] = np.tile([category_at[c] for c in own], n)
            out["level"][piece] = levels.index(lv)
            out["code"][piece] = np.repeat(code_index[rows], k)
            out["name"][piece] = np.repeat(name_index[rows], k)
            out["year"][piece] = np.repeat(years[rows], k)
            out["numerator"][piece] = numerator
            out["numerator_missing"][piece] = no_data
            out["denominator"][piece] = denominator
            out["denominator_missing"][piece] = no_data | (not ratio)
            value = out["value"][piece]
            if ratio:
                np.divide(numerator, denominator, out=value, where=denominator > 0)
                value[denominator <= 0] = np.nan
                if ind.kind == "growth":
                    value -= 1
            else:
                value[:] = numerator
            value[no_data] = np.nan
            out["kind"][piece] = kinds.index(ind.kind)
            out["params"][piece] = params_values.index(params_json[ind.id])
            note = out["note"][piece]
            note[:] = 0
            if ratio:
                note[denominator == 0] = 1
            if unit_no_data.any():
                # One note per combination of absent tables and year.
                key = absent[unit_no_data] * 10_000 + years[rows][unit_no_data]
                combos, which = np.unique(key, return_inverse=True)
                codes = []
                for combo in combos.tolist():
                    bits, year = divmod(combo, 10_000)
                    gone = [t for bit, t in enumerate(needed) if bits >> bit & 1]
                    text = no_data_note(gone, year)
                    if text not in notes:
                        notes.append(text)
                    codes.append(notes.index(text))
                unit_note = np.zeros(n, np.int32)
                unit_note[unit_no_data] = np.array(codes, np.int32)[which]
                note[no_data] = np.repeat(unit_note, k)[no_data]
    # Under a missing value lies 0, whatever the engine summed: equal tables are equal bytes.
    out["numerator"][out["numerator_missing"]] = 0
    out["denominator"][out["denominator_missing"]] = 0
    ids = [s.indicator.id for s in slots]
    columns: dict[str, Any] = {
        "indicator": _labels(out.pop("indicator"), ids),
        "category": _labels(out.pop("category"), categories),
        "level": _labels(out.pop("level"), list(levels)),
        "code": _labels(out.pop("code"), code_values),
        "name": _labels(out.pop("name"), name_values),
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
