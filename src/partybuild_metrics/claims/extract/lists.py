"""Whether a list of counts partitions a whole: the signals for, and the signs against.

That a list adds up to about a total is what the check tests, so it is no reason to take
the list as the parts of that total. A list is read as a partition only on a signal of its
own: 其中 (found by the caller), 分别, a heading that names one facet ("党员的年龄。",
"从党员的职业看", "分三大区域看"), items that all name values of one facet (age bands,
occupations, regions, years of joining, posts), percents of the items that add up to 100,
or an enumeration (、) of kinds of one thing right after its total. Against it: items
naming different facets ("女党员…,少数民族党员…,大专以上学历党员…,35岁以下党员…"
overlap), and items each with its own percent of the total when those do not add up to
100 (the text itself says they cover something else than the whole).
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Final

from partybuild_metrics.claims.extract.context import Context, value
from partybuild_metrics.claims.extract.facets import (
    catch_all,
    covers,
    facets,
    mixed_facets,
    one_facet,
)
from partybuild_metrics.claims.extract.mentions import Mention

_SHARE_CUE: Final = re.compile(r"占|比例|比重")
_HEADING: Final = re.compile(
    r"\s*(?:从|分|按|在|就)([^,，;；。:：]{1,16}?)(?:来看|看|划分|分|部分|方面)\s*[,，:：]"
)
_RESPECTIVELY_BEFORE: Final = re.compile(r"(?:分别|依次)(?:为|是|有)?$")
_RESPECTIVELY_AFTER: Final = re.compile(r"[\s,，]*(?:分别|依次)")
_CUE_TAIL: Final = re.compile(
    r"(?:总数|总计|合计|共计|共有|现有|已有|共|有|为|是|达到|达|计|约|的)+$"
)
_CJK: Final = re.compile(r"[\u4e00-\u9fff]")


def item_words(ctx: Context, parts: list[Mention]) -> list[str]:
    """The words that name each item: from the start of its clause, or the end of the item
    before it, to the figure ("30岁及以下党员", "、蓝莓大棚")."""
    words = []
    for i, part in enumerate(parts):
        start = ctx.clause_start(part.start, ctx.sentence_of(part).start)
        if i and parts[i - 1].sentence == part.sentence:
            start = max(start, parts[i - 1].unit_end)
        words.append(ctx.folded[start : part.start])
    return words


def _own_percent(ctx: Context, part: Mention) -> Mention | None:
    """The percent an item is given right after it ("1925万名,占党员总数的23.3%")."""
    after = ctx.after_in_sentence(part, 1)
    if not after or after[0].role != "percent" or after[0].change:
        return None
    gap = ctx.between(part.unit_end, after[0].start)
    if len(gap) > 24 or not _SHARE_CUE.search(gap) or "其中" in gap or "分别" in gap:
        return None
    return after[0]


def percents(ctx: Context, parts: list[Mention]) -> str:
    """How the items' own percents read: "whole" when every item has one and they add up
    to 100 (within their rounding); "overlap" when they do not, or add up to more; "" when
    too few are given."""
    given = [p for p in (_own_percent(ctx, part) for part in parts) if p is not None]
    if len(given) < 2:
        return ""
    total = sum((value(p) for p in given), Fraction(0))
    slack = sum((p.number.step for p in given), Fraction(0)) / 2
    every = len(given) == len(parts)
    if every and abs(total - 100) <= slack:
        return "whole"
    if every or total > 100 + slack:
        return "overlap"
    return ""


def heading(ctx: Context, first: Mention) -> str:
    """The words of a heading over a list: "党员的年龄。", "从党员的职业看,", "分三大区域看,"
    (also opening the sentence before, when that one counts nothing)."""
    sentence = ctx.sentence_of(first)
    opened = _HEADING.match(ctx.folded, sentence.start, first.start)
    if opened:
        return opened[1]
    topic = ctx.topic(first)
    if topic:
        return topic
    if first.sentence == 0:
        return ""
    previous = ctx.sentences[first.sentence - 1]
    if previous.paragraph != sentence.paragraph:
        return ""
    if any(ctx.mentions[i].role in ("count", "money") for i in previous.mentions):
        return ""
    opened = _HEADING.match(ctx.folded, previous.start, previous.end)
    return opened[1] if opened else ""


def overlapping(ctx: Context, parts: list[Mention]) -> bool:
    """Signs that the items are attributes of one population, not its parts."""
    return mixed_facets(item_words(ctx, parts)) or percents(ctx, parts) == "overlap"


_YEAR_LEAD: Final = re.compile(
    r"^[\s,，、;；:：]*(?:其中[\s,，:：]*)?(?:(?:19|20)\d\d年(?:\d{1,2}月(?:\d{1,2}日)?)?"
    r"(?:(?:至|到|—|-|~)(?:(?:19|20)\d\d年)?(?:\d{1,2}月(?:\d{1,2}日)?)?)?(?:以来|全年|当年|底|末)?)+"
)
_TOTAL_LEAD: Final = re.compile(r"^.*?(?:共计|累计|总计|共|合计|一共)")


def dated(ctx: Context, parts: list[Mention]) -> bool:
    """Whether any item opens with a year ("2020年培训党员10.16万名"): a count of its own year."""
    return any(_YEAR_LEAD.match(words) for words in item_words(ctx, parts))


def time_split(ctx: Context, total: Mention, parts: list[Mention]) -> bool:
    """Whether the items are the total's own count, each for another year: "共发展党员
    21.03万名,其中2020年发展党员10.16万名,2021年发展党员10.87万名"."""
    words = item_words(ctx, parts)
    leads = [_YEAR_LEAD.match(w) for w in words]
    if not all(leads):
        return False
    rests = {
        re.sub(r"\s", "", w[lead.end() :]) for w, lead in zip(words, leads, strict=True) if lead
    }
    spans = [re.sub(r"\s|[,，、;；:：]", "", lead[0]) for lead in leads if lead]
    if len(rests) != 1 or len(set(spans)) != len(spans):
        return False
    rest = rests.pop()
    label = re.sub(r"\s", "", _TOTAL_LEAD.sub("", ctx.clause_label(total)))
    return len(rest) >= 2 and label.endswith(rest)


