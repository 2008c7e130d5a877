"""The printed name of an indicator with its parameters: which band, which amount, who.

Tables, charts, the report and its workbook all name indicators through
:func:`display_name`, so "村"两委"成员年龄段比例 18.4%" never appears without its band.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from partybuild_metrics.indicators.base import Indicator, get

POPULATIONS: Final[dict[str, tuple[str, str]]] = {
    "members": ('村"两委"成员', "two-committee members"),
    "secretaries": ("村党组织书记", "village Party secretaries"),
    "directors": ("村委会主任", "village committee directors"),
}
SEXES: Final[dict[str, tuple[str, str]]] = {"男": ("男性", "men"), "女": ("女性", "women")}

Params = Mapping[str, Any]
Namer = Callable[[Params], tuple[str, str]]


def _plain(amount: object, grouped: bool = False) -> str:
    value = Decimal(str(amount)).normalize()
    return format(value, ",f" if grouped else "f")


def yuan_zh(amount: object) -> str:
    """An amount in yuan as Chinese reports write it: in 万元 from ten thousand up.

    >>> yuan_zh(50000), yuan_zh(12500), yuan_zh(800), yuan_zh(1_000_000)
    ('5万元', '1.25万元', '800元', '100万元')
    """
    value = Decimal(str(amount))
    return f"{_plain(value / 10_000)}万元" if value >= 10_000 else f"{_plain(value)}元"


def _who(params: Params) -> tuple[str, str]:
    """The population and sex an indicator counts: ('女性村"两委"成员', 'women two-committee members')."""
    zh, en = POPULATIONS.get(str(params.get("population") or "members"), POPULATIONS["members"])
    sex = params.get("sex")
    if sex in SEXES:
        sex_zh, sex_en = SEXES[str(sex)]
        return sex_zh + zh, f"{sex_en} {en}" if en.startswith("two") else f"{sex_en} ({en})"
    return zh, en


def _at(params: Params) -> tuple[str, str]:
    date = params.get("reference_date")
    return (f"(截至{date})", f" (at {date})") if date else ("", "")


def _age_band(params: Params) -> tuple[str, str]:
    low, high = params.get("min_age"), params.get("max_age")
    if low is not None and high is not None:
        return f"{low}至{high}岁", f"aged {low} to {high}"
    if low is not None:
        return f"{low}岁及以上", f"aged {low} or over"
    if high is not None:
        return f"{high}岁及以下", f"aged {high} or under"
    return "各年龄", "of any age"


def _cadre_age_share(params: Params) -> tuple[str, str]:
    (who_zh, who_en), (band_zh, band_en), (at_zh, at_en) = (
        _who(params),
        _age_band(params),
        _at(params),
    )
    return f"{who_zh}中{band_zh}比例{at_zh}", f"Share of {who_en} {band_en}{at_en}"


def _cadre_mean_age(params: Params) -> tuple[str, str]:
    (who_zh, who_en), (at_zh, at_en) = _who(params), _at(params)
    return f"{who_zh}平均年龄{at_zh}", f"Mean age of {who_en}{at_en}"


def _cadre_age_bands(params: Params) -> tuple[str, str]:
    (who_zh, who_en), (at_zh, at_en) = _who(params), _at(params)
    return f"{who_zh}年龄结构{at_zh}", f"Age bands of {who_en}{at_en}"


def _education_share(params: Params) -> tuple[str, str]:
    who_zh, who_en = _who(params)
    level = str(params.get("min_level") or "大专")
    return f"{level}及以上学历的{who_zh}比例", f"Share of {who_en} with {level} education or above"


def _education_levels(params: Params) -> tuple[str, str]:
    who_zh, who_en = _who(params)
    return f"{who_zh}学历构成", f"Education levels of {who_en}"


def _income_at_least(params: Params) -> tuple[str, str]:
    threshold = params.get("threshold", 50_000)
    return (
        f"集体经济收入{yuan_zh(threshold)}以上村比例",
        f"Villages with collective income of {_plain(threshold, grouped=True)} yuan or more",
    )


def _exits(what_zh: str, what_en: str) -> Namer:
    def name(params: Params) -> tuple[str, str]:
        by = params.get("by_year")
        if by:
            return f"{what_zh}(截至{by}年)", f"{what_en} by {by}"
        return what_zh, what_en

    return name


def _breakout(params: Params) -> tuple[str, str]:
    base = params.get("baseline_year")
    if base:
        return (
            f'"空壳村"破零率({base}年为基期)',
            f"Hollow villages that broke zero (baseline {base})",
        )
    return '"空壳村"破零率', "Hollow villages that broke zero"


NAMERS: Final[dict[str, Namer]] = {
    "cadre_age_share": _cadre_age_share,
    "cadre_mean_age": _cadre_mean_age,
    "cadre_age_band_share": _cadre_age_bands,
    "education_share": _education_share,
    "education_level_share": _education_levels,
    "income_at_least_share": _income_at_least,
    "poverty_household_exit_rate": _exits(
        "建档立卡贫困户脱贫率", "Registered poor households exited"
    ),
    "poverty_person_exit_rate": _exits("建档立卡贫困人口脱贫率", "Registered poor persons exited"),
    "breakout_rate": _breakout,
}
"""How each parametrised indicator is named; the others keep their registered names."""


def _params_of(definition: Indicator, params: Params | str | None) -> dict[str, Any]:
    if isinstance(params, str):
        try:
            loaded = json.loads(params) if params else {}
        except ValueError:
            loaded = {}
        params = loaded if isinstance(loaded, dict) else {}
    return {**definition.params, **(params or {})}


def display_name(
    indicator: str | Indicator, params: Params | str | None = None, lang: str = "zh"
) -> str:
    """An indicator's printed name with its parameters (the defaults where none are given).

    ``params`` is a mapping or the JSON of an IndicatorTable's ``params`` column.

    >>> display_name("cadre_age_share")
    '村"两委"成员中60岁及以上比例'
    >>> display_name("income_at_least_share", {"threshold": 30000})
    '集体经济收入3万元以上村比例'
    >>> display_name("education_share", '{"min_level": "大专", "population": "secretaries"}')
    '大专及以上学历的村党组织书记比例'
    >>> display_name("cadre_age_share", {"min_age": 35, "max_age": 45, "sex": "女"}, lang="en")
    'Share of women two-committee members aged 35 to 45'
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"`lang` must be one of 'zh', 'en', got '{lang}'")
    definition = indicator if isinstance(indicator, Indicator) else get(indicator)
    namer = NAMERS.get(definition.id)
    if namer is None:
        return definition.name_zh if lang == "zh" else definition.name_en
    zh, en = namer(_params_of(definition, params))
    return zh if lang == "zh" else en
