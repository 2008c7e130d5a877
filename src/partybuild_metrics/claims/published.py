"""Published numbers as exact intervals: counts with multipliers and qualifiers, rounded values.

A report prints "4493.7万", "660余", "近10万", "64.8". Each stands for a set of true
values: an :class:`Interval` of fractions with open or closed ends. Nothing here uses
binary floats, so a value exactly on a rounding tie is a tie.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from partybuild_metrics.rounding import check_mode

MULTIPLIERS = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
_MORE = ("余", "多", "多个", "以上")
_OVER = ("超过", "逾", "过", "突破", "达到", "达")
_UNDER = ("近", "将近", "接近", "不到")
_ABOUT = ("约", "大约", "近约")
_NUMBER = re.compile(r"^(?P<digits>\d+(?:\.\d+)?)(?P<more>余|多)?(?P<mult>[十百千万亿]*)$")


@dataclass(frozen=True)
class Interval:
    """A set of real values between ``low`` and ``high``; ``None`` is unbounded.

    >>> Interval(Fraction(1), Fraction(2), low_open=True).contains(Fraction(1))
    False
    """

    low: Fraction | None
    high: Fraction | None
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: Fraction) -> bool:
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return not (
            self.high is not None and (value > self.high or (self.high_open and value == self.high))
        )

    def integers(self) -> tuple[int | None, int | None]:
        """The smallest and largest integers inside (None where unbounded).

        >>> Interval(Fraction(660), None, low_open=True).integers()
        (661, None)
        """
        low = high = None
        if self.low is not None:
            low = math.ceil(self.low)
            if self.low_open and low == self.low:
                low += 1
        if self.high is not None:
            high = math.floor(self.high)
            if self.high_open and high == self.high:
                high -= 1
        return low, high

    def __str__(self) -> str:
        left = "(" if self.low_open or self.low is None else "["
        right = ")" if self.high_open or self.high is None else "]"
        low = "-∞" if self.low is None else _show(self.low)
        high = "+∞" if self.high is None else _show(self.high)
        return f"{left}{low}, {high}{right}"


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str(Decimal(value.numerator) / Decimal(value.denominator)).rstrip("0")


@dataclass(frozen=True)
class PublishedNumber:
    """A number as printed, and the interval of true values it stands for."""

    text: str
    value: Fraction
    interval: Interval
    decimals: int
    qualifier: str = ""

    @property
    def exact(self) -> bool:
        return self.interval.low == self.interval.high


def _split(text: str) -> tuple[str, str, str]:
    body = text.strip().replace(",", "").replace("，", "")
    prefix = next(
        (p for p in sorted(_OVER + _UNDER + _ABOUT, key=len, reverse=True) if body.startswith(p)),
        "",
    )
    body = body[len(prefix) :]
    suffix = next((s for s in sorted(_MORE, key=len, reverse=True) if body.endswith(s)), "")
    body = body[: len(body) - len(suffix)] if suffix else body
    return prefix, body, suffix


def parse_count(text: str) -> PublishedNumber:
    """A published count: "133", "4493.7万", "1.2亿", "660余", "超过1000", "过千", "近10万", "约500".

    >>> str(parse_count("4493.7万").interval)
    '[44936500, 44937500]'
    >>> str(parse_count("660余").interval), str(parse_count("近10万").interval)
    ('(660, +∞)', '(-∞, 100000)')
    >>> str(parse_count("过千").interval), str(parse_count("约500").interval)
    ('(1000, +∞)', '[499.5, 500.5]')
    >>> str(parse_count("800多万").interval)
    '(8000000, +∞)'
    """
    prefix, body, suffix = _split(text)
    if body in MULTIPLIERS:  # 过千, 近万: the multiplier alone means one of it
        body = "1" + body
    match = _NUMBER.match(body)
    if not match:
        raise ValueError(
            f"'{text}' is not a count (expected e.g. 133, 4493.7万, 660余, 超过1000, 近10万, 约500)"
        )
    digits = match["digits"]
    multiplier = math.prod(MULTIPLIERS[m] for m in match["mult"]) if match["mult"] else 1
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    value = Fraction(Decimal(digits)) * multiplier
    half_unit = Fraction(1, 10**decimals) * multiplier / 2
    if prefix in _OVER or suffix or match["more"]:
        interval = Interval(value, None, low_open=True)
    elif prefix in _UNDER:
        interval = Interval(None, value, high_open=True)
    elif prefix in _ABOUT:
        unit = half_unit if multiplier > 1 or decimals else Fraction(1, 2)
        interval = Interval(value - unit, value + unit)
    elif multiplier > 1 and decimals:
        interval = Interval(
            value - half_unit, value + half_unit
        )  # rounded in its last printed digit
    else:
        interval = Interval(value, value)
    return PublishedNumber(text, value, interval, decimals, prefix + (match["more"] or "") + suffix)


def parse_decimal(text: str) -> PublishedNumber:
    """A printed decimal such as a percentage "64.8" (its trailing zeros count).

    >>> parse_decimal("5.10").decimals
    2
    """
    body = text.strip().rstrip("%％")
    try:
        value = Decimal(body)
    except ArithmeticError:
        raise ValueError(f"'{text}' is not a decimal number") from None
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    exact = Fraction(value)
    return PublishedNumber(text, exact, Interval(exact, exact), decimals)


def decimal_text(number: PublishedNumber) -> str:
    """The digits of a printed decimal, without a percent sign.

    >>> decimal_text(parse_decimal(" 64.80% "))
    '64.80'
    """
    return number.text.strip().rstrip("%％")


def rounded_interval(number: PublishedNumber, mode: str) -> Interval:
    """The true values a printed decimal stands for when written with ``mode``.

    >>> str(rounded_interval(parse_decimal("64.8%"), "half_up"))
    '[64.75, 64.85)'
    """
    return rounds_to(decimal_text(number), number.decimals, mode)


def rounds_to(printed: Decimal | str, decimals: int, mode: str) -> Interval:
    """The true values that ``mode`` rounds to ``printed`` at ``decimals`` places.

    >>> str(rounds_to("64.8", 1, "half_up")), str(rounds_to("64.8", 1, "truncate"))
    ('[64.75, 64.85)', '[64.8, 64.9)')
    >>> str(rounds_to("12.5", 1, "half_even")), str(rounds_to("12.4", 1, "half_even"))
    ('(12.45, 12.55)', '[12.35, 12.45]')
    """
    name = check_mode(mode)
    p = Fraction(Decimal(str(printed)))
    q = Fraction(1, 10**decimals)
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
        last_digit_even = (p / q).numerator % 2 == 0
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
