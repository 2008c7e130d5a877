"""The layout of the engine's result: column types pandas keeps."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from partybuild_metrics.indicators.compute import _codes, _Labels, _output_columns


def test_codes_of_sorted_units_are_their_runs() -> None:
    codes = pa.array(["21", "21", "2102", "210283", "210283", "210283101201"])
    index, values = _codes(codes)
    encoded = pc.dictionary_encode(codes)
    assert index.tolist() == encoded.indices.to_pylist() == [0, 0, 1, 2, 2, 3]
    assert values.to_pylist() == encoded.dictionary.to_pylist()


def test_codes_of_no_units() -> None:
    index, values = _codes(pa.array([], pa.string()))
    assert len(index) == 0 and len(values) == 0


@pytest.mark.parametrize(
    ("codes", "names", "notes", "expected"),
    [
        (100, 101, 12, (np.int8, np.int8, np.int8)),
        (100, 101, 130, (np.int8, np.int8, np.int16)),  # many years × tables without rows
        (40_000, 38_000, 3, (np.int32, np.int32, np.int8)),
        (300, 200, 3, (np.int16, np.int16, np.int8)),
    ],
)
def test_code_columns_take_the_type_pandas_keeps_for_their_count(
    codes: int, names: int, notes: int, expected: tuple[type, type, type]
) -> None:
    arrays = _output_columns(10, _Labels([], {}), codes, names, notes)
    assert (arrays["code"].dtype, arrays["name"].dtype, arrays["note"].dtype) == tuple(
        np.dtype(t) for t in expected
    )
    assert all(len(array) == 10 for array in arrays.values())


def test_units_codes_typed_unchecked_equal_the_checked_type(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pandas as pd

    from partybuild_metrics.indicators.compute import _dtype

    codes = pa.array(["21", "2102", "210283", "庄河市"])
    checked = pd.CategoricalDtype(pd.Index(codes.to_pylist(), dtype="str"))
    assert _dtype(codes) == checked
    assert list(_dtype(codes).categories) == codes.to_pylist()

    def another_pandas(*args: object) -> None:
        raise TypeError("a changed private signature")

    monkeypatch.setattr(pd.CategoricalDtype, "_from_fastpath", another_pandas, raising=False)
    assert _dtype(codes) == checked
    with pytest.raises(ValueError, match="unique"):  # the public constructor checks again
        _dtype(pa.array(["21", "21"]))
