"""Check results as text, JSON and JUnit XML (one test case per claim)."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

import pandas as pd

from partybuild_metrics.claims.check import failed


def to_text(results: pd.DataFrame, lang: str = "en") -> str:
    """One line per claim, a summary per source, and the totals."""
    message = "message_zh" if lang == "zh" else "message_en"
    lines = []
    for source, group in results.groupby("source", sort=False):
        habits = group["source_modes"].iloc[0]
        lines.append(
            f"{source}: rounding habits that fit every rounded figure: {', '.join(habits) or 'none'}"
        )
        for row in group.to_dict("records"):
            status = (
                "FAIL"
                if row["verdict"] == "inconsistent" or row["verification"] == "differs"
                else "ok  "
            )
            verified = f" [{row['verification']}]" if row["verification"] else ""
            lines.append(
                f"  {status} {row['id']} ({row['kind']}): {row['verdict']}{verified} — {row['published']} — {row[message]}"
            )
    bad = int(failed(results).sum())
    lines.append(f"{len(results) - bad} passed, {bad} failed")
    return "\n".join(lines)


def to_json(results: pd.DataFrame) -> str:
    """A list of objects with id, verdict, consistent_modes and the rest of the columns;
    strict JSON: a missing value is null, never NaN.

    >>> to_json(pd.DataFrame({"id": ["a"], "against": [float("nan")]}))
    '[\\n  {\\n    "id": "a",\\n    "against": null\\n  }\\n]'
    """
    records = [
        {key: _json_value(value) for key, value in row.items()}
        for row in results.to_dict("records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False)


def _json_value(value: object) -> object:
    """None for a missing number (NaN, NA); every other value as it is."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def to_junit(results: pd.DataFrame) -> str:
    """JUnit XML: a test suite per source, a test case per claim; findings are failures."""
    suites = ET.Element("testsuites", name="partybuild-metrics claims")
    for source, group in results.groupby("source", sort=False):
        bad = failed(group)
        skipped = (group["verdict"] == "not_testable") & ~bad
        suite = ET.SubElement(
            suites, "testsuite", name=str(source), tests=str(len(group)),
            failures=str(int(bad.sum())), skipped=str(int(skipped.sum())),
        )  # fmt: skip
        for row, is_bad, is_skipped in zip(group.to_dict("records"), bad, skipped, strict=True):
            case = ET.SubElement(
                suite, "testcase", classname=str(source), name=str(row["id"]), file=str(row["file"])
            )
            text = f"{row['quote']}\n{row['published']}\n{row['message_en']}\n{row['message_zh']}"
            if is_bad:
                ET.SubElement(case, "failure", message=str(row["message_en"])).text = text
            elif is_skipped:
                ET.SubElement(case, "skipped", message=str(row["message_en"]))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)
