"""Printed figures of a claims table read column-wise from Arrow text: counts, counts in 万, percents.

Each cell is cut, without copying its text, into four pieces that lie one after the
other in the column's own bytes: the digits before the point, the point, the digits
after it and the suffix ("万" or "%"). One Arrow pass checks that the digit pieces are
ASCII digits and one casts them to int64; numpy works out where the pieces lie and puts
the integers together. A cell of any other form (Chinese numerals, qualifiers, white
space, full-width digits, too many digits) is left unread, for the one-claim parser.
"""

from __future__ import annotations

from typing import Final, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

POW10: Final = 10 ** np.arange(19, dtype=np.int64)
_WAN: Final = "万".encode()
_MARGIN: Final = 16  # bytes before the first cell: room for reading up to sixteen bytes back
_WIDTH: Final = 16  # bytes after the last cell: room for reading up to sixteen bytes on
# first bytes of the characters str.strip() removes (ASCII white space and separators,
# U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000): a cell starting otherwise is not blank
_SPACE_LEADS: Final = np.zeros(256, dtype=bool)
_SPACE_LEADS[
    [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0xC2, 0xE1, 0xE2, 0xE3]
] = True


def text_column(frame: pd.DataFrame, column: str) -> pa.ChunkedArray:
    """A column as Arrow large strings (no copy when it already is); cells that are not text are null."""
    values = frame[column]
    if isinstance(values.array, pd.arrays.ArrowStringArray):
        found = pa.chunked_array(values.array.__arrow_array__())
        return found if found.type == pa.large_string() else found.cast(pa.large_string())
    cells = values.to_numpy(dtype=object)
    return pa.chunked_array(
        [pa.array([v if isinstance(v, str) else None for v in cells], pa.large_string())]
    )


