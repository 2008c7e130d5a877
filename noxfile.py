"""Development sessions: tests, lint, typecheck, notebooks."""

from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "notebooks"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, doctests included."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting of src/ and tests/."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "benchmarks", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src/."""
    session.install("-e", ".[typecheck]")
    session.run("mypy", "--strict", "src")


@nox.session
def notebooks(session: nox.Session) -> None:
    """Execute every notebook in notebooks/ from a clean kernel; fail on any error."""
    session.install("-e", ".[notebooks]")
    paths = sorted(str(p) for p in Path("notebooks").glob("*.ipynb"))
    if not paths:
        session.log("no notebooks to run")
        return
    session.run("jupyter-execute", "--timeout=600", *paths)
