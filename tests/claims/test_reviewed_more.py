"""382 more real published figures, each checked against a second independent checker.

`tests/claims/reviewed_more/` holds two corpora built from sources nobody here wrote:
`releases/` (255 claims from 44 sources: provincial and municipal party and 换届 releases,
the party communiqués of 2007–2024, 统计公报 of three provinces, poverty and collective
income reports) and `bulletins/` (127 claims from 13 sources: the 2023–2025 population,
grain, income and party statistics of the nation and five provinces and cities). Each
folder's `sources.txt` gives every source's address and each claim's exact sentence.
`expected.json` is what a separate checker found for each claim (fractions only, written
apart from this library, every printed figure rounded by the mode: counts in 万, 约
figures and percents alike); every disagreement found while they were built was traced
to one side, and the library's were fixed. Among them are real published errors (Shaanxi
2018: 81.92万 of 396.8万 is at most 20.649%, printed 20.7%; Zhenlai's three percents forced
to add to 100; the 2007 communiqué's 百分之二点六).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from partybuild_metrics.claims.entry import check_claims_leniently

HERE = Path(__file__).parent / "reviewed_more"


@pytest.mark.parametrize("corpus", ["releases", "bulletins"])
def test_every_claim_agrees_with_the_second_checker(corpus: str) -> None:
    folder = HERE / corpus
    results, problems = check_claims_leniently(sorted(folder.glob("*.yaml")))
    assert problems == []
    found = {
        (str(source), str(claim)): (str(verdict), set(modes))
        for source, claim, verdict, modes in results[
            ["source", "id", "verdict", "consistent_modes"]
        ].itertuples(index=False)
    }
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert len(found) == len(expected)
    for claim in expected:
        key = (claim["source"], claim["id"])
        assert found[key] == (claim["verdict"], set(claim["modes"])), key


def test_the_real_errors_among_them_are_found() -> None:
    results, _ = check_claims_leniently(sorted((HERE / "bulletins").glob("*.yaml")))
    shaanxi = results[results["quote"].str.contains("81.92万")]
    assert shaanxi["verdict"].tolist() == ["inconsistent"]
    assert list(shaanxi["consistent_modes"].iloc[0]) == ["ceiling"]
