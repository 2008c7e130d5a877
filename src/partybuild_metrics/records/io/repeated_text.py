"""Workbooks refused when their cells repeat text to far more than the file holds.

An .xlsx cell of text names an entry of the shared strings (``<c t="s"><v>6</v></c>``),
and a reader gives every cell its own copy: one 5,000-character entry named by 600,000
cells is a 2 MB file that takes tens of gigabytes to read. An OpenDocument cell may say
it is repeated (``table:number-rows-repeated="100000"``), and a reader writes its text
out for each repeat: 900 bytes, the same gigabytes. The sheets pack well and unpack to a
size any workbook may have, so the zip bomb rule does not see it; the text the cells
will hold is counted before any reader starts.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Final
from xml.etree import ElementTree

import numpy as np

from partybuild_metrics.errors import InputError

_SHARED_CELL: Final = re.compile(
    # the start of a cell of shared text that holds something (not <c t="s"/>) …
    rb"""<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])[^>]*?\st\s*=\s*["']s["'][^>]*(?<!/)>"""
    # … whatever a reader passes over before the value: a comment, a formula, an empty <is/>
    rb"""(?:(?!</(?:[A-Za-z_][\w.-]*:)?c>).){0,4096}?"""
    rb"""<(?:[A-Za-z_][\w.-]*:)?v(?:\s[^>]*)?>([^<]{0,64})<""",
    re.DOTALL,
)
_STRING_TYPE: Final = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?c(?=[\s/>])[^>]*?\st\s*=\s*["']s["'][^>]*(?<!/)>"""
)
"""The start of a cell of shared text that holds something, whatever follows it."""
MAX_REPEATED_TEXT: Final = 1024**3
REPEATED_FLOOR: Final = 256 * 1024**2
REPEATED_PACKING: Final = 1000
"""Text the cells may repeat: a thousand times the file's size, at least 256 MB, at most
1 GB. A long note copied down a column of a real sheet repeats its text some hundreds of
times the file's size (2,200 rows of a 32,000-character note: 280 times); the bombs
found repeat it 5,000 to 100,000 times."""


def repeated_limit(size: int) -> int:
    """The most text the cells of a workbook of ``size`` bytes may hold once each is
    written out.

    >>> repeated_limit(7_000) // 1024**2, repeated_limit(760_000) // 1024**2
    (256, 724)
    """
    return min(MAX_REPEATED_TEXT, max(REPEATED_FLOOR, REPEATED_PACKING * size))


_ENTRY: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
_CHUNK: Final = 1 << 22
_SHARED_TYPE: Final = "/sharedStrings"
_RELS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def refuse_repeated_text(
    path: Path | str, archive: zipfile.ZipFile, cells: Mapping[str, int]
) -> None:
    """Refuse an .xlsx whose cells (``cells``: how many each sheet part writes) would be
    read as far more text than the file holds, by the zip bomb rule.

    Most workbooks pass on one look: their cells times the longest shared string stay
    under the limit. Otherwise the shared string each cell names is counted.
    """
    sizes = _entry_sizes(archive)
    if not len(sizes) or not cells:
        return
    if sum(cells.values()) * int(sizes.max()) <= repeated_limit(max(Path(path).stat().st_size, 1)):
        return
    text = 0
    for member in cells:
        text += _text_of_cells(archive, member, sizes)
        refuse_text_beyond(path, text)


def refuse_text_beyond(path: Path | str, text: int) -> None:
    """Refuse a workbook whose cells hold ``text`` bytes, if that is more than the file
    at ``path`` may unpack to."""
    size = max(Path(path).stat().st_size, 1)
    limit = repeated_limit(size)
    if text > limit:
        raise InputError(
            f"its cells repeat their text to more than {limit:,} bytes, "
            f"{limit // size:,} times the file's size (a bomb, not a workbook someone saved)",
            path=str(path),
            hint="if it came from outside, do not open it; otherwise copy the table into "
            "a new workbook, or save it as CSV",
        )


def _entry_sizes(archive: zipfile.ZipFile) -> np.ndarray:
    """The bytes of each shared string's element (at least its text in UTF-8), in order."""
    member = _shared_strings_member(archive)
    if member is None:
        return np.zeros(0, dtype=np.int64)
    starts: list[int] = []
    read = 0
    tail = b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            data = tail + chunk
            base = read - len(tail)
            starts.extend(base + m.start() for m in _ENTRY.finditer(data) if m.end() > len(tail))
            read += len(chunk)
            tail = data[-64:]
    return np.diff(np.array([*starts, read], dtype=np.int64))


def _shared_strings_member(archive: zipfile.ZipFile) -> str | None:
    """The shared strings' part: as the workbook's relationships name it, else where Excel
    puts it."""
    names = {name.lower(): name for name in archive.namelist()}
    try:
        rels = ElementTree.fromstring(archive.read(names.get("xl/_rels/workbook.xml.rels", "")))
    except (KeyError, ElementTree.ParseError):
        rels = None
    if rels is not None:
        for rel in rels.iter(f"{_RELS}Relationship"):
            target = rel.get("Target", "")
            if rel.get("Type", "").endswith(_SHARED_TYPE) and target:
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                found = names.get(posixpath.normpath(member).lower())
                if found:
                    return found
    return names.get("xl/sharedstrings.xml")


def _text_of_cells(archive: zipfile.ZipFile, member: str, sizes: np.ndarray) -> int:
    """The bytes of shared text the cells of one sheet part name, each cell its own; a cell
    of shared text whose index is not written plainly (``<v>&#53;</v>``) counts as naming
    the longest string."""
    text = 0
    tail = b""
    longest = int(sizes.max())
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            data = tail + chunk
            values = [m[1] for m in _SHARED_CELL.finditer(data) if m.end() > len(tail)]
            typed = sum(m.end() > len(tail) for m in _STRING_TYPE.finditer(data))
            found = [_index(value) for value in values]
            index = np.array([i for i in found if i is not None and i >= 0], dtype=np.int64)
            text += int(sizes[index[index < len(sizes)]].sum())
            # a value that is no index, and a cell whose value lies beyond what is looked
            # at, are counted as naming the longest string; an empty value names none
            unread = sum(i is None for i in found) + max(typed - len(values), 0)
            text += unread * longest
            tail = data[-4608:]
    return text


def _index(value: bytes) -> int | None:
    """A cell's shared-string index as its reader takes it ("5", " 5 ", "&#53;"), -1 for an
    empty value, None for one it is not."""
    text = html.unescape(value.decode("utf-8", "replace")).strip()
    if not text:
        return -1
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else None
