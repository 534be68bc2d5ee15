"""Background work: one Library per worker thread, newest request wins per key, writes announce changes."""

from __future__ import annotations

from typing import Any

import pytest

from casebook.home import Home
from operations.changes import Changes
from tests.ui.conftest import WAIT_MS
from ui.tasks import Executor, Tasks


def test_jobs_share_their_threads_library(qtbot, ui_home: Home) -> None:
    errors: list[BaseException] = []
    executor = Executor(ui_home, errors.append)
    seen: list[int] = []
    for _ in range(5):
        executor.submit(lambda lib: id(lib), on_done=seen.append)
    qtbot.waitUntil(lambda: len(seen) == 5, timeout=WAIT_MS)
    executor.shutdown()
    assert errors == []
    assert len(set(seen)) == 1
    assert executor._libraries == {}


class HeldRunner:
    """Runs nothing until told: the test delivers results in the order it chooses."""

    def __init__(self) -> None:
        self.held: list[tuple[Any, Any, Any]] = []

    def submit(self, job: Any, on_done: Any = None, on_error: Any = None, on_progress: Any = None) -> None:
        self.held.append((job, on_done, on_error))

    def deliver(self, index: int) -> None:
        job, on_done, _ = self.held[index]
        on_done(job(None))

    def busy(self) -> bool:
        return bool(self.held)

    def shutdown(self) -> None:
        self.held.clear()


@pytest.mark.parametrize(("key", "runner"), [("search", 0), ("case", 2)])
def test_the_newest_request_of_a_key_wins_whatever_order_answers_come_in(ui_home: Home, key: str, runner: int) -> None:
    runners = (HeldRunner(), HeldRunner(), HeldRunner())
    tasks = Tasks(ui_home, lambda exc: None, runners=runners)
    ran: list[str] = []
    shown: list[str] = []
    for word in ("old", "new"):
        tasks.query(lambda _lib, w=word: ran.append(w) or w, shown.append, key=key)
    runners[runner].deliver(1)
    runners[runner].deliver(0)
    assert shown == ["new"]
    assert ran == ["new"]  # the superseded request was skipped, not only its answer dropped


def test_writes_announce_their_changes(qtbot, ui_home: Home) -> None:
    tasks = Tasks(ui_home, lambda exc: None)
    announced: list[Changes] = []
    results: list[Any] = []
    tasks.changed.connect(announced.append)
    tasks.write(lambda _lib: ("saved", Changes(bookmarks=True)), results.append)
    tasks.write(lambda _lib: Changes(), results.append)
    qtbot.waitUntil(lambda: len(results) == 2, timeout=WAIT_MS)
    tasks.shutdown()
    assert results == ["saved", None]
    assert announced == [Changes(bookmarks=True)]
