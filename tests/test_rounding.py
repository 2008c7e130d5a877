"""Rounding modes on exact fractions, 0.5 boundaries included."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partybuild_metrics.rounding import (
    MODES,
    check_mode,
    format_percent,
    round_fraction,
    round_share,
)

# (value, decimals) → expected under each mode. Ties sit exactly on ...5.
CASES = [
    (Fraction(1, 8), 2, {"half_up": "0.13", "half_even": "0.12", "truncate": "0.12", "half_down": "0.12", "ceiling": "0.13", "floor": "0.12"}),
    (Fraction(3, 8), 2, {"half_up": "0.38", "half_even": "0.38", "truncate": "0.37", "half_down": "0.37", "ceiling": "0.38", "floor": "0.37"}),
    (Fraction(5, 2), 0, {"half_up": "3", "half_even": "2", "truncate": "2", "half_down": "2", "ceiling": "3", "floor": "2"}),
    (Fraction(7, 2), 0, {"half_up": "4", "half_even": "4", "truncate": "3", "half_down": "3", "ceiling": "4", "floor": "3"}),
    (Fraction(-5, 2), 0, {"half_up": "-3", "half_even": "-2", "truncate": "-2", "half_down": "-2", "ceiling": "-2", "floor": "-3"}),
    (Fraction(2501, 1000), 0, {"half_up": "3", "half_even": "3", "truncate": "2", "half_down": "3", "ceiling": "3", "floor": "2"}),
    (Fraction(2499, 1000), 0, {"half_up": "2", "half_even": "2", "truncate": "2", "half_down": "2", "ceiling": "3", "floor": "2"}),
    (Fraction(648, 10), 1, {m: "64.8" for m in MODES}),
]  # fmt: skip


@pytest.mark.parametrize(("value", "decimals", "expected"), CASES)
def test_modes_at_and_near_ties(value: Fraction, decimals: int, expected: dict[str, str]) -> None:
    for mode, text in expected.items():
        assert round_fraction(value, decimals, mode) == Decimal(text), mode


def test_a_float_tie_that_is_not_a_tie() -> None:
    # 2.675 as a binary float is 2.67499999…; as the fraction 2675/1000 it is a tie.
    assert round_fraction(Fraction(2675, 1000), 2, "half_up") == Decimal("2.68")
    assert round_fraction(Fraction(2675, 1000), 2, "half_even") == Decimal("2.68")
    assert round_fraction(Fraction(2665, 1000), 2, "half_even") == Decimal("2.66")


def test_published_zhuanghe_shares() -> None:
    # 133/205 = 64.878…%: half_up gives 64.9, the report printed 64.8 (truncated)
    assert format_percent(133, 205) == "64.9%"
    assert format_percent(133, 205, mode="half_even") == "64.9%"
    assert format_percent(133, 205, mode="truncate") == "64.8%"
    # 147/205 = 71.707…% → 71.7 under all three
    assert {format_percent(147, 205, mode=m) for m in ("half_up", "half_even", "truncate")} == {
        "71.7%"
    }


def test_percent_tie_at_one_decimal() -> None:
    # 1/16 = 6.25% exactly: a tie at one decimal
    assert format_percent(1, 16, 1, "half_up") == "6.3%"
    assert format_percent(1, 16, 1, "half_even") == "6.2%"
    assert format_percent(3, 16, 1, "half_even") == "18.8%"  # 18.75 → even 8


def test_mode_names_and_aliases() -> None:
    assert [check_mode(a) for a in ("up", "even", "trunc", "down", "四舍五入")] == [
        "half_up", "half_even", "truncate", "half_down", "half_up",
    ]  # fmt: skip
    with pytest.raises(ValueError, match=r"`rounding` must be one of 'half_up'.*got 'nearest'"):
        check_mode("nearest")


def test_zero_denominator_is_a_clear_error() -> None:
    with pytest.raises(ZeroDivisionError, match="denominator is 0"):
        round_share(1, 0)


@given(st.integers(0, 10**6), st.integers(1, 10**6), st.integers(0, 3))
def test_modes_bracket_the_exact_value(numerator: int, denominator: int, decimals: int) -> None:
    exact = Fraction(numerator, denominator) * 100
    quantum = Fraction(1, 10**decimals)
    floor = Fraction(round_share(numerator, denominator, decimals, "floor"))
    ceiling = Fraction(round_share(numerator, denominator, decimals, "ceiling"))
    assert floor <= exact <= ceiling and ceiling - floor <= quantum
    for mode in ("half_up", "half_even", "half_down"):
        rounded = Fraction(round_share(numerator, denominator, decimals, mode))
        assert abs(rounded - exact) <= quantum / 2
