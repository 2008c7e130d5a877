"""Rules across tables: every record points to a village that exists, posts are unique.

Only rows that passed their own table's rules take part: a cadre whose village row was
quarantined is quarantined too, and the message says so. The rules are queries in an
in-process DuckDB over the accepted rows of every table, whether a table was parsed in
pandas (clerks' files) or lies in Parquet files (:mod:`.columnar`): tens of millions
of rows are joined by the engine, on every core.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from partybuild_metrics.records.columnar import ColumnarTable, own_cursor
from partybuild_metrics.records.validation import ParsedTable, problems_frame

VILLAGE_YEAR_TABLES = (
    "cadres",
    "collective_income",
    "projects",
    "reserve_cadres",
    "mobile_members",
    "cadre_reviews",
)
"""Tables whose rows name a village in a year: the village must have a row for that year."""
VILLAGE_TABLES = ("poverty_households", "first_secretaries")
"""Tables whose rows name a village that must exist in some year."""
NAMED_TABLES = ("villages", *VILLAGE_TABLES)
"""Tables whose distinct village codes the rules look up (the villages, and the children
that name a village of any year)."""
PREFIXES = (2, 4, 6, 9)
"""The lengths of a village code's higher divisions (province … township)."""

Table = ParsedTable | ColumnarTable


class _Rows:
    """One table's accepted rows as a relation of the engine, kept up to date as rules
    reject rows."""

    def __init__(self, con: Any, name: str, table: Table) -> None:
        self.con = con
        self.name = f"pbm_rule_{name}"
        self.table = table

    def empty(self) -> bool:
        if isinstance(self.table, ColumnarTable):
            return not self.table.files
        return self.table.frame.empty

    def sql(self, *columns: str) -> str:
        """``pos`` and ``columns`` of the rows accepted so far."""
        names = ", ".join(f'"{c}"' for c in columns)
        if isinstance(self.table, ColumnarTable):
            return f"SELECT pos, {names} FROM ({self.table.relation(self.con, self.name)})"
        frame = self.table.frame
        accepted = frame[~self.table.rejected()][list(columns)]
        arrow = pa.Table.from_pandas(accepted, preserve_index=False)
        arrow = arrow.add_column(0, "pos", pa.array(accepted.index.to_numpy(np.int64)))
        self.con.register(self.name, arrow)
        return f"SELECT pos, {names} FROM {self.name}"

    def count(self) -> int:
        """How many rows are accepted so far."""
        if isinstance(self.table, ColumnarTable):
            return self.table.rows - len(self.table.rejected)
        return int((~self.table.rejected()).sum())

    def distinct(self, column: str) -> str:
        """The distinct values of a column among the rows accepted so far."""
        if isinstance(self.table, ColumnarTable):
            known = self.table.distinct_sql(self.con, column, self.name)
            if known is not None:
                return known
        return f'SELECT DISTINCT "{column}" FROM ({self.sql(column)})'

    def add(self, found: pd.DataFrame) -> None:
        if found.empty:
            return
        if isinstance(self.table, ColumnarTable):
            self.table.add(found)
        else:
            self.table.problems = pd.concat([self.table.problems, found], ignore_index=True)


def _rows(con: Any, sql: str) -> pd.DataFrame:
    """The rows of a query, by position; ``pos`` is their index."""
    found: pd.DataFrame = con.sql(f"{sql} ORDER BY pos").df()
    return found.set_index("pos")


def check_division_prefixes(con: Any, villages: _Rows, divisions: _Rows) -> None:
    """Each village code's 2/4/6/9-digit prefixes must be codes in the divisions table, at
    the levels the table lists (a county's 区划 lists no province); a village is reported
    once, for its highest missing division."""
    codes = villages.distinct("village_code")
    known = f"SELECT code FROM ({divisions.sql('code')})"
    lengths = ", ".join(f"({length})" for length in PREFIXES)
    # Every prefix of every distinct code against the divisions at once (one hash table).
    unknown = (
        f"SELECT village_code AS c, min(n) AS n FROM ({codes}) CROSS JOIN (VALUES {lengths}) "
        f"AS p(n) WHERE n IN (SELECT DISTINCT length(code) FROM ({known})) "
        f"AND substr(village_code, 1, n) NOT IN ({known}) GROUP BY village_code"
    )
    found = _rows(
        con,
        f"SELECT v.pos, v.village_code, substr(v.village_code, 1, u.n) AS prefix "
        f"FROM ({villages.sql('village_code')}) AS v JOIN ({unknown}) AS u ON v.village_code = u.c",
    )
    villages.add(
        problems_frame(
            found.index, "village_code", found["village_code"], "unknown_division", found["prefix"]
        )
    )


