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

from collections.abc import Mapping, Sequence
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

    >>> arrow_schema("collective_income").types
    [DataType(string), DataType(int64), DataType(double)]
    """
    return pa.schema(
        [
            (name, _ARROW_TYPES.get(spec.kind, pa.string()))
            for name, spec in columns_of(table).items()
        ]
    )


def frame_tables(frames: Mapping[str, pd.DataFrame]) -> dict[str, ir.Table]:
    """Validated pandas tables as Ibis tables (Arrow underneath; numbers and Arrow text
    are not copied). Tables read in file order get their row position as ``pos``."""
    tables = {}
    for name in TABLE_ORDER:
        frame = frames[name]
        schema = arrow_schema(name)
        arrow = pa.Table.from_pandas(frame[schema.names], preserve_index=False)
        arrow = arrow.cast(schema)
        if name in ORDERED_TABLES:
            arrow = arrow.append_column("pos", pa.array(range(len(arrow)), pa.int64()))
        tables[name] = ibis.memtable(arrow)
    return tables


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
    found = backend.to_pyarrow(rows.select(category=category.cast("string")).distinct())
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


def plan(
    backend: Any,
    records: Records,
    work: Sequence[tuple[Indicator, Contribution]],
    levels: Sequence[str],
) -> tuple[ir.Table, list[Slot], list[str]]:
    """The query giving every unit of ``levels`` in the years, one column per sum.

    Returns the query, where each indicator's sums are, and the tables whose presence
    the query reports as ``has_{table}`` (1 when the unit's county, or one of its
    counties, has rows of the table in that year).
    """
    groups: dict[Any, tuple[ir.Table, dict[str, ir.Scalar]]] = {}
    slots = []
    for index, (ind, contribution) in enumerate(work):
        distribution = contribution.category is not None
        slot = Slot(
            ind,
            index,
            _categories(backend, contribution) if distribution else None,
            contribution.denominator is not None and not distribution,
        )
        slots.append(slot)
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
    needed = sorted(
        {t for ind, _ in work for t in ind.tables if t != "villages"}, key=TABLE_ORDER.index
    )
    flags = [f"has_{table}" for table in needed]
    if needed:
        # Which tables have rows in each county and year: one relation, one join.
        found = []
        for table in needed:
            present = records.present(table)
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
    wide = chain.select(code=units.code, year=units.year, **columns)
    # Every level in one aggregate: each village row once per level, keyed by its prefix.
    chosen = ibis.memtable(
        {"level": list(levels), "length": [DIVISION_LEVELS[lv] for lv in levels]},
        schema={"level": "string", "length": "int64"},
    )
    rows = wide.cross_join(chosen)
    prefix = ibis.cases(
        *(
            (rows.length == DIVISION_LEVELS[lv], rows.code.substr(0, DIVISION_LEVELS[lv]))
            for lv in levels
        )
    )
    sums = {c: rows[c].sum().cast("int64") for c in columns}
    result = rows.group_by(level=rows.level, code=prefix, year=rows.year).aggregate(**sums)
    names = _names(records)
    named = result.left_join(names, "code").select(*result.columns, name=names.name)
    return named, slots, needed
