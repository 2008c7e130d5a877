"""Claims tables in workbooks: each number cell read as Excel shows it."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import partybuild_metrics as pbm
from partybuild_metrics.claims.shown import cell_text, formats_numbers, shown_number
from partybuild_metrics.claims.table import read_claims_table

HEADER = ["id", "kind", "quote", "numerator", "denominator", "percent"]


def _workbook(path: Path, rows: list[list[object]], formats: dict[str, str]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for cell, number_format in formats.items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (0.648, "0.0%", "64.8%"),  # typing 64.8% into Excel stores 0.648
        (0.6485, "0.0%", "64.9%"),  # half away from zero, as Excel shows it
        (0.6485, "0.00%", "64.85%"),
        (0.5, "0%", "50%"),
        (64.8, "0.00", "64.80"),  # the printed trailing zero
        (2843.1, '0.0"万"', "2843.1万"),
        (5, '"共"0"人"', "共5人"),
        (1234567, "#,##0", "1234567"),
        (12.5, "#.##", "12.5"),
        (0.1, "[$-804]0.0", "0.1"),
        (0.3, "0.0_ ", "0.3"),
        (64.8, "General", None),
        (44000, "yyyy-mm-dd", None),
        (0.5, "# ?/?", None),
    ],
)
def test_a_number_as_its_format_shows_it(
    value: float, number_format: str, text: str | None
) -> None:
    assert shown_number(value, number_format) == text


@given(
    st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**30), 10**30)),
    st.text(max_size=30),
)
def test_no_cell_and_format_crashes_it(value: float, number_format: str) -> None:
    text = cell_text(value, number_format)
    assert isinstance(text, str)
    if isinstance(value, float) and math.isfinite(value) and number_format == "General":
        assert float(text) == value


def test_a_percent_typed_in_excel_is_the_percent_printed(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "claims.xlsx",
        [
            ["a", "share", "占64.8%", 133, 205, 0.648],  # 133/205 = 64.88%: truncated
            ["b", "share", "占29.4%", 2843.1, 9671.2, 0.294],
            ["c", "share", "占64.80%", 133, 205, 0.648],  # two decimals printed: 64.88 is not 64.80
        ],
        {"F2": "0.0%", "D3": '0.0"万"', "E3": '0.0"万"', "F3": "0.0%", "F4": "0.00%"},
    )
    assert formats_numbers(path)
    table = read_claims_table(path)
    assert table["percent"].tolist() == ["64.8%", "29.4%", "64.80%"]
    assert table["numerator"].tolist() == ["133", "2843.1万", "133"]
    results = pbm.check_claims(path)
    assert results["verdict"].tolist() == ["inconsistent", "consistent", "inconsistent"]
    assert results["consistent_modes"].tolist()[0] == ["truncate", "floor"]
    assert results["consistent_modes"].tolist()[2] == []
    assert results["published"].tolist()[1] == "2843.1万/9671.2万 = 29.4%"


def test_a_workbook_without_number_formats_reads_the_same_way(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["a", "share", "占64.9%", 133, 205, 64.9],
        ["b", "share", "q", 1, 8, 12.5],
    ]
    path = _workbook(tmp_path / "plain.xlsx", rows, {})
    assert not formats_numbers(path)
    table = read_claims_table(path)
    assert table["percent"].tolist() == ["64.9", "12.5"]
    assert pbm.check_claims(path)["verdict"].tolist() == ["consistent", "consistent"]


@pytest.mark.parametrize("formatted", [False, True])
def test_a_title_above_the_header_and_rows_numbered_as_the_sheet_shows(
    tmp_path: Path, formatted: bool
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2020年党内统计公报数字核对表"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(["a", "share", "女党员占29.4%", "2843.1万", "9671.2万", "29.4%"])
    sheet.append([])
    sheet.append(["b", "share", "", "1", "8", "12.5"])
    sheet.append(["c", "share", "q", "七十x", "205", 0.341 if formatted else "34.1"])
    if formatted:
        sheet["F7"].number_format = "0.0%"
    path = tmp_path / "titled.xlsx"
    book.save(path)
    assert formats_numbers(path) == formatted
    results, problems = pbm.claims.check.check_claims_leniently(path)
    assert results["id"].tolist() == ["a"]
    assert [(p.claim, p.row, p.key) for p in problems] == [("b", 6, "quote"), ("c", 7, "numerator")]


def test_a_title_row_in_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "titled.csv"
    path.write_text(
        "2020年核对表,,,,,\nid,kind,quote,numerator,denominator,percent\n"
        "a,share,q,133,205,64.9\nb,share,,1,8,12.5\n",
        encoding="gbk",
    )
    results, problems = pbm.claims.check.check_claims_leniently(path)
    assert results["verdict"].tolist() == ["consistent"]
    assert [(p.claim, p.row) for p in problems] == [("b", 4)]


def _xls(path: Path) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("claims")
    percent, wan = xlwt.easyxf(num_format_str="0.0%"), xlwt.easyxf(num_format_str='0.0"万"')
    sheet.write(0, 0, "2020年核对表")
    for column, name in enumerate(HEADER):
        sheet.write(2, column, name)
    for row, (values, style) in enumerate(
        [((133, 205, 0.648), None), ((2843.1, 9671.2, 0.294), wan)], start=3
    ):
        for column, text in enumerate(["abc"[row - 3], "share", "q"]):
            sheet.write(row, column, text)
        for column, value in enumerate(values, start=3):
            chosen = percent if column == 5 else style
            sheet.write(row, column, value, chosen) if chosen else sheet.write(row, column, value)
    book.save(str(path))
    return path


@pytest.mark.parametrize("name", ["claims.xls", "misnamed.xlsx"])
def test_an_xls_workbook_is_read_as_excel_shows_it(tmp_path: Path, name: str) -> None:
    path = _xls(tmp_path / name)  # WPS and old Excel save .xls; a file's name may lie
    table = read_claims_table(path)
    assert table["percent"].tolist() == ["64.8%", "29.4%"]
    assert table["numerator"].tolist() == ["133", "2843.1万"]
    assert table.attrs["sheet_rows"].tolist() == [4, 5]
    assert pbm.check_claims(path)["verdict"].tolist() == ["inconsistent", "consistent"]


def test_an_xlsx_workbook_named_xls(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "claims.xlsx", [["a", "share", "q", 133, 205, 0.648]], {"F2": "0.0%"}
    )
    renamed = path.rename(tmp_path / "claims.xls")
    assert read_claims_table(renamed)["percent"].tolist() == ["64.8%"]
