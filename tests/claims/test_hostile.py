"""Hostile claims input: a clear error naming file, claim and key; never a traceback or a hang."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opencc
import pytest

import partybuild_metrics as pbm
from partybuild_metrics.claims.entry import check_claims_leniently
from partybuild_metrics.claims.model import ClaimFileError, load_claims, read_claims
from partybuild_metrics.claims.table import read_claims_table
from partybuild_metrics.cli import main

CLAIM = '  - id: women\n    kind: share\n    quote: 女党员2843.1万名,占党员总数的29.4%\n    numerator: "2843.1万"\n    denominator: "9671.2万"\n    percent: "29.4"\n'
GOOD = "source:\n  id: national-2021\nclaims:\n" + CLAIM


def test_gbk_gb18030_and_utf16_files_are_read(tmp_path: Path) -> None:
    for encoding in ("gbk", "gb18030", "utf-16", "utf-8-sig"):
        path = tmp_path / f"{encoding}.yaml"
        path.write_bytes(GOOD.encode(encoding))
        assert load_claims([path])[0].quote.startswith("女党员"), encoding
    path = tmp_path / "big5.yaml"
    path.write_bytes(opencc.OpenCC("s2t").convert(GOOD).encode("big5"))
    assert load_claims([path])[0].quote.startswith("女黨員")
    path = tmp_path / "utf16-no-bom.yaml"
    path.write_bytes(GOOD.encode("utf-16-le"))
    assert load_claims([path])[0].id == "women"


@pytest.mark.parametrize("quote", ["修缮旧房12栋", "审计耕地1234亩", "购房补贴", "某某镇耕地"])
def test_short_gbk_text_that_is_also_valid_big5_reads_as_gbk(tmp_path: Path, quote: str) -> None:
    """Common simplified characters in GBK are often valid Big5 bytes too (修缮旧房12栋 read
    as Big5 is 党圪導滇12集): a clerk's GBK file keeps its words."""
    path = tmp_path / "gbk.csv"
    path.write_bytes(f"id,kind,quote,parts,total\r\na,parts_sum,{quote},5;7,12\r\n".encode("gbk"))
    assert read_claims_table(path)["quote"].tolist() == [quote]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (bytes(range(256)) * 40, "not a text file"),
        (b"\x00\x01\x02garbage\xff\xfe\x00", "not a text file"),
        # a merge key gives percent twice, and YAML keeps one without a word
        (
            b"source: {id: s}\nclaims:\n  - id: a\n    kind: share\n    quote: q\n"
            b'    numerator: "648"\n    denominator: "1000"\n'
            b'    <<: [{percent: "64.8"}, {percent: "99.9"}]\n',
            "uses a YAML merge key",
        ),
        (b"- a\n- b\n", "the file is a list"),
        (
            ("source: {id: s}\nclaims:\n" + "  - " + "[" * 100 + "]" * 100 + "\n").encode(),
            "nests more than 20 levels",
        ),
        (
            (
                b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                b'source: {id: s}\nclaims:\n  - id: bomb\n    kind: bound\n    quote: *d\n    part: "1"\n    whole: "2"\n'
            ),
            "uses a YAML alias",
        ),
        (b"source: {id: s}\nclaims: [\n", "is not valid YAML"),
        (b"claims:\n  - " + b"[" * 50_000 + b"]" * 50_000, "nesting depth"),
        (
            b"source: {id: s}\nclaims:\n  - !!python/object/apply:os.system ['echo hi']\n",
            "is not valid YAML",
        ),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(ClaimFileError, match=words) as caught:
        load_claims([path])
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("claim", "key", "words"),
    [
        ('    percent: "Infinity"\n', "percent", "infinite or not a number"),
        ('    percent: "NaN"\n', "percent", "infinite or not a number"),
        ('    percent: ".inf"\n', "percent", "not a number"),
        ("    percent: .nan\n", "percent", "must be a quoted number as printed"),
        ('    numerator: "' + "9" * 5000 + '"\n', "numerator", "longer than 60 characters"),
        ('    colour: "red"\n', "colour", "unknown key for a share claim"),
        ('    scope: {code: "21", year: 二零二零年}\n', "scope.year", None),
    ],
)
def test_bad_claims_name_the_claim_and_key(
    tmp_path: Path, claim: str, key: str, words: str | None
) -> None:
    # the claim's own line of that key, if any, gives way to the bad one
    body = (
        "".join(
            line for line in GOOD.splitlines(keepends=True) if not line.startswith(f"    {key}:")
        )
        + claim
    )
    path = tmp_path / "c.yaml"
    path.write_text(body, encoding="utf-8")
    read = read_claims([path])
    if words is None:  # 二零二零年 is read as the year 2020
        assert read.problems == [] and read.claims[0].scope == {"code": "21", "year": 2020}
        return
    assert [(p.claim, p.key) for p in read.problems] == [("women", key)]
    assert words in read.problems[0].message


