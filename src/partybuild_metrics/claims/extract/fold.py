"""A folded copy of a text, of the same length, for matching words in any script.

Reports come in simplified and traditional characters (佔/占, 個/个, 淨增/净增, 萬/万) and with
full-width digits and signs (６４．８％). Extraction matches its words and reads numbers on a
folded copy in which each character is replaced by one character: traditional by simplified
(OpenCC's t2s conversion, one character at a time so that no phrase rule can change the
length), full-width ASCII by ASCII. Because the copy has the length of the text, every
offset found in it is an offset in the text, and quotes are cut from the text as printed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

_FULL_WIDTH: Final = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_EXTRA: Final = {
    "\u3000": " ", "\u00a0": " ", "−": "-", "—": "-", "–": "-", "～": "~", "﹪": "%", "﹔": ";",
    "﹐": ",", "﹑": "、", "﹒": ".", "﹕": ":", "﹖": "?", "﹗": "!", "﹙": "(", "﹚": ")",
}  # fmt: skip


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One character's folded form (always one character).

    >>> fold_char("佔"), fold_char("％"), fold_char("個"), fold_char("占")
    ('占', '%', '个', '占')
    """
    if ch in _FULL_WIDTH:
        return _FULL_WIDTH[ch]
    if ch in _EXTRA:
        return _EXTRA[ch]
    if ord(ch) < 0x2E80:
        return ch
    converted: str = _converter().convert(ch)
    return converted if len(converted) == 1 else ch


def fold(text: str) -> str:
    """The text with traditional characters simplified and full-width forms made ASCII.

    >>> fold("黨員總數為9671.2萬名,比上年淨增343.4萬名,增幅為3.7%")
    '党员总数为9671.2万名,比上年净增343.4万名,增幅为3.7%'
    >>> len(fold("６４．８％")) == len("６４．８％")
    True
    """
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    distinct = np.flatnonzero(np.bincount(codes))
    distinct = distinct[distinct >= 0x80]
    changed = [(int(c), ord(fold_char(chr(c)))) for c in distinct if fold_char(chr(c)) != chr(c)]
    if not changed:
        return text
    # one vectorised lookup instead of a dictionary lookup per character
    old = np.array([c for c, _ in changed], dtype=np.uint32)
    new = np.array([f for _, f in changed], dtype=np.uint32)
    where = np.searchsorted(old, codes)
    where[where == len(old)] = 0
    hit = old[where] == codes
    folded = np.where(hit, new[where], codes).astype(np.uint32)
    return folded.tobytes().decode("utf-32-le")
