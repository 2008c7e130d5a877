"""The records prepared once per computation, and helpers that build contributions.

Codes become int64 (``210283101201``) so that grouping by level is integer division,
and yes/no columns become plain bools where a missing value counts as "no" in a
numerator. Each indicator's definition says how missing values are counted.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from partybuild_metrics.records.dataset import Dataset
from partybuild_metrics.records.parsing import code_numbers
from partybuild_metrics.records.schemas import VILLAGE_FLAGS


def contributions(
    code: pd.Series | np.ndarray,
    year: pd.Series | np.ndarray | int,
    numerator: pd.Series | np.ndarray | int,
    denominator: pd.Series | np.ndarray | int | None = 1,
    category: pd.Series | pd.Categorical | np.ndarray | str = "",
) -> pd.DataFrame:
    """Sum numerators and denominators by village, year and category.

    >>> contributions(np.array([1, 1, 2]), 2020, np.array([True, False, True]))
       code  year category  numerator  denominator
    0     1  2020                   1            2
    1     2  2020                   1            1
    """
    frame = pd.DataFrame(
        {
            "code": np.asarray(code, dtype="int64"),
            "year": year,
            "category": category,
            "numerator": np.asarray(numerator, dtype="int64")
            if not np.isscalar(numerator)
            else numerator,
            "denominator": 0 if denominator is None else denominator,
        }
    )
    frame["numerator"] = frame["numerator"].astype("int64")
    frame["denominator"] = frame["denominator"].astype("int64")
    summed = frame.groupby(["code", "year", "category"], sort=True, observed=True)[
        ["numerator", "denominator"]
    ].sum()
    return summed.reset_index()


def _int_code(codes: pd.Series) -> np.ndarray:
    return code_numbers(codes)


def completed_age(birth: pd.Series, reference: pd.Series | pd.Timestamp) -> pd.Series:
    """Completed years of age at ``reference`` (a birthday on the reference date counts).

    >>> completed_age(pd.Series(pd.to_datetime(["1968-12-31", "1969-01-01"])), pd.Timestamp("2020-12-31")).tolist()
    [52, 51]
    """
    ref = reference if isinstance(reference, pd.Series) else pd.Series(reference, index=birth.index)
    before_birthday = (birth.dt.month > ref.dt.month) | (
        (birth.dt.month == ref.dt.month) & (birth.dt.day > ref.dt.day)
    )
    age: pd.Series = ref.dt.year - birth.dt.year - before_birthday.astype("Int64")
    return age


class Records:
    """A Dataset made ready for indicators; each table is prepared at most once."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    @cached_property
    def all_villages(self) -> pd.DataFrame:
        """Villages with int codes; yes/no flags as bool (missing = no)."""
        v = self.dataset.villages
        flags = list(VILLAGE_FLAGS)
        out = pd.DataFrame({"code": _int_code(v["village_code"]), "year": v["year"].to_numpy()})
        for flag in flags:
            out[flag] = v[flag].fillna(False).astype(bool).to_numpy()
        return out

    def villages(self, years: list[int]) -> pd.DataFrame:
        """Villages of the given years."""
        v = self.all_villages
        return v[v["year"].isin(years)]

    @cached_property
    def all_cadres(self) -> pd.DataFrame:
        c = self.dataset.cadres
        return pd.DataFrame(
            {
                "code": _int_code(c["village_code"]),
                "year": c["year"].to_numpy(),
                "secretary": c["secretary"].fillna(False).astype(bool).to_numpy(),
                "director": c["director"].fillna(False).astype(bool).to_numpy(),
                "education": c["education"].array,
                "education_rank": c["education"].cat.codes.to_numpy(),  # -1 = unknown
                "female": (c["sex"] == "女").fillna(False).astype(bool).to_numpy(),
                "male": (c["sex"] == "男").fillna(False).astype(bool).to_numpy(),
                "party_member": c["party_member"].fillna(False).astype(bool).to_numpy(),
                "industry_project": c["industry_project"].fillna(False).astype(bool).to_numpy(),
                "birth_date": c["birth_date"].to_numpy(),
            }
        )

    def cadres(self, years: list[int], population: str = "members") -> pd.DataFrame:
        """Two-committee members of the given years: all, or only secretaries or directors."""
        c = self.all_cadres
        c = c[c["year"].isin(years)]
        if population == "secretaries":
            return c[c["secretary"]]
        if population == "directors":
            return c[c["director"]]
        if population != "members":
            raise ValueError(
                f"`population` must be one of 'members', 'secretaries', 'directors', got '{population}'"
            )
        return c

    @cached_property
    def income(self) -> pd.DataFrame:
        """Collective income in whole yuan (fen rounded half up per village-year)."""
        i = self.dataset.collective_income
        yuan = np.floor(i["income_yuan"].to_numpy() + 0.5).astype("int64")
        return pd.DataFrame(
            {"code": _int_code(i["village_code"]), "year": i["year"].to_numpy(), "yuan": yuan}
        )

    @cached_property
    def household_groups(self) -> pd.DataFrame:
        """Households counted by village, registration year and exit year (-1 = not exited)."""
        h = self.dataset.poverty_households
        frame = pd.DataFrame(
            {
                "code": _int_code(h["village_code"]),
                "registered_year": h["registered_year"].to_numpy(),
                "exit_year": h["exit_year"].fillna(-1).astype("int64").to_numpy(),
                "households": 1,
                "persons": h["persons"].to_numpy(),
            }
        )
        keys = ["code", "registered_year", "exit_year"]
        return frame.groupby(keys, sort=False)[["households", "persons"]].sum().reset_index()

    @cached_property
    def postings(self) -> pd.DataFrame:
        """First-secretary postings with int codes; an open term ends far in the future."""
        f = self.dataset.first_secretaries
        return pd.DataFrame(
            {
                "person_id": f["person_id"].to_numpy(),
                "code": _int_code(f["village_code"]),
                "start": f["start_date"].to_numpy(),
                "end": f["end_date"].fillna(pd.Timestamp.max.normalize()).to_numpy(),
            }
        )

    def postings_in_year(self, year: int) -> pd.DataFrame:
        """Postings whose term overlaps the calendar year."""
        p = self.postings
        first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        return p[(p["start"] <= last) & (p["end"] >= first)]
