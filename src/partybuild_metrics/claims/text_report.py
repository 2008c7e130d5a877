"""Checking a report's text: extract its claims, check them, and show each in its sentence.

:func:`check_document` reads a .txt, .html or .docx file, extracts its claims and checks
them as claims files are checked. :func:`findings_text` prints each claim with its figures
marked 【like this】 in the sentence they come from; :func:`highlighted_html` writes the
article itself with every checked figure highlighted — green consistent, red inconsistent,
grey not testable — and a tooltip giving the arithmetic. Every piece of the article is
escaped, so nothing in it can become markup.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pandas as pd

from partybuild_metrics.claims.check import RESULT_COLUMNS, failed
from partybuild_metrics.claims.entry import check_claims_leniently
from partybuild_metrics.claims.extract.build import Extracted, extract
from partybuild_metrics.claims.extract.documents import Document, read_document
from partybuild_metrics.claims.model import Source
from partybuild_metrics.records.id_numbers import mask_id_numbers_in

_RANK: Final = {"inconsistent": 3, "consistent": 2, "not_testable": 1}
_CLASS: Final = {"inconsistent": "bad", "consistent": "ok", "not_testable": "na"}
_WORDS: Final = {
    "en": {
        "inconsistent": "inconsistent",
        "consistent": "consistent",
        "not_testable": "not testable",
    },
    "zh": {"inconsistent": "不一致", "consistent": "一致", "not_testable": "无法检验"},
}


@dataclass(frozen=True)
class TextCheck:
    """A document, the claims extracted from it, and their check (one row per claim)."""

    document: Document
    extracted: list[Extracted]
    results: pd.DataFrame

    @property
    def failed(self) -> int:
        """How many claims do not hold."""
        return int(failed(self.results).sum()) if len(self.results) else 0


def check_document(
    document: Document | str | Path, rounding: str = "half_up", source: Source | None = None
) -> TextCheck:
    """Extract a document's claims and check them.

    >>> check = check_document("data/articles/000_zhuanghe_2020.txt")
    >>> row = check.results[check.results["published"].str.contains("64.8")].iloc[0]
    >>> row["verdict"], row["consistent_modes"]
    ('inconsistent', ['truncate', 'floor'])
    """
    if not isinstance(document, Document):
        document = read_document(document)
    else:  # a text given as it is: its ID numbers masked in place, as read_document does
        document = dataclasses.replace(document, text=mask_id_numbers_in(document.text))
    source = source or Source(
        id=Path(document.name).stem or "text",
        title=_title(document.text),
        document=Path(document.name).name,
    )
    extracted = extract(document.text, source, file=document.name)
    if extracted:
        results, _ = check_claims_leniently([item.claim for item in extracted], None, rounding)
    else:
        results = pd.DataFrame(columns=RESULT_COLUMNS)
    results = results.reset_index(drop=True)
    results["line"] = pd.Series([item.claim.line for item in extracted], dtype=object)
    results["offset"] = pd.Series([item.claim.offset for item in extracted], dtype=object)
    return TextCheck(document, extracted, results)


def _title(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


def _rows(results: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in results.to_dict("records")]


def _verdict(row: dict[str, Any]) -> str:
    if row["verdict"] == "inconsistent" or row.get("verification") == "differs":
        return "inconsistent"
    return str(row["verdict"])


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The text between start and end with the spans inside it marked 【…】."""
    out, position = [], start
    for a, b in sorted(spans):
        if a < position or b > end:
            continue
        out += [text[position:a], "【", text[a:b], "】"]
        position = b
    out.append(text[position:end])
    return "".join(out).replace("\n", " ")


def findings_text(checks: list[TextCheck], lang: str = "en") -> str:
    """Each claim of each document in its sentence, its figures marked, then the totals."""
    message = "message_zh" if lang == "zh" else "message_en"
    lines: list[str] = []
    total = bad = 0
    for check in checks:
        results = _rows(check.results)
        counts = {v: sum(1 for r in results if _verdict(r) == v) for v in _RANK}
        habits = results[0]["source_modes"] if results else []
        if not results:
            lines.append(f"{check.document.name}: no checkable claims found")
            continue
        lines.append(
            f"{check.document.name}: {len(results)} claim(s) found; {counts['consistent']} consistent, "
            f"{counts['inconsistent']} inconsistent, {counts['not_testable']} not testable; "
            f"rounding habits that fit every rounded figure: {', '.join(habits) or 'none'}"
        )
        text = check.document.text
        for item, row in zip(check.extracted, results, strict=True):
            claim = item.claim
            status = "FAIL" if _verdict(row) == "inconsistent" else "ok  "
            lines.append(
                f"  line {claim.line:<5} {status} {claim.id} ({claim.kind}): {row['verdict']} — "
                f"{row['published']} — {row[message]}"
            )
            assert claim.offset is not None
            spans = [(a, b) for _, a, b in item.spans]
            lines.append(
                "             "
                + _marked(text, claim.offset, claim.offset + len(claim.quote), spans)
            )
            linked = claim.denominator_from or claim.total_from
            if linked:
                lines.append(f"             from (inferred): {linked.replace(chr(10), ' ')}")
            elif claim.inferred and claim.note:
                lines.append(f"             inferred: {claim.note}")
        total += len(results)
        bad += counts["inconsistent"]
    lines.append(f"{total - bad} passed, {bad} failed")
    return "\n".join(lines)


