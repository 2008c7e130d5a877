"""check_claims on a DataFrame: the fast rows column-wise, the rest one claim at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from partybuild_metrics.claims.check import RESULT_COLUMNS, _check_objects, _source_modes
from partybuild_metrics.claims.consistency import ALL_MODES
from partybuild_metrics.claims.model import ClaimProblem
from partybuild_metrics.claims.table import (
    _text_column,
    check_table_shares,
    claims_from_table,
    problems_of_columns,
)

if TYPE_CHECKING:
    from partybuild_metrics.records.dataset import Dataset

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
    quoted = pc.is_valid(_text_column(frame, "quote")).to_numpy(zero_copy_only=False)
    named = pc.is_valid(_text_column(frame, "id")).to_numpy(zero_copy_only=False)
    verifying = dataset is not None and "indicator" in frame.columns
    if verifying:
        share &= ~pc.is_valid(_text_column(frame, "indicator")).to_numpy(zero_copy_only=False)
    candidates = np.flatnonzero(share & quoted & named)
    decided = check_table_shares(frame, candidates)
    fast_rows = candidates[decided["fast"]]
    slow_rows = np.setdiff1d(np.arange(len(frame)), fast_rows, assume_unique=True)
    pieces: list[pd.DataFrame] = []
    if len(slow_rows):
        read = claims_from_table(frame.iloc[slow_rows], name, positions=slow_rows)
        problems += read.problems
        slow = _check_objects(read.claims, dataset, mode)
        good = np.array(
            [p for p in slow_rows if (p + 2) not in {q.row for q in read.problems}], dtype=np.int64
        )
        slow.index = good
        pieces.append(slow)
    if len(fast_rows):
        fast = _fast_results(frame, fast_rows, decided, mode, name)
        fast.index = fast_rows
        pieces.append(fast)
    if not pieces:
        return pd.DataFrame(columns=RESULT_COLUMNS), problems
    results = pd.concat(pieces) if len(pieces) > 1 else pieces[0]
    results = results.sort_index().reset_index(drop=True)
    results["source_modes"] = _source_modes(results)
    return results, problems


def _fast_results(
    frame: pd.DataFrame, rows: np.ndarray, decided: dict[str, Any], mode: str, name: str
) -> pd.DataFrame:
    keep = decided["fast"]
    mask = decided["mask"][keep]
    code = decided["verdict_code"][keep]
    bit = 1 << ALL_MODES.index(mode)
    under = (mask & bit) > 0
    verdict_code = np.where(code == 2, 2, np.where(under, 0, 1))
    verdicts = _lookup(["consistent", "inconsistent", "not_testable"], verdict_code)
    part = frame.iloc[rows]
    text = {
        c: _text_column(part, c)
        for c in ("id", "quote", "numerator", "denominator", "percent")
        if c in part.columns
    }
    numerator = (
        pc.fill_null(text["numerator"], "?")
        if "numerator" in text
        else pa.chunked_array([pa.array(["?"] * len(rows))])
    )
    percent = text["percent"]
    sign = pc.if_else(
        pc.match_substring_regex(percent, r"\d$"),
        pa.scalar("%", pa.large_string()),
        pa.scalar("", pa.large_string()),
    )
    printed = _join(percent, sign)
    published = _join(numerator, "/", text["denominator"], " = ", printed)
    modes_en = _lookup([", ".join(m) for m in _MODE_LISTS], mask)
    modes_zh = _lookup(["、".join(m) for m in _MODE_LISTS], mask)
    message_en = np.where(verdict_code == 0, "fits under " + modes_en.astype(str), "")
    message_zh = np.where(verdict_code == 0, "在" + modes_zh.astype(str) + "下一致", "")
    printed_np = np.asarray(printed.to_numpy(zero_copy_only=False), dtype=str)
    denominator_np = np.asarray(text["denominator"].to_numpy(zero_copy_only=False), dtype=str)
    none_fits = code == 1
    message_en = np.where(
        none_fits, printed_np + " cannot come from these counts under any rounding mode", message_en
    )
    message_zh = np.where(
        none_fits, "在任何舍入方式下," + printed_np + "都不能由这些数得到", message_zh
    )
    other = (code == 0) & ~under
    message_en = np.where(
        other, f"not under {mode}; fits under " + modes_en.astype(str), message_en
    )
    message_zh = np.where(other, f"按{mode}不一致;在" + modes_zh.astype(str) + "下一致", message_zh)
    decimals = decided["decimals"][keep]
    untestable = code == 2
    message_en = np.where(
        untestable,
        "denominator "
        + denominator_np
        + " is so large that every "
        + decimals.astype(str)
        + "-decimal percent is possible",
        message_en,
    )
    message_zh = np.where(
        untestable,
        "分母" + denominator_np + "过大,任何" + decimals.astype(str) + "-decimal的百分比都可能出现",
        message_zh,
    )
    witness_n = np.where(under & (code == 0), decided["witness_n"][mode][keep], -1)
    witness_d = np.where(under & (code == 0), decided["witness_d"][mode][keep], -1)
    scale = 10.0**decimals
    mantissa = decided["mantissa"][keep]
    low, high = _interval(mantissa, decimals, mode)
    n_exact, d_exact = decided["n_exact"][keep], decided["d_exact"][keep]
    n_low, d_low = decided["n_low"][keep], decided["d_low"][keep]
    safe_d = np.maximum(d_low, 1)
    nearest = _round_half_even(mantissa * d_low, 100 * 10**decimals)
    against = np.where(
        n_exact & d_exact,
        n_low * 100.0 / safe_d,
        np.where(d_exact, nearest * 100.0 / safe_d, np.nan),
    )
    against_from = np.where(
        n_exact & d_exact, "figures", np.where(d_exact & ~n_exact, "nearest", "")
    )
    against_from = np.where(d_exact & ~n_exact & (n_low > 0), "", against_from)
    against = np.where(against_from == "", np.nan, against)
    result = pd.DataFrame(
        {
            "id": text["id"].to_numpy(zero_copy_only=False),
            "source": part["source"].to_numpy()
            if "source" in part.columns
            else name.rsplit("/", 1)[-1].rsplit(".", 1)[0],
            "kind": "share",
            "verdict": verdicts,
            "consistent_modes": _lookup(_MODE_LISTS, mask),
            "source_modes": None,
            "verification": "",
            "published": published.to_numpy(zero_copy_only=False),
            "recomputed": "",
            "message_en": message_en,
            "message_zh": message_zh,
            "quote": text["quote"].to_numpy(zero_copy_only=False),
            "file": name,
            "rounding_matters": True,
            "figure": "percent",
            "printed_value": mantissa / scale,
            "step": 1.0 / scale,
            "interval_low": low,
            "interval_high": high,
            "against": against,
            "against_from": against_from,
            "witness_numerator": _or_none(witness_n),
            "witness_denominator": _or_none(witness_d),
        },
        columns=RESULT_COLUMNS,
    )
    return result


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
