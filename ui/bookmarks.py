"""The side panel of bookmarked cases and saved searches."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.widgets import button

DataRole = Qt.ItemDataRole.UserRole + 1


class BookmarksPanel(QWidget):
    """Lists bookmarks (id, title) and saved searches; emits what the user picked."""

    caseChosen = Signal(str)
    searchChosen = Signal(dict)
    removeBookmark = Signal(str)
    removeSearch = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookmarksPanel")
        self.setAccessibleName("Bookmarks and saved searches")
        self.bookmarks = self._list("Bookmarked cases", "Enter opens the case.")
        self.searches = self._list("Saved searches", "Enter runs the search with its filters.")
        remove_case = button("Remove bookmark", lambda: self._remove(self.bookmarks, self.removeBookmark))
        remove_search = button("Delete saved search", lambda: self._remove(self.searches, self.removeSearch))
        layout = QVBoxLayout(self)
        for label, widget, remove in (("&Bookmarks", self.bookmarks, remove_case),
                                      ("Saved &searches", self.searches, remove_search)):
            title = QLabel(label)
            title.setBuddy(widget)
            layout.addWidget(title)
            layout.addWidget(widget)
            layout.addWidget(remove)
        self.bookmarks.itemActivated.connect(lambda item: self.caseChosen.emit(item.data(DataRole)))
        self.searches.itemActivated.connect(lambda item: self.searchChosen.emit(item.data(DataRole)))

    def _list(self, name: str, description: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setAccessibleName(name)
        widget.setAccessibleDescription(description)
        return widget

    def set_bookmarks(self, rows: list[tuple[str, str]]) -> None:
        self._fill(self.bookmarks, [(title or case_id, case_id) for case_id, title in rows])

    def set_searches(self, searches: list[dict[str, Any]]) -> None:
        self._fill(self.searches, [(s["name"], s) for s in searches])

    @staticmethod
    def _fill(widget: QListWidget, items: list[tuple[str, Any]]) -> None:
        widget.clear()
        for text, data in items:
            item = QListWidgetItem(text, widget)
            item.setData(DataRole, data)

    @staticmethod
    def _remove(widget: QListWidget, signal: Any) -> None:
        item = widget.currentItem()
        if item is not None:
            data = item.data(DataRole)
            signal.emit(data["name"] if isinstance(data, dict) else data)
