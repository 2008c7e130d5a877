"""Find the record tables in a path and read them as raw frames with row numbers.

A path is a folder of CSV / Parquet / XLSX files, or one workbook with a sheet per
table, or one CSV / Parquet file. Files and sheets are matched to tables by name
(English or Chinese, see :data:`partybuild_metrics.records.schemas.TABLES`). In a sheet or CSV
the header row is found among the first rows, so a title row above it is fine.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd

from partybuild_metrics.errors import InputError
from partybuild_metrics.records.io.archives import refuse_packed_rows
from partybuild_metrics.records.io.csv_files import read_csv_table
from partybuild_metrics.records.io.encoding import utf16_without_bom
from partybuild_metrics.records.io.grid import frame_table
from partybuild_metrics.records.io.raw import ROW, RawTable, RejectedRow, table_for_name
from partybuild_metrics.records.io.workbooks import OLE_SIGNATURE, ZIP_SIGNATURE, read_workbook
from partybuild_metrics.records.schemas import TABLES

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "ROW",
    "RawTable",
    "RejectedRow",
    "arrow_frame",
    "no_table_error",
    "raw_from_frame",
    "read_csv_table",
    "read_file",
    "read_sources",
    "read_workbook",
    "source_files",
    "table_for_name",
]

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TABLE_SUFFIXES = (".csv", ".parquet", *EXCEL_SUFFIXES)


def raw_from_frame(table: str, source: str, data: pd.DataFrame) -> RawTable:
    """A RawTable from a typed frame (Parquet or memory): rows count from 1."""
    return frame_table(table, source, data)


def _parquet_frame(path: Path) -> pd.DataFrame:
    """A Parquet file as pandas, typed columns kept typed (see :func:`arrow_frame`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    metadata = pq.ParquetFile(path).metadata
    refuse_packed_rows(path, metadata.num_rows, metadata.num_columns)
    table = pq.read_table(path)
    for name, column in zip(table.column_names, table.columns, strict=True):
        try:
            column.validate(full=True)  # Parquet's text is not checked for UTF-8 on reading
        except pa.ArrowInvalid as error:
            raise ValueError(f"column '{name}' holds text that is not UTF-8: {error}") from None
    return arrow_frame(table)


def arrow_frame(arrow: pa.Table) -> pd.DataFrame:
    """Rows read from Parquet as pandas, typed columns kept typed.

    Arrow's ``split_blocks`` and ``self_destruct`` hand each column over without the
    copy into 2-D blocks that ``pd.read_parquet`` makes, so reading peaks lower. Whole
    numbers with blanks stay Arrow-backed: the parser makes them Int64, where
    ``pd.read_parquet`` would make them floats.
    """
    import pyarrow as pa

    nullable = {
        name: pd.arrays.ArrowExtensionArray(column)
        for name, column in zip(arrow.column_names, arrow.columns, strict=True)
        if pa.types.is_integer(column.type) and column.null_count
    }
    order = arrow.column_names
    # The pandas types a writer stored in the file are not asked for: a file edited since
    # (a yes/no column rewritten as 是/否) would not convert to them.
    frame: pd.DataFrame = arrow.drop_columns(list(nullable)).to_pandas(
        split_blocks=True, self_destruct=True, ignore_metadata=True
    )
    del arrow
    for name, values in nullable.items():
        frame.insert(order.index(name), name, pd.Series(values, index=frame.index, copy=False))
    return frame


def read_parquet_table(path: Path, table: str) -> RawTable:
    """Read one Parquet file; typed columns stay typed."""
    try:
        data = _parquet_frame(path)
    except InputError:
        raise
    except Exception as error:  # pyarrow raises several unrelated types for a broken file
        raise InputError(
            f"cannot be read as Parquet ({type(error).__name__}: {error})", path=str(path)
        ) from error
    return raw_from_frame(table, str(path), data)


def source_files(path: Path) -> tuple[list[Path], list[str]]:
    """The files at ``path`` to read: the file itself, or a folder's files (hidden and ``_``
    ones, and exact copies of another, left out); and notes on what was left out."""
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    if path.is_dir():
        try:
            files = sorted(
                p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "_", "~$"))
            )
        except OSError as error:
            raise InputError(
                f"the folder cannot be read ({error.strerror})", path=str(path)
            ) from error
        if not files:
            raise InputError(
                "the folder holds no files",
                path=str(path),
                hint="put the records' CSV, Parquet or XLSX files in it, or give a workbook",
            )
        copied = exact_copies(files)
        notes = [
            f"{copy}: the same bytes as {original}; read once" for copy, original in copied.items()
        ]
        return [file for file in files if file not in copied], notes + _skipped_entries(path)
    if not path.is_file():
        raise InputError("is neither a file nor a folder", path=str(path))
    return [path], []


