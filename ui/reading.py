"""Reading cases: the case view and its toolbar, history (Back), bookmarks of the open case. Opening
is keyed (`Tasks.query(key="case")`) and debounced, so holding Down through the results reads only
the case the officer stops on."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolBar, QToolButton, QVBoxLayout, QWidget

from casebook.errors import CasebookError
from operations import cases, state
from operations.cases import OpenedCase
from operations.changes import Changes
from ui.caseview import CaseView
from ui.results import HitRole
from ui.tasks import Controller
from ui.theme import outcome_colours

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

#: Row changes closer together than this open only the last row's case.
OPEN_DELAY_MS = 60


class CaseController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.current: OpenedCase | None = None
        self.history: list[str] = []
        self.view = CaseView()
        self.view.caseLinkActivated.connect(self.open)
        self.bar = QToolBar("Case")
        self.bar.setObjectName("caseBar")
        self.bar.setAccessibleName("Case actions")
        self.pane = QWidget()
        box = QVBoxLayout(self.pane)
        box.setContentsMargins(0, 0, 0, 0)
        self.shared = QLabel("")
        self.shared.setObjectName("sharedIn")
        self.shared.setAccessibleName("Shared in networks")
        self.shared.hide()
        self.unreadable = QWidget()  # above a case that could not be read: see `offer_file_actions`
        self.unreadable.setObjectName("unreadableBar")
        self.unreadable.setAccessibleName("Fix the case file")
        QHBoxLayout(self.unreadable).setContentsMargins(0, 0, 0, 0)
        self.unreadable.hide()
        box.addWidget(self.bar)
        box.addWidget(self.shared)
        box.addWidget(self.unreadable)
        box.addWidget(self.view, 1)
        self._row_timer = QTimer(self, singleShot=True, interval=OPEN_DELAY_MS, timeout=self._open_current_row)
        self.tasks.changed.connect(self._changed)

    def offer_file_actions(self, *actions: QAction) -> None:
        """Buttons for `actions` (open the file, show its folder) above a case that could not be read."""
        row = self.unreadable.layout()
        for action in actions:
            shown = QToolButton()
            shown.setDefaultAction(action)
            row.addWidget(shown)
        row.addStretch(1)

    def current_id(self) -> str | None:
        return self.current.cf.case.id if self.current and self.current.cf.case else None

    def row_changed(self, *_: Any) -> None:
        self._row_timer.start()

    def _open_current_row(self) -> None:
        index = self.window.searching.results.currentIndex()
        hit = index.data(HitRole) if index.isValid() else None
        if hit is not None:
            self.open(hit.uid)

    def open(self, case_id: str, remember: bool = True) -> None:
        colours = outcome_colours()
        self.tasks.query(lambda lib: cases.open_case(lib, case_id, colours),
                         lambda opened: self._show(remember, opened), key="case", on_error=self._failed)

    def _show(self, remember: bool, opened: OpenedCase) -> None:
        previous = self.current.cf.uid if self.current else None
        if remember and previous and previous != opened.cf.uid:
            self.history.append(previous)
        self.current = opened
        self.view.show_html(opened.html, opened.cf.path.parent)
        self.shared.setText("Shared in: " + ", ".join(opened.shared_in))
        self.shared.setVisible(bool(opened.shared_in))
        self.unreadable.setVisible(opened.cf.case is None)
        self.window.update_actions()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, CasebookError):
            self.window.tell(str(exc), 8000)
        else:
            self.window.report_error(exc)

    def back(self) -> None:
        if self.history:
            self.open(self.history.pop(), remember=False)

    def toggle_bookmark(self) -> None:
        if self.current and self.current.cf.case:
            self.set_bookmark(self.current.cf.case.id, not self.current.bookmarked)

    def set_bookmark(self, case_id: str, on: bool) -> None:
        def done(_: Any) -> None:
            if self.current_id() == case_id:
                self.current = replace(self.current, bookmarked=on)
                self.window.update_actions()
        self.tasks.write(lambda lib: state.set_bookmark(lib, case_id, on), done)
        self.window.tell("Bookmarked" if on else "Bookmark removed", 4000)

    def _changed(self, changes: Changes) -> None:
        """Re-read the open case when its file changed; a bookmark alone changes only the check mark."""
        if self.current and self.current.cf.uid in changes.updated:
            self.open(self.current.cf.uid, remember=False)
        elif self.current and self.current.cf.uid in changes.removed:
            self.current = None
            self.view.show_html("<p>This case was deleted.</p>", None)
            self.window.update_actions()
