"""Records: find and read a county's files, parse their cells, validate them into a Dataset.

Everything downstream (indicators, claims, plots, report) starts from the
:class:`Dataset` this package returns.

>>> from partybuild_metrics.records import read_dataset
>>> ds = read_dataset("data/sample/parquet")
>>> int(ds.summary.set_index("table").loc["villages", "accepted"])
820
"""

from typing import TYPE_CHECKING

from partybuild_metrics._lazy import lazy_names

if TYPE_CHECKING:
    from partybuild_metrics.records.dataset import Dataset, read_dataset, read_frames

__all__ = ["Dataset", "read_dataset", "read_frames"]

# imported when first used: the claims' modules use id_numbers and parsing from this
# package without the validation (pandera) that dataset loads
__getattr__ = lazy_names(__name__, dict.fromkeys(__all__, "dataset"))
