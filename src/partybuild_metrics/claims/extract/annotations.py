"""Pinyin printed in brackets after characters, as some converted pages carry it.

Pages run through a simplified-to-traditional converter sometimes keep the reading of a
character in brackets after it: "黨員總數(shù)為8944.7萬(wàn)名", "百分之十點(diǎn)八". The
figures and their measure words are then split apart. Extraction reads the text with
these readings taken out and maps every offset back, so that quotes and offsets still
point into the text as printed.
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import numpy.typing as npt

_READING: Final = re.compile(
    r"(?<=[\u3400-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]"
)


class Annotated:
    """A text with its bracketed readings taken out, and where each character came from.

    >>> a = Annotated("總數(shù)為8944.7萬(wàn)名")
    >>> a.read
    '總數為8944.7萬名'
    >>> start, end = a.span(3, 10)
    >>> a.text[start:end]
    '8944.7萬'
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._where: npt.NDArray[np.int64] | None = None
        self.read = text
        if "(" not in text and "（" not in text:
            return
        cuts = [m.span() for m in _READING.finditer(text)]
        if not cuts:
            return
        keep = np.ones(len(text), dtype=bool)
        pieces, last = [], 0
        for start, end in cuts:
            keep[start:end] = False
            pieces.append(text[last:start])
            last = end
        pieces.append(text[last:])
        self.read = "".join(pieces)
        self._where = np.flatnonzero(keep)

    def start(self, offset: int) -> int:
        """The offset in the text of a character of the read text."""
        if self._where is None or offset >= len(self._where):
            return offset if self._where is None else len(self.text)
        return int(self._where[offset])

    def end(self, offset: int) -> int:
        """The offset in the text just after the read character before ``offset``."""
        if self._where is None:
            return offset
        return int(self._where[offset - 1]) + 1 if offset > 0 else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the read text as a span of the text."""
        return self.start(start), self.end(end)
