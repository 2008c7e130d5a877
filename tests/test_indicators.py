"""Every indicator on a county small enough to compute by hand.

Four villages in two townships. V4 has no secretary; V2's secretary has no education
on record; c1 turns 50 exactly on the reference date; V1's 2020 income is exactly
5万 and V3's exactly 3万; H3 never exited; H4 exits after the year.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

import partybuild_metrics as pbm

A, B = "210283101", "210283102"
V1, V2, V3, V4 = A + "201", A + "202", B + "201", B + "202"


def _villages() -> pd.DataFrame:
    rows = [
        # code, year, poor, low, delisted, industry, weak, rectified
        (V1, 2020, "是", "是", "是", "是", "是", "是"),
        (V2, 2020, "是", "是", "否", "否", "否", ""),
        (V3, 2020, "否", "否", "否", "是", "是", "否"),
        (V4, 2020, "否", "否", "否", "否", "", ""),
    ]
    rows += [(code, 2019, "否", "否", "否", "否", "否", "否") for code in (V1, V2, V3, V4)]
    frame = pd.DataFrame(
        rows,
        columns=["村代码", "年度", "是否建档立卡贫困村", "是否低收入村", "是否销号",
                 "是否有扶贫产业项目", "是否软弱涣散", "是否整顿完成"],
    )  # fmt: skip
    return frame.assign(村名=frame["村代码"].map({V1: "一村", V2: "二村", V3: "三村", V4: "四村"}))


CADRES = pd.DataFrame(
    [
        ("c1", V1, 2020, "男", "1970-12-31", "本科", "中共党员", "党支部书记、村委会主任", "是"),
        ("c2", V1, 2020, "女", "1961.01", "高中", "群众", "村委会委员", ""),
        ("c3", V2, 2020, "男", "1960.06", "", "中共党员", "党支部书记", "否"),
        ("c4", V2, 2020, "男", "1990.03", "大专", "中共预备党员", "村委会主任", ""),
        ("c5", V3, 2020, "女", "1955.12", "大专", "中共党员", "书记、主任", "是"),
        ("c6", V3, 2020, "男", "", "初中", "群众", "党支部委员", ""),
        ("c7", V4, 2020, "女", "1985.01", "研究生", "中共党员", "村委会委员", ""),
    ],
    columns=[
        "人员编号",
        "所在村代码",
        "年度",
        "性别",
        "出生年月",
        "学历",
        "政治面貌",
        "职务",
        "是否有产业发展项目",
    ],
)
INCOME = pd.DataFrame(
    [(V1, 2019, 0), (V2, 2019, 0), (V3, 2019, 30_000), (V4, 2019, 0),
     (V1, 2020, 50_000), (V2, 2020, 0), (V3, 2020, 30_000)],
    columns=["村代码", "年度", "集体经济收入(元)"],
)  # fmt: skip
HOUSEHOLDS = pd.DataFrame(
    [
        ("H1", V1, 3, 2014, 2016),
        ("H2", V1, 2, 2015, 2020),
        ("H3", V2, 4, 2016, None),
        ("H4", V3, 1, 2019, 2021),
    ],
    columns=["户编号", "所在村代码", "家庭人口数", "识别年度", "脱贫年度"],
)
FIRST_SECRETARIES = pd.DataFrame(
    [("F1", V1, "2018-05-01", "2020-03-31"), ("F2", V1, "2020-04-01", ""),
     ("F3", V3, "2021-01-01", ""), ("F4", V2, "2017-01-01", "2019-12-31")],
    columns=["人员编号", "驻村代码", "开始日期", "结束日期"],
)  # fmt: skip
SPOT_CHECKS = pd.DataFrame(
    [
        ("F1", "2020-02-10", "是"),
        ("F2", "2020-06-01", "否"),
        ("F2", "2020-09-01", "是"),
        ("F3", "2021-03-01", "是"),
    ],
    columns=["人员编号", "抽查日期", "是否在岗"],
)
PROJECTS = pd.DataFrame(
    [
        (V1, 2020, "设施草莓"),
        (V1, 2020, "设施草莓"),
        (V1, 2020, "农家院"),
        (V3, 2020, "设施草莓"),
        (V2, 2019, "农家院"),
    ],
    columns=["所在村代码", "年度", "项目类型"],
)
RESERVE = pd.DataFrame(
    [("R1", V1, 2020), ("R2", V4, 2020), ("R3", V4, 2019)],
    columns=["人员编号", "所在村代码", "年度"],
)
MOBILE = pd.DataFrame(
    [("M1", V1, 2020, "是"), ("M2", V1, 2020, "否"), ("M3", V2, 2020, ""), ("M4", V3, 2020, "是")],
    columns=["人员编号", "所在村代码", "年度", "是否参与"],
)
REVIEWS = pd.DataFrame(
    [
        ("c1", V1, 2020, "否"),
        ("c2", V1, 2020, "是"),
        ("c3", V2, 2020, "否"),
        ("c5", V3, 2020, "否"),
    ],
    columns=["人员编号", "所在村代码", "年度", "是否清理"],
)
DIVISIONS = pd.DataFrame(
    {"代码": ["21", "2102", "210283", A, B], "名称": ["辽宁省", "大连市", "庄河市", "甲镇", "乙镇"],
     "级别": ["省", "市", "县", "镇", "镇"]}
)  # fmt: skip


@pytest.fixture(scope="module")
def tiny() -> pbm.Dataset:
    ds = pbm.read_frames(
        {
            "区划": DIVISIONS,
            "村基本情况": _villages(),
            "村两委成员": CADRES,
            "村集体经济收入": INCOME,
            "建档立卡贫困户": HOUSEHOLDS,
            "驻村第一书记": FIRST_SECRETARIES,
            "在岗抽查": SPOT_CHECKS,
            "扶贫产业项目": PROJECTS,
            "村级后备干部": RESERVE,
            "流动党员": MOBILE,
            "村干部联审": REVIEWS,
        }
    )
    assert ds.ok, ds.quarantine.to_string()
    return ds


def county(
    ds: pbm.Dataset, indicator: str, year: int = 2020, **params: object
) -> tuple[int, int | None]:
    table = pbm.compute(ds, indicator, level="county", years=year, **params)
    assert len(table) == 1, table
    row = table.iloc[0]
    assert row["code"] == "210283" and row["name"] == "庄河市"
    denominator = None if pd.isna(row["denominator"]) else int(row["denominator"])
    return int(row["numerator"]), denominator


EXPECTED_2020 = {
    # villages with one person in both posts: V1, V3 of V1..V4 (V4 has no secretary, still counts)
    "one_person_two_posts_share": (2, 4),
    "one_person_two_posts_count": (2, None),
    # secretaries c1 本科 ✓, c3 unknown ✗ (but counted), c5 大专 ✓
    "secretary_college_share": (2, 3),
    "education_share": (2, 3),
    # members ≥大专: c1, c4, c5, c7; ≥高中 adds c2 (c3 unknown, c6 初中 are not)
    "member_college_share": (4, 7),
    "member_high_school_share": (5, 7),
    # secretaries with a project: c1 是, c3 否, c5 是
    "secretary_industry_project_share": (2, 3),
    # ages at 2020-12-31: c1 50 (birthday on the day), c2 59, c3 60, c4 30, c5 65, c7 35; c6 unknown
    "cadre_mean_age": (299, 6),
    "cadre_age_share": (2, 6),  # ≥60: c3, c5
    "female_share": (3, 7),  # c2, c5, c7
    "party_member_share": (5, 7),  # c1, c3, c4 (预备), c5, c7
    "village_count": (4, None),
    "secretary_count": (3, None),
    "member_count": (7, None),
    "weak_lax_count": (2, None),  # V1, V3; V4 blank counts as no
    "weak_lax_share": (2, 4),
    "weak_lax_poor_share": (1, 2),  # poor V1, V2; weak V1
    "weak_lax_rectified_share": (1, 2),  # weak V1 rectified, V3 not
    "registered_poor_count": (2, None),
    "low_income_count": (2, None),
    "low_income_industry_coverage": (1, 2),
    "low_income_delisted_share": (1, 2),
    # registered by 2020: H1..H4 (10 persons); exited by 2020: H1, H2 (5 persons); H3 never, H4 in 2021
    "poverty_household_count": (4, None),
    "poverty_person_count": (10, None),
    "poverty_household_exit_rate": (2, 4),
    "poverty_person_exit_rate": (5, 10),
    # in post during 2020: F1 and F2 at V1 (F3 starts 2021, F4 ended 2019)
    "first_secretary_count": (2, None),
    "first_secretary_coverage": (1, 2),  # poor V1 covered, V2 not
    "first_secretary_village_coverage": (1, 4),
    "spot_check_share": (2, 2),  # F1 and F2 both checked in 2020
    "on_duty_rate": (2, 3),  # 3 checks in 2020, 2 present
    # 2020 income rows: V1 50000, V2 0, V3 30000 (V4 has none)
    "hollow_village_count": (1, None),
    "breakout_rate": (1, 3),  # hollow in 2019: V1, V2, V4; V1 broke zero; V4 has no 2020 row
    "income_at_least_share": (1, 3),  # ≥ 50000: V1 exactly at the threshold
    "income_at_least_5w_share": (1, 3),
    "income_at_least_3w_share": (2, 3),  # V1, and V3 exactly at 30000
    "income_total": (80_000, None),
    "income_mean": (80_000, 3),
    "income_growth": (80_000, 30_000),  # V1..V3 have both years: 2019 total 30000
    # 2020 projects: two strawberry and a farm stay at V1, a strawberry at V3 (V2's is 2019)
    "project_village_count": (2, None),
    "reserve_cadre_count": (2, None),  # R1, R2 (R3 is on the 2019 list)
    "mobile_member_count": (4, None),
    "mobile_member_participation_share": (2, 4),  # M1, M4; M3 blank counts as not
    "cadre_reviewed_count": (4, None),
    "cadre_removed_share": (1, 4),  # c2
}


@pytest.mark.parametrize(("indicator", "expected"), sorted(EXPECTED_2020.items()))
def test_indicator_by_hand(
    tiny: pbm.Dataset, indicator: str, expected: tuple[int, int | None]
) -> None:
    assert county(tiny, indicator) == expected


def test_every_registered_indicator_has_a_hand_computed_test() -> None:
    distributions = {
        "education_level_share",
        "cadre_age_band_share",
        "income_tier_share",
        "industry_project_count",
    }
    assert set(pbm.indicators.REGISTRY) - distributions == set(EXPECTED_2020)


def test_values_follow_from_numerators(tiny: pbm.Dataset) -> None:
    table = pbm.compute(tiny, ["cadre_mean_age", "income_growth", "income_total"], years=2020)
    values = dict(zip(table["indicator"], table["value"], strict=True))
    assert values["cadre_mean_age"] == pytest.approx(299 / 6)
    assert values["income_growth"] == pytest.approx(80_000 / 30_000 - 1)
    assert values["income_total"] == 80_000


def test_township_values_by_hand(tiny: pbm.Dataset) -> None:
    table = pbm.compute(tiny, "one_person_two_posts_share", level="township", years=2020)
    got = {row.name: (row.numerator, row.denominator) for row in table.itertuples()}
    assert got == {"甲镇": (1, 2), "乙镇": (1, 2)}


def test_parameters_change_the_definition(tiny: pbm.Dataset) -> None:
    assert county(tiny, "income_at_least_share", threshold=30_000) == (2, 3)
    assert county(tiny, "cadre_age_share", min_age=30, max_age=35) == (2, 6)  # c4 30, c7 35
    assert county(tiny, "education_share", min_level="高中", population="members") == (5, 7)
    assert county(tiny, "poverty_household_exit_rate", by_year=2016) == (1, 4)
    # a reference date the day before c1's birthday makes him 49
    assert county(tiny, "cadre_mean_age", reference_date="2020-12-30") == (298, 6)


def test_age_by_sex(tiny: pbm.Dataset) -> None:
    # men with a birth date: c1 50, c3 60, c4 30 (c6 has none); women: c2 59, c5 65, c7 35
    assert county(tiny, "cadre_mean_age", sex="男") == (140, 3)
    assert county(tiny, "cadre_mean_age", sex="女") == (159, 3)
    assert county(tiny, "cadre_age_share", sex="女") == (1, 3)  # c5
    with pytest.raises(ValueError, match="`sex` must be one of"):
        county(tiny, "cadre_mean_age", sex="M")


def test_breakout_from_an_earlier_baseline(tiny: pbm.Dataset) -> None:
    assert county(tiny, "breakout_rate", baseline_year=2019) == (1, 3)
    # no income rows for 2018: no hollow villages, an empty denominator, a reason
    table = pbm.compute(tiny, "breakout_rate", years=2020, baseline_year=2018)
    assert table["denominator"].iloc[0] == 0
    assert pd.isna(table["value"].iloc[0])
    assert "denominator is 0" in table["note"].iloc[0]


def test_distributions_by_hand(tiny: pbm.Dataset) -> None:
    table = pbm.compute(
        tiny, ["cadre_age_band_share", "income_tier_share", "education_level_share"], years=2020
    )
    got = {(r.indicator, r.category): (r.numerator, r.denominator) for r in table.itertuples()}
    assert got[("cadre_age_band_share", "30岁及以下")] == (1, 6)  # c4 is exactly 30
    assert got[("cadre_age_band_share", "31-35岁")] == (1, 6)
    assert got[("cadre_age_band_share", "46-50岁")] == (1, 6)
    assert got[("cadre_age_band_share", "56-60岁")] == (2, 6)
    assert got[("cadre_age_band_share", "61岁及以上")] == (1, 6)
    assert got[("cadre_age_band_share", "36-40岁")] == (0, 6)
    assert got[("income_tier_share", "0")] == (1, 3)
    assert got[("income_tier_share", "(0, 5万)")] == (1, 3)  # 30000
    assert got[("income_tier_share", "[5万, 10万)")] == (1, 3)  # exactly 50000
    assert got[("income_tier_share", "≥100万")] == (0, 3)
    assert got[("education_level_share", "未知")] == (1, 7)
    assert got[("education_level_share", "大专")] == (2, 7)
    categories = table[table["indicator"] == "cadre_age_band_share"]["category"].tolist()
    assert categories == [
        "30岁及以下",
        "31-35岁",
        "36-40岁",
        "41-45岁",
        "46-50岁",
        "51-55岁",
        "56-60岁",
        "61岁及以上",
    ]


def test_projects_by_type_by_hand(tiny: pbm.Dataset) -> None:
    table = pbm.compute(tiny, "industry_project_count", level=["county", "township"], years=2020)
    got = {(r.level, r.name, r.category): r.numerator for r in table.itertuples()}
    assert got[("county", "庄河市", "设施草莓")] == 3
    assert got[("county", "庄河市", "农家院")] == 1
    assert got[("township", "甲镇", "设施草莓")] == 2 and got[("township", "乙镇", "设施草莓")] == 1
    assert got[("township", "乙镇", "农家院")] == 0
    assert table["denominator"].isna().all()


def test_village_without_secretary_gives_missing_not_zero(tiny: pbm.Dataset) -> None:
    table = pbm.compute(tiny, "secretary_college_share", level="village", years=2020)
    v4 = table[table["code"] == V4].iloc[0]
    assert (v4["numerator"], v4["denominator"]) == (0, 0)
    assert pd.isna(v4["value"]) and v4["note"]
    assert len(table) == 4


def test_formatted_rounds_exactly(tiny: pbm.Dataset) -> None:
    table = pbm.compute(
        tiny, ["secretary_college_share", "cadre_mean_age", "income_total"], years=2020
    )
    shown = table.formatted()
    assert shown["数值"].tolist() == ["66.7%", "49.8", "80000"]
    assert table.formatted(rounding="truncate")["数值"].tolist()[:2] == ["66.6%", "49.8"]
    english = table.formatted(lang="en")
    assert "Secretaries with college education (大专 or above)" in english["indicator"].tolist()
    assert "<table" in table._repr_html_() and "66.7%" in table._repr_html_()


def test_change_between_years(tiny: pbm.Dataset) -> None:
    table = pbm.compute(
        tiny, ["hollow_village_count", "income_at_least_3w_share"], years=[2019, 2020]
    )
    change = pbm.change_between(table, "income_at_least_3w_share", 2019, 2020).iloc[0]
    # 2019: V3 only, 1 of 4 = 25%; 2020: 2 of 3 = 66.67%
    assert change["change_points"] == pytest.approx(float((Fraction(2, 3) - Fraction(1, 4)) * 100))
    assert change["change_percent"] == pytest.approx(
        float((Fraction(2, 3) / Fraction(1, 4) - 1) * 100)
    )
    hollow = pbm.change_between(table, "hollow_village_count", 2019, 2020).iloc[0]
    assert hollow["change_percent"] == pytest.approx((1 / 3 - 1) * 100)  # 3 → 1


def test_unknown_parameter_and_level_are_clear_errors(tiny: pbm.Dataset) -> None:
    with pytest.raises(ValueError, match=r"unknown parameter.*thresold"):
        pbm.compute(tiny, "income_at_least_share", thresold=1)
    with pytest.raises(ValueError, match="`level` must be one of"):
        pbm.compute(tiny, level="district")
    with pytest.raises(KeyError, match="no indicator 'income_at_least'"):
        pbm.compute(tiny, "income_at_least")


def test_sample_county_reproduces_the_published_counts() -> None:
    ds = pbm.read_dataset("data/sample/parquet")
    table = pbm.compute(ds, ["one_person_two_posts_share", "secretary_college_share"], years=2020)
    got = {r.indicator: (r.numerator, r.denominator) for r in table.itertuples()}
    assert got == {"one_person_two_posts_share": (133, 205), "secretary_college_share": (147, 205)}


def test_readme_catalogue_is_generated_from_the_registry() -> None:
    with open("README.md", encoding="utf-8") as file:
        readme = file.read()
    assert pbm.indicators.catalogue_markdown() in readme, (
        "README's indicator catalogue is stale: run `partybuild-metrics indicators --write-readme README.md`"
    )
