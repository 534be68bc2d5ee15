"""The background executor: one Library per worker thread, kept from job to job."""

from __future__ import annotations

from casebook.home import Home
from tests.ui.conftest import WAIT_MS
from ui.tasks import Executor


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
