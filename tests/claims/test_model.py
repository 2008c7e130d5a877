"""The claims format: kinds, keys, provenance fields and every problem reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from partybuild_metrics.claims.model import ClaimFileError, load_claims, read_claims_file

HEADER = "source:\n  id: test\nclaims:\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_provenance_fields_of_an_extracted_claim(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '  - id: a\n    kind: share\n    quote: 占比71.7%\n    numerator: "147"\n    denominator: "205"\n'
        '    percent: "71.7"\n    denominator_from: 建立《"村情"分析台账》205份\n    inferred: true\n'
        '    offset: 1234\n    line: 17\n    scope: {code: "210283", year: "2020年"}\n',
    )
    claim = load_claims([path])[0]
    assert (claim.inferred, claim.offset, claim.line) == (True, 1234, 17)
    assert claim.denominator_from == '建立《"村情"分析台账》205份'
    assert claim.scope == {"code": "210283", "year": 2020}  # "2020年" read as 2020


def test_growth_needs_three_figures(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '  - id: g\n    kind: growth\n    quote: q\n    current: "9671.2万"\n    rate: "3.7"\n',
    )
    with pytest.raises(ClaimFileError, match="three of previous, current, increase and rate"):
        load_claims([path])


def test_every_problem_at_once_and_the_sound_claims_kept(tmp_path: Path) -> None:
    body = (
        '  - id: good\n    kind: bound\n    quote: q\n    part: "3"\n    whole: "4"\n'
        "  - id: bad-kind\n    kind: ratio\n    quote: q\n"
        '  - id: bad-key\n    kind: bound\n    quote: q\n    part: "3"\n    whole: "4"\n    hole: "5"\n'
        '  - id: bad-percent\n    kind: share\n    quote: q\n    denominator: "5"\n    percent: "Infinity"\n'
        '  - id: bad-year\n    kind: bound\n    quote: q\n    part: "3"\n    whole: "4"\n    scope: {code: "21", year: "去年"}\n'
        "  - just a string\n"
    )
    read = read_claims_file(write(tmp_path, body))
    assert [c.id for c in read.claims] == ["good"]
    where = [(p.claim, p.key) for p in read.problems]
    assert where == [
        ("bad-kind", "kind"), ("bad-key", "hole"), ("bad-percent", "percent"),
        ("bad-year", "scope.year"), ("#6", None),
    ]  # fmt: skip
    with pytest.raises(ClaimFileError) as caught:
        load_claims([write(tmp_path, body)])
    assert len(caught.value.problems) == 5 and "Infinity" in str(caught.value)


def test_yes_and_no_as_yaml_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    claim = (
        '  - {{id: {}, kind: share, quote: q, numerator: "1", denominator: "2", percent: "50"{}}}\n'
    )
    path.write_text(
        "source: {id: s}\nclaims:\n" + claim.format("no", "") + claim.format("b", ", inferred: 'false'")
        + claim.format("c", ", inferred: '是'"),
        encoding="utf-8",
    )  # fmt: skip
    read = read_claims_file(path)
    assert [(c.id, c.inferred) for c in read.claims] == [("b", False), ("c", True)]
    assert [(p.key, p.hint) for p in read.problems] == [("id", 'put it in quotes (id: "no")')]


def test_integers_in_other_forms_keep_their_text(tmp_path: Path) -> None:
    """YAML 1.1 reads 010 as 8, 0x10 as 16 and 1:30 as 90: an id keeps what was written and
    a figure so written is an error in its own words, never a silently different number."""
    claim = (
        '  - {{id: {}, kind: share, quote: q, numerator: {}, denominator: "2", percent: "50"}}\n'
    )
    path = tmp_path / "c.yaml"
    path.write_text(
        "source: {id: s}\nclaims:\n" + claim.format("010", '"1"') + claim.format("1:30", '"1"')
        + claim.format("x", "0x1"),
        encoding="utf-8",
    )  # fmt: skip
    read = read_claims_file(path)
    assert [c.id for c in read.claims] == ["010", "1:30"]
    assert [(p.claim, p.key, "'0x1'" in p.message) for p in read.problems] == [
        ("x", "numerator", True)
    ]
