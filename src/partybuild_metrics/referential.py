"""Rules across tables: every record points to a village that exists, posts are unique.

Only rows that passed their own table's rules take part: a cadre whose village row was
quarantined is quarantined too, and the message says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from partybuild_metrics.parsing import code_numbers
from partybuild_metrics.validation import ParsedTable, problems_frame


def _isin(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Membership by hash table: five times faster than ``np.isin`` for 30 million codes."""
    return pd.Series(values).isin(known).to_numpy()


def _clean(parsed: ParsedTable) -> pd.DataFrame:
    """Rows of a table that have no problem so far."""
    if parsed.problems.empty:
        return parsed.frame
    return parsed.frame[~parsed.frame.index.isin(parsed.problems["at"])]


def _add(parsed: ParsedTable, found: pd.DataFrame) -> None:
    if not found.empty:
        parsed.problems = pd.concat([parsed.problems, found], ignore_index=True)


def _village_year_key(codes: pd.Series, years: pd.Series) -> pd.Series:
    """One int64 per (12-digit code, year): fast membership tests at national scale."""
    return pd.Series(
        code_numbers(codes) * 10_000 + years.to_numpy(dtype="int64"), index=codes.index
    )


def check_division_prefixes(villages: ParsedTable, divisions: ParsedTable) -> None:
    """Each village code's 2/4/6/9-digit prefixes must be codes in the divisions table."""
    known_codes = _clean(divisions)["code"]
    rows = _clean(villages)
    numbers = code_numbers(rows["village_code"])
    for length in (2, 4, 6, 9):
        known = code_numbers(known_codes[known_codes.str.len() == length])
        missing = ~_isin(numbers // 10 ** (12 - length), known)
        if missing.any():
            at = rows.index[missing]
            prefix = rows.loc[at, "village_code"].str[:length]
            _add(
                villages,
                problems_frame(
                    at, "village_code", rows.loc[at, "village_code"], "unknown_division", prefix
                ),
            )
            rows, numbers = rows[~missing], numbers[~missing]


def village_keys(villages: ParsedTable) -> tuple[pd.Index, np.ndarray]:
    """The accepted villages as (code, year) keys and as distinct codes, computed once."""
    known = _clean(villages)
    keys = pd.Index(_village_year_key(known["village_code"], known["year"]))
    return keys, np.unique(code_numbers(known["village_code"]))


def check_points_to_village_year(child: ParsedTable, village_year_keys: pd.Index) -> None:
    """(village_code, year) of each row must be a village row of that year."""
    rows = _clean(child)
    missing = ~_village_year_key(rows["village_code"], rows["year"]).isin(village_year_keys)
    if missing.any():
        at = rows.index[missing.to_numpy()]
        detail = rows.loc[at, "year"].astype("str") + "年"
        _add(
            child,
            problems_frame(
                at, "village_code", rows.loc[at, "village_code"], "unknown_village", detail
            ),
        )


def check_points_to_village(child: ParsedTable, village_codes: np.ndarray) -> None:
    """village_code of each row must be a village in some year."""
    rows = _clean(child)
    missing = pd.Series(~_isin(code_numbers(rows["village_code"]), village_codes), index=rows.index)
    if missing.any():
        at = rows.index[missing.to_numpy()]
        _add(
            child,
            problems_frame(
                at,
                "village_code",
                rows.loc[at, "village_code"],
                "unknown_village",
                "任何年度 any year",
            ),
        )


def check_one_holder_per_post(cadres: ParsedTable) -> None:
    """A village has at most one secretary and one director in a year; all holders of a doubled post go."""
    rows = _clean(cadres)
    for post, rule in (("secretary", "two_secretaries"), ("director", "two_directors")):
        holders = rows[rows[post].fillna(False).astype(bool)]
        doubled = holders.duplicated(["village_code", "year"], keep=False)
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
    known = pd.Index(_clean(first_secretaries)["person_id"].unique())
    rows = _clean(spot_checks)
    missing = ~rows["person_id"].isin(known)
    if missing.any():
        at = rows.index[missing.to_numpy()]
        _add(
            spot_checks,
            problems_frame(at, "person_id", rows.loc[at, "person_id"], "unknown_first_secretary"),
        )


def check_across_tables(parsed: dict[str, ParsedTable]) -> None:
    """Apply every rule across tables, in dependency order; divisions first."""
    villages = parsed["villages"]
    if not parsed["divisions"].frame.empty:
        check_division_prefixes(villages, parsed["divisions"])
    check_one_holder_per_post(parsed["cadres"])
    # The accepted villages are fixed from here on: their keys serve every child table.
    keys, codes = village_keys(villages)
    for name in (
        "cadres",
        "collective_income",
        "projects",
        "reserve_cadres",
        "mobile_members",
        "cadre_reviews",
    ):
        check_points_to_village_year(parsed[name], keys)
    for name in ("poverty_households", "first_secretaries"):
        check_points_to_village(parsed[name], codes)
    check_spot_checks(parsed["spot_checks"], parsed["first_secretaries"])
