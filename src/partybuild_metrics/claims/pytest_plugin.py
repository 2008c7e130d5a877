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


class ProblemItem(pytest.Item):
    """One problem of the claims input (a bad file, row or key): it fails, the claims
    that were read are still items of their own."""

    def __init__(self, *, problem: str, file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem, self.file = problem, file

    def runtest(self) -> None:
        raise ClaimFinding(self.problem)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return self.problem

    def reportinfo(self) -> tuple[str, int | None, str]:
        return self.file, None, f"claims input {self.name}"


_RESULTS = pytest.StashKey[list[dict[str, Any]]]()
_PROBLEMS = pytest.StashKey[list[tuple[str, str]]]()


def pytest_configure(config: pytest.Config) -> None:
    """Load and check the claims before collection: YAML files, claims tables and folders
    of them, as ``partybuild-metrics check`` reads them. A problem of the input is a
    failing item of its own; the records given by ``--claims-data`` must be readable."""
    paths = config.getoption("claims", default=None)
    if not paths:
        return
    from partybuild_metrics.claims.entry import check_claims_leniently
    from partybuild_metrics.errors import InputError
    from partybuild_metrics.records.dataset import read_dataset

    data = config.getoption("claims_data")
    try:
        dataset = read_dataset(data) if data else None
    except InputError as error:
        raise pytest.UsageError(f"--claims-data: {error}") from None
    results, problems = check_claims_leniently(paths, dataset, config.getoption("claims_rounding"))
    records: list[dict[str, Any]] = [
        {str(k): v for k, v in row.items()} for row in results.to_dict("records")
    ]
    config.stash[_RESULTS] = records
    config.stash[_PROBLEMS] = [(str(problem), problem.file) for problem in problems]


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    for result in config.stash.get(_RESULTS, []):
        items.append(
            ClaimItem.from_parent(
                session, name=f"{result['source']}::{result['id']}", result=result
            )
        )
    problems: list[tuple[str, str]] = config.stash.get(_PROBLEMS, [])
    for number, (problem, file) in enumerate(problems, start=1):
        items.append(
            ProblemItem.from_parent(session, name=f"problem-{number}", problem=problem, file=file)
        )
