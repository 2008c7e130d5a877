"""Means with their count, parts that cannot exceed their whole, and 全部 (all of them).

- Mean: "村干部平均年龄52岁" with the number of those it averages: a count in the same
  sentence ("共选出…105人,…平均年龄为36岁"), else the largest earlier count of the same
  people ("联审村“两委”干部831人"), marked inferred.
- Bound: the same thing counted twice, the second time a part of the first
  ("组织1458名流动党员…" … "共有1678名流动党员参与"): a part cannot exceed its whole. The
  earlier count is the whole, unless the later one is a running total (共, 累计) of
  something other than participants, or names the wider scope (全国 against 东部地区).
  Across sentences, no bound between levels compared with another date (a stock counted
  in two years), figures of different years, means or rates per head, thresholds
  ("15万元以下"), or a whole narrower than its part.
- Left poverty: "共有建档立卡贫困人口3.5万户15.3万人,已累计实现3.4万户14.9万人脱贫": those
  who left are part of the poor counted just before them, each in its own unit.
- 全部: "全县建档立卡贫困户6130户、13053人已全部实现脱贫" is 6130 of 6130.
- Shares that split a whole: "(企业占40%,10个村占60%)" add up to 100, as do the terms of a
  ratio named a proportion or a structure ("年龄结构比例为9.2:51:39.8").
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from typing import Final

from partybuild_metrics.claims.extract.context import Context, subsequence, value
from partybuild_metrics.claims.extract.facets import narrowing, wide
from partybuild_metrics.claims.extract.found import Figure, Found
from partybuild_metrics.claims.extract.mentions import Mention

_MEAN: Final = re.compile(r"(?:平均年龄|平均)(?:为|是|达到|达|约)?$")
_PARTICIPATE: Final = re.compile(r"^[^,，;；。]{0,14}(?:参与|参加|出席|受益|到会)")
_RUNNING: Final = re.compile(r"(?:共|累计|总计|合计|总数)")
_ALL: Final = re.compile(r"^[^,，;；。]{0,16}(?:已?全部|全覆盖|均已|已全面)")
_ALL_BELOW: Final = re.compile(
    r"(?:低于|高于|超过|不低于|不高于|不超过|在)[^,，;；。]{0,6}[0-9.]+\s*%"
)
_GENERIC: Final = frozenset(
    {"党员", "干部", "人员", "群众", "村民", "农户", "人", "村", "户", "个"}
)


def find_means(ctx: Context) -> list[Found]:
    """Means with the count they average."""
    found: list[Found] = []
    for m in ctx.mentions:
        if m.role not in ("age", "count", "money", "quantity") or not m.number.printed:
            continue
        label = ctx.words_before(m, 10)
        if not _MEAN.search(label):
            continue
        subject_text = ctx.folded[ctx.clause_start(m.start, ctx.sentence_of(m).start) : m.start]
        subject = re.sub(r"(?:新当选的?|新一届|全体|的)", "", _MEAN.sub("", subject_text))
        subject = re.sub(r"[“”\"'‘’\s,，]", "", subject)[-10:]
        if re.match(r"\s*(?:有的|部分|个别|其中|最高|最低|少数)", subject_text):
            continue  # the mean of some of them, not of the count
        n = _count_for(ctx, m, subject)
        if n is None:
            continue
        figures = [Figure("value", m.start, m.end), Figure("n", n.start, n.end)]
        sentence = ctx.sentence_of(m)
        quote = (ctx.clause_start(m.start, sentence.start), m.unit_end)
        claim = Found("mean", figures, quote)
        if n.sentence == m.sentence and n.start < m.start:
            claim.quote = (ctx.clause_start(n.start, sentence.start), m.unit_end)
        elif n.sentence != m.sentence:
            source = ctx.sentence_of(n)
            claim.linked = (ctx.clause_start(n.start, source.start), n.unit_end)
            claim.link_key = "denominator_from"
            claim.inferred = True
        found.append(claim)
    return found


def _count_for(ctx: Context, mean: Mention, subject: str) -> Mention | None:
    narrow = narrowing(subject)
    same = [
        other for other in ctx.before_in_sentence(mean, 20)
        if other.unit_class == "person" and not other.change and ctx.is_total(other)
        # not a part narrower than those the mean is of ("女性…共2人" for the cadres' mean age)
        and narrowing(_noun_words(ctx, other)) <= narrow
    ]  # fmt: skip
    if same:
        return same[0]
    previous = ctx.before_in_sentence(mean, 1)
    if not subject and previous and previous[0].unit_class == "person" and not previous[0].change:
        gap = ctx.between(previous[0].unit_end, mean.start)
        if _BAND.search(ctx.clause_label(previous[0])):
            return None  # "…46—55岁23人,56岁以上2人,平均年龄50.2岁": of all, not of a band
        if len(re.findall(r"[,，;；]", gap)) == 1:
            return previous[0]  # "1048名村级干部,平均年龄41.85岁"
    if len(subject) < 2:
        return None
    best: Mention | None = None
    for candidate in ctx.earlier_counts(mean.index, paragraphs=8, chars=4000):
        if candidate.unit_class != "person":
            continue
        if not _whole_population(ctx, candidate, narrow):
            continue
        noun = ctx.subject(candidate) + "|" + ctx.label_noun(candidate)
        if subject[-2:] in noun and (best is None or value(candidate) > value(best)):
            best = candidate
    return best


_BAND: Final = re.compile(r"岁|以上|以下|以内|及以上|[-—~～至到]\s*\d")
"""The words of a count of one band of a list (by age, by years of service)."""


def _whole_population(ctx: Context, count: Mention, narrow: frozenset[str]) -> bool:
    """Whether an earlier count can be the number a mean is taken over: not a subset
    (女书记 for the secretaries' mean age, a count after 其中), not one of a 分别 list."""
    sentence = ctx.sentence_of(count)
    opening = ctx.folded[sentence.start : count.start]
    if re.match(r"\s*其中", opening) or "分别" in ctx.clause_label(count):
        return False
    return narrowing(_noun_words(ctx, count)) <= narrow


def _noun_key(ctx: Context, m: Mention) -> str:
    noun = ctx.noun_after(m)
    return noun if len(noun) >= 2 else ctx.label_noun(m)


def _after(ctx: Context, m: Mention) -> str:
    """The rest of a figure's clause (its first 16 characters: all a comparison reads)."""
    return ctx.folded[m.unit_end : ctx.clause_end(m.unit_end, m.unit_end + 16)]


_PAIRED_AFTER: Final = re.compile(r"[\u4e00-\u9fff]{1,6}[(（][\u4e00-\u9fff、]{1,6}[)）]")
_PAIRED_BEFORE: Final = re.compile(
    r"[\u4e00-\u9fff][(（][\u4e00-\u9fff、]{1,6}[)）](?:共|有|共有|为|达)?\s*$"
)
"""A noun with its alternative in brackets, right after or right before a count:
村(社区) is villages and communities."""


def _paired_noun(ctx: Context, m: Mention) -> bool:
    """Whether the noun printed right after a count, or right before it, names two kinds
    of thing at once ("1037个村(社区)")."""
    return bool(
        _PAIRED_AFTER.match(ctx.folded, m.unit_end)
        or _PAIRED_BEFORE.search(ctx.words_before(m, 12))
    )


def _same_thing(ctx: Context, a: Mention, b: Mention) -> bool:
    na, nb = _noun_key(ctx, a), _noun_key(ctx, b)
    if na != nb and _paired_noun(ctx, a) != _paired_noun(ctx, b):
        return False  # 村(社区) is villages and communities; 农村社区 is only the one
    if na and nb:
        short, long = sorted((na, nb), key=len)
        if (
            len(short) >= 3
            and short not in _GENERIC
            and (
                long.endswith(short)
                or long.startswith(short)
                or (short[0] == long[0] and short[-1] == long[-1] and subsequence(short, long))
            )
        ):
            return True
    # the same words after both figures ("…户村民办理贷款554万元" twice)
    after_a, after_b = _after(ctx, a), _after(ctx, b)
    common = 0
    for x, y in zip(after_a, after_b, strict=False):
        if x != y:
            break
        common += 1
    if common >= 6:
        return True
    label_a, label_b = ctx.clause_label(a), ctx.clause_label(b)
    common = 0
    for x, y in zip(reversed(label_a), reversed(label_b), strict=False):
        if x != y:
            break
        common += 1
    return common >= 6 and a.role == "money"


_ACTION: Final = re.compile(
    r"^[,，;；]\s*(?:其中|已|共)?(?:清理|清退|处理|调整|撤换|罢免|问责|处分|表彰|提拔|录用|转化|整顿|"
    r"退出|脱贫|销号|辞退|劝退|约谈|诫勉)"
)


def _acts_on_part(ctx: Context, earlier: Mention, later: Mention) -> bool:
    """Within one sentence: "联审…干部831人,清理村干部19人" acts on some of those counted."""
    gap = ctx.between(earlier.unit_end, later.start)
    return bool(_ACTION.search(gap)) and len(re.findall(r"[,，;；]", gap)) == 1


def _clause(ctx: Context, m: Mention) -> str:
    return ctx.folded[ctx.clause_start(m.start) : ctx.clause_end(m.unit_end)]


_YEAR_WORD: Final = re.compile(r"(?:19|20)\d\d年")


def _years(ctx: Context, m: Mention) -> set[str]:
    sentence = ctx.sentence_of(m)
    window = ctx.folded[max(sentence.start, m.start - 120) : min(sentence.end, m.end + 60)]
    return set(_YEAR_WORD.findall(window))


def _may_relate(ctx: Context, a: Mention, b: Mention) -> bool:
    """Whether counts in two sentences can be a part and its whole at all.

    Not a mean or a rate per head, not a threshold ("15万元以下"), not a level compared
    with another date (the same measure in another year is no part of it), and of the
    same year when both sentences (or their paragraphs) name one, unless the later runs
    up to now (截至目前, 累计).
    """
    for m in (a, b):
        if ctx.per_capita(m) or ctx.is_threshold(m) or ctx.compared_in_time(m):
            return False
        if "threshold" in narrowing(ctx.clause_label(m)):
            return False
    if _planned(ctx, a) != _planned(ctx, b) or _negated(ctx, a) != _negated(ctx, b):
        return False  # a target and what is done; "退出" and "没有退出": different sets
    years_a, years_b = ctx.years_of(a), ctx.years_of(b)
    if years_a and years_b and not (years_a & years_b):
        return ctx.cumulative(b)
    return True


_PLANNED: Final = re.compile(r"要|将|计划|力争|预计|拟|目标|争取|确保|另")
_NEGATED: Final = re.compile(r"没有|未|尚未|不")


def _planned(ctx: Context, m: Mention) -> bool:
    """Whether a count is a target ("今年要实现81个贫困村退出", "832个贫困县将有一半摘帽"),
    not a result, or another set than the one before ("另82个贫困村")."""
    after = ctx.folded[m.unit_end : ctx.clause_end(m.unit_end)][:8]
    return bool(
        _PLANNED.search(ctx.folded[ctx.clause_start(m.start) : m.start])
        or _PLANNED_AFTER.search(after)
    )


_PLANNED_AFTER: Final = re.compile(r"^[^,，;；。]{0,4}?(?:将|要|计划|预计|力争|拟)")


def _negated(ctx: Context, m: Mention) -> bool:
    """Whether a count is of those who did not ("163个贫困村没有退出")."""
    after = ctx.folded[m.unit_end : ctx.clause_end(m.unit_end)]
    return bool(_NEGATED.search(after[:16]))


_OWN_TOTAL: Final = re.compile(r"^[\s,，]*总(?!数|量|计|共)[\u4e00-\u9fff]{1,4}(?:为|达|达到|是)?$")


def _own_total(ctx: Context, m: Mention) -> bool:
    """Whether a figure is the total of an attribute of the set its sentence names before it
    ("工业项目75个,总投资101.8亿元"): its clause is that attribute's name after 总."""
    label = ctx.folded[ctx.clause_start(m.start) : m.start]
    return bool(_OWN_TOTAL.match(label)) and any(
        other.role == "count" and other.start < m.start for other in ctx.before_in_sentence(m, 3)
    )


def _orient(ctx: Context, whole: Mention, part: Mention) -> tuple[Mention, Mention] | None:
    """Whole and part, the whole being no narrower than the part ("东部地区…47万人" is a
    part of "全国…", never its whole); None when neither way round holds."""
    narrow_whole = narrowing(_noun_words(ctx, whole))
    narrow_part = narrowing(_noun_words(ctx, part))
    wide_whole, wide_part = (
        # "在全省78个县市区…开展试点": where a selection is, not the province's count
        wide(ctx.clause_label(m)) and not _WHERE.search(ctx.clause_label(m))
        for m in (whole, part)
    )
    if narrow_whole == narrow_part:
        return (part, whole) if wide_part and not wide_whole else (whole, part)
    if narrow_whole <= narrow_part:
        return whole, part
    if narrow_part <= narrow_whole and wide_part:
        return part, whole
    return None


_SCOPE: Final = re.compile(r"全(?:国|省|市|县|区|乡|镇|州|旗|盟|村)")
_WHERE: Final = re.compile(r"在全(?:国|省|市|县|区|乡|镇|州|旗|盟)\s*$")


def _scope(ctx: Context, m: Mention) -> str:
    """The administrative scope a count's clause names (全省, 全市 …), or ''.

    A count of the province and one of a city are not part and whole unless the text
    says the city is in the province.
    """
    found = _SCOPE.findall(ctx.folded[ctx.clause_start(m.start) : m.start])
    return found[-1] if found else ""


_PROVINCE: Final = re.compile(
    r"北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
    r"湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|台湾|香港|澳门"
)


def _province(ctx: Context, m: Mention) -> str:
    """The province a count's sentence names last before it, or ''."""
    sentence = ctx.sentence_of(m)
    clause = ctx.folded[max(sentence.start, ctx.clause_start(m.start) - 40) : m.start]
    found = _PROVINCE.findall(clause)
    return found[-1] if found else ""


_PERIOD: Final = re.compile(
    r"[上下]半年|(?:第?[一二三四1-4]|前三)季度|前[一二三四五六七八九十\d]{1,2}个?月|"
    r"[一1]?[至到\-—~～][一二三四五六七八九十\d]{1,2}月(?![\d一二三四五六七八九十]{1,3}日)"
)


def _period(ctx: Context, m: Mention) -> frozenset[str]:
    """The parts of a year its sentence names before a count (上半年, 一季度, 1至6月 …);
    a date (3月27日) is none."""
    sentence = ctx.sentence_of(m)
    return frozenset(_PERIOD.findall(ctx.folded[sentence.start : m.start]))


def _noun_words(ctx: Context, m: Mention) -> str:
    """The words that say what a count counts: before it in its clause, and after it."""
    return ctx.clause_label(m) + "|" + ctx.noun_after(m)


_BATCH: Final = re.compile(r"第[一二三四五六七八九十0-9]+(?:批|轮)[^,，;；。]{0,4}$")


def _clause_years(ctx: Context, count: Mention) -> set[str]:
    """The years the count's own clause names before it ("2016年已脱贫170户": 2016年)."""
    return set(_YEAR_WORD.findall(ctx.folded[ctx.clause_start(count.start) : count.start]))


def _of_other_years(ctx: Context, a: Mention, b: Mention) -> bool:
    """Whether two counts' own clauses each name a year, and not the same: "其中2015年贫困户
    100户,2016年已脱贫300户" are items of other years, neither a part of the other."""
    years_a, years_b = _clause_years(ctx, a), _clause_years(ctx, b)
    return bool(years_a and years_b) and not (years_a & years_b)


def _under_other_leads(ctx: Context, a: Mention, b: Mention) -> bool:
    """Whether two counts are items under the first counts of their sentences, and those
    name different groups: 男党员 of 机关党支部 and 男党员 of 农村党支部 are neither's part."""
    leads = []
    for m in (a, b):
        first = next(
            (x for x in ctx.in_sentence(ctx.sentence_of(m)) if x.role == m.role and not x.change),
            None,
        )
        if first is None or first.index == m.index:
            return False
        leads.append(re.sub(r"[^\u4e00-\u9fff]", "", ctx.clause_label(first))[-8:])
    one, other = leads
    return bool(one and other) and not (subsequence(one, other) or subsequence(other, one))


def _batch(ctx: Context, count: Mention) -> bool:
    """Whether a count is of one batch or round (第二批30名): not the whole of a later count."""
    return bool(_BATCH.search(ctx.words_before(count, 10)))


def find_bounds(ctx: Context, paired: set[frozenset[int]], shared: set[int]) -> list[Found]:
    """Parts that cannot exceed a whole counted earlier in the same words.

    ``paired`` holds the pairs of figures already in one claim, ``shared`` the counts that
    already have a percent of their own; they make no bound.
    """
    found: list[Found] = []
    bounded: set[int] = set()
    measures: dict[int, set[str]] = {}  # the nouns each sentence counts, once per sentence

    def counted(sentence: int) -> set[str]:
        if sentence not in measures:
            measures[sentence] = {
                _noun_key(ctx, m) for m in ctx.in_sentence(ctx.sentences[sentence])
                if m.role in ("count", "money") and not m.change
            }  # fmt: skip
        return measures[sentence]

    for later in ctx.mentions:
        if later.role not in ("count", "money") or later.change or later.index in bounded:
            continue
        if later.weak or later.number.value < 3:
            continue
        # the nearest few only: a page of figures (a table pasted as text) would otherwise
        # compare every pair in reach
        nearest = itertools.islice(ctx.earlier_counts(later.index, paragraphs=3, chars=700), 32)
        # the other figures of the later count's sentence, which a headline may restate
        beside = {
            m.number.text for m in ctx.in_sentence(ctx.sentence_of(later)) if m.index != later.index
        }
        later_scope, later_province = _scope(ctx, later), _province(ctx, later)
        for earlier in nearest:
            if frozenset((earlier.index, later.index)) in paired:
                break
            if {earlier.index, later.index} & shared:
                continue
            if earlier.sentence == later.sentence and not _acts_on_part(ctx, earlier, later):
                continue
            if earlier.index in bounded or earlier.unit_class != later.unit_class:
                continue
            if earlier.weak or earlier.number.value < 3:
                continue
            if earlier.sentence == later.sentence and "、" in ctx.between(
                earlier.unit_end, later.start
            ):
                continue
            if not _same_thing(ctx, earlier, later):
                continue
            if _clause(ctx, earlier) == _clause(ctx, later):
                continue  # the same passage printed twice
            if earlier.sentence != later.sentence and earlier.number.text in beside:
                continue  # a headline restating a count the later sentence itself holds
            if earlier.number.text == later.number.text and (
                _noun_key(ctx, earlier) == _noun_key(ctx, later)
                or earlier.sentence != later.sentence
            ):
                continue  # the same figure restated
            across = earlier.sentence != later.sentence
            if across and not _may_relate(ctx, earlier, later):
                continue
            if (
                across
                and len(counted(earlier.sentence) & counted(later.sentence)) >= 2
                and not any(
                    _RUNNING.search(ctx.folded[ctx.clause_start(m.start) : m.start])
                    for m in (earlier, later)
                )  # "…108户…554万元。截至目前,共为130多户…800多万元": a running total
            ):
                # "全县支部数302个,…女性党员2051名…。2022年全县支部数301个,…女性党员2158名":
                # the same measures counted again, at another time or place
                continue
            scope = _scope(ctx, earlier)
            if scope and later_scope and scope != later_scope:
                continue  # 全省… and 全市…: whether one lies in the other, the text does not say
            province = _province(ctx, earlier)
            if province and later_province and province != later_province:
                continue  # 贵州省66个贫困县 and 甘肃…8个贫困县: neither holds the other
            if across and _period(ctx, earlier) != _period(ctx, later):
                continue  # "上半年…发展党员10.4万名" and a count of two years: which holds which?
            if across and (_batch(ctx, earlier) or _batch(ctx, later)):
                continue  # "第二批30名第一书记" … "先后选派40名": one batch of several
            if _of_other_years(ctx, earlier, later):
                continue  # "其中2015年贫困户100户,2016年已脱贫300户": items of other years
            if across and _under_other_leads(ctx, earlier, later):
                continue  # "机关党支部党员82名,男党员65名…。农村党支部党员519名,男党员446名"
            years_a, years_b = _years(ctx, earlier), _years(ctx, later)
            different_years = years_a and years_b and not (years_a & years_b)
            if different_years and not _RUNNING.search(ctx.clause_label(later)):
                continue
            whole, part = earlier, later
            clause = ctx.folded[ctx.clause_start(later.start) : later.start]
            running = _RUNNING.search(clause)
            if running and not _PARTICIPATE.search(
                ctx.folded[later.unit_end : later.unit_end + 20]
            ):
                whole, part = later, earlier
            if across:
                oriented = _orient(ctx, whole, part)
                if oriented is None:
                    continue
                whole, part = oriented
                if _own_total(ctx, whole) and _own_total(ctx, part):
                    continue  # "项目75个,总投资101.8亿元。…项目80个,总投资33.3亿元": two sets' totals
            figures = [
                Figure("part", part.start, part.end),
                Figure("whole", whole.start, whole.end),
            ]
            sentence = ctx.sentence_of(part)
            quote = (
                ctx.clause_start(part.start, sentence.start),
                ctx.clause_end(part.unit_end, sentence.end),
            )
            if whole.sentence == part.sentence:
                first, last = sorted((part, whole), key=lambda m: m.start)
                quote = (ctx.clause_start(first.start, sentence.start), last.unit_end)
            claim = Found("bound", figures, quote)
            if whole.sentence != part.sentence:
                _link_whole(ctx, claim, whole)
                claim.inferred = True
            found.append(claim)
            bounded.update({earlier.index, later.index})
            break
    return found


_LEFT_POVERTY: Final = re.compile(
    r"\s*(?:已经?|均已|全部|累计)*(?:实现|完成)?(?:稳定)?(?:脱贫|退出|摘帽|销号)"
)
"""What follows the counts of those who left poverty: "…3.4万户14.9万人脱贫"."""
_TO_LEAVERS: Final = re.compile(
    r"\s*[,，;；]\s*(?:(?:19|20)\d\d年(?:底|末|当年)?\s*)?(?:其中|已经?|累计|共|先后|实现|有)*"
    r"(?P<done>(?:稳定)?(?:脱贫|退出|摘帽|销号))?\s*"
)
"""What may stand between the counts of the poor and of those of them who left."""


def _run_of_counts(ctx: Context, first: Mention) -> list[Mention]:
    """``first`` and the counts printed right after it in other units ("3.5万户15.3万人")."""
    run = [first]
    for other in ctx.after_in_sentence(first, 3):
        gap = ctx.between(run[-1].unit_end, other.start)
        if other.role != "count" or other.change or not re.fullmatch(r"[、\s]*", gap):
            break
        if any(m.unit_class == other.unit_class for m in run):
            break
        run.append(other)
    return run


def find_left_poverty(ctx: Context, paired: set[frozenset[int]]) -> list[Found]:
    """Those who left poverty, counted right after the poor they are part of.

    "全县共有建档立卡贫困人口3.5万户15.3万人,已累计实现3.4万户14.9万人脱贫": 3.4万 of
    3.5万 households and 14.9万 of 15.3万 people, each pair in the same unit; also
    "贫困人口10万人,已脱贫8万人" and "贫困户3000户,2019年1200户脱贫".
    """
    found: list[Found] = []
    for m in ctx.mentions:
        if m.role != "count" or m.change or "贫困" not in ctx.clause_label(m):
            continue
        if "脱贫" in ctx.clause_label(m) or (
            m.index
            and ctx.mentions[m.index - 1].sentence == m.sentence
            and ctx.mentions[m.index - 1].unit_end == m.start
        ):
            continue
        wholes = _run_of_counts(ctx, m)
        after = [a for a in ctx.after_in_sentence(wholes[-1], 2) if a.role != "date"][:1]
        if not after or after[0].role != "count" or after[0].change:
            continue
        link = _TO_LEAVERS.fullmatch(ctx.between(wholes[-1].unit_end, after[0].start))
        if link is None:
            continue
        parts = _run_of_counts(ctx, after[0])
        if _of_other_years(ctx, wholes[0], parts[0]):
            continue  # "其中2015年贫困户100户,2016年已脱贫300户": another year's poor
        done = _LEFT_POVERTY.match(ctx.folded, parts[-1].unit_end)
        if done is None and not link["done"]:
            continue  # "已脱贫8万人" and "8万人脱贫" say it; "新增8万人" does not
        sentence = ctx.sentence_of(m)
        quote = (
            ctx.clause_start(m.start, sentence.start),
            done.end() if done else parts[-1].unit_end,
        )
        for part in parts:
            whole = next((w for w in wholes if w.unit_class == part.unit_class), None)
            if whole is None or frozenset((part.index, whole.index)) in paired:
                continue
            figures = [
                Figure("part", part.start, part.end),
                Figure("whole", whole.start, whole.end),
            ]
            found.append(Found("bound", figures, quote))
    return found


def find_all_of(ctx: Context) -> list[Found]:
    """Counts said to be all done (全部, 全覆盖): n of n."""
    found: list[Found] = []
    done: set[int] = set()
    for m in ctx.mentions:
        if m.index in done:
            continue
        if m.role != "count" or m.change or m.weak or not m.number.exact:
            continue
        if m.number.value < 2:
            continue
        tail = ctx.folded[m.unit_end : m.unit_end + 30]
        group = [m]
        for other in ctx.mentions[m.index + 1 : m.index + 3]:
            if other.sentence == m.sentence and re.fullmatch(
                r"、", ctx.between(group[-1].unit_end, other.start)
            ):
                group.append(other)
        tail = ctx.folded[group[-1].unit_end : group[-1].unit_end + 30]
        every = _ALL.search(tail)
        if not every or _ALL_BELOW.match(tail, every.end()):
            continue  # "114个县综合贫困发生率全部低于2%": a level every one is under, not all done
        for item in group:
            if item.role != "count" or item.index in done:
                continue
            figures = [
                Figure("numerator", item.start, item.end),
                Figure("denominator", item.start, item.end),
            ]
            sentence = ctx.sentence_of(item)
            match = _ALL.search(tail)
            assert match is not None
            quote = (ctx.clause_start(m.start, sentence.start), group[-1].unit_end + match.end())
            found.append(Found("share", figures, quote, note="全部: all of them"))
            done.add(item.index)
    return found


def find_percent_splits(ctx: Context, shares: list[Found]) -> tuple[list[Found], set[int]]:
    """Percents alone in one sentence that split a whole: they add up to 100."""
    found: list[Found] = []
    replaced: set[int] = set()
    by_sentence: dict[int, list[tuple[int, Found, Mention]]] = {}
    starts = {m.start: m for m in ctx.mentions}
    for i, share in enumerate(shares):
        keys = [f.key for f in share.figures]
        if keys != ["percent"]:
            continue
        percent = starts[share.figures[0].start]
        by_sentence.setdefault(percent.sentence, []).append((i, share, percent))
    for items in by_sentence.values():
        if len(items) < 2:
            continue
        percents = [p for _, _, p in items]
        total = sum((value(p) for p in percents), Fraction(0))
        slack = sum((p.number.step for p in percents), Fraction(0)) / 2
        if abs(total - 100) > min(slack, Fraction(5)):  # 六成 and 三成 need not be the whole
            continue
        figures = [Figure("parts", p.start, p.end) for p in percents]
        quote = (
            ctx.clause_start(percents[0].start, ctx.sentence_of(percents[0]).start),
            percents[-1].end,
        )
        found.append(
            Found(
                "parts_sum",
                figures,
                quote,
                note="shares of one whole add up to 100%",
                extra={"total": "100"},
            )
        )
        replaced.update(i for i, _, _ in items)
    return found, replaced


_TOGETHER: Final = re.compile(
    r"(?:(二|两|三|四)(?:者|项|类)|以上(二|两|三|四)项)(?:合计|共|一共)?(?:占|占比)(?:到|为|达)?$"
)


def find_percent_sums(ctx: Context) -> list[Found]:
    """Percents summed by a word that counts them: "18~30岁占49.73%,31~45岁占39.25%,二者占
    88.98%" — the two percents before add up to the third."""
    found: list[Found] = []
    counts = {"二": 2, "两": 2, "三": 3, "四": 4}
    for total in ctx.mentions:
        if total.role != "percent" or total.change:
            continue
        match = _TOGETHER.search(ctx.words_before(total, 10))
        if match is None:
            continue
        wanted = counts[match[1] or match[2]]
        earlier = [
            m for m in ctx.before_in_sentence(total, 12) if m.role == "percent" and not m.change
        ][:wanted]
        if len(earlier) != wanted:
            continue
        parts = sorted(earlier, key=lambda m: m.start)
        figures = [Figure("parts", p.start, p.end) for p in parts]
        figures.append(Figure("total", total.start, total.end))
        sentence = ctx.sentence_of(total)
        quote = (ctx.clause_start(parts[0].start, sentence.start), total.unit_end)
        found.append(Found("parts_sum", figures, quote, note="percents summed by 二者/两项"))
    return found


_RATIO: Final = re.compile(
    r"(?<![\d.:])\d{1,3}(?:\.\d{1,3})?(?:\s*[:∶]\s*\d{1,3}(?:\.\d{1,3})?)+(?![\d.:∶])"
)
_RATIO_TERM: Final = re.compile(r"\d+(?:\.\d+)?")
_RATIO_CUE: Final = re.compile(r"比例|之比|比重|结构|构成|比为|比是|比达")
_CLAUSE_BEFORE: Final = re.compile(r"[,，;；。！？!?\n][^,，;；。！？!?\n]*$")


def find_ratio_splits(ctx: Context) -> list[Found]:
    """The terms of a ratio that splits a whole in percents: "年龄结构比例为9.2:51:39.8",
    "三次产业结构由12.1:38.5:49.4调整为9.2:51.0:39.8" add up to 100.

    Taken only when the clause names a proportion or a structure (比例, 结构, 构成, 之比)
    and the terms, each rounded at its last digit, can come within rounding of 100: a
    score (比分3:2), a time (9:30) or a ratio of another base (1:3:6) is no split of 100.
    """
    found: list[Found] = []
    for match in _RATIO.finditer(ctx.folded):
        before = ctx.folded[max(0, match.start() - 40) : match.start()]
        cut = _CLAUSE_BEFORE.search(before)
        clause_start = match.start() - len(before) + (cut.start() + 1 if cut else 0)
        cue = _RATIO.sub("", ctx.folded[clause_start : match.start()])
        if not _RATIO_CUE.search(cue) or "比分" in cue:
            continue
        terms = list(_RATIO_TERM.finditer(ctx.folded, match.start(), match.end()))
        total = sum((Fraction(t[0]) for t in terms), Fraction(0))
        steps = [Fraction(1, 10 ** len(t[0].partition(".")[2])) for t in terms]
        if abs(total - 100) > sum(steps, Fraction(0)) / 2:
            continue
        figures = [Figure("parts", t.start(), t.end(), unit="%") for t in terms]
        found.append(
            Found(
                "parts_sum",
                figures,
                (clause_start, match.end()),
                note="the terms of a proportion add up to 100%",
                extra={"total": "100"},
            )
        )
    return found


_SECRETARY: Final = re.compile(r"([\u4e00-\u9fff]{1,6}村)(?:党组织|党支部|党总支)?(?:第一)?书记$")
_GROUPS: Final = re.compile(r"(?:划分到|划分为|编入|下设|分成|组建|成立)")
_GROUP_NOUN: Final = re.compile(r"(?:党小组|小组|党支部|支部|网格)")
_SENT: Final = re.compile(r"(?:选派|派出|派驻|抽调)")
_JOIN: Final = re.compile(r"(?:参与|参加|入股|加入)")
_PAIRED: Final = re.compile(r"(?:结对|帮扶|联系|包扶)$")
_OUTCOME: Final = re.compile(r"^(?:[^,，;；。]{0,4})(?:实现)?(?:稳定)?(?:脱贫|受益|增收|致富)")
_TAKEN: Final = re.compile(r"(?:拿出|抽出|划出|调出|其中)$")
_GENERIC_UNITS: Final = frozenset({"个", "名", "人", "位", "户", "家", "元", "项", "次", "件"})


def _bound(ctx: Context, part: Mention, whole: Mention, note: str) -> Found:
    figures = [Figure("part", part.start, part.end), Figure("whole", whole.start, whole.end)]
    sentence = ctx.sentence_of(part)
    if whole.sentence == part.sentence:
        first, last = sorted((part, whole), key=lambda m: m.start)
        quote = (
            ctx.clause_start(first.start, sentence.start),
            ctx.clause_end(last.unit_end, sentence.end),
        )
        claim = Found("bound", figures, quote, note=note)
    else:
        quote = (
            ctx.clause_start(part.start, sentence.start),
            ctx.clause_end(part.unit_end, sentence.end),
        )
        claim = Found("bound", figures, quote, note=note)
        _link_whole(ctx, claim, whole)
    claim.inferred = True
    return claim


def _link_whole(ctx: Context, claim: Found, whole: Mention) -> None:
    """Point ``claim`` at the clause of another sentence that states its whole."""
    source = ctx.sentence_of(whole)
    claim.linked = (
        ctx.clause_start(whole.start, source.start),
        ctx.clause_end(whole.unit_end, source.end),
    )
    claim.link_key = "total_from"


def find_domain_bounds(ctx: Context, paired: set[frozenset[int]]) -> list[Found]:
    """Bounds a reader of these reports knows without being told.

    A village has at most one Party secretary and one first secretary (157名贫困村第一书记
    ≤ 162个贫困村); a Party group has at least one member (58名党员划分到16个党小组); a
    unit that sends cadres sends at least one (34家单位选派了51名干部); those who gain are
    among those who took part (26户社员参与,6户贫困户脱贫); what is taken out of a stock
    is part of it (生产菌段200万段 … 拿出80万段). Each is marked inferred, with its reason.
    """
    found: list[Found] = []
    counts = [m for m in ctx.mentions if m.role == "count" and not m.change and not m.weak]
    for m in counts:
        noun = ctx.noun_after(m)
        secretary = _SECRETARY.search(noun)
        if secretary and m.unit_class == "person":
            village = secretary[1]
            for whole in ctx.earlier_counts(m.index, paragraphs=30, chars=5000):
                if whole.unit_class == "person" or whole.role != "count":
                    continue
                if (
                    ctx.noun_after(whole).endswith(village)
                    and frozenset((m.index, whole.index)) not in paired
                ):
                    found.append(
                        _bound(ctx, m, whole, "a village has at most one secretary of each kind")
                    )
                    break
        following = [
            o for o in ctx.after_in_sentence(m, 4) if o.role == "count" and not o.change and not o.weak
        ]  # fmt: skip
        if "党员" in noun and m.unit_class == "person":
            for group in following[:2]:
                gap = ctx.between(m.unit_end, group.start)
                if _GROUPS.search(gap) and _GROUP_NOUN.search(ctx.noun_after(group)):
                    found.append(_bound(ctx, group, m, "a group has at least one member"))
                    break
        if m.unit == "家" or "单位" in noun:
            for sent in following[:1]:
                gap = ctx.between(m.unit_end, sent.start)
                if sent.unit_class == "person" and _SENT.search(gap) and len(gap) <= 30:
                    found.append(_bound(ctx, m, sent, "each unit sent at least one person"))
        joined = _JOIN.search(ctx.folded[m.unit_end : ctx.clause_end(m.unit_end)])
        paired_with = _PAIRED.search(ctx.between(ctx.clause_start(m.start), m.start))
        household = m.unit == "户" or noun.endswith("户")
        if (joined or paired_with) and (household or m.unit_class == "person"):
            for outcome in following[:2]:
                same = (outcome.unit == "户") if household else outcome.unit_class == "person"
                if same and _OUTCOME.search(ctx.folded[outcome.unit_end : outcome.unit_end + 12]):
                    found.append(
                        _bound(ctx, outcome, m, "those who gained are among those who took part")
                    )
                    break
        if m.unit not in _GENERIC_UNITS and _TAKEN.search(
            ctx.between(ctx.clause_start(m.start), m.start)
        ):
            for whole in ctx.earlier_counts(m.index, paragraphs=2, chars=300):
                if whole.unit == m.unit and whole.sentence != m.sentence:
                    found.append(
                        _bound(ctx, m, whole, "what is taken out of a stock is part of it")
                    )
                    break
    return found
