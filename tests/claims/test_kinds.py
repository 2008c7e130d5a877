"""Every kind of claim on real published figures, with verdicts computed by hand."""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

import partybuild_metrics as pbm
from partybuild_metrics.claims.consistency import (
    ALL_MODES,
    check_change,
    check_growth,
    check_mean,
    check_parts_sum,
    check_share,
)
from partybuild_metrics.claims.entry import check_claims_leniently
from partybuild_metrics.claims.model import check_figure
from partybuild_metrics.claims.numbers import parse_change as r
from partybuild_metrics.claims.numbers import parse_count as c
from partybuild_metrics.claims.numbers import parse_number as p

COMMUNIQUES = Path("data/claims/communiques")
HALF = ("half_up", "half_even", "half_down")


def test_inclusion_exclusion_of_the_two_committees() -> None:
    # 71821 party-committee members + 70690 villagers'-committee members − 18659 on both = 123852
    parts = [c("71821"), c("70690"), c("18659")]
    assert check_parts_sum(parts, c("123852"), [1, 1, -1]).witnesses == {"sum": [123852]}
    assert check_parts_sum(parts, c("123852")).verdict == "inconsistent"  # 161170 without the minus
    assert check_parts_sum(parts, c("123853"), [1, 1, -1]).verdict == "inconsistent"


def test_subtracted_parts_in_a_claims_file(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "source: {id: province}\nclaims:\n  - id: two-committees\n    kind: parts_sum\n"
        '    quote: 共选举产生村(社区)"两委"成员123852人……交叉任职18659人\n'
        '    parts: ["71821", "70690", "-18659"]\n    total: "123852"\n',
        encoding="utf-8",
    )
    row = pbm.check_claims(path).iloc[0]
    assert row["verdict"] == "consistent" and row["published"] == "71821 + 70690 − 18659 = 123852"
    assert row["against"] == 123852.0


def test_a_sum_of_rounded_counts_uses_their_intervals() -> None:
    # 2022: 9.6 + 1360.9 + 6053.2 + 2380.5 = 9804.2万 printed against 9804.1万; each part ± 0.05万
    parts = [c(x + "万") for x in ("9.6", "1360.9", "6053.2", "2380.5")]
    assert check_parts_sum(parts, c("9804.1万")).verdict == "consistent"
    # rounded half up the sums reach down to 9804.0万; only a source that rounds every
    # figure up (ceiling: each part in (x − 0.1万, x]) can print 9803.9万
    assert check_parts_sum(parts, c("9803.9万")).consistent_modes == ("ceiling",)


def test_a_sum_on_the_tie_of_a_rounded_total_takes_each_mode_side() -> None:
    # 福州 2021: 1025 + 974 + 17751 = 19750, printed 1.97万. 1.975万 is 1.98万 rounded half
    # up, half even (7 is odd) or up; only half down, truncation and floor print 1.97万.
    parts = [c("1025"), c("974"), c("17751")]
    result = check_parts_sum(parts, c("1.97万"))
    assert result.consistent_modes == ("truncate", "half_down", "floor")
    assert result.rounding_matters and result.witnesses == {"sum": [19750]}
    # 19790 truncates to 1.97万 (and floors), but rounds to 1.98万 in every other mode
    late = check_parts_sum([c("1025"), c("974"), c("17791")], c("1.97万"))
    assert late.consistent_modes == ("truncate", "floor")
    # exact counts say nothing of a rounding habit
    exact = check_parts_sum([c("201"), c("484"), c("359")], c("1044"))
    assert exact.consistent_modes == ALL_MODES and not exact.rounding_matters


def test_growth_from_the_net_increase_and_the_new_total() -> None:
    # 2021: 343.4 / (9671.2 − 343.4) = 3.681…%: 3.7 under half modes and ceiling, 3.6 truncated
    result = check_growth(None, c("9671.2万"), r("比上年净增343.4万名"), r("增幅为3.7%"))
    assert result.consistent_modes == ("half_up", "half_even", "half_down", "ceiling")
    assert check_growth(None, c("9671.2万"), r("343.4万"), r("3.6%")).consistent_modes == (
        "truncate",
        "floor",
    )
    # the wrong reading, net increase ÷ new total = 3.55%, is not what the communiqué means
    assert check_growth(None, c("9671.2万"), r("343.4万"), r("3.5%")).verdict == "inconsistent"


