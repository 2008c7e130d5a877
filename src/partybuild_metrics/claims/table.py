"""Claims as a table, one row per claim: reading it, and its rows as Claim objects.

A table has the YAML keys as columns (id, kind, quote, numerator, denominator, percent,
value, n, items, parts, total, part, whole, before, after, change_points, previous,
current, increase, rate, source, indicator, scope_code, scope_year, denominator_from,
total_from, inferred, offset, line, note); printed numbers are text. Share rows of plain
figures are decided column-wise (:mod:`partybuild_metrics.claims.shares`); every other
row becomes a Claim here and goes through the one-claim path. Both give the same
results (a property test holds them to it).
"""

from __future__ import annotations

import itertools
import mmap
import os
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from partybuild_metrics.claims.model import (
    COMMON_KEYS,
    DECIMAL_KEYS,
    KIND_KEYS,
    TABLE_SUFFIXES,
    TRUTHS,
    Claim,
    ClaimsRead,
    Source,
    _Problem,
    claim_values,
    scope_year,
)
from partybuild_metrics.claims.problems import ClaimFileError, ClaimProblem
from partybuild_metrics.claims.shown import (
    MAX_SHEETS,
    TITLE_ROWS,
    header_at,
    read_shown,
    unique_names,
)
from partybuild_metrics.claims.sources import decode
from partybuild_metrics.claims.threads import spare_threads
from partybuild_metrics.errors import InputError
from partybuild_metrics.records.io.archives import unpacked_limit
from partybuild_metrics.records.io.encoding import other_format

FIGURE_COLUMNS: Final = tuple(
    dict.fromkeys(k for keys in KIND_KEYS.values() for part in keys for k in part)
)
TABLE_COLUMNS: Final = (
    "id", "kind", "quote", *FIGURE_COLUMNS, "source", "indicator", "scope_code", "scope_year",
    "denominator_from", "total_from", "inferred", "offset", "line", "note",
)  # fmt: skip
"""The columns a claims table may have."""
MAX_ROWS: Final = 20_000_000
MAX_COLUMNS: Final = 1000
_STR: Final = pd.StringDtype("pyarrow", na_value=np.nan)
_MAX: Final = 10**11  # counts up to this stay in int64 through every product below
_PARTS_SPLIT: Final = r"\s*(?:;|；|、|\+)\s*"


def _delimiter(header: str) -> str:
    """Tab for a file whose header row has tabs and no commas (Excel's "Unicode text",
    saved as .csv), else comma."""
    return "\t" if "\t" in header and "," not in header else ","


def _titles_padded(text: str) -> tuple[str, str]:
    r"""The delimiter of the header row, and the text with the lines above it (a title,
    Excel's "sep=," line) given as many cells as the header, as Excel gives them when it
    saves a sheet: a title typed in a text editor has none, and every row after it would
    otherwise have "too many".

    >>> _titles_padded("2020年核对表\nid,kind,quote\na,share,q\n")
    (',', '2020年核对表,,\nid,kind,quote\na,share,q\n')
    >>> _titles_padded("核对表,2020\nid\tkind\tquote\n")[0]
    '\t'
    """
    head = text.split("\n", TITLE_ROWS + 1)[: TITLE_ROWS + 1]
    for delimiter in (",", "\t", ";"):
        at = header_at([line.rstrip("\r").split(delimiter) for line in head])
        if at is None:
            continue
        width = head[at].count(delimiter)
        if at == 0 or all(line.count(delimiter) >= width for line in head[:at]):
            return delimiter, text
        lines = text.split("\n", at)
        for i, line in enumerate(lines[:at]):
            end = "\r" if line.endswith("\r") else ""
            missing = width - line.count(delimiter)
            lines[i] = line.removesuffix(end) + delimiter * max(missing, 0) + end
        return delimiter, "\n".join(lines)
    return _delimiter(text.split("\n", 1)[0]), text


def _first_line(path: str | Path) -> str:
    with open(path, "rb") as file:
        return file.read(64 * 1024).split(b"\n", 1)[0].decode("utf-8", errors="replace")


