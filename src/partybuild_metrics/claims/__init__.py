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
from partybuild_metrics.claims.numbers import (
    NUMBER_CHARS,
    NUMBER_SPAN,
    QUALIFIERS,
    Interval,
    PublishedNumber,
    find_numbers,
    parse_count,
    parse_decimal,
    parse_number,
)
from partybuild_metrics.claims.published import rounded_interval, rounds_to

__all__ = [
    "NUMBER_CHARS",
    "NUMBER_SPAN",
    "QUALIFIERS",
    "Consistency",
    "Interval",
    "PublishedNumber",
    "check_bound",
    "check_change",
    "check_mean",
    "check_parts_sum",
    "check_share",
    "find_numbers",
    "parse_count",
    "parse_decimal",
    "parse_number",
    "rounded_interval",
    "rounds_to",
    "shared_modes",
]