def test_nearly_reaches_down_by_one_unit_of_its_first_digit() -> None:
    """富裕县 (reviewed text): 37.65亿元 to 74.3亿元 is a rise of 97%, which is "近1倍", not
    "增长近2倍" (more than 100%, less than 200%); 近三成 is (20%, 30%)."""
    bad = check_growth(c("37.65亿元"), c("74.3亿元"), None, r("增长近2倍"))
    assert bad.verdict == "inconsistent"
    assert check_growth(c("37.65亿元"), c("74.3亿元"), None, r("增长近1倍")).verdict == "consistent"
    assert check_share(c("59"), c("205"), p("近三成")).verdict == "consistent"
    assert check_share(c("40"), c("205"), p("近三成")).verdict == "inconsistent"


def test_growth_between_two_printed_totals_and_a_sum() -> None:
    # 2022 → 2023: 9804.1万 + 114.4万 = 9918.5万; 114.4 / 9804.1 = 1.1669% → 1.2%
    assert check_growth(c("9804.1万"), c("9918.5万"), r("114.4万"), None).verdict == "consistent"
    assert check_growth(c("9804.1万"), c("9918.5万"), r("115.4万"), None).verdict == "inconsistent"
    assert set(HALF) <= set(
        check_growth(c("9804.1万"), c("9918.5万"), None, r("1.2%")).consistent_modes
    )
    assert check_growth(c("9804.1万"), c("9918.5万"), None, r("1.1%")).consistent_modes == (
        "truncate",
        "floor",
    )


def test_doubling_and_falls() -> None:
    # 四五万元 a year before, 38万元 now: not a doubling (翻一番 = 8万–10万), three doublings are 32–40万
    assert check_growth(c("四五万"), c("8万"), None, r("翻一番")).verdict == "consistent"
    assert check_growth(c("四五万"), c("38万"), None, r("翻一番")).verdict == "inconsistent"
    assert check_growth(c("四五万"), c("38万"), None, r("翻三番")).verdict == "consistent"
    assert check_growth(c("200"), c("190"), r("减少10"), r("下降5%")).consistent_modes == ALL_MODES


def test_growth_printed_as_a_multiple() -> None:
    # 增长1.2倍 is a rise of 120% (× 2.2), rounded at its last digit: 1200万 → 2640万 is
    # exactly 120%; 4000 → 9000 is 125%, a tie between 1.2倍 and 1.3倍
    assert (
        check_growth(c("1200万"), c("2640万"), None, r("增长1.2倍")).consistent_modes == ALL_MODES
    )
    assert check_growth(c("1200万"), c("2640万"), None, r("增长1.5倍")).verdict == "inconsistent"
    assert check_growth(c("4000"), c("9000"), None, r("增长1.2倍")).consistent_modes == (
        "half_even", "truncate", "half_down", "floor",
    )  # fmt: skip
    assert check_growth(c("4000"), c("9000"), None, r("增长1.3倍")).consistent_modes == (
        "half_up", "ceiling",
    )  # fmt: skip
    # a whole multiple is rounded too: 增长1倍 takes rises of 50% up to 150%
    assert check_growth(c("100"), c("240"), None, r("增长1倍")).consistent_modes == (
        "half_up", "half_even", "truncate", "half_down", "floor",
    )  # fmt: skip
    assert check_growth(c("100"), c("310"), None, r("增长1倍")).verdict == "inconsistent"
    number = p("1.2倍")
    assert (number.kind, number.value, number.step) == ("percent", 120, 10)


@pytest.mark.parametrize("key", ["percent", "value", "before", "change_points"])
def test_a_multiple_is_only_a_growth_rate(key: str) -> None:
    with pytest.raises(ValueError, match="multiple"):
        check_figure(key, "1.2倍")
    check_figure("rate", "增长1.2倍")


def test_percentage_points_with_their_direction() -> None:
    # 2015: the growth rate 1.1% is 下降2个百分点 from 2012's 3.1%
    assert check_change(p("3.1"), p("1.1"), r("下降2个百分点")).consistent_modes == ALL_MODES
    assert check_change(p("3.1"), p("1.1"), r("提高2个百分点")).verdict == "inconsistent"
    # 2019 women: 27.2% → 27.9%, 比上年提高0.7个百分点
    assert check_change(p("27.2%"), p("27.9%"), r("提高0.7个百分点")).consistent_modes == ALL_MODES
    assert check_change(p("27.2%"), p("27.9%"), r("提高0.8个百分点")).verdict == "consistent"
    assert check_change(p("27.2%"), p("27.9%"), r("提高0.9个百分点")).verdict == "inconsistent"
    assert check_change(p("27.2%"), p("27.9%"), r("提高1.0个百分点")).verdict == "inconsistent"


