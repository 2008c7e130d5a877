"""Rules across tables: every record points to a village that exists, posts are unique.

Only rows that passed their own table's rules take part: a cadre whose village row was
quarantined is quarantined too, and the message says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future
from typing import TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from partybuild_metrics.records.parsing import code_numbers
from partybuild_metrics.records.uniqueness import once
from partybuild_metrics.records.validation import ParsedTable, problems_frame

Found = TypeVar("Found")

_YEAR_SHIFT = 10**12
"""A (village, year) key is year × 10¹² + code: villages listed by year then code stay in order."""


def _absent(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """True where a value is not in ``known`` (sorted, distinct).

    Values in increasing order, as rows sorted by village come, are looked up by binary
    search walking forward through ``known``; others by a hash table.
    """
    if len(known) == 0:
        return np.ones(len(values), dtype=bool)
    if values.shape == known.shape and np.array_equal(values, known):
        return np.zeros(len(values), dtype=bool)  # income: one row per village-year, in order
    if len(values) > 1 and not bool((values[1:] >= values[:-1]).all()):
        return ~pd.Series(values).isin(known).to_numpy()
    at = np.searchsorted(known, values).clip(max=len(known) - 1)
    return np.asarray(known[at] != values)


def _sorted_distinct(values: np.ndarray) -> np.ndarray:
    if len(values) < 2 or bool((values[1:] > values[:-1]).all()):
        return values
    return np.unique(values)


def _distinct_codes(codes: pd.Series) -> pa.Array:
    """The distinct codes of a column, as Arrow text."""
    return pc.unique(pa.array(codes)).drop_null()


def _rows_with(codes: pd.Series, chosen: pa.Array) -> np.ndarray:
    """True where a row's code is one of ``chosen``."""
    found = pc.is_in(pa.array(codes), value_set=chosen)
    return np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False))


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


def _found(parsed: ParsedTable, what: str, find: Callable[[], Found]) -> Found:
    """``find()`` for the rows accepted so far, found once while no row is rejected."""
    found = parsed.for_rules.get(what)
    if found is None or found[0] != len(parsed.problems):
        found = parsed.for_rules[what] = (len(parsed.problems), find())
    return cast(Found, found[1])


def _village_year_keys(rows: pd.DataFrame) -> np.ndarray:
    """One int64 per (12-digit code, year) row."""
    years = rows["year"].to_numpy(dtype="int64")
    return np.asarray(years * _YEAR_SHIFT + code_numbers(rows["village_code"]))


def _keys(parsed: ParsedTable) -> np.ndarray:
    """The (village, year) keys of the rows accepted so far."""

    def find() -> np.ndarray:
        return _village_year_keys(parsed.accepted_rows(["village_code", "year"]))

    return _found(parsed, "keys", find)


def _village_codes(villages: ParsedTable) -> np.ndarray:
    """The distinct codes of the villages accepted so far, as numbers."""

    def find() -> np.ndarray:
        # Subtracting the years is several times faster than an int64 remainder.
        years = villages.accepted_rows(["year"])["year"].to_numpy(dtype="int64")
        return np.asarray(pd.unique(_keys(villages) - years * _YEAR_SHIFT))

    return _found(villages, "codes", find)


def _codes_of(parsed: ParsedTable) -> tuple[pa.Array, np.ndarray]:
    """The distinct village codes of the rows accepted so far, as text and as numbers."""

    def find() -> tuple[pa.Array, np.ndarray]:
        text = _distinct_codes(parsed.accepted_rows(["village_code"])["village_code"])
        return text, code_numbers(text)

    return _found(parsed, "distinct_codes", find)


def prepare(parsed: ParsedTable) -> None:
    """Find what the rules across tables need from this table alone, ahead of them.

    Meant for the thread that parsed the table, so that the work overlaps the parsing
    of others. Still good when the rules start, unless a row has been rejected since.
    """
    if parsed.frame.empty:
        return
    if parsed.table == "villages":
        _village_codes(parsed)
    elif parsed.table in VILLAGE_YEAR_TABLES:
        _keys(parsed)
    elif parsed.table in VILLAGE_TABLES:
        _codes_of(parsed)


def _add(parsed: ParsedTable, found: pd.DataFrame) -> None:
    if not found.empty:
        parsed.problems = pd.concat([parsed.problems, found], ignore_index=True)


