"""A case's file outside the app: opened in the system's editor, its folder in the file manager, and
deleted into the system trash. Only files inside the home are handed to the system, so a peer's case
(or a link among its files) can never make Casebook open a path elsewhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFile, QPoint, Qt, QUrl
from PySide6.QtWidgets import QMenu, QTableView

from casebook.home import Home
from ui import interaction
from ui.results import HitRole
from ui.tasks import Controller

OPEN_FILE, SHOW_FOLDER = "&Open file in editor", "&Show in file manager"


def inside_home(home: Home, path: Path | str) -> Path | None:
    """`path`, links resolved, when it is a file inside the home; else None."""
    try:
        resolved = Path(path).resolve(strict=True)
    except OSError:
        return None
    return resolved if resolved.is_file() and resolved.is_relative_to(home.root.resolve()) else None


def file_url(home: Home, path: Path | str) -> QUrl | None:
    """What opens the case file in the system's editor for Markdown; None when it is not offered."""
    inside = inside_home(home, path)
    return QUrl.fromLocalFile(str(inside)) if inside else None


def folder_url(home: Home, path: Path | str) -> QUrl | None:
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
    that could not be read), and for the row under the pointer (the results' context menu)."""

    def current_path(self) -> Path | None:
        opened = self.window.reading.current
        return opened.cf.path if opened else None

    def open_file(self) -> None:
        self._open(file_url(self.window.home, self.current_path() or ""))

    def show_folder(self) -> None:
        self._open(folder_url(self.window.home, self.current_path() or ""))

    @staticmethod
    def _open(url: QUrl | None) -> None:
        if url is not None:
            interaction.open_url(url)

    def attach(self, results: QTableView) -> None:
        """Give the results a context menu for the case file of the row under the pointer."""
        results.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        results.customContextMenuRequested.connect(lambda pos: self._popup(results, pos))

    def _popup(self, results: QTableView, pos: QPoint) -> None:
        menu = self.row_menu(results, pos)
        if not menu.isEmpty():
            menu.exec(results.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def row_menu(self, results: QTableView, pos: QPoint) -> QMenu:
        """The context menu at `pos` (viewport coordinates): the case file of the row there (disabled for
        a file outside the home), then any actions the results view has of its own."""
        menu = QMenu(self.window)
        menu.setAccessibleName("Case file")
        hit = results.indexAt(pos).data(HitRole)
        if hit is not None:
            for text, url in ((OPEN_FILE, file_url(self.window.home, hit.path)),
                              (SHOW_FOLDER, folder_url(self.window.home, hit.path))):
                action = menu.addAction(text)
                action.setEnabled(url is not None)
                action.triggered.connect(lambda *_, u=url: self._open(u))
            menu.addSeparator()
        menu.addActions(results.actions())
        return menu
