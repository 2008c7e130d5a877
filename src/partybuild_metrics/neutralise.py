"""Text from the records made harmless where the library writes it.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is
run as a formula by Excel, WPS and LibreOffice when a CSV or workbook is opened. OWASP's
advice on CSV injection is followed: such a cell is written with a leading apostrophe
(in a CSV) or stored as text with Excel's quote prefix (in a workbook). A value that is
just a number (``-3.5``, ``+12%``) is left as it is: it cannot run.

Terminals obey control characters (``\\x1b`` moves the cursor, recolours, retitles) and
bidirectional marks reorder what is shown: both are printed as visible escapes.
"""

from __future__ import annotations

import re
from typing import Any, Final

import pandas as pd

FORMULA_STARTS: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""First characters that make a spreadsheet read a cell as a formula (full-width too)."""
_PLAIN_NUMBER = re.compile(r"[+\-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+\-]?\d+)?%?")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def runs_as_formula(text: str) -> bool:
    """True when a spreadsheet would run ``text`` as a formula.

    >>> runs_as_formula("=1+1"), runs_as_formula("@SUM(A1)"), runs_as_formula("-3.5")
    (True, True, False)
    """
    return text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text)


def csv_cell(value: Any) -> Any:
    """A value as written to CSV: text that would run as a formula gets a leading apostrophe.

    >>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("东山村"), csv_cell(-2)
    ('\\'=HYPERLINK("http://x")', '东山村', -2)
    """
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame whose text cells and headers are safe to write as CSV (see :func:`csv_cell`).

    >>> csv_safe(pd.DataFrame({"name": ["+1 village", "ok"], "n": [1, 2]}))["name"].tolist()
    ["'+1 village", 'ok']
    """
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or isinstance(
            values.dtype, (pd.StringDtype, pd.CategoricalDtype)
        ):
            out[column] = values.astype(object).map(csv_cell)
    return out.set_axis([csv_cell(str(c)) for c in out.columns], axis=1)


def for_terminal(text: object) -> str:
    """Text as printed to a terminal: control and bidirectional characters, and the line
    and paragraph separators (U+2028, U+2029), as escapes.

    >>> print(for_terminal("东山村\\x1b[2J\\n\\u202e"))
    东山村\\x1b[2J\\x0a\\u202e
    """
    return _FOR_TERMINAL.sub(_escaped, str(text))


ACTED_ON: Final = re.escape("".join(sorted(_BIDI))) + "\x7f-\x9f\u2028\u2029"
"""Characters beyond ASCII's C0 controls that a terminal or an editor acts on (DEL, the C1
controls, the line and paragraph separators, the bidirectional marks), as the inside of a
character class."""
_FOR_TERMINAL = re.compile("[\x00-\x1f" + ACTED_ON + "]")
"""What :func:`for_terminal` escapes: the control characters (Unicode's Cc), the line and
paragraph separators and the bidirectional marks; found by one scan in C."""


def _escaped(match: re.Match[str]) -> str:
    return visible_escape(match[0])


def visible_escape(char: str) -> str:
    r"""A character written as the escape that names it: ``\x1b``, ``\u202e``.

    >>> print(visible_escape("\x1b"), visible_escape("\u202e"))
    \x1b \u202e
    """
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


BIDI_SHOWN: Final = {ord(mark): visible_escape(mark) for mark in sorted(_BIDI)}
"""The bidirectional marks as their escapes, for ``str.translate``: a page or a workbook
shows a village name in the order it was typed, never reordered by a mark hidden in it."""


def bidi_shown(text: str) -> str:
    """Text with its bidirectional marks written as escapes.

    >>> print(bidi_shown("东山村\u202e321"))
    东山村\u202e321
    """
    return text.translate(BIDI_SHOWN)


def print_safe(*parts: object, file: Any = None) -> None:
    """Print one line to a terminal (or ``file``) with :func:`for_terminal` applied."""
    print(for_terminal(" ".join(str(part) for part in parts)), file=file)
