"""`once` must agree with ``~DataFrame.duplicated(keep=False)`` whichever path it takes."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from partybuild_metrics.records.uniqueness import once

ids = st.one_of(
    st.integers(0, 30).map(lambda n: f"H{n}"),  # prefix + number: the integer path
    st.integers(0, 30).map(lambda n: f"H{n:02d}"),  # H01 beside H1: two ids
    st.sampled_from(["a", "b", "户1", "户01", " H1"]),  # text: the sort path
)


def _expected(frame: pd.DataFrame, columns: list[str]) -> list[bool]:
    return (~frame.duplicated(columns, keep=False)).tolist()


@given(st.lists(ids, max_size=40))
def test_one_text_column_matches_pandas(values: list[str]) -> None:
    frame = pd.DataFrame({"id": pd.Series(values, dtype="str")})
    assert once(frame, ["id"]).tolist() == _expected(frame, ["id"])


@given(
    st.lists(
        st.tuples(st.integers(0, 5).map(lambda n: f"21028310120{n}"), st.integers(2015, 2020)),
        max_size=40,
    )
)
def test_code_and_year_match_pandas(rows: list[tuple[str, int]]) -> None:
    frame = pd.DataFrame(rows, columns=["village_code", "year"]).astype({"village_code": "str"})
    assert once(frame, ["village_code", "year"]).tolist() == _expected(
        frame, ["village_code", "year"]
    )


@given(
    st.lists(
        st.tuples(ids, st.integers(-(2**62), 2**62), st.sampled_from(["2020-01-01", "2021-06-30"])),
        max_size=30,
    )
)
def test_keys_too_wide_for_one_integer_fall_back(rows: list[tuple[str, int, str]]) -> None:
    frame = pd.DataFrame(rows, columns=["person_id", "big", "start"]).astype({"person_id": "str"})
    frame["start"] = pd.to_datetime(frame["start"])
    columns = ["person_id", "big", "start"]
    assert once(frame, columns).tolist() == _expected(frame, columns)


def test_ids_in_order_need_no_sort_and_blank_ids_are_not_repeats() -> None:
    frame = pd.DataFrame({"id": pd.Series([f"H{n}" for n in range(1000)], dtype="str")})
    assert once(frame, ["id"]).all()
    shuffled = frame.sample(frac=1, random_state=1).reset_index(drop=True)
    shuffled.loc[[3, 700], "id"] = "H5"
    assert np.flatnonzero(~once(shuffled, ["id"]).to_numpy()).tolist() == sorted(
        {3, 700, *np.flatnonzero(shuffled["id"].to_numpy() == "H5")}
    )
    blanks = pd.DataFrame({"id": pd.Series(["H1", None, None], dtype="str")})
    assert once(blanks, ["id"]).tolist() == [True, True, True]


@given(
    st.lists(st.tuples(ids, st.integers(2015, 2020)), max_size=40),
    st.sampled_from([["id", "year"], ["year", "id"]]),
)
def test_rows_already_in_key_order_match_pandas(rows: list[tuple[str, int]], by: list[str]) -> None:
    """Sorted rows take the one-pass path; repeats among them must still be found."""
    frame = pd.DataFrame(rows, columns=["id", "year"]).astype({"id": "str"})
    frame["length"] = frame["id"].str.len()
    order = ["length", "id", "year"] if by[0] == "id" else ["year", "length", "id"]
    frame = frame.sort_values(order, kind="stable").drop(columns="length").reset_index(drop=True)
    for columns in (["id"], ["id", "year"]):
        assert once(frame, columns).tolist() == _expected(frame, columns)


@given(st.lists(ids, min_size=1, max_size=40), st.lists(st.integers(0, 40), max_size=4))
def test_rises_across_arrow_chunks(values: list[str], cuts: list[int]) -> None:
    """Each chunk is worked out alone; the steps between chunks must still be seen."""
    import pyarrow as pa

    from partybuild_metrics.records.textbytes import rises

    bounds = sorted({0, len(values), *(cut for cut in cuts if cut < len(values))})
    chunks = [pa.array(values[a:b], type=pa.large_string()) for a, b in itertools.pairwise(bounds)]
    text = pa.chunked_array(chunks, type=pa.large_string())
    order = [(len(v.encode()), v.encode()) for v in values]
    assert rises(text).tolist() == [b > a for a, b in itertools.pairwise(order)]
    ordered = sorted(set(values), key=lambda v: (len(v.encode()), v.encode()))
    frame = pd.DataFrame({"id": pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array(
        [pa.array(ordered[: len(ordered) // 2], type=pa.large_string()),
         pa.array(ordered[len(ordered) // 2 :], type=pa.large_string())])))})  # fmt: skip
    assert once(frame, ["id"]).all()
