"""Change of an indicator between two years, as reports state it (个百分点, %)."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from partybuild_metrics.indicators.table import IndicatorTable


def _fraction(numerator: object, denominator: object) -> Fraction | None:
    if pd.isna(numerator) or pd.isna(denominator) or int(denominator) == 0:  # type: ignore[call-overload]
        return None
    return Fraction(int(numerator), int(denominator))  # type: ignore[call-overload]


def change_between(
    table: IndicatorTable, indicator: str, from_year: int, to_year: int
) -> pd.DataFrame:
    """Per unit: the value in both years, the change in percentage points and in percent.

    ``change_points`` is (after − before) × 100 for shares and rates (个百分点);
    ``change_percent`` is (after ÷ before − 1) × 100 for any kind. Both are exact
    fractions turned into floats at the end.
    """
    rows = table[(table["indicator"] == indicator) & table["year"].isin([from_year, to_year])]
    keys = ["indicator", "category", "level", "code", "name"]
    before = pd.DataFrame(rows[rows["year"] == from_year]).set_index(keys)
    after = pd.DataFrame(rows[rows["year"] == to_year]).set_index(keys)
    joined = before.merge(after, left_index=True, right_index=True, suffixes=("_before", "_after"))
    out = []
    for key, row in joined.iterrows():
        kind = row["kind_after"]
        if kind in ("count", "sum"):
            old: Fraction | None = Fraction(int(row["numerator_before"]))
            new: Fraction | None = Fraction(int(row["numerator_after"]))
        else:
            old = _fraction(row["numerator_before"], row["denominator_before"])
            new = _fraction(row["numerator_after"], row["denominator_after"])
        points = (
            (new - old) * 100
            if old is not None and new is not None and kind in ("share", "rate")
            else None
        )
        percent = (new / old - 1) * 100 if old not in (None, 0) and new is not None else None
        out.append(
            {
                **dict(zip(keys, tuple(key), strict=True)),  # type: ignore[arg-type]
                "from_year": from_year,
                "to_year": to_year,
                "value_before": row["value_before"],
                "value_after": row["value_after"],
                "change_points": float(points) if points is not None else float("nan"),
                "change_percent": float(percent) if percent is not None else float("nan"),
            }
        )
    return pd.DataFrame(out)
