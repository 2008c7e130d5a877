"""Printed numbers in running text, with what they count and the words around them.

A :class:`Mention` is one printed number found by the claims parser
(:data:`~partybuild_metrics.claims.numbers.NUMBER_SPAN`,
:func:`~partybuild_metrics.claims.numbers.parse_number`) in the folded text, with its
measure word (名, 个, 户, 万元…), its role (a count, a percent, a change, a date, an age, a
sum of money…) and its label (the words between the previous number and this one). A
number with no measure word and no percent sign (a page number, a phone number, 一 in
一肩挑) is not a mention: nothing is built on it.

Sentences end at 。！？ and line breaks; a semicolon ends a clause, not a sentence, so that
the items of a list ("东部地区…300万人;中部地区…1112万人;西部地区…") stay together.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from partybuild_metrics.claims.numbers import NUMBER_SPAN, PublishedNumber, parse_number

PERSON_UNITS: Final = frozenset({"名", "人", "位", "万名", "万人"})
MONEY_UNITS: Final = ("万美元", "亿美元", "美元", "万元", "亿元", "元")
MEASURES: Final[tuple[str, ...]] = tuple(
    sorted(
        {
            "人次", "件次", "户次", "个", "名", "人", "位", "户", "家", "所", "项", "次", "村", "岁",
            "周岁", "篇", "条", "件", "座", "亩", "吨", "公里", "平方公里", "平方米", "千米", "米",
            "天", "小时", "份", "批", "期", "场", "处", "支", "套", "台", "辆", "间", "栋", "元",
            "美元", "只", "头", "株", "棵", "本", "册", "部", "笔", "张", "种", "类", "组", "届",
            "年", "月", "日", "段", "棒", "斤", "公斤", "眼", "对", "起", "车", "轮", "课",
            "节", "堂", "门", "孔", "口", "片", "盏", "块", "道", "艘", "枚", "顶", "方",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
"""Measure words after a number; a number followed by none of them (nor %) is not a figure."""
SENTENCE_END: Final = frozenset("。！？!?\n")
CLAUSE_END: Final = frozenset(",，;；:：")
_CHANGE_BEFORE: Final = re.compile(
    r"(?:净增加|净增|净减少|净减|增加了|增加|增长了|增长|减少了|减少|下降了|下降|降低了|降低|提高了|提高|"
    r"提升了|提升|升高了|升高|"
    r"上升了|上升|增幅为|增幅达到|增幅达|增幅|降幅为|降幅达|降幅|增速为|增速|减幅|涨幅|回落|缩小|扩大|"
    r"增减|多出|少了|净增率|增长率)[了为]?\s*$"
)
_BEFORE_WINDOW: Final = 8
_CHANGE_OF_NOUN: Final = re.compile(
    r"(?P<word>净增加|净增|净减少|净减|增加了|增加|减少了|减少)"
    r"(?P<noun>(?!值)[\u4e00-\u9fff]{0,6}(?:人口|人员|群众|党员|干部|户))$"
)
"""A change that names what changed between its word and its figure: "减少农村贫困人口526万人"."""
_NOUN_WINDOW: Final = 16


@dataclass
class Mention:
    """One printed number: where it is, what it is, and the words before it."""

    start: int
    end: int
    """End of the number and its qualifiers (before the measure word)."""
    unit_end: int
    number: PublishedNumber
    unit: str
    role: str
    """count, money, quantity, percent, points, times, date, age, duration."""
    sentence: int
    change: bool = False
    """Preceded by a word of change (净增, 提高, 下降…): an increase, not a level."""
    label: str = ""
    """The folded words between the previous number of the sentence (or its start) and this one."""
    label_start: int = 0
    index: int = 0
    depth: int = 0
    """How many brackets the figure is inside: "行政村52名(其中书记16名…)" puts 16 at depth 1."""
    change_word: str = ""
    """The word of change printed apart from the figure, what changed between them: 减少 in
    "减少农村贫困人口526万人" ("" where the word stands right before the figure, or none)."""

    @property
    def weak(self) -> bool:
        """A single Chinese numeral character (一, 两, 六, 百): in 一项一项, 六道沟, 百家, rarely a figure."""
        core = self.number.text
        return len(core) == 1 and not core.isdigit()

    @property
    def text(self) -> str:
        """The printed number as found (folded)."""
        return self.number.text

    @property
    def unit_class(self) -> str:
        """Units that count the same things: persons (名, 人, 位), money, or the measure word."""
        if self.role == "money":
            return "money"
        if self.unit in PERSON_UNITS:
            return "person"
        return self.unit.removeprefix("万").removeprefix("亿") or self.role


@dataclass
class Sentence:
    """A sentence's span in the text and its mentions (indices into the mention list)."""

    start: int
    end: int
    paragraph: int
    mentions: list[int] = field(default_factory=list)


_MEASURE: Final = re.compile("|".join(re.escape(word) for word in MEASURES))


def _measure_at(folded: str, position: int) -> str:
    match = _MEASURE.match(folded, position)  # longest first: the words are sorted by length
    return match[0] if match else ""


