"""Claims as a table, one row per claim, checked column-wise.

A table has the YAML keys as columns (id, kind, quote, numerator, denominator, percent,
value, n, items, parts, total, part, whole, before, after, change_points, previous,
current, increase, rate, source, indicator, scope_code, scope_year, denominator_from,
total_from, inferred, offset, line, note); printed numbers are text. Share claims whose
figures are plain digits, digits with 万, and percents with up to three decimals are
decided with numpy over int64 (exact integer arithmetic on the bounds, no float enters
a decision, every product kept below 2**63); every other row — Chinese numerals,
qualifiers, other kinds, numbers too large for int64 — goes through the one-claim path.
Both give the same verdicts, modes and witnesses (a property test holds them to it).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from partybuild_metrics.claims.consistency import ALL_MODES
from partybuild_metrics.claims.lattice import Witness
from partybuild_metrics.claims.model import (
    COMMON_KEYS,
    KIND_KEYS,
    Claim,
    ClaimProblem,
    ClaimsRead,
    Source,
    _Problem,
    claim_values,
    scope_year,
)
from partybuild_metrics.claims.numbers import Interval
from partybuild_metrics.claims.published import rounds_to_step
from partybuild_metrics.claims.sources import decode

FIGURE_COLUMNS: Final = tuple(
    dict.fromkeys(k for keys in KIND_KEYS.values() for part in keys for k in part)
)
TABLE_COLUMNS: Final = (
    "id", "kind", "quote", *FIGURE_COLUMNS, "source", "indicator", "scope_code", "scope_year",
    "denominator_from", "total_from", "inferred", "offset", "line", "note",
)  # fmt: skip
"""The columns a claims table may have."""
TABLE_SUFFIXES: Final = (".csv", ".xlsx", ".xls", ".parquet")
MAX_ROWS: Final = 20_000_000
_MAX: Final = 10**11  # counts up to this stay in int64 through every product below
_PARTS_SPLIT: Final = r"\s*(?:;|；|、|\+)\s*"


def read_claims_table(path: str | Path) -> pd.DataFrame:
    """A claims table from CSV (UTF-8 or GBK), XLSX or Parquet, every column as text.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp(); path = os.path.join(folder, "c.csv")
    >>> _ = open(path, "w", encoding="gbk").write("id,kind,quote,numerator,denominator,percent\\na,share,占比,133,205,64.8\\n")
    >>> read_claims_table(path).loc[0, "quote"]
    '占比'
    """
    from partybuild_metrics.claims.model import ClaimFileError

    name = str(path)
    suffix = Path(path).suffix.lower()
    try:
        if suffix == ".csv":
            try:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False, engine="pyarrow")
            except (UnicodeDecodeError, ValueError, pa.ArrowException):
                # not UTF-8: GBK / GB18030 as Excel saves it on Chinese Windows, or UTF-16
                text = decode(Path(path).read_bytes(), name)
                frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        elif suffix in (".xlsx", ".xls"):
            frame = pd.read_excel(path, dtype=str, engine="calamine", keep_default_na=False)
        elif suffix == ".parquet":
            frame = pd.read_parquet(path).astype(str)
        else:
            raise ClaimFileError(
                name, f"is not a claims table (expected {', '.join(TABLE_SUFFIXES)})"
            )
    except ClaimFileError:
        raise
    except (OSError, ValueError, pa.ArrowException, UnicodeDecodeError) as error:
        raise ClaimFileError(
            name, f"cannot be read as a claims table ({str(error)[:200]})"
        ) from None
    except Exception as error:  # a broken workbook or Parquet file: whatever its reader raises
        raise ClaimFileError(
            name, f"cannot be read as a claims table ({type(error).__name__})"
        ) from None
    if len(frame) > MAX_ROWS:
        raise ClaimFileError(name, f"has more than {MAX_ROWS:,} rows")
    frame.attrs["file"] = name
    return frame


def _text_column(frame: pd.DataFrame, column: str) -> pa.ChunkedArray:
    """A column as an Arrow string array (no copy when it already is one); blanks stay "" or null."""
    values = frame[column]
    if isinstance(values.array, pd.arrays.ArrowStringArray):
        return pa.chunked_array(values.array.__arrow_array__())
    strings = values.astype(object).where(values.notna(), None).to_numpy(dtype=object)
    return pa.chunked_array(
        [pa.array([None if v is None else str(v).strip() for v in strings], type=pa.string())]
    )


def _given(array: pa.ChunkedArray) -> np.ndarray:
    """Cells that hold text (not null, not empty)."""
    found: np.ndarray = pc.fill_null(pc.greater(pc.binary_length(array), 0), False).to_numpy(
        zero_copy_only=False
    )
    return found


def _digits(array: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray:
    """Non-empty strings of ASCII digits only (full-width digits go the one-claim way)."""
    return pc.fill_null(
        pc.and_(pc.ascii_is_decimal(array), pc.greater(pc.binary_length(array), 0)), False
    )


def _decimal_parts(body: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray, np.ndarray]:
    """Digits without the point, digits after it, digits before it."""
    digits = pc.replace_substring(body, ".", "", max_replacements=1)
    dot = pc.fill_null(pc.find_substring(body, "."), -1).to_numpy(zero_copy_only=False)
    size = pc.fill_null(pc.binary_length(body), 0).to_numpy(zero_copy_only=False)
    decimals = np.where(dot >= 0, size - dot - 1, 0).astype(np.int64)
    whole = np.where(dot >= 0, dot, size).astype(np.int64)
    return digits, decimals, whole


def _counts(array: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Plain counts and counts in 万: (fast, present, low, high) as int64, for the rows it can read."""
    present = _given(array)
    plain_np = (_digits(array).to_numpy(zero_copy_only=False)
                & (pc.fill_null(pc.binary_length(array), 0).to_numpy(zero_copy_only=False) <= 11))  # fmt: skip
    low = np.zeros(len(present), dtype=np.int64)
    high = np.zeros(len(present), dtype=np.int64)
    if plain_np.any():
        values = pc.cast(pc.if_else(pa.array(plain_np), array, "0"), pa.int64()).to_numpy(
            zero_copy_only=False
        )
        low = np.where(plain_np, values, low)
        high = np.where(plain_np, values, high)
    ends = pc.fill_null(pc.ends_with(array, "万"), False).to_numpy(zero_copy_only=False)
    wan_np = np.zeros(len(present), dtype=bool)
    if ends.any():
        body = pc.utf8_slice_codeunits(array, 0, -1)
        digits, decimals, whole = _decimal_parts(body)
        wan_np = (
            ends
            & _digits(digits).to_numpy(zero_copy_only=False)
            & (decimals <= 3)
            & (whole >= 1)
            & (whole <= 7)
        )
        wan_np &= (decimals >= 1) | (
            pc.fill_null(pc.find_substring(body, "."), -1).to_numpy(zero_copy_only=False) < 0
        )
        mantissa = pc.cast(pc.if_else(pa.array(wan_np), digits, "0"), pa.int64()).to_numpy(
            zero_copy_only=False
        )
        step = 10 ** (4 - decimals)
        value = mantissa * step
        half = step // 2  # step ≥ 10: the interval [value − step/2, value + step/2] is closed
        low = np.where(wan_np, value - half, low)
        high = np.where(wan_np, value + half, high)
    return plain_np | wan_np, present, low, high


