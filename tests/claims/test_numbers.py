"""Every printed form of a number, as the exact interval of true values it stands for."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partybuild_metrics.claims.numbers import (
    MAX_DIGITS,
    NUMBER_CHARS,
    QUALIFIERS,
    find_numbers,
    parse_count,
    parse_number,
)
from partybuild_metrics.claims.published import rounded_interval

F = Fraction


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        # 万 and 亿 without decimals are rounded at their last digit, like those with decimals
        ("9899万人", "[98985000, 98995000]"),
        ("5万名", "[45000, 55000]"),
        ("9671.2万名", "[96711500, 96712500]"),
        ("1.2亿", "[115000000, 125000000]"),
        ("3.5万亿", "[3450000000000, 3550000000000]"),
        # mixed forms: the last digit is a thousand
        ("1亿零27.1万", "[100270500, 100271500]"),
        ("1亿27万1千", "[100270500, 100271500]"),
        # Chinese numerals: below 万 exact; with 万 the last group counts in its unit
        ("一百二十", "[120, 120]"),
        ("二十三个", "[23, 23]"),
        ("两千", "[2000, 2000]"),
        ("一千零十", "[1010, 1010]"),
        ("一万二千三百", "[12300, 12300]"),
        ("二十万", "[195000, 205000]"),
        ("九千六百七十一点二万", "[96711500, 96712500]"),
        ("一万二", "[11500, 12500]"),
        ("二〇二〇", "[2020, 2020]"),
        # full width, separators, traditional characters, financial numerals
        ("１２３", "[123, 123]"),
        ("９，６７１.２萬名", "[96711500, 96712500]"),
        ("壹仟零伍拾", "[1050, 1050]"),
        ("達到9671.2萬名", "[96711500, 96712500]"),
        ("已达4493.7万名", "[44936500, 44937500]"),  # 2024 communiqué: 已达, as 达
        ("已超过1000人", "(1000, +∞)"),
        ("1,044", "[1044, 1044]"),
        # qualifiers
        ("660余名", "(660, +∞)"),
        ("130多户", "(130, +∞)"),
        ("800多万", "(8000000, +∞)"),
        ("超过1000", "(1000, +∞)"),
        ("逾千", "(1000, +∞)"),
        ("3万元以上", "[30000, +∞)"),
        ("不少于10%", "[10, +∞)"),
        ("近10万", "(0, 100000)"),
        ("不到500人", "(-∞, 500)"),
        ("不足一半", "(-∞, 50)"),
        ("1000人以下", "(-∞, 1000]"),
        ("约500", "[499.5, 500.5]"),
        ("1000人左右", "[999.5, 1000.5]"),
        ("约5万", "[45000, 55000]"),
        # ranges
        ("四五万元", "[40000, 50000]"),
        ("三四百", "[300, 400]"),
        ("十二三", "[12, 13]"),
        ("4-5万", "[40000, 50000]"),
        ("4至5万", "[40000, 50000]"),
        ("七八成", "[70, 80]"),
        ("一两万", "[10000, 20000]"),
        ("一两百", "[100, 200]"),
        ("30%-40%", "[30, 40]"),
        ("３０％－４０％", "[30, 40]"),
        # an Arabic digit before each unit: rounded at the last unit, as 1亿27万1千 is
        ("12万3千4百", "[123350, 123450]"),
        ("2万9千6百", "[29550, 29650]"),
        ("9千6", "[9550, 9650]"),
        # percents and fractions in words
        ("三成多", "(30, +∞)"),
        ("近三成", "(20, 30)"),
        # nearly: below the figure, by less than a unit of its first digit
        ("近40%", "(30, 40)"),
        ("近2倍", "(100, 200)"),
        ("接近0.5%", "(0.4, 0.5)"),
        ("不到40%", "(-∞, 40)"),
        ("过半", "(50, +∞)"),
        ("超过半数", "(50, +∞)"),
        ("半数以上", "[50, +∞)"),
        ("約30%", "[29.5, 30.5]"),
        # traditional measure words, as their simplified forms
        ("1.1萬戶", "[10500, 11500]"),
        ("78戶", "[78, 78]"),
        ("3.5萬畝", "[34500, 35500]"),
        # spaces between groups of three digits
        ("9 671.2万", "[96711500, 96712500]"),
        ("201 484 359", "[201484359, 201484359]"),
    ],
)
def test_printed_forms_as_intervals(text: str, interval: str) -> None:
    assert str(parse_number(text).interval) == interval


@pytest.mark.parametrize(
    ("text", "kind", "value", "step"),
    [
        ("64.8%", "percent", F("64.8"), F("0.1")),
        ("６４．８％", "percent", F("64.8"), F("0.1")),
        ("百分之七十七点六", "percent", F("77.6"), F("0.1")),
        ("百分之七十七點六", "percent", F("77.6"), F("0.1")),
        # neighbouring digits after the point are decimals, not a range (六七 is not 6–7)
        ("百分之四十五点六七", "percent", F("45.67"), F("0.01")),
        ("百分之六十五點六七", "percent", F("65.67"), F("0.01")),
        ("二十三点四五万", "number", F(234_500), F(100)),
        ("百分之三十", "percent", F(30), F(1)),
        ("千分之五", "percent", F("0.5"), F("0.1")),
        ("七成", "percent", F(70), F(10)),
        ("一半", "percent", F(50), F(10)),
        ("2.1个百分点", "points", F("2.1"), F("0.1")),
        ("0.7個百分點", "points", F("0.7"), F("0.1")),
        ("-1.2", "number", F("-1.2"), F("0.1")),
        ("负百分之三", "percent", F(-3), F(1)),
        ("翻一番", "times", F(2), F(1)),
        ("翻两番", "times", F(4), F(1)),
        ("2020年", "number", F(2020), F(1)),
        ("4493.7万", "number", F(44_937_000), F(1000)),
    ],
)
def test_kind_value_and_step(text: str, kind: str, value: Fraction, step: Fraction) -> None:
    number = parse_number(text)
    assert (number.kind, number.value, number.step) == (kind, value, step)


def test_a_printed_percent_is_rounded_by_the_mode_a_qualified_one_is_not() -> None:
    assert str(rounded_interval(parse_number("七成"), "half_up")) == "[65, 75)"
    assert str(rounded_interval(parse_number("七成"), "truncate")) == "[70, 80)"
    assert str(rounded_interval(parse_number("百分之七十七点六"), "half_up")) == "[77.55, 77.65)"
    assert str(rounded_interval(parse_number("三成多"), "half_even")) == "(30, +∞)"
    assert str(rounded_interval(parse_number("过半"), "truncate")) == "(50, +∞)"


def test_trailing_zeros_and_the_unit_word_are_kept() -> None:
    assert parse_number("5.10").decimals == 2 and parse_number("5.1").decimals == 1
    assert parse_number("660余名").unit == "名" and parse_number("660余名").qualifier == "余"
    assert parse_number("5万元").unit == "元"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("许多", "is not a number"),
        ("Infinity", "infinite or not a number"),
        ("NaN", "infinite or not a number"),
        ("-inf", "infinite or not a number"),
        ("1e5", "expected digits"),
        ("1.2.3", "expected digits"),
        ("万", "without a number before it"),
        ("十十", "units out of order"),
        ("百姓", "expected digits"),
        ("9" * (MAX_DIGITS + 1), f"more than {MAX_DIGITS} digits"),
        ("1" * 5000, "longer than"),
        ("", "it is empty"),
        # a range from high to low is not silently turned around: "70690-18659" is more
        # likely a subtraction written into one part
        ("70690-18659", "runs from its low end"),
        ("5-4万", "runs from its low end"),
        # numbers a clerk put in one cell are not joined into one
        ("1 2 3", "spaces inside a number"),
        ("12 34", "spaces inside a number"),
        ("6 4 . 8", "spaces inside a number"),
        ("133\n205", "spaces inside a number"),
        ("133\t205", "spaces inside a number"),
    ],
)
def test_what_is_not_a_number_is_a_clear_error(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_number(text)


def test_a_count_is_not_a_percent() -> None:
    with pytest.raises(ValueError, match="a count, not a percent"):
        parse_count("64.8%")


def test_twenty_digit_numbers_are_read_exactly() -> None:
    assert parse_number("12345678901234567890").value == 12345678901234567890
    assert parse_number("1234567890123456.7万").interval.low == F("12345678901234566500")


def test_every_qualifier_word_is_read() -> None:
    for word, bound in QUALIFIERS.items():
        suffix = word in (
            "余",
            "多",
            "有余",
            "以上",
            "及以上",
            "以下",
            "及以下",
            "以内",
            "左右",
            "上下",
            "前后",
        )
        number = parse_number(f"100{word}" if suffix else f"{word}100")
        assert number.bound == (bound if bound != "exact" else "exact"), word


def test_numbers_found_in_running_text() -> None:
    text = (
        "截至2021年12月31日,中国共产党党员总数为9671.2万名,比上年净增343.4万名,增幅为3.7%。"
        "女党员2843.1万名,占党员总数的29.4%。近三成、过半、四五万元、翻一番"
    )
    found = [(text[s:e], n.value) for s, e, n in find_numbers(text)]
    assert ("9671.2万名", 96_712_000) in found and ("343.4万名", 3_434_000) in found
    assert ("3.7%", F("3.7")) in found and ("29.4%", F("29.4")) in found
    assert [t for t, _ in found[-4:]] == ["近三成", "过半", "四五万元", "翻一番"]
    assert all(text[s:e] == n.text for s, e, n in find_numbers(text))


def test_number_characters_cover_every_form() -> None:
    for form in ("9671.2萬", "百分之七十七點六", "６４．８％", "三成多", "壹仟"):
        assert set(form) <= NUMBER_CHARS, form


@settings(max_examples=300)
@given(
    st.text(
        st.sampled_from(sorted(NUMBER_CHARS | set("以上近约超过余多名个人左右占百分之"))),
        max_size=14,
    )
)
def test_no_text_crashes_the_parser(text: str) -> None:
    try:
        number = parse_number(text)
    except ValueError:
        return
    low, high = number.interval.low, number.interval.high
    assert low is None or high is None or low <= high


@given(st.integers(0, 10**15), st.integers(0, 3))
def test_an_arabic_count_in_wan_is_rounded_at_its_last_digit(units: int, decimals: int) -> None:
    printed = f"{units // 10**decimals}" + (
        f".{units % 10**decimals:0{decimals}d}" if decimals else ""
    )
    number = parse_number(printed + "万")
    step = F(10_000, 10**decimals)
    assert number.value == F(units) * step and number.step == step
    assert (number.interval.low, number.interval.high) == (
        number.value - step / 2,
        number.value + step / 2,
    )


def test_a_cumulative_change_keeps_its_direction() -> None:
    from partybuild_metrics.claims.numbers import parse_change

    assert parse_change("累计下降9.6个百分点").value == F("-9.6")
    assert parse_change("共增加5万").interval.low == 45000
    assert parse_change("名义增长10.6%").value == F("10.6")  # 国家统计局: nominal growth
    # the year-end compared with, as the poverty releases print it (and in traditional)
    assert parse_change("比上年末減少1109萬人").value == F("-11090000")
    assert parse_change("比2012年末减少1109万人").value == F("-11090000")


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("2431元", Fraction(4861, 2), Fraction(4863, 2)),
        ("4432.5元", Fraction(88649, 20), Fraction(88651, 20)),
        ("2431.05元", Fraction(48621, 20), Fraction(48621, 20)),
        ("12万元", Fraction(115000), Fraction(125000)),
        ("2431", Fraction(2431), Fraction(2431)),  # a count stays exact
    ],
)
def test_an_amount_in_yuan_is_rounded_to_its_last_digit(
    text: str, low: Fraction, high: Fraction
) -> None:
    interval = parse_number(text).interval
    assert (interval.low, interval.high) == (low, high)


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("13.9亿斤", "[1385000000, 1395000000]"),
        ("1.2千公顷", "[1150, 1250]"),
        ("395公斤/亩", "[394.5, 395.5]"),
    ],
)
def test_quantities_in_the_units_grain_and_land_are_printed_in(text: str, interval: str) -> None:
    assert str(parse_number(text).interval) == interval


def test_a_change_that_gives_the_new_total_is_named_as_typed() -> None:
    from partybuild_metrics.claims.numbers import parse_change

    with pytest.raises(ValueError, match="'增至1044' is not a number: '增至' gives the new total"):
        parse_change("增至1044")
    with pytest.raises(ValueError, match="'增加abc' is not a number"):
        parse_change("增加abc")
