"""Sums of parts: lists after 其中, lists of age bands, occupations or types, and 交叉任职.

A list is two or more counts of one kind after 其中, or three or more in one sentence, each
with its own label ("30岁及以下党员1243.5万名,31至35岁党员1150.0万名,…"). Its total is
the count the sentence gives before 其中, before the list ("成员共195名,行政村52名…") or
after it ("…组成的…,将这1044人"); a list with none of these takes a total printed earlier
only when it has a reason of its own to be a partition (:mod:`.lists`: 分别, a heading or
items naming one facet, percents adding up to 100), never because it happens to add up to
about that total. Items that name different facets, or carry percents of the total that
do not add up to 100, are attributes that overlap ("女党员…,少数民族党员…,35岁以下党员…"):
no sum. A list after 其中 is taken when it partitions the total (:func:`.lists.partition`:
one facet and all its values, a catch-all, 分别, percents adding up to 100; "其中农村党员…,
女党员…" or "…,机关党员…" is a selection) and the parts add up to about the total (a
selection such as "其中书记16名,副书记11名" of 52 does not), or exceed it while counting
the same thing: the check then says whether the printed figures agree exactly. Also read: lists
printed pairwise ("2014年脱贫1户7人,2015年脱贫1户7人…"), a bracket of parts after its
total ("岗位16人,(其中道路养护员2人、…)"), the parts of an increase ("增加5.4万个。其中,
机关党组织增加1.0万个,…"), and the two committees' members as the Party committee's plus
the villagers' committee's less those on both (交叉任职).
"""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import pairwise
from typing import Final

from partybuild_metrics.claims.extract import lists
from partybuild_metrics.claims.extract.context import (
    Context,
    head_matches,
    plausible_sum,
    value,
)
from partybuild_metrics.claims.extract.facets import mixed_facets
from partybuild_metrics.claims.extract.found import Figure, Found
from partybuild_metrics.claims.extract.mentions import Mention, Sentence

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
            if ctx.per_capita(m) and not any(ctx.per_capita(p) for p in parts):
                continue  # "…生产总值951435万元,…人均地区生产总值为74331元。其中,…"
            return m
    return None


def _earlier_total(ctx: Context, parts: list[Mention], reason: str = "") -> Mention | None:
    """The nearest earlier count of the same thing that the parts add up to.

    With a reason of the list's own to be a partition (a facet, a heading, percents adding
    up to 100, 分别), any earlier total in the same measure word will do; kinds joined by
    、 only take the total of the sentence just before.
    """
    heads = [ctx.label_noun(p) for p in parts]
    topic = ctx.topic(parts[0])
    total_value = sum((value(p) for p in parts), Fraction(0))
    for candidate in ctx.earlier_counts(parts[0].index, paragraphs=8, chars=5000):
        if candidate.unit_class != parts[0].unit_class or candidate.sentence == parts[0].sentence:
            continue
        if not plausible_sum(value(candidate), total_value):
            continue
        same_unit = candidate.unit == parts[0].unit
        # "全县村干部4000人。按学历分,研究生12人、本科345人…": the sentence before states it
        adjacent = same_unit and parts[0].sentence - candidate.sentence == 1
        if reason == "kinds":
            if adjacent:
                return candidate
            continue
        noun = ctx.subject(candidate) or ctx.label_noun(candidate)
        named = any(head_matches(h, noun) for h in heads if h) or bool(
            topic and len(noun) >= 2 and (noun[-2:] in topic or _shares_word(topic, noun))
        )
        near = same_unit and ctx.is_total(candidate) and parts[0].sentence - candidate.sentence <= 2
        total = reason in _OWN_REASONS and same_unit and ctx.is_total(candidate)
        if named or near or adjacent or total:
            return candidate
    return None


_OWN_REASONS: Final = frozenset({"respectively", "percents", "facet", "heading"})


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


_SECTORS: Final = re.compile(r"[农林牧渔]{3,}")


def _some_of_the_sectors(ctx: Context, total: Mention, parts: list[Mention]) -> bool:
    """Whether the parts name only some of the sectors their total names: "农林牧渔业产值
    18.19亿元。其中,农业…,林业…,畜牧业…" leaves out 渔业 and the services, a selection."""
    named = _SECTORS.search(ctx.clause_label(total))
    if named is None:
        return False
    labels = "|".join(ctx.clause_label(p) + ctx.noun_after(p) for p in parts)
    return not all(sector in labels for sector in named[0])


