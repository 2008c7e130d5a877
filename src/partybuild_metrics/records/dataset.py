"""The validated records of a county (or a nation): accepted tables plus a quarantine.

Nothing is lost: for every table, rows read = rows accepted + rows quarantined, and
the quarantine names the file, the row as the user sees it, the column as headed in
the file, the value, the rule and a message in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partybuild_metrics.errors import InputError, ValidationError
from partybuild_metrics.records.columnar import (
    ColumnarTable,
    engine_connection,
    parquet_files,
    validate_tables,
)
from partybuild_metrics.records.id_numbers import mask_id_numbers_in, mask_quarantine
from partybuild_metrics.records.io.sources import (
    RawTable,
    RejectedRow,
    no_table_error,
    raw_from_frame,
    read_file,
    source_files,
    table_for_name,
)
from partybuild_metrics.records.referential import NAMED_TABLES, check_across_tables
from partybuild_metrics.records.rules import message
from partybuild_metrics.records.schemas import TABLE_ORDER, TABLES, columns_of
from partybuild_metrics.records.validation import FileProblem, ParsedTable, parse_table

QUARANTINE_COLUMNS = [
    "table",
    "file",
    "row",
    "column",
    "field",
    "value",
    "rule",
    "message_zh",
    "message_en",
]
SUMMARY_COLUMNS = ["table", "table_zh", "present", "rows_read", "accepted", "quarantined"]
IN_ENGINE = True
"""Validate Parquet tables where they lie (:mod:`.columnar`); False reads every file
into pandas (the tests compare the two)."""
QUARANTINE_FILE = "_quarantine.parquet"


class Frames(Mapping[str, pd.DataFrame]):
    """The accepted tables by name. A table validated where its Parquet files lie
    (:class:`ColumnarTable`) becomes a pandas frame only when it is asked for."""

    def __init__(
        self, frames: Mapping[str, pd.DataFrame], columnar: Mapping[str, ColumnarTable]
    ) -> None:
        self._frames = dict(frames)
        self.columnar = dict(columnar)
        self._order = [name for name in TABLE_ORDER if name in self._frames or name in columnar]
        self._order += [name for name in self._frames if name not in self._order]

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            if name not in self.columnar:
                raise KeyError(name)
            self._frames[name] = self.columnar[name].frame()
        return self._frames[name]

    def __contains__(self, name: object) -> bool:
        return name in self._frames or name in self.columnar

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)


@dataclass(frozen=True)
class Dataset:
    """Accepted record tables, the quarantine of rejected rows, and a per-table summary.

    Tables are reached by name, ``ds["cadres"]``, or as attributes, ``ds.cadres``.
    Every table is present; one that was not found is empty, with its columns. A table
    read from Parquet files stays in them, validated, until it is asked for as pandas;
    :func:`~partybuild_metrics.compute` reads such a table from its files.
    """

    tables: Mapping[str, pd.DataFrame]
    quarantine: pd.DataFrame
    summary: pd.DataFrame
    notes: tuple[str, ...] = field(default=())
    files: tuple[str, ...] = field(default=())
    """The files the tables were read from (empty for frames given in memory)."""

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]  # type: ignore[no-any-return]
        raise AttributeError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __repr__(self) -> str:
        accepted = dict(zip(self.summary["table"], self.summary["accepted"], strict=True))
        counts = ", ".join(f"{name}={int(accepted.get(name, 0))}" for name in self.tables)
        return f"Dataset({counts}; quarantined rows={int(self.summary['quarantined'].sum())})"

    def columnar(self, name: str) -> ColumnarTable | None:
        """The table as validated in its Parquet files, if it was read so (else None)."""
        if isinstance(self.tables, Frames):
            return self.tables.columnar.get(name)
        return None

    @property
    def ok(self) -> bool:
        """True when nothing was quarantined."""
        return self.quarantine.empty

    def to_parquet(self, directory: str | Path) -> Path:
        """Write each table as ``<table>.parquet`` and the quarantine beside them."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        for name, frame in self.tables.items():
            frame.to_parquet(out / f"{name}.parquet", index=False)
        self.quarantine.to_parquet(out / QUARANTINE_FILE, index=False)
        return out

    @classmethod
    def from_parquet(cls, directory: str | Path) -> Dataset:
        """Read back what :meth:`to_parquet` wrote, validating the tables again."""
        dataset = read_dataset(directory)
        old = Path(directory) / QUARANTINE_FILE
        quarantine = pd.read_parquet(old) if old.exists() else dataset.quarantine
        return cls(dataset.tables, quarantine, dataset.summary, dataset.notes, dataset.files)


