"""The headline figure of each claim beside the value it is held against, in numbers."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from partybuild_metrics.claims.compare import compare
from partybuild_metrics.claims.model import load_claims_file

CLAIMS = Path(__file__).parents[2] / "data" / "claims"


def claim(file: str, claim_id: str):  # type: ignore[no-untyped-def]
    return next(c for c in load_claims_file(CLAIMS / file) if c.id == claim_id)


def test_a_printed_percent_against_its_own_counts_and_the_records() -> None:
    c = claim("000_zhuanghe_2020.yaml", "one-person-two-posts")
    from_figures = compare(c, "half_up")
    assert from_figures.against == Fraction(13300, 205) and from_figures.against_from == "figures"
    assert (from_figures.interval.low, from_figures.interval.high) == (
        Fraction("64.75"),
        Fraction("64.85"),
    )
    assert compare(c, "truncate").interval.low == Fraction("64.8")
    from_records = compare(c, "half_up", numerator=134, denominator=205)
    assert from_records.against == Fraction(13400, 205) and from_records.against_from == "records"


def test_a_percent_without_numerator_is_held_against_the_nearest_possible_share() -> None:
    c = claim("003_taiyuan_2017.yaml", "broke-zero-reaching-5-wan")
    result = compare(c, "half_up")
    # 77.6% of 555 = 430.68 villages: 431 / 555 = 77.657…% is the nearest possible share
    assert result.against == Fraction(43100, 555) and result.against_from == "nearest"
    assert not result.interval.contains(result.against)


def test_a_bound_and_a_sum() -> None:
    bound = compare(claim("002_dalian_first_secretaries.yaml", "mobile-members"), "half_up")
    assert (bound.figure, bound.against, bound.interval.high) == ("whole", 1678, 1458)
    total = compare(claim("004_huanren_lingyuan.yaml", "expert-database"), "half_up")
    assert (total.figure, total.against) == ("total", 1044)
    row = bound.row()
    assert row["interval_low"] == 0.0 and row["step"] == 1.0


@pytest.mark.parametrize(("text", "step"), [("4493.7万", 1000), ("800多万", 10_000), ("133", 1)])
def test_the_step_is_one_unit_of_the_last_printed_digit(text: str, step: int) -> None:
    from partybuild_metrics.claims.compare import _step
    from partybuild_metrics.claims.published import parse_count

    assert _step(parse_count(text)) == step