def test_scope_year_written_with_nian(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(GOOD + '    scope: {code: "210283", year: "2020年"}\n', encoding="utf-8")
    assert load_claims([path])[0].scope == {"code": "210283", "year": 2020}


def test_the_command_checks_the_good_claims_and_reports_every_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "source:\n  id: s\nclaims:\n"
        + CLAIM.replace("women", "w2").replace('"29.4"', '"NaN"')
        + "  - id: k\n    kind: ratio\n    quote: q\n",
        encoding="utf-8",
    )
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(bytes(range(256)))
    result = subprocess.run(
        [sys.executable, "-m", "partybuild_metrics", "check", str(good), str(bad), str(garbage)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "ok   women (share): consistent" in result.stdout  # the sound claim was still checked
    assert f"{bad}: " in result.stderr and "claim 'w2', key 'percent'" in result.stderr
    assert (
        "claim 'k', key 'kind'" in result.stderr
        and f"{garbage}: is not a text file" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert main(["check", str(good)]) == 0


def test_a_workbook_with_a_stray_cell_at_the_far_corner_is_refused(tmp_path: Path) -> None:
    """calamine would lay out 17 billion cells up to XFD1048576 and abort the process."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for column, value in enumerate(["id", "kind", "quote", "numerator", "percent"], start=1):
        sheet.cell(1, column, value)
    sheet["XFD1048576"] = "x"
    path = tmp_path / "far.xlsx"
    book.save(path)
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "partybuild_metrics", "check", str(path), str(good)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"{path}: sheet 'Sheet' reaches row 1,048,576 and column 16,384" in result.stderr
    assert "ok   women (share): consistent" in result.stdout


def test_a_yaml_file_of_millions_of_values_is_refused_before_it_is_loaded(tmp_path: Path) -> None:
    """20 MB of "- {}" took 3 GB loaded; the values are counted first, as events."""
    from partybuild_metrics.claims.sources import MAX_VALUES

    path = tmp_path / "many.yaml"
    path.write_text("claims:\n" + "- {}\n" * MAX_VALUES, encoding="utf-8")
    with pytest.raises(ClaimFileError, match=r"holds more than 1,500,000 YAML values"):
        load_claims([path])


def test_a_key_given_twice_is_refused_with_its_line(tmp_path: Path) -> None:
    """YAML would keep the second percent and drop the first without a word."""
    path = tmp_path / "c.yaml"
    path.write_text(GOOD + '    percent: "29.5"\n', encoding="utf-8")
    with pytest.raises(
        ClaimFileError, match=r"gives the key 'percent' twice in one place \(line 10\)"
    ):
        load_claims([path])
    path.write_text(GOOD.replace("claims:", "source: {id: other}\nclaims:"), encoding="utf-8")
    with pytest.raises(ClaimFileError, match="gives the key 'source' twice"):
        load_claims([path])
    # the same key in two claims, or in a claim and its source, is no repetition
    path.write_text(GOOD + CLAIM.replace("women", "women-2"), encoding="utf-8")
    assert [c.id for c in load_claims([path])] == ["women", "women-2"]


@pytest.mark.parametrize(
    "reference", ["r='XFD1048576'", 'r = "XFD1048576"', 'r="XFD01048576"', 'r="xfd1048576"']
)
def test_a_far_cell_written_any_way_xml_allows_is_refused(tmp_path: Path, reference: str) -> None:
    """Single quotes, spaces and leading zeros are the same reference to calamine."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "kind", "quote", "numerator", "percent"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    path = tmp_path / "far.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                far = f'<row r="1048576"><c {reference} t="inlineStr"><is><t>x</t></is></c></row>'
                data = data.replace(b"</sheetData>", far.encode() + b"</sheetData>")
            target.writestr(item, data)
    with pytest.raises(ClaimFileError, match="reaches row 1,048,576 and column 16,384"):
        pbm.check_claims(path)


def test_pipes_devices_and_missing_paths_are_problems_and_the_rest_is_checked(
    tmp_path: Path,
) -> None:
    """A pipe would block the run and /dev/zero never ends; each is refused by name."""
    import os

    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    for name in ("pipe.yaml", "pipe.txt"):
        os.mkfifo(tmp_path / name)
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    inputs = [good, *(tmp_path / n for n in ("pipe.yaml", "pipe.txt", "zero.csv", "none.yaml"))]
    result = subprocess.run(
        [sys.executable, "-m", "partybuild_metrics", "check", *map(str, inputs)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "ok   women (share): consistent" in result.stdout
    for name in ("pipe.yaml", "pipe.txt", "zero.csv"):
        assert f"{tmp_path / name}: is not a regular file (a pipe or a device)" in result.stderr
    assert f"{tmp_path / 'none.yaml'}: no such file or folder" in result.stderr
    with pytest.raises(TypeError, match="got int"):
        pbm.check_claims(5)  # type: ignore[arg-type]


def test_an_unquoted_number_of_thousands_of_digits_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(GOOD.replace('"2843.1万"', "9" * 5000), encoding="utf-8")
    read = read_claims([path])  # the claim holding it, by key; the file's others still read
    assert [(p.key, "longer than 60 characters" in p.message) for p in read.problems] == [
        ("numerator", True)
    ]


def _table_problems(path: Path) -> tuple[list[str], list[str]]:
    results, problems = check_claims_leniently(path)
    return list(results["id"]), [f"{p.row}: {p.message}" for p in problems]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_quote_never_closed_names_the_rows_it_takes_in(tmp_path: Path, encoding: str) -> None:
    """An opening quote with no end takes in every row after it: those rows are named,
    never dropped without a word, and the rows before are checked."""
    header = "id,kind,quote,numerator,denominator,percent\n"
    path = tmp_path / "c.csv"
    path.write_text(
        header + 'ok,share,占比,133,205,64.9\nu,share,"占比 unclosed,1,2,50\n'
        "fz,share,占比,133,205,64.8\nok2,share,占比,1,2,50\n",
        encoding=encoding,
    )
    ids, problems = _table_problems(path)
    assert ids == ["ok"]
    assert problems == [
        '3: a quote (") opened in this row is never closed: it takes in the 2 line(s) after '
        "it, and neither this row nor those lines is read as a claim"
    ]
    # in the last cell, and past Arrow's block of 1 MB: the same, not a refused file
    rows = "".join(f"r{i},share,占比{i},1,2,50\n" for i in range(40_000))
    path.write_text(header + 'ok,share,占比,1,2,"50\n' + rows, encoding=encoding)
    ids, problems = _table_problems(path)
    assert ids == []  # the row that opened the quote has a percent of 40,001 lines
    assert problems == [
        '2: a quote (") opened in this row is never closed: it takes in the 40,000 line(s) '
        "after it, and neither this row nor those lines is read as a claim"
    ]
    # two rows that each open a quote: the second closes the first, taking r3 in between;
    # r2 would be checked with r4's figures
    path.write_text(
        header + 'r1,share,占比,133,205,64.9\nr2,share,"一比八,1,8,12.5\n'
        'r3,share,占比,133,205,64.9\nr4,share,"男性比例,60,80,80.0\nr5,share,占比,133,205,64.9\n',
        encoding=encoding,
    )
    ids, problems = _table_problems(path)
    assert ids == ["r1", "r5"] and [p.split(":")[0] for p in problems] == ["3"]


def test_a_quote_over_two_lines_as_excel_writes_it_is_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        'id,kind,quote,numerator,denominator,percent\nml,share,"占比\n达64.9%",133,205,64.9\n'
        "x,share,q,1,2,50,extra\n",
        encoding="gbk",
    )
    ids, problems = _table_problems(path)
    assert ids == ["ml"] and problems == ["3: has 7 cells where the header has 6, and is not read"]


@pytest.mark.parametrize("to_file", [False, True])
def test_an_id_with_a_line_break_or_an_escape_prints_no_line_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], to_file: bool
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "id,kind,quote,numerator,denominator,percent\n"
        '"bad\n  ok   forged (share): consistent",share,q,133,205,64.8\n'
        "bad2\u2028  ok   forged2,share,q,133,205,64.8\n"
        "esc\x1b[2J,share,q,133,205,64.8\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.txt"
    assert main(["check", str(path), *(["-o", str(out)] if to_file else [])]) == 1
    text = out.read_text(encoding="utf-8") if to_file else capsys.readouterr().out
    lines = text.splitlines()
    assert not [line for line in lines if line.lstrip().startswith("ok")]
    assert "\x1b" not in text and "\u2028" not in text
    assert lines[-1] == "0 passed, 3 failed"


def test_json_and_text_output_are_written_a_piece_at_a_time(tmp_path: Path) -> None:
    """12,001 claims: the output is the same JSON (one claim to a line) however it is cut,
    and text output ends with its totals."""
    rows = "".join(f"c{i},share,q,133,205,{'64.9' if i % 3 else '64.8'}\n" for i in range(12_001))
    path = tmp_path / "c.csv"
    path.write_text("id,kind,quote,numerator,denominator,percent\n" + rows, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["check", str(path), "--format", "json", "-o", str(out)]) == 1
    import json

    found = json.loads(out.read_text(encoding="utf-8"))
    assert [r["id"] for r in found] == [f"c{i}" for i in range(12_001)]
    assert sum(r["verdict"] == "inconsistent" for r in found) == 4001
    assert len(out.read_text(encoding="utf-8").splitlines()) == 12_001 + 2
    text = tmp_path / "out.txt"
    assert main(["check", str(path), "-o", str(text)]) == 1
    assert text.read_text(encoding="utf-8").splitlines()[-1] == "8000 passed, 4001 failed"


def test_a_control_character_in_a_cell_is_text_not_a_binary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Word's line break (\\x0b), an ESC, DEL and a C1 control pasted into cells: the file is
    read, and JSON on stdout stays JSON."""
    path = tmp_path / "c.csv"
    path.write_bytes(
        (
            "id,kind,quote,numerator,denominator,percent\n"
            "a\x7f\x9b,share,占比\x0b达64.9%,133,205,64.9\n"
            "b\x1b[2J,share,q\u2028\u202e,133,205,64.9\n"
        ).encode("gb18030")
    )
    assert main(["check", str(path), "--format", "json"]) == 0
    import json

    found = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in found] == ["a\x7f\x9b", "b\x1b[2J"]
    path.write_bytes(b"\x00\x01\x02\x03" * 1000)
    assert main(["check", str(path)]) == 2  # binary data is still refused


def test_a_parquet_table_whose_text_unpacks_like_a_bomb_is_refused(tmp_path: Path) -> None:
    """One 5,000-character quote in a dictionary for 50,000 rows: 3 kB on disk, 750 MB of
    text (2.6 GB of memory when read). Refused by its size unpacked, measured before."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def same(value: str) -> pa.DictionaryArray:
        return pa.DictionaryArray.from_arrays(pa.array([0] * 50_000, pa.int32()), pa.array([value]))

    pq.write_table(
        pa.table({"id": same("a"), "kind": same("share"), "quote": same("全" * 5000),
                  "numerator": same("133"), "denominator": same("205"), "percent": same("64.8")}),
        tmp_path / "bomb.parquet",
    )  # fmt: skip
    with pytest.raises(ClaimFileError, match=r"unpacks to more than 67,108,864 bytes.*a bomb"):
        read_claims_table(tmp_path / "bomb.parquet")


def test_entries_of_a_folder_that_are_no_claims_files_are_named(tmp_path: Path) -> None:
    """A pipe, a link to a device, a loop of links and a folder named like claims files
    had been passed over without a word; each is a problem, the good file still checked."""
    import os

    (tmp_path / "good.csv").write_text(
        "id,kind,quote,numerator,denominator,percent\na,share,q,133,205,64.9\n", encoding="utf-8"
    )
    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "notes.txt").write_text("not a claims file", encoding="utf-8")
    results, problems = check_claims_leniently(tmp_path)
    assert results["id"].tolist() == ["a"]
    assert [(Path(p.file).name, p.message) for p in problems] == [
        ("dir.yaml", "is a folder, not a claims file; it is not read"),
        ("fifo.csv", "is not a regular file (a pipe or a device)"),
        ("loop.yaml", "is a link to nothing (broken, or a loop of links)"),
        ("zero.yaml", "is not a regular file (a pipe or a device)"),
    ]


def test_an_indicator_the_library_does_not_compute_is_a_problem_with_records(
    tmp_path: Path,
) -> None:
    """A misspelt indicator had left its figure unverified, and the run passed."""
    from conftest import write_folder

    path = tmp_path / "c.yaml"
    path.write_text(
        "source: {id: s}\nclaims:\n  - {id: a, kind: share, quote: q, numerator: '133', "
        "denominator: '205', percent: '64.9', indicator: one_person_two_post_share}\n",
        encoding="utf-8",
    )
    dataset = pbm.read_dataset(write_folder(tmp_path / "records"))
    results, problems = check_claims_leniently(path, dataset)
    assert [(p.claim, p.key, p.message) for p in problems] == [
        ("a", "indicator", "no indicator 'one_person_two_post_share'")
    ]
    assert results["verdict"].tolist() == ["consistent"]  # the figures are still checked
    assert check_claims_leniently(path)[1] == []  # without records no indicator is looked up


def test_a_claims_file_in_two_encodings_says_where_it_changes(tmp_path: Path) -> None:
    """GBK rows and UTF-8 rows pasted into one file decode in neither: said as such, not
    as binary data."""
    head = "id,kind,quote,numerator,denominator,percent\n"
    gbk = "a,share,全市133个村,133,205,64.9\n".encode("gbk")
    utf8 = "b,share,全市188个村,188,205,91.7\n".encode()
    (tmp_path / "c.csv").write_bytes(head.encode() + gbk + utf8)
    _, problems = check_claims_leniently(tmp_path / "c.csv")
    assert [p.message for p in problems] == [
        "is in two encodings: GBK, and on line 3 UTF-8 (two files pasted into one?)"
    ]
