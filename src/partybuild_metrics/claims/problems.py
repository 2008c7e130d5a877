"""What is wrong in claims input: one problem with its place, and the error that carries
every problem of a file or table."""

from __future__ import annotations

from dataclasses import dataclass

from partybuild_metrics.errors import InputError


@dataclass(frozen=True)
class ClaimProblem:
    """One thing wrong in a claims file or table: where (file, row, claim, key) and what."""

    file: str
    message: str
    claim: str | None = None
    key: str | None = None
    hint: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        where = [f"row {self.row}" if self.row is not None else ""]
        where += [
            f"claim '{self.claim}'" if self.claim else "",
            f"key '{self.key}'" if self.key else "",
        ]
        place = ", ".join(w for w in where if w)
        text = f"{self.file}: {self.message}" + (f" ({place})" if place else "")
        return text + (f". Fix: {self.hint}" if self.hint else "")


class ClaimFileError(InputError):
    """Claims input that breaks the format: names the file, the claim id and the key.

    ``problems`` lists every problem found, not only the first.
    """

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        claim: str | None = None,
        key: str | None = None,
        hint: str | None = None,
        problems: list[ClaimProblem] | None = None,
    ) -> None:
        where = "".join([f", claim '{claim}'" if claim else "", f", key '{key}'" if key else ""])
        super().__init__(
            f"{problem}{' (' + where[2:] + ')' if where else ''}", path=path, hint=hint
        )
        self.claim, self.key = claim, key
        self.problems = problems or [ClaimProblem(path, problem, claim, key, hint)]

    @classmethod
    def of(cls, problems: list[ClaimProblem]) -> ClaimFileError:
        """One error for many problems: the first in the message, every one in ``problems``."""
        first = problems[0]
        error = cls(first.file, first.message, claim=first.claim, key=first.key, hint=first.hint)
        error.problems = problems
        if len(problems) == 1:
            error.args = (str(first),)  # with its row, as the list of several gives it
        else:
            error.args = (
                "\n".join(str(p) for p in problems[:50])
                + (f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""),
            )
        return error
