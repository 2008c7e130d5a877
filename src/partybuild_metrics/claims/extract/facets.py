"""What the words before a figure say about whom it counts: facets, scope and time.

A report breaks a population down along one facet at a time: age bands, occupations,
regions, years of joining, posts. Figures that each pick a different facet ("女党员…,
少数民族党员…,大专以上学历党员…,35岁以下党员…") are attributes of one population and
overlap; figures along one facet (30岁及以下…, 31至35岁…, 61岁及以上…) can partition it.
The same words tell whether a count is narrower than another (东部地区农村贫困人口 is
part of 全国农村贫困人口, not the other way round) and which year it is of.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Final

FACETS: Final[dict[str, re.Pattern[str]]] = {
    "gender": re.compile(r"女|男|妇女|性别"),
    "ethnicity": re.compile(r"少数民族|汉族|民族"),
    "education": re.compile(r"学历|大专|本科|研究生|硕士|博士|高中|初中|小学|中专|文盲|文化程度"),
    "age": re.compile(r"岁|年龄|青年|年轻|老年"),
    "occupation": re.compile(
        r"工人|农民|农牧渔民|专业技术人员|管理人员|工作人员|学生|离退休|退休|军人|武警|职业|"
        r"干部及|职工"
    ),
    "region": re.compile(r"东部|中部|西部|东北|区域|地区"),
    "joining": re.compile(r"入党"),
    "post": re.compile(r"书记|主任|委员(?!会)|村长|组长|会计"),
    "residence": re.compile(r"城镇|乡村|城市|城区"),
    "settlement": re.compile(r"社区|居民区|居委会|居民委员会|村民委员会|(?<!农)村(?!民|级)"),
    "sector": re.compile(r"产业|工业|建筑业|农业|林业|牧业|渔业|服务业|制造业|农林牧渔"),
    "harvest": re.compile(r"夏粮|秋粮|早稻|晚稻|小春|大春"),
    "organisation": re.compile(r"党委|总支|支部|党组(?!织)"),
    "migration": re.compile(r"外出|本地|跨省|省内|省外|跨县|县内|县外"),
    "income": re.compile(r"工资性|经营净|经营性|财产净|财产性|转移净|转移性"),
    "status": re.compile(
        r"已(?:经)?(?:有|脱贫|出列|摘帽|退出|销号|完成|实现|建成|建立)|未(?!满)|尚未|没有|剩余|剩下|只剩|仅剩|还剩"
    ),
    "level": re.compile(
        r"自治区|省级|市级|县级|乡级|镇级|乡镇级|村级|乡镇|镇办|乡办|省直|市直|县直|中央|"
        r"[省市县]\s*[(（][^)）]{1,8}[)）]"  # "省(区、市)委", "市(州)委", "县(市、区、旗)委"
    ),
}
"""Facets a population (or a sum: output, harvest, organisations) is broken down by, and
words that name a value of each."""
_NARROWING: Final = frozenset(
    {"gender", "ethnicity", "education", "age", "occupation", "joining", "post"}
)
"""Facets whose values narrow a population (a region is keyed by its name)."""
_CATCH_ALL: Final = re.compile(r"其他|其它|其余|其餘")
_ENDS: Final[dict[str, tuple[re.Pattern[str], re.Pattern[str]]]] = {
    "gender": (re.compile(r"男"), re.compile(r"女")),
    "status": (re.compile(r"已"), re.compile(r"未|没有|剩")),
    "migration": (re.compile(r"外出|跨省|省外|跨县|县外"), re.compile(r"本地|省内|县内")),
}
"""For facets of two values: both must be named for a list to cover every category."""
_BAND: Final = re.compile(
    r"(?:(?:不满|未满|不到|不足)\s*(?P<below>\d+)\s*周?岁)"
    r"|(?:(?P<low>\d+)\s*周?岁?\s*(?:至|到|-|~)\s*(?P<high>\d+)\s*周?岁)"
    r"|(?:(?P<edge>\d+)\s*周?岁\s*(?:及|或)?\s*(?P<side>以下|以内|以上))"
)
_WIDE: Final = re.compile(
    r"全国|全省|全市|全县|全区|全乡|全镇|全州|全旗|全村|全部|所有|总数|总计|合计"
)
_THRESHOLD: Final = re.compile(r"(?:以上|以下|以内|之间|不到|不足|低于|高于|[~～])")
_REGION: Final = re.compile(r"(?:东部|中部|西部|东北)(?:地区)?")
_YEAR: Final = re.compile(r"((?:19|20)\d\d)\s*年")


def facets(words: str) -> frozenset[str]:
    """The facets the words before a figure name.

    >>> sorted(facets("具有大专以上学历的党员")), sorted(facets("31至35岁党员"))
    (['education'], ['age'])
    >>> sorted(facets("女党员")), sorted(facets("党的基层组织"))
    (['gender'], [])
    """
    return frozenset(name for name, pattern in FACETS.items() if pattern.search(words))


def catch_all(words: str) -> bool:
    """Whether an item is the rest of a breakdown ("其他职业人员", "其余").

    >>> catch_all("其他职业人员"), catch_all("学生")
    (True, False)
    """
    return bool(_CATCH_ALL.search(words))


def one_facet(items: list[str]) -> str:
    """The facet every item names, if they name one and the same (a catch-all counts as any);
    "" otherwise.

    >>> one_facet(["30岁及以下党员", "31至35岁党员", "61岁及以上党员"])
    'age'
    >>> one_facet(["工人", "学生", "其他职业人员"]), one_facet(["女党员", "少数民族党员"])
    ('occupation', '')
    """
    common: set[str] | None = None
    named_items = []
    for words in items:
        named = facets(words)
        if catch_all(words) and len(named) <= 1:
            continue
        if not named:
            return ""
        named_items.append(words)
        common = set(named) if common is None else common & named
        if not common:
            return ""
    if not common:
        return ""
    if len(common) > 1:
        # "村党组织书记…,村委会主任…": the facet whose values differ is the breakdown
        common = {
            name for name in common
            if len({tuple(FACETS[name].findall(words)) for words in named_items}) > 1
        }  # fmt: skip
    return sorted(common)[0] if len(common) == 1 else ""


def covers(facet: str, items: list[str]) -> bool:
    """Whether items naming values of one facet name all of them: both sexes, age bands
    open at both ends, or a catch-all ("其他"). Facets of many values are taken as covered.

    >>> covers("gender", ["男性", "女性"]), covers("gender", ["女党员", "少数民族党员"])
    (True, False)
    >>> covers("age", ["35岁以下的", "36至45岁的", "46岁以上的"]), covers("age", ["60岁以上的"])
    (True, False)
    """
    if any(catch_all(words) for words in items):
        return True
    if facet == "age":
        return _contiguous_bands(items)
    if facet not in _ENDS:
        return True
    return all(any(end.search(words) for words in items) for end in _ENDS[facet])


def _contiguous_bands(items: list[str]) -> bool:
    """Whether age bands, in the order listed, run from one open below to one open above
    with no age left out ("35岁以下", "36至45岁", "46岁以上").

    >>> _contiguous_bands(["35岁以下的", "36至45岁的", "46岁及以上的"])
    True
    >>> _contiguous_bands(["35岁以下党员", "60岁以上党员"]), _contiguous_bands(["青年党员", "老年党员"])
    (False, False)
    """
    bands: list[tuple[int | None, int | None]] = []
    for words in items:
        found = _BAND.search(words)
        if found is None:
            return False
        if found["below"]:
            bands.append((None, int(found["below"]) - 1))
        elif found["low"]:
            bands.append((int(found["low"]), int(found["high"])))
        elif found["side"] == "以上":
            bands.append((int(found["edge"]), None))
        else:
            bands.append((None, int(found["edge"])))
    if bands[0][0] is not None or bands[-1][1] is not None:
        return False
    for (_, high), (low, _) in pairwise(bands):
        if high is None or low is None or not 0 <= low - high <= 1:
            return False
    return True


def mixed_facets(items: list[str]) -> bool:
    """Whether the items name values of different facets: attributes of one population
    that overlap, not parts of it.

    >>> mixed_facets(["女党员", "少数民族党员", "具有大专以上学历的党员", "35岁以下的党员"])
    True
    >>> mixed_facets(["基层党委", "总支部", "支部"]), mixed_facets(["30岁及以下党员", "61岁及以上党员"])
    (False, False)
    """
    named = [facets(words) for words in items if not catch_all(words)]
    named = [n for n in named if n]
    if len(named) < 2:
        return False
    shared = frozenset.intersection(*named)
    return not shared and len(frozenset.union(*named)) >= 2


def wide(words: str) -> bool:
    """Whether the words give a count the widest scope (全国, 全县, 总数, 所有…).

    >>> wide("全国农村贫困人口"), wide("东部地区农村贫困人口")
    (True, False)
    """
    return bool(_WIDE.search(words))


def narrowing(words: str) -> frozenset[str]:
    """What narrows a noun in the words before a figure: facet values, regions and
    thresholds, as comparable keys.

    >>> sorted(narrowing("东部地区农村贫困人口")), sorted(narrowing("年经营性收入15万元以下建制村"))
    (['region:东部'], ['threshold'])
    >>> sorted(narrowing("女书记")), sorted(narrowing("村党组织书记"))
    (['gender', 'post'], ['post'])
    """
    keys = {f"region:{m[0][:2]}" for m in _REGION.finditer(words)}
    if _THRESHOLD.search(words):
        keys.add("threshold")
    keys.update(name for name in facets(words) if name in _NARROWING)
    return frozenset(keys)


def years(words: str) -> frozenset[str]:
    """The years the words name ("2018 年末" with a PDF's space too).

    >>> sorted(years("截至 2018 年末,全国")), sorted(years("从2012年末的"))
    (['2018'], ['2012'])
    """
    return frozenset(m[1] for m in _YEAR.finditer(words))
