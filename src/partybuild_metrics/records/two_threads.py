"""The tables of a dataset parsed in two threads, both busy until the last table.

A table of a million rows or more is parsed in a worker thread, started as soon as it
is read; Arrow and numpy release the GIL for most of that work. When it is done, the
worker takes the other tables from the end of the table order while the main thread
takes them from the front. Each thread also finds what the rules across tables need from
the table it parsed; for the large table, whose rule comes last, that is done last.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from partybuild_metrics.records.io.sources import RawTable
from partybuild_metrics.records.referential import prepare
from partybuild_metrics.records.schemas import TABLE_ORDER
from partybuild_metrics.records.validation import ParsedTable, parse_table

PARALLEL_ROWS = 1_000_000
"""A table this large is parsed in a second thread while the others are parsed."""


def _prepared(parsed: ParsedTable) -> ParsedTable:
    prepare(parsed)
    return parsed


def _settle(slot: Future[ParsedTable], work: Callable[[], ParsedTable]) -> None:
    try:
        slot.set_result(work())
    except BaseException as error:  # re-raised in the main thread by ``slot.result()``
        slot.set_exception(error)


class TwoThreadParsing:
    """Parses tables in this thread and in ``pool``'s single worker.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(max_workers=1) as pool:
    ...     parsed = TwoThreadParsing(pool).parse_all({name: [] for name in TABLE_ORDER})
    >>> parsed["villages"].frame.empty
    True
    """

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self.pool = pool
        self.large: dict[str, Future[ParsedTable]] = {}
        self._taken: set[str] = set()
        self._lock = threading.Lock()

    def start_if_large(self, name: str, raws: list[RawTable]) -> None:
        """Start parsing a table in the worker if it is large, and no other is started.

        Called before the other tables are read, the parsing overlaps their reading.
        """
        if not self.large and sum(len(raw.frame) for raw in raws) >= PARALLEL_ROWS:
            self._taken.add(name)
            self.large[name] = self.pool.submit(parse_table, name, raws)

    def _take(self, name: str) -> bool:
        with self._lock:
            if name in self._taken:
                return False
            self._taken.add(name)
            return True

    def _parse_if_free(self, name: str, raws: list[RawTable], slot: Future[ParsedTable]) -> None:
        if self._take(name):
            _settle(slot, lambda: _prepared(parse_table(name, raws)))

    def parse_all(
        self, by_table: dict[str, list[RawTable]]
    ) -> dict[str, ParsedTable | Future[ParsedTable]]:
        """Every table of TABLE_ORDER, parsed; one parsed in the worker comes as its Future.

        The rules across tables can then begin with the tables at hand.
        """
        rows = {name: sum(len(raw.frame) for raw in raws) for name, raws in by_table.items()}
        largest = max(rows, key=lambda name: rows[name])
        self.start_if_large(largest, by_table[largest])
        rest = [name for name in TABLE_ORDER if name not in self.large]
        slots: dict[str, Future[ParsedTable]] = {name: Future() for name in rest}
        if self.large:
            for name in reversed(rest):
                self.pool.submit(self._parse_if_free, name, by_table[name], slots[name])
        # The large table's rule comes last: the worker first helps with the others.
        parsed: dict[str, ParsedTable | Future[ParsedTable]] = {
            name: self.pool.submit(lambda parsing: _prepared(parsing.result()), parsing)
            for name, parsing in self.large.items()
        }
        for name in rest:
            parsed[name] = (
                _prepared(parse_table(name, by_table[name])) if self._take(name) else slots[name]
            )
        return {name: parsed[name] for name in TABLE_ORDER}
