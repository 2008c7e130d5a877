"""How many threads a large claims table is checked with: the cores the machine leaves idle."""

from __future__ import annotations

import os
from typing import Final

MAX_THREADS: Final = 4
_LOADAVG: Final = "/proc/loadavg"


def spare_threads() -> int:
    """One thread, and one more for each core the machine leaves idle (up to MAX_THREADS).

    Arrow and numpy let go of the GIL while they work, so threads on idle cores share the
    work; on busy cores they only wait for each other, as a thread descheduled while it
    holds the GIL stalls the rest. Busy is what runs now: Linux counts the threads ready
    to run at this moment (this one among them) in /proc/loadavg. The one-minute load
    average, where that count cannot be read, lags a minute behind and counts work that
    has finished, this program's own included: a table checked just after another was
    checked on one thread, at half the speed, on a machine with both cores idle.

    >>> 1 <= spare_threads() <= MAX_THREADS
    True
    """
    cores = os.cpu_count() or 1
    busy = _running()
    if busy is None:
        busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return max(1, min(MAX_THREADS, cores, round(cores - busy) + 1))


def _running() -> float | None:
    """Threads ready to run now, this one included ("1.47 1.75 1.66 2/81 6283": 2)."""
    try:
        with open(_LOADAVG, encoding="ascii") as file:
            field = file.read().split()[3]
        return float(field.split("/")[0])
    except (OSError, IndexError, ValueError):
        return None
