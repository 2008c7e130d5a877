"""read_dataset on clerks' files: each problem named by file, row and column; nothing lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from conftest import CADRES, DIVISIONS, INCOME, VILLAGES, write_folder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partybuild_metrics as pbm

County = Callable[..., Path]


def only_problem(ds: pbm.Dataset) -> dict[str, object]:
    assert len(ds.quarantine) == 1, ds.quarantine.to_string()
    record: dict[str, object] = ds.quarantine.iloc[0].to_dict()
    return record


def assert_rows_add_up(ds: pbm.Dataset) -> None:
    summary = ds.summary
    assert (summary["rows_read"] == summary["accepted"] + summary["quarantined"]).all()
    for row in summary.itertuples():
        assert len(ds[row.table]) == row.accepted


def test_clean_county_is_read_whole(county: County) -> None:
    ds = pbm.read_dataset(county())
    assert ds.ok
    assert ds.summary.set_index("table").loc["cadres", "accepted"] == 4
    cadres = ds.cadres.set_index("person_id")
    assert cadres.loc["A1", ["secretary", "director"]].tolist() == [True, True]
    assert cadres.loc["B1", ["secretary", "director"]].tolist() == [True, False]
    assert cadres.loc["B2", "birth_date"] == pd.Timestamp("1960-01-01")
    assert cadres.loc["A2", "education"] == "高中"
    assert not cadres.loc["A2", "party_member"]
    assert cadres.loc["B1", "party_member"]  # 中共预备党员
    income = ds.collective_income.set_index("village_code")["income_yuan"]
    assert income.to_dict() == {"210283101201": 37_000.0, "210283101202": 0.0}
    assert ds.villages["weak_lax_rectified"].tolist() == [True, False]
    assert ds.divisions["level"].tolist()[:3] == ["province", "city", "county"]
    assert_rows_add_up(ds)


def test_missing_required_column_rejects_the_file_and_names_the_column(county: County) -> None:
    ds = pbm.read_dataset(county(村集体经济收入=INCOME.drop(columns=["年度"])))
    problem = only_problem(ds)
    assert problem["rule"] == "missing_column"
    assert str(problem["file"]).endswith("村集体经济收入.csv")
    assert problem["column"] == "年度"
    assert pd.isna(problem["row"])
    assert "年度" in str(problem["message_en"]) and "年份" in str(problem["message_en"])
    assert ds.summary.set_index("table").loc["collective_income", "quarantined"] == 2
    assert_rows_add_up(ds)


def test_wrong_type_names_row_and_column(county: County) -> None:
    bad = INCOME.copy()
    bad.loc[1, "集体经济收入(万元)"] = "三万"
    problem = only_problem(pbm.read_dataset(county(村集体经济收入=bad)))
    assert (problem["row"], problem["column"], problem["rule"]) == (
        3,
        "集体经济收入(万元)",
        "bad_number",
    )
    assert problem["value"] == "三万"
    assert "三万" in str(problem["message_zh"])


def test_duplicate_village_code_quarantines_every_copy(county: County) -> None:
    doubled = pd.concat([VILLAGES, VILLAGES.iloc[[0]]], ignore_index=True)
    ds = pbm.read_dataset(county(村基本情况=doubled))
    village_rows = ds.quarantine[ds.quarantine["table"] == "villages"]
    assert village_rows["row"].tolist() == [2, 4]
    assert set(village_rows["rule"]) == {"duplicate"}
    assert "210283101201" in village_rows["message_en"].iloc[0]
    # the village's cadres and income now point to no accepted village, and say so
    cascaded = ds.quarantine[ds.quarantine["table"] != "villages"]
    assert set(cascaded["rule"]) == {"unknown_village"}
    assert_rows_add_up(ds)


def test_cadre_pointing_to_no_village(county: County) -> None:
    stray = CADRES.copy()
    stray.loc[3, "所在村代码"] = "210283101299"
    problem = only_problem(pbm.read_dataset(county(村两委成员=stray)))
    assert (problem["row"], problem["column"], problem["rule"]) == (
        5,
        "所在村代码",
        "unknown_village",
    )
    assert "2020" in str(problem["message_en"])


def test_doubled_posts_found_each_in_its_own_village(county: County) -> None:
    posts = CADRES.copy()
    posts.loc[1, "职务"] = "党支部书记"  # two secretaries in 201, one of them its director
    posts.loc[2, "职务"] = "党总支书记、村委会主任"  # two directors in 202
    ds = pbm.read_dataset(county(村两委成员=posts))
    found = sorted(zip(ds.quarantine["row"], ds.quarantine["rule"], strict=True))
    assert found == [
        (2, "two_secretaries"), (3, "two_secretaries"), (4, "two_directors"), (5, "two_directors"),
    ]  # fmt: skip
    assert ds.cadres.empty


def test_two_secretaries_in_one_village(county: County) -> None:
    two = CADRES.copy()
    two.loc[1, "职务"] = "党支部书记"
    ds = pbm.read_dataset(county(村两委成员=two))
    assert ds.quarantine["rule"].tolist() == ["two_secretaries", "two_secretaries"]
    assert ds.quarantine["row"].tolist() == [2, 3]
    assert ds.quarantine["column"].tolist() == ["职务", "职务"]
    assert len(ds.cadres) == 2
    assert_rows_add_up(ds)


def test_birth_date_in_future(county: County) -> None:
    future = CADRES.copy()
    future.loc[0, "出生年月"] = "2099.01"
    problem = only_problem(pbm.read_dataset(county(村两委成员=future)))
    assert (problem["row"], problem["column"], problem["rule"]) == (
        2,
        "出生年月",
        "birth_date_in_future",
    )


def test_negative_income(county: County) -> None:
    negative = INCOME.copy()
    negative.loc[0, "集体经济收入(万元)"] = "-2"
    problem = only_problem(pbm.read_dataset(county(村集体经济收入=negative)))
    assert (problem["row"], problem["column"], problem["rule"]) == (
        2,
        "集体经济收入(万元)",
        "too_small",
    )
    assert "-20000" in str(problem["value"])


def test_unknown_education_label(county: County) -> None:
    odd = CADRES.copy()
    odd.loc[2, "学历"] = "党校"
    problem = only_problem(pbm.read_dataset(county(村两委成员=odd)))
    assert (problem["row"], problem["column"], problem["rule"], problem["value"]) == (
        4, "学历", "unknown_education", "党校",
    )  # fmt: skip
    assert "大专" in str(problem["message_zh"])


def test_blank_education_is_accepted_as_unknown(county: County) -> None:
    blank = CADRES.copy()
    blank.loc[2, "学历"] = ""
    ds = pbm.read_dataset(county(村两委成员=blank))
    assert ds.ok
    assert ds.cadres["education"].isna().sum() == 1


def test_empty_file_is_reported(county: County) -> None:
    folder = county()
    (folder / "村集体经济收入.csv").write_bytes(b"")
    problem = only_problem(pbm.read_dataset(folder))
    assert problem["rule"] == "empty_file"
    assert str(problem["file"]).endswith("村集体经济收入.csv")


def test_gbk_csv_reads_like_utf8(county: County) -> None:
    gbk = pbm.read_dataset(county(encoding="gbk"))
    assert (county(encoding="gbk") / "村两委成员.csv").read_bytes()[:4] == "人员".encode("gbk")
    utf8 = pbm.read_dataset(county(encoding="utf-8-sig"))
    for table in gbk:
        pd.testing.assert_frame_equal(gbk[table], utf8[table])
    assert gbk.cadres["name"].tolist() == ["张三", "李四", "王五", "赵六"]


def test_workbook_lacking_villages_sheet_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "county.xlsx"
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        CADRES.to_excel(writer, sheet_name="村两委成员", index=False)
    with pytest.raises(pbm.InputError, match=r"county\.xlsx: no villages \(村基本情况\) table"):
        pbm.read_dataset(path)


def test_workbook_lacking_an_optional_sheet_says_so(tmp_path: Path) -> None:
    path = tmp_path / "county.xlsx"
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        VILLAGES.to_excel(writer, sheet_name="村基本情况", index=False)
    ds = pbm.read_dataset(path)
    assert ds.ok and len(ds.villages) == 2
    assert any("cadres (村两委成员) not found" in note for note in ds.notes)
    assert ds.cadres.empty and "education" in ds.cadres.columns


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04truncated"])
def test_non_excel_file_named_xlsx(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "村基本情况.xlsx"
    path.write_bytes(content)
    with pytest.raises(pbm.InputError, match=r"村基本情况\.xlsx: is not a readable Excel workbook"):
        pbm.read_dataset(path)


def test_truncated_real_workbook(tmp_path: Path, sample_workbook: Path) -> None:
    path = tmp_path / "cut.xlsx"
    path.write_bytes(sample_workbook.read_bytes()[:5000])
    with pytest.raises(pbm.InputError, match="Fix: the file may be truncated"):
        pbm.read_dataset(path)


def test_title_row_above_header_and_excel_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "county.xlsx"
    villages = VILLAGES.copy()
    villages.loc[1, "是否软弱涣散"] = "也许"
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        villages.to_excel(writer, sheet_name="村基本情况", index=False, startrow=2)
        writer.sheets["村基本情况"].write(0, 0, "庄河市村基本情况表")
    problem = only_problem(pbm.read_dataset(path))
    # title in row 1, blank row 2, header row 3, data rows 4 and 5
    assert (problem["row"], problem["column"], problem["rule"]) == (
        5,
        "是否软弱涣散",
        "bad_boolean",
    )
    assert problem["file"] == f"{path}[村基本情况]"


def test_excel_numeric_codes_restored_and_short_codes_rejected(tmp_path: Path) -> None:
    path = tmp_path / "county.xlsx"
    villages = VILLAGES.copy().astype(object)
    villages.loc[0, "统计用区划代码"] = 210283101201  # Excel keeps it as a number
    villages.loc[1, "统计用区划代码"] = "21028310122"  # lost a digit
    with pd.ExcelWriter(path, engine="xlsxwriter") as writer:
        villages.to_excel(writer, sheet_name="村基本情况", index=False)
    ds = pbm.read_dataset(path)
    assert ds.villages["village_code"].tolist() == ["210283101201"]
    problem = only_problem(ds)
    assert (problem["row"], problem["rule"], problem["value"]) == (3, "bad_code", "21028310122")
    assert "12" in str(problem["message_en"])


def test_division_prefix_must_exist(county: County) -> None:
    odd = VILLAGES.copy()
    odd.loc[1, "统计用区划代码"] = "210283102201"
    ds = pbm.read_dataset(county(村基本情况=odd))
    village_problems = ds.quarantine[ds.quarantine["table"] == "villages"]
    assert village_problems["rule"].tolist() == ["unknown_division"]
    assert "210283102" in village_problems["message_en"].iloc[0]


def test_division_prefix_reported_once_for_the_highest_missing_division(county: County) -> None:
    odd = VILLAGES.copy()
    odd.loc[1, "统计用区划代码"] = "219999999901"  # 21 exists; 2199, 219999, 219999999 do not
    ds = pbm.read_dataset(county(村基本情况=odd))
    village_problems = ds.quarantine[ds.quarantine["table"] == "villages"]
    assert village_problems["rule"].tolist() == ["unknown_division"]
    assert (
        village_problems["message_en"]
        .iloc[0]
        .endswith("its higher division 2199 is not in the divisions table")
    )


def test_strict_mode_lists_every_problem(county: County) -> None:
    odd = CADRES.copy()
    odd.loc[0, "学历"] = "党校"
    odd.loc[3, "出生年月"] = "明年"
    with pytest.raises(pbm.ValidationError) as caught:
        pbm.read_dataset(county(村两委成员=odd), strict=True)
    text = str(caught.value)
    assert caught.value.problem_count == 2
    assert "row 2, column 学历" in text and "row 5, column 出生年月" in text


def test_parquet_round_trip_gives_identical_frames(county: County, tmp_path: Path) -> None:
    ds = pbm.read_dataset(county())
    ds.to_parquet(tmp_path / "out")
    back = pbm.Dataset.from_parquet(tmp_path / "out")
    for table in ds:
        pd.testing.assert_frame_equal(ds[table], back[table])
    pd.testing.assert_frame_equal(ds.quarantine, back.quarantine)


def test_sample_workbook_and_parquet_agree(sample_workbook: Path) -> None:
    workbook = pbm.read_dataset(sample_workbook)
    parquet = pbm.read_dataset(sample_workbook.parent / "parquet")
    assert workbook.ok and parquet.ok
    for table in workbook:
        pd.testing.assert_frame_equal(workbook[table], parquet[table])


_CORRUPTIONS = {
    "学历": "党校",
    "出生年月": "未知",
    "所在村代码": "123",
    "职务": "会计",
    "政治面貌": "不详",
    "年度": "二〇二〇",
}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(sorted(_CORRUPTIONS))), max_size=8))
def test_nothing_is_lost_whatever_is_broken(
    tmp_path_factory: pytest.TempPathFactory, damage: list[tuple[int, str]]
) -> None:
    """Rows read = accepted + quarantined, and every broken row is named, whatever breaks."""
    cadres = CADRES.copy()
    for row, column in damage:
        cadres.loc[row, column] = _CORRUPTIONS[column]
    tables = {"区划": DIVISIONS, "村基本情况": VILLAGES, "村两委成员": cadres}
    ds = pbm.read_dataset(write_folder(tmp_path_factory.mktemp("c"), tables))
    assert_rows_add_up(ds)
    broken_rows = {row + 2 for row, _ in damage}
    assert set(ds.quarantine.loc[ds.quarantine["table"] == "cadres", "row"]) >= broken_rows


def test_duplicate_household_ids_are_all_quarantined(county: County) -> None:
    households = pd.DataFrame(
        {"户编号": ["H1", "H2", "H1"], "所在村代码": ["210283101201"] * 3, "家庭人口数": ["3", "2", "4"],
         "识别年度": ["2014"] * 3, "脱贫年度": ["2016", "", "2018"]}
    )  # fmt: skip
    ds = pbm.read_dataset(county(建档立卡贫困户=households))
    assert ds.quarantine["row"].tolist() == [2, 4]
    assert set(ds.quarantine["rule"]) == {"duplicate"}
    assert ds.poverty_households["household_id"].tolist() == ["H2"]


def test_rules_after_a_rejection_see_only_the_rows_still_accepted(county: County) -> None:
    """The cadres' keys, found when they were parsed, are found again once the two
    secretaries are rejected: the stray cadre is still named by its own row."""
    cadres = CADRES.copy()
    cadres.loc[1, "职务"] = "党支部书记"
    cadres.loc[3, "所在村代码"] = "210283101299"
    ds = pbm.read_dataset(county(村两委成员=cadres))
    found = ds.quarantine[["row", "rule", "value"]].itertuples(index=False, name=None)
    assert sorted(found) == [
        (2, "two_secretaries", "210283101201"),
        (3, "two_secretaries", "210283101201"),
        (5, "unknown_village", "210283101299"),
    ]
    assert ds.cadres["person_id"].tolist() == ["B1"]


def test_exit_years_out_of_range_or_before_registration(county: County) -> None:
    """A blank exit year (not exited) passes every check; a blank registration is missing."""
    households = pd.DataFrame(
        {"户编号": ["H1", "H2", "H3", "H4", "H5", "H6"], "所在村代码": ["210283101201"] * 6,
         "家庭人口数": ["3"] * 6, "识别年度": ["2014", "2014", "2014", "2016", "", "2014"],
         "脱贫年度": ["", "1900", "2200", "2015", "2016", "2014"]}
    )  # fmt: skip
    ds = pbm.read_dataset(county(建档立卡贫困户=households))
    found = ds.quarantine[["row", "column", "rule"]].itertuples(index=False, name=None)
    assert sorted(found) == [
        (3, "脱贫年度", "exit_before_registration"),
        (3, "脱贫年度", "too_small"),
        (4, "脱贫年度", "too_large"),
        (5, "脱贫年度", "exit_before_registration"),
        (6, "识别年度", "missing_value"),
    ]
    too_small = ds.quarantine[ds.quarantine["rule"] == "too_small"].iloc[0]
    assert "1949" in str(too_small["message_en"])
    assert ds.poverty_households["household_id"].tolist() == ["H1", "H6"]
    assert ds.poverty_households["exit_year"].tolist()[0] is pd.NA


@pytest.mark.parametrize("shuffle", [False, True])
def test_records_pointing_nowhere_are_found_in_any_row_order(shuffle: bool) -> None:
    """Rows sorted by village are looked up by a forward search, others by hashing: same answer."""
    villages = pd.DataFrame(
        {"village_code": ["210283101201", "210283101202", "210283101201"],
         "year": [2019, 2019, 2020], "name": ["东山村", "西山村", "东山村"]}
    )  # fmt: skip
    households = pd.DataFrame(
        {"household_id": ["H1", "H2", "H3", "H4"],
         "village_code": ["210283101201", "210283101202", "210283101202", "210283101299"],
         "persons": [3, 2, 4, 1], "registered_year": [2014] * 4,
         "exit_year": pd.array([2016, None, 2018, None], dtype="Int64")}
    )  # fmt: skip
    cadres = pd.DataFrame(
        {"person_id": ["A1", "B1", "B2"],
         "village_code": ["210283101201", "210283101202", "210283101202"],
         "year": [2020, 2019, 2020], "post": ["书记", "书记", "委员"]}
    )  # fmt: skip
    secretaries = pd.DataFrame(
        {"person_id": ["F1", "F2"], "village_code": ["210283101299", "210283101202"],
         "start_date": pd.to_datetime(["2018-01-01", "2018-01-01"])}
    )  # fmt: skip
    checks = pd.DataFrame(
        {"person_id": ["F2", "F9"], "date": pd.to_datetime(["2019-05-01", "2019-06-01"]),
         "present": [True, False]}
    )  # fmt: skip
    frames = {"villages": villages, "poverty_households": households, "cadres": cadres,
              "first_secretaries": secretaries, "spot_checks": checks}  # fmt: skip
    if shuffle:
        frames = {k: f.iloc[::-1].reset_index(drop=True) for k, f in frames.items()}
    quarantine = pbm.read_frames(frames).quarantine
    found = {
        (table, value, rule)
        for table, value, rule in quarantine[["table", "value", "rule"]].itertuples(index=False)
    }
    assert found == {
        ("poverty_households", "210283101299", "unknown_village"),
        ("cadres", "210283101202", "unknown_village"),  # B2: 西山村 has no 2020 row
        ("first_secretaries", "210283101299", "unknown_village"),
        ("spot_checks", "F9", "unknown_first_secretary"),
    }


@given(st.lists(st.integers(0, 19), max_size=25), st.sampled_from([0, 1000]))
def test_accepted_rows_are_the_rows_without_a_problem(bad: list[int], few: int) -> None:
    """Cut out as slices (few bad rows) or by a mask (many): the same rows, in order."""
    from partybuild_metrics.records import validation
    from partybuild_metrics.records.validation import ParsedTable, problems_frame

    frame = pd.DataFrame(
        {"id": pd.Series([f"H{n}" for n in range(20)], dtype="str"), "n": range(20)}
    )
    problems = problems_frame(pd.Index(bad), "id", ["x"] * len(bad), "duplicate")
    table = ParsedTable("poverty_households", frame, problems, {})
    expected = frame[~frame.index.isin(bad)]
    original = validation._FEW_BAD_ROWS
    validation._FEW_BAD_ROWS = few
    try:
        pd.testing.assert_frame_equal(table.accepted_rows(), expected)
        pd.testing.assert_frame_equal(table.accepted_rows(["n"]), expected[["n"]])
    finally:
        validation._FEW_BAD_ROWS = original
