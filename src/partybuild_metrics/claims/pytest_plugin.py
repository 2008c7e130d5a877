"""pytest plugin: ``pytest --claims DIR`` turns every claim into a test item.

Registered through the ``pytest11`` entry point, so it is there wherever the library is
installed. Options: ``--claims PATH`` (repeatable), ``--claims-data PATH`` (records to
verify claims that name an indicator), ``--claims-rounding MODE``.
"""

from __future__ import annotations

from typing import Any

import pytest

from partybuild_metrics.rounding import MODES


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("partybuild-metrics claims")
    group.addoption(
        "--claims",
        action="append",
        default=[],
        metavar="PATH",
        help="claims files or folders to check",
    )
    group.addoption(
        "--claims-data", metavar="PATH", help="records to verify claims that name an indicator"
    )
    group.addoption(
        "--claims-rounding",
        default="half_up",
        choices=list(MODES),
        help="rounding mode of the published figures",
    )


class ClaimFinding(Exception):
    """A published figure that does not check out."""


class ClaimItem(pytest.Item):
    """One claim, checked when the item runs."""

    def __init__(self, *, result: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.result = result

    def runtest(self) -> None:
        if self.result["verdict"] == "not_testable" and self.result["verification"] in (
            "",
            "not_computable",
        ):
            pytest.skip(self.result["message_en"])
        if self.result["verdict"] == "inconsistent" or self.result["verification"] == "differs":
            raise ClaimFinding(self.result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ClaimFinding):
            r = self.result
            return f"{r['file']}: {r['id']}\n  {r['quote']}\n  {r['published']}\n  {r['message_en']}\n  {r['message_zh']}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[str, int | None, str]:
        return self.result["file"], None, f"claim {self.result['source']}::{self.result['id']}"


_RESULTS = pytest.StashKey[list[dict[str, Any]]]()


def pytest_configure(config: pytest.Config) -> None:
    """Load and check the claims before collection, so a bad file is a usage error."""
    paths = config.getoption("claims", default=None)
    if not paths:
        return
    from partybuild_metrics.claims.entry import check_claims
    from partybuild_metrics.claims.model import load_claims
    from partybuild_metrics.errors import InputError
    from partybuild_metrics.records.dataset import read_dataset

    data = config.getoption("claims_data")
    try:
        claims = load_claims(paths)
        dataset = read_dataset(data) if data else None
        results = check_claims(claims, dataset, config.getoption("claims_rounding"))
    except InputError as error:
        raise pytest.UsageError(f"--claims: {error}") from None
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in row.items()} for row in results.to_dict("records")
    ]
    config.stash[_RESULTS] = records


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    for result in config.stash.get(_RESULTS, []):
        items.append(
            ClaimItem.from_parent(
                session, name=f"{result['source']}::{result['id']}", result=result
            )
        )
