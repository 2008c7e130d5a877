"""Printed figures of a claims table read column-wise from Arrow text: counts, counts in 万, percents.

Each cell is cut, without copying its text, into four pieces that lie one after the
other in the column's own bytes: the digits before the point, the point, the digits
after it and the suffix ("万" or "%"). One Arrow pass checks that the digit pieces are
ASCII digits and one casts them to int64; numpy works out where the pieces lie and puts
the integers together. A cell of any other form (Chinese numerals, qualifiers, white
space, full-width digits, too many digits) is left unread, for the one-claim parser.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

POW10: Final = 10 ** np.arange(19, dtype=np.int64)
_WAN: Final = "万".encode()
_MARGIN: Final = 4  # bytes before the first cell: room for reading up to four bytes back
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
        self.size = self.end - self.start
        if array.null_count:
            self.size = np.where(bools(array.is_valid()), self.size, 0)

    def ends_with(self, suffix: bytes) -> np.ndarray:
        """Cells whose last bytes are ``suffix`` (of at most four bytes)."""
        found = self.size >= len(suffix)
        for back, value in enumerate(reversed(suffix), start=1):
            found &= self.bytes[self.end - back] == value
        return found

    def not_blank(self) -> np.ndarray:
        """Cells with a character that ``str.strip`` keeps."""
        filled = self.size > 0
        doubtful = np.flatnonzero(filled & _SPACE_LEADS[self.bytes[self.start]])
        if len(doubtful):
            texts = self.array.take(pa.array(doubtful)).to_pylist()
            filled[doubtful] = [bool(text.strip()) for text in texts]
        return filled


def not_blank(column: pa.ChunkedArray) -> np.ndarray:
    """Cells of a column with a character that ``str.strip`` keeps."""
    if not len(column):
        return np.zeros(0, dtype=bool)
    return np.concatenate([Cells(chunk).not_blank() for chunk in column.chunks])


def _decimal(
    cells: Cells, suffix: bytes, max_whole: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ASCII digits with at most one point, up to three decimals and ``max_whole`` digits
    before it, then an optional ``suffix``: (readable, mantissa, decimals) per cell.

    Read left to right, one place of every cell at a time (Horner's rule in int64).
    """
    suffixed = cells.ends_with(suffix)
    body = cells.size - len(suffix) * suffixed
    width = max_whole + 4
    readable = (body >= 1) & (body <= width)
    width = min(width, int(body.max(initial=0)))  # no cell has more places than the longest
    mantissa = np.zeros(cells.rows, dtype=np.int64)
    decimals = np.zeros(cells.rows, dtype=np.int8)
    points = np.zeros(cells.rows, dtype=np.int8)
    for place in range(width):
        present = place < body
        byte = cells.bytes[cells.start + place]
        point = (byte == 0x2E) & present
        digit = byte - np.uint8(0x30)
        counted = (digit < 10) & present
        readable &= counted | point | ~present
        decimals += counted & (points > 0)
        points += point
        mantissa = np.where(counted, mantissa * 10 + digit, mantissa)
    whole = body - decimals - points
    readable &= (points == 0) | ((points == 1) & (decimals >= 1) & (decimals <= 3))
    readable &= (whole >= 1) & (whole <= max_whole)
    return readable, np.where(readable, mantissa, 0), np.where(readable, decimals, 0)


def read_counts(array: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Plain counts and counts in 万: (given, readable, low, high), the bounds as int64.

    "2843.1万" is rounded at its last digit: [28,430,500, 28,431,500].

    >>> given, readable, low, high = read_counts(pa.array(["133", "9899万", "2843.1万", "", "七十", "5.5"], pa.large_string()))
    >>> readable.tolist(), low.tolist()[:3], high.tolist()[:3]
    ([True, True, True, False, False, False], [133, 98985000, 28430500], [133, 98995000, 28431500])
    """
    cells = Cells(array)
    plain = bools(pc.ascii_is_decimal(array)) & (cells.size <= 11)
    low = np.zeros(cells.rows, dtype=np.int64)
    if plain.any():  # cast with the other cells as nulls, so their text is never copied
        bitmap = np.packbits(
            np.concatenate([np.zeros(array.offset, bool), plain]), bitorder="little"
        )
        digits = pa.Array.from_buffers(
            pa.large_string(),
            cells.rows,
            [pa.py_buffer(bitmap), *array.buffers()[1:]],
            offset=array.offset,
        )
        values = pc.cast(digits, pa.int64())
        low = np.where(
            plain,
            np.frombuffer(
                values.buffers()[1], np.int64, count=cells.rows, offset=values.offset * 8
            ),
            0,
        )
    high = low
    wan = np.flatnonzero(cells.ends_with(_WAN))
    if len(wan):
        readable, mantissa, decimals = _decimal(Cells(array.take(pa.array(wan))), _WAN, max_whole=7)
        step = POW10[4 - decimals]  # one unit of the last digit; step ≥ 10, so step / 2 is whole
        low, high = low.copy(), low.copy()
        low[wan] = np.where(readable, mantissa * step - step // 2, 0)
        high[wan] = np.where(readable, mantissa * step + step // 2, 0)
        plain[wan] = readable
    return cells.size > 0, plain, low, high


def read_percents(array: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Printed percents: (given, readable, mantissa, decimals); "64.8%" is (…, 648, 1).

    >>> given, readable, mantissa, decimals = read_percents(pa.array(["64.8%", "5", "7.", "百分之五"], pa.large_string()))
    >>> readable.tolist(), mantissa.tolist()[:2], decimals.tolist()[:2]
    ([True, True, False, False], [648, 5], [1, 0])
    """
    cells = Cells(array)
    readable, mantissa, decimals = _decimal(cells, b"%", max_whole=3)
    return cells.size > 0, readable, mantissa, decimals
