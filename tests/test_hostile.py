"""No input crashes the reader: the small county and a slice of the sample county,
corrupted at random in their cells, rows and files, read through the API and the
command line.

Each example ends in a Dataset whose rows add up, or in one InputError; the command
exits 0 (nothing quarantined), 1 (something quarantined) or 2 (unreadable), and never
prints a traceback.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import TABLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

import partybuild_metrics as pbm
from partybuild_metrics.cli import main

HOSTILE_CELLS = [
    "", " ", "#N/A", "#REF!", "#DIV/0!", "Err:502", "=HYPERLINK(\"http://x\",\"y\")",
    "=cmd|' /C calc'!A0", "+1+1", "-2", "@SUM(A1)", "\t=1", "\x1b[31m红\x1b[0m", "\u202e反转",
    "1e400", "-1e400", "nan", "None", "inf", "9" * 40, "-0", "2020年", "２０２０", "二〇二〇",
    "2.10283E+17", "21028319680506123X", "210283680506123", "小计", "合计", "'210283101201",
    '="210283101201"', "1983-09-01 00:00:00", "30560", "19685", "1968.13", "0000-00-00",
    "\n", "\r\n", '"', ",", ";", "a,b", "√", "×", "是否", "男女", "村" * 3000, "😀", "<b>x</b>",
    "{{7*7}}", "$x^2$", "%s%n", "../../etc/passwd",
]  # fmt: skip
"""Cells a clerk, a broken export or an attacker can produce."""

cells = st.one_of(st.sampled_from(HOSTILE_CELLS), st.text(max_size=30))


SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "zhuanghe.xlsx"
SLICE_ROWS = 8


def _sample_slice() -> dict[str, pd.DataFrame]:
    """The first rows of every sheet of the sample county's workbook, as its cells were."""
    book = CalamineWorkbook.from_path(str(SAMPLE))
    tables = {}
    for name in book.sheet_names:
        grid = book.get_sheet_by_name(name).to_python()
        header_at = 1 if len([c for c in grid[0] if c != ""]) == 1 else 0  # a title row
        header = [str(c) for c in grid[header_at]]
        rows = grid[header_at + 1 : header_at + 1 + SLICE_ROWS]
        tables[name] = pd.DataFrame(rows, columns=header, dtype=object)
    return tables


BASES = {"small county": TABLES, "sample slice": _sample_slice()}


@st.composite
def corrupted_county(draw: st.DrawFn) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    """The small county's tables, or the first rows of the sample's, with some cells, rows
    and columns corrupted."""
    base = BASES[draw(st.sampled_from(sorted(BASES)))]
    tables = {name: frame.copy().astype(object) for name, frame in base.items()}
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from(sorted(tables)))
        frame = tables[name]
        if frame.empty or frame.shape[1] == 0:
            continue
        row = draw(st.integers(0, len(frame) - 1))
        column = draw(st.integers(0, frame.shape[1] - 1))
        action = draw(
            st.sampled_from(["cell", "cell", "cell", "duplicate_row", "drop_row", "drop_column",
                             "repeat_column", "rename_column", "blank_row"])
        )  # fmt: skip
        if action == "cell":
            frame.iat[row, column] = draw(cells)
        elif action == "duplicate_row":
            frame = pd.concat([frame, frame.iloc[[row]]], ignore_index=True)
        elif action == "drop_row":
            frame = frame.drop(index=frame.index[row]).reset_index(drop=True)
        elif action == "drop_column":
            frame = frame.drop(columns=frame.columns[column])
        elif action == "repeat_column":
            copy = frame.iloc[:, column].copy()
            if draw(st.booleans()):
                copy.iloc[row] = draw(cells)
            frame = pd.concat([frame, copy.to_frame()], axis=1)
        elif action == "rename_column":
            frame = frame.set_axis(
                [draw(cells) if i == column else c for i, c in enumerate(frame.columns)], axis=1
            )
        else:
            blank = pd.DataFrame([[""] * frame.shape[1]], columns=frame.columns)
            frame = pd.concat([frame.iloc[:row], blank, frame.iloc[row:]], ignore_index=True)
        tables[name] = frame
    files = {
        "format": draw(st.sampled_from(["csv", "csv", "xlsx"])),
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"])),
        "title": draw(st.booleans()),
        "ragged": draw(st.none() | st.sampled_from(sorted(tables))),
        "damaged": draw(st.none() | st.sampled_from(sorted(tables))),
        "damage": draw(st.sampled_from(["truncate", "garbage", "empty"])),
        "cut": draw(st.floats(0.0, 1.0)),
    }
    return tables, files


