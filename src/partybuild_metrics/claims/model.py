"""The claims file: a source and its published figures, loaded safely from YAML.

Every number is a string, so "64.80" keeps its zeros and "660余" its qualifier. A claim
that breaks the format is a :class:`ClaimProblem` naming the file, the claim and the
key; :func:`read_claims` gathers every problem of every file while keeping the claims
that are sound, and :func:`load_claims` raises :class:`ClaimFileError` listing them all.
"""

from __future__ import annotations

import datetime
import math
import re
import reprlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NamedTuple

from partybuild_metrics.claims.numbers import parse_change, parse_count, parse_number
from partybuild_metrics.claims.problems import ClaimFileError as ClaimFileError
from partybuild_metrics.claims.problems import ClaimProblem as ClaimProblem
from partybuild_metrics.claims.sources import read_yaml

KIND_KEYS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    # kind: (required keys, optional keys) besides id, kind, quote and the common ones
    "share": ((), ("numerator", "denominator", "percent")),
    "mean": (("value", "n"), ("items",)),
    "parts_sum": (("parts", "total"), ()),
    "bound": (("part", "whole"), ()),
    "change": (("before", "after", "change_points"), ()),
    "growth": ((), ("previous", "current", "increase", "rate")),
}
"""Every kind of claim, with the keys it needs and the keys it may have."""
COMMON_KEYS: Final[tuple[str, ...]] = (
    "id", "kind", "quote", "indicator", "scope", "denominator_from", "total_from", "note",
    "inferred", "offset", "line",
)  # fmt: skip
SOURCE_KEYS: Final[tuple[str, ...]] = ("id", "title", "document", "url", "published")
COUNT_KEYS: Final[frozenset[str]] = frozenset(
    {"numerator", "denominator", "n", "parts", "total", "part", "whole", "previous", "current"}
)
"""Keys whose value is a count (万/亿, Chinese numerals, qualifiers)."""
CHANGE_KEYS: Final[frozenset[str]] = frozenset({"change_points", "increase", "rate"})
"""Keys whose value is a change, with its direction in words allowed (提高, 下降, 净增)."""
DECIMAL_KEYS: Final[frozenset[str]] = frozenset(
    {"percent", "value", "before", "after", "change_points", "rate"}
)
"""Keys whose value is a printed decimal (a percent, a mean, a share, points)."""
SHARE_KEYS: Final[frozenset[str]] = frozenset({"percent", "before", "after", "change_points"})
"""Keys whose value is a percent or points: never a multiple (翻一番) or a count in 万."""
MAX_CLAIMS_PER_FILE: Final = 1_000_000
_short = reprlib.Repr()
_short.maxlevel, _short.maxlist, _short.maxdict, _short.maxstring, _short.maxother = 2, 3, 3, 40, 40
_brief = _short.repr


@dataclass(frozen=True)
class Source:
    """Where the figures were published."""

    id: str
    title: str = ""
    document: str = ""
    published: str = ""


@dataclass(frozen=True)
class Claim:
    """One published figure (or set of figures that must agree).

    ``values`` holds the printed figures as strings, by key. The provenance fields say
    where a figure came from when it is not in the quote (``denominator_from``,
    ``total_from``), whether a reader or a program inferred it (``inferred``), and
    where the quote sits in its document (``offset`` in characters, ``line``).
    """

    id: str
    kind: str
    quote: str
    source: Source
    file: str
    values: Mapping[str, Any] = field(default_factory=dict)
    indicator: str | None = None
    scope: Mapping[str, Any] | None = None
    denominator_from: str | None = None
    total_from: str | None = None
    inferred: bool = False
    offset: int | None = None
    line: int | None = None
    note: str = ""


class ClaimsRead(NamedTuple):
    """Claims that are sound, and every problem found on the way."""

    claims: list[Claim]
    problems: list[ClaimProblem]
    blank: Sequence[int] = ()
    """Rows of a table with no cell filled (positions): neither claims nor problems."""


