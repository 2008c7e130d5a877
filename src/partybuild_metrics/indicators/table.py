"""IndicatorTable: the tidy result of :func:`compute`, which shows itself rounded."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from partybuild_metrics.indicators.base import REGISTRY
from partybuild_metrics.indicators.names import display_name
from partybuild_metrics.rounding import check_decimals, check_mode, round_fraction

TABLE_COLUMNS = [
    "indicator", "category", "level", "code", "name", "year",
    "numerator", "denominator", "value", "kind", "params", "note",
]  # fmt: skip
PERCENT_KINDS = ("share", "rate", "growth")
MISSING = "—"
"""How a missing value is printed."""


def rounded_value(
    kind: str, numerator: Any, denominator: Any, decimals: int, mode: str
) -> int | Decimal | None:
    """One value as a report states it: a count as an integer, a share or rate as a percent.

    Shares, rates and growth give the percent (64.9 for 133/205), means the mean, both
    rounded exactly with ``mode``; None when the value is missing.

    >>> rounded_value("share", 133, 205, 1, "half_up"), rounded_value("count", 133, pd.NA, 1, "half_up")
    (Decimal('64.9'), 133)
    """
    if pd.isna(numerator):
        return None
    if kind in ("count", "sum"):
        return int(numerator)
    if pd.isna(denominator) or int(denominator) == 0:
        return None
    exact = Fraction(int(numerator), int(denominator))
    if kind == "growth":
        exact -= 1
    return round_fraction(exact * 100 if kind in PERCENT_KINDS else exact, decimals, mode)


def shown_value(kind: str, numerator: Any, denominator: Any, decimals: int, mode: str) -> str:
    """One value as a report prints it, rounded exactly from its integers.

    >>> shown_value("share", 133, 205, 1, "half_up"), shown_value("mean", 43212, 831, 1, "half_up")
    ('64.9%', '52.0')
    >>> shown_value("growth", 380000, 45000, 1, "half_up"), shown_value("count", 133, pd.NA, 1, "half_up")
    ('744.4%', '133')
    """
    value = rounded_value(kind, numerator, denominator, decimals, mode)
    if value is None:
        return ""
    return f"{value}%" if kind in PERCENT_KINDS else str(value)


class IndicatorTable(pd.DataFrame):
    """A tidy table of indicators: one row per indicator, category, unit and year.

    Columns: indicator, category, level, code, name, year, numerator, denominator,
    value, kind, params (JSON of the parameters used), note (why a value is missing).
    Numerators and denominators are exact integers; ``value`` is their ratio as a float
    for sorting and plotting. Use :meth:`formatted` for what a report prints.
    """

    @property
    def _constructor(self) -> type[IndicatorTable]:
        return IndicatorTable

    def formatted(
        self, rounding: str = "half_up", decimals: int = 1, lang: str = "zh"
    ) -> pd.DataFrame:
        """The table as a report shows it: indicator names with their parameters, values
        rounded exactly, a missing value as — with the note that says why."""
        mode = check_mode(rounding)
        decimals = check_decimals(decimals)
        keys = list(zip(self["indicator"].astype(str), self["params"].astype(str), strict=True))
        names = {
            key: display_name(key[0], key[1], lang) if key[0] in REGISTRY else key[0]
            for key in dict.fromkeys(keys)
        }
        shown = [
            (shown_value(kind, n, d, decimals, mode) if pd.notna(v) else "") or MISSING
            for kind, n, d, v in zip(
                self["kind"], self["numerator"], self["denominator"], self["value"], strict=True
            )
        ]
        out = pd.DataFrame(
            {
                "指标" if lang == "zh" else "indicator": [names[key] for key in keys],
                "类别" if lang == "zh" else "category": self["category"],
                "代码" if lang == "zh" else "code": self["code"],
                "单位" if lang == "zh" else "unit": self["name"],
                "年度" if lang == "zh" else "year": self["year"],
                "分子" if lang == "zh" else "numerator": self["numerator"],
                "分母" if lang == "zh" else "denominator": self["denominator"],
                "数值" if lang == "zh" else "value": shown,
                "说明" if lang == "zh" else "note": self["note"].astype(str).to_numpy(),
            }
        )
        return out.reset_index(drop=True)

    def _repr_html_(self) -> str:
        if not set(TABLE_COLUMNS) <= set(self.columns):  # a selection of columns shows as is
            return str(pd.DataFrame(self).to_html(na_rep=""))
        return self.formatted().to_html(index=False, na_rep="")