def bools(array: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """An Arrow boolean array as numpy, null as False."""
    found: np.ndarray = pc.fill_null(array, False).to_numpy(zero_copy_only=False)
    return found


class Cells:
    """The cells of one Arrow large-string array: where each starts and ends in a copy of
    their bytes with a margin of zeros, so that a few bytes either side can be read
    without a bounds check."""

    def __init__(self, array: pa.Array) -> None:
        rows = len(array)
        self.array = array
        self.rows = rows
        offsets = np.frombuffer(
            array.buffers()[1], np.int64, count=rows + 1, offset=array.offset * 8
        )
        first, span = int(offsets[0]), int(offsets[-1] - offsets[0])
        self.bytes = np.zeros(span + _MARGIN + _WIDTH, dtype=np.uint8)
        if span:
            self.bytes[_MARGIN : _MARGIN + span] = np.frombuffer(
                array.buffers()[2], np.uint8, count=span, offset=first
            )
        self.start = offsets[:-1] - (first - _MARGIN)
        self.end = offsets[1:] - (first - _MARGIN)
        self.size = _sizes(array, offsets)

    def ends_with(self, suffix: bytes) -> np.ndarray:
        """Cells whose last bytes are ``suffix`` (of at most four bytes)."""
        return _ends_with(self.bytes, self.end, self.size, suffix)


def _sizes(array: pa.Array, offsets: np.ndarray) -> np.ndarray:
    """Each cell's length in bytes (0 for a null)."""
    size: np.ndarray = offsets[1:] - offsets[:-1]
    if array.null_count:
        size = np.where(bools(array.is_valid()), size, 0)
    return size


def _ends_with(data: np.ndarray, end: np.ndarray, size: np.ndarray, suffix: bytes) -> np.ndarray:
    """Cells whose last bytes are ``suffix``: the last byte of every cell, the others only
    where it matched."""
    if not len(data):
        return np.zeros(len(end), dtype=bool)
    found: np.ndarray = (data[np.maximum(end - 1, 0)] == suffix[-1]) & (size >= len(suffix))
    if len(suffix) > 1:
        rows = np.flatnonzero(found)
        for back, value in enumerate(reversed(suffix[:-1]), start=2):
            found[rows] = data[end[rows] - back] == value
            rows = rows[found[rows]]
    return found


def not_blank(column: pa.ChunkedArray) -> np.ndarray:
    """Cells of a column with a character that ``str.strip`` keeps.

    >>> not_blank(pa.chunked_array([["a", "", " ", "\u3000", " b", None]], pa.large_string())).tolist()
    [True, False, False, False, True, False]
    """
    found = []
    for array in column.chunks:
        rows = len(array)
        offsets = np.frombuffer(
            array.buffers()[1], np.int64, count=rows + 1, offset=array.offset * 8
        )
        filled = offsets[1:] > offsets[:-1]
        if array.null_count:
            filled &= bools(array.is_valid())
        data = array.buffers()[2]
        if data is not None and filled.any():
            first = np.frombuffer(data, np.uint8)[np.where(filled, offsets[:-1], 0)]
            doubtful = np.flatnonzero(filled & _SPACE_LEADS[first])
            if len(doubtful):  # a cell starting with white space: as Python strips it
                texts = array.take(pa.array(doubtful)).to_pylist()
                filled[doubtful] = [bool(text.strip()) for text in texts]
        found.append(filled)
    return np.concatenate(found) if found else np.zeros(0, dtype=bool)


class Counts(NamedTuple):
    """A column of counts: given (not blank), readable here, and the bounds of each."""

    given: np.ndarray
    readable: np.ndarray
    low: np.ndarray
    high: np.ndarray


class Percents(NamedTuple):
    """A column of percents: given, readable here, mantissa and decimals ("64.8" is 648, 1)."""

    given: np.ndarray
    readable: np.ndarray
    mantissa: np.ndarray
    decimals: np.ndarray


def _decimal(
    cells: Cells, suffix: bytes, max_whole: int, suffixed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ASCII digits with at most one point, up to three decimals and ``max_whole`` digits
    before it, then an optional ``suffix`` (``suffixed``: the cells known to end with it):
    (readable, mantissa, decimals) per cell.

    Read from the point outwards: where the point lies is found from the cell's end, then
    each place of every cell is read at once, the decimals and the whole digits apart.

    >>> found = _decimal(Cells(pa.array(["64.8", "5", "7.", ".5", "1.2345", "12.345"], pa.large_string())), b"%", 3)
    >>> found[0].tolist(), found[1].tolist(), found[2].tolist()
    ([True, True, False, False, False, True], [648, 5, 0, 0, 0, 12345], [1, 0, 0, 0, 0, 3])
    """
    if suffixed is None:
        suffixed = cells.ends_with(suffix)
    body = cells.size - len(suffix) * suffixed
    end = cells.start + body  # one past the last digit
    # a point k places from the end, with at least one digit before it
    decimals = np.zeros(cells.rows, dtype=np.int8)
    for places in (3, 2, 1):
        point = (cells.bytes[end - 1 - places] == 0x2E) & (body >= places + 2)
        decimals[point] = places
    whole = body - decimals - (decimals > 0)
    readable = (whole >= 1) & (whole <= max_whole)
    fraction = np.zeros(cells.rows, dtype=np.int64)
    for place in range(int(decimals.max(initial=0))):
        present = place < decimals
        digit = cells.bytes[end - 1 - place] - np.uint8(0x30)
        readable &= ~present | (digit < 10)
        fraction += np.where(present, digit * POW10[place], 0)
    before = np.zeros(cells.rows, dtype=np.int64)
    point = end - decimals - (decimals > 0)
    for place in range(min(max_whole, int(whole.max(initial=0)))):
        present = place < whole
        digit = cells.bytes[point - 1 - place] - np.uint8(0x30)
        readable &= ~present | (digit < 10)
        before += np.where(present, digit * POW10[place], 0)
    mantissa = before * POW10[decimals] + fraction
    return readable, np.where(readable, mantissa, 0), np.where(readable, decimals, 0)


class PlainCounts(NamedTuple):
    """Cells of at most 11 ASCII digits, their values (0 elsewhere) and every cell's length."""

    plain: np.ndarray
    values: np.ndarray
    size: np.ndarray


def plain_counts(array: pa.Array) -> PlainCounts:
    """Cells of at most 11 ASCII digits and their values, by Arrow.

    >>> found = plain_counts(pa.array(["133", "9899万", "", "007"], pa.large_string()))
    >>> found.plain.tolist(), found.values.tolist()
    ([True, False, False, True], [133, 0, 0, 7])
    """
    rows = len(array)
    offsets = np.frombuffer(array.buffers()[1], np.int64, count=rows + 1, offset=array.offset * 8)
    size = _sizes(array, offsets)
    plain = bools(pc.ascii_is_decimal(array)) & (size <= 11)
    if not plain.any():
        return PlainCounts(plain, np.zeros(rows, dtype=np.int64), size)
    # cast with the other cells as nulls, so that their text is never copied
    bitmap = np.packbits(np.concatenate([np.zeros(array.offset, bool), plain]), bitorder="little")
    digits = pa.Array.from_buffers(
        pa.large_string(), rows, [pa.py_buffer(bitmap), *array.buffers()[1:]], offset=array.offset
    )
    values = pc.cast(digits, pa.int64())
    found = np.frombuffer(values.buffers()[1], np.int64, count=rows, offset=values.offset * 8)
    return PlainCounts(plain, np.where(plain, found, 0), size)


def read_counts(array: pa.Array, plain: PlainCounts | None = None) -> Counts:
    """Plain counts and counts in 万, the bounds as int64; other forms are not readable here.

    "2843.1万" is rounded at its last digit: [28,430,500, 28,431,500]. ``plain`` is
    :func:`plain_counts` of the same cells, when it was found already (its arrays become
    the result's, changed in place).

    >>> found = read_counts(pa.array(["133", "9899万", "2843.1万", "", "七十", "5.5"], pa.large_string()))
    >>> found.readable.tolist(), found.low.tolist()[:3], found.high.tolist()[:3]
    ([True, True, True, False, False, False], [133, 98985000, 28430500], [133, 98995000, 28431500])
    """
    readable, low, size = plain_counts(array) if plain is None else plain
    rows = len(array)
    offsets = np.frombuffer(array.buffers()[1], np.int64, count=rows + 1, offset=array.offset * 8)
    data = array.buffers()[2]
    if data is None or not rows:
        return Counts(size > 0, readable, low, low)
    # only cells that are not plain and long enough can end with 万
    wan = np.flatnonzero(~readable & (size > len(_WAN)))
    end = offsets[1:][wan]
    for back, value in enumerate(reversed(_WAN), start=1):
        keep = np.frombuffer(data, np.uint8)[end - back] == value
        wan, end = wan[keep], end[keep]
    if not len(wan):
        return Counts(size > 0, readable, low, low)
    ok, mantissa, decimals = _decimal(
        Cells(array.take(pa.array(wan))), _WAN, 7, suffixed=np.ones(len(wan), dtype=bool)
    )
    step = POW10[4 - decimals]  # one unit of the last digit; step ≥ 10, so step / 2 is whole
    high = low.copy()
    low[wan] = np.where(ok, mantissa * step - step // 2, 0)
    high[wan] = np.where(ok, mantissa * step + step // 2, 0)
    readable[wan] = ok
    return Counts(size > 0, readable, low, high)


def read_percents(array: pa.Array) -> Percents:
    """Printed percents with up to three digits before the point and three after, "%" or not.

    >>> found = read_percents(pa.array(["64.8%", "5", "7.", "百分之五"], pa.large_string()))
    >>> found.readable.tolist(), found.mantissa.tolist()[:2], found.decimals.tolist()[:2]
    ([True, True, False, False], [648, 5], [1, 0])
    >>> read_percents(pa.array(["64.8", "5.3%", "100.0", "1.2.3", "0.5"], pa.large_string())).mantissa.tolist()
    [648, 53, 1000, 0, 5]
    """
    # a column of percents repeats itself (a thousand one-decimal values below 100%):
    # each distinct text is read once and its reading taken for every cell that has it
    encoded = pc.dictionary_encode(array)
    if not len(encoded.dictionary) or 2 * len(encoded.dictionary) > len(array):
        cells = Cells(array)
        readable, mantissa, decimals = _decimal(cells, b"%", 3)
        return Percents(cells.size > 0, readable, mantissa, decimals)
    cells = Cells(encoded.dictionary)
    readable, mantissa, decimals = _decimal(cells, b"%", 3)
    index = pc.fill_null(encoded.indices, 0).to_numpy(zero_copy_only=False)
    given, mantissa, decimals = (cells.size > 0)[index], mantissa[index], decimals[index]
    if array.null_count:  # a null cell took the first text's reading: as unread, 0
        given &= bools(array.is_valid())
        mantissa, decimals = np.where(given, mantissa, 0), np.where(given, decimals, 0)
    return Percents(given, readable[index] & given, mantissa, decimals)
