"""The side panel of bookmarked cases and saved searches, and what keeps it up to date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from operations import state
from operations.changes import Changes
from ui.tasks import Controller
from ui.widgets import button

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

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
        for widget, signal in ((self.bookmarks, self.caseChosen), (self.searches, self.searchChosen)):
            # one click, as for a link; Enter from the keyboard (itemActivated) does the same
            widget.itemClicked.connect(lambda item, chosen=signal: chosen.emit(item.data(DataRole)))
            widget.itemActivated.connect(lambda item, chosen=signal: chosen.emit(item.data(DataRole)))

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


class BookmarksController(Controller):
    """Keeps the panel in line with the catalog: refreshed when bookmarks, saved searches or cases change."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.panel = BookmarksPanel()
        self.panel.caseChosen.connect(window.reading.open)
        self.panel.searchChosen.connect(window.searching.apply_saved)
        self.panel.removeBookmark.connect(lambda case_id: window.reading.set_bookmark(case_id, False))
        self.panel.removeSearch.connect(self.delete_search)
        self.tasks.changed.connect(self._changed)

    def refresh(self) -> None:
        def show(data: Any) -> None:
            self.panel.set_bookmarks(data[0])
            self.panel.set_searches(data[1])
        self.tasks.query(state.bookmarks, show)

    def delete_search(self, name: str) -> None:
        self.tasks.write(lambda lib: state.delete_search(lib, name))

    def _changed(self, changes: Changes) -> None:
        if changes.bookmarks or changes.saved_searches or changes.cases:
            self.refresh()
