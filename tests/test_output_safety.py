"""Nothing from the records runs or renders where the library writes it: CSV and XLSX
cells are never formulas, terminals get no control characters, ID numbers are masked."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from clerk_files import PEOPLE, county_with_roster, roster
from conftest import CADRES, VILLAGES

from partybuild_metrics.cli import main
from partybuild_metrics.neutralise import csv_cell, for_terminal, runs_as_formula

County = Callable[..., Path]
FORMULAS = ["=1+1", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_would_run_is_neutralised_for_csv(text: str) -> None:
    assert runs_as_formula(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-3.5", "+12%", "1e5", "东山村", "", "a=b"])
def test_plain_numbers_and_text_are_left_alone(text: str) -> None:
    assert csv_cell(text) == text


def test_terminal_output_shows_control_characters_as_escapes() -> None:
    assert for_terminal("村\x1b]0;title\x07\r\n\u202e") == "村\\x1b]0;title\\x07\\x0d\\x0a\\u202e"


def test_validate_escapes_control_characters_and_neutralises_the_quarantine_csv(
    county: County, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    villages = VILLAGES.copy()
    villages.loc[0, "是否软弱涣散"] = '=HYPERLINK("http://evil","点我")'
    cadres = CADRES.copy()
    cadres.loc[1, "学历"] = "\x1b[2J\x1b[31m博士后\x1b[0m"
    folder = county(村基本情况=villages, 村两委成员=cadres)
    target = tmp_path / "q.csv"
    assert main(["validate", str(folder), "--quarantine", str(target)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2J" in out
    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    values = {row["column"]: row["value"] for row in rows}
    assert values["是否软弱涣散"].startswith("'=HYPERLINK")
    for row in rows:
        for cell in row.values():
            assert not runs_as_formula(cell), cell


def test_validate_masks_id_numbers_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = roster(with_person_id=False)
    frame.loc[0, "出生年月"] = "1968.06"  # conflicts with the ID number
    frame.loc[2, "身份证号"] = PEOPLE[2][5][:17]  # a digit lost
    folder = county_with_roster(tmp_path / "r", frame)
    target = tmp_path / "q.csv"
    assert main(["validate", str(folder), "--quarantine", str(target)]) == 1
    shown = capsys.readouterr().out + target.read_text(encoding="utf-8-sig")
    for person in PEOPLE:
        assert person[5][6:14] not in shown  # no birth date from an ID number
    assert "210283********123X" in shown
    assert main(["validate", str(folder), "--show-id-numbers"]) == 1
    assert PEOPLE[0][5] in capsys.readouterr().out


def test_the_quarantine_csv_keeps_every_row(county: County, tmp_path: Path) -> None:
    cadres = CADRES.copy()
    cadres.loc[:, "学历"] = ["#N/A", "博士后", "-", "+"]
    target = tmp_path / "q.csv"
    main(["validate", str(county(村两委成员=cadres)), "--quarantine", str(target)])
    written = pd.read_csv(target, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert written["row"].tolist() == ["2", "3", "4", "5"]
    assert written["value"].tolist() == ["#N/A", "博士后", "'-", "'+"]


HOSTILE_NAME = '=HYPERLINK("http://evil","点我")'


@pytest.fixture
def hostile_county(tmp_path: Path) -> Path:
    from conftest import TABLES, write_folder

    divisions = TABLES["区划"].copy()
    divisions.loc[divisions["代码"] == "210283101", "名称"] = HOSTILE_NAME
    divisions.loc[divisions["代码"] == "210283", "名称"] = "庄河|<b>市</b>\x1b[31m"
    return write_folder(tmp_path / "county", {**TABLES, "区划": divisions})


def test_compute_xlsx_stores_text_from_the_records_as_text(
    hostile_county: Path, tmp_path: Path
) -> None:
    import openpyxl

    target = tmp_path / "t.xlsx"
    argv = ["compute", str(hostile_county), "--level", "township", "--format", "xlsx", "-o", str(target)]  # fmt: skip
    assert main(argv) == 0
    book = openpyxl.load_workbook(target)
    cells = [c for row in book["indicators"].iter_rows() for c in row if c.value == HOSTILE_NAME]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    import zipfile

    with zipfile.ZipFile(target) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_compute_csv_and_markdown_are_neutralised(
    hostile_county: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compute", str(hostile_county), "--level", "township", "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {r["name"] for r in rows} == {"'" + HOSTILE_NAME}
    assert main(["compute", str(hostile_county), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "<b>" not in out
    assert "庄河\\|&lt;b&gt;市&lt;/b&gt;\\x1b[31m" in out


def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(
    county: County, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    folder = str(county())
    assert main(["validate", folder, "--quarantine", str(blocker / "q.csv")]) == 2
    assert main(["compute", folder, "--format", "xlsx", "-o", str(blocker / "t.xlsx")]) == 2
    assert main(["report", folder, "--year", "2020", "-o", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("error: ") == 3 and "Traceback" not in err


def test_compute_on_records_without_an_accepted_village_says_so(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = county(村基本情况=VILLAGES.assign(年度="x"))
    assert main(["compute", str(folder)]) == 2
    assert "no village row was accepted" in capsys.readouterr().err


def test_the_html_report_shows_control_characters_as_pictures_and_escapes_markup() -> None:
    """A workbook's _x0000_ and _x001B_ are NUL and ESC in a village's name."""
    from partybuild_metrics.report.html import _environment

    page = _environment().from_string("<p>{{ name }}</p>").render(name="东山\x00村\x1b<b>\t")
    assert page == "<p>东山␀村␛&lt;b&gt;\t</p>"


def test_bidirectional_marks_in_names_are_shown_not_obeyed(tmp_path: Path) -> None:
    """U+202E in a village's name would show the rest of a row reversed ("Trojan Source")."""
    import openpyxl

    from partybuild_metrics.report.html import _environment
    from partybuild_metrics.spreadsheet import write_frame

    page = _environment().from_string("<p>{{ name }}</p>").render(name="东山村\u202e1202")
    assert page == "<p>东山村\\u202e1202</p>"
    path = write_frame(pd.DataFrame({"名称": ["西河\u2066村"]}), tmp_path / "t.xlsx")
    assert [row[0] for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)] == [
        "名称", "西河\\u2066村"
    ]  # fmt: skip


def test_text_longer_than_a_cell_holds_says_it_was_cut(tmp_path: Path) -> None:
    import openpyxl

    from partybuild_metrics.spreadsheet import CUT_MARK, MAX_CELL_TEXT, write_frame

    path = write_frame(pd.DataFrame({"名称": ["村" * 40_000, "东山村"]}), tmp_path / "t.xlsx")
    cells = [row[0] for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    assert len(cells[1]) == MAX_CELL_TEXT and cells[1].endswith(CUT_MARK)
    assert cells[2] == "东山村"


def test_compute_writes_the_format_its_output_file_names(county: County, tmp_path: Path) -> None:
    out = tmp_path / "indicators.csv"
    assert main(["compute", str(county()), "--level", "county", "-o", str(out)]) == 0
    first = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "," in first and not first.startswith("|")  # CSV, not a markdown table


def test_compute_masks_an_id_number_typed_into_a_units_name(
    county: County, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report masked it; compute printed it whole."""
    from conftest import TABLES

    divisions = TABLES["区划"].copy()
    divisions.loc[divisions["代码"] == "210283", "名称"] = "庄河市210283197003151019"
    path = county(区划=divisions)
    assert main(["compute", str(path), "--level", "county", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "197003151019" not in out and "庄河市210283********1019" in out