def _read_csv(source: str | Path | pa.Buffer, delimiter: str, *, lenient: bool) -> pd.DataFrame:
    """A UTF-8 CSV file or buffer, every cell as text ("" when empty), by Arrow's reader.

    A repeated column name gets a suffix, as pandas gives it ("id", "id.1"). Not
    ``lenient``, any row with more or fewer cells than the header, or a quote over several
    lines, raises ArrowInvalid. ``lenient`` (for text known to be UTF-8: Arrow cannot
    show it a row that is not), quotes may run over lines and a row with a cell too many
    (an unquoted comma in a quote) or too few is left out and named in
    ``attrs["skipped_rows"]`` (its row, the header's cells and its own), the rows after it
    keeping their numbers in ``attrs["sheet_rows"]``; when most rows are such, the file is
    refused.
    """
    skipped: list[tuple[int | None, int, int]] = []
    swallowed: dict[int, int] = {}  # row number → lines an opening quote never closed took in

    def skip(row: pa_csv.InvalidRow) -> str:
        skipped.append((row.number, row.expected_columns, row.actual_columns))
        taken = _lines_taken(str(row.text), delimiter, row.expected_columns)
        if taken and row.number is not None:
            swallowed[row.number] = taken
        return "skip"

    def read(threads: bool, quoted: bool = True) -> pa.Table:
        skipped.clear()
        swallowed.clear()
        source_ = pa.BufferReader(source) if isinstance(source, pa.Buffer) else source
        block = (  # Arrow counts a block in a signed 32-bit integer
            min(max(1 << 20, source.size + 1), 2**31 - 1)
            if lenient and isinstance(source, pa.Buffer)
            else None
        )
        return pa_csv.read_csv(
            source_,
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                # where no quote is, no cell runs over lines, and blocks are cut faster
                newlines_in_values=quoted,
                invalid_row_handler=skip if lenient else None,
            ),
            # leniently, the whole text is one block: a quote never closed then takes in
            # the rest of the file as one row, named, instead of failing the read
            read_options=pa_csv.ReadOptions(use_threads=threads, block_size=block),
            convert_options=pa_csv.ConvertOptions(
                default_column_type=pa.large_string(),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    # leniently in one pass: a row's number is then known, and no reader thread outlives
    # a failed read (one did, and aborted the process at exit)
    if lenient:
        table = read(False)
    else:
        quoted = isinstance(source, pa.Buffer) or _has_quote(source)
        table = read(spare_threads() > 1, quoted)
        if quoted and _swallowed_in_cells(table, delimiter):
            # a quote never closed: read again, leniently, to name the rows it takes in
            raise pa.ArrowInvalid("a quote is never closed")
    names = unique_names(table.column_names)
    frame: pd.DataFrame = table.rename_columns(names).to_pandas(
        types_mapper={pa.large_string(): _STR}.get
    )
    if skipped:
        number, expected, actual = skipped[0]
        if len(skipped) > len(frame) and number in swallowed:
            raise ValueError(
                f"a quotation mark opened in row {number} is never closed: it takes in the "
                f"{swallowed[number]:,} line(s) after it, so no row can be read"
            )
        if len(skipped) > len(frame):
            others = (
                f", as do {len(skipped) - 1:,} of the other {len(skipped) + len(frame) - 1:,} rows"
                if len(skipped) + len(frame) > 1
                else ""
            )
            full_width = "，" in ",".join(table.column_names) and delimiter == ","
            raise ValueError(
                f"row {number} has {actual} cells where the header has {expected}{others}"
                + (
                    ": the header joins names with a full-width comma (，), which does not separate cells"
                    if full_width
                    else ""
                )
            )
        bad = {n for n, _, _ in skipped}
        rows = (n for n in itertools.count(2) if n not in bad)
        frame.attrs["sheet_rows"] = np.fromiter(rows, dtype=np.int64, count=len(frame))
        frame.attrs["skipped_rows"] = skipped
    taken = _swallowed_in_cells(table, delimiter) if lenient else {}
    if taken:
        # the row that opened the quote holds the figures of a later row: none is a claim
        numbers = np.asarray(  # row_number of every row
            frame.attrs.get("sheet_rows", np.arange(2, len(frame) + 2)), dtype=np.int64
        )
        keep = np.ones(len(frame), dtype=bool)
        keep[list(taken)] = False
        swallowed.update({int(numbers[i]): lines for i, lines in taken.items()})
        attrs = dict(frame.attrs)
        frame = frame[keep].reset_index(drop=True)
        frame.attrs = {**attrs, "sheet_rows": numbers[keep]}
    if swallowed:
        frame.attrs["swallowed"] = dict(swallowed)
    return frame


def _has_quote(source: str | Path) -> bool:
    """Whether a file holds a double quote anywhere (one look at its bytes, mapped)."""
    with open(source, "rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return False
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            return mapped.find(b'"') >= 0


def _has_newline(table: pa.Table) -> bool:
    """Whether any cell holds a line break (a look at the text bytes, not cell by cell)."""
    for column in table.columns:
        for chunk in column.chunks:
            data = chunk.buffers()[2]
            if data is not None and bool((np.frombuffer(data, np.uint8) == 10).any()):
                return True
    return False


def _lines_taken(text: str, delimiter: str, columns: int) -> int:
    """How many lines of whole rows a row's text holds after its first (an opening quote
    never closed takes them in), where a cell typed over several lines in Excel holds text."""
    lines = [line for line in text.split("\n")[1:] if line.strip()]
    rows = sum(1 for line in lines if line.count(delimiter) >= max(columns - 1, 1))
    return len(lines) if rows else 0


def _swallowed_in_cells(table: pa.Table, delimiter: str) -> dict[int, int]:
    """Rows one of whose cells took in whole rows after it (a quote opened and never
    closed, or closed by the next row's opening quote): their positions in the table and
    how many lines each took."""
    found: dict[int, int] = {}
    if not _has_newline(table):
        return found
    for column in table.columns:
        rows = pc.indices_nonzero(pc.fill_null(pc.match_substring(column, "\n"), False))
        for index in rows.to_pylist():
            taken = _lines_taken(str(column[index].as_py()), delimiter, table.num_columns)
            if taken:
                found[int(index)] = max(found.get(int(index), 0), taken)
    return found


def skipped_rows(frame: pd.DataFrame, file: str) -> list[ClaimProblem]:
    """A problem for each row of a CSV file left out for its count of cells, one for each
    quote never closed, and one for a workbook's sheets of claims not read."""
    left_out = [
        ClaimProblem(
            file,
            f'a quote (") opened in this row is never closed: it takes in the {lines:,} '
            f"line(s) after it, and neither this row nor those lines is read as a claim",
            hint='close the quote where its cell ends ("全市133个村,占64.8%")',
            row=number,
        )
        for number, lines in frame.attrs.get("swallowed", {}).items()
    ]
    if "other_sheets" in frame.attrs:
        read, others, unread = frame.attrs["other_sheets"]
        hint = "put the claims of a workbook in one sheet, or each sheet in a file of its own"
        if others:
            left_out.append(
                ClaimProblem(
                    file,
                    f"sheet {read} is read; sheet(s) {', '.join(map(str, others))} also have a "
                    "header naming id, kind and quote, and their claims are not read",
                    hint=hint,
                )
            )
        if unread:
            left_out.append(
                ClaimProblem(
                    file,
                    f"the workbook has more than {MAX_SHEETS} sheets; sheet {read} is read and "
                    f"the sheets after sheet {MAX_SHEETS} are not looked at, so any claims "
                    "there are not read",
                    hint=hint,
                )
            )
    more = (
        'put a quote that holds a comma in double quotes ("全市133个村,占64.8%"), as Excel '
        "does when it saves a CSV"
    )
    fewer = "write an empty cell as nothing between two commas, so that every row has them all"
    return left_out + [
        ClaimProblem(
            file,
            f"has {actual} cells where the header has {expected}, and is not read",
            hint=more if actual > expected else fewer,
            row=number,
        )
        for number, expected, actual in frame.attrs.get("skipped_rows", [])
        if number not in frame.attrs.get("swallowed", {})
    ]


def read_claims_table(path: str | Path) -> pd.DataFrame:
    """A claims table from CSV (UTF-8 or GBK), XLSX or Parquet, every column as text.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp(); path = os.path.join(folder, "c.csv")
    >>> _ = open(path, "w", encoding="gbk").write("id,kind,quote,numerator,denominator,percent\\na,share,占比,133,205,64.8\\n")
    >>> read_claims_table(path).loc[0, "quote"]
    '占比'
    """

    name = str(path)
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls"):
            suffix = _workbook_or_export(path, suffix)
        if suffix == ".csv":
            with open(path, "rb") as file:
                named = other_format(file.read(8))
            if named:
                raise ClaimFileError(
                    name, f"is {named}, not a CSV text file",
                    hint="give the file its own suffix (.xlsx, .xls), or save it as CSV",
                )  # fmt: skip
            header = _first_line(path)
            delimiter = _delimiter(header)
            if header.count(delimiter) >= MAX_COLUMNS:  # before Arrow lays them out
                raise ClaimFileError(
                    name, f"has more than {MAX_COLUMNS:,} columns in its first row",
                    hint=f"a claims table has the {len(TABLE_COLUMNS)} columns listed in the README",
                )  # fmt: skip
            try:
                frame = _read_csv(path, delimiter, lenient=False)
            except (UnicodeDecodeError, pa.ArrowInvalid):
                # not UTF-8 (GBK / GB18030 as Excel saves it on Chinese Windows, or UTF-16),
                # a quote running over several lines or a row of too many cells: read
                # again as decoded text, leniently
                text = decode(Path(path).read_bytes(), name)
                text += "" if text.endswith("\n") else "\n"  # a header alone, with no end of line
                delimiter, text = _titles_padded(text)
                frame = _read_csv(pa.py_buffer(text.encode("utf-8")), delimiter, lenient=True)
        elif suffix in (".xlsx", ".xlsm", ".xls"):
            # as Excel shows each cell: "64.8%" typed in Excel is the number 0.648
            frame = read_shown(path)
        elif suffix == ".parquet":
            frame = _parquet_as_text(path)
        else:
            raise ClaimFileError(
                name, f"is not a claims table (expected {', '.join(TABLE_SUFFIXES)})"
            )
    except ClaimFileError:
        raise
    except InputError as error:  # refused with its reason (a zip bomb …)
        raise ClaimFileError(name, error.problem) from None
    except (OSError, ValueError, pa.ArrowException, UnicodeDecodeError) as error:
        raise ClaimFileError(
            name, f"cannot be read as a claims table ({str(error)[:200]})"
        ) from None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except MemoryError:
        raise ClaimFileError(name, "needs more memory to read than this machine has") from None
    except BaseException as error:  # a broken workbook or Parquet file: whatever its reader
        # raises, a Rust panic in the workbook reader too (pyo3's PanicException)
        raise ClaimFileError(
            name,
            "cannot be read as a claims table: the file is damaged, cut short or encrypted "
            f"({type(error).__name__})",
        ) from None
    if len(frame) > MAX_ROWS:
        raise ClaimFileError(name, f"has more than {MAX_ROWS:,} rows")
    frame = _below_title(frame)
    # "ID", " Kind ": a header as people type it
    renamed = {c: unicodedata.normalize("NFKC", str(c)).strip().lower() for c in frame.columns}
    renamed = {c: n for c, n in renamed.items() if n in TABLE_COLUMNS and n != c}
    if renamed and not set(renamed.values()) & set(frame.columns):
        attrs = dict(frame.attrs)
        frame = frame.rename(columns=renamed)
        frame.attrs = attrs
    frame.attrs["file"] = name
    return frame


def _workbook_or_export(path: str | Path, suffix: str) -> str:
    """ ".csv" for CSV or tab-separated text under a workbook's name (a system's "导出Excel"),
    else ``suffix``; a web page or an Excel 2003 XML file so named is refused, as the
    records' reader refuses it."""
    # the records' reader, imported here: it loads the records' validation, which a CSV
    # claims table has no need of
    from partybuild_metrics.records.io.sources import text_named_as_workbook

    exported = text_named_as_workbook(Path(path))
    if exported == "markup":
        raise ClaimFileError(
            str(path),
            "is a web page or an Excel 2003 XML file saved under a workbook's name, as some "
            "systems export their tables",
            hint="open it in Excel or WPS and save it as .xlsx (文件 → 另存为 → Excel 工作簿)",
        )
    return ".csv" if exported == "text" else suffix


def _below_title(frame: pd.DataFrame) -> pd.DataFrame:
    """The table under its title rows, when its header lies lower ("2020年公报核对表" in
    row 1, the column names in row 3): the first of the first rows that names id, kind
    and quote. ``attrs["header_row"]`` is then the header's row in the file."""
    if header_at([[str(c) for c in frame.columns]]) == 0 or "sheet_rows" in frame.attrs:
        return frame
    rows = [[str(value) for value in row] for row in frame.iloc[:TITLE_ROWS].values.tolist()]
    at = header_at(rows)
    if at is None:
        return frame
    body = frame.iloc[at + 1 :].reset_index(drop=True)
    body.columns = pd.Index(
        unique_names([name.strip() or f"Unnamed: {i}" for i, name in enumerate(rows[at])])
    )
    body.attrs = {"header_row": at + 2}
    return body


def row_number(frame: pd.DataFrame, position: int) -> int:
    """The number a spreadsheet shows for the table's row at ``position`` (the header is
    row 1, unless title rows stand above it).

    >>> row_number(pd.DataFrame({"id": ["a", "b"]}), 1)
    3
    """
    sheet_rows = frame.attrs.get("sheet_rows")
    if sheet_rows is not None:
        return int(sheet_rows[position])
    return position + int(frame.attrs.get("header_row", 1)) + 1


def _parquet_as_text(path: str | Path) -> pd.DataFrame:
    """A Parquet table as text (:func:`_as_text`); a NaN stored in a float column, unlike a
    null, is the text "NaN", an error of its cell rather than a blank figure."""
    table = _unpacked_parquet(path)
    stored_nan = {
        name: np.asarray(
            pc.fill_null(pc.is_nan(column), False).to_numpy(zero_copy_only=False), dtype=bool
        )
        for name, column in zip(table.column_names, table.columns, strict=True)
        if pa.types.is_floating(column.type)
    }
    frame = _as_text(table.to_pandas())
    for name, nan in stored_nan.items():
        if nan.any() and name in frame.columns:
            cells = frame[name].astype(object).to_numpy().copy()
            cells[nan] = "NaN"
            frame[name] = pd.array(cells, dtype=_STR)
    return frame


def _unpacked_parquet(path: str | Path) -> pa.Table:
    """A Parquet file's table, refused as a bomb when its text unpacks to far more than the
    file holds (one 5,000-character quote in a dictionary for 50,000 rows: 3 kB on disk,
    750 MB of text), by the rule zip archives are held to. Read in batches, so that the
    refusal comes before the text is all unpacked."""
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    names = file.schema_arrow.names
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(
            f"the column '{repeated[0][:80]}' is given twice", path=str(path), hint="keep one"
        )
    size = max(Path(path).stat().st_size, 1)
    limit = unpacked_limit(size)
    batches: list[pa.RecordBatch] = []
    unpacked = 0
    for batch in file.iter_batches(batch_size=_PARQUET_BATCH):
        unpacked += sum(_unpacked_bytes(column) for column in batch.columns)
        if unpacked > limit:
            raise InputError(
                f"unpacks to more than {limit:,} bytes, {limit // size:,} times the file's size "
                "(a bomb, not a table someone saved)",
                path=str(path),
                hint="write the table again with each claim's own text",
            )
        batches.append(batch)
    return pa.Table.from_batches(batches, schema=file.schema_arrow)


def _unpacked_bytes(column: pa.Array) -> int:
    """The bytes a column takes once its dictionary's values are written out for each row."""
    if not pa.types.is_dictionary(column.type):
        return int(column.nbytes)
    values = column.dictionary
    if not (
        pa.types.is_string(values.type)
        or pa.types.is_large_string(values.type)
        or pa.types.is_binary(values.type)
        or pa.types.is_large_binary(values.type)
    ):
        return int(column.nbytes)  # fmt: skip
    lengths = pc.binary_length(values).take(column.indices)
    return int(pc.sum(lengths).as_py() or 0) + int(column.indices.nbytes)


_PARQUET_BATCH: Final = 16_384
"""Rows unpacked at a time: a bomb's batch of them holds 16,384 of its longest cells."""


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as text, numbers as a spreadsheet shows them without a format: a whole
    number without ".0" (13.0 is "13", as in an XLSX cell), others in their shortest form
    (64.80 stored as a number is "64.8": a printed trailing zero survives only as text);
    a missing value is empty."""
    columns: dict[str, Any] = {}
    for name in frame.columns:
        values = frame[name]
        if pd.api.types.is_float_dtype(values.dtype):
            single = values.dtype == np.float32  # its shortest text: 64.9, not 64.9000015…
            cells = [
                "" if value != value
                else str(int(value)) if value.is_integer()
                else str(np.float32(value)) if single
                else repr(value)
                for value in values.to_numpy(dtype=float).tolist()
            ]  # fmt: skip
            columns[name] = pd.array(cells, dtype=_STR)
        elif pd.api.types.infer_dtype(values, skipna=True) in ("bytes", "mixed"):
            # binary cells: their text where it is UTF-8; any other stays bytes, a problem of
            # its row and key (not a file refused for one cell)
            columns[name] = pd.Series(
                [_bytes_text(v) for v in values.tolist()], index=frame.index, dtype=object
            )
        elif pd.api.types.infer_dtype(values, skipna=True) == "decimal":
            # a decimal column's scale is the column's, not what was printed: 64.80 in a
            # decimal(10, 2) column is 64.8, and 50.00 is 50, as a float would be
            columns[name] = pd.array([_decimal_text(v) for v in values.tolist()], dtype=_STR)
        else:
            text = values.astype(_STR)
            columns[name] = text.fillna("")
    return pd.DataFrame(columns, index=frame.index)


def _bytes_text(value: Any) -> Any:
    """A binary cell as its UTF-8 text; a missing one empty; other bytes as they are."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value
    return value


def _decimal_text(value: Any) -> str:
    """A Decimal cell as a spreadsheet shows a number without a format ("" when missing).

    >>> _decimal_text(Decimal("64.80")), _decimal_text(Decimal("50.00")), _decimal_text(None)
    ('64.8', '50', '')
    """
    if not isinstance(value, Decimal) or not value.is_finite():
        return "" if value is None or value != value else str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


_UNNAMED: Final = re.compile(r"(?:Unnamed: \d+)?(?:\.\d+)?")
"""A column without a name, as pandas ("Unnamed: 6") or Arrow ("", ".1") calls it."""


def without_unnamed(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[ClaimProblem]]:
    """The table without its columns that have no name: empty ones (the commas Excel
    writes after the last column) silently; one with a cell filled ("核对人:张三" in H5)
    with a problem naming that cell, so that the claims are still checked.

    >>> frame = pd.DataFrame({"id": ["a"], "Unnamed: 1": [""]})
    >>> without_unnamed(frame, "t.csv")[0].columns.tolist()
    ['id']
    """
    keep: list[Any] = []
    problems: list[ClaimProblem] = []
    for at, column in enumerate(frame.columns):
        if not _UNNAMED.fullmatch(str(column).strip()):
            keep.append(column)
            continue
        cells = frame[column]
        filled = np.flatnonzero([isinstance(v, str) and v.strip() != "" for v in cells.tolist()])
        if len(filled):
            row = row_number(frame, int(filled[0]))
            text = str(cells.iloc[int(filled[0])]).strip()[:40]
            problems.append(
                ClaimProblem(
                    file,
                    f"a cell outside the table's named columns ({_letter(at)}{row}: {text!r}) "
                    "is not read: a column needs a name in the header row",
                    key=f"column {_letter(at)}",
                    row=row,
                )
            )
    if len(keep) == len(frame.columns):
        return frame, problems
    kept = frame[keep]
    kept.attrs = dict(frame.attrs)
    return kept, problems


def _letter(at: int) -> str:
    """A column's letters as a spreadsheet names it (0 is A, 26 is AA)."""
    letters = ""
    at += 1
    while at:
        at, rest = divmod(at - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def integers_as_text(frame: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """A DataFrame's whole numbers as the text they print as ("133"), and the rows that
    hold any other cell that is not text (a float such as 0.648 cannot say how it was
    printed: 64.8%, 0.648 or 0.6480), for the one-claim path to report by row and key.

    >>> frame, other = integers_as_text(pd.DataFrame({"numerator": [133, 7], "percent": ["64.8", 0.648]}))
    >>> frame["numerator"].tolist(), other.tolist()
    (['133', '7'], [False, True])
    """
    other = np.zeros(len(frame), dtype=bool)
    converted: dict[Any, pd.Series] = {}
    for column in frame.columns:
        values = frame[column]
        if not isinstance(values, pd.Series) or isinstance(
            values.array, pd.arrays.ArrowStringArray
        ):
            continue  # a repeated name (reported as such), or text already
        if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
            continue  # text and blanks only (pandas looks in C, not a cell at a time in Python)
        cells = values.to_numpy(dtype=object)
        if column == "inferred":  # a yes/no column: pandas reads "true" in a CSV as True
            cells = np.array(
                [str(c).lower() if isinstance(c, (bool, np.bool_)) else c for c in cells],
                dtype=object,
            )
            converted[column] = pd.Series(cells, index=values.index, dtype=object)
        found = np.array([_not_text(cell) for cell in cells], dtype=bool)
        if not found.any():
            continue
        whole = found & np.array([_whole(cell, column) for cell in cells], dtype=bool)
        if whole.any():
            cells = cells.copy()
            cells[whole] = [str(int(cell)) for cell in cells[whole]]
            converted[column] = pd.Series(cells, index=values.index, dtype=object)
        other |= found & ~whole
    if converted:
        attrs = dict(frame.attrs)
        frame = frame.assign(**{str(c): v for c, v in converted.items()})
        frame.attrs = attrs
    return frame, other


def _not_text(cell: Any) -> bool:
    """Whether a cell is neither text nor missing (a list or an array cell is neither)."""
    if isinstance(cell, str) or cell is None or cell is pd.NA or cell is pd.NaT:
        return False
    return not (isinstance(cell, (float, np.floating)) and np.isnan(cell))


def _whole(cell: Any, column: Any) -> bool:
    """An integer, or a float of a whole count (133.0 where a column of counts has a gap)."""
    if isinstance(cell, (bool, np.bool_)):
        return False
    if isinstance(cell, (int, np.integer)):
        return True
    return (
        isinstance(cell, (float, np.floating))
        and column not in DECIMAL_KEYS
        and float(cell).is_integer()
        and abs(float(cell)) < 2**53
    )


def problems_of_columns(frame: pd.DataFrame, file: str) -> list[ClaimProblem]:
    """Unknown, repeated or missing columns of a claims table."""
    repeated = frame.columns[frame.columns.duplicated()].unique()
    problems = [
        ClaimProblem(file, "the column is given twice: keep one", key=str(column)[:80])
        for column in repeated
    ]
    for column in frame.columns:
        if column in TABLE_COLUMNS:
            continue
        # a name a reader made distinct ("percent.1", as pandas and Arrow's reader do)
        first = re.fullmatch(r"(.+)\.\d+", str(column))
        if first is not None and first[1] in frame.columns and first[1] in TABLE_COLUMNS:
            problems.append(ClaimProblem(file, "the column is given twice: keep one", key=first[1]))
            continue
        problems.append(
            ClaimProblem(
                file, f"unknown column (allowed: {', '.join(TABLE_COLUMNS)})", key=str(column)[:80]
            )
        )
    for needed in ("id", "kind", "quote"):
        if needed not in frame.columns:
            problems.append(
                ClaimProblem(file, f"a claims table needs a '{needed}' column", key=needed)
            )
    return problems


def claim_from_row(row: Mapping[str, Any], file: str, position: int) -> Claim:
    """One table row as a Claim (raises the model's problem for a bad row)."""
    raw: dict[str, Any] = {k: v for k, v in row.items() if isinstance(v, str) and v.strip() != ""}
    raw.pop("source", None)
    kind = raw.get("kind", "")
    if kind not in KIND_KEYS:
        raise _Problem(f"kind must be one of {', '.join(KIND_KEYS)}, got {kind[:40]!r}", "kind")
    if "parts" in raw:
        import re

        raw["parts"] = [p for p in re.split(_PARTS_SPLIT, raw["parts"]) if p]
    if "items" in raw:
        try:
            raw["items"] = int(raw["items"])
        except ValueError:
            raise _Problem("items is a whole number from 1 to 1,000,000", "items") from None
    scope: dict[str, Any] | None = None
    if "scope_code" in raw:
        scope = {"code": raw.pop("scope_code")}
        if "scope_year" in raw:
            try:
                scope["year"] = scope_year(raw.pop("scope_year"))
            except ValueError as error:
                raise _Problem(str(error), "scope_year") from None
    raw.pop("scope_year", None)
    said = raw.pop("inferred", "").strip().lower()
    if said and said not in TRUTHS:
        raise _Problem(
            f"inferred is true or false (yes/no, 是/否, 1/0), got {said[:20]!r}", "inferred"
        )
    inferred = TRUTHS.get(said, False)
    numbers: dict[str, int | None] = {}
    for key in ("offset", "line"):
        text = raw.pop(key, None)
        if text is None:
            numbers[key] = None
        elif text.isdigit() and len(text) < 12:
            numbers[key] = int(text)
        else:
            raise _Problem(f"{key} is a whole number ≥ 0, got {text[:40]!r}", key)
    figures = {k: v for k, v in raw.items() if k not in COMMON_KEYS}
    values = claim_values(kind, figures)
    source = Source(str(row.get("source") or Path(file).stem))
    return Claim(
        id=raw.get("id") or f"row {position}", kind=kind, quote=raw.get("quote", ""), source=source,
        file=file, values=values, indicator=raw.get("indicator"), scope=scope,
        denominator_from=raw.get("denominator_from"), total_from=raw.get("total_from"),
        inferred=inferred, offset=numbers["offset"], line=numbers["line"], note=raw.get("note", ""),
    )  # fmt: skip


def claims_from_table(
    frame: pd.DataFrame, file: str | None = None, positions: np.ndarray | None = None
) -> ClaimsRead:
    """Every row as a Claim (the one-claim path), with a problem for each bad row.

    Rows are numbered as a spreadsheet shows them: the header is row 1.
    """
    name = file or str(frame.attrs.get("file", "<table>"))
    problems = problems_of_columns(frame, name)
    if problems:
        return ClaimsRead([], problems)
    frame = integers_as_text(frame)[0]
    claims: list[Claim] = []
    blank: list[int] = []
    columns = [c for c in TABLE_COLUMNS if c in frame.columns]
    numbers = range(len(frame)) if positions is None else positions.tolist()
    rows = frame[columns].itertuples(index=False, name=None)
    for index, values in zip(numbers, rows, strict=True):
        position = row_number(frame, int(index))
        row = {c: v for c, v in zip(columns, values, strict=True) if isinstance(v, str)}
        typed = [(c, v) for c, v in zip(columns, values, strict=True) if _not_text(v)]
        if not typed and not any(v.strip() for v in row.values()):
            blank.append(int(index))  # a blank row between claims, as spreadsheets have
            continue
        try:
            for column, value in typed[:1]:
                if isinstance(value, (bytes, bytearray)):
                    raise _Problem(
                        f"{bytes(value[:20])!r} is binary data, not text in UTF-8", column,
                        hint="give printed figures as text ('64.8', '2843.1万')",
                    )  # fmt: skip
                if isinstance(value, (list, tuple, dict, np.ndarray)):
                    raise _Problem(
                        f"a cell holds a list or a record ({len(value)} values), not text", column,
                        hint="give each figure as text in its column, and parts as one text "
                        "cell separated by ';' ('71821;70690;-18659')",
                    )  # fmt: skip
                raise _Problem(
                    f"{str(value)[:40]} is a number here, not the figure as printed",
                    column,
                    hint="give printed figures as text ('64.8', '2843.1万'): a number cannot "
                    "say how it was printed (64.8%, 0.648 or 0.6480)",
                )
            if not row.get("quote", "").strip():
                raise _Problem("every claim quotes the text it comes from", "quote")
            claims.append(claim_from_row(row, name, position))
        except _Problem as problem:
            problems.append(
                ClaimProblem(
                    name,
                    problem.message,
                    str(row.get("id", ""))[:80] or None,
                    problem.key,
                    problem.hint,
                    row=position,
                )
            )
    return ClaimsRead(claims, problems, blank)
