"""Reading a claims file's bytes safely: its encoding, and YAML with no surprises.

Files come as Notepad and WPS save them: UTF-8 with or without a BOM, UTF-16 with a BOM,
or GBK / GB18030 on Chinese Windows. Binary data, YAML aliases (which let a few lines
stand for billions of values), nesting deeper than a claims file needs and files over
:data:`MAX_BYTES` are refused with a message that names the file, before they cost time
or memory. YAML is parsed by libyaml's C loader when PyYAML has it.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any, Final

from partybuild_metrics.claims.problems import ClaimFileError

MAX_BYTES: Final = 64 * 1024 * 1024
"""A claims file larger than this is refused (give large sets of claims as a table)."""
MAX_VALUES: Final = 1_500_000
"""A claims file of more YAML values (keys, values, lists: about 100,000 claims) is refused
before it is loaded: loaded, each value takes half a kilobyte or more, so that 20 MB of
"- {}" lines would take 3 GB. Larger sets of claims are read column-wise from a table."""
MAX_DEPTH: Final = 20
"""A claims file nests a few levels (claims → claim → parts); deeper is refused."""
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
        control = _CONTROL.search(text)
        if control is None:
            return text
        break
    raise ClaimFileError(
        name, "is not a text file (binary data, or an encoding other than UTF-8, UTF-16 or GBK/GB18030)",
        hint="save the claims as UTF-8 text (.yaml), or give them as a CSV/XLSX/Parquet table",
    )  # fmt: skip


def _loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_aliases_and_depth(text: str, name: str) -> None:
    """Walk the YAML events (in C when available): no alias, no nesting deeper than
    MAX_DEPTH, no more than MAX_VALUES values, no key given twice in one mapping."""
    import yaml

    depth = values = 0
    # per open mapping: the keys seen, and whether the next node is a key
    mappings: list[tuple[set[str], list[bool]] | None] = []

    def node_done() -> None:
        if mappings and mappings[-1] is not None:
            expecting = mappings[-1][1]
            expecting[0] = not expecting[0]

    for event in yaml.parse(text, Loader=_loader()):
        if isinstance(event, yaml.NodeEvent):
            values += 1
            if values > MAX_VALUES:
                raise ClaimFileError(
                    name, f"holds more than {MAX_VALUES:,} YAML values (about 100,000 claims)",
                    hint="give large sets of claims as a CSV, XLSX or Parquet table",
                )  # fmt: skip
        if isinstance(event, yaml.ScalarEvent):
            top = mappings[-1] if mappings else None
            if top is not None and top[1][0]:
                if event.value in top[0]:
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    raise ClaimFileError(
                        name, f"gives the key '{event.value[:40]}' twice in one place (line {line})",
                        hint="keep one: YAML would silently keep the last",
                    )  # fmt: skip
                top[0].add(event.value)
            node_done()
        elif isinstance(event, yaml.MappingStartEvent):
            mappings.append((set(), [True]))
        elif isinstance(event, yaml.SequenceStartEvent):
            mappings.append(None)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            mappings.pop()
            node_done()
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark else "?"
            raise ClaimFileError(
                name, f"uses a YAML alias (*{event.anchor}) at line {line}",
                hint="write every value out; claims files do not use anchors and aliases",
            )  # fmt: skip
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else "?"
                raise ClaimFileError(
                    name, f"nests more than {MAX_DEPTH} levels deep (line {line})",
                    hint="a claims file is a source and a list of claims with flat keys",
                )  # fmt: skip
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


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
