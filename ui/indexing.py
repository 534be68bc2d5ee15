"""Keeping the index in line with the files: at start, on F5, after a rebuild, and every POLL_MS for
files changed outside the app. Progress shows in the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from casebook.settings import SETTINGS
from operations import cases
from ui import problems
from ui.tasks import Controller

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

#: How often files changed outside the app are looked for, until the settings are read (a stat of every
#: file: 0.3 s at 10,000).
POLL_MS = int(SETTINGS["poll_seconds"].default) * 1000


class IndexController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.running = False
        self.poll = QTimer(self, interval=POLL_MS, timeout=lambda: self.reindex(quiet=True))

    def reindex(self, rebuild: bool = False, quiet: bool = False, first: bool = False) -> None:
        if self.running:
            return
        self.running = True
        if not quiet:
            self.window.tell("Rebuilding the index…" if rebuild else "Checking the library for changes…")
        self.tasks.write(lambda lib, progress: cases.update_library(lib, rebuild, progress),
                         lambda report: self._done(quiet, first, report), on_error=self._failed,
                         on_progress=self.window.show_progress)

    def _done(self, quiet: bool, first: bool, report: Any) -> None:
        self.running = False
        self.window.progress.hide()
        changed = len(report.added) + len(report.updated) + len(report.removed)
        if (first or self.window.searching.waiting_for_index) and not changed:  # else Tasks.changed runs it
            self.window.searching.run()
        if changed or not quiet:
            bad = f"; {len(report.invalid)} file(s) could not be read (View ▸ Problems)" if report.invalid else ""
            what = (f"{len(report.added)} added, {len(report.updated)} changed, {len(report.removed)} removed"
                    if changed and not report.rebuilt else "up to date")
            self.window.tell(f"Library {what}{bad}", 8000)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.window.progress.hide()
        self.window.report_error(exc)

    def show_problems(self) -> None:
        self.tasks.query(cases.problems, lambda rows: problems.show_problems(self.window, rows, self.window.home,
                                                                              self.window.reading.open))
