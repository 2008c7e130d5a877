"""Facts about Arrow strings read from their buffers, for columns of tens of millions.

An Arrow string column is an array of offsets into one buffer of UTF-8 bytes. Lengths
and the first and last byte of every string come straight from those two buffers with
numpy, where Arrow's kernels (``binary_length``, ``utf8_trim_whitespace``) build a new
array of the same size first.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def arrow_text(values: pd.Series) -> Any:
    """A pandas text column as the Arrow strings behind it (no copy for ``str`` columns)."""
    import pyarrow as pa

    return pa.array(values.astype("str"))


def _chunks(text: Any) -> list[Any]:
    import pyarrow as pa

    return list(text.chunks) if isinstance(text, pa.ChunkedArray) else [text]


def _offsets(chunk: Any) -> np.ndarray:
    import pyarrow as pa

    offset_type = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(chunk.buffers()[1], dtype=offset_type)
    return offsets[chunk.offset : chunk.offset + len(chunk) + 1]


def short_lengths(text: Any) -> np.ndarray:
    """The length in bytes of each string, as uint8: 255 stands for 255 or more.

    An eighth of the memory of int64 lengths, and enough to tell the widths of ids.

    >>> short_lengths(arrow_text(pd.Series(["H1", "村", None, "x" * 300]))).tolist()
    [2, 3, 0, 255]
    """
    parts = [np.diff(_offsets(chunk)).clip(max=255).astype(np.uint8) for chunk in _chunks(text)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint8)


def _order_key(value: Any) -> tuple[int, bytes]:
    data = value.as_buffer().to_pybytes() if value.is_valid else b""
    return len(data), data


def rises(text: Any) -> np.ndarray:
    """For each string after the first: does it come after the one before it, ordered
    by length in bytes and then byte by byte (so ``H9`` comes before ``H10``)?

    Worked out chunk by chunk: temporaries of a chunk's size, not the column's.

    >>> rises(arrow_text(pd.Series(["H9", "H10", "H10", "H2"]))).tolist()
    [True, False, False]
    """
    import pyarrow.compute as pc

    found = []
    last: tuple[int, bytes] | None = None
    for chunk in _chunks(text):
        if len(chunk) == 0:
            continue
        if last is not None:
            found.append(np.array([_order_key(chunk[0]) > last]))
        lengths = np.diff(_offsets(chunk))
        greater = pc.fill_null(pc.greater(chunk[1:], chunk[:-1]), False)
        same_length = lengths[1:] == lengths[:-1]
        found.append(
            (lengths[1:] > lengths[:-1])
            | (same_length & np.asarray(greater.to_numpy(zero_copy_only=False)))
        )
        last = _order_key(chunk[-1])
    return np.concatenate(found) if found else np.zeros(0, dtype=bool)


def has_blank(text: Any) -> bool:
    """True when some string is empty or missing (a missing one has no bytes either)."""
    return any(bool((np.diff(_offsets(chunk)) == 0).any()) for chunk in _chunks(text))


def _codes_in(chunk: Any, lengths: tuple[int, ...]) -> np.ndarray:
    import pyarrow.compute as pc

    digits = pc.fill_null(pc.ascii_is_decimal(chunk), False).to_numpy(zero_copy_only=False)
    size = np.diff(_offsets(chunk))
    right_size = np.zeros(len(chunk), dtype=bool)
    for length in lengths:
        right_size |= size == length
    return np.asarray(digits) & right_size


def codes_of_length(text: Any, lengths: tuple[int, ...]) -> np.ndarray:
    """True where a string is ASCII digits and one of ``lengths`` bytes long.

    >>> codes_of_length(arrow_text(pd.Series(["210283", "21028", "２１", None])), (6,)).tolist()
    [True, False, False, False]
    """
    found = [_codes_in(chunk, lengths) for chunk in _chunks(text)]
    return np.concatenate(found) if found else np.zeros(0, dtype=bool)


def not_codes(text: Any, lengths: tuple[int, ...]) -> np.ndarray:
    """Positions of the strings, blanks aside, that are not codes of one of ``lengths``.

    Found chunk by chunk: no array as long as the column is made, and in a clean
    column of codes there are no positions to give.

    >>> not_codes(arrow_text(pd.Series(["210283", "21028", None, "２１"])), (6,)).tolist()
    [1, 3]
    """
    found = []
    start = 0
    for chunk in _chunks(text):
        doubtful = ~_codes_in(chunk, lengths)
        if chunk.null_count:
            doubtful &= np.asarray(chunk.is_valid().to_numpy(zero_copy_only=False))
        found.append(np.flatnonzero(doubtful) + start)
        start += len(chunk)
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _byte_table(values: list[int]) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[values] = True
    return table


_ASCII_SPACE = [9, 10, 11, 12, 13, 28, 29, 30, 31, 32]
_SPACE_FIRST_BYTES = _byte_table([*_ASCII_SPACE, 0xC2, 0xE1, 0xE2, 0xE3])
"""First bytes of whitespace in UTF-8: ASCII, U+0085/U+00A0, U+1680, U+2000–U+205F, U+3000."""
_SPACE_LAST_BYTES = _byte_table(
    [*_ASCII_SPACE, 0x85, 0xA0, *range(0x80, 0x8B), 0x9F, 0xA8, 0xA9, 0xAF]
)
"""Last bytes of the same characters."""


def maybe_padded(text: Any) -> Any:
    """The strings (none of them blank) that could start or end with whitespace.

    A string left out certainly does not; one kept must be trimmed to find out.

    >>> maybe_padded(arrow_text(pd.Series(["东山村", "东山村 ", "\u3000东山"]))).to_pylist()
    ['东山村 ', '\u3000东山']
    """
    import pyarrow as pa

    kept = []
    for chunk in _chunks(text):
        if len(chunk) == 0:
            continue
        offsets = _offsets(chunk)
        data = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)
        doubtful = _SPACE_FIRST_BYTES[data[offsets[:-1]]] | _SPACE_LAST_BYTES[data[offsets[1:] - 1]]
        if doubtful.any():
            kept.append(chunk.filter(pa.array(doubtful)))
    return pa.chunked_array(kept, type=text.type)
