"""A missing value is shown as missing (—, a gap, a blank cell) with its note, never as 0;
an indicator's printed name says its parameters; long names do not reach the charts whole."""

from __future__ import annotations

import zipfile
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import openpyxl
import pandas as pd
import pytest
from conftest import TABLES

import partybuild_metrics as pbm
from partybuild_metrics.cli import main
from partybuild_metrics.indicators.names import display_name
from partybuild_metrics.plots.fonts import CHART_TEXT_LIMIT

NOTE = "2019年无村两委成员(cadres)记录 / no rows in table cadres for 2019"
"""What compute notes when the members a share counts have no rows in the year."""


@pytest.fixture(scope="module")
def two_years() -> pbm.Dataset:
    """The small county in 2019 and 2020; two-committee members are on record for 2020 only."""
    villages = pd.concat([TABLES["村基本情况"].assign(年度="2019"), TABLES["村基本情况"]])
    return pbm.read_frames({**TABLES, "村基本情况": villages})


@pytest.fixture(scope="module")
def shares(two_years: pbm.Dataset) -> pbm.IndicatorTable:
    return pbm.compute(
        two_years,
        ["secretary_college_share", "village_count"],
        level=["county", "township", "village"],
    )


def test_the_table_prints_a_missing_value_as_a_dash_with_its_note(
    shares: pbm.IndicatorTable,
) -> None:
    shown = shares.formatted()
    county = shown[(shown["年度"] == 2019) & (shown["代码"] == "210283")]
    row = county[county["指标"] == "村党组织书记大专及以上学历比例"].iloc[0]
    assert (row["数值"], row["说明"]) == ("—", NOTE)
    assert "0.0%" not in county["数值"].tolist()


def test_a_count_without_records_is_printed_as_missing_not_zero() -> None:
    # The form a count takes when its table has no rows for the year: no numerator.
    table = pbm.IndicatorTable(
        pd.DataFrame(
            {
                "indicator": ["reserve_cadre_count"], "category": [""], "level": ["county"],
                "code": ["210283"], "name": ["庄河市"], "year": [2019],
                "numerator": pd.array([pd.NA], dtype="Int64"),
                "denominator": pd.array([pd.NA], dtype="Int64"), "value": [np.nan],
                "kind": ["count"], "params": ["{}"], "note": ["2019年无村级后备干部记录 / no reserve_cadres rows for 2019"],
            }
        )
    )  # fmt: skip
    row = table.formatted().iloc[0]
    assert row["数值"] == "—" and "2019" in row["说明"]
    assert "| —" in main_markdown(table)


def main_markdown(table: pbm.IndicatorTable) -> str:
    from partybuild_metrics.cli import markdown_safe

    return str(markdown_safe(table.formatted()).to_markdown(index=False))


def test_a_chart_draws_no_bar_for_a_unit_without_data(shares: pbm.IndicatorTable) -> None:
    ax = pbm.plots.ranked_bar(shares, "secretary_college_share", year=2019, level="village")
    assert len(ax.patches) == 0  # two villages, neither with a bar of 0
    labels = [text.get_text() for text in ax.texts]
    assert labels == [" — 无数据", " — 无数据"]
    plt.close("all")


def test_a_trend_has_a_gap_where_a_year_has_no_data(shares: pbm.IndicatorTable) -> None:
    ax = pbm.plots.trend(shares, "secretary_college_share")
    line = ax.get_lines()[0]
    years, values = line.get_xdata(), np.asarray(line.get_ydata(), dtype=float)
    assert list(years) == [2019, 2020]
    assert np.isnan(values[0]) and values[1] == pytest.approx(2 / 2)
    assert [t.get_text() for t in ax.texts] == [" 100.0%"]  # the last value that exists
    plt.close("all")


def test_the_report_shows_a_dash_with_the_note_and_the_workbook_a_blank_with_a_comment(
    two_years: pbm.Dataset, tmp_path: Path
) -> None:
    report = pbm.build_report(two_years, year=2020, level="county")
    summary = {row[0].value: row for row in report.summary.rows}
    row = summary["村党组织书记大专及以上学历比例"]
    assert row[3].text() == "—" and row[3].note == NOTE  # 2019
    assert row[7].value == NOTE  # it names its year already
    written = report.write(tmp_path)
    html = written["html"].read_text(encoding="utf-8")
    assert f'title="{NOTE}">—<sup>1</sup></td>' in html
    assert f"<li>{NOTE}</li>" in html
    book = openpyxl.load_workbook(written["xlsx"])
    sheet = book["指标汇总"]
    found = next(
        r for r in sheet.iter_rows(min_row=2) if r[0].value == "村党组织书记大专及以上学历比例"
    )
    assert found[3].value is None and found[3].comment is not None
    assert found[3].comment.text == NOTE


