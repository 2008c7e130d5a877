"""Claims as a table: the column-wise path agrees with the one-claim path, claim by claim."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partybuild_metrics as pbm
from partybuild_metrics.claims.check import check_claims, check_claims_leniently
from partybuild_metrics.claims.consistency import ALL_MODES
from partybuild_metrics.claims.table import claims_from_table

COMPARED = ["id", "verdict", "consistent_modes", "witness_numerator", "witness_denominator"]


def both_paths(frame: pd.DataFrame, mode: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = check_claims(frame, rounding=mode)
    one_by_one = check_claims(claims_from_table(frame).claims, rounding=mode)
    return table[COMPARED], one_by_one[COMPARED]


def count() -> st.SearchStrategy[str]:
    plain = st.integers(0, 10**11).map(str)
    wan = st.tuples(st.integers(0, 9_999_999), st.integers(0, 3)).map(
        lambda t: (
            f"{t[0] // 10 ** t[1]}" + (f".{t[0] % 10 ** t[1]:0{t[1]}d}" if t[1] else "") + "万"
        )
    )
    small = st.integers(0, 3000).map(str)
    return st.one_of(small, plain, wan)


def percent() -> st.SearchStrategy[str]:
    return st.tuples(st.integers(0, 100_999), st.integers(0, 3), st.booleans()).map(
        lambda t: (
            f"{t[0] // 10 ** t[1]}"
            + (f".{t[0] % 10 ** t[1]:0{t[1]}d}" if t[1] else "")
            + ("%" if t[2] else "")
        )
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(st.just(""), count()), count(), percent()), min_size=1, max_size=30
    ),
    st.sampled_from(ALL_MODES),
)
def test_table_and_one_claim_paths_agree(rows: list[tuple[str, str, str]], mode: str) -> None:
    frame = pd.DataFrame(
        {
            "id": [f"c{i}" for i in range(len(rows))],
            "kind": "share",
            "quote": "q",
            "numerator": [r[0] for r in rows],
            "denominator": [r[1] for r in rows],
            "percent": [r[2] for r in rows],
        }
    )
    table, one_by_one = both_paths(frame, mode)
    pd.testing.assert_frame_equal(table, one_by_one)


def test_agreement_on_ties_small_denominators_and_mixed_kinds() -> None:
    frame = pd.DataFrame(
        {
            "id": list("abcdefgh"),
            "kind": ["share"] * 7 + ["parts_sum"],
            "quote": "q",
            "numerator": ["1", "1", "", "133", "2843.1万", "七十", "0", ""],
            "denominator": ["8", "16", "7", "205", "9671.2万", "205", "3", ""],
            "percent": ["12", "6.3", "50.0", "64.8%", "29.4", "34.1", "0.0", ""],
            "parts": [""] * 7 + ["71821; 70690; -18659"],
            "total": [""] * 7 + ["123852"],
        }
    )
    for mode in ALL_MODES:
        table, one_by_one = both_paths(frame, mode)
        pd.testing.assert_frame_equal(table, one_by_one)
    results = check_claims(frame).set_index("id")
    assert results.loc["a", "verdict"] == "inconsistent"  # 1/8 = 12.5% is 13 half up
    assert results.loc["d", "consistent_modes"] == ["truncate", "floor"]
    assert results.loc["e", "witness_denominator"] == 96_711_500
    assert results.loc["h", "verdict"] == "consistent"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_claims_tables_from_files(tmp_path: Path, suffix: str) -> None:
    frame = pd.DataFrame(
        {"id": ["women"], "kind": ["share"], "quote": ["女党员2843.1万名,占党员总数的29.4%"],
         "numerator": ["2843.1万"], "denominator": ["9671.2万"], "percent": ["29.4"]}
    )  # fmt: skip
    path = tmp_path / f"claims{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False, encoding="gbk")  # as Excel saves it on Chinese Windows
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_parquet(path)
    row = pbm.check_claims(path).iloc[0]
    assert row["verdict"] == "consistent" and row["file"] == str(path)


def test_bad_rows_are_reported_with_row_claim_and_key_and_the_rest_checked() -> None:
    frame = pd.DataFrame(
        {"id": ["ok", "bad", "worse"], "kind": ["share", "share", "ratio"], "quote": ["q", "q", "q"],
         "numerator": ["133", "Infinity", "1"], "denominator": ["205", "205", "2"], "percent": ["64.8", "1.0", "50"]}
    )  # fmt: skip
    results, problems = check_claims_leniently(frame)
    assert list(results["id"]) == ["ok"]
    assert [(p.row, p.claim, p.key) for p in problems] == [
        (3, "bad", "numerator"),
        (4, "worse", "kind"),
    ]
    with pytest.raises(pbm.InputError, match="row 3"):
        check_claims(frame)


def test_unknown_columns_are_named() -> None:
    frame = pd.DataFrame({"id": ["a"], "kind": ["share"], "quote": ["q"], "percentage": ["1"]})
    with pytest.raises(pbm.InputError, match=r"unknown column.*key 'percentage'"):
        check_claims(frame)
