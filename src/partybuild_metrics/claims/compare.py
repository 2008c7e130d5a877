"""A claim's headline figure beside the value it is checked against, as numbers to draw.

Every claim has one printed figure that carries it (the percent of a share, the value of
a mean, the total of a sum, the whole of a bound, the change in points), the interval of
true values that figure stands for under a rounding mode, and a value to hold against
it: recomputed from the records when the claim was verified ("records"), or else implied
by the claim's own other figures (133 / 205 beside a printed 64.8%: "figures"), or, for a
percent printed with only its denominator, the possible share k / n nearest to it
("nearest").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from partybuild_metrics.claims.model import Claim
from partybuild_metrics.claims.numbers import parse_change, parse_number
from partybuild_metrics.claims.published import (
    Interval,
    PublishedNumber,
    parse_count,
    parse_decimal,
    rounded_interval,
)

COMPARISON_COLUMNS: Final[list[str]] = [
    "figure", "printed_value", "step", "interval_low", "interval_high", "against", "against_from",
]  # fmt: skip


@dataclass(frozen=True)
class Comparison:
    """The printed figure, the true values it stands for, and the value it is held against."""

    figure: str
    printed: Fraction
    step: Fraction
    interval: Interval
    against: Fraction | None
    against_from: str

    def row(self) -> dict[str, object]:
        """As floats for a table or a chart (an unbounded side is ±inf, no value is NaN)."""
        low, high = self.interval.low, self.interval.high
        return {
            "figure": self.figure,
            "printed_value": float(self.printed),
            "step": float(self.step),
            "interval_low": -math.inf if low is None else float(low),
            "interval_high": math.inf if high is None else float(high),
            "against": math.nan if self.against is None else float(self.against),
            "against_from": self.against_from,
        }


def _step(number: PublishedNumber) -> Fraction:
    """One unit of the last printed digit, in the number's own scale (万 counts as 10000).

    >>> _step(parse_count("4493.7万")), _step(parse_count("800多万")), _step(parse_count("133"))
    (Fraction(1000, 1), Fraction(10000, 1), Fraction(1, 1))
    """
    return number.step


def _exact(number: PublishedNumber) -> Fraction | None:
    return number.value if number.exact else None


def _decimal_figure(name: str, text: str, mode: str) -> tuple[str, Fraction, Fraction, Interval]:
    number = parse_decimal(text)
    return name, number.value, number.step, rounded_interval(number, mode)


def compare(
    claim: Claim,
    mode: str,
    numerator: int | None = None,
    denominator: int | None = None,
) -> Comparison:
    """The headline figure of ``claim`` and what it is held against.

    ``numerator`` and ``denominator`` are the recomputed integers when the claim was
    verified against records.

    >>> from partybuild_metrics.claims.model import load_claims_file
    >>> claim = load_claims_file("data/claims/000_zhuanghe_2020.yaml")[0]
    >>> c = compare(claim, "half_up")
    >>> c.figure, str(c.interval), round(float(c.against), 3), c.against_from
    ('percent', '[64.75, 64.85)', 64.878, 'figures')
    """
    v = claim.values
    if claim.kind == "share" and "percent" in v:
        name, printed, step, interval = _decimal_figure("percent", v["percent"], mode)
        if numerator is not None and denominator:
            return Comparison(
                name, printed, step, interval, Fraction(numerator * 100, denominator), "records"
            )
        n = _exact(parse_count(v["numerator"])) if "numerator" in v else None
        d = _exact(parse_count(v["denominator"])) if "denominator" in v else None
        if n is not None and d:
            return Comparison(name, printed, step, interval, n * 100 / d, "figures")
        if d:  # no numerator printed: the possible share k / d nearest the printed percent
            k = round(printed * d / 100)
            return Comparison(name, printed, step, interval, Fraction(k * 100) / d, "nearest")
        return Comparison(name, printed, step, interval, None, "")
    if claim.kind == "share":
        count = parse_count(v.get("numerator", v.get("denominator", "0")))
        figure = "numerator" if "numerator" in v else "denominator"
        value = numerator if figure == "numerator" else denominator
        against = Fraction(value) if value is not None else None
        return Comparison(
            figure, count.value, _step(count), count.interval, against,
            "records" if against is not None else "",
        )  # fmt: skip
    if claim.kind == "mean":
        name, printed, step, interval = _decimal_figure("value", v["value"], mode)
        against = (
            Fraction(numerator, denominator) if numerator is not None and denominator else None
        )
        return Comparison(
            name, printed, step, interval, against, "records" if against is not None else ""
        )
    if claim.kind == "parts_sum":
        total = parse_change(v["total"])
        parts = [_exact(parse_number(part)) for part in v["parts"]]
        known = [part for part in parts if part is not None]
        implied = sum(known, Fraction(0)) if len(known) == len(parts) else None
        return Comparison(
            "total", total.value, _step(total), total.interval, implied,
            "figures" if implied is not None else "",
        )  # fmt: skip
    if claim.kind == "bound":
        whole, part = parse_count(v["whole"]), parse_count(v["part"])
        allowed = Interval(Fraction(0), whole.interval.high, high_open=whole.interval.high_open)
        return Comparison("whole", whole.value, _step(whole), allowed, part.value, "figures")
    if claim.kind == "growth":
        return _growth(v, mode)
    points = parse_change(v["change_points"])
    implied = parse_decimal(v["after"]).value - parse_decimal(v["before"]).value
    return Comparison(
        "change_points",
        points.value,
        points.step,
        rounded_interval(points, mode),
        implied,
        "figures",
    )


def _growth(v: Mapping[str, str], mode: str) -> Comparison:
    """A growth rate beside the rate its counts imply (or the current total beside its sum)."""
    previous = parse_count(v["previous"]).value if "previous" in v else None
    current = parse_count(v["current"]).value if "current" in v else None
    increase = parse_change(v["increase"]).value if "increase" in v else None
    if previous is None and current is not None and increase is not None:
        previous = current - increase
    if increase is None and current is not None and previous is not None:
        increase = current - previous
    if "rate" in v:
        rate = parse_change(v["rate"])
        implied = increase * 100 / previous if increase is not None and previous else None
        if rate.kind == "times":
            value = (rate.value - 1) * 100
            return Comparison("rate", value, rate.step, Interval(value, value), implied, "figures")
        return Comparison(
            "rate", rate.value, rate.step, rounded_interval(rate, mode), implied,
            "figures" if implied is not None else "",
        )  # fmt: skip
    total = parse_count(v["current"])
    implied = previous + increase if previous is not None and increase is not None else None
    return Comparison("current", total.value, total.step, total.interval, implied, "figures")
