"""The digest panel: cases added from results or the case view, reordered or removed by hand,
previewed, and exported as Markdown, HTML or PDF."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casebook.digest import DigestSpec
from ui.widgets import button

IdRole = Qt.ItemDataRole.UserRole + 1


class DigestPanel(QWidget):
    previewRequested = Signal(object)
    exportRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digestPanel")
        self.setAccessibleName("Digest")
        self.title = QLineEdit("Lessons from councils")
        self.title.setAccessibleName("Digest title")
        self.cases = QListWidget()
        self.cases.setObjectName("digestCases")
        self.cases.setAccessibleName("Cases in the digest, in order")
        self.cases.setAccessibleDescription("Drag, or use Move up and Move down, to change the order.")
        self.cases.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.shareable = QCheckBox("Leave out internal cases (for sharing)")
        self.shareable.setAccessibleName("Leave out internal cases")
        buttons = QHBoxLayout()
        for text, slot in (("Move &up", lambda: self._move(-1)), ("Move &down", lambda: self._move(1)),
                           ("&Remove", self._remove)):
            buttons.addWidget(button(text, slot))
        actions = QHBoxLayout()
        actions.addWidget(button("Pre&view", lambda: self.previewRequested.emit(self.spec())))
        actions.addWidget(button("E&xport…", lambda: self.exportRequested.emit(self.spec())))
        label = QLabel("&Title")
        label.setBuddy(self.title)
        layout = QVBoxLayout(self)
        for item in (label, self.title, self.cases):
            layout.addWidget(item)
        layout.addLayout(buttons)
        layout.addWidget(self.shareable)
        layout.addLayout(actions)

    def add(self, case_id: str, title: str) -> bool:
        """Add a case once; False when it is already there."""
        if case_id in self.ids():
            return False
        item = QListWidgetItem(title, self.cases)
        item.setData(IdRole, case_id)
        return True

    def ids(self) -> list[str]:
        return [self.cases.item(i).data(IdRole) for i in range(self.cases.count())]

    def spec(self) -> DigestSpec:
        return DigestSpec(title=self.title.text().strip() or "Digest", ids=tuple(self.ids()), order="relevance",
                          shareable=self.shareable.isChecked())

    def _move(self, step: int) -> None:
        row = self.cases.currentRow()
        if 0 <= row + step < self.cases.count() and row >= 0:
            item = self.cases.takeItem(row)
            self.cases.insertItem(row + step, item)
            self.cases.setCurrentRow(row + step)

    def _remove(self) -> None:
        row = self.cases.currentRow()
        if row >= 0:
            self.cases.takeItem(row)
