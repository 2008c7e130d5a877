"""Record files written the way a clerk on Chinese Windows writes them.

GBK CSV with a title row, workbooks with a merged title, 小计 rows, #N/A cells,
numbers typed as text, ID numbers that Excel turned into numbers, dates exported as
datetime text. Each function writes one file and returns its path; the small county of
``conftest`` gives the villages they point to.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pandas as pd
import xlsxwriter
from conftest import DIVISIONS, INCOME, VILLAGES, write_folder
from stdnum.cn import ric


def id_number(birth: str, sequence: int, area: str = "210283") -> str:
    """A valid 18-character ID number for a birth date 'YYYYMMDD' and a sequence."""
    body = f"{area}{birth}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


# Two villages' two-committee members, with ID numbers (odd sequence: a man).
PEOPLE = [
    # person id, village, name, sex, birth, ID number, education, status, post
    ("A1", "210283101201", "张三", "男", "1968-05-06", id_number("19680506", 123), "大学本科", "中共党员", "党支部书记、村委会主任"),
    ("A2", "210283101201", "李四", "女", "1975-11-02", id_number("19751102", 124), "中专", "群众", "村委会委员"),
    ("B1", "210283101202", "王五", "男", "1980-03-15", id_number("19800315", 35), "大专", "中共预备党员", "党总支书记"),
    ("B2", "210283101202", "赵六", "男", "1960-01-20", id_number("19600120", 17), "初中", "中共党员", "村委会主任"),
]  # fmt: skip


def roster(*, with_person_id: bool = True, with_birth: bool = True) -> pd.DataFrame:
    """The two villages' members as a roster frame with a 身份证号 column."""
    frame = pd.DataFrame(
        {
            "人员编号": [p[0] for p in PEOPLE],
            "所在村代码": [p[1] for p in PEOPLE],
            "年度": ["2020"] * len(PEOPLE),
            "姓名": [p[2] for p in PEOPLE],
            "性别": [p[3] for p in PEOPLE],
            "出生年月": [p[4][:7].replace("-", ".") for p in PEOPLE],
            "身份证号": [p[5] for p in PEOPLE],
            "学历": [p[6] for p in PEOPLE],
            "政治面貌": [p[7] for p in PEOPLE],
            "职务": [p[8] for p in PEOPLE],
        }
    )
    if not with_person_id:
        frame = frame.drop(columns=["人员编号"])
    if not with_birth:
        frame = frame.drop(columns=["出生年月", "性别"])
    return frame


def gbk_csv_with_title(path: Path, frame: pd.DataFrame, title: str) -> Path:
    """A CSV as Excel on Chinese Windows saves it: GBK, CRLF, a title row above the header."""
    body = frame.to_csv(index=False, lineterminator="\r\n")
    path.write_bytes((f"{title}\r\n" + body).encode("gbk"))
    return path


def county_with_roster(folder: Path, cadres: pd.DataFrame, encoding: str = "gbk") -> Path:
    """The small county, its roster replaced, every file GBK with a title row."""
    write_folder(folder, {"区划": DIVISIONS, "村基本情况": VILLAGES, "村集体经济收入": INCOME})
    gbk_csv_with_title(folder / "村两委成员.csv", cadres, "庄河市2020年村“两委”成员花名册")
    return folder


def clerk_workbook(path: Path, *, with_errors: bool = True) -> Path:
    """A workbook as a county office keeps it.

    Sheet 村基本情况: merged title, 年度 as '2020年' text, a 小计 row. Sheet 村两委成员: a
    merged title, the village code merged over its members' rows, ID numbers typed into
    number cells (scientific notation) for one person, birth dates as datetime text,
    an Excel date serial and a real date, #N/A from a failed VLOOKUP in 学历, a 合计 row.
    Sheet 村集体经济收入: incomes typed as text with thousands separators, in 万元.
    """
    book = xlsxwriter.Workbook(str(path))
    title = book.add_format({"bold": True, "align": "center"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    text = book.add_format({"num_format": "@"})

    divisions = book.add_worksheet("区划")
    divisions.write_row(0, 0, list(DIVISIONS.columns))
    for r, row in enumerate(DIVISIONS.itertuples(index=False), start=1):
        divisions.write_row(r, 0, [str(v) for v in row], text)

    villages = book.add_worksheet("村基本情况")
    villages.merge_range(0, 0, 0, 3, "庄河市2020年行政村基本情况表", title)
    villages.write_row(1, 0, ["统计用区划代码", "年度", "村名称", "是否软弱涣散"])
    villages.write_row(2, 0, ["210283101201", "2020年", "东山村", "是"], text)
    villages.write_row(3, 0, ["210283101202", "2020年", "西河村", "否"], text)
    villages.write_row(4, 0, ["", "", "青松镇小计", ""])

    cadres = book.add_worksheet("村两委成员")
    headers = ["所在村代码", "年度", "姓名", "性别", "出生年月", "身份证号", "学历", "职务"]
    cadres.merge_range(0, 0, 0, len(headers) - 1, "庄河市村“两委”成员名册", title)
    cadres.write_row(1, 0, headers)
    cadres.merge_range(2, 0, 3, 0, "210283101201", text)
    cadres.merge_range(4, 0, 5, 0, "210283101202", text)
    for r, person in enumerate(PEOPLE, start=2):
        cadres.write_number(r, 1, 2020)
        cadres.write_string(r, 2, person[2])
        cadres.write_string(r, 3, person[3])
        cadres.write_string(r, 7, person[8])
        if r == 4:  # the ID number typed into a General cell: Excel keeps 15 digits
            cadres.write_number(r, 5, float(person[5]))
        else:
            cadres.write_string(r, 5, person[5], text)
        if r == 3 and with_errors:  # a VLOOKUP that found nothing
            cadres.write_formula(r, 6, '=VLOOKUP("x",A1:A2,2,FALSE)', None, "#N/A")
        else:
            cadres.write_string(r, 6, person[6])
    cadres.write_string(2, 4, person_birth(0) + " 00:00:00")  # datetime exported as text
    cadres.write_number(3, 4, (dt.date(1975, 11, 2) - dt.date(1899, 12, 30)).days)  # a serial
    cadres.write_datetime(4, 4, dt.datetime(1980, 3, 15), date)
    cadres.write_string(5, 4, "1960.01")
    cadres.write_row(6, 0, ["", "", "合计", "", "", "", "", "4人"])

    income = book.add_worksheet("村集体经济收入")
    income.write_row(0, 0, ["村代码", "年度", "集体经济收入(万元)"])
    income.write_row(1, 0, ["210283101201", "2020", "3.70"], text)
    income.write_row(2, 0, ["210283101202", "2020", "1,000.5"], text)
    book.close()
    return path


def person_birth(index: int) -> str:
    return PEOPLE[index][4]


def zip_of_72_mb(path: Path, member: str, *, packed: bool = True) -> Path:
    """An archive whose one part holds 72,000,000 bytes of repeated XML: packed, a zip
    bomb (70 kB on disk, a thousand times less); stored, a part merely too large."""
    method = zipfile.ZIP_DEFLATED if packed else zipfile.ZIP_STORED
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<row/>" * 12_000_000)
    return path
