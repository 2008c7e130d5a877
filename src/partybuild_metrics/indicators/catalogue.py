"""The catalogue of registered indicators, as a table and as the README's Markdown."""

from __future__ import annotations

import json

import pandas as pd

from partybuild_metrics.indicators.base import ordered

START, END = "<!-- indicator-catalogue:start -->", "<!-- indicator-catalogue:end -->"


def catalogue() -> pd.DataFrame:
    """Every registered indicator: id, 中文名, English name, kind, numerator, denominator, parameters.

    >>> c = catalogue()
    >>> c.loc[c["id"] == "one_person_two_posts_share", "kind"].item()
    'share'
    """
    rows = [
        {
            "id": ind.id,
            "中文名": ind.name_zh,
            "English name": ind.name_en,
            "family": ind.family,
            "kind": ind.kind,
            "numerator": ind.numerator[1],
            "denominator": ind.denominator[1],
            "分子": ind.numerator[0],
            "分母": ind.denominator[0],
            "parameters": json.dumps(dict(ind.params), ensure_ascii=False, default=str)
            if ind.params
            else "",
        }
        for ind in ordered()
    ]
    return pd.DataFrame(rows)


def catalogue_markdown() -> str:
    """The catalogue as the Markdown table the README carries between its markers."""
    c = catalogue()
    lines = [
        "| id | 中文名 | kind | numerator | denominator | parameters |",
        "|---|---|---|---|---|---|",
    ]
    for row in c.itertuples(index=False):
        cells = [
            f"`{row.id}`",
            row.中文名,
            row.kind,
            row.numerator,
            row.denominator or "—",
            row.parameters or "—",
        ]
        lines.append("| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |")
    return "\n".join([START, *lines, END])


def refresh_readme(path: str = "README.md") -> bool:
    """Rewrite the catalogue between the README's markers; True when it changed."""
    with open(path, encoding="utf-8") as file:
        text = file.read()
    start, end = text.index(START), text.index(END) + len(END)
    new = text[:start] + catalogue_markdown() + text[end:]
    if new != text:
        with open(path, "w", encoding="utf-8") as file:
            file.write(new)
    return new != text
