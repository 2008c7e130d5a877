"""Reading record files: encodings, header aliases, sources (CSV, Parquet, Excel)."""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partybuild_metrics.records.io.aliases import HEADER_ALIASES, normalise_header
    from partybuild_metrics.records.io.encoding import decode_csv_bytes
    from partybuild_metrics.records.io.sources import read_sources

__all__ = ["HEADER_ALIASES", "decode_csv_bytes", "normalise_header", "read_sources"]
_WHERE = {
    "HEADER_ALIASES": "aliases",
    "normalise_header": "aliases",
    "decode_csv_bytes": "encoding",
    "read_sources": "sources",
}


def __getattr__(name: str) -> Any:
    # imported when first used: a report's text is decoded by encoding.py alone, without
    # the sources' readers and the validation they load
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
