"""The library's errors: one root class, one subclass per kind of failure."""

from __future__ import annotations


class PartybuildError(Exception):
    """Root of every error this library raises on purpose."""


class InputError(PartybuildError):
    """An input cannot be read at all: a missing file, no recognisable table, a broken workbook.

    The message has three parts: the problem, what was found, and how to fix it.

    >>> str(InputError("cannot open", path="a.xlsx", hint="save it again from Excel"))
    'a.xlsx: cannot open. Fix: save it again from Excel'
    """

    def __init__(self, problem: str, *, path: str | None = None, hint: str | None = None) -> None:
        self.problem = problem
        self.path = path
        self.hint = hint
        text = f"{path}: {problem}" if path else problem
        if hint:
            text += f". Fix: {hint}"
        super().__init__(text)


class ValidationError(PartybuildError):
    """Raised in strict mode when any row was quarantined; lists every problem at once."""

    def __init__(self, message: str, problem_count: int) -> None:
        self.problem_count = problem_count
        super().__init__(message)


class NoDataWarning(UserWarning):
    """A year asked for has no village rows, so the table has no rows for it.

    >>> issubclass(NoDataWarning, UserWarning)
    True
    """
