"""The engine: every chosen indicator summed by village, then by code prefix, in one query.

Definitions are Ibis expressions (:class:`~partybuild_metrics.indicators.base.Contribution`);
this module turns them into one relational plan and runs it on an Ibis backend, an
in-process DuckDB unless the caller passes another. The plan, as a statistician would
write it by hand:

1. per source relation, one aggregate by (village, year) holding the numerator and
   denominator sums of every indicator counting from it (a distribution: one sum per
   category);
2. the villages of the years, left-joined to those aggregates (a village with no rows
   gets 0), and to whether its county has rows of each table the indicators need;
3. the village rows as they are, plus one aggregate per upper level by code prefix;
4. names joined on.

Only the result, one row per unit and year with one column per sum, crosses into
Python, through Arrow. Sums are 64-bit integers (an overflow is an error in the
engine, never a wrapped or rounded number).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
from ibis.common.deferred import Deferred

from partybuild_metrics.indicators.base import Amount, Contribution, Indicator
from partybuild_metrics.indicators.records import Records
from partybuild_metrics.records.schemas import TABLE_ORDER, columns_of
from partybuild_metrics.records.vocabularies import DIVISION_LEVELS

COUNTY = DIVISION_LEVELS["county"]
_ARROW_TYPES: dict[str, pa.DataType] = {
    "year": pa.int64(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "bool_post": pa.bool_(),
    "party_member": pa.bool_(),
    "date": pa.timestamp("ns"),
    "money": pa.float64(),
}
ORDERED_TABLES = ("first_secretaries", "spot_checks")
"""Tables whose file order a definition uses (a posting's rank): they get a ``pos`` column."""


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow types of a record table's columns, as the engine receives them.

    Text is ``large_string``, as pandas hands it over, so that it is not copied.

    >>> arrow_schema("collective_income").types
    [DataType(large_string), DataType(int64), DataType(double)]
    """
    return pa.schema(
        [
            (name, _ARROW_TYPES.get(spec.kind, pa.large_string()))
            for name, spec in columns_of(table).items()
        ]
    )


def register(backend: Any, name: str, data: pa.Table) -> ir.Table:
    """``data`` as a table of the backend under ``name``, without copying it into DuckDB.

    Stable names make the compiled query the same text for the same definitions, so
    :func:`run` compiles it once per process.
    """
    if backend.name == "duckdb":
        backend.con.register(name, data)  # a view on the Arrow data
        # Queries to DuckDB are compiled here and run by name (see ``fetch``): the table
        # needs no lookup in its catalogue.
        return ibis.table(ibis.Schema.from_pyarrow(data.schema), name=name)
    return backend.create_table(name, data, overwrite=True)


def fetch(backend: Any, query: ir.Table) -> pa.Table:
    """The rows of ``query`` as Arrow, typed as the query says."""
    if backend.name != "duckdb":
        return backend.to_pyarrow(query)
    return _run_sql(backend, str(backend.compile(query)), query.schema().to_pyarrow())


def _run_sql(backend: Any, sql: str, schema: pa.Schema) -> pa.Table:
    # DuckDB sums BIGINT into HUGEINT; the cast back raises on overflow, never wraps.
    return backend.con.sql(sql).to_arrow_table().cast(schema)


def frame_tables(frames: Mapping[str, pd.DataFrame], backend: Any) -> dict[str, ir.Table]:
    """Validated pandas tables as tables of the backend (Arrow underneath; numbers and
    Arrow text are not copied). Tables read in file order get their row position as ``pos``."""
    tables = {}
    for name in TABLE_ORDER:
        frame = frames[name]
        schema = arrow_schema(name)
        arrow = pa.Table.from_pandas(frame[schema.names], preserve_index=False)
        arrow = arrow.cast(schema)
        if name in ORDERED_TABLES:
            arrow = arrow.append_column("pos", pa.array(range(len(arrow)), pa.int64()))
        tables[name] = register(backend, f"pbm_{name}", arrow)
    return tables


def year_table(backend: Any, years: Sequence[int]) -> ir.Table:
    """One row per year computed, for relations without a year column."""
    return register(backend, "pbm_years", pa.table({"year": pa.array(years, pa.int64())}))


@dataclass(frozen=True)
class Slot:
    """Where one indicator's sums sit in the result: columns ``n{index}`` and
    ``d{index}``, or ``n{index}_{k}`` for the k-th category of a distribution."""

    indicator: Indicator
    index: int
    categories: tuple[str, ...] | None
    denominator: bool

    @property
    def numerators(self) -> list[str]:
        if self.categories is None:
            return [f"n{self.index}"]
        return [f"n{self.index}_{k}" for k in range(len(self.categories))]

    @property
    def columns(self) -> list[str]:
        return self.numerators + ([f"d{self.index}"] if self.denominator else [])


def _value(rows: ir.Table, amount: Amount | ir.Value | Deferred) -> ir.Value:
    if isinstance(amount, Deferred):
        (bound,) = rows.bind(amount)
        return bound
    if isinstance(amount, int):
        return ibis.literal(amount)
    return amount


def _sum(rows: ir.Table, amount: Amount, where: ir.BooleanValue | None = None) -> ir.Scalar:
    """The sum of an amount over rows (those where ``where`` holds), as a 64-bit integer."""
    if isinstance(amount, ir.Value) and isinstance(amount.op(), ops.Literal):
        # A constant is counted as such: some engines broadcast a constant filter per group.
        amount = int(amount.op().value)
    if isinstance(amount, int):
        count = rows.count(where=where)
        return count if amount == 1 else count * amount
    value = _value(rows, amount)
    if value.type().is_boolean():
        return rows.count(where=value if where is None else value & where)
    if where is not None:
        value = where.ifelse(value, 0)
    return value.cast("int64").sum().cast("int64")


def _categories(backend: Any, contribution: Contribution) -> tuple[str, ...]:
    if contribution.categories is not None:
        return tuple(contribution.categories)
    rows = contribution.rows
    category = _value(rows, contribution.category)
    found = fetch(backend, rows.select(category=category.cast("string")).distinct())
    values = sorted(v for v in found.column("category").to_pylist() if v is not None)
    return tuple(values) or ("",)


def _metrics(slot: Slot, contribution: Contribution) -> dict[str, ir.Scalar]:
    rows = contribution.rows
    if slot.categories is None:
        metrics = {f"n{slot.index}": _sum(rows, contribution.numerator)}
    else:
        category = _value(rows, contribution.category).cast("string")
        metrics = {
            name: _sum(rows, contribution.numerator, where=category == label)
            for name, label in zip(slot.numerators, slot.categories, strict=True)
        }
    if slot.denominator:
        assert contribution.denominator is not None
        metrics[f"d{slot.index}"] = _sum(rows, contribution.denominator)
    return metrics


def _names(records: Records) -> ir.Table:
    """Each unit's name: from the divisions table, else the village's latest name."""
    divisions = records.tables["divisions"]
    named = divisions.select(code=divisions.code, name=divisions.name)
    villages = records.all_villages
    unnamed = villages.anti_join(named, "code")
    latest = unnamed.group_by("code").aggregate(name=unnamed.name.argmax(unnamed.year))
    return named.union(latest)


def level_table(backend: Any, levels: Sequence[str]) -> ir.Table:
    """One row per level computed, with the length of its codes."""
    lengths = [DIVISION_LEVELS[lv] for lv in levels]
    data = {"level": pa.array(list(levels), pa.string()), "length": pa.array(lengths, pa.int64())}
    return register(backend, "pbm_levels", pa.table(data))


def slots(backend: Any, work: Sequence[tuple[Indicator, Contribution]]) -> list[Slot]:
    """Where each indicator's sums will sit (a distribution's categories looked up now)."""
    found = []
    for index, (ind, contribution) in enumerate(work):
        distribution = contribution.category is not None
        found.append(
            Slot(
                ind,
                index,
                _categories(backend, contribution) if distribution else None,
                contribution.denominator is not None and not distribution,
            )
        )
    return found


def needed_tables(work: Sequence[tuple[Indicator, Contribution]]) -> list[str]:
    """The tables whose rows the indicators count, villages aside, in table order."""
    return sorted(
        {t for ind, _ in work for t in ind.tables if t != "villages"}, key=TABLE_ORDER.index
    )


def per_village(
    records: Records,
    work: Sequence[tuple[Indicator, Contribution]],
    placed: Sequence[Slot],
) -> ir.Table:
    """Every village of the years, one column per sum (null where it has no rows).

    Sums sit where ``placed`` says; ``has_{table}`` is positive when the village's
    county has rows of the table in that year.
    """
    groups: dict[Any, tuple[ir.Table, dict[str, ir.Scalar]]] = {}
    for slot, (_, contribution) in zip(placed, work, strict=True):
        key = contribution.rows.op()
        if key not in groups:
            groups[key] = (contribution.rows, {})
        groups[key][1].update(_metrics(slot, contribution))
    units = records.villages.select("code", "year").distinct()
    # One chain of left joins onto the villages: each part's keys renamed apart, so the
    # chain is built once (each extra join or select would re-examine every column).
    parts: list[tuple[ir.Table, list[ir.BooleanValue]]] = []
    columns: dict[str, ir.Value] = {}
    for i, (rows, metrics) in enumerate(groups.values()):
        summed = rows.group_by("code", "year").aggregate(**metrics)
        summed = summed.rename({f"code_{i}": "code", f"year_{i}": "year"})
        parts.append(
            (summed, [units.code == summed[f"code_{i}"], units.year == summed[f"year_{i}"]])
        )
        columns.update({name: summed[name] for name in metrics})
    needed = needed_tables(work)
    flags = [f"has_{table}" for table in needed]
    if needed:
        # Which tables have rows in each county and year: one relation, one join.
        found = []
        for table in needed:
            # Villages first: the county of each distinct village, not of every row.
            present = records.present(table).distinct()
            found.append(
                present.select(
                    county=present.code.substr(0, COUNTY),
                    year=present.year,
                    table=ibis.literal(table),
                ).distinct()
            )
        stacked = ibis.union(*found) if len(found) > 1 else found[0]
        counties = stacked.group_by(county_=stacked.county, year_=stacked.year).aggregate(
            **{
                flag: stacked.count(where=stacked.table == t)
                for flag, t in zip(flags, needed, strict=True)
            }
        )
        predicates = [
            units.code.substr(0, COUNTY) == counties.county_,
            units.year == counties.year_,
        ]
        parts.append((counties, predicates))
        columns.update({flag: counties[flag] for flag in flags})
    chain = units
    for right, predicates in parts:
        chain = chain.left_join(right, predicates)
    # Blank sums (a village with no rows) stay null here and are read as 0 in Python:
    # coalescing every column in the engine would double the plan's size.
    return chain.select(code=units.code, year=units.year, **columns)


def roll_up(backend: Any, wide: ir.Table, levels: Sequence[str]) -> ir.Table:
    """Every unit of ``levels`` from the per-village sums.

    The villages are the rows as they are; the upper levels are one aggregate, each
    village row once per level, keyed by its code's prefix. Keeping the villages out of
    the aggregate keeps its state to the few upper units.
    """
    columns = [c for c in wide.columns if c not in ("code", "year")]
    village = DIVISION_LEVELS["village"]
    parts = []
    if "village" in levels:
        parts.append(
            wide.select(
                level=ibis.literal("village"),
                code=wide.code,
                year=wide.year,
                **{c: wide[c] for c in columns},
            )
        )
    upper = [lv for lv in levels if DIVISION_LEVELS[lv] < village]
    if upper:
        rows = wide.cross_join(level_table(backend, upper))
        prefix = ibis.cases(
            *(
                (rows.length == DIVISION_LEVELS[lv], rows.code.substr(0, DIVISION_LEVELS[lv]))
                for lv in upper
            )
        )
        sums = {c: rows[c].sum().cast("int64") for c in columns}
        parts.append(rows.group_by(level=rows.level, code=prefix, year=rows.year).aggregate(**sums))
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def names(backend: Any, records: Records) -> pa.Table:
    """``code`` and ``name`` of every division and village, fetched apart from the sums
    so that the wide result is not carried through a join."""
    return fetch(backend, _names(records))


_COMPILED: dict[Hashable, tuple[str, str, pa.Schema]] = {}
"""Compiled queries by what they depend on: the same definitions compile once per process."""


def run(
    backend: Any,
    records: Records,
    work: Sequence[tuple[Indicator, Contribution]],
    params: Mapping[str, str],
    levels: Sequence[str],
) -> tuple[pa.Table, list[Slot]]:
    """Run every definition to every level; the engine's result and where each sum is.

    ``params`` holds each indicator's parameters as JSON: with the definitions, the
    levels, the years and the categories found, they decide the query's text.
    """
    placed = slots(backend, work)
    # The tables are registered under fixed names, so the query's text depends on these only.
    key = (
        backend.name,
        tuple(
            (
                slot.indicator.id,
                slot.indicator.contribute,
                params[slot.indicator.id],
                slot.categories,
            )
            for slot in placed
        ),
        tuple(levels),
        tuple(records.years),
    )
    upper = [lv for lv in levels if lv != "village"]
    if backend.name == "duckdb":
        compiled = _COMPILED.get(key)
        if compiled is None:
            wide = per_village(records, work, placed)
            # The villages' sums are a table of their own, read by both parts of the
            # roll-up: as one query, DuckDB would compute them twice.
            stand_in = ibis.table(wide.schema(), name="pbm_wide")
            rolled = roll_up(backend, stand_in, levels)
            compiled = _COMPILED[key] = (
                str(backend.compile(wide)),
                str(backend.compile(rolled)),
                rolled.schema().to_pyarrow(),
            )
        else:  # the query refers to the level table by name: it must be there
            level_table(backend, upper)
        wide_sql, rolled_sql, schema = compiled
        backend.con.sql(f"CREATE OR REPLACE TEMP TABLE pbm_wide AS {wide_sql}")
        try:
            return _run_sql(backend, rolled_sql, schema), placed
        finally:
            backend.con.sql("DROP TABLE pbm_wide")
    return backend.to_pyarrow(roll_up(backend, per_village(records, work, placed), levels)), placed
