"""Recall and precision of extraction against claims a reader listed by hand.

An extracted claim matches a listed one when it has the same kind and every figure the
list gives, compared as numbers (9804.1万 = 9804.1萬, 净增132.9万 = +1,329,000); a listed
share without a denominator accepts any. A share of a part in its whole with no percent
and a bound say the same thing (part ≤ whole) and match each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from partybuild_metrics.claims.extract import extract_claims
from partybuild_metrics.claims.model import Claim
from partybuild_metrics.claims.numbers import parse_change, parse_number

HERE = Path(__file__).parent
CHANGE_KEYS = {"increase", "rate", "change_points"}


def number(key: str, printed: str) -> tuple[Fraction, str]:
    """A printed figure as a comparable value (and what it counts)."""
    text = str(printed).strip()
    if key == "parts":
        sign = -1 if text[:1] in "-−" else 1
        parsed = parse_number(text.lstrip("-−").rstrip("%"))
        return sign * parsed.value, "number"
    parsed = parse_change(text) if key in CHANGE_KEYS else parse_number(text)
    return parsed.value, "percent" if key in ("percent", "rate") else parsed.kind


def _same(key: str, expected: Any, found: Any) -> bool:
    if key == "parts":
        if not isinstance(found, list) or len(found) != len(expected):
            return False
        return all(
            number(key, e)[0] == number(key, f)[0] for e, f in zip(expected, found, strict=True)
        )
    return number(key, expected)[0] == number(key, found)[0]


def _as_bound(kind: str, values: dict[str, Any]) -> dict[str, Any] | None:
    if kind == "share" and "percent" not in values and {"numerator", "denominator"} <= set(values):
        return {"part": values["numerator"], "whole": values["denominator"]}
    if kind == "bound":
        return dict(values)
    return None


def matches(claim: Claim, expected: dict[str, Any]) -> bool:
    """Whether an extracted claim is the listed one."""
    want = {k: v for k, v in expected.items() if k not in ("kind", "optional", "note", "reader")}
    kind = expected["kind"]
    values = dict(claim.values)
    if claim.kind != kind:
        a, b = _as_bound(claim.kind, values), _as_bound(kind, want)
        if a is None or b is None:
            return False
        values, want = a, b
    for key, printed in want.items():
        if key not in values:
            return False
        try:
            if not _same(key, printed, values[key]):
                return False
        except ValueError:
            return False
    return True


@dataclass
class Score:
    """Counts of one evaluation, overall and by kind."""

    required: int = 0
    found: int = 0
    extracted: int = 0
    correct: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    def kind_recall(self, kind: str) -> float:
        found, required = self.by_kind.get(kind, [0, 0])
        return found / required if required else 1.0


def score(items: list[tuple[str, list[dict[str, Any]]]]) -> Score:
    """Extract from each text and compare with its list."""
    result = Score()
    for text, expected in items:
        claims = extract_claims(text, source="corpus")
        for want in expected:
            hit = any(matches(c, want) for c in claims)
            if want.get("optional"):
                continue
            result.required += 1
            counts = result.by_kind.setdefault(want["kind"], [0, 0])
            counts[1] += 1
            if hit:
                result.found += 1
                counts[0] += 1
            else:
                result.missed.append(f"{want}  in  {text[:40]!r}")
        for claim in claims:
            result.extracted += 1
            if any(matches(claim, want) for want in expected):
                result.correct += 1
            else:
                result.spurious.append(f"{claim.kind} {dict(claim.values)} | {claim.quote[:50]}")
    return result


def corpus(name: str = "corpus.yaml") -> list[dict[str, Any]]:
    """Published sentences with their claims: the development corpus, or the held-out one."""
    with open(HERE / name, encoding="utf-8") as file:
        entries: list[dict[str, Any]] = yaml.safe_load(file)
    return entries


def corpus_items(name: str = "corpus.yaml") -> list[tuple[str, list[dict[str, Any]]]]:
    return [(entry["text"], entry["claims"]) for entry in corpus(name)]


ARTICLES = HERE.parent.parent / "data" / "articles"


def seed_items() -> list[tuple[str, list[dict[str, Any]]]]:
    """The seed articles and the claims a reader finds in each."""
    with open(HERE / "seed_claims.yaml", encoding="utf-8") as file:
        listed: dict[str, list[dict[str, Any]]] = yaml.safe_load(file)
    return [
        ((ARTICLES / name).read_text(encoding="utf-8"), claims) for name, claims in listed.items()
    ]


def report() -> str:
    """Recall and precision on the seeds and on the corpus, as the README states them."""
    lines = []
    for name, items in (
        ("seed articles", seed_items()),
        ("development corpus", corpus_items()),
        ("held-out sentences", corpus_items("heldout.yaml")),
    ):
        s = score(items)
        lines.append(
            f"{name}: recall {s.found}/{s.required} = {s.recall:.1%}, "
            f"precision {s.correct}/{s.extracted} = {s.precision:.1%}"
        )
        for kind, (found, required) in sorted(s.by_kind.items()):
            lines.append(f"  {kind}: {found}/{required}")
        lines += ["  missed: " + m for m in s.missed] + ["  not listed: " + m for m in s.spurious]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
