"""One table: parse every column, then apply its pandera model lazily.

The result keeps every row with its ``_file`` and ``_row``, and a frame of problems:
one row per broken rule per cell, with the row's position in the table (``at``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.config import ValidationDepth, config_context

from partybuild_metrics.records.id_numbers import IdNumbers, parse_id_column, parse_id_number
from partybuild_metrics.records.io.aliases import SOURCE_COLUMNS, accepted_headers
from partybuild_metrics.records.io.raw import RawTable, RejectedRow
from partybuild_metrics.records.parsing import (
    Parsed,
    as_text,
    compound_cells,
    excel_error,
    excel_errors,
    parse_bool,
    parse_code,
    parse_date,
    parse_education,
    parse_int,
    parse_level,
    parse_number,
    parse_party_member,
    parse_person_id,
    parse_posts_column,
    parse_sex,
    parse_text,
    parse_year,
    unsaved_formulas,
)
from partybuild_metrics.records.schemas import (
    TABLES,
    UNIQUE_CHECK,
    ColumnSpec,
    columns_of,
    key_of,
)
from partybuild_metrics.records.vocabularies import DIVISION_LEVELS, EDUCATION_LEVELS

PROBLEM_COLUMNS = ["at", "field", "value", "rule", "detail"]
_FEW_BAD_ROWS = 1000
"""Up to this many bad rows, accepted rows are the slices between them."""
DIVISION_LENGTHS = tuple(DIVISION_LEVELS.values())

_PARSERS: dict[str, tuple[Callable[[pd.Series], Parsed], str, str]] = {
    "village_code": (parse_code, "bad_code", "12"),
    "division_code": (
        lambda s: parse_code(s, DIVISION_LENGTHS),
        "bad_code",
        "/".join(map(str, DIVISION_LENGTHS)),
    ),
    "year": (parse_year, "bad_integer", ""),
    "int": (parse_int, "bad_integer", ""),
    "text": (parse_text, "", ""),
    "person_id": (parse_person_id, "bad_person_id", ""),
    "id_number": (parse_id_column, "bad_id_number", ""),
    "bool": (parse_bool, "bad_boolean", ""),
    "bool_post": (parse_bool, "bad_boolean", ""),
    "party_member": (parse_bool, "bad_boolean", ""),
    "date": (parse_date, "bad_date", ""),
    "education": (parse_education, "unknown_education", "、".join(EDUCATION_LEVELS)),
    "sex": (parse_sex, "unknown_sex", ""),
    "level": (parse_level, "unknown_level", ""),
    "money": (parse_number, "bad_number", ""),
}

_FINAL_DTYPES: dict[str, Any] = {
    "village_code": "str",
    "division_code": "str",
    "text": "str",
    "person_id": "str",
    "id_number": "str",
    "year": "int64",
    "int": "int64",
    "bool_post": "bool",
}


@dataclass
class FileProblem:
    """A problem with a whole file or sheet: every one of its rows is rejected."""

    table: str
    source: str
    rows: int
    field: str
    column: str
    rule: str
    detail: str


@dataclass
class ParsedTable:
    """A table after parsing and its own rules, before the rules across tables.

    ``frame`` holds the sources' rows one after another: source ``i`` fills positions
    ``starts[i]`` to ``starts[i + 1]``. :meth:`locate` turns positions back into the
    file and row a user sees, so no row-number column is carried for every row.
    """

    table: str
    frame: pd.DataFrame
    problems: pd.DataFrame
    headers: dict[tuple[str, str], str]
    sources: list[str] = field(default_factory=list)
    file_problems: list[FileProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    starts: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    source_rows: list[np.ndarray | None] = field(default_factory=list)
    """Per source, the row numbers written in the file; None where rows count from 1."""
    rejected_rows: list[tuple[str, RejectedRow]] = field(default_factory=list)
    """Rows left out when read (a CSV row split into too many fields), with their source."""

    def rejected(self) -> np.ndarray:
        """True for each row with a problem so far."""
        rejected = np.zeros(len(self.frame), dtype=bool)
        rejected[self.problems["at"].to_numpy()] = True
        return rejected

    def accepted_rows(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The rows with no problem so far (all columns, or ``columns``), at their positions.

        A few bad rows among millions are cut out by joining the slices between them:
        Arrow text columns are then joined without a copy, where a boolean mask copies
        every string.
        """
        frame = self.frame if columns is None else self.frame[columns]
        if self.problems.empty:
            return frame
        bad = np.unique(self.problems["at"].to_numpy())
        if len(bad) > _FEW_BAD_ROWS:
            return frame[~self.rejected()]
        bounds = zip([0, *(bad + 1)], [*bad, len(frame)], strict=True)
        pieces = [frame.iloc[start:stop] for start, stop in bounds if stop > start]
        return pd.concat(pieces) if pieces else frame.iloc[:0]

    def locate(self, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The source (index into ``sources``) and the user's row number of each position."""
        at = np.asarray(at, dtype=np.int64)
        which = np.searchsorted(self.starts, at, side="right") - 1
        rows = at - self.starts[which] + 1
        for index, numbers in enumerate(self.source_rows):
            mine = which == index
            if numbers is not None and mine.any():
                rows[mine] = numbers[at[mine] - self.starts[index]]
        return which, rows


def problems_frame(
    at: pd.Index | list[int],
    field_name: str,
    values: pd.Series | list[str],
    rule: str,
    detail: str | pd.Series = "",
) -> pd.DataFrame:
    """Problems for the rows at ``at`` (positions in the table's frame)."""
    return pd.DataFrame(
        {
            "at": pd.Index(at, dtype="int64"),
            "field": field_name,
            "value": pd.Series(values, dtype="object").astype("str").to_numpy() if len(at) else [],
            "rule": rule,
            "detail": detail.to_numpy() if isinstance(detail, pd.Series) else detail,
        }
    )


def _empty_problems() -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype="int64" if c == "at" else "object") for c in PROBLEM_COLUMNS}
    )


