"""The command line: exit codes 0 / 1 / 2 and never a traceback for bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import CADRES

from partybuild_metrics.cli import main

County = Callable[..., Path]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "partybuild_metrics", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_validate_sample_exits_0(sample_workbook: Path) -> None:
    result = run("validate", str(sample_workbook))
    assert result.returncode == 0, result.stderr
    assert "cadres" in result.stdout and "1675" in result.stdout
    assert "Nothing quarantined" in result.stdout


def test_validate_with_findings_exits_1_and_names_file_row_column(
    county: County, tmp_path: Path
) -> None:
    bad = CADRES.copy()
    bad.loc[1, "学历"] = "党校"
    folder = county(村两委成员=bad)
    result = run("validate", str(folder), "--quarantine", str(tmp_path / "q.csv"))
    assert result.returncode == 1
    assert "村两委成员.csv, row 3, column 学历 [unknown_education]" in result.stdout
    written = pd.read_csv(tmp_path / "q.csv", encoding="utf-8-sig")
    assert written["rule"].tolist() == ["unknown_education"]


def test_validate_in_chinese(county: County, capsys: pytest.CaptureFixture[str]) -> None:
    bad = CADRES.copy()
    bad.loc[1, "学历"] = "党校"
    assert main(["validate", str(county(村两委成员=bad)), "--lang", "zh"]) == 1
    assert "不是可识别的学历" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "missing", "no such file or folder"),
        (
            lambda p: (p / "x.xlsx").write_bytes(b"junk") and p / "x.xlsx",
            "not a readable Excel workbook",
        ),
        (lambda p: (p / "notes.txt").write_text("hi") and p, "no recognisable table"),
    ],
)
def test_unreadable_input_exits_2_without_traceback(
    tmp_path: Path, make: Callable[[Path], Path], words: str
) -> None:
    result = run("validate", str(make(tmp_path)))
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_usage_error_exits_2() -> None:
    assert run("validate").returncode == 2


def test_compute_markdown_to_stdout(sample_workbook: Path) -> None:
    result = run(
        "compute", str(sample_workbook), "--year", "2020",
        "--indicator", "one_person_two_posts_share", "--indicator", "secretary_college_share",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert '村党组织书记、村委会主任"一肩挑"比例' in result.stdout
    assert "| 64.9%" in result.stdout and "| 71.7%" in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_compute_writes_files_that_read_back(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"t.{fmt}"
    args = ["compute", "data/sample/parquet", "--level", "township", "--year", "2020"]
    assert main([*args, "--indicator", "weak_lax_share", "--format", fmt, "-o", str(out)]) == 0
    if fmt == "csv":
        table = pd.read_csv(out, encoding="utf-8-sig", dtype={"code": str})
    elif fmt == "xlsx":
        table = pd.read_excel(out, engine="calamine", dtype={"code": str})
    else:
        table = pd.read_parquet(out)
    assert len(table) == 12
    assert table["numerator"].sum() == 32 and table["denominator"].sum() == 205
    assert table["code"].str.len().eq(9).all()
    assert table["shown"].str.endswith("%").all()


def test_compute_rejects_unknown_parameter_with_exit_2(sample_workbook: Path) -> None:
    result = run("compute", "data/sample/parquet", "--param", "thresold=3")
    assert result.returncode == 2
    assert "unknown parameter(s) thresold" in result.stderr and "Traceback" not in result.stderr


def test_indicators_lists_the_catalogue() -> None:
    result = run("indicators", "--format", "csv")
    assert result.returncode == 0
    assert "one_person_two_posts_share" in result.stdout and "中文名" in result.stdout


def test_output_piped_into_a_reader_that_stops_is_no_error() -> None:
    # `partybuild-metrics indicators | head -1`, head gone before the first line is written
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        listing = subprocess.run(
            [sys.executable, "-m", "partybuild_metrics", "indicators"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(write_end)
    assert listing.returncode == 0 and listing.stderr == ""


def test_check_prints_control_characters_of_the_claims_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # an id that would retitle the terminal and clear the screen
    path = tmp_path / "c.yaml"
    path.write_text(
        'source: {id: "s\\e[2J"}\nclaims:\n  - id: "y\\e]0;pwned\\a"\n    kind: share\n'
        '    quote: "q"\n    numerator: "1"\n    denominator: "2"\n    percent: "50%"\n',
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "y\\x1b]0;pwned\\x07" in out and out.count("\n") == 3
    junit = tmp_path / "c.xml"
    assert main(["check", str(path), "--format", "junit", "-o", str(junit)]) == 0
    import xml.etree.ElementTree as ET

    case = ET.parse(junit).getroot().find(".//testcase")
    assert case is not None and case.get("name") == "y\\x1b]0;pwned\\x07"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--decimals", "-3"], "must be a whole number from 0 to 10, got -3"),
        (["--decimals", "1000"], "must be a whole number from 0 to 10, got 1000"),
        (
            ["--indicator", "income_at_least_share", "--param", "threshold=" + "9" * 26],
            "beyond what a 64-bit integer holds",
        ),
    ],
)
def test_absurd_options_exit_2_with_a_clear_line(
    sample_workbook: Path, argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = None
    try:
        code = main(["compute", str(sample_workbook), "--year", "2020", *argv])
    except SystemExit as stop:  # argparse refuses an option's value itself
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2 and words in err and "Traceback" not in err
