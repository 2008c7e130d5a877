"""check_claims on a DataFrame: the fast rows column-wise, the rest one claim at a time."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from partybuild_metrics.claims.check import (
    RESULT_COLUMNS,
    _check_objects,
    mode_masks,
    source_modes_of,
)
from partybuild_metrics.claims.consistency import ALL_MODES
from partybuild_metrics.claims.model import ClaimProblem
from partybuild_metrics.claims.table import (
    _given,
    _text_column,
    check_table_shares,
    claims_from_table,
    problems_of_columns,
)

if TYPE_CHECKING:
    from partybuild_metrics.records.dataset import Dataset

_STR = pd.StringDtype("pyarrow", na_value=np.nan)
_MODE_LISTS = [[m for i, m in enumerate(ALL_MODES) if mask >> i & 1] for mask in range(64)]


def _lookup(values: list[Any], index: np.ndarray) -> np.ndarray:
    table = np.empty(len(values), dtype=object)
    table[:] = values
    found: np.ndarray = table[index]
    return found


def _join(*parts: pa.ChunkedArray | str) -> pa.ChunkedArray:
    typed = [
        pa.scalar(p, pa.large_string()) if isinstance(p, str) else p.cast(pa.large_string())
        for p in parts
    ]
    return pc.binary_join_element_wise(*typed, pa.scalar("", pa.large_string()))


def check_claims_frame(
    frame: pd.DataFrame, mode: str, *, dataset: Dataset | None = None, file: str | None = None
) -> tuple[pd.DataFrame, list[ClaimProblem]]:
    """Results (RESULT_COLUMNS, in the table's row order) and every problem of the table."""
    name = file or str(frame.attrs.get("file", "<table>"))
    problems = problems_of_columns(frame, name)
    if problems:
        return pd.DataFrame(columns=RESULT_COLUMNS), problems
    frame = frame.reset_index(drop=True)
    kinds = _text_column(frame, "kind")
    share = pc.fill_null(pc.equal(kinds, "share"), False).to_numpy(zero_copy_only=False)
    quoted = _given(_text_column(frame, "quote"))
    named = _given(_text_column(frame, "id"))
    verifying = dataset is not None and "indicator" in frame.columns
    if verifying:
        share &= ~_given(_text_column(frame, "indicator"))
    decided = check_table_shares(frame, np.arange(len(frame)))
    fast = decided["fast"] & share & quoted & named
    results = _fast_results(frame, decided, mode, name)
    masks = decided["mask"]
    slow_rows = np.flatnonzero(~fast)
    if len(slow_rows):
        read = claims_from_table(frame.iloc[slow_rows], name, positions=slow_rows)
        problems += read.problems
        slow = _check_objects(read.claims, dataset, mode)
        bad = {problem.row for problem in read.problems}
        slow.index = pd.Index([p for p in slow_rows if int(p) + 2 not in bad], dtype=np.int64)
        fast_rows = np.flatnonzero(fast)
        kept = results.iloc[fast_rows]
        kept.index = fast_rows
        masks = np.concatenate([masks[fast_rows], mode_masks(slow["consistent_modes"])])
        order = np.argsort(np.concatenate([fast_rows, slow.index.to_numpy()]), kind="stable")
        results = pd.concat([kept, slow]).iloc[order].reset_index(drop=True)
        masks = masks[order]
    results["source_modes"] = source_modes_of(results, masks)
    return results, problems


def _strings(array: pa.ChunkedArray | pa.Array) -> pd.arrays.ArrowStringArray:
    chunked = array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])
    return pd.arrays.ArrowStringArray(chunked.cast(pa.large_string()), dtype=_STR)  # type: ignore[call-arg]


def _take(values: list[str], index: np.ndarray) -> pa.Array:
    return pa.array(values, type=pa.large_string()).take(pa.array(index))


