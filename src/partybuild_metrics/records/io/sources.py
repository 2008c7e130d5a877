"""Find the record tables in a path and read them as raw frames with row numbers.

A path is a folder of CSV / Parquet / XLSX files, or one workbook with a sheet per
table, or one CSV / Parquet file. Files and sheets are matched to tables by name
(English or Chinese, see :data:`partybuild_metrics.records.schemas.TABLES`). In a sheet or CSV
the header row is found among the first rows, so a title row above it is fine.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from partybuild_metrics.errors import InputError
from partybuild_metrics.records.io.aliases import header_lookup, normalise_header
from partybuild_metrics.records.io.encoding import decode_csv_bytes
from partybuild_metrics.records.schemas import TABLES

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TABLE_SUFFIXES = (".csv", ".parquet", *EXCEL_SUFFIXES)
HEADER_SEARCH_ROWS = 10
ROW = "_row"


@dataclass
class RawTable:
    """One table as read from one file or sheet, before parsing.

    ``frame`` has canonical (or source) column names, plus ``_row`` (the row number the
    user sees: Excel and CSV rows count the header) for sheets and CSV files. Parquet and
    in-memory frames have no ``_row``: their rows count from 1 (adding a column to 30
    million rows costs a second).
    ``headers`` maps each column to the header the user wrote.
    """

    table: str
    source: str
    frame: pd.DataFrame
    headers: dict[str, str]
    notes: list[str] = field(default_factory=list)

    def row_numbers(self) -> np.ndarray | None:
        """The row numbers the user sees (the ``_row`` column), or None when rows count from 1."""
        if ROW in self.frame.columns:
            return self.frame[ROW].to_numpy(dtype=np.int64)
        return None

    def cells(self) -> pd.DataFrame:
        """The frame without its row numbers."""
        return self.frame.drop(columns=[ROW]) if ROW in self.frame.columns else self.frame


def table_for_name(name: str) -> str | None:
    """The table a file or sheet name refers to, or None.

    >>> table_for_name("庄河市2020年村两委成员花名册"), table_for_name("Villages")
    ('cadres', 'villages')
    """
    key = normalise_header(name)
    for spec in TABLES.values():
        if any(normalise_header(word) in key for word in spec.file_words):
            return spec.name
    return None


def _find_header(rows: list[list[object]], lookup: dict[str, str]) -> int:
    scores = [
        sum(normalise_header(cell) in lookup for cell in row if cell not in ("", None))
        for row in rows[:HEADER_SEARCH_ROWS]
    ]
    best = max(scores, default=0)
    return scores.index(best) if best > 0 else 0


def _frame_from_grid(
    table: str, source: str, grid: pd.DataFrame, first_row_number: int
) -> RawTable:
    """Build a RawTable from a grid of cells whose first row is the header."""
    lookup = header_lookup(table)
    header = [str(cell).strip() for cell in grid.iloc[0].tolist()]
    body = grid.iloc[1:]
    columns: dict[str, pd.Series] = {}
    headers: dict[str, str] = {}
    notes: list[str] = []
    for position, text in enumerate(header):
        column = lookup.get(normalise_header(text))
        if column is None:
            if text not in ("", "None", "nan"):
                notes.append(f"{source}: column '{text}' is not used by {table}")
            continue
        if column in columns:
            notes.append(
                f"{source}: column '{text}' repeats '{headers[column]}'; the first is used"
            )
            continue
        columns[column] = body.iloc[:, position]
        headers[column] = text
    frame = pd.DataFrame(columns, index=body.index)
    frame[ROW] = (body.index - grid.index[0]) + first_row_number
    frame = frame.reset_index(drop=True)
    return RawTable(table, source, frame, headers, notes)


def _drop_blank_rows(raw: RawTable) -> RawTable:
    cells = raw.frame.drop(columns=[ROW])
    if cells.empty:
        return raw
    blank = cells.apply(
        lambda column: column.isna() | (column.astype("str").str.strip() == "")
    ).all(axis=1)
    if blank.any():
        raw.frame = raw.frame[~blank].reset_index(drop=True)
        raw.notes.append(f"{raw.source}: {int(blank.sum())} blank row(s) skipped")
    return raw


def _grid_table(table: str, source: str, grid: pd.DataFrame) -> RawTable:
    if grid.empty:
        return RawTable(table, source, pd.DataFrame({ROW: pd.Series(dtype="int64")}), {}, [])
    rows = grid.head(HEADER_SEARCH_ROWS).values.tolist()
    header_at = _find_header(rows, header_lookup(table))
    return _drop_blank_rows(_frame_from_grid(table, source, grid.iloc[header_at:], header_at + 1))


def read_csv_table(path: Path, table: str) -> RawTable:
    """Read one CSV file (any supported encoding) as raw text cells."""
    text, _encoding = decode_csv_bytes(path.read_bytes(), str(path))
    if not text.strip():
        return RawTable(table, str(path), pd.DataFrame({ROW: pd.Series(dtype="int64")}), {}, [])
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, ValueError) as error:
        raise InputError(
            f"cannot be read as CSV ({error})",
            path=str(path),
            hint="check that every row has as many fields as the header",
        ) from error
    return _grid_table(table, str(path), grid)


def raw_from_frame(table: str, source: str, data: pd.DataFrame) -> RawTable:
    """A RawTable from a typed frame (Parquet or memory): rows count from 1."""
    lookup = header_lookup(table)
    known = [c for c in data.columns if normalise_header(c) in lookup]
    headers = {lookup[normalise_header(c)]: str(c) for c in known}
    notes = [
        f"{source}: column '{c}' is not used by {table}" for c in data.columns if c not in known
    ]
    frame = data[known].set_axis([lookup[normalise_header(c)] for c in known], axis=1)
    return RawTable(table, source, frame.reset_index(drop=True), headers, notes)


def _parquet_frame(path: Path) -> pd.DataFrame:
    """A Parquet file as pandas, typed columns kept typed.

    Arrow's ``split_blocks`` and ``self_destruct`` hand each column over without the
    copy into 2-D blocks that ``pd.read_parquet`` makes, so reading peaks lower. Whole
    numbers with blanks stay Arrow-backed: the parser makes them Int64, in the thread
    that parses the table, where ``pd.read_parquet`` would make them floats here.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pq.read_table(path)
    nullable = {
        name: pd.arrays.ArrowExtensionArray(column)
        for name, column in zip(arrow.column_names, arrow.columns, strict=True)
        if pa.types.is_integer(column.type) and column.null_count
    }
    order = arrow.column_names
    frame: pd.DataFrame = arrow.drop_columns(list(nullable)).to_pandas(
        split_blocks=True, self_destruct=True
    )
    del arrow
    for name, values in nullable.items():
        frame.insert(order.index(name), name, pd.Series(values, index=frame.index, copy=False))
    return frame


