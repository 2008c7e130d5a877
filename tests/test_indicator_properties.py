"""Invariants of compute() on random synthetic counties (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partybuild_metrics as pbm
from partybuild_metrics.synth.sample import SampleTargets, sample_county

SMALL = SampleTargets(
    villages=24, one_person_two_posts=10, secretaries_college=12, secretaries_industry=15,
    weak_lax=4, weak_lax_rectified=3, low_income=8, delisted=5, members=90, mean_age=50,
)  # fmt: skip
KEYS = ["indicator", "category", "level", "code", "year"]
SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def small_county(seed: int) -> pbm.Dataset:
    ds = pbm.read_frames(sample_county(seed, SMALL))
    assert ds.ok
    return ds


@SETTINGS
@given(st.integers(0, 10_000))
def test_shares_lie_in_0_1_and_values_follow_integers(seed: int) -> None:
    table = pbm.compute(small_county(seed), level="all")
    ratios = table[table["kind"].isin(["share", "rate"]) & table["value"].notna()]
    assert ((ratios["value"] >= 0) & (ratios["value"] <= 1)).all()
    assert (ratios["numerator"] <= ratios["denominator"]).all()
    assert (table["numerator"] >= 0).all()
    missing = table["value"].isna()
    assert (table.loc[missing, "denominator"] == 0).all()
    assert (table.loc[missing, "note"] != "").all()


@SETTINGS
@given(st.integers(0, 10_000))
def test_township_sums_equal_county_totals_for_every_indicator(seed: int) -> None:
    table = pd.DataFrame(pbm.compute(small_county(seed), level=["county", "township", "village"]))
    table["denominator"] = table["denominator"].fillna(0)
    totals = {}
    for level in ("county", "township", "village"):
        part = table[table["level"] == level]
        totals[level] = part.groupby(["indicator", "category", "year"], observed=True)[
            ["numerator", "denominator"]
        ].sum()
    pd.testing.assert_frame_equal(totals["township"], totals["county"])
    pd.testing.assert_frame_equal(totals["village"], totals["county"])


@SETTINGS
@given(st.integers(0, 10_000), st.integers(0, 2**31 - 1))
def test_results_do_not_depend_on_row_order(seed: int, shuffle_seed: int) -> None:
    frames = sample_county(seed, SMALL)
    rng = np.random.default_rng(shuffle_seed)
    shuffled = {name: frame.iloc[rng.permutation(len(frame))] for name, frame in frames.items()}
    first = pd.DataFrame(pbm.compute(pbm.read_frames(frames), level="township"))
    second = pd.DataFrame(pbm.compute(pbm.read_frames(shuffled), level="township"))
    order = lambda t: t.sort_values(KEYS).reset_index(drop=True)  # noqa: E731
    pd.testing.assert_frame_equal(order(first), order(second))
