"""How many threads a large claims table gets: idle cores, this program's own threads not counted as load."""

from __future__ import annotations

from pathlib import Path

import pytest

from partybuild_metrics.claims import threads


def _loadavg(tmp_path: Path, running: int) -> Path:
    path = tmp_path / "loadavg"
    path.write_text(f"1.47 1.75 1.66 {running}/81 6283\n", encoding="ascii")
    return path


@pytest.mark.parametrize(
    ("running", "own", "expected"),
    [
        (1, 1, 2),  # only this thread runs: both cores are ours
        (2, 2, 2),  # Arrow's reader of ours still running: not load
        (2, 1, 1),  # another program runs on one core
        (3, 1, 1),  # two others: still one thread
        (9, 1, 1),
    ],
)
def test_threads_are_the_cores_other_programs_leave_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, running: int, own: int, expected: int
) -> None:
    monkeypatch.setattr(threads, "_LOADAVG", _loadavg(tmp_path, running))
    monkeypatch.setattr(threads, "_running_here", lambda: own)
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 2)
    assert threads.spare_threads() == expected


def test_a_busy_moment_seen_once_does_not_halve_the_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    looks = iter([1.0, 0.0, 0.0])  # another thread caught running at the first look only
    monkeypatch.setattr(threads, "_running_elsewhere", lambda: next(looks))
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 2)
    assert threads.spare_threads() == 2


def test_without_proc_the_load_average_decides(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(threads, "_LOADAVG", tmp_path / "absent")
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (3.0, 3.0, 3.0))
    assert threads.spare_threads() == 1
    monkeypatch.setattr(threads.os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert threads.spare_threads() == 4


def test_this_threads_state_is_read() -> None:
    assert threads._running_here() >= 1
