"""Parsers: what clerks write → typed values, bad cells flagged, blanks missing."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import CADRES
from hypothesis import assume, given
from hypothesis import strategies as st

import partybuild_metrics as pbm
from partybuild_metrics.records.parsing import (
    as_text,
    parse_bool,
    parse_code,
    parse_date,
    parse_education,
    parse_int,
    parse_number,
    parse_party_member,
    parse_posts_column,
    parse_text,
)
from partybuild_metrics.records.rules import message
from partybuild_metrics.records.vocabularies import EDUCATION_LEVELS, parse_posts


@pytest.mark.parametrize(
    ("word", "expected"),
    [("是", True), ("否", False), ("√", True), ("×", False), ("1", True), ("0", False),
     ("Y", True), ("n", False), ("TRUE", True), ("False", False), (" 是 ", True)],
)  # fmt: skip
def test_bool_words(word: str, expected: bool) -> None:
    parsed = parse_bool(pd.Series([word], dtype="object"))
    assert parsed.values.tolist() == [expected]
    assert not parsed.bad.any()


def test_blank_bool_is_missing_not_false() -> None:
    parsed = parse_bool(pd.Series(["", None, "  "], dtype="object"))
    assert parsed.values.isna().all()
    assert not parsed.bad.any()


def test_unreadable_bool_is_bad() -> None:
    assert parse_bool(pd.Series(["可能"])).bad.tolist() == [True]


@pytest.mark.parametrize(
    ("text", "posts"),
    [
        ("党支部书记、村委会主任", (True, True)),
        ("党总支书记兼村委会主任", (True, True)),
        ("书记、主任", (True, True)),
        ("一肩挑", (True, True)),
        ("党支部书记", (True, False)),
        ("村委会主任", (False, True)),
        ("村委会委员", (False, False)),
        ("党支部委员", (False, False)),
        ("党支部副书记", (False, False)),
        ("村委会副主任", (False, False)),
        ("村委会委员、妇女主任", (False, False)),
        ("会计", None),
        # Both posts, however the two are joined.
        ("书记主任", (True, True)),
        ("书记兼主任", (True, True)),
        ("书记兼任主任", (True, True)),
        ("书记/主任", (True, True)),
        ("书记／主任", (True, True)),
        ("书记;主任", (True, True)),
        ("书记 主任", (True, True)),
        ("书记和主任", (True, True)),
        ("书记（兼主任）", (True, True)),
        ("党支部书记,村委会主任", (True, True)),
        ("村党支部书记村委会主任", (True, True)),
        ("党委书记、主任", (True, True)),
        ("书记主任一肩挑", (True, True)),
        ("村党组织书记、村委会主任、村集体经济组织负责人", (True, True)),
        # One post, in its other names.
        ("党总支书记", (True, False)),
        ("村支书", (True, False)),
        ("村(社区)党组织书记", (True, False)),
        ("党支部书记、会计", (True, False)),
        ("村主任", (False, True)),
        ("村委主任", (False, True)),
        ("村民委员会主任", (False, True)),
        ("村（居）民委员会主任", (False, True)),
        ("社区居委会主任", (False, True)),
        # Other posts called 书记 or 主任.
        ("第一书记", (False, False)),
        ("驻村第一书记", (False, False)),
        ("团支部书记", (False, False)),
        ("副支书", (False, False)),
        ("团结村党支部副书记", (False, False)),
        ("村务监督委员会主任", (False, False)),
        # Negated, former, proposed or acting: never read as holding the post.
        ("非一肩挑", None),
        ("非书记", None),
        ("不是书记", None),
        ("原书记", None),
        ("原党支部书记", None),
        ("前任书记", None),
        ("老书记", None),
        ("原主任", None),
        ("原村委会主任", None),
        ("退休书记", None),
        ("书记(已退休)", None),
        ("书记（已离任）", None),
        ("书记、已离任", None),
        ("党支部书记、原村委会主任", None),
        ("书记、主任（拟）", None),
        ("拟任书记", None),
        ("代理书记", None),
        # A post word among words not known here: quarantined, not guessed.
        ("主任助理", None),
        ("主任委员", None),
        ("书记员", None),
        ("办公室主任", None),
        ("老年协会主任", None),
        ("团结村党支部书记", (True, False)),  # a village's own name before its body
        ("东山村村委会主任", (False, True)),
    ],
)
def test_posts(text: str, posts: tuple[bool, bool] | None) -> None:
    assert parse_posts(text) == posts


@given(
    st.sampled_from(["非", "不是", "原", "前任", "老", "退休", "已离任", "曾任", "拟任", "代理"]),
    st.sampled_from(
        ["书记", "党支部书记", "主任", "村委会主任", "一肩挑", "书记、主任", "书记主任"]
    ),
    st.sampled_from(["{word}{post}", "{post}({word})", "{post}、{word}", "{post}（{word}）"]),
)
def test_a_post_not_held_is_never_read_as_held(word: str, post: str, form: str) -> None:
    """A negated, former, proposed or acting post, in any place, is unknown (quarantined)."""
    assert parse_posts(form.format(word=word, post=post)) is None


def test_posts_column_reads_the_reviewers_cells() -> None:
    """书记主任 holds both posts (one more 一肩挑); 非一肩挑 and 原书记 hold none and are bad."""
    cells = ["书记主任", "一肩挑", "非一肩挑", "原书记", "前任书记", "党支部书记", "村委会主任"]
    secretary, director = parse_posts_column(pd.Series(cells, dtype="object"))
    assert secretary.values.tolist() == [True, True, False, False, False, True, False]
    assert director.values.tolist() == [True, True, False, False, False, False, True]
    assert secretary.bad.tolist() == [False, False, True, True, True, False, False]
    assert director.bad.tolist() == secretary.bad.tolist()


def test_former_post_is_quarantined_by_row_and_column(county: Callable[..., Path]) -> None:
    cadres = CADRES.copy()
    cadres.loc[0, "职务"] = "书记主任"
    cadres.loc[3, "职务"] = "原村委会主任"
    ds = pbm.read_dataset(county(村两委成员=cadres))
    problem = ds.quarantine.iloc[0]
    assert len(ds.quarantine) == 1
    assert (problem["row"], problem["column"], problem["rule"]) == (5, "职务", "unknown_post")
    assert "former" in str(problem["message_en"]) and "原任" in str(problem["message_zh"])
    first = ds.cadres.set_index("person_id").loc["A1"]
    assert (first["secretary"], first["director"]) == (True, True)


def test_posts_column_blank_holds_neither_and_unknown_is_bad() -> None:
    secretary, director = parse_posts_column(pd.Series(["一肩挑", "", "会计"], dtype="object"))
    assert secretary.values.tolist() == [True, False, False]
    assert director.values.tolist() == [True, False, False]
    assert secretary.bad.tolist() == [False, False, True]


@pytest.mark.parametrize(
    "cell",
    ["1968.05", "1968-05", "1968年5月", "196805", "1968/5", "1968年05月", dt.date(1968, 5, 1),
     dt.datetime(1968, 5, 1), "1968-05-01", "19680501"],
)  # fmt: skip
def test_year_month_forms(cell: object) -> None:
    parsed = parse_date(pd.Series([cell], dtype="object"))
    assert parsed.values.tolist() == [pd.Timestamp("1968-05-01")]
    assert not parsed.bad.any()


def test_number_cell_1968_1_is_october() -> None:
    parsed = parse_date(pd.Series([1968.1], dtype="object"))
    assert parsed.values.tolist() == [pd.Timestamp("1968-10-01")]


@pytest.mark.parametrize("cell", ["1968", "1968.13", "五月", "1968-02-30"])
def test_bad_dates(cell: str) -> None:
    assert parse_date(pd.Series([cell])).bad.tolist() == [True]


@pytest.mark.parametrize(
    ("label", "level"),
    [("大学本科", "本科"), ("本科", "本科"), ("大学专科", "大专"), ("专科", "大专"), ("大专", "大专"),
     ("中专", "高中"), ("职高", "高中"), ("技校", "高中"), ("高中", "高中"), ("初中", "初中"),
     ("小学", "小学及以下"), ("研究生", "研究生"), ("硕士", "研究生"), ("博士", "研究生")],
)  # fmt: skip
def test_education_variants(label: str, level: str) -> None:
    parsed = parse_education(pd.Series([label]))
    assert parsed.values.tolist() == [level]
    assert parsed.values.cat.ordered


def test_education_order_is_the_party_statistics_order() -> None:
    values = parse_education(pd.Series(["大专", "高中", "本科"])).values
    assert (values >= "大专").tolist() == [True, False, True]
    assert list(values.cat.categories) == list(EDUCATION_LEVELS)


def test_unknown_education_is_bad_and_blank_is_unknown() -> None:
    parsed = parse_education(pd.Series(["幼儿园", ""], dtype="object"))
    assert parsed.bad.tolist() == [True, False]
    assert parsed.values.isna().all()


@pytest.mark.parametrize(
    ("word", "member"),
    [
        ("中共党员", True),
        ("中共预备党员", True),
        ("群众", False),
        ("共青团员", False),
        ("民盟盟员", False),
    ],
)
def test_political_status(word: str, member: bool) -> None:
    assert parse_party_member(pd.Series([word])).values.tolist() == [member]


def test_codes_restored_from_excel_numbers_but_never_padded() -> None:
    parsed = parse_code(
        pd.Series(
            [
                210283101201.0,
                "210283101201.0",
                " 210283101201 ",
                "21028310120",
                "2.10283E+11",
                "A10283101201",
            ],
            dtype="object",
        )
    )
    assert parsed.values.tolist()[:3] == ["210283101201"] * 3
    assert parsed.bad.tolist() == [False, False, False, True, True, True]


def test_full_width_digits_are_the_same_code_and_other_digits_are_bad() -> None:
    parsed = parse_code(pd.Series(["２１０２８３１０１２０１", "٢١٠٢٨٣١٠١٢٠١"]))
    assert parsed.values.tolist()[0] == "210283101201"
    assert parsed.bad.tolist() == [False, True]


def test_wan_yuan_is_exact_yuan() -> None:
    parsed = parse_number(pd.Series(["3.7", "0.01", "12.3456"]), scale=10_000)
    assert parsed.values.tolist() == [37_000.0, 100.0, 123_456.0]


def test_integers_reject_fractions_and_words() -> None:
    parsed = parse_int(pd.Series(["3", "3.0", "3.5", "三", ""], dtype="object"))
    assert parsed.bad.tolist() == [False, False, True, True, False]
    assert parsed.values.tolist()[:2] == [3, 3]


@given(st.lists(st.integers(min_value=10**11, max_value=10**12 - 1), min_size=1, max_size=30))
def test_code_survives_excel_float_round_trip(codes: list[int]) -> None:
    """Any 12-digit code that Excel stored as a float comes back as the same code."""
    parsed = parse_code(pd.Series([float(c) for c in codes], dtype="object"))
    assert parsed.values.tolist() == [str(c) for c in codes]
    assert not parsed.bad.any()


@given(st.lists(st.one_of(st.none(), st.text(max_size=5), st.floats(allow_nan=True)), max_size=20))
def test_as_text_never_keeps_blanks(cells: list[object]) -> None:
    text = as_text(pd.Series(cells, dtype="object"))
    assert len(text) == len(cells)
    assert not (text.dropna() == "").any()


@given(
    st.lists(
        st.text(alphabet=[" ", "\t", "\u3000", "\xa0", "村", "a", "一", "H", "1"], max_size=4),
        max_size=12,
    )
)
def test_text_is_stripped_whether_or_not_the_column_is_clean(cells: list[str]) -> None:
    """Clean columns are kept as they are; any other is stripped: the result is the same."""
    values = parse_text(pd.Series(cells, dtype="str")).values
    assert [None if pd.isna(v) else v for v in values] == [c.strip() or None for c in cells]


def test_arrow_backed_whole_numbers_with_blanks_become_int64() -> None:
    """Parquet columns of whole numbers with blanks arrive Arrow-backed, in chunks."""
    import pyarrow as pa

    chunks = pa.chunked_array([[2014, None], [2016, 2020]]).slice(1)
    parsed = parse_int(pd.Series(pd.arrays.ArrowExtensionArray(chunks)))
    assert str(parsed.values.dtype) == "Int64"
    assert parsed.values.tolist() == [pd.NA, 2016, 2020]
    assert not parsed.bad.any()


@pytest.mark.parametrize(
    ("cell", "yuan"),
    [("1,234", 1234.0), ("12,345.6", 12345.6), ("1,234,567", 1234567.0), ("-1,234", -1234.0),
     ("12,345.67", 12345.67), ("１，２３４，５６７．８９", 1234567.89), ("１２，３４５", 12345.0),
     ("'1,234", 1234.0), (" 999,999 ", 999999.0), ("1234", 1234.0), ("12345.670", 12345.67),
     ("1e5", 100000.0)],
)  # fmt: skip
def test_thousands_separators_in_groups_of_three(cell: str, yuan: float) -> None:
    parsed = parse_number(pd.Series([cell], dtype="object"))
    assert parsed.values.tolist() == [yuan]
    assert not parsed.bad.any()


@pytest.mark.parametrize(
    "cell",
    ["12,34", "1,2345", "1,5.1", "1,234,56", "1234,567", "0,5", "0,123", "1,,234", ",123",
     "123,", "1,234.56,7", "１２，３４", "12,34.5"],
)  # fmt: skip
def test_misplaced_separators_are_bad_with_their_reason(cell: str) -> None:
    for scale in (1, 10_000):
        parsed = parse_number(pd.Series([cell, "1,234"], dtype="object"), scale=scale)
        assert parsed.bad.tolist() == [True, False]
        assert math.isnan(parsed.values[0])
        assert parsed.reason is not None
        assert parsed.reason.tolist()[0] == "misplaced_separator"
    whole = parse_int(pd.Series([cell, "1,234"], dtype="object"))
    assert whole.bad.tolist() == [True, False]
    assert whole.values.tolist()[1] == 1234
    assert whole.reason is not None and whole.reason.tolist()[0] == "misplaced_separator"


def test_wan_yuan_with_separators() -> None:
    """The reviewer's 1,5.1 万元 was read as 151,000 元."""
    parsed = parse_number(pd.Series(["1,5.1", "1,234.5", "15.13"], dtype="object"), scale=10_000)
    assert parsed.bad.tolist() == [True, False, False]
    assert parsed.values.tolist()[1:] == [12_345_000.0, 151_300.0]


