"""The engine: every chosen indicator summed by village, then by code prefix.

Definitions are Ibis expressions (:class:`~partybuild_metrics.indicators.base.Contribution`);
this module turns them into two relational queries and runs them on an Ibis backend, an
in-process DuckDB unless the caller passes another. The plan, as a statistician would
write it by hand:

1. per source relation, one aggregate by (village, year) holding every sum counted
   from it (a distribution: one sum per category); a sum that several indicators
   share (members, secretaries …) is one column;
2. the villages of the years, left-joined to those aggregates (a village with no rows
   gets no sum, read as 0); and, from the same aggregates, which counties have rows
   of each table the indicators count from, in each year;
3. the upper levels from the village rows, each level summed from the one below it
   (township from villages, county from townships …).

Only the results cross into Python, through Arrow: one row per village (and per
county with rows) with one column per sum, then one row per upper unit. Sums are
64-bit integers (an overflow is an error in the engine, never a wrapped or rounded
number).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.operations as ops
import ibis.expr.types as ir
import pyarrow as pa
from ibis.common.deferred import Deferred

from partybuild_metrics.indicators.base import Amount, Contribution, Indicator
from partybuild_metrics.indicators.records import Records
from partybuild_metrics.records.dataset import Dataset
from partybuild_metrics.records.schemas import TABLE_ORDER, columns_of
from partybuild_metrics.records.vocabularies import DIVISION_LEVELS

COUNTY = DIVISION_LEVELS["county"]
VILLAGE_ROWS = "village"
PRESENCE_ROWS = "presence"
"""The two kinds of rows of the first query: a village's sums, a county's tables with rows."""
_ARROW_TYPES: dict[str, pa.DataType] = {
    "year": pa.int64(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "bool_post": pa.bool_(),
    "party_member": pa.bool_(),
    "date": pa.timestamp("ns"),
    "money": pa.float64(),
}
_TEXT = pa.large_string()
ORDERED_TABLES = ("first_secretaries", "spot_checks")
"""Tables whose file order a definition uses (a posting's rank): they get a ``pos`` column."""


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow types of a record table's columns, as the engine receives them.

    Text is ``large_string``, as pandas hands it over, so that it is not copied.

    >>> arrow_schema("collective_income").types
    [DataType(large_string), DataType(int64), DataType(double)]
    """
    return pa.schema(
        [(name, _ARROW_TYPES.get(spec.kind, _TEXT)) for name, spec in columns_of(table).items()]
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
    return _run_sql(backend, _as_typed(str(backend.compile(query)), query.schema()), query.schema())


def _as_typed(sql: str, schema: Any, sums: Collection[str] = ()) -> str:
    """The query with each 64-bit integer column cast back from DuckDB's HUGEINT sums,
    and a blank sum (a unit without rows) as 0.

    The cast raises on overflow, never wraps; done in the engine, it spares Arrow a
    128-bit decimal per value, and Python a pass to fill blanks.
    """
    columns = ", ".join(
        f'CAST(COALESCE("{name}", 0) AS BIGINT) AS "{name}"'
        if name in sums
        else f'CAST("{name}" AS BIGINT) AS "{name}"'
        if dtype.is_int64()
        else f'"{name}"'
        for name, dtype in schema.items()
    )
    return f"SELECT {columns} FROM ({sql})"


def _run_sql(backend: Any, sql: str, schema: Any) -> pa.Table:
    return backend.con.sql(sql).to_arrow_table().cast(schema.to_pyarrow())


def dataset_tables(dataset: Dataset, backend: Any) -> dict[str, ir.Table]:
    """The dataset's accepted tables as tables of the backend. A table still in its
    Parquet files is a view on them in DuckDB (read as the query runs, never copied
    into pandas); on another backend, it is handed over as Arrow. Tables read in file
    order keep their row position as ``pos``."""
    tables = {}
    for name in TABLE_ORDER:
        schema = arrow_schema(name)
        columnar = dataset.columnar(name)
        if columnar is not None and backend.name == "duckdb":
            view = f"pbm_{name}"
            selected = ", ".join(f'"{c}"' for c in schema.names)
            selected += ", pos" if name in ORDERED_TABLES else ""
            relation = columnar.relation(backend.con, view)
            backend.con.sql(
                f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT {selected} FROM ({relation})"
            )
            types = ibis.Schema.from_pyarrow(schema)
            if name in ORDERED_TABLES:
                types = ibis.Schema({**types, "pos": "int64"})
            tables[name] = ibis.table(types, name=view)
            continue
        if columnar is not None:
            kept = [*schema.names, *(["pos"] if name in ORDERED_TABLES else [])]
            arrow = (
                columnar.arrow()
                .select(kept)
                .cast(
                    pa.schema([*schema, *([("pos", pa.int64())] if name in ORDERED_TABLES else [])])
                )
            )
        else:
            frame = dataset.tables[name]
            arrow = pa.Table.from_pandas(frame[schema.names], preserve_index=False).cast(schema)
            if name in ORDERED_TABLES:
                arrow = arrow.append_column("pos", pa.array(range(len(arrow)), pa.int64()))
        tables[name] = register(backend, f"pbm_{name}", arrow)
    return tables


def year_table(backend: Any, years: Sequence[int]) -> ir.Table:
    """One row per year computed, for relations without a year column."""
    return register(backend, "pbm_years", pa.table({"year": pa.array(years, pa.int64())}))


@dataclass(frozen=True)
class Slot:
    """Where one indicator's sums sit in the engine's result: a column per numerator
    (one per category of a distribution) and the denominator's column, if it has one."""

    indicator: Indicator
    index: int
    categories: tuple[str, ...] | None
    numerators: tuple[str, ...]
    denominator: str | None


@dataclass(frozen=True)
class Result:
    """What the engine returns: the villages' and the upper units' sums, and which
    counties have rows of each table the indicators count from."""

    villages: pa.Table
    """``kind``, ``code``, ``year`` and one int64 column per sum (null: no rows); the
    villages are the rows of kind ``village`` (none when villages are not asked for)."""
    upper: pa.Table | None
    """``level``, ``code``, ``year`` and the same sums, for the upper units."""
    presence: pa.Table
    """``code`` (a county), ``year`` and ``has_{table}``: positive where it has rows."""
    slots: list[Slot]
    tables: list[str]
    """The tables the indicators count from, villages aside, in table order."""
    columns: list[str]
    """The sum columns."""


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
    return value.cast("int64").sum()


def _categories(backend: Any, contribution: Contribution) -> tuple[str, ...]:
    if contribution.categories is not None:
        return tuple(contribution.categories)
    rows = contribution.rows
    category = _value(rows, contribution.category)
    found = fetch(backend, rows.select(category=category.cast("string")).distinct())
    values = sorted(v for v in found.column("category").to_pylist() if v is not None)
    return tuple(values) or ("",)


class _Sums:
    """The sums of one source relation, each distinct sum once (by its expression)."""

    def __init__(self, rows: ir.Table, prefix: str) -> None:
        self.rows = rows
        self.prefix = prefix
        self.columns: dict[Hashable, tuple[str, ir.Scalar]] = {}

    def add(self, total: ir.Scalar) -> str:
        key = total.op()
        if key not in self.columns:
            self.columns[key] = (f"{self.prefix}_{len(self.columns)}", total)
        return self.columns[key][0]

    def aggregate(self) -> ir.Table:
        return self.rows.group_by("code", "year").aggregate(
            **{name: total for name, total in self.columns.values()}
        )


def _slot(
    backend: Any, index: int, ind: Indicator, contribution: Contribution, sums: _Sums
) -> Slot:
    rows = contribution.rows
    if contribution.category is None:
        numerators: tuple[str, ...] = (sums.add(_sum(rows, contribution.numerator)),)
        categories = None
        denominator = (
            sums.add(_sum(rows, contribution.denominator))
            if contribution.denominator is not None
            else None
        )
    else:
        categories = _categories(backend, contribution)
        category = _value(rows, contribution.category).cast("string")
        numerators = tuple(
            sums.add(_sum(rows, contribution.numerator, where=category == label))
            for label in categories
        )
        denominator = None  # a distribution's denominator is its categories' total
    return Slot(ind, index, categories, numerators, denominator)


def needed_tables(work: Sequence[tuple[Indicator, Contribution]]) -> list[str]:
    """The tables whose rows the indicators count, villages aside, in table order."""
    return sorted(
        {t for ind, _ in work for t in ind.tables if t != "villages"}, key=TABLE_ORDER.index
    )


def _null(dtype: str) -> ir.Value:
    return ibis.null().cast(dtype)


def per_village(
    backend: Any, records: Records, work: Sequence[tuple[Indicator, Contribution]]
) -> tuple[ir.Table, list[Slot], list[str], list[str]]:
    """The first query: every village of the years with one column per sum (null where
    it has no rows), and one row per county and year with ``has_{table}`` positive
    where the county has rows of the table.

    Returns the query, the slots, the sum columns and the tables checked for rows.
    """
    groups: dict[Hashable, _Sums] = {}
    found_slots = []
    for index, (ind, contribution) in enumerate(work):
        key = contribution.rows.op()
        if key not in groups:
            groups[key] = _Sums(contribution.rows, f"s{len(groups)}")
        found_slots.append(_slot(backend, index, ind, contribution, groups[key]))
    summed = {key: sums.aggregate() for key, sums in groups.items()}
    # the villages of the years, and any village that has rows of another table in a year
    # it has no village row of (merged away, say): its households still count
    keys = [records.villages.select("code", "year")]
    keys += [aggregate.select("code", "year") for aggregate in summed.values()]
    units = (ibis.union(*keys) if len(keys) > 1 else keys[0]).distinct()
    # One chain of left joins onto the villages: each part's keys renamed apart, so the
    # chain is built once (each extra join or select would re-examine every column).
    chain = units
    columns: dict[str, ir.Value] = {}
    for i, (key, aggregate) in enumerate(summed.items()):
        part = aggregate.rename({f"code_{i}": "code", f"year_{i}": "year"})
        chain = chain.left_join(
            part, [units.code == part[f"code_{i}"], units.year == part[f"year_{i}"]]
        )
        columns.update({name: part[name] for name, _ in groups[key].columns.values()})
    tables = needed_tables(work)
    flags = [f"has_{table}" for table in tables]
    villages = chain.select(
        kind=ibis.literal(VILLAGE_ROWS),
        code=units.code,
        year=units.year,
        **columns,
        **{flag: _null("int64") for flag in flags},
    )
    if not tables:
        return villages, found_slots, list(columns), tables
    # Which counties have rows of each table: from the sums' own aggregate where the
    # table's rows are a source relation (its villages, not every row, are looked at).
    found = []
    for table in tables:
        rows = records.present(table)
        source = summed.get(rows.op())
        present = (source if source is not None else rows).select("code", "year").distinct()
        found.append(
            present.select(
                county=present.code.substr(0, COUNTY), year=present.year, table=ibis.literal(table)
            ).distinct()
        )
    stacked = ibis.union(*found) if len(found) > 1 else found[0]
    counties = stacked.group_by("county", "year").aggregate(
        **{
            flag: stacked.count(where=stacked.table == t)
            for flag, t in zip(flags, tables, strict=True)
        }
    )
    presence = counties.select(
        kind=ibis.literal(PRESENCE_ROWS),
        code=counties.county,
        year=counties.year,
        **{name: _null("int64") for name in columns},
        **{flag: counties[flag] for flag in flags},
    )
    return villages.union(presence), found_slots, list(columns), tables


def roll_up(wide: ir.Table, levels: Sequence[str], columns: Sequence[str]) -> ir.Table | None:
    """Every upper unit of ``levels`` from the village rows of the first query.

    Each level is summed from the finer one before it (townships from villages,
    counties from townships …): the aggregates shrink level by level, and GROUPING
    SETS, which not every engine has, are not needed.
    """
    upper = sorted(
        (lv for lv in levels if DIVISION_LEVELS[lv] < DIVISION_LEVELS["village"]),
        key=lambda lv: -DIVISION_LEVELS[lv],
    )
    if not upper:
        return None
    finer = wide.filter(wide.kind == VILLAGE_ROWS).select("code", "year", *columns)
    parts = []
    for level in upper:
        finer = finer.group_by(
            code=finer.code.substr(0, DIVISION_LEVELS[level]), year=finer.year
        ).aggregate(**{c: finer[c].sum() for c in columns})
        parts.append(
            finer.select(
                level=ibis.literal(level),
                code=finer.code,
                year=finer.year,
                **{c: finer[c] for c in columns},
            )
        )
    return ibis.union(*parts) if len(parts) > 1 else parts[0]


def names(backend: Any, records: Records, codes: pa.Array) -> pa.Table:
    """``code`` and ``name`` of each of ``codes``: from the divisions table, else the
    village's latest name. Fetched apart from the sums, so that the wide result is not
    carried through a join; the villages are read only for codes the divisions lack."""
    import pyarrow.compute as pc

    divisions = records.tables["divisions"]
    named = fetch(backend, divisions.select(code=divisions.code, name=divisions.name))
    unnamed = pc.filter(codes, pc.invert(pc.is_in(codes, value_set=named.column("code"))))
    if not len(unnamed):
        return named
    wanted = register(backend, "pbm_unnamed", pa.table({"code": unnamed.cast(pa.string())}))
    villages = records.all_villages.semi_join(wanted, "code")
    latest = villages.group_by("code").aggregate(name=villages.name.argmax(villages.year))
    found = fetch(backend, latest)
    return pa.concat_tables([named.cast(found.schema), found])


@dataclass(frozen=True)
class _Compiled:
    wide_sql: str
    wide_schema: Any
    rolled_sql: str | None
    rolled_schema: Any
    columns: tuple[str, ...]


_COMPILED: dict[Hashable, _Compiled] = {}
"""Compiled queries by what they depend on: the same definitions compile once per process."""


def run(
    backend: Any,
    records: Records,
    work: Sequence[tuple[Indicator, Contribution]],
    params: Mapping[str, str],
    levels: Sequence[str],
) -> Result:
    """Run every definition to every level.

    ``params`` holds each indicator's parameters as JSON: with the definitions, the
    levels, the years and the categories found, they decide the queries' text.
    """
    wide, slots, columns, tables = per_village(backend, records, work)
    # The tables are registered under fixed names, so the text depends on these only.
    key = (
        backend.name,
        tuple(
            (
                slot.indicator.id,
                slot.indicator.contribute,
                params[slot.indicator.id],
                slot.categories,
            )
            for slot in slots
        ),
        tuple(levels),
        tuple(records.years),
    )
    if backend.name != "duckdb":
        first = backend.to_pyarrow(wide)
        rolled = roll_up(register(backend, "pbm_wide", first), levels, columns)
        upper = None if rolled is None else backend.to_pyarrow(rolled)
        return _result(first, upper, levels, columns, slots, tables)
    compiled = _COMPILED.get(key)
    if compiled is None:
        sums = {*columns, *(f"has_{t}" for t in tables)}
        wide_sql = _as_typed(str(backend.compile(wide)), wide.schema(), sums)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pbm-engine") as aside:
            # The engine sums the villages while Python compiles the roll-up.
            running = aside.submit(_run_sql, backend, wide_sql, wide.schema())
            rolled = roll_up(ibis.table(wide.schema(), name="pbm_wide"), levels, columns)
            compiled = _COMPILED[key] = _Compiled(
                wide_sql,
                wide.schema(),
                None
                if rolled is None
                else _as_typed(str(backend.compile(rolled)), rolled.schema(), sums),
                None if rolled is None else rolled.schema(),
                tuple(columns),
            )
            first = running.result()
    else:
        first = _run_sql(backend, compiled.wide_sql, compiled.wide_schema)
    backend.con.register("pbm_wide", first)
    try:
        upper = (
            None
            if compiled.rolled_sql is None
            else _run_sql(backend, compiled.rolled_sql, compiled.rolled_schema)
        )
    finally:
        backend.con.unregister("pbm_wide")
    return _result(first, upper, levels, columns, slots, tables)


def _result(
    first: pa.Table,
    upper: pa.Table | None,
    levels: Sequence[str],
    columns: Sequence[str],
    slots: list[Slot],
    tables: list[str],
) -> Result:
    import pyarrow.compute as pc

    flags = [f"has_{t}" for t in tables]
    presence = first.filter(pc.equal(first.column("kind"), PRESENCE_ROWS))
    if "village" not in levels:
        first = first.slice(0, 0)
    return Result(
        first, upper, presence.select(["code", "year", *flags]), slots, tables, list(columns)
    )
