"""Text encodings of CSV files: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""

from __future__ import annotations

import codecs

from partybuild_metrics.errors import InputError


def decode_csv_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode a CSV file's bytes; returns (text, encoding).

    Strict decoding in a fixed order is enough here and never guesses: Chinese text in
    GBK is practically never valid UTF-8, and GB18030 is a superset of GBK and GB2312.
    A file cut off in the middle of a character (a truncated copy) keeps its encoding:
    the broken character is dropped, and its last row is short of fields.

    >>> decode_csv_bytes("村名".encode("gbk"), "a.csv")
    ('村名', 'gb18030')
    >>> decode_csv_bytes(codecs.BOM_UTF8 + "村名".encode(), "a.csv")
    ('村名', 'utf-8-sig')
    >>> decode_csv_bytes("村名".encode()[:-1], "a.csv")
    ('村', 'utf-8')
    """
    bomless = utf16_without_bom(data)
    if bomless:
        try:
            return data.decode(bomless), bomless
        except UnicodeDecodeError as error:
            raise _not_text(path) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            if error.end < len(data) - 1 or "truncated" not in error.reason:
                raise _not_text(path) from error
            return data[: error.start].decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(
            codecs.BOM_UTF8
        ) else "utf-8"
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8-sig"), "utf-8"
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as error:
        raise _not_text(path) from error


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text written without a byte-order mark (most
    of its characters are ASCII or CJK, so one byte of each pair is often zero); else None.

    >>> utf16_without_bom("年度,year".encode("utf-16-le")), utf16_without_bom(b"year,2020")
    ('utf-16-le', None)
    """
    sample = data[:4096]
    if len(sample) < 4 or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd > pairs * 0.3 and even < pairs * 0.02:
        return "utf-16-le"
    if even > pairs * 0.3 and odd < pairs * 0.02:
        return "utf-16-be"
    return None


def _not_text(path: str) -> InputError:
    return InputError(
        "the file is neither UTF-8 nor GB18030/GBK text",
        path=path,
        hint="save it from Excel or WPS as 'CSV UTF-8' or plain 'CSV'",
    )
