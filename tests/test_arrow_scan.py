"""Arrow's answers about a Parquet file's rows against the engine's and Python's."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from partybuild_metrics.records import columnar
from partybuild_metrics.records.arrow_scan import SPACES, KeyColumn, scan_parquet

CODES = st.one_of(
    st.none(),
    st.sampled_from(
        ["H1", "H9", "H10", "H11", "A10", "航1", "12", "123", "1234", "１２", "1 2", ""]
    ),
)
YEARS = st.one_of(st.none(), st.integers(2018, 2021))
NAMES = st.one_of(
    st.none(),
    st.text(
        st.sampled_from(["a", "张", " ", "\t", "\u3000", "\u00a0", "\ufeff", "\u0301", "x"]),
        max_size=4,
    ),
)


def _sort_key(order: str):  # type: ignore[no-untyped-def]
    def text(value: str | None) -> tuple[int, int, bytes]:
        if value is None:
            return (0, 0, b"")
        return (1, len(value.encode()), value.encode())

    def year(value: int | None) -> tuple[int, int]:
        return (0, 0) if value is None else (1, value)

    if order == "code, year":
        return lambda row: (text(row[0]), year(row[1]))
    return lambda row: (year(row[1]), text(row[0]))


def _write(rows: list[tuple[str | None, int | None, str | None]], folder: str) -> str:
    path = str(Path(folder) / "rows.parquet")
    table = pa.table(
        {
            "village_code": pa.array([r[0] for r in rows], pa.string()),
            "year": pa.array([r[1] for r in rows], pa.int64()),
            "name": pa.array([r[2] for r in rows], pa.string()),
        }
    )
    pq.write_table(table, path, row_group_size=4)
    return path


def _engine_rising(path: str, key: list[str]) -> bool:
    con = duckdb.connect()
    try:
        sql = (
            f"SELECT file_row_number AS pos, * FROM read_parquet('{path}', file_row_number = true)"
        )
        return columnar._rising(con, "villages", sql, key)
    finally:
        con.close()


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(CODES, YEARS, NAMES), min_size=1, max_size=14),
    order=st.sampled_from(["as drawn", "code, year", "year, code"]),
    unique=st.booleans(),
    batch_rows=st.integers(1, 5),
)
def test_rising_keys_trailing_spaces_and_codes_as_the_engine_and_python_find_them(
    rows: list[tuple[str | None, int | None, str | None]],
    order: str,
    unique: bool,
    batch_rows: int,
) -> None:
    if order != "as drawn":
        rows = sorted(rows, key=_sort_key(order))
    if unique:
        rows = list({(r[0], r[1]): r for r in rows}.values())
    with tempfile.TemporaryDirectory() as folder:
        path = _write(rows, folder)
        two = [KeyColumn("village_code", text=True), KeyColumn("year", text=False)]
        codes = {"village_code": (2, 3)}
        found = scan_parquet(path, 7, ["name"], two, codes, batch_rows=batch_rows)
        assert found.rising == _engine_rising(path, ["village_code", "year"])
        one = scan_parquet(path, 0, [], [KeyColumn("year", text=False)], batch_rows=batch_rows)
        assert one.rising == _engine_rising(path, ["year"])
    spaces = {chr(point) for point in SPACES}
    expected = [
        7 + i
        for i, row in enumerate(rows)
        if (row[2] and row[2][-1] in spaces)
        or (row[0] is not None and not re.fullmatch("[0-9]{2,3}", row[0]))
    ]
    assert found.doubtful.tolist() == expected


def test_rows_in_rising_order_of_either_column_first_prove_the_key_unique() -> None:
    rows: list[tuple[str | None, int | None, str | None]] = [
        ("H9", 2019, "a"), ("H10", 2019, "b"), ("H9", 2020, "c"), ("H10", 2020, "d"),
    ]  # fmt: skip
    key = [KeyColumn("village_code", text=True), KeyColumn("year", text=False)]
    with tempfile.TemporaryDirectory() as folder:
        path = _write(rows, folder)
        assert scan_parquet(path, 0, [], key, batch_rows=3).rising is True  # by year, then code
        path = _write([*rows, ("H10", 2020, "e")], folder)  # a repeat
        assert scan_parquet(path, 0, [], key, batch_rows=3).rising is False
        path = _write([(None, 2019, "a"), ("H1", 2019, "b")], folder)  # a blank first key
        assert scan_parquet(path, 0, [], key).rising is False


def test_a_name_ending_in_an_ideographic_space_is_found_wherever_its_batch_starts() -> None:
    rows: list[tuple[str | None, int | None, str | None]] = [
        ("H1", 2020, "张三"), ("H2", 2020, "李四\u3000"), ("H3", 2020, None), ("H4", 2020, "王 五"),
        ("H5", 2020, "赵六\t"),
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = _write(rows, folder)
        for batch_rows in (1, 2, 5):
            found = scan_parquet(path, 100, ["name"], None, batch_rows=batch_rows)
            assert found.doubtful.tolist() == [101, 104]
            assert found.rising is None
