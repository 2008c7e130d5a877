"""check_claims on a DataFrame: share rows column-wise, the rest one claim at a time.

The result is built column by column from the arrays :mod:`~partybuild_metrics.claims.shares`
fills: repeated text as categoricals (a code per row), messages from templates, witnesses
as integer columns, and the rows of the one-claim path written into their places.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from partybuild_metrics.claims.check import (
    RESULT_COLUMNS,
    _check_objects,
    categorical,
    empty_results,
    habits_of,
    mode_masks,
    unknown_indicators,
    used_codes,
)
from partybuild_metrics.claims.consistency import ALL_MODES, MODE_LISTS
from partybuild_metrics.claims.figures import bools, not_blank, text_column
from partybuild_metrics.claims.model import TRUTHS
from partybuild_metrics.claims.problems import ClaimProblem
from partybuild_metrics.claims.shares import CHUNK, SharesDecided, decide_shares
from partybuild_metrics.claims.table import (
    FIGURE_COLUMNS,
    claims_from_table,
    integers_as_text,
    problems_of_columns,
    row_number,
    skipped_rows,
    without_unnamed,
)
from partybuild_metrics.claims.threads import spare_threads

if TYPE_CHECKING:
    from partybuild_metrics.records.dataset import Dataset

_STR = pd.StringDtype("pyarrow", na_value=np.nan)
_VERDICTS = ["consistent", "inconsistent", "not_testable"]
_AGAINST_FROM = ["", "figures", "nearest"]
_SHARE_KEYS = ("numerator", "denominator", "percent")
_END = 1 << 62  # a slice starting here starts after a cell's last byte


def _candidates(texts: dict[str, pa.ChunkedArray], verifying: bool) -> np.ndarray:
    """Share rows with an id and a quote whose other cells the one-claim path accepts as they are.

    Any other row, and any row with a cell that might be a problem (a figure of another
    kind, a malformed offset, a scope year in words), goes the one-claim way.
    """
    ok = bools(pc.equal(texts["kind"], "share"))
    ok &= not_blank(texts["quote"]) & not_blank(texts["id"])
    if verifying and "indicator" in texts:
        ok &= ~not_blank(texts["indicator"])
    for column in set(FIGURE_COLUMNS) - set(_SHARE_KEYS) & set(texts):
        ok &= ~not_blank(texts[column])
    for column in set(("offset", "line")) & set(texts):
        text = texts[column]
        digits = pc.and_(pc.ascii_is_decimal(text), pc.less(pc.binary_length(text), 12))
        ok &= bools(digits) | ~not_blank(text)
    if "inferred" in texts:  # a word the one-claim path does not know is its problem
        said = pc.utf8_lower(pc.utf8_trim_whitespace(texts["inferred"]))
        known = pc.fill_null(pc.is_in(said, value_set=pa.array(list(TRUTHS))), False)
        ok &= bools(known) | ~not_blank(texts["inferred"])
    if "scope_code" in texts and "scope_year" in texts:
        text = texts["scope_year"]
        plain = pc.fill_null(
            pc.and_(pc.ascii_is_decimal(text), pc.equal(pc.binary_length(text), 4)), False
        )
        year = pc.if_else(plain, text, "0").cast(pa.int64())
        in_range = pc.and_(pc.greater_equal(year, 1900), pc.less_equal(year, 2200))
        ok &= bools(in_range) | ~not_blank(text) | ~not_blank(texts["scope_code"])
    return ok


def check_claims_frame(
    frame: pd.DataFrame, mode: str, *, dataset: Dataset | None = None, file: str | None = None
) -> tuple[pd.DataFrame, list[ClaimProblem]]:
    """Results (RESULT_COLUMNS, in the table's row order) and every problem of the table."""
    name = file or str(frame.attrs.get("file", "<table>"))
    frame, asides = without_unnamed(frame, name)
    asides = skipped_rows(frame, name) + asides
    problems = asides + problems_of_columns(frame, name)
    if len(problems) > len(asides):
        return empty_results(), problems
    frame, typed = integers_as_text(frame.reset_index(drop=True))
    threads = spare_threads() if len(frame) > CHUNK else 1
    texts = {column: text_column(frame, column) for column in frame.columns}
    verifying = dataset is not None
    candidates = np.empty(len(frame), dtype=bool)
    published: dict[int, pa.ChunkedArray] = {}

    def also(rows: slice) -> None:  # the other columns of a chunk's rows
        chunk = {
            column: text.slice(rows.start, rows.stop - rows.start) for column, text in texts.items()
        }
        candidates[rows] = _candidates(chunk, verifying)
        published[rows.start] = _published(chunk, rows.stop - rows.start)

    with ThreadPoolExecutor(max_workers=threads) if threads > 1 else nullcontext() as pool:
        decided = decide_shares(frame, mode, pool, also)
    np.logical_and(decided.fast, candidates & ~typed, out=decided.fast)
    slow_rows = np.flatnonzero(~decided.fast)
    if len(slow_rows) == len(frame):
        read = claims_from_table(frame, name)
        problems += read.problems + unknown_indicators(read.claims, dataset)
        return _check_objects(read.claims, dataset, mode), problems
    joined = [chunk for start in sorted(published) for chunk in published[start].chunks]
    columns = _Columns(frame, decided, mode, name, pa.chunked_array(joined, pa.large_string()))
    if len(slow_rows):
        read = claims_from_table(frame.iloc[slow_rows], name, positions=slow_rows)
        problems += read.problems + unknown_indicators(read.claims, dataset)
        position_of = {row_number(frame, int(i)): int(i) for i in slow_rows}
        bad = np.array(
            [position_of[p.row] for p in read.problems if p.row in position_of] + list(read.blank),
            dtype=np.int64,
        )
        kept = np.setdiff1d(slow_rows, bad)
        columns.replace(kept, _check_objects(read.claims, dataset, mode))
        columns.drop(bad)
    return columns.frame(), problems


def _strings(array: pa.ChunkedArray | pa.Array) -> pd.arrays.ArrowStringArray:
    chunked = array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])
    if chunked.type != pa.large_string():
        chunked = chunked.cast(pa.large_string())
    return pd.arrays.ArrowStringArray(chunked, dtype=_STR)  # type: ignore[call-arg]