def read_parquet_table(path: Path, table: str) -> RawTable:
    """Read one Parquet file; typed columns stay typed."""
    try:
        data = _parquet_frame(path)
    except Exception as error:  # pyarrow raises several unrelated types for a broken file
        raise InputError(
            f"cannot be read as Parquet ({type(error).__name__}: {error})", path=str(path)
        ) from error
    return raw_from_frame(table, str(path), data)


def _open_workbook(path: Path) -> object:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise InputError(
            f"is not a readable Excel workbook ({error})",
            path=str(path),
            hint="the file may be truncated, or another format renamed to .xlsx; "
            "open it in Excel or WPS and save it again as .xlsx",
        ) from error


def read_workbook(
    path: Path, *, default_table: str | None = None
) -> tuple[list[RawTable], list[str]]:
    """Read every sheet of a workbook that names a table; returns tables and notes."""
    workbook = _open_workbook(path)
    sheet_names: list[str] = list(workbook.sheet_names)  # type: ignore[attr-defined]
    matched = {name: table_for_name(name) for name in sheet_names}
    if default_table and not any(matched.values()) and sheet_names:
        matched[sheet_names[0]] = default_table
    tables: list[RawTable] = []
    notes: list[str] = []
    for sheet_name, table in matched.items():
        if table is None:
            notes.append(f"{path}: sheet '{sheet_name}' names no table and was not read")
            continue
        sheet = workbook.get_sheet_by_name(sheet_name)  # type: ignore[attr-defined]
        cells = sheet.to_python(skip_empty_area=False)
        grid = pd.DataFrame(cells, dtype=object) if cells else pd.DataFrame()
        tables.append(_grid_table(table, f"{path}[{sheet_name}]", grid))
    return tables, notes


def source_files(path: Path) -> list[Path]:
    """The files at ``path``: the file itself, or a folder's files (hidden and ``_`` ones left out)."""
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    if path.is_dir():
        return sorted(
            p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "_", "~$"))
        )
    return [path]


def read_file(file: Path) -> tuple[list[RawTable], list[str]]:
    """The tables in one file (a workbook may hold several) and notes on what was skipped."""
    suffix = file.suffix.lower()
    table = table_for_name(file.stem)
    if suffix in EXCEL_SUFFIXES:
        return read_workbook(file, default_table=table)
    if suffix not in TABLE_SUFFIXES:
        return [], [f"{file}: not a CSV, Parquet or Excel file; not read"]
    if table is None:
        return [], [f"{file}: the file name names no table; not read"]
    if suffix == ".csv":
        return [read_csv_table(file, table)], []
    return [read_parquet_table(file, table)], []


def sole_file_of_its_table(file: Path, files: list[Path]) -> bool:
    """True when ``file`` is a CSV or Parquet file and no other file can hold its table."""
    table = table_for_name(file.stem)
    if table is None or file.suffix.lower() not in (".csv", ".parquet"):
        return False
    others = [other for other in files if other != file]
    return not any(
        other.suffix.lower() in EXCEL_SUFFIXES or table_for_name(other.stem) == table
        for other in others
    )


def no_table_error(path: Path) -> InputError:
    expected = ", ".join(f"{s.name} ({s.name_zh})" for s in TABLES.values())
    return InputError(
        "no recognisable table",
        path=str(path),
        hint=f"name files or sheets after the tables: {expected}",
    )


def read_sources(path: Path) -> tuple[list[RawTable], list[str]]:
    """Every table found at ``path``; raises InputError when nothing can be read."""
    tables: list[RawTable] = []
    notes: list[str] = []
    for file in source_files(path):
        found, more = read_file(file)
        tables.extend(found)
        notes.extend(more)
    if not tables:
        raise no_table_error(path)
    return tables, notes
