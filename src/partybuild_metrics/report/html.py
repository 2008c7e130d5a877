"""The report as one self-contained HTML page: Jinja2 with autoescaping, figures inlined."""

from __future__ import annotations

import base64
import re
from typing import TYPE_CHECKING, Final

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from partybuild_metrics.neutralise import BIDI_SHOWN
from partybuild_metrics.report.webfont import FAMILY, font_face

if TYPE_CHECKING:
    from partybuild_metrics.report.model import ReportContent

QUARANTINE_ROWS_SHOWN: Final[int] = 200
"""The HTML lists this many quarantined problems; the workbook lists them all."""

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Section numbers as Chinese numerals, 1 to 99.

    >>> chinese_number(3), chinese_number(10), chinese_number(14), chinese_number(20)
    ('三', '十', '十四', '二十')
    """
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


_CONTROL_PICTURES: Final[dict[int, int | str]] = {
    **{code: 0x2400 + code for code in range(32) if chr(code) not in "\t\n\r"},
    0x7F: 0x2421,
    **BIDI_SHOWN,
}
"""Control characters a workbook may hold (_x0000_, _x001B_) as their visible pictures
(␀, ␛): a page is no place for a raw NUL or escape; bidirectional marks as escapes."""


def _visible_controls(value: object) -> object:
    """Each value printed into the page, its control characters shown as pictures."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return value.translate(_CONTROL_PICTURES)
    return value


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("partybuild_metrics.report", "templates"),
        autoescape=True,  # text from the records (village names, cell values) is escaped
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        finalize=_visible_controls,
    )
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.filters["chinese_number"] = chinese_number
    env.globals["font_family"] = FAMILY
    return env


FONT_SLOT: Final[str] = "/* embedded font */"
_DATA_URI = re.compile(r"data:[a-z/]+;base64,[A-Za-z0-9+/=]+")


def render_html(report: ReportContent) -> str:
    """The report's HTML, with the web font for exactly the characters it shows; the same
    report gives the same text."""
    template = _environment().get_template("report.html.j2")
    page = template.render(
        report=report, quarantine_limit=QUARANTINE_ROWS_SHOWN, font_slot=FONT_SLOT
    )
    characters = set(_DATA_URI.sub("", page))
    return page.replace(FONT_SLOT, font_face("".join(characters)), 1)
