"""Excel and WPS workbooks, read with calamine, as clerks make them.

- A workbook that cannot be opened (truncated, password-protected, another format
  renamed) is refused with one clear line saying why and what to do.
- A sheet whose cells reach far to the right or below (one stray cell at XFD1048576)
  is refused before it is loaded: its grid would not fit in memory.
- Merged cells (a village code merged over its cadres' rows) give their value to every
  cell they cover, as the clerk sees them.
- calamine reads a cell holding an Excel error (#N/A, #DIV/0! …) as a blank; such cells
  are found with openpyxl (.xlsx, .xlsm) or xlrd (.xls) and put back as their error
  text, so that they are quarantined, never read as blanks.
- A formula whose result the workbook does not hold (a workbook a program wrote, which
  no spreadsheet has saved since: an empty saved value, or ``fullCalcOnLoad``, under
  which the saved values are placeholders such as 0) has no value to read: it is put
  back as an :class:`UnsavedFormula` and quarantined.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeVar, cast
from xml.etree import ElementTree

import pandas as pd

from partybuild_metrics.errors import InputError
from partybuild_metrics.records.io.archives import refuse_zip_bomb
from partybuild_metrics.records.io.grid import HEADER_SEARCH_ROWS, find_header, grid_table
from partybuild_metrics.records.io.raw import RawTable, table_for_name
from partybuild_metrics.records.io.repeated_text import refuse_repeated_text, refuse_text_beyond
from partybuild_metrics.records.parsing import UnsavedFormula, excel_error

MAX_SHEET_CELLS: Final[int] = 25_000_000
"""A sheet spanning more cells than this (rows × columns up to its last cell) is refused."""
MAX_BOOK_CELLS: Final[int] = 40_000_000
"""A workbook whose sheets span more cells than this together is refused."""
MAX_XLS_CELLS: Final[int] = 8_000_000
"""The same for an .xls workbook, which calamine reads whole when it opens it, at some
160 bytes a cell (a stray cell at IV65536 took 2.7 GB); 65,536 rows × 122 columns."""
ZIP_SUFFIXES: Final[tuple[str, ...]] = (".xlsx", ".xlsm")
_CHUNK = 1 << 22
# a reference as any XML writer may quote and space it (r = 'XFD01048576'), and rows past
# Excel's last one: calamine lays out every cell up to the furthest
_CELL_REF = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]{1,3})\$?0*([0-9]{1,12})["']""")
_ROW_REF = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr\s*=\s*["']0*([0-9]{1,12})["']""")
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
"""Row and cell elements: those without a reference are laid out one after another."""
_HIDDEN_ROW = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\shidden\s*=\s*["'](?:1|true)["']"""
)
_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_ERROR_CELL = re.compile(rb'\st="e"')
_UNSAVED = re.compile(
    rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
"""A formula followed by the end of its cell, with no saved value (or an empty one)."""
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FULL_CALC = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad=\"(?:1|true)\"")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
Result = TypeVar("Result")
Marks = dict[str, list[tuple[int, int, object]]]
"""Per sheet, the cells to put back: (row, column, error text or UnsavedFormula)."""


def _refused(path: Path | str, problem: str, hint: str) -> InputError:
    return InputError(problem, path=str(path), hint=hint)


def _guarded(path: Path, what: str, work: Callable[[], Result]) -> Result:
    """Run a calamine call; any failure of the file, a Rust panic too, is one clear line."""
    from python_calamine import CalamineError, PasswordError

    try:
        return work()
    except PasswordError as error:
        raise _refused(
            path,
            "is password-protected (encrypted)",
            "open it in Excel or WPS, remove the password (文件 → 信息 → 保护工作簿 → 用密码进行加密, "
            "clear it) and save a copy",
        ) from error
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except BaseException as error:  # calamine's errors, and pyo3's PanicException (a BaseException)
        text = str(error).strip() or type(error).__name__
        if isinstance(error, (CalamineError, OSError, ValueError)):
            hint = (
                "the file may be truncated, or another format renamed; open it in Excel or WPS "
                "and save it again as .xlsx"
            )
        else:
            hint = "open it in Excel or WPS and save it again as .xlsx"
        where = f" (in {what})" if what else ""
        raise _refused(path, f"is not a readable Excel workbook{where}: {text}", hint) from error


OLE_SIGNATURE: Final[bytes] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE: Final[bytes] = b"PK\x03\x04"
"""How an .xlsx workbook (a zip archive) begins."""
"""The start of an OLE compound file: an .xls workbook, or an encrypted .xlsx."""


def _head(path: Path) -> bytes:
    with path.open("rb") as file:
        return file.read(8)


def open_workbook(path: Path) -> Any:
    """The calamine workbook at ``path``, or InputError saying why it cannot be opened.

    An .xls workbook renamed .xlsx, or an .xlsx renamed .xls, is read for what it is.
    """
    from python_calamine import CalamineWorkbook

    head = _head(path)
    if not head:
        raise _refused(path, "is empty (0 bytes)", "save the workbook again from Excel or WPS")
    if head.startswith(ZIP_SIGNATURE):
        try:
            with zipfile.ZipFile(path) as archive:
                refuse_zip_bomb(path, archive)
                refuse_sprawling_sheets(path, archive)
                if "content.xml" in archive.namelist():
                    spans, text = _ods_spans(archive)
                    refuse_sprawling_book(path, spans)
                    refuse_text_beyond(path, text)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError):
            pass  # calamine says what is wrong with it
    elif head.startswith(OLE_SIGNATURE):
        refuse_sprawling_xls(path)
    try:
        return _guarded(path, "", lambda: CalamineWorkbook.from_path(str(path)))
    except InputError as error:
        protected = "password" in str(error)
        xls_name = path.suffix.lower() == ".xls"
        renamed = head.startswith(OLE_SIGNATURE) != xls_name  # .xls renamed .xlsx, or back
        if protected or not renamed:
            raise
    with path.open("rb") as file:
        return _guarded(path, "", lambda: CalamineWorkbook.from_filelike(file))


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part in an .xlsx archive."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_RELS}Relationship")}
    members = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_DOC_RELS}id"), "")
        if target:
            member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            members[sheet.get("name", "")] = posixpath.normpath(member)
    return members


