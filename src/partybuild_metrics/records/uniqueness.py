"""Which rows hold a key that no other row holds, at national scale.

Exported records usually come in the order of their key (ids ``H1, H2, … H10``, or
villages by year and code), and rows in strictly increasing order cannot repeat a key:
checking neighbours settles it in one pass. Otherwise a key that can be one int64 per
row (numbers, dates, codes, ids that are a prefix and a number) is sorted by numpy, and
any other text key by Arrow. Hashing 30 million distinct strings, as
``DataFrame.duplicated`` does, takes several times longer than sorting numbers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from partybuild_metrics.records.textbytes import arrow_text, rises, short_lengths

_INT64_DIGITS = 18
"""Any number of up to 18 digits fits in an int64."""
_LEADING_NON_DIGITS = re.compile(r"^\D*")


class _Steps:
    """For each row after the first: is it above the row before, and is it equal to it.

    Text is ordered by length, then byte by byte, so ``H9 < H10``; any strict order
    will do. Equality is found only when asked for: a key of one column never needs it.
    """

    def __init__(self, values: pd.Series) -> None:
        self.values = values
        if isinstance(values.dtype, np.dtype):
            numbers = values.to_numpy()
            self.above = numbers[1:] > numbers[:-1]
            return
        self.above = rises(arrow_text(values))

    def equal(self) -> np.ndarray:
        import pyarrow.compute as pc

        if isinstance(self.values.dtype, np.dtype):
            numbers = self.values.to_numpy()
            return np.asarray(numbers[1:] == numbers[:-1])
        text = arrow_text(self.values)
        return np.asarray(pc.equal(text[1:], text[:-1]).to_numpy(zero_copy_only=False))


def _steps(values: pd.Series) -> _Steps | None:
    if values.hasnans:
        return None
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iubfM":
        return _Steps(values)
    if isinstance(values.dtype, pd.StringDtype):
        return _Steps(values)
    return None


def _in_increasing_order(frame: pd.DataFrame, columns: Sequence[str]) -> bool:
    """True when the rows, ordered by the columns taken in some order, strictly increase."""
    steps = [_steps(frame[column]) for column in columns]
    known = [step for step in steps if step is not None]
    if len(known) < len(steps):
        return False
    equal: dict[int, np.ndarray] = {}
    # The outer column of a sort order rises least often: that order is tried first.
    rise_counts = [int(np.count_nonzero(step.above)) for step in known]
    likely = tuple(sorted(range(len(known)), key=lambda position: rise_counts[position]))
    orders = sorted(itertools.permutations(range(len(known))), key=lambda o: o != likely)
    for order in orders:
        above = known[order[-1]].above
        for position in reversed(order[:-1]):
            if position not in equal:
                equal[position] = known[position].equal()
            above = known[position].above | (equal[position] & above)
        if above.all():
            return True
    return False


def _id_numbers(values: pd.Series) -> np.ndarray | None:
    """Ids that are one prefix and a number (``H1024``, ``210283101201000123``) as int64,
    one number per id; None for any other text.

    Arrow sorts 30 million such ids in random order in about 20 seconds as text, and
    numpy in about 2 as numbers.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = arrow_text(values)
    prefix = _LEADING_NON_DIGITS.match(str(text[0].as_py()))
    if prefix and prefix.group():
        if not pc.all(pc.starts_with(text, prefix.group())).as_py():
            return None
        text = pc.utf8_slice_codeunits(text, len(prefix.group()))
    lengths = short_lengths(text)
    if not 1 <= lengths.min() <= lengths.max() <= _INT64_DIGITS:
        return None
    if not pc.all(pc.ascii_is_decimal(text)).as_py():
        return None
    if lengths.min() < lengths.max():
        # "H01" and "H1" are two ids but one number: numbers of varying width must not
        # start with a zero.
        zero_first = np.asarray(pc.starts_with(text, "0").to_numpy(zero_copy_only=False))
        if (zero_first & (lengths > 1)).any():
            return None
    return np.asarray(pc.cast(text, pa.int64()).to_numpy(zero_copy_only=False))


def _numbers(values: pd.Series) -> np.ndarray | None:
    """One int64 per value, equal exactly when the values are equal; None if not possible."""
    if values.hasnans:
        return None
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iub":
        return values.to_numpy(dtype=np.int64)
    if isinstance(values.dtype, np.dtype) and values.dtype.kind == "M":
        return values.to_numpy().view(np.int64)
    if isinstance(values.dtype, pd.StringDtype):
        return _id_numbers(values)
    return None


def _combined(parts: list[np.ndarray]) -> np.ndarray | None:
    """Several int64 keys as one, when their ranges multiply within an int64."""
    if len(parts) == 1 or len(parts[0]) == 0:
        return parts[0]
    key, span = np.zeros(len(parts[0]), dtype=np.int64), 1
    for part in parts:
        low = int(part.min())
        width = int(part.max()) - low + 1
        if span * width >= 2**63:
            return None
        key, span = key * width + (part - low), span * width
    return key


def _once_numbers(numbers: np.ndarray) -> np.ndarray:
    ordered = np.sort(numbers)
    repeated = ordered[1:][ordered[1:] == ordered[:-1]]
    if len(repeated) == 0:
        return np.ones(len(numbers), dtype=bool)
    return ~pd.Series(numbers).isin(np.unique(repeated)).to_numpy()


def _once_text(values: pd.Series) -> np.ndarray:
    """Sort by Arrow and compare neighbours (blank cells never count as repeats)."""
    import pyarrow.compute as pc

    text = arrow_text(values)
    if len(text) < 2:
        return np.ones(len(text), dtype=bool)
    order = pc.sort_indices(text)
    ordered = pc.take(text, order)
    same = pc.fill_null(pc.equal(ordered[1:], ordered[:-1]), False)
    same = same.to_numpy(zero_copy_only=False)
    repeated = np.zeros(len(text), dtype=bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    in_place = np.empty(len(text), dtype=bool)
    in_place[order.to_numpy()] = repeated
    return ~in_place


def once(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """True where a row's values in ``columns`` occur in no other row.

    Every copy of a repeated key is False, as ``~frame.duplicated(columns, keep=False)``.

    >>> frame = pd.DataFrame({"id": ["H1", "H2", "H1"], "year": [2020, 2020, 2021]})
    >>> once(frame, ["id"]).tolist(), once(frame, ["id", "year"]).tolist()
    ([False, True, False], [True, True, True])
    """
    if len(frame) < 2 or _in_increasing_order(frame, columns):
        return pd.Series(True, index=frame.index)
    parts = [_numbers(frame[column]) for column in columns]
    if all(part is not None for part in parts):
        key = _combined([part for part in parts if part is not None])
        if key is not None:
            return pd.Series(_once_numbers(key), index=frame.index)
    if len(columns) == 1:
        return pd.Series(_once_text(frame[columns[0]]), index=frame.index)
    return ~frame.duplicated(list(columns), keep=False)