_COPY_NAME: Final = re.compile(r"副本|拷贝|复制|[-_ ]?copy|\(\d+\)|（\d+）", re.IGNORECASE)


def exact_copies(files: list[Path]) -> dict[Path, Path]:
    """Files whose bytes are another's (村基本情况 - 副本.csv, as Explorer names a copy), each
    with the file it copies: read twice, every record would be quarantined as a duplicate.
    The file whose name does not look like a copy is the one kept."""
    by_size: dict[int, list[Path]] = {}
    for file in files:
        try:
            by_size.setdefault(file.stat().st_size, []).append(file)
        except OSError:
            continue
    copies: dict[Path, Path] = {}
    for same_size in by_size.values():
        if len(same_size) < 2:
            continue
        kept: dict[str, Path] = {}
        for file in sorted(same_size, key=lambda f: (bool(_COPY_NAME.search(f.stem)), f.name)):
            try:
                digest = hashlib.sha256(file.read_bytes()).hexdigest()
            except OSError:
                continue
            if digest in kept:
                copies[file] = kept[digest]
            else:
                kept[digest] = file
    return copies


def _skipped_entries(path: Path) -> list[str]:
    """Notes on what a folder holds that is not read: sub-folders, ``_`` and ``~$`` files,
    and entries that are no regular file (a pipe, a device, a link to nothing)."""
    notes = []
    for entry in sorted(path.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            notes.append(f"{entry}: a folder inside the folder; its files were not read")
        elif not entry.is_file():
            what = (
                "a pipe or a device" if entry.exists() else "a link to nothing, or a loop of links"
            )
            notes.append(f"{entry}: not a regular file ({what}); not read")
        elif entry.name.startswith(("_", "~$")) and not entry.name.startswith("_quarantine"):
            notes.append(f"{entry}: names starting with _ or ~$ are not read")
    return notes


def read_file(file: Path) -> tuple[list[RawTable], list[str]]:
    """The tables in one file (a workbook may hold several) and notes on what was skipped."""
    try:
        return _read_file(file)
    except (OSError, MemoryError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise InputError(f"cannot be read ({reason})", path=str(file)) from error


def _read_file(file: Path) -> tuple[list[RawTable], list[str]]:
    suffix = file.suffix.lower()
    table = table_for_name(file.stem)
    if suffix in EXCEL_SUFFIXES:
        exported = text_named_as_workbook(file)
        if exported == "markup":
            raise InputError(
                "is a web page or an Excel 2003 XML file saved under a workbook's name, as "
                "some systems export their tables",
                path=str(file),
                hint="open it in Excel or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿)",
            )
        if exported == "text" and table is not None:
            note = f"{file}: text under a workbook's name (a system's export), read as CSV"
            return [read_csv_table(file, table)], [note]
        return read_workbook(file, default_table=table)
    if suffix not in TABLE_SUFFIXES:
        return [], [f"{file}: not a CSV, Parquet or Excel file; not read"]
    if table is None:
        return [], [f"{file}: the file name names no table; not read"]
    if suffix == ".csv":
        return [read_csv_table(file, table)], []
    return [read_parquet_table(file, table)], []


_WORKBOOK_MAGIC = (OLE_SIGNATURE[:4], ZIP_SIGNATURE)
"""How an .xls (OLE) and an .xlsx (zip) workbook begin: left to the workbook reader."""


def text_named_as_workbook(file: Path) -> str:
    """What a file named as a workbook holds when it is not one: "markup" (an HTML page, an
    Excel 2003 XML spreadsheet), "text" (CSV or tab-separated), or "" (a workbook, or
    bytes for the workbook reader to refuse)."""
    with file.open("rb") as stream:
        head = stream.read(4096)
    if not head or head.startswith(_WORKBOOK_MAGIC):
        return ""
    bomless = utf16_without_bom(head)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    elif bomless:  # Excel's "Unicode text": UTF-16 with no byte-order mark
        text = head.decode(bomless, errors="ignore")
    else:  # GBK decoded as UTF-8 loses its Chinese, not its commas and line ends
        text = head.decode("utf-8", errors="ignore")
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        return ""  # binary data
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return "markup"
    return "text" if any(mark in text for mark in ("\n", ",", "\t")) else ""


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
    files, notes = source_files(path)
    for file in files:
        found, more = read_file(file)
        tables.extend(found)
        notes.extend(more)
    if not tables:
        raise no_table_error(path)
    return tables, notes
