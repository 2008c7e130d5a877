"""The annual report: HTML, workbook and figures from records, the same every time, safe from the data."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import TABLES
from python_calamine import CalamineWorkbook

import partybuild_metrics as pbm
from partybuild_metrics.cli import main
from partybuild_metrics.report.html import QUARANTINE_ROWS_SHOWN

ROOT = Path(__file__).parents[1]
WORKBOOK = ROOT / "data" / "sample" / "zhuanghe.xlsx"
CLAIMS = ROOT / "data" / "claims"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    report = pbm.build_report(pbm.read_dataset(WORKBOOK), year=2020, claims=CLAIMS)
    return report.write(tmp_path_factory.mktemp("report"))


def sheet(path: Path, name: str) -> list[list[object]]:
    rows: list[list[object]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()
    )
    return rows


def test_the_html_has_every_part_the_report_promises(written: dict[str, Path]) -> None:
    html = written["html"].read_text(encoding="utf-8")
    assert "<title>庄河市2020年度村级党建与乡村振兴指标报告</title>" in html
    for heading in ["指标汇总", "学历结构", "年龄结构", "村级集体经济", "数据质量", "公布数字核对"]:
        assert re.search(rf"<h2 id=\"\w+\">[一二三四五六七八九十]+、{heading}</h2>", html), heading
    # the summary row of the 一肩挑 share: 133/205 this year, 120/205 last year, +6.3 points
    row = re.search(r"<tr><td>村党组织书记、村委会主任&#34;一肩挑&#34;比例</td>.*?</tr>", html)
    assert row is not None
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row.group(0))
    assert cells[2:] == ["64.9%", "58.5%", "+6.3个百分点", "133", "205", ""]
    # self-contained: every figure inline, nothing fetched from anywhere
    figures = [p for key, p in written.items() if key.startswith("figures/")]
    assert html.count('src="data:image/png;base64,') == len(figures) >= 12
    assert not re.search(r"(src|href)=\"(https?:)?//", html) and "<link" not in html
    # the claims: Zhuanghe's 64.8% does not hold under half_up
    assert "one-person-two-posts" in html and "不一致" in html


def test_the_report_states_its_inputs_and_version(written: dict[str, Path]) -> None:
    digest = hashlib.sha256(WORKBOOK.read_bytes()).hexdigest()
    html = written["html"].read_text(encoding="utf-8")
    assert f"<td>zhuanghe.xlsx</td><td>{digest}</td>" in html
    assert f"partybuild-metrics {pbm.__version__}" in html
    inputs = sheet(written["xlsx"], "输入与版本")
    assert ["zhuanghe.xlsx", digest] in inputs
    assert ["000_zhuanghe_2020.yaml", hashlib.sha256((CLAIMS / "000_zhuanghe_2020.yaml").read_bytes()).hexdigest()] in inputs  # fmt: skip


def test_the_same_inputs_give_the_same_report(written: dict[str, Path], tmp_path: Path) -> None:
    again = pbm.build_report(pbm.read_dataset(WORKBOOK), year=2020, claims=CLAIMS).write(tmp_path)
    assert again["html"].read_bytes() == written["html"].read_bytes()
    assert again["xlsx"].read_bytes() == written["xlsx"].read_bytes()
    for key, path in written.items():
        if key.startswith("figures/"):
            assert again[key].read_bytes() == path.read_bytes(), key


def test_the_workbook_stores_numbers_as_numbers(written: dict[str, Path]) -> None:
    book = CalamineWorkbook.from_path(str(written["xlsx"]))
    assert book.sheet_names[:2] == ["输入与版本", "指标汇总"]
    assert "数据质量" in book.sheet_names and "公布数字核对" in book.sheet_names
    summary = sheet(written["xlsx"], "指标汇总")
    assert summary[0] == ["指标", "类别", "2020年", "2019年", "较上年", "分子", "分母", "说明"]
    share = next(r for r in summary if r[0] == '村党组织书记、村委会主任"一肩挑"比例')
    assert share[2:] == [0.649, 0.585, 6.3, 133, 205, ""]  # a percent stored as the rounded ratio
    with zipfile.ZipFile(written["xlsx"]) as archive:
        styles = archive.read("xl/styles.xml").decode()
        second = archive.read("xl/worksheets/sheet2.xml").decode()
    assert 'formatCode="0.0%"' in styles
    assert 'state="frozen"' in second and 'ySplit="1"' in second
    widths = [float(w) for w in re.findall(r'<col [^>]*width="([\d.]+)"', second)]
    assert widths[0] >= 2 * len("村党组织书记、村委会主任") + 2  # Chinese text is two columns wide


def test_text_from_the_records_cannot_inject_markup_or_formulas(tmp_path: Path) -> None:
    villages = TABLES["村基本情况"].copy()
    villages.loc[0, "村名称"] = "<script>alert('村')</script>"
    divisions = TABLES["区划"].copy()
    divisions.loc[divisions["代码"] == "210283101201", "名称"] = "<script>alert('村')</script>"
    divisions.loc[divisions["代码"] == "210283101202", "名称"] = '=HYPERLINK("http://x","点我")'
    cadres = TABLES["村两委成员"].copy()
    cadres.loc[1, "出生年月"] = "<img src=x onerror=alert(1)>"
    dataset = pbm.read_frames(
        {**TABLES, "区划": divisions, "村基本情况": villages, "村两委成员": cadres}
    )
    assert len(dataset.quarantine) == 1
    report = pbm.build_report(dataset, year=2020, level="township")
    paths = report.write(tmp_path)
    html = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;村&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the quarantined value, escaped
    names = [row[1] for row in sheet(paths["xlsx"], report.sections[0].table.title)]
    assert '=HYPERLINK("http://x","点我")' in names  # stored, as text
    with zipfile.ZipFile(paths["xlsx"]) as archive:
        sheets = [
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        ]
    assert not any("<f>" in xml for xml in sheets)


def test_the_quarantine_is_listed_with_file_row_and_column(tmp_path: Path) -> None:
    cadres = TABLES["村两委成员"].copy()
    cadres.loc[2, "出生年月"] = "不详的日子"
    dataset = pbm.read_frames({**TABLES, "村两委成员": cadres})
    report = pbm.build_report(dataset, year=2020)
    quarantine = report.quarantine.rows
    assert len(quarantine) == 1
    table, _, row, column, value, _, message = (cell.value for cell in quarantine[0])
    # frames in memory count rows from 1: the third row
    assert (table, row, column, value) == ("cadres", 3, "出生年月", "不详的日子")
    assert message
    quality = {r[0].value: r for r in report.quality.rows}
    assert quality["cadres"][5].value == 1  # quarantined rows of the cadres table
    assert QUARANTINE_ROWS_SHOWN >= 1


def test_a_report_for_frames_in_memory_states_a_content_checksum() -> None:
    first = pbm.build_report(pbm.read_frames(TABLES), year=2020)
    second = pbm.build_report(pbm.read_frames(TABLES), year=2020)
    assert first.inputs.rows[0][0].value == "内存中的数据表 (tables in memory)"
    assert first.inputs.rows[0][1].value == second.inputs.rows[0][1].value
    changed = TABLES["村集体经济收入"].copy()
    changed.loc[0, "集体经济收入(万元)"] = "3.8"
    third = pbm.build_report(pbm.read_frames({**TABLES, "村集体经济收入": changed}), year=2020)
    assert third.inputs.rows[0][1].value != first.inputs.rows[0][1].value


def test_the_command_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(
        ["report", str(WORKBOOK), "--year", "2020", "--claims", str(CLAIMS), "-o", str(out)]
    )
    assert code == 0
    assert (out / "report.html").exists() and (out / "report.xlsx").exists()
    assert len(list((out / "figures").glob("*.png"))) >= 12
    assert "5 not holding" in capsys.readouterr().out
    strict = ["report", str(WORKBOOK), "--year", "2020", "--claims", str(CLAIMS), "-o", str(out), "--fail-on-findings"]  # fmt: skip
    assert main(strict) == 1
    assert main(["report", str(WORKBOOK), "--year", "1999", "-o", str(out)]) == 2
    assert "`year` must be one of" in capsys.readouterr().err


def test_several_counties_need_a_code() -> None:
    divisions = pd.concat(
        [TABLES["区划"], pd.DataFrame({"代码": ["210281", "210281101", "210281101201"],
                                       "名称": ["瓦房店市", "甲镇", "甲村"], "级别": ["县", "镇", "村"]})]
    )  # fmt: skip
    villages = pd.concat(
        [TABLES["村基本情况"], pd.DataFrame({"统计用区划代码": ["210281101201"], "年度": ["2020"],
                                             "村名称": ["甲村"], "是否软弱涣散": ["否"], "是否整顿完成": [""]})]
    )  # fmt: skip
    dataset = pbm.read_frames({**TABLES, "区划": divisions, "村基本情况": villages})
    with pytest.raises(ValueError, match="2 units at level 'county'"):
        pbm.build_report(dataset, year=2020)
    assert pbm.build_report(dataset, year=2020, code="210281").name == "瓦房店市"


def test_a_claims_folder_gives_the_report_its_tables_too(tmp_path: Path) -> None:
    # a claims table beside the YAML files had been left out of the report without a word
    (tmp_path / "000_zhuanghe_2020.yaml").write_bytes(
        (CLAIMS / "000_zhuanghe_2020.yaml").read_bytes()
    )
    (tmp_path / "extra.csv").write_text(
        "id,kind,quote,numerator,denominator,percent\nt1,share,q,133,205,64.8%\n", encoding="utf-8"
    )
    report = pbm.build_report(pbm.read_dataset(WORKBOOK), year=2020, claims=tmp_path)
    alone = pbm.build_report(
        pbm.read_dataset(WORKBOOK), year=2020, claims=CLAIMS / "000_zhuanghe_2020.yaml"
    )
    assert report.claims is not None and alone.claims is not None
    assert len(report.claims.rows) == len(alone.claims.rows) + 1
    assert report.claims_failed == alone.claims_failed + 1  # 133/205 is 64.9%, not 64.8%