_BIG: Final = re.compile(r"\d[.\d]*[万亿]")
_SPACED: Final = re.compile(r" (?:[万亿]|个百分点|百分点|%)")
_WORTH_PARSING: Final = re.compile(r"[%‰成半倍]|百分之|千分之|百分点|番")
_RISE_BEFORE: Final = re.compile(r"(?:增长|增加|提高|上升)了?$")
"""A multiple is a rate only after a word of rise ("增长1.2倍": 120%); "是上年的2.2倍" is a
ratio, which no claim here reads."""


@lru_cache(maxsize=65536)
def _parsed(core: str) -> PublishedNumber | None:
    """parse_number, remembered: reports print the same forms again and again."""
    try:
        return parse_number(core)
    except ValueError:
        return None


def _role(number: PublishedNumber, unit: str, core: str) -> str | None:
    if number.kind == "percent":
        return "percent"
    if number.kind == "points":
        return "points"
    if number.kind == "times":
        return "times"
    if not unit:
        # "1555万余选民": a count in 万 or 亿 may stand before its noun with no measure word
        return "count" if _BIG.search(core) else None
    if unit == "届":
        return "ordinal"  # 十一届三中全会, 十九届
    if unit in ("岁", "周岁"):
        return "age"
    if unit in ("年", "月", "日"):
        whole = number.value.denominator == 1 and number.bound in ("exact",)
        if unit == "年" and whole and 1900 <= number.value <= 2100 and core.isdigit():
            return "date"
        return "date" if unit != "年" else "duration"
    if unit in ("天", "小时"):
        return "duration"
    if unit in ("元", "美元") or unit.endswith("元"):
        return "money"
    if unit in ("亩", "吨", "公里", "平方公里", "平方米", "千米", "米", "斤", "公斤"):
        return "quantity"
    return "count"


def _cut_by_format(folded: str, start: int, end: int) -> bool:
    """Whether an invisible formatting character (zero-width space, soft hyphen, word joiner,
    a direction mark) joins the figure to more digits before or after it."""

    def invisible(at: int) -> bool:
        return 0 <= at < len(folded) and unicodedata.category(folded[at]) == "Cf"

    before = start - 1
    while invisible(before):
        before -= 1
    after = end
    while invisible(after):
        after += 1
    return (before < start - 1 and before >= 0 and folded[before].isdigit()) or (
        after > end and after < len(folded) and folded[after].isdigit()
    )


def find_mentions(folded: str) -> tuple[list[Mention], list[Sentence]]:
    """Every figure of a folded text, and its sentences.

    >>> mentions, sentences = find_mentions("女党员2843.1万名,占29.4%。2019年4月,他说一肩挑。")
    >>> [(m.text, m.unit, m.role, m.sentence) for m in mentions]
    [('2843.1万', '名', 'count', 0), ('29.4%', '', 'percent', 0), ('2019', '年', 'date', 1), ('4', '月', 'date', 1)]
    """
    sentences = _sentences(folded)
    mentions: list[Mention] = []
    sentence_index = 0
    for match in NUMBER_SPAN.finditer(folded):
        start, end = match.span()
        core = match[0]
        # a digit run glued to letters or more digits is a code or an address, not a figure
        if start > 0 and (folded[start - 1].isascii() and folded[start - 1].isalnum()):
            continue
        if len(core) > 40:
            continue
        if _cut_by_format(folded, start, end):
            continue  # "14\u200b7人": a piece of a number an invisible character split
        while core and core[-1] in ",，":  # "为4335万,较…": a comma after 万 ends the number
            core = core[:-1]
            end -= 1
        if core.endswith("点") and not core.endswith("百分点"):
            continue  # "百分之四點(diǎn)三": a decimal point with its digits cut off
        if start > 0 and not core[0].isdigit() and folded[start - 1] in "数几上":
            continue  # 数十万元, 几百人, 上万人: a rough size, not a figure
        if start > 0 and folded[start - 1] == "第":
            continue  # 第十一届, 第二批: an ordinal
        if start > 0 and folded[start - 1] in "这那此该" and len(core) == 1 and not core.isdigit():
            continue  # 这两个比例, 此三项: things already named, not a count
        if _SPACED.match(folded, end):  # "9899 万人", "1.4 个百分点": text from a PDF
            longer = NUMBER_SPAN.match(core + folded[end + 1 : end + 14])
            if longer and len(longer[0]) > len(core):
                end += 1 + len(longer[0]) - len(core)
                core = folded[start:end]
        unit = _measure_at(folded, end)
        unit_at = end
        if not unit and folded[end : end + 1] == " ":
            unit = _measure_at(folded, end + 1)
            unit_at = end + 1
        if not unit and not _WORTH_PARSING.search(core) and not _BIG.search(core):
            continue
        if unit and folded.startswith(("年代", "年级", "月份"), end):
            continue
        number = _parsed(core)
        if number is None:
            continue
        role = _role(number, unit, core)
        if role is None:
            continue
        if core.startswith("0") and len(core) > 1 and core[1:2].isdigit():
            continue  # 0411…: a code
        if core.endswith("倍") and not _RISE_BEFORE.search(folded, max(0, start - 4), start):
            continue
        while sentence_index + 1 < len(sentences) and sentences[sentence_index].end <= start:
            sentence_index += 1
        mention = Mention(
            start, end, unit_at + len(unit), number, unit, role, sentence_index, index=len(mentions)
        )
        mention.depth = _depth(folded, sentences[sentence_index].start, start)
        mentions.append(mention)
        sentences[sentence_index].mentions.append(mention.index)
    sentences = _bounded(sentences, mentions)
    for sentence in sentences:
        previous_end = sentence.start
        previous_change = False
        for i in sentence.mentions:
            mention = mentions[i]
            label_start = previous_end
            mention.label = folded[label_start : mention.start]
            mention.label_start = label_start
            before = folded[max(sentence.start, mention.start - _BEFORE_WINDOW) : mention.start]
            if _CHANGE_BEFORE.search(before):
                mention.change = True
            elif named := _CHANGE_OF_NOUN.search(
                folded, max(sentence.start, mention.start - _NOUN_WINDOW), mention.start
            ):
                mention.change, mention.change_word = True, named["word"]
            elif previous_change and re.fullmatch(r"\s*[、和及与]\s*", mention.label):
                mention.change = True  # 分别增加1.0万个、0.6万个、5.5万个
            previous_change = mention.change
            previous_end = mention.unit_end
    return mentions, sentences