def test_shares_of_counts_printed_in_wan() -> None:
    # 2021: 2843.1 / 9671.2 = 29.397…%; the counts' intervals reach 29.3985…% at most, so never 29.4
    # by truncation
    result = check_share(c("2843.1万"), c("9671.2万"), p("29.4"))
    assert result.consistent_modes == ("half_up", "half_even", "half_down", "ceiling")
    assert result.denominators["half_up"] == 96_711_500  # the smallest denominator that works
    # 2015: 77.7 / 196.5 = 39.54%: only the counts' rounding reaches 39.55 (77.75 / 196.45 = 39.578%)
    assert check_share(c("77.7万"), c("196.5万"), p("39.6")).verdict == "consistent"
    assert check_share(c("77.7万"), c("196.5万"), p("39.7")).verdict == "inconsistent"


def test_share_words() -> None:
    # 2019: 大专及以上学历党员超过半数,达4661.5万名 of 9191.4万: 50.7%
    assert check_share(c("4661.5万"), c("9191.4万"), p("超过半数")).consistent_modes == ALL_MODES
    assert check_share(c("4561.5万"), c("9191.4万"), p("过半")).verdict == "inconsistent"
    assert check_share(c("62"), c("205"), p("三成多")).verdict == "consistent"  # 30.2%
    assert check_share(c("62"), c("205"), p("近三成")).verdict == "inconsistent"
    # 七成 is 70% rounded at its last digit, a step of 10 points
    seventy = ("half_up", "half_even", "half_down", "ceiling")
    assert check_share(c("143"), c("205"), p("七成")).consistent_modes == seventy  # 69.76%
    assert check_share(c("150"), c("205"), p("七成")).consistent_modes == (  # 73.17%
        "half_up", "half_even", "truncate", "half_down", "floor",
    )  # fmt: skip
    assert check_share(c("133"), c("205"), p("七成")).consistent_modes == ("ceiling",)  # 64.88%


def test_a_tie_is_a_tie() -> None:
    # 1/8 = 12.5% exactly: half_even keeps 12 (even), half_up goes to 13; never both
    assert check_share(c("1"), c("8"), p("12")).consistent_modes == (
        "half_even",
        "truncate",
        "half_down",
        "floor",
    )
    assert check_share(c("1"), c("8"), p("13")).consistent_modes == ("half_up", "ceiling")
    # 50 of 80 million = 62.5%: the same tie with 8-digit counts
    assert check_share(c("50000000"), c("80000000"), p("62")).consistent_modes == (
        "half_even", "truncate", "half_down", "floor",
    )  # fmt: skip


def test_every_mode_fits_what_cannot_be_tested() -> None:
    for result in (
        check_share(None, c("4493.7万"), p("12.3")),
        check_share(None, None, p("12.3")),
        check_mean(p("2.84"), c("243")),
        check_mean(p("52"), c("800多")),
    ):
        assert result.verdict == "not_testable" and result.consistent_modes == ALL_MODES


@pytest.mark.parametrize("digits", [3, 11, 20, 30])
def test_cost_does_not_grow_with_the_numbers(digits: int) -> None:
    denominator = "9" * digits
    numerator = "3" * digits
    started = time.process_time()
    for percent in ("33.3", "33.33333", "33.4"):
        check_share(c(numerator), c(denominator), p(percent))
        check_share(None, c(denominator), p(percent))
        check_share(c(numerator[:-2] + "万"), c(denominator[:-2] + "万"), p(percent))
    assert time.process_time() - started < 1.0  # each check is a few comparisons, not a walk


def test_the_communique_corpus_holds_and_fits_the_half_modes() -> None:
    results = pbm.check_claims(COMMUNIQUES)
    assert len(results) == 50 and set(results["verdict"]) == {"consistent"}
    for habits in results["source_modes"]:
        assert habits == list(HALF)
    shares = results[results["kind"] == "share"].set_index(["source", "id"])
    assert "truncate" not in shares.loc[("national-2021", "members-women"), "consistent_modes"]
    assert shares.loc[("national-2015", "members-women"), "consistent_modes"] == list(ALL_MODES)


def test_a_mean_of_rounded_sample_is_not_testable_but_an_exact_one_is() -> None:
    assert check_mean(p("5.18"), c("28")).witnesses["half_up"] == [145]
    assert check_mean(p("5.18"), c("近30")).verdict == "not_testable"


