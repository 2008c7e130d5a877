"""Text encodings of CSV files: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""

from __future__ import annotations

import codecs

from partybuild_metrics.errors import InputError


def decode_csv_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode a CSV file's bytes; returns (text, encoding).

    Strict decoding in a fixed order is enough here and never guesses: Chinese text in
    GBK is practically never valid UTF-8, and GB18030 is a superset of GBK and GB2312.

    >>> decode_csv_bytes("村名".encode("gbk"), "a.csv")
    ('村名', 'gb18030')
    >>> decode_csv_bytes(codecs.BOM_UTF8 + "村名".encode(), "a.csv")
    ('村名', 'utf-8-sig')
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise InputError(
        "the file is neither UTF-8 nor GB18030/GBK text",
        path=path,
        hint="save it from Excel or WPS as 'CSV UTF-8' or plain 'CSV'",
    )