def test_compute_xlsx_leaves_a_missing_value_blank(two_years: pbm.Dataset, tmp_path: Path) -> None:
    folder = tmp_path / "frames"
    two_years.to_parquet(folder)
    target = tmp_path / "t.xlsx"
    argv = ["compute", str(folder), "--indicator", "secretary_college_share", "--format", "xlsx", "-o", str(target)]  # fmt: skip
    assert main(argv) == 0
    sheet = openpyxl.load_workbook(target)["indicators"]
    header = [c.value for c in sheet[1]]
    rows = [
        dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    y2019 = next(r for r in rows if r["year"] == 2019)
    assert y2019["value"] is None and y2019["shown"] == "—" and y2019["note"] == NOTE


# ---- names with their parameters ------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "params", "zh"),
    [
        ("cadre_age_share", {}, '村"两委"成员中60岁及以上比例'),
        ("cadre_age_share", {"min_age": None, "max_age": 35}, '村"两委"成员中35岁及以下比例'),
        ("cadre_age_share", {"min_age": 36, "max_age": 45, "sex": "女"}, '女性村"两委"成员中36至45岁比例'),
        ("income_at_least_share", {}, "集体经济收入5万元以上村比例"),
        ("income_at_least_share", {"threshold": 100_000}, "集体经济收入10万元以上村比例"),
        ("education_share", {}, "大专及以上学历的村党组织书记比例"),
        ("education_share", {"min_level": "高中", "population": "members"}, '高中及以上学历的村"两委"成员比例'),
        ("cadre_mean_age", {"reference_date": "2020-06-30"}, '村"两委"成员平均年龄(截至2020-06-30)'),
        ("poverty_household_exit_rate", {"by_year": 2019}, "建档立卡贫困户脱贫率(截至2019年)"),
        ("breakout_rate", {"baseline_year": 2017}, '"空壳村"破零率(2017年为基期)'),
        ("one_person_two_posts_share", {}, '村党组织书记、村委会主任"一肩挑"比例'),
    ],
)  # fmt: skip
def test_names_say_their_parameters(indicator: str, params: dict[str, object], zh: str) -> None:
    assert display_name(indicator, params) == zh


def test_tables_charts_and_the_report_use_the_names_with_parameters(tmp_path: Path) -> None:
    ds = pbm.read_dataset("data/sample/parquet")
    table = pbm.compute(ds, "cadre_age_share", level=["county", "township"], years=2020, min_age=35, max_age=45)  # fmt: skip
    assert set(table.formatted()["指标"]) == {'村"两委"成员中35至45岁比例'}
    assert set(table.formatted(lang="en")["indicator"]) == {
        "Share of two-committee members aged 35 to 45"
    }
    ax = pbm.plots.ranked_bar(table, "cadre_age_share")
    assert ax.get_title().startswith('村"两委"成员中35至45岁比例')
    plt.close("all")
    report = pbm.build_report(ds, year=2020)
    names = [row[0].value for row in report.summary.rows]
    assert '村"两委"成员中60岁及以上比例' in names and "集体经济收入5万元以上村比例" in names
    assert '村"两委"成员年龄段比例' not in names
    headers = next(s.table.headers for s in report.sections if s.family == "collective_income")
    assert "集体经济收入5万元以上村比例" in headers
    # the threshold indicator at its default is the fixed one: one row, one column
    assert names.count("集体经济收入5万元以上村比例") == 1
    assert list(headers).count("集体经济收入5万元以上村比例") == 1


# ---- long names ---------------------------------------------------------------------------


def test_a_very_long_township_name_is_shortened_in_charts_and_whole_in_tables(
    tmp_path: Path,
) -> None:
    long_name = "青松" * 50_000  # 100,000 characters
    divisions = TABLES["区划"].copy()
    divisions.loc[divisions["代码"] == "210283101", "名称"] = long_name
    ds = pbm.read_frames({**TABLES, "区划": divisions})
    table = pbm.compute(ds, "secretary_college_share", level=["county", "township"])
    ax = pbm.plots.ranked_bar(table, "secretary_college_share")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert all(len(label) <= CHART_TEXT_LIMIT for label in labels) and labels[0].endswith("…")
    plt.close("all")
    report = pbm.build_report(ds, year=2020)
    paths = report.write(tmp_path)
    assert long_name in paths["html"].read_text(encoding="utf-8")
    with zipfile.ZipFile(paths["xlsx"]) as archive:
        assert long_name[:30_000] in archive.read("xl/sharedStrings.xml").decode()
