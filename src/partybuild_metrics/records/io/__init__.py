"""Reading record files: encodings, header aliases, sources (CSV, Parquet, Excel)."""

from partybuild_metrics.records.io.aliases import HEADER_ALIASES, normalise_header
from partybuild_metrics.records.io.encoding import decode_csv_bytes
from partybuild_metrics.records.io.sources import read_sources

__all__ = ["HEADER_ALIASES", "decode_csv_bytes", "normalise_header", "read_sources"]