def _percents(array: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Printed percents with up to three decimals: (fast, present, mantissa, decimals)."""
    present = _given(array)
    body = pc.utf8_rtrim(array, "%")
    digits, decimals, whole = _decimal_parts(body)
    has_dot = pc.fill_null(pc.find_substring(body, "."), -1).to_numpy(zero_copy_only=False) >= 0
    fast_np = (
        _digits(digits).to_numpy(zero_copy_only=False)
        & (decimals <= 3) & (whole >= 1) & (whole <= 3) & (~has_dot | (decimals >= 1))
    )  # fmt: skip
    mantissa = pc.cast(pc.if_else(pa.array(fast_np), digits, "0"), pa.int64()).to_numpy(
        zero_copy_only=False
    )
    return fast_np, present, mantissa, decimals


def _floor_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.floor_divide(a, b)
    return result


def _ceil_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    result: np.ndarray = -np.floor_divide(-a, b)
    return result


def _mode_bounds(
    mantissa: np.ndarray, mode: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The rounding interval of each printed percent, in units of a tenth of its last digit.

    Returns (low, high, low_open, high_open) for printed values ≥ 0.
    """
    ten = mantissa * 10
    ones = np.ones_like(mantissa, dtype=bool)
    zeros = ~ones
    if mode == "half_up":
        return ten - 5, ten + 5, zeros, ones
    if mode == "half_down":
        return ten - 5, ten + 5, ones, zeros
    if mode == "half_even":
        odd = mantissa % 2 == 1
        return ten - 5, ten + 5, odd, odd
    if mode in ("truncate", "floor"):
        truncated = np.where(mantissa == 0, -10, ten)  # truncating 0.0 takes (−0.1, 0.1) for 0
        return truncated, ten + 10, mantissa == 0, ones
    return ten - 10, ten, ones, zeros  # ceiling


def _share_mode(
    n_low: np.ndarray, n_high: np.ndarray, d_low: np.ndarray, d_high: np.ndarray,
    mantissa: np.ndarray, decimals: np.ndarray, mode: str,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """One mode over every fast row: (ok, undecided, witness_d, witness_n_low, witness_n_high)."""
    low, high, low_open, high_open = _mode_bounds(mantissa, mode)
    scale = 10 ** (decimals + 3)  # n/d ≥ low / scale, the percent's tenths of last digits
    # clip the target to [0, 1]: 0 ≤ n ≤ d
    neg = low < 0
    low, low_open = np.where(neg, 0, low), np.where(neg, False, low_open)
    over = high > scale
    high, high_open = np.where(over, scale, high), np.where(over, False, high_open)
    empty = (
        (low > high)
        | ((low == high) & (low_open | high_open))
        | (low > scale)
        | ((low == scale) & low_open)
    )
    safe_high = np.maximum(high, 1)
    # d from which n_low is reachable (high·d/scale ≥ n_low), up to which n_high is (low·d/scale ≤ n_high)
    first = np.where(
        n_low > 0,
        np.where(
            high_open, _floor_div(n_low * scale, safe_high) + 1, _ceil_div(n_low * scale, safe_high)
        ),
        d_low,
    )
    first = np.maximum(first, np.maximum(d_low, 1))
    first = np.where((n_low > 0) & (high == 0), np.iinfo(np.int64).max // 4, first)
    safe_low = np.maximum(low, 1)
    top = np.where(
        low_open, _ceil_div(n_high * scale, safe_low) - 1, _floor_div(n_high * scale, safe_low)
    )
    last = np.where(low > 0, np.minimum(d_high, top), d_high)
    last = np.where((low == 0) & low_open & (n_high < 1), -1, last)
    width = high - low
    always = np.where(
        width > 0, _floor_div(scale, np.maximum(width, 1)) + 1, np.iinfo(np.int64).max // 4
    )
    feasible_range = (first <= last) & ~empty
    decided_here = feasible_range & (first >= always)
    exact_d = (d_low == d_high) & feasible_range
    d = np.where(decided_here, first, d_low)
    numer_low = np.where(low_open, _floor_div(low * d, scale) + 1, _ceil_div(low * d, scale))
    numer_high = np.where(high_open, _ceil_div(high * d, scale) - 1, _floor_div(high * d, scale))
    w_low = np.maximum(numer_low, n_low)
    w_high = np.minimum(numer_high, n_high)
    ok_here = (decided_here | exact_d) & (w_low <= w_high)
    undecided = feasible_range & ~decided_here & ~exact_d
    return ok_here, undecided, d, w_low, w_high


def check_table_shares(
    frame: pd.DataFrame, rows: np.ndarray, modes: tuple[str, ...] = ALL_MODES
) -> dict[str, Any]:
    """Decide the share rows ``rows`` (positions) that the fast path reads; the rest stay undecided.

    Returns arrays over ``rows``: ``fast`` (decided here), ``verdict_code`` (0 consistent,
    1 inconsistent, 2 not_testable), ``mask`` (bit i: ALL_MODES[i] fits), and per mode the
    witness denominator and first numerator.
    """
    size = len(rows)
    part = frame.iloc[rows] if size != len(frame) else frame

    def counts(column: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if column not in part.columns:
            z = np.zeros(size, dtype=np.int64)
            return np.ones(size, dtype=bool), np.zeros(size, dtype=bool), z, z
        return _counts(_text_column(part, column))

    n_fast, n_present, n_low, n_high = counts("numerator")
    d_fast, d_present, d_low, d_high = counts("denominator")
    if "percent" in part.columns:
        p_fast, p_present, mantissa, decimals = _percents(_text_column(part, "percent"))
    else:
        p_fast, p_present = np.ones(size, dtype=bool), np.zeros(size, dtype=bool)
        mantissa = decimals = np.zeros(size, dtype=np.int64)
    n_fast = n_fast | ~n_present
    n_low = np.where(n_present, n_low, 0)
    n_high = np.where(n_present, n_high, np.where(d_present, d_high, 0))
    fast = n_fast & d_fast & d_present & p_fast & p_present & (d_high <= _MAX) & (n_high <= _MAX)
    untestable = fast & ~n_present & (100 * 10**decimals < d_low) & (mantissa <= 100 * 10**decimals)
    mask = np.zeros(size, dtype=np.int64)
    witness_d: dict[str, np.ndarray] = {}
    witness_n: dict[str, np.ndarray] = {}
    exact = fast & (d_low == d_high)
    ranged = np.flatnonzero(fast & ~exact)
    # Exact denominators: the numerators at d are [⌈low·d/scale⌉, ⌊high·d/scale⌋] (open ends one
    # step in); the five bounds the modes use (10P − 10, − 5, + 0, + 5, + 10) are divided once.
    d = np.where(exact, d_low, 0)
    ten = mantissa * 10
    scale = 10 ** (decimals + 3)
    quotients: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def divided(offset: int) -> tuple[np.ndarray, np.ndarray]:
        if offset not in quotients:
            quotients[offset] = np.divmod((ten + offset) * d, scale)
        return quotients[offset]

    odd = mantissa % 2 == 1
    zero = mantissa == 0
    for bit, mode in enumerate(ALL_MODES):
        if mode not in modes:
            continue
        low_offset, high_offset, low_open, high_open = _MODE_OFFSETS[mode]
        q_low, r_low = divided(low_offset)
        q_high, r_high = divided(high_offset)
        lo_open = odd if low_open == "odd" else np.bool_(low_open)
        hi_open = odd if high_open == "odd" else np.bool_(high_open)
        numer_low = np.where(lo_open, q_low + 1, q_low + (r_low > 0))
        numer_high = np.where(hi_open, q_high - (r_high == 0), q_high)
        if mode in ("truncate", "floor"):  # truncating or flooring to 0.0 also takes (−q, 0)
            numer_low = np.where(zero, 0, numer_low)
        w_low = np.maximum(np.maximum(numer_low, n_low), 0)
        w_high = np.minimum(np.minimum(numer_high, n_high), d)
        ok = exact & (d >= 1) & (w_low <= w_high)
        w_d = d
        if len(ranged):
            r_ok, r_undecided, r_d, r_low, r_high = _share_mode(
                n_low[ranged], n_high[ranged], d_low[ranged], d_high[ranged],
                mantissa[ranged], decimals[ranged], mode,
            )  # fmt: skip
            ok[ranged] = r_ok
            w_low = w_low.copy()
            w_d = d.copy()
            w_low[ranged], w_d[ranged] = r_low, r_d
            for row in ranged[r_undecided]:  # a narrow target over a range of denominators
                found = _one_share(n_present[row], n_low[row], n_high[row], d_low[row], d_high[row],
                                   mantissa[row], decimals[row], mode)  # fmt: skip
                ok[row] = found is not None
                if found is not None:
                    w_d[row], w_low[row] = found.denominator, found.numerator_low
        mask |= np.where(ok, 1 << bit, 0)
        witness_d[mode], witness_n[mode] = w_d, w_low
    untestable = fast & ~n_present & (100 * 10**decimals < d_low) & (mantissa <= 100 * 10**decimals)
    all_bits = sum(1 << i for i, m in enumerate(ALL_MODES) if m in modes)
    mask = np.where(untestable, all_bits, mask)
    verdict = np.where(untestable, 2, np.where(mask > 0, 0, 1))
    return {
        "fast": fast, "verdict_code": verdict, "mask": mask, "witness_d": witness_d,
        "witness_n": witness_n, "untestable": untestable, "d_exact": d_low == d_high,
        "n_low": n_low, "d_low": d_low, "mantissa": mantissa, "decimals": decimals,
        "n_exact": n_present & (n_low == n_high),
    }  # fmt: skip


def _one_share(
    n_given: bool,
    n_low: int,
    n_high: int,
    d_low: int,
    d_high: int,
    mantissa: int,
    decimals: int,
    mode: str,
) -> Witness | None:
    """One row the column-wise bounds leave open, by the one-claim search itself."""
    from partybuild_metrics.claims.consistency import share_witness

    step = Fraction(1, 10 ** int(decimals))
    target = rounds_to_step(Fraction(int(mantissa)) * step, step, mode)
    numerator = Interval(Fraction(int(n_low)), Fraction(int(n_high))) if n_given else None
    return share_witness(numerator, Interval(Fraction(int(d_low)), Fraction(int(d_high))), target)


_MODE_OFFSETS: Final[dict[str, tuple[int, int, bool | str, bool | str]]] = {
    # the rounding interval of a printed percent P (in tenths of its last digit): offsets of
    # its ends from 10·P and whether each end is open ("odd": open when P's last digit is odd)
    "half_up": (-5, 5, False, True),
    "half_even": (-5, 5, "odd", "odd"),
    "half_down": (-5, 5, True, False),
    "truncate": (0, 10, False, True),
    "floor": (0, 10, False, True),
    "ceiling": (-10, 0, True, False),
}


def problems_of_columns(frame: pd.DataFrame, file: str) -> list[ClaimProblem]:
    """Unknown or missing columns of a claims table."""
    problems = [
        ClaimProblem(
            file, f"unknown column (allowed: {', '.join(TABLE_COLUMNS)})", key=str(column)[:80]
        )
        for column in frame.columns
        if column not in TABLE_COLUMNS
    ]
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
    inferred = raw.pop("inferred", "false").strip().lower() in ("true", "1", "yes", "是")
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
    claims: list[Claim] = []
    columns = [c for c in TABLE_COLUMNS if c in frame.columns]
    numbers = range(len(frame)) if positions is None else positions.tolist()
    rows = frame[columns].itertuples(index=False, name=None)
    for index, values in zip(numbers, rows, strict=True):
        position = int(index) + 2
        row = {c: v for c, v in zip(columns, values, strict=True) if isinstance(v, str)}
        try:
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
    return ClaimsRead(claims, problems)
