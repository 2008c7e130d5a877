"""The text of a Word .docx document, read with python-docx.

python-docx is the maintained reader of the format (Office Open XML, what Word and WPS
save): it gives paragraphs and tables in document order. Each paragraph is a line; each
table row a line with its cells separated by a tab; a table inside a cell is read in place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any


def _rows(table: Any) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per grid column it spans
                continue
            seen.add(id(cell._tc))
            inner = list(_blocks(cell))
            cells.append(" ".join(part for part in inner if part))
        if any(cells):
            yield "\t".join(cells)


def _blocks(container: Any) -> Iterator[str]:
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _rows(block)
        else:
            yield block.text


def docx_paragraphs(stream: IO[bytes]) -> list[str]:
    """The lines of a .docx document: paragraphs, and table rows with cells tab-separated."""
    import docx

    document = docx.Document(stream)
    return list(_blocks(document))
