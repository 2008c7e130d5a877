"""Growth of a count and changes of a share in percentage points.

Growth: "党员总数为9671.2万名,比上年净增343.4万名,增幅为3.7%" (current, increase, rate);
"贫困人口从2012年末的9899万人减少至551万人,累计减少9348万人" (previous, current, increase);
"…551万人,比上年末减少1109万人,下降66.8%"; the total and increase printed before the rate
("党员总数为9804.1万名,比上年净增132.9万名。…党员总数比上年增加1.4%"), or the total alone
("…党员540.66万名…。全省党员数量较2019年底净增14.63万名,增幅为2.8%"). A growth claim
needs three of the four figures.
A doubling right after the level it describes is its rate: "由4000名增加到9000名,翻了一番"
(× 2, a rise of 100%), 翻了两番 (× 4), 翻一番多 (more than × 2), and 翻番 read as 翻一番.

Percentage points: "贫困发生率从2012年的10.2%下降至0.6%,累计下降9.6个百分点" and
"…占14.4%,比上年的13.9%提高0.5个百分点" (before, after, change). A change in points with
no earlier share printed beside it ("比上年提高0.5个百分点") cannot be checked and is left.
"""

from __future__ import annotations

import re
from typing import Final

from partybuild_metrics.claims.extract.context import Context
from partybuild_metrics.claims.extract.found import Figure, Found
from partybuild_metrics.claims.extract.mentions import Mention

_CHANGE_WORD: Final = re.compile(
    r"(?:净增加|净增|净减少|净减|增加了|增加|增长了|增长|减少了|减少|下降了|下降|降低了|降低|提高了|提高|"
    r"上升了|上升|增幅为|增幅达到|增幅达|增幅|降幅为|降幅达|降幅|增速为|增速|净增率为|净增率|"
    r"增长率为|增长率)[了为]?\s*$"
)
_FROM_TO: Final = re.compile(
    r"(?:增加|增长|减少|下降|降低|提高|上升|降|升|增)(?:到|至|为)[^,，;；。]{0,12}$"
)
_THAN_LEVEL: Final = re.compile(r"\s*[,，]?\s*(?:比|较|同比|与)[^,，;；。%]{0,16}?的\s*")
"""Between a level and the earlier one it is compared with: ",比2012年的", "较上年末的"."""
_FROM: Final = re.compile(r"(?:从|由)[^,，;；。]{0,16}$")
_DOUBLING_LINK: Final = re.compile(r"\s*[,，]?\s*(?:实现了?|已经?|基本)?\s*")
"""What may stand between a level and the doubling that describes it: a comma, 实现, 已.
Any other words name what doubled ("…200户,收入翻了一番"), not the level."""
_BARE_DOUBLING: Final = re.compile(r"翻了?番")
_YEARLY: Final = re.compile(r"(?:年均|年平均|平均每年|每年平均|平均)[^,，;；。]{0,4}$")


def _word_start(ctx: Context, m: Mention) -> int:
    """Where the word of change before a figure starts ("净增343.4万" starts at 净)."""
    window_start = max(m.label_start, m.start - 8)
    match = _CHANGE_WORD.search(ctx.folded[window_start : m.start])
    return window_start + match.start() if match else m.start


def _increase(ctx: Context, m: Mention) -> Figure:
    """The increase of a growth, with its word of change: "净增343.4万"; a word separated
    from it by what changed ("减少农村贫困人口526万人") is its sign."""
    if m.change_word:
        return Figure("increase", m.start, m.end, sign=m.change_word)
    return Figure("increase", _word_start(ctx, m), m.end)


def find_changes(ctx: Context) -> list[Found]:
    """Growth claims and percentage-point changes."""
    found: list[Found] = []
    for sentence in ctx.sentences:
        mentions = ctx.in_sentence(sentence)
        found += _growth(ctx, mentions)
        found += _growth_of_a_total_before(ctx, mentions)
        found += _rate_of_a_growth_before(ctx, mentions)
        found += _points(ctx, mentions)
    return found


_COMPARED_WITH: Final = re.compile(r"(?:比|较|同比|相比|与)")
_SCOPE_WORDS: Final = re.compile(
    r"^(?:全(?:国|省|市|县|区|州|盟|旗)|我(?:国|省|市|县|区))?(?:共有|现有|共|有)?"
    r"(?:中国共产党|中共)?"
)
_MEASURE_WORDS: Final = re.compile(
    r"(?:的)?(?:总数|总量|总人数|人数|数量|规模|总计|合计)?(?:为|是|达到|达)?$"
)


