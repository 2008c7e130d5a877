"""Small record folders written the way clerks write them, for tests to break."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

DIVISIONS = pd.DataFrame(
    {
        "代码": ["21", "2102", "210283", "210283101", "210283101201", "210283101202"],
        "名称": ["辽宁省", "大连市", "庄河市", "青松镇", "东山村", "西河村"],
        "级别": ["省", "市", "县", "镇", "村", "村"],
    }
)
VILLAGES = pd.DataFrame(
    {
        "统计用区划代码": ["210283101201", "210283101202"],
        "年度": ["2020", "2020"],
        "村名称": ["东山村", "西河村"],
        "是否软弱涣散": ["是", "否"],
        "是否整顿完成": ["√", "×"],
    }
)
CADRES = pd.DataFrame(
    {
        "人员编号": ["A1", "A2", "B1", "B2"],
        "所在村代码": ["210283101201", "210283101201", "210283101202", "210283101202"],
        "年度": ["2020"] * 4,
        "姓名": ["张三", "李四", "王五", "赵六"],
        "性别": ["男", "女", "男", "男"],
        "出生年月": ["1968.05", "1975-11", "1980年3月", "196001"],
        "学历": ["大学本科", "中专", "大专", "初中"],
        "政治面貌": ["中共党员", "群众", "中共预备党员", "中共党员"],
        "职务": ["党支部书记、村委会主任", "村委会委员", "党总支书记", "村委会主任"],
    }
)
INCOME = pd.DataFrame(
    {
        "村代码": ["210283101201", "210283101202"],
        "年度": ["2020", "2020"],
        "集体经济收入(万元)": ["3.7", "0"],
    }
)

TABLES = {
    "区划": DIVISIONS,
    "村基本情况": VILLAGES,
    "村两委成员": CADRES,
    "村集体经济收入": INCOME,
}


def write_folder(
    folder: Path, tables: dict[str, pd.DataFrame] | None = None, encoding: str = "utf-8"
) -> Path:
    """Write each table as ``<sheet name>.csv``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in (tables or TABLES).items():
        frame.to_csv(folder / f"{name}.csv", index=False, encoding=encoding)
    return folder


@pytest.fixture
def county(tmp_path: Path) -> Callable[..., Path]:
    """Write the small county, with tables replaced by keyword: county(村两委成员=frame)."""

    def make(encoding: str = "utf-8", **replace: pd.DataFrame) -> Path:
        tables = {**TABLES, **replace}
        return write_folder(tmp_path / "records", tables, encoding)

    return make


@pytest.fixture(scope="session")
def sample_workbook() -> Path:
    path = Path(__file__).resolve().parents[1] / "data" / "sample" / "zhuanghe.xlsx"
    assert path.exists(), "run: partybuild-metrics generate-sample data/sample"
    return path