def test_no_reason_where_commas_are_not_the_trouble() -> None:
    parsed = parse_number(pd.Series(["(1,234)", "1 234,56", "二,三", "5%"], dtype="object"))
    assert parsed.bad.all()
    assert parsed.reason is None


@pytest.mark.parametrize(
    ("cell", "scale", "yuan"),
    [("12345.678", 1, 12345.678), ("0.001", 1, 0.001), ("12,345.678", 1, 12345.678),
     ("1e-3", 1, 0.001), ("1.2345678", 10_000, 12345.678), ("0.0000001", 10_000, 0.001),
     ("15.131", 10_000, 151310.0), ("１２３４５．６７８", 1, 12345.678)],
)  # fmt: skip
def test_a_fraction_of_a_fen_is_kept_as_written_never_rounded(
    cell: str, scale: int, yuan: float
) -> None:
    """12345.678 元 was read as 12345.68: now the double of 12345.678 itself."""
    parsed = parse_number(pd.Series([cell], dtype="object"), scale=scale)
    assert parsed.values.tolist() == [yuan]
    assert not parsed.bad.any()


def test_fen_of_wan_yuan_is_six_decimals() -> None:
    """1.234567 万元 is 12345.67 元 exactly: no float noise from the × 10000."""
    parsed = parse_number(pd.Series(["1.234567", "1.23456", "0.000001", "15.13"]), scale=10_000)
    assert parsed.values.tolist() == [12_345.67, 12_345.6, 0.01, 151_300.0]
    assert not parsed.bad.any()


