"""The report's Chinese on any machine: a web font embedded in the page.

The page carries a subset of the Noto Sans CJK SC that the ``noto-cjk-sans-otc``
dependency installs (SIL Open Font License 1.1, its copyright and licence kept in the
subset's name table), holding only the characters the page uses: about 500 glyphs,
150 KB, where the whole font is 19 MB. fontTools (installed with matplotlib) cuts it.

It is embedded as WOFF (zlib) rather than WOFF2 (Brotli): for this CFF font WOFF2 saves
about 10% (132 KB against 146 KB for the sample report, 1% of the page with its
figures) and would add a compiled dependency.
"""

from __future__ import annotations

import base64
import functools
import io
import os
from typing import Final

FAMILY: Final[str] = "Noto Sans CJK SC Subset"
"""The CSS family name of the embedded font."""
FACE: Final[str] = "Noto Sans CJK SC"
"""The face of the bundled collection the subset is cut from."""
NAME_IDS: Final[list[int]] = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]
"""Name records kept: copyright, names, version, trademark, licence and its URL."""


def _bundled_path() -> str | None:
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError:
        return None
    path = str(FONT_PATH)
    return path if os.path.exists(path) else None


@functools.cache
def _face_index(path: str) -> int:
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == FACE:
            return index
    raise LookupError(f"{path} holds no '{FACE}' face")


@functools.lru_cache(maxsize=4)
def subset_woff(characters: str) -> bytes | None:
    """The bundled font cut to ``characters``, as WOFF bytes; None without the font.

    The same characters give the same bytes.

    >>> data = subset_woff("村两委")
    >>> data is None or data[:4] == b"wOFF"
    True
    """
    path = _bundled_path()
    if path is None:
        return None
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # The timestamp kept as it is: the same characters must give the same bytes.
    font = TTFont(path, fontNumber=_face_index(path), lazy=False, recalcTimestamp=False)
    options = subset.Options()
    options.name_IDs = NAME_IDS
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted({ord(ch) for ch in characters if not ch.isspace()}))
    subsetter.subset(font)
    font.flavor = "woff"
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def font_face(characters: str) -> str:
    """The CSS ``@font-face`` rule embedding the subset for ``characters`` ('' without the font)."""
    data = subset_woff("".join(sorted(set(characters))))
    if data is None:
        return ""
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: 400; '
        f'src: url("data:font/woff;base64,{encoded}") format("woff"); }}'
    )
