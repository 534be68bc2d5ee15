"""A case's file outside the app: opened in the system's editor, its folder in the file manager, and
deleted into the system trash. Only files inside the home are handed to the system, so a peer's case
(or a link among its files) can never make Casebook open a path elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFile, Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTableView

from casebook.home import Home
from ui import interaction
from ui.results import HitRole
from ui.tasks import Controller

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

OPEN_FILE, SHOW_FOLDER = "&Open file in editor", "&Show in file manager"
UrlOf = Callable[[Home, Path | str | None], QUrl | None]


def inside_home(home: Home, path: Path | str | None) -> Path | None:
    """`path`, links resolved, when it is a file inside the home; else None."""
    if path is None:
        return None
    try:
        resolved = Path(path).resolve(strict=True)
    except OSError:
        return None
    return resolved if resolved.is_file() and resolved.is_relative_to(home.root.resolve()) else None


def file_url(home: Home, path: Path | str | None) -> QUrl | None:
    """What opens the case file in the system's editor for Markdown; None when it is not offered."""
    inside = inside_home(home, path)
    return QUrl.fromLocalFile(str(inside)) if inside else None


def folder_url(home: Home, path: Path | str | None) -> QUrl | None:
    """What shows the case file's folder in the file manager (Qt cannot select a file in it portably)."""
    inside = inside_home(home, path)
    return QUrl.fromLocalFile(str(inside.parent)) if inside else None


def system_trash(path: Path) -> Path | None:
    """`path` moved into the system trash (Recycle Bin, macOS Trash, freedesktop Trash) by Qt: its path
    there, so that undo can move it back; None when there is no trash for it."""
    file = QFile(str(path))
    return Path(file.fileName()) if file.moveToTrash() else None


class OutsideController(Controller):
    """Open file in editor / Show in file manager: for the open case (File menu, and the viewer of a case
    that could not be read), and for the current row of the results (their context menu)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.results: QTableView | None = None
        self.row_actions: list[tuple[QAction, UrlOf]] = []

    def open_file(self) -> None:
        self._open(file_url(self.window.home, self._case_path()))

    def show_folder(self) -> None:
        self._open(folder_url(self.window.home, self._case_path()))

    def _case_path(self) -> Path | None:
        opened = self.window.reading.current
        return opened.cf.path if opened else None

    @staticmethod
    def _open(url: QUrl | None) -> None:
        if url is not None:
            interaction.open_url(url)

    def attach(self, results: QTableView) -> None:
        """Both actions in the results' context menu (the view's own actions), for the row right-clicked,
        which the click makes the current row."""
        self.results = results
        for text, url_of in ((OPEN_FILE, file_url), (SHOW_FOLDER, folder_url)):
            action = QAction(text, results)
            action.triggered.connect(lambda *_, u=url_of: self._open(u(self.window.home, self._row_path())))
            results.addAction(action)
            self.row_actions.append((action, url_of))
        results.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        results.selectionModel().currentRowChanged.connect(self._row_changed)
        results.model().modelReset.connect(self._row_changed)
        self._row_changed()

    def _row_path(self) -> str | None:
        hit = self.results.currentIndex().data(HitRole) if self.results else None
        return hit.path if hit else None

    def _row_changed(self, *_: object) -> None:
        for action, url_of in self.row_actions:
            action.setEnabled(url_of(self.window.home, self._row_path()) is not None)
