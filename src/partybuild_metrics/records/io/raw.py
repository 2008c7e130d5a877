"""A table as read from one file or sheet, before its cells are parsed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from partybuild_metrics.records.io.aliases import normalise_header
from partybuild_metrics.records.schemas import TABLES

ROW = "_row"
READ_PROBLEM_COLUMNS = ["at", "field", "value", "rule", "detail"]


@dataclass(frozen=True)
class RejectedRow:
    """A row the reader could not split into the header's cells; it is quarantined whole."""

    row: int
    value: str
    rule: str
    detail: str


@dataclass
class RawTable:
    """One table as read from one file or sheet, before parsing.

    ``frame`` has canonical (or source) column names, plus ``_row`` (the row number the
    user sees: Excel and CSV rows count the header) for sheets and CSV files. Parquet and
    in-memory frames have no ``_row``: their rows count from 1 (adding a column to 30
    million rows costs a second).
    ``headers`` maps each column to the header the user wrote. ``rejected`` holds rows
    left out of ``frame`` because they could not be split into cells; ``problems``
    cells found wrong while reading (``at`` is a position in ``frame``).
    """

    table: str
    source: str
    frame: pd.DataFrame
    headers: dict[str, str]
    notes: list[str] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    problems: pd.DataFrame | None = None

    def row_numbers(self) -> np.ndarray | None:
        """The row numbers the user sees (the ``_row`` column), or None when rows count from 1."""
        if ROW in self.frame.columns:
            return self.frame[ROW].to_numpy(dtype=np.int64)
        return None

    def cells(self) -> pd.DataFrame:
        """The frame without its row numbers."""
        return self.frame.drop(columns=[ROW]) if ROW in self.frame.columns else self.frame


def empty_raw(table: str, source: str) -> RawTable:
    """A table read from a file or sheet that holds no rows."""
    return RawTable(table, source, pd.DataFrame({ROW: pd.Series(dtype="int64")}), {}, [])


def table_for_name(name: str) -> str | None:
    """The table a file or sheet name refers to, or None.

    >>> table_for_name("庄河市2020年村两委成员花名册"), table_for_name("Villages")
    ('cadres', 'villages')
    >>> table_for_name("村基本情况(含集体经济)"), table_for_name("集体经济收入（含村基本情况）")
    ('villages', 'collective_income')
    """
    # "村基本情况(含集体经济)": an aside in brackets names what else the file holds, so the
    # words outside them are tried first
    plain = _ASIDE.sub("", name)
    for candidate in dict.fromkeys([plain, name]):
        key = normalise_header(candidate)
        for spec in TABLES.values():
            if any(normalise_header(word) in key for word in spec.file_words):
                return spec.name
    return None


_ASIDE: Final = re.compile(r"[(（][^()（）]*[)）]")
