"""Reading a report's text: plain text in any encoding Chinese offices save, HTML, Word .docx.

Plain text is decoded as the records' CSV reader decodes a CSV file (UTF-8 with or without
a BOM, UTF-16 with a BOM, then GB18030, which covers GBK and GB2312), plus UTF-16 without
a BOM, which Notepad writes as "Unicode". An HTML page keeps its visible text only: scripts,
styles, templates and hidden elements are dropped, entities decoded, and each block element
(paragraph, heading, list item, table row) starts a new line. A .docx file gives its
paragraphs and tables in document order, read with python-docx.

Limits keep a hostile file from costing unbounded time or memory: a file over
:data:`MAX_BYTES`, a .docx whose text part unpacks to more than :data:`MAX_DOCX_XML` bytes or
to a hundred times its packed size,
and binary data are refused with an :class:`~partybuild_metrics.errors.InputError` naming
the file and saying what to do.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from partybuild_metrics.errors import InputError
from partybuild_metrics.records.id_numbers import mask_id_numbers_in
from partybuild_metrics.records.io.archives import refuse_zip_bomb
from partybuild_metrics.records.io.encoding import decode_csv_bytes

MAX_BYTES: Final = 200 * 1024 * 1024
"""A text, HTML or .docx file larger than this is refused."""
MAX_DOCX_XML: Final = 64 * 1024 * 1024
_GRID_SPAN: Final = re.compile(rb"""gridSpan\s+w:val\s*=\s*["']([0-9]{1,12})["']""")
_MAX_SPAN: Final = 63  # Word's widest table
"""A .docx whose document.xml unpacks to more than this is refused: some thousands of pages
of text, read by python-docx in twenty times as much memory."""
TEXT_SUFFIXES: Final = (".txt", ".text", ".md")
HTML_SUFFIXES: Final = (".html", ".htm", ".xhtml", ".shtml")
DOCX_SUFFIXES: Final = (".docx",)
SUFFIXES: Final = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES
"""File name endings read as a report's text."""
_COMMON: Final = frozenset(
    "，。、；：“”（）《》％\n\r\t" + "".join(chr(c) for c in range(0x20, 0x7F))
)
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET: Final = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]{2,20})", re.I
)


@dataclass(frozen=True)
class Document:
    """A report's text and where it came from: ``format`` is "text", "html" or "docx"."""

    name: str
    text: str
    format: str
    encoding: str = ""


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """A text file's characters and the encoding they were read in.

    Encodings are tried as for a CSV file (records/io/encoding.py: a BOM, then UTF-8, then
    GB18030); UTF-16 without a BOM, which Notepad's "Unicode" writes, is recognised by its
    zero bytes (ASCII characters) or, for text of Chinese characters only, by decoding to
    Chinese characters where UTF-8 fails.

    >>> decode_text("占比71.7%".encode("gbk"), "a.txt")
    ('占比71.7%', 'gb18030')
    >>> decode_text("占比71.7%".encode("utf-16-le"), "a.txt")
    ('占比71.7%', 'utf-16-le')
    """
    head = data[:4096]
    bom = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8))
    encoding = ""
    if not bom and head.count(0) > len(head) // 4:
        encoding = "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"
    elif not bom and _utf16_chinese(data):
        encoding = _utf16_chinese(data)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise _binary(name) from None
    else:
        try:
            text, encoding = decode_csv_bytes(data, name)
        except (InputError, UnicodeDecodeError):
            raise _binary(name) from None
    text = text.removeprefix("\ufeff")
    sample = text[:1_000_000]
    if "\x00" in sample or _controls(sample) > max(8, len(sample) // 1000):
        raise _binary(name)  # a few (an ESC pasted in, Word's line break) are text
    return text, encoding


def _utf16_chinese(data: bytes) -> str:
    """ "utf-16-le"/"utf-16-be" when bytes that are not UTF-8 read as Chinese text in UTF-16."""
    if len(data) % 2 or len(data) < 4:
        return ""
    try:
        data[:65536].decode("utf-8")
        return ""
    except UnicodeDecodeError:
        pass
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            sample = data[:65536].decode(encoding)
        except UnicodeDecodeError:
            continue
        common = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff" or ch in _COMMON)
        if common >= 0.9 * len(sample):
            return encoding
    return ""


def _controls(sample: str) -> int:
    if not _CONTROL.search(sample):
        return 0
    return len(_CONTROL.findall(sample))


def _binary(name: str) -> InputError:
    return InputError(
        "is not text: binary data, or an encoding other than UTF-8, UTF-16 or GBK/GB18030",
        path=name,
        hint="save the report as .txt (UTF-8), .html or .docx",
    )


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=str(path)) from None
    if path.is_dir():
        raise InputError("is a folder, not a file", path=str(path), hint="name the report's file")
    if not path.is_file():
        raise InputError("is not a regular file (a pipe or a device)", path=str(path))
    if size > MAX_BYTES:
        raise InputError(
            f"is {size:,} bytes, more than a report's text may be ({MAX_BYTES:,})",
            path=str(path),
            hint="split the document into parts",
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror})", path=str(path)) from None


