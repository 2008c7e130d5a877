"""CSV files as clerks save them: any supported encoding, a title row, ragged rows.

A row that cannot be split into the header's cells (one unquoted comma gives it one
field too many) is left out of the table and quarantined whole, with its text; the
other rows are read. A file that is not text at all is refused with one clear line.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pandas as pd

from partybuild_metrics.errors import InputError
from partybuild_metrics.records.io.aliases import header_lookup, normalise_header
from partybuild_metrics.records.io.encoding import decode_csv_bytes, other_format, utf16_without_bom
from partybuild_metrics.records.io.grid import HEADER_SEARCH_ROWS, find_header, grid_table
from partybuild_metrics.records.io.raw import RawTable, RejectedRow, empty_raw

DELIMITERS = (",", "\t", ";")
"""Tried in order; a file is read with the first under which its header is found."""
_FIELD_LIMIT = 2**31 - 1


def refuse_binary(data: bytes, path: Path) -> None:
    """Raise InputError for a file that is not text: a workbook or PDF renamed .csv, or bytes."""
    what = other_format(data[:8])
    if what:
        raise InputError(
            f"is {what}, not a CSV text file",
            path=str(path),
            hint="give the file its own suffix (.xlsx, .xls), or save it from Excel or WPS as CSV",
        )
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(data)
    if not utf16 and b"\x00" in data[:1_000_000]:
        raise InputError(
            "holds binary data (NUL bytes), not CSV text",
            path=str(path),
            hint="save the table from Excel or WPS as CSV",
        )


_BLANK: Final[list[str]] = []
"""Every record with nothing in it, one shared list (never changed): a file of millions of
empty lines, or of ",,,,,," as Excel pads its used range, took a list each (1.6 GB for 20 MB)."""


def _kept(reader: Iterator[list[str]]) -> list[list[str]]:
    return [row if any(row) else _BLANK for row in reader]


def _records(text: str, delimiter: str) -> list[list[str]]:
    """The file's records; strict about quotes first, lenient if that is all that fails."""
    csv.field_size_limit(_FIELD_LIMIT)
    try:
        return _kept(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        if "unexpected end of data" not in str(error):
            # A stray quote inside a value ('"x"y'): read as Excel reads it.
            return _kept(
                csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
            )
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        raise csv.Error(
            f"a quotation mark opened in record {len(rows)} is never closed, so every line "
            "after it would be read as one value"
        ) from error


def _fields_text(row: list[str], delimiter: str) -> str:
    return delimiter.join(row)


def split_rows(
    rows: list[list[str]], header_at: int, delimiter: str, *, check: bool = True
) -> tuple[pd.DataFrame, list[RejectedRow]]:
    """Rows below the header as a grid as wide as the header; rows with fields beyond it
    (not blank) or missing named fields are rejected, with their number and text.
    Unchecked, the grid is as wide as the widest row and nothing is rejected."""
    header = rows[header_at]
    width = len(header) if check else max(len(row) for row in rows[header_at:])
    header = (header + [""] * width)[:width]
    named = max((i + 1 for i, cell in enumerate(header) if cell.strip()), default=0)
    kept: dict[int, list[str]] = {header_at: header}
    rejected: list[RejectedRow] = []
    blank_rows = 0
    for position in range(header_at + 1, len(rows)):
        row = rows[position]
        if row is _BLANK:  # nothing in it: counted, never laid out
            blank_rows += 1
            continue
        if len(row) == width:
            kept[position] = row
            continue
        blank = not any(cell.strip() for cell in row)
        too_long = check and len(row) > width and any(cell.strip() for cell in row[width:])
        too_short = check and len(row) < named and not blank
        if too_long or too_short:
            rejected.append(
                RejectedRow(
                    position + 1,
                    _fields_text(row, delimiter),
                    "ragged_row",
                    f"fields|{len(row)}|{width}",
                )
            )
            continue
        kept[position] = (row + [""] * width)[:width]
    # Excel's used range may run to column XFD: columns with no header and nothing in
    # them are left out before the grid is laid out (16,384 of them took 13 s)
    filled = max((_filled_width(row) for row in kept.values()), default=0)
    if filled < width:
        kept = {position: row[:filled] for position, row in kept.items()}
    grid = pd.DataFrame.from_dict(kept, orient="index", dtype=object)
    grid.attrs["blank_rows"] = blank_rows
    return grid, rejected


def _filled_width(row: list[str]) -> int:
    """The fields of a row up to its last one that is not blank."""
    for position in range(len(row) - 1, -1, -1):
        if row[position].strip():
            return position + 1
    return 0


def read_csv_table(path: Path, table: str) -> RawTable:
    """Read one CSV file (any supported encoding) as raw text cells."""
    data = path.read_bytes()
    refuse_binary(data, path)
    text, _encoding = decode_csv_bytes(data, str(path))
    # a byte-order mark inside the text (two exports pasted into one file) is no part of
    # the cell it lands in: left there, it made an ID that matched nothing
    marks = text.count("\ufeff")
    text = text.replace("\ufeff", "") if marks else text
    if not text.strip():
        return empty_raw(table, str(path))
    chosen: tuple[list[list[str]], int, str, bool] | None = None
    try:
        for delimiter in DELIMITERS:
            rows = _records(text, delimiter)
            header_at = find_header(rows[:HEADER_SEARCH_ROWS], table)
            named = _names_a_column(rows[header_at], table)
            if chosen is None or named:
                chosen = (rows, header_at, delimiter, named)
            if named:
                break
    except csv.Error as error:
        raise InputError(
            f"cannot be read as CSV: {error}",
            path=str(path),
            hint="close the quotation mark, or open the file in Excel or WPS and save it as CSV",
        ) from error
    assert chosen is not None
    rows, header_at, delimiter, named = chosen
    # Without a header there are no fields to count: the missing columns reject the file.
    grid, rejected = split_rows(rows, header_at, delimiter, check=named)
    raw = grid_table(table, str(path), grid, 0, letters=False)  # the grid starts at the header
    raw.rejected = rejected
    if marks:
        raw.notes.append(
            f"{path}: {marks} byte-order mark(s) inside the file (two files pasted into one?) "
            "were removed from the cells they stood in"
        )
    if rejected:
        raw.notes.append(
            f"{path}: {len(rejected)} row(s) with more or fewer fields than the header were "
            "quarantined whole"
        )
    return raw


def _names_a_column(row: list[str], table: str) -> bool:
    lookup = header_lookup(table)
    return any(normalise_header(cell) in lookup for cell in row if cell.strip())
