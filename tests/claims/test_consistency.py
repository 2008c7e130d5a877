"""Consistency of published figures without data: exact intervals, every rounding mode."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partybuild_metrics.claims.consistency import (
    ALL_MODES,
    check_bound,
    check_change,
    check_growth,
    check_mean,
    check_parts_sum,
    check_share,
    shared_modes,
)
from partybuild_metrics.claims.numbers import parse_change
from partybuild_metrics.claims.published import parse_count, parse_decimal, rounds_to
from partybuild_metrics.rounding import round_share

c, p = parse_count, parse_decimal


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("133", "[133, 133]"),
        ("4493.7万", "[44936500, 44937500]"),
        ("1.2亿", "[115000000, 125000000]"),
        ("660余", "(660, +∞)"),
        ("300多", "(300, +∞)"),
        ("超过1000", "(1000, +∞)"),
        ("过千", "(1000, +∞)"),
        ("近10万", "(0, 100000)"),
        ("约500", "[499.5, 500.5]"),
        ("1,044", "[1044, 1044]"),
    ],
)
def test_published_counts_as_intervals(text: str, interval: str) -> None:
    assert str(c(text).interval) == interval


def test_unreadable_count_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="'许多' is not a number"):
        c("许多")


def test_trailing_zeros_are_part_of_the_claim() -> None:
    assert p("5.10").decimals == 2 and p("5.1").decimals == 1


def test_ties_are_exact_under_half_even() -> None:
    # 6.25 is exactly a tie: half_even keeps 6.2 (even), half_up goes to 6.3; never both
    assert rounds_to("6.2", 1, "half_even").contains(Fraction(625, 100))
    assert not rounds_to("6.3", 1, "half_even").contains(Fraction(625, 100))
    assert rounds_to("6.3", 1, "half_up").contains(Fraction(625, 100))
    assert not rounds_to("6.2", 1, "half_up").contains(Fraction(625, 100))


def test_one_in_sixteen_printed_both_ways() -> None:
    six_two = check_share(c("1"), c("16"), p("6.2"))
    six_three = check_share(c("1"), c("16"), p("6.3"))
    assert set(six_two.consistent_modes) == {"half_even", "half_down", "truncate", "floor"}
    assert set(six_three.consistent_modes) == {"half_up", "ceiling"}


def test_zhuanghe_one_person_two_posts_is_truncated() -> None:
    # 133/205 = 64.878…%: 64.9 under half_up; the report printed 64.8
    result = check_share(c("133"), c("205"), p("64.8"))
    assert result.verdict == "consistent"
    assert result.consistent_modes == ("truncate", "floor")
    assert result.witnesses == {"truncate": [133], "floor": [133]}


def test_zhuanghe_education_share_fits_every_mode_but_ceiling() -> None:
    # 147/205 = 71.707…%
    result = check_share(c("147"), c("205"), p("71.7"))
    assert result.consistent_modes == ("half_up", "half_even", "truncate", "half_down", "floor")


def test_taiyuan_five_wan_share_is_truncated_too() -> None:
    # 77.6% of 564: 437/564 = 77.48%, 438/564 = 77.66%; only truncation prints 77.6
    result = check_share(None, c("564"), p("77.6"))
    assert result.consistent_modes == ("truncate", "floor")
    assert result.witnesses["truncate"] == [438]


def test_grim_question_without_numerator() -> None:
    assert check_share(None, c("7"), p("50.0")).verdict == "inconsistent"  # k/7 is never 50%
    assert check_share(None, c("8"), p("50.0")).witnesses["half_up"] == [4]


def test_huge_denominator_is_not_testable() -> None:
    result = check_share(None, c("4493.7万"), p("12.3"))
    assert result.verdict == "not_testable"
    assert "every 1-decimal percent" in result.message_en


def test_rounded_denominator_with_numerator_uses_ranges() -> None:
    # 1.2亿 people, 3000万 of them: 25% (24%…26.1% given the rounding of both)
    assert check_share(c("3000万"), c("1.2亿"), p("25.0")).verdict == "consistent"
    assert check_share(c("3000万"), c("1.2亿"), p("40.0")).verdict == "inconsistent"


def test_a_percent_above_100_is_a_ratio_of_the_counts() -> None:
    """云和县 2022: 男性57753人,女性54882人,性别比105.23 — 105.231…% fits every mode but
    ceiling; a part cannot exceed its whole, but a percent printed above 100 says it is no part."""
    result = check_share(c("57753"), c("54882"), p("105.23"))
    assert result.consistent_modes == ("half_up", "half_even", "truncate", "half_down", "floor")
    assert check_share(c("3"), c("2"), p("150")).verdict == "consistent"
    assert check_share(c("3"), c("2"), p("150.1")).verdict == "inconsistent"
    assert check_share(c("1001"), c("1000"), p("100.1")).consistent_modes == ALL_MODES
    # at most 100% printed: a part, never above its whole (10001 of 10000, 100.01%, is no 100.0%)
    assert check_share(c("10001"), c("10000"), p("100.0")).verdict == "inconsistent"


def test_share_without_percent_checks_bounds_only() -> None:
    assert check_share(c("17"), c("162"), None).verdict == "consistent"
    assert check_share(c("170"), c("162"), None).verdict == "inconsistent"


def test_grim_means() -> None:
    assert check_mean(p("5.19"), c("28")).verdict == "inconsistent"
    assert check_mean(p("5.18"), c("28")).witnesses["half_up"] == [145]
    assert (
        check_mean(p("2.84"), c("243")).verdict == "not_testable"
    )  # 243 > 100: every mean possible
    # 5 cases × 2 items = 10 integers: every 1-decimal mean is possible, 2 decimals are not
    assert check_mean(p("2.8"), c("5"), items=2).verdict == "not_testable"
    assert check_mean(p("2.80"), c("5"), items=2).witnesses["half_up"] == [28]
    assert check_mean(p("2.85"), c("5"), items=2).verdict == "inconsistent"


def test_parts_with_total() -> None:
    assert check_parts_sum([c("201"), c("484"), c("359")], c("1044")).verdict == "consistent"
    assert check_parts_sum([c("201"), c("484"), c("359")], c("1045")).verdict == "inconsistent"
    assert check_parts_sum([c("660余"), c("220余")], c("880")).verdict == "inconsistent"  # > 880
    assert check_parts_sum([c("660余"), c("220余")], c("900")).verdict == "consistent"


def test_part_cannot_exceed_whole() -> None:
    result = check_bound(c("1678"), c("1458"))
    assert result.verdict == "inconsistent" and result.consistent_modes == ()
    assert check_bound(c("157"), c("162")).verdict == "consistent"
    assert check_bound(c("660余"), c("近600")).verdict == "inconsistent"


def test_change_in_points() -> None:
    assert check_change(p("41.2"), p("42.5"), p("1.3")).consistent_modes == ALL_MODES
    assert (
        check_change(p("41.2"), p("42.5"), p("1.4")).verdict == "consistent"
    )  # true shares differ by up to 1.4
    assert check_change(p("41.2"), p("42.5"), p("1.9")).verdict == "inconsistent"


def test_source_habit() -> None:
    results = [
        check_share(c("133"), c("205"), p("64.8")),
        check_share(c("147"), c("205"), p("71.7")),
    ]
    assert shared_modes(results) == ("truncate", "floor")


@given(st.integers(1, 5000), st.data(), st.sampled_from(ALL_MODES), st.integers(0, 2))
def test_a_share_rounded_by_a_mode_is_consistent_under_it(
    denominator: int, data: st.DataObject, mode: str, decimals: int
) -> None:
    numerator = data.draw(st.integers(0, denominator))
    printed = str(round_share(numerator, denominator, decimals, mode))
    result = check_share(c(str(numerator)), c(str(denominator)), p(printed))
    assert mode in result.consistent_modes
    assert result.witnesses[mode] == [numerator]


def test_a_sum_of_counts_takes_only_whole_numbers() -> None:
    """100余 is 101 or more, so 100余 + 200余 is 302 or more; 1万 rounded half up is 5000 to
    14999 people, so two of them make at most 29998. Money (元) may have jiao and fen."""
    count = parse_count
    assert check_parts_sum([count("100余"), count("200余")], count("301")).verdict == "inconsistent"
    assert check_parts_sum([count("100余"), count("200余")], count("302")).verdict == "consistent"
    modes = check_parts_sum([count("1万"), count("1万")], count("29999")).consistent_modes
    assert "half_up" not in modes and "truncate" in modes
    assert (
        "half_up" in check_parts_sum([count("1万"), count("1万")], count("29998")).consistent_modes
    )
    money = check_parts_sum([count("100余元"), count("200余元")], count("301元"))
    assert money.verdict == "consistent"  # 100.4 + 200.6 yuan
    assert check_bound(count("100余"), count("不到101")).verdict == "inconsistent"


def test_a_share_of_amounts_takes_their_rounding_not_whole_numbers() -> None:
    """2715元 of 15294元 is 17.752% exactly, but each amount is rounded to the 元: 2714.5 /
    15294.5 = 17.748% rounds half up to 17.7. Counts stay whole: 2715 of 15294 does not."""
    amounts = check_share(parse_count("2715元"), parse_count("15294元"), parse_decimal("17.7"))
    assert "half_up" in amounts.consistent_modes and amounts.witnesses == {}
    counts = check_share(parse_count("2715"), parse_count("15294"), parse_decimal("17.7"))
    assert "half_up" not in counts.consistent_modes
    far = check_share(parse_count("2715元"), parse_count("15294元"), parse_decimal("17.9"))
    assert far.verdict == "inconsistent"


@pytest.mark.parametrize(
    ("increase", "verdict"),
    [
        ("减少8000多万", "consistent"),
        ("减少9000多万", "inconsistent"),
        ("减少不到8300万", "consistent"),
    ],
)
def test_a_growth_with_one_figure_bounded_on_one_side_is_decided(
    increase: str, verdict: str
) -> None:
    """国务院扶贫办 2019: "从9899万人减少到1660万人,6年时间减少8000多万人" — the other two
    figures make the fall 8238万–8240万, which is more than 8000万 (was not testable)."""
    found = check_growth(parse_count("9899万"), parse_count("1660万"), parse_change(increase), None)
    assert found.verdict == verdict


def test_counts_in_wan_are_rounded_by_the_mode_in_a_share() -> None:
    """8.1万 of 56.7万 printed 14.4%: truncated, the counts are [81000, 81999] of
    [567000, 567999], and 81648 ÷ 567000 is 14.4% exactly; with the counts
    rounded half up only (≤ 81499 of ≥ 566500) the share is at most 14.386%, which never
    truncates to 14.4."""
    result = check_share(c("8.1万"), c("56.7万"), p("14.4"))
    assert set(result.consistent_modes) == set(ALL_MODES)
    assert result.witnesses["truncate"][0] == 81648 and result.denominators["truncate"] == 567000
    assert result.denominators["ceiling"] == 566001  # (566000, 567000] rounds up to 56.7万
    assert result.denominators["half_even"] == 566501  # 7 is odd: neither tie is 56.7万


def test_counts_in_wan_are_rounded_by_the_mode_in_a_growth() -> None:
    """8875.8万 + 68.8万 = 8944.6万 at the printed values. Rounded up, the counts lie in
    (88,757,000, 88,758,000] and (687,000, 688,000]: their sum is at most 89,446,000, and
    the current total in (89,446,000, 89,447,000]: no ceiling. Half up they overlap."""
    result = check_growth(c("8875.8万"), c("8944.7万"), parse_change("68.8万"), None)
    assert "ceiling" not in result.consistent_modes and "half_up" in result.consistent_modes
    # 451.8万 and 10.5万 truncated: 105,999 ÷ (4,518,000 − 105,999) = 2.4025%
    rate = check_growth(None, c("451.8万"), parse_change("10.5万"), parse_change("2.4%"))
    assert {"truncate", "floor"} <= set(rate.consistent_modes)


@pytest.mark.parametrize(
    ("numerator", "denominator", "percent", "verdict"),
    [
        (None, "1000", "29.4", "not_testable"),  # 294 of 1000: every one-decimal percent
        (None, "999", "29.4", "consistent"),  # 294 ÷ 999 = 29.43%, but 99.9% has no n
        ("1000", None, "99.9", "not_testable"),  # 1000 ÷ 1001 = 99.90%: every percent fits
        ("999", None, "99.9", "consistent"),  # 999 ÷ 1000
        ("999", None, "99.95", "inconsistent"),  # d in (999.45, 999.55]: none
        ("648", None, "64.8", "consistent"),  # 648 of 1000
        ("660余", None, "64.8", "not_testable"),  # no top: as large as any
    ],
)
def test_not_testable_exactly_when_every_percent_fits(
    numerator: str | None, denominator: str | None, percent: str, verdict: str
) -> None:
    result = check_share(
        c(numerator) if numerator else None, c(denominator) if denominator else None, p(percent)
    )
    assert result.verdict == verdict


def test_growth_of_a_few_small_whole_counts_is_decided_on_whole_numbers() -> None:
    """80 falling to 65…74 (0.007万) gives −18.75%, −17.5%, −16.25% … never 16.1%; 400 and
    an increase of 45…54 (0.005万) never 12.34% (49 ÷ 400 = 12.25%, 50 ÷ 400 = 12.5%)."""
    assert (
        check_growth(c("80"), c("0.007万"), None, parse_change("下降16.1%")).verdict
        == "inconsistent"
    )
    assert (
        check_growth(c("80"), c("0.007万"), None, parse_change("下降16.3%")).verdict == "consistent"
    )
    assert (
        check_growth(
            c("400"), None, parse_change("净增0.005万"), parse_change("增长12.34%")
        ).verdict
        == "inconsistent"
    )
    assert (
        check_growth(c("400"), None, parse_change("净增49"), parse_change("增长12.25%")).verdict
        == "consistent"
    )


def test_a_zero_percent_of_a_count_with_no_denominator_is_no_ceiling() -> None:
    """No count above 0 over any denominator rounds up to 0.0%."""
    result = check_share(c("1000"), None, p("0.0"))
    assert result.verdict == "consistent" and "ceiling" not in result.consistent_modes


def test_about_percents_count_towards_a_sources_habit() -> None:
    """133 of 205 printed 约64.8% fits truncation only: it says how the source rounds."""
    result = check_share(c("133"), c("205"), p("约64.8"))
    assert result.consistent_modes == ("truncate", "floor") and result.rounding_matters
    assert shared_modes([result, check_share(c("147"), c("205"), p("71.7"))]) == (
        "truncate",
        "floor",
    )


def test_a_growth_to_a_total_bounded_on_one_side_is_held_to_the_rate() -> None:
    """958.7万 rising by 3.0% is at most 988万, which never passes 1000万; by 4.3% it does,
    except rounded up (958.7万 × 1.043 = 999.92万 at most)."""
    passed = c("突破1000万")
    assert (
        check_growth(c("958.7万"), passed, None, parse_change("增长3.0%")).verdict == "inconsistent"
    )
    real = check_growth(c("958.7万"), passed, None, parse_change("增长4.3%"))
    assert real.verdict == "consistent" and "ceiling" not in real.consistent_modes


def test_points_that_parts_add_to_a_rate() -> None:
    """拉动4.2、1.4、0.5、0.7个百分点 add to a growth of 6.8%; each is rounded."""
    parts = [parse_change(f"{x}个百分点") for x in ("4.2", "1.4", "0.5", "0.7")]
    assert check_parts_sum(parts, parse_change("6.8%")).verdict == "consistent"
    assert check_parts_sum(parts, parse_change("7.2%")).verdict == "inconsistent"


def test_a_quantity_measured_is_rounded_at_its_last_digit() -> None:
    """395吨 and an increase of 5.1吨 give 1.282%…1.334%, so 1.3% fits rounding up too; read
    as exact, 5.1 ÷ 389.9 = 1.308% would not."""
    assert str(c("5.1吨").interval) == "[5.05, 5.15]"
    result = check_growth(None, c("395吨"), parse_change("5.1吨"), parse_change("1.3%"))
    assert "ceiling" in result.consistent_modes
