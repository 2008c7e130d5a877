"""Reading record files: encodings, header aliases, sources (CSV, Parquet, Excel)."""

from typing import TYPE_CHECKING

from partybuild_metrics._lazy import lazy_names

if TYPE_CHECKING:
    from partybuild_metrics.records.io.aliases import HEADER_ALIASES, normalise_header
    from partybuild_metrics.records.io.encoding import decode_csv_bytes
    from partybuild_metrics.records.io.sources import read_sources

__all__ = ["HEADER_ALIASES", "decode_csv_bytes", "normalise_header", "read_sources"]
# imported when first used: a report's text is decoded by encoding.py alone, without
# the sources' readers and the validation they load
__getattr__ = lazy_names(
    __name__,
    {
        "HEADER_ALIASES": "aliases",
        "normalise_header": "aliases",
        "decode_csv_bytes": "encoding",
        "read_sources": "sources",
    },
)
