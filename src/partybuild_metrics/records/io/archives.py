"""Archives (.xlsx, .docx) refused before any part is unpacked, when they are zip bombs."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Final

from partybuild_metrics.errors import InputError

MAX_UNPACKED: Final[int] = 2 * 1024**3
"""No part of a workbook or document may unpack to more than this."""
MAX_PACKING: Final[int] = 100
"""A part above BOMB_SIZE that unpacks to this many times its packed size is a zip bomb:
spreadsheet and document XML packs 5 to 30 times, empty rows repeated a million times
several hundred."""
BOMB_SIZE: Final[int] = 64 * 1024**2


def unpacked_limit(size: int) -> int:
    """The most a file of ``size`` bytes may unpack to (text written out for each cell
    that repeats it), by the rule zip archives are held to.

    >>> unpacked_limit(3_000), unpacked_limit(20 * 1024**2) // 1024**2
    (67108864, 2000)
    """
    return min(MAX_UNPACKED, max(BOMB_SIZE, MAX_PACKING * size))


def refuse_zip_bomb(path: Path | str, archive: zipfile.ZipFile) -> None:
    """Refuse an archive (.xlsx, .docx) whose parts unpack to far more than they could
    hold: read, it would take minutes and gigabytes before saying anything.

    >>> import io
    >>> packed = io.BytesIO()
    >>> with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", "<row/>" * 20_000_000)
    >>> refuse_zip_bomb("bomb.xlsx", zipfile.ZipFile(packed))
    Traceback (most recent call last):
    ...
    partybuild_metrics.errors.InputError: bomb.xlsx: xl/worksheets/sheet1.xml unpacks to 120,000,000 bytes, 686 times its packed size (a zip bomb, not a workbook or document someone saved)...
    """
    for info in archive.infolist():
        size, packed = info.file_size, max(info.compress_size, 1)
        if size > MAX_UNPACKED or (size > BOMB_SIZE and size > MAX_PACKING * packed):
            raise InputError(
                f"{info.filename} unpacks to {size:,} bytes, {size // packed:,} times its "
                "packed size (a zip bomb, not a workbook or document someone saved)",
                path=str(path),
                hint="open it in Excel, WPS or Word and save it again; if it came from "
                "outside, do not open it",
            )


def refuse_packed_rows(path: Path | str, rows: int, columns: int) -> None:
    """Refuse a Parquet file declaring far more cells than its bytes could hold by the
    same rule: 200 million copies of one row pack into 6 MB and take gigabytes to read.
    Tables people save hold a few cells a byte (the national records: 0.5 to 5).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".parquet") as small:
    ...     refuse_packed_rows(small.name, 1_000, 5)  # a small file: up to 64 million cells
    """
    size = max(Path(path).stat().st_size, 1)
    cells = rows * max(columns, 1)
    if cells > unpacked_limit(size):
        raise InputError(
            f"declares {rows:,} rows of {columns} columns in {size:,} bytes, more cells than "
            f"it could hold ({cells // size:,} a byte: a bomb, not a table someone saved)",
            path=str(path),
            hint="if it came from outside, do not open it; otherwise write the table again",
        )
