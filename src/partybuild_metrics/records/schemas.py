"""Pandera models of the seven record tables, with canonical English column names.

Each column's ``metadata["kind"]`` tells the reader how to parse what a clerk wrote
(see :mod:`partybuild_metrics.records.parsing`); the parser also enforces the form of codes
(12 digits for a village), so the models do not scan them a second time. Columns typed ``Optional`` may be absent from a
file; the reader then adds them filled with missing values, so later stages see every
column of every table.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from partybuild_metrics.records.parsing import (
    EDUCATION_DTYPE,
    LEVEL_DTYPE,
    SEX_DTYPE,
    whole_numbers,
)
from partybuild_metrics.records.vocabularies import DIVISION_LEVELS

MIN_YEAR, MAX_YEAR = 1949, 2100
MAX_INCOME_YUAN = 10**12
"""A village's collective income above 1万亿元 is a typing or unit error (and would
overflow the exact integer sums of the indicators)."""
MAX_PERSONS = 1000
"""No household has more members than this."""


def _kind(kind: str, **field: Any) -> Any:
    return pa.Field(metadata={"kind": kind}, **field)


def blank_or_bounded(column: str, check: str, bound: int) -> Any:
    """A model check on a nullable whole-number column: blanks pass, others must meet
    ``check`` (``greater_than_or_equal_to`` or ``less_than_or_equal_to``) ``bound``.

    It fails under the name pandera's builtin check gives. The builtin compares masked
    arrays and reduces the masked result twice: 0.2 s for one bound on 30 million rows.
    """
    holds = operator.ge if check == "greater_than_or_equal_to" else operator.le

    def within(cls: Any, series: pd.Series) -> pd.Series:
        numbers, blank = whole_numbers(series)
        return pd.Series(holds(numbers, bound) | blank, index=series.index, copy=False)

    within.__name__ = f"_{column}_{check}"
    decorator = pa.check(column, name=check, error=f"{check}({bound})", ignore_na=False)
    return decorator(within)


def _frame_check(**options: Any) -> Callable[[Callable[..., Any]], Any]:
    """A whole-row check. Rows that are blank throughout get no pass: pandera's test
    for them scans every cell of the frame, and the checks here handle blanks themselves."""
    decorator: Callable[[Callable[..., Any]], Any] = pa.dataframe_check(ignore_na=False, **options)
    return decorator


UNIQUE_CHECK: Final[str] = "unique:"
"""Name prefix of a model's key check; the key's columns follow, joined by ``+``."""


def unique_key(*columns: str) -> Any:
    """A model check: no two rows hold the same values in ``columns``; every copy fails."""

    def check(cls: Any, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(list(columns), keep=False)

    check.__name__ = "_unique_" + "_".join(columns)
    return _frame_check(name=UNIQUE_CHECK + "+".join(columns))(check)


class Divisions(pa.DataFrameModel):
    """区划: names of the 2/4/6/9/12-digit statistical division codes."""

    code: Series[str] = _kind("division_code")
    name: Series[str] = _kind("text")
    level: Series[pd.CategoricalDtype] = _kind(
        "level", dtype_kwargs={"categories": LEVEL_DTYPE.categories, "ordered": False}
    )

    _code_unique = unique_key("code")

    @_frame_check(name="level_matches_code_length")
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

    _key_unique = unique_key("village_code", "year")

    @_frame_check(name="delisted_not_low_income")
    def _delisted_needs_low_income(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return ~(df["delisted"].fillna(False) & (df["low_income"] == False).fillna(False))  # noqa: E712

    @_frame_check(name="rectified_not_weak_lax")
    def _rectified_needs_weak_lax(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return ~(df["weak_lax_rectified"].fillna(False) & (df["weak_lax"] == False).fillna(False))  # noqa: E712


MIN_CADRE_AGE: Final[int] = 18


def _not_future(series: pd.Series) -> pd.Series:
    return series.isna() | (series <= pd.Timestamp(dt.date.today()))


class Cadres(pa.DataFrameModel):
    """村"两委"成员: one row per member per year; secretary/director read from 职务."""

    person_id: Series[str] = _kind("person_id")
    id_number: Series[str] | None = _kind("id_number", nullable=True)
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

    _key_unique = unique_key("person_id", "year")

    @pa.check("birth_date", name="birth_date_in_future")
    def _birth_not_future(cls, series: pd.Series) -> pd.Series:
        return _not_future(series)

    @_frame_check(name="under_age_in_year")
    def _of_age(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """A member of the two committees is 18 or older (村民委员会组织法): born in the
        roster's year − 18 or before."""
        years, blank = whole_numbers(df["year"])
        born = df["birth_date"].dt.year.to_numpy(dtype="float64", na_value=np.nan)
        young = ~blank & (born > years - MIN_CADRE_AGE)  # NaN compares False: no birth date
        young &= _not_future(df["birth_date"]).to_numpy()  # a future date is its own problem
        return pd.Series(~young, index=df.index, copy=False)


