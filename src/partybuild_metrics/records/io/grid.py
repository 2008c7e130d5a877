"""A grid of cells (a sheet, a CSV file) or a typed frame → a RawTable with canonical columns.

The header is found among the first rows, so a title row above it is fine. A column
headed twice (two 年度 columns) is read as one: each row takes the value that is
filled, and a row whose copies disagree is reported. Rows with nothing in the columns
read are skipped, and the notes say how many.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import numpy as np
import pandas as pd

from partybuild_metrics.records.io.aliases import header_lookup, normalise_header
from partybuild_metrics.records.io.raw import READ_PROBLEM_COLUMNS, ROW, RawTable
from partybuild_metrics.records.parsing import as_text

HEADER_SEARCH_ROWS = 30
"""A header is looked for in this many rows at the top of a sheet (titles, notes, blank rows)."""


def header_text(cell: object) -> str:
    """A header cell as text: blanks are '', whole numbers lose '.0'.

    >>> header_text(" 年度 "), header_text(None), header_text(2020.0), header_text(float("nan"))
    ('年度', '', '2020', '')
    """
    if cell is None:
        return ""
    if isinstance(cell, float):
        if math.isnan(cell):
            return ""
        if cell.is_integer() and abs(cell) < 1e15:
            return str(int(cell))
    return str(cell).strip()


def find_header(rows: Sequence[Sequence[object]], table: str) -> int:
    """The position of the header among the first rows: the row naming most known columns."""
    lookup = header_lookup(table)
    scores = [
        sum(normalise_header(text) in lookup for text in map(header_text, row) if text)
        for row in rows[:HEADER_SEARCH_ROWS]
    ]
    best = max(scores, default=0)
    return scores.index(best) if best > 0 else 0


def column_label(position: int, letters: bool) -> str:
    """A column's name as the user sees it: Excel's letters, or its number in a CSV file.

    >>> column_label(0, True), column_label(27, True), column_label(27, False)
    ('A', 'AB', '28')
    """
    if not letters:
        return str(position + 1)
    label, number = "", position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


MAX_UNUSED_NOTES: Final = 20
"""Columns not used named one by one; beyond these, counted (a sheet of 300,000 named
columns had made as many lines of notes)."""


def unused_notes(source: str, table: str, names: Sequence[str]) -> list[str]:
    """A note for each column not used by ``table``, the ones beyond MAX_UNUSED_NOTES counted.

    >>> unused_notes("a.csv", "villages", ["备注"])
    ["a.csv: column '备注' is not used by villages"]
    """
    notes = [
        f"{source}: column '{name}' is not used by {table}" for name in names[:MAX_UNUSED_NOTES]
    ]
    if len(names) > MAX_UNUSED_NOTES:
        notes.append(
            f"{source}: {len(names) - MAX_UNUSED_NOTES:,} more columns are not used by {table}"
        )
    return notes


def _blank(values: pd.Series) -> np.ndarray:
    return np.asarray(as_text(values).isna().to_numpy(), dtype=bool)


def _blank_cells(cells: pd.DataFrame) -> np.ndarray:
    """Which cells of a block are blank, rows × columns: read as text only in the columns
    with a cell filled at all (Excel's used range may run to column XFD, 16,384 columns of
    nothing, each of which took 2 ms to read)."""
    values = cells.to_numpy(dtype=object)
    blank: np.ndarray = np.asarray(pd.isna(values) | (values == ""), dtype=bool)
    for position in np.flatnonzero(~blank.all(axis=0)).tolist():
        blank[:, position] = _blank(cells.iloc[:, int(position)])
    return blank


def _merge_repeats(parts: list[pd.Series]) -> tuple[pd.Series, np.ndarray, pd.Series]:
    """Copies of one column as one: the first filled value of each row; where the filled
    copies differ, the row is marked, with the values found."""
    texts = pd.concat([as_text(part).reset_index(drop=True) for part in parts], axis=1)
    merged = parts[0].reset_index(drop=True).astype(object)
    for position in range(1, len(parts)):
        empty = texts.iloc[:, :position].isna().all(axis=1)
        take = empty & texts.iloc[:, position].notna()
        merged = merged.mask(take, parts[position].reset_index(drop=True).astype(object))
    conflict = texts.nunique(axis=1, dropna=True).to_numpy() > 1
    shown = texts[conflict].apply(lambda row: " / ".join(row.dropna().astype(str)), axis=1)
    return merged, conflict, shown


def assemble(
    table: str,
    source: str,
    columns: dict[str, list[tuple[str, pd.Series]]],
    notes: list[str],
    length: int,
) -> tuple[pd.DataFrame, dict[str, str], pd.DataFrame | None]:
    """Canonical columns from the columns found for each (header and cells, in order).

    Returns the frame (index from 0), the header of each column, and the rows whose
    repeated columns disagree, as problems.
    """
    frame: dict[str, pd.Series] = {}
    headers: dict[str, str] = {}
    problems: list[pd.DataFrame] = []
    for column, found in columns.items():
        headers[column] = found[0][0]
        if len(found) == 1:
            frame[column] = found[0][1].reset_index(drop=True)
            continue
        merged, conflict, shown = _merge_repeats([cells for _, cells in found])
        frame[column] = merged
        written = ", ".join(f"'{header}'" for header, _ in found)
        notes.append(
            f"{source}: {written} all fill {column}; each row takes the value that is filled"
            + (
                f", and {int(conflict.sum())} row(s) whose values differ are quarantined"
                if conflict.any()
                else ""
            )
        )
        if conflict.any():
            problems.append(
                pd.DataFrame(
                    {
                        "at": np.flatnonzero(conflict).astype("int64"),
                        "field": column,
                        "value": shown.astype(str).to_numpy(),
                        "rule": "conflicting_columns",
                        "detail": "",
                    }
                )
            )
    built = pd.DataFrame(frame, index=pd.RangeIndex(length))
    found_problems = (
        pd.concat(problems, ignore_index=True)[READ_PROBLEM_COLUMNS] if problems else None
    )
    return built, headers, found_problems


def grid_table(
    table: str, source: str, grid: pd.DataFrame, header_at: int, *, letters: bool
) -> RawTable:
    """A RawTable from a grid of cells, its header at position ``header_at``, whose index
    is each row's position in the file.

    Row numbers are those positions + 1, as Excel numbers rows and a CSV file's records
    count with its header.
    """
    if grid.empty or header_at >= len(grid):
        return RawTable(table, source, pd.DataFrame({ROW: pd.Series(dtype="int64")}), {})
    lookup = header_lookup(table)
    header = [header_text(cell) for cell in grid.iloc[header_at].tolist()]
    body = grid.iloc[header_at + 1 :]
    notes: list[str] = []
    found: dict[str, list[tuple[str, pd.Series]]] = {}
    used: list[int] = []
    unnamed = [position for position, text in enumerate(header) if not text]
    filled = (
        set(np.array(unnamed)[~_blank_cells(body.iloc[:, unnamed]).all(axis=0)].tolist())
        if len(body) and unnamed
        else set()
    )
    unused: list[str] = []
    for position, text in enumerate(header):
        column = lookup.get(normalise_header(text)) if text else None
        if column is None:
            if text:
                unused.append(text)
            elif position in filled:
                notes.append(
                    f"{source}: column {column_label(position, letters)} has no header but "
                    "holds values; it was not read"
                )
            continue
        found.setdefault(column, []).append((text, body.iloc[:, position]))
        used.append(position)
    notes[:0] = unused_notes(source, table, unused)
    empty = int(grid.attrs.get("blank_rows", 0))  # rows of nothing, left out when read
    blank: np.ndarray = np.zeros(len(body), dtype=bool)
    if len(body) and body.shape[1]:
        looked_at = used or list(range(body.shape[1]))
        blank = np.asarray(_blank_cells(body.iloc[:, looked_at]).all(axis=1), dtype=bool)
    if blank.any() or empty:
        notes.append(
            f"{source}: {int(blank.sum()) + empty} row(s) with nothing in the columns read "
            "were skipped"
        )
    if blank.any():
        body = body[~blank]
        found = {
            column: [(text, cells[~blank]) for text, cells in parts]
            for column, parts in found.items()
        }
    frame, headers, problems = assemble(table, source, found, notes, len(body))
    frame[ROW] = (body.index.to_numpy() + 1).astype("int64")
    return RawTable(table, source, frame, headers, notes, problems=problems)


def frame_table(table: str, source: str, data: pd.DataFrame) -> RawTable:
    """A RawTable from a typed frame (Parquet or memory): rows count from 1."""
    lookup = header_lookup(table)
    found: dict[str, list[tuple[str, pd.Series]]] = {}
    unused: list[str] = []
    for position, name in enumerate(data.columns):
        column = lookup.get(normalise_header(name))
        if column is None:
            unused.append(str(name))
            continue
        found.setdefault(column, []).append((str(name), data.iloc[:, position]))
    notes = unused_notes(source, table, unused)
    if all(len(parts) == 1 for parts in found.values()):
        frame = pd.DataFrame(
            {column: parts[0][1] for column, parts in found.items()}, copy=False
        ).reset_index(drop=True)
        if not found:
            frame = pd.DataFrame(index=pd.RangeIndex(len(data)))
        headers = {column: parts[0][0] for column, parts in found.items()}
        return RawTable(table, source, frame, headers, notes)
    frame, headers, problems = assemble(table, source, found, notes, len(data))
    return RawTable(table, source, frame, headers, notes, problems=problems)
