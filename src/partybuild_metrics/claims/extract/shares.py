"""Shares: a count and its percent, a part of a whole (其中, 中的), and their denominators.

- A count with its percent in one clause: "村党组织书记大专以上学历147人,占比71.7%".
- Percents given 分别 to the counts before them: "…3000人,…18659人,比例分别达到14.9%和15.1%".
- A part of a whole: "162个…贫困村中的17个", "564个空壳村中,已有555个", "55个低收入村…,其中52个".
- A percent alone with a cue (占, 占比, 比例): "60岁以上占比达73.1%".

The denominator is, in order: the whole the sentence names (其中, 中的, "X名…中,"); the total
a cue names in another sentence ("占党员总数的29.4%" → "党员总数为9671.2万名"); the
denominator of the share just before (a run of shares of one total); a total printed
earlier (or later in the paragraph) that counts the same kind of thing. A denominator from
another sentence is marked inferred, and is taken only when it gives about the printed
percent (:func:`~partybuild_metrics.claims.extract.context.plausible_share`) or is named.

A count of a population narrower than one counted earlier in the same sentence is a part
of it ("全县贫困人口5000人,已脱贫人口4500人,占90%": 脱贫人口 are of the 贫困人口), and a
percent in words with a bound (过半, 超过半数, 近三成, 三成多) that says how much of a
population a count is ("大专及以上学历党员超过半数,达4661.5万名") is a share of that
population's count in the sentence or in the one before ("党员总数为9191.4万名"). Both
are taken only when the whole gives about the printed percent.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from typing import Final

from partybuild_metrics.claims.extract.context import (
    Context,
    head_matches,
    plausible_share,
    subsequence,
    value,
)
from partybuild_metrics.claims.extract.facets import facets, years
from partybuild_metrics.claims.extract.found import Figure, Found
from partybuild_metrics.claims.extract.mentions import Mention

SHARE_CUE: Final = re.compile(r"(?:占|比例|比重|比率|覆盖率|参选率|[^增速涨降]率|(?:参与|覆盖)面)")
_NAMED: Final = re.compile(
    r"占(?:到)?(?:([^,，;；。占]{1,16}?)(?:的|之)(?:比例|比重)?"
    r"|([^,，;；。占的]{0,14}总(?:数|人数|户数|量)))(?:为|达|达到)?$"
)
"""The whole a percent names: 占党员总数的29.4%, and without 的, 占党员总数28.65%."""
_GENERIC_NAMES: Final = frozenset({"总数", "总人数", "全部", "总量", "人数", "比例", "比重"})
_SUBSET: Final = re.compile(
    r"(?:中的|中[,，]?(?:已有|有|已经|共有|已)?|其中[,，:：]?(?:已有|有|已经|已)?)"
)


def _cue_before(ctx: Context, percent: Mention) -> bool:
    origin = ctx.before_in_sentence(percent, 1)
    if origin and origin[0].role == "percent" and change_origin(ctx, origin[0]):
        # "女党员占比由11.9%提高至28.8%": the cue names both levels; a rate's new level
        # ("贫困发生率从12.25%下降到0.46%") is no share of a count
        return _names_a_share(ctx, origin[0])
    if SHARE_CUE.search(ctx.words_before(percent, 14)):
        return True
    # "全国仍有57.7%的村集体经济组织…": a percent of a population named after it
    return bool(_OF_WHOM.match(ctx.folded, percent.unit_end))


_SHARE_OF: Final = re.compile(r"占|比例|比重")


def _names_a_share(ctx: Context, origin: Mention) -> bool:
    """Whether the level a change starts from is named a share (占比由11.9%), not a rate
    (贫困发生率由1.9%): only then is the level it changes to a share of a count."""
    return bool(_SHARE_OF.search(ctx.words_before(origin, 14)))


_MEDIAN: Final = re.compile(r"中位数|中位值")
"""A median is no whole of anything: "可支配收入中位数131元" is not the 可支配收入 a share is of."""
_SCOPE_TOTAL: Final = re.compile(r"(?:全(?:国|省|市|县|区|乡|镇|州|旗|盟)|共有|共计|总计|合计)$")
_EVERY: Final = re.compile(r"全部|均已|均|都已|都")
_OF_WHOM: Final = re.compile(
    r"的[^,，;；。]{0,8}?(?:村|人|党员|户|组织|成员|干部|书记|家庭|企业|单位|群众|学生)"
)
_THEN_COUNT: Final = re.compile(
    r"\s*(?:[(（]|[,，]?\s*(?:(?:总量|总数|人数|数量|总人数)(?:已经?)?)?"
    r"(?:共有|共计|共|有|达到|达|计|约|即|为))\s*"
)
"""What joins a percent to its count printed after it: "占49.6%,共有4493.7万人",
"占比由11.9%提高至28.8%,总量达2745.0万名"."""


def _numerator_after(ctx: Context, percent: Mention) -> Mention | None:
    """The count printed right after its percent: "…党员则占49.6%,共有4493.7万人"."""
    after = ctx.after_in_sentence(percent, 1)
    if not after or after[0].role != "count" or after[0].change or ctx.is_threshold(after[0]):
        return None
    if not _THEN_COUNT.fullmatch(ctx.between(percent.unit_end, after[0].start)):
        return None
    if SHARE_CUE.search(ctx.folded[after[0].unit_end : ctx.clause_end(after[0].unit_end)]):
        return None  # the count has a share of its own
    return after[0]


def _named_denominator(ctx: Context, percent: Mention) -> str:
    window = ctx.words_before(percent, 24)
    match = _NAMED.search(window)
    if not match:
        return ""
    name = re.sub(r"[“”\"'‘’]", "", match[1] or match[2])
    name = re.sub(r"(?<=.)(?:的)?(?:比例|比重)$", "", name)  # 占党员总数比例的4.3%
    return "" if name in _GENERIC_NAMES else name


_FROM_LEVEL: Final = re.compile(r"(?:从|由)[^,，;；。%]{0,12}$")
_TO_LEVEL: Final = re.compile(
    r"\s*(?:提高|上升|增加|增长|下降|降低|减少|回落|升|降)(?:了)?(?:到|至|为)"
)


def change_origin(ctx: Context, percent: Mention) -> bool:
    """Whether a percent is the level a change starts from ("占比由11.9%提高到27.2%",
    "贫困发生率从年的12.25%下降到…"): an earlier share, not the share of the count before it."""
    before = ctx.words_before(percent, 14)
    return bool(_FROM_LEVEL.search(before)) and bool(_TO_LEVEL.match(ctx.folded, percent.unit_end))


_PEOPLE: Final = frozenset({"person", "户"})
_PEOPLE_WORD: Final = re.compile(r"人口|人员|群众|农民|居民|党员|干部|职工|劳动力|[人户]")


def _rate_of_another(ctx: Context, count: Mention, lead: str, cue: str) -> bool:
    """Whether a rate named in a clause of its own is the rate of something else than the
    count before it: "新增造林面积1.6万亩,森林覆盖率达21.4%", "130个贫困村全部销号,贫困发生率
    降至0.5%". An incidence (发生率) is of people; another rate names its subject with
    the count's own words ("…已建立党组织,党组织覆盖率…") or none ("…,覆盖率为73.1%")."""
    segments = re.split(r"[,，:：]", lead)
    subject = re.sub(r"[^\u4e00-\u9fff]", "", segments[-1])
    if not cue.endswith("率") or len(segments) < 2 or len(subject) < 2:
        return False  # no subject of its own, or in the count's own clause
    head = subject + cue[:-1]
    if "发生" in head:
        return count.unit_class not in _PEOPLE
    clause = ctx.folded[ctx.clause_start(count.start) : ctx.clause_end(count.unit_end)]
    return not any(head[i : i + 2] in clause for i in range(len(head) - 1))


_FILLER: Final = re.compile(r"^(?:其中|其|中|内|这些|这)+|(?:的|所|人数|数量|总数|数)+$")


def _own_subject(ctx: Context, count: Mention, lead: str) -> bool:
    """Whether the clause of a share names a subject of its own, other than the count
    before it: "9个民族,其中农业人口占91.85%" (the 9 are groups, the percent is of people),
    "党员1000名,其中女党员占30%" (the 1000 is the whole, not the part). The count's own
    words again ("贫困户6130户,贫困户占12.3%") are no subject of its own."""
    segments = re.split(r"[,，:：]", lead)
    if len(segments) < 2:
        return False  # the share in the count's own clause
    subject = _FILLER.sub("", re.sub(r"[^\u4e00-\u9fff]", "", segments[-1]))
    if len(subject) < 2:
        return False
    label = re.sub(r"[^\u4e00-\u9fff]", "", ctx.clause_label(count) + ctx.noun_after(count))
    return subject not in label