def _write(folder: Path, tables: dict[str, pd.DataFrame], files: dict[str, object]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        if files["format"] == "xlsx":
            path = folder / f"{name}.xlsx"
            with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
                frame.to_excel(
                    writer, sheet_name=name, index=False, startrow=int(bool(files["title"]))
                )
        else:
            path = folder / f"{name}.csv"
            text = frame.to_csv(index=False)
            if files["title"]:
                text = f"{name}花名册\n" + text
            if files["ragged"] == name:
                lines = text.split("\n")
                lines.insert(min(3, len(lines)), "210283101201,多,出,的,字,段,,,,,,,,x")
                text = "\n".join(lines)
            path.write_bytes(text.encode(str(files["encoding"]), errors="replace"))
        if files["damaged"] == name:
            data = path.read_bytes()
            if files["damage"] == "truncate":
                data = data[: int(len(data) * float(str(files["cut"])))]
            elif files["damage"] == "garbage":
                data = bytes((i * 97 + 13) % 256 for i in range(512))
            else:
                data = b""
            path.write_bytes(data)
    return folder


def _rows_add_up(ds: pbm.Dataset) -> None:
    summary = ds.summary
    assert (summary["rows_read"] == summary["accepted"] + summary["quarantined"]).all()
    for row in summary.itertuples():
        assert len(ds[row.table]) == row.accepted


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(corrupted_county())
def test_no_input_crashes_the_reader_or_the_command(
    tmp_path_factory: object, county: tuple[dict[str, pd.DataFrame], dict[str, object]]
) -> None:
    tables, files = county
    folder = _write(tmp_path_factory.mktemp("county"), tables, files)  # type: ignore[attr-defined]
    try:
        ds = pbm.read_dataset(folder)
    except pbm.InputError as error:
        expected = 2
        assert "\n" not in str(error)
    else:
        _rows_add_up(ds)
        expected = 0 if ds.ok else 1
        assert ds.quarantine["row"].isna().sum() <= len(ds.summary)  # whole files only
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate", str(folder), "--quarantine", str(folder / "_q.csv")])
    assert code == expected
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert "\x1b" not in out.getvalue() + err.getvalue()


VILLAGE_COLUMNS = {
    "village_code": ["210283101201", "210283101202"],
    "year": [2020, 2020],
    "name": ["东山村", "西河村"],
}


@pytest.mark.parametrize(
    ("column", "values", "rules"),
    [
        ("village_code", [210283101201, 210283101202], []),  # codes stored as numbers
        ("year", ["2020", "2020年"], []),
        ("year", [2020.0, float("nan")], ["missing_value"]),
        ("year", [2**62, -5], ["too_large", "too_small"]),
        ("year", [True, False], ["bad_integer", "bad_integer"]),
        ("name", [["东山村"], ["西河村"]], ["compound_cell", "compound_cell"]),
        ("name", [{"名": "东山村"}, None], ["compound_cell", "missing_value"]),
        ("name", [b"\xe4\xb8\x9c", b"\xff\x00"], []),  # bytes: decoded, the broken one visibly
        ("weak_lax", [pd.Timestamp("2020-01-01", tz="UTC"), None], ["bad_boolean"]),
        ("weak_lax", [np.datetime64("9999-12-31", "s"), None], ["bad_boolean"]),
    ],
)
def test_typed_columns_of_any_kind_are_read_or_quarantined(
    tmp_path: Path, column: str, values: list[object], rules: list[str]
) -> None:
    frame = pd.DataFrame({**VILLAGE_COLUMNS, column: values})
    for ds in (
        pbm.read_frames({"villages": frame}),
        pbm.read_dataset(_parquet(tmp_path, frame)),
    ):
        assert ds.quarantine["rule"].tolist() == rules
        _rows_add_up(ds)


def _parquet(folder: Path, frame: pd.DataFrame) -> Path:
    frame.to_parquet(folder / "villages.parquet")
    return folder


@pytest.mark.parametrize("in_engine", [True, False])
def test_parquet_text_that_is_not_utf8_is_refused_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_engine: bool
) -> None:
    """Parquet's writers do not check text: bytes that are not UTF-8 get one clear error
    (exit 2 from the command), from the engine's path and from pandas'."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from partybuild_metrics.records import dataset as dataset_module

    names = [b"\xe5\xbc\xa0\xe5\xba\x84", b"\xff\xfe\xe6\x9d\x91"]  # 张庄, then broken bytes
    frame = pd.DataFrame(VILLAGE_COLUMNS)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.set_column(
        table.schema.get_field_index("name"), "name", pa.array(names, pa.binary()).view(pa.string())
    )
    pq.write_table(table, tmp_path / "villages.parquet")
    monkeypatch.setattr(dataset_module, "IN_ENGINE", in_engine)
    with pytest.raises(pbm.InputError, match=r"villages\.parquet.*(UTF-8|UTF8)"):
        pbm.read_dataset(tmp_path)
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        assert main(["validate", str(tmp_path)]) == 2
    assert "villages.parquet" in err.getvalue() and "Traceback" not in err.getvalue()


def test_a_damaged_column_that_validation_never_reads_is_refused_by_compute(
    tmp_path: Path,
) -> None:
    """Validation reads the columns it has doubts about; a page of another one that does
    not decode is found when the indicators read it: one error naming the file, exit 2."""
    import shutil

    import pyarrow.parquet as pq

    folder = tmp_path / "county"
    shutil.copytree(Path(__file__).parent.parent / "data/sample/parquet", folder)
    path = folder / "villages.parquet"
    meta = pq.ParquetFile(path).metadata.row_group(0)
    column = next(
        meta.column(i)
        for i in range(meta.num_columns)
        if meta.column(i).path_in_schema == "industry_project"
    )
    start = column.dictionary_page_offset or column.data_page_offset
    data = bytearray(path.read_bytes())
    data[start : start + column.total_compressed_size] = b"\xab" * column.total_compressed_size
    path.write_bytes(bytes(data))
    dataset = pbm.read_dataset(folder)
    with pytest.raises(pbm.InputError, match=r"villages\.parquet: cannot be read as Parquet"):
        pbm.compute(dataset, years=2020)
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        assert main(["compute", str(folder), "--level", "county", "--year", "2020"]) == 2
    assert "villages.parquet" in err.getvalue() and "Traceback" not in err.getvalue()


@pytest.mark.parametrize("in_engine", [True, False])
def test_parquet_as_other_writers_leave_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_engine: bool
) -> None:
    """Dates as moments in a time zone are the dates they are in China; the pandas types a
    writer stored are not held against a column rewritten since (是/否 for yes/no)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from partybuild_metrics.records import dataset as dataset_module

    monkeypatch.setattr(dataset_module, "IN_ENGINE", in_engine)
    frame = pd.DataFrame({**VILLAGE_COLUMNS, "weak_lax": [True, False]})
    table = pa.Table.from_pandas(frame, preserve_index=False)  # with pandas' metadata
    column = table.schema.get_field_index("weak_lax")
    rewritten = ["是" if v else "否" for v in table.column(column).to_pylist()]
    table = table.set_column(column, "weak_lax", pa.array(rewritten))
    pq.write_table(table, tmp_path / "villages.parquet")
    read = pbm.read_dataset(tmp_path)
    assert read.quarantine.empty
    assert read.villages["weak_lax"].tolist() == frame["weak_lax"].tolist()

    moments = pd.Series(pd.to_datetime(["2020-03-01 00:30", "2021-07-01 08:00"]))
    secretaries = pa.table(
        {
            "person_id": ["P1", "P2"],
            "village_code": [VILLAGE_COLUMNS["village_code"][0]] * 2,
            "dispatching_unit": ["县委组织部", "县委组织部"],
            "start_date": pa.array(moments.dt.tz_localize("Asia/Shanghai")).cast(
                pa.timestamp("us", tz="UTC")
            ),
        }
    )
    pq.write_table(secretaries, tmp_path / "first_secretaries.parquet")
    read = pbm.read_dataset(tmp_path)
    starts = read.first_secretaries["start_date"].dt.strftime("%F").tolist()
    assert starts == ["2020-03-01", "2021-07-01"]  # 2020-02-29 16:30 UTC is 1 March in China
