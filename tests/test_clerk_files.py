"""Files as county offices export them: every date form, Excel error cells, subtotal rows,
repeated and empty columns, ragged CSV rows, and files that cannot be read at all."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from clerk_files import PEOPLE, clerk_workbook, county_with_roster, roster, zip_of_72_mb
from conftest import CADRES, INCOME, VILLAGES, write_folder

import partybuild_metrics as pbm
from partybuild_metrics.cli import main
from partybuild_metrics.records.parsing import excel_error, parse_date

County = Callable[..., Path]


def assert_rows_add_up(ds: pbm.Dataset) -> None:
    summary = ds.summary
    assert (summary["rows_read"] == summary["accepted"] + summary["quarantined"]).all()
    for row in summary.itertuples():
        assert len(ds[row.table]) == row.accepted


def quarantined(ds: pbm.Dataset, table: str) -> pd.DataFrame:
    return ds.quarantine[ds.quarantine["table"] == table]


# ---- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1983-09-01 00:00:00", "1983-09-01"),  # pandas and many systems write this to CSV
        ("1983/9/1 0:00", "1983-09-01"),  # Excel's own CSV export of a date-time cell
        ("1983-09-01T08:30:00", "1983-09-01"),
        ("1983年9月1日", "1983-09-01"),
        ("1983.09", "1983-09-01"),
        ("１９８３－０９", "1983-09-01"),  # full-width, typed with a Chinese input method
        ("30560", "1983-09-01"),  # an Excel date serial in a General cell, exported
        (30560.0, "1983-09-01"),
        (30560.75, "1983-09-01"),  # a serial with a time of day
        (dt.datetime(1983, 9, 1, 8, 30), "1983-09-01"),
        (1983.1, "1983-10-01"),  # 1983.10 typed into a number cell
    ],
)
def test_date_forms(cell: object, expected: str) -> None:
    parsed = parse_date(pd.Series([cell], dtype=object))
    assert not parsed.bad.any()
    assert parsed.values.dt.strftime("%F").tolist() == [expected]


def test_a_number_that_could_be_a_year_and_month_or_a_serial_is_not_guessed() -> None:
    alone = parse_date(pd.Series(["1968.05", "19685"], dtype=object))
    assert alone.bad.tolist() == [False, True]
    assert alone.reason is not None and alone.reason.iloc[1] == "ambiguous_serial|1968|5|1953-11-22"
    # beside serials that cannot be a year and month, it is one too
    among_serials = parse_date(pd.Series(["19685", "30560"], dtype=object))
    assert among_serials.values.dt.strftime("%F").tolist() == ["1953-11-22", "1983-09-01"]


def test_typed_dates_past_the_nanosecond_range_are_bad() -> None:
    stamps = pd.Series(np.array(["2020-01-01T10:00", "9999-12-31"], dtype="datetime64[s]"))
    parsed = parse_date(stamps)
    assert parsed.bad.tolist() == [False, True]
    assert parsed.values.dt.strftime("%F").tolist()[0] == "2020-01-01"


@pytest.mark.parametrize("cell", ["1968", "83.09", "1983-13", "3000", "1983-09-01 几点"])
def test_what_is_not_a_date_is_bad(cell: str) -> None:
    assert parse_date(pd.Series([cell], dtype=object)).bad.tolist() == [True]


def test_a_gbk_roster_of_datetime_text_loses_no_row(tmp_path: Path) -> None:
    frame = roster()
    frame["出生年月"] = [p[4] + " 00:00:00" for p in PEOPLE]
    ds = pbm.read_dataset(county_with_roster(tmp_path / "r", frame))
    assert ds.ok, ds.quarantine.to_string()
    assert ds.cadres["birth_date"].dt.strftime("%F").tolist() == [p[4] for p in PEOPLE]


# ---- Excel error cells ----------------------------------------------------------------


@pytest.mark.parametrize(
    "error", ["#N/A", "#VALUE!", "#DIV/0!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"]
)
def test_excel_errors_in_a_workbook_are_quarantined_never_read_as_blanks(
    tmp_path: Path, error: str
) -> None:
    path = tmp_path / "records.xlsx"
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
        CADRES.to_excel(writer, sheet_name="村两委成员", index=False)
        sheet = writer.sheets["村两委成员"]
        sheet.write_formula(2, 6, "=VLOOKUP(A3,Z:Z,2,0)", None, error)  # 学历 of A2
        sheet.write_formula(3, 5, "=DATE(1980,3,0)/0", None, error)  # 出生年月 of B1
    ds = pbm.read_dataset(path)
    errors = quarantined(ds, "cadres")
    assert errors[["row", "column", "value", "rule"]].values.tolist() == [
        [3, "学历", error, "excel_error"],
        [4, "出生年月", error, "excel_error"],
    ]
    assert errors["message_en"].iloc[0].startswith(f"Excel error {error} in '学历'")
    assert sorted(ds.cadres["person_id"]) == ["A1", "B2"]
    assert_rows_add_up(ds)


def test_excel_errors_written_to_csv_are_quarantined(county: County) -> None:
    cadres = CADRES.copy()
    cadres.loc[1, "学历"] = "#N/A"
    cadres.loc[2, "所在村代码"] = "#REF!"
    ds = pbm.read_dataset(county(村两委成员=cadres))
    q = quarantined(ds, "cadres")
    assert q[["row", "column", "rule"]].values.tolist() == [
        [3, "学历", "excel_error"],
        [4, "所在村代码", "excel_error"],
    ]
    assert_rows_add_up(ds)


def test_excel_errors_in_an_xls_workbook_are_found(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    villages = book.add_sheet("村基本情况")
    for c, header in enumerate(["统计用区划代码", "年度", "村名称"]):
        villages.write(0, c, header)
    villages.write(1, 0, "210283101201")
    villages.write(1, 1, 2020)
    villages.write(1, 2, "东山村")
    villages.write(2, 0, "210283101202")
    villages.write(2, 1, 2020)
    villages.row(2).set_cell_error(2, 42)  # #N/A in 村名称
    path = tmp_path / "records.xls"
    book.save(str(path))
    ds = pbm.read_dataset(path)
    assert ds.quarantine[["row", "column", "value"]].values.tolist() == [[3, "村名称", "#N/A"]]


def test_error_words_are_not_mistaken() -> None:
    assert [excel_error(v) for v in ["N/A", "#", "＃N/A", "Err:502", "无", 3.0]] == [
        None, None, "#N/A", "Err:502", None, None,
    ]  # fmt: skip


# ---- the clerk's workbook -------------------------------------------------------------


def test_clerk_workbook(tmp_path: Path) -> None:
    ds = pbm.read_dataset(clerk_workbook(tmp_path / "庄河市.xlsx"))
    assert_rows_add_up(ds)
    # 2020年 read as 2020; the 小计 row reported once, as what it is
    assert ds.villages["year"].tolist() == [2020, 2020]
    villages = quarantined(ds, "villages")
    assert villages[["row", "rule", "value"]].values.tolist() == [[5, "summary_row", "青松镇小计"]]
    cadres = quarantined(ds, "cadres").set_index("row")
    assert cadres.loc[4, "rule"] == "excel_error"  # #N/A in 学历
    assert cadres.loc[5, "rule"] == "bad_id_number"  # the ID number in a number cell
    assert cadres.loc[7, "rule"] == "summary_row"
    # the merged village code fills every member's row; datetime text is a date
    accepted = ds.cadres.set_index("person_id")
    assert accepted.loc[PEOPLE[0][5], "village_code"] == "210283101201"
    assert accepted.loc[PEOPLE[3][5], "village_code"] == "210283101202"
    assert accepted.loc[PEOPLE[0][5], "birth_date"] == pd.Timestamp("1968-05-06")
    assert any("merged cell" in note for note in ds.notes)
    # numbers typed as text, with a thousands separator, in 万元
    assert ds.collective_income["income_yuan"].tolist() == [37_000.0, 10_005_000.0]


# ---- keys with blank or unreadable parts; repeated and empty columns ---------------------


def test_year_written_with_its_unit_is_read(county: County) -> None:
    villages = VILLAGES.assign(年度=["2020年", "２０２０年度"])
    ds = pbm.read_dataset(county(村基本情况=villages))
    assert ds.ok and ds.villages["year"].tolist() == [2020, 2020]


def test_blank_key_parts_are_quarantined_without_a_crash(county: County) -> None:
    cadres = CADRES.copy()
    cadres.loc[0, "年度"] = ""
    cadres.loc[1, "人员编号"] = ""
    cadres.loc[2, "所在村代码"] = ""
    income = pd.concat(
        [INCOME, pd.DataFrame({"村代码": [""], "年度": [""], "集体经济收入(万元)": ["3.7"]})]
    )
    ds = pbm.read_dataset(county(村两委成员=cadres, 村集体经济收入=income))
    q = quarantined(ds, "cadres")
    assert q[["row", "rule"]].values.tolist() == [
        [2, "missing_value"], [3, "missing_value"], [4, "missing_value"]
    ]  # fmt: skip
    assert len(quarantined(ds, "collective_income")) == 2  # code and year both blank
    assert_rows_add_up(ds)


def test_a_repeated_column_is_read_as_one(tmp_path: Path) -> None:
    frame = INCOME.copy()
    frame.insert(1, "年度 ", ["", ""])  # an empty copy before the filled one
    frame.columns = ["村代码", "年度", "年度", "集体经济收入(万元)"]
    folder = write_folder(tmp_path / "r", {"村基本情况": VILLAGES, "村集体经济收入": frame})
    ds = pbm.read_dataset(folder)
    assert ds.ok and ds.collective_income["year"].tolist() == [2020, 2020]
    assert any("each row takes the value that is filled" in note for note in ds.notes)


def test_repeated_columns_that_disagree_quarantine_the_row(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        [["210283101201", "2020", "2020", "3.7"], ["210283101202", "2020", "2019", "0"]],
        columns=["村代码", "年度", "年度", "集体经济收入(万元)"],
    )
    folder = write_folder(tmp_path / "r", {"村基本情况": VILLAGES, "村集体经济收入": frame})
    ds = pbm.read_dataset(folder)
    problem = ds.quarantine.iloc[0]
    assert (problem["row"], problem["rule"], problem["value"]) == (
        3,
        "conflicting_columns",
        "2020 / 2019",
    )
    assert_rows_add_up(ds)


def test_repeated_columns_in_frames_given_in_memory() -> None:
    frame = pd.DataFrame(
        [["210283101201", "210283101201", 2020, "东山村"]],
        columns=["村代码", "统计用区划代码", "年度", "村名"],
    )
    ds = pbm.read_frames({"villages": frame})
    assert ds.ok and ds.villages["village_code"].tolist() == ["210283101201"]


def test_a_column_without_a_header_but_with_values_is_noted(county: County) -> None:
    villages = VILLAGES.copy()
    villages[""] = ["备注1", ""]
    ds = pbm.read_dataset(county(村基本情况=villages))
    assert any("no header but holds values" in note for note in ds.notes)


# ---- ragged CSV rows --------------------------------------------------------------------


def test_one_unquoted_comma_quarantines_that_row_and_keeps_the_rest(county: County) -> None:
    folder = county()
    path = folder / "村两委成员.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("李四", "李,四")  # a name with a comma, unquoted
    lines[3] = lines[3].rsplit(",", 1)[0]  # a field lost
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = pbm.read_dataset(folder)
    q = quarantined(ds, "cadres")
    assert q[["row", "rule"]].values.tolist() == [[3, "ragged_row"], [4, "ragged_row"]]
    assert "10 fields where the header has 9" in q["message_en"].iloc[0]
    assert "李,四" in q["value"].iloc[0]
    assert sorted(ds.cadres["person_id"]) == ["A1", "B2"]
    assert_rows_add_up(ds)


def test_trailing_commas_and_tab_separated_files_are_read(tmp_path: Path) -> None:
    text = "统计用区划代码\t年度\t村名称\n210283101201\t2020\t东山村\n"
    (tmp_path / "村基本情况.csv").write_text(text, encoding="utf-8")
    assert pbm.read_dataset(tmp_path).villages["name"].tolist() == ["东山村"]
    text = "统计用区划代码,年度,村名称,,\n210283101201,2020,东山村,,\n"
    (tmp_path / "村基本情况.csv").write_text(text, encoding="utf-8")
    assert pbm.read_dataset(tmp_path).ok


# ---- files that cannot be read ------------------------------------------------------------


def run_cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def encrypted_workbook(tmp_path: Path) -> Path:
    msoffcrypto = pytest.importorskip("msoffcrypto.format.ooxml")
    plain = tmp_path / "plain.xlsx"
    with pd.ExcelWriter(plain, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
    target = tmp_path / "村基本情况.xlsx"
    with plain.open("rb") as source, target.open("wb") as out:
        msoffcrypto.OOXMLFile(source).encrypt("123456", out)
    plain.unlink()
    return target


def far_cell_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "村基本情况.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("村基本情况")
    sheet.write_row(0, 0, ["统计用区划代码", "年度", "村名称"])
    sheet.write_row(1, 0, ["210283101201", "2020", "东山村"])
    sheet.write_string(1_048_575, 16_383, "x")  # one stray cell at XFD1048576
    book.close()
    return path


def _with_sheet_xml(tmp_path: Path, sheet_data: str) -> Path:
    """A workbook whose first sheet's data is ``sheet_data``, as any XML writer may give it."""
    plain = tmp_path / "plain.xlsx"
    with pd.ExcelWriter(plain, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
    path = tmp_path / "村基本情况.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head = data.split(b"<sheetData>")[0]
                data = head + f"<sheetData>{sheet_data}</sheetData></worksheet>".encode()
            out.writestr(item, data)
    plain.unlink()
    return path


def unreferenced_cells_workbook(tmp_path: Path) -> Path:
    # rows and cells with no reference follow the one before: 3,001 rows × 15,001 columns
    cells = "<c/>" * 15_000 + '<c t="inlineStr"><is><t>x</t></is></c>'
    return _with_sheet_xml(tmp_path, "<row/>" * 3_000 + f"<row>{cells}</row>")


def many_sheets_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "村基本情况.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for n in range(3):  # each 4,900 × 4,900 = 24 million cells, under the cap of a sheet
        sheet = book.add_worksheet("村基本情况" if n == 0 else f"Sheet{n}")
        sheet.write_string(4_899, 4_899, "x")
    book.close()
    return path


def far_cell_xls(tmp_path: Path) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("村基本情况")
    for column, value in enumerate(["统计用区划代码", "年度", "村名称"]):
        sheet.write(0, column, value)
    sheet.write(65_535, 255, "x")  # IV65536: calamine reads every cell of an .xls up to it
    path = tmp_path / "村基本情况.xls"
    book.save(str(path))
    return path


def _ods(tmp_path: Path, rows: int, columns: int, text: str) -> Path:
    """A table of one row of ``columns`` cells holding ``text``, the row repeated ``rows`` times."""
    table = (
        f'<table:table table:name="村基本情况"><table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
        f"<text:p>{text}</text:p></table:table-cell></table:table-row></table:table>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{table}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    path = tmp_path / "村基本情况.ods"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        out.writestr("content.xml", content)
    return path


def repeated_cells_ods(tmp_path: Path) -> Path:
    return _ods(tmp_path, 1_048_000, 16_000, "x")


def repeated_text_ods(tmp_path: Path) -> Path:
    # 100,000 × 6 cells under the cap, each written out with 15 kB of text: 9 GB to read
    return _ods(tmp_path, 100_000, 6, "全" * 5000)


def shared_text_workbook(tmp_path: Path, rows: int, long_cells: int) -> Path:
    """``rows`` rows of six cells of text; ``long_cells`` of them name one 5,000-character
    shared string (xlsxwriter writes each distinct string once)."""
    path = tmp_path / "村基本情况.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("村基本情况")
    long = "全" * 5000
    for cell in range(rows * 6):
        sheet.write_string(cell // 6, cell % 6, long if cell < long_cells else "短")
    book.close()
    return path


def shared_text_xls(tmp_path: Path) -> Path:
    # the same in the old binary format: 20,000 cells (18 bytes each) naming one string
    # of 15,000 characters in its SST: 0.36 MB, 900 MB of text
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("村基本情况")
    for cell in range(20_000):
        sheet.write(cell // 6, cell % 6, "全" * 15_000)
    path = tmp_path / "村基本情况.xls"
    book.save(str(path))
    return path


def packed_rows_parquet(tmp_path: Path) -> Path:
    # 15 million copies of one row: 0.3 MB of Parquet, 75 million cells to read
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 15_000_000

    def same(value: object, kind: pa.DataType) -> pa.Array:
        return pa.repeat(pa.scalar(value, kind), rows)

    path = tmp_path / "村基本情况.parquet"
    pq.write_table(
        pa.table({"统计用区划代码": same("210283101201", pa.string()), "年度": same(2020, pa.int64()),
                  "村名称": same("东山村", pa.string()), "是否软弱涣散": same("否", pa.string()),
                  "是否整顿完成": same("否", pa.string())}),
        path,
    )  # fmt: skip
    return path


def shared_text_bomb_workbook(tmp_path: Path) -> Path:
    # 30,000 cells each read as the same 15 kB: a 60 kB file, 450 MB of text
    return shared_text_workbook(tmp_path, 5_000, 30_000)


def zip_bomb_workbook(tmp_path: Path) -> Path:
    # a million empty rows repeated: 72 MB of sheet packed into 70 kB
    return zip_of_72_mb(tmp_path / "村基本情况.xlsx", "xl/worksheets/sheet1.xml")


def truncated_workbook(tmp_path: Path) -> Path:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
    path = tmp_path / "村基本情况.xlsx"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (encrypted_workbook, "password-protected"),
        (far_cell_workbook, "reaches row 1,048,576 and column 16,384"),
        (unreferenced_cells_workbook, "reaches row 3,001 and column 15,001"),
        (many_sheets_workbook, "its 3 sheets span 72,030,000 cells together"),
        (far_cell_xls, "its 1 sheet spans 16,777,216 cells together (more than 8,000,000)"),
        (repeated_cells_ods, "a sheet spans 16,768,000,000 cells"),
        (repeated_text_ods, "its cells repeat their text to more than 268,435,456 bytes"),
        (shared_text_bomb_workbook, "its cells repeat their text to more than 268,435,456 bytes"),
        (shared_text_xls, "its cells repeat their text to more than 3"),
        (packed_rows_parquet, "declares 15,000,000 rows of 5 columns in"),
        (truncated_workbook, "not a readable Excel workbook"),
        (zip_bomb_workbook, "times its packed size (a zip bomb"),
        (lambda t: (t / "村基本情况.csv").write_bytes(bytes(range(256)) * 8) and t / "村基本情况.csv", "binary data"),
        (lambda t: (t / "村基本情况.csv").write_bytes(b"PK\x03\x04" + b"x" * 50) and t / "村基本情况.csv", "an Excel workbook (.xlsx)"),
        (lambda t: (t / "村基本情况.xlsx").write_bytes(b"") is not None and t / "村基本情况.xlsx", "empty (0 bytes)"),
        (lambda t: (t / "empty").mkdir() or t / "empty", "the folder holds no files"),
    ],
)  # fmt: skip
def test_unreadable_input_exits_2_with_one_clear_line(
    tmp_path: Path, make: Callable[[Path], Path], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = make(tmp_path)
    with pytest.raises(pbm.InputError, match=re.escape(words)):
        pbm.read_dataset(path)
    code, out, err = run_cli("validate", str(path), capsys=capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and words in err
    assert "Traceback" not in out + err


def _raw_shared_text_book(tmp_path: Path, cell: str, cells: int = 30_000) -> Path:
    """An .xlsx written by hand: ``cells`` cells, each ``cell`` (its index the long string's)."""
    sst = "".join(f"<si><t>{t}</t></si>" for t in ("统计用区划代码", "全" * 5000))
    rows = "".join(f'<row r="{r}">{cell}</row>' for r in range(1, cells + 1))
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    path = tmp_path / "村基本情况.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "xl/workbook.xml",
            f'<workbook {main} xmlns:r="{rel}"><sheets>'
            '<sheet name="村基本情况" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        book.writestr("xl/sharedStrings.xml", f"<sst {main}>{sst}</sst>")
        book.writestr(
            "xl/worksheets/sheet1.xml",
            f"<worksheet {main}><sheetData>{rows}</sheetData></worksheet>",
        )
    return path


@pytest.mark.parametrize(
    "cell",
    [
        '<c t="s"><!-- a comment --><v>1</v></c>',  # what a reader passes over
        '<c t="s"><f>"x"</f><v>1</v></c>',
        '<c t="s"><is/><v>1</v></c>',
        "<c t='s'><v>&#49;</v></c>",  # the index as a character reference: the longest string
    ],
)
def test_shared_text_however_a_cell_names_it_is_counted(tmp_path: Path, cell: str) -> None:
    path = _raw_shared_text_book(tmp_path, cell)
    with pytest.raises(pbm.InputError, match="its cells repeat their text"):
        pbm.read_dataset(path)


def test_one_long_shared_text_among_many_short_cells_is_read(tmp_path: Path) -> None:
    """30,000 cells of text and one of 5,000 characters: more than the limit at a first
    look (cells × the longest), so each cell's own text is counted, and it is little."""
    from partybuild_metrics.records.io.workbooks import open_workbook

    path = shared_text_workbook(tmp_path, 5_000, 1)
    cells = open_workbook(path).get_sheet_by_index(0).to_python()
    assert len(cells) == 5_000 and cells[0][0] == "全" * 5000 and cells[-1] == ["短"] * 6


def test_a_quotation_mark_never_closed_is_refused_not_left_to_swallow_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = '统计用区划代码,年度,村名称\n210283101201,2020,"东山村\n210283101202,2020,西河村\n'
    (tmp_path / "村基本情况.csv").write_text(text, encoding="utf-8")
    code, _, err = run_cli("validate", str(tmp_path), capsys=capsys)
    assert code == 2 and "record 2 is never closed" in err


def test_dates_beyond_what_a_timestamp_holds_are_bad_not_blank(tmp_path: Path) -> None:
    path = tmp_path / "records.xlsx"
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
        CADRES.to_excel(writer, sheet_name="村两委成员", index=False)
        cell = writer.book.add_format({"num_format": "yyyy-mm-dd"})
        writer.sheets["村两委成员"].write_datetime(1, 5, dt.datetime(9999, 12, 31), cell)
    ds = pbm.read_dataset(path)
    assert ds.quarantine[["row", "column", "rule"]].values.tolist() == [[2, "出生年月", "bad_date"]]


def test_an_income_no_village_can_have_is_too_large(county: County) -> None:
    income = INCOME.assign(**{"集体经济收入(万元)": ["1e300", "1e400"]})
    ds = pbm.read_dataset(county(村集体经济收入=income))
    assert ds.quarantine["rule"].tolist() == ["too_large", "bad_number"]


def test_an_xls_workbook_named_xlsx_is_read_for_what_it_is(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("村基本情况")
    for c, value in enumerate(["统计用区划代码", "年度", "村名称"]):
        sheet.write(0, c, value)
    for c, value in enumerate(["210283101201", 2020, "东山村"]):
        sheet.write(1, c, value)
    path = tmp_path / "村基本情况.xlsx"
    book.save(str(path))
    assert pbm.read_dataset(path).villages["name"].tolist() == ["东山村"]


def test_a_sub_folder_is_named_in_the_notes_and_a_stray_bom_does_not_hide_a_header(
    county: County,
) -> None:
    folder = county()
    (folder / "2019年").mkdir()
    write_folder(folder / "2019年", {"村基本情况": VILLAGES})
    path = folder / "村集体经济收入.csv"
    path.write_text(
        "村代码,\ufeff年度,集体经济收入(万元)\n210283101201,2020,3.7\n210283101202,2020,0\n"
    )
    ds = pbm.read_dataset(folder)
    assert ds.ok
    assert any("2019年: a folder inside the folder" in note for note in ds.notes)


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_formulas_a_program_wrote_without_results_are_not_read_as_values(
    tmp_path: Path, writer: str
) -> None:
    # openpyxl saves no result; xlsxwriter saves 0; both ask to be recalculated on opening.
    path = tmp_path / "村基本情况.xlsx"
    rows = [["统计用区划代码", "年度", "村名称"], ["210283101201", "=2019+1", '="东山"&"村"']]
    if writer == "openpyxl":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "村基本情况"
        for row in rows:
            sheet.append(row)
        book.save(path)
    else:
        with xlsxwriter.Workbook(str(path)) as workbook:
            sheet = workbook.add_worksheet("村基本情况")
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    sheet.write(r, c, value)
    ds = pbm.read_dataset(path)
    assert ds.quarantine[["column", "value", "rule"]].values.tolist() == [
        ["年度", "=2019+1", "unsaved_formula"],
        ["村名称", '="东山"&"村"', "unsaved_formula"],
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    text = "统计用区划代码,年度,村名称\n210283101201,2020,东山村\n"
    (tmp_path / "村基本情况.csv").write_bytes(text.encode(encoding))
    assert pbm.read_dataset(tmp_path).villages["name"].tolist() == ["东山村"]


def test_a_system_export_of_text_named_xls_is_read_as_csv(tmp_path: Path) -> None:
    # many systems export a tab-separated text file and call it .xls
    VILLAGES.to_csv(tmp_path / "村基本情况.xls", sep="\t", index=False, encoding="gb18030")
    ds = pbm.read_dataset(tmp_path)
    assert len(ds.villages) == len(VILLAGES)
    assert any("read as CSV" in note for note in ds.notes)


@pytest.mark.parametrize(
    "head",
    [
        '<html><head><meta charset="utf-8"></head><body><table><tr><td>统计用区划代码</td></tr>',
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook '
        'xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
    ],
)
def test_a_web_page_or_xml_named_xls_is_refused_saying_so(
    tmp_path: Path, head: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "村基本情况.xls").write_text(head, encoding="utf-8")
    code, out, err = run_cli("validate", str(tmp_path), capsys=capsys)
    assert code == 2 and "a web page or an Excel 2003 XML file" in err
    assert "Traceback" not in out + err and "Cfb" not in err


def test_a_hidden_copy_of_a_sheet_is_left_with_a_note(tmp_path: Path) -> None:
    # a clerk hid last year's copy of the cadres: read, every row would be a duplicate
    path = tmp_path / "records.xlsx"
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
        CADRES.to_excel(writer, sheet_name="村两委成员", index=False)
        CADRES.to_excel(writer, sheet_name="村两委成员(旧)", index=False)
        writer.sheets["村两委成员(旧)"].hide()
    ds = pbm.read_dataset(path)
    assert len(ds.cadres) == len(CADRES) and ds.quarantine.empty
    assert any("'村两委成员(旧)' is hidden" in note and "not read" in note for note in ds.notes)


def test_a_hidden_sheet_that_is_the_only_one_of_its_table_is_read_with_a_note(
    tmp_path: Path,
) -> None:
    path = tmp_path / "records.xlsx"
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
        CADRES.to_excel(writer, sheet_name="村两委成员", index=False)
        writer.sheets["村两委成员"].hide()
    ds = pbm.read_dataset(path)
    assert len(ds.cadres) == len(CADRES)
    assert any("'村两委成员' is hidden; read as table cadres" in note for note in ds.notes)


def test_a_csv_saved_in_big5_is_read_as_big5_not_as_gbk_mojibake() -> None:
    from partybuild_metrics.records.io.encoding import decode_csv_bytes

    text = "村名,村黨組織書記,學歷\n東興村,陳建國,大專\n"
    assert decode_csv_bytes(text.encode("big5"), "a.csv") == (text, "big5hkscs")
    simplified = "村名,村党组织书记,学历\n东兴村,陈建国,大专\n"
    assert decode_csv_bytes(simplified.encode("gbk"), "a.csv") == (simplified, "gb18030")


# ---- a column given twice, as its source and as itself ---------------------------------


def test_income_given_in_wan_and_in_yuan_fills_blanks_and_quarantines_disagreements(
    tmp_path: Path,
) -> None:
    """Neither column wins in silence: 15.13万元 beside 999999元 is a problem of its row,
    a blank 元 takes the 万元 figure, and 3.7万元 beside 37001元 agrees (3.7 is rounded)."""
    income = pd.DataFrame(
        {
            "村代码": ["210283101201", "210283101202", "210283101201"],
            "年度": ["2020", "2020", "2021"],
            "集体经济收入(万元)": ["3.7", "15.13", "2.5"],
            "集体经济收入(元)": ["37001", "999999", ""],
        }
    )
    villages = pd.concat([VILLAGES, VILLAGES.assign(年度="2021")], ignore_index=True)
    ds = pbm.read_dataset(
        write_folder(tmp_path, {"村基本情况": villages, "村集体经济收入": income})
    )
    q = ds.quarantine
    assert q[["row", "rule"]].values.tolist() == [[3, "columns_disagree"]]
    assert "999999 / 15.13" in q["message_en"].iloc[0]
    assert ds.collective_income["income_yuan"].tolist() == [37001, 25000]
    assert any("are both given" in note for note in ds.notes)


def test_posts_and_membership_given_twice_must_agree(tmp_path: Path) -> None:
    cadres = CADRES.assign(是否书记=["是", "否", "否", ""], 是否党员=["是", "是", "是", "是"])
    ds = pbm.read_dataset(write_folder(tmp_path, {"村基本情况": VILLAGES, "村两委成员": cadres}))
    q = ds.quarantine.sort_values(["row", "column"])
    # 李四: 群众 but 是否党员 是; 王五: 党总支书记 but 是否书记 否
    assert q[["row", "column", "rule"]].values.tolist() == [
        [3, "是否党员", "columns_disagree"],
        [4, "是否书记", "columns_disagree"],
    ]
    kept = ds.cadres.set_index("person_id")
    assert kept.loc["B2", "secretary"] == False  # noqa: E712  (a blank 是否书记 from 职务)


def test_codes_and_person_ids_kept_as_text_with_a_mark_are_read_without_it(
    tmp_path: Path,
) -> None:
    """A leading apostrophe or ="…" keeps digits as text in Excel; 'P0001 is P0001."""
    villages = VILLAGES.assign(统计用区划代码=["'210283101201", '="210283101202"'])
    cadres = CADRES.assign(人员编号=["'A1", "A2", '="B1"', "B2"])
    cadres.loc[0, "所在村代码"] = "'210283101201"
    ds = pbm.read_dataset(write_folder(tmp_path, {"村基本情况": villages, "村两委成员": cadres}))
    assert ds.ok, ds.quarantine.to_string()
    assert ds.villages["village_code"].tolist() == ["210283101201", "210283101202"]
    assert sorted(ds.cadres["person_id"]) == ["A1", "A2", "B1", "B2"]


@pytest.mark.parametrize(
    ("cell", "rule"),
    [
        ('<c r="C3" t="str"><f>IF(A3="","x","")</f><v></v></c>', "missing_value"),
        ('<c r="C3"><f>IF(A3="","x","")</f></c>', "unsaved_formula"),
    ],
)
def test_a_formula_saved_with_an_empty_text_result_is_a_blank_not_unsaved(
    tmp_path: Path, cell: str, rule: str
) -> None:
    """Excel saves =IF(…,"",…) as a text result with an empty value: the cell is blank, and
    saving the workbook again would not change it. A formula with no value is unsaved."""
    plain = tmp_path / "plain.xlsx"
    with pd.ExcelWriter(plain, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
    path = tmp_path / "records" / "村基本情况.xlsx"
    path.parent.mkdir()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<c r="C3"[^>]*>.*?</c>', cell.encode(), data)
            if item.filename == "xl/workbook.xml":  # saved by a spreadsheet, not a program
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            out.writestr(item.filename, data)
    q = pbm.read_dataset(path.parent).quarantine
    assert q[["row", "column", "rule"]].values.tolist() == [[3, "村名称", rule]]


def test_a_copy_of_a_file_is_read_once_and_two_files_of_one_table_are_named(
    tmp_path: Path,
) -> None:
    """Explorer's "村基本情况 - 副本.csv" beside the original made every village a duplicate."""
    folder = write_folder(tmp_path / "r", {"村基本情况": VILLAGES, "村两委成员": CADRES})
    (folder / "村基本情况 - 副本.csv").write_bytes((folder / "村基本情况.csv").read_bytes())
    ds = pbm.read_dataset(folder)
    assert ds.ok and len(ds.villages) == 2
    assert any("村基本情况 - 副本.csv: the same bytes as" in note for note in ds.notes)
    VILLAGES.assign(年度="2021").to_csv(folder / "村基本情况2021.csv", index=False)
    notes = pbm.read_dataset(folder).notes
    assert any(note.startswith("villages: read from 2 files or sheets together") for note in notes)


def test_a_cadre_under_18_in_the_rosters_year_is_quarantined(tmp_path: Path) -> None:
    """Born 2019 on the 2020 roster (a year typed for a birth date): counted in the
    30岁及以下 band before. Born 2002.12 is 18 in 2020 and kept."""
    cadres = CADRES.assign(出生年月=["2019.01", "2002.12", "1980年3月", "196001"])
    ds = pbm.read_dataset(write_folder(tmp_path, {"村基本情况": VILLAGES, "村两委成员": cadres}))
    q = ds.quarantine
    assert q[["row", "column", "rule"]].values.tolist() == [[2, "出生年月", "under_age_in_year"]]
    assert "value 2019-01-01: in 2020 the person was under 18" in q["message_en"].iloc[0]
    assert sorted(ds.cadres["person_id"]) == ["A2", "B1", "B2"]


@pytest.mark.parametrize(
    ("births", "first"),
    [
        (["1968.1", "1975.03", "1980.12", "1960.01"], "1968-10-01"),  # CSV of a number column
        (["1968.1", "1975.3", "1980.12", "1960.1"], "1968-01-01"),  # typed as text, no zeros
        (["1968.1", "1975.03", "1980.10", "1960.01"], "ambiguous"),
    ],
)
def test_a_year_month_ending_in_1_reads_as_its_column_writes_months(
    tmp_path: Path, births: list[str], first: str
) -> None:
    """Excel keeps "1968.10" typed in a number cell as 1968.1 and a CSV export prints it so:
    the same roster must not read October from the workbook and January from its CSV."""
    cadres = CADRES.assign(出生年月=births)
    ds = pbm.read_dataset(write_folder(tmp_path, {"村基本情况": VILLAGES, "村两委成员": cadres}))
    if first == "ambiguous":
        q = ds.quarantine
        assert q[["row", "column", "rule"]].values.tolist() == [[2, "出生年月", "bad_date"]]
        assert "it could be 1968年1月 or 1968年10月" in q["message_en"].iloc[0]
    else:
        assert ds.ok
        found = ds.cadres.set_index("person_id").loc["A1", "birth_date"]
        assert found.strftime("%F") == first


def test_a_csv_in_utf32_is_read_and_one_of_two_encodings_says_where_it_changes(
    tmp_path: Path,
) -> None:
    from partybuild_metrics.records.io.encoding import decode_csv_bytes

    text = "统计用区划代码,年度,村名称\n210283101201,2020,东山村\n"
    assert decode_csv_bytes(text.encode("utf-32"), "a.csv") == (text, "utf-32")
    mixed = text.encode("utf-8") + "210283101202,2020,西河村\n".encode("gbk")
    with pytest.raises(pbm.InputError, match=r"changes encoding on line 3, byte 86"):
        decode_csv_bytes(mixed, "a.csv")


def test_a_header_below_eleven_rows_of_titles_and_notes_is_found(tmp_path: Path) -> None:
    lines = ["庄河市2020年村基本情况统计表"] + [f"填表说明第{n}条" for n in range(1, 11)] + [""]
    body = VILLAGES.to_csv(index=False)
    (tmp_path / "村基本情况.csv").write_text("\n".join(lines) + "\n" + body, encoding="utf-8")
    ds = pbm.read_dataset(tmp_path)
    assert ds.ok and len(ds.villages) == 2


def test_hidden_rows_of_a_workbook_are_read_and_named_in_the_notes(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "村基本情况"
    for row in [list(VILLAGES.columns), *VILLAGES.values.tolist()]:
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True  # 西河村, filtered out by the clerk
    path = tmp_path / "records.xlsx"
    book.save(path)
    ds = pbm.read_dataset(path)
    assert len(ds.villages) == 2
    assert any("[村基本情况]: 1 hidden row(s)" in note for note in ds.notes)


def test_a_subtotal_row_that_breaks_no_rule_is_quarantined_as_what_it_is(
    tmp_path: Path,
) -> None:
    """ "甲镇合计" with a code padded to 12 digits looked like a village, and "一村小计" in a
    roster like a member: each was counted."""
    villages = pd.concat(
        [VILLAGES, pd.DataFrame({"统计用区划代码": ["210283101000"], "年度": ["2020"],
                                 "村名称": ["甲镇合计"], "是否软弱涣散": ["是"],
                                 "是否整顿完成": ["√"]})],
        ignore_index=True,
    )  # fmt: skip
    cadres = pd.concat([CADRES, CADRES.iloc[[1]].assign(人员编号="A9", 姓名="一村小计")])
    ds = pbm.read_dataset(write_folder(tmp_path, {"村基本情况": villages, "村两委成员": cadres}))
    q = ds.quarantine.set_index("table")
    assert q.loc["villages", ["row", "rule"]].tolist() == [4, "summary_row"]
    assert q.loc["cadres", ["row", "rule"]].tolist() == [6, "summary_row"]
    assert len(ds.villages) == 2 and len(ds.cadres) == 4


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("是否软弱涣散党组织", "weak_lax"),
        ("是否为建档立卡贫困村", "registered_poor"),
        ("是否整顿到位", "weak_lax_rectified"),
    ],
)
def test_flag_headers_as_clerks_word_them_are_read(tmp_path: Path, header: str, field: str) -> None:
    """Under a header not known, a flag was left blank in every row and counted as no."""
    villages = VILLAGES.drop(columns=["是否软弱涣散", "是否整顿完成"]).assign(
        **{header: ["是", "否"]}
    )
    if field == "weak_lax_rectified":
        villages["是否软弱涣散"] = ["是", "否"]
    ds = pbm.read_dataset(write_folder(tmp_path, {"村基本情况": villages}))
    assert ds.villages[field].tolist() == [True, False]


def test_compute_warns_of_a_flag_no_file_gave(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mobile = pd.DataFrame(
        {"人员编号": ["M1"], "所在村代码": ["210283101201"], "年度": ["2020"], "备注": ["外出务工"]}
    )
    folder = write_folder(tmp_path / "r", {"村基本情况": VILLAGES, "流动党员": mobile})
    main(["compute", str(folder), "--level", "county", "-o", str(tmp_path / "out.csv")])
    err = capsys.readouterr().err
    assert "optional column participated is absent; left empty; indicators that use it" in err


def test_household_ids_from_number_cells_are_kept_or_refused_never_rewritten(
    tmp_path: Path,
) -> None:
    """A 15-digit number cell is the id Excel shows; 16 digits or more lost digits in Excel
    (2102991012010001.0, 2.1E+17) and may collide with another household's."""
    path = tmp_path / "records.xlsx"
    households = pd.DataFrame(
        {
            "户编号": [210283101201001, 2102831012010001, "2.10283E+17", "H-4"],
            "村代码": ["210283101201"] * 4,
            "家庭人口数": [3, 4, 2, 5],
            "识别年度": [2016, 2016, 2016, 2016],
            "脱贫年度": [2019, None, None, 2020],
        }
    )
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
        households.to_excel(writer, sheet_name="建档立卡贫困户", index=False)
    ds = pbm.read_dataset(path)
    assert sorted(ds.poverty_households["household_id"]) == ["210283101201001", "H-4"]
    q = ds.quarantine
    assert q["row"].tolist() == [3, 4] and set(q["rule"]) == {"bad_person_id"}


def test_a_county_divisions_list_in_its_own_words_validates_its_villages(
    tmp_path: Path,
) -> None:
    """A county's 区划 lists the county, its townships and villages only, with levels as
    such lists print them (县(市、区), 乡（镇）, 村委会): one unknown word quarantined every
    village, and a missing province did too."""
    divisions = pd.DataFrame(
        {
            "统计用区划代码": ["210283", "210283101", "210283101201", "210283101202"],
            "名称": ["庄河市", "青松镇", "东山村", "西河村"],
            "级别": ["县(市、区)", "乡（镇）", "村委会", "村"],
        }
    )
    ds = pbm.read_dataset(write_folder(tmp_path, {"区划": divisions, "村基本情况": VILLAGES}))
    assert ds.ok, ds.quarantine.to_string()
    assert ds.divisions["level"].tolist() == ["county", "township", "village", "village"]
    assert len(ds.villages) == 2


def test_an_end_date_of_zhijin_and_an_exit_year_of_weituopin_are_not_yet(tmp_path: Path) -> None:
    """至今 / — for an end date and 未脱贫 for an exit year mean "not yet": they were
    quarantined as bad dates and years, and the posting or household with them."""
    secretaries = pd.DataFrame(
        {"人员编号": ["F1", "F2"], "驻村代码": ["210283101201", "210283101202"],
         "派出单位": ["市委组织部", "县农业局"], "开始日期": ["2019-03-01", "2018.5"],
         "结束日期": ["至今", "—"]}
    )  # fmt: skip
    households = pd.DataFrame(
        {"户编号": ["H1", "H2"], "村代码": ["210283101201"] * 2, "家庭人口数": ["3", "2"],
         "识别年度": ["2016", "2016"], "脱贫年度": ["未脱贫", "2019"]}
    )  # fmt: skip
    ds = pbm.read_dataset(
        write_folder(
            tmp_path,
            {"村基本情况": VILLAGES, "驻村第一书记": secretaries, "建档立卡贫困户": households},
        )
    )
    assert ds.ok, ds.quarantine.to_string()
    assert ds.first_secretaries["end_date"].isna().all()
    assert ds.poverty_households["exit_year"].tolist()[0] is pd.NA


def test_a_project_entered_twice_is_counted_with_a_note(tmp_path: Path) -> None:
    projects = pd.DataFrame(
        {"村代码": ["210283101201"] * 3, "年度": ["2020"] * 3,
         "项目类型": ["种植", "种植", "养殖"], "项目名称": ["蓝莓大棚", "蓝莓大棚", "养鸡场"]}
    )  # fmt: skip
    ds = pbm.read_dataset(
        write_folder(tmp_path, {"村基本情况": VILLAGES, "扶贫产业项目": projects})
    )
    assert len(ds.projects) == 3
    assert any(note.startswith("projects: 1 row(s) repeat another row") for note in ds.notes)


def test_households_of_a_village_without_a_row_that_year_still_count(tmp_path: Path) -> None:
    """A village merged away after 2019 has no 2020 row; its households, registered and not
    exited, are still poor households of the township and county in 2020."""
    villages = pd.concat(
        [VILLAGES, VILLAGES.iloc[[0]].assign(统计用区划代码="210283101203", 年度="2019",
                                             村名称="南岭村")],
        ignore_index=True,
    )  # fmt: skip
    households = pd.DataFrame(
        {"户编号": ["H1", "H2", "H3"], "村代码": ["210283101201", "210283101203", "210283101203"],
         "家庭人口数": ["3", "2", "4"], "识别年度": ["2016"] * 3, "脱贫年度": ["", "", ""]}
    )  # fmt: skip
    ds = pbm.read_dataset(
        write_folder(tmp_path, {"村基本情况": villages, "建档立卡贫困户": households})
    )
    assert ds.ok, ds.quarantine.to_string()
    table = pbm.compute(ds, ["poverty_household_count"], level="county", years=2020)
    assert table["numerator"].tolist() == [3]


def test_a_pipe_or_a_link_to_nothing_in_a_folder_gets_a_note(tmp_path: Path) -> None:
    import os

    write_folder(tmp_path, {"村基本情况": VILLAGES})
    os.mkfifo(tmp_path / "村两委成员.csv")  # reading it would wait for ever
    (tmp_path / "村集体经济收入.csv").symlink_to(tmp_path / "gone.csv")
    ds = pbm.read_dataset(tmp_path)
    assert (
        f"{tmp_path / '村两委成员.csv'}: not a regular file (a pipe or a device); not read"
        in ds.notes
    )
    assert any("村集体经济收入.csv: not a regular file (a link to nothing" in n for n in ds.notes)


def test_a_csv_as_wide_as_excels_used_range_keeps_its_one_stray_value(tmp_path: Path) -> None:
    """Trailing empty columns to XFD are left out before the grid is laid out; a value far
    to the right is still named."""
    header = "统计用区划代码,年度,村名称" + "," * 16_381
    rows = [
        f"{code},2020,{name}" + "," * 16_381
        for code, name in (("210283101201", "东山村"), ("210283101202", "西河村"))
    ]
    cells = rows[1].split(",")
    cells[10_000] = "备注"
    rows[1] = ",".join(cells)
    (tmp_path / "村基本情况.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    ds = pbm.read_dataset(tmp_path)
    assert ds.villages["name"].tolist() == ["东山村", "西河村"]
    assert any("column 10001 has no header but holds values" in note for note in ds.notes)


def test_a_byte_order_mark_inside_a_csv_is_removed_with_a_note(tmp_path: Path) -> None:
    """Two exports pasted into one file: the second one's mark stood in the first cell of
    its first row, and the code it stood in matched nothing."""
    first = "统计用区划代码,年度,村名称\n210283101201,2020,东山村\n"
    (tmp_path / "村基本情况.csv").write_text(
        first + "\ufeff210283101202,2020,西河村\n", encoding="utf-8-sig"
    )
    ds = pbm.read_dataset(tmp_path)
    assert ds.villages["village_code"].astype(str).tolist() == ["210283101201", "210283101202"]
    assert any("1 byte-order mark(s) inside the file" in note for note in ds.notes)


def test_many_columns_not_used_are_counted_beyond_twenty(tmp_path: Path) -> None:
    extra = [f"备注{i}" for i in range(30)]
    header = ",".join(["统计用区划代码", "年度", "村名称", *extra])
    (tmp_path / "村基本情况.csv").write_text(
        f"{header}\n210283101201,2020,东山村{',' * 30}\n", encoding="utf-8"
    )
    notes = [n for n in pbm.read_dataset(tmp_path).notes if "not used by villages" in n]
    assert len(notes) == 21 and notes[-1].endswith("10 more columns are not used by villages")


def test_rows_of_nothing_are_counted_in_one_note(tmp_path: Path) -> None:
    """Blank lines and rows of commas (Excel's used range) are left out as they are read,
    and counted in the note with the rows blank in the columns read."""
    text = "统计用区划代码,年度,村名称,\n210283101201,2020,东山村,\n\n,,,\n,,,备注\n"
    (tmp_path / "村基本情况.csv").write_text(
        text + "210283101202,2020,西河村,\n" + "\n" * 1000, encoding="utf-8"
    )
    ds = pbm.read_dataset(tmp_path)
    assert ds.villages["name"].tolist() == ["东山村", "西河村"]
    # 1000 + 1 blank lines and ",,," left out as read; ",,,备注" blank in the columns read
    assert any("1003 row(s) with nothing in the columns read were skipped" in n for n in ds.notes)


def test_utf8_rows_pasted_into_a_gbk_csv_are_not_read_garbled(tmp_path: Path) -> None:
    """GB18030 reads any bytes: the UTF-8 rows would have been read as other characters."""
    head = "统计用区划代码,年度,村名称\n210283101201,2020,东山村\n".encode("gbk")
    (tmp_path / "村基本情况.csv").write_bytes(head + "210283101202,2020,西河村\n".encode())
    with pytest.raises(pbm.InputError, match="GBK, and on line 3 UTF-8"):
        pbm.read_dataset(tmp_path)
