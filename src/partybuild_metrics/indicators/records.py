"""The records as an indicator sees them: Ibis tables, ready to count from.

Every table keeps its village code as ``code`` (12-digit text) and its ``year``; yes/no
columns are plain booleans where a blank counts as "no" in a numerator. The tables
named after the records (``villages``, ``cadres`` …) hold the rows of the years being
computed; the ``all_`` ones hold every year, for definitions that look back.
Each definition says how missing values are counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import cached_property

import ibis
import ibis.expr.types as ir
from ibis import _

from partybuild_metrics.records.schemas import VILLAGE_FLAGS

FAR_FUTURE = ibis.timestamp(dt.datetime(2262, 4, 11))
"""An open term (no end date) ends here: the last day a pandas timestamp can hold."""
POPULATIONS = ("members", "secretaries", "directors")


def completed_age(birth: ir.TimestampValue, reference: ir.Value | dt.date) -> ir.IntegerValue:
    """Completed years of age at ``reference`` (a birthday on the reference date counts).

    >>> t = ibis.memtable({"birth": [dt.datetime(1968, 12, 31), dt.datetime(1969, 1, 1)]})
    >>> ibis.duckdb.connect().to_pyarrow(completed_age(t.birth, dt.date(2020, 12, 31))).to_pylist()
    [52, 51]
    """
    ref = ibis.date(reference) if isinstance(reference, dt.date) else reference
    ref_year, ref_month, ref_day = ref.year(), ref.month(), ref.day()
    before_birthday = (birth.month() > ref_month) | (
        (birth.month() == ref_month) & (birth.day() > ref_day)
    )
    age: ir.IntegerValue = ref_year - birth.year() - before_birthday.cast("int64")
    return age


class Records:
    """The record tables of a Dataset as Ibis tables, for the years being computed.

    ``tables`` maps each record table's name to an Ibis table with the columns of its
    model (:func:`partybuild_metrics.columns_of`); the engine provides them, and
    ``year_table``, one row per year computed (``year``), in the same backend.
    """

    def __init__(
        self, tables: Mapping[str, ir.Table], years: list[int], year_table: ir.Table | None = None
    ) -> None:
        self.tables = tables
        self.years = list(years)
        self.year_table = (
            year_table
            if year_table is not None
            else ibis.memtable({"year": self.years}, schema={"year": "int64"})
        )
        """One row per year computed, for relations without a year column."""

    def _in_years(self, table: ir.Table) -> ir.Table:
        return table.filter(table.year.isin(self.years))

    @cached_property
    def all_villages(self) -> ir.Table:
        """Villages of every year: code, year, name and the yes/no flags (blank = no)."""
        v = self.tables["villages"]
        flags = {flag: v[flag].fill_null(False) for flag in VILLAGE_FLAGS}
        return v.select(code=v.village_code, year=v.year.cast("int64"), name=v.name, **flags)

    @cached_property
    def villages(self) -> ir.Table:
        """Villages of the years computed."""
        return self._in_years(self.all_villages)

    @cached_property
    def all_cadres(self) -> ir.Table:
        """Two-committee members of every year; secretary, director and the yes/no
        columns as booleans (blank = no), ``female`` and ``male`` from ``sex``."""
        c = self.tables["cadres"]
        return c.select(
            person_id=c.person_id,
            code=c.village_code,
            year=c.year.cast("int64"),
            secretary=c.secretary.fill_null(False),
            director=c.director.fill_null(False),
            education=c.education.cast("string"),
            female=(c.sex.cast("string") == "女").fill_null(False),
            male=(c.sex.cast("string") == "男").fill_null(False),
            party_member=c.party_member.fill_null(False),
            industry_project=c.industry_project.fill_null(False),
            birth_date=c.birth_date,
        )

    @cached_property
    def cadres(self) -> ir.Table:
        """Two-committee members of the years computed."""
        return self._in_years(self.all_cadres)

    @staticmethod
    def population(cadres: ir.Table, population: str) -> ir.BooleanValue:
        """True for the members of ``population``: members (all), secretaries or directors.

        >>> t = ibis.memtable({"secretary": [True, False], "director": [False, False]})
        >>> Records.population(t, "members").equals(ibis.literal(True))
        True
        """
        if population == "members":
            return ibis.literal(True)
        if population == "secretaries":
            return cadres.secretary
        if population == "directors":
            return cadres.director
        raise ValueError(
            f"`population` must be one of {', '.join(repr(p) for p in POPULATIONS)}, got '{population}'"
        )

    @cached_property
    def all_income(self) -> ir.Table:
        """Collective income of every year in whole yuan (fen rounded half up per village-year)."""
        i = self.tables["collective_income"]
        yuan = (i.income_yuan + 0.5).floor().cast("int64")
        return i.select(code=i.village_code, year=i.year.cast("int64"), yuan=yuan)

    @cached_property
    def income(self) -> ir.Table:
        """Collective income of the years computed."""
        return self._in_years(self.all_income)

    @cached_property
    def households(self) -> ir.Table:
        """Registered poor households counted in each year computed: those registered in
        or before it. ``exit_year`` is null for a household that has not exited."""
        h = self.tables["poverty_households"]
        if len(self.years) == 1:  # one pass over the rows, as a statistician would write it
            (year,) = self.years
            rows = h.filter(h.registered_year <= year)
            return rows.select(
                code=rows.village_code,
                year=ibis.literal(year, "int64"),
                registered_year=rows.registered_year.cast("int64"),
                exit_year=rows.exit_year.cast("int64"),
                households=ibis.literal(1, "int64"),
                persons=rows.persons.cast("int64"),
            )
        # Several years: the households grouped first, so that each year adds groups, not rows.
        groups = h.group_by(
            code=h.village_code,
            registered_year=h.registered_year.cast("int64"),
            exit_year=h.exit_year.cast("int64"),
        ).aggregate(households=_.count(), persons=_.persons.cast("int64").sum())
        by_year = groups.cross_join(self.year_table)
        return by_year.filter(by_year.registered_year <= by_year.year)

    @cached_property
    def postings(self) -> ir.Table:
        """First-secretary postings in file order (``posting``); an open term ends far ahead."""
        f = self.tables["first_secretaries"]
        return f.select(
            posting=f.pos,
            person_id=f.person_id,
            code=f.village_code,
            start=f.start_date,
            end=f.end_date.fill_null(FAR_FUTURE),
        )

    @cached_property
    def in_post(self) -> ir.Table:
        """(person, village, year) of each first secretary whose term overlaps a year computed."""
        p = self.postings.cross_join(self.year_table)
        # Dates carry no time of day: a term overlaps year Y when it starts in or before
        # Y and ends in or after it.
        overlapping = p.filter((p.start.year() <= p.year) & (p.end.year() >= p.year))
        return overlapping.select("person_id", "code", "year").distinct()

    @cached_property
    def checks(self) -> ir.Table:
        """Spot checks of the years computed, each in the village of the posting it fell
        in (else the person's first posting): check, person_id, code, year, present."""
        s = self.tables["spot_checks"]
        checks = s.select(check=s.pos, person_id=s.person_id, date=s.date, present=s.present)
        checks = checks.mutate(year=checks.date.year().cast("int64"))
        checks = self._in_years(checks)
        p = self.postings
        joined = checks.join(p, "person_id")
        inside = (joined.start <= joined.date) & (joined.date <= joined.end)
        # The best posting of a check: one it fell in before one it did not, then the
        # first in file order; an aggregate, since not every engine has window functions.
        rank = joined.mutate(rank=inside.cast("int64") * (2**40) - joined.posting)
        best = rank.group_by("check").aggregate(best=_.rank.max())
        chosen = rank.join(best, [rank.check == best.check, rank.rank == best.best])
        return chosen.select(
            check=rank.check,
            person_id=rank.person_id,
            code=rank.code,
            year=rank.year,
            present=rank.present,
        )

    def rows(self, table: str) -> ir.Table:
        """Rows of one of the yearly tables (projects, reserve_cadres, mobile_members,
        cadre_reviews) in the years computed, with ``code`` for the village code."""
        t = self.tables[table]
        t = t.rename(code="village_code").mutate(year=t.year.cast("int64"))
        return self._in_years(t)

    def present(self, table: str) -> ir.Table:
        """The rows of ``table`` that count in each year computed (each with ``code`` and
        ``year``); where a county has none for a year, indicators counting from it are
        missing. The relation is the one definitions count from, so that an engine
        finds a county's rows from the sums it makes anyway."""
        finders: dict[str, Callable[[], ir.Table]] = {
            "villages": lambda: self.villages,
            "cadres": lambda: self.cadres,
            "collective_income": lambda: self.income,
            "poverty_households": lambda: self.households,
            "first_secretaries": lambda: self.in_post,
            "spot_checks": lambda: self.checks,
        }
        return finders[table]() if table in finders else self.rows(table)
