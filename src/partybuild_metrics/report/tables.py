"""The tables of a report as typed cells, so that HTML shows and Excel stores the same values."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal, NamedTuple

from partybuild_metrics.indicators.table import PERCENT_KINDS, rounded_value

CellFormat = Literal["text", "int", "percent", "decimal", "points", "percent_change"]
FORMATS: Final[tuple[str, ...]] = ("text", "int", "percent", "decimal", "points", "percent_change")


class Cell(NamedTuple):
    """One value and how it is shown.

    ``percent`` and ``percent_change`` hold the percent number (64.9 for 64.9%),
    ``points`` the change in percentage points, ``decimal`` a rounded number; all three
    as exact Decimals already rounded with the report's mode.
    """

    value: str | int | Decimal | None
    format: CellFormat = "text"
    note: str = ""
    """Why a value is missing (no records for the year …), shown beside the —."""

    def text(self) -> str:
        """The cell as the report prints it.

        >>> Cell(Decimal("64.9"), "percent").text(), Cell(Decimal("-1.5"), "points").text()
        ('64.9%', '−1.5个百分点')
        """
        if self.value is None:
            return "—"
        if self.format == "percent":
            return f"{self.value}%"
        if self.format in ("points", "percent_change"):
            number = Decimal(str(self.value))
            sign = "+" if number > 0 else "−" if number < 0 else ""
            unit = "个百分点" if self.format == "points" else "%"
            return f"{sign}{abs(number)}{unit}"
        return str(self.value)


def text(value: object) -> Cell:
    return Cell("" if value is None else str(value), "text")


def indicator_cell(
    kind: str,
    numerator: object,
    denominator: object,
    decimals: int,
    mode: str,
    *,
    missing: bool = False,
    note: str = "",
) -> Cell:
    """An indicator's value in its report format: counts as integers, shares as percents;
    a missing value (``missing``, or no numerator or denominator) is empty, with its note.

    >>> indicator_cell("share", 0, 0, 1, "half_up", note="无记录").text()
    '—'
    """
    value = None if missing else rounded_value(kind, numerator, denominator, decimals, mode)
    fmt: CellFormat = (
        "int" if kind in ("count", "sum") else "percent" if kind in PERCENT_KINDS else "decimal"
    )
    return Cell(value, fmt, note if value is None else "")


@dataclass(frozen=True)
class ReportTable:
    """A titled table of cells: one sheet of the workbook, one table of the HTML."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""

    def footnotes(self, limit: int | None = None) -> list[str]:
        """The notes of the missing values in the first ``limit`` rows, each once, in order."""
        rows = self.rows if limit is None else self.rows[:limit]
        return list(dict.fromkeys(cell.note for row in rows for cell in row if cell.note))

    def text_rows(self, limit: int | None = None) -> list[list[tuple[str, bool, int, str]]]:
        """Rows as (printed text, is-a-number, footnote number or 0, note), first ``limit`` rows."""
        rows = self.rows if limit is None else self.rows[:limit]
        marks = {note: i for i, note in enumerate(self.footnotes(limit), start=1)}
        return [
            [
                (cell.text(), cell.format != "text", marks.get(cell.note, 0), cell.note)
                for cell in row
            ]
            for row in rows
        ]