def _named_again(ctx: Context, count: Mention, lead: str) -> bool:
    """Whether the clause after a semicolon names the count's own subject again before its
    share ("全年实现民营经济增加值290.6亿元,…;民营经济占GDP的比重为66.2%")."""
    subject = re.sub(r"[^\u4e00-\u9fff]", "", re.split(r"[;；]", lead)[-1])
    label = re.sub(r"[^\u4e00-\u9fff]", "", ctx.clause_label(count))
    return len(subject) >= 2 and subject in label


_CONDITION: Final = re.compile(r"(?:达到|达|超过|超|突破|不低于|不少于|高于|低于|不足|在|过)\s*$")
_MONEY_WHOLE: Final = re.compile(r"资金|投资|投入|收入|总额|产值|增加值|生产总值|GDP|元|经费|金额")


def _counted_units(ctx: Context, last: Mention, percent: Mention) -> Mention:
    """The count a sum of money in its clause describes: "有186个村集体经济收入达到10万元,
    占78.6%" — 10万元 (达到, 超过, 以上) is the condition the 186 villages meet, and 78.6% is
    their share, unless the percent names a whole of money ("占总收入的20%")."""
    if last.role != "money" or last.change:
        return last
    counts = ctx.before_in_sentence(last, 1)
    if not counts:
        return last
    count = counts[0]
    if count.role != "count" or count.change or count.weak or ctx.is_threshold(count):
        return last
    if ctx.clause_start(last.start) > count.start:
        return last  # the money has a clause of its own
    if not re.search(r"[\u4e00-\u9fff]", ctx.between(count.unit_end, last.start)):
        return last  # "5个3万元": no words say what the money is of
    condition = (
        not last.number.printed
        or ctx.is_threshold(last)
        or _CONDITION.search(ctx.folded[max(count.unit_end, last.start - 4) : last.start])
    )
    if not condition:
        return last  # "5个项目投资500万元,占20%": an amount, perhaps the share's own
    if _MONEY_WHOLE.search(_named_denominator(ctx, percent)):
        return last
    return count


_IN_BRACKETS_AFTER: Final = re.compile(
    r"\s*[)）]\s*(?:的|之)?\s*(?:比例|比重)?\s*(?:为|是|达到|达)?\s*"
)
_NAMED_BEFORE_BRACKET: Final = re.compile(r"占(?:到)?[^,，;；。占()（）]{1,16}[(（]\s*$")
_AFTER_INLINE_WHOLE: Final = re.compile(
    r"[\u4e00-\u9fff“”\"]{0,8}?(?:的|之)(?:比例|比重)?(?:为|是|达到|达)?\s*"
)
_INLINE_WHOLE_LEAD: Final = re.compile(r"占(?:到)?[^,，;；。占%\d]{0,12}$")


def _bracketed_whole(ctx: Context, percent: Mention) -> Mention | None:
    """A denominator printed with its name: in brackets after it ("占全县村总数(210个)的88.6%",
    "占党员总数(9671.2万名)的29.4%") or inside it ("这9个村占被调查66个村的13.6%")."""
    before = ctx.before_in_sentence(percent, 1)
    if not before:
        return None
    whole = before[0]
    if whole.role != "count" or whole.change or whole.weak:
        return None
    after, named = (
        (_IN_BRACKETS_AFTER, _NAMED_BEFORE_BRACKET)
        if whole.depth
        else (_AFTER_INLINE_WHOLE, _INLINE_WHOLE_LEAD)
    )
    if not after.fullmatch(ctx.between(whole.unit_end, percent.start)):
        return None
    lead = ctx.folded[max(0, whole.start - 24) : whole.start]
    return whole if named.search(lead) else None


_INCIDENCE: Final = re.compile(r"发生率")
_WHOLE_SCOPE: Final = re.compile(r"(?:^|[,，;；])\s*全(?:村|乡|镇|县|市|区|州|省)|总人口|户籍人口")


_RATE_OF: Final = (
    (_INCIDENCE, re.compile(r"(?:农村|乡村|农业)(?:户籍)?人口(?:为|有|共|达)?$")),
    (re.compile(r"参选率|投票率"), re.compile(r"登记(?:的)?选民(?:为|有|共|达)?$")),
)
"""Rates named for their population, and the words that count it: a poverty incidence is
of the rural population (not the total beside it), a turnout of the registered voters."""


def _next_of_a_list(
    ctx: Context, numerator: Mention | None, percent: Mention, run: _Run, sentence: int
) -> bool:
    """Whether a count and its percent are the next item of a 其中 list whose earlier item
    took the whole printed before 其中 in the same clause run: the same whole, even where
    the printed percent does not fit it (that is the finding)."""
    whole = run.denominator
    if numerator is None or whole is None or run.sentence != sentence or whole.sentence != sentence:
        return False
    between = ctx.folded[run.end : percent.start]
    return (
        "其中" in ctx.folded[whole.unit_end : run.end]
        and not re.search(r"[;；。]|其中", between)
        and not _NEW_SCOPE.search(between)
        and numerator.unit_class == whole.unit_class
        and not numerator.change
        and value(numerator) <= value(whole)
    )


def _population_of_rate(ctx: Context, part: Mention, percent: Mention) -> Mention | None:
    """The population a named rate is of, counted earlier in the sentence."""
    label = ctx.words_before(percent, 10)
    for rate, population in _RATE_OF:
        if not rate.search(label):
            continue
        for whole in ctx.before_in_sentence(part, 8):
            if whole.role != "count" or whole.change or whole.unit_class != part.unit_class:
                continue
            if value(whole) >= value(part) and population.search(ctx.words_before(whole, 10)):
                return whole
    return None


def _scope_population(ctx: Context, part: Mention) -> Mention | None:
    """The population of a scope counted earlier in the sentence, in the part's unit: an
    incidence is of everyone ("全村252户1162人" for 221 poor persons)."""
    for whole in ctx.before_in_sentence(part, 8):
        if whole.role != "count" or whole.change or whole.unit_class != part.unit_class:
            continue
        if value(whole) < value(part):
            continue
        clause = ctx.folded[ctx.clause_start(whole.start) : whole.start]
        if _WHOLE_SCOPE.search(clause):
            return whole
    return None


_RATE_FELL_TO: Final = re.compile(r"率[^,，;；。]{0,4}(?:下降|降低|回落|减少|降)了?(?:至|到|为)$")
_ASIDE: Final = re.compile(r"[(（][^()（）]*[)）]")


def _numerator_of(ctx: Context, percent: Mention, skip: Mention | None = None) -> Mention | None:
    """The count a percent is the share of: the figure just before it, joined by a cue.

    A percent a change starts from stands between ("达2466.5万名,占比由11.9%提高到27.2%":
    27.2% is the share of 2466.5万), and a semicolon ends the count's clause ("6个县均实现…;
    全州贫困发生率…12.25%": the percent has a subject of its own).
    """
    before = [
        m
        for m in ctx.before_in_sentence(percent, 24)
        # "51人(其中,全日制大专及以上5人),占比82.3%": a count in brackets closed before the
        # percent is an aside, not what the percent is the share of
        if m is not skip and m.depth <= percent.depth
    ][:2]
    if before and change_origin(ctx, before[0]) and len(before) > 1:
        if not _names_a_share(ctx, before[0]):
            return None  # "3人实现脱贫,贫困发生率由1.9%下降至0.7%": a rate of another population
        before = before[1:]
    grown = False
    if len(before) > 1 and before[0].role == "percent" and before[0].change:
        level = _level_of_growth(ctx, percent)
        if level is not None:
            return level
        before, grown = before[1:], True  # "…290.6亿元,比上年增长1.5%;民营经济占GDP的比重为66.2%"
    if not before or _RATE_FELL_TO.search(ctx.words_before(percent, 10)):
        # "…贫困人口37577户166220人,贫困发生率下降至0.78%": a rate's new level, not the
        # share of those who left
        return None
    last = _counted_units(ctx, before[0], percent)
    if last.role not in ("count", "money", "quantity") or last.change or ctx.is_threshold(last):
        return None  # "10万-30万元的村数…占35.27%": a threshold counts nothing
    gap = ctx.between(last.unit_end, percent.start)
    if last.depth == percent.depth:
        gap = _ASIDE.sub("", gap)  # "51人(其中,全日制大专及以上5人),占比": the aside aside
    if len(gap) > 40 or not SHARE_CUE.search(gap):
        return None
    cue = SHARE_CUE.search(gap)
    assert cue is not None
    lead = gap[: cue.start()]
    if re.search(r"[;；]", lead):
        if not _named_again(ctx, last, lead):
            return None
    elif (
        grown
        or _rate_of_another(ctx, last, lead, cue[0])
        or (cue[0] == "占" and _own_subject(ctx, last, lead))
    ):
        return None
    if (
        not re.search(r"[,，;；、]", lead)
        and re.search(r"[\u4e00-\u9fff]", lead)
        # "这9个村占被调查66个村的13.6%": of a whole of the same things, it is the numerator
        and not (skip is not None and skip.unit_class == last.unit_class)
    ):
        # "10个村占60%": the count names who holds the share, not its numerator
        return None
    if "分别" in gap or re.match(r"[^,，;；。]{0,16}中[的,，]", gap):
        return None  # "54.4万名村党组织书记中,大专及以上学历占17.4%": the count is the whole
    own_clause = ctx.folded[last.unit_end : ctx.clause_end(last.unit_end)]
    if (
        re.search(r"[,，;；]", lead)
        and _SCOPE_TOTAL.search(ctx.folded[ctx.clause_start(last.start) : last.start])
        and _EVERY.search(own_clause)
    ):
        # "全省13845个村(社区)全部完成换届,…“一肩挑”比例达98.5%": every unit of a scope, in
        # a clause of its own, is the whole the percent is of, not its numerator
        return None
    return last


