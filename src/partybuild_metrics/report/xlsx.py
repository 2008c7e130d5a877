"""The report's tables as an Excel workbook: a sheet per table, numbers stored as numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from partybuild_metrics.report.tables import Cell, ReportTable
from partybuild_metrics.spreadsheet import (
    FIXED_TIME,
    close,
    display_width,
    safe_workbook,
    write_text,
)

if TYPE_CHECKING:
    from partybuild_metrics.report.model import ReportContent

__all__ = ["display_width", "write_workbook"]

MAX_COMMENT: Final[int] = 30_000
"""Excel holds at most 32,767 characters in a comment."""


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
        self.header_literal = book.add_format(
            {"bold": True, "bg_color": "#F4F1EC", "border": 1, "text_wrap": True,
             "valign": "top", "quote_prefix": True}
        )  # fmt: skip


def _write_cell(sheet: Any, row: int, col: int, cell: Cell, formats: _Formats) -> str:
    """Write one cell; return the text it shows (for the column width).

    A missing value is a blank cell whose comment says why; text is always text.
    """
    value = cell.value
    if value is None:
        sheet.write_blank(row, col, None, formats.by_format[cell.format])
        if cell.note:
            sheet.write_comment(row, col, cell.note[:MAX_COMMENT])
        return ""
    if cell.format == "text":
        text = str(value)
        write_text(sheet, row, col, text, formats.by_format["text"], formats.literal_text)
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
        write_text(sheet, 0, col, header, formats.header, formats.header_literal)
    for r, row in enumerate(table.rows, start=1):
        for col, cell in enumerate(row):
            shown = _write_cell(sheet, r, col, cell, formats)
            widths[col] = max(widths[col], display_width(shown[:80]))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, 6), 60))
    sheet.freeze_panes(1, 0)
    if table.note:
        sheet.write_string(len(table.rows) + 2, 0, table.note)


def write_workbook(report: ReportContent, path: str | Path, decimals: int = 1) -> Path:
    """Write every table of the report as a sheet of ``path``.

    Text is always written as text (a value from the records that begins with =, +, -
    or @ is stored with Excel's quote prefix, so it never runs as a formula); numbers
    are numbers with percent or decimal formats; a missing value is a blank cell whose
    comment says why; headers are frozen.
    """
    target = Path(path)
    book = safe_workbook(target, report.title)
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
    close(book, target)
    return target
