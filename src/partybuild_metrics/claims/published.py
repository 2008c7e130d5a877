"""Published numbers under a rounding mode: the true values a printed figure stands for.

The parser itself is :mod:`partybuild_metrics.claims.numbers`; this module adds the
rounding modes: "64.8" printed under half-up stands for [64.75, 64.85), under truncation
for [64.8, 64.9). Nothing here uses binary floats, so a value exactly on a tie is a tie.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from partybuild_metrics.claims.numbers import (
    MULTIPLIERS,
    Interval,
    PublishedNumber,
    parse_count,
    parse_decimal,
    parse_number,
)
from partybuild_metrics.rounding import check_mode

__all__ = [
    "MULTIPLIERS",
    "Interval",
    "PublishedNumber",
    "decimal_text",
    "parse_count",
    "parse_decimal",
    "parse_number",
    "rounded_interval",
    "rounds_to",
    "rounds_to_step",
]


def decimal_text(number: PublishedNumber) -> str:
    """The digits of a printed decimal, without a percent sign.

    >>> decimal_text(parse_decimal(" 64.80% "))
    '64.80'
    """
    return number.text.strip().rstrip("%％")


def rounded_interval(number: PublishedNumber, mode: str) -> Interval:
    """The true values a printed figure stands for when written with ``mode``.

    A figure as printed ("64.8", "七成") or said to be about so much ("约30%") is rounded
    at its last digit by ``mode``; a bounded one ("三成多", "过半") or a range stands for
    its own interval.

    >>> str(rounded_interval(parse_decimal("64.8%"), "half_up"))
    '[64.75, 64.85)'
    >>> str(rounded_interval(parse_decimal("七成"), "truncate")), str(rounded_interval(parse_decimal("三成多"), "truncate"))
    ('[70, 80)', '(30, +∞)')
    """
    if number.printed or number.bound == "about":  # 约12.2%: rounded, by the source's habit
        return rounds_to_step(number.value, number.step, mode)
    return number.interval


def rounds_to(printed: Decimal | str, decimals: int, mode: str) -> Interval:
    """The true values that ``mode`` rounds to ``printed`` at ``decimals`` places.

    >>> str(rounds_to("64.8", 1, "half_up")), str(rounds_to("64.8", 1, "truncate"))
    ('[64.75, 64.85)', '[64.8, 64.9)')
    >>> str(rounds_to("12.5", 1, "half_even")), str(rounds_to("12.4", 1, "half_even"))
    ('(12.45, 12.55)', '[12.35, 12.45]')
    """
    return rounds_to_step(Fraction(Decimal(str(printed))), Fraction(1, 10**decimals), mode)


def rounds_to_step(p: Fraction, q: Fraction, mode: str) -> Interval:
    """The true values that ``mode`` rounds to ``p`` when it rounds to multiples of ``q``.

    >>> str(rounds_to_step(Fraction(70), Fraction(10), "half_even"))
    '(65, 75)'
    """
    name = check_mode(mode)
    half = q / 2
    if name == "half_up":  # away from zero on a tie
        return (
            Interval(p - half, p + half, high_open=True)
            if p >= 0
            else Interval(p - half, p + half, low_open=True)
        )
    if name == "half_down":
        return (
            Interval(p - half, p + half, low_open=True)
            if p >= 0
            else Interval(p - half, p + half, high_open=True)
        )
    if name == "half_even":
        ratio = p / q
        last_digit_even = ratio.denominator == 1 and ratio.numerator % 2 == 0
        return Interval(
            p - half, p + half, low_open=not last_digit_even, high_open=not last_digit_even
        )
    if name == "truncate":  # toward zero
        if p > 0:
            return Interval(p, p + q, high_open=True)
        if p < 0:
            return Interval(p - q, p, low_open=True)
        return Interval(-q, q, low_open=True, high_open=True)
    if name == "floor":
        return Interval(p, p + q, high_open=True)
    return Interval(p - q, p, low_open=True)  # ceiling