def _objects(values: Sequence[Any], index: np.ndarray) -> np.ndarray:
    table = np.empty(len(values), dtype=object)
    table[:] = values
    found: np.ndarray = table[index]
    return found


@functools.cache
def _message_templates(mode: str) -> tuple[list[str], list[str]]:
    """Every message of the column-wise path, by code ((verdict·2 + under)·64 + mask)·4 + places."""
    en: list[str] = []
    zh: list[str] = []
    for verdict in range(3):
        for _under in range(2):
            for mask in range(64):
                modes = MODE_LISTS[mask]
                for places in range(4):
                    if verdict == 2:
                        en.append(
                            f"the denominator is so large that every {places}-decimal percent is possible"
                        )
                        zh.append(f"分母过大,任何{places}位小数的百分比都可能出现")
                    elif verdict == 1 and not modes:
                        en.append(
                            "the percent cannot come from these counts under any rounding mode"
                        )
                        zh.append("在任何舍入方式下,该百分比都不能由这些数得到")
                    elif verdict == 1:
                        en.append(f"not under {mode}; fits under {', '.join(modes)}")
                        zh.append(f"按{mode}不一致;在{'、'.join(modes)}下一致")
                    else:
                        en.append(f"fits under {', '.join(modes)}")
                        zh.append(f"在{'、'.join(modes)}下一致")
    return en, zh


def _naming_the_percent(
    frame: pd.DataFrame, message: np.ndarray, no_mode: np.ndarray, en: list[str], zh: list[str]
) -> tuple[np.ndarray, list[str], list[str]]:
    """The message of a percent no mode gives names it, as the one-claim path words it
    ("21.4 cannot come from these counts…"): a template for each distinct percent printed."""
    rows = np.flatnonzero(no_mode)
    if not len(rows):
        return message, en, zh
    encoded = pc.dictionary_encode(text_column(frame, "percent").take(pa.array(rows)))
    encoded = encoded.combine_chunks()
    printed = [str(p) for p in encoded.dictionary.to_pylist()]
    message = message.astype(np.int32)
    message[rows] = len(en) + encoded.indices.to_numpy(zero_copy_only=False)
    en = en + [f"{p} cannot come from these counts under any rounding mode" for p in printed]
    zh = zh + [f"在任何舍入方式下,{p}都不能由这些数得到" for p in printed]
    return message, en, zh