_STYLE: Final = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
       max-width: 46em; margin: 2em auto; line-height: 1.9; color: #222; padding: 0 1em; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 2em; }
mark { padding: 0 2px; border-radius: 3px; cursor: help; }
mark.ok { background: #c8efc8; } mark.bad { background: #f7b6b2; } mark.na { background: #dddddd; }
.summary { border-collapse: collapse; font-size: 0.85em; line-height: 1.4; width: 100%; }
.summary td, .summary th { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; }
.legend span { margin-right: 1em; } p.article { margin: 0.4em 0; white-space: pre-wrap; }
"""


def _segments(check: TextCheck) -> list[tuple[int, int, list[int]]]:
    """Figure spans merged where they overlap, each with the claims (row numbers) it belongs to."""
    spans = sorted(
        (a, b, i) for i, item in enumerate(check.extracted) for _, a, b in item.spans if b > a
    )
    merged: list[tuple[int, int, list[int]]] = []
    for a, b, i in spans:
        if merged and a < merged[-1][1]:
            start, end, rows = merged[-1]
            merged[-1] = (start, max(end, b), sorted({*rows, i}))
        else:
            merged.append((a, b, [i]))
    return merged


def _tooltip(
    rows: list[dict[str, Any]], claims: list[Extracted], indices: list[int], lang: str
) -> str:
    message = "message_zh" if lang == "zh" else "message_en"
    parts = []
    for i in indices:
        row, claim = rows[i], claims[i].claim
        words = _WORDS["zh" if lang == "zh" else "en"][_verdict(row)]
        text = f"{claim.id} ({claim.kind}): {words}. {row['published']}. {row[message]}"
        linked = claim.denominator_from or claim.total_from
        if linked:
            text += f" [{'inferred from' if lang != 'zh' else '推断自'}: {linked}]"
        parts.append(text)
    return "\n".join(parts)


def _article_html(check: TextCheck, lang: str, anchor: str) -> str:
    text = check.document.text
    rows = _rows(check.results)
    pieces: list[str] = []
    position = 0
    for start, end, indices in _segments(check):
        worst = max((_verdict(rows[i]) for i in indices), key=lambda v: _RANK[v])
        pieces.append(html.escape(text[position:start]))
        tip = html.escape(_tooltip(rows, check.extracted, indices, lang), quote=True)
        tip = tip.replace("\r", "").replace("\n", "&#10;")  # lines of the tooltip, not of the page
        pieces.append(
            f'<mark class="{_CLASS[worst]}" title="{tip}">{html.escape(text[start:end])}</mark>'
        )
        position = end
    pieces.append(html.escape(text[position:]))
    body = "".join(pieces)
    return "\n".join(
        f'<p class="article" id="{anchor}-L{number}">{line}</p>'
        for number, line in enumerate(body.split("\n"), start=1)
        if line.strip()
    )


def _summary_html(check: TextCheck, lang: str, anchor: str) -> str:
    message = "message_zh" if lang == "zh" else "message_en"
    words = _WORDS["zh" if lang == "zh" else "en"]
    rows = []
    for item, row in zip(check.extracted, _rows(check.results), strict=True):
        verdict = _verdict(row)
        rows.append(
            "<tr>"
            + f'<td><a href="#{anchor}-L{item.claim.line}">{item.claim.line}</a></td>'
            + "".join(
                f"<td>{html.escape(str(cell))}</td>" for cell in (item.claim.id, item.claim.kind)
            )
            + f'<td><mark class="{_CLASS[verdict]}">{html.escape(words[verdict])}</mark></td>'
            + "".join(
                f"<td>{html.escape(str(cell))}</td>" for cell in (row["published"], row[message])
            )
            + "</tr>"
        )
    head = "<tr><th>line</th><th>claim</th><th>kind</th><th>verdict</th><th>figures</th><th>check</th></tr>"
    return f'<table class="summary">{head}{"".join(rows)}</table>'


def highlighted_html(checks: list[TextCheck], lang: str = "en") -> str:
    """One self-contained HTML page: each article with its checked figures highlighted.

    >>> page = highlighted_html([check_document("data/articles/002_dalian_first_secretaries.txt")])
    >>> '<mark class="bad"' in page and "1678" in page
    True
    """
    words = _WORDS["zh" if lang == "zh" else "en"]
    legend = (
        '<p class="legend">'
        + "".join(
            f'<span><mark class="{_CLASS[v]}">{html.escape(words[v])}</mark></span>'
            for v in ("consistent", "inconsistent", "not_testable")
        )
        + "</p>"
    )
    sections = []
    for number, check in enumerate(checks, start=1):
        name = html.escape(Path(check.document.name).name)
        anchor = f"d{number}"
        counts = {v: sum(1 for r in _rows(check.results) if _verdict(r) == v) for v in _RANK}
        sections.append(
            f"<section><h2>{name}</h2>"
            f"<p>{len(check.results)} claim(s): {counts['consistent']} {html.escape(words['consistent'])}, "
            f"{counts['inconsistent']} {html.escape(words['inconsistent'])}, "
            f"{counts['not_testable']} {html.escape(words['not_testable'])}.</p>"
            f"{_summary_html(check, lang, anchor)}{_article_html(check, lang, anchor)}</section>"
        )
    title = "Checked figures" if lang != "zh" else "数字核查"
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{title}</h1>{legend}{''.join(sections)}</body></html>\n"
    )