def check_division_prefixes(
    villages: ParsedTable, divisions: ParsedTable, codes: np.ndarray
) -> np.ndarray:
    """Each village code's 2/4/6/9-digit prefixes must be codes in the divisions table.

    ``codes`` are the villages' distinct codes as numbers; returns those that pass.
    """
    known_codes = divisions.accepted_rows(["code"])["code"]
    for length in (2, 4, 6, 9):
        known = np.unique(code_numbers(known_codes[known_codes.str.len() == length]))
        missing = _absent(codes // 10 ** (12 - length), known)
        if not missing.any():
            continue
        rows = villages.accepted_rows(["village_code"])
        hit = pd.Series(code_numbers(rows["village_code"])).isin(codes[missing]).to_numpy()
        at = rows.index[hit]
        prefix = rows.loc[at, "village_code"].str[:length]
        _add(
            villages,
            problems_frame(
                at, "village_code", rows.loc[at, "village_code"], "unknown_division", prefix
            ),
        )
        codes = codes[~missing]
    return codes


def check_points_to_village_year(child: ParsedTable, village_year_keys: np.ndarray) -> None:
    """(village_code, year) of each row must be a village row of that year."""
    missing = _absent(_keys(child), village_year_keys)
    if missing.any():
        rows = child.accepted_rows(["village_code", "year"])
        at = rows.index[missing]
        detail = rows.loc[at, "year"].astype("str") + "年"
        _add(
            child,
            problems_frame(
                at, "village_code", rows.loc[at, "village_code"], "unknown_village", detail
            ),
        )


def check_points_to_village(child: ParsedTable, village_codes: np.ndarray) -> None:
    """village_code of each row must be a village in some year."""
    text, numbers = _codes_of(child)
    unknown = _absent(numbers, village_codes)
    if unknown.any():
        codes = child.frame["village_code"]
        hit = _rows_with(codes, text.filter(pa.array(unknown)))
        at = child.frame.index[hit & ~child.rejected()]
        _add(
            child,
            problems_frame(
                at,
                "village_code",
                codes[at],
                "unknown_village",
                "任何年度 any year",
            ),
        )


def check_one_holder_per_post(cadres: ParsedTable) -> None:
    """A village has at most one secretary and one director in a year; all holders of a doubled post go."""
    rows = cadres.accepted_rows(["secretary", "director", "village_code", "year"])
    for post, rule in (("secretary", "two_secretaries"), ("director", "two_directors")):
        holds = rows[post].fillna(False).to_numpy(dtype=bool)
        holders = rows.loc[holds, ["village_code", "year"]]
        doubled = ~once(holders, ["village_code", "year"])
        if doubled.any():
            at = holders.index[doubled.to_numpy()]
            _add(
                cadres,
                problems_frame(
                    at,
                    post,
                    holders.loc[at, "village_code"],
                    rule,
                    holders.loc[at, "year"].astype("str"),
                ),
            )


def check_spot_checks(spot_checks: ParsedTable, first_secretaries: ParsedTable) -> None:
    """Each spot check names a first secretary in the first secretaries table."""
    known = pc.unique(pa.array(first_secretaries.accepted_rows(["person_id"])["person_id"]))
    rows = spot_checks.accepted_rows(["person_id"])
    missing = ~_rows_with(rows["person_id"], known)
    if missing.any():
        at = rows.index[missing]
        _add(
            spot_checks,
            problems_frame(at, "person_id", rows.loc[at, "person_id"], "unknown_first_secretary"),
        )


def check_across_tables(tables: Mapping[str, ParsedTable | Future[ParsedTable]]) -> None:
    """Apply every rule across tables, in dependency order; divisions first.

    A table still being parsed in another thread (a Future) is waited for only when a
    rule needs it, and the rules on it come last, so the others overlap its parsing.
    """
    resolved: dict[str, ParsedTable] = {}

    def table(name: str) -> ParsedTable:
        if name not in resolved:
            found = tables[name]
            resolved[name] = found.result() if isinstance(found, Future) else found
        return resolved[name]

    villages = table("villages")
    codes = _village_codes(villages)
    if not table("divisions").frame.empty:
        codes = check_division_prefixes(villages, table("divisions"), codes)
    check_one_holder_per_post(table("cadres"))
    # The accepted villages are fixed from here on: their keys serve every child table.
    keys = _sorted_distinct(_keys(villages))
    village_codes = np.sort(codes)
    checks: list[tuple[str, Callable[[ParsedTable], None]]] = [
        *((name, lambda t: check_points_to_village_year(t, keys)) for name in VILLAGE_YEAR_TABLES),
        *((name, lambda t: check_points_to_village(t, village_codes)) for name in VILLAGE_TABLES),
    ]
    checks.sort(key=lambda check: isinstance(tables[check[0]], Future))  # stable: others first
    for name, check in checks:
        check(table(name))
    check_spot_checks(table("spot_checks"), table("first_secretaries"))
