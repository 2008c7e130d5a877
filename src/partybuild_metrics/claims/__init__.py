"""Published figures: exact intervals for printed numbers, consistency checks without data."""

from partybuild_metrics.claims.consistency import (
    Consistency,
    check_bound,
    check_change,
    check_mean,
    check_parts_sum,
    check_share,
    shared_modes,
)
from partybuild_metrics.claims.published import (
    Interval,
    PublishedNumber,
    parse_count,
    parse_decimal,
    rounds_to,
)

__all__ = [
    "Consistency",
    "Interval",
    "PublishedNumber",
    "check_bound",
    "check_change",
    "check_mean",
    "check_parts_sum",
    "check_share",
    "parse_count",
    "parse_decimal",
    "rounds_to",
    "shared_modes",
]
