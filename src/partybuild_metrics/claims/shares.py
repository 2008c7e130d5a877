"""Share claims of a table decided column-wise, every rounding mode at once, in numpy.

A row is decided here when its numerator (or none), denominator and percent are plain
ASCII digits, digits with 万 (up to three decimals), and a percent below 1000 with up to
three decimals and an optional "%" (:mod:`partybuild_metrics.claims.figures`); every other
row is left to the one-claim path. Each figure is an interval of int64 bounds and every
decision is integer arithmetic on them, every product below 2**63 (counts up to 10**11,
percent mantissas below 10**6); floats only carry the display columns (printed value,
interval, value held against it).

Rows are taken a chunk at a time, so every temporary is a chunk long: a million rows
touch little fresh memory beyond their results.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa

from partybuild_metrics.claims.consistency import ALL_MODES, MODE_LISTS, share_witness
from partybuild_metrics.claims.figures import (
    POW10,
    PlainCounts,
    plain_counts,
    read_counts,
    read_percents,
    text_column,
)
from partybuild_metrics.claims.numbers import Interval
from partybuild_metrics.claims.published import rounds_to_step

CHUNK: Final = 1 << 16
MAX_COUNT: Final = 10**11
"""Counts up to this stay in int64 through every product below."""
_BIG: Final = np.iinfo(np.int64).max // 4
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
ALL_BITS: Final = (1 << len(ALL_MODES)) - 1
_MODE_LISTS: Final = np.empty(ALL_BITS + 1, dtype=object)
_MODE_LISTS[:] = MODE_LISTS  # an object array, to be indexed by a column of masks
_POW10_FLOAT: Final = 10.0 ** np.arange(23)  # every power up to 10**22 is an exact double
_STEP_FLOAT: Final = 1.0 / _POW10_FLOAT  # float(Fraction(1, 10**k)): one rounding each


@dataclass(frozen=True)
class SharesDecided:
    """What the column-wise path found, one entry per row of the table.

    Entries of rows outside ``fast`` are meaningless. ``verdict`` is under the chosen mode
    (0 consistent, 1 inconsistent, 2 not_testable); the witness and comparison columns are
    the chosen mode's, as :func:`partybuild_metrics.claims.entry.check_claims` reports them.
    """

    fast: np.ndarray
    mask: np.ndarray
    modes: np.ndarray
    """``mask`` as lists of modes (objects), filled by the threads chunk by chunk."""
    verdict: np.ndarray
    witness_n: np.ndarray
    witness_d: np.ndarray
    decimals: np.ndarray
    printed_value: np.ndarray
    step: np.ndarray
    interval_low: np.ndarray
    interval_high: np.ndarray
    against: np.ndarray
    against_from: np.ndarray
    """0 none, 1 "figures", 2 "nearest"."""


def _floor_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.floor_divide(a, b)
    return result


def _mode_bounds(
    mantissa: np.ndarray, modes: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The rounding interval of each printed percent under each mode, in tenths of its last digit.

    Returns (low, high, low_open, high_open), one row per mode, for printed values ≥ 0, as
    :func:`partybuild_metrics.claims.published.rounds_to_step` gives them.
    """
    ten = mantissa * 10
    odd = (mantissa & 1) == 1
    rows = len(mantissa)
    bounds: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for mode in modes:
        low_offset, high_offset, low_open, high_open = _MODE_OFFSETS[mode]
        lo_open = odd if low_open == "odd" else np.full(rows, low_open)
        hi_open = odd if high_open == "odd" else np.full(rows, high_open)
        low = ten + low_offset
        if mode == "truncate":  # truncating to 0 takes (−q, q)
            zero = mantissa == 0
            low, lo_open = np.where(zero, -10, low), lo_open | zero
        bounds.append((low, ten + high_offset, lo_open, hi_open))
    low, high, lo_open, hi_open = (np.stack(part) for part in zip(*bounds, strict=True))
    return low, high, lo_open, hi_open


