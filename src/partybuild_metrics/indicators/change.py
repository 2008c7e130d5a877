"""Change of an indicator between two years, as reports state it (个百分点, %)."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd

from partybuild_metrics.indicators.table import IndicatorTable


def _fraction(numerator: object, denominator: object) -> Fraction | None:
    if pd.isna(numerator) or pd.isna(denominator) or int(denominator) == 0:  # type: ignore[call-overload]
        return None
    return Fraction(int(numerator), int(denominator))  # type: ignore[call-overload]


def exact_change(
    kind: str, before: tuple[object, object], after: tuple[object, object]
) -> tuple[Fraction | None, Fraction | None]:
    """(change in percentage points, change in percent) between two (numerator, denominator).

    Points only for shares and rates; None where a value is missing or the base is 0.

    >>> exact_change("share", (100, 200), (133, 205))
    (Fraction(610, 41), Fraction(1220, 41))
    """
    if kind in ("count", "sum"):
        old: Fraction | None = None if pd.isna(before[0]) else Fraction(int(before[0]))  # type: ignore[call-overload]
        new: Fraction | None = None if pd.isna(after[0]) else Fraction(int(after[0]))  # type: ignore[call-overload]
    else:
        old, new = _fraction(*before), _fraction(*after)
    points = (
        (new - old) * 100
        if old is not None and new is not None and kind in ("share", "rate")
        else None
    )
    percent = (new / old - 1) * 100 if old not in (None, 0) and new is not None else None
    return points, percent


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
        points, percent = exact_change(
            str(row["kind_after"]),
            (row["numerator_before"], row["denominator_before"]),
            (row["numerator_after"], row["denominator_after"]),
        )
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