def test_numbers_from_a_workbook_keep_their_decimals_and_drop_only_float_noise() -> None:
    floats = pd.Series([12345.678, 0.1 + 0.2, 15.13, 12345.67, np.nan])
    parsed = parse_number(floats)
    assert parsed.values.tolist()[:4] == [12345.678, 0.3, 15.13, 12345.67]
    assert parsed.bad.tolist() == [False] * 5
    # 15.13 万元 × 10000 is 151299.99999999997 in floating point: float noise, 151300 元.
    wan = parse_number(pd.Series([15.13, 1.2345678, 3.7]), scale=10_000)
    assert wan.values.tolist() == [151_300.0, 12_345.678, 37_000.0]
    # A workbook column of numbers and text: the numbers are read the same way.
    mixed = parse_number(pd.Series([12345.678, "1,234", 0.1 + 0.2, "12,34"], dtype="object"))
    assert mixed.bad.tolist() == [False, False, False, True]
    assert mixed.values.tolist()[:3] == [12345.678, 1234.0, 0.3]


def test_separator_messages_in_both_languages() -> None:
    zh, en = message(
        "bad_number", column="集体经济收入(元)", value="12,34", detail="misplaced_separator"
    )
    assert "千分位" in zh and "1,234" in zh
    assert en.startswith(
        "'集体经济收入(元)' value '12,34' is not a number: its thousands separators"
    )
    assert message("bad_number", column="c", value="x")[1] == "'c' value 'x' is not a number"


