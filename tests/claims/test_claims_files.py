"""Claims files, check_claims, the check command and the pytest plugin."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partybuild_metrics as pbm
from partybuild_metrics.claims.entry import check_claims
from partybuild_metrics.claims.model import ClaimFileError, load_claims
from partybuild_metrics.claims.render import _xml_text, to_junit
from partybuild_metrics.cli import main

CLAIMS = Path("data/claims")
ZHUANGHE = CLAIMS / "000_zhuanghe_2020.yaml"
HEADER = "source:\n  id: test\nclaims:\n"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "claims.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (
            '  - id: a\n    kind: share\n    quote: q\n    numerator: 133\n    denominator: "205"\n',
            "claim 'a', key 'numerator'",
        ),
        (
            '  - id: a\n    kind: share\n    quote: q\n    percent: "64.8"\n    denom: "205"\n',
            "unknown key for a share claim",
        ),
        ("  - id: a\n    kind: ratio\n    quote: q\n", "kind must be one of share, mean"),
        ('  - id: a\n    kind: bound\n    quote: q\n    part: "3"\n', "a bound claim needs whole"),
        (
            '  - id: a\n    kind: bound\n    part: "3"\n    whole: "4"\n',
            "every claim quotes the text",
        ),
        (
            '  - id: a\n    kind: bound\n    quote: q\n    part: "许多"\n    whole: "4"\n',
            "'许多' is not a number",
        ),
        (
            '  - id: a\n    kind: bound\n    quote: q\n    part: "3"\n    whole: "4"\n  - id: a\n    kind: bound\n    quote: q\n    part: "3"\n    whole: "4"\n',
            "claim ids are unique",
        ),
        ("  - !!python/object/apply:os.system ['echo hi']\n", "is not valid YAML"),
        ("  - [unclosed\n", "is not valid YAML"),
    ],
)
def test_malformed_files_name_file_claim_and_key(tmp_path: Path, body: str, words: str) -> None:
    with pytest.raises(ClaimFileError, match=words) as caught:
        load_claims([write(tmp_path, body)])
    assert str(tmp_path / "claims.yaml") in str(caught.value)


def test_unquoted_number_explains_why_it_must_be_quoted(tmp_path: Path) -> None:
    with pytest.raises(ClaimFileError, match=r'write percent: "64.8"'):
        load_claims(
            [write(tmp_path, "  - id: a\n    kind: share\n    quote: q\n    percent: 64.8\n")]
        )


def test_zhuanghe_verdicts_under_half_up() -> None:
    results = check_claims(load_claims([CLAIMS / "000_zhuanghe_2020.yaml"])).set_index("id")
    # Findings, not bugs: 133/205 = 64.878…% and 73.1% of 831 are not half-up roundings.
    assert results.loc["one-person-two-posts", "verdict"] == "inconsistent"
    assert results.loc["one-person-two-posts", "consistent_modes"] == ["truncate", "floor"]
    assert results.loc["cadres-over-60", "verdict"] == "inconsistent"
    assert results.loc["secretary-college", "verdict"] == "consistent"
    assert results.loc["secretary-industry-project", "verdict"] == "consistent"
    assert results.loc["cadre-mean-age", "verdict"] == "not_testable"
    assert results.loc["fuxing-greenhouses", "verdict"] == "consistent"
    assert set(results["source_modes"].iloc[0]) == {"truncate", "floor"}
    inconsistent = sorted(results.index[results["verdict"] == "inconsistent"])
    assert inconsistent == ["cadres-over-60", "one-person-two-posts"]


def test_zhuanghe_under_truncation_all_consistent() -> None:
    results = check_claims(load_claims([CLAIMS / "000_zhuanghe_2020.yaml"]), rounding="truncate")
    assert set(results["verdict"]) == {"consistent", "not_testable"}


def test_zhuanghe_claims_verified_against_the_sample_county() -> None:
    dataset = pbm.read_dataset("data/sample/parquet")
    results = check_claims(load_claims([CLAIMS / "000_zhuanghe_2020.yaml"]), dataset).set_index(
        "id"
    )
    named = results[results["verification"] != ""]
    assert len(named) == 8  # the claims that name an indicator
    assert set(named["verification"]) == {"matches"}
    assert "133/205" in named.loc["one-person-two-posts", "recomputed"]


def test_a_wrong_figure_differs_from_the_data(tmp_path: Path) -> None:
    body = (
        '  - id: wrong\n    kind: share\n    quote: q\n    numerator: "134"\n    denominator: "205"\n'
        '    percent: "65.4"\n    indicator: one_person_two_posts_share\n    scope: {code: "210283", year: 2020}\n'
    )
    results = check_claims(
        load_claims([write(tmp_path, body)]), pbm.read_dataset("data/sample/parquet")
    )
    row = results.iloc[0]
    assert row["verdict"] == "consistent" and row["verification"] == "differs"
    assert "numerator 134 ≠ 133" in row["message_en"]


def test_a_figure_for_a_year_without_records_is_not_computable(tmp_path: Path) -> None:
    """The sample has no cadre rows for 2017: the share cannot be recomputed, and the
    check says which table is missing rather than failing or comparing with 0."""
    body = (
        '  - id: no-data\n    kind: share\n    quote: q\n    numerator: "134"\n    denominator: "205"\n'
        '    percent: "65.4"\n    indicator: one_person_two_posts_share\n    scope: {code: "210283", year: 2017}\n'
    )
    results = check_claims(
        load_claims([write(tmp_path, body)]), pbm.read_dataset("data/sample/parquet")
    )
    row = results.iloc[0]
    assert row["verification"] == "not_computable"
    assert "no rows in table cadres for 2017" in row["message_en"]
    assert "2017年无村两委成员(cadres)记录" in row["message_zh"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, check=False, cwd=cwd
    )


def test_check_command_json_and_exit_codes(tmp_path: Path) -> None:
    result = run("partybuild_metrics", "check", str(ZHUANGHE), "--format", "json")
    assert result.returncode == 1
    rows = json.loads(result.stdout)
    assert {"id", "verdict", "consistent_modes"} <= set(rows[0])
    assert (
        main(["check", str(ZHUANGHE), "--rounding", "truncate", "-o", str(tmp_path / "out.txt")])
        == 0
    )
    assert "rounding habits that fit every rounded figure: truncate, floor" in (
        tmp_path / "out.txt"
    ).read_text(encoding="utf-8")


def test_json_output_is_strict_json_with_null_for_missing_values() -> None:
    """A share has no ``against`` figure (only changes do): null, not NaN, which strict
    JSON readers (JavaScript, jq) refuse."""
    result = run("partybuild_metrics", "check", "data/claims/communiques", "--format", "json")

    def refuse(constant: str) -> None:
        raise ValueError(f"{constant} in JSON output")

    rows = json.loads(result.stdout, parse_constant=refuse)
    shares = [row for row in rows if row["kind"] == "share"]
    assert shares and all(row["against"] is None for row in shares)


def test_check_command_junit_is_valid_xml(tmp_path: Path) -> None:
    out = tmp_path / "claims.xml"
    assert main(["check", str(CLAIMS), "--format", "junit", "-o", str(out)]) == 1
    suite = ET.parse(out).getroot().find("testsuite")
    assert suite is not None and suite.get("name") == "zhuanghe-2020"
    failures = [
        case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None
    ]
    assert sorted(failures) == ["cadres-over-60", "one-person-two-posts"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(max_size=8),
            st.sampled_from(["s", "t<&", 'u"\n']),
            st.text(max_size=8),
            st.sampled_from(["consistent", "inconsistent", "not_testable"]),
        ),
        max_size=6,
    )
)
def test_junit_is_xml_that_reads_back_as_written(rows: list[tuple[str, str, str, str]]) -> None:
    """The JUnit text is written piece by piece, not through a tree: whatever the claims
    hold, it parses, every id and quote reads back (characters XML cannot hold as visible
    escapes), and each suite counts its failures and skips."""
    frame = pd.DataFrame(
        {
            "id": [r[0] for r in rows], "source": [r[1] for r in rows], "file": ["f.csv"] * len(rows),
            "verdict": [r[3] for r in rows], "verification": [""] * len(rows),
            "quote": [r[2] for r in rows], "published": ["1/2 = 50%"] * len(rows),
            "message_en": ["m"] * len(rows), "message_zh": ["z"] * len(rows),
        }
    )  # fmt: skip
    root = ET.fromstring(to_junit(frame).encode())
    cases = list(root.iter("testcase"))
    assert [c.get("name") for c in cases] == [
        _xml_text(i) for source in dict.fromkeys(frame["source"])
        for i in frame.loc[frame["source"] == source, "id"]
    ]  # fmt: skip
    for suite in root.iter("testsuite"):
        group = frame[frame["source"] == suite.get("name")]
        assert suite.get("failures") == str((group["verdict"] == "inconsistent").sum())
        assert suite.get("skipped") == str((group["verdict"] == "not_testable").sum())
        for case, quote in zip(suite.iter("testcase"), group["quote"], strict=True):
            failure = case.find("failure")
            if failure is not None:
                assert failure.text == _xml_text(f"{quote}\n1/2 = 50%\nm\nz").replace(
                    "\r\n", "\n"
                ).replace("\r", "\n")


def test_check_command_malformed_file_exits_2(tmp_path: Path) -> None:
    result = run(
        "partybuild_metrics",
        "check",
        str(write(tmp_path, '  - id: a\n    kind: bound\n    quote: q\n    part: "3"\n')),
    )
    assert result.returncode == 2
    assert "claim 'a', key 'whole'" in result.stderr and "Traceback" not in result.stderr


def test_pytest_plugin_turns_claims_into_items(tmp_path: Path) -> None:
    claims = str(ZHUANGHE.resolve())
    result = run(
        "pytest",
        "-p",
        "no:cacheprovider",
        "--claims",
        claims,
        "--claims-rounding",
        "truncate",
        "-q",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout
    assert "12 passed, 1 skipped" in result.stdout  # the mean of 831 integers is not testable
    failing = run("pytest", "-p", "no:cacheprovider", "--claims", claims, "-q", cwd=tmp_path)
    assert failing.returncode == 1
    assert (
        "zhuanghe-2020::one-person-two-posts" in failing.stdout
        and "2 failed, 10 passed, 1 skipped" in failing.stdout
    )


def test_pytest_plugin_reports_a_malformed_file_without_traceback(tmp_path: Path) -> None:
    """A problem of the input is a failing item naming file, claim and key; the sound
    claims of the run are still items (a bad file had ended the session)."""
    bad = write(tmp_path, '  - id: a\n    kind: bound\n    quote: q\n    part: "3"\n')
    good = str(ZHUANGHE.resolve())
    result = run("pytest", "-p", "no:cacheprovider", "--claims", str(bad), "--claims", good,
                 "--claims-rounding", "truncate", "-q", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1
    assert "claim 'a', key 'whole'" in result.stdout
    assert "1 failed, 12 passed, 1 skipped" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_pytest_plugin_reads_claims_tables_and_folders_of_them(tmp_path: Path) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "b.csv").write_text(
        "id,kind,quote,numerator,denominator,percent\nbad,share,q,1,3,99\n", encoding="utf-8"
    )
    result = run("pytest", "-p", "no:cacheprovider", "--claims", "claims", "-q", cwd=tmp_path)
    assert result.returncode == 1 and "1 failed" in result.stdout
    assert "99 cannot come from these counts" in result.stdout


# Every seed's figures, and the verdict each must get under half_up (findings included).
EXPECTED_INCONSISTENT = {
    "zhuanghe-2020": {"one-person-two-posts", "cadres-over-60"},  # both fit truncation only
    "qingyuan-dasuhe-2018": set(),
    "dalian-first-secretaries": {"mobile-members"},  # 1678 participants of 1458 members
    "taiyuan-2017": {"broke-zero-reaching-5-wan", "broke-zero-reaching-5-wan-of-all-hollow"},
    "huanren-lingyuan": set(),
}
EXPECTED_HABITS = {"zhuanghe-2020": ["truncate", "floor"], "taiyuan-2017": ["truncate", "floor"]}


SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="the seed articles (shared/seeds beside the repository) are not here"
)


@needs_seeds
def test_one_claims_file_per_seed() -> None:
    seeds = sorted(p.name[:3] for p in SEEDS.glob("*.txt"))
    files = sorted(p.name[:3] for p in CLAIMS.glob("*.yaml"))
    assert files == seeds


def test_seed_verdicts_under_half_up() -> None:
    results = pbm.check_claims(pbm.load_claims([CLAIMS]))
    for source, expected in EXPECTED_INCONSISTENT.items():
        group = results[results["source"] == source]
        assert len(group) >= 4, source
        assert set(group.loc[group["verdict"] == "inconsistent", "id"]) == expected, source
    for source, habits in EXPECTED_HABITS.items():
        assert results.loc[results["source"] == source, "source_modes"].iloc[0] == habits


@needs_seeds
def test_every_claim_quotes_its_seed_verbatim() -> None:
    for claim in pbm.load_claims([CLAIMS]):
        text = (SEEDS / claim.source.document).read_text(encoding="utf-8").replace("\n", "")
        for piece in claim.quote.replace('"', "“").split("……"):
            fragment = piece.replace("“", "").replace("”", "")[:12]
            assert fragment in text.replace("“", "").replace("”", ""), (claim.id, fragment)
