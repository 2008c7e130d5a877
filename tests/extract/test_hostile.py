"""Hostile text: no input crashes extraction, no pattern backtracks, huge inputs finish."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partybuild_metrics.claims.extract import extract_claims
from partybuild_metrics.claims.model import check_figure

PIECES = [
    "1", "2", "0", "9", ".", "5", "%", "％", "万", "亿", "萬", "个", "名", "人", "户", "岁", "元",
    "年", "占", "佔", "占比", "其中", "中的", "中,", "共", "这", "总数为", "净增", "增幅为", "提高",
    "下降", "个百分点", "比上年", "分别为", "和", "、", ",", "，", "。", ";", "\n", "(", ")", "“", "”",
    "党员", "村", "平均年龄", "交叉任职", "两委成员", "参与", "全部", "一", "十", "百", "余", "多",
    "以上", "近", "超过", "第", "<", ">", "&", "\x00", "\ufeff", " ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_no_text_crashes_it_and_every_claim_points_into_the_text(text: str) -> None:
    for claim in extract_claims(text):
        assert claim.offset is not None and claim.line is not None
        assert text[claim.offset : claim.offset + len(claim.quote)] == claim.quote
        assert claim.quote.strip() == claim.quote
        for key, value in claim.values.items():
            for printed in value if isinstance(value, list) else [value]:
                check_figure(key, printed.lstrip("-") if key == "parts" else printed)
                assert printed.lstrip("-") in text or key == "total"


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text(text: str) -> None:
    extract_claims(text)


def test_huge_hostile_inputs_finish() -> None:
    # each input is built and read in a fresh process; a backtracking pattern or a step that
    # grows with the square of the input would not finish within the time allowed
    script = textwrap.dedent(
        """
        from partybuild_metrics.claims.extract import extract_claims
        texts = [
            "1" * 10_000_000,
            "万" * 10_000_000,
            "9" * 5_000_000 + "%" + "万" * 5_000_000,
            "1个," * 30_000,
            "其中1个,占1%," * 12_000,
            "平均年龄1岁,共1人," * 12_000,
            "党员" * 2_000_000,
            "(" * 1_000_000 + "1个,占1%" + ")" * 1_000_000,
        ]
        for text in texts:
            extract_claims(text)
        print("done")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done"


def test_pairs_compared_grow_with_the_figures_not_their_square(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a page of figures without a break (a table pasted as text): each figure is compared
    # with a few before it, not with every figure in reach
    import partybuild_metrics.claims.extract.relations as relations

    compared = 0
    same_thing = relations._same_thing

    def counting(*args: object) -> bool:
        nonlocal compared
        compared += 1
        return same_thing(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(relations, "_same_thing", counting)
    for pieces in (2_000, 4_000):
        compared = 0
        extract_claims("。".join(["共有党员4-5万人至4-5万人"] * pieces))
        assert compared <= 32 * 2 * pieces


def test_a_lone_surrogate_in_the_text_is_no_crash() -> None:
    """Bytes decoded with surrogateescape leave lone surrogates, which OpenCC cannot encode."""
    claims = extract_claims("全县205个村,其中133个村\ud800,占64.9%")
    assert [dict(c.values) for c in claims] == [
        {"numerator": "133", "denominator": "205", "percent": "64.9%"}
    ]