def _level_of_growth(ctx: Context, percent: Mention) -> Mention | None:
    """The level a growth describes, when its share follows the growth in a clause with no
    subject of its own: "东部地区农民工10430万人,比上年增加30万人,增长0.3%,占农民工总量的36.4%"."""
    own = ctx.folded[ctx.clause_start(percent.start) : percent.start]
    if not own.lstrip().startswith("占"):
        return None
    for m in ctx.before_in_sentence(percent, 4):
        if m.change:
            continue
        if m.role not in ("count", "money", "quantity") or ctx.is_threshold(m):
            return None
        after = ctx.after_in_sentence(m, 1)
        growth = after and _GROWTH_NEXT.fullmatch(ctx.between(m.unit_end, after[0].start))
        return m if ctx.compared_in_time(m) or growth else None
    return None


_GROWTH_NEXT: Final = re.compile(
    r"\s*[,，]\s*(?:(?:比|较|同比|与)[^,，;；。]{0,10}?)?(?:名义)?"
    r"(?:增长|增加|下降|减少|提高|降低|上升|回落)了?(?:为|到)?\s*"
)
"""Between a level and its growth: ",增长", ",比上年同期名义增长"."""


def _one_value(ctx: Context, percent: Mention) -> bool:
    """Whether a percent alone is of one value of a facet (高中学历, 50周岁以下, 女性): a share
    of the population the sentence has counted."""
    clause = ctx.folded[ctx.clause_start(percent.start) : percent.start]
    return bool(facets(clause) & _BREAKDOWN_FACETS)


_BREAKDOWN_FACETS: Final = frozenset({"gender", "ethnicity", "education", "age", "occupation"})


def _sentence_total(ctx: Context, percent: Mention) -> Mention | None:
    """The total of people its sentence counts before a percent ("共计选举产生…委员72人"),
    with no narrower population named between them ("…;外出农民工中男性占69.0%")."""
    for m in ctx.before_in_sentence(percent, 40):
        if m.role == "count" and not m.change and m.unit_class in _PEOPLE and ctx.is_total(m):
            return None if _NEW_SCOPE.search(ctx.folded[m.unit_end : percent.start]) else m
    return None


_SCOPE_MARK: Final = r"(?<![其高初])中(?![专学共国部心央])"
"""中 after a population named as a scope ("外出农民工中男性…"), not 高中, 中专, 其中 or 中部."""
_NEW_SCOPE: Final = re.compile(_SCOPE_MARK)
_SCOPE_BEFORE: Final = re.compile(rf"([\u4e00-\u9fff]{{2,10}}?){_SCOPE_MARK}[,，]?")
"""The population a clause opens with as a scope: "外出农民工中男性占…"."""


def _partner(ctx: Context, m: Mention) -> Mention | None:
    """The count printed as a pair with ``m`` in another unit: "45户131人", "1284户(2814人)",
    "131人(45户)"."""
    for other in (*ctx.before_in_sentence(m, 1), *ctx.after_in_sentence(m, 1)):
        if other.role != "count" or other.change or other.unit_class == m.unit_class:
            continue
        first, second = sorted((m, other), key=lambda x: x.start)
        if re.fullmatch(r"\s*[(（]?\s*", ctx.between(first.unit_end, second.start)):
            return other
    return None


_SUPERLATIVE: Final = re.compile(r"最多|最少|最高|最低|最大|最小|居首|排名第|位列第")


def _in_sentence_whole(
    ctx: Context, part: Mention, *, percent_only: bool = False
) -> Mention | None:
    """The whole a sentence names for a part: "X个…中的Y个", "X…中,Y", "X…,其中Y"."""
    for whole in ctx.before_in_sentence(part, 12):
        if whole.role not in ("count", "money", "quantity") or whole.change or whole.weak:
            continue
        if (
            _bracketed_aside(ctx, whole)
            and re.search(r"[)）]", ctx.between(whole.unit_end, part.start))
            # "2814人(1284户),其中…131人(45户)": the households of a pair are a whole of 45户
            and (percent_only or _partner(ctx, whole) is None)
        ):
            continue  # "贫困村89个(深度贫困村41个)…": the 41 are some of the 89, no whole
        if percent_only and whole.role != "count":
            continue
        if not percent_only and whole.unit_class != part.unit_class:
            continue
        gap = ctx.between(whole.unit_end, part.start)
        # a 其中 in brackets lists the parts of the count before it, not of this whole; a
        # note in brackets (nested ones too) is no distance
        unbracketed = None
        while unbracketed != gap:
            unbracketed, gap = gap, re.sub(r"[(（][^()（）]*[)）]", "", gap)
        if len(gap) > 60:
            return None
        if _SUPERLATIVE.search(gap):
            return None  # "21个省中,云南最多,73个": the 73 are Yunnan's counties, not provinces
        if "其中" in gap or re.search(r"中的|中[,，:：]|中(?:已有|共有|有)\s*$", gap):
            if re.search(r"[;；]", gap) and _opens_scope(ctx, part):
                return None  # "…书记中,…;9.6万名社区党组织书记中,…": a whole of its own
            if _of_both_committees(ctx, whole, gap):
                return None
            if percent_only and whole.unit_class not in _PEOPLE and _PEOPLE_WORD.search(gap):
                return None  # "9个民族,其中农业人口占91.85%": a share of people, not of the 9
            if (
                not percent_only
                and value(part) > value(whole)
                and not re.search(r"中的\s*$", gap)
                and not _same_noun(ctx, part, whole)
            ):
                return None  # "100个村中,有120个项目": counts of another thing
            return whole
        if not percent_only:
            return None
    return None


_BOTH_COMMITTEES: Final = re.compile(r"两委|班子")


def _of_both_committees(ctx: Context, whole: Mention, gap: str) -> bool:
    """Whether the clause before 其中 turns to both committees while the whole counts one:
    "村(居)民委员会委员53人,“两委”平均年龄44岁,其中大专及以上学历33人" are 33 of all the
    两委 members (not printed: those holding both posts count once), not of the 53."""
    before = gap[: gap.find("其中")] if "其中" in gap else gap
    last = re.split(r"[,，;；]", before.rstrip(",，;； "))[-1]
    return bool(_BOTH_COMMITTEES.search(last)) and not _BOTH_COMMITTEES.search(
        ctx.clause_label(whole)
    )


def _bracketed_aside(ctx: Context, m: Mention) -> bool:
    """Whether a count stands in brackets after another figure: "89个(深度贫困村41个)"."""
    before = ctx.folded[max(0, m.start - 16) : m.start]
    opened = max(before.rfind("("), before.rfind("（"))
    if opened < 0 or max(before.rfind(")"), before.rfind("）")) > opened:
        return False
    if not re.search(r"[0-9一二三四五六七八九十百千万亿][^,，;；。]{0,3}$", before[:opened]):
        return False
    return bool(re.match(r"[^()（）]{0,12}[)）]", ctx.folded[m.unit_end : m.unit_end + 14]))


def _nested_whole(
    ctx: Context, numerator: Mention, whole: Mention, percent: Mention
) -> tuple[Mention | None, str]:
    """Which of the wholes a sentence nests gives a percent: "全县党员1000名中,60岁以上的400名,
    占40%,其中70岁以上的200名,占20%" — 其中 may refer to the 400 or to the 1000 they are
    part of, and 20% is of the 1000.

    The candidates are the nearest whole and the wholes it is itself a part of; the nearest
    that gives about the printed percent is taken (a note says so when it is not the
    nearest). When none does, the nearest stays: the figure is a finding whichever whole is
    meant. When several outer ones do but not the nearest, the denominator is left out.
    """
    if plausible_share(value(numerator), value(whole), value(percent)):
        return whole, ""
    outer: list[Mention] = []
    current: Mention | None = whole
    while current is not None and len(outer) < 4:
        current = _in_sentence_whole(ctx, current)
        if current is not None and current.index != whole.index and current not in outer:
            outer.append(current)
        else:
            break
    fits = [m for m in outer if plausible_share(value(numerator), value(m), value(percent))]
    if not fits:
        return whole, ""
    if len({value(m) for m in fits}) > 1:
        return None, f"其中 may refer to any of {', '.join(m.text for m in [whole, *fits])}"
    chosen = fits[0]
    return chosen, (
        f"其中 read as of {chosen.text}: {numerator.text} of {whole.text} would not give the percent"
    )


