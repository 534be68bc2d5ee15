"""The digest panel: cases added from results (one or all) or the case view, or a whole search as
the selection; reordered or removed by hand; cover details, order and handling marking chosen;
previewed as the PDF's pages and exported as Markdown, HTML, PDF or Word."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casebook.briefing import selection_words
from casebook.digest import MARKINGS, DigestSpec, not_yet_in, spec_from_search
from ui.widgets import button

IdRole = Qt.ItemDataRole.UserRole + 1
ORDER_LABELS = {"outcome": "Failures first", "date": "Newest first", "council": "By council",
                "relevance": "As listed (search: most relevant first)"}


class DigestPanel(QWidget):
    previewRequested = Signal(object)
    exportRequested = Signal(object)
    addAllRequested = Signal()
    fromSearchRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digestPanel")
        self.setAccessibleName("Digest")
        self._search = DigestSpec("search")  # the search part of the selection (no query: none)
        self.title = self._line("Lessons from councils", "Digest title")
        self.question = self._line("", "The question as asked")
        self.prepared_for = self._line("", "Prepared for")
        self.prepared_by = self._line("", "Prepared by")
        self.order = self._combo("digestOrder", "Order of cases", list(ORDER_LABELS.values()))
        self.marking = self._combo("digestMarking", "Handling marking", list(MARKINGS))
        self.searched = QLabel("Cases picked by hand:")
        self.searched.setWordWrap(True)
        self.cases = QListWidget()
        self.cases.setObjectName("digestCases")
        self.cases.setAccessibleName("Cases in the digest, in order")
        self.cases.setAccessibleDescription("Drag, or use Move up and Move down, to change the order.")
        self.cases.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.shareable = QCheckBox("Leave out internal cases (for sharing)")
        self.shareable.setAccessibleName("Leave out internal cases")
        self._lay_out()

    def _line(self, text: str, name: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setAccessibleName(name)
        return edit

    def _combo(self, object_name: str, name: str, items: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(object_name)
        combo.setAccessibleName(name)
        combo.addItems(items)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)  # the dock stays narrow; the list shows the whole text
        return combo

    def _lay_out(self) -> None:
        form = QFormLayout()
        for label, field in (("&Title", self.title), ("&Question", self.question), ("Prepared &for", self.prepared_for),
                             ("Prepared &by", self.prepared_by), ("O&rder", self.order),
                             ("Handling &marking", self.marking)):
            form.addRow(label, field)
        picks = QGridLayout()
        picks.addWidget(button("Add &all results", self.addAllRequested.emit), 0, 0)
        picks.addWidget(button("Digest from this &search", self.fromSearchRequested.emit,
                               "The search's query and filters select the digest's cases"), 0, 1)
        buttons = QGridLayout()
        for n, (text, slot) in enumerate((("Move &up", lambda: self._move(-1)), ("Move &down", lambda: self._move(1)),
                                          ("&Remove", self._remove), ("&Clear", self.clear))):
            buttons.addWidget(button(text, slot), n // 2, n % 2)
        actions = QHBoxLayout()
        actions.addWidget(button("Pre&view", lambda: self.previewRequested.emit(self.spec())))
        actions.addWidget(button("E&xport…", lambda: self.exportRequested.emit(self.spec())))
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addLayout(form)
        layout.addLayout(picks)
        layout.addWidget(self.searched)
        layout.addWidget(self.cases)
        layout.addLayout(buttons)
        layout.addWidget(self.shareable)
        layout.addLayout(actions)
        scroll = QScrollArea()  # the dock may be shorter than the panel: scroll rather than grow the window
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(inner.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def add(self, case_id: str, title: str) -> bool:
        """Add a case once; False when it is already there."""
        return bool(self.add_all([(case_id, title)]))

    def add_all(self, offered: Sequence[tuple[str, str]]) -> int:
        """Add the (id, title) pairs not yet in the digest, in order; how many were added."""
        added = not_yet_in(self.ids(), offered)
        for case_id, title in added:
            item = QListWidgetItem(title, self.cases)
            item.setData(IdRole, case_id)
        return len(added)

    def use_search(self, query: str, filters: Mapping[str, Sequence[str]]) -> str:
        """Make a search (query and filters) the digest's selection; the selection in words."""
        self._search = spec_from_search(DigestSpec("search"), query, filters)
        self.order.setCurrentIndex(list(ORDER_LABELS).index("outcome"))
        words = selection_words(self._search)
        self.searched.setText(f"From the search: {words}. Cases picked by hand are added to it:")
        return words

    def ids(self) -> list[str]:
        return [self.cases.item(i).data(IdRole) for i in range(self.cases.count())]

    def spec(self) -> DigestSpec:
        return DigestSpec(
            title=self.title.text().strip() or "Digest", query=self._search.query, filters=self._search.filters,
            ids=tuple(self.ids()), order=list(ORDER_LABELS)[self.order.currentIndex()],
            shareable=self.shareable.isChecked(), question=self.question.text().strip(),
            marking=self.marking.currentText(), prepared_for=self.prepared_for.text().strip(),
            prepared_by=self.prepared_by.text().strip())

    def clear(self) -> None:
        """No search and no case picked."""
        self.cases.clear()
        self._search = DigestSpec("search")
        self.searched.setText("Cases picked by hand:")

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
