"""How many threads a large claims table is checked with: the cores the machine leaves idle."""

from __future__ import annotations

import os
from typing import Final

MAX_THREADS: Final = 4


def spare_threads() -> int:
    """One thread, and one more for each core the machine's load leaves idle (up to MAX_THREADS).

    Arrow and numpy let go of the GIL while they work, so threads on idle cores share the
    work; on busy cores they only wait for each other, as a thread descheduled while it
    holds the GIL stalls the rest. The one-minute load average counts this process too.

    >>> 1 <= spare_threads() <= MAX_THREADS
    True
    """
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return max(1, min(MAX_THREADS, cores, round(cores - load) + 1))
