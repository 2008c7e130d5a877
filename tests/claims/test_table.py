"""Claims as a table: the column-wise path agrees with the one-claim path, claim by claim."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partybuild_metrics as pbm
from partybuild_metrics.claims.consistency import ALL_MODES
from partybuild_metrics.claims.entry import check_claims, check_claims_leniently
from partybuild_metrics.claims.table import claims_from_table


def both_paths(frame: pd.DataFrame, mode: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    table, table_problems = check_claims_leniently(frame, rounding=mode)
    read = claims_from_table(frame)
    one_by_one = check_claims(read.claims, rounding=mode)
    assert [(p.row, p.claim, p.key, p.message) for p in table_problems] == [
        (p.row, p.claim, p.key, p.message) for p in read.problems
    ]
    return table, one_by_one  # every column, the messages too


def count() -> st.SearchStrategy[str]:
    plain = st.integers(0, 10**11).map(str)
    wan = st.tuples(st.integers(0, 9_999_999), st.integers(0, 4)).map(
        lambda t: (
            f"{t[0] // 10 ** t[1]}" + (f".{t[0] % 10 ** t[1]:0{t[1]}d}" if t[1] else "") + "万"
        )
    )
    small = st.integers(0, 3000).map(str)
    odd = st.sampled_from(
        ["007", "05万", "1.万", ".5万", "5.5", " 133", "１２３", "七十", "3万多", "10000000万", ""]
    )
    return st.one_of(small, small, plain, wan, odd)


def percent() -> st.SearchStrategy[str]:
    printed = st.tuples(st.integers(0, 100_999), st.integers(0, 4), st.booleans()).map(
        lambda t: (
            f"{t[0] // 10 ** t[1]}"
            + (f".{t[0] % 10 ** t[1]:0{t[1]}d}" if t[1] else "")
            + ("%" if t[2] else "")
        )
    )
    odd = st.sampled_from(
        ["1000.0", "5.", ".5", "5%%", "６４．８％", "七成", "0.000", "100.0%", ""]
    )
    return st.one_of(printed, printed, printed, odd)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.just(""), count()),
            count(),
            percent(),
            st.sampled_from(["c", "", "  "]),  # id
            st.sampled_from(["q", "", " ", "share"]),  # quote
            st.sampled_from(["", "s1", "s2"]),  # source
            st.sampled_from(["", "", "", "3", "x", "１２"]),  # offset
            st.sampled_from(["", "", "", "5", " "]),  # value: not a share's key
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(ALL_MODES),
    st.booleans(),
)
def test_table_and_one_claim_paths_agree(
    rows: list[tuple[str, ...]], mode: str, scopes: bool
) -> None:
    frame = pd.DataFrame(
        {
            "id": [f"{r[3]}{i}" if r[3] == "c" else r[3] for i, r in enumerate(rows)],
            "kind": "share",
            "quote": [r[4] for r in rows],
            "numerator": [r[0] for r in rows],
            "denominator": [r[1] for r in rows],
            "percent": [r[2] for r in rows],
            "source": [r[5] for r in rows],
            "offset": [r[6] for r in rows],
            "value": [r[7] for r in rows],
        }
    )
    if scopes:
        frame["scope_code"] = "210283"
        frame["scope_year"] = ["2020", "2020年", "1850", ""] * (len(rows) // 4) + ["2021"] * (
            len(rows) % 4
        )
    table, one_by_one = both_paths(frame, mode)
    pd.testing.assert_frame_equal(table, one_by_one)


@st.composite
def near_tie(draw: st.DrawFn) -> tuple[str, str, str]:
    """n / d with d = 2**a · 5**b, so its percent ends; printed at a place where it may be a tie."""
    d = 2 ** draw(st.integers(0, 9)) * 5 ** draw(st.integers(0, 6))
    n = draw(st.integers(0, d))
    places = draw(st.integers(0, 3))
    scaled = Fraction(100 * n * 10**places, d)
    printed = max(0, math.floor(scaled) + draw(st.integers(-1, 2)))
    whole, rest = divmod(printed, 10**places)
    text = f"{whole}" + (f".{rest:0{places}d}" if places else "")
    return draw(st.sampled_from([str(n), ""])), str(d), text


@settings(max_examples=60, deadline=None)
@given(st.lists(near_tie(), min_size=1, max_size=20))
def test_both_paths_agree_on_ties(rows: list[tuple[str, str, str]]) -> None:
    frame = pd.DataFrame(
        {
            "id": [f"t{i}" for i in range(len(rows))],
            "kind": "share",
            "quote": "q",
            "numerator": [r[0] for r in rows],
            "denominator": [r[1] for r in rows],
            "percent": [r[2] for r in rows],
        }
    )
    for mode in ALL_MODES:
        table, one_by_one = both_paths(frame, mode)
        pd.testing.assert_frame_equal(table, one_by_one)


FORMS = {
    "plain": "{}",
    "sign": "{}%",
    "prefix": "a{}",
    "long": "1000{}",
    "no whole": ".{fraction}",
    "bad digit": "{whole}.x{rest}",
    "blank": "",
}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(count(), st.integers(0, 100_999), st.sampled_from(sorted(FORMS))),
        min_size=1,
        max_size=12,
    ),
    st.integers(1, 3),
)
def test_percents_with_the_same_decimals_agree(
    rows: list[tuple[str, int, str]], places: int
) -> None:
    """Percents that all have their point at the same place are read from the point outwards;
    malformed ones with the point there too are left to the one-claim path."""
    percents = []
    for _, value, form in rows:
        whole, fraction = value // 10**places, f"{value % 10**places:0{places}d}"
        printed = f"{whole}.{fraction}"
        percents.append(
            FORMS[form].format(printed, whole=whole, fraction=fraction, rest=fraction[1:])
        )
    frame = pd.DataFrame(
        {"id": [f"p{i}" for i in range(len(rows))], "kind": "share", "quote": "q",
         "numerator": "", "denominator": [r[0] for r in rows], "percent": percents}
    )  # fmt: skip
    table, one_by_one = both_paths(frame, "half_even")
    pd.testing.assert_frame_equal(table, one_by_one)


def test_agreement_on_ties_small_denominators_and_mixed_kinds() -> None:
    frame = pd.DataFrame(
        {"id": list("abcdefghijk"), "kind": ["share"] * 7 + ["parts_sum"] + ["share"] * 3, "quote": "q",
         "numerator": ["1", "1", "", "133", "2843.1万", "七十", "0", "", "", "", "1.5万"],
         "denominator": ["8", "16", "7", "205", "9671.2万", "205", "3", "", "8", "16", "40000"],
         "percent": ["12", "6.3", "50.0", "64.8%", "29.4", "34.1", "0.0", "", "12.4", "6.25", "37"],
         "parts": [""] * 7 + ["71821; 70690; -18659"] + [""] * 3,
         "total": [""] * 7 + ["123852"] + [""] * 3}
    )  # fmt: skip
    for mode in ALL_MODES:
        table, one_by_one = both_paths(frame, mode)
        pd.testing.assert_frame_equal(table, one_by_one)
    results = check_claims(frame).set_index("id")
    assert results.loc["a", "verdict"] == "inconsistent"  # 1/8 = 12.5% is 13 half up
    assert results.loc["d", "consistent_modes"] == ["truncate", "floor"]
    assert results.loc["e", "witness_denominator"] == 96_711_500
    assert results.loc["h", "verdict"] == "consistent"
    assert "truncate" not in results.loc["i", "consistent_modes"]  # 1/8 is 12.5, not [12.4, 12.5)
    assert results.loc["j", "consistent_modes"] == list(ALL_MODES)  # 1/16 is 6.25 exactly
    assert results.loc["k", "against_from"] == "nearest"  # 1.5万 of 40000: the share nearest 37%


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_claims_tables_from_files(tmp_path: Path, suffix: str) -> None:
    frame = pd.DataFrame(
        {"id": ["women"], "kind": ["share"], "quote": ["女党员2843.1万名,占党员总数的29.4%"],
         "numerator": ["2843.1万"], "denominator": ["9671.2万"], "percent": ["29.4"]}
    )  # fmt: skip
    path = tmp_path / f"claims{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False, encoding="gbk")  # as Excel saves it on Chinese Windows
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_parquet(path)
    row = pbm.check_claims(path).iloc[0]
    assert row["verdict"] == "consistent" and row["file"] == str(path)


def test_bad_rows_are_reported_with_row_claim_and_key_and_the_rest_checked() -> None:
    frame = pd.DataFrame(
        {"id": ["ok", "bad", "worse"], "kind": ["share", "share", "ratio"], "quote": ["q", "q", "q"],
         "numerator": ["133", "Infinity", "1"], "denominator": ["205", "205", "2"], "percent": ["64.8", "1.0", "50"]}
    )  # fmt: skip
    results, problems = check_claims_leniently(frame)
    assert list(results["id"]) == ["ok"]
    assert [(p.row, p.claim, p.key) for p in problems] == [
        (3, "bad", "numerator"),
        (4, "worse", "kind"),
    ]
    with pytest.raises(pbm.InputError, match="row 3"):
        check_claims(frame)


def test_unknown_columns_are_named() -> None:
    frame = pd.DataFrame({"id": ["a"], "kind": ["share"], "quote": ["q"], "percentage": ["1"]})
    with pytest.raises(pbm.InputError, match=r"unknown column.*key 'percentage'"):
        check_claims(frame)


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("numerator", "-1", "a count is not negative"),
        ("denominator", "负5", "a count is not negative"),
        ("percent", "翻一番", "not a percent: a multiple"),
        ("percent", "12.5万", "not a percent: a count in 万/亿"),
    ],
)
def test_a_figure_of_the_wrong_kind_is_refused(key: str, value: str, words: str) -> None:
    row = {
        "id": "x",
        "kind": "share",
        "quote": "q",
        "numerator": "1",
        "denominator": "50",
        "percent": "2",
    }
    frame = pd.DataFrame([row, {**row, "id": "y", key: value}])
    results, problems = check_claims_leniently(frame)
    assert list(results["id"]) == ["x"]
    assert [(p.row, p.claim, p.key) for p in problems] == [(3, "y", key)]
    assert words in problems[0].message


def test_numbers_stored_as_numbers_read_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    # 1 of 8 is 12.5% exactly: "13" fits half_up, "13.0" would claim a decimal it never had
    frame = pd.DataFrame(
        {"id": ["a", "b"], "kind": ["share", "share"], "quote": ["q", "q"],
         "numerator": [1.0, None], "denominator": [8, 205], "percent": [13.0, 64.8]}
    )  # fmt: skip
    path = tmp_path / "numbers.parquet"
    frame.to_parquet(path)
    from partybuild_metrics.claims.table import read_claims_table

    read = read_claims_table(path)
    assert read[["numerator", "denominator", "percent"]].values.tolist() == [
        ["1", "8", "13"],
        ["", "205", "64.8"],
    ]
    results = check_claims(read)
    assert results["published"].tolist() == ["1/8 = 13%", "?/205 = 64.8%"]
    assert results["verdict"].tolist()[0] == "consistent"


def test_a_binary_cell_that_is_not_utf8_is_a_problem_of_its_row(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {"id": ["ok", "bad", "blank"], "kind": ["share"] * 3, "quote": ["q"] * 3,
         "numerator": pa.array([b"133", b"\xff\xfe", None], pa.binary()),
         "denominator": ["205"] * 3, "percent": ["64.9"] * 3}
    )  # fmt: skip
    pq.write_table(table, tmp_path / "binary.parquet")
    results, problems = check_claims_leniently(tmp_path / "binary.parquet")
    assert results["id"].tolist() == ["ok", "blank"]
    assert results["published"].tolist() == ["133/205 = 64.9%", "?/205 = 64.9%"]
    assert [(p.row, p.claim, p.key) for p in problems] == [(3, "bad", "numerator")]
    assert "binary data" in problems[0].message


def test_a_list_cell_is_a_problem_of_its_row_not_a_traceback(tmp_path: Path) -> None:
    """A script's Parquet with parts as a list column: each such row is named, the rest
    checked (the list's truth value had ended the run with a traceback)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {"id": ["list", "text"], "kind": ["parts_sum"] * 2, "quote": ["q"] * 2,
         "parts": pa.array([["1", "2", "3"], None], pa.list_(pa.string())),
         "total": ["6", "6"]}
    )  # fmt: skip
    pq.write_table(table, tmp_path / "lists.parquet")
    problems = check_claims_leniently(tmp_path / "lists.parquet")[1]
    assert (problems[0].row, problems[0].claim, problems[0].key) == (2, "list", "parts")
    assert "a list or a record (3 values)" in problems[0].message  # row 3: no parts at all
    frame = pd.DataFrame({"id": ["a"], "kind": ["share"], "quote": ["q"],
                          "numerator": [np.array([1, 2])], "denominator": ["7"], "percent": ["1"]})  # fmt: skip
    assert check_claims_leniently(frame)[1][0].key == "numerator"


