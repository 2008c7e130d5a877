"""Parquet tables validated where they lie, in DuckDB: no pandas copy of every row.

A Parquet file written by a program holds typed columns. Where each column has the type
the pandas path would keep as it is (text as text, whole numbers as integers, dates as
timestamps …), the table is validated in the engine:

1. one query finds the rows that *could* break a rule or be changed by a parser: a
   blank in a required column, text with a blank or space at either end, a code that
   is not all digits, a number outside its model's bounds, a time of day on a date,
   the rules of the table's model that compare columns … The conditions are written
   to find more rows than break a rule, never fewer;
2. those rows alone are read into pandas and go through :func:`parse_table`, the same
   parsers, models and messages as every other file (so a cell is read by one
   definition, whatever the file);
3. the table's key is checked over every row in the engine: rows in strictly
   increasing order (as exports come) cannot repeat a key, which one pass over them
   shows; otherwise the key is grouped;
4. the rules across tables run on the accepted rows (:mod:`.referential`).

What the table holds afterwards is the files themselves, the positions of the rows
rejected, and the parsed values of the few rows a parser changed: :meth:`relation`
gives them to any DuckDB connection as one relation, and :meth:`frame` as pandas.
Files with other column types, source columns (职务, 政治面貌, 万元, ID numbers) or
repeated headers go through the pandas path whole.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
import tempfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from partybuild_metrics.errors import InputError
from partybuild_metrics.records.arrow_scan import SPACES, KeyColumn, Scanned, scan_parquet
from partybuild_metrics.records.io.aliases import (
    SOURCE_COLUMNS,
    accepted_headers,
    header_lookup,
    normalise_header,
)
from partybuild_metrics.records.io.archives import refuse_packed_rows
from partybuild_metrics.records.io.grid import unused_notes
from partybuild_metrics.records.io.sources import arrow_frame, raw_from_frame
from partybuild_metrics.records.parsing import EDUCATION_DTYPE, LEVEL_DTYPE, SEX_DTYPE
from partybuild_metrics.records.schemas import (
    MIN_CADRE_AGE,
    UNIQUE_CHECK,
    ColumnSpec,
    columns_of,
    key_of,
    table_schema,
)
from partybuild_metrics.records.validation import (
    PROBLEM_COLUMNS,
    FileProblem,
    ParsedTable,
    _summary_rows,
    parse_table,
    problems_frame,
)
from partybuild_metrics.records.vocabularies import DIVISION_LEVELS

TEXT_KINDS = ("text", "person_id", "village_code", "division_code")
TRIMMED_KINDS = ("text", "person_id")
"""Text whose blank space at either end a parser trims (codes are checked whole)."""
WORD_KINDS = {"education": EDUCATION_DTYPE, "sex": SEX_DTYPE, "level": LEVEL_DTYPE}
BOOL_KINDS = ("bool", "bool_post", "party_member")
SQL_TYPES = {
    **dict.fromkeys((*TEXT_KINDS, *WORD_KINDS, "id_number"), "VARCHAR"),
    **dict.fromkeys(("year", "int"), "BIGINT"),
    **dict.fromkeys(BOOL_KINDS, "BOOLEAN"),
    # Microseconds, as Parquet writers store them: DuckDB 2.0 answers a filter on the
    # year of a Parquet timestamp cast to TIMESTAMP_NS with no rows at all.
    "date": "TIMESTAMP",
    "money": "DOUBLE",
}
"""The engine's type of each kind of column, as the relation gives it."""
ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
    "DOUBLE": pa.float64(),
}
CODE_LENGTHS = {
    "village_code": (DIVISION_LEVELS["village"],),
    "division_code": tuple(DIVISION_LEVELS.values()),
}
_ERROR_STARTS = (ord("#"), ord("＃"))
"""First characters of an Excel error's text (#N/A, ＃REF!); Err:502 is matched apart."""
_NUMBER_STARTS = (ord("+"), ord("-"), ord("."), *range(ord("0"), ord("9") + 1))
"""First characters of a number that Excel may have written in scientific notation."""
DATE_YEARS = (1678, 2261)
"""Years a pandas timestamp holds; a date outside goes to the parser, which says so."""


def quiet_duckdb(config: dict[str, str | bool | int | float | list[str]] | None = None) -> Any:
    """A DuckDB connection without its progress bar, which DuckDB prints to standard
    output (where a table may be going) for any query past two seconds.

    >>> quiet_duckdb().execute("SELECT current_setting('enable_progress_bar')").fetchone()
    (False,)
    """
    import duckdb

    con = duckdb.connect(config=config or {})
    no_progress_bar(con)
    return con


def no_progress_bar(con: Any) -> None:
    """Turn off DuckDB's progress bar on ``con``, where DuckDB lets it be changed.

    In Jupyter, DuckDB refuses any change of the setting unless ipywidgets is installed
    (its bar is a widget there, and nothing reaches standard output): the setting is
    then left as it is.
    """
    import duckdb

    with contextlib.suppress(duckdb.InvalidInputException):
        con.execute("SET enable_progress_bar = false")


