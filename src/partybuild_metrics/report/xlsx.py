"""The report's tables as an Excel workbook: a sheet per table, numbers stored as numbers."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import xlsxwriter

from partybuild_metrics.report.tables import Cell, ReportTable

if TYPE_CHECKING:
    from partybuild_metrics.report.model import ReportContent

FORMULA_STARTS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these could run as a formula; it is stored as text."""

FIXED_TIME: Final[datetime] = datetime(2000, 1, 1)
"""The workbook's creation time, fixed, so that the same report gives the same file."""


def display_width(value: str) -> int:
    """Columns a text takes in Excel: two for a Chinese character, one otherwise.

    >>> display_width("庄河市"), display_width("64.9%")
    (6, 5)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in value)


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31]
    base, n = name, 2
    while name in used:
        name = f"{base[: 31 - len(str(n)) - 1]}_{n}"
        n += 1
    used.add(name)
    return name


class _Formats:
    def __init__(self, book: Any, decimals: int) -> None:
        places = "0" + ("." + "0" * decimals if decimals else "")
        self.header = book.add_format(
            {"bold": True, "bg_color": "#F4F1EC", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.by_format = {
            "text": book.add_format({"valign": "top"}),
            "int": book.add_format({"num_format": "0"}),
            "percent": book.add_format({"num_format": f"{places}%"}),
            "decimal": book.add_format({"num_format": places}),
            "points": book.add_format(
                {"num_format": f'+{places}"个百分点";-{places}"个百分点";{places}"个百分点"'}
            ),
            "percent_change": book.add_format({"num_format": f"+{places}%;-{places}%;{places}%"}),
        }
        self.literal_text = book.add_format({"valign": "top", "quote_prefix": True})


def _write_cell(sheet: Any, row: int, col: int, cell: Cell, formats: _Formats) -> str:
    """Write one cell; return the text it shows (for the column width)."""
    value = cell.value
    if value is None:
        sheet.write_blank(row, col, None, formats.by_format[cell.format])
        return ""
    if cell.format == "text":
        text = str(value)
        literal = text.startswith(FORMULA_STARTS)
        sheet.write_string(
            row, col, text, formats.literal_text if literal else formats.by_format["text"]
        )
        return text
    number = float(value) if isinstance(value, Decimal) else value
    if cell.format in ("percent", "percent_change"):
        number = float(Decimal(str(value)) / 100)
    sheet.write_number(row, col, number, formats.by_format[cell.format])
    return cell.text()


def _write_table(book: Any, table: ReportTable, formats: _Formats, used: set[str]) -> None:
    sheet = book.add_worksheet(_sheet_name(table.title, used))
    widths = [display_width(h) for h in table.headers]
    for col, header in enumerate(table.headers):
        sheet.write_string(0, col, header, formats.header)
    for r, row in enumerate(table.rows, start=1):
        for col, cell in enumerate(row):
            shown = _write_cell(sheet, r, col, cell, formats)
            widths[col] = max(widths[col], display_width(shown))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, 6), 60))
    sheet.freeze_panes(1, 0)
    if table.note:
        sheet.write_string(len(table.rows) + 2, 0, table.note)


def write_workbook(report: ReportContent, path: str | Path, decimals: int = 1) -> Path:
    """Write every table of the report as a sheet of ``path``.

    Text is always written as text (a value from the records that begins with =, +, -
    or @ is stored with Excel's quote prefix, so it never runs as a formula); numbers
    are numbers with percent or decimal formats; headers are frozen.
    """
    target = Path(path)
    book = xlsxwriter.Workbook(
        str(target),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    book.set_properties(
        {
            "title": report.title,
            "created": FIXED_TIME,
            "comments": f"partybuild-metrics {report.version}",
        }
    )
    formats = _Formats(book, decimals)
    used: set[str] = set()
    for table in report.tables:
        _write_table(book, table, formats, used)
    book.close()
    return target