def test_parquet_float32_reads_as_printed_and_a_stored_nan_is_an_error(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {"id": ["a", "b", "c"], "kind": ["share"] * 3, "quote": ["q"] * 3,
         "numerator": ["133"] * 3, "denominator": ["205"] * 3,
         "percent": pa.array([64.9, float("nan"), None], pa.float32())}
    )  # fmt: skip
    pq.write_table(table, tmp_path / "f32.parquet")
    results, problems = check_claims_leniently(tmp_path / "f32.parquet")
    # 64.9 as float32 is 64.90000152…: read as the 64.9 it shows; null is blank, NaN an error
    assert results[["id", "published"]].values.tolist() == [
        ["a", "133/205 = 64.9%"],
        ["c", "133/205"],
    ]
    assert [(p.row, p.key) for p in problems] == [(3, "percent")]


def test_decimal_columns_of_parquet_read_without_their_scale(tmp_path: Path) -> None:
    """A decimal(10, 2) column stores 64.8 as 64.80: the scale is the column's, not the
    figure's, so 64.80 would claim a precision never printed (and flip a verdict)."""
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    from partybuild_metrics.claims.table import read_claims_table

    d = decimal.Decimal
    table = pa.table(
        {"id": ["a", "b"], "kind": ["share", "share"], "quote": ["q", "q"],
         "numerator": pa.array([d("133.00"), None], pa.decimal128(10, 2)),
         "denominator": pa.array([d("205"), d("8")], pa.decimal128(10, 0)),
         "percent": pa.array([d("64.90"), d("12.50")], pa.decimal128(10, 2))}
    )  # fmt: skip
    pq.write_table(table, tmp_path / "decimals.parquet")
    read = read_claims_table(tmp_path / "decimals.parquet")
    assert read[["numerator", "denominator", "percent"]].values.tolist() == [
        ["133", "205", "64.9"],
        ["", "8", "12.5"],
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_tab_separated_claims_file_saved_as_csv(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "id\tkind\tquote\tnumerator\tdenominator\tpercent\na\tshare\t占比\t133\t205\t64.8\n",
        encoding=encoding,
    )
    row = pbm.check_claims(path, rounding="truncate").iloc[0]
    assert (row["id"], row["verdict"], row["published"]) == ("a", "consistent", "133/205 = 64.8%")


@pytest.mark.parametrize("denominator", ["9671.2万", "96712345", "1亿"])
def test_an_untestable_share_says_the_same_on_both_paths(denominator: str) -> None:
    frame = pd.DataFrame(
        {"id": ["a"], "kind": ["share"], "quote": ["q"], "numerator": [""],
         "denominator": [denominator], "percent": ["29.4%"]}
    )  # fmt: skip
    table = check_claims(frame)
    objects = check_claims(claims_from_table(frame).claims)
    columns = ["verdict", "message_en", "message_zh"]
    assert table[columns].values.tolist() == objects[columns].values.tolist()
    assert table["message_zh"].tolist() == ["分母过大,任何1位小数的百分比都可能出现"]


def test_a_folder_gives_its_claims_tables_with_its_yaml_files(tmp_path: Path) -> None:
    # a table beside the YAML files had been left out without a word
    (tmp_path / "a.yaml").write_text(
        "source: {id: a}\nclaims:\n  - {id: y1, kind: share, quote: q, numerator: '133',"
        " denominator: '205', percent: '64.9%'}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.csv").write_text(
        "id,kind,quote,numerator,denominator,percent\nt1,share,q,133,205,64.8%\n", encoding="utf-8"
    )
    results, problems = pbm.check_claims_leniently(tmp_path)
    assert problems == []
    assert sorted(zip(results["id"], results["verdict"], strict=True)) == [
        ("t1", "inconsistent"), ("y1", "consistent")
    ]  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), percent()), min_size=1, max_size=40), st.integers(1, 20))
