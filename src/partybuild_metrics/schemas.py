"""Pandera models of the seven record tables, with canonical English column names.

Each column's ``metadata["kind"]`` tells the reader how to parse what a clerk wrote
(see :mod:`partybuild_metrics.parsing`); the parser also enforces the form of codes
(12 digits for a village), so the models do not scan them a second time. Columns typed ``Optional`` may be absent from a
file; the reader then adds them filled with missing values, so later stages see every
column of every table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from partybuild_metrics.parsing import EDUCATION_DTYPE, LEVEL_DTYPE, SEX_DTYPE
from partybuild_metrics.vocabularies import DIVISION_LEVELS

MIN_YEAR, MAX_YEAR = 1949, 2100


def _kind(kind: str, **field: Any) -> Any:
    return pa.Field(metadata={"kind": kind}, **field)


def _unique(series: pd.Series) -> pd.Series:
    """True where a value occurs once (every copy of a duplicate is False).

    Sorting and comparing neighbours: Arrow sorts 30 million distinct strings in under
    two seconds, where hashing them (``duplicated``, ``nunique``) takes ten or more.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(series)
    order = pc.sort_indices(values)
    ordered = pc.take(values, order)
    if len(ordered) < 2:
        return pd.Series(True, index=series.index)
    same = pc.equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False)
    same = np.nan_to_num(same.astype(float)).astype(bool)
    repeated = np.zeros(len(ordered), dtype=bool)
    repeated[1:] |= same
    repeated[:-1] |= same
    in_place = np.empty(len(ordered), dtype=bool)
    in_place[order.to_numpy()] = repeated
    return pd.Series(~in_place, index=series.index)


class Divisions(pa.DataFrameModel):
    """区划: names of the 2/4/6/9/12-digit statistical division codes."""

    code: Series[str] = _kind("division_code")
    name: Series[str] = _kind("text")
    level: Series[pd.CategoricalDtype] = _kind(
        "level", dtype_kwargs={"categories": LEVEL_DTYPE.categories, "ordered": False}
    )

    @pa.check("code", name="field_uniqueness")
    def _code_unique(cls, series: pd.Series) -> pd.Series:
        return _unique(series)

    @pa.dataframe_check(name="level_matches_code_length")
    def _level_matches_code(cls, df: pd.DataFrame) -> pd.Series[bool]:
        lengths = df["level"].map(DIVISION_LEVELS)
        return (df["code"].str.len() == lengths.astype("float64")) | df["level"].isna()


VILLAGE_FLAGS: Final[tuple[str, ...]] = (
    "registered_poor",
    "low_income",
    "delisted",
    "industry_project",
    "weak_lax",
    "weak_lax_rectified",
)
"""The yes/no columns of the villages table."""


