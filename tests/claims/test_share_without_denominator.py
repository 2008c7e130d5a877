"""A count and its percent with no denominator printed: is there a whole denominator?"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from partybuild_metrics.claims.consistency import check_share
from partybuild_metrics.claims.published import parse_count, parse_decimal
from partybuild_metrics.rounding import round_fraction


def test_133_villages_at_64_8_percent_fit_no_denominator_under_half_up() -> None:
    # 133/205 = 64.878% (half up: 64.9), 133/206 = 64.563% (64.6): nothing prints 64.8
    result = check_share(parse_count("133"), None, parse_decimal("64.8"))
    assert result.verdict == "consistent"
    assert "half_up" not in result.consistent_modes
    assert result.consistent_modes == ("truncate", "floor")
    assert result.denominators["truncate"] == 205


def test_147_secretaries_at_71_7_percent_give_205() -> None:
    result = check_share(parse_count("147"), None, parse_decimal("71.7"))
    assert "half_up" in result.consistent_modes
    assert result.denominators["half_up"] == 205  # 147/205 = 71.707%


def test_a_count_too_large_to_test() -> None:
    # 2843.1万 over some whole denominator gives any one-decimal percent
    result = check_share(parse_count("2843.1万"), None, parse_decimal("29.4"))
    assert result.verdict == "not_testable"


def test_no_percent_or_no_numerator_stays_untestable() -> None:
    assert check_share(None, None, parse_decimal("64.8")).verdict == "not_testable"
    assert check_share(parse_count("660余"), None, parse_decimal("64.8")).verdict == "not_testable"


@given(st.integers(1, 400), st.integers(1, 400))
def test_a_printed_share_always_has_its_denominator(numerator: int, extra: int) -> None:
    denominator = numerator + extra
    printed = round_fraction(Fraction(100 * numerator, denominator), 1, "half_up")
    result = check_share(parse_count(str(numerator)), None, parse_decimal(str(printed)))
    assert result.verdict in ("consistent", "not_testable")
    if result.verdict == "consistent":
        assert "half_up" in result.consistent_modes
        assert result.denominators["half_up"] <= denominator


def test_129_at_50_7_percent_is_a_finding_not_untestable() -> None:
    # 129/254 = 50.787% and 129/255 = 50.588%: only truncation reaches 50.7 (at 254)
    result = check_share(parse_count("129"), None, parse_decimal("50.7"))
    assert result.verdict != "not_testable"
    assert result.consistent_modes == ("truncate", "floor")


@settings(deadline=None, max_examples=300)
@given(st.integers(1, 1000), st.integers(200, 999))
def test_modes_without_a_denominator_are_those_a_whole_denominator_reaches(
    numerator: int, tenths: int
) -> None:
    """Every mode listed has a whole d with numerator/d printing as the percent, every mode
    left out has none (brute force over the few d near numerator × 100 / percent)."""
    from partybuild_metrics.claims.consistency import ALL_MODES
    from partybuild_metrics.claims.published import rounds_to_step

    percent = Fraction(tenths, 10)
    result = check_share(
        parse_count(str(numerator)), None, parse_decimal(f"{tenths // 10}.{tenths % 10}")
    )
    smallest = max(1, numerator * 1000 // (tenths + 10))
    largest = numerator * 1000 // max(tenths - 10, 1) + 1
    reached = {
        mode
        for mode in ALL_MODES
        if any(
            rounds_to_step(percent, Fraction(1, 10), mode).contains(Fraction(100 * numerator, d))
            for d in range(smallest, largest + 1)
        )
    }
    assert set(result.consistent_modes) == reached


def test_a_percent_above_100_or_below_0_is_no_share_of_any_denominator() -> None:
    for count, percent in [("130", "108"), ("100000", "150.5"), ("5", "-5"), ("3", "100.1")]:
        result = check_share(parse_count(count), None, parse_decimal(percent))
        assert (result.verdict, result.consistent_modes) == ("inconsistent", ()), percent
    full = check_share(parse_count("3"), None, parse_decimal("100.0"))
    assert full.verdict == "consistent" and full.denominators["half_up"] == 3


def test_a_percent_of_0_is_never_a_ceiling_of_a_count_above_0() -> None:
    result = check_share(parse_count("5"), None, parse_decimal("0"))
    assert result.verdict == "consistent"
    assert "ceiling" not in result.consistent_modes
    assert result.denominators["half_up"] == 1001  # 5/1001 = 0.4995%, 5/1000 = 0.5%
    assert result.denominators["truncate"] == 501  # 5/501 = 0.998%
    nothing = check_share(parse_count("0"), None, parse_decimal("0"))
    assert "ceiling" in nothing.consistent_modes