def test_a_mean_of_no_values_is_inconsistent() -> None:
    # 平均年龄52岁 over 0 people: nothing could have been averaged
    result = check_mean(c("52"), c("0"))
    assert result.verdict == "inconsistent" and result.consistent_modes == ()
    assert "sample size is 0" in result.message_en


def test_parts_that_are_percents_of_one_whole_are_rounded_figures(tmp_path: Path) -> None:
    """51.3% + 48.6%: under half up the shares are [51.25, 51.35) and [48.55, 48.65), which
    cannot make 100; truncated, 51.35 and 48.65 can."""
    path = tmp_path / "c.yaml"
    path.write_text(
        "source: {id: s}\nclaims:\n  - id: sexes\n    kind: parts_sum\n"
        "    quote: 男性占51.3%,女性占48.6%\n"
        '    parts: ["51.3%", "48.6%"]\n    total: "100"\n'
        "  - id: mixed\n    kind: parts_sum\n    quote: q\n"
        '    parts: ["51.3%", "133"]\n    total: "100"\n',
        encoding="utf-8",
    )
    results, problems = check_claims_leniently(path)
    row = results.iloc[0]
    assert "half_up" not in row["consistent_modes"] and "truncate" in row["consistent_modes"]
    assert [(p.claim, p.key) for p in problems] == [("mixed", "parts")]
    assert "all counts or all percents" in problems[0].message


def _checked(tmp_path: Path, claims: str, rounding: str = "half_up") -> pd.DataFrame:
    path = tmp_path / "claims.yaml"
    path.write_text("source: {id: s, title: t}\nclaims:\n" + claims, encoding="utf-8")
    return pbm.check_claims(path, rounding=rounding).set_index("id")


def test_no_change_printed_as_chiping(tmp_path: Path) -> None:
    """与上年持平: no change at the shares' last digit (56.7 and 56.9 differ by 0.2)."""
    found = _checked(
        tmp_path,
        '  - {id: same, kind: change, quote: q, before: "56.7", after: "56.7", change_points: 与上年持平}\n'
        '  - {id: moved, kind: change, quote: q, before: "56.7", after: "56.9", change_points: 持平}\n'
        '  - {id: pts, kind: change, quote: q, before: "54.8", after: "56.7", change_points: 提高7.3个百分点}\n',
    )
    assert found["verdict"].tolist() == ["consistent", "inconsistent", "inconsistent"]
    assert found.loc["pts", "published"] == "56.7 − 54.8 = 提高7.3个百分点"  # its unit once
    assert "not 7.3个百分点 under any mode" in found.loc["pts", "message_en"]
    for flat in ("与上年度持平", "與上年持平", "和上年持平", "同比持平", "与上年相比持平"):
        assert r(flat).value == 0 and r(flat).interval.low == 0


def test_a_total_may_be_negative_or_a_net_change(tmp_path: Path) -> None:
    """自然增长 of births less deaths can be below zero; 净增7.1万个 is a total of +7.1万."""
    found = _checked(
        tmp_path,
        '  - {id: natural, kind: parts_sum, quote: q, parts: ["902万", "-1110万"], total: "-208万"}\n'
        '  - {id: wrong, kind: parts_sum, quote: q, parts: ["902万", "-1110万"], total: "-218万"}\n'
        '  - {id: net, kind: parts_sum, quote: q, parts: ["12.1万", "-5.0万"], total: "淨增7.1万个"}\n',
    )
    assert found["verdict"].tolist() == ["consistent", "inconsistent", "consistent"]


def test_a_mode_that_does_not_fit_says_what_the_figures_come_to_under_it(tmp_path: Path) -> None:
    """Rounded up, 8875.8万 + 68.8万 is at most 89,446,000 and 8944.7万 more than that."""
    claims = (
        '  - {id: p, kind: parts_sum, quote: q, parts: ["8875.8万", "68.8万"], total: "8944.7万"}\n'
        '  - {id: g, kind: growth, quote: q, previous: "8875.8万", current: "8944.7万", increase: "68.8万"}\n'
    )
    found = _checked(tmp_path, claims, rounding="ceiling")
    assert found["verdict"].tolist() == ["inconsistent", "inconsistent"]
    assert found.loc["p", "message_en"] == (
        "not under ceiling; parts sum to [89444002, 89446000], total [89446001, 89447000]"
    )
    assert found.loc["g", "message_en"] == (
        "not under ceiling; previous + increase is [89444002, 89446000], current [89446001, 89447000]"
    )
    assert (_checked(tmp_path, claims)["verdict"] == "consistent").all()