def _file_problem_rows(problem: FileProblem) -> dict[str, object]:
    zh, en = message(problem.rule, column=problem.column, value="", detail=problem.detail)
    return {
        "table": problem.table,
        "file": problem.source,
        "row": pd.NA,
        "column": problem.column,
        "field": problem.field,
        "value": "",
        "rule": problem.rule,
        "message_zh": zh,
        "message_en": en,
    }


def _quarantine_of(parsed: ParsedTable | ColumnarTable) -> pd.DataFrame:
    problems = parsed.problems
    which, rows = parsed.locate(problems["at"].to_numpy())
    files = np.array(parsed.sources, dtype=object)[which]
    columns = [
        parsed.headers.get((file, name), name)
        for file, name in zip(files, problems["field"], strict=True)
    ]
    messages = [
        message(rule, column=column, value=value, detail=str(detail))
        for rule, column, value, detail in zip(
            problems["rule"], columns, problems["value"], problems["detail"], strict=True
        )
    ]
    entries = pd.DataFrame(
        {
            "table": parsed.table,
            "file": files,
            "row": pd.array(rows, dtype="Int64"),
            "column": columns,
            "field": problems["field"].to_numpy(),
            "value": problems["value"].to_numpy(),
            "rule": problems["rule"].to_numpy(),
            "message_zh": [m[0] for m in messages],
            "message_en": [m[1] for m in messages],
        }
    )
    if parsed.file_problems:
        whole = pd.DataFrame([_file_problem_rows(p) for p in parsed.file_problems])
        entries = pd.concat([whole, entries], ignore_index=True) if len(entries) else whole
    if parsed.rejected_rows:
        left_out = pd.DataFrame(
            [_rejected_row(parsed.table, source, row) for source, row in parsed.rejected_rows]
        )
        entries = pd.concat([entries, left_out], ignore_index=True) if len(entries) else left_out
    return entries


def _rejected_row(table: str, source: str, rejected: RejectedRow) -> dict[str, object]:
    zh, en = message(rejected.rule, column="", value=rejected.value, detail=rejected.detail)
    return {
        "table": table,
        "file": source,
        "row": rejected.row,
        "column": "",
        "field": "",
        "value": rejected.value,
        "rule": rejected.rule,
        "message_zh": zh,
        "message_en": en,
    }


def _typed_quarantine(entries: list[pd.DataFrame]) -> pd.DataFrame:
    quarantine = (
        pd.concat(entries, ignore_index=True)
        if entries
        else pd.DataFrame(columns=QUARANTINE_COLUMNS)
    )
    quarantine = quarantine.reindex(columns=QUARANTINE_COLUMNS)
    quarantine["row"] = quarantine["row"].astype("Int64")
    for name in QUARANTINE_COLUMNS:
        if name != "row":
            quarantine[name] = quarantine[name].astype("str")
    order = {name: i for i, name in enumerate(TABLE_ORDER)}
    quarantine = quarantine.assign(_order=quarantine["table"].map(order)).sort_values(
        ["_order", "file", "row", "column", "rule"], kind="stable", na_position="first"
    )
    return quarantine.drop(columns="_order").reset_index(drop=True)