def _opens_scope(ctx: Context, m: Mention) -> bool:
    """Whether a count is the whole of what follows it ("9.6万名社区党组织书记中,")."""
    clause = ctx.folded[m.unit_end : ctx.clause_end(m.unit_end)]
    return bool(re.fullmatch(r"[^,，;；。]{0,20}中", clause))


def _same_noun(ctx: Context, part: Mention, whole: Mention) -> bool:
    """Whether a part larger than its whole counts the same thing ("162个贫困村中的170个
    贫困村", "…中的170个"): then it is a finding, not another kind of count."""
    noun = ctx.noun_after(part)
    if len(noun) < 2:
        noun = re.sub(r"^(?:其中|中)[,，:：]?", "", ctx.label_noun(part))
    return len(noun) < 2 or head_matches(noun, ctx.subject(whole))


def _starts_with_qizhong(ctx: Context, mention: Mention) -> bool:
    sentence = ctx.sentence_of(mention)
    head = ctx.folded[sentence.start : min(sentence.start + 12, mention.start)].lstrip()
    return head.startswith("其中")


def _previous_sentence_whole(
    ctx: Context, part: Mention | None, sentence_index: int, percent: Mention | None = None
) -> Mention | None:
    """For a sentence opening with 其中: the count of the sentence before it that it
    refers to, the last one that can hold the part ("3500名第一书记中,…共新选派699人。
    其中,45岁以下的有608人,占86.9%" → 699), and with a percent, one that gives about it."""
    if sentence_index == 0:
        return None
    previous = ctx.sentences[sentence_index - 1]
    candidates = [
        m for m in ctx.in_sentence(previous)
        if m.role in ("count", "money", "quantity") and not m.change
        and (part is None or m.unit_class == part.unit_class)
    ]  # fmt: skip
    if part is not None:
        candidates = [m for m in candidates if value(m) >= value(part)]
        if percent is not None:
            candidates = [
                m for m in candidates if plausible_share(value(part), value(m), value(percent))
            ]
    return candidates[-1] if candidates else None


_UNIT_NAMES: Final = {"总户数": "户", "户数": "户", "总人数": "person", "人数": "person"}
"""Wholes named by their unit alone: "占总户数的3.5%" is of the households counted."""


def _bare(name: str) -> str:
    """The noun of a whole's name, its measure word cut ("党员总数" → 党员)."""
    return re.sub(r"(?:总数|总人数|人数|总量|数)$", "", name)


def _is_named(ctx: Context, whole: Mention, name: str) -> bool:
    """Whether a count is the whole a percent names ("占具备建立党组织条件企业总数的")."""
    if name in _UNIT_NAMES:
        return whole.unit_class == _UNIT_NAMES[name]
    bare = _bare(name)
    words = re.sub(r"[“”\"'‘’\s的]", "", ctx.clause_label(whole) + ctx.noun_after(whole))
    return len(bare) < 2 or subsequence(bare.replace("的", ""), words)


def _may_be_named(ctx: Context, whole: Mention, name: str) -> bool:
    """Whether a total found by its kind may be the whole a percent names: their nouns
    share their head ("占全省党员总数的" of "全省共有党员…")."""
    bare = _bare(name)
    return len(bare) < 2 or any(
        head_matches(bare, noun) for noun in (ctx.subject(whole), ctx.label_noun(whole))
    )


_SCOPE_ONLY: Final = re.compile(r"全(?:国|省|市|县|区|乡|镇|州|盟|旗|村)")
_SCOPE_TOTAL_WORD: Final = re.compile(r"全(?:国|省|市|县|区|乡|镇|州|盟|旗)|共有|总计|合计")


def _common_start(a: str, b: str) -> int:
    """How many characters two labels begin with alike ("全国居民人均…": 6)."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _named_total(
    ctx: Context, anchor: int, name: str, numerator: Mention | None, percent: Mention,
    preferred: Mention | None = None,
) -> Mention | None:  # fmt: skip
    """An earlier count whose label holds the name of the denominator ("党员总数"); failing
    that, a total of the bare noun ("党员") that gives about the printed percent."""
    bare = re.sub(r"(?:总数|总人数|人数|总量)$", "", name)
    candidates = [
        c for c in ctx.earlier_counts(anchor, paragraphs=8, chars=6000)
        if numerator is None or c.unit_class == numerator.unit_class
    ]  # fmt: skip
    candidates = [c for c in candidates if not _MEDIAN.search(ctx.clause_label(c))]
    labelled = [c for c in candidates if name in re.sub(r"[“”\"'‘’\s]", "", ctx.clause_label(c))]
    if _SCOPE_ONLY.fullmatch(name):
        # "深度贫困村占全省的60%" names the province, not what is counted: a whole of the
        # province counting the same thing ("全省共有31个贫困县" counts counties)
        own = ctx.label_noun(numerator if numerator is not None else percent)
        labelled = [
            c for c in labelled
            if own and any(head_matches(own, noun) for noun in (ctx.subject(c), ctx.label_noun(c)))
        ]  # fmt: skip
    if labelled and numerator is not None:
        # "全国居民人均工资性收入…占可支配收入的比重" is of 全国居民人均可支配收入, not of the
        # nearer 农村居民人均可支配收入: the whole whose words begin as the part's do, else
        # the whole of the shares just before, else one that gives about the percent
        own = ctx.clause_label(numerator)
        best = max(
            labelled,
            key=lambda c: (
                _common_start(own, ctx.clause_label(c)),
                c is preferred,
                plausible_share(value(numerator), value(c), value(percent)),
            ),
        )
        return _nearer_scope_total(ctx, candidates, best, name, numerator, percent) or best
    if labelled:
        return _nearer_scope_total(ctx, candidates, labelled[0], name, None, percent) or labelled[0]
    if name in ("总人口", "人口总数") and numerator is not None:
        return _population_total(ctx, candidates, numerator, percent)
    counted = re.fullmatch(r"总(.{1,4}?)数|(.{1,4}?)总数", name)
    if counted:  # "占总村数的35.27%": the scope's count of villages ("全市1446个行政村")
        noun = counted[1] or counted[2]
        for candidate in candidates:
            label = ctx.clause_label(candidate)
            named = (
                noun in label[-len(noun) - 2 :] + "|" + ctx.noun_after(candidate)[: len(noun) + 3]
            )
            scope = _SCOPE_TOTAL_WORD.search(label) or ctx.is_total(candidate)
            if (
                named and scope and candidate.role == "count" and not candidate.change
                and not ctx.is_threshold(candidate)
                # "全市女党员近11万名" names 党员 too, but is no whole of 28.65%
                and (numerator is None
                     or plausible_share(value(numerator), value(candidate), value(percent)))
            ):  # fmt: skip
                return candidate
    if numerator is None and len(bare) >= 3:
        # "调查对象包括受访者本人及其家庭成员共415人" … "占调查对象总人数的38.81%": the total
        # whose clause opens with the name
        for candidate in candidates:
            label = re.sub(r"[“”\"'‘’\s]", "", ctx.clause_label(candidate))
            if label.startswith(bare) and ctx.is_total(candidate) and not candidate.change:
                return candidate
    if len(bare) < 2 or numerator is None:
        return None
    for candidate in candidates:
        label = re.sub(r"[“”\"'‘’\s]", "", ctx.clause_label(candidate))
        named = bare in label and ctx.is_total(candidate)
        if named and plausible_share(value(numerator), value(candidate), value(percent)):
            return candidate
    return None


_POPULATION_TOTAL: Final = re.compile(r"(?:户籍|常住|总)(?:总)?人口(?:数)?(?:为|有|达到|达|共)?$")


def _population_total(
    ctx: Context, candidates: list[Mention], numerator: Mention, percent: Mention
) -> Mention | None:
    """The population "占总人口的53.0%" is of, printed as 户籍人口, 常住人口 or 总人口: the
    one that gives about the percent; none when the registered and the resident
    population both would ("年末户籍人口273393人…男性人口144994人,占总人口的53.0%")."""
    fits = {
        value(c): c
        for c in candidates
        if c.role == "count" and c.unit_class == numerator.unit_class
        and _POPULATION_TOTAL.search(re.sub(r"\s", "", ctx.clause_label(c)))
        and plausible_share(value(numerator), value(c), value(percent))
    }  # fmt: skip
    return next(iter(fits.values())) if len(fits) == 1 else None


def _nearer_scope_total(
    ctx: Context, candidates: list[Mention], named: Mention, name: str,
    numerator: Mention | None, percent: Mention,
) -> Mention | None:  # fmt: skip
    """A total of the same noun printed after the one the percent names word for word, in
    another sentence: a provincial release quotes the nation's "党员总数为9918.5万名" first,
    then "全省共有党员277.84万名", and "占党员总数的29.1%" is of the province's."""
    for candidate in candidates:
        if candidate is named or candidate.start < named.start:
            return None
        if (
            ctx.sentence_of(candidate) is ctx.sentence_of(named)
            or candidate.role != "count"
            or not ctx.is_total(candidate)
            or ctx.is_threshold(candidate)
            or not _may_be_named(ctx, candidate, name)
        ):
            continue
        if (
            numerator is None
            or plausible_share(value(numerator), value(candidate), value(percent))
            or not plausible_share(value(numerator), value(named), value(percent))
        ):
            return candidate
    return None