def _accept(ctx: Context, total: Mention, parts: list[Mention], *, explicit: bool) -> bool:
    if _some_of_the_sectors(ctx, total, parts):
        return False
    parts_value = sum((value(p) for p in parts), Fraction(0))
    if plausible_sum(value(total), parts_value):
        return True
    if not explicit or parts_value < value(total):
        return False
    if any(ctx.per_capita(m) for m in (total, *parts)):
        return False  # means of subgroups (本地, 外出农民工月均收入) add up to nothing
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
        found += _bracketed(ctx, sentence)
        text = _outside_brackets(ctx.folded[sentence.start : sentence.end])
        reads = [
            _after_qizhong(ctx, index, sentence.start + at.start(), mentions)
            for at in re.finditer("其中", text)
        ]
        if reads and reads[0] is not None:
            for read in reads:
                found += read or []
            continue
        scoped = _in_named_scope(ctx, index, mentions)
        if scoped is not None:
            found.append(scoped)
            continue
        found += _lists(ctx, mentions)
    return found


def _after_qizhong(
    ctx: Context, index: int, split: int, mentions: list[Mention]
) -> list[Found] | None:
    """The parts listed after 其中, with the total before it; None when there is no list."""
    sentence = ctx.sentences[index]
    scope = re.search(r"[;；]|其中", ctx.folded[split + 2 : sentence.end])
    scope_end = split + 2 + scope.start() if scope else sentence.end
    after = [m for m in mentions if split < m.start < scope_end]
    runs = [r for r in _items(ctx, after) if len(r) >= 2][:1] or _interleaved(after)
    continued = False
    if not runs and scope is not None and scope[0] != "其中":
        # "其中,第一产业增加值100.23亿元,增长4.4%;第二产业增加值170.37亿元,…;第三产业…":
        # the list goes on after the semicolon, one item a clause, up to another 其中
        more = re.search("其中", ctx.folded[split + 2 : sentence.end])
        end = split + 2 + more.start() if more else sentence.end
        items = [m for m in mentions if split < m.start < end]
        runs = [r for r in _items(ctx, items) if len(r) >= 2 and _one_a_clause(ctx, r)][:1]
        continued = bool(runs)
    opens = not ctx.folded[sentence.start : split].strip()
    previous = ctx.in_sentence(ctx.sentences[index - 1]) if index and opens else []
    before = [m for m in mentions if m.start < split]
    if not runs:
        return _changes_after_qizhong(ctx, after, before or previous)
    found: list[Found] = []
    for parts in runs:
        total = _total_before(ctx, parts, before) if before else None
        explicit = total is not None
        if total is None and opens:
            total = _total_before(ctx, parts, previous + parts)
            explicit = total is not None
        if total is None:
            total = _earlier_total(ctx, parts)
            explicit = False
        if total is None or lists.overlapping(ctx, parts):
            continue
        if (
            not lists.partition(ctx, parts)
            and not lists.time_split(ctx, total, parts)
            and (lists.dated(ctx, parts) or not _adds_up(total, parts))
        ):
            # items of a facet the reader does not know may overlap or leave some out: a
            # sum is claimed only when they add up to the total within their rounding
            # ("回收有效问卷5100份,其中基层干部问卷1800份、普通群众问卷3300份")
            continue
        if continued and not plausible_sum(
            value(total), sum((value(p) for p in parts), Fraction(0))
        ):
            continue
        if _accept(ctx, total, parts, explicit=explicit):
            found.append(_found(ctx, total, parts))
            if scope is not None and scope[0] != "其中":
                found += _more_breakdowns(ctx, total, scope_end, sentence.end, mentions)
    return found


def _adds_up(total: Mention, parts: list[Mention]) -> bool:
    """Whether the parts' printed values add up to the total's within half their steps."""
    if any(m.number.bound not in ("exact", "rounded") for m in [total, *parts]):
        return False
    if any(m.unit_class != total.unit_class for m in parts):
        return False
    gap = abs(sum((value(p) for p in parts), Fraction(0)) - value(total))
    rounded = [m.number.step for m in [total, *parts] if m.number.bound == "rounded"]
    return gap <= sum(rounded, Fraction(0)) / 2  # an exact count has no slack