def strict_message(quarantine: pd.DataFrame) -> str:
    """One text listing every quarantined problem: file, row, column, message."""
    lines = [f"{len(quarantine)} problem(s) in the records:"]
    for entry in quarantine.to_dict("records"):
        row = "" if pd.isna(entry["row"]) else f", row {entry['row']}"
        lines.append(
            f"- {entry['file']}{row}, column {entry['column']}: "
            f"{entry['message_en']} / {entry['message_zh']}"
        )
    return "\n".join(lines)


def read_dataset(
    path: str | Path,
    *,
    strict: bool = False,
    required: tuple[str, ...] = ("villages",),
    show_id_numbers: bool = False,
) -> Dataset:
    """Read, validate and cross-check the record tables at ``path``.

    ``path`` is a folder of CSV / Parquet / XLSX files or one workbook with a sheet per
    table. Rows that break a rule go to the quarantine; ``strict=True`` raises one
    :class:`ValidationError` listing every problem instead. A path that cannot be read
    at all, or lacks a ``required`` table, raises :class:`InputError`.

    ID numbers in the quarantine and the notes are masked (210283********123X);
    ``show_id_numbers=True`` shows them in full, for the clerk who must correct a row.

    >>> ds = read_dataset("data/sample/zhuanghe.xlsx")
    >>> ds.summary.set_index("table").loc["villages", ["rows_read", "accepted", "quarantined"]].tolist()
    [820, 820, 0]
    """
    files, left_out = source_files(Path(path))
    found = {file: read_file(file) for file in files if file.suffix.lower() != ".parquet"}
    held = {raw.table for tables, _ in found.values() for raw in tables}
    parquet: dict[str, list[Path]] = {}
    for file in files:
        table = table_for_name(file.stem) if file.suffix.lower() == ".parquet" else None
        if table is not None:
            parquet.setdefault(table, []).append(file)
    # A table whose every file is Parquet, typed as the pandas path would keep it, is
    # validated where it lies; any other file is read into pandas.
    planned = {
        table: parquet_files(table, paths)
        for table, paths in parquet.items()
        if table not in held and IN_ENGINE
    }
    columnar_files = {table: plan for table, plan in planned.items() if plan is not None}
    in_engine = {file for table in columnar_files for file in parquet[table]}
    for file in files:
        if file not in found and file not in in_engine:
            found[file] = read_file(file)
    raws = [raw for file in files if file in found for raw in found[file][0]]
    notes = left_out + [note for file in files if file in found for note in found[file][1]]
    if not raws and not columnar_files:
        raise no_table_error(Path(path))
    with engine_connection() as con:
        columnar = validate_tables(con, columnar_files, NAMED_TABLES)
        dataset = _validate(
            con, raws, columnar, notes, str(path), strict=strict, required=required,
            show_id_numbers=show_id_numbers,
        )  # fmt: skip
    read = tuple(
        str(file) for file in files if file in in_engine or (file in found and found[file][0])
    )
    return replace(dataset, files=read)


def read_frames(
    frames: Mapping[str, pd.DataFrame],
    *,
    strict: bool = False,
    required: tuple[str, ...] = ("villages",),
    show_id_numbers: bool = False,
) -> Dataset:
    """Validate tables already in memory, keyed by table name (English or Chinese).

    Columns may use any header :func:`read_dataset` accepts. Row numbers in the
    quarantine count from 1, and the file is shown as ``<table>``.

    >>> import pandas as pd
    >>> ds = read_frames({"villages": pd.DataFrame({"村代码": ["210283101201"], "年度": [2020], "村名": ["东山村"]})})
    >>> ds.villages[["village_code", "year", "name"]].values.tolist()
    [['210283101201', 2020, '东山村']]
    """
    raws = []
    for key, frame in frames.items():
        table = key if key in TABLES else table_for_name(key)
        if table is None:
            raise InputError(f"'{key}' names no table", hint=f"use one of {', '.join(TABLES)}")
        raws.append(raw_from_frame(table, f"<{key}>", frame))
    with engine_connection() as con:
        return _validate(
            con, raws, {}, [], "<frames>", strict=strict, required=required,
            show_id_numbers=show_id_numbers,
        )  # fmt: skip


