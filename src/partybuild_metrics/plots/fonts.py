"""A font that draws Chinese: an installed CJK font, else the Noto Sans CJK dependency.

Charts use a family list with a Latin font first and the CJK font after it, so digits
and the minus sign come from the Latin font and Han characters from the CJK one. The
font is found once per process; when none can be had, charts warn once and use
English labels with unit codes in place of names.
"""

from __future__ import annotations

import functools
import os
import warnings
from dataclasses import dataclass
from typing import Final

from matplotlib import font_manager

from partybuild_metrics.neutralise import for_terminal

INSTALLED_CJK_FAMILIES: Final[tuple[str, ...]] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
"""CJK fonts looked for among the installed fonts, in order of preference."""

LATIN_FAMILY: Final[str] = "DejaVu Sans"
FONT_ENV: Final[str] = "PARTYBUILD_METRICS_CJK_FONT"
"""Environment variable naming a font file to use for Chinese (takes precedence)."""

NO_FONT_HINT: Final[str] = (
    "no font that draws Chinese was found, so charts use English labels. "
    "Fix: `python -m pip install noto-cjk-sans-otc` (it comes with partybuild-metrics), "
    "install a CJK font such as fonts-noto-cjk, or set "
    f"{FONT_ENV}=/path/to/a/cjk-font.ttf"
)


class FontWarning(UserWarning):
    """No font that draws Chinese could be found."""


def _registered(path: str) -> str | None:
    """Register a font file with matplotlib and return its Simplified Chinese family."""
    before = {entry.name for entry in font_manager.fontManager.ttflist}
    try:
        font_manager.fontManager.addfont(path)
    except (OSError, RuntimeError, ValueError):
        return None
    names = [entry.name for entry in font_manager.fontManager.ttflist if entry.fname == path]
    for name in names:
        if name.endswith(" SC") or name.endswith(" CN"):
            return name
    added = [name for name in names if name not in before]
    return (added or names)[0] if names else None


def _bundled_font() -> str | None:
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError:
        return None
    path = str(FONT_PATH)
    return _registered(path) if os.path.exists(path) else None


@functools.cache
def cjk_font() -> str | None:
    """The family name of a font that draws Chinese, or None when there is none.

    Looks at ``PARTYBUILD_METRICS_CJK_FONT`` first, then the installed fonts in
    :data:`INSTALLED_CJK_FAMILIES` order, then the Noto Sans CJK font that the
    ``noto-cjk-sans-otc`` dependency installs.

    >>> cjk_font() is None or isinstance(cjk_font(), str)
    True
    """
    given = os.environ.get(FONT_ENV)
    if given:
        found = _registered(given)
        if found:
            return found
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in INSTALLED_CJK_FAMILIES:
        if family in installed:
            return family
    return _bundled_font()


@dataclass(frozen=True)
class Typography:
    """The language and fonts one chart is drawn with."""

    lang: str
    family: tuple[str, ...]
    cjk: bool

    def unit(self, name: object, code: object) -> str:
        """A unit's label: its name (shortened) when Chinese can be drawn, else its code."""
        text = "" if name is None else str(name)
        return chart_text(text if self.cjk and text and text != "nan" else str(code))

    def text(self, zh: str, en: str) -> str:
        """The Chinese or the English of a label."""
        return zh if self.lang == "zh" else en


CHART_TEXT_LIMIT: Final[int] = 24
"""Characters of a name from the records shown in a chart; tables show it whole."""


def chart_text(value: object, limit: int = CHART_TEXT_LIMIT) -> str:
    """Text from the records as a chart draws it: control characters made visible, cut to
    ``limit`` characters (so drawing time does not grow with it), ``$`` kept literal
    (matplotlib would read $…$ as mathematics).

    >>> chart_text("青松镇" * 20)
    '青松镇青松镇青松镇青松镇青松镇青松镇青松镇青松…'
    >>> print(chart_text("$x^2$村"))
    \\$x^2\\$村
    """
    text = for_terminal(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("$", r"\$")


@functools.cache
def _warn_no_font() -> None:
    warnings.warn(NO_FONT_HINT, FontWarning, stacklevel=4)


def typography(lang: str) -> Typography:
    """Fonts and language for a chart; falls back to English, warning once, without a CJK font.

    >>> typography("en").lang
    'en'
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"`lang` must be one of 'zh', 'en', got '{lang}'")
    font = cjk_font()
    if font is None:
        if lang == "zh":
            _warn_no_font()
        return Typography("en", (LATIN_FAMILY,), cjk=False)
    return Typography(lang, (LATIN_FAMILY, font), cjk=True)
