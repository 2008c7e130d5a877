"""Parquet validated in the engine gives the Dataset the pandas path gives: the same
accepted frames, the same quarantine (file, Parquet row, column, rule, message)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partybuild_metrics as pbm
from partybuild_metrics.records import dataset as dataset_module

CODES = ["210283101201", "210283101202", "210283102201"]


def _tables() -> dict[str, pd.DataFrame]:
    """A small clean county, typed as a program writes Parquet."""
    return {
        "divisions": pd.DataFrame(
            {
                "code": ["21", "2102", "210283", "210283101", "210283102", *CODES],
                "name": [
                    "辽宁省",
                    "大连市",
                    "庄河市",
                    "青松镇",
                    "兴达镇",
                    "东山村",
                    "西河村",
                    "南山村",
                ],
                "level": ["province", "city", "county", "township", "township", *["village"] * 3],
            }
        ),
        "villages": pd.DataFrame(
            {
                "village_code": CODES * 2,
                "year": [2019] * 3 + [2020] * 3,
                "name": ["东山村", "西河村", "南山村"] * 2,
                "registered_poor": [True, False, True] * 2,
                "low_income": [True, False, True] * 2,
                "delisted": [False, False, True] * 2,
                "weak_lax": [True, False, False] * 2,
                "weak_lax_rectified": [True, False, False] * 2,
            }
        ),
        "cadres": pd.DataFrame(
            {
                "person_id": ["A1", "A2", "B1", "C1"],
                "village_code": [CODES[0], CODES[0], CODES[1], CODES[2]],
                "year": [2020] * 4,
                "name": ["张三", "李四", "王五", "赵六"],
                "sex": ["男", "女", "男", "男"],
                "birth_date": pd.to_datetime(
                    ["1968-05-01", "1975-11-01", "1980-03-01", "1960-01-01"]
                ),
                "education": ["本科", "高中", "大专", "初中"],
                "party_member": [True, False, True, True],
                "secretary": [True, False, True, True],
                "director": [True, False, False, True],
            }
        ),
        "collective_income": pd.DataFrame(
            {
                "village_code": CODES * 2,
                "year": [2019] * 3 + [2020] * 3,
                "income_yuan": [0.0, 37000.0, 120000.5] * 2,
            }
        ),
        "poverty_households": pd.DataFrame(
            {
                "household_id": ["H1", "H2", "H3", "H4", "H10"],
                "village_code": [CODES[0], CODES[0], CODES[2], CODES[2], CODES[2]],
                "persons": [3, 2, 4, 1, 5],
                "registered_year": [2014, 2014, 2015, 2016, 2016],
                "exit_year": pd.array([2016, None, 2018, 2019, None], dtype="Int64"),
            }
        ),
        "first_secretaries": pd.DataFrame(
            {
                "person_id": ["F1", "F2"],
                "village_code": [CODES[0], CODES[2]],
                "start_date": pd.to_datetime(["2018-05-01", "2019-01-01"]),
                "end_date": pd.to_datetime(["2020-03-31", None]),
            }
        ),
        "spot_checks": pd.DataFrame(
            {
                "person_id": ["F1", "F2"],
                "date": pd.to_datetime(["2020-01-05", "2020-02-05"]),
                "present": [True, False],
            }
        ),
    }


Damage = Callable[[dict[str, pd.DataFrame]], None]


def _cell(table: str, column: str, row: int, value: object) -> Damage:
    def damage(tables: dict[str, pd.DataFrame]) -> None:
        frame = tables[table]
        if isinstance(frame[column].dtype, pd.Int64Dtype) or value is None:
            frame[column] = frame[column].astype(object)
        frame.loc[row, column] = value
        all_text = frame[column].dtype == object and all(
            isinstance(v, str) or v is None for v in frame[column]
        )
        if isinstance(value, str) or all_text:
            return
        frame[column] = pd.array(frame[column].tolist(), dtype=_dtype(frame[column]))

    return damage


def _dtype(values: pd.Series) -> str:
    found = [v for v in values if v is not None and not (isinstance(v, float) and np.isnan(v))]
    if all(isinstance(v, bool | np.bool_) for v in found):
        return "boolean"
    if all(isinstance(v, int | np.integer) for v in found):
        return "Int64"
    if all(isinstance(v, pd.Timestamp) for v in found):
        return "datetime64[ns]"
    return "Float64"


def _repeat(table: str, row: int) -> Damage:
    def damage(tables: dict[str, pd.DataFrame]) -> None:
        frame = tables[table]
        tables[table] = pd.concat([frame, frame.iloc[[row]]], ignore_index=True)

    return damage


DAMAGES: dict[str, Damage] = {
    "id padded": _cell("poverty_households", "household_id", 1, " H1"),
    "id trailing ideographic space": _cell("poverty_households", "household_id", 2, "H3\u3000"),
    "id blank": _cell("poverty_households", "household_id", 3, "   "),
    "id missing": _cell("poverty_households", "household_id", 0, None),
    "id excel error": _cell("poverty_households", "household_id", 4, "#N/A"),
    "household repeated": _repeat("poverty_households", 1),
    "code short": _cell("poverty_households", "village_code", 1, "21028310120"),
    "code full-width": _cell("poverty_households", "village_code", 0, "２１０２８３１０１２０１"),
    "code unknown": _cell("poverty_households", "village_code", 4, "210283101299"),
    "persons zero": _cell("poverty_households", "persons", 2, 0),
    "registered far past": _cell("poverty_households", "registered_year", 1, 1900),
    "exit before registration": _cell("poverty_households", "exit_year", 0, 2013),
    "person id in scientific notation": _cell("cadres", "person_id", 1, "2.10283E+17"),
    "cadre year without village": _cell("cadres", "year", 2, 2018),
    "education alias": _cell("cadres", "education", 0, "大学本科"),
    "education unknown": _cell("cadres", "education", 1, "党校"),
    "sex as letter": _cell("cadres", "sex", 3, "F"),
    "birth in future": _cell("cadres", "birth_date", 0, pd.Timestamp("2099-01-01")),
    "birth with time": _cell("cadres", "birth_date", 1, pd.Timestamp("1975-11-01 08:30")),
    "two secretaries": _cell("cadres", "secretary", 1, True),
    "post blank": _cell("cadres", "director", 2, None),
    "cadre repeated": _repeat("cadres", 0),
    "village year missing": _cell("villages", "year", 4, None),
    "village name total": _cell("villages", "name", 5, "合计"),
    "village code blank, total row": _cell("villages", "village_code", 2, None),
    "delisted not poor": _cell("villages", "low_income", 2, False),
    "village repeated": _repeat("villages", 0),
    "income negative": _cell("collective_income", "income_yuan", 0, -1.0),
    "income not a number": _cell("collective_income", "income_yuan", 1, float("nan")),
    "income infinite": _cell("collective_income", "income_yuan", 2, float("inf")),
    "income with fen to round": _cell("collective_income", "income_yuan", 3, 12345.678),
    "income repeated": _repeat("collective_income", 4),
    "income code with a letter": _cell("collective_income", "village_code", 1, "21028310120O"),
    "income code full-width": _cell(
        "collective_income", "village_code", 3, "２１０２８３１０１２０１"
    ),
    "cadre code short": _cell("cadres", "village_code", 2, "2102831012"),
    "cadre code padded": _cell("cadres", "village_code", 0, " 210283101201"),
    "division code with a letter": _cell("divisions", "code", 1, "21O2"),
    "division padded": _cell("divisions", "code", 2, "210283000000"),
    "division level unknown": _cell("divisions", "level", 3, "片区"),
    "term ends before start": _cell("first_secretaries", "end_date", 1, pd.Timestamp("2017-01-01")),
    "check of nobody": _cell("spot_checks", "person_id", 1, "F9"),
}


HARMLESS = {
    "code full-width", "income code full-width", "cadre code padded", "education alias", "sex as letter", "birth with time",
    "income with fen to round", "division padded", "id trailing ideographic space",
}  # fmt: skip
# "village name total" (a village named 合计) is a subtotal row, quarantined in both
"""Damage a parser repairs, or that breaks no rule: the rows are accepted as read."""


def _write(folder: Path, tables: dict[str, pd.DataFrame]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
        pq.write_table(arrow, folder / f"{name}.parquet")
    return folder


def _both(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[pbm.Dataset, pbm.Dataset]:
    in_engine = pbm.read_dataset(folder)
    with monkeypatch.context() as patch:
        patch.setattr(dataset_module, "IN_ENGINE", False)
        in_pandas = pbm.read_dataset(folder)
    return in_engine, in_pandas


def assert_same(in_engine: pbm.Dataset, in_pandas: pbm.Dataset) -> None:
    pd.testing.assert_frame_equal(in_engine.quarantine, in_pandas.quarantine)
    pd.testing.assert_frame_equal(in_engine.summary, in_pandas.summary)
    for table in in_pandas:
        pd.testing.assert_frame_equal(in_engine[table], in_pandas[table], obj=table)
    assert in_engine.notes == in_pandas.notes


def test_clean_county_is_validated_in_the_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_engine, in_pandas = _both(_write(tmp_path, _tables()), monkeypatch)
    assert in_engine.ok and in_engine.columnar("poverty_households") is not None
    assert in_pandas.columnar("poverty_households") is None
    assert_same(in_engine, in_pandas)


@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_each_kind_of_damage_is_found_as_in_pandas(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = _tables()
    DAMAGES[name](tables)
    in_engine, in_pandas = _both(_write(tmp_path, tables), monkeypatch)
    assert in_pandas.ok == (name in HARMLESS)
    assert_same(in_engine, in_pandas)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(st.sampled_from(sorted(DAMAGES)), max_size=6, unique=True))
def test_any_damage_is_found_as_in_pandas(
    names: list[str], tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = _tables()
    for name in names:
        DAMAGES[name](tables)
    folder = _write(tmp_path_factory.mktemp("county"), tables)
    assert_same(*_both(folder, monkeypatch))


def test_files_arrow_cannot_scan_are_checked_by_the_engine_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose rows Arrow cannot read: DuckDB finds the last characters, the codes
    and whether the keys rise itself, and finds what pandas finds."""
    from partybuild_metrics.records import columnar

    def unreadable(*args: object, **kwargs: object) -> None:
        raise pa.ArrowInvalid("a page Arrow cannot decode")

    tables = _tables()
    for name in ("id trailing ideographic space", "income code with a letter", "cadre repeated"):
        DAMAGES[name](tables)
    folder = _write(tmp_path, tables)
    with monkeypatch.context() as patch:
        patch.setattr(columnar, "scan_parquet", unreadable)
        in_engine, in_pandas = _both(folder, monkeypatch)
    assert sorted(set(in_engine.quarantine["rule"])) == ["bad_code", "duplicate"]
    assert_same(in_engine, in_pandas)


def test_indicators_from_the_files_equal_those_from_pandas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = _tables()
    for name in ("education alias", "income with fen to round", "household repeated"):
        DAMAGES[name](tables)
    in_engine, in_pandas = _both(_write(tmp_path, tables), monkeypatch)
    from_files = pbm.compute(in_engine, level="all", progress=False)
    from_frames = pbm.compute(in_pandas, level="all", progress=False)
    pd.testing.assert_frame_equal(pd.DataFrame(from_files), pd.DataFrame(from_frames))