def _total_like(
    ctx: Context, anchor: int, numerator: Mention | None, percent: Mention
) -> Mention | None:
    """An earlier total of the same kind of thing that gives about the printed percent.

    A total printed as it is counted comes before one printed as a bound: "党员总数为
    9059.4万名…党员总量突破9000万名…7423.0万名、占81.9%" is of 9059.4万, not of "more
    than 9000万".
    """
    subject = ctx.label_noun(numerator) if numerator is not None else ctx.label_noun(percent)
    paragraph = ctx.sentence_of(percent).paragraph
    reach = 6 if numerator is not None else 3
    bounded: Mention | None = None
    # the nearest 64 counts only: a page of figures (a table pasted as text) would
    # otherwise weigh every count in reach for every share
    nearest = itertools.islice(ctx.earlier_counts(anchor, paragraphs=reach, chars=2500), 64)
    for candidate in nearest:
        if numerator is not None and (
            candidate.unit_class != numerator.unit_class or value(candidate) < value(numerator)
        ):
            continue
        if numerator is None and candidate.role != "count":
            continue
        if not ctx.is_total(candidate) or _MEDIAN.search(ctx.clause_label(candidate)):
            continue
        noun = ctx.subject(candidate)
        near = paragraph - ctx.sentence_of(candidate).paragraph <= 2 and numerator is not None
        if (
            not near
            and subject
            and noun
            and not head_matches(subject, noun)
            and not head_matches(subject, ctx.label_noun(candidate))
        ):
            continue
        if numerator is None:
            return candidate if subject and noun else None
        if plausible_share(value(numerator), value(candidate), value(percent)):
            if candidate.number.printed:
                return candidate
            bounded = bounded or candidate
    return bounded


def _later_total(ctx: Context, numerator: Mention, percent: Mention) -> Mention | None:
    """A total printed after the share in the same sentence ("…41人,占比39%;共选出…105人");
    a later sentence speaks of something else ("…占15.9%。…乡政府机关899人")."""
    for index in range(percent.index + 1, min(len(ctx.mentions), percent.index + 200)):
        candidate = ctx.mentions[index]
        if candidate.sentence != percent.sentence or candidate.start - percent.end > 400:
            return None
        if candidate.role != numerator.role or candidate.change:
            continue
        if candidate.unit_class != numerator.unit_class or not ctx.is_total(candidate):
            continue
        if plausible_share(value(numerator), value(candidate), value(percent)):
            return candidate
    return None


_ORGANISATION: Final = re.compile(r"^(?:中国共产党|中共)")
_DONE: Final = re.compile(r"^(?:已经?|稳定)?(?:脱贫|出列|退出|摘帽|销号)")
_SCOPE_WORD: Final = re.compile(r"全(?:国|省|市|县|区|乡|镇|州|旗|盟|村)")


def _population(ctx: Context, m: Mention) -> str:
    """The noun of the population a count or percent is of, without its scope or the
    party's name: "全国党员总数为" → 党员, "中国共产党党员总数为" → 党员."""
    return _ORGANISATION.sub("", ctx.label_noun(m))


def narrower_population(part: str, whole: str) -> str:
    """How the noun of a part names a subset of the whole's, or "" when it does not.

    A modifier before the whole's noun (女党员 of 党员, 农村人口 of 人口), or those out of
    poverty among the poor (脱贫人口 of 贫困人口, 出列村 of 贫困村). Siblings (女党员 and
    男党员) and other nouns (常住人口 and 户籍人口) are not.

    >>> narrower_population("大专及以上学历党员", "党员"), narrower_population("脱贫人口", "贫困人口")
    ('modifier', 'done')
    >>> narrower_population("女党员", "男党员"), narrower_population("非贫困人口", "贫困人口")
    ('', '')
    """
    if len(whole) < 2 or len(part) < 2:
        return ""
    if part != whole and part.endswith(whole):
        # "非贫困人口" is no part of "贫困人口"
        return "" if part[: -len(whole)].endswith(("非", "未", "不", "无")) else "modifier"
    done = _DONE.sub("贫困", part)
    if done != part and "贫困" in whole and (done == whole or whole.endswith(done)):
        return "done"
    return ""


def _scope_of(ctx: Context, m: Mention) -> str:
    found = _SCOPE_WORD.findall(ctx.clause_label(m))
    return found[-1] if found else ""


def _whole_of_population(
    ctx: Context, part: Mention, subject: str, candidates: list[Mention], scope: str = ""
) -> Mention | None:
    """The first candidate that counts a population ``subject`` narrows, of the part's unit,
    year and scope, and no smaller than the part."""
    scope = scope or _scope_of(ctx, part)
    for whole in candidates:
        if whole.role != "count" or whole.change or whole.weak or whole.number.bound == "range":
            continue
        if whole.unit_class != part.unit_class or value(whole) < value(part):
            continue
        if ctx.is_threshold(whole) or ctx.per_capita(whole) or whole.depth != part.depth:
            continue
        if not narrower_population(subject, _population(ctx, whole)):
            continue
        if whole.sentence != part.sentence:
            years_part, years_whole = ctx.years_of(part), ctx.years_of(whole)
            if years_part and years_whole and not (years_part & years_whole):
                continue  # another year's total
            if scope and scope != _scope_of(ctx, whole):
                continue  # 全县… of 全省…: the text does not say
        return whole
    return None


def _same_sentence_population(
    ctx: Context, numerator: Mention, percent: Mention
) -> tuple[Mention | None, str]:
    """The count of the population the numerator's is part of, printed earlier in its
    sentence in a clause of its own: "全县贫困人口5000人,已脱贫人口4500人,占90%"."""
    subject = _population(ctx, numerator)
    candidates = [
        m for m in ctx.before_in_sentence(numerator, 6)
        if ctx.clause_start(m.unit_end) < ctx.clause_start(numerator.start)
    ]  # fmt: skip
    whole = _whole_of_population(ctx, numerator, subject, candidates)
    if whole is None or not plausible_share(value(numerator), value(whole), value(percent)):
        return None, ""
    relation = narrower_population(subject, _population(ctx, whole))
    if relation == "done":
        return whole, f"{subject} read as part of {_population(ctx, whole)}"
    return whole, ""


_BOUNDED: Final = frozenset({"more", "less", "at_least", "at_most"})


def _plausible_bounded(numerator: Fraction, denominator: Fraction, percent: Mention) -> bool:
    """Whether a denominator gives about a percent printed with a bound: within its side of
    the bound and a step (10 points for 成 and 半) beyond it, with a tenth's slack."""
    if denominator <= 0:
        return False
    share = numerator * 100 / denominator
    number = percent.number
    slack = max(Fraction(1), number.value / 10)
    low, high = number.interval.low, number.interval.high
    if low is None and high is None:
        return False
    low = low if low is not None else (high or Fraction(0)) - number.step
    high = high if high is not None else low + number.step
    return low - slack <= share <= min(Fraction(100), high + slack)


_THEN_BOUND: Final = re.compile(r"\s*[,，]\s*")


