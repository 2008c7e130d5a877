"""The engine under compute(): another backend, no data, exact sums, a user's definition."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest
from ibis import _

import partybuild_metrics as pbm
from partybuild_metrics.indicators import REGISTRY, Contribution, indicator
from partybuild_metrics.records.schemas import MAX_INCOME_YUAN

SAMPLE = "data/sample/parquet"


@pytest.fixture(scope="module")
def sample() -> pbm.Dataset:
    return pbm.read_dataset(SAMPLE)


def test_whole_registry_gives_the_same_table_on_polars(sample: pbm.Dataset) -> None:
    pytest.importorskip("polars")
    on_duckdb = pd.DataFrame(pbm.compute(sample, level="all", progress=False))
    on_polars = pd.DataFrame(
        pbm.compute(sample, level="all", progress=False, backend=ibis.polars.connect())
    )
    assert set(on_duckdb["indicator"]) == set(REGISTRY)
    pd.testing.assert_frame_equal(on_duckdb, on_polars)


def _row(table: pd.DataFrame, indicator: str, year: int) -> pd.Series:
    rows = table[(table["indicator"] == indicator) & (table["year"] == year)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_a_year_without_cadre_rows_is_missing_not_zero(sample: pbm.Dataset) -> None:
    assert set(sample.cadres["year"]) == {2019, 2020}  # the sample has no cadres before 2019
    table = pbm.compute(sample, ["one_person_two_posts_share", "member_count"], progress=False)
    for year in (2017, 2018):
        for name in ("one_person_two_posts_share", "member_count"):
            row = _row(table, name, year)
            assert pd.isna(row["numerator"]) and pd.isna(row["denominator"])
            assert pd.isna(row["value"])
            assert row["note"] == (
                f"{year}年无村两委成员(cadres)记录 / no rows in table cadres for {year}"
            )
    present = _row(table, "one_person_two_posts_share", 2019)
    assert (present["numerator"], present["denominator"], present["note"]) == (120, 205, "")
    assert table["numerator"].dtype == "Int64" and table["denominator"].dtype == "Int64"


def test_reserve_cadres_of_2019_are_missing_at_every_level(sample: pbm.Dataset) -> None:
    assert 2019 not in set(sample.reserve_cadres["year"])
    table = pbm.compute(sample, "reserve_cadre_count", level="all", years=[2019, 2020])
    in_2019 = table[table["year"] == 2019]
    assert len(in_2019) == 1 + 1 + 1 + 12 + 205  # province, city, county, townships, villages
    assert in_2019["numerator"].isna().all() and in_2019["value"].isna().all()
    assert in_2019["note"].str.contains("reserve_cadres for 2019").all()
    in_2020 = table[table["year"] == 2020]
    assert in_2020["numerator"].notna().all() and (in_2020["note"] == "").all()
    county = in_2020[in_2020["level"] == "county"].iloc[0]
    assert county["numerator"] == len(sample.reserve_cadres.query("year == 2020"))


def test_no_data_in_one_county_leaves_the_others_counted() -> None:
    villages = pd.DataFrame(
        {
            "村代码": ["210283101201", "210283101202", "210282101201"],
            "年度": [2020, 2020, 2020],
            "村名": ["甲", "乙", "丙"],
        }
    )
    reserve = pd.DataFrame({"人员编号": ["R1"], "所在村代码": ["210283101201"], "年度": [2020]})
    ds = pbm.read_frames({"villages": villages, "reserve_cadres": reserve})
    table = pbm.compute(ds, "reserve_cadre_count", level=["city", "county", "village"])
    got = {(r.level, r.code): r.numerator for r in table.itertuples()}
    # 210283 has reserve cadres (乙 has none: a real 0); 210282 has no rows: no data
    assert got[("county", "210283")] == 1 and got[("village", "210283101202")] == 0
    assert pd.isna(got[("county", "210282")]) and pd.isna(got[("village", "210282101201")])
    assert got[("city", "2102")] == 1  # a city with rows in one of its counties is counted


def test_sums_are_exact_integers_beyond_float_precision() -> None:
    # 9,008 villages at the largest income the records accept (1万亿元, MAX_INCOME_YUAN) and
    # one at 1 yuan: each is exact as a float, their sum (odd, > 2**53) is not.
    count = 9_008
    amounts = [MAX_INCOME_YUAN] * count + [1]
    codes = [f"210283{101 + i // 999:03d}{1 + i % 999:03d}" for i in range(count + 1)]
    villages = pd.DataFrame({"村代码": codes, "年度": [2020] * len(codes), "村名": codes})
    income = villages[["村代码", "年度"]].assign(**{"集体经济收入(元)": amounts})
    ds = pbm.read_frames({"villages": villages, "collective_income": income})
    table = pbm.compute(ds, ["income_total", "income_mean"], years=2020)
    total = count * 10**12 + 1
    assert total > 2**53 and int(float(total)) != total
    assert table["numerator"].tolist() == [sum(amounts)] * 2 == [total] * 2
    assert table["denominator"].tolist()[1] == count + 1


def test_a_users_indicator_is_one_definition(sample: pbm.Dataset) -> None:
    @indicator(
        "female_secretary_share_test",
        family="members",
        name_zh="村党组织书记中女性比例",
        name_en="Women among village Party secretaries",
        kind="share",
        tables=("cadres",),
        numerator=("女性书记", "women secretaries"),
        denominator=("村党组织书记", "village Party secretaries"),
    )
    def _share(records, years, params):  # type: ignore[no-untyped-def]
        return Contribution(records.cadres, _.secretary & _.female, _.secretary)

    try:
        table = pbm.compute(sample, "female_secretary_share_test", years=2020)
        cadres = sample.cadres[(sample.cadres["year"] == 2020) & sample.cadres["secretary"]]
        row = table.iloc[0]
        assert (row["numerator"], row["denominator"]) == (int((cadres["sex"] == "女").sum()), 205)
    finally:
        REGISTRY.pop("female_secretary_share_test")


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"threshold": 30000.5}, "threshold is a whole number"),  # never cut to 30000
        ({"threshold": "abc"}, "threshold is a whole number"),
        ({"threshold": True}, "threshold is a whole number"),
        ({"min_age": 70, "max_age": 60}, "min_age \\(70\\) is above max_age \\(60\\)"),
        ({"bands": [60, 30]}, "bands is whole numbers rising"),
        ({"bounds": "100000,50000"}, "bounds is whole numbers rising"),
        ({"reference_date": "2020-13-45"}, "reference_date is a date"),
    ],
)
def test_a_bad_parameter_is_named(
    sample: pbm.Dataset, params: dict[str, object], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        pbm.compute(sample, years=2020, **params)


def test_a_year_without_villages_is_said(sample: pbm.Dataset) -> None:
    with pytest.warns(pbm.NoDataWarning, match="no villages in 2030, 2031"):
        table = pbm.compute(sample, "village_count", years=[2020, 2030, 2031])
    assert table.equals(pbm.compute(sample, "village_count", years=2020))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", pbm.NoDataWarning)
        pbm.compute(sample, "village_count", years=2020)  # every year has villages
        pbm.compute(sample, "village_count", years=[])  # nothing asked, nothing missing


def test_the_command_line_says_so_too(capsys: pytest.CaptureFixture[str]) -> None:
    from partybuild_metrics.cli import main

    code = main(["compute", SAMPLE, "--year", "2030", "--indicator", "village_count"])
    assert code == 0
    assert "warning: no villages in 2030" in capsys.readouterr().err


def test_years_and_levels_as_people_write_them(sample: pbm.Dataset) -> None:
    import numpy as np

    expected = pbm.compute(sample, "village_count", years=2020)
    for years in (np.int64(2020), "2020", "2020年", [2020.0], (2020, 2020)):
        assert pbm.compute(sample, "village_count", years=years).equals(expected)
    assert pbm.compute(sample, years=[]).empty  # no year: no rows, whatever is chosen
    twice = pbm.compute(sample, "village_count", years=2020, level=["county", "county"])
    assert twice.equals(expected)
    with pytest.raises(ValueError, match="years is a whole number"):
        pbm.compute(sample, "village_count", years=2020.5)
    bands = pbm.compute(sample, "cadre_age_band_share", years=2020, bands="30,40")
    assert bands["category"].tolist() == ["30岁及以下", "31-40岁", "41岁及以上"]


def test_no_duckdb_progress_bar_reaches_standard_output() -> None:
    """DuckDB prints its bar to standard output for a query past two seconds, where a
    table written by the command line may be going (national data passes that)."""
    from partybuild_metrics.indicators.compute import _default_engine
    from partybuild_metrics.records.columnar import engine_connection

    setting = "SELECT current_setting('enable_progress_bar')"
    assert _default_engine().con.execute(setting).fetchone() == (False,)
    with engine_connection() as con:
        assert con.execute(setting).fetchone() == (False,)


def test_where_duckdb_refuses_to_change_its_progress_bar_the_connection_still_opens() -> None:
    """In Jupyter without ipywidgets DuckDB refuses any change of the setting."""
    import duckdb

    from partybuild_metrics.records.columnar import no_progress_bar

    class Refusing:
        def execute(self, sql: str) -> None:
            raise duckdb.InvalidInputException("required package 'ipywidgets' is missing")

    no_progress_bar(Refusing())  # no error: the setting is left as it is
