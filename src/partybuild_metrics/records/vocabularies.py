"""Controlled vocabularies of the records: education levels, yes/no words, posts, status.

Each mapping turns the words clerks write into one canonical value. Lookups are done
on whole columns by the parsers in :mod:`partybuild_metrics.records.parsing`.
"""

from __future__ import annotations

import re
from typing import Final

EDUCATION_LEVELS: Final[tuple[str, ...]] = ("小学及以下", "初中", "高中", "大专", "本科", "研究生")
"""Ordered education levels, lowest first. 高中 includes 中专, 职高 and 技校."""

EDUCATION_ALIASES: Final[dict[str, str]] = {
    **{level: level for level in EDUCATION_LEVELS},
    "小学": "小学及以下",
    "文盲": "小学及以下",
    "半文盲": "小学及以下",
    "不识字或识字很少": "小学及以下",
    "初级中学": "初中",
    "高中(含中专、职高、技校)": "高中",
    "普通高中": "高中",
    "中专": "高中",
    "中等专科": "高中",
    "中技": "高中",
    "职高": "高中",
    "职业高中": "高中",
    "技校": "高中",
    "技工学校": "高中",
    "大学专科": "大专",
    "专科": "大专",
    "高职": "大专",
    "大学本科": "本科",
    "大学": "本科",
    "学士": "本科",
    "硕士": "研究生",
    "硕士研究生": "研究生",
    "博士": "研究生",
    "博士研究生": "研究生",
    "研究生及以上": "研究生",
}
"""Education labels as written in rosters, mapped onto :data:`EDUCATION_LEVELS`."""

TRUE_WORDS: Final[frozenset[str]] = frozenset(
    {"是", "√", "✓", "✔", "1", "1.0", "y", "yes", "true", "t", "有", "对"}
)
FALSE_WORDS: Final[frozenset[str]] = frozenset(
    {"否", "×", "✗", "✘", "x", "0", "0.0", "n", "no", "false", "f", "无", "没有"}
)
"""Words read as yes / no (compared after stripping and lower-casing)."""

SEX_WORDS: Final[dict[str, str]] = {
    "男": "男",
    "女": "女",
    "m": "男",
    "f": "女",
    "male": "男",
    "female": "女",
    "男性": "男",
    "女性": "女",
    "1": "男",  # GB/T 2261.1: 1 male, 2 female
    "2": "女",
}

PARTY_MEMBER_WORDS: Final[frozenset[str]] = frozenset(
    {"中共党员", "中共预备党员", "中国共产党党员", "中国共产党预备党员", "党员", "预备党员"}
)
NON_MEMBER_WORDS: Final[frozenset[str]] = frozenset(
    {"群众", "共青团员", "团员", "无党派", "无党派人士", "民主党派", "其他", "无"}
)
_DEMOCRATIC_PARTIES = ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟")

DIVISION_LEVELS: Final[dict[str, int]] = {
    "province": 2,
    "city": 4,
    "county": 6,
    "township": 9,
    "village": 12,
}
"""Administrative levels and the length of their statistical division code."""


def level_of_code(code: str) -> str:
    """The level a division code's length names, or "" for any other length.

    >>> level_of_code("210283"), level_of_code("2102831")
    ('county', '')
    """
    return {length: level for level, length in DIVISION_LEVELS.items()}.get(len(code), "")


LEVEL_WORDS: Final[dict[str, str]] = {
    **{level: level for level in DIVISION_LEVELS},
    "省": "province",
    "省级": "province",
    "市": "city",
    "地级": "city",
    "地级市": "city",
    "县": "county",
    "县级": "county",
    "县级市": "county",
    "区": "county",
    "县区": "county",
    "乡": "township",
    "镇": "township",
    "乡镇": "township",
    "乡级": "township",
    "街道": "township",
    "村": "village",
    "村级": "village",
    "行政村": "village",
    "社区": "village",
}

_POST_SPLIT = re.compile(r"[、,，;；/／+＋\s]|兼")
_NOT_DIRECTOR = ("副", "妇女", "妇联", "治保", "调解", "监委", "监督")


def parse_posts(text: str) -> tuple[bool, bool] | None:
    """Read 职务 free text as (secretary, director); None when it names no known post.

    >>> parse_posts("党总支书记兼村委会主任")
    (True, True)
    >>> parse_posts("一肩挑")
    (True, True)
    >>> parse_posts("村委会委员")
    (False, False)
    >>> parse_posts("党支部副书记")
    (False, False)
    """
    secretary = director = False
    known = False
    for token in filter(None, _POST_SPLIT.split(text.strip())):
        if "一肩挑" in token:
            return True, True
        if token.endswith("书记") or token == "支书":
            known = True
            secretary = secretary or not ("副" in token or "第一书记" in token)
        elif token.endswith("主任"):
            known = True
            director = director or not any(word in token for word in _NOT_DIRECTOR)
        elif token.endswith("委员") or token.endswith("成员") or token.endswith("主席"):
            known = True
    return (secretary, director) if known else None


def is_party_member(text: str) -> bool | None:
    """Read 政治面貌 as CPC membership; None when the word is not recognised.

    >>> is_party_member("中共预备党员"), is_party_member("群众"), is_party_member("民盟盟员")
    (True, False, False)
    """
    word = text.strip()
    if word in PARTY_MEMBER_WORDS or word.startswith("中共"):
        return True
    if word in NON_MEMBER_WORDS or any(word.startswith(p) for p in _DEMOCRATIC_PARTIES):
        return False
    return None