def _resolve_sources(raw: RawTable, notes: list[str]) -> None:
    """Note a source column (职务, 政治面貌, 万元) given beside the canonical column it can
    fill: both are read, blanks of the canonical one are filled from it, and rows where the
    two disagree are quarantined (:func:`_cross_check_sources`)."""
    for source, targets in SOURCE_COLUMNS.get(raw.table, {}).items():
        if source not in raw.frame.columns:
            continue
        given = [target for target in targets if target in raw.frame.columns]
        if given and source in _CROSS_CHECKED:
            notes.append(
                f"{raw.source}: '{raw.headers[source]}' and "
                f"{', '.join(repr(raw.headers[t]) for t in given)} are both given; "
                "a blank in one is filled from the other, and rows where they disagree "
                "are quarantined"
            )
        for target in targets:
            raw.headers.setdefault(target, raw.headers[source])


_CROSS_CHECKED: Final = frozenset({"post", "political_status", "income_wan"})


def _cross_check_sources(
    table: str,
    frame: pd.DataFrame,
    out: dict[str, pd.Series],
    problems: list[pd.DataFrame],
    headers: dict[str, str],
    posts: tuple[Parsed, Parsed] | None,
) -> None:
    """Where a source column and the canonical one are both given: fill the canonical
    one's blanks, and report rows where they differ (是否书记 否 beside 职务 党委书记;
    15.13万元 beside 999999元). ``posts``: 职务 as :func:`_parse_posts` read it."""
    derived: dict[str, tuple[str, pd.Series, pd.Series]] = {}  # target → (source, value, given)
    if table == "cadres" and posts is not None:
        secretary, director = posts
        given = as_text(frame["post"]).notna() & ~secretary.bad
        derived["secretary"] = ("post", secretary.values, given)
        derived["director"] = ("post", director.values, given)
    if table == "cadres" and "political_status" in frame.columns:
        member = parse_party_member(frame["political_status"])
        derived["party_member"] = ("political_status", member.values, member.values.notna())
    if table == "collective_income" and "income_wan" in frame.columns:
        wan = parse_number(frame["income_wan"], scale=10_000)
        derived["income_yuan"] = ("income_wan", wan.values, wan.values.notna())
    for target, (source, values, given) in derived.items():
        if target not in frame.columns or target not in out:
            continue
        own = out[target]
        blank = own.isna() & as_text(frame[target]).isna() & given
        if blank.any():
            out[target] = own.where(~blank, values)
        both = (own.notna() & given).to_numpy()
        if target == "income_yuan":
            step = _printed_step(frame[source]) * 10_000
            differs = both & ((own - values).abs() > step / 2).fillna(False).to_numpy(dtype=bool)
        else:
            differs = both & (own.astype("object") != values.astype("object")).to_numpy()
        if differs.any():
            at = frame.index[differs]
            shown = (
                as_text(frame.loc[at, target]).fillna("")
                + " / "
                + as_text(frame.loc[at, source]).fillna("")
            )
            other = headers.get(source, source)
            problems.append(problems_frame(at, target, shown, "columns_disagree", other))