class Villages(pa.DataFrameModel):
    """村基本情况: one row per administrative village per year."""

    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    name: Series[str] = _kind("text")
    registered_poor: Series[pd.BooleanDtype] | None = _kind("bool", nullable=True)
    low_income: Series[pd.BooleanDtype] | None = _kind("bool", nullable=True)
    delisted: Series[pd.BooleanDtype] | None = _kind("bool", nullable=True)
    industry_project: Series[pd.BooleanDtype] | None = _kind("bool", nullable=True)
    weak_lax: Series[pd.BooleanDtype] | None = _kind("bool", nullable=True)
    weak_lax_rectified: Series[pd.BooleanDtype] | None = _kind("bool", nullable=True)

    class Config:
        unique = ["village_code", "year"]  # noqa: RUF012 (pandera reads a list)

    @pa.dataframe_check(name="delisted_not_low_income")
    def _delisted_needs_low_income(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return ~(df["delisted"].fillna(False) & (df["low_income"] == False).fillna(False))  # noqa: E712

    @pa.dataframe_check(name="rectified_not_weak_lax")
    def _rectified_needs_weak_lax(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return ~(df["weak_lax_rectified"].fillna(False) & (df["weak_lax"] == False).fillna(False))  # noqa: E712


def _not_future(series: pd.Series) -> pd.Series:
    return series.isna() | (series <= pd.Timestamp(dt.date.today()))


class Cadres(pa.DataFrameModel):
    """村"两委"成员: one row per member per year; secretary/director read from 职务."""

    person_id: Series[str] = _kind("text")
    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    name: Series[str] | None = _kind("text", nullable=True)
    sex: Series[pd.CategoricalDtype] | None = _kind(
        "sex", nullable=True, dtype_kwargs={"categories": SEX_DTYPE.categories, "ordered": False}
    )
    birth_date: Series[pd.Timestamp] | None = _kind(
        "date", nullable=True, ge=pd.Timestamp("1900-01-01")
    )
    education: Series[pd.CategoricalDtype] | None = _kind(
        "education",
        nullable=True,
        dtype_kwargs={"categories": EDUCATION_DTYPE.categories, "ordered": True},
    )
    party_member: Series[pd.BooleanDtype] | None = _kind("party_member", nullable=True)
    post: Series[str] | None = _kind("text", nullable=True)
    secretary: Series[bool] = _kind("bool_post")
    director: Series[bool] = _kind("bool_post")
    industry_project: Series[pd.BooleanDtype] | None = _kind("bool", nullable=True)

    class Config:
        unique = ["person_id", "year"]  # noqa: RUF012 (pandera reads a list)

    @pa.check("birth_date", name="birth_date_in_future")
    def _birth_not_future(cls, series: pd.Series) -> pd.Series:
        return _not_future(series)


class CollectiveIncome(pa.DataFrameModel):
    """村集体经济收入: one row per village per year, in yuan."""

    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    income_yuan: Series[float] = _kind("money", ge=0)

    class Config:
        unique = ["village_code", "year"]  # noqa: RUF012 (pandera reads a list)


class PovertyHouseholds(pa.DataFrameModel):
    """建档立卡贫困户: one row per registered household; exit_year empty = not exited."""

    household_id: Series[str] = _kind("text")
    village_code: Series[str] = _kind("village_code")
    persons: Series[int] = _kind("int", ge=1)
    registered_year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    exit_year: Series[pd.Int64Dtype] = _kind("year", nullable=True, ge=MIN_YEAR, le=MAX_YEAR)

    @pa.check("household_id", name="field_uniqueness")
    def _household_unique(cls, series: pd.Series) -> pd.Series:
        return _unique(series)

    @pa.dataframe_check(name="exit_before_registration")
    def _exit_after_registration(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return (df["exit_year"] >= df["registered_year"]).fillna(True).astype(bool)


class FirstSecretaries(pa.DataFrameModel):
    """驻村第一书记: one row per posting (person, village, term)."""

    person_id: Series[str] = _kind("text")
    village_code: Series[str] = _kind("village_code")
    name: Series[str] | None = _kind("text", nullable=True)
    dispatching_unit: Series[str] | None = _kind("text", nullable=True)
    start_date: Series[pd.Timestamp] = _kind("date")
    end_date: Series[pd.Timestamp] | None = _kind("date", nullable=True)

    class Config:
        unique = ["person_id", "village_code", "start_date"]  # noqa: RUF012 (pandera reads a list)

    @pa.dataframe_check(name="end_before_start")
    def _end_after_start(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return (
            (df["end_date"] >= df["start_date"]) | df["end_date"].isna() | df["start_date"].isna()
        )


class SpotChecks(pa.DataFrameModel):
    """在岗抽查: one row per spot check of a first secretary."""

    person_id: Series[str] = _kind("text")
    date: Series[pd.Timestamp] = _kind("date")
    present: Series[bool] = _kind("bool")

    @pa.check("date", name="date_in_future")
    def _check_not_future(cls, series: pd.Series) -> pd.Series:
        return _not_future(series)


class Projects(pa.DataFrameModel):
    """扶贫产业项目: one row per poverty-alleviation industry project in a village and year."""

    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    project_type: Series[str] = _kind("text")
    project_name: Series[str] | None = _kind("text", nullable=True)


class ReserveCadres(pa.DataFrameModel):
    """村级后备干部: one row per reserve cadre per year."""

    person_id: Series[str] = _kind("text")
    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    name: Series[str] | None = _kind("text", nullable=True)

    class Config:
        unique = ["person_id", "year"]  # noqa: RUF012 (pandera reads a list)


class MobileMembers(pa.DataFrameModel):
    """流动党员: one row per mobile Party member per year; participated = took part in activities."""

    person_id: Series[str] = _kind("text")
    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    participated: Series[pd.BooleanDtype] | None = _kind("bool", nullable=True)

    class Config:
        unique = ["person_id", "year"]  # noqa: RUF012 (pandera reads a list)


class CadreReviews(pa.DataFrameModel):
    """村干部联审: one row per two-committee cadre reviewed in a year; removed = 清理."""

    person_id: Series[str] = _kind("text")
    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    removed: Series[bool] = _kind("bool")

    class Config:
        unique = ["person_id", "year"]  # noqa: RUF012 (pandera reads a list)


@dataclass(frozen=True)
class TableSpec:
    """A record table: its model, its Chinese name, and the words that name its file or sheet."""

    name: str
    name_zh: str
    model: type[pa.DataFrameModel]
    file_words: tuple[str, ...]


TABLES: Final[dict[str, TableSpec]] = {
    spec.name: spec
    for spec in (
        # Order matters when a file name is matched: the more specific words come first.
        TableSpec("spot_checks", "在岗抽查", SpotChecks, ("spot_checks", "在岗抽查", "抽查")),
        TableSpec(
            "first_secretaries",
            "驻村第一书记",
            FirstSecretaries,
            ("first_secretaries", "驻村第一书记", "第一书记"),
        ),
        TableSpec(
            "poverty_households",
            "建档立卡贫困户",
            PovertyHouseholds,
            ("poverty_households", "建档立卡贫困户", "贫困户"),
        ),
        TableSpec(
            "collective_income",
            "村集体经济收入",
            CollectiveIncome,
            ("collective_income", "村集体经济收入", "集体经济收入", "集体经济"),
        ),
        TableSpec("projects", "扶贫产业项目", Projects, ("projects", "扶贫产业项目", "产业项目")),
        TableSpec("reserve_cadres", "村级后备干部", ReserveCadres, ("reserve_cadres", "后备干部")),
        TableSpec("mobile_members", "流动党员", MobileMembers, ("mobile_members", "流动党员")),
        TableSpec("cadre_reviews", "村干部联审", CadreReviews, ("cadre_reviews", "联审")),
        TableSpec("cadres", "村两委成员", Cadres, ("cadres", "村两委成员", "两委", "村干部")),
        TableSpec("divisions", "区划", Divisions, ("divisions", "区划", "行政区划")),
        TableSpec("villages", "村基本情况", Villages, ("villages", "村基本情况", "村情", "行政村")),
    )
}
"""Every record table, by canonical name."""

TABLE_ORDER: Final[tuple[str, ...]] = (
    "divisions",
    "villages",
    "cadres",
    "collective_income",
    "poverty_households",
    "first_secretaries",
    "spot_checks",
    "projects",
    "reserve_cadres",
    "mobile_members",
    "cadre_reviews",
)


@dataclass(frozen=True)
class ColumnSpec:
    """What the reader needs to know of one column."""

    name: str
    kind: str
    required: bool
    nullable: bool
    dtype: str


def columns_of(table: str) -> dict[str, ColumnSpec]:
    """The columns of a table, in order, from its pandera model.

    >>> list(columns_of("collective_income"))
    ['village_code', 'year', 'income_yuan']
    """
    schema = TABLES[table].model.to_schema()
    return {
        name: ColumnSpec(
            name=name,
            kind=column.metadata["kind"],
            required=column.required,
            nullable=column.nullable,
            dtype=str(column.dtype),
        )
        for name, column in schema.columns.items()
    }