def _bounded_share(
    ctx: Context, percent: Mention, run: _Run
) -> tuple[Found, Mention, Mention] | None:
    """A percent in words with a bound and the count it describes, as a share of the
    population's count in the sentence, in the one before, or of the run of shares the
    sentence before belongs to: "全国党员总数为9191.4万名。…大专及以上学历党员超过半数,
    达4661.5万名" (4661.5万 of 9191.4万, more than 50%)."""
    if percent.number.bound not in _BOUNDED or percent.number.printed:
        return None
    numerator = _numerator_after(ctx, percent)
    subject = _population(ctx, percent)
    if numerator is None:
        before = ctx.before_in_sentence(percent, 1)
        if not before or not _THEN_BOUND.fullmatch(ctx.between(before[0].unit_end, percent.start)):
            return None
        numerator, subject = before[0], _population(ctx, before[0])  # "…4661.5万名,超过半数"
    elif len(ctx.noun_after(numerator)) >= 2 and not head_matches(
        ctx.noun_after(numerator), subject
    ):
        return None  # "…超过半数,达4661.5万名村民": the count is of something else
    if numerator.role != "count" or numerator.change or numerator.weak:
        return None
    if ctx.is_threshold(numerator) or not numerator.number.printed:
        return None
    first = min(numerator, percent, key=lambda m: m.start)
    candidates = [
        m for m in ctx.before_in_sentence(first, 12)
        if ctx.clause_start(m.unit_end) < ctx.clause_start(first.start)
    ]  # fmt: skip
    if percent.sentence > 0:
        previous = ctx.sentences[percent.sentence - 1]
        if previous.paragraph == ctx.sentence_of(percent).paragraph or not candidates:
            candidates += list(reversed(ctx.in_sentence(previous)))
    if (
        run.denominator is not None
        and run.sentence == percent.sentence - 1
        and run.denominator.sentence < percent.sentence - 1
    ):
        candidates.append(run.denominator)  # a run of shares of the total before them
    scope = _scope_of(ctx, percent) or _scope_of(ctx, numerator)
    whole = _whole_of_population(ctx, numerator, subject, candidates, scope)
    if whole is None or not _plausible_bounded(value(numerator), value(whole), percent):
        return None
    figures = [
        Figure("numerator", numerator.start, numerator.end),
        Figure("denominator", whole.start, whole.end),
        Figure("percent", percent.start, percent.end),
    ]
    quote = _quote(ctx, first, max(numerator.unit_end, percent.end))
    if whole.sentence == percent.sentence:
        quote = _quote(ctx, whole, quote[1])
    claim = Found("share", figures, quote)
    _link(claim, ctx, whole, percent.sentence)
    return claim, numerator, whole


class _Run:
    """The denominator of the last share found, so that a run of shares shares it."""

    def __init__(self) -> None:
        self.denominator: Mention | None = None
        self.subject = ""
        self.paragraph = -1
        self.sentence = -1
        self.end = 0
        """Where the last share that set the denominator ends."""


def _link(
    found: Found, ctx: Context, whole: Mention, sentence_index: int, through: int | None = None
) -> None:
    """Record where a denominator printed in another sentence came from: the clause of
    ``whole``, on to ``through`` (the end of an increase printed after its level)."""
    if whole.sentence != sentence_index:
        source = ctx.sentences[whole.sentence]
        start = ctx.clause_start(whole.start, source.start)
        found.linked = (start, whole.unit_end if through is None else through)
        found.link_key = "denominator_from"
        found.inferred = True


def _quote(ctx: Context, first: Mention, last_end: int) -> tuple[int, int]:
    sentence = ctx.sentence_of(first)
    return ctx.clause_start(first.start, sentence.start), last_end


_SINCE_A_YEAR: Final = re.compile(
    r"\d{4}\s*年[^,，;；。\d]{0,12}?(?:以来|以后|之后|以前|之前|后|前|起)"
)  # "1978年党的十一届三中全会后入党的": a cohort, not a date


_SUBJECT_OF_SHARE: Final = re.compile(r"([\u4e00-\u9fff]{3,16})占[^,，;；。]{0,24}$")
_LABEL_LEAD: Final = re.compile(
    r"^(?:其中|全年|全县|全市|全区|全省|完成|实现|为|达到|达|共|有|[,，:：\s])+"
)
_LABEL_TRAIL: Final = re.compile(r"(?:完成|实现|为|达到|达|共|有|总额|总量|\s)+$")


def _named_numerator(ctx: Context, percent: Mention, whole: Mention) -> Mention | None:
    """The count a share's own subject names, printed before: "第一产业增加值完成125964万
    元…。第一产业增加值占地区生产总值的比重为23.8%" (a bulletin's structure of output)."""
    lead = ctx.folded[ctx.clause_start(percent.start) : percent.start]
    named = _SUBJECT_OF_SHARE.search(lead)
    if named is None:
        return None
    subject = named[1]
    for candidate in ctx.earlier_counts(percent.index, paragraphs=2, chars=1500):
        if candidate is whole or candidate.unit_class != whole.unit_class:
            continue
        label = _LABEL_TRAIL.sub("", _LABEL_LEAD.sub("", ctx.clause_label(candidate)))
        if label != subject or ctx.is_threshold(candidate):
            continue
        if not plausible_share(value(candidate), value(whole), value(percent)):
            return None  # named so, but not what the percent is of
        return candidate
    return None


def _of_another_year(
    ctx: Context, percent: Mention, whole: Mention, numerator: Mention | None
) -> bool:
    """Whether a percent is dated and the whole it took is dated otherwise.

    A percent alone names its year in its clause: "截至2008年底,…党员总数为7593.1万名…而
    1949年女党员占党员总数的比例仅为11.9%" is no share of 2008's total. A share with its
    count, of a whole in another sentence, names it in its sentence: "截至201x年底,全村在册
    人口共有…409人。…2014年建档立卡时,…160人,贫困发生率为36.4%" is not of that register.
    """
    if numerator is not None and whole.sentence == percent.sentence:
        return False
    if numerator is None:
        opening = ctx.clause_start(percent.start)
    else:  # the clauses since the sentence's last semicolon before the count
        opening = ctx.sentence_of(percent).start
        lead = ctx.folded[opening : numerator.start]
        opening += max(lead.rfind(";"), lead.rfind("；")) + 1
    own = years(_SINCE_A_YEAR.sub("", ctx.folded[opening : percent.start]))
    if not own:
        return False
    before_whole = ctx.folded[ctx.sentence_of(whole).start : whole.start]
    theirs = years(before_whole)
    if theirs:
        return not own & theirs
    return numerator is not None and bool(_DATED.search(before_whole))


_DATED: Final = re.compile(r"截至|截止|年底|年末")


def _rate_of_a_population_not_printed(ctx: Context, percent: Mention, whole: Mention) -> bool:
    """Whether a named rate with no count of its own took a whole that is not its
    population: "贫困户2.01万户9.76万人,…贫困发生率降至1.33%" is of the rural population,
    which is not printed, not of the 9.76万 poor."""
    label = ctx.words_before(percent, 10)
    return any(
        rate.search(label) and not population.search(ctx.words_before(whole, 10))
        for rate, population in _RATE_OF
    )


_RATE_OF_ITS_OWN: Final = re.compile(r"出生率|死亡率|自然增长率|失业率|城镇化率|城市化率")
"""Rates of a base no report prints beside them: births and deaths per the year's mean
population, unemployment of the labour force, urbanisation of the resident population."""