def html_text(markup: str) -> str:
    """The visible text of an HTML page: one line per block, entities decoded, scripts dropped.

    >>> html_text("<p>全市<b>133</b>个村,占比达64.8%&nbsp;</p><script>x='99%'</script><p>二</p>")
    '全市133个村,占比达64.8%\\n二'
    """
    from partybuild_metrics.claims.extract.markup import visible_text

    return visible_text(markup)


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    """HTML bytes: a BOM first, then the page's own <meta charset>, then as plain text."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, name)
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        label = declared[1].decode("ascii").lower()
        if label in ("gb2312", "gbk", "gb18030", "x-gbk"):
            label = "gb18030"
        try:
            codecs.lookup(label)
            return data.decode(label), label
        except (LookupError, UnicodeError):  # unknown, or a codec for names (punycode)
            pass
    return decode_text(data, name)


def _docx_text(path: Path, data: bytes) -> str:
    import io

    name = str(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            refuse_zip_bomb(name, archive)
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise InputError(
                    f"unpacks to {info.file_size:,} bytes of text, more than {MAX_DOCX_XML:,}",
                    path=name,
                )
            # every XML part is parsed when the document opens (headers, styles, notes):
            # eight headers of 60 MB each took 10 GB
            xml = sum(
                i.file_size for i in archive.infolist() if i.filename.endswith((".xml", ".rels"))
            )
            if xml > 2 * MAX_DOCX_XML:
                raise InputError(
                    f"its XML parts unpack to {xml:,} bytes, more than {2 * MAX_DOCX_XML:,}",
                    path=name,
                    hint="open it in Word or WPS and save it again as .docx",
                )
            span = max((int(v) for v in _GRID_SPAN.findall(archive.read(info))), default=1)
            if span > _MAX_SPAN:
                raise InputError(
                    f"has a table cell spanning {span:,} columns (Word allows {_MAX_SPAN})",
                    path=name,
                    hint="open it in Word or WPS and save it again as .docx",
                )
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        raise InputError(
            "is not a Word .docx document (not a zip archive with word/document.xml)",
            path=name,
            hint="open it in Word or WPS and save it as .docx; an old .doc must be saved as .docx",
        ) from None
    from partybuild_metrics.claims.extract.word import docx_paragraphs

    try:
        return "\n".join(docx_paragraphs(io.BytesIO(data)))
    except InputError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds on a broken part
        raise InputError(
            f"is a damaged .docx document ({type(error).__name__}: {str(error)[:200]})",
            path=name,
            hint="open it in Word or WPS and save it again as .docx",
        ) from None


def read_document(path: str | Path) -> Document:
    """A report file's text: .txt (any common encoding), .html/.htm, or .docx, with any
    ID number in it masked (:func:`mask_id_numbers_in`, which keeps every character's
    place), so that no quote, finding or highlighted page shows one.

    >>> doc = read_document("data/articles/003_taiyuan_2017.txt")
    >>> doc.format, "佔到77.6%" in doc.text
    ('text', True)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        if suffix == ".doc":
            hint = "open it in Word or WPS and save it as .docx"
        elif suffix == ".pdf":
            hint = "save the PDF's text as .txt (e.g. pdftotext -enc UTF-8 FILE.pdf)"
        else:
            hint = f"give a report as {', '.join(SUFFIXES)}"
        raise InputError(
            f"'{suffix or '(no extension)'}' is not a report format read here",
            path=str(path),
            hint=hint,
        )
    data = _read_bytes(path)
    if suffix in DOCX_SUFFIXES:
        text, kind, encoding = _docx_text(path, data), "docx", "utf-8"
    elif suffix in HTML_SUFFIXES:
        markup, encoding = _decode_html(data, str(path))
        try:
            text, kind = html_text(markup), "html"
        except ValueError as error:
            raise InputError(str(error), path=str(path)) from None
    else:
        (text, encoding), kind = decode_text(data, str(path)), "text"
    # a file named after a person ("110101199003074514张三.txt") shows its name masked too
    return Document(mask_id_numbers_in(str(path)), mask_id_numbers_in(text), kind, encoding)
