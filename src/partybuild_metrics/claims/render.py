"""Check results as text, JSON and JUnit XML (one test case per claim)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Final

import pandas as pd

from partybuild_metrics.claims.check import failed
from partybuild_metrics.neutralise import ACTED_ON, for_terminal, visible_escape


def to_text(results: pd.DataFrame, lang: str = "en") -> str:
    r"""One line per claim, a summary per source, and the totals.

    Every field from the claims is written with its control characters and line breaks
    as escapes: an id holding a line break cannot print a line of its own.

    >>> frame = pd.DataFrame({"id": ["a\nok   b"], "source": ["s"], "source_modes": [[]],
    ...     "verdict": ["consistent"], "verification": [""], "kind": ["share"],
    ...     "published": ["1/2 = 50%"], "message_en": ["fits"]})
    >>> print(to_text(frame).splitlines()[1])
      ok   a\x0aok   b (share): consistent — 1/2 = 50% — fits
    """
    return "\n".join(text_lines(results, lang))


def text_lines(results: pd.DataFrame, lang: str = "en") -> Iterator[str]:
    """The lines of :func:`to_text`, one at a time: a million claims never stand in memory
    as one text, nor as a million dictionaries."""
    message = "message_zh" if lang == "zh" else "message_en"
    safe = for_terminal
    bad_total = 0
    for source, group in results.groupby("source", sort=False, observed=True):
        habits = group["source_modes"].iloc[0]
        yield (
            f"{safe(source)}: rounding habits that fit every rounded figure: "
            f"{', '.join(habits) or 'none'}"
        )
        bad = failed(group).tolist()
        bad_total += sum(bad)
        for start in range(0, len(group), _CHUNK):
            rows = group.iloc[start : start + _CHUNK]
            columns = [
                rows[c].astype(object).tolist()
                for c in ("id", "kind", "verdict", "verification", "published", message)
            ]
            for at, (id_, kind, verdict, verification, published, said) in enumerate(
                zip(*columns, strict=True), start=start
            ):
                status = "FAIL" if bad[at] else "ok  "
                verified = f" [{verification}]" if verification else ""
                yield (
                    f"  {status} {safe(id_)} ({kind}): {verdict}{verified} — "
                    f"{safe(published)} — {safe(said)}"
                )
    yield f"{len(results) - bad_total} passed, {bad_total} failed"


def to_json(results: pd.DataFrame) -> str:
    """A list of objects with id, verdict, consistent_modes and the rest of the columns, one
    claim to a line; strict JSON: a missing value is null, never NaN.

    >>> print(to_json(pd.DataFrame({"id": ["a", "b"], "against": [float("nan"), 0.5]})))
    [
    {"id": "a", "against": null},
    {"id": "b", "against": 0.5}
    ]
    """
    return "".join(json_pieces(results))


def json_pieces(results: pd.DataFrame) -> Iterator[str]:
    """The text of :func:`to_json` in pieces, a few thousand claims each (json's encoder in
    C writes a line per claim; an indented layout would take its Python one)."""
    if not len(results):
        yield "[]"
        return
    yield "[\n"
    names = [str(name) for name in results.columns]
    for start in range(0, len(results), _CHUNK):
        rows = results.iloc[start : start + _CHUNK]
        columns = [[_json_value(v) for v in rows[c].astype(object).tolist()] for c in rows]
        lines = [
            _UNSEEN.sub(
                _json_escape,
                json.dumps(
                    dict(zip(names, values, strict=True)), ensure_ascii=False, allow_nan=False
                ),
            )
            for values in zip(*columns, strict=True)
        ]
        yield ("" if start == 0 else ",\n") + ",\n".join(lines)
    yield "\n]"


_CHUNK: Final = 5000
_UNSEEN: Final = re.compile(f"[{ACTED_ON}]")
"""Characters json leaves as they are that a terminal or an editor would act on (DEL, the C1
controls, line separators, bidirectional marks): written as \\u escapes, still JSON."""


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def _json_value(value: object) -> object:
    """None for a missing number (NaN, NA); every other value as it is."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped."""


def _xml_text(value: object) -> str:
    """Text for an XML attribute or element: characters XML cannot hold as visible escapes."""
    return _NOT_XML.sub(lambda m: visible_escape(m[0]), str(value))


def to_junit(results: pd.DataFrame) -> str:
    r"""JUnit XML: a test suite per source, a test case per claim; findings are failures.

    Characters XML cannot hold (an id with a terminal escape) are written as visible escapes.

    >>> frame = pd.DataFrame({"id": ["a" + chr(27) + "[2J"], "source": ["s"], "file": ["f"],
    ...     "verdict": ["consistent"], "verification": [""], "quote": ["q"],
    ...     "published": ["1/2 = 50%"], "message_en": [""], "message_zh": [""]})
    >>> xml = to_junit(frame)
    >>> chr(27) in xml, 'name="a\\x1b[2J"' in xml
    (False, True)
    """
    return "".join(junit_pieces(results))


def junit_pieces(results: pd.DataFrame) -> Iterator[str]:
    """The text of :func:`to_junit` in pieces, a few thousand claims each: a million claims'
    XML is written as it is made, never held as one tree (that took 2.8 GB and 27 s)."""
    yield "<?xml version='1.0' encoding='utf-8'?>\n<testsuites name=\"partybuild-metrics claims\""
    if not len(results):
        yield " />"
        return
    yield ">"
    for source, group in results.groupby("source", sort=False, observed=True):
        bad = failed(group).to_numpy()
        skipped = (group["verdict"] == "not_testable").to_numpy() & ~bad
        name = _xml_attribute(source)
        yield (
            f'\n  <testsuite name="{name}" tests="{len(group)}" failures="{int(bad.sum())}" '
            f'skipped="{int(skipped.sum())}">'
        )
        for start in range(0, len(group), _CHUNK):
            rows = group.iloc[start : start + _CHUNK]
            columns = [
                rows[c].astype(object).tolist()
                for c in ("id", "file", "quote", "published", "message_en", "message_zh")
            ]
            cases = []
            for at, (id_, file, quote, published, said, said_zh) in enumerate(
                zip(*columns, strict=True), start=start
            ):
                case = (
                    f'\n    <testcase classname="{name}" name="{_xml_attribute(id_)}" '
                    f'file="{_xml_attribute(file)}"'
                )
                if bad[at]:
                    text = _xml_element_text(f"{quote}\n{published}\n{said}\n{said_zh}")
                    case += (
                        f'>\n      <failure message="{_xml_attribute(said)}">{text}</failure>'
                        "\n    </testcase>"
                    )
                elif skipped[at]:
                    case += (
                        f'>\n      <skipped message="{_xml_attribute(said)}" />\n    </testcase>'
                    )
                else:
                    case += " />"
                cases.append(case)
            yield "".join(cases)
        yield "\n  </testsuite>"
    yield "\n</testsuites>"


def _xml_attribute(value: object) -> str:
    """An attribute's value, escaped as ElementTree escapes it (line breaks as references)."""
    return _xml_text(value).translate(_ATTRIBUTE_ESCAPES)


def _xml_element_text(value: object) -> str:
    return _xml_text(value).translate(_TEXT_ESCAPES)


_TEXT_ESCAPES: Final = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES: Final = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
     "\t": "&#09;"}
)  # fmt: skip
