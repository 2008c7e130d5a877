"""The page size of the large arrays a computation writes once.

numpy asks Linux for transparent huge pages (``madvise(MADV_HUGEPAGE)``) for every array
of 4 MB or more. Where the kernel compacts memory on such a fault (``defrag`` set to
``madvise``, the usual setting) and the machine is a virtual one that hands freed memory
back to its host, the first write to such an array costs about seven times what it costs
in ordinary pages: 4.1 s against 0.6 s for 1.8 GB on a 2-core Firecracker VM
(``benchmarks/README.md``). A table written once and then read gains nothing from huge
pages that would pay for that.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

try:
    from numpy._core.multiarray import _set_madvise_hugepage  # type: ignore[attr-defined]
except ImportError:  # numpy 1.26
    from numpy.core.multiarray import _set_madvise_hugepage  # type: ignore[no-redef]


@contextmanager
def small_pages() -> Iterator[None]:
    """numpy's arrays in ordinary pages within the block, as before it after.

    The setting is numpy's, for the whole process: arrays other threads allocate
    meanwhile get ordinary pages too, which changes their speed, never their contents.

    >>> import numpy as np
    >>> with small_pages():
    ...     column = np.zeros(1 << 20)
    >>> float(column.sum())
    0.0
    """
    before = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(before)
