"""Rounding modes for published numbers, computed exactly with fractions and decimals.

A published percentage is ``numerator / denominator × 100`` rounded to a fixed number of
decimals under some habit. Every mode here is exact: no binary float enters, so a value
exactly on a tie is a tie, and 0.5 boundaries behave as their definition says.

| mode | Chinese | definition (x ≥ 0, at the last kept decimal) |
|---|---|---|
| ``half_up`` | 四舍五入 | ties go away from zero |
| ``half_even`` | 四舍六入五成双 (GB/T 8170) | ties go to the even neighbour |
| ``truncate`` | 截断 | drop the rest (toward zero) |
| ``half_down`` | 五舍 | ties go toward zero |
| ``ceiling`` | 进一 | toward +∞ |
| ``floor`` | 去尾 | toward −∞ |

scrutiny's names are accepted too: ``up``, ``even``, ``trunc``, ``down``, ``ceiling``,
``floor``.
"""

from __future__ import annotations

from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Decimal,
    localcontext,
)
from fractions import Fraction
from typing import Final, Literal

RoundingMode = Literal["half_up", "half_even", "truncate", "half_down", "ceiling", "floor"]

MODES: Final[dict[str, str]] = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "truncate": ROUND_DOWN,
    "half_down": ROUND_HALF_DOWN,
    "ceiling": ROUND_CEILING,
    "floor": ROUND_FLOOR,
}
"""Every rounding mode, by name, with its :mod:`decimal` rounding constant."""

ALIASES: Final[dict[str, str]] = {
    "up": "half_up",
    "even": "half_even",
    "trunc": "truncate",
    "down": "half_down",
    "四舍五入": "half_up",
    "四舍六入五成双": "half_even",
}
MODE_NAMES_ZH: Final[dict[str, str]] = {
    "half_up": "四舍五入",
    "half_even": "四舍六入五成双",
    "truncate": "截断",
    "half_down": "五舍六入",
    "ceiling": "进一法",
    "floor": "去尾法",
}


MAX_DECIMALS: Final = 10
"""The most decimals a value is shown with: a report prints one or two."""


def check_decimals(decimals: object) -> int:
    """How many decimals to show, or a ValueError saying what is allowed.

    >>> check_decimals(1)
    1
    >>> check_decimals(-3)
    Traceback (most recent call last):
    ...
    ValueError: `decimals` must be a whole number from 0 to 10, got -3
    """
    if (
        isinstance(decimals, bool)
        or not isinstance(decimals, int)
        or not (0 <= decimals <= MAX_DECIMALS)
    ):
        raise ValueError(
            f"`decimals` must be a whole number from 0 to {MAX_DECIMALS}, got {decimals!r}"
        )
    return decimals


def check_mode(mode: str) -> RoundingMode:
    """The canonical name of a rounding mode, or a ValueError that lists the choices.

    >>> check_mode("even")
    'half_even'
    >>> check_mode("up_ish")
    Traceback (most recent call last):
    ...
    ValueError: `rounding` must be one of 'half_up', 'half_even', 'truncate', 'half_down', 'ceiling', 'floor' (or up, even, trunc, down), got 'up_ish'
    """
    name = ALIASES.get(mode, mode)
    if name not in MODES:
        allowed = ", ".join(f"'{m}'" for m in MODES)
        raise ValueError(
            f"`rounding` must be one of {allowed} (or up, even, trunc, down), got '{mode}'"
        )
    return name  # type: ignore[return-value]


def round_fraction(value: Fraction, decimals: int, mode: str = "half_up") -> Decimal:
    """Round an exact fraction to ``decimals`` places under ``mode``.

    >>> round_fraction(Fraction(1, 8), 2, "half_up"), round_fraction(Fraction(1, 8), 2, "half_even")
    (Decimal('0.13'), Decimal('0.12'))
    >>> round_fraction(Fraction(133, 205) * 100, 1, "truncate")
    Decimal('64.8')
    """
    rounding = MODES[check_mode(mode)]
    quantum = Decimal(1).scaleb(-decimals)
    # Decide on the exact fraction: split off whole quanta, then compare the rest with 1/2.
    scaled = value * (10**decimals)
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    rest_fraction = Fraction(rest, scaled.denominator)
    with localcontext() as context:
        context.prec = max(28, len(str(abs(whole))) + decimals + 5)
        if rest_fraction == 0:
            return (Decimal(whole) * quantum).quantize(quantum)
        # The sign and the tie are carried by a decimal that is exactly representative:
        # whole + 0.25 (below half), + 0.5 (a tie) or + 0.75 (above half).
        marker = Decimal("0.25") if rest_fraction < Fraction(1, 2) else Decimal("0.75")
        if rest_fraction == Fraction(1, 2):
            marker = Decimal("0.5")
        return ((Decimal(whole) + marker) * quantum).quantize(quantum, rounding=rounding)


def round_share(
    numerator: int, denominator: int, decimals: int = 1, mode: str = "half_up", *, scale: int = 100
) -> Decimal:
    """``numerator / denominator × scale`` rounded exactly (a percentage by default).

    >>> round_share(133, 205)
    Decimal('64.9')
    >>> round_share(1, 8, 1, "half_even"), round_share(1, 8, 1, "half_up")
    (Decimal('12.5'), Decimal('12.5'))
    """
    if denominator == 0:
        raise ZeroDivisionError("the denominator is 0: no share can be computed")
    return round_fraction(Fraction(numerator, denominator) * scale, decimals, mode)


def format_percent(
    numerator: int, denominator: int, decimals: int = 1, mode: str = "half_up"
) -> str:
    """A share as a report prints it.

    >>> format_percent(133, 205)
    '64.9%'
    >>> format_percent(133, 205, mode="truncate")
    '64.8%'
    """
    return f"{round_share(numerator, denominator, decimals, mode)}%"


def format_value(
    value: float | Fraction | Decimal, decimals: int = 1, mode: str = "half_up"
) -> str:
    """Any value rounded exactly from its decimal text (a float is read as it prints).

    >>> format_value(2.675, 2)
    '2.68'
    """
    exact = Fraction(Decimal(repr(value))) if isinstance(value, float) else Fraction(value)
    return str(round_fraction(exact, decimals, mode))
