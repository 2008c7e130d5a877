"""How many threads a large claims table is checked with: the cores the machine leaves idle."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Final

MAX_THREADS: Final = 4
_LOADAVG: Final = Path("/proc/loadavg")
_OWN_THREADS: Final = Path("/proc/self/task")
_SAMPLES: Final = 3
_SAMPLE_GAP: Final = 0.001


def spare_threads() -> int:
    """One thread for each core no other program keeps busy (at least one, at most
    MAX_THREADS).

    Arrow and numpy let go of the GIL while they work, so threads on idle cores share the
    work; on busy cores they only wait for each other, as a thread descheduled while it
    holds the GIL stalls the rest. Busy is what other programs run now: Linux counts the
    threads ready to run at this moment in /proc/loadavg, and this program's own (this
    one, Arrow's readers just finishing) are taken off that count. The count is the least
    of three looks a millisecond apart: a kernel thread or one of ours caught between
    the two reads would otherwise halve the threads for the whole table. The one-minute load
    average, where that count cannot be read, lags a minute behind and counts work that
    has finished, this program's own included.

    >>> 1 <= spare_threads() <= MAX_THREADS
    True
    """
    cores = os.cpu_count() or 1
    looks = []
    for look in range(_SAMPLES):
        if look:
            time.sleep(_SAMPLE_GAP)
        looks.append(_running_elsewhere())
    others = None if None in looks else min(x for x in looks if x is not None)
    if others is None:
        others = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return max(1, min(MAX_THREADS, cores, round(cores - others)))


def _running_elsewhere() -> float | None:
    """Threads of other programs ready to run now: the machine's count ("1.47 1.75 1.66
    2/81 6283": 2) less this program's threads in state R."""
    try:
        field = _LOADAVG.read_text(encoding="ascii").split()[3]
        running = float(field.split("/")[0])
    except (OSError, IndexError, ValueError):
        return None
    return max(0.0, running - _running_here())


def _running_here() -> int:
    """This program's threads ready to run now (this one among them)."""
    count = 0
    try:
        tasks = list(_OWN_THREADS.iterdir())
    except OSError:
        return 1
    for task in tasks:
        try:
            # "pid (name) S ...": the state follows the name, which may hold spaces.
            state = (task / "stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue  # a thread that has just ended
        if state.rpartition(")")[2].split()[:1] == ["R"]:
            count += 1
    return max(count, 1)