class _Problem(Exception):
    def __init__(self, message: str, key: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.key, self.hint = message, key, hint


def check_figure(key: str, value: str) -> None:
    """Raise ValueError when ``value`` is not a figure that ``key`` can hold.

    >>> check_figure("percent", "七成"); check_figure("rate", "翻一番"); check_figure("increase", "净增343.4万名")
    >>> check_figure("numerator", "64.8%")
    Traceback (most recent call last):
    ...
    ValueError: '64.8%' is not a number: a count, not a percent
    >>> check_figure("percent", "翻一番")
    Traceback (most recent call last):
    ...
    ValueError: '翻一番' is not a percent: a multiple
    """
    if key in CHANGE_KEYS:
        number = parse_change(value)
    elif key in COUNT_KEYS:
        # a part may be subtracted ("-18659"); a total may be a change ("净增7.1万个", a
        # natural growth of "-22.2万"); no other count is below zero
        body = value.strip()
        if key == "parts" and body[:1] in ("-", "−", "－"):
            body = body[1:]
        if key == "total":
            parse_change(body)
            return
        if key == "parts" and parse_number(body).kind in ("percent", "points"):
            # shares of one whole ("51.3%" and "48.6%" make 100), or the points each part
            # adds to a rate (拉动4.2个百分点 + 1.4个百分点 … = 增长6.8%)
            return
        if parse_count(body).value < 0:
            raise ValueError(f"{value[:40]!r} is not a count: a count is not negative")
        return
    elif key in DECIMAL_KEYS:
        number = parse_number(value)
    else:
        return
    if key != "rate" and "倍" in value:
        raise ValueError(f"{value[:40]!r} is a multiple: only a growth rate (rate) is printed so")
    if key in SHARE_KEYS and (
        number.kind == "times" or (number.kind == "number" and re.search(r"[万萬亿億]", value))
    ):
        what = "a multiple" if number.kind == "times" else "a count in 万/亿"
        raise ValueError(f"{value[:40]!r} is not a percent: {what}")


def _text(value: object, key: str) -> str:
    if isinstance(value, str):
        try:
            check_figure(key, value)
        except ValueError as error:
            raise _Problem(str(error), key) from None
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Problem(f"must be a quoted number, got {type(value).__name__} {_brief(value)}", key)
    if isinstance(value, float) and not math.isfinite(value):  # .inf, .nan: no figure
        raise _Problem(f"must be a quoted number as printed, got {_brief(value)}", key)
    raise _Problem(
        f"must be a quoted string, got {_brief(value)}", key,
        hint=f'write {key}: "{value}" (YAML reads 64.80 as a number and drops its zeros)',
    )  # fmt: skip


def scope_year(value: object) -> int:
    """A scope's year: 2020, "2020" or "2020年".

    >>> scope_year("2020年"), scope_year(2019)
    (2020, 2019)
    """
    if isinstance(value, bool):
        raise ValueError(f"a year is a whole number such as 2020, got {value!r}")
    if isinstance(value, int):
        year = value
    elif isinstance(value, str):
        text = value.strip().removesuffix("年").removesuffix("年度").removesuffix("年底")
        try:
            number = parse_number(text)
        except ValueError:
            raise ValueError(
                f"a year is a whole number such as 2020, got {_brief(value)}"
            ) from None
        if number.value.denominator != 1 or not number.exact:
            raise ValueError(f"a year is a whole number such as 2020, got {_brief(value)}")
        year = int(number.value)
    else:
        raise ValueError(f"a year is a whole number such as 2020, got {_brief(value)}")
    if not 1900 <= year <= 2200:
        raise ValueError(f"a year between 1900 and 2200, got {year}")
    return year


def _scope(raw: object) -> dict[str, Any]:
    if not isinstance(raw, dict) or "code" not in raw:
        raise _Problem("scope is a mapping with a code (and a year)", "scope")
    unknown = [str(k) for k in raw if k not in ("code", "year", "name")]
    if unknown:
        raise _Problem(
            f"unknown scope key {_brief(unknown[0])} (allowed: code, year, name)", "scope"
        )
    code = raw["code"]
    if not isinstance(code, (str, int)) or isinstance(code, bool):
        raise _Problem(
            f'scope code is a division code such as "210283", got {_brief(code)}', "scope.code"
        )
    scope: dict[str, Any] = {"code": str(code)}
    if "year" in raw:
        try:
            scope["year"] = scope_year(raw["year"])
        except ValueError as error:
            raise _Problem(str(error), "scope.year") from None
    if "name" in raw:
        scope["name"] = str(raw["name"]) if isinstance(raw["name"], str) else ""
    return scope


def claim_values(kind: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The figures of one claim, checked key by key; raises on the first bad key."""
    required, optional = KIND_KEYS[kind]
    for key in raw:
        if key not in COMMON_KEYS + required + optional:
            allowed = ", ".join(COMMON_KEYS + required + optional)
            raise _Problem(
                f"unknown key for a {kind} claim (allowed: {allowed})", _brief(key).strip("'")
            )
    for key in required:
        if key not in raw:
            raise _Problem(f"a {kind} claim needs {key}", key)
    if kind == "share" and not ({"numerator", "percent"} & set(raw)):
        raise _Problem("a share claim needs a numerator or a percent", "percent")
    if kind == "growth" and len(set(optional) & set(raw)) < 3:
        raise _Problem(
            "a growth claim needs three of previous, current, increase and rate", "rate",
            hint="e.g. current: \"9671.2万\", increase: \"343.4万\", rate: \"3.7\"",
        )  # fmt: skip
    values: dict[str, Any] = {}
    for key in required + optional:
        if key not in raw:
            continue
        if key == "parts":
            parts = raw[key]
            if not isinstance(parts, list) or not parts:
                raise _Problem(
                    'parts is a list of quoted counts (a subtracted one as "-18659")', key
                )
            if len(parts) > 10_000:
                raise _Problem("more than 10,000 parts", key)
            values[key] = [_text(v, key) for v in parts]
            kinds = {parse_number(v.strip().lstrip("-−－")).kind for v in values[key]}
            if len(kinds) > 1:
                raise _Problem(
                    "parts are all counts or all percents (shares of one whole)", key,
                    hint='e.g. parts: ["51.3%", "48.6%"] with total: "100"',
                )  # fmt: skip
        elif key == "items":
            items = raw[key]
            if isinstance(items, bool) or not isinstance(items, int) or not 1 <= items <= 10**6:
                raise _Problem("items is a whole number from 1 to 1,000,000", key)
            values[key] = items
        else:
            values[key] = _text(raw[key], key)
    return values


TRUTHS: Final = {
    "true": True, "false": False, "yes": True, "no": False, "是": True, "否": False,
    "1": True, "0": False,
}  # fmt: skip
"""The words a claims file or table may give ``inferred`` in (a table writes 1/0, 是/否)."""


def _claim(raw: object, source: Source, path: str, position: int) -> Claim:
    if not isinstance(raw, dict):
        raise _Problem(f"claim number {position} is not a mapping (got {type(raw).__name__})")
    claim_id = raw.get("id")
    if isinstance(claim_id, bool):
        raise _Problem(
            "an id of yes, no, on, off, true or false is read by YAML as true or false", "id",
            hint='put it in quotes (id: "no")',
        )  # fmt: skip
    if not isinstance(claim_id, (str, int)) or str(claim_id) == "":
        raise _Problem("every claim needs an id (a short text)", "id")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KIND_KEYS:
        raise _Problem(f"kind must be one of {', '.join(KIND_KEYS)}, got {_brief(kind)}", "kind")
    quote = raw.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        raise _Problem("every claim quotes the text it comes from", "quote")
    values = claim_values(kind, raw)
    scope = _scope(raw["scope"]) if raw.get("scope") is not None else None
    texts: dict[str, str | None] = {}
    for key in ("indicator", "denominator_from", "total_from", "note"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise _Problem(f"{key} is a text, got {_brief(value)}", key)
        texts[key] = value
    numbers: dict[str, int | None] = {}
    for key in ("offset", "line"):
        value = raw.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise _Problem(f"{key} is a whole number ≥ 0, got {_brief(value)}", key)
        numbers[key] = value
    inferred = raw.get("inferred", False)
    if isinstance(inferred, str) and inferred.strip().lower() in TRUTHS:
        inferred = TRUTHS[inferred.strip().lower()]  # "false" quoted, as a table writes it
    if not isinstance(inferred, bool):
        raise _Problem(f"inferred is true or false, got {_brief(inferred)}", "inferred")
    return Claim(
        id=str(claim_id), kind=kind, quote=quote, source=source, file=path, values=values,
        indicator=texts["indicator"], scope=scope, denominator_from=texts["denominator_from"],
        total_from=texts["total_from"], inferred=inferred, offset=numbers["offset"],
        line=numbers["line"], note=texts["note"] or "",
    )  # fmt: skip


def _source(raw: object, name: str) -> Source:
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("id"), (str, int))
        or raw.get("id") == ""
    ):
        raise ClaimFileError(name, "the source needs an id", key="source.id")
    for key in raw:
        if key not in SOURCE_KEYS:
            raise ClaimFileError(
                name,
                f"unknown source key (allowed: {', '.join(SOURCE_KEYS)})",
                key=f"source.{_brief(key)}",
            )
    texts = {k: raw.get(k, "") for k in SOURCE_KEYS}
    for key, value in texts.items():
        if not isinstance(value, (str, int, datetime.date)) or isinstance(value, bool):
            raise ClaimFileError(name, f"is a text, got {_brief(value)}", key=f"source.{key}")
    return Source(
        id=str(texts["id"]), title=str(texts["title"]),
        document=str(texts["document"] or texts["url"]), published=str(texts["published"]),
    )  # fmt: skip


def read_claims_file(path: str | Path) -> ClaimsRead:
    """The sound claims of one YAML file and every problem in it (nothing raised for a bad claim).

    >>> read = read_claims_file("data/claims/000_zhuanghe_2020.yaml")
    >>> read.claims[0].kind, read.problems
    ('share', [])
    """
    name = str(path)
    try:
        document = read_yaml(path)
    except ClaimFileError as error:
        return ClaimsRead([], error.problems)
    if isinstance(document, list):
        return ClaimsRead([], [ClaimProblem(
            name, "the file is a list; a claims file is a mapping with a 'source' and a list of 'claims'",
            hint="indent the list under 'claims:' and add 'source: {id: …}' above it",
        )])  # fmt: skip
    if not isinstance(document, dict) or "claims" not in document or "source" not in document:
        return ClaimsRead(
            [], [ClaimProblem(name, "a claims file has a 'source' and a list of 'claims'")]
        )
    try:
        source = _source(document["source"], name)
    except ClaimFileError as error:
        return ClaimsRead([], error.problems)
    raw_claims = document["claims"]
    if not isinstance(raw_claims, list):
        return ClaimsRead(
            [], [ClaimProblem(name, "'claims' must be a list of claims", key="claims")]
        )
    if len(raw_claims) > MAX_CLAIMS_PER_FILE:
        return ClaimsRead([], [ClaimProblem(name, f"more than {MAX_CLAIMS_PER_FILE:,} claims", key="claims",
                                            hint="split the file, or give the claims as a table")])  # fmt: skip
    claims: list[Claim] = []
    problems: list[ClaimProblem] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_claims, start=1):
        label = f"#{position}"
        if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int)):
            label = str(raw["id"])[:80]
        try:
            claim = _claim(raw, source, name, position)
        except _Problem as problem:
            problems.append(ClaimProblem(name, problem.message, label, problem.key, problem.hint))
            continue
        if claim.id in seen:
            problems.append(
                ClaimProblem(name, "claim ids are unique within a file", claim.id, "id")
            )
            continue
        seen.add(claim.id)
        claims.append(claim)
    return ClaimsRead(claims, problems)


def load_claims_file(path: str | Path) -> list[Claim]:
    """Load one YAML claims file (safely: no object construction); raise on any problem.

    >>> claims = load_claims_file("data/claims/000_zhuanghe_2020.yaml")
    >>> claims[0].kind
    'share'
    """
    read = read_claims_file(path)
    if read.problems:
        raise ClaimFileError.of(read.problems)
    return read.claims


YAML_SUFFIXES: Final = (".yaml", ".yml")
"""Claims files."""
TABLE_SUFFIXES: Final = (".csv", ".xlsx", ".xlsm", ".xls", ".parquet")
"""Claims tables, one claim a row (:mod:`partybuild_metrics.claims.table`)."""


def claims_files(
    paths: Iterable[str | Path], suffixes: tuple[str, ...] = YAML_SUFFIXES + TABLE_SUFFIXES
) -> list[Path]:
    """The claims files named by ``paths``: files as given, a folder's files of ``suffixes``
    (claims files and claims tables), in name order; raises for the first path that is none."""
    files, problems = claims_files_leniently(paths, suffixes)
    if problems:
        raise ClaimFileError.of(problems)
    return files


def claims_files_leniently(
    paths: Iterable[str | Path], suffixes: tuple[str, ...] = YAML_SUFFIXES + TABLE_SUFFIXES
) -> tuple[list[Path], list[ClaimProblem]]:
    """As :func:`claims_files`, with a problem for each path that gives no claims file: a
    missing one, an empty name, a folder with none, and anything not a regular file (a
    pipe or a device, which would block or never end)."""
    files: list[Path] = []
    problems: list[ClaimProblem] = []
    for given in paths:
        path = Path(given)
        if str(given).strip() == "":
            problems.append(ClaimProblem("''", "an empty name is no claims file or folder"))
            continue
        try:
            if path.is_dir():
                found, unread = _folder_files(path, suffixes)
                problems += unread
                if not found:
                    what = f"holds no claims files ({', '.join(suffixes)})"
                    problems.append(ClaimProblem(str(path), what))
                files += found
            elif path.is_file():
                files.append(path)
            else:
                problems.append(ClaimProblem(str(path), _no_file(path)))
        except OSError as error:  # a name too long, a loop of links, no permission
            problems.append(ClaimProblem(str(path), f"cannot be read ({error.strerror})"))
    return files, problems


def _no_file(path: Path) -> str:
    """Why a path that is neither a regular file nor a folder gives no claims."""
    if path.exists():
        return "is not a regular file (a pipe or a device)"
    if path.is_symlink():
        return "is a link to nothing (broken, or a loop of links)"
    return "no such file or folder"


def _folder_files(folder: Path, suffixes: tuple[str, ...]) -> tuple[list[Path], list[ClaimProblem]]:
    """The claims files of a folder, and a problem for each entry named like one that is
    no regular file: a pipe, a device, a folder, a link to nothing or a loop of links."""
    files: list[Path] = []
    problems: list[ClaimProblem] = []
    for entry in sorted(folder.iterdir()):
        if entry.suffix.lower() not in suffixes or entry.name.startswith((".", "~$")):
            continue  # notes, pictures, Excel's lock file of an open workbook: not claims
        try:
            if entry.is_file():
                files.append(entry)
            elif entry.is_dir():
                problems.append(
                    ClaimProblem(str(entry), "is a folder, not a claims file; it is not read")
                )
            else:
                problems.append(ClaimProblem(str(entry), _no_file(entry)))
        except OSError as error:
            problems.append(ClaimProblem(str(entry), f"cannot be read ({error.strerror})"))
    return files, problems


def read_claims(paths: Iterable[str | Path]) -> ClaimsRead:
    """The sound claims of every file and folder, and every problem of every file."""
    claims: list[Claim] = []
    problems: list[ClaimProblem] = []
    for file in claims_files(paths, YAML_SUFFIXES):
        read = read_claims_file(file)
        claims += read.claims
        problems += read.problems
    return ClaimsRead(claims, problems)


def load_claims(paths: Iterable[str | Path]) -> list[Claim]:
    """Claims from files and folders of ``*.yaml`` / ``*.yml`` files, in path order.

    Raises :class:`ClaimFileError` listing every problem of every file.
    """
    read = read_claims(paths)
    if read.problems:
        raise ClaimFileError.of(read.problems)
    return read.claims
