"""The claims file: a source and its published figures, loaded safely from YAML.

Every number is a string, so "64.80" keeps its zeros and "660余" its qualifier. A file
that breaks the format raises :class:`ClaimFileError` naming the file, the claim and
the key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from partybuild_metrics.errors import InputError

KIND_KEYS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    # kind: (required keys, optional keys) besides id, kind, quote and the common ones
    "share": ((), ("numerator", "denominator", "percent")),
    "mean": (("value", "n"), ("items",)),
    "parts_sum": (("parts", "total"), ()),
    "bound": (("part", "whole"), ()),
    "change": (("before", "after", "change_points"), ()),
}
COMMON_KEYS: Final[tuple[str, ...]] = (
    "id",
    "kind",
    "quote",
    "indicator",
    "scope",
    "denominator_from",
    "note",
)
SOURCE_KEYS: Final[tuple[str, ...]] = ("id", "title", "document", "url", "published")
COUNT_KEYS: Final[frozenset[str]] = frozenset(
    {"numerator", "denominator", "n", "parts", "total", "part", "whole"}
)
DECIMAL_KEYS: Final[frozenset[str]] = frozenset(
    {"percent", "value", "before", "after", "change_points"}
)


class ClaimFileError(InputError):
    """A claims file that breaks the format: names the file, the claim id and the key."""

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        claim: str | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = "".join([f", claim '{claim}'" if claim else "", f", key '{key}'" if key else ""])
        super().__init__(
            f"{problem}{' (' + where[2:] + ')' if where else ''}", path=path, hint=hint
        )
        self.claim, self.key = claim, key


@dataclass(frozen=True)
class Source:
    """Where the figures were published."""

    id: str
    title: str = ""
    document: str = ""
    published: str = ""


@dataclass(frozen=True)
class Claim:
    """One published figure (or set of figures that must agree)."""

    id: str
    kind: str
    quote: str
    source: Source
    file: str
    values: Mapping[str, Any] = field(default_factory=dict)
    indicator: str | None = None
    scope: Mapping[str, Any] | None = None
    denominator_from: str | None = None


def _text(value: object, path: str, claim: str, key: str) -> str:
    if isinstance(value, str):
        from partybuild_metrics.claims.published import parse_count, parse_decimal

        try:
            if key in COUNT_KEYS:
                parse_count(value)
            elif key in DECIMAL_KEYS:
                parse_decimal(value)
        except ValueError as error:
            raise ClaimFileError(path, str(error), claim=claim, key=key) from None
        return value
    raise ClaimFileError(
        path, f"must be a quoted string, got {value!r}", claim=claim, key=key,
        hint=f'write {key}: "{value}" (YAML reads 64.80 as a number and drops its zeros)',
    )  # fmt: skip


def _claim(raw: object, source: Source, path: str, position: int) -> Claim:
    if not isinstance(raw, dict):
        raise ClaimFileError(path, f"claim number {position} is not a mapping")
    claim_id = str(raw.get("id", "")) or f"#{position}"
    if "id" not in raw:
        raise ClaimFileError(path, "every claim needs an id", claim=claim_id, key="id")
    kind = raw.get("kind")
    if kind not in KIND_KEYS:
        raise ClaimFileError(
            path,
            f"kind must be one of {', '.join(KIND_KEYS)}, got {kind!r}",
            claim=claim_id,
            key="kind",
        )
    if not raw.get("quote"):
        raise ClaimFileError(
            path, "every claim quotes the text it comes from", claim=claim_id, key="quote"
        )
    required, optional = KIND_KEYS[kind]
    for key in raw:
        if key not in COMMON_KEYS + required + optional:
            allowed = ", ".join(COMMON_KEYS + required + optional)
            raise ClaimFileError(
                path,
                f"unknown key for a {kind} claim (allowed: {allowed})",
                claim=claim_id,
                key=str(key),
            )
    for key in required:
        if key not in raw:
            raise ClaimFileError(path, f"a {kind} claim needs {key}", claim=claim_id, key=key)
    if kind == "share" and not ({"numerator", "percent"} & set(raw)):
        raise ClaimFileError(
            path, "a share claim needs a numerator or a percent", claim=claim_id, key="percent"
        )
    values: dict[str, Any] = {}
    for key in required + optional:
        if key not in raw:
            continue
        if key == "parts":
            if not isinstance(raw[key], list) or not raw[key]:
                raise ClaimFileError(
                    path, "parts is a list of quoted counts", claim=claim_id, key=key
                )
            values[key] = [_text(v, path, claim_id, key) for v in raw[key]]
        elif key == "items":
            if not isinstance(raw[key], int) or raw[key] < 1:
                raise ClaimFileError(path, "items is a whole number ≥ 1", claim=claim_id, key=key)
            values[key] = raw[key]
        else:
            values[key] = _text(raw[key], path, claim_id, key)
    scope = raw.get("scope")
    if scope is not None and (not isinstance(scope, dict) or "code" not in scope):
        raise ClaimFileError(
            path, "scope is a mapping with a code (and a year)", claim=claim_id, key="scope"
        )
    return Claim(
        id=claim_id, kind=kind, quote=str(raw["quote"]), source=source, file=path, values=values,
        indicator=raw.get("indicator"), scope=scope, denominator_from=raw.get("denominator_from"),
    )  # fmt: skip


def load_claims_file(path: str | Path) -> list[Claim]:
    """Load one YAML claims file (safely: no object construction).

    >>> claims = load_claims_file("data/claims/000_zhuanghe_2020.yaml")
    >>> claims[0].kind
    'share'
    """
    import yaml

    name = str(path)
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ClaimFileError(name, f"cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise ClaimFileError(name, f"is not valid YAML ({error})") from error
    if not isinstance(document, dict) or "claims" not in document or "source" not in document:
        raise ClaimFileError(name, "a claims file has a 'source' and a list of 'claims'")
    raw_source = document["source"]
    if not isinstance(raw_source, dict) or "id" not in raw_source:
        raise ClaimFileError(name, "the source needs an id", key="source.id")
    for key in raw_source:
        if key not in SOURCE_KEYS:
            raise ClaimFileError(
                name, f"unknown source key (allowed: {', '.join(SOURCE_KEYS)})", key=f"source.{key}"
            )
    source = Source(
        id=str(raw_source["id"]), title=str(raw_source.get("title", "")),
        document=str(raw_source.get("document", raw_source.get("url", ""))), published=str(raw_source.get("published", "")),
    )  # fmt: skip
    if not isinstance(document["claims"], list):
        raise ClaimFileError(name, "'claims' is a list", key="claims")
    claims = [_claim(raw, source, name, i + 1) for i, raw in enumerate(document["claims"])]
    seen: set[str] = set()
    for claim in claims:
        if claim.id in seen:
            raise ClaimFileError(
                name, "claim ids are unique within a file", claim=claim.id, key="id"
            )
        seen.add(claim.id)
    return claims


def claims_files(paths: Iterable[str | Path]) -> list[Path]:
    """The claims files named by ``paths``: files as given, folders' ``*.yaml`` / ``*.yml``."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            if not found:
                raise ClaimFileError(str(path), "holds no .yaml claims files")
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise ClaimFileError(str(path), "no such file or folder")
    return files


def load_claims(paths: Iterable[str | Path]) -> list[Claim]:
    """Claims from files and folders of ``*.yaml`` / ``*.yml`` files, in path order."""
    return [claim for file in claims_files(paths) for claim in load_claims_file(file)]
