"""The text being read: its folded copy, its figures and sentences, and the questions finders ask.

Finders ask where a clause starts, what noun a figure counts, whether a count looks like a
total, and which earlier count could be the denominator or total of a figure. The answers
are heuristics of Chinese report prose, kept here in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Final

from partybuild_metrics.claims.extract.facets import years
from partybuild_metrics.claims.extract.mentions import Mention, Sentence, find_mentions

COUNT_ROLES: Final = frozenset({"count", "money", "quantity"})
_BREAKS: Final = ",，;；:：。！？!?\n"
CLAUSE_BREAK: Final = re.compile(r"[,，;；:：。！？!?\n]")
TOTAL_CUE: Final = re.compile(
    r"(?:总数|总量|总计|合计|共计|累计|共有|共|现有|原有|总共|一共|总人数|选举产生|选出|共选出|全部)"
    r"[为是达有]?(?:到)?$"
)
_TOTAL_WORD: Final = re.compile(
    r"(?:^|[^公])共(?!同|产|青|建|享|治|性|识|商|赢|振|谋)|总数|总计|合计|累计|共计|选举产生|选出|现有|总量"
)
_THRESHOLD_AFTER: Final = re.compile(
    r"(?:及)?以[上下内]|之间|[~～\-—至到]\s*[0-9一二三四五六七八九十]"
)
_RANGE_BEFORE: Final = re.compile(r"[0-9%万元岁][~～\-—至到]\s*$")
_PER_HEAD: Final = re.compile(
    r"人均|户均|村均|平均|[月年日季]均|每(?:个|户|人|村|名|年|月)?[^,，;；。]{0,6}$"
)
_COMPARED: Final = re.compile(r"[\s,，]*(?:比|较|同比|与)")
_CUMULATIVE: Final = re.compile(r"累计|截至目前|截止目前|至今|以来")
_LEAD: Final = re.compile(r"^[\s,，;；:：、。”“\"'‘’()（）《》<>【】\[\]…·]+")
_TRAIL_CUE: Final = re.compile(
    r"(?:总数|总量|总人数|人数|数量|总计|合计|共计|共有|现有|共|有|为|是|达到|达|已有|已|计|约|的|占到|占比|占)+$"
)
_VERBS: Final = (
    "参加", "参与", "实现", "走进", "先后", "开展", "选派", "办理", "发展", "组成", "进行", "全部",
    "已经", "已", "均", "都", "被", "在", "为", "和", "与", "及", "进入", "当选", "完成", "获得",
    "得到", "接受", "担任", "建立", "确定", "按", "到", "对", "从", "由", "将", "把", "向", "等",
    "中的", "中,", "里", "通过", "带动", "受益", "脱贫", "退出", "销号", "破零", "达到", "达", "占",
    "共", "是", "有", "开始", "经营", "成立", "划分", "下设", "发送", "签订", "办", "协调",
)  # fmt: skip
_VERB: Final = re.compile("|".join(re.escape(v) for v in _VERBS))
_DETERMINERS: Final = re.compile(
    r"^(?:截至目前|目前|其中|同时|此外|另外|全国|全省|全市|全县|全区|全乡|全镇|全村|全旗|全州|全部|"
    r"本次|此次|这次|今年|去年|当年|新一届|新当选的?|这|该|各|共有|共|现有|已有|有|为|对|在|由|从|"
    r"经过|通过|以|已|按照|按)+"
)


@dataclass
class Context:
    """A text, its folded copy, its figures and its sentences."""

    text: str
    folded: str
    mentions: list[Mention]
    sentences: list[Sentence]
    line_starts: list[int] = field(default_factory=list)
    _nouns: dict[int, str] = field(default_factory=dict)
    _labels: dict[int, str] = field(default_factory=dict)
    _label_nouns: dict[int, str] = field(default_factory=dict)
    _totals: dict[int, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, folded: str) -> Context:
        """Find the figures and sentences of a text."""
        mentions, sentences = find_mentions(folded)
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        return cls(text, folded, mentions, sentences, starts)

    # where things are ----------------------------------------------------------------
    def clause_start(self, position: int, floor: int = 0) -> int:
        """Start of the clause holding ``position`` (after the last , ; : or sentence end)."""
        start = max(floor, position - 200)
        segment = self.folded[start:position]
        last = max(segment.rfind(ch) for ch in _BREAKS)
        return start + last + 1 if last >= 0 else start

    def clause_end(self, position: int, ceiling: int | None = None) -> int:
        """End of the clause holding ``position``."""
        limit = min(len(self.folded), ceiling if ceiling is not None else len(self.folded))
        match = CLAUSE_BREAK.search(self.folded, position, min(limit, position + 200))
        return match.start() if match else min(limit, position + 200)

    def sentence_of(self, mention: Mention) -> Sentence:
        """The sentence a figure is in."""
        return self.sentences[mention.sentence]

    def in_sentence(self, sentence: Sentence) -> list[Mention]:
        """The figures of a sentence, in order."""
        return [self.mentions[i] for i in sentence.mentions]

    def before_in_sentence(self, mention: Mention, limit: int) -> list[Mention]:
        """Up to ``limit`` figures before this one in its sentence, nearest first."""
        out = []
        for i in range(mention.index - 1, max(-1, mention.index - 1 - limit), -1):
            if self.mentions[i].sentence != mention.sentence:
                break
            out.append(self.mentions[i])
        return out

    def after_in_sentence(self, mention: Mention, limit: int) -> list[Mention]:
        """Up to ``limit`` figures after this one in its sentence, in order."""
        out = []
        for i in range(mention.index + 1, min(len(self.mentions), mention.index + 1 + limit)):
            if self.mentions[i].sentence != mention.sentence:
                break
            out.append(self.mentions[i])
        return out

    def between(self, a: int, b: int) -> str:
        """The folded text between two offsets."""
        return self.folded[a:b] if a < b else ""

    def line_of(self, offset: int) -> int:
        """The 1-based line of an offset."""
        import bisect

        return bisect.bisect_right(self.line_starts, offset)

    # what a figure counts --------------------------------------------------------------
    def subject(self, mention: Mention) -> str:
        """The noun phrase a count is of: the words after its measure word, else its label.

        "全市55个低收入村实现…" → 低收入村; "女党员2843.1万名" → 女党员.
        """
        after = self.noun_after(mention)
        return after if len(after) >= 2 else self.label_noun(mention)

    def noun_after(self, mention: Mention) -> str:
        """The words after the measure word, up to a verb or a break."""
        cached = self._nouns.get(mention.index)
        if cached is None:
            cached = self._nouns[mention.index] = self._noun_after(mention)
        return cached

    def _noun_after(self, mention: Mention) -> str:
        end = self.clause_end(mention.unit_end)
        if mention.index + 1 < len(self.mentions):
            end = min(end, max(mention.unit_end, self.mentions[mention.index + 1].start))
        words = self.folded[mention.unit_end : end]
        words = words.lstrip("“\"‘'《")
        verb = _VERB.search(words)
        cut = verb.start() if verb else len(words)
        noun = words[:cut].split("、")[0]
        noun = noun[noun.rfind("的") + 1 :]  # 规模较大的中省属驻连单位 → 中省属驻连单位
        noun = re.sub(r"[“”\"'‘’《》()（）]", "", noun)
        return noun[:12]

    def label_noun(self, mention: Mention) -> str:
        """The noun in the label before a figure, without cue words and determiners."""
        cached = self._label_nouns.get(mention.index)
        if cached is None:
            cached = self._label_nouns[mention.index] = self._label_noun(mention)
        return cached

    def _label_noun(self, mention: Mention) -> str:
        label = _LEAD.sub("", self.clause_label(mention))
        label = _TRAIL_CUE.sub("", label)
        # keep what follows the last verb of the label: "联审村“两委”干部" → 村两委干部
        cut = 0
        for verb in ("组织", "联审", "选派", "储备", "培养", "发展", "培训", "确定", "清理", "调整",
                     "派驻", "引进", "领办", "帮助", "建立", "推动", "吸引", "走访", "办理", "按照",
                     "面向", "对", "给", "为", "向"):  # fmt: skip
            at = label.rfind(verb)
            if at >= 0 and verb not in ("发展",):
                cut = max(cut, at + len(verb))
        label = label[cut:] if len(label) - cut >= 2 else label
        label = _DETERMINERS.sub("", label)
        return re.sub(r"[“”\"'‘’《》()（）\s]", "", label)[-16:]

    def naming_words(self, mention: Mention) -> str:
        """The words that name what a count counts, its clause's label and the noun after
        it, quotes and spaces dropped: "全国居民人均可支配收入", "外出农民工"."""
        return re.sub(r"[“”\"'‘’\s]", "", self.clause_label(mention) + self.noun_after(mention))

    def words_before(self, mention: Mention, chars: int) -> str:
        """At most ``chars`` characters of the label right before a figure (the words that
        carry its cue: "占比", "净增", "发生率")."""
        return self.folded[max(mention.label_start, mention.start - chars) : mention.start]

    def clause_label(self, mention: Mention) -> str:
        """The label of a figure cut at the start of its clause."""
        cached = self._labels.get(mention.index)
        if cached is None:
            start = max(mention.label_start, self.clause_start(mention.start))
            cached = self._labels[mention.index] = self.folded[start : mention.start]
        return cached

    def topic(self, mention: Mention) -> str:
        """The heading sentence before a figure's sentence, if short and without figures
        ("党员的职业。" before a list of occupations)."""
        index = mention.sentence
        sentence = self.sentences[index]
        head = self.folded[sentence.start : min(sentence.start + 40, mention.start)]
        match = re.match(r"\s*([^,，;；。:：]{2,20})[:：。]", head)
        if match:
            return match[1]
        if index == 0:
            return ""
        previous = self.sentences[index - 1]
        text = self.folded[previous.start : previous.end].strip()
        if not previous.mentions and len(text) <= 24:
            return text.rstrip("。:：")
        return ""

    def is_total(self, mention: Mention) -> bool:
        """Whether a count is printed as a total: 总数为…, 共有…, 共选出…, 现有…."""
        found = self._totals.get(mention.index)
        if found is None:  # asked of every earlier count for every share: once each
            label = self.clause_label(mention)
            clause = self.folded[self.clause_start(mention.start) : mention.start]
            found = bool(TOTAL_CUE.search(label.rstrip())) or bool(_TOTAL_WORD.search(clause))
            self._totals[mention.index] = found
        return found

    def has_word_after(
        self, mention: Mention, pattern: str, limit: int = 24
    ) -> re.Match[str] | None:
        """A pattern in the words after a figure, within its clause."""
        end = min(self.clause_end(mention.unit_end), mention.unit_end + limit)
        return re.search(pattern, self.folded[mention.unit_end : end])

    # what kind of figure it is ------------------------------------------------------------
    def is_threshold(self, mention: Mention) -> bool:
        """Whether a figure is a threshold or a range, not a count: "5万元以下的46个",
        "10万-30万元的村", "在5%~10%的省份"."""
        if mention.number.bound == "range":
            return True
        if (
            mention.role == "money"
            and mention.number.bound in ("more", "at_least", "less", "at_most")
            and self.folded.startswith("的", mention.unit_end)
        ):
            return True  # "刚过10万元的村": the amount villages pass, not an amount
        after = self.folded[mention.unit_end : mention.unit_end + 6]
        if _THRESHOLD_AFTER.match(after):
            return True
        before = self.folded[max(0, mention.start - 4) : mention.start]
        return bool(_RANGE_BEFORE.search(before))

    def per_capita(self, mention: Mention) -> bool:
        """Whether a figure is a mean or a rate per head (人均, 户均, 平均, 每…): no part of a sum."""
        return bool(_PER_HEAD.search(self.clause_label(mention)))

    def compared_in_time(self, mention: Mention) -> bool:
        """Whether a count is a level compared with another date ("441.3万个,比上年增加…"):
        the same measure counted at different times is no part of another."""
        return bool(_COMPARED.match(self.folded, mention.unit_end))

    def years_of(self, mention: Mention) -> frozenset[str]:
        """The years a figure is of: those its sentence names before it, else those of the
        nearest earlier sentence of its paragraph that names one ("2019年末…。西部…")."""
        sentence = self.sentence_of(mention)
        found = years(self.folded[sentence.start : mention.start])
        index = mention.sentence
        while not found and index > 0:
            index -= 1
            earlier = self.sentences[index]
            if earlier.paragraph != sentence.paragraph:
                break
            found = years(self.folded[earlier.start : earlier.end])
        return found

    def cumulative(self, mention: Mention) -> bool:
        """Whether a count runs up to now (截至目前, 累计, 至今, …以来)."""
        sentence = self.sentence_of(mention)
        return bool(_CUMULATIVE.search(self.folded[sentence.start : mention.start]))

    # linking figures across sentences ---------------------------------------------------
    def earlier_counts(
        self, mention_index: int, *, paragraphs: int = 4, chars: int = 3000
    ) -> Iterator[Mention]:
        """Counts before a position, nearest first, within a few paragraphs."""
        here = self.mentions[mention_index] if mention_index < len(self.mentions) else None
        position = here.start if here else len(self.folded)
        paragraph = self.sentences[here.sentence].paragraph if here else 0
        for i in range(mention_index - 1, max(-1, mention_index - 400), -1):
            other = self.mentions[i]
            if position - other.start > chars:
                return
            if paragraph - self.sentences[other.sentence].paragraph > paragraphs:
                return
            if other.role in COUNT_ROLES and not other.change:
                yield other


def head_matches(a: str, b: str) -> bool:
    """Whether two noun phrases share their head noun (their last two characters), or one
    holds the other.

    >>> head_matches("女党员", "中国共产党党员"), head_matches("低收入村", "项目")
    (True, False)
    """
    if not a or not b:
        return False
    if a in b or b in a:
        return min(len(a), len(b)) >= 2
    return len(a) >= 2 and len(b) >= 2 and a[-2:] == b[-2:]


def subsequence(short: str, long: str) -> bool:
    """Whether the characters of ``short`` appear in ``long`` in order.

    >>> subsequence("社区书记", "社区党组织书记"), subsequence("书记社区", "社区党组织书记")
    (True, False)
    """
    position = 0
    for ch in short:
        position = long.find(ch, position) + 1
        if position == 0:
            return False
    return True


def value(mention: Mention) -> Fraction:
    """A figure's printed value."""
    return mention.number.value


def plausible_share(numerator: Fraction, denominator: Fraction, percent: Fraction) -> bool:
    """Whether a denominator found by inference gives about the printed percent.

    Within a point or a tenth of the percent, whichever is wider: a wrong link is far off,
    while a misprint of the last digit stays a finding for the check to report.
    """
    if denominator <= 0:
        return False
    share = numerator * 100 / denominator
    return abs(share - percent) <= max(Fraction(1), percent / 10)


def plausible_sum(total: Fraction, parts: Fraction, slack: Fraction = Fraction(1, 10)) -> bool:
    """Whether parts add up to about a total (within a tenth): a partition, not a selection."""
    if total <= 0:
        return False
    return abs(parts - total) <= total * slack