MAX_FIGURES: Final = 200
"""A sentence with more figures than this is no prose (a table dump, or hostile text): it is
read in runs of this many, so that no step costs more than the square of this number."""
MAX_SENTENCE: Final = 4000
"""Characters of one sentence read together; a longer one is read in runs of this length."""


def _bounded(sentences: list[Sentence], mentions: list[Mention]) -> list[Sentence]:
    """Sentences cut into runs of at most MAX_FIGURES figures and MAX_SENTENCE characters."""
    out: list[Sentence] = []
    for sentence in sentences:
        start, figures = sentence.start, list[int]()
        for i in sentence.mentions:
            m = mentions[i]
            if len(figures) >= MAX_FIGURES or m.start - start > MAX_SENTENCE:
                out.append(Sentence(start, m.start, sentence.paragraph, figures))
                start, figures = m.start, []
            figures.append(i)
        if sentence.end - start > MAX_SENTENCE and not figures:
            for cut in range(start, sentence.end, MAX_SENTENCE):
                out.append(Sentence(cut, min(sentence.end, cut + MAX_SENTENCE), sentence.paragraph))
            continue
        out.append(Sentence(start, sentence.end, sentence.paragraph, figures))
    for index, sentence in enumerate(out):
        for i in sentence.mentions:
            mentions[i].sentence = index
    return out


def _depth(folded: str, sentence_start: int, position: int) -> int:
    segment = folded[max(sentence_start, position - 300) : position]
    opened = sum(segment.count(ch) for ch in "(（[【")
    closed = sum(segment.count(ch) for ch in ")）]】")
    return max(0, opened - closed)


def _soft_break(folded: str, at: int, end: int) -> bool:
    """Whether a line break inside a long line of prose only wraps it (text from a PDF page):
    the line before is long and ends without a stop, and the next starts with a word."""
    line_start = folded.rfind("\n", 0, at) + 1
    line = folded[line_start:at].rstrip()
    following = folded[end : end + 1]
    return (
        len(line) > 30
        and line[-1:] not in '。！？!?:：;；”"」』)）'
        and bool(re.match(r"[\u4e00-\u9fff0-9“（(《]", following))
    )


def _inside_brackets(folded: str, start: int, at: int) -> bool:
    """Whether a full stop stands in brackets opened in its sentence and closed soon after
    it (a footnote pasted into the text), not at the end of the sentence."""
    before = folded[start:at]
    opened = before.count("(") + before.count("（") - before.count(")") - before.count("）")
    if opened <= 0:
        return False
    after = folded[at : at + 80]
    close = min((i for i in (after.find(")"), after.find("）")) if i >= 0), default=-1)
    opening = min((i for i in (after.find("("), after.find("（")) if i >= 0), default=-1)
    return close >= 0 and (opening < 0 or close < opening)


def _sentences(folded: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    paragraph = 0
    for match in re.finditer(r"[。！？!?]+[”’\"」』]?|\n[\n\s]*", folded):
        end = match.end()
        newline = match[0].startswith("\n")
        if newline and _soft_break(folded, match.start(), end):
            continue
        if not newline and _inside_brackets(folded, start, match.start()):
            continue  # "(空心化率①空心化率=…×100%。超过20%)": a note within the sentence
        if folded[start:end].strip():
            sentences.append(Sentence(start, end, paragraph))
        if newline:
            paragraph += 1
        start = end
    if start < len(folded) and folded[start:].strip():
        sentences.append(Sentence(start, len(folded), paragraph))
    if not sentences:
        sentences.append(Sentence(0, len(folded), 0))
    return sentences
