"""Workbooks the library writes from a frame: text stays text, numbers stay numbers.

Every text cell is written as a string, never parsed as a formula, number or link;
text that a spreadsheet would run as a formula once edited (``=``, ``+``, ``-``, ``@``
first) carries Excel's quote prefix. Missing values are blank cells.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import datetime
from numbers import Number
from pathlib import Path
from typing import Any, Final

import pandas as pd
import xlsxwriter

from partybuild_metrics.neutralise import bidi_shown, runs_as_formula

FIXED_TIME: Final[datetime] = datetime(2000, 1, 1)
"""The creation time written into every workbook, so the same input gives the same file."""
SAFE_OPTIONS: Final[dict[str, bool]] = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
"""xlsxwriter options under which no string is taken for a formula, number or link."""


def display_width(value: str) -> int:
    """Columns a text takes in Excel: two for a Chinese character, one otherwise.

    >>> display_width("庄河市"), display_width("64.9%")
    (6, 5)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in value)


def safe_workbook(path: str | Path, title: str = "") -> Any:
    """A new xlsxwriter workbook that takes no string for a formula, with fixed properties."""
    book = xlsxwriter.Workbook(str(path), SAFE_OPTIONS)
    book.set_properties({"title": title, "created": FIXED_TIME})
    return book


def close(book: Any, path: str | Path) -> None:
    """Close (write) a workbook; a file that cannot be created is an OSError naming it."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        book.close()
    except FileCreateError as error:
        cause = error.__cause__ if isinstance(error.__cause__, OSError) else None
        raise OSError(
            cause.errno if cause else None, cause.strerror if cause else str(error), str(path)
        ) from error


MAX_CELL_TEXT: Final = 32_767
"""The most characters an Excel cell holds."""
CUT_MARK: Final = "…(截断 cut)"


def write_text(sheet: Any, row: int, col: int, text: str, plain: Any, literal: Any) -> None:
    """Write a text cell as a string; one that would run as a formula gets the quote prefix,
    and one longer than a cell holds ends with a mark that says it was cut."""
    text = bidi_shown(text)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - len(CUT_MARK)] + CUT_MARK
    sheet.write_string(row, col, text, literal if runs_as_formula(text) else plain)


def write_frame(frame: pd.DataFrame, path: str | Path, sheet_name: str = "Sheet1") -> Path:
    """Write a frame as one sheet: a bold frozen header, numbers as numbers, text as text.

    >>> import tempfile
    >>> p = write_frame(pd.DataFrame({"名称": ["=1+1"], "n": [3]}), tempfile.mkdtemp() + "/t.xlsx")
    >>> p.suffix
    '.xlsx'
    """
    target = Path(path)
    book = safe_workbook(target)
    sheet = book.add_worksheet(sheet_name[:31])
    header = book.add_format({"bold": True})
    plain = book.add_format({})
    literal = book.add_format({"quote_prefix": True})
    widths = [display_width(str(c)) for c in frame.columns]
    for col, name in enumerate(frame.columns):
        write_text(sheet, 0, col, str(name), header, literal)
    for r, values in enumerate(frame.itertuples(index=False, name=None), start=1):
        for col, value in enumerate(values):
            shown = _write_value(sheet, r, col, value, plain, literal)
            widths[col] = max(widths[col], min(display_width(shown[:60]), 60))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, 6), 60))
    sheet.freeze_panes(1, 0)
    close(book, target)
    return target


def _write_value(sheet: Any, row: int, col: int, value: Any, plain: Any, literal: Any) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        sheet.write_blank(row, col, None)
        return ""
    if isinstance(value, Number) and not isinstance(value, bool):
        number = float(value)  # type: ignore[arg-type]
        if math.isnan(number):
            sheet.write_blank(row, col, None)
            return ""
        if math.isfinite(number):
            sheet.write_number(row, col, number)
            return str(value)
    text = str(value)
    write_text(sheet, row, col, text, plain, literal)
    return text