def _settled(table: str, accepted: pd.DataFrame) -> pd.DataFrame:
    """Accepted rows typed by themselves: a column whose only blanks were in quarantined
    rows loses its nullable type (``Int64`` → ``int64``, ``boolean`` → ``bool`` for
    posts), as it would have had without them; a year column a model allows blank keeps
    ``Int64``. Parquet validated in the engine gives the same types.
    """
    changed: dict[str, pd.Series] = {}
    for name, spec in columns_of(table).items():
        if name not in accepted.columns or accepted[name].hasnans:
            continue
        dtype = accepted[name].dtype
        if isinstance(dtype, pd.Int64Dtype) and spec.kind in ("year", "int"):
            if not (spec.kind == "year" and spec.nullable):
                changed[name] = accepted[name].astype("int64")
        elif isinstance(dtype, pd.BooleanDtype) and spec.kind == "bool_post":
            changed[name] = accepted[name].astype("bool")
    return accepted.assign(**changed) if changed else accepted


def _validate(
    con: Any,
    raws: list[RawTable],
    columnar: dict[str, ColumnarTable],
    notes: list[str],
    path: str,
    *,
    strict: bool,
    required: tuple[str, ...],
    show_id_numbers: bool = False,
) -> Dataset:
    by_table: dict[str, list[RawTable]] = {name: [] for name in TABLE_ORDER}
    for raw in raws:
        by_table[raw.table].append(raw)
    missing = [name for name in required if not by_table[name] and name not in columnar]
    if missing:
        found = sorted(
            {raw.source for raw in raws}
            | {file for table in columnar.values() for file in _files_of(table)}
        )
        raise InputError(
            f"no {', '.join(f'{n} ({TABLES[n].name_zh})' for n in missing)} table; found: {', '.join(found)}",
            path=path,
            hint="add the sheet or file, named after the table in English or Chinese",
        )
    parsed: dict[str, ParsedTable | ColumnarTable] = {
        name: columnar[name] if name in columnar else parse_table(name, by_table[name])
        for name in TABLE_ORDER
    }
    check_across_tables(con, parsed)
    frames: dict[str, pd.DataFrame] = {}
    entries: list[pd.DataFrame] = []
    summary_rows: list[dict[str, object]] = []
    for name in TABLE_ORDER:
        table = parsed[name]
        present = bool(by_table[name]) or name in columnar
        notes.extend(table.notes)
        if not present:
            notes.append(f"table {name} ({TABLES[name].name_zh}) not found; it is empty")
        bad = table.problems["at"].nunique()
        if isinstance(table, ParsedTable):
            frames[name] = (
                _settled(name, table.accepted_rows().reset_index(drop=True)) if bad else table.frame
            )
            rows = len(table.frame)
        else:
            rows = table.rows
        left_out = sum(p.rows for p in table.file_problems) + len(table.rejected_rows)
        summary_rows.append(
            {
                "table": name,
                "table_zh": TABLES[name].name_zh,
                "present": present,
                "rows_read": rows + left_out,
                "accepted": rows - bad,
                "quarantined": bad + left_out,
            }
        )
        if len(table.problems) or table.file_problems or table.rejected_rows:
            entries.append(_quarantine_of(table))
    quarantine = _typed_quarantine(entries)
    if not show_id_numbers:
        quarantine = mask_quarantine(quarantine)
        notes = [mask_id_numbers_in(note) for note in notes]
    dataset = Dataset(
        Frames(frames, columnar),
        quarantine,
        pd.DataFrame(summary_rows, columns=SUMMARY_COLUMNS),
        tuple(notes),
    )
    if strict and not dataset.ok:
        raise ValidationError(strict_message(quarantine), len(quarantine))
    return dataset


def _files_of(table: ColumnarTable) -> list[str]:
    return [*table.sources, *(problem.source for problem in table.file_problems)]
