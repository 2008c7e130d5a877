"""Extracted claims as a claims file: YAML in the documented format, read back by load_claims."""

from __future__ import annotations

from typing import Any

import yaml

from partybuild_metrics.claims.model import Claim, Source


def claims_document(source: Source, claims: list[Claim]) -> dict[str, Any]:
    """The mapping a claims file holds: its source and its claims, figures as strings."""
    head: dict[str, Any] = {"id": source.id}
    for key in ("title", "document", "published"):
        if getattr(source, key):
            head[key] = getattr(source, key)
    items = []
    for claim in claims:
        item: dict[str, Any] = {"id": claim.id, "kind": claim.kind, "quote": claim.quote}
        for key, value in claim.values.items():
            item[key] = list(value) if isinstance(value, (list, tuple)) else value
        for key in ("denominator_from", "total_from"):
            if getattr(claim, key):
                item[key] = getattr(claim, key)
        if claim.inferred:
            item["inferred"] = True
        item["offset"], item["line"] = claim.offset, claim.line
        if claim.note:
            item["note"] = claim.note
        items.append(item)
    return {"source": head, "claims": items}


def claims_yaml(source: Source, claims: list[Claim]) -> str:
    """A claims file's text (UTF-8 YAML, Chinese kept as characters).

    >>> from partybuild_metrics.claims.extract import extract_claims
    >>> print(claims_yaml(Source("demo"), extract_claims("女党员2843.1万名,占29.4%。", "demo")), end="")
    source:
      id: demo
    claims:
    - id: share-line1
      kind: share
      quote: 女党员2843.1万名,占29.4%
      numerator: 2843.1万
      percent: 29.4%
      offset: 0
      line: 1
    """
    return yaml.safe_dump(
        claims_document(source, claims), allow_unicode=True, sort_keys=False, width=10_000
    )