def _printed_step(values: pd.Series) -> pd.Series:
    """The step of each number's last printed digit ("15.13" → 0.01, "15" → 1)."""
    text = as_text(values).fillna("")
    decimals = text.str.extract(r"\.(\d+)\s*$", expand=False).str.len().fillna(0)
    return 10.0 ** (-decimals.astype("float64"))


def _provided(table: str, columns: Iterable[str]) -> set[str]:
    """Canonical columns a file provides: its own, and those its source columns fill."""
    present = set(columns)
    for source, targets in SOURCE_COLUMNS.get(table, {}).items():
        if source in present:
            present.update(targets)
    return present


def _sources_of(table: str, name: str) -> list[str]:
    """A canonical column and the source columns that can fill it (secretary ← post)."""
    sources = SOURCE_COLUMNS.get(table, {})
    return [name, *(source for source, targets in sources.items() if name in targets)]


def _check_columns(raw: RawTable, specs: dict[str, ColumnSpec]) -> FileProblem | None:
    available = _provided(raw.table, raw.frame.columns)
    for spec in specs.values():
        if spec.required and spec.name not in available:
            return FileProblem(
                raw.table,
                raw.source,
                len(raw.frame),
                spec.name,
                accepted_headers(raw.table, spec.name).split(" / ")[0],
                "missing_column",
                accepted_headers(raw.table, spec.name),
            )
    return None


def _parse_column(
    name: str,
    spec: ColumnSpec,
    frame: pd.DataFrame,
    out: dict[str, pd.Series],
    problems: list[pd.DataFrame],
    ids: IdNumbers | None = None,
) -> None:
    raw_values = frame[name] if name in frame.columns else None
    fallback = {"bool_post": "post", "party_member": "political_status", "money": "income_wan"}
    # Only a column that another can fill needs looking at for blanks.
    absent = (
        spec.kind in fallback
        and fallback[spec.kind] in frame.columns
        and (raw_values is None or all_blank(raw_values))
    )
    if spec.kind == "bool_post" and absent:
        return  # filled from 职务 by _parse_posts
    source_field = name
    if spec.kind == "id_number" and ids is not None:
        parsed, rule, detail = Parsed(ids.values, ids.bad, ids.reason), "bad_id_number", ""
    elif spec.kind == "party_member" and absent:
        parsed = parse_party_member(frame["political_status"])
        rule, detail, source_field = "unknown_political_status", "", "political_status"
    elif spec.kind == "money" and absent:
        parsed = parse_number(frame["income_wan"], scale=10_000)
        rule, detail, source_field = "bad_number", "", "income_wan"
    elif raw_values is None:
        out[name] = _blank_column(spec, frame.index)
        return
    else:
        parser, rule, detail = _PARSERS[spec.kind]
        parsed = parser(raw_values)
    out[name] = parsed.values
    if rule and parsed.bad.any():
        bad = parsed.bad.to_numpy()
        at = frame.index[bad]
        values = frame.loc[at, source_field]
        why: str | pd.Series = detail
        if parsed.reason is not None:
            why = parsed.reason[bad].fillna(detail).astype("str")
        errors = values.map(excel_error)  # an error's text in a typed (Parquet) column
        if errors.notna().any():
            hit = errors.notna().to_numpy()
            problems.append(problems_frame(at[hit], source_field, errors[hit], "excel_error"))
            at, values = at[~hit], values[~hit]
            why = why if isinstance(why, str) else why[~hit]
        problems.append(problems_frame(at, source_field, values, rule, why))


