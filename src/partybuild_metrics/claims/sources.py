"""Reading a claims file's bytes safely: its encoding, and YAML with no surprises.

Files come as Notepad and WPS save them: UTF-8 with or without a BOM, UTF-16 with a BOM,
or GBK / GB18030 on Chinese Windows (Big5 when its characters read as common ones). Binary data, YAML aliases (which let a few lines
stand for billions of values), nesting deeper than a claims file needs and files over
:data:`MAX_BYTES` are refused with a message that names the file, before they cost time
or memory. YAML is parsed by libyaml's C loader when PyYAML has it.
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
from pathlib import Path
from typing import Any, Final

from partybuild_metrics.claims.problems import ClaimFileError
from partybuild_metrics.records.io.encoding import gb_or_big5, utf8_line, where_encoding_changes

MAX_BYTES: Final = 64 * 1024 * 1024
"""A claims file larger than this is refused (give large sets of claims as a table)."""
MAX_VALUES: Final = 1_500_000
"""A claims file of more YAML values (keys, values, lists: about 100,000 claims) is refused
before it is loaded: loaded, each value takes half a kilobyte or more, so that 20 MB of
"- {}" lines would take 3 GB. Larger sets of claims are read column-wise from a table."""
MAX_DEPTH: Final = 20
"""A claims file nests a few levels (claims → claim → parts); deeper is refused."""
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _binary(text: str) -> bool:
    """Whether decoded text is binary data: a NUL, or control characters more than one in a
    thousand. A few in a clerk's cells (Word's line break \\x0b, an ESC pasted in) are
    text, each a problem of its own cell, not a reason to refuse the file."""
    if "\x00" in text:
        return True
    limit = max(8, len(text) // 1000)
    return sum(1 for _ in itertools.islice(_CONTROL.finditer(text), limit + 1)) > limit


def decode(data: bytes, name: str) -> str:
    """The text of a file's bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, UTF-16 without one, GB18030.

    >>> decode("党员".encode("gbk"), "a.yaml"), decode("党员".encode("utf-16"), "a.yaml")
    ('党员', '党员')
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
    ):  # fmt: skip
        if data.startswith(bom):
            candidates = [encoding]
            break
    else:
        candidates = ["utf-8"]
        head = data[:4096]
        if head.count(0) > len(head) // 4:  # UTF-16 without a BOM: ASCII has a zero byte each
            candidates = ["utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"]
        candidates.append("gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030":
            line = utf8_line(data)
            if line:  # GB18030 reads any bytes: the UTF-8 lines would be read garbled
                raise ClaimFileError(
                    name, f"is in two encodings: GBK, and on line {line} UTF-8 (two files pasted into one?)",
                    hint="save it again from one program in one encoding (UTF-8, or GBK as Excel saves it)",
                )  # fmt: skip
            text = gb_or_big5(data, text)[0]
        if not _binary(text):
            return text
        break
    else:
        changes = _where_encoding_changes(data)
        if changes:
            raise ClaimFileError(
                name, f"is in two encodings: it changes encoding on {changes} (two files pasted into one?)",
                hint="save it again from one program in one encoding (UTF-8, or GBK as Excel saves it)",
            )  # fmt: skip
    raise ClaimFileError(
        name, "is not a text file (binary data, or an encoding other than UTF-8, UTF-16 or GBK/GB18030)",
        hint="save the claims as UTF-8 text (.yaml), or give them as a CSV/XLSX/Parquet table",
    )  # fmt: skip


def _where_encoding_changes(data: bytes) -> str:
    """ "line 21, byte 2347" where text neither UTF-8 nor GB18030 turns from the one into
    the other ("" when it is binary data, or not text at all)."""
    if b"\x00" in data[:65536]:
        return ""
    try:
        data.decode("utf-8")
        return ""
    except UnicodeDecodeError as error:
        utf8_ends = error.start
    try:
        data.decode("gb18030")
        return ""
    except UnicodeDecodeError as error:
        line, byte = where_encoding_changes(data, utf8_ends, error.start)
    if byte is None:
        return f"line {line}, from GBK to UTF-8"
    head = data[: byte - 1]
    try:  # the part before it reads in one of the two
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            head.decode("gb18030")
        except UnicodeDecodeError:
            return ""
    return f"line {line}, byte {byte}"


@functools.cache
def _loader() -> Any:
    """The C safe loader (pure Python where libyaml is missing), with one change: an
    unquoted integer too long for Python to read (4,300 digits and more), or written in any
    form but plain decimal digits, stays the text it is, so that the claim holding it gets
    the model's error naming its key (or keeps its id as written), and the other claims of
    the file are still read."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        pass

    def integer(loader: Any, node: Any) -> Any:
        if len(node.value) > _LONGEST_INT or not _DECIMAL_INT.fullmatch(node.value):
            # 010 (octal), 0x10, 1_000, 1:30 (base 60): kept as written, never 8, 16, 1000, 90
            return str(node.value)
        return loader.construct_yaml_int(node)

    Loader.add_constructor("tag:yaml.org,2002:int", integer)
    return Loader


_LONGEST_INT: Final = 4000
_DECIMAL_INT: Final = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


class _Mapping:
    """A mapping being walked: the keys seen so far, and whether its next node is a key."""

    __slots__ = ("key_next", "keys")

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.key_next = True


def _refuse_aliases_and_depth(text: str, name: str) -> None:
    """Walk the YAML events (in C when available): no alias, no nesting deeper than
    MAX_DEPTH, no more than MAX_VALUES values, no key given twice in one mapping, no merge
    key (``<<``), by which a key is given twice without a word."""
    import yaml

    def line(event: Any) -> int | str:
        return event.start_mark.line + 1 if event.start_mark else "?"

    values = 0
    open_: list[_Mapping | None] = []  # the mappings and lists the walk is inside

    def node_done() -> None:  # a key or a value of the mapping around it, if any
        if open_ and open_[-1] is not None:
            open_[-1].key_next = not open_[-1].key_next

    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, yaml.NodeEvent):
            values += 1
            if values > MAX_VALUES:
                raise ClaimFileError(
                    name, f"holds more than {MAX_VALUES:,} YAML values (about 100,000 claims)",
                    hint="give large sets of claims as a CSV, XLSX or Parquet table",
                )  # fmt: skip
        if isinstance(event, yaml.AliasEvent):
            raise ClaimFileError(
                name, f"uses a YAML alias (*{event.anchor}) at line {line(event)}",
                hint="write every value out; claims files do not use anchors and aliases",
            )  # fmt: skip
        if isinstance(event, yaml.ScalarEvent):
            mapping = open_[-1] if open_ else None
            if mapping is not None and mapping.key_next:
                if event.value == "<<" and not event.style:  # plain, not quoted
                    raise ClaimFileError(
                        name, f"uses a YAML merge key (<<) at line {line(event)}",
                        hint="write every key out; a merged key would silently give a key twice",
                    )  # fmt: skip
                if event.value in mapping.keys:
                    raise ClaimFileError(
                        name, f"gives the key '{event.value[:40]}' twice in one place (line {line(event)})",
                        hint="keep one: YAML would silently keep the last",
                    )  # fmt: skip
                mapping.keys.add(event.value)
            node_done()
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            open_.append(_Mapping() if isinstance(event, yaml.MappingStartEvent) else None)
            if len(open_) > MAX_DEPTH:
                raise ClaimFileError(
                    name, f"nests more than {MAX_DEPTH} levels deep (line {line(event)})",
                    hint="a claims file is a source and a list of claims with flat keys",
                )  # fmt: skip
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            open_.pop()
            node_done()


def read_yaml(path: str | Path) -> Any:
    """The YAML document of a claims file, read safely (no objects constructed, no aliases).

    >>> read_yaml("data/claims/004_huanren_lingyuan.yaml")["source"]["id"]
    'huanren-lingyuan'
    """
    import yaml

    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise ClaimFileError(
                name, f"is {size:,} bytes, more than a claims file may be ({MAX_BYTES:,})",
                hint="give large sets of claims as a CSV, XLSX or Parquet table",
            )  # fmt: skip
        data = Path(path).read_bytes()
    except OSError as error:
        raise ClaimFileError(name, f"cannot be read ({error.strerror})") from error
    text = decode(data, name)
    try:
        _refuse_aliases_and_depth(text, name)
        return yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        problem = str(error).replace("\n", " ")
        raise ClaimFileError(name, f"is not valid YAML ({problem[:300]})") from None
    except RecursionError:
        raise ClaimFileError(name, "nests too deep to read") from None
    except ValueError as error:  # an unquoted integer of thousands of digits
        raise ClaimFileError(
            name,
            f"holds a value YAML cannot read ({str(error)[:120]})",
            hint='quote every printed number: numerator: "2843.1万"',
        ) from None
