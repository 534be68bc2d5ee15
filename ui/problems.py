"""View ▸ Problems: the case files that could not be read, each message shown whole, with a way from the
keyboard to the file: read it in Casebook with its errors (Enter), or hand it to the system's editor or file
manager to fix it (Casebook's own editor would start from a blank form, since the file cannot be parsed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from casebook.home import Home
from ui import interaction
from ui.dialogs import text_dialog
from ui.outside import OPEN_FILE, SHOW_FOLDER, UrlOf, file_url, folder_url
from ui.widgets import button

RowRole = Qt.ItemDataRole.UserRole


def problem_text(row: dict[str, Any]) -> str:
    """`path:line: message`, one line for each error of the file."""
    errors = row["errors"] or [{"line": 1, "message": "unreadable"}]
    return "\n".join(f"{row['path']}:{error['line']}: {error['message']}" for error in errors)


class ProblemsPanel(QWidget):
    """The files of `rows` (`Catalog.invalid()`), and buttons acting on the current one: `open_case(uid)`
    shows it in the main window (also Enter), the others hand it to the system."""

    def __init__(self, rows: list[dict[str, Any]], home: Home, open_case: Callable[[str], None]) -> None:
        super().__init__()
        self.home, self.open_case = home, open_case
        self.listing = _listing(rows)
        self.listing.itemActivated.connect(lambda _: self._view())
        self.offered = [(button("&View in Casebook", self._view, "Show the file and its errors (Enter)"), None)]
        for text, url_of in ((OPEN_FILE, file_url), (SHOW_FOLDER, folder_url)):
            self.offered.append((button(text, lambda u=url_of: self._hand_over(u)), url_of))
        actions = QHBoxLayout()
        for made, _ in self.offered:
            actions.addWidget(made)
        actions.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.listing, 1)
        column.addLayout(actions)
        self.listing.currentItemChanged.connect(lambda *_: self._enable())
        self.listing.setCurrentRow(0)
        self._enable()

    def chosen(self) -> dict[str, Any] | None:
        item = self.listing.currentItem()
        return item.data(RowRole) if item else None

    def _view(self) -> None:
        if self.chosen():
            self.open_case(self.chosen()["uid"])

    def _hand_over(self, url_of: UrlOf) -> None:
        url = url_of(self.home, self.chosen()["path"]) if self.chosen() else None
        if url is not None:
            interaction.open_url(url)

    def _enable(self) -> None:
        row = self.chosen()
        for made, url_of in self.offered:
            made.setEnabled(bool(row) and (url_of is None or url_of(self.home, row["path"]) is not None))


def show_problems(parent: QWidget, rows: list[dict[str, Any]], home: Home,
                  open_case: Callable[[str], None]) -> QDialog:
    dialog = text_dialog(parent, "Problems", ProblemsPanel(rows, home, open_case))
    dialog.setObjectName("problemsDialog")
    dialog.show()
    return dialog


def _listing(rows: list[dict[str, Any]]) -> QListWidget:
    """One item per file, its messages wrapped to the width of the list."""
    listing = QListWidget()
    listing.setObjectName("problemsList")
    listing.setAccessibleName("Files that could not be read")
    listing.setWordWrap(True)
    listing.setTextElideMode(Qt.TextElideMode.ElideNone)
    listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    listing.setResizeMode(QListView.ResizeMode.Adjust)
    for row in rows:
        QListWidgetItem(problem_text(row), listing).setData(RowRole, row)
    if not rows:
        QListWidgetItem("Every case file could be read.", listing)
    return listing
