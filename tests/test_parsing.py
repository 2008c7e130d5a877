"""Parsers: what clerks write → typed values, bad cells flagged, blanks missing."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    ],
)
def test_posts(text: str, posts: tuple[bool, bool] | None) -> None:
    assert parse_posts(text) == posts


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