def all_blank(values: pd.Series) -> bool:
    """True when a column holds nothing: every cell missing, empty or spaces."""
    if not values.hasnans and not (
        values.dtype == object or isinstance(values.dtype, pd.StringDtype)
    ):
        return False
    return bool(as_text(values).isna().all())


def _blank_column(spec: ColumnSpec, index: pd.Index) -> pd.Series:
    """An absent optional column: all blank, typed as its parser would type it."""
    typed = _PARSERS[spec.kind][0](pd.Series([], dtype="object")).values
    return typed.reindex(index)


def _parse_posts(
    frame: pd.DataFrame, out: dict[str, pd.Series], problems: list[pd.DataFrame]
) -> tuple[Parsed, Parsed] | None:
    """Secretary and director read from 职务 where their own columns are not given; the
    readings, for :func:`_cross_check_sources` where they are."""
    if "post" not in frame.columns:
        return None
    secretary, director = parse_posts_column(frame["post"])
    for name, parsed in (("secretary", secretary), ("director", director)):
        if name not in out:
            out[name] = parsed.values
    if secretary.bad.any():
        at = frame.index[secretary.bad.to_numpy()]
        problems.append(problems_frame(at, "post", frame.loc[at, "post"], "unknown_post"))
    return secretary, director


def _trim_division_codes(out: dict[str, pd.Series]) -> None:
    """区划 lists often pad every code to 12 digits (210283000000): cut to the level's length."""
    code, level = out["code"], out["level"]
    length = level.map(DIVISION_LEVELS).astype("float64")
    padded = (code.str.len() == 12) & length.notna() & (length < 12)
    if not padded.any():
        return
    for level_length in DIVISION_LENGTHS[:-1]:
        rows = padded & (length == level_length)
        zeros = code.str[level_length:] == "0" * (12 - level_length)
        out["code"] = code.where(~(rows & zeros), code.str[:level_length])
        code = out["code"]


_CHECK_RULES = [
    (re.compile(r"greater_than(_or_equal_to)?\((.*)\)"), "too_small"),
    (re.compile(r"less_than(_or_equal_to)?\((.*)\)"), "too_large"),
    (re.compile(r"in_range\((.*)\)"), "too_large"),
    (re.compile(r"str_matches\((.*)\)"), "bad_code"),
]

_FRAME_CHECK_FIELDS = {
    "exit_before_registration": ("exit_year", "registered_year"),
    "end_before_start": ("end_date", "start_date"),
    "delisted_not_low_income": ("delisted", ""),
    "rectified_not_weak_lax": ("weak_lax_rectified", ""),
    "level_matches_code_length": ("level", "code"),
    "under_age_in_year": ("birth_date", "year"),
}