class _Scanned(NamedTuple):
    """What one pass over a sheet's XML finds."""

    rows: int
    columns: int
    errors: bool
    hidden_rows: int
    cells: int
    """cell elements written, empty ones too"""


def _scan(archive: zipfile.ZipFile, member: str, trust: bool) -> _Scanned:
    """The last row and column a sheet's cells reach, whether any holds an error or a
    formula without its saved value (any formula, unless the saved values are ``trust``-ed),
    and how many rows are hidden (by hand or by a filter).

    Rows and cells written without a reference (``<row/>``, ``<c/>``) follow the one
    before: they are counted where some are."""
    rows = columns = elements = references = hidden = written = 0
    errors = False
    tail = b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            data = tail + chunk
            cell_refs = _CELL_REF.findall(data)
            for letters in {letters.upper() for letters, _ in cell_refs}:
                column = 0
                for letter in letters:
                    column = column * 26 + letter - 64
                columns = max(columns, column)
            row_refs = _ROW_REF.findall(data)
            rows = max([rows, *map(int, row_refs), *(int(digits) for _, digits in cell_refs)])
            references += len(cell_refs) + len(row_refs)
            seen = len(tail)  # a hidden row ending there was counted with the chunk before
            hidden += sum(found.end() > seen for found in _HIDDEN_ROW.finditer(data))
            cells = len(_CELL_START.findall(chunk))  # one cut by the chunk's end is missed
            elements += len(_ROW_START.findall(chunk)) + cells
            written += cells
            unsaved = _UNSAVED if trust else _FORMULA
            errors = errors or bool(_ERROR_CELL.search(data) or unsaved.search(data))
            tail = data[-256:]
    if elements > references:  # some rows or cells have no reference
        unreferenced_rows, unreferenced_columns = _laid_out(archive, member)
        rows, columns = max(rows, unreferenced_rows), max(columns, unreferenced_columns)
    return _Scanned(rows, columns, errors, hidden, written)