@functools.cache
def _message_templates(mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Every message of the column-wise path, in the order of its codes."""
    en: list[str] = []
    zh: list[str] = []
    for verdict in range(3):
        for _under in range(2):
            for mask in range(64):
                modes = _MODE_LISTS[mask]
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
    en_array, zh_array = np.empty(len(en), dtype=object), np.empty(len(zh), dtype=object)
    en_array[:], zh_array[:] = en, zh
    return en_array, zh_array


def _fast_results(
    frame: pd.DataFrame, decided: dict[str, Any], mode: str, name: str
) -> pd.DataFrame:
    """Result columns for every row as the column-wise path decided it (rows it could not
    decide are replaced by the caller)."""
    keep = slice(None)
    rows = frame.index
    mask = decided["mask"][keep]
    code = decided["verdict_code"][keep]
    under = (mask & (1 << ALL_MODES.index(mode))) > 0
    verdict_code = np.where(code == 2, 2, np.where(under, 0, 1))
    part = frame
    text = {
        c: _text_column(part, c)
        for c in ("id", "quote", "numerator", "denominator", "percent")
        if c in part.columns
    }
    empty = pa.scalar("", pa.large_string())
    n_given = _given(text["numerator"]) if "numerator" in text else np.zeros(len(rows), dtype=bool)
    numerator = (
        pc.if_else(
            pa.array(n_given),
            text["numerator"].cast(pa.large_string()),
            pa.scalar("?", pa.large_string()),
        )
        if "numerator" in text
        else pa.chunked_array([pa.array(["?"] * len(rows), pa.large_string())])
    )
    percent = text["percent"].cast(pa.large_string())
    sign = pc.if_else(
        pc.match_substring_regex(percent, r"\d$"), pa.scalar("%", pa.large_string()), empty
    )
    printed = _join(percent, sign)
    published = _join(numerator, "/", text["denominator"], " = ", printed)
    decimals = decided["decimals"][keep]
    # Messages from templates (no figure inside: the row's figures are in `published`), as
    # categoricals: a code per row instead of a string per row.
    message = ((verdict_code * 2 + under) * 64 + mask) * 4 + np.minimum(decimals, 3)
    en, zh = _message_templates(mode)
    good = under & (code == 0)
    witness_n = pd.arrays.IntegerArray(np.where(good, decided["witness_n"][mode][keep], 0), ~good)
    witness_d = pd.arrays.IntegerArray(np.where(good, decided["witness_d"][mode][keep], 0), ~good)
    scale = 10.0**decimals
    mantissa = decided["mantissa"][keep]
    low, high = _interval(mantissa, decimals, mode)
    n_exact, d_exact = decided["n_exact"][keep], decided["d_exact"][keep]
    n_low, d_low = decided["n_low"][keep], decided["d_low"][keep]
    safe_d = np.maximum(d_low, 1)
    nearest = _round_half_even(mantissa * d_low, 100 * 10**decimals)
    figures = n_exact & d_exact & (d_low > 0)
    near = d_exact & ~n_given & (d_low > 0)
    against = np.where(
        figures, n_low * 100.0 / safe_d, np.where(near, nearest * 100.0 / safe_d, np.nan)
    )
    against_from = _take(
        ["", "figures", "nearest"], np.where(figures, 1, np.where(near, 2, 0)).astype(np.int8)
    )
    source = _text_column(part, "source") if "source" in part.columns else None
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    columns: dict[str, Any] = {
        "id": _strings(text["id"]),
        "source": _strings(pc.fill_null(source.cast(pa.large_string()), stem))
        if source is not None
        else stem,
        "kind": "share",
        "verdict": _strings(_take(["consistent", "inconsistent", "not_testable"], verdict_code)),
        "consistent_modes": pd.Series(_lookup(_MODE_LISTS, mask), dtype=object, copy=False),
        "source_modes": None,
        "verification": "",
        "published": _strings(published),
        "recomputed": "",
        "message_en": pd.Series(en[message], dtype=object, copy=False),
        "message_zh": pd.Series(zh[message], dtype=object, copy=False),
        "quote": _strings(text["quote"]),
        "file": name,
        "rounding_matters": True,
        "figure": "percent",
        "printed_value": mantissa / scale,
        "step": 1.0 / scale,
        "interval_low": low,
        "interval_high": high,
        "against": against,
        "against_from": _strings(against_from),
        "witness_numerator": witness_n,
        "witness_denominator": witness_d,
    }
    return pd.DataFrame(columns, columns=RESULT_COLUMNS)


def _or_none(values: np.ndarray) -> np.ndarray:
    """Integers as Python ints, -1 as None (an object column, like the one-claim path's)."""
    out = values.astype(object)
    out[values < 0] = None
    return out


def _round_half_even(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    quotient, rest = np.divmod(numerator, denominator)
    up = (2 * rest > denominator) | ((2 * rest == denominator) & (quotient % 2 == 1))
    rounded: np.ndarray = quotient + up
    return rounded


def _interval(
    mantissa: np.ndarray, decimals: np.ndarray, mode: str
) -> tuple[np.ndarray, np.ndarray]:
    from partybuild_metrics.claims.table import _mode_bounds

    low, high, _, _ = _mode_bounds(mantissa, mode)
    scale = 10.0 ** (decimals + 1)
    return low / scale, high / scale