class _Columns:
    """The result columns of every row as the column-wise path decided it, to which the
    rows of the one-claim path are then written (``replace``) and bad rows dropped."""

    def __init__(
        self,
        frame: pd.DataFrame,
        decided: SharesDecided,
        mode: str,
        name: str,
        published: pa.ChunkedArray,
    ) -> None:
        rows = len(frame)
        zeros = np.zeros(rows, dtype=np.int8)
        verdict, mask = decided.verdict, decided.mask
        under = (mask >> ALL_MODES.index(mode)) & 1
        message = ((verdict.astype(np.int16) * 2 + under) * 64 + mask) * 4 + np.minimum(
            decided.decimals, 3
        )
        en, zh = _message_templates(mode)
        no_mode = decided.fast & (verdict == 1) & (mask == 0)  # other rows are replaced
        message, en, zh = _naming_the_percent(frame, message, no_mode, en, zh)
        stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        self.codes: dict[str, tuple[np.ndarray, list[str]]] = {
            "source": _sources(frame, stem),
            "kind": (zeros, ["share"]),
            "verdict": (verdict, list(_VERDICTS)),
            "verification": (zeros, [""]),
            "recomputed": (zeros, [""]),
            "message_en": (message, en),
            "message_zh": (message, zh),
            "file": (zeros, [name]),
            "figure": (zeros, ["percent"]),
            "against_from": (decided.against_from, list(_AGAINST_FROM)),
        }
        self.strings: dict[str, pa.ChunkedArray] = {
            "id": text_column(frame, "id"),
            "published": published,
            "quote": text_column(frame, "quote"),
        }
        good = verdict == 0
        self.numbers: dict[str, np.ndarray] = {
            "rounding_matters": np.ones(rows, dtype=bool),
            "printed_value": decided.printed_value,
            "step": decided.step,
            "interval_low": decided.interval_low,
            "interval_high": decided.interval_high,
            "against": decided.against,
        }
        self.witnesses: dict[str, tuple[np.ndarray, np.ndarray]] = {
            "witness_numerator": (decided.witness_n, ~good),
            "witness_denominator": (decided.witness_d, ~good),
        }
        self.modes = decided.modes
        self.masks = mask.copy()
        self.keep: np.ndarray | None = None

    def replace(self, rows: np.ndarray, results: pd.DataFrame) -> None:
        """Write the one-claim path's results into ``rows``."""
        if not len(rows):
            return
        for column, (codes, texts) in self.codes.items():
            found, distinct = pd.factorize(results[column].astype(object))
            codes = codes.astype(np.int32) if len(texts) + len(distinct) > 127 else codes.copy()
            codes[rows] = found + len(texts)
            self.codes[column] = (codes, texts + [str(v) for v in distinct])
        for column, text in self.strings.items():
            replaced = np.zeros(len(self.modes), dtype=bool)
            replaced[rows] = True
            self.strings[column] = pc.replace_with_mask(
                text, pa.array(replaced), pa.array(list(results[column]), text.type)
            )
        for column, values in self.numbers.items():
            values = values.copy()
            values[rows] = results[column].to_numpy(dtype=values.dtype)
            self.numbers[column] = values
        for column, (numbers, missing) in self.witnesses.items():
            numbers, missing = numbers.copy(), missing.copy()
            found_values = results[column]
            if found_values.dtype == object:  # beyond int64: the whole column holds Python ints
                numbers = numbers.astype(object)
            missing[rows] = found_values.isna().to_numpy()
            numbers[rows] = found_values.astype(object).where(~found_values.isna(), 0).to_numpy()
            self.witnesses[column] = (numbers, missing)
        self.modes[rows] = _objects(list(results["consistent_modes"]), np.arange(len(rows)))
        self.masks[rows] = mode_masks(results["consistent_modes"])

    def drop(self, rows: np.ndarray) -> None:
        """Leave out ``rows`` (the rows with a problem)."""
        if len(rows):
            self.keep = np.ones(len(self.modes), dtype=bool)
            self.keep[rows] = False

    def frame(self) -> pd.DataFrame:
        keep = self.keep

        def kept(values: np.ndarray) -> np.ndarray:
            return values if keep is None else values[keep]

        columns: dict[str, Any] = {}
        used: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # the messages share their codes
        for column, (codes, texts) in self.codes.items():
            if len(texts) == 1:
                columns[column] = categorical(kept(codes), texts)
                continue
            if id(codes) not in used:
                used[id(codes)] = (kept(codes), used_codes(kept(codes), len(texts)))
            found, seen = used[id(codes)]
            columns[column] = categorical(found, texts, seen)
        for column, text in self.strings.items():
            columns[column] = _strings(text if keep is None else text.filter(pa.array(keep)))
        for column, values in self.numbers.items():
            columns[column] = kept(values)
        for column, (numbers, missing) in self.witnesses.items():
            if numbers.dtype == object:
                cells = kept(numbers).copy()
                cells[kept(missing)] = None
                columns[column] = cells
            else:
                columns[column] = pd.arrays.IntegerArray(kept(numbers), kept(missing))
        columns["consistent_modes"] = kept(self.modes)
        codes, verdicts = self.codes["verdict"]
        testable = np.array([verdict != "not_testable" for verdict in verdicts])
        counted = testable[kept(codes)] & columns["rounding_matters"]
        columns["source_modes"] = habits_of(columns["source"], kept(self.masks), counted)
        return pd.DataFrame(columns, columns=RESULT_COLUMNS, copy=False)