def _laid_out(archive: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """How many rows a sheet's row elements make, and the most cells one of them holds
    (counted in C, a row at a time: a hostile sheet may hold millions of ``<c/>``)."""
    rows = cells = columns = 0
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):  # an element cut by a chunk's end is one row or cell
            pieces = _ROW_START.split(chunk)
            cells += len(_CELL_START.findall(pieces[0]))  # the row the last chunk ended in
            columns = max(columns, cells)
            for piece in pieces[1:]:
                rows, cells = rows + 1, len(_CELL_START.findall(piece))
                columns = max(columns, cells)
    return rows, columns


def saved_values_trusted(archive: zipfile.ZipFile) -> bool:
    """False when the workbook asks to be recalculated when opened (``fullCalcOnLoad``), as
    workbooks written by programs (openpyxl, xlsxwriter) do: their formulas' saved values
    are empty or 0, not results. A spreadsheet that saves the workbook computes them."""
    try:
        return not _FULL_CALC.search(archive.read("xl/workbook.xml"))
    except KeyError:
        return True


def _refuse_sprawl(path: Path | str, name: str, rows: int, columns: int) -> None:
    if rows * columns > MAX_SHEET_CELLS:
        raise _refused(
            path,
            f"sheet '{name}' reaches row {rows:,} and column {columns:,} "
            f"({rows * columns:,} cells, more than {MAX_SHEET_CELLS:,})",
            "delete the stray cells far below or to the right of the table "
            "(Ctrl+End shows the last one), or save the sheet as CSV",
        )


def refuse_sprawling_sheets(path: Path | str, archive: zipfile.ZipFile) -> None:
    """Refuse an .xlsx with a sheet whose cells reach beyond MAX_SHEET_CELLS (a stray cell
    at XFD1048576): a reader would lay out every cell up to it, gigabytes of them. Refuse
    one whose cells repeat its shared text to far more than the file holds, too."""
    trust = saved_values_trusted(archive)
    named = {member: name for name, member in _sheet_members(archive).items()}
    # every sheet part, named in workbook.xml or not (a workbook.xml it cannot read hides none)
    spans: list[int] = []
    cells: dict[str, int] = {}
    for member in archive.namelist():
        if _WORKSHEET.fullmatch(member) or member in named:
            scanned = _scan(archive, member, trust)
            _refuse_sprawl(path, named.get(member, member), scanned.rows, scanned.columns)
            spans.append(scanned.rows * scanned.columns)
            cells[member] = scanned.cells
    refuse_sprawling_book(path, spans)
    refuse_repeated_text(path, archive, cells)


_ODS_ELEMENT = re.compile(
    rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>"
)
_REPEATED = re.compile(rb'number-(?:rows|columns)-repeated\s*=\s*["\']0*([0-9]{1,12})["\']')


