"""What an indicator is, and the registry that holds every one of them.

An indicator's ``contribute`` function says what it counts as a :class:`Contribution`:
a relation of rows, each in a village and year, with an integer numerator and
denominator per row (and a category, for distributions), written as Ibis expressions.
The engine sums them by village and year, then by code prefix, so a township's
numerator is the sum of its villages' and the county's the sum of its townships'.
Values come from these integers only at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import ibis.expr.types as ir
from ibis.common.deferred import Deferred

if TYPE_CHECKING:
    from partybuild_metrics.indicators.records import Records

Kind = Literal["share", "mean", "count", "sum", "rate", "growth"]
KINDS: Final[tuple[str, ...]] = ("share", "mean", "count", "sum", "rate", "growth")

Amount: TypeAlias = ir.Value | Deferred | int
"""A per-row amount: an Ibis expression on the rows (boolean or integer), ``_``-deferred
(``_.female``), or a constant (``1`` counts rows)."""


@dataclass(frozen=True)
class Contribution:
    """What an indicator counts, row by row, before the engine sums it.

    ``rows`` is an Ibis table with a 12-digit village ``code`` and a ``year`` column;
    each row adds ``numerator`` to its village's numerator and ``denominator`` to its
    denominator (``None`` for counts and sums, which have none). A blank (null) amount
    adds nothing. For a distribution, ``category`` names each row's category and
    ``categories`` lists them in the order they are shown (``None``: the values found,
    sorted); its denominator is the total over the categories.

    >>> import ibis
    >>> rows = ibis.memtable({"code": ["210283101201"], "year": [2020], "female": [True]})
    >>> Contribution(rows, ibis._.female).denominator
    1
    """

    rows: ir.Table
    numerator: Amount
    denominator: Amount | None = 1
    category: ir.Value | Deferred | None = None
    categories: tuple[str, ...] | None = None


Contribute = Callable[["Records", list[int], Mapping[str, Any]], Contribution]


@dataclass(frozen=True)
class Indicator:
    """The definition of one published indicator.

    ``numerator`` and ``denominator`` say in words (Chinese, English) what is counted,
    including how missing values are treated. ``params`` are the defaults a caller can
    override in :func:`compute`. ``tables`` are the record tables it counts from: where
    one of them has no rows for a year in a unit's county (or, above counties, in any
    of the unit's counties), the unit's value for that year is missing, not 0.
    """

    id: str
    family: str
    name_zh: str
    name_en: str
    kind: Kind
    tables: tuple[str, ...]
    numerator: tuple[str, str]
    denominator: tuple[str, str]
    contribute: Contribute = field(repr=False, compare=False)
    params: Mapping[str, Any] = field(default_factory=dict)
    unit_zh: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"`kind` must be one of {', '.join(KINDS)}, got '{self.kind}'")
        if not self.id.isidentifier() or self.id.lower() != self.id:
            raise ValueError(f"an indicator id is snake_case English, got '{self.id}'")


FAMILIES: Final[tuple[str, ...]] = (
    "posts",
    "education",
    "age",
    "members",
    "cadre_work",
    "organisations",
    "low_income",
    "projects",
    "poverty",
    "first_secretaries",
    "collective_income",
)
"""Families in the order reports (and DOMAIN.md) list them."""

REGISTRY: dict[str, Indicator] = {}
"""Every registered indicator, by id, in registration order."""


def indicator(
    id: str,
    *,
    family: str,
    name_zh: str,
    name_en: str,
    kind: Kind,
    tables: tuple[str, ...],
    numerator: tuple[str, str],
    denominator: tuple[str, str] = ("", ""),
    params: Mapping[str, Any] | None = None,
    unit_zh: str = "",
) -> Callable[[Contribute], Contribute]:
    """Register the decorated contribution function as an indicator.

    >>> @indicator("demo_count", family="demo", name_zh="示例", name_en="demo", kind="count",
    ...            tables=("villages",), numerator=("村", "villages"))
    ... def _demo(records, years, params):
    ...     return Contribution(records.villages, 1, None)
    >>> REGISTRY.pop("demo_count").kind
    'count'
    """

    def register(contribute: Contribute) -> Contribute:
        if id in REGISTRY:
            raise ValueError(f"indicator '{id}' is registered twice")
        REGISTRY[id] = Indicator(
            id=id,
            family=family,
            name_zh=name_zh,
            name_en=name_en,
            kind=kind,
            tables=tables,
            numerator=numerator,
            denominator=denominator,
            contribute=contribute,
            params=dict(params or {}),
            unit_zh=unit_zh,
        )
        return contribute

    return register


def ordered() -> list[Indicator]:
    """Every indicator, family by family in :data:`FAMILIES` order, then as registered."""
    rank = {family: i for i, family in enumerate(FAMILIES)}
    return sorted(REGISTRY.values(), key=lambda ind: rank.get(ind.family, len(rank)))


def get(indicator_id: str) -> Indicator:
    """The indicator with this id, or a KeyError naming the close ones."""
    try:
        return REGISTRY[indicator_id]
    except KeyError:
        close = [i for i in REGISTRY if indicator_id.split("_")[0] in i][:8]
        raise KeyError(
            f"no indicator '{indicator_id}'"
            + (f"; did you mean: {', '.join(close)}" if close else "")
        ) from None