def _more_breakdowns(
    ctx: Context, total: Mention, start: int, end: int, mentions: list[Mention]
) -> list[Found]:
    """Further breakdowns of one total after 其中, a clause of each between semicolons:
    "户籍人口为112635人。其中,城镇人口54715人,乡村人口57920人;男性人口57753人,女性人口
    54882人;0-17岁、…60岁及以上户籍人口分别为18891人、…和25594人". Each must partition
    the total on its own (both sexes, age bands, 分别)."""
    found: list[Found] = []
    more = re.search("其中", ctx.folded[start:end])
    end = start + more.start() if more else end
    bounds = [start] + [start + m.end() for m in re.finditer(r"[;；]", ctx.folded[start:end])]
    for low, high in zip(bounds, [*bounds[1:], end], strict=True):
        items = [m for m in mentions if low < m.start < high]
        for parts in (r for r in _items(ctx, items) if len(r) >= 2):
            if parts[0].unit_class != total.unit_class or lists.overlapping(ctx, parts):
                continue
            if lists.partition(ctx, parts) and _accept(ctx, total, parts, explicit=False):
                found.append(_found(ctx, total, parts))
    return found


_NAMED_SCOPE: Final = re.compile(r"\s*在([^,，;；。\d]{2,16}?)(?:总量|总数|总人数)?中\s*[,，]")


def _in_named_scope(ctx: Context, index: int, mentions: list[Mention]) -> Found | None:
    """A sentence that opens with the population its list splits, counted before it: "…农民工
    总量达到28652万人…。在农民工总量中,外出农民工17185万人,比上年增加251万人…;本地农民工
    11467万人,…". The items must name the values of one facet (外出/本地, 跨省/省内)."""
    sentence = ctx.sentences[index]
    opener = _NAMED_SCOPE.match(ctx.folded, sentence.start)
    if opener is None or index == 0:
        return None
    runs = [r for r in _items(ctx, [m for m in mentions if m.start > opener.end()]) if len(r) >= 2]
    if not runs or not lists.partition(ctx, runs[0]) or lists.overlapping(ctx, runs[0]):
        return None
    parts, noun = runs[0], opener[1]
    for candidate in ctx.earlier_counts(parts[0].index, paragraphs=2, chars=1500):
        if candidate.sentence == index or candidate.unit_class != parts[0].unit_class:
            continue
        if candidate.change or ctx.per_capita(candidate) or ctx.is_threshold(candidate):
            continue
        words = ctx.naming_words(candidate)
        if noun in words and _accept(ctx, candidate, parts, explicit=False):
            return _found(ctx, candidate, parts)
    return None


def _one_a_clause(ctx: Context, parts: list[Mention]) -> bool:
    """Whether each item after the first opens a clause after a semicolon, with its label."""
    for before, part in pairwise(parts):
        gap = ctx.between(before.unit_end, part.start)
        if not re.search(r"[;；]", gap) or not _labelled(ctx, part):
            return False
    return True


def _interleaved(mentions: list[Mention]) -> list[list[Mention]]:
    """Two lists printed pairwise ("2014年脱贫1户7人,2015年脱贫1户7人,…"): households and
    persons, each a list of its own."""
    counts = [
        m for m in mentions
        if m.role in _PART_ROLES and not m.change and not m.weak and m.number.printed
    ]  # fmt: skip
    if len(counts) < 4 or len(counts) % 2:
        return []
    first, second = counts[0::2], counts[1::2]
    if first[0].unit_class == second[0].unit_class:
        return []
    if any(m.unit_class != first[0].unit_class for m in first) or any(
        m.unit_class != second[0].unit_class for m in second
    ):
        return []
    return [first, second]


_DECREASE: Final = re.compile(r"(?:减少|下降|降低|净减|回落|缩小|少了)[了为]?\s*$")


def _falls(ctx: Context, m: Mention) -> bool:
    return bool(_DECREASE.search(ctx.words_before(m, 8)))


def _changes_after_qizhong(
    ctx: Context, after: list[Mention], before: list[Mention]
) -> list[Found] | None:
    """Parts of an increase: "总数比上年增加5.4万个。其中,机关党组织增加1.0万个,…"."""
    changes = [m for m in after if m.role in _PART_ROLES and m.change and not m.weak]
    if len(changes) < 2 or any(m.unit_class != changes[0].unit_class for m in changes):
        return None
    wholes = [m for m in before if m.change and m.unit_class == changes[0].unit_class]
    if len(wholes) != 1:
        return []
    total = wholes[0]
    if lists.overlapping(ctx, changes) or not lists.partition(ctx, changes):
        return []
    signs = ["-" if _falls(ctx, m) != _falls(ctx, total) else "" for m in changes]
    net = sum(
        (-value(m) if sign else value(m) for m, sign in zip(changes, signs, strict=True)),
        Fraction(0),
    )
    if not plausible_sum(value(total), net):
        return []
    return [_found(ctx, total, changes, signs)]