def count_bounds(low: np.ndarray, high: np.ndarray, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """The whole numbers a count stands for under ``mode``, from its interval rounded half
    either way ([low, high]: exact where low = high).

    A count in 万 printed v with a last digit of step s stands for [v − s/2, v + s/2]
    rounded either way, [v − s/2, v + s/2) half up, [v, v + s) truncated, (v − s, v]
    rounded up, as :func:`partybuild_metrics.claims.consistency._count_interval` has it.

    >>> [x.tolist() for x in count_bounds(np.array([45000, 7]), np.array([55000, 7]), "truncate")]
    [[50000, 7], [59999, 7]]
    """
    half = (high - low) // 2
    ranged = half > 0
    value, step = low + half, 2 * half
    if mode == "half_up":
        return low, high - ranged
    if mode == "half_down":
        return low + ranged, high
    if mode == "half_even":  # an odd last digit loses both ties
        odd = ranged & ((value // np.maximum(step, 1)) & 1 == 1)
        return low + odd, high - odd
    if mode in ("truncate", "floor"):
        return value, value + np.maximum(step - 1, 0)
    return value - np.maximum(step - 1, 0), value  # ceiling


def _share_modes(
    n_low: np.ndarray, n_high: np.ndarray, d_low: np.ndarray, d_high: np.ndarray,
    mantissa: np.ndarray, decimals: np.ndarray, modes: tuple[str, ...],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """Rows with a range of denominators under each of ``modes``: (ok, undecided, d, n), one
    row per mode.

    Decided when the smallest denominator that reaches the numerators is at or beyond the
    point from which every denominator holds a numerator in the target; undecided rows
    (a narrow target) go to the lattice search, row by row.
    """
    low, high, low_open, high_open = _mode_bounds(mantissa, modes)
    scale = POW10[decimals + 3]  # n/d ≥ low / scale, the percent's tenths of last digits
    # clip the target to [0, 1]: 0 ≤ n ≤ d
    neg = low < 0
    low, low_open = np.where(neg, 0, low), low_open & ~neg
    over = high > scale
    high, high_open = np.where(over, scale, high), high_open & ~over
    empty = (
        (low > high)
        | ((low == high) & (low_open | high_open))
        | (low > scale)
        | ((low == scale) & low_open)
    )
    safe_high = np.maximum(high, 1)
    # d from which n_low is reachable (high·d/scale ≥ n_low), up to which n_high is (low·d/scale ≤ n_high);
    # each quotient divided once, its open and closed roundings both read from the remainder
    quotient, rest = np.divmod(n_low * scale, safe_high)
    first = np.where(n_low > 0, quotient + (high_open | (rest > 0)), d_low)
    first = np.maximum(first, np.maximum(d_low, 1))
    first = np.where((n_low > 0) & (high == 0), _BIG, first)
    quotient, rest = np.divmod(n_high * scale, np.maximum(low, 1))
    top = quotient - (low_open & (rest == 0))
    last = np.where(low > 0, np.minimum(d_high, top), d_high)
    last = np.where((low == 0) & low_open & (n_high < 1), -1, last)
    width = high - low
    always = np.where(width > 0, _floor_div(scale, np.maximum(width, 1)) + 1, _BIG)
    feasible = (first <= last) & ~empty
    decided = feasible & (first >= always)
    d = np.where(decided, first, d_low)
    quotient, rest = np.divmod(low * d, scale)
    numer_low = quotient + (low_open | (rest > 0))
    quotient, rest = np.divmod(high * d, scale)
    numer_high = quotient - (high_open & (rest == 0))
    w_low = np.maximum(numer_low, n_low)
    ok = decided & (w_low <= np.minimum(numer_high, n_high))
    return ok, feasible & ~decided, d, w_low


def _one_share(
    n_given: bool, n_low: int, n_high: int, d_low: int, d_high: int,
    mantissa: int, decimals: int, mode: str,
) -> tuple[int, int] | None:  # fmt: skip
    """One row the column-wise bounds leave open, by the one-claim lattice search itself."""
    step = Fraction(1, 10**decimals)
    target = rounds_to_step(Fraction(mantissa) * step, step, mode)
    numerator = Interval(Fraction(n_low), Fraction(n_high)) if n_given else None
    found = share_witness(numerator, Interval(Fraction(d_low), Fraction(d_high)), target)
    return None if found is None else (found.denominator, found.numerator_low)


class _Figures:
    """One chunk's figures as int64 bounds (only the ``fast`` rows' count).

    A numerator that is not printed spans [0, d_high].
    """

    def __init__(
        self,
        texts: list[pa.Array | None],
        rows: slice,
        plain: list[PlainCounts | None],
    ) -> None:
        length = rows.stop - rows.start
        zeros, blank = np.zeros(length, dtype=np.int64), np.zeros(length, dtype=bool)
        numerator, denominator, percent = texts
        n_given, n_ok, n_low, n_high = (
            read_counts(numerator, plain[0])
            if numerator is not None
            else (blank, blank, zeros, zeros)
        )
        d_given, d_ok, d_low, d_high = (
            read_counts(denominator, plain[1])
            if denominator is not None
            else (blank, blank, zeros, zeros)
        )
        p_given, p_ok, mantissa, decimals = (
            read_percents(percent) if percent is not None else (blank, blank, zeros, zeros)
        )
        fast = (n_ok | ~n_given) & d_ok & d_given & p_ok & p_given
        fast &= (d_high <= MAX_COUNT) & (n_high <= MAX_COUNT)
        fast &= mantissa <= 100 * POW10[decimals]  # above 100%, a ratio: the one-claim path
        # the readers leave 0 where they cannot read, so other rows hold small numbers too
        self.fast = fast
        self.n_given = n_given & fast
        self.n_low = np.where(self.n_given, n_low, 0)
        self.n_high = np.where(self.n_given, n_high, d_high)
        self.d_low, self.d_high = d_low, d_high
        self.mantissa, self.decimals = mantissa, decimals

    def under(self, group: np.ndarray, mode: str) -> tuple[np.ndarray, ...]:
        """(n_low, n_high, d_low, d_high) of ``group``'s rows under ``mode``: counts in 万
        rounded by it; a numerator not printed spans [0, d_high]."""
        d_low, d_high = count_bounds(self.d_low[group], self.d_high[group], mode)
        n_low, n_high = count_bounds(self.n_low[group], self.n_high[group], mode)
        given = self.n_given[group]
        return np.where(given, n_low, 0), np.where(given, n_high, d_high), d_low, d_high


def _slices(columns: list[pa.ChunkedArray | None], rows: slice) -> list[pa.Array | None]:
    """A chunk's numerators, denominators and percents as Arrow text (None when absent).

    Rows within one of the column's chunks are a view of it; combining copies even one.
    """
    found: list[pa.Array | None] = []
    for column in columns:
        part = None if column is None else column.slice(rows.start, rows.stop - rows.start)
        if part is not None and part.num_chunks == 1:
            found.append(part.chunk(0))
        else:
            found.append(None if part is None else part.combine_chunks())
    return found


def _plain(texts: list[pa.Array | None]) -> list[PlainCounts | None]:
    """:func:`plain_counts` of a chunk's numerators and denominators (Arrow's part)."""
    return [None if text is None else plain_counts(text) for text in texts[:2]]


def reuse_freed_memory() -> None:
    """Free one 16 MB block, so that the memory of one chunk's temporaries serves the next.

    glibc's malloc hands the top of its heap back to the system once more than twice its
    mmap threshold lies free there, and raises that threshold to the largest block freed
    so far (up to 32 MB). With the threshold at a chunk's 512 kB arrays, the heap shrank
    and grew again for every chunk, and each regrowth faulted in fresh pages (about 20,000
    page faults, 0.1 s, for a million rows). The block is never written to; elsewhere it
    costs nothing.
    """
    block = np.empty(1 << 21)
    del block


def decide_shares(
    frame: pd.DataFrame,
    mode: str,
    pool: Executor | None = None,
    also: Callable[[slice], None] | None = None,
) -> SharesDecided:
    """Decide the rows of ``frame`` whose figures the column-wise path reads.

    ``fast`` marks the rows decided; the others are left to the one-claim path, as are
    rows whose other cells need it (the caller takes those out of ``fast``). With a
    ``pool``, its threads take the chunks: Arrow and numpy let go of the GIL while they
    work, and each chunk writes only its own rows of the result. ``also`` is called with
    each chunk's rows by the thread that decided them, for the caller's work on the same
    rows: temporaries a chunk long reuse the memory of the last chunk's, where arrays as
    long as the table would each take fresh pages from the system.

    >>> frame = pd.DataFrame({"numerator": ["133", "七十"], "denominator": ["205", "205"], "percent": ["64.8", "34.1"]})
    >>> found = decide_shares(frame, "half_up")
    >>> found.fast.tolist(), found.verdict[:1].tolist(), found.mask[:1].tolist()  # truncate and floor
    ([True, False], [1], [36])
    """
    rows = len(frame)
    # one block for the wide columns and one for the narrow: the system backs a large
    # block with large pages, where separate arrays each fault in page by page at its ends
    wide = np.empty((7, rows))
    narrow = np.empty((5, rows), dtype=np.int8)
    out = SharesDecided(
        fast=narrow[0].view(bool),
        mask=narrow[1],
        modes=np.empty(rows, dtype=object),
        verdict=narrow[2],
        witness_n=wide[0].view(np.int64),
        witness_d=wide[1].view(np.int64),
        decimals=narrow[3],
        printed_value=wide[2],
        step=wide[3],
        interval_low=wide[4],
        interval_high=wide[5],
        against=wide[6],
        against_from=narrow[4],
    )
    if rows > CHUNK:
        reuse_freed_memory()
    columns = [
        text_column(frame, column) if column in frame.columns else None
        for column in ("numerator", "denominator", "percent")
    ]

    def decide(start: int) -> None:
        chunk = slice(start, min(start + CHUNK, rows))
        texts = _slices(columns, chunk)
        _decide_chunk(_Figures(texts, chunk, _plain(texts)), mode, out, chunk)
        if also is not None:
            also(chunk)

    starts = range(0, rows, CHUNK)
    if pool is None:
        for start in starts:
            decide(start)
    else:
        list(pool.map(decide, starts))
    return out


def _decide_chunk(f: _Figures, mode: str, out: SharesDecided, rows: slice) -> None:
    """Every mode for one chunk's rows, written into ``out``."""
    fast, mantissa, decimals = f.fast, f.mantissa, f.decimals
    exact = fast & (f.d_low == f.d_high)
    single = exact & f.n_given & (f.n_low == f.n_high) & (f.d_low >= 1) & (f.n_low <= f.d_low)
    mask = _single_numerators(f.n_low, f.d_low, mantissa, decimals, single)
    witness_d, witness_n = f.d_low.copy(), f.n_low.copy()
    for group, decide in (
        (np.flatnonzero(exact & ~single), _decide_exact),
        (np.flatnonzero(fast & ~exact), _decide_ranged),
    ):
        if len(group):
            mask[group], witness_d[group], witness_n[group] = decide(f, group, mode)
    hundred = 100 * POW10[decimals]
    # a denominator reaching 100 ÷ step under every mode (ceiling's top is the lowest)
    # gives every percent of the grid
    top = count_bounds(f.d_low, f.d_high, "ceiling")[1]
    untestable = fast & ~f.n_given & (hundred <= top) & (mantissa <= hundred)
    mask[untestable] = ALL_BITS
    under = (mask >> ALL_MODES.index(mode)) & 1 == 1
    out.fast[rows] = fast
    out.mask[rows] = mask
    out.modes[rows] = _MODE_LISTS[mask]
    out.verdict[rows] = np.where(untestable, 2, np.where(under, 0, 1))
    out.witness_n[rows] = witness_n
    out.witness_d[rows] = witness_d
    out.decimals[rows] = decimals
    _compare_chunk(f, mode, exact, out, rows)


def _bits(fits: list[np.ndarray]) -> np.ndarray:
    """Which modes fit each row, as a mask (bit i: ``fits[i]``, ALL_MODES[i])."""
    mask = fits[0].astype(np.int8)
    for bit, fit in enumerate(fits[1:], start=1):
        mask |= np.left_shift(fit.view(np.int8), bit)
    return mask


def _single_numerators(
    n: np.ndarray, d: np.ndarray, mantissa: np.ndarray, decimals: np.ndarray, rows: np.ndarray
) -> np.ndarray:
    """Mode bits for exact 0 ≤ n ≤ d, d ≥ 1 (``rows``; other rows get 0): multiplications only.

    n / d lies in [(10P + a) / scale, (10P + b) / scale] when x = n·scale − 10P·d lies in
    [a·d, b·d], for the ends a, b of each mode's interval (in tenths of the last digit).
    """
    x = n * POW10[decimals + 3] - mantissa * 10 * d
    five = 5 * d
    above_low, past_low = x >= -five, x > -five  # half modes: [10P − 5, 10P + 5]
    below_high, under_high = x <= five, x < five
    odd = (mantissa & 1) == 1
    truncate = (x >= 0) & (x < 2 * five)  # [10P, 10P + 10): truncation and floor for P ≥ 0
    fits = {
        "half_up": above_low & under_high,
        "half_even": np.where(odd, past_low & under_high, above_low & below_high),
        "half_down": past_low & below_high,
        "truncate": truncate,
        "floor": truncate,
        "ceiling": (x > -2 * five) & (x <= 0),
    }
    mask: np.ndarray = _bits([fits[name] for name in ALL_MODES]) * rows
    return mask


def _decide_exact(
    f: _Figures, group: np.ndarray, mode: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows with one denominator and a range of numerators (or none printed): (mask, d, n)."""
    mantissa, decimals = f.mantissa[group], f.decimals[group]
    d = f.d_low[group]
    # the numerators at d are [⌈low·d/scale⌉, ⌊high·d/scale⌋] (open ends one step in); each
    # bound the modes use (10P − 10, − 5, + 0, + 5, + 10) is divided once
    ten, scale = mantissa * 10, POW10[decimals + 3]
    divided = {o: np.divmod((ten + o) * d, scale) for o in (-10, -5, 0, 5, 10)}

    # what the printed numerator (rounded by each mode) and 0 ≤ n ≤ d allow
    numerators = {m: f.under(group, m)[:2] for m in _RANGED_MODES}  # floor is truncation

    def fits(
        mode: str, low: int, low_open: bool, high: int, high_open: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        lowest, highest = numerators[mode]
        (q_low, r_low), (q_high, r_high) = divided[low], divided[high]
        n_low = q_low + 1 if low_open else q_low + (r_low > 0)
        n_high = q_high - (r_high == 0) if high_open else q_high
        w_low = np.maximum(n_low, np.maximum(lowest, 0))
        return (w_low <= np.minimum(n_high, np.minimum(highest, d))) & (d >= 1), w_low

    odd = (mantissa & 1) == 1
    closed = fits("half_even", -5, False, 5, False)
    open_ = fits("half_even", -5, True, 5, True)
    truncate = fits("truncate", 0, False, 10, True)  # truncation and floor: the same shares ≥ 0
    found = {
        "half_up": fits("half_up", -5, False, 5, True),
        "half_even": (np.where(odd, open_[0], closed[0]), np.where(odd, open_[1], closed[1])),
        "half_down": fits("half_down", -5, True, 5, False),
        "truncate": truncate,
        "floor": truncate,
        "ceiling": fits("ceiling", -10, True, 0, False),
    }
    return _bits([found[name][0] for name in ALL_MODES]), d, found[mode][1]


_RANGED_MODES: Final = tuple(mode for mode in ALL_MODES if mode != "floor")
"""Floor takes the same shares ≥ 0 as truncation."""


def _decide_ranged(
    f: _Figures, group: np.ndarray, mode: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows whose denominator is a range (a count in 万): (mask, d, n)."""
    # one row per mode: the counts in 万 rounded by it, as the percent is
    n_low, n_high, d_low, d_high = (
        np.stack(bounds)
        for bounds in zip(*(f.under(group, mode) for mode in _RANGED_MODES), strict=True)
    )
    mantissa, decimals = f.mantissa[group], f.decimals[group]
    ok, undecided, d, w_low = _share_modes(
        n_low, n_high, d_low, d_high, mantissa, decimals, _RANGED_MODES
    )
    for k, row in zip(*np.nonzero(undecided), strict=True):  # a narrow target, many d
        answer = _one_share(
            bool(f.n_given[group[row]]), int(n_low[k, row]), int(n_high[k, row]),
            int(d_low[k, row]), int(d_high[k, row]), int(mantissa[row]), int(decimals[row]),
            _RANGED_MODES[k],
        )  # fmt: skip
        ok[k, row] = answer is not None
        if answer is not None:
            d[k, row], w_low[k, row] = answer
    mask = _bits(
        [ok[_RANGED_MODES.index(name if name != "floor" else "truncate")] for name in ALL_MODES]
    )
    chosen = _RANGED_MODES.index(mode if mode != "floor" else "truncate")
    return mask, d[chosen], w_low[chosen]


def _round_half_even(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    quotient, rest = np.divmod(numerator, denominator)
    up = (2 * rest > denominator) | ((2 * rest == denominator) & (quotient % 2 == 1))
    rounded: np.ndarray = quotient + up
    return rounded


def _compare_chunk(
    f: _Figures, mode: str, exact: np.ndarray, out: SharesDecided, rows: slice
) -> None:
    """The percent, its interval under ``mode`` and what it is held against, as floats to show.

    Each float is one correctly rounded division of integers below 2**53, as
    ``float(Fraction)`` gives it on the one-claim path.
    """
    mantissa, decimals = f.mantissa, f.decimals
    low_offset, high_offset = _MODE_OFFSETS[mode][:2]
    ten = mantissa * 10
    low = ten + low_offset
    if mode == "truncate":  # truncating to 0 takes (−q, q)
        low[mantissa == 0] = -10
    places = decimals[f.fast]
    if len(places) and places.min() == places.max():  # one number of decimals: scalars
        place = int(places[0])
        power, tenths = _POW10_FLOAT[place], _POW10_FLOAT[place + 1]
        out.step[rows] = _STEP_FLOAT[place]
    else:
        power, tenths = _POW10_FLOAT[decimals], _POW10_FLOAT[decimals + 1]
        out.step[rows] = _STEP_FLOAT[decimals]
    np.divide(mantissa, power, out=out.printed_value[rows])
    np.divide(low, tenths, out=out.interval_low[rows])
    np.divide(ten + high_offset, tenths, out=out.interval_high[rows])
    positive = exact & (f.d_low > 0)
    figures = positive & f.n_given & (f.n_low == f.n_high)
    d = np.maximum(f.d_low, 1)
    against = np.divide(f.n_low * 100.0, d)
    against[~figures] = np.nan
    nearest = np.flatnonzero(positive & ~figures)  # the share k / d nearest the printed percent
    if len(nearest):
        d = d[nearest]
        k = _round_half_even(mantissa[nearest] * d, 100 * POW10[decimals[nearest]])
        against[nearest] = k * 100.0 / d
    out.against[rows] = against
    found = out.against_from[rows]
    found[:] = figures
    found[nearest] = 2