def test_bad_money_is_quarantined_by_row_and_column(county: Callable[..., Path]) -> None:
    income = pd.DataFrame(
        {
            "村代码": ["210283101201", "210283101202"],
            "年度": ["2020", "2020"],
            "集体经济收入(万元)": ["1,5.1", "1,234.5"],
        }
    )
    ds = pbm.read_dataset(county(村集体经济收入=income))
    assert len(ds.quarantine) == 1
    problem = ds.quarantine.iloc[0]
    assert (problem["row"], problem["column"], problem["rule"]) == (
        2,
        "集体经济收入(万元)",
        "bad_number",
    )
    assert "misplaced" in str(problem["message_en"]) and "千分位" in str(problem["message_zh"])
    assert ds.collective_income["income_yuan"].tolist() == [12_345_000.0]


def test_income_in_yuan_with_fractions_of_a_fen_is_read_as_written(
    county: Callable[..., Path],
) -> None:
    income = pd.DataFrame(
        {
            "村代码": ["210283101201", "210283101202"],
            "年度": ["2020", "2020"],
            "集体经济收入(元)": ["12345.678", "12,34"],
        }
    )
    ds = pbm.read_dataset(county(村集体经济收入=income))
    assert ds.quarantine[["row", "column", "value"]].values.tolist() == [
        [3, "集体经济收入(元)", "12,34"]
    ]
    assert ds.collective_income["income_yuan"].tolist() == [12345.678]


