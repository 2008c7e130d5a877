"""Seeded synthetic records: the sample county shipped in ``data/sample/``.

The sample county is *synthetic*. It is built so that its 2020 aggregates equal what
seed article 000 publishes for Zhuanghe (庄河市, code 210283): 205 villages, 133 with
one person in both posts, 147 secretaries with 大专 or above, 188 secretaries with an
industry project, 32 weak and lax organisations, 55 low-income villages all with an
industry project and 52 of them delisted, two-committee members aged 52 on average
(completed years at 31 December 2020). Townships, villages and people are invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from partybuild_metrics.records.parsing import EDUCATION_DTYPE, LEVEL_DTYPE
from partybuild_metrics.records.schemas import VILLAGE_FLAGS

COUNTY_CODE = "210283"
SAMPLE_SEED = 20200515
REFERENCE_YEAR = 2020


@dataclass(frozen=True)
class SampleTargets:
    """The aggregates a year of the sample county reproduces."""

    villages: int = 205
    one_person_two_posts: int = 133
    secretaries_college: int = 147
    secretaries_industry: int = 188
    weak_lax: int = 32
    weak_lax_rectified: int = 30
    low_income: int = 55
    delisted: int = 52
    members: int = 831
    mean_age: int = 52


ZHUANGHE_2020 = SampleTargets()

_TOWNSHIPS = [
    ("101", "青松镇"), ("102", "石门镇"), ("103", "河源镇"), ("104", "东岭镇"),
    ("105", "南沟镇"), ("106", "北山镇"), ("107", "龙泉镇"), ("108", "杏林镇"),
    ("109", "枫林镇"), ("110", "明湖镇"), ("201", "桃源乡"), ("202", "西湖乡"),
]  # fmt: skip
_NAME_HEADS = list("前后东西南北大小上下新老高黄杨李王张马柳")
_NAME_TAILS = list("家庄山河沟岭屯堡台店营泉树峪坨")
_SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰春红建国志文斌海波宁辉鹏林峰")
_UNITS = [
    "庄河市委组织部", "庄河市农业农村局", "庄河市财政局", "庄河市教育局", "庄河市卫生健康局",
    "庄河市交通运输局", "庄河市水务局", "庄河市自然资源局", "大连市直机关工委", "庄河市供电公司",
]  # fmt: skip


def _names(rng: np.random.Generator, count: int) -> list[str]:
    surnames = rng.choice(_SURNAMES, count)
    first = rng.choice(_GIVEN, count)
    second = rng.choice([*_GIVEN, ""], count)
    return [f"{a}{b}{c}" for a, b, c in zip(surnames, first, second, strict=True)]


def _pick(rng: np.random.Generator, count: int, size: int) -> np.ndarray:
    """A boolean mask with exactly ``count`` True values among ``size``."""
    mask = np.zeros(size, dtype=bool)
    mask[rng.choice(size, count, replace=False)] = True
    return mask


def _divisions(villages: pd.DataFrame) -> pd.DataFrame:
    rows = [
        ("21", "辽宁省", "province"),
        ("2102", "大连市", "city"),
        (COUNTY_CODE, "庄河市", "county"),
    ]
    rows += [(COUNTY_CODE + code, name, "township") for code, name in _TOWNSHIPS]
    rows += list(
        zip(villages["village_code"], villages["name"], ["village"] * len(villages), strict=True)
    )
    frame = pd.DataFrame(rows, columns=["code", "name", "level"])
    frame["code"] = frame["code"].astype("str")
    frame["name"] = frame["name"].astype("str")
    frame["level"] = frame["level"].astype(LEVEL_DTYPE)
    return frame


def _village_list(rng: np.random.Generator, count: int) -> pd.DataFrame:
    names = rng.permutation([h + t + "村" for h in _NAME_HEADS for t in _NAME_TAILS])[:count]
    township = np.sort(np.arange(count) % len(_TOWNSHIPS))
    codes: list[str] = []
    serial: dict[int, int] = {}
    for t in township:
        serial[t] = serial.get(t, 200) + 1
        codes.append(f"{COUNTY_CODE}{_TOWNSHIPS[t][0]}{serial[t]:03d}")
    return pd.DataFrame({"village_code": codes, "name": names})


def _villages(rng: np.random.Generator, base: pd.DataFrame, t: SampleTargets) -> pd.DataFrame:
    n = len(base)
    low_income = _pick(rng, t.low_income, n)
    frames = []
    for year, delisted_count, weak_count, rectified_count in (
        (2017, 10, 40, 28), (2018, 20, 38, 30), (2019, 40, 35, 33), (REFERENCE_YEAR, t.delisted, t.weak_lax, t.weak_lax_rectified),
    ):  # fmt: skip
        delisted = np.zeros(n, dtype=bool)
        delisted[np.flatnonzero(low_income)[:delisted_count]] = True
        weak = _pick(rng, min(weak_count, n), n)
        rectified = np.zeros(n, dtype=bool)
        rectified[np.flatnonzero(weak)[:rectified_count]] = True
        industry = low_income | (rng.random(n) < 0.55)
        frames.append(
            base.assign(
                year=year,
                registered_poor=low_income,
                low_income=low_income,
                delisted=delisted,
                industry_project=industry,
                weak_lax=weak,
                weak_lax_rectified=rectified,
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    flags = list(VILLAGE_FLAGS)
    frame[flags] = frame[flags].astype("boolean")
    frame["year"] = frame["year"].astype("int64")
    frame["village_code"] = frame["village_code"].astype("str")
    frame["name"] = frame["name"].astype("str")
    return frame[["village_code", "year", "name", *flags]]


def _ages(rng: np.random.Generator, count: int, mean: int, secretary: np.ndarray) -> np.ndarray:
    """Whole ages with exactly the target mean."""
    ages = np.where(secretary, rng.normal(49, 7, count), rng.normal(53.5, 9, count))
    ages = np.clip(np.rint(ages), 26, 72).astype(int)
    gap = mean * count - int(ages.sum())
    while gap:
        step = 1 if gap > 0 else -1
        movable = np.flatnonzero((ages + step >= 26) & (ages + step <= 72))
        chosen = rng.choice(movable, min(abs(gap), len(movable)), replace=False)
        ages[chosen] += step
        gap -= step * len(chosen)
    return ages


def _cadres(rng: np.random.Generator, villages: pd.DataFrame, t: SampleTargets) -> pd.DataFrame:
    n = len(villages)
    dual = _pick(rng, t.one_person_two_posts, n)
    extra_members = t.members - n - int((~dual).sum())
    members_per_village = np.full(n, extra_members // n)
    members_per_village[rng.choice(n, extra_members % n, replace=False)] += 1
    secretary_posts = ["党支部书记", "党总支书记", "党委书记"]
    dual_posts = [
        "党支部书记、村委会主任",
        "党总支书记兼村委会主任",
        "书记、主任",
        "一肩挑",
        "党委书记、村委会主任",
    ]
    member_posts = [
        "村委会委员",
        "党支部委员",
        "党支部委员、村委会委员",
        "党支部副书记",
        "村委会委员、妇女主任",
        "村委会副主任",
    ]
    rows: list[tuple[str, str, bool, bool]] = []
    for i, code in enumerate(villages["village_code"]):
        if dual[i]:
            rows.append((code, str(rng.choice(dual_posts)), True, True))
        else:
            rows.append((code, str(rng.choice(secretary_posts)), True, False))
            rows.append((code, "村委会主任", False, True))
        rows += [
            (code, str(rng.choice(member_posts)), False, False)
            for _ in range(members_per_village[i])
        ]
    frame = pd.DataFrame(rows, columns=["village_code", "post", "secretary", "director"])
    count = len(frame)
    secretary = frame["secretary"].to_numpy()
    education = rng.choice(
        ["高中", "大专", "本科", "初中"], count, p=[0.5, 0.3, 0.12, 0.08]
    ).astype(object)
    sec_rows = np.flatnonzero(secretary)
    college = _pick(rng, t.secretaries_college, len(sec_rows))
    education[sec_rows[college]] = rng.choice(
        ["大专", "本科", "研究生"], int(college.sum()), p=[0.66, 0.32, 0.02]
    )
    education[sec_rows[~college]] = rng.choice(
        ["高中", "初中"], int((~college).sum()), p=[0.8, 0.2]
    )
    industry = rng.random(count) < 0.5
    industry[sec_rows] = _pick(rng, t.secretaries_industry, len(sec_rows))
    ages = _ages(rng, count, t.mean_age, secretary)
    months = rng.integers(1, 13, count)
    birth = pd.to_datetime(
        {"year": REFERENCE_YEAR - ages, "month": months, "day": np.ones(count, int)}
    )
    female = np.where(secretary, rng.random(count) < 0.08, rng.random(count) < 0.3)
    status = np.where(
        secretary | (rng.random(count) < 0.7),
        np.where(rng.random(count) < 0.04, "中共预备党员", "中共党员"),
        rng.choice(["群众", "共青团员"], count, p=[0.85, 0.15]),
    )
    frame["person_id"] = [f"P{REFERENCE_YEAR}{i + 1:05d}" for i in range(count)]
    frame["name"] = _names(rng, count)
    frame["sex"] = np.where(female, "女", "男")
    frame["birth_date"] = birth.astype("datetime64[ns]")
    frame["education"] = pd.Categorical(education, dtype=EDUCATION_DTYPE)
    frame["political_status"] = status
    frame["industry_project"] = industry
    frame["year"] = REFERENCE_YEAR
    return frame


def _cadres_2019(rng: np.random.Generator, cadres: pd.DataFrame) -> pd.DataFrame:
    """The year before: the same people, but 13 dual villages still had a separate director."""
    earlier = cadres.copy()
    earlier["year"] = REFERENCE_YEAR - 1
    dual_rows = np.flatnonzero((earlier["secretary"] & earlier["director"]).to_numpy())
    split = rng.choice(dual_rows, min(13, len(dual_rows)), replace=False)
    earlier.loc[split, "director"] = False
    earlier.loc[split, "post"] = "党支部书记"
    directors = earlier.loc[split].copy()
    directors["secretary"], directors["director"], directors["post"] = False, True, "村委会主任"
    directors["person_id"] = [f"P{REFERENCE_YEAR - 1}{i + 1:05d}" for i in range(len(directors))]
    directors["name"] = _names(rng, len(directors))
    directors["education"] = pd.Categorical(["高中"] * len(directors), dtype=EDUCATION_DTYPE)
    directors["political_status"] = "中共党员"
    return pd.concat([earlier, directors], ignore_index=True)


def _income(rng: np.random.Generator, codes: pd.Series) -> pd.DataFrame:
    n = len(codes)
    frames = []
    hollow = np.ones(n, dtype=bool)
    for year, hollow_count in ((2017, 60), (2018, 50), (2019, 45), (REFERENCE_YEAR, 10)):
        keep = np.flatnonzero(hollow)
        still = np.zeros(n, dtype=bool)
        still[rng.choice(keep, min(hollow_count, len(keep)), replace=False)] = True
        hollow = still
        income = np.round(rng.lognormal(np.log(90_000), 0.9, n) / 100) * 100
        income = np.where(hollow, 0.0, np.maximum(income, 3_000.0))
        frames.append(pd.DataFrame({"village_code": codes, "year": year, "income_yuan": income}))
    frame = pd.concat(frames, ignore_index=True)
    frame["village_code"] = frame["village_code"].astype("str")
    frame["year"] = frame["year"].astype("int64")
    return frame


def _households(rng: np.random.Generator, poor_codes: list[str]) -> pd.DataFrame:
    rows = []
    for code in poor_codes:
        for k in range(int(rng.integers(15, 50))):
            registered = int(rng.choice([2014, 2015, 2016], p=[0.6, 0.25, 0.15]))
            exit_year = int(rng.integers(max(registered, 2015), REFERENCE_YEAR + 1))
            rows.append(
                (
                    f"H{code}{k + 1:03d}",
                    code,
                    int(rng.choice([1, 2, 3, 4, 5, 6], p=[0.3, 0.3, 0.2, 0.12, 0.05, 0.03])),
                    registered,
                    exit_year,
                )
            )
    frame = pd.DataFrame(
        rows, columns=["household_id", "village_code", "persons", "registered_year", "exit_year"]
    )
    frame["exit_year"] = frame["exit_year"].astype("Int64")
    frame.loc[rng.choice(len(frame), 8, replace=False), "exit_year"] = pd.NA
    frame["household_id"] = frame["household_id"].astype("str")
    frame["village_code"] = frame["village_code"].astype("str")
    return frame


def _first_secretaries(
    rng: np.random.Generator, villages: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    latest = villages[villages["year"] == REFERENCE_YEAR]
    chosen = latest[latest["low_income"].astype(bool) | latest["weak_lax"].astype(bool)][
        "village_code"
    ].tolist()
    replaced = set(rng.choice(chosen, min(34, len(chosen)), replace=False).tolist())
    rows: list[tuple[str, str, str, str | None]] = []
    for code in chosen:
        unit = str(rng.choice(_UNITS))
        if code in replaced:
            rows.append((code, unit, "2018-05-02", "2019-12-31"))
            rows.append((code, str(rng.choice(_UNITS)), "2020-01-15", None))
        else:
            rows.append((code, unit, "2018-05-02", None))
    frame = pd.DataFrame(
        rows, columns=["village_code", "dispatching_unit", "start_date", "end_date"]
    )
    frame.insert(0, "person_id", [f"F{i + 1:04d}" for i in range(len(frame))])
    frame.insert(2, "name", _names(rng, len(frame)))
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    checks = []
    for year in (2019, REFERENCE_YEAR):
        start, end = pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-12-31")
        in_post = frame[
            (frame["start_date"] <= end) & (frame["end_date"].isna() | (frame["end_date"] >= start))
        ]
        sample = in_post.sample(frac=0.15, random_state=int(rng.integers(1 << 31)))
        starts = sample["start_date"].where(sample["start_date"] > start, start)
        days = rng.integers(0, 300, len(sample))
        dates = starts + pd.to_timedelta(days, unit="D")
        dates = dates.where(dates <= end, end)
        checks.append(
            pd.DataFrame(
                {
                    "person_id": sample["person_id"].to_numpy(),
                    "date": dates.to_numpy(),
                    "present": rng.random(len(sample)) < 0.93,
                }
            )
        )
    spot = pd.concat(checks, ignore_index=True).sort_values(
        ["date", "person_id"], ignore_index=True
    )
    spot["date"] = spot["date"].astype("datetime64[ns]")
    return frame, spot


PROJECT_TYPES = {
    "设施草莓": 28,
    "设施番茄": 5,
    "设施食用菌": 17,
    "草蓂种菌繁育": 1,
    "设施黄瓜制种": 3,
    "农家院": 8,
}
"""Seed 000's projects by type in Zhuanghe's low-income villages: 62 projects in 55 villages."""


def _projects(rng: np.random.Generator, low_income_codes: list[str]) -> pd.DataFrame:
    types = list(rng.permutation([t for t, count in PROJECT_TYPES.items() for _ in range(count)]))
    # every low-income village gets one project; the rest go to low-income villages drawn at random
    first = low_income_codes[: len(types)]
    extra = rng.choice(low_income_codes, max(0, len(types) - len(first)), replace=True).tolist()
    codes = [*first, *extra]
    frame = pd.DataFrame(
        {"village_code": codes, "year": REFERENCE_YEAR, "project_type": types[: len(codes)]}
    )
    frame["project_name"] = frame["project_type"] + "项目"
    frame = frame.sort_values(["village_code", "project_type"], ignore_index=True)
    return frame.astype(
        {"village_code": "str", "project_type": "str", "project_name": "str", "year": "int64"}
    )


def _people(rng: np.random.Generator, codes: list[str], count: int, prefix: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person_id": [f"{prefix}{i + 1:05d}" for i in range(count)],
            "village_code": pd.Series(rng.choice(codes, count), dtype="str"),
            "year": REFERENCE_YEAR,
        }
    )


def _cadre_work(
    rng: np.random.Generator, codes: list[str], cadres: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    reserve = _people(rng, codes, 663, "R")  # 储备村级后备干部660余名
    reserve["name"] = _names(rng, len(reserve))
    mobile = _people(rng, codes, 320, "M")
    mobile["participated"] = pd.array(rng.random(len(mobile)) < 0.9, dtype="boolean")
    latest = cadres[cadres["year"] == REFERENCE_YEAR]
    reviews = latest[["person_id", "village_code", "year"]].reset_index(drop=True)
    removed = np.zeros(len(reviews), dtype=bool)
    removed[rng.choice(len(reviews), min(19, len(reviews)), replace=False)] = (
        True  # 联审831人,清理19人
    )
    reviews["removed"] = removed
    return {"reserve_cadres": reserve, "mobile_members": mobile, "cadre_reviews": reviews}


def sample_county(
    seed: int = SAMPLE_SEED, targets: SampleTargets = ZHUANGHE_2020
) -> dict[str, pd.DataFrame]:
    """The synthetic sample county as raw tables (cadres keep 职务 and 政治面貌 as text).

    >>> tables = sample_county()
    >>> latest = tables["cadres"][tables["cadres"]["year"] == 2020]
    >>> int((latest["secretary"] & latest["director"]).sum()), len(latest)
    (133, 831)
    """
    rng = np.random.default_rng(seed)
    base = _village_list(rng, targets.villages)
    villages = _villages(rng, base, targets)
    latest = villages[villages["year"] == REFERENCE_YEAR].reset_index(drop=True)
    cadres = _cadres(rng, latest, targets)
    cadres = pd.concat([_cadres_2019(rng, cadres), cadres], ignore_index=True)
    poor = latest.loc[latest["registered_poor"].astype(bool), "village_code"].tolist()
    first, spot = _first_secretaries(rng, villages)
    low_income = latest.loc[latest["low_income"].astype(bool), "village_code"].tolist()
    codes = latest["village_code"].tolist()
    return {
        "projects": _projects(rng, low_income),
        **_cadre_work(rng, codes, cadres),
        "divisions": _divisions(base),
        "villages": villages,
        "cadres": cadres,
        "collective_income": _income(rng, base["village_code"]),
        "poverty_households": _households(rng, poor),
        "first_secretaries": first,
        "spot_checks": spot,
    }


_WORKBOOK_HEADERS: dict[str, dict[str, str]] = {
    "divisions": {"code": "统计用区划代码", "name": "名称", "level": "级别"},
    "villages": {
        "village_code": "统计用区划代码", "year": "年度", "name": "村名称",
        "registered_poor": "是否建档立卡贫困村", "low_income": "是否低收入村", "delisted": "是否销号",
        "industry_project": "是否有扶贫产业项目", "weak_lax": "是否软弱涣散", "weak_lax_rectified": "是否整顿完成",
    },
    "cadres": {
        "person_id": "人员编号", "village_code": "所在村代码", "year": "年度", "name": "姓名", "sex": "性别",
        "birth_date": "出生年月", "education": "学历", "political_status": "政治面貌", "post": "职务",
        "industry_project": "是否有产业发展项目",
    },
    "collective_income": {"village_code": "村代码", "year": "年度", "income_yuan": "集体经济收入(万元)"},
    "poverty_households": {
        "household_id": "户编号", "village_code": "所在村代码", "persons": "家庭人口数",
        "registered_year": "识别年度", "exit_year": "脱贫年度",
    },
    "first_secretaries": {
        "person_id": "人员编号", "village_code": "驻村代码", "name": "姓名", "dispatching_unit": "派出单位",
        "start_date": "开始日期", "end_date": "结束日期",
    },
    "spot_checks": {"person_id": "人员编号", "date": "抽查日期", "present": "是否在岗"},
    "projects": {"village_code": "所在村代码", "year": "年度", "project_type": "项目类型", "project_name": "项目名称"},
    "reserve_cadres": {"person_id": "人员编号", "village_code": "所在村代码", "year": "年度", "name": "姓名"},
    "mobile_members": {"person_id": "人员编号", "village_code": "所在村代码", "year": "年度", "participated": "是否参与"},
    "cadre_reviews": {"person_id": "人员编号", "village_code": "所在村代码", "year": "年度", "removed": "是否清理"},
}  # fmt: skip
_SHEETS = {
    "divisions": "区划", "villages": "村基本情况", "cadres": "村两委成员", "collective_income": "村集体经济收入",
    "poverty_households": "建档立卡贫困户", "first_secretaries": "驻村第一书记", "spot_checks": "在岗抽查",
    "projects": "扶贫产业项目", "reserve_cadres": "村级后备干部", "mobile_members": "流动党员", "cadre_reviews": "村干部联审",
}  # fmt: skip
_LEVEL_ZH = {"province": "省", "city": "市", "county": "县", "township": "乡镇", "village": "村"}
_EDUCATION_AS_WRITTEN = {"本科": "大学本科", "大专": "大学专科", "研究生": "硕士研究生"}


def _clerk_cells(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Values as a clerk writes them: 是/否, 1968.05, 万元, 12-digit padded division codes."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.BooleanDtype) or values.dtype == bool:
            out[column] = values.map({True: "是", False: "否"}).astype(object)
    if table == "divisions":
        out["code"] = out["code"].str.ljust(12, "0")
        out["level"] = out["level"].astype(str).map(_LEVEL_ZH)
    if table == "cadres":
        out["birth_date"] = out["birth_date"].dt.strftime("%Y.%m")
        out["education"] = out["education"].astype(str).replace(_EDUCATION_AS_WRITTEN)
    if table == "collective_income":
        out["income_yuan"] = out["income_yuan"] / 10_000
    return out


def write_clerk_workbook(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """Write the tables as an organisation department keeps them: Chinese sheets and headers.

    The workbook's creation time is fixed, so the same tables give the same bytes.
    """
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    workbook.set_properties(
        {"title": "庄河市村级组织建设台账(合成数据)", "author": "partybuild_metrics synth",
         "created": dt.datetime(2021, 1, 1)}
    )  # fmt: skip
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    bold = workbook.add_format({"bold": True})
    for table, headers in _WORKBOOK_HEADERS.items():
        sheet = workbook.add_worksheet(_SHEETS[table])
        frame = _clerk_cells(table, tables[table])[list(headers)]
        top = 0
        if table == "cadres":
            sheet.write(0, 0, "庄河市村“两委”成员名册(合成数据,非真实人员)", bold)
            top = 1
        sheet.write_row(top, 0, list(headers.values()), bold)
        for r, row in enumerate(frame.itertuples(index=False), start=top + 1):
            for c, value in enumerate(row):
                if not isinstance(value, str) and pd.isna(value):
                    continue
                if isinstance(value, pd.Timestamp):
                    sheet.write_datetime(r, c, value.to_pydatetime(), date_format)
                elif isinstance(value, (int, float, np.integer, np.floating)):
                    sheet.write_number(r, c, float(value))
                else:
                    sheet.write_string(r, c, str(value))
        sheet.freeze_panes(top + 1, 0)
    workbook.close()
    return path


def write_sample(out_dir: str | Path, seed: int = SAMPLE_SEED) -> Path:
    """Write the sample county: ``zhuanghe.xlsx`` (as a clerk keeps it) and ``parquet/``.

    The Parquet tables are what :func:`~partybuild_metrics.read_dataset` accepts from the
    workbook, so both give identical frames.
    """
    from partybuild_metrics.records.dataset import read_dataset

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    workbook = write_clerk_workbook(sample_county(seed), out / "zhuanghe.xlsx")
    dataset = read_dataset(workbook, strict=True)
    dataset.to_parquet(out / "parquet")
    return out