def test_repeated_percents_are_read_once_each_as_every_cell_alone(
    cells: list[str | None], repeats: int
) -> None:
    """A column of few distinct percents is read through its dictionary; each cell's reading
    is the one it has when read alone (nulls and blanks unread, as 0)."""
    import pyarrow as pa

    from partybuild_metrics.claims.figures import Cells, _decimal, read_percents

    column = pa.array(cells * repeats, pa.large_string())
    found = read_percents(column)
    alone = [_decimal(Cells(pa.array([c], pa.large_string())), b"%", 3) for c in cells]
    expected = [
        (bool(c), bool(r[0]), int(r[1][0]), int(r[2][0])) for c, r in zip(cells, alone, strict=True)
    ] * repeats
    got = list(
        zip(
            found.given.tolist(), found.readable.tolist(), found.mantissa.tolist(),
            found.decimals.tolist(), strict=True,
        )
    )  # fmt: skip
    assert got == expected


def test_numbers_in_a_dataframe_are_read_as_printed_or_refused_by_row_and_key() -> None:
    """Whole numbers are the text they print as; a float percent cannot say how it was
    printed (0.648 for 64.8%?) and is refused by row and key, never read as blank."""
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c", 4],
            "kind": "share",
            "quote": "q",
            "numerator": ["133", 133, "133", 133.0],
            "denominator": [205, "205", 205.0, 205],
            "percent": ["64.9", "64.9", 0.648, 64.9],
        }
    )
    results, problems = check_claims_leniently(frame)
    assert results["id"].tolist() == ["a", "b"]
    assert results["published"].tolist() == ["133/205 = 64.9%"] * 2
    assert results["verdict"].tolist() == ["consistent"] * 2
    assert [(p.row, p.claim, p.key) for p in problems] == [(4, "c", "percent"), (5, "4", "percent")]
    assert "0.648 is a number here, not the figure as printed" in problems[0].message


