"""Controlled vocabularies of the records: education levels, yes/no words, posts, status.

Each mapping turns the words clerks write into one canonical value. Lookups are done
on whole columns by the parsers in :mod:`partybuild_metrics.records.parsing`.
"""

from __future__ import annotations

import re
import unicodedata
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
    {"是", "√", "✓", "✔", "1", "1.0", "y", "yes", "true", "t", "有", "对", "在岗", "参加", "参与"}
)
FALSE_WORDS: Final[frozenset[str]] = frozenset(
    {"否", "×", "✗", "✘", "x", "0", "0.0", "n", "no", "false", "f", "无", "没有", "不在岗",
     "未参加", "未参与", "没参加"}
)  # fmt: skip
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
    # as 区划 lists write them: the kinds a level holds, a committee for its village
    "省(自治区、直辖市)": "province",
    "省(区、市)": "province",
    "市(州)": "city",
    "市(地、州、盟)": "city",
    "地区": "city",
    "县(市、区)": "county",
    "县(市、区、旗)": "county",
    "县(区)": "county",
    "旗": "county",
    "乡(镇)": "township",
    "乡(镇、街道)": "township",
    "镇(乡)": "township",
    "乡镇(街道)": "township",
    "苏木": "township",
    "街道办事处": "township",
    "办事处": "township",
    "村委会": "village",
    "村民委员会": "village",
    "居委会": "village",
    "村(社区)": "village",
    "嘎查": "village",
}

_ORG_VARIANTS = re.compile(r"\((?:社区|居|居民|村)\)")
"""村(社区)党组织, 村(居)民委员会: the other body a post's name also covers, not a post."""
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_POST_SPLIT = re.compile(r"兼任|兼|[、,;/+()\[\]【】和与及\s]")
"""What separates the posts of one 职务 cell (after NFKC, which makes ，；／＋（） ASCII)."""
_POST_WORDS = re.compile(r"(书记|支书(?!记)|主任|一肩挑)")
"""Post words; 支书 is 村支书, not the 支书 of 党总支书记."""
_MEMBER_POSTS = ("委员", "成员", "主席")
"""Posts that are neither secretary nor director: 村委会委员, 党支部委员, 妇联主席 …"""

_PLACE = r"(?:[\u4e00-\u9fff]{1,12}?(?=村|社区|居|嘎查))?"
"""A village's own name before its body: 团结村党支部书记, 东山社区居委会主任."""
_SECRETARY_OF = re.compile(_PLACE + r"(?:村|社区|居|嘎查)?党?(?:总支部?|支部|委|组织)?(?:委员会)?")
"""What may stand before 书记 (or 支书) in the name of the village Party secretary:
党支部, 党总支, 党委, 村党组织, 社区党委 … or nothing (书记, 村支书)."""
_DIRECTOR_OF = re.compile(_PLACE + r"(?:村|居|社区|社区居|嘎查)?(?:民委员会|委会|委)?")
"""What may stand before 主任 in the name of the director: 村委会, 村民委员会, 村委, 村,
居委会, 社区 … or nothing (主任)."""
_NOT_SECRETARY = ("副", "第一", "团支部", "团总支", "团委")
"""Endings before 书记 of other posts: 副书记, (驻村)第一书记, 团支部书记."""
_NOT_DIRECTOR = ("副", "妇女", "妇联", "治保", "调解", "调解委员会", "监委", "监委会", "监督委员会")
"""Endings before 主任 of other posts: 副主任, 妇女主任, 治保主任, 村务监督委员会主任 …"""

_NOT_HOLDING_START = tuple("非不未原前曾老已拟待代")
_NOT_HOLDING_WORDS = (
    "不是", "前任", "曾任", "退休", "离任", "离职", "卸任", "免职", "免去", "辞职", "辞去",
    "调离", "已故", "去世", "病故", "候选", "拟任", "空缺", "代理",
)  # fmt: skip
"""Words saying a post is not (or not yet, or no longer) held: 非一肩挑, 不是书记, 原书记,
前任书记, 老书记, 已退休, 拟任, 代理书记. A cell with one is never read as holding a post."""


def _not_holding(token: str) -> bool:
    """True when a part of a 职务 cell negates a post or names one held before or after."""
    return token.startswith(_NOT_HOLDING_START) or any(w in token for w in _NOT_HOLDING_WORDS)


def _post(before: str, word: str) -> tuple[bool, bool] | None:
    """One post word and what stands before it as (secretary, director); None when that
    is no name of a post known here (a village's name, a qualifier such as 原, 常务 …)."""
    if word == "一肩挑":
        return (True, True) if not before else None
    if word == "主任":
        if before.endswith(_NOT_DIRECTOR):
            return False, False
        return (False, True) if _DIRECTOR_OF.fullmatch(before) else None
    if before.endswith(_NOT_SECRETARY):
        return False, False
    return (True, False) if _SECRETARY_OF.fullmatch(before) else None


_CJK: Final = re.compile(r"[\u4e00-\u9fff]")


def parse_posts(text: str) -> tuple[bool, bool] | None:
    """Read 职务 free text as (secretary, director); None when it names no known post.

    Each part of the cell (parts are set off by 、 , ; / 兼 and the like, or follow one
    another: 书记主任) must be the whole name of a post: a part that names a post with
    words not known here, or that negates one, or names one held before or after
    (非一肩挑, 原书记, 前任书记, 书记(已离任), 主任(拟)), makes the whole cell unknown, to be
    quarantined rather than guessed. Parts that name no post (会计, 村集体经济组织负责人)
    are other jobs.

    >>> parse_posts("党总支书记兼村委会主任"), parse_posts("书记主任"), parse_posts("书记(兼主任)")
    ((True, True), (True, True), (True, True))
    >>> parse_posts("一肩挑"), parse_posts("村支书"), parse_posts("村(居)民委员会主任")
    ((True, True), (True, False), (False, True))
    >>> parse_posts("村委会委员"), parse_posts("党支部副书记"), parse_posts("村委会委员、妇女主任")
    ((False, False), (False, False), (False, False))
    >>> parse_posts("团结村党支部书记"), parse_posts("东山村村委会主任")
    ((True, False), (False, True))
    >>> parse_posts("非一肩挑"), parse_posts("原书记"), parse_posts("书记、主任(拟)")
    (None, None, None)
    >>> parse_posts("书记 210283196805061234"), parse_posts("书记 2")
    (None, None)
    """
    cell = _ORG_VARIANTS.sub("", unicodedata.normalize("NFKC", text)).strip()
    for inside in _PARENTHESES.findall(cell):
        if not (_POST_WORDS.search(inside) or inside.strip().endswith(_MEMBER_POSTS)):
            return None  # 书记(已离任), 主任(拟): words about the post, not a post
    secretary = director = known = False
    for token in filter(None, _POST_SPLIT.split(cell)):
        if _not_holding(token):
            return None
        *posts, rest = _POST_WORDS.split(token)
        if not posts:
            if not _CJK.search(token):
                return None  # "书记 2102…": digits or letters pasted in are no other job
            known = known or token.endswith(_MEMBER_POSTS)
            continue
        if rest:
            return None  # 主任助理, 书记员, 主任委员: another job named after a post
        for before, word in zip(posts[::2], posts[1::2], strict=True):
            read = _post(before, word)
            if read is None:
                return None
            secretary, director = secretary or read[0], director or read[1]
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
