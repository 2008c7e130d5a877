"""Number cells of a workbook as the figures typed into them, formula results as shown.

Typing "64.8%" into Excel stores the number 0.648 (formatted ``0.0%`` or ``0.00%``); a
claims table holds printed figures, so such a cell is read as "64.8%", and ``0.0"万"``
gives 2843.1 as "2843.1万". A formula's result is read as its format shows it, rounded
half away from zero as Excel rounds. Formats of digits (``0``, ``#``, ``,``, one ``.``),
an optional ``%`` and quoted or escaped words are rendered; any other format (General,
dates, fractions, scientific) leaves the number in its shortest form.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import io
import itertools
import math
import re
import zipfile
from collections.abc import Generator, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from partybuild_metrics.records.io.archives import refuse_zip_bomb

_LITERAL: Final = re.compile(r'"([^"]*)"|\\(.)|\[[^\]]*\]|_.|\*.')
_DIGITS: Final = re.compile(r"([#0,]*0[#0,]*|#[#,]*)(?:\.([0#]+))?(%?)")


TYPED_DECIMALS: Final = 6
"""A number with more decimals than this (at Excel's 15 significant digits) was computed,
not typed: shown as its format rounds it."""


def shown_number(value: float, number_format: str, *, computed: bool = False) -> str | None:
    """The figure a number cell holds under ``number_format``; None for a format not
    rendered here (the caller keeps the number's shortest form).

    A typed number keeps the digits typed: Excel shows a typed 66.7% as 66.70% (it gives
    typed percents the format 0.00%), and 0.648 under 0% as 65%, but the cell holds 66.7%
    and 64.8%. A ``computed`` number (a formula's result, or one with more than six
    decimals) is what its format shows, at Excel's 15 significant digits: 23/80·100 is
    28.749999999999996 in the cell and 28.8 under 0.0. Words of the format stay
    (0.0"万" gives "2843.1万").

    >>> shown_number(0.648, "0.0%"), shown_number(0.667, "0.00%"), shown_number(2843.1, '0.0"万"')
    ('64.8%', '66.7%', '2843.1万')
    >>> shown_number(133 / 205, "0.0%"), shown_number(23 / 80 * 100, "0.0", computed=True)
    ('64.9%', '28.8')
    >>> shown_number(1234.5, "#,##0"), shown_number(0.5, "General")
    ('1234.5', None)
    """
    section = number_format.split(";")[0].replace("\\.", "!.")  # a point written in, 0\.0,
    prefix, core, suffix = _split(section)
    if core is None:
        return None
    scaled = _SCALED_POINT.fullmatch(core)
    if scaled is not None:
        return _scaled_by_thousands(value, scaled, prefix, suffix)
    digits = _DIGITS.fullmatch(core)
    if digits is None or digits[1].endswith(","):
        return None  # a trailing comma scales by a thousand: not rendered here
    places = digits[2] or ""
    if len(places) > 30:  # Excel shows at most 30 decimals
        return None
    try:
        number = Decimal(repr(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    with localcontext(prec=15, rounding=ROUND_HALF_UP):
        number = +number  # Excel shows at most 15 significant digits
    with localcontext(prec=400):  # a double has at most 309 digits before its point
        if digits[3]:
            number *= 100
        typed = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
        # a format set on purpose shows the trailing zeros the figure was printed with
        # ("354.0万" under 0.0"万", "24.0%" under 0.0%); Excel's own (0.00% for a typed
        # percent, 0% and the 数值 format 0.00 a clerk gives a whole column) says nothing
        # of how it was printed
        worded = bool((prefix + suffix).strip())
        padded = len(places) > typed and (worded or len(places) not in (0, 2))
        if computed or typed > TYPED_DECIMALS or padded:
            rounded = number.quantize(Decimal(1).scaleb(-len(places)), rounding=ROUND_HALF_UP)
            text = _optional_places(f"{rounded:f}", places)
        else:
            rounded = number
            text = f"{number.normalize():f}" if typed else f"{number.to_integral_value():f}"
    if text.startswith("-") and rounded == 0:
        text = text[1:]
    return f"{prefix}{text}{'%' if digits[3] else ''}{suffix}"


_SCALED_POINT: Final = re.compile(r"([0#]+)[!\\]\.(0+)(,+)")
"""Chinese Excel's way to show 万 and 亿: a point written in as a character and commas that
divide by a thousand each ("0!.0," shows 1124000 as 112.4)."""


def _scaled_by_thousands(value: float, scaled: re.Match[str], prefix: str, suffix: str) -> str:
    """1124000 under 0!.0,"万" is "112.4万": divided by a thousand per comma, rounded half
    away from zero as Excel shows it, with the point written before the last digits.

    >>> shown_number(1124000, '0!.0,"万"'), shown_number(123456789, '0!.00,,"亿"')
    ('112.4万', '1.23亿')
    """
    places = len(scaled[2])
    number = Decimal(repr(value)).scaleb(-3 * len(scaled[3]))
    with localcontext(prec=400):
        whole = abs(number).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    digits = f"{whole:f}".rjust(places + 1, "0")
    sign = "-" if number < 0 and whole else ""
    return f"{prefix}{sign}{digits[:-places]}.{digits[-places:]}{suffix}"


def _optional_places(text: str, places: str) -> str:
    """'#' places show only the digits that are not 0."""
    optional = len(places) - len(places.rstrip("#"))
    if not optional or "." not in text:
        return text
    whole, fraction = text.split(".")
    keep = len(places) - optional
    fraction = fraction[:keep] + fraction[keep:].rstrip("0")
    return whole + ("." + fraction if fraction else "")


def _split(section: str) -> tuple[str, str | None, str]:
    """Words before the digits, the digits' pattern, words after (None: not digits alone)."""
    parts: list[tuple[bool, str]] = []  # (literal, text)
    position = 0
    for match in _LITERAL.finditer(section):
        if match.start() > position:
            parts.append((False, section[position : match.start()]))
        literal = match[1] if match[1] is not None else match[2]
        parts.append((True, literal or ""))
        position = match.end()
    if position < len(section):
        parts.append((False, section[position:]))
    codes = [i for i, (literal, text) in enumerate(parts) if not literal and text.strip()]
    if len(codes) != 1:
        return "", None, ""
    at = codes[0]
    prefix = "".join(text for _, text in parts[:at])
    suffix = "".join(text for _, text in parts[at + 1 :])
    return prefix, parts[at][1].strip(), suffix


def cell_text(value: Any, number_format: str = "General", *, computed: bool = False) -> str:
    """A cell as text: numbers as their format shows them (else in their shortest form,
    13.0 as "13"), text as it is, an empty cell as "".

    A number in General format reads as Excel shows it, at 15 significant digits: a
    pasted 6.48*10 is 64.80000000000001 in the cell and 64.8 on screen.

    >>> cell_text(0.648, "0.0%"), cell_text(13.0), cell_text(0.1 + 0.2), cell_text(None)
    ('64.8%', '13', '0.3', '')
    >>> cell_text(6.48 * 10), cell_text(1 / 3), cell_text(1e-20)
    ('64.8', '0.333333333333333', '0.00000000000000000001')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        text = (
            shown_number(float(value), number_format, computed=computed) if number_format else None
        )
        if text is not None:
            return text
        if isinstance(value, int) or value.is_integer():
            return str(int(value))
        return _fifteen_digits(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)


def _fifteen_digits(value: float) -> str:
    """A float at Excel's 15 significant digits, in its shortest form."""
    if not math.isfinite(value):
        return repr(value)
    with localcontext(prec=15, rounding=ROUND_HALF_UP):
        number = +Decimal(repr(value))
    text = f"{number.normalize():f}"
    return text if len(text) <= 40 else f"{number.normalize()}"


_PLAIN_FORMATS: Final = frozenset({"0", "49"})
"""General and text (@): a number shows in its shortest form."""
_MAX_STYLES: Final = 16 * 1024 * 1024


def formats_numbers(path: str | Path) -> bool:
    """Whether any cell style of an .xlsx workbook formats numbers (not General or text)."""
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        try:
            info = archive.getinfo("xl/styles.xml")
        except KeyError:
            return False
        if info.file_size > _MAX_STYLES:
            return True  # read it cell by cell: slower, never wrong
        root = ElementTree.fromstring(archive.read(info))
    for element in root.iter():
        if element.tag.endswith("}cellXfs") or element.tag == "cellXfs":
            for xf in element:
                if xf.get("numFmtId", "0") not in _PLAIN_FORMATS:
                    return True
    return False


TITLE_ROWS: Final = 10
"""Rows a table may have above its header: a title, a date, a blank line."""
HEADER: Final = frozenset({"id", "kind", "quote"})
"""The column names every claims table has, by which its header row is known."""


Rows = list[tuple[int, list[str]]]
"""A sheet's rows that hold something, each with its number in the sheet."""


def read_shown(path: str | Path) -> pd.DataFrame:
    """A claims table in an .xlsx or .xls workbook as text, every cell as Excel shows it:
    the first sheet with a header row ("说明" may come first), else the first sheet. Later
    sheets with a header of their own are named in ``attrs["other_sheets"]`` (the sheet
    read and theirs, counting from 1), for a problem: their claims are not read.

    The header is the first row naming id, kind and quote among the first rows (a title
    may stand above it), else the first row; an empty name is "Unnamed: i", a repeated
    one gets ".1". Rows with no cell filled are left out; ``attrs["sheet_rows"]`` holds
    each row's number in the sheet, for messages. A workbook with no number format,
    formula or error cell is read by calamine, about five times faster than cell by cell.
    """
    # the records' workbook reader, imported here: it loads the records' validation, which
    # checking a report's text or a CSV claims table has no need of
    from partybuild_metrics.records.io.workbooks import (
        OLE_SIGNATURE,
        ZIP_SIGNATURE,
        refuse_sprawling_sheets,
        refuse_sprawling_xls,
        saved_values_trusted,
    )

    with open(path, "rb") as file:
        magic = file.read(4)
    sheets: Generator[Rows]
    if magic == OLE_SIGNATURE[:4]:  # the old binary format, whatever the file's name
        refuse_sprawling_xls(Path(path), cells=False)  # xlrd keeps the cells written
        sheets = _xls_sheets(path)
    elif magic == ZIP_SIGNATURE:
        with zipfile.ZipFile(path) as archive:
            refuse_zip_bomb(path, archive)  # before any sheet is unpacked
            refuse_sprawling_sheets(path, archive)
            trusted = saved_values_trusted(archive)
        marks = cell_marks(path)
        if marks or formats_numbers(path):
            sheets = _formatted_sheets(path, formulas="formula" in marks, trusted=trusted)
        else:
            sheets = _calamine_sheets(path)
    else:  # a format openpyxl and xlrd do not read
        sheets = _calamine_sheets(path)
    # the first sheet with a header ("说明" may come first), else the first sheet
    chosen: tuple[Rows, int, int] | None = None
    headed = False
    others: list[int] = []  # later sheets with a header of their own: claims not read
    with contextlib.closing(sheets):
        for sheet, rows in enumerate(itertools.islice(sheets, MAX_SHEETS)):
            at = header_at([row for _, row in rows])
            if at is not None and headed:
                others.append(sheet + 1)
            elif at is not None:
                chosen, headed = (rows, at, sheet), True
            elif chosen is None:
                chosen = rows, 0, sheet
        unread = next(sheets, None) is not None  # sheets after the last one looked at
    if chosen is None or not chosen[0]:
        return pd.DataFrame()
    filled, at, sheet = chosen
    _fill_merged(path, sheet, filled[at + 1 :])
    header, body = filled[at][1], filled[at + 1 :]
    width = max(len(row) for _, row in filled[at:])
    while width and not any(len(row) >= width and row[width - 1] for _, row in filled[at:]):
        width -= 1
    names = unique_names(
        [
            header[i].strip() if i < len(header) and header[i].strip() else f"Unnamed: {i}"
            for i in range(width)
        ]
    )
    cells = [(row + [""] * width)[:width] for _, row in body]
    frame = pd.DataFrame(cells, columns=names, dtype="str")
    frame.attrs["sheet_rows"] = np.array([number for number, _ in body], dtype=np.int64)
    if others or unread:
        frame.attrs["other_sheets"] = (sheet + 1, others, unread)
    return frame


def _filled(rows: Iterable[tuple[int, list[str]]]) -> Rows:
    return [(number, row) for number, row in rows if any(row)]


def _fill_merged(path: str | Path, sheet: int, body: Rows) -> None:
    """Merged cells of the table's rows hold their first cell's text down the column they
    cover: a source or a kind merged down several claims belongs to each of them. Across
    columns a merged cell is one figure, shown once, as Excel shows it: 648 merged over
    numerator and denominator is no denominator of 648."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            ranges = book.get_sheet_by_index(sheet).merged_cell_ranges or []
        finally:
            book.close()
    except Exception:  # a workbook calamine cannot read: nothing merged
        return
    rows = {number: row for number, row in body}
    numbers = sorted(rows)
    for (top, left), (bottom, _right) in ranges:
        first = rows.get(top + 1)
        if first is None or left >= len(first):
            continue
        text = first[left]
        # only the table's rows in the range: a range may run to row 1,048,576
        inside = numbers[
            bisect.bisect_left(numbers, top + 1) : bisect.bisect_right(numbers, bottom + 1)
        ]
        for number in inside:
            row = rows[number]
            row.extend([""] * (left + 1 - len(row)))
            if not row[left]:
                row[left] = text


MAX_SHEETS: Final = 32
"""Sheets looked at for a claims table's header."""


def header_at(rows: Sequence[Sequence[str]]) -> int | None:
    """Which of the first rows (a title may stand above the header) names id, kind and
    quote, in any case.

    >>> header_at([["2020年核对表"], [], ["ID", "Kind", "Quote"]])
    2
    """
    for i, row in enumerate(rows[: TITLE_ROWS + 1]):
        if {cell.strip().lower() for cell in row} >= HEADER:
            return i
    return None


def _formatted_sheets(path: str | Path, *, formulas: bool, trusted: bool = True) -> Generator[Rows]:
    """Each sheet's filled rows, cells as their formats show them.

    With ``formulas``, a formula's result is shown as its format rounds it, and a
    formula with no saved result (a file written by a program and never opened in
    Excel) is its formula, "=D2/E2", which no figure reads, so that its claim is refused,
    not checked without it; a workbook without formulas is read once. A workbook that
    asks to be recalculated when opened (not ``trusted``: xlsxwriter and pandas save 0 as
    every formula's result) has no saved results at all.
    """
    import openpyxl

    # file objects: openpyxl refuses a file name ending in anything but .xlsx or .xlsm
    with contextlib.ExitStack() as stack:
        books = [
            openpyxl.load_workbook(
                stack.enter_context(open(path, "rb")), read_only=True, data_only=data_only
            )
            for data_only in ((True, False) if formulas else (True,))
        ]
        for book in books:
            stack.callback(book.close)
        for index, values in enumerate(books[0].worksheets):
            written = books[1].worksheets[index].iter_rows(min_row=1) if formulas else None
            yield _filled(
                (number, _formatted_row(row, next(written, ()) if written else (), trusted))
                for number, row in enumerate(values.iter_rows(min_row=1), start=1)
            )


def _formatted_row(row: Sequence[Any], written: Sequence[Any], trusted: bool = True) -> list[str]:
    """A row's cells as their formats show them; ``written`` the same row's formulas."""
    cells = []
    for cell, source in itertools.zip_longest(row, written):
        formula = getattr(source, "value", None)
        computed = isinstance(formula, str) and formula.startswith("=")
        value = getattr(cell, "value", None)
        if computed and (value is None or not trusted):
            cells.append(str(formula))
            continue
        number_format = getattr(cell, "number_format", "General")
        cells.append(cell_text(value, number_format, computed=computed))
    return cells


_MARKS: Final = re.compile(rb"<(?:\w+:)?f[\s>/]|\st=\"e\"")
"""A formula (<f>) or an error cell (t="e") in a worksheet's XML."""


def cell_marks(path: str | Path) -> frozenset[str]:
    """What the worksheets of an .xlsx workbook hold that calamine reads as blank
    cells: "formula", "error", both or neither."""
    import zipfile

    found: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(info) as stream:
                tail = b""
                while (chunk := stream.read(1 << 20)) and len(found) < 2:
                    for mark in _MARKS.finditer(tail + chunk):
                        found.add("error" if mark[0].endswith(b'"e"') else "formula")
                    tail = chunk[-16:]
    return frozenset(found)


def _xls_sheets(path: str | Path) -> Generator[Rows]:
    """Each sheet's filled rows of an .xls workbook, cells as their formats show them
    (xlrd reads an .xls file's formats)."""
    import xlrd

    book = xlrd.open_workbook(
        str(path), formatting_info=True, on_demand=True, logfile=io.StringIO()
    )  # xlrd writes its warnings to stdout, where they would corrupt JSON output
    try:
        for index in range(book.nsheets):
            table = book.sheet_by_index(index)
            yield _filled((r + 1, _xls_row(book, table.row(r))) for r in range(table.nrows))
    finally:
        book.release_resources()


def _xls_row(book: Any, row: Sequence[Any]) -> list[str]:
    import xlrd

    cells = []
    for cell in row:
        if cell.ctype == xlrd.XL_CELL_NUMBER:
            found = book.format_map.get(book.xf_list[cell.xf_index].format_key)
            cells.append(cell_text(cell.value, found.format_str if found else "General"))
        elif cell.ctype == xlrd.XL_CELL_DATE:
            cells.append(cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode)))
        elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
            cells.append(str(bool(cell.value)))
        elif cell.ctype == xlrd.XL_CELL_ERROR:
            cells.append(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
        else:
            cells.append(str(cell.value) if cell.value is not None else "")
    return cells


def _calamine_sheets(path: str | Path) -> Generator[Rows]:
    """Each sheet's filled rows (no number formats to apply)."""
    from partybuild_metrics.records.io.workbooks import open_workbook

    book = open_workbook(Path(path))  # an .xlsx renamed .xls read for what it is
    try:
        for index in range(len(book.sheet_names)):
            values = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
            yield _filled(
                (number, [cell_text(v) for v in row]) for number, row in enumerate(values, start=1)
            )
    finally:
        book.close()


def unique_names(names: list[str]) -> list[str]:
    """Column names made distinct as pandas makes them: a repeated name gets ".1", ".2".

    >>> unique_names(["id", "kind", "id"])
    ['id', 'kind', 'id.1']
    """
    found: list[str] = []
    for name in names:
        unique, repeat = name, 0
        while unique in found:
            repeat += 1
            unique = f"{name}.{repeat}"
        found.append(unique)
    return found