def test_a_column_given_twice_is_a_problem_not_a_traceback() -> None:
    frame = pd.DataFrame(
        [["a", "share", "q", "1", "2", "50", "60"]],
        columns=["id", "kind", "quote", "numerator", "denominator", "percent", "percent"],
    )
    results, problems = check_claims_leniently(frame)
    assert results.empty
    assert [(p.key, p.message) for p in problems] == [
        ("percent", "the column is given twice: keep one")
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_csv_row_with_a_cell_too_many_is_a_problem_of_that_row_alone(
    tmp_path: Path, encoding: str
) -> None:
    """An unquoted comma in a quote, as a clerk types a CSV by hand; the rows after it keep
    their numbers, a quote over two lines included."""
    path = tmp_path / "claims.csv"
    path.write_bytes(
        (
            "id,kind,quote,numerator,denominator,percent\n"
            "a,share,q,1,2,50\n"
            "b,share,全市133个村,占64.8%,133,205,64.8\n"
            'c,share,"两行\n引文",1,2,50\n'
            "d,share,q,1,2\n"
            "e,share,q,1,2,NaN\n"
        ).encode(encoding)
    )
    results, problems = check_claims_leniently(path)
    assert results["id"].tolist() == ["a", "c"]
    assert [(p.row, p.claim, p.key) for p in problems] == [
        (3, None, None), (5, None, None), (6, "e", "percent")
    ]  # fmt: skip
    assert "has 7 cells where the header has 6" in problems[0].message
    assert "double quotes" in str(problems[0]) and "between two commas" in str(problems[1])


def test_a_csv_whose_rows_mostly_disagree_with_its_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("id,kind,quote\na,share,q,1,2\nb,share,q,1,2\n", encoding="utf-8")
    with pytest.raises(
        pbm.claims.model.ClaimFileError, match="row 2 has 5 cells where the header has 3"
    ):
        pbm.check_claims(path)


def test_a_csv_of_a_header_alone_with_no_line_end_has_no_claims(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("id,kind,quote,numerator,denominator,percent", encoding="utf-8")
    assert pbm.check_claims(path).empty


def test_a_csv_of_a_hundred_thousand_columns_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n" + "x," * 99_999 + "x\n")
    with pytest.raises(pbm.claims.model.ClaimFileError, match="more than 1,000 columns"):
        pbm.check_claims(path)


def test_a_header_typed_in_full_width_is_read_or_named(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "ｉｄ,ｋｉｎｄ,ｑｕｏｔｅ,numerator,denominator,percent\nok,share,q,133,205,64.9\n",
        encoding="gbk",
    )
    assert check_claims_leniently(path)[0]["id"].tolist() == ["ok"]
    path.write_text(
        "id，kind,quote,numerator,denominator,percent\nok,share,q,133,205,64.9\n", encoding="gbk"
    )
    problems = check_claims_leniently(path)[1]
    assert [p.message for p in problems] == [
        "cannot be read as a claims table (row 2 has 6 cells where the header has 5: the header "
        "joins names with a full-width comma (，), which does not separate cells)"
    ]


def test_sheets_beyond_those_looked_at_are_named_not_passed_over(tmp_path: Path) -> None:
    """A workbook of 34 sheets: the claims of sheet 34 (a wrong 99%) are not read, and the
    run says so instead of passing."""
    import openpyxl

    header = ["id", "kind", "quote", "numerator", "denominator", "percent"]
    book = openpyxl.Workbook()
    book.active.append(header)
    book.active.append(["a", "share", "q", "648", "1000", "64.8"])
    for i in range(32):
        book.create_sheet(f"e{i}")
    book.create_sheet("镇34").append(header)
    book.save(tmp_path / "many.xlsx")
    results, problems = check_claims_leniently(tmp_path / "many.xlsx")
    assert results["id"].tolist() == ["a"]
    assert [p.message for p in problems] == [
        "the workbook has more than 32 sheets; sheet 1 is read and the sheets after sheet 32 "
        "are not looked at, so any claims there are not read"
    ]


def test_a_general_number_in_a_workbook_reads_as_excel_shows_it(tmp_path: Path) -> None:
    """A percent pasted as the result of 6.48*10 is 64.80000000000001 in the cell and 64.8
    on screen: read as 64.8 (15 significant digits), not as a percent no mode gives."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["id", "kind", "quote", "numerator", "denominator", "percent"])
    book.active.append(["pasted", "share", "q", 648, 1000, 6.48 * 10])
    book.save(tmp_path / "pasted.xlsx")
    results = check_claims(tmp_path / "pasted.xlsx")
    assert results[["published", "verdict"]].values.tolist() == [["648/1000 = 64.8%", "consistent"]]


def test_inferred_takes_the_words_a_yaml_file_takes_and_names_any_other(tmp_path: Path) -> None:
    path = tmp_path / "inferred.csv"
    path.write_text(
        "id,kind,quote,numerator,denominator,percent,inferred\n"
        "a,share,q,1,3,33.3,maybe\nb,share,q,1,3,33.3,是\nc,share,q,1,3,33.3,\nd,share,q,1,3,33.3,FALSE\n",
        encoding="utf-8",
    )
    results, problems = check_claims_leniently(path)
    assert results["id"].tolist() == ["b", "c", "d"]
    assert [(p.row, p.claim, p.key) for p in problems] == [(2, "a", "inferred")]


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        # a title typed above the header in a text editor, with no commas of its own
        ("2020年公报数字核对表\r\nid,kind,quote,numerator,denominator,percent\r\na,share,q,133,205,64.8\r\n", "gbk"),
        # Excel's first line naming the separator
        ("sep=,\r\nid,kind,quote,numerator,denominator,percent\r\na,share,q,133,205,64.8\r\n", "utf-8"),
        # Excel's "Unicode text": tabs, and a title holding a comma
        ("核对表,2020年\r\nid\tkind\tquote\tnumerator\tdenominator\tpercent\r\na\tshare\tq\t133\t205\t64.8\r\n", "utf-16"),
    ],
)  # fmt: skip
def test_lines_above_the_header_are_titles_whatever_their_cells(
    tmp_path: Path, content: str, encoding: str
) -> None:
    path = tmp_path / "titled.csv"
    path.write_bytes(content.encode(encoding))
    results, problems = check_claims_leniently(path)
    assert problems == []
    assert results[["published", "verdict"]].values.tolist() == [
        ["133/205 = 64.8%", "inconsistent"]  # 64.878%: 64.8 only truncated
    ]


def test_a_column_given_twice_is_named_so_in_csv_and_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    csv = tmp_path / "twice.csv"
    csv.write_text("id,kind,quote,numerator,denominator,percent,percent\na,share,q,1,2,50,51\n")
    problems = check_claims_leniently(csv)[1]
    assert [(p.key, p.message) for p in problems] == [
        ("percent", "the column is given twice: keep one")
    ]
    names = ["id", "kind", "quote", "numerator", "denominator", "percent", "percent"]
    cells = [pa.array([v]) for v in ["a", "share", "q", "1", "2", "50", "51"]]
    pq.write_table(pa.Table.from_arrays(cells, names=names), tmp_path / "twice.parquet")
    with pytest.raises(pbm.claims.model.ClaimFileError, match="'percent' is given twice"):
        pbm.check_claims(tmp_path / "twice.parquet")


def test_a_yes_no_column_of_booleans_in_a_dataframe_is_read() -> None:
    """pandas reads "true" in a CSV as True: pbm.check_claims(pd.read_csv(…)) checks the
    rows that the command checks from the file."""
    frame = pd.DataFrame(
        {"id": ["a", "b"], "kind": ["share"] * 2, "quote": ["q"] * 2, "numerator": ["1"] * 2,
         "denominator": ["3"] * 2, "percent": ["33.3"] * 2, "inferred": [True, False]}
    )  # fmt: skip
    results, problems = check_claims_leniently(frame)
    assert problems == [] and results["verdict"].tolist() == ["consistent", "consistent"]


def test_counts_in_wan_rounded_by_the_mode_on_both_paths() -> None:
    """The column-wise path rounds counts in 万 by the mode as the one-claim path does:
    8.1万 of 56.7万 is 14.4% truncated (81648 of 567000), and 56.7万 with no numerator
    reaches 567000 under every mode, so every one-decimal percent fits."""
    frame = pd.DataFrame(
        {"id": ["a", "b", "c"], "kind": ["share"] * 3, "quote": ["q"] * 3,
         "numerator": ["8.1万", "", "8.1万"], "denominator": ["56.7万", "56.7万", "567000"],
         "percent": ["14.4", "14.4", "14.4"]}
    )  # fmt: skip
    columns = ["verdict", "consistent_modes", "witness_numerator", "witness_denominator"]
    for mode in ("truncate", "ceiling", "half_even"):
        table = check_claims(frame, rounding=mode)[columns]
        objects = check_claims(claims_from_table(frame).claims, rounding=mode)[columns]
        assert table.astype(str).values.tolist() == objects.astype(str).values.tolist()
    truncated = check_claims(frame, rounding="truncate")
    assert truncated["witness_numerator"].tolist()[0] == 81648
    assert truncated["verdict"].tolist() == ["consistent", "not_testable", "consistent"]
    assert check_claims(frame, rounding="ceiling")["verdict"].tolist()[2] == "inconsistent"


def test_tables_under_another_formats_name_are_read_for_what_they_are(tmp_path: Path) -> None:
    """A system's "导出Excel" that is CSV text or a web page, and a workbook renamed."""
    import io
    import shutil

    from partybuild_metrics.claims.table import read_claims_table

    text = "id,kind,quote,numerator,denominator,percent\na,share,q,133,205,64.9\n"
    (tmp_path / "export.xls").write_text(text, encoding="gbk")
    assert pbm.check_claims(tmp_path / "export.xls")["verdict"].tolist() == ["consistent"]
    (tmp_path / "unicode.xls").write_bytes(text.replace(",", "\t").encode("utf-16-le"))  # no BOM
    assert pbm.check_claims(tmp_path / "unicode.xls")["verdict"].tolist() == ["consistent"]
    (tmp_path / "page.xls").write_text(
        "<html><table><tr><td>id</td></tr></table></html>", encoding="utf-8"
    )
    with pytest.raises(pbm.ClaimFileError, match="is a web page or an Excel 2003 XML file"):
        read_claims_table(tmp_path / "page.xls")
    pd.read_csv(io.StringIO(text), dtype=str).to_excel(tmp_path / "book.xlsx", index=False)
    shutil.copy(tmp_path / "book.xlsx", tmp_path / "renamed.xls")
    assert pbm.check_claims(tmp_path / "renamed.xls")["verdict"].tolist() == ["consistent"]
    shutil.copy(tmp_path / "book.xlsx", tmp_path / "renamed.csv")
    with pytest.raises(
        pbm.ClaimFileError, match=r"is an Excel workbook \(.xlsx\) or another zip file"
    ):
        read_claims_table(tmp_path / "renamed.csv")


def test_a_quote_never_closed_in_the_first_row_is_named(tmp_path: Path) -> None:
    from partybuild_metrics.claims.table import read_claims_table

    path = tmp_path / "claims.csv"
    path.write_text(
        'id,kind,quote,numerator,denominator,percent\na,share,"全市133个村,133,205,64.9\n'
        "b,share,q,188,205,91.7\nc,share,q,147,205,71.7\n",
        encoding="utf-8",
    )
    with pytest.raises(
        pbm.ClaimFileError, match="a quotation mark opened in row 2 is never closed"
    ):
        read_claims_table(path)


def _brute_modes(n_text: str, d_text: str, p_text: str) -> set[str]:
    """Which modes fit, by walking every denominator: each count in 万 rounded by the mode
    (half-way ties as the mode breaks them), as is the percent; a part within its whole,
    unless the percent is above 100 (a ratio of the two counts)."""
    from partybuild_metrics.claims.numbers import Interval
    from partybuild_metrics.claims.published import rounds_to_step

    def values(text: str, mode: str) -> range:
        whole, _, tenths = text.removesuffix("万").partition(".")
        step = 10 ** (4 - len(tenths))
        printed = Fraction(int(whole + tenths) * step)
        bounds = rounds_to_step(printed, Fraction(step), mode)
        low, high = bounds.integers()
        assert low is not None and high is not None
        return range(low, high + 1)

    places = len(p_text.partition(".")[2])
    fits = set()
    for mode in ALL_MODES:
        target = rounds_to_step(Fraction(p_text), Fraction(1, 10**places), mode)
        numerators = values(n_text, mode)
        for d in values(d_text, mode):
            if d < 1:
                continue
            low, high = Interval(
                target.low * d / 100, target.high * d / 100, target.low_open, target.high_open
            ).integers()
            assert low is not None and high is not None
            top = numerators.stop - 1 if Fraction(p_text) > 100 else min(numerators.stop - 1, d)
            if max(low, numerators.start, 0) <= min(high, top):  # above 100%: a ratio
                fits.add(mode)
                break
    return fits


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 300),  # the denominator in tenths of 万 (10万 at most: a walk of 1000)
    st.floats(0, 1),
    st.integers(0, 2),
    st.integers(-1, 1),
)
def test_counts_in_wan_under_every_mode_agree_with_a_walk(
    d_tenths: int, share: float, places: int, nudge: int
) -> None:
    n_tenths = int(d_tenths * share)
    n_text, d_text = f"{n_tenths / 10:.1f}万", f"{d_tenths / 10:.1f}万"
    scaled = Fraction(n_tenths * 100 * 10**places, d_tenths)
    printed = max(0, int(scaled) + nudge)
    p_text = f"{printed // 10**places}" + (f".{printed % 10**places:0{places}d}" if places else "")
    frame = pd.DataFrame(
        {"id": ["a"], "kind": ["share"], "quote": ["q"], "numerator": [n_text],
         "denominator": [d_text], "percent": [p_text]}
    )  # fmt: skip
    expected = _brute_modes(n_text, d_text, p_text)
    assert set(check_claims(frame)["consistent_modes"][0]) == expected
    assert set(check_claims(claims_from_table(frame).claims)["consistent_modes"][0]) == expected