def _noun_of_total(label: str) -> str:
    """The noun a total is of, its scope and measure words taken off: 全省共有中国共产党党员
    → 党员, 全省基层党组织数量 → 基层党组织, 中国共产党党员总数为 → 党员."""
    noun = re.sub(r"[“”\"'‘’()（）《》\s]", "", label)
    noun = re.sub(r"^(?:而且|而|但是|但|同时|另外|此外)", "", noun)  # 而非公有制单位职工党员
    noun = _MEASURE_WORDS.sub("", _SCOPE_WORDS.sub("", noun))
    return noun


def _growth_of_a_total_before(ctx: Context, mentions: list[Mention]) -> list[Found]:
    """A net increase and its rate whose current total was printed before: "全省共有中国共产党
    党员540.66万名…。党员队伍总量稳步增长。全省党员数量较2019年底净增14.63万名,增幅为2.8%".

    The sentence opens with the increase (no level of its own) after a comparison (较2019年底,
    比上年), and the total is the nearest earlier one of the very same noun, scope and
    measure words aside: 女党员 is not the total of 党员.
    """
    measures = [m for m in mentions if m.role in ("count", "money", "quantity")]
    found: list[Found] = []
    for i, increase in enumerate(measures):
        # the increase opens the sentence or a clause after a semicolon ("工人增加76万名;
        # 而非公有制单位职工党员比2002年增加169万名,增长113.4%")
        opens = i == 0 or re.search(r"[;；]", ctx.between(measures[i - 1].unit_end, increase.start))
        if increase.change and opens:
            found += _growth_of_one_total_before(ctx, mentions, increase)
    return found


def _growth_of_one_total_before(
    ctx: Context, mentions: list[Mention], increase: Mention
) -> list[Found]:
    sentence = ctx.sentence_of(increase)
    before = ctx.folded[ctx.clause_start(increase.start, sentence.start) : increase.start]
    compared = _COMPARED_WITH.search(before)
    if compared is None:
        return []
    subject = _noun_of_total(before[: compared.start()])
    rate: Mention | None = None
    for m in mentions[mentions.index(increase) + 1 :]:
        if m.role == "percent" and m.change:
            if _YEARLY.search(ctx.folded, max(0, m.start - 10), m.start):
                return []
            rate = m
            break
        if m.role != "percent" or not m.change:
            return []
    if rate is None or len(subject) < 2:
        return []
    for level in ctx.earlier_counts(increase.index, paragraphs=6, chars=3000):
        if level.unit_class != increase.unit_class or ctx.compared_in_time(level):
            continue
        noun = _noun_of_total(ctx.clause_label(level) + ctx.noun_after(level))
        if noun != subject:
            continue
        quote = (ctx.clause_start(increase.start, sentence.start), rate.end)
        return [_growth_linked(ctx, level, increase, rate, quote, level.unit_end)]
    return []


def _growth_linked(
    ctx: Context, level: Mention, increase: Mention, rate: Mention,
    quote: tuple[int, int], linked_end: int,
) -> Found:  # fmt: skip
    """A growth claim whose current total (and perhaps increase) was printed earlier, in
    the words quoted from ``level`` up to ``linked_end``."""
    figures = [
        Figure("current", level.start, level.end),
        _increase(ctx, increase),
        Figure("rate", _word_start(ctx, rate), rate.end),
    ]
    claim = Found("growth", figures, quote)
    claim.linked = (ctx.clause_start(level.start, ctx.sentence_of(level).start), linked_end)
    claim.link_key = "total_from"
    claim.inferred = True
    return claim


_BRACKETED: Final = re.compile(r"[(（][^()（）]*[)）]")


def _compared_with(words: str) -> str:
    """The date a change is against, as printed before its word of change: "比上年"."""
    words = _CHANGE_WORD.sub("", words)
    compared = _COMPARED_WITH.search(words)
    return words[compared.start() :].strip() if compared else ""