def partition(ctx: Context, parts: list[Mention]) -> bool:
    """Whether items listed under a total (其中…) must add up to it: they are given 分别 or
    with percents adding up to 100, or every item names a value of one and the same facet
    and together they name all its values (男/女, age bands from one open below to one open
    above with no age left out, a catch-all).

    Items of facets the reader does not know ("其中农村党员…,机关党员…") or of several
    facets ("农村党员…,女党员…") are a selection that may overlap, or leave some out: no
    sum is claimed (a missed sum is better than a false finding).
    """
    after = _RESPECTIVELY_AFTER.match(ctx.folded, parts[-1].unit_end)
    if _RESPECTIVELY_BEFORE.search(ctx.clause_label(parts[0])) or (
        after and not _SHARE_CUE.match(ctx.folded, after.end())  # "分别占60%和30%": shares
    ):
        return True
    if percents(ctx, parts) == "whole":
        return True
    words = item_words(ctx, parts)
    if catch_all(words[-1]) and not mixed_facets(words):
        return True  # "…,其他党员500名": the rest is listed too
    facet = one_facet(words)
    return bool(facet) and covers(facet, words)


def head(words: str) -> str:
    """The head noun of an item's words: their last two Chinese characters, cue words cut."""
    letters = "".join(_CJK.findall(_CUE_TAIL.sub("", words.strip())))
    return letters[-2:] if len(letters) >= 2 else ""


def parallel(ctx: Context, lead: Mention, items: list[Mention]) -> bool:
    """Whether a count that opens a list names the same kind of thing as the items after
    it ("共有机关基层党组织77.1万个,事业单位基层党组织99.7万个,…"): it is the first item,
    not their total."""
    lead_head = head(ctx.clause_label(lead))
    if not lead_head:
        return False
    return all(head(words) == lead_head for words in item_words(ctx, items))


def one_facet_prefix(ctx: Context, items: list[Mention]) -> list[Mention]:
    """The longest run of items from the first that names values of one facet
    ("村主任22人,副主任8人,委员47人,交叉任职48人" → the three posts)."""
    words = item_words(ctx, items)
    for end in range(len(items), 1, -1):
        if one_facet(words[:end]):
            return items[:end]
    return []


def signal(ctx: Context, parts: list[Mention]) -> str:
    """Why a list with no total of its own may be the parts of one printed elsewhere:
    "respectively", "percents", "facet", "heading", "kinds" (to be confirmed by a total
    in the sentence just before), or "" for no reason at all."""
    if _RESPECTIVELY_BEFORE.search(ctx.clause_label(parts[0])) or _RESPECTIVELY_AFTER.match(
        ctx.folded, parts[-1].unit_end
    ):
        return "respectively"
    if percents(ctx, parts) == "whole":
        return "percents"
    words = item_words(ctx, parts)
    facet = one_facet(words)
    if facet:
        return "facet"
    named = facets(heading(ctx, parts[0]))
    if len(named) == 1 and not any(facets(w) - named for w in words):
        return "heading"
    joined = all(w.lstrip().startswith("、") for w in words[1:])
    heads = {head(w) for w in words}
    if joined and len(heads) == 1 and "" not in heads and not any(facets(w) for w in words):
        return "kinds"
    return ""
