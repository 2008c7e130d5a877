"""Printed numbers as exact intervals: every form a Chinese report prints, in one parser.

:func:`parse_number` reads one printed number — "9671.2万", "1亿零27.1万", "一百二十",
"百分之七十七点六", "三成多", "过半", "四五万元", "翻一番", "６４．８％", "660余名" — and
returns a :class:`PublishedNumber`: the printed value, the step of its last digit, and the
:class:`Interval` of true values it stands for. Everything is a :class:`~fractions.Fraction`;
no binary float enters, so a tie stays a tie.

The rules (the README's claims section has the full table):

- An Arabic number with a unit multiplier is rounded at its last printed digit: "9899万"
  is [98,985,000, 98,995,000], "4493.7万" is [44,936,500, 44,937,500], "1亿27万1千"
  is 100,271,000 ± 500. An amount in 元 printed to less than a 分 is rounded too: "人均2431元"
  is [2430.5, 2431.5]. A Chinese numeral counts its last group to the unit of that group:
  "二十万" = "20万" (± 5,000), "一万二千三百" is exactly 12,300. Without 万 or 亿 a count
  is exact ("133", "两千").
- Percent forms: "64.8%", "百分之七十七点六", "千分之五" (0.5%), "七成" (70%, its last digit
  a step of 10 points), "过半" (more than 50%), "一半" (五成). "2.1个百分点" is a number of
  points. "翻一番" is a multiple: × 2 (翻两番 × 4).
- Qualifiers (:data:`QUALIFIERS`): more than (余 多 超过 逾 过 突破), at least (以上 不少于
  至少 上), less than (近 将近 接近 不到 不足 低于), at most (以下 不超过 至多), about
  (约 大约 左右, rounded at the last digit), and words that only stress the figure (达 共
  合计 累计). A bound is taken at the printed value: "660余" is (660, +∞).
- Ranges: "四五万" [40,000, 50,000], "三四百", "七八成", "4-5万", "4至5万".
- Full-width digits and signs (NFKC), thousands separators, traditional characters
  (萬 億 兩 點 餘 約 達 過 佔 …) and financial numerals (壹 贰 … 拾 佰 仟) are read.

Bounded cost: a number of more than :data:`MAX_DIGITS` digits, or a text longer than
:data:`MAX_LENGTH` characters, is a :class:`ValueError` naming the text, before any
arithmetic on it. "Infinity" and "NaN" are not numbers.

For text extraction, :data:`NUMBER_SPAN` is a compiled pattern of a number with its
qualifiers in running text, :data:`NUMBER_CHARS` the characters that can make one, and
:func:`find_numbers` the spans of a text that parse.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal

Bound = Literal["exact", "rounded", "more", "at_least", "less", "at_most", "about", "range"]
"""How a printed number bounds the true value (see :data:`QUALIFIERS`)."""
Kind = Literal["number", "percent", "points", "times"]
"""What a printed number counts: a plain number, a percent, percentage points, a multiple."""

MAX_DIGITS: Final = 30
"""More significant digits than this is not a published figure (and would cost time)."""
MAX_LENGTH: Final = 60
"""More characters than this is not one printed number."""

BIG_UNITS: Final[dict[str, int]] = {"万": 10_000, "亿": 100_000_000}
SMALL_UNITS: Final[dict[str, int]] = {"十": 10, "百": 100, "千": 1_000}
MULTIPLIERS: Final[dict[str, int]] = {**SMALL_UNITS, **BIG_UNITS}
"""Unit characters and their values."""
CHINESE_DIGITS: Final[dict[str, int]] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip

# Traditional characters and financial numerals of number forms, to their simplified form.
_TRADITIONAL: Final[dict[str, str]] = {
    "萬": "万", "億": "亿", "兩": "两", "點": "点", "餘": "余", "約": "约", "達": "达",
    "過": "过", "將": "将", "個": "个", "負": "负", "佔": "占", "數": "数", "幾": "几",
    "後": "后", "總": "总", "凈": "净", "増": "增", "計": "计", "隻": "只", "為": "为", "淨": "净", "長": "长",
    "較": "较", "減": "减", "壹": "一", "贰": "二", "貳": "二", "叁": "三", "參": "三",
    "肆": "四", "伍": "五", "陆": "六", "陸": "六", "柒": "七", "捌": "八", "玖": "九",
    "拾": "十", "佰": "百", "仟": "千", "廿": "二十", "卅": "三十",
}  # fmt: skip

_TRADITIONAL_UNITS: Final[dict[str, str]] = {
    "戶": "户", "處": "处", "項": "项", "間": "间", "條": "条", "張": "张", "噸": "吨",
    "畝": "亩", "頭": "头", "輛": "辆", "臺": "台", "棟": "栋", "筆": "笔", "種": "种",
    "類": "类", "組": "组", "屆": "届", "冊": "册", "場": "场", "歲": "岁", "裡": "里",
    "裏": "里", "鄉": "乡", "鎮": "镇", "黨": "党", "織": "织", "蘭": "兰",
}  # fmt: skip
"""Traditional measure words ("1.1萬戶", "78畝"), read as their simplified form."""

QUALIFIERS: Final[dict[str, Bound]] = {
    # before the number
    "超过": "more", "超": "more", "逾": "more", "过": "more", "突破": "more", "破": "more",
    "高于": "more", "多于": "more", "大于": "more",
    "不少于": "at_least", "不低于": "at_least", "至少": "at_least", "最少": "at_least", "上": "at_least",
    "近": "less", "将近": "less", "接近": "less", "不到": "less", "不足": "less", "未满": "less",
    "不满": "less", "低于": "less", "少于": "less", "小于": "less",
    "不超过": "at_most", "至多": "at_most", "最多": "at_most", "不高于": "at_most", "不多于": "at_most",
    "约": "about", "大约": "about", "约为": "about", "大概": "about", "约有": "about",
    "达": "exact", "达到": "exact", "占": "exact", "占到": "exact", "占比": "exact", "占比达": "exact", "共": "exact", "共有": "exact", "计": "exact", "共计": "exact",
    "合计": "exact", "总计": "exact", "累计": "exact", "为": "exact", "有": "exact", "已有": "exact",
    "已达": "exact", "已达到": "exact", "已超过": "more", "已超": "more", "已逾": "more", "已近": "less",
    # after the number (or between it and its unit word)
    "余": "more", "多": "more", "有余": "more",
    "以上": "at_least", "及以上": "at_least",
    "以下": "at_most", "及以下": "at_most", "以内": "at_most",
    "左右": "about", "上下": "about", "前后": "about",
}  # fmt: skip
"""Every qualifier word and how it bounds the number it qualifies."""
_SUFFIX_QUALIFIERS: Final = ("有余", "余", "多", "及以上", "以上", "及以下", "以下", "以内", "左右", "上下", "前后")  # fmt: skip
_PREFIX_QUALIFIERS: Final = tuple(
    sorted((q for q in QUALIFIERS if q not in _SUFFIX_QUALIFIERS), key=len, reverse=True)
)

_YIELDS: Final = ("公斤/亩", "千克/亩", "公斤/公顷", "千克/公顷", "吨/公顷")
MEASURED: Final = frozenset(
    {
        *_YIELDS,
        "亩",
        "吨",
        "公里",
        "平方公里",
        "千米",
        "米",
        "公斤",
        "千克",
        "公顷",
        "斤",
        "平方米",
        "立方米",
        "千瓦时",
    }
)
"""Units of quantities weighed or measured, never counted: printed, they are rounded."""
UNIT_WORDS: Final[tuple[str, ...]] = tuple(
    sorted(
        [
            "人次",
            "个",
            "名",
            "人",
            "户",
            "家",
            "所",
            "项",
            "次",
            "村",
            "岁",
            "篇",
            "条",
            "件",
            "座",
            *MEASURED,
            "天",
            "小时",
            "份",
            "批",
            "期",
            "场",
            "处",
            "支",
            "套",
            "台",
            "辆",
            "间",
            "栋",
            "位",
            "元",
            "美元",
            "块",
            "只",
            "头",
            "株",
            "棵",
            "本",
            "册",
            "部",
            "笔",
            "张",
            "种",
            "类",
            "组",
            "届",
            "年",
            "月",
            "日",
            "个村",
            "个乡镇",
            "个党组织",
            "万人",
            "万户",
            "万元",
        ],
        key=len,
        reverse=True,
    )
)
"""Measure words a printed number may carry ("23个", "660余名", "5万元"); they are dropped."""

NUMBER_CHARS: Final[frozenset[str]] = frozenset(
    "0123456789.%‰+-,．％，" + "".join(chr(0xFF10 + i) for i in range(10))
    + "".join(CHINESE_DIGITS) + "".join(MULTIPLIERS)
    + "".join(_TRADITIONAL) + "点成半分之负余多翻番倍−"
)  # fmt: skip
"""Characters that can be part of a printed number (qualifier words aside)."""

_D = "0-9０-９"
_CN = "零〇○一二两三四五六七八九十百千万亿萬億兩點壹贰貳叁參肆伍陆陸柒捌玖拾佰仟廿卅"
# Qualifiers that bound the number belong to its span; words that only stress it (达, 共, 占) do not.
_PRE = "|".join(
    re.escape(q)
    for q in sorted({*_PREFIX_QUALIFIERS, "將近", "超過", "約", "過"}, key=len, reverse=True)
    if QUALIFIERS.get(q, "more") != "exact" and q not in {"上", "超", "破"}
)
_CORE = (  # "1.4百分点" is 1.4 points, not 1.4百 (140) and 分点
    rf"(?:[{_D}][{_D},，]*(?:[.．][{_D}]+)?|[{_CN}])"
    rf"(?:(?!百分[点點])[{_D}{_CN}.．点,，]|[多余餘](?=[万亿萬億成]))*"
)
_SUF = "|".join(re.escape(q) for q in sorted(_SUFFIX_QUALIFIERS, key=len, reverse=True))
NUMBER_SPAN: Final[re.Pattern[str]] = re.compile(
    rf"(?:(?:{_PRE})(?=[{_D}{_CN}百千半]))?"
    rf"(?:"
    rf"(?:超过|过|超過|過)半数?|半数以上|一半以上|(?:近|将近|將近)?(?:一半|半数|半數)"
    rf"|翻了?[{_CN}]+番多?"
    rf"|(?:百分之|千分之)[负負]?{_CORE}"
    rf"|[-−负負]?{_CORE}(?:[~～\-—至到]{_CORE})?(?:[%％‰]|成|个百分点|個百分點|百分点|百分點|倍)?"
    rf")"
    rf"(?:{_SUF})?"
)
"""A printed number with its qualifiers in running text (candidates; :func:`parse_number` decides)."""


@dataclass(frozen=True)
class Interval:
    """A set of real values between ``low`` and ``high``; ``None`` is unbounded.

    >>> Interval(Fraction(1), Fraction(2), low_open=True).contains(Fraction(1))
    False
    """

    low: Fraction | None
    high: Fraction | None
    low_open: bool = False
    high_open: bool = False

    def contains(self, value: Fraction) -> bool:
        """Whether ``value`` lies inside."""
        if self.low is not None and (value < self.low or (self.low_open and value == self.low)):
            return False
        return not (
            self.high is not None and (value > self.high or (self.high_open and value == self.high))
        )

    def integers(self) -> tuple[int | None, int | None]:
        """The smallest and largest integers inside (None where unbounded).

        >>> Interval(Fraction(660), None, low_open=True).integers()
        (661, None)
        """
        low = high = None
        if self.low is not None:
            low = -((-self.low.numerator) // self.low.denominator)  # ceiling
            if self.low_open and low == self.low:
                low += 1
        if self.high is not None:
            high = self.high.numerator // self.high.denominator
            if self.high_open and high == self.high:
                high -= 1
        return low, high

    def __str__(self) -> str:
        left = "(" if self.low_open or self.low is None else "["
        right = ")" if self.high_open or self.high is None else "]"
        low = "-∞" if self.low is None else _show(self.low)
        high = "+∞" if self.high is None else _show(self.high)
        return f"{left}{low}, {high}{right}"


def _show(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    twos_fives = value.denominator
    for p in (2, 5):
        while twos_fives % p == 0:
            twos_fives //= p
    if twos_fives == 1:  # a terminating decimal: print it in full
        digits = 0
        while (value * 10**digits).denominator != 1:
            digits += 1
        return f"{Decimal(value.numerator * 10**digits // value.denominator).scaleb(-digits)}"
    return f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class PublishedNumber:
    """A number as printed, and the interval of true values it stands for.

    ``value`` is the printed figure (in units; a percent in percent points), ``step`` one
    unit of its last printed digit, ``decimals`` the digits printed after its decimal
    point, ``bound`` how it bounds the true value, ``kind`` what it counts.
    """

    text: str
    value: Fraction
    interval: Interval
    decimals: int
    qualifier: str = ""
    step: Fraction = Fraction(1)
    bound: Bound = "exact"
    kind: Kind = "number"
    unit: str = ""

    @property
    def exact(self) -> bool:
        """Whether one value only is possible."""
        return self.interval.low == self.interval.high and self.interval.low is not None

    @property
    def printed(self) -> bool:
        """Whether it is a figure as printed (no qualifier, no range), so a rounding mode applies."""
        return self.bound in ("exact", "rounded")


class _Core:
    """A bare numeral: value, step of the last digit, digits after the point, rounded or not."""

    __slots__ = ("decimals", "rounded", "step", "value")

    def __init__(self, value: Fraction, step: Fraction, decimals: int, rounded: bool) -> None:
        self.value, self.step, self.decimals, self.rounded = value, step, decimals, rounded


def normalise(text: str) -> str:
    """The text with full-width forms, traditional characters and separators made plain.

    >>> normalise(" ６４．８％ "), normalise("９,６７１.２萬"), normalise("百分之七十七點六")
    ('64.8%', '9671.2万', '百分之七十七点六')
    """
    plain = unicodedata.normalize("NFKC", text).strip()
    plain = "".join(_TRADITIONAL.get(ch, _TRADITIONAL_UNITS.get(ch, ch)) for ch in plain)
    plain = plain.replace("−", "-").replace("—", "-").replace("～", "~")
    plain = re.sub(r"(?<=\d)[,，](?=\d{3})", "", plain)
    for spaced in _SPACED_DIGITS.finditer(plain):
        if not _GROUPED.fullmatch(spaced[0]):
            raise _error(text, "spaces inside a number, not between groups of three digits")
    return re.sub(r"\s+", "", plain)


_SPACED_DIGITS: Final = re.compile(r"[\d.](?:[\d.]|\s)*\s(?:[\d.]|\s)*[\d.]")
_GROUPED: Final = re.compile(r"\d{1,3}(?: \d{3})+(?:\.\d+)?")
"""Digits with spaces between: "9 671" groups thousands (NFKC has made a no-break or thin
space a plain one); "201 484 359" is a number, "1 2 3", "133\\n205" and "6 4 . 8" are not."""


def _error(text: str, why: str) -> ValueError:
    return ValueError(f"'{text}' is not a number: {why}")


def _digits_count(body: str) -> int:
    return sum(ch.isdigit() or ch in CHINESE_DIGITS for ch in body)


def _arabic(token: str) -> tuple[Fraction, int]:
    whole, _, fraction = token.partition(".")
    decimals = len(fraction)
    return Fraction(int(whole + fraction), 10**decimals), decimals


def _group(body: str, text: str) -> tuple[Fraction, Fraction, int, bool]:
    """A number below 万: Arabic ("27.1", "5千"), Chinese ("九千六百七十一点二"), positional ("二〇二〇").

    Returns the value, the step of its last digit, its decimals, and whether an Arabic
    number carried a unit ("5千": rounded at the 千).
    """
    mixed = re.fullmatch(r"((?:\d[十百千])+)(\d?)", body)
    if mixed and (len(mixed[1]) > 2 or mixed[2]):  # 3千4百, 9千6: a digit before each unit
        total, last_unit = 0, 10**9
        for digit, unit_word in re.findall(r"(\d)([十百千])", mixed[1]):
            unit = SMALL_UNITS[unit_word]
            if unit >= last_unit:
                raise _error(text, f"units out of order in '{body}'")
            total, last_unit = total + int(digit) * unit, unit
        if mixed[2]:  # 9千6 = 9600, as 三千五 = 3500
            if last_unit < 100:
                raise _error(text, f"a digit after 十 in '{body}'")
            last_unit //= 10
            total += int(mixed[2]) * last_unit
        return Fraction(total), Fraction(last_unit), 0, True
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千]*)", body)
    if match:
        value, decimals = _arabic(match[1])
        unit = 1
        for ch in match[2]:
            unit *= SMALL_UNITS[ch]
        return value * unit, Fraction(unit, 10**decimals), decimals, unit > 1
    integer, _, fraction = body.partition("点")
    if not integer or any(ch not in CHINESE_DIGITS for ch in fraction):
        raise _error(text, "digits after 点 must be Chinese digits, with a number before 点")
    decimals = len(fraction)
    step = Fraction(1, 10**decimals)
    value = Fraction(int("".join(str(CHINESE_DIGITS[ch]) for ch in fraction) or "0"), 10**decimals)
    if all(ch in CHINESE_DIGITS for ch in integer):  # 五, 二〇二〇: digit by digit
        return (
            value + int("".join(str(CHINESE_DIGITS[ch]) for ch in integer)),
            step,
            decimals,
            False,
        )
    total, pending, last_unit = 0, None, 10**9
    for ch in integer:
        if ch in CHINESE_DIGITS:
            if pending is not None:
                raise _error(text, f"two digits in a row in '{integer}'")
            pending = CHINESE_DIGITS[ch] or None
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_unit:
                raise _error(text, f"units out of order in '{integer}'")
            total += (1 if pending is None else pending) * unit
            pending, last_unit = None, unit
        else:
            raise _error(text, f"'{ch}' is not a digit or a unit")
    if pending is not None:
        if integer[-2] in SMALL_UNITS and last_unit > 10 and not decimals:
            # 三千五 = 3500, 一百二 = 120: a digit right after a unit counts the next unit down
            total += pending * (last_unit // 10)
            step = Fraction(last_unit // 10)
        else:
            total += pending
    return value + total, step, decimals, False


def _core(body: str, text: str) -> _Core:
    """A numeral in 亿 / 万 groups: "1亿零27.1万", "1亿27万1千", "九千六百七十一点二万", "3.5万亿"."""
    if _digits_count(body) > MAX_DIGITS:
        raise _error(text, f"more than {MAX_DIGITS} digits")
    groups: list[tuple[str, int]] = []
    current = ""
    for ch in body:
        if ch not in BIG_UNITS:
            current += ch
        elif current:
            groups.append((current, BIG_UNITS[ch]))
            current = ""
        elif groups and groups[-1][1] < BIG_UNITS[ch]:  # 万亿: a 亿 of 万
            groups[-1] = (groups[-1][0], groups[-1][1] * BIG_UNITS[ch])
        else:
            raise _error(text, f"'{ch}' without a number before it")
    if current:
        groups.append((current, 1))
    if not groups:
        raise _error(text, "no digits")
    units = [unit for _, unit in groups]
    if any(a <= b for a, b in itertools.pairwise(units)):
        raise _error(text, "units out of order")
    total, step, decimals, arabic_unit = Fraction(0), Fraction(1), 0, False
    for position, (part, unit) in enumerate(groups):
        if position > 0:
            part = part.lstrip("零〇○") or "零"
        last = position == len(groups) - 1
        if (
            last
            and position > 0
            and unit == 1
            and len(part) == 1
            and part in CHINESE_DIGITS
            and "零" not in body
        ):
            # 一万二 = 12,000, 十一万三 = 113,000: a digit after 万 counts thousands
            below = units[position - 1] // 10
            total += CHINESE_DIGITS[part] * below
            step, decimals = Fraction(below), 0
            continue
        value, part_step, decimals, with_unit = _group(part, text)
        total += value * unit
        step = part_step * unit
        arabic_unit = arabic_unit or with_unit
    rounded = (len(groups) > 1 or units[0] > 1 or arabic_unit) and not (
        step <= 1 and total.denominator == 1
    )
    return _Core(total, step, decimals, rounded)


def _strip_prefix(body: str, words: tuple[str, ...]) -> tuple[str, str]:
    for word in words:
        if body.startswith(word) and len(body) > len(word):
            return word, body[len(word) :]
    return "", body


def _strip_suffix(body: str, words: tuple[str, ...]) -> tuple[str, str]:
    for word in words:
        if body.endswith(word) and len(body) > len(word):
            return word, body[: -len(word)]
    return "", body


_HALF_WORDS: Final[dict[str, tuple[Bound, str]]] = {
    "过半": ("more", "过"), "过半数": ("more", "过"), "超过半数": ("more", "超过"),
    "超过一半": ("more", "超过"), "半数以上": ("at_least", "以上"), "一半以上": ("at_least", "以上"),
    "一半": ("exact", ""), "半数": ("exact", ""), "近一半": ("less", "近"), "近半": ("less", "近"),
    "近半数": ("less", "近"), "将近一半": ("less", "将近"), "不到一半": ("less", "不到"),
    "不足一半": ("less", "不足"),
}  # fmt: skip
_RANGE_PAIRS: Final = re.compile(r"(一二|一两|二三|两三|三四|四五|五六|六七|七八|八九)")
_RANGE_SEPARATOR: Final = re.compile(r"^(.+?)(?:~|至|到|-)(.+)$")


def parse_number(text: str) -> PublishedNumber:
    """Any printed number, as the interval of true values it stands for.

    >>> str(parse_number("9899万人").interval), str(parse_number("4493.7万").interval)
    ('[98985000, 98995000]', '[44936500, 44937500]')
    >>> parse_number("1亿零27.1万").value == parse_number("1亿27万1千").value == 100_271_000
    True
    >>> n = parse_number("百分之七十七点六"); (n.kind, n.value, n.step)
    ('percent', Fraction(388, 5), Fraction(1, 10))
    >>> str(parse_number("三成多").interval), str(parse_number("过半").interval)
    ('(30, +∞)', '(50, +∞)')
    >>> str(parse_number("四五万元").interval), parse_number("二十三个").value
    ('[40000, 50000]', Fraction(23, 1))
    >>> parse_number("翻一番").kind, parse_number("翻一番").value
    ('times', Fraction(2, 1))
    """
    if not isinstance(text, str):
        raise TypeError(f"a printed number is a string, got {type(text).__name__}")
    return _parse_text(text)


# a claim's figures are read when it is loaded, decided and shown, and a yearbook repeats
# its figures (the same total in every share of a table); a number read is immutable
@functools.lru_cache(maxsize=1 << 16)
def _parse_text(text: str) -> PublishedNumber:
    if len(text) > MAX_LENGTH:
        raise _error(text[:20] + "…", f"longer than {MAX_LENGTH} characters")
    body = normalise(text)
    if not body:
        raise _error(text, "it is empty")
    if body.lower().lstrip("+-") in ("inf", "infinity", "nan", "∞"):
        raise _error(text, "infinite or not a number")
    return _parse(text, body)


def _parse(text: str, body: str) -> PublishedNumber:
    qualifier, bound = "", "exact"
    # qualifier words after the number and after its unit word: "3万元以上", "660余名"
    suffix, body = _strip_suffix(body, _SUFFIX_QUALIFIERS)
    unit, body = _strip_suffix(body, UNIT_WORDS)
    if unit in ("万人", "万户", "万元"):
        body, unit = body + "万", unit[1:]
    if not suffix:
        suffix, body = _strip_suffix(body, _SUFFIX_QUALIFIERS)
    prefix, body = _strip_prefix(body, _PREFIX_QUALIFIERS)
    if prefix in ("上", "超", "破", "有", "为", "计", "共") and not re.match(
        r"[0-9一二两三四五六七八九十百千万亿]", body
    ):
        body, prefix = prefix + body, ""
    for word in (prefix, suffix):
        if word and QUALIFIERS[word] != "exact":
            if bound != "exact" and QUALIFIERS[word] != bound:
                raise _error(text, f"qualifiers '{prefix}' and '{suffix}' contradict each other")
            bound = QUALIFIERS[word]
        qualifier += word
    if body in _HALF_WORDS or (prefix + body) in _HALF_WORDS:
        word_bound, word = _HALF_WORDS.get(prefix + body, _HALF_WORDS.get(body, ("exact", "")))
        if word_bound != "exact":
            bound, qualifier = word_bound, word
        return _finish(text, Fraction(50), Fraction(10), 0, True, bound, qualifier, "percent", unit)
    times = re.fullmatch(r"翻了?(.+?)番(多)?", body)
    if times:
        core = _core(times[1], text)
        if core.value.denominator != 1 or core.value > 64:
            raise _error(text, "翻N番 needs a small whole N")
        if times[2]:
            bound, qualifier = "more", qualifier + "多"
        return _finish(
            text,
            Fraction(2 ** int(core.value)),
            Fraction(1),
            0,
            False,
            bound,
            qualifier,
            "times",
            unit,
        )
    sign = 1
    if body[:1] in ("-", "负"):
        sign, body = -1, body[1:]
    elif body[:1] == "+":
        body = body[1:]
    kind: Kind = "number"
    scale = Fraction(1)
    step_scale: Fraction | None = None
    for marker, marker_kind, marker_scale in (
        ("个百分点", "points", 1), ("百分点", "points", 1), ("%", "percent", 1), ("‰", "percent", Fraction(1, 10)),
    ):  # fmt: skip
        if body.endswith(marker):
            body, kind, scale = body[: -len(marker)], marker_kind, Fraction(marker_scale)  # type: ignore[assignment]
            break
    else:
        if body.startswith("百分之"):
            body, kind = body[3:], "percent"
        elif body.startswith("千分之"):
            body, kind, scale = body[3:], "percent", Fraction(1, 10)
        elif body.endswith("成") and len(body) > 1:
            body, kind, scale = body[:-1], "percent", Fraction(10)
            step_scale = Fraction(10)
        elif body.endswith("倍") and len(body) > 1:  # 增长1.2倍: a rise of 120% (115%–125%)
            body, kind, scale = body[:-1], "percent", Fraction(100)
            step_scale = Fraction(100)
    if kind == "percent":  # 30%-40%: the sign on both ends of a range
        body = re.sub(r"[%‰](?=[~至到\-])", "", body)
    if body[:1] in ("-", "负") and sign == 1:  # 百分之负三
        sign, body = -1, body[1:]
    more_inside = re.search(r"[多余](?=[万亿成]|$)", body)
    if more_inside:
        if bound not in ("exact", "more"):
            raise _error(text, f"'{more_inside[0]}' contradicts '{qualifier}'")
        bound, qualifier = "more", qualifier + more_inside[0]
        body = body[: more_inside.start()] + body[more_inside.end() :]
    if body in MULTIPLIERS and bound != "exact":  # 过千, 近万, 上万
        body = "一" + body
    ranged = _range(body, text, bare_pair=step_scale is not None)
    if ranged is not None:
        low, high = ranged
        if bound != "exact":
            raise _error(text, "a range cannot also be qualified")
        if low.value > high.value:
            raise _error(
                text,
                "a range runs from its low end to its high end (a subtracted part is an "
                'item of its own, "-18659")',
            )
        lo, hi = low.value * scale * sign, high.value * scale * sign
        if lo > hi:  # 负四五万: [-5万, -4万]
            lo, hi = hi, lo
        number = PublishedNumber(
            text, lo, Interval(lo, hi), max(low.decimals, high.decimals), qualifier,
            high.step * (step_scale or scale), "range", kind, unit,
        )  # fmt: skip
        return number
    if (
        not re.fullmatch(r"[0-9.零〇○一二两三四五六七八九十百千万亿点]+", body)
        or body.count(".") > 1
    ):
        if text.lstrip().startswith("="):  # a workbook's formula that holds no result
            raise _error(
                text,
                "a formula with no saved result (a workbook written by a program and never "
                "saved from Excel or WPS): open it there, save it, and check it again",
            )
        raise _error(text, "expected digits, Chinese numerals, 万/亿, a percent or a qualifier")
    core = _core(body, text)
    # an amount in 元 printed to less than a 分 is rounded: "人均2431元" is 2431 ± 0.5; a
    # quantity weighed or measured is rounded at its last digit: "5.1吨" is 5.1 ± 0.05
    rounded = (
        core.rounded
        or step_scale is not None
        or (unit in ("元", "美元") and core.decimals < 2)
        or unit in MEASURED
    )
    step = core.step * (step_scale or scale)
    return _finish(
        text, sign * core.value * scale, step, core.decimals, rounded, bound, qualifier, kind, unit
    )


def _range(body: str, text: str, *, bare_pair: bool = False) -> tuple[_Core, _Core] | None:
    """四五万 → (4万, 5万); 4-5万, 4至5万 → (4万, 5万); None when not a range."""
    separated = _RANGE_SEPARATOR.match(body)
    if separated and separated[1] and separated[2]:
        first, second = separated[1], separated[2]
        tail = re.search(r"[十百千万亿]+$", second)
        if tail and not re.search(r"[十百千万亿]$", first):
            first += tail[0]
        return _core(first, text), _core(second, text)
    pair = _RANGE_PAIRS.search(body)
    if pair and not re.search(r"[0-9]", body):
        start, end = pair.span()
        before, after = body[:start], body[end:]
        if (before and before[-1] in CHINESE_DIGITS) or "点" in before or "點" in before:
            return None  # 二十三 is positional; 四十五点六七 is 45.67 (decimals are digits)
        low = before + pair[1][0] + after
        high = before + pair[1][1] + after
        if after and after[0] in CHINESE_DIGITS:
            return None
        if not after and not before and not bare_pair:
            return None  # 二三 alone is a positional numeral; 七八成 is a range
        return _core(low, text), _core(high, text)
    return None


def _finish(
    text: str,
    value: Fraction,
    step: Fraction,
    decimals: int,
    rounded: bool,
    bound: str,
    qualifier: str,
    kind: Kind,
    unit: str,
) -> PublishedNumber:
    half = step / 2
    if bound == "more":
        interval = Interval(value, None, low_open=True)
    elif bound == "at_least":
        interval = Interval(value, None)
    elif bound == "less" and qualifier in _NEARLY and value > 0:
        interval = Interval(value - _leading_place(value), value, low_open=True, high_open=True)
    elif bound == "less":
        interval = Interval(None, value, high_open=True)
    elif bound == "at_most":
        interval = Interval(None, value)
    elif bound == "about" or (rounded and kind == "number"):
        interval = Interval(value - half, value + half)
        bound = bound if bound == "about" else "rounded"
    else:
        interval = Interval(value, value)
        bound = "rounded" if rounded else "exact"
    return PublishedNumber(text, value, interval, decimals, qualifier, step, bound, kind, unit)  # type: ignore[arg-type]


_NEARLY: Final = frozenset({"近", "将近", "接近", "已近"})


def _leading_place(value: Fraction) -> Fraction:
    """The place of a positive number's first digit (near 10^k at most, so "nearly"
    reaches down by one unit there): 40 → 10, 2 → 1, 0.45 → 0.1, 11万 → 10万.

    >>> [str(_leading_place(Fraction(v))) for v in ("40", "2", "0.45", "110000")]
    ['10', '1', '1/10', '100000']
    """
    place = Fraction(10) ** (len(str(value.numerator)) - len(str(value.denominator)))
    while place > value:
        place /= 10
    while place * 10 <= value:
        place *= 10
    return place


def parse_count(text: str) -> PublishedNumber:
    """A published count: "133", "4493.7万", "9899万", "660余", "超过1000", "过千", "近10万", "约500".

    >>> str(parse_count("4493.7万").interval), str(parse_count("9899万").interval)
    ('[44936500, 44937500]', '[98985000, 98995000]')
    >>> str(parse_count("660余").interval), str(parse_count("近10万").interval)
    ('(660, +∞)', '(0, 100000)')
    >>> str(parse_count("过千").interval), str(parse_count("约500").interval)
    ('(1000, +∞)', '[499.5, 500.5]')
    >>> str(parse_count("800多万").interval)
    '(8000000, +∞)'
    """
    number = parse_number(text)
    if number.kind != "number":
        raise _error(text, f"a count, not a {number.kind}")
    return number


def parse_decimal(text: str) -> PublishedNumber:
    """A printed decimal such as a percentage "64.8" (its trailing zeros count).

    >>> parse_decimal("5.10").decimals, parse_decimal("七成").step
    (2, Fraction(10, 1))
    """
    return parse_number(text)


_RISE: Final = (
    "净增率为",
    "净增率",
    "增长率为",
    "增长率",
    "增幅为",
    "增幅达",
    "增幅",
    "增速为",
    "增速",
    "净增加",
    "净增",
    "增加了",
    "增加",
    "增长了",
    "增长",
    "提高了",
    "提高",
    "上升了",
    "上升",
    "增",
    "多",
)
_COMPARED_WITH: Final = re.compile(
    r"^(?:同比|环比|比|较|与)(?:上年[底末]?|去年[底末]?|上一年[底末]?|上届|上期|\d{4}年[底末]?)?(?:相比)?"
)
_FLAT: Final = re.compile(
    r"(?:同比|环比|[与與和同较比跟])?(?:上年度?|去年|上一年|上期|上届)?(?:相比)?(?:保持)?持平"
)
"""No change: 持平, 与上年度持平, 與上年持平 (traditional), 和上年持平."""
_FALL: Final = (
    "降幅为",
    "降幅",
    "净减少",
    "净减",
    "减少了",
    "减少",
    "下降了",
    "下降",
    "降低了",
    "降低",
    "下滑",
    "减",
    "少",
)


def parse_change(text: str) -> PublishedNumber:
    """A change with its direction in words: "提高0.7个百分点", "下降0.2个百分点", "净增343.4万名".

    A fall is a negative number; a change without a word keeps its own sign.

    >>> parse_change("下降0.2个百分点").value, parse_change("比上年净增343.4万名").value
    (Fraction(-1, 5), Fraction(3434000, 1))
    >>> str(parse_change("减少5万").interval), parse_change("与上年持平").value
    ('[-55000, -45000]', Fraction(0, 1))
    """
    body = normalise(text) if len(text) <= MAX_LENGTH else text
    if _FLAT.fullmatch(body):  # 与上年持平: no change at all ("基本持平" is no figure)
        return dataclasses.replace(parse_number("0"), text=text)
    body = _COMPARED_WITH.sub("", body)
    body = re.sub(r"^(?:累计|共计|总共|共|名义|实际)(?=.)", "", body)
    for words, sign in ((_RISE, 1), (_FALL, -1)):
        word, rest = _strip_prefix(body, tuple(sorted(words, key=len, reverse=True)))
        if word:
            if rest[:1] in ("至", "到"):  # 增至1044: a new total, not a change by so much
                raise _error(text, f"'{word}{rest[:1]}' gives the new total, not the change")
            try:
                number = parse_number(rest)
            except ValueError as error:  # the figure as typed, not what is left of it
                raise ValueError(str(error).replace(f"'{rest}'", f"'{text}'", 1)) from None
            if sign == 1:
                return number
            return _negated(number, text)
    return parse_number(text)


def _negated(number: PublishedNumber, text: str) -> PublishedNumber:
    low, high = number.interval.low, number.interval.high
    interval = Interval(
        None if high is None else -high,
        None if low is None else -low,
        number.interval.high_open,
        number.interval.low_open,
    )
    flipped: dict[str, Bound] = {
        "more": "less",
        "less": "more",
        "at_least": "at_most",
        "at_most": "at_least",
    }
    return PublishedNumber(
        text, -number.value, interval, number.decimals, number.qualifier, number.step,
        flipped.get(number.bound, number.bound), number.kind, number.unit,
    )  # fmt: skip


def find_numbers(text: str) -> Iterator[tuple[int, int, PublishedNumber]]:
    """The spans of ``text`` that are printed numbers: (start, end, number), left to right.

    >>> [(s, e, n.text) for s, e, n in find_numbers("女党员2843.1万名,占党员总数的29.4%")]
    [(3, 11, '2843.1万名'), (18, 23, '29.4%')]
    """
    position = 0
    while position < len(text):
        match = NUMBER_SPAN.search(text, position)
        if match is None:
            return
        start, end = match.span()
        if end == start:
            position = start + 1
            continue
        # a unit word right after the number belongs to it ("2843.1万名")
        unit_end = end
        for word in UNIT_WORDS:
            if text.startswith(word, end):
                unit_end = end + len(word)
                break
        for stop in (unit_end, end):
            try:
                yield start, stop, parse_number(text[start:stop])
            except ValueError:
                continue
            break
        position = end
