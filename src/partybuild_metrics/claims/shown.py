"""Number cells of a workbook as Excel shows them: the printed figure is what was typed.

Typing "64.8%" into Excel stores the number 0.648 formatted ``0.0%``; ``0.0"万"`` shows
2843.1 as "2843.1万"; ``0.00`` shows 64.8 as "64.80". A claims table holds printed
figures, so each number cell is read as its format shows it. Formats of digits (``0``, ``#``, ``,``, one ``.``), an optional ``%`` and quoted
or escaped words before or after are rendered, rounding half away from zero as Excel
does; any other format (General, dates, fractions, scientific) leaves the number in its
shortest form.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

_LITERAL: Final = re.compile(r'"([^"]*)"|\\(.)|\[[^\]]*\]|_.|\*.')
_DIGITS: Final = re.compile(r"([#0,]*0[#0,]*|#[#,]*)(?:\.([0#]+))?(%?)")


def shown_number(value: float, number_format: str) -> str | None:
    """The text Excel shows for ``value`` under ``number_format``; None for a format
    not rendered here (the caller keeps the number's shortest form).

    >>> shown_number(0.648, "0.0%"), shown_number(64.8, "0.00"), shown_number(2843.1, '0.0"万"')
    ('64.8%', '64.80', '2843.1万')
    >>> shown_number(0.6485, "0.0%"), shown_number(1234.5, "#,##0"), shown_number(0.5, "General")
    ('64.9%', '1235', None)
    """
    section = number_format.split(";")[0]
    prefix, core, suffix = _split(section)
    if core is None:
        return None
    digits = _DIGITS.fullmatch(core)
    if digits is None:
        return None
    places = digits[2] or ""
    if len(places) > 30:  # Excel shows at most 30 decimals
        return None
    try:
        number = Decimal(repr(value))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if digits[3]:
        number *= 100
    with localcontext(prec=400):  # a double has at most 309 digits before its point
        rounded = number.quantize(Decimal(1).scaleb(-len(places)), rounding=ROUND_HALF_UP)
    text = f"{rounded:f}"
    optional = len(places) - len(places.rstrip("#"))
    if optional and "." in text:  # '#' places show only the digits that are not 0
        whole, fraction = text.split(".")
        keep = len(places) - optional
        fraction = fraction[:keep] + fraction[keep:].rstrip("0")
        text = whole + ("." + fraction if fraction else "")
    if text.startswith("-") and rounded == 0:
        text = text[1:]
    return f"{prefix}{text}{'%' if digits[3] else ''}{suffix}"


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


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell as text: numbers as their format shows them (else in their shortest form,
    13.0 as "13"), text as it is, an empty cell as "".

    >>> cell_text(0.648, "0.0%"), cell_text(13.0), cell_text(0.1 + 0.2), cell_text(None)
    ('64.8%', '13', '0.30000000000000004', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        text = shown_number(float(value), number_format) if number_format else None
        if text is not None:
            return text
        if isinstance(value, int) or value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)


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


def read_shown(path: str | Path) -> pd.DataFrame:
    """The first sheet of an .xlsx or .xls workbook as text, every cell as Excel shows it.

    The header is the first row naming id, kind and quote among the first rows (a title
    may stand above it), else the first row; an empty name is "Unnamed: i", a repeated
    one gets ".1". Rows with no cell filled are left out; ``attrs["sheet_rows"]`` holds
    each row's number in the sheet, for messages. A workbook whose styles format no
    number is read by calamine, about five times faster than cell by cell.
    """
    with open(path, "rb") as file:
        magic = file.read(4)
    if magic == b"\xd0\xcf\x11\xe0":  # the old binary format, whatever the file's name
        rows = _xls_rows(path)
    elif magic == b"PK\x03\x04" and formats_numbers(path):
        rows = _formatted_rows(path)
    else:  # no number formats, or a format openpyxl and xlrd do not read
        rows = _calamine_rows(path)
    filled = [(number, row) for number, row in rows if any(row)]
    if not filled:
        return pd.DataFrame()
    at = next(
        (
            i
            for i, (_, row) in enumerate(filled[: TITLE_ROWS + 1])
            if {cell.strip() for cell in row} >= HEADER
        ),
        0,
    )
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
    return frame


def _formatted_rows(path: str | Path) -> list[tuple[int, list[str]]]:
    """Each row of the first sheet with its number, cells as their formats show them."""
    import openpyxl

    # a file object: openpyxl refuses a file name ending in anything but .xlsx or .xlsm
    with open(path, "rb") as file:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
        try:
            return [
                (number, [cell_text(c.value, getattr(c, "number_format", "General")) for c in row])
                for number, row in enumerate(book.worksheets[0].iter_rows(min_row=1), start=1)
            ]
        finally:
            book.close()


def _xls_rows(path: str | Path) -> list[tuple[int, list[str]]]:
    """Each row of an .xls workbook's first sheet with its number, cells as their formats
    show them (xlrd reads an .xls file's formats)."""
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    try:
        sheet = book.sheet_by_index(0)
        rows = []
        for r in range(sheet.nrows):
            cells = []
            for cell in sheet.row(r):
                if cell.ctype == xlrd.XL_CELL_NUMBER:
                    key = book.xf_list[cell.xf_index].format_key
                    number_format = (
                        book.format_map[key].format_str if key in book.format_map else ""
                    )
                    cells.append(cell_text(cell.value, number_format or "General"))
                elif cell.ctype == xlrd.XL_CELL_DATE:
                    cells.append(cell_text(xlrd.xldate_as_datetime(cell.value, book.datemode)))
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    cells.append(str(bool(cell.value)))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    cells.append(xlrd.error_text_from_code.get(cell.value, "#ERROR"))
                else:
                    cells.append(str(cell.value) if cell.value is not None else "")
            rows.append((r + 1, cells))
        return rows
    finally:
        book.release_resources()


def _calamine_rows(path: str | Path) -> list[tuple[int, list[str]]]:
    """Each row of the first sheet with its number (no number formats to apply)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        values = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    finally:
        book.close()
    return [(number, [cell_text(v) for v in row]) for number, row in enumerate(values, start=1)]


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
