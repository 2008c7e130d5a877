"""Sums of parts: lists after 其中, lists of age bands, occupations or types, and 交叉任职.

A list is two or more counts of one kind after 其中, or three or more in one sentence, each
with its own label ("30岁及以下党员1243.5万名,31至35岁党员1150.0万名,…"). Its total is
the count the sentence gives before 其中 or after the list ("…组成的…,将这1044人"), else
the first count of the sentence before (其中 opening a sentence), else an earlier total of
the same kind. A list is taken as a partition of its total only when the parts add up to
about the total (a tenth either way; a selection such as "其中女党员…,少数民族党员…" does
not), or when they exceed it while counting the same thing: the check then says whether
the printed figures agree exactly. Two committees' members are the Party committee's plus
the villagers' committee's less those on both (交叉任职).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

from partybuild_metrics.claims.extract.context import (
    Context,
    head_matches,
    plausible_sum,
    value,
)
from partybuild_metrics.claims.extract.found import Figure, Found
from partybuild_metrics.claims.extract.mentions import Mention

_PART_ROLES: Final = frozenset({"count", "money", "quantity"})
_TOTAL_AFTER: Final = re.compile(r"(?:这|共计|共|合计|总计|累计|总数为|总数|计)[^,，;；。]{0,6}$")


def _items(ctx: Context, mentions: list[Mention]) -> list[list[Mention]]:
    """Runs of counts of one kind, each with a label, interrupted by nothing but ages,
    percents and changes."""
    runs: list[list[Mention]] = []
    current: list[Mention] = []
    for m in mentions:
        if m.role not in _PART_ROLES or m.change or m.weak or not m.number.printed:
            continue
        if current and (
            m.unit_class != current[-1].unit_class
            or m.number.bound == "range"
            or _TOTAL_AFTER.search(ctx.between(current[-1].unit_end, m.start)[-12:])
        ):
            runs.append(current)
            current = []
        current.append(m)
    if current:
        runs.append(current)
    return runs


def _labelled(ctx: Context, m: Mention) -> bool:
    label = ctx.clause_label(m).strip(" ,，;；、")
    noun = ctx.noun_after(m)
    return bool(re.search(r"[\u4e00-\u9fff]", label + noun))


def _total_after(ctx: Context, parts: list[Mention], mentions: list[Mention]) -> Mention | None:
    later = [m for m in mentions if m.start > parts[-1].start]
    for m in later:
        if m.unit_class == parts[0].unit_class and not m.change and m.role in _PART_ROLES:
            if _TOTAL_AFTER.search(ctx.between(parts[-1].unit_end, m.start)[-12:]):
                return m
            return None
    return None


def _total_before(ctx: Context, parts: list[Mention], mentions: list[Mention]) -> Mention | None:
    earlier = [m for m in mentions if m.start < parts[0].start]
    for m in reversed(earlier):
        if m.unit_class == parts[0].unit_class and not m.change and m.role in _PART_ROLES:
            return m
    return None


def _earlier_total(ctx: Context, parts: list[Mention]) -> Mention | None:
    """The nearest earlier count of the same thing that the parts add up to."""
    heads = [ctx.label_noun(p) for p in parts]
    topic = ctx.topic(parts[0])
    total_value = sum((value(p) for p in parts), Fraction(0))
    for candidate in ctx.earlier_counts(parts[0].index, paragraphs=8, chars=5000):
        if candidate.unit_class != parts[0].unit_class or candidate.sentence == parts[0].sentence:
            continue
        if not plausible_sum(value(candidate), total_value):
            continue
        noun = ctx.subject(candidate) or ctx.label_noun(candidate)
        named = any(head_matches(h, noun) for h in heads if h) or bool(
            topic and len(noun) >= 2 and (noun[-2:] in topic or _shares_word(topic, noun))
        )
        same_unit = candidate.unit == parts[0].unit
        near = same_unit and ctx.is_total(candidate) and parts[0].sentence - candidate.sentence <= 2
        # "全县村干部4000人。按学历分,研究生12人、本科345人…": the sentence before states it
        adjacent = same_unit and parts[0].sentence - candidate.sentence == 1
        if named or near or adjacent:
            return candidate
    return None


def _shares_word(a: str, b: str) -> bool:
    """Whether two phrases share a two-character word ("基层党组织建设" and "基层组织")."""
    return any(
        a[i : i + 2] in b for i in range(len(a) - 1) if a[i : i + 2] not in ("全国", "全省", "上年")
    )


def _later_total(ctx: Context, parts: list[Mention]) -> Mention | None:
    """A running total in the next sentence ("…分别为1650万人、…1386万人。六年来,累计减贫8239万人")."""
    index = parts[-1].sentence
    if index + 1 >= len(ctx.sentences):
        return None
    total_value = sum((value(p) for p in parts), Fraction(0))
    for m in ctx.in_sentence(ctx.sentences[index + 1]):
        if m.unit_class == parts[0].unit_class and not m.change and m.role in _PART_ROLES:
            if ctx.is_total(m) and plausible_sum(value(m), total_value):
                return m
            return None
    return None


def _first_in_paragraph(ctx: Context, m: Mention) -> bool:
    paragraph = ctx.sentence_of(m).paragraph
    for index in range(m.index - 1, max(-1, m.index - 400), -1):
        other = ctx.mentions[index]
        if ctx.sentence_of(other).paragraph != paragraph:
            return True
        if other.role in _PART_ROLES and not other.change:
            return False
    return True


def _accept(ctx: Context, total: Mention, parts: list[Mention], *, explicit: bool) -> bool:
    parts_value = sum((value(p) for p in parts), Fraction(0))
    if plausible_sum(value(total), parts_value):
        return True
    if not explicit or parts_value < value(total):
        return False
    # more than the total: a finding only when parts and total count the same thing
    noun = ctx.subject(total)
    return all(head_matches(ctx.label_noun(p) or ctx.subject(p), noun) for p in parts)


def _found(
    ctx: Context, total: Mention, parts: list[Mention], signs: list[str] | None = None
) -> Found:
    signs = signs or [""] * len(parts)
    figures = [Figure("parts", p.start, p.end, s) for p, s in zip(parts, signs, strict=True)]
    figures.append(Figure("total", total.start, total.end))
    first = (
        min([*parts, total], key=lambda m: m.start)
        if total.sentence == parts[0].sentence
        else parts[0]
    )
    last = (
        max([*parts, total], key=lambda m: m.start)
        if total.sentence == parts[0].sentence
        else parts[-1]
    )
    sentence = ctx.sentence_of(first)
    quote = (ctx.clause_start(first.start, sentence.start), last.unit_end)
    claim = Found("parts_sum", figures, quote)
    if total.sentence != parts[0].sentence:
        source = ctx.sentence_of(total)
        claim.linked = (ctx.clause_start(total.start, source.start), total.unit_end)
        claim.link_key = "total_from"
        claim.inferred = True
    return claim


def find_parts(ctx: Context) -> list[Found]:
    """Every list of parts with its total."""
    found: list[Found] = []
    for index, sentence in enumerate(ctx.sentences):
        # a bracket holds its own detail ("行政村52名(其中书记16名,副书记11名)"): lists are read outside
        mentions = [m for m in ctx.in_sentence(sentence) if m.depth == 0]
        crossed = _cross_posts(ctx, mentions)
        if crossed is not None:
            found.append(crossed)
            continue
        text = _outside_brackets(ctx.folded[sentence.start : sentence.end])
        at = text.find("其中")
        if at >= 0:
            split = sentence.start + at
            scope = re.search(r"[;；]", ctx.folded[split : sentence.end])
            scope_end = split + scope.start() if scope else sentence.end
            after = [m for m in mentions if split < m.start < scope_end]
            runs = [r for r in _items(ctx, after) if len(r) >= 2]
            if runs:
                parts = runs[0]
                before = [m for m in mentions if m.start < split]
                total = _total_before(ctx, parts, before) if before else None
                explicit = total is not None
                if total is None and not ctx.folded[sentence.start : split].strip():
                    previous = ctx.in_sentence(ctx.sentences[index - 1]) if index else []
                    total = _total_before(ctx, parts, previous + parts)
                    explicit = total is not None
                if total is None:
                    total = _earlier_total(ctx, parts)
                    explicit = False
                if total is not None and _accept(ctx, total, parts, explicit=explicit):
                    found.append(_found(ctx, total, parts))
                continue
        for parts in _items(ctx, mentions):
            if len(parts) > 2 and ctx.is_total(parts[0]) and not ctx.is_total(parts[1]):
                # "成员共195名,行政村52名…;居民区143名…": the total leads its parts
                if _accept(ctx, parts[0], parts[1:], explicit=True):
                    found.append(_found(ctx, parts[0], parts[1:]))
                continue
            listed = re.search(r"(?:分别|依次)(?:为|是|有)?$", ctx.clause_label(parts[0]))
            if len(parts) < 2 or not (listed or all(_labelled(ctx, p) for p in parts)):
                continue
            total = _total_after(ctx, parts, mentions)
            if total is not None:
                if _accept(ctx, total, parts, explicit=True):
                    found.append(_found(ctx, total, parts))
                continue
            if len(parts) < 3:
                continue
            total = None
            if any(
                ctx.folded.startswith("中", p.unit_end) or ctx.noun_after(p).endswith("中")
                for p in parts
            ):
                continue  # "56.7万名村党组织书记中,…": wholes and their parts, not a list
            if total is None:
                total = _earlier_total(ctx, parts) or _later_total(ctx, parts)
                if total is not None:
                    found.append(_found(ctx, total, parts))
    return found


_PARTY: Final = re.compile(r"(?:党组织|党支部|党总支|支部)(?:班子)?(?:成员|委员)")
_VILLAGERS: Final = re.compile(
    r"(?:村民委员会|居民委员会|村委会|居委会|村\(居\)民委员会)(?:班子)?(?:成员|委员)"
)
_BOTH: Final = re.compile(r"交叉任职")
_TWO: Final = re.compile(r"两委[”\"]?(?:班子)?(?:成员|干部)")


def _outside_brackets(text: str) -> str:
    """The text with bracketed passages blanked out (same length)."""
    out = []
    depth = 0
    for ch in text:
        if ch in "(（[【":
            depth += 1
        out.append(" " if depth else ch)
        if ch in ")）]】" and depth:
            depth -= 1
    return "".join(out)


def _cross_posts(ctx: Context, mentions: list[Mention]) -> Found | None:
    """Party committee members + villagers' committee members − those on both = two committees."""
    people = [m for m in mentions if m.unit_class == "person" and not m.change]
    if len(people) < 4:
        return None
    roles: dict[str, Mention] = {}
    for m in people:
        label = re.sub(r"[“”\"'‘’\s]", "", ctx.clause_label(m))
        for key, pattern in (
            ("both", _BOTH),
            ("party", _PARTY),
            ("villagers", _VILLAGERS),
            ("two", _TWO),
        ):
            if (
                key not in roles
                and pattern.search(label)
                and not any(
                    pattern.search(label) and other_key != key and other.index == m.index
                    for other_key, other in roles.items()
                )
            ):
                if key == "two" and (_PARTY.search(label) or _VILLAGERS.search(label)):
                    continue
                roles[key] = m
                break
    if len(roles) < 4:
        return None
    party, villagers, both, two = roles["party"], roles["villagers"], roles["both"], roles["two"]
    if not plausible_sum(value(two), value(party) + value(villagers) - value(both)):
        return None
    return _found(ctx, two, [party, villagers, both], ["", "", "-"])