def _ods_spans(archive: zipfile.ZipFile) -> tuple[list[int], int]:
    """The cells each table of an OpenDocument spreadsheet spans, its repeats counted out:
    rows up to the last with a value, times the columns up to the last value in a row.
    (Empty repeats, as LibreOffice pads every sheet with, span nothing.) And the bytes of
    text its cells with a value hold once each repeat is written out: the bytes up to
    the next row or cell, times the cell's repeats and its row's."""
    spans: list[int] = []
    rows = columns = width = pending_rows = row_repeats = text = repeats = 0
    tail = b""
    with archive.open("content.xml") as part:
        while chunk := part.read(_CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<")  # an element cut by the chunk's end is read with the next
            data, tail = data[:cut], data[cut:]
            at = 0  # the bytes from here to the next element belong to the last one seen
            for found in _ODS_ELEMENT.finditer(data):
                kind, attributes = found[1], found[2]
                text += repeats * (found.start() - at)
                at, repeats = found.end(), 0
                repeated = _REPEATED.search(attributes)
                count = int(repeated[1]) if repeated else 1
                if kind == b"table":
                    spans.append(rows * columns)
                    rows = columns = 0
                    pending_rows = 0
                elif kind == b"table-row":
                    width = 0
                    pending_rows += count
                    row_repeats = count
                else:
                    width += count
                    if b"value-type" in attributes:  # a cell with a value, all its repeats
                        columns, rows = max(columns, width), pending_rows
                        repeats = count * row_repeats
            text += repeats * (len(data) - at)
    spans.append(rows * columns)
    return spans, text


def _xls_spans(path: Path) -> tuple[list[int], int]:
    """The cells each sheet of an .xls workbook spans: its DIMENSIONS record and its cells
    (BIFF8 allows 65,536 × 256 a sheet, and calamine reads every sheet when it opens). And
    the bytes of text its cells of shared text hold, each cell its own copy."""
    import struct

    from xlrd.compdoc import CompDoc, CompDocError

    try:
        with open(os.devnull, "w") as quiet:
            document = CompDoc(path.read_bytes(), logfile=quiet)
            stream = document.get_named_stream("Workbook") or document.get_named_stream("Book")
    except (CompDocError, OSError, ValueError, IndexError, struct.error):
        return [], 0  # calamine says what is wrong with it
    if not stream:
        return [], 0
    spans: list[int] = []
    rows = columns = text = 0
    shared: list[bytes] = []  # the SST record and its CONTINUE records
    sizes: list[int] = []
    at = 0
    while at + 4 <= len(stream):
        record, length = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4 : at + 4 + length]
        if shared and record != 0x003C:  # the shared strings are whole: their sizes
            sizes, shared = _xls_string_sizes(shared), []
        if record == 0x0809:  # BOF: a sheet (or the workbook globals) begins
            spans.append(rows * columns)
            rows = columns = 0
        elif record == 0x00FC and length >= 8:  # SST
            shared = [body]
        elif record == 0x003C and shared:  # CONTINUE
            shared.append(body)
        elif record == 0x0200 and length >= 14:  # DIMENSIONS: one past the last row and column
            last_row, last_column = struct.unpack_from("<4xI2xH", body)
            rows, columns = max(rows, last_row), max(columns, last_column)
        elif record in _XLS_CELLS and length >= 4:
            row, column = struct.unpack_from("<HH", body)
            rows, columns = max(rows, row + 1), max(columns, column + 1)
            if record == 0x00FD and length >= 10:  # LABELSST: a cell naming a shared string
                (index,) = struct.unpack_from("<I", body, 6)
                text += sizes[index] if index < len(sizes) else 0
        at += 4 + length
    spans.append(rows * columns)
    return spans, text


def refuse_sprawling_xls(path: Path, *, cells: bool = True) -> None:
    """Refuse an .xls workbook whose sheets span more than MAX_XLS_CELLS cells (unless not
    ``cells``: a reader that keeps only the cells written), or whose cells repeat its
    shared text to far more than the file holds."""
    spans, text = _xls_spans(path)
    if cells:
        refuse_sprawling_book(path, spans, MAX_XLS_CELLS)
    refuse_text_beyond(path, text)


def _xls_string_sizes(records: list[bytes]) -> list[int]:
    """The UTF-8 bytes of each string of an SST record (and its CONTINUE records), read by
    xlrd; none when it cannot read them (calamine then says what is wrong)."""
    import struct

    from xlrd.book import unpack_SST_table

    try:
        (unique,) = struct.unpack_from("<I", records[0], 4)
        strings, _ = unpack_SST_table(records, unique)
    except Exception:  # xlrd asserts, too, on a count the strings do not fill
        return []
    return [len(string.encode("utf-8", "replace")) for string in strings]


_XLS_CELLS: Final = frozenset(
    {0x0201, 0x0203, 0x0204, 0x0205, 0x0006, 0x027E, 0x00FD, 0x00BD, 0x00BE}
)
"""BIFF records of one cell (or a run of cells in one row): BLANK, NUMBER, LABEL, BOOLERR,
FORMULA, RK, LABELSST, MULRK, MULBLANK."""


