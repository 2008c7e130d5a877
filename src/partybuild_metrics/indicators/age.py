"""Age of two-committee members at a reference date (default: 31 December of the year).

Age is completed years; a birthday on the reference date counts. Members with no
birth date are left out of numerator and denominator alike. ``sex`` ("男" or "女")
narrows any of them to men or women; members whose sex is unknown are then left out.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from typing import Any

import ibis
import ibis.expr.types as ir

from partybuild_metrics.indicators.base import Contribution, indicator
from partybuild_metrics.indicators.records import Records, completed_age

FAMILY = "age"
BANDS = (30, 35, 40, 45, 50, 55, 60)
SEXES = {"男": "male", "女": "female"}


def _ages(records: Records, params: Mapping[str, Any]) -> tuple[ir.Table, ir.BooleanValue]:
    """Members with their age, and which of them count: a birth date, the population, the sex."""
    given = params.get("reference_date")
    cadres = records.cadres
    if given:
        reference = dt.date.fromisoformat(str(given)[:10])
        aged = cadres.mutate(age=completed_age(cadres.birth_date, reference))
    else:  # 31 December of the row's year: every birthday of the year has passed
        aged = cadres.mutate(age=cadres.year - cadres.birth_date.year().cast("int64"))
    counted = aged.birth_date.notnull() & records.population(
        aged, str(params.get("population", "members"))
    )
    sex = params.get("sex")
    if sex is not None:
        if sex not in SEXES:
            raise ValueError(f"`sex` must be one of None, '男', '女', got '{sex}'")
        counted &= aged[SEXES[sex]]
    return aged, counted


@indicator(
    "cadre_mean_age",
    family=FAMILY,
    name_zh='村"两委"成员平均年龄',
    name_en="Mean age of two-committee members",
    kind="mean",
    tables=("cadres",),
    numerator=("周岁年龄之和", "sum of completed ages"),
    denominator=("有出生年月的成员", "members with a birth date"),
    params={"reference_date": None, "population": "members", "sex": None},
    unit_zh="岁",
)
def cadre_mean_age(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    aged, counted = _ages(records, params)
    return Contribution(aged, counted.ifelse(aged.age, 0), counted)


@indicator(
    "cadre_age_share",
    family=FAMILY,
    name_zh='村"两委"成员年龄段比例',
    name_en="Two-committee members within an age range",
    kind="share",
    tables=("cadres",),
    numerator=(
        "周岁年龄在 [min_age, max_age] 内的成员",
        "members aged min_age to max_age (inclusive)",
    ),
    denominator=("有出生年月的成员", "members with a birth date"),
    params={
        "min_age": 60,
        "max_age": None,
        "reference_date": None,
        "population": "members",
        "sex": None,
    },
)
def cadre_age_share(records: Records, years: list[int], params: Mapping[str, Any]) -> Contribution:
    aged, counted = _ages(records, params)
    inside = aged.age >= int(params["min_age"])
    if params.get("max_age") is not None:
        inside &= aged.age <= int(params["max_age"])
    return Contribution(aged, counted & inside, counted)


def band_labels(bounds: tuple[int, ...] = BANDS) -> list[str]:
    """Age band labels as party statistics print them.

    >>> band_labels((30, 35))
    ['30岁及以下', '31-35岁', '36岁及以上']
    """
    labels = [f"{bounds[0]}岁及以下"]
    labels += [f"{low + 1}-{high}岁" for low, high in itertools.pairwise(bounds)]
    return [*labels, f"{bounds[-1] + 1}岁及以上"]


@indicator(
    "cadre_age_band_share",
    family=FAMILY,
    name_zh='村"两委"成员年龄结构',
    name_en="Age bands of two-committee members",
    kind="share",
    tables=("cadres",),
    numerator=("该年龄段的成员", "members in the band"),
    denominator=("有出生年月的成员", "members with a birth date"),
    params={"bands": BANDS, "reference_date": None, "population": "members", "sex": None},
)
def cadre_age_band_share(
    records: Records, years: list[int], params: Mapping[str, Any]
) -> Contribution:
    aged, counted = _ages(records, params)
    bounds = tuple(int(b) for b in params["bands"])
    labels = band_labels(bounds)
    band = ibis.cases(
        *((aged.age <= bound, label) for bound, label in zip(bounds, labels, strict=False)),
        else_=labels[-1],
    )
    return Contribution(aged, counted, None, category=band, categories=tuple(labels))