def _rate_of_a_growth_before(ctx: Context, mentions: list[Mention]) -> list[Found]:
    """The rate of a growth whose total and net increase were printed before it: "党员总数为
    9804.1万名,比上年净增132.9万名。…党员总量平稳增长。党员总数比上年增加1.4%".

    The sentence opens with the rate (no count before it) against a date, and the total is
    the nearest earlier one of the very same noun that is followed at once by its increase
    against the same date (比上年 … 比上年).
    """
    measures = [m for m in mentions if m.role in ("count", "money", "quantity", "percent")]
    if not measures or measures[0].role != "percent" or not measures[0].change:
        return []
    rate = measures[0]
    sentence = ctx.sentence_of(rate)
    before = ctx.folded[ctx.clause_start(rate.start, sentence.start) : rate.start]
    compared = _COMPARED_WITH.search(before)
    if compared is None or _YEARLY.search(before):
        return []
    subject, against = _noun_of_total(before[: compared.start()]), _compared_with(before)
    if len(subject) < 2 or not against:
        return []
    for level in ctx.earlier_counts(rate.index, paragraphs=6, chars=3000):
        label = ctx.clause_label(level)
        if level.change or subject not in (
            _noun_of_total(label),
            _noun_of_total(label + ctx.noun_after(level)),
        ):
            continue
        # the next figure outside brackets ("9804.1万名(其中,学生党员290.1万名),比上年净增…")
        increase = next((m for m in ctx.after_in_sentence(level, 4) if m.depth == 0), None)
        if increase is None:
            return []
        gap = _BRACKETED.sub("", ctx.between(level.unit_end, increase.start))
        if (
            not increase.change
            or increase.unit_class != level.unit_class
            or len(gap) > 12
            or _compared_with(gap) != against
        ):
            return []
        quote = (ctx.clause_start(rate.start, sentence.start), rate.end)
        return [_growth_linked(ctx, level, increase, rate, quote, increase.unit_end)]
    return []


_REAL_GROWTH: Final = re.compile(r"可比价|不变价|扣除价格因素|实际增长|实际下降|实际增速")
_OUTPUT_MEASURE: Final = re.compile(r"生产总值|增加值|GDP|总产值")


def _at_comparable_prices(ctx: Context, level: Mention, rate: Mention) -> bool:
    """Whether a rate is growth at comparable prices, which a nominal level and increase do
    not give: "人均地区生产总值28322元,比上年增加3637元,增长12.7%" (output is reported in
    real terms, the increase in current prices), "…实际增长6.1%"."""
    sentence = ctx.sentence_of(level)
    return bool(
        _REAL_GROWTH.search(ctx.folded, sentence.start, rate.start)
        or _OUTPUT_MEASURE.search(ctx.clause_label(level))
    )


def _growth(ctx: Context, mentions: list[Mention]) -> list[Found]:
    found: list[Found] = []
    levels = [m for m in mentions if m.role in ("count", "money", "quantity")]
    described: set[int] = set()  # levels that are the current total of a claim found
    for i, level in enumerate(levels):
        if level.change or level.index in described:
            continue
        previous: Mention | None = None
        current = level
        # 从/由 A (年的)? 减少至 B: A is the previous level
        nxt = levels[i + 1] if i + 1 < len(levels) else None
        if (
            nxt is not None
            and not nxt.change
            # "从6635.5万上升到8512.7万人": the level from which it rose takes the unit after
            and (nxt.unit_class == level.unit_class or (not level.unit and level.role == nxt.role))
            and _FROM.search(ctx.between(ctx.clause_start(level.start), level.start))
            and _FROM_TO.search(ctx.between(level.unit_end, nxt.start))
        ):
            previous, current = level, nxt
        elif (
            nxt is not None
            and not nxt.change
            and nxt.unit_class == level.unit_class
            and _THAN_LEVEL.fullmatch(ctx.between(level.unit_end, nxt.start))
        ):
            previous = nxt  # "党员总数为540.66万名,比2012年的420.3万名增长28.6%"
        # the growth follows the later of the two levels ("为540.66万名,比…的420.3万名增长")
        later = previous if previous is not None and previous.index > current.index else current
        after = ctx.after_in_sentence(later, 8)
        increase = rate = None
        last_end = current.unit_end
        for m in after:
            if m.role in ("count", "money", "quantity"):
                if m.change and m.unit_class == current.unit_class and increase is None:
                    increase, last_end = m, m.unit_end
                    continue
                if not m.change:
                    break
            elif m.role == "percent" and m.change and rate is None:
                if _YEARLY.search(ctx.folded, max(0, m.start - 10), m.start):
                    continue  # "年均增长11.1%": a yearly average, compounded, not the rise
                rate = m
                continue
            elif m.role == "times" and rate is None:
                if _DOUBLING_LINK.fullmatch(ctx.between(last_end, m.start)):
                    rate = m  # "由4000名增加到9000名,翻了一番"
                continue
            elif m.role in ("points", "percent"):
                break
        if rate is not None and _at_comparable_prices(ctx, current, rate):
            rate = None
        figures = []
        if previous is not None:
            figures.append(Figure("previous", previous.start, previous.end))
        figures.append(Figure("current", current.start, current.end))
        if increase is not None:
            figures.append(_increase(ctx, increase))
        extra: dict[str, str] = {}
        end = max(m.unit_end for m in (current, increase, rate) if m is not None)
        if rate is not None:
            start = rate.start if rate.role == "times" else _word_start(ctx, rate)
            figures.append(Figure("rate", start, rate.end))
        else:
            bare = _bare_doubling(ctx, last_end, ctx.sentence_of(current).end)
            if bare is not None:
                figures.append(Figure("rate", *bare))
                extra["rate"] = "翻一番"  # 翻番 is not a figure the parser reads
                end = bare[1]
        if len(figures) < 3:
            continue
        first = current if previous is None else min(previous, current, key=lambda m: m.start)
        sentence = ctx.sentence_of(first)
        quote = (ctx.clause_start(first.start, sentence.start), end)
        note = "翻番 read as 翻一番 (× 2)" if extra else ""
        found.append(Found("growth", figures, quote, note=note, extra=extra))
        # "由4000名增加到8000名,增加4000名,翻了一番": the later level is this claim's
        # current total, not the start of a claim of its own
        described.add(current.index)
    return found