class CollectiveIncome(pa.DataFrameModel):
    """村集体经济收入: one row per village per year, in yuan."""

    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    income_yuan: Series[float] = _kind("money", ge=0, le=MAX_INCOME_YUAN)

    _key_unique = unique_key("village_code", "year")


class PovertyHouseholds(pa.DataFrameModel):
    """建档立卡贫困户: one row per registered household; exit_year empty = not exited."""

    household_id: Series[str] = _kind("person_id")  # an id: Excel's numbers checked as for persons
    village_code: Series[str] = _kind("village_code")
    persons: Series[int] = _kind("int", ge=1, le=MAX_PERSONS)
    registered_year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    exit_year: Series[pd.Int64Dtype] = _kind("year", nullable=True)

    _household_unique = unique_key("household_id")
    _exit_from = blank_or_bounded("exit_year", "greater_than_or_equal_to", MIN_YEAR)
    _exit_until = blank_or_bounded("exit_year", "less_than_or_equal_to", MAX_YEAR)

    @_frame_check(name="exit_before_registration")
    def _exit_after_registration(cls, df: pd.DataFrame) -> pd.Series[bool]:
        exits, not_exited = whole_numbers(df["exit_year"])
        registered, blank = whole_numbers(df["registered_year"])
        return pd.Series((exits >= registered) | not_exited | blank, index=df.index, copy=False)


class FirstSecretaries(pa.DataFrameModel):
    """驻村第一书记: one row per posting (person, village, term)."""

    person_id: Series[str] = _kind("person_id")
    id_number: Series[str] | None = _kind("id_number", nullable=True)
    village_code: Series[str] = _kind("village_code")
    name: Series[str] | None = _kind("text", nullable=True)
    dispatching_unit: Series[str] | None = _kind("text", nullable=True)
    start_date: Series[pd.Timestamp] = _kind("date")
    end_date: Series[pd.Timestamp] | None = _kind("date", nullable=True)

    _key_unique = unique_key("person_id", "village_code", "start_date")

    @_frame_check(name="end_before_start")
    def _end_after_start(cls, df: pd.DataFrame) -> pd.Series[bool]:
        return (
            (df["end_date"] >= df["start_date"]) | df["end_date"].isna() | df["start_date"].isna()
        )


class SpotChecks(pa.DataFrameModel):
    """在岗抽查: one row per spot check of a first secretary."""

    person_id: Series[str] = _kind("person_id")
    id_number: Series[str] | None = _kind("id_number", nullable=True)
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

    person_id: Series[str] = _kind("person_id")
    id_number: Series[str] | None = _kind("id_number", nullable=True)
    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    name: Series[str] | None = _kind("text", nullable=True)

    _key_unique = unique_key("person_id", "year")


class MobileMembers(pa.DataFrameModel):
    """流动党员: one row per mobile Party member per year; participated = took part in activities."""

    person_id: Series[str] = _kind("person_id")
    id_number: Series[str] | None = _kind("id_number", nullable=True)
    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    participated: Series[pd.BooleanDtype] | None = _kind("bool", nullable=True)

    _key_unique = unique_key("person_id", "year")


class CadreReviews(pa.DataFrameModel):
    """村干部联审: one row per two-committee cadre reviewed in a year; removed = 清理."""

    person_id: Series[str] = _kind("person_id")
    id_number: Series[str] | None = _kind("id_number", nullable=True)
    village_code: Series[str] = _kind("village_code")
    year: Series[int] = _kind("year", ge=MIN_YEAR, le=MAX_YEAR)
    removed: Series[bool] = _kind("bool")

    _key_unique = unique_key("person_id", "year")


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
    return {spec.name: spec for spec in _column_specs(table)}


@functools.cache
def table_schema(table: str) -> Any:
    """The table's pandera schema, built once: pandera builds it from the model's type
    hints on every ``to_schema()`` (0.1 s over the tables of one national read)."""
    return TABLES[table].model.to_schema()


def key_of(table: str) -> list[str] | None:
    """The columns of the table's key (its model's uniqueness check), if it has one.

    >>> key_of("cadres"), key_of("projects")
    (['person_id', 'year'], None)
    """
    for check in table_schema(table).checks:
        if str(check.name).startswith(UNIQUE_CHECK):
            return str(check.name).removeprefix(UNIQUE_CHECK).split("+")
    return None


@functools.cache
def _column_specs(table: str) -> tuple[ColumnSpec, ...]:
    schema = table_schema(table)
    return tuple(
        ColumnSpec(
            name=name,
            kind=column.metadata["kind"],
            required=column.required,
            nullable=column.nullable,
            dtype=str(column.dtype),
        )
        for name, column in schema.columns.items()
    )