def _sources(frame: pd.DataFrame, stem: str) -> tuple[np.ndarray, list[str]]:
    """Each row's source as a code: the source column where it is not empty, else the file's stem."""
    if "source" not in frame.columns:
        return np.zeros(len(frame), dtype=np.int8), [stem]
    text = text_column(frame, "source")
    encoded = pc.dictionary_encode(
        pc.if_else(pc.fill_null(pc.greater(pc.binary_length(text), 0), False), text, stem)
    ).combine_chunks()
    codes: np.ndarray = encoded.indices.to_numpy(zero_copy_only=False)
    return codes, [str(v) for v in encoded.dictionary.to_pylist()]


def _published(texts: dict[str, pa.ChunkedArray], rows: int) -> pa.ChunkedArray:
    """ "133/205 = 64.8%" for each row (a numerator not printed is "?").

    A percent not ending in "%" gets one (on the rows decided here it ends in a digit
    otherwise). Blank numerators become nulls in place (a validity bitmap on the same
    text) for the join to print as "?".
    """
    text_type = pa.large_string()

    def text(column: str) -> pa.ChunkedArray:
        if column not in texts:
            return pa.chunked_array([pa.repeat(pa.scalar("", text_type), rows)], text_type)
        return texts[column]

    numerator, percent = text("numerator"), text("percent")
    numerator = pa.chunked_array([_blank_as_null(chunk) for chunk in numerator.chunks], text_type)
    signed = pc.fill_null(pc.ends_with(percent, "%"), True)
    if not pc.all(signed).as_py():
        appended = pc.binary_replace_slice(percent, _END, _END, "%")  # after the last byte
        percent = pc.if_else(signed, percent, appended) if pc.any(signed).as_py() else appended
    # two joins of two parts each: Arrow's join costs by the part, and one join of five
    # (the separators as parts) took a quarter longer
    fraction = pc.binary_join_element_wise(
        numerator, text("denominator"), pa.scalar("/", text_type), null_handling="replace",
        null_replacement="?",
    )  # fmt: skip
    joined: pa.ChunkedArray = pc.binary_join_element_wise(
        fraction, percent, pa.scalar(" = ", text_type), null_handling="replace",
        null_replacement="?",
    )  # fmt: skip
    return joined


def _blank_as_null(array: pa.Array) -> pa.Array:
    """The same cells, the empty ones null (no text copied)."""
    rows = len(array)
    offsets = np.frombuffer(array.buffers()[1], np.int64, count=rows + 1, offset=array.offset * 8)
    filled = offsets[1:] > offsets[:-1]
    if array.null_count:
        filled &= bools(array.is_valid())
    if filled.all():
        return array
    bitmap = np.packbits(np.concatenate([np.zeros(array.offset, bool), filled]), bitorder="little")
    return pa.Array.from_buffers(
        array.type, rows, [pa.py_buffer(bitmap), *array.buffers()[1:]], offset=array.offset
    )