def find_shares(ctx: Context) -> list[Found]:
    """Every share a text states, with its numerator, denominator and percent where printed."""
    found: list[Found] = []
    run = _Run()
    used_numerators: set[int] = set()
    for percent in ctx.mentions:
        if percent.role != "percent" or percent.change:
            continue
        if percent.number.bound not in ("exact", "rounded") and ctx.folded.startswith(
            "的", percent.end
        ):
            continue  # "不低于10%的比例": a threshold, not a share
        if "分别" in ctx.between(percent.label_start, percent.start) or _in_percent_list(
            ctx, percent
        ):
            continue  # given to the counts before it, in order (see _respectively)
        if ctx.is_threshold(percent):
            continue  # "贫困发生率在5%~10%的省份有7个": a range, not a share
        if change_origin(ctx, percent):
            continue  # "占比由11.9%提高到27.2%": the level before, not the count's share
        if (
            _RATE_OF_ITS_OWN.search(ctx.words_before(percent, 8))
            and "占" not in ctx.folded[ctx.clause_start(percent.start) : percent.start]
        ):
            continue  # "出生人口1290人,出生率为6.12‰": of the year's mean population
        lead = ctx.words_before(percent, 40)
        if _OF_AN_INCREASE.search(lead) or _OF_THE_MEAN.search(lead[-12:]):
            continue  # a share of an increase, or a median of its mean: found below
        bracketed = _bracketed_whole(ctx, percent)
        numerator = _numerator_of(ctx, percent, bracketed)
        if (
            numerator is not None
            and value(percent) == 100
            and _EVERY.search(ctx.between(numerator.unit_end, percent.start))
        ):
            continue  # "其中…30家全部建立了党组织,组建率达100%": the rate of the 30 themselves
        if bracketed is not None and numerator is not None and value(numerator) > value(bracketed):
            bracketed = None
        cued = bracketed is not None or _cue_before(ctx, percent)
        if numerator is None:
            bounded = _bounded_share(ctx, percent, run)
            if bounded is not None:
                claim, counted, population = bounded
                found.append(claim)
                used_numerators.add(counted.index)
                run.denominator = population
                run.paragraph = ctx.sentence_of(percent).paragraph
                run.subject = ctx.subject(population) or ctx.label_noun(population)
                run.sentence = percent.sentence
                continue
        if numerator is None and (not cued or not percent.number.printed):
            continue  # "成功率保持在80%以上": a threshold, not a printed share
        if numerator is None:
            numerator = _numerator_after(ctx, percent)
        if (
            numerator is not None
            and numerator.unit_class != "户"
            and "户" in _named_denominator(ctx, percent)
        ):
            # "45户(131人),仅占总户数的3.5%": the share is of the households
            partner = _partner(ctx, numerator)
            numerator = partner if partner is not None and partner.unit_class == "户" else numerator
        sentence_index = percent.sentence
        whole: Mention | None = bracketed
        if whole is None and numerator is not None:
            # "总人口…,其中农村人口16077人,…贫困发生率", "登记选民12670人,…参选率": the
            # population a named rate is of, counted earlier in the sentence
            whole = _population_of_rate(ctx, numerator, percent)
        anchor = numerator if numerator is not None else percent
        if whole is None:
            whole = _in_sentence_whole(ctx, anchor, percent_only=numerator is None)
        note = ""
        if whole is not None and bracketed is None and numerator is not None:
            whole, note = _nested_whole(ctx, numerator, whole, percent)
        name = _named_denominator(ctx, percent)
        if whole is None and numerator is not None and not name and percent.number.printed:
            whole, note = _same_sentence_population(ctx, numerator, percent)
        if (
            whole is None
            and numerator is not None
            and _INCIDENCE.search(ctx.words_before(percent, 10))
        ):
            whole = _scope_population(ctx, numerator)  # "全村…1162人,贫困人口…221人,贫困发生率19%"
        if whole is None and _starts_with_qizhong(ctx, anchor):
            whole = _previous_sentence_whole(ctx, numerator, sentence_index, percent)
        if whole is not None and name and not _is_named(ctx, whole, name):
            # "238.5万户非公有制企业中,38万户…,占具备建立党组织条件企业总数的99.4%":
            # the percent names another whole than the sentence's
            whole = None
        if whole is None and name:
            whole = _named_total(ctx, anchor.index, name, numerator, percent, run.denominator)
        paragraph = ctx.sentence_of(percent).paragraph
        if (
            whole is None
            and run.denominator is not None
            and not name
            and paragraph - run.paragraph <= 1
            and (numerator is None or numerator.unit_class == run.denominator.unit_class)
        ):
            subject = ctx.label_noun(anchor)
            if (
                numerator is not None
                and plausible_share(value(numerator), value(run.denominator), value(percent))
            ) or (numerator is None and subject and head_matches(subject, run.subject)):
                whole = run.denominator
            elif (
                numerator is None and run.sentence == sentence_index and _one_value(ctx, percent)
                and not _NEW_SCOPE.search(ctx.folded[run.end : percent.start])
            ):  # fmt: skip
                whole = run.denominator  # "大专学历6名,占0.6%;高中学历占24.91%,…"
            elif _next_of_a_list(ctx, numerator, percent, run, sentence_index):
                whole = run.denominator  # "其中男性60人,占60%,女性40人,占50%": 40 of 100
        if whole is None and numerator is None and not name and _one_value(ctx, percent):
            whole = _sentence_total(ctx, percent)  # "…委员72人;…,50周岁以下占比65.3%"
        if whole is None:
            whole = _total_like(ctx, anchor.index, numerator, percent)
            if whole is not None and name and not _may_be_named(ctx, whole, name):
                whole = None  # "占博士、硕士生总数的31.3%" is not of "学生党员70余万人"
        if whole is None and numerator is not None:
            whole = _later_total(ctx, numerator, percent)
        if numerator is None and whole is not None and whole.sentence != sentence_index:
            opening = ctx.sentence_of(percent).start
            lead = ctx.folded[opening : percent.start]
            opening += max(lead.rfind(";"), lead.rfind("；")) + 1  # the clauses after a ;
            scope = _SCOPE_BEFORE.search(ctx.folded[opening : percent.start])
            words = ctx.naming_words(whole)
            named = scope[1].removeprefix("在").replace("的", "") if scope else ""
            if named and not (subsequence(named, words) or subsequence(named[1:], words)):
                # "外出农民工中男性占69.0%" is no share of all 27395万 农民工; "在新发展的党员中"
                # is of "全省共发展党员4.78万名" (one word of its own allowed)
                whole = None
        if (
            numerator is not None and whole is not None and percent.number.printed
            and not plausible_share(value(numerator), value(whole), value(percent))
        ):  # fmt: skip
            # "1284户2814人,其中…45户131人,占3.5%": the pair that gives the percent
            pair = _partner(ctx, numerator), _partner(ctx, whole)
            if (
                pair[0] is not None and pair[1] is not None
                and pair[0].unit_class == pair[1].unit_class
                and plausible_share(value(pair[0]), value(pair[1]), value(percent))
            ):  # fmt: skip
                numerator, whole = pair
        if numerator is None and whole is not None and percent.number.printed:
            numerator = _named_numerator(ctx, percent, whole)
        smaller = whole is not None and numerator is not None and value(whole) < value(numerator)
        if smaller and whole is not None and whole.sentence != sentence_index:
            whole = None
        if whole is not None and (
            _of_another_year(ctx, percent, whole, numerator)
            or (numerator is None and _rate_of_a_population_not_printed(ctx, percent, whole))
        ):
            whole = None
        figures = []
        if numerator is not None:
            figures.append(Figure("numerator", numerator.start, numerator.end))
            used_numerators.add(numerator.index)
        if whole is not None:
            figures.append(Figure("denominator", whole.start, whole.end))
        figures.append(Figure("percent", percent.start, percent.end))
        first = percent if numerator is None or percent.start < numerator.start else numerator
        if whole is not None and whole.sentence == sentence_index and whole.start < first.start:
            first = whole
        last_end = max(percent.end, numerator.unit_end if numerator is not None else 0)
        claim = Found("share", figures, _quote(ctx, first, last_end), note=note)
        if whole is not None:
            _link(claim, ctx, whole, sentence_index)
            run.denominator, run.paragraph, run.end = whole, paragraph, percent.end
            run.subject = ctx.subject(whole) or ctx.label_noun(whole)
            run.sentence = sentence_index
        found.append(claim)
    found += _respectively(ctx, used_numerators)
    found += _parts_of_wholes(ctx, used_numerators)
    found += _medians_of_means(ctx)
    found += _shares_of_increases(ctx)
    return found


_OF_AN_INCREASE: Final = re.compile(
    r"([\u4e00-\u9fff“”\"]{2,16}?)(?:的)?增量占(?:([\u4e00-\u9fff“”\"]{2,16}?)(?:的)?增量|新增"
    r"([\u4e00-\u9fff“”\"]{2,16}?))的(?:比重|比例)?(?:为|是|达到|达)?\s*$"
)
"""A share of one increase in another: "省内流动农民工增量占外出农民工增量的96.4%",
"西部地区农民工增量占新增农民工的52.2%"."""


def _increase_of(
    ctx: Context, noun: str, before: int, *, whole: bool = False
) -> tuple[Mention, Mention] | None:
    """The nearest earlier increase ("比上年增加242万人") of a level whose words hold
    ``noun``; for a ``whole``, the largest such (新增农民工: the total's, not a region's)."""
    noun = re.sub(r"[“”\"]", "", noun)
    found: list[tuple[Mention, Mention]] = []
    for index in range(before - 1, max(-1, before - 200), -1):
        m = ctx.mentions[index]
        if ctx.mentions[before].start - m.start > 3000:
            break
        if not m.change or m.role not in ("count", "money", "quantity"):
            continue
        if re.search(r"(?:减少|下降|降低|减)\s*$", ctx.folded[max(0, m.start - 6) : m.start]):
            continue  # a fall is no increase
        level = next(
            (x for x in ctx.before_in_sentence(m, 3) if not x.change and x.role == m.role), None
        )
        if level is None or level.unit_class != m.unit_class:
            continue
        words = ctx.naming_words(level)
        if noun in words:
            if not whole:
                return m, level
            found.append((m, level))
    return max(found, key=lambda pair: value(pair[0])) if found else None


def _shares_of_increases(ctx: Context) -> list[Found]:
    found: list[Found] = []
    for percent in ctx.mentions:
        if percent.role != "percent" or percent.change:
            continue
        lead = ctx.words_before(percent, 40)
        named = _OF_AN_INCREASE.search(lead)
        if named is None:
            continue
        found_part = _increase_of(ctx, named[1], percent.index)
        found_whole = _increase_of(ctx, named[2] or named[3], percent.index, whole=True)
        if found_part is None or found_whole is None:
            continue
        (part, _), (whole, level) = found_part, found_whole
        if part is whole or value(part) > value(whole):
            continue
        figures = [
            Figure("numerator", part.start, part.end),
            Figure("denominator", whole.start, whole.end),
            Figure("percent", percent.start, percent.end),
        ]
        claim = Found("share", figures, (ctx.clause_start(percent.start), percent.end))
        _link(claim, ctx, level, percent.sentence, through=whole.unit_end)
        found.append(claim)
    return found


