"""check_claims(): claims from any input, each sent its way: a table's share rows to the
column-wise path (:mod:`partybuild_metrics.claims.frame`), every other claim one at a time
(:mod:`partybuild_metrics.claims.check`), the results in one frame."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from partybuild_metrics.claims.check import _check_objects, concat_results, unknown_indicators
from partybuild_metrics.claims.frame import check_claims_frame
from partybuild_metrics.claims.model import (
    TABLE_SUFFIXES,
    Claim,
    claims_files_leniently,
    read_claims,
)
from partybuild_metrics.claims.problems import ClaimFileError, ClaimProblem
from partybuild_metrics.claims.table import read_claims_table
from partybuild_metrics.rounding import check_mode

if TYPE_CHECKING:
    from partybuild_metrics.records.dataset import Dataset


def check_claims(
    claims: Iterable[Claim | str | Path] | str | Path | pd.DataFrame,
    dataset: Dataset | None = None,
    rounding: str = "half_up",
) -> pd.DataFrame:
    """Check every claim; with a Dataset, also verify the claims that name an indicator.

    ``verdict`` is the consistency of the figures under ``rounding``: ``consistent``,
    ``inconsistent`` or ``not_testable``; ``consistent_modes`` lists every mode that fits;
    ``source_modes`` the modes that fit all of the source's testable claims. A claim whose
    modes exclude ``rounding`` is inconsistent under it, though it may fit another habit.
    ``claims`` are Claim objects, claims files and folders (YAML, or CSV/XLSX/Parquet
    tables), or a DataFrame with one claim per row (checked column-wise, see
    :mod:`partybuild_metrics.claims.table`). Bad input raises ClaimFileError listing
    every problem.

    >>> results = check_claims("data/claims/004_huanren_lingyuan.yaml")
    >>> results.loc[results["id"] == "expert-database", ["verdict", "published"]].values.tolist()
    [['consistent', '201 + 484 + 359 = 1044']]
    """
    results, problems = check_claims_leniently(claims, dataset, rounding)
    if problems:
        raise ClaimFileError.of(problems)
    return results


def check_claims_leniently(
    claims: Iterable[Claim | str | Path] | str | Path | pd.DataFrame,
    dataset: Dataset | None = None,
    rounding: str = "half_up",
) -> tuple[pd.DataFrame, list[ClaimProblem]]:
    """As :func:`check_claims`, but the sound claims are checked and every problem returned.

    A folder gives its claims files (.yaml, .yml) and claims tables (.csv, .xlsx, .xlsm,
    .xls, .parquet), in name order.
    """
    mode = check_mode(rounding)
    if isinstance(claims, pd.DataFrame):
        return check_claims_frame(claims, mode, dataset=dataset)
    if isinstance(claims, (str, Path)):
        claims = [claims]
    items = (
        list(claims)
        if isinstance(claims, Iterable) and not isinstance(claims, (bytes, dict))
        else [claims]
    )
    others = [item for item in items if not isinstance(item, (str, Path, Claim))]
    if others:
        raise TypeError(
            "claims are Claim objects, paths of claims files and folders, or a DataFrame; "
            f"got {type(others[0]).__name__}"
        )
    objects = [item for item in items if isinstance(item, Claim)]
    # a folder gives its claims tables as well as its YAML files: none left out unsaid
    paths, missing = claims_files_leniently(item for item in items if isinstance(item, (str, Path)))
    tables = [path for path in paths if path.suffix.lower() in TABLE_SUFFIXES]
    read = (
        read_claims([path for path in paths if path not in tables])
        if len(tables) < len(paths)
        else None
    )
    problems = missing + (list(read.problems) if read else [])
    frames: list[pd.DataFrame] = []
    for table in tables:
        try:
            frame = read_claims_table(table)
        except ClaimFileError as error:
            problems += error.problems
            continue
        result, found = check_claims_frame(frame, mode, dataset=dataset)
        frames.append(result)
        problems += found
    checked = objects + (read.claims if read else [])
    problems += unknown_indicators(checked, dataset)
    frames.insert(0, _check_objects(checked, dataset, mode))
    return concat_results([f for f in frames if len(f)] or frames[:1]), problems
