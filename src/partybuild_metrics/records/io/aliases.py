"""Header aliases: the words organisation departments put in header rows.

Headers are compared after :func:`normalise_header`, so full-width brackets, spaces and
English case do not matter. Some headers are *source* columns that the reader turns
into canonical ones: 职务 → secretary and director, 政治面貌 → party_member,
集体经济收入(万元) → income_yuan.
"""

from __future__ import annotations

import re
from typing import Final

_CODE = ("统计用区划代码", "区划代码", "村代码", "所在村代码", "村级代码", "行政村代码", "村编码")
_YEAR = ("年度", "年份", "统计年度", "year")
_PERSON = ("人员编号", "人员代码", "person_id", "id")
_ID_NUMBER = (
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "公民身份证号",
    "公民身份证号码",
    "居民身份证号",
    "居民身份证号码",
    "身份证",
    "证件号码",
    "id_number",
)

HEADER_ALIASES: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "divisions": {
        "code": ("代码", "区划代码", "统计用区划代码", "code"),
        "name": ("名称", "区划名称", "name"),
        "level": ("级别", "层级", "level"),
    },
    "villages": {
        "village_code": (*_CODE, "village_code"),
        "year": _YEAR,
        "name": ("村名", "村名称", "行政村名称", "行政村", "name", "village_name"),
        "registered_poor": (
            "是否建档立卡贫困村",
            "是否为建档立卡贫困村",
            "是否属于建档立卡贫困村",
            "建档立卡贫困村",
            "是否贫困村",
            "registered_poor",
        ),
        "low_income": ("是否低收入村", "低收入村", "low_income"),
        "delisted": ("是否销号", "是否已销号", "销号", "delisted"),
        "industry_project": ("是否有扶贫产业项目", "扶贫产业项目", "industry_project"),
        "weak_lax": (
            "是否软弱涣散",
            "是否软弱涣散村",
            "是否软弱涣散村党组织",
            "是否软弱涣散党组织",
            "是否为软弱涣散村",
            "软弱涣散村党组织",
            "weak_lax",
        ),
        "weak_lax_rectified": (
            "是否整顿完成",
            "是否整顿转化",
            "是否整顿到位",
            "是否已整顿",
            "整顿完成",
            "weak_lax_rectified",
        ),
    },
    "cadres": {
        "person_id": _PERSON,
        "id_number": _ID_NUMBER,
        "village_code": (*_CODE, "village_code"),
        "year": _YEAR,
        "name": ("姓名", "name"),
        "sex": ("性别", "sex"),
        "birth_date": ("出生年月", "出生日期", "birth_date"),
        "education": ("学历", "文化程度", "最高学历", "全日制学历", "education"),
        "party_member": ("是否党员", "是否中共党员", "party_member"),
        "political_status": ("政治面貌", "political_status"),
        "post": ("职务", "现任职务", "担任职务", "post"),
        "secretary": ("是否书记", "是否村党组织书记", "secretary"),
        "director": ("是否主任", "是否村委会主任", "director"),
        "industry_project": ("是否有产业发展项目", "是否有产业项目", "industry_project"),
    },
    "collective_income": {
        "village_code": (*_CODE, "village_code"),
        "year": _YEAR,
        "income_yuan": ("集体经济收入(元)", "村集体经济收入(元)", "经营收入(元)", "income_yuan"),
        "income_wan": (
            "集体经济收入(万元)",
            "村集体经济收入(万元)",
            "经营收入(万元)",
            "income_wan",
        ),
    },
    "poverty_households": {
        "household_id": ("户编号", "户号", "家庭编号", "household_id"),
        "village_code": (*_CODE, "village_code"),
        "persons": ("家庭人口数", "人口数", "家庭人口", "户人口数", "persons"),
        "registered_year": ("识别年度", "纳入年度", "建档年度", "registered_year"),
        "exit_year": ("脱贫年度", "exit_year"),
    },
    "first_secretaries": {
        "person_id": _PERSON,
        "id_number": _ID_NUMBER,
        "village_code": ("驻村代码", *_CODE, "village_code"),
        "name": ("姓名", "name"),
        "dispatching_unit": ("派出单位", "选派单位", "dispatching_unit"),
        "start_date": ("开始日期", "驻村开始日期", "到村日期", "start_date"),
        "end_date": (
            "结束日期",
            "驻村结束日期",
            "驻村截止日期",
            "截止日期",
            "离村日期",
            "离任日期",
            "end_date",
        ),
    },
    "spot_checks": {
        "person_id": _PERSON,
        "id_number": _ID_NUMBER,
        "date": ("抽查日期", "检查日期", "date"),
        "present": ("是否在岗", "在岗", "present"),
    },
    "projects": {
        "village_code": (*_CODE, "village_code"),
        "year": _YEAR,
        "project_type": ("项目类型", "产业类型", "项目类别", "project_type"),
        "project_name": ("项目名称", "project_name"),
    },
    "reserve_cadres": {
        "person_id": _PERSON,
        "id_number": _ID_NUMBER,
        "village_code": (*_CODE, "village_code"),
        "year": _YEAR,
        "name": ("姓名", "name"),
    },
    "mobile_members": {
        "person_id": _PERSON,
        "id_number": _ID_NUMBER,
        "village_code": (*_CODE, "village_code"),
        "year": _YEAR,
        "participated": (
            "是否参与",
            "是否参加",
            "是否参与组织生活",
            "是否参加组织生活",
            "是否参加党组织生活",
            "参加组织生活",
            "participated",
        ),
    },
    "cadre_reviews": {
        "person_id": _PERSON,
        "id_number": _ID_NUMBER,
        "village_code": (*_CODE, "village_code"),
        "year": _YEAR,
        "removed": ("是否清理", "是否清退", "removed"),
    },
}
"""For each table: canonical (or source) column → the headers that mean it."""

