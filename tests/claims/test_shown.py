"""Claims tables in workbooks: each number cell read as Excel shows it."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest
from clerk_files import zip_of_72_mb
from hypothesis import given
from hypothesis import strategies as st

import partybuild_metrics as pbm
from partybuild_metrics.claims.problems import ClaimFileError
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
        (0.6485, "0.0%", "64.85%"),  # typed: the digits typed, whatever the format shows
        (0.667, "0.00%", "66.7%"),  # Excel gives a typed 66.7% the format 0.00%
        (133 / 205, "0.0%", "64.9%"),  # computed: as the format shows it
        (0.6485, "0.00%", "64.85%"),
        (0.5, "0%", "50%"),
        (64.8, "0.00", "64.8"),  # the 数值 format a clerk gives a whole column
        (2843.1, '0.0"万"', "2843.1万"),
        # a format set on purpose shows the zeros the figure was printed with
        (354.0, '0.0"万"', "354.0万"),
        (617.5, '0.00"亿"', "617.50亿"),
        (0.24, "0.0%", "24.0%"),
        # Chinese Excel's 万 and 亿: a point written in, commas dividing by a thousand
        (1124000, '0!.0,"万"', "112.4万"),
        (4217000, '0\\.0,"万"', "421.7万"),
        (123456789, '0!.00,,"亿"', "1.23亿"),
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
            ["c", "share", "占66.7%", 2, 3, 0.667],  # Excel shows it as 66.70%
        ],
        {"F2": "0.0%", "D3": '0.0"万"', "E3": '0.0"万"', "F3": "0.0%", "F4": "0.00%"},
    )
    assert formats_numbers(path)
    table = read_claims_table(path)
    assert table["percent"].tolist() == ["64.8%", "29.4%", "66.7%"]
    assert table["numerator"].tolist() == ["133", "2843.1万", "2"]
    results = pbm.check_claims(path)
    assert results["verdict"].tolist() == ["inconsistent", "consistent", "consistent"]
    assert results["consistent_modes"].tolist()[0] == ["truncate", "floor"]
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
    results, problems = pbm.check_claims_leniently(path)
    assert results["id"].tolist() == ["a"]
    assert [(p.claim, p.row, p.key) for p in problems] == [("b", 6, "quote"), ("c", 7, "numerator")]


def test_a_title_row_in_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "titled.csv"
    path.write_text(
        "2020年核对表,,,,,\nid,kind,quote,numerator,denominator,percent\n"
        "a,share,q,133,205,64.9\nb,share,,1,8,12.5\n",
        encoding="gbk",
    )
    results, problems = pbm.check_claims_leniently(path)
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


def test_a_formula_without_its_result_or_an_error_cell_is_refused_not_blank(tmp_path: Path) -> None:
    # openpyxl saves no result for a formula: checked without its percent, 133/205 would pass
    unsaved = _workbook(
        tmp_path / "unsaved.xlsx", [["a", "share", "占64.8%", 133, 205, "=D2/E2"]], {}
    )
    results, problems = pbm.check_claims_leniently(unsaved)
    assert results.empty
    assert [(p.row, p.key) for p in problems] == [(2, "percent")]
    assert "=D2/E2" in problems[0].message
    xlsxwriter = pytest.importorskip("xlsxwriter")
    errors = tmp_path / "errors.xlsx"
    book = xlsxwriter.Workbook(errors)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["a", "share", "占64.8%", 133, 205])
    sheet.write_formula(1, 5, "=NA()", None, "#N/A")  # no number format anywhere
    sheet.write_row(2, 0, ["b", "share", "占64.9%", 133, 205])
    sheet.write_formula(2, 5, "=D3/E3", book.add_format({"num_format": "0.0%"}), 133 / 205)
    book.close()
    # xlsxwriter asks for every formula to be recalculated when opened (fullCalcOnLoad): its
    # saved results are what the program said, 0 unless told; a spreadsheet that saves the
    # workbook drops the flag and keeps the results it computed
    saved = tmp_path / "saved.xlsx"
    _without_full_calc(errors, saved)
    results, problems = pbm.check_claims_leniently(saved)
    assert [(p.row, p.key) for p in problems] == [(2, "percent")] and "#N/A" in problems[0].message
    assert results["published"].tolist() == ["133/205 = 64.9%"]  # a formula's result as shown
    assert results["verdict"].tolist() == ["consistent"]
    results, problems = pbm.check_claims_leniently(errors)
    assert [(p.row, p.key) for p in problems] == [(2, "percent"), (3, "percent")]
    assert "no saved result" in problems[1].message and results.empty


def test_a_program_written_workbook_has_no_formula_results(tmp_path: Path) -> None:
    # pandas and xlsxwriter save 0 as every formula's result: 0/205 = 64.8% would be a
    # false finding, and an id "=A1" would be 0
    xlsxwriter = pytest.importorskip("xlsxwriter")
    path = tmp_path / "written.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["a1", "share", "占64.8%", "=100+33", 205, 64.8])
    sheet.write_row(2, 0, ["a2", "share", "占64.9%", 133, 205, 64.9])
    book.close()
    results, problems = pbm.check_claims_leniently(path)
    assert [(p.row, p.claim, p.key) for p in problems] == [(2, "a1", "numerator")]
    assert "=100+33" in problems[0].message and "no saved result" in problems[0].message
    assert results["id"].tolist() == ["a2"] and results["verdict"].tolist() == ["consistent"]


def _without_full_calc(source: Path, target: Path) -> None:
    """The workbook as a spreadsheet saves it: no request to recalculate on opening."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/workbook.xml":
                data = re.sub(rb'\sfullCalcOnLoad="1"', b"", data)
            new.writestr(info, data)