def check_one_holder_per_post(con: Any, cadres: _Rows) -> None:
    """A village has at most one secretary and one director in a year; all holders of a
    doubled post go."""
    rows = cadres.sql("village_code", "year", "secretary", "director")
    # Both posts counted in one pass; the holders are looked up only where one is doubled.
    doubled = (
        f"SELECT village_code, year, count(*) FILTER (WHERE secretary) > 1 AS secretary, "
        f"count(*) FILTER (WHERE director) > 1 AS director FROM ({rows}) "
        "WHERE coalesce(secretary, false) OR coalesce(director, false) GROUP BY ALL "
        "HAVING count(*) FILTER (WHERE secretary) > 1 OR count(*) FILTER (WHERE director) > 1"
    )
    con.sql(f"CREATE OR REPLACE TEMP TABLE pbm_doubled AS {doubled}")
    found = []
    if con.sql("SELECT count(*) FROM pbm_doubled").fetchall()[0][0]:
        for post, rule in (("secretary", "two_secretaries"), ("director", "two_directors")):
            holders = _rows(
                con,
                f"SELECT pos, village_code, year FROM ({rows}) "
                f"SEMI JOIN (SELECT village_code, year FROM pbm_doubled WHERE {post}) "
                f"USING (village_code, year) WHERE coalesce({post}, false)",
            )
            found.append(
                problems_frame(
                    holders.index,
                    post,
                    holders["village_code"],
                    rule,
                    holders["year"].astype("str"),
                )
            )
    con.sql("DROP TABLE pbm_doubled")
    if found:
        cadres.add(pd.concat(found, ignore_index=True))


def check_points_to_village_year(con: Any, child: _Rows, villages: _Rows) -> None:
    """(village_code, year) of each row must be a village row of that year."""
    rows = child.sql("village_code", "year")
    if child.count() == villages.count():
        # One row per village and year, in the villages' order (income usually comes
        # so): the two lists of keys are compared side by side, without a join.
        side = f"SELECT village_code AS v, year AS y FROM ({villages.sql('village_code', 'year')})"
        differ = con.sql(
            f"SELECT count(*) FROM ({rows}) POSITIONAL JOIN ({side}) "
            "WHERE village_code IS DISTINCT FROM v OR year IS DISTINCT FROM y"
        ).fetchall()[0][0]
        if not differ:
            return
    # Only the villages of the years the child has rows for are looked up.
    known = (
        f"SELECT village_code, year FROM ({villages.sql('village_code', 'year')}) "
        f"WHERE year IN (SELECT DISTINCT year FROM ({rows}))"
    )
    found = _rows(
        con,
        f"SELECT pos, village_code, year FROM ({rows}) ANTI JOIN ({known}) USING (village_code, year)",
    )
    child.add(
        problems_frame(
            found.index,
            "village_code",
            found["village_code"],
            "unknown_village",
            found["year"].astype("str") + "年",
        )
    )


def check_points_to_village(con: Any, child: _Rows, villages: _Rows) -> None:
    """village_code of each row must be a village in some year."""
    rows = child.sql("village_code")
    known = villages.distinct("village_code")
    # The child's distinct codes first: millions of rows name a few hundred thousand villages.
    unknown = (
        f"SELECT * FROM ({child.distinct('village_code')}) ANTI JOIN ({known}) USING (village_code)"
    )
    if not con.sql(f"SELECT count(*) FROM ({unknown})").fetchall()[0][0]:
        return
    found = _rows(
        con, f"SELECT pos, village_code FROM ({rows}) SEMI JOIN ({unknown}) USING (village_code)"
    )
    child.add(
        problems_frame(
            found.index,
            "village_code",
            found["village_code"],
            "unknown_village",
            "任何年度 any year",
        )
    )


def check_spot_checks(con: Any, spot_checks: _Rows, first_secretaries: _Rows) -> None:
    """Each spot check names a first secretary in the first secretaries table."""
    known = f"SELECT person_id FROM ({first_secretaries.sql('person_id')})"
    found = _rows(
        con,
        f"SELECT pos, person_id FROM ({spot_checks.sql('person_id')}) ANTI JOIN ({known}) USING (person_id)",
    )
    spot_checks.add(
        problems_frame(found.index, "person_id", found["person_id"], "unknown_first_secretary")
    )


def check_across_tables(con: Any, tables: Mapping[str, Table]) -> None:
    """Apply every rule across tables, in dependency order: divisions first, then the
    rules of each child table, on two threads (each on its own cursor of ``con``).

    Once the villages are settled, a child table's rules read them and change only the
    child: the positional comparison of one table runs on one core, another table's
    rules on the other. A table's own rules keep their order (posts, then villages).
    """
    rows = {name: _Rows(con, name, table) for name, table in tables.items()}
    if not rows["divisions"].empty():
        check_division_prefixes(con, rows["villages"], rows["divisions"])
    tasks: list[Callable[[Any, Callable[[str], _Rows]], None]] = []
    for name in VILLAGE_YEAR_TABLES:
        if name == "cadres" or not rows[name].empty():
            tasks.append(functools.partial(_village_year_rules, name))
    for name in VILLAGE_TABLES:
        if not rows[name].empty() or (
            name == "first_secretaries" and not rows["spot_checks"].empty()
        ):
            tasks.append(functools.partial(_village_rules, name))

    def run(task: Callable[[Any, Callable[[str], _Rows]], None]) -> None:
        with own_cursor(con) as cursor:
            task(cursor, lambda name: _Rows(cursor, name, tables[name]))

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="pbm-rules") as pool:
        list(pool.map(run, tasks))


def _village_year_rules(name: str, con: Any, rows: Callable[[str], _Rows]) -> None:
    child = rows(name)
    if name == "cadres":
        check_one_holder_per_post(con, child)
    if not child.empty():
        check_points_to_village_year(con, child, rows("villages"))


def _village_rules(name: str, con: Any, rows: Callable[[str], _Rows]) -> None:
    child = rows(name)
    if not child.empty():
        check_points_to_village(con, child, rows("villages"))
    if name == "first_secretaries" and not rows("spot_checks").empty():
        check_spot_checks(con, rows("spot_checks"), child)