SOURCE_COLUMNS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "cadres": {
        "post": ("secretary", "director"),
        "political_status": ("party_member",),
        "id_number": ("person_id", "birth_date", "sex"),
    },
    "collective_income": {"income_wan": ("income_yuan",)},
    **{
        table: {"id_number": ("person_id",)}
        for table in (
            "first_secretaries",
            "spot_checks",
            "reserve_cadres",
            "mobile_members",
            "cadre_reviews",
        )
    },
}
"""Source columns and the canonical columns each one can provide. An ID number is a
column of its own too: it provides the person id where none is given, and a cadre's
birth date and sex where those are blank (checked against them where they are not)."""

KEPT_SOURCES: Final[frozenset[str]] = frozenset({"post", "id_number"})
"""Source columns kept as columns of their own when their targets are given too."""

_BRACKETS = str.maketrans({"（": "(", "）": ")", "“": "", "”": "", '"': "", "《": "", "》": ""})


def normalise_header(text: object) -> str:
    """A header as compared: stripped, brackets made ASCII, quotes and spaces removed.

    >>> normalise_header(" 集体经济收入（万元） ")
    '集体经济收入(万元)'
    >>> normalise_header("Village_Code"), normalise_header("\\ufeff年度")
    ('village_code', '年度')
    """
    return re.sub(r"[\s\ufeff\u200b-\u200d\u2060]+", "", str(text).translate(_BRACKETS)).lower()


def header_lookup(table: str) -> dict[str, str]:
    """Normalised header → canonical or source column, for one table."""
    return {
        normalise_header(alias): column
        for column, aliases in HEADER_ALIASES[table].items()
        for alias in aliases
    }


def accepted_headers(table: str, column: str) -> str:
    """The headers that fill a column, for a message: '统计用区划代码 / 区划代码 / …'."""
    names = list(HEADER_ALIASES[table].get(column, ()))
    for source, targets in SOURCE_COLUMNS.get(table, {}).items():
        if column in targets:
            names.extend(HEADER_ALIASES[table][source])
    return " / ".join(dict.fromkeys(names))