@contextlib.contextmanager
def engine_connection() -> Iterator[Any]:
    """An in-process DuckDB for validating records, spilling to a temporary folder
    (removed afterwards) when a query outgrows memory, with no progress bar."""
    with tempfile.TemporaryDirectory(prefix="pbm-duckdb-") as spill:
        con = quiet_duckdb({"temp_directory": spill})
        try:
            yield con
        finally:
            con.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in(codes: Sequence[int]) -> str:
    return "(" + ", ".join(map(str, codes)) + ")"


def _starts_with_any(column: str, code_points: Sequence[int]) -> list[str]:
    """Conditions that a cell starts with one of ``code_points``, as ranges of text
    (UTF-8 sorts as code points), so that DuckDB skips the row groups whose smallest
    and largest values rule them out. Anything below ``!`` (controls, space) is one range."""
    points = sorted({max(point, 0x20) for point in code_points})
    ranges: list[list[int]] = []
    for point in points:
        if ranges and point == ranges[-1][1]:
            ranges[-1][1] = point + 1
        else:
            ranges.append([point, point + 1])
    conditions = []
    for low, high in ranges:
        if low == 0x20:
            conditions.append(f"{column} < {_text(chr(high))}")
        else:
            conditions.append(f"({column} >= {_text(chr(low))} AND {column} < {_text(chr(high))})")
    return conditions


def _canonical_type(kind: str, dtype: pa.DataType) -> bool:
    """True when the pandas path would keep a Parquet column of this type as it is."""
    if pa.types.is_dictionary(dtype):
        dtype = dtype.value_type
        if kind not in (*TEXT_KINDS, *WORD_KINDS):
            return False
    text = pa.types.is_string(dtype) or pa.types.is_large_string(dtype)
    integer = bool(pa.types.is_integer(dtype)) and dtype != pa.uint64()
    if kind in TEXT_KINDS or kind in WORD_KINDS:
        return bool(text)
    if kind in ("year", "int"):
        return integer
    if kind in BOOL_KINDS:
        return bool(pa.types.is_boolean(dtype))
    if kind == "date":
        return bool(pa.types.is_timestamp(dtype)) and dtype.tz is None
    if kind == "money":
        return bool(pa.types.is_floating(dtype)) or integer
    return False


@dataclass(frozen=True)
class ParquetFile:
    """One Parquet file of a table: where its columns are, and where its rows start."""

    path: str
    rows: int
    columns: dict[str, str]
    """Canonical column → the file's column, for the columns the file has."""
    types: dict[str, pa.DataType]
    unused: tuple[str, ...]
    """The file's columns no canonical column takes, in file order."""
    start: int = 0

    def scan(self, numbered: bool = True) -> str:
        """The file as a DuckDB table function (with ``file_row_number`` if numbered)."""
        if not numbered:
            return f"read_parquet({_text(self.path)})"
        return f"read_parquet({_text(self.path)}, file_row_number = true)"


def parquet_files(table: str, paths: Sequence[Path]) -> list[ParquetFile] | None:
    """The table's Parquet files, if each column of each has a type the pandas path
    keeps as it is; None when the table must go through the pandas path."""
    specs = columns_of(table)
    lookup = header_lookup(table)
    found = []
    for path in paths:
        try:
            schema = pq.read_schema(path)
            rows = pq.ParquetFile(path).metadata.num_rows
        except Exception:  # unreadable: the pandas path says why, in its own words
            return None
        refuse_packed_rows(path, rows, len(schema.names))
        columns: dict[str, str] = {}
        types: dict[str, pa.DataType] = {}
        unused = []
        for name, dtype in zip(schema.names, schema.types, strict=True):
            column = lookup.get(normalise_header(name))
            if column is None:
                unused.append(name)
                continue
            if column in columns or column not in specs:
                return None  # a repeated header or a source column (职务, 万元 …)
            if not _canonical_type(specs[column].kind, dtype):
                return None
            columns[column] = name
            types[column] = dtype
        if any(source in columns for source in SOURCE_COLUMNS.get(table, {})):
            return None
        found.append(ParquetFile(str(path), rows, columns, types, tuple(unused)))
    return found