def test_a_zip_bomb_named_xlsx_is_refused_at_once(tmp_path: Path) -> None:
    path = zip_of_72_mb(tmp_path / "claims.xlsx", "xl/worksheets/sheet1.xml")
    results, problems = pbm.check_claims_leniently(path)
    assert results.empty and len(problems) == 1
    assert "zip bomb" in problems[0].message and "72,000,000 bytes" in problems[0].message


def test_cells_naming_one_long_shared_string_are_refused_before_reading(tmp_path: Path) -> None:
    """Each of 30,000 cells names the same 5,000-character string: a 60 kB workbook that a
    reader turns into 450 MB of text (600,000 such cells took 24 GB and were killed)."""
    import xlsxwriter

    path = tmp_path / "claims.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for column, key in enumerate(["id", "kind", "quote", "numerator", "denominator", "percent"]):
        sheet.write_string(0, column, key)
    for row in range(1, 5_001):
        for column in range(6):
            sheet.write_string(row, column, "全" * 5000)
    book.close()
    results, problems = pbm.check_claims_leniently(path)
    assert results.empty and len(problems) == 1
    assert "repeat their text to more than 268,435,456 bytes" in problems[0].message


def test_an_xls_whose_cells_name_one_long_shared_string_is_refused(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("claims")
    for column, key in enumerate(["id", "kind", "quote", "numerator", "denominator", "percent"]):
        sheet.write(0, column, key)
    for cell in range(20_000):  # 18 bytes a cell, each read as 45 kB of text
        sheet.write(1 + cell // 6, cell % 6, "全" * 15_000)
    book.save(str(tmp_path / "claims.xls"))
    results, problems = pbm.check_claims_leniently(tmp_path / "claims.xls")
    assert results.empty and len(problems) == 1
    assert "repeat their text to more than 3" in problems[0].message


def test_a_sheet_of_notes_first_and_a_stray_note_beside_the_table(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["本表用于核对公报数字"])
    claims = book.create_sheet("核对")
    claims.append(HEADER)
    claims.append(["a", "share", "占64.9%", "133", "205", "64.9%"])
    claims.append([])
    claims.append(["b", "share", "占12.5%", "1", "8", "12.5%"])
    claims["H5"] = "核对人:张三"
    path = tmp_path / "book.xlsx"
    book.save(path)
    results, problems = pbm.check_claims_leniently(path)
    assert results["id"].tolist() == ["a", "b"]  # the blank row 3 is no claim and no problem
    assert [(p.row, p.key) for p in problems] == [(5, "column H")]
    assert "H5" in problems[0].message and "核对人" in problems[0].message


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_a_csv_from_excel_with_empty_columns_and_blank_rows(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        "id,kind,quote,numerator,denominator,percent,,\n"
        "a,share,占64.9%,133,205,64.9%,,\n,,,,,,,\n,,,,,,,\nb,share,q,1,8,12.5,,\n",
        encoding=encoding,
    )
    results, problems = pbm.check_claims_leniently(path)
    assert problems == []
    assert results["verdict"].tolist() == ["consistent", "consistent"]


def test_a_source_merged_down_its_claims_belongs_to_each(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*HEADER, "source"])
    sheet.append(["a", "share", "占64.9%", "133", "205", "64.9%", "2020年公报"])
    sheet.append(["b", "", "占12.5%", "1", "8", "12.5%", ""])
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("G2:G3")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    table = read_claims_table(path)
    assert table["kind"].tolist() == ["share", "share"]
    assert table["source"].tolist() == ["2020年公报", "2020年公报"]
    assert pbm.check_claims(path)["verdict"].tolist() == ["consistent", "consistent"]


def test_merged_ranges_down_to_the_last_row_fill_only_the_tables_rows(tmp_path: Path) -> None:
    """A thousand ranges B2:B1048576 took 27 s, walking every row of each; only the
    table's rows are filled."""
    import zipfile

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["a", "share", "占64.9%", "133", "205", "64.9%"])
    sheet.append(["b", "", "占12.5%", "1", "8", "12.5%"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    merges = '<mergeCells count="1000">' + '<mergeCell ref="B2:B1048576"/>' * 1000 + "</mergeCells>"
    path = tmp_path / "tall.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetData>" + merges.encode())
            target.writestr(item, data)
    assert read_claims_table(path)["kind"].tolist() == ["share", "share"]


def test_headers_as_people_type_them(tmp_path: Path) -> None:
    path = tmp_path / "caps.csv"
    path.write_text(" ID,Kind,Quote ,Numerator,Denominator,Percent\na,share,q,133,205,64.9%\n")
    assert read_claims_table(path).columns.tolist() == HEADER
    assert pbm.check_claims(path)["verdict"].tolist() == ["consistent"]


def test_a_cut_short_xls_is_a_problem_and_its_reader_prints_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """xlrd writes its warnings to stdout, where they broke `check --format json`."""
    path = _xls(tmp_path / "claims.xls")
    path.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(ClaimFileError, match="damaged, cut short or encrypted"):
        read_claims_table(path)
    assert capfd.readouterr().out == ""


def test_a_second_sheet_of_claims_is_named_not_passed_over(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "2020"
    later = book.create_sheet("2021")
    for sheet, row in ((first, ["ok", "share", "q", "133", "205", "64.9"]),
                       (later, ["fz", "share", "q", "133", "205", "64.8"])):  # fmt: skip
        sheet.append(list(HEADER))
        sheet.append(row)
    path = tmp_path / "two.xlsx"
    book.save(path)
    from partybuild_metrics.claims.entry import check_claims_leniently

    results, problems = check_claims_leniently(path)
    assert results["id"].tolist() == ["ok"]
    assert [p.message for p in problems] == [
        "sheet 1 is read; sheet(s) 2 also have a header naming id, kind and quote, and their "
        "claims are not read"
    ]


def test_a_figure_merged_across_columns_is_one_figure_shown_once(tmp_path: Path) -> None:
    """648 merged over numerator and denominator is what Excel shows: one 648, no
    denominator (it had been copied into the denominator: 648/648 = 64.8%, a finding)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["a", "share", "占64.8%", "648", "", "64.8%"])
    sheet.merge_cells("D2:E2")
    path = tmp_path / "across.xlsx"
    book.save(path)
    assert read_claims_table(path)[["numerator", "denominator"]].values.tolist() == [["648", ""]]
    found = pbm.check_claims(path)  # 648 of 1000: a whole denominator gives it
    assert found[["verdict", "witness_denominator"]].values.tolist() == [["consistent", 1000]]