_OF_THE_MEAN: Final = re.compile(r"(?:中位数)?(?:是|为|相当于)(?:平均数|均值)的\s*$")
_MEDIAN_LABEL: Final = re.compile(r"中位数(?:为|是|达到|达)?$")


def _medians_of_means(ctx: Context) -> list[Found]:
    """A median printed as a share of its mean, as every income release of 国家统计局 does:
    "全国居民人均可支配收入中位数13281元,增长9.0%,中位数是平均数的86.8%" — 13281 of the
    "全国居民人均可支配收入15294元" printed before it (the same words without 中位数)."""
    found: list[Found] = []
    for percent in ctx.mentions:
        if percent.role != "percent" or percent.change:
            continue
        lead = ctx.words_before(percent, 12)
        if not _OF_THE_MEAN.search(lead):
            continue
        median = next(
            (
                m for m in ctx.before_in_sentence(percent, 4)
                if m.role in ("money", "count", "quantity") and not m.change
                and _MEDIAN_LABEL.search(ctx.clause_label(m).rstrip())
            ),
            None,
        )  # fmt: skip
        if median is None:
            continue
        words = _MEDIAN_LABEL.sub("", ctx.clause_label(median).rstrip())
        words = re.sub(r"^(?:其中[,，:：]?)", "", words)
        mean = next(
            (
                m for m in ctx.earlier_counts(median.index, paragraphs=3, chars=3000)
                if m.unit_class == median.unit_class and len(words) >= 4
                and re.sub(r"(?:为|是|达到|达)$", "", ctx.clause_label(m).rstrip()).endswith(words)
            ),
            None,
        )  # fmt: skip
        if mean is None:
            continue
        figures = [
            Figure("numerator", median.start, median.end),
            Figure("denominator", mean.start, mean.end),
            Figure("percent", percent.start, percent.end),
        ]
        claim = Found("share", figures, _quote(ctx, median, percent.end))
        _link(claim, ctx, mean, percent.sentence)
        found.append(claim)
    return found


_RESPECTIVELY: Final = re.compile(r"分别(?:占|为|是|达到|达|占到|为|在)?")


_LISTED: Final = re.compile(r"\s*[、和及与,，]\s*")
_LISTED_ITEM: Final = re.compile(r"\s*[、和及与]\s*[^,，;；。、]{0,10}")
"""Between two counts of one list: "485人和36人", "男性党员485人、女性党员36人"."""


def _joined(earlier: Mention, later: Mention) -> bool:
    """Whether two percents are listed together, joined by a bare 、 or 和."""
    return (
        earlier.role == later.role == "percent"
        and not earlier.change
        and not later.change
        and bool(_LISTED.fullmatch(later.label))
    )


def _listed_after(mentions: list[Mention], i: int) -> list[Mention]:
    """The percents listed from ``mentions[i]`` on."""
    percents = [mentions[i]]
    for m in mentions[i + 1 :]:
        if not _joined(percents[-1], m):
            break
        percents.append(m)
    return percents


def _in_percent_list(ctx: Context, percent: Mention) -> bool:
    """Whether a percent is one of a bare list ("覆盖率达到91.58%、88.98%"), which belongs
    to the counts before it in order, as with 分别."""
    at, mentions = percent.index, ctx.mentions
    before = mentions[at - 1] if at > 0 else None
    after = mentions[at + 1] if at + 1 < len(mentions) else None
    return any(
        a is not None and b is not None and a.sentence == b.sentence and _joined(a, b)
        for a, b in ((before, percent), (percent, after))
    )


def _respectively(ctx: Context, used: set[int]) -> list[Found]:
    """Percents given 分别 to the counts before them, in order; a bare list of percents
    ("1.02万家企业和2091家社会组织…覆盖率达到91.58%、88.98%") only when it has as many counts
    before it."""
    found: list[Found] = []
    for sentence_index, sentence in enumerate(ctx.sentences):
        mentions = ctx.in_sentence(sentence)
        counted: list[Mention] = []  # the counts before, not yet given a percent
        for i, first in enumerate(mentions):
            if first.role == "count" and not first.change and first.index not in used:
                counted.append(first)
                continue
            if first.role != "percent" or first.change:
                continue
            given = "分别" in ctx.between(first.label_start, first.start)
            if i and _joined(mentions[i - 1], first):
                continue  # inside a list begun before
            percents = _listed_after(mentions, i)
            if len(percents) < 2 or len(counted) < len(percents):
                continue
            first_count = counted[-len(percents)]
            # "男性党员、女性党员分别为485人和36人,占…比重为93.09%和6.91%": 分别 before the counts
            given = given or (
                "分别" in ctx.between(first_count.label_start, first_count.start)
                and all(
                    b.role == a.role and _LISTED.fullmatch(ctx.between(a.unit_end, b.start))
                    for a, b in itertools.pairwise(counted[-len(percents) :])
                )
            )
            if not given and len(counted) != len(percents):
                continue  # which counts the percents belong to is a guess
            counts = counted[-len(percents) :]
            del counted[-len(percents) :]
            opening = mentions.index(counts[0])
            wholes: list[Mention | None] = []
            name = _named_denominator(ctx, percents[0])
            for count, percent in zip(counts, percents, strict=True):
                whole = _total_like(ctx, count.index, count, percent)
                if whole is None:
                    for candidate in mentions[max(0, opening - 24) : opening]:
                        if (
                            candidate.unit_class == count.unit_class
                            and not candidate.change
                            and ctx.is_total(candidate)
                            and plausible_share(value(count), value(candidate), value(percent))
                        ):
                            whole = candidate
                if whole is not None and name and not _is_named(ctx, whole, name):
                    # "…分别占村委会干部总数的11.7%和0.5%" is not of "共提名主任候选人794人"
                    whole = None
                wholes.append(whole)
            # one list of counts, one whole: a share its total does not give ("485人和36人,
            # 分别占党员总数的95.09%和4.91%" of 521) is tested against the total the others share
            found_wholes = {w.index: w for w in wholes if w is not None}
            listed = all(
                _LISTED_ITEM.fullmatch(ctx.between(a.unit_end, b.start))
                for a, b in itertools.pairwise(counts)
            )  # "485人和36人", "男性485人、女性36人": one whole; "…3000人,…交叉任职18659人" not
            if len(found_wholes) == 1 and listed:
                (shared_whole,) = found_wholes.values()
                wholes = [
                    shared_whole if w is None and c.unit_class == shared_whole.unit_class else w
                    for w, c in zip(wholes, counts, strict=True)
                ]
            for count, percent, whole in zip(counts, percents, wholes, strict=True):
                figures = [Figure("numerator", count.start, count.end)]
                if whole is not None:
                    figures.append(Figure("denominator", whole.start, whole.end))
                figures.append(Figure("percent", percent.start, percent.end))
                claim = Found("share", figures, _quote(ctx, counts[0], percents[-1].end))
                if whole is not None:
                    _link(claim, ctx, whole, sentence_index)
                used.add(count.index)
                found.append(claim)
    return found


def _parts_of_wholes(ctx: Context, used: set[int]) -> list[Found]:
    """A single part of a whole without a percent: "162个…中的17个", "55个…,其中52个…"."""
    found: list[Found] = []
    for _sentence_index, sentence in enumerate(ctx.sentences):
        mentions = ctx.in_sentence(sentence)
        alone = [m for m in mentions if m.role == "count" and not m.change]
        for position, part in enumerate(mentions):
            if part.index in used or part.role != "count" or part.change or part.weak:
                continue
            whole = _in_sentence_whole(ctx, part)
            across = False
            if whole is None and _starts_with_qizhong(ctx, part) and alone == [part]:
                whole = _previous_sentence_whole(ctx, part, part.sentence)
                across = whole is not None and value(whole) >= value(part)
                if not across:
                    continue
            if whole is None:
                continue
            gap = ctx.between(whole.unit_end, part.start) if not across else ""
            if "其中" in gap:
                # a list after 其中 is a sum of parts, found elsewhere
                after = [
                    m for m in mentions[position + 1 : position + 8]
                    if m.unit_class == part.unit_class and not m.change
                ]  # fmt: skip
                to_next = ctx.between(part.unit_end, after[0].start) if after else ""
                if after and "其中" not in to_next and len(re.findall(r"[,，;；、]", to_next)) <= 1:
                    continue
            figures = [
                Figure("numerator", part.start, part.end),
                Figure("denominator", whole.start, whole.end),
            ]
            used.add(part.index)
            if across:
                sentence = ctx.sentence_of(part)
                claim = Found(
                    "share", figures, (sentence.start, ctx.clause_end(part.unit_end, sentence.end))
                )
                _link(claim, ctx, whole, part.sentence)
                found.append(claim)
                continue
            found.append(Found("share", figures, _quote(ctx, whole, part.unit_end)))
    return found