@given(st.integers(min_value=-(10**15), max_value=10**15), st.booleans())
def test_correctly_grouped_integer_parses_to_itself(number: int, full_width: bool) -> None:
    """Any integer with its thousands grouped by commas (ASCII or full-width) is itself."""
    cell = f"{number:,}".replace(",", "，" if full_width else ",")
    parsed = parse_number(pd.Series([cell], dtype="object"))
    assert not parsed.bad.any()
    assert parsed.values.tolist() == [float(number)]
    assert int(parsed.values[0]) == number
    whole = parse_int(pd.Series([cell], dtype="object"))
    assert whole.values.tolist() == [number]


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_correctly_grouped_amount_with_fen_parses_to_itself(yuan: int, fen: int) -> None:
    cell = f"{yuan:,}.{fen:02d}"
    parsed = parse_number(pd.Series([cell], dtype="object"))
    assert parsed.values.tolist() == [float(f"{yuan}.{fen:02d}")]


@given(
    st.text(alphabet="0123456789", min_size=2, max_size=13),
    st.sets(st.integers(min_value=1, max_value=12), min_size=1),
    st.sampled_from(["", "-", "+"]),
    st.sampled_from(["", ".5", ".25", "."]),
    st.booleans(),
)
def test_misplaced_separator_is_never_a_number(
    digits: str, commas: set[int], sign: str, fraction: str, full_width: bool
) -> None:
    """Commas anywhere but between groups of three digits: never read as a number."""
    commas = {at for at in commas if at < len(digits)}
    grouped = {at for at in range(1, len(digits)) if (len(digits) - at) % 3 == 0}
    assume(commas and (commas != grouped or digits[0] == "0"))
    cell = "".join(("," if at in commas else "") + d for at, d in enumerate(digits))
    cell = sign + cell.replace(",", "，" if full_width else ",") + fraction
    for scale in (1, 10_000):
        parsed = parse_number(pd.Series([cell], dtype="object"), scale=scale)
        assert parsed.bad.tolist() == [True], cell
        assert parsed.values.isna().all()
    assert parse_int(pd.Series([cell], dtype="object")).bad.tolist() == [True]


@pytest.mark.parametrize("cell", ["书记 210283196805061234", "村委会主任 A3", "书记、2"])
def test_a_post_with_digits_or_letters_pasted_in_is_unknown(cell: str) -> None:
    """A number pasted beside a post (an ID number, a row number) is no other job: the cell
    is quarantined, not read as a secretary."""
    assert parse_posts(cell) is None


def test_on_duty_and_attendance_words_are_yes_and_no() -> None:
    from partybuild_metrics.records.parsing import parse_bool

    found = parse_bool(pd.Series(["在岗", "不在岗", "参加", "未参加", "是"], dtype="object"))
    assert found.values.tolist() == [True, False, True, False, True] and not found.bad.any()