def _pandera_problems(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    model = TABLES[table].model
    try:
        # The parsers have typed every column and found its blanks: pandera's own
        # dtype and blank checks (its schema level) would only repeat them.
        with config_context(validation_depth=ValidationDepth.DATA_ONLY):
            model.validate(frame, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return _empty_problems()
    cases = cases[cases["index"].notna()]
    found: list[pd.DataFrame] = []
    for check, group in cases.groupby("check", sort=True):
        check = str(check)
        at = pd.Index(group["index"].astype("int64").unique())
        if check.startswith(UNIQUE_CHECK):
            key = check.removeprefix(UNIQUE_CHECK).split("+")
            label = " + ".join(key)
            # A key with a blank part is reported as blank already, not as a repeat.
            at = at[frame.loc[at, key].notna().all(axis=1).to_numpy()]
            if not len(at):
                continue
            values = frame.loc[at, key].astype(object).astype(str).agg(" / ".join, axis=1)
            found.append(problems_frame(at, key[0], values, "duplicate", f"{label} = " + values))
        elif check in _FRAME_CHECK_FIELDS:
            shown, other = _FRAME_CHECK_FIELDS[check]
            rule = "level_mismatch" if check == "level_matches_code_length" else check
            detail: str | pd.Series = ""
            if other:
                detail = _shown(frame.loc[at, other]).astype(object).astype(str)
            values = _shown(frame.loc[at, shown])
            found.append(problems_frame(at, shown, values, rule, detail))
        else:
            for column, rows in group.groupby("column", sort=True):
                at = pd.Index(rows["index"].astype("int64"))
                rule, detail = check, ""
                for pattern, name in _CHECK_RULES:
                    match = pattern.fullmatch(check)
                    if match:
                        rule, detail = name, match.groups()[-1]
                found.append(problems_frame(at, str(column), frame.loc[at, column], rule, detail))
    return pd.concat(found, ignore_index=True) if found else _empty_problems()


def _final_dtypes(frame: pd.DataFrame, specs: dict[str, ColumnSpec]) -> pd.DataFrame:
    for name, spec in specs.items():
        target = _FINAL_DTYPES.get(spec.kind)
        if target in ("int64", "bool") and frame[name].isna().any():
            frame[name] = frame[name].astype("Int64" if target == "int64" else "boolean")
        elif spec.kind == "year" and spec.nullable:
            frame[name] = frame[name].astype("Int64")
        elif target:
            frame[name] = frame[name].astype(target)
    return frame


def parse_table(table: str, raws: list[RawTable]) -> ParsedTable:
    """Parse and check one table read from one or more files.

    >>> from partybuild_metrics.records.io.sources import RawTable
    >>> raw = RawTable("collective_income", "a.csv", pd.DataFrame(
    ...     {"village_code": ["210283101201"], "year": ["2020"], "income_wan": ["-1"],
    ...      "_row": [2]}), {"village_code": "村代码", "year": "年度",
    ...     "income_wan": "集体经济收入(万元)"})
    >>> parse_table("collective_income", [raw]).problems[["field", "rule", "detail"]].values.tolist()
    [['income_yuan', 'too_small', '0']]
    """
    specs = columns_of(table)
    usable: list[RawTable] = []
    file_problems: list[FileProblem] = []
    notes: list[str] = []
    headers: dict[tuple[str, str], str] = {}
    rejected: list[tuple[str, RejectedRow]] = []
    for raw in raws:
        notes.extend(raw.notes)
        rejected.extend((raw.source, row) for row in raw.rejected)
        if len(raw.frame) == 0:
            if not raw.rejected:
                file_problems.append(FileProblem(table, raw.source, 0, "", "", "empty_file", ""))
            continue
        _resolve_sources(raw, notes)
        absent = _check_columns(raw, specs)
        if absent:
            file_problems.append(absent)
            continue
        provided = _provided(table, raw.frame.columns)
        for name, spec in specs.items():
            if not spec.required and name not in provided:
                notes.append(f"{raw.source}: optional column {name} is absent; left empty")
        headers.update({(raw.source, c): h for c, h in raw.headers.items()})
        usable.append(raw)
    if not usable:
        frame = pd.DataFrame({name: pd.Series(dtype="object") for name in specs})
        empty = _final_dtypes(_typed_empty(frame, specs), specs)
        return ParsedTable(
            table,
            empty,
            _empty_problems(),
            headers,
            [],
            file_problems,
            notes,
            rejected_rows=rejected,
        )
    if len(usable) > 1:
        notes.append(
            f"{table}: read from {len(usable)} files or sheets together "
            f"({', '.join(raw.source for raw in usable)}); a record in more than one of them "
            "is quarantined as a duplicate"
        )
    cells = [raw.cells() for raw in usable]
    combined = cells[0] if len(cells) == 1 else pd.concat(cells, ignore_index=True)
    starts = np.cumsum([0, *(len(raw.frame) for raw in usable)])
    out: dict[str, pd.Series] = {}
    problems = _read_problems(usable, starts)
    combined = _set_aside_errors(combined, problems)
    ids = None
    if "id_number" in combined.columns and not all_blank(combined["id_number"]):
        ids = parse_id_number(combined["id_number"])
    for name, spec in specs.items():
        _parse_column(name, spec, combined, out, problems, ids)
    posts = _parse_posts(combined, out, problems)
    _cross_check_sources(table, combined, out, problems, usable[0].headers, posts)
    if ids is not None:
        _use_id_numbers(table, combined, ids, out, problems, notes)
    if table == "divisions":
        _trim_division_codes(out)
    columns = {name: out[name] for name in specs}
    parsed = pd.DataFrame(columns, index=combined.index, copy=False)
    reported = pd.concat(problems, ignore_index=True) if problems else _empty_problems()
    for name, spec in specs.items():
        if spec.nullable:
            continue
        missing = parsed[name].isna()
        if not missing.any():
            continue
        already = reported.loc[reported["field"].isin(_sources_of(table, name)), "at"]
        if len(already):
            missing &= ~parsed.index.isin(already)
        if missing.any():
            at = parsed.index[missing.to_numpy()]
            reported = pd.concat(
                [reported, problems_frame(at, name, [""] * len(at), "missing_value")]
            )
    parsed = _final_dtypes(parsed, specs)
    repeated = _repeated_rows(table, parsed)
    if repeated:
        notes.append(
            f"{table}: {repeated} row(s) repeat another row in every column; each is counted "
            "(delete the copies if the record was entered twice)"
        )
    checked = _pandera_problems(table, parsed)
    seen = set(zip(reported["at"], reported["field"], strict=True))
    keep = [(a, f) not in seen for a, f in zip(checked["at"], checked["field"], strict=True)]
    reported = pd.concat([reported, checked[keep]], ignore_index=True)
    sources = [raw.source for raw in usable]
    problems_found = _summary_rows(combined, reported.reset_index(drop=True))
    return ParsedTable(
        table,
        parsed,
        problems_found,
        headers,
        sources,
        file_problems,
        notes,
        starts,
        [raw.row_numbers() for raw in usable],
        rejected,
    )


_SUMMARY_WORDS = re.compile(r"^(?:小计|合计|总计|共计)|(?:小计|合计|总计|共计)[:：]?$")


def _summary_rows(combined: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """A subtotal or total row (小计, 合计, 一村小计, 甲镇合计) is reported as what it is, once,
    whether or not it broke a rule: one that looks like a record (a code padded to 12
    digits, 是否清理 "1") would otherwise be counted as one."""
    at = np.union1d(problems["at"].to_numpy(dtype=np.int64), _counted_cells(combined))
    if not len(at):
        return problems
    rows = combined.iloc[at]
    found: pd.Series = pd.Series([None] * len(rows), index=rows.index, dtype="object")
    fields: pd.Series = found.copy()
    for column in rows.columns:
        text = as_text(rows[column]).str.replace(r"\s+", "", regex=True)
        hit = text.str.contains(_SUMMARY_WORDS, regex=True).fillna(False).astype(bool)
        hit &= text.str.len() <= 24
        new = hit & found.isna()
        found, fields = found.mask(new, text), fields.mask(new, str(column))
    if not found.notna().any():
        return problems
    chosen = found.dropna().index
    kept = problems[~problems["at"].isin(chosen)]
    summary = problems_frame(chosen, "", found[chosen].astype("str"), "summary_row")
    summary["field"] = fields[chosen].astype("str").to_numpy()
    return pd.concat([kept, summary], ignore_index=True)


def _shown(values: pd.Series) -> pd.Series:
    """Dates as 2023-05-01, not "2023-05-01 00:00:00"."""
    if pd.api.types.is_datetime64_any_dtype(values):
        dates: pd.Series = values.dt.strftime("%Y-%m-%d")
        return dates
    return values


def _repeated_rows(table: str, parsed: pd.DataFrame) -> int:
    """Rows of a table without a key (projects) that repeat another in every column."""
    if key_of(table) is not None or parsed.empty:
        return 0
    return int(parsed.astype("string").duplicated(keep="first").sum())


def _counted_cells(combined: pd.DataFrame) -> np.ndarray:
    """Positions of rows with a text cell holding 计, the last character of every word of a
    subtotal (the few found are looked at closely by :func:`_summary_rows`)."""
    hits = np.zeros(len(combined), dtype=bool)
    for column in combined.columns:
        values = combined[column]
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            text = as_text(values)  # bytes, lists and dates as the parsers read them
            hits |= text.str.contains("计", regex=False).fillna(False).to_numpy(dtype=bool)
    return np.flatnonzero(hits)


def _read_problems(usable: list[RawTable], starts: np.ndarray) -> list[pd.DataFrame]:
    """Cells the readers found wrong (repeated columns that disagree), at table positions."""
    found = []
    for raw, start in zip(usable, starts, strict=False):
        if raw.problems is not None and len(raw.problems):
            found.append(raw.problems.assign(at=raw.problems["at"].to_numpy() + start))
    return found


def _set_aside_errors(combined: pd.DataFrame, problems: list[pd.DataFrame]) -> pd.DataFrame:
    """Report each Excel error cell (#N/A …) and each list or record cell, and blank it,
    so its column's parser does not report it again; the row is quarantined either way.

    Only text columns can hold an error, and only columns of Python objects (CSV, Excel,
    frames built by hand) a list or record.
    """
    for column in combined.columns:
        dtype = combined[column].dtype
        if combined[column].dtype != object and not isinstance(dtype, pd.StringDtype):
            continue
        errors = excel_errors(combined[column])
        hit = errors.notna().to_numpy() if errors is not None else np.zeros(len(combined), bool)
        unsaved = unsaved_formulas(combined[column]).to_numpy()
        compound = compound_cells(combined[column]).to_numpy() & ~unsaved
        if not (hit.any() or compound.any() or unsaved.any()):
            continue
        if unsaved.any():
            at = combined.index[unsaved]
            problems.append(
                problems_frame(at, str(column), combined.loc[at, column], "unsaved_formula")
            )
        if errors is not None:
            problems.append(
                problems_frame(combined.index[hit], str(column), errors[hit], "excel_error")
            )
        if compound.any():
            at = combined.index[compound]
            shown = combined.loc[at, column].map(lambda cell: str(cell)[:200])
            problems.append(problems_frame(at, str(column), shown, "compound_cell"))
        combined = combined.assign(
            **{str(column): combined[column].astype(object).mask(hit | compound | unsaved)}
        )
    return combined


def _use_id_numbers(
    table: str,
    frame: pd.DataFrame,
    ids: IdNumbers,
    out: dict[str, pd.Series],
    problems: list[pd.DataFrame],
    notes: list[str],
) -> None:
    """The ID number gives the person id where none is given, and a cadre's birth date
    and sex where blank; where both are given and differ, the row is reported."""
    old = as_text(frame["id_number"]).str.fullmatch(r"\d{15}").fillna(False) & ids.values.notna()
    if old.any():
        notes.append(
            f"{table}: {int(old.sum())} old 15-digit ID number(s) read as the 18-character "
            "numbers they became (19 inserted, check character added)"
        )
    if "person_id" not in frame.columns or all_blank(frame["person_id"]):
        out["person_id"] = ids.values
    if table != "cadres":
        return
    given_birth, derived_birth = out["birth_date"], ids.birth_date
    both = given_birth.notna() & derived_birth.notna()
    birth_differs = both & (
        (given_birth.dt.year != derived_birth.dt.year)
        | (given_birth.dt.month != derived_birth.dt.month)
        | ((given_birth.dt.day != 1) & (given_birth.dt.day != derived_birth.dt.day))
    )
    sex_differs = (
        out["sex"].notna()
        & ids.sex.notna()
        & (out["sex"].astype("object") != ids.sex.astype("object"))
    )
    shown = {
        "birth_date": derived_birth.dt.strftime("%Y-%m-%d"),
        "sex": ids.sex.astype("object").astype("str"),
    }
    for name, differs in (("birth_date", birth_differs), ("sex", sex_differs)):
        if differs.any():
            at = frame.index[differs.to_numpy()]
            detail = ids.values[at].astype("str") + "(" + shown[name][at] + ")"
            problems.append(
                problems_frame(at, name, frame.loc[at, name], "id_number_conflict", detail)
            )
    for name, derived in (("birth_date", derived_birth), ("sex", ids.sex)):
        filled = out[name].isna() & derived.notna()
        if filled.any():
            out[name] = out[name].where(~filled, derived)
            words = "birth date" if name == "birth_date" else "sex"
            notes.append(
                f"{table}: {words} taken from the ID number for {int(filled.sum())} row(s) "
                "where it is blank or not given"
            )


def _typed_empty(frame: pd.DataFrame, specs: dict[str, ColumnSpec]) -> pd.DataFrame:
    for name, spec in specs.items():
        parser = _PARSERS[spec.kind][0]
        frame[name] = parser(pd.Series([], dtype="object")).values
    return frame
