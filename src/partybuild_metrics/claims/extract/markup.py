"""The visible text of an HTML page, parsed by lxml (libxml2's HTML parser).

lxml does the parsing (broken markup, entities, character references); this module only
decides what a reader sees: no ``<script>``, ``<style>``, ``<template>``, ``<head>`` or
element marked ``hidden`` / ``display:none``; a line break at each block element and
``<br>``; table cells separated by a tab; whitespace inside a block collapsed to one space
as a browser renders it. The walk is iterative; a page nested deeper than libxml2 reads
(2048 levels) is a ``ValueError`` rather than text silently cut short.
"""

from __future__ import annotations

import re
from typing import Any, Final

_SKIP: Final = frozenset(
    {"script", "style", "template", "head", "title", "noscript", "svg", "math", "iframe",
     "object", "embed", "canvas", "select", "option", "button", "textarea", "input"}
)  # fmt: skip
_BLOCK: Final = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2",
     "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody",
     "thead", "tfoot", "blockquote", "pre", "figure", "figcaption", "hr", "address", "form",
     "fieldset", "caption", "body", "html", "center"}
)  # fmt: skip
_CELL: Final = frozenset({"td", "th"})
_HIDDEN_STYLE: Final = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE: Final = re.compile(r"[ \t\r\n\f\v\u00a0]+")


def _hidden(element: object) -> bool:
    get = getattr(element, "get", None)
    if get is None:
        return False
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    style = get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


_MAX_TAG: Final = 65_536
_LONG_TAG: Final = re.compile(rf"<[A-Za-z][^<>]{{{_MAX_TAG}}}")


def visible_text(markup: str) -> str:
    """The text a browser shows, one block a line.

    >>> visible_text("<div>甲<span style='display:none'>99%</span>乙<br>丙</div><table><tr><td>村</td><td>205</td></tr></table>")
    '甲乙\\n丙\\n村\\t205'
    """
    import lxml.etree
    import lxml.html

    if not markup.strip():
        return ""
    markup = re.sub(
        r"^\s*<\?xml[^>]*>", "", markup
    )  # lxml refuses an encoding declaration in a str
    if _LONG_TAG.search(markup):  # lxml slows with the square of a tag's attributes
        raise ValueError(
            f"the page has a tag of more than {_MAX_TAG:,} characters (no page writes one)"
        )
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return ""
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        raise ValueError("the page nests elements too deep to read (more than 2048 levels)")
    pieces: list[str] = []
    skipping: list[Any] = []
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if skipping:
                continue
            if tag in _SKIP or not isinstance(element.tag, str) or _hidden(element):
                skipping.append(element)
                continue
            if tag in _BLOCK or tag == "br":
                pieces.append("\n")
            elif tag in _CELL:
                pieces.append("\t")
            if element.text:
                pieces.append(element.text)
        else:
            if skipping:
                if skipping[-1] is element:
                    skipping.pop()
                    if element.tail:
                        pieces.append(element.tail)
                continue
            if tag in _BLOCK:
                pieces.append("\n")
            if element.tail:
                pieces.append(element.tail)
    return _tidy("".join(pieces))


def _tidy(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        cells = [_SPACE.sub(" ", cell).strip() for cell in line.split("\t")]
        cells = [cell for cell in cells if cell]
        if cells:
            lines.append("\t".join(cells))
    return "\n".join(lines)