@dataclass
class ColumnarTable:
    """A table of Parquet files, validated in the engine (see the module's docstring).

    It answers what the Dataset asks of a parsed table: its problems (``at`` is a row's
    position in the table, file after file), where each position lies, its notes.
    """

    table: str
    files: list[ParquetFile]
    """The files whose rows belong to the table (files rejected whole aside)."""
    problems: pd.DataFrame
    headers: dict[tuple[str, str], str]
    notes: list[str] = field(default_factory=list)
    file_problems: list[FileProblem] = field(default_factory=list)
    rejected: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    """Positions of the rows with a problem, sorted."""
    replaced: pa.Table | None = None
    """``pos`` and the parsed values of the accepted rows a parser changed."""
    rejected_rows: list[Any] = field(default_factory=list)
    distinct: dict[str, pa.Array] = field(default_factory=dict)
    """The distinct values of the code columns in every row, found while validating."""

    @property
    def sources(self) -> list[str]:
        return [file.path for file in self.files]

    @property
    def starts(self) -> np.ndarray:
        return np.array([file.start for file in self.files] + [self.rows], dtype=np.int64)

    @property
    def rows(self) -> int:
        return sum(file.rows for file in self.files)

    def locate(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The file (index into ``sources``) and the Parquet row number (from 1) of each position."""
        at = np.asarray(at, dtype=np.int64)
        which = np.searchsorted(self.starts, at, side="right") - 1
        return which, at - self.starts[which] + 1

    def add(self, found: pd.DataFrame) -> None:
        """Add problems found by the rules across tables."""
        if found.empty:
            return
        self.problems = pd.concat([self.problems, found], ignore_index=True)
        self.rejected = np.union1d(self.rejected, found["at"].to_numpy(dtype=np.int64))

    def distinct_sql(self, con: Any, column: str, name: str) -> str | None:
        """The distinct values of a code column among the accepted rows, as a query on
        ``con``, when they are known without reading the files again."""
        if column not in self.distinct or len(self.rejected) or self.replaced is not None:
            return None
        con.register(f"{name}_distinct", pa.table({column: self.distinct[column]}))
        return f"SELECT {_quote(column)} FROM {name}_distinct"

    def raw(self) -> str:
        """Every row of the files, ``pos`` first, each column cast to the engine's type."""
        return _raw_sql(self.table, self.files)

    def relation(self, con: Any, name: str) -> str:
        """The accepted rows as a query on ``con`` (its helper tables registered under
        names starting with ``name``): ``pos`` and every column of the table."""
        sql = self.raw()
        taken = self.rejected
        if self.replaced is not None and self.replaced.num_rows:
            taken = np.union1d(taken, self.replaced.column("pos").to_numpy())
        if len(taken):
            con.register(f"{name}_taken", pa.table({"pos": pa.array(taken, pa.int64())}))
            sql = f"SELECT * FROM ({sql}) WHERE pos NOT IN (SELECT pos FROM {name}_taken)"
        if self.replaced is not None and self.replaced.num_rows:
            # Rows read anew by the parser, less those a later rule rejected.
            replaced = self.replaced
            if len(self.rejected):
                kept = ~np.isin(replaced.column("pos").to_numpy(), self.rejected)
                replaced = replaced.filter(pa.array(kept))
            con.register(f"{name}_replaced", replaced)
            sql = f"{sql} UNION ALL SELECT * FROM {name}_replaced"
        return sql

    def arrow(self, con: Any | None = None) -> pa.Table:
        """The accepted rows, in file order, as Arrow in the engine's types."""
        import duckdb

        connection = con if con is not None else quiet_duckdb()
        try:
            sql = self.relation(connection, f"pbm_{self.table}")
            return connection.sql(f"SELECT * FROM ({sql}) ORDER BY pos").to_arrow_table()
        except duckdb.Error as error:  # a page of a column validation had no need to read
            raise unreadable(self.files, error) from None
        finally:
            if con is None:
                connection.close()

    def frame(self) -> pd.DataFrame:
        """The accepted rows as pandas, typed as the pandas path types them."""
        return to_frame(self.table, self.arrow().drop_columns(["pos"]))


def _raw_sql(table: str, files: Sequence[ParquetFile]) -> str:
    specs = columns_of(table)
    parts = []
    for file in files:
        columns = ", ".join(
            f"CAST({_quote(file.columns[name])} AS {SQL_TYPES[spec.kind]}) AS {_quote(name)}"
            if name in file.columns
            else f"CAST(NULL AS {SQL_TYPES[spec.kind]}) AS {_quote(name)}"
            for name, spec in specs.items()
        )
        parts.append(f"SELECT file_row_number + {file.start} AS pos, {columns} FROM {file.scan()}")
    if not parts:
        columns = ", ".join(
            f"CAST(NULL AS {SQL_TYPES[spec.kind]}) AS {_quote(name)}"
            for name, spec in specs.items()
        )
        return f"SELECT CAST(NULL AS BIGINT) AS pos, {columns} WHERE false"
    return " UNION ALL ".join(parts)


def to_frame(table: str, arrow: pa.Table) -> pd.DataFrame:
    """Rows in the engine's types as the pandas frame the pandas path gives: the same
    dtypes column by column (text ``str``, whole numbers ``int64`` or ``Int64``, yes/no
    ``boolean``, posts ``bool``, dates ``datetime64[ns]``, words as categories)."""
    columns: dict[str, Any] = {}
    for name, spec in columns_of(table).items():
        values = arrow.column(name)
        blanks = values.null_count > 0
        if spec.kind in (*TEXT_KINDS, "id_number"):
            column = pd.Series(values.to_pandas(), dtype="str")
        elif spec.kind in WORD_KINDS:
            column = pd.Series(values.to_pandas(), dtype=object).astype(WORD_KINDS[spec.kind])
        elif spec.kind in ("year", "int"):
            if blanks or (spec.kind == "year" and spec.nullable):
                column = pd.Series(_masked(values, 0, pd.arrays.IntegerArray))
            else:
                column = pd.Series(_numbers(values), dtype="int64")
        elif spec.kind == "bool_post" and not blanks:
            column = pd.Series(_numbers(values), dtype="bool")
        elif spec.kind in BOOL_KINDS:
            column = pd.Series(_masked(values, False, pd.arrays.BooleanArray))
        elif spec.kind == "date":
            column = pd.Series(values.cast(pa.timestamp("ns")).to_pandas(), dtype="datetime64[ns]")
        elif spec.kind == "money":
            column = pd.Series(values.to_numpy(zero_copy_only=False), dtype="float64")
        else:
            raise ValueError(f"no columnar type for kind {spec.kind}")
        columns[name] = column.reset_index(drop=True)
    return pd.DataFrame(columns, index=pd.RangeIndex(arrow.num_rows), copy=False)


def _numbers(values: pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy())


def _masked(values: pa.ChunkedArray, fill: Any, array: Any) -> Any:
    """A nullable pandas array (Int64, boolean) from Arrow values with blanks."""
    import pyarrow.compute as pc

    return array(_numbers(pc.fill_null(values, fill)), _numbers(values.is_null()))


def _bounds(spec: ColumnSpec, check: Any) -> tuple[str, Any] | None:
    """A model check on one column as (operator, bound), for the checks bounding it."""
    match = re.fullmatch(r"(greater|less)_than_or_equal_to\((.*)\)", str(check.error or ""))
    if check.name in ("greater_than_or_equal_to", "less_than_or_equal_to") and match:
        stats = check.statistics or {}
        bound = stats.get("min_value", stats.get("max_value", match.group(2)))
        return ("<" if match.group(1) == "greater" else ">"), bound
    return None


def _literal(kind: str, bound: Any) -> str:
    if kind == "date":
        return f"TIMESTAMP {_text(str(pd.Timestamp(bound)))}"
    return str(float(bound) if kind == "money" else int(bound))


def _column_doubts(table: str, spec: ColumnSpec, column: str, today: dt.date) -> list[str]:
    """Conditions under which a cell of the column could break a rule or be changed by
    its parser (more than that, never less)."""
    c = column
    doubts = []
    if spec.required and not spec.nullable:
        doubts.append(f"{c} IS NULL")
    if spec.kind in TRIMMED_KINDS:
        starts = (*SPACES, *_ERROR_STARTS, *(_NUMBER_STARTS if spec.kind == "person_id" else ()))
        doubts += [
            f"{c} = ''",
            *_starts_with_any(c, starts),
            f"({c} >= 'Err:' AND {c} < 'Err;')",
            f"contains({c}, '计')",  # 小计, 合计: a subtotal row (validation._summary_rows)
            # The last character, which no row group's statistics can settle, is looked
            # at by Arrow (:mod:`.arrow_scan`), beside this query.
        ]
    elif spec.kind in WORD_KINDS:
        labels = ", ".join(_text(str(label)) for label in WORD_KINDS[spec.kind].categories)
        doubts.append(f"{c} NOT IN ({labels})")
    elif spec.kind == "date":
        low, high = DATE_YEARS
        doubts += [f"date_trunc('day', {c}) <> {c}", f"year({c}) NOT BETWEEN {low} AND {high}"]
    elif spec.kind == "money":
        scaled = f"(CAST({c} AS DOUBLE) * 100)"
        doubts += [
            f"NOT isfinite(CAST({c} AS DOUBLE))",
            f"{scaled} <> floor({scaled})",
            f"{scaled} / 100 <> CAST({c} AS DOUBLE)",
        ]
    schema = table_schema(table).columns[spec.name]
    for check in schema.checks:
        bounds = _bounds(spec, check)
        if bounds is not None:
            operator, bound = bounds
            doubts.append(f"{c} {operator} {_literal(spec.kind, bound)}")
        elif check.name.endswith("_in_future"):
            doubts.append(f"{c} > TIMESTAMP {_text(today.isoformat())}")
        else:  # a check with no condition here: every cell is looked at by pandas
            doubts.append(f"{c} IS NOT NULL")
    return doubts


def _frame_doubts(table: str, columns: dict[str, str]) -> list[str]:
    """The model's checks across columns, as conditions on the file's columns."""

    def col(name: str) -> str:
        return columns.get(name, "NULL")

    level_lengths = " ".join(
        f"WHEN {_text(level)} THEN {length}" for level, length in DIVISION_LEVELS.items()
    )
    conditions = {
        "exit_before_registration": f"{col('exit_year')} < {col('registered_year')}",
        "end_before_start": f"{col('end_date')} < {col('start_date')}",
        "delisted_not_low_income": f"{col('delisted')} AND NOT {col('low_income')}",
        "rectified_not_weak_lax": f"{col('weak_lax_rectified')} AND NOT {col('weak_lax')}",
        "under_age_in_year": (
            f"year(CAST({col('birth_date')} AS DATE)) > {col('year')} - {MIN_CADRE_AGE}"
        ),
        # Also a code padded to 12 digits, which the parser cuts to its level's length.
        "level_matches_code_length": (
            f"length({col('code')}) IS DISTINCT FROM (CASE {col('level')} {level_lengths} END)"
        ),
    }
    doubts = []
    for check in table_schema(table).checks:
        if check.name.startswith(UNIQUE_CHECK):
            continue  # keys are checked over the whole table (``_duplicates``)
        doubts.append(conditions.get(check.name, "true"))
    return doubts


def _distinct(con: Any, files: Sequence[ParquetFile], name: str) -> pa.Array:
    """The distinct values of a column over the files (blanks aside)."""
    parts = " UNION ".join(
        f"SELECT DISTINCT CAST({_quote(file.columns[name])} AS VARCHAR) AS c "
        f"FROM {file.scan(numbered=False)}"
        for file in files
    )
    found = con.sql(f"SELECT c FROM ({parts}) WHERE c IS NOT NULL").to_arrow_table()
    return found.column("c").combine_chunks()


def _not_a_code(column: str, kind: str) -> str:
    """The condition that a cell of a code column is not a code as it stands."""
    lengths = "|".join(f"[0-9]{{{n}}}" for n in CODE_LENGTHS[kind])
    return f"NOT regexp_full_match({column}, '{lengths}')"


def _bad_codes(con: Any, codes: pa.Array, kind: str) -> list[str]:
    """Those of a code column's distinct values that are not a code as they stand."""
    con.register("pbm_codes", pa.table({"c": codes}))
    found = con.sql(f"SELECT c FROM pbm_codes WHERE {_not_a_code('c', kind)}").fetchall()
    con.unregister("pbm_codes")
    return [row[0] for row in found]


def _doubtful(
    con: Any, table: str, file: ParquetFile, today: dt.date, bad_codes: dict[str, list[str]]
) -> np.ndarray:
    """Positions (in the table) of the file's rows that pandas must look at."""
    specs = columns_of(table)
    conditions = []
    for name, spec in specs.items():
        if name not in file.columns:
            continue
        column = _quote(file.columns[name])
        if spec.kind in CODE_LENGTHS:
            bad = bad_codes[name]
            if spec.required and not spec.nullable:
                conditions.append(f"{column} IS NULL")
            if bad:
                conditions.append(f"{column} IN ({', '.join(map(_text, bad))})")
            continue
        conditions += _column_doubts(table, spec, column, today)
    quoted = {name: _quote(column) for name, column in file.columns.items()}
    conditions += _frame_doubts(table, quoted)
    return _positions(con, file, conditions)


def _positions(con: Any, file: ParquetFile, conditions: list[str]) -> np.ndarray:
    """Positions (in the table) of the file's rows meeting any of ``conditions``, sorted."""
    if not conditions:
        return np.zeros(0, np.int64)
    where = " OR ".join(f"({condition})" for condition in conditions)
    found = con.sql(
        f"SELECT file_row_number + {file.start} FROM {file.scan()} WHERE {where}"
    ).fetchnumpy()
    return np.sort(next(iter(found.values())).astype(np.int64))


def _raw_rows(con: Any, file: ParquetFile, positions: np.ndarray) -> pd.DataFrame:
    """The file's rows at table ``positions``, read as the pandas path reads Parquet."""
    con.register("pbm_wanted", pa.table({"r": pa.array(positions - file.start, pa.int64())}))
    arrow = con.sql(
        f"SELECT * EXCLUDE (file_row_number) FROM {file.scan()} "
        "WHERE file_row_number IN (SELECT r FROM pbm_wanted) ORDER BY file_row_number"
    ).to_arrow_table()
    con.unregister("pbm_wanted")
    schema = pq.read_schema(file.path)
    arrow = pa.table(
        [arrow.column(i).cast(schema.field(i).type) for i in range(arrow.num_columns)],
        schema=schema.remove_metadata(),
    )
    return arrow_frame(arrow)


def _parsed_arrow(table: str, frame: pd.DataFrame, at: np.ndarray) -> pa.Table:
    """Parsed pandas rows in the engine's types, with their positions."""
    specs = columns_of(table)
    arrays = [pa.array(at, pa.int64())]
    for name, spec in specs.items():
        values = frame[name]
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        arrays.append(
            pa.array(values, from_pandas=True).cast(ARROW_TYPES[SQL_TYPES[spec.kind]])
            if len(values)
            else pa.array([], ARROW_TYPES[SQL_TYPES[spec.kind]])
        )
    return pa.table(arrays, names=["pos", *specs])


def _orders(width: int) -> Iterator[tuple[int, ...]]:
    return itertools.permutations(range(width))


def _rising(con: Any, table: str, sql: str, key: list[str]) -> bool:
    """True when the rows, in the order given, strictly increase by the key taken in some
    order of its columns: then no two rows share a key. Text is ordered by its length in
    bytes, then byte by byte, so that ``H9`` comes before ``H10``. One pass, no grouping."""
    specs = columns_of(table)

    def above(name: str) -> str:
        c, p = _quote(name), _quote(f"previous {name}")
        if specs[name].kind in (*TEXT_KINDS, *WORD_KINDS):
            return f"(strlen({c}) > strlen({p}) OR (strlen({c}) = strlen({p}) AND {c} > {p}))"
        return f"({c} > {p})"

    orders = list(_orders(len(key)))
    counts = []
    for order in orders:
        names = [key[i] for i in order]
        condition = above(names[-1])
        for name in reversed(names[:-1]):
            condition = f"({above(name)} OR ({_quote(name)} = {_quote('previous ' + name)} AND {condition}))"
        counts.append(f"count(*) FILTER (WHERE NOT coalesce({condition}, false))")
    lags = ", ".join(
        f"{_quote(name)}, lag({_quote(name)}) OVER () AS {_quote('previous ' + name)}"
        for name in key
    )
    found = con.sql(
        f"SELECT {', '.join(counts)} FROM (SELECT {lags} FROM ({sql}))"
        # The first row has no row before it.
        f" WHERE {_quote('previous ' + key[0])} IS NOT NULL OR {_quote(key[0])} IS NULL"
    ).fetchall()[0]
    return bool(found) and any(count == 0 for count in found)


def _duplicates(
    con: Any, table: str, keys_sql: str, key: list[str], changed: bool, order_proven: bool
) -> pd.DataFrame:
    """Rows whose key (no part blank) another row holds: ``pos`` and the key's columns.

    ``keys_sql`` gives every row's key as parsed. When the rows the parser did not
    change are known to be in increasing order, only keys of changed rows
    (``pbm_changed_keys``) can repeat."""
    columns = ", ".join(_quote(name) for name in key)
    filled = " AND ".join(f"{_quote(name)} IS NOT NULL" for name in key)
    if order_proven and not changed:
        return pd.DataFrame(columns=["pos", *key])
    among = (
        "EXISTS (SELECT 1 FROM pbm_changed_keys AS c WHERE "
        + " AND ".join(f"c.{_quote(n)} = {_quote(n)}" for n in key)
        + ")"
        if order_proven
        else "true"
    )
    repeated = (
        f"SELECT {columns} FROM ({keys_sql}) WHERE {filled} AND {among} "
        f"GROUP BY {columns} HAVING count(*) > 1"
    )
    found: pd.DataFrame = con.sql(
        f"SELECT pos, {columns} FROM ({keys_sql}) SEMI JOIN ({repeated}) USING ({columns}) ORDER BY pos"
    ).df()
    return found


def _duplicate_problems(
    table: str, key: list[str], rows: pd.DataFrame, con: Any, typed_sql: str
) -> pd.DataFrame:
    """Problems for repeated keys, in the words :func:`parse_table` uses for them."""
    if rows.empty:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    at = rows["pos"].to_numpy(dtype=np.int64)
    con.register("pbm_repeated", pa.table({"pos": pa.array(at, pa.int64())}))
    arrow = con.sql(
        f"SELECT * FROM ({typed_sql}) WHERE pos IN (SELECT pos FROM pbm_repeated) ORDER BY pos"
    ).to_arrow_table()
    con.unregister("pbm_repeated")
    frame = to_frame(table, arrow.drop_columns(["pos"]))
    frame.index = pd.Index(arrow.column("pos").to_numpy(), dtype="int64")
    values = frame[key].astype(object).astype(str).agg(" / ".join, axis=1)
    label = " + ".join(key)
    return problems_frame(frame.index, key[0], values, "duplicate", f"{label} = " + values)


def validate_parquet(
    con: Any, table: str, files: list[ParquetFile], named: bool = True
) -> ColumnarTable:
    """Validate one table of Parquet files in the engine ``con`` (a DuckDB connection).

    ``named``: other tables' rows name this table's codes, so the distinct values of its
    code columns are kept (:attr:`ColumnarTable.distinct`); otherwise Arrow tests each
    code in its row."""
    specs = columns_of(table)
    today = dt.date.today()
    notes: list[str] = []
    file_problems: list[FileProblem] = []
    usable: list[ParquetFile] = []
    headers: dict[tuple[str, str], str] = {}
    start = 0
    for file in files:
        notes.extend(unused_notes(file.path, table, file.unused))
        if file.rows == 0:
            file_problems.append(FileProblem(table, file.path, 0, "", "", "empty_file", ""))
            continue
        missing = [s for s in specs.values() if s.required and s.name not in file.columns]
        if missing:
            accepted = accepted_headers(table, missing[0].name)
            file_problems.append(
                FileProblem(
                    table, file.path, file.rows, missing[0].name, accepted.split(" / ")[0],
                    "missing_column", accepted,
                )
            )  # fmt: skip
            continue
        notes.extend(
            f"{file.path}: optional column {name} is absent; left empty"
            for name, spec in specs.items()
            if not spec.required and name not in file.columns
        )
        headers.update({(file.path, name): column for name, column in file.columns.items()})
        usable.append(
            ParquetFile(file.path, file.rows, file.columns, file.types, file.unused, start)
        )
        start += file.rows
    found = ColumnarTable(
        table, usable, pd.DataFrame(columns=PROBLEM_COLUMNS), headers, notes, file_problems
    )
    if not usable:
        return found
    key = key_of(table)
    texts = [name for name, spec in specs.items() if spec.kind in TRIMMED_KINDS]
    order = _scanned_key(specs, key, usable)
    coded = [] if named else [n for n, spec in specs.items() if spec.kind in CODE_LENGTHS]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pbm-scan") as aside:
        # Text cells ending in blank space, codes that are not codes, and whether every
        # row's key rises, asked of Arrow while the engine checks the rows. If the keys
        # rise, so do those of the rows the parser leaves as they are (a subsequence).
        # If not, and rows were set aside for the parser, it is asked again of the rows left.
        scans = [
            aside.submit(
                _scan,
                file,
                [n for n in texts if n in file.columns],
                order,
                {file.columns[n]: CODE_LENGTHS[specs[n].kind] for n in coded if n in file.columns},
            )
            for file in usable
        ]
        window = (
            aside.submit(_rising_on_cursor, con, table, found.raw(), key)
            if key is not None and len(usable) == 1 and order is None
            else None
        )
        return _validate_rows(con, found, specs, today, key, scans, window, coded)


def _scanned_key(
    specs: dict[str, ColumnSpec], key: list[str] | None, files: list[ParquetFile]
) -> list[KeyColumn] | None:
    """The key's columns as Arrow compares them, when the table is one file whose key is
    text and whole numbers (dates and yes/no are left to the engine's window)."""
    if key is None or len(files) != 1:
        return None
    found = []
    for name in key:
        kind = specs[name].kind
        if name not in files[0].columns or kind not in (*TEXT_KINDS, *WORD_KINDS, "year", "int"):
            return None
        found.append(KeyColumn(files[0].columns[name], text=kind not in ("year", "int")))
    return found


def _scan(
    file: ParquetFile,
    texts: list[str],
    key: list[KeyColumn] | None,
    codes: dict[str, tuple[int, ...]],
) -> Scanned | None:
    """:func:`scan_parquet` of the file; None when Arrow cannot read its rows (the engine
    then answers in its own way)."""
    try:
        return scan_parquet(file.path, file.start, [file.columns[n] for n in texts], key, codes)
    except (pa.ArrowException, OSError):
        return None


def _doubtful_in_engine(con: Any, table: str, file: ParquetFile, coded: list[str]) -> np.ndarray:
    """What :func:`_scan` finds, found by DuckDB: rows with a text cell ending in blank
    space, or a code (of ``coded``) that is not one."""
    specs = columns_of(table)
    conditions = [
        f"ord({_quote(column)}[-1]) IN {_in(SPACES)}"
        for name, column in file.columns.items()
        if specs[name].kind in TRIMMED_KINDS
    ]
    conditions += [
        _not_a_code(_quote(file.columns[name]), specs[name].kind)
        for name in coded
        if name in file.columns
    ]
    return _positions(con, file, conditions)


@contextlib.contextmanager
def own_cursor(con: Any) -> Iterator[Any]:
    """A cursor of ``con`` (its own connection to the same database), for another thread."""
    cursor = con.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def _rising_on_cursor(con: Any, table: str, raw: str, key: list[str]) -> bool:
    with own_cursor(con) as cursor:
        return _rising(
            cursor, table, f"SELECT pos, {', '.join(map(_quote, key))} FROM ({raw})", key
        )


def _validate_rows(
    con: Any,
    found: ColumnarTable,
    specs: dict[str, ColumnSpec],
    today: dt.date,
    key: list[str] | None,
    scans: list[Future[Scanned | None]],
    window: Future[bool] | None,
    coded: list[str],
) -> ColumnarTable:
    table, usable = found.table, found.files
    for name, spec in specs.items():
        if (
            spec.kind in CODE_LENGTHS
            and name not in coded
            and all(name in file.columns for file in usable)
        ):
            found.distinct[name] = _distinct(con, usable, name)
    bad_codes = {
        name: _bad_codes(con, found.distinct[name], specs[name].kind)
        if name in found.distinct
        else []
        for name in specs
    }
    doubtful = np.concatenate([_doubtful(con, table, file, today, bad_codes) for file in usable])
    scanned = [scan.result() for scan in scans]
    more = [
        done.doubtful if done is not None else _doubtful_in_engine(con, table, file, coded)
        for file, done in zip(usable, scanned, strict=True)
    ]
    doubtful = np.union1d(doubtful, np.concatenate(more)).astype(np.int64)
    rising = None
    if key is not None and len(usable) == 1:
        rising = scanned[0].rising if scanned[0] is not None else None
        if rising is None:
            rising = (
                window.result()
                if window is not None
                else _rising_on_cursor(con, table, found.raw(), key)
            )
    parsed, raw_cells = _parse(con, table, usable, doubtful)
    problems = [parsed.problems] if parsed is not None else []
    if key is not None:
        problems.append(_key_problems(con, found, key, doubtful, parsed, rising))
    found.problems = _final_problems(problems, con, table, usable, doubtful, raw_cells)
    found.rejected = np.unique(found.problems["at"].to_numpy(dtype=np.int64))
    if parsed is not None:
        kept = ~np.isin(doubtful, found.rejected)
        found.replaced = _parsed_arrow(table, parsed.frame[kept], doubtful[kept])
    return found


def validate_tables(
    con: Any, planned: Mapping[str, list[ParquetFile]], named: Collection[str]
) -> dict[str, ColumnarTable]:
    """Validate every table of Parquet files, each on its own cursor of ``con``, on two
    threads: a table's queries leave a core idle (Arrow's scan of a file runs on one
    thread, the parser's rows are Python), which another table's queries can use. The
    largest tables start first. ``named``: the tables whose codes other tables name."""
    import duckdb

    def one(table: str) -> ColumnarTable:
        with own_cursor(con) as cursor:
            try:
                return validate_parquet(cursor, table, planned[table], table in named)
            except duckdb.Error as error:  # text that is not UTF-8, a page it cannot decode
                raise unreadable(planned[table], error) from None

    largest = sorted(planned, key=lambda t: -sum(f.rows for f in planned[t]))
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pbm-validate") as pool:
        done = dict(zip(largest, pool.map(one, largest), strict=True))
    return {table: done[table] for table in planned}


def unreadable(files: Sequence[ParquetFile], error: Exception) -> InputError:
    """The error for a table the engine cannot read, naming the file it names (else the first)."""
    text = str(error).split("\n")[0][:300]
    path = next((file.path for file in files if file.path in text), None)
    if path is None:  # the engine did not say which: the first file Arrow cannot read either
        path = next((file.path for file in files if not _decodes(file.path)), files[0].path)
    return InputError(f"cannot be read as Parquet ({text})", path=path)


def _decodes(path: str) -> bool:
    """Whether every page of the file decodes (read a row group at a time)."""
    try:
        reader = pq.ParquetFile(path)
        for group in range(reader.metadata.num_row_groups):
            reader.read_row_group(group)
    except (pa.ArrowException, OSError):
        return False
    return True


def _parse(
    con: Any, table: str, files: list[ParquetFile], doubtful: np.ndarray
) -> tuple[ParsedTable | None, pd.DataFrame | None]:
    """The doubtful rows through :func:`parse_table`; its problems at table positions."""
    if not len(doubtful):
        return None, None
    raws = []
    for file in files:
        mine = doubtful[(doubtful >= file.start) & (doubtful < file.start + file.rows)]
        if len(mine):
            raws.append(raw_from_frame(table, file.path, _raw_rows(con, file, mine)))
    parsed = parse_table(table, raws)
    cells = pd.concat([raw.cells() for raw in raws], ignore_index=True)
    problems = parsed.problems
    # Keys are checked over the whole table, not among these rows alone.
    problems = problems[problems["rule"] != "duplicate"]
    parsed.problems = problems.assign(at=doubtful[problems["at"].to_numpy(dtype=np.int64)])
    return parsed, cells


def _key_problems(
    con: Any,
    found: ColumnarTable,
    key: list[str],
    doubtful: np.ndarray,
    parsed: ParsedTable | None,
    all_rising: bool | None = None,
) -> pd.DataFrame:
    table = found.table
    raw = found.raw()
    changed = parsed is not None
    if changed:
        assert parsed is not None
        con.register("pbm_doubtful", pa.table({"pos": pa.array(doubtful, pa.int64())}))
        keys = _parsed_arrow(table, parsed.frame, doubtful).select(["pos", *key])
        con.register("pbm_changed_keys", keys)
        unchanged = f"SELECT pos, {', '.join(map(_quote, key))} FROM ({raw}) WHERE pos NOT IN (SELECT pos FROM pbm_doubtful)"
        keys_sql = f"{unchanged} UNION ALL SELECT * FROM pbm_changed_keys"
        typed = _typed_sql(con, found, parsed, doubtful)
    else:
        unchanged = f"SELECT pos, {', '.join(map(_quote, key))} FROM ({raw})"
        keys_sql = unchanged
        typed = raw
    proven = len(found.files) == 1 and (
        bool(all_rising) or (bool(len(doubtful)) and _rising(con, table, unchanged, key))
    )
    rows = _duplicates(con, table, keys_sql, key, changed, proven)
    problems = _duplicate_problems(table, key, rows, con, typed)
    if changed:
        for name in ("pbm_doubtful", "pbm_changed_keys", "pbm_typed_changed"):
            con.unregister(name)
    return problems


def _typed_sql(con: Any, found: ColumnarTable, parsed: ParsedTable, doubtful: np.ndarray) -> str:
    """Every row as parsed: the files' rows, the doubtful ones as the parser read them."""
    con.register("pbm_typed_changed", _parsed_arrow(found.table, parsed.frame, doubtful))
    return (
        f"SELECT * FROM ({found.raw()}) WHERE pos NOT IN (SELECT pos FROM pbm_doubtful) "
        "UNION ALL SELECT * FROM pbm_typed_changed"
    )


def _final_problems(
    problems: list[pd.DataFrame],
    con: Any,
    table: str,
    files: list[ParquetFile],
    doubtful: np.ndarray,
    cells: pd.DataFrame | None,
) -> pd.DataFrame:
    """Every problem once per (row, column), a total row reported as such."""
    problems = [p for p in problems if not p.empty]
    if not problems:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    found = pd.concat(problems, ignore_index=True)
    if len(problems) > 1:
        # A repeated key where its first column is reported already is not reported again.
        first = problems[0]
        seen = set(zip(first["at"], first["field"], strict=True))
        keep = [
            i < len(first) or (a, f) not in seen
            for i, (a, f) in enumerate(zip(found["at"], found["field"], strict=True))
        ]
        found = found[keep]
    # Subtotal rows: looked for among the rows with a problem, in their cells as read.
    rows = np.unique(found["at"].to_numpy(dtype=np.int64))
    extra = np.setdiff1d(rows, doubtful)
    frames = [cells] if cells is not None else []
    order = [doubtful] if cells is not None else []
    for file in files:
        mine = extra[(extra >= file.start) & (extra < file.start + file.rows)]
        if len(mine):
            raw = raw_from_frame(table, file.path, _raw_rows(con, file, mine))
            frames.append(raw.cells())
            order.append(mine)
    positions = np.concatenate(order)
    combined = pd.concat(frames, ignore_index=True)
    local = found.assign(at=np.searchsorted(np.sort(positions), found["at"].to_numpy()))
    sorted_order = np.argsort(positions, kind="stable")
    combined = combined.iloc[sorted_order].reset_index(drop=True)
    result = _summary_rows(combined, local.reset_index(drop=True))
    return result.assign(at=np.sort(positions)[result["at"].to_numpy(dtype=np.int64)])
