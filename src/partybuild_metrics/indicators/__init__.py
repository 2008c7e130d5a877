"""Indicators: definitions as data, one file per family, and compute().

Adding an indicator is one decorated function in its family's file, returning a
:class:`Contribution` written with Ibis; compute() runs every definition in one engine.
"""

from partybuild_metrics.indicators import (  # noqa: F401  (importing registers the families)
    age,
    cadre_work,
    education,
    first_secretaries,
    income,
    low_income,
    members,
    organisations,
    posts,
    poverty,
    projects,
)
from partybuild_metrics.indicators.base import REGISTRY, Contribution, Indicator, get, indicator
from partybuild_metrics.indicators.catalogue import catalogue, catalogue_markdown
from partybuild_metrics.indicators.change import change_between
from partybuild_metrics.indicators.compute import compute
from partybuild_metrics.indicators.names import display_name
from partybuild_metrics.indicators.records import Records
from partybuild_metrics.indicators.table import IndicatorTable

__all__ = [
    "REGISTRY",
    "Contribution",
    "Indicator",
    "IndicatorTable",
    "Records",
    "catalogue",
    "catalogue_markdown",
    "change_between",
    "compute",
    "display_name",
    "get",
    "indicator",
]