def refuse_sprawling_book(path: Path | str, spans: list[int], most: int = MAX_BOOK_CELLS) -> None:
    """Refuse a workbook with a sheet spanning more than MAX_SHEET_CELLS cells, or whose
    sheets span more than ``most`` together (``spans``: each sheet's rows × columns)."""
    sheets = [span for span in spans if span]
    if sheets and max(sheets) > MAX_SHEET_CELLS:
        raise _refused(
            path,
            f"a sheet spans {max(sheets):,} cells (more than {MAX_SHEET_CELLS:,})",
            "delete the stray cells far below or to the right of the table (Ctrl+End shows "
            "the last one), or save the sheet as CSV",
        )
    if sum(sheets) > most:
        raise _refused(
            path,
            f"its {len(sheets)} sheet{'s' if len(sheets) > 1 else ''} "
            f"span{'' if len(sheets) > 1 else 's'} {sum(sheets):,} cells together "
            f"(more than {most:,})",
            "delete the stray cells far below or to the right of each table (Ctrl+End shows "
            "the last one) and the sheets not needed, or save each table as CSV",
        )


def _xlsx_sheets_with_errors(
    path: Path, names: list[str]
) -> tuple[list[str], bool, dict[str, int]]:
    """Refuse a sheet that spans too many cells; return the sheets holding error cells or
    formulas without results, whether the saved formula values can be trusted, and how
    many rows of each sheet are hidden."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = _sheet_members(archive)
            trust = saved_values_trusted(archive)
            with_errors = []
            hidden: dict[str, int] = {}
            for name in names:
                member = members.get(name)
                if member is None or member not in archive.NameToInfo:
                    continue
                scanned = _scan(archive, member, trust)
                _refuse_sprawl(path, name, scanned.rows, scanned.columns)
                if scanned.errors:
                    with_errors.append(name)
                if scanned.hidden_rows:
                    hidden[name] = scanned.hidden_rows
            return with_errors, trust, hidden
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as error:
        raise _refused(
            path, f"is not a readable .xlsx archive ({error})", "save it again from Excel or WPS"
        ) from error


def _xlsx_error_cells(path: Path, names: list[str], trust: bool) -> Marks:
    """Error cells as their error text; formulas without a saved value (any formula, when
    the saved values are not ``trust``-ed) as UnsavedFormula."""
    import openpyxl

    found: Marks = {}
    values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for name in names:
            cells = found.setdefault(name, [])
            rows = zip(values[name].iter_rows(), formulas[name].iter_rows(), strict=False)
            for value_row, formula_row in rows:
                for cell, written in zip(value_row, formula_row, strict=False):
                    where = getattr(cell, "row", None), getattr(cell, "column", None)
                    if where[0] is None or where[1] is None:
                        continue
                    error = excel_error(cell.value)  # openpyxl knows only the classic seven
                    if error or (getattr(cell, "data_type", None) == "e" and cell.value):
                        cells.append((where[0] - 1, where[1] - 1, error or str(cell.value)))
                    elif getattr(written, "data_type", None) == "f" and (
                        # a text result saved empty (=IF(…,"",…)) is a blank, not unsaved
                        (cell.value is None and getattr(cell, "data_type", None) != "str")
                        or not trust
                    ):
                        formula = written.value if isinstance(written.value, str) else "="
                        cells.append((where[0] - 1, where[1] - 1, UnsavedFormula(formula)))
    finally:
        values.close()
        formulas.close()
    return found


def _xls_error_cells(path: Path, names: list[str]) -> Marks:
    import xlrd

    found: Marks = {}
    book = xlrd.open_workbook(str(path), on_demand=True, logfile=io.StringIO())
    try:
        for name in names:
            sheet = book.sheet_by_name(name)
            cells = found.setdefault(name, [])
            for r in range(sheet.nrows):
                for c, kind in enumerate(sheet.row_types(r)):
                    if kind == xlrd.XL_CELL_ERROR:
                        code = sheet.cell_value(r, c)
                        cells.append((r, c, xlrd.error_text_from_code.get(code, "#N/A")))
    finally:
        book.release_resources()
    return found


def error_cells(path: Path, names: list[str]) -> tuple[Marks, list[str]]:
    """Each sheet's cells holding an Excel error, (row, column, error) from 0; and notes
    (hidden rows among them)."""
    suffix, head = path.suffix.lower(), _head(path)
    try:
        if suffix in ZIP_SUFFIXES and head.startswith(b"PK"):
            with_errors, trust, hidden = _xlsx_sheets_with_errors(path, names)
            notes = [
                f"{path}[{name}]: {count} hidden row(s) (hidden or filtered out in Excel) were "
                "read like the others"
                for name, count in hidden.items()
            ]
            return (_xlsx_error_cells(path, with_errors, trust) if with_errors else {}), notes
        if head.startswith(OLE_SIGNATURE):
            return _xls_error_cells(path, names), []
    except InputError:
        raise
    except Exception as error:  # the second reader failing must not hide the table
        return {}, [
            f"{path}: error cells (#N/A …) could not be looked for ({type(error).__name__})"
        ]
    return {}, [
        f"{path}: in {suffix} files a cell holding an Excel error (#N/A …) reads as blank; "
        "save the workbook as .xlsx to have such cells found"
    ]


def _merged(sheet: Any) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    try:
        ranges = sheet.merged_cell_ranges
    except Exception:  # not every format reports them
        return []
    return list(ranges or [])


def _fill_merged(grid: pd.DataFrame, ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> int:
    """Give each merged range's value to every cell it covers; return how many spanned rows."""
    filled = 0
    for (top, left), (bottom, right) in ranges:
        if top >= len(grid) or left >= grid.shape[1]:
            continue
        bottom, right = min(bottom, len(grid) - 1), min(right, grid.shape[1] - 1)
        cast(Any, grid.iloc)[top : bottom + 1, left : right + 1] = grid.iat[top, left]
        filled += bottom > top
    return filled