def _bare_doubling(ctx: Context, position: int, limit: int) -> tuple[int, int] | None:
    """The span of a 翻番 (no count of doublings: once) right after a level, or None."""
    link = _DOUBLING_LINK.match(ctx.folded, position, limit)
    assert link is not None  # the pattern matches the empty string
    word = _BARE_DOUBLING.match(ctx.folded, link.end(), limit)
    if word is None or ctx.folded.startswith("多", word.end()):
        return None
    return word.start(), word.end()


_THAN_LAST_YEAR: Final = re.compile(
    r"[,，]?\s*(?:比|较)(?:上年|去年|上一年)(?:同期)?(?:末|底)?|[,，]?\s*同比"
)
_YEAR: Final = re.compile(r"(\d{4})\s*年")


def _last_year_level(ctx: Context, percents: list[Mention], gap: str) -> Mention | None:
    """The level a change "比上年" starts from, printed earlier in the sentence for the year
    before, with the same words before it: "截至2014年底…占总数的56.5%;截至2015年底…占总数的
    57.1%,比上年提高1.4个百分点" starts from 56.5%."""
    if not _THAN_LAST_YEAR.match(gap):
        return None
    after = percents[-1]
    sentence_start = ctx.sentence_of(after).start
    years_after = _YEAR.findall(ctx.folded[sentence_start : after.start])
    if not years_after:
        return None
    named = ctx.words_before(after, 6)
    for earlier in reversed(percents[:-1]):
        years_before = _YEAR.findall(ctx.folded[sentence_start : earlier.start])
        if (
            years_before
            and int(years_before[-1]) == int(years_after[-1]) - 1
            and ctx.words_before(earlier, 6) == named
        ):
            return earlier
    return None


def _points(ctx: Context, mentions: list[Mention]) -> list[Found]:
    found: list[Found] = []
    for i, points in enumerate(mentions):
        if points.role != "points":
            continue
        percents = [m for m in mentions[max(0, i - 8) : i] if m.role == "percent" and not m.change]
        if len(percents) < 2:
            continue
        a, b = percents[-2], percents[-1]
        gap_ab = ctx.between(a.end, b.start)
        gap_b_points = ctx.between(b.end, points.start)
        before_a = ctx.between(ctx.clause_start(a.start), a.start)
        if _FROM.search(before_a) and re.search(r"(?:到|至)", gap_ab) and len(gap_ab) <= 16:
            before, after = a, b  # 从A%下降至B%,下降C个百分点
        elif re.search(r"比[^,，;；。]{0,12}$", gap_ab) and re.fullmatch(
            r"[^,，;；。]{0,8}", gap_b_points
        ):
            before, after = b, a  # B%,比上年的A%提高C个百分点
        elif (last_year := _last_year_level(ctx, percents, gap_b_points)) is not None:
            before, after = last_year, b  # 2014年…占A%;2015年…占B%,比上年提高C个百分点
            a = last_year
        else:
            continue
        if len(gap_b_points) > 12:
            continue
        figures = [
            Figure("before", before.start, before.end),
            Figure("after", after.start, after.end),
            Figure("change_points", _word_start(ctx, points), points.end),
        ]
        sentence = ctx.sentence_of(a)
        quote = (ctx.clause_start(a.start, sentence.start), points.unit_end)
        found.append(Found("change", figures, quote))
    return found