def _bracketed(ctx: Context, sentence: Sentence) -> list[Found]:
    """A bracket of parts right after their total: "公益性岗位16人,(其中道路养护员2人、…)"."""
    found: list[Found] = []
    text = ctx.folded[sentence.start : sentence.end]
    for opened in re.finditer(r"[(（]\s*其中", text):
        at = sentence.start + opened.start()
        close = re.search(r"[)）]", ctx.folded[at : sentence.end])
        end = at + close.start() if close else sentence.end
        mentions = ctx.in_sentence(sentence)
        before = [m for m in mentions if m.unit_end <= at and m.depth == 0]
        if not before or not re.fullmatch(r"[\s,，]*", ctx.between(before[-1].unit_end, at)):
            continue
        total = before[-1]
        inside = [m for m in mentions if at < m.start < end]
        runs = [r for r in _items(ctx, inside) if len(r) >= 2]
        if not runs or runs[0][0].unit_class != total.unit_class or total.change:
            continue
        parts = runs[0]
        if lists.overlapping(ctx, parts) or not lists.partition(ctx, parts):
            continue
        if _accept(ctx, total, parts, explicit=True):
            found.append(_found(ctx, total, parts))
    return found


def _lists(ctx: Context, mentions: list[Mention]) -> list[Found]:
    """Lists with no 其中: a total that leads them, one after them (共计, 这…), or one
    printed elsewhere when the list has a reason of its own to be a partition."""
    found: list[Found] = []
    for parts in _items(ctx, mentions):
        if (
            len(parts) > 2
            and ctx.is_total(parts[0])
            and not ctx.is_total(parts[1])
            and not lists.parallel(ctx, parts[0], parts[1:])
        ):
            # "成员共195名,行政村52名…;居民区143名…": the total leads its parts
            items = parts[1:]
            if mixed_facets(lists.item_words(ctx, items)):
                items = lists.one_facet_prefix(ctx, items)
            if (
                len(items) >= 2
                and not lists.overlapping(ctx, items)
                and _accept(ctx, parts[0], items, explicit=True)
            ):
                found.append(_found(ctx, parts[0], items))
            continue
        scoped = _scoped(ctx, parts) if len(parts) >= 3 else None
        if scoped is not None:
            found.append(scoped)
            continue
        listed = re.search(r"(?:分别|依次)(?:为|是|有)?$", ctx.clause_label(parts[0]))
        if len(parts) < 2 or not (listed or all(_labelled(ctx, p) for p in parts)):
            continue
        if lists.overlapping(ctx, parts):
            continue
        total = _total_after(ctx, parts, mentions)
        if total is not None:
            if _accept(ctx, total, parts, explicit=True):
                found.append(_found(ctx, total, parts))
            continue
        if len(parts) < 3:
            continue
        if any(
            ctx.folded.startswith("中", p.unit_end) or ctx.noun_after(p).endswith("中")
            for p in parts
        ):
            continue  # "56.7万名村党组织书记中,…": wholes and their parts, not a list
        reason = lists.signal(ctx, parts)
        if not reason:
            continue
        total = _earlier_total(ctx, parts, reason) or (
            _later_total(ctx, parts) if reason != "kinds" else None
        )
        if total is not None:
            found.append(_found(ctx, total, parts))
    return found


_SCOPE: Final = re.compile(r"[^,，;；。]{0,20}中\s*[,，:：]")


def _scoped(ctx: Context, parts: list[Mention]) -> Found | None:
    """A whole that opens a scope and the items that follow it, when they add up to about it:
    "283个摘帽县中,中部地区114个县…,西部地区169个县…", "47名第一书记中:男35人,女12人"."""
    whole = parts[0]
    if not _SCOPE.match(ctx.folded, whole.unit_end):
        return None
    items: list[Mention] = []
    for part in parts[1:]:
        gap = ctx.between((items[-1] if items else whole).unit_end, part.start)
        if "其中" in gap or _SCOPE.match(ctx.folded, part.unit_end):
            break  # a subset of what comes before, or a scope of its own
        items.append(part)
    if len(items) < 2 or not all(_labelled(ctx, p) for p in items):
        return None
    if lists.overlapping(ctx, items):
        return None
    if not plausible_sum(value(whole), sum((value(p) for p in items), Fraction(0))):
        return None
    return _found(ctx, whole, items)


_PARTY: Final = re.compile(r"(?:党组织|党支部|党总支|支部)(?:班子)?(?:成员|委员)")
_VILLAGERS: Final = re.compile(
    # 村民委员会, 居民委员会, 村委会, 居委会, 村(居)民委员会, 村(居)委会, 村(社区)委会
    # (full-width brackets are folded to ASCII)
    r"(?:村|居)(?:\((?:居|社区)\))?民?委(?:员)?会(?:班子)?(?:成员|委员)"
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