def _hidden_sheets(workbook: Any) -> set[str]:
    """The names of the sheets a clerk hid (hidden or very hidden)."""
    from python_calamine import SheetVisibleEnum

    return {
        str(sheet.name)
        for sheet in workbook.sheets_metadata
        if sheet.visible != SheetVisibleEnum.Visible
    }


def read_workbook(
    path: Path, *, default_table: str | None = None
) -> tuple[list[RawTable], list[str]]:
    """Read every sheet of a workbook that names a table; returns tables and notes."""
    workbook = open_workbook(path)
    sheet_names: list[str] = [str(name) for name in workbook.sheet_names]
    matched = {name: table_for_name(name) for name in sheet_names}
    if default_table and not any(matched.values()) and sheet_names:
        matched[sheet_names[0]] = default_table
    notes = [
        f"{path}: sheet '{name}' names no table and was not read"
        for name, table in matched.items()
        if table is None
    ]
    hidden = _hidden_sheets(workbook)
    shown_tables = {table for name, table in matched.items() if table and name not in hidden}
    for name in hidden:
        table = matched.get(name)
        if table is None:
            continue
        if table in shown_tables:  # a backup or draft the clerk hid: the shown sheet is the table
            matched[name] = None
            notes.append(
                f"{path}: sheet '{name}' is hidden and table {table} has a sheet shown; "
                "the hidden one was not read (unhide it in Excel to read it)"
            )
        else:
            notes.append(f"{path}: sheet '{name}' is hidden; read as table {table}")
    wanted = [name for name, table in matched.items() if table is not None]
    errors, more = error_cells(path, wanted) if wanted else ({}, [])
    notes += more
    tables: list[RawTable] = []
    for name in wanted:
        table = matched[name]
        assert table is not None
        sheet = _guarded(path, f"sheet '{name}'", partial(workbook.get_sheet_by_name, name))
        cells = _guarded(path, f"sheet '{name}'", partial(sheet.to_python, skip_empty_area=False))
        grid = pd.DataFrame(cells, dtype=object) if cells else pd.DataFrame()
        source = f"{path}[{name}]"
        for row, column, error in errors.get(name, []):
            if row < len(grid) and column < grid.shape[1]:
                cast(Any, grid.iat)[row, column] = error
        spanning = _fill_merged(grid, _merged(sheet)) if not grid.empty else 0
        header_at = (
            find_header(grid.head(HEADER_SEARCH_ROWS).values.tolist(), table)
            if not grid.empty
            else 0
        )
        raw = grid_table(table, source, grid, header_at, letters=True)
        if spanning:
            raw.notes.append(
                f"{source}: {spanning} merged cell range(s) over several rows give their value "
                "to every row they cover"
            )
        tables.append(raw)
    return tables, notes
