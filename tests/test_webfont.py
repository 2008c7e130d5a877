"""The report draws Chinese on a machine without a CJK font: it carries a subset of the
bundled Noto Sans CJK SC holding every character the page shows, and nothing more."""

from __future__ import annotations

import base64
import io
import re

import pytest
from conftest import TABLES
from fontTools.ttLib import TTFont

import partybuild_metrics as pbm
from partybuild_metrics.report.webfont import FAMILY, subset_woff

FONT = re.compile(r'src: url\("data:font/woff;base64,([A-Za-z0-9+/=]+)"\) format\("woff"\)')
DATA_URI = re.compile(r"data:[a-z/]+;base64,[A-Za-z0-9+/=]+")


@pytest.fixture(scope="module")
def page() -> str:
    divisions = TABLES["区划"].copy()
    divisions.loc[divisions["代码"] == "210283101", "名称"] = "龘松镇"  # a rare character
    return pbm.build_report(pbm.read_frames({**TABLES, "区划": divisions}), year=2020).html()


def test_the_page_embeds_a_woff_subset_first_in_its_font_list(page: str) -> None:
    found = FONT.search(page)
    assert found is not None
    data = base64.b64decode(found.group(1))
    assert data[:4] == b"wOFF"
    assert f'font-family: "{FAMILY}", ' in page


def test_the_subset_holds_every_character_of_the_page_that_the_font_has(page: str) -> None:
    found = FONT.search(page)
    assert found is not None
    subset = TTFont(io.BytesIO(base64.b64decode(found.group(1))))
    covered = set(subset.getBestCmap())
    shown = {ord(ch) for ch in DATA_URI.sub("", page) if not ch.isspace()}
    han = {c for c in shown if 0x4E00 <= c <= 0x9FFF}
    assert han and han <= covered  # 庄河市, 东山村, 指标汇总 …
    assert ord("龘") in covered
    assert len(covered - shown) <= 4  # nothing the page does not use (but spaces)
    assert "OFL" in subset["name"].getDebugName(14) or "OFL" in subset["name"].getDebugName(13)


def test_the_same_characters_give_the_same_bytes() -> None:
    subset_woff.cache_clear()
    first = subset_woff("庄河市村两委")
    subset_woff.cache_clear()
    assert subset_woff("庄河市村两委") == first
