"""extract_claims(): a report's text in, claims of the library's model out.

Each finder reports what it found as spans of the text; this module turns them into
:class:`~partybuild_metrics.claims.model.Claim` objects whose figures are the strings as
printed (cut from the text, traditional characters and all), whose quote is an exact
substring of the text, with its offset and line, and whose denominators and totals from
other sentences carry that sentence's words and ``inferred=True``. A claim is kept only if
the claims file format accepts it (:func:`~partybuild_metrics.claims.model.claim_values`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from partybuild_metrics.claims.extract.annotations import Annotated
from partybuild_metrics.claims.extract.changes import find_changes
from partybuild_metrics.claims.extract.context import Context
from partybuild_metrics.claims.extract.fold import fold
from partybuild_metrics.claims.extract.found import Found
from partybuild_metrics.claims.extract.parts import find_parts
from partybuild_metrics.claims.extract.relations import (
    find_all_of,
    find_bounds,
    find_domain_bounds,
    find_left_poverty,
    find_means,
    find_percent_splits,
    find_percent_sums,
    find_ratio_splits,
)
from partybuild_metrics.claims.extract.shares import find_shares
from partybuild_metrics.claims.model import Claim, Source, claim_values

_QUOTE_EDGE: Final = " \t\r\n,，;；:：、。"


def find_all(text: str) -> tuple[Context, list[Found]]:
    """Every claim found in a text, as spans (before they become Claim objects)."""
    ctx = Context.of(text, fold(text))
    shares = find_shares(ctx)
    splits, replaced = find_percent_splits(ctx, shares)
    shares = [share for i, share in enumerate(shares) if i not in replaced]
    found = shares + splits + find_parts(ctx) + find_changes(ctx) + find_means(ctx)
    found += find_ratio_splits(ctx) + find_percent_sums(ctx)
    at = {m.start: m.index for m in ctx.mentions}
    paired: set[frozenset[int]] = set()
    shared: set[int] = set()
    # a figure's span may begin at its word of change; its number ends where the figure ends
    ends = {m.end: m.index for m in ctx.mentions}
    for claim in found:
        used = [ends.get(f.end, at.get(f.start, -1)) for f in claim.figures]
        paired.update(frozenset((a, b)) for a in used for b in used if a != b)
        if claim.kind == "share" and any(f.key == "percent" for f in claim.figures):
            shared.update(used)
    found += find_all_of(ctx)
    found += find_bounds(ctx, paired, shared)
    found += find_domain_bounds(ctx, paired)
    found += find_left_poverty(ctx, paired)
    unique: dict[tuple[object, ...], Found] = {}
    for claim in found:
        unique.setdefault(claim.key_of(), claim)
    return ctx, sorted(unique.values(), key=lambda c: (c.quote[0], c.kind))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _QUOTE_EDGE:
        start += 1
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return start, end


def _values(claim: Found, text: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for figure in claim.figures:
        printed = text[figure.start : figure.end].strip() + figure.unit
        if text.startswith("元", figure.end) and printed[-1:].isdigit():
            printed += "元"  # an amount in 元 is rounded at its last digit (numbers.py)
        if claim.kind == "parts_sum" and figure.key == "parts":
            values.setdefault("parts", []).append(figure.sign + printed)
        else:
            values[figure.key] = figure.sign + printed  # a word of change apart from it
    values.update(claim.extra)
    return values


@dataclass(frozen=True)
class Extracted:
    """A claim found in a text, and where each of its figures is printed: (key, start, end)."""

    claim: Claim
    spans: tuple[tuple[str, int, int], ...]


def to_claims(
    ctx: Context,
    found: Iterable[Found],
    source: Source,
    file: str,
    annotated: Annotated | None = None,
) -> list[Extracted]:
    """Claim objects from findings; findings the claims format refuses are dropped.

    ``annotated`` maps offsets of the text read (readings in brackets taken out) back to
    the text as printed: quotes, offsets, lines and spans point into the printed text,
    figures are the numbers as read.
    """
    from partybuild_metrics.claims.model import _Problem

    printed = annotated.text if annotated is not None else ctx.text
    where = annotated if annotated is not None else Annotated("")
    line_starts = [0] + [m.end() for m in re.finditer("\n", printed)]
    claims: list[Extracted] = []
    seen: dict[str, int] = {}
    for claim in found:
        start, end = where.span(*_trim(ctx.text, *claim.quote))
        if end <= start:
            continue
        raw = _values(claim, ctx.text)
        try:
            values = claim_values(claim.kind, raw)
        except (_Problem, ValueError):
            continue
        line = bisect.bisect_right(line_starts, start)
        base = f"{claim.kind}-line{line}"
        seen[base] = seen.get(base, 0) + 1
        claim_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        linked = None
        if claim.linked is not None:
            a, b = where.span(*_trim(ctx.text, *claim.linked))
            linked = printed[a:b]
        spans = tuple((f.key, *where.span(f.start, f.end)) for f in claim.figures)
        claims.append(
            Extracted(
                Claim(
                    id=claim_id,
                    kind=claim.kind,
                    quote=printed[start:end],
                    source=source,
                    file=file,
                    values=values,
                    denominator_from=linked if claim.link_key == "denominator_from" else None,
                    total_from=linked if claim.link_key == "total_from" else None,
                    inferred=claim.inferred,
                    offset=start,
                    line=line,
                    note=claim.note,
                ),
                spans,
            )
        )
    return claims


def extract_claims(
    text: str, source: str | Source | None = None, *, file: str | Path = ""
) -> list[Claim]:
    """The checkable claims of a report's text, in the order they are printed.

    ``source`` names the document (an id, or a :class:`Source`); ``file`` is recorded on
    each claim. Every quote is an exact substring of ``text`` at ``offset``.

    >>> claims = extract_claims("女党员2843.1万名,占党员总数的29.4%。", source="demo")
    >>> [(c.kind, dict(c.values)) for c in claims]
    [('share', {'numerator': '2843.1万', 'percent': '29.4%'})]
    >>> c = extract_claims("党员总数为9671.2万名,比上年净增343.4万名,增幅为3.7%。")[0]
    >>> c.kind, dict(c.values)
    ('growth', {'current': '9671.2万', 'increase': '净增343.4万', 'rate': '增幅为3.7%'})
    """
    return [item.claim for item in extract(text, source, file=file)]


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def extract(
    text: str, source: str | Source | None = None, *, file: str | Path = ""
) -> list[Extracted]:
    """As :func:`extract_claims`, with the span of each figure in the text (for highlighting).

    >>> [item.spans for item in extract("女党员2843.1万名,占29.4%。")]
    [(('numerator', 3, 10), ('percent', 13, 18))]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    # a lone surrogate (bytes decoded with surrogateescape) is no character: one U+FFFD
    # in its place keeps every offset
    text = _SURROGATE.sub("\ufffd", text)
    if source is None:
        source = Source(id=Path(str(file)).stem or "text")
    elif isinstance(source, str):
        source = Source(id=source)
    annotated = Annotated(text)
    ctx, found = find_all(annotated.read)
    return to_claims(ctx, found, source, str(file), annotated)
