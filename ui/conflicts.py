"""A conflict side by side: the network's version and yours as an officer reads them (each field on
a line of its own, then the text), the lines that differ highlighted, with Keep mine, Keep theirs,
Keep both and Edit a merged version."""

from __future__ import annotations

import difflib
import html
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit, QTextEdit, QWidget

from casebook.authoring import front_matter_of
from casebook.errors import CaseFormatError
from sync.inbox import Conflict
from ui.widgets import button

CHANGED = "#f6d58e"


def highlighted(text: str, other: str) -> str:
    """`text` as HTML, each line that `other` does not have in the same place marked."""
    lines, others = text.splitlines(), other.splitlines()
    same: set[int] = set()
    for block in difflib.SequenceMatcher(None, lines, others, autojunk=False).get_matching_blocks():
        same.update(range(block.a, block.a + block.size))
    rows = [html.escape(line) or "&nbsp;" if n in same else
            f'<span style="background:{CHANGED}">{html.escape(line) or "&nbsp;"}</span>'
            for n, line in enumerate(lines)]
    return '<pre style="white-space:pre-wrap">' + "<br>".join(rows) + "</pre>"


def readable(text: str) -> str:
    """A case's text with its front matter as `Field: value` lines (lists joined by commas), a blank
    line, then the body; the text as it is when its front matter cannot be read."""
    try:
        meta, body = front_matter_of(text, "conflict")
    except CaseFormatError:
        return text
    fields = [f"{key.replace('_', ' ').capitalize()}: {_value(value)}" for key, value in meta.items()]
    return "\n".join(fields) + "\n\n" + body.lstrip("\n")


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(_value, value))
    return "" if value is None else str(value)


class ConflictDialog(QDialog):
    """Emits `chosen(keep, merged text)` with keep one of mine, theirs, both, merged."""

    chosen = Signal(str, str)

    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setWindowTitle(f"Conflict: {conflict.title or conflict.path}")
        self.setAccessibleName("Conflict")
        self.theirs, self.mine = self._pane("The network's version"), self._pane("Your version")
        theirs, mine = readable(conflict.theirs), readable(conflict.mine)
        self.theirs.setHtml(highlighted(theirs, mine))
        self.mine.setHtml(highlighted(mine, theirs))
        self.merged = QPlainTextEdit(conflict.mine)
        self.merged.setAccessibleName("Merged version")
        self.merged.hide()
        grid = QGridLayout(self)
        for column, (title, pane) in enumerate((("The network's version (theirs)", self.theirs),
                                                ("Your version (mine)", self.mine))):
            grid.addWidget(QLabel(title), 0, column)
            grid.addWidget(pane, 1, column)
        grid.addWidget(self.merged, 2, 0, 1, 2)
        grid.addLayout(self._buttons(), 3, 0, 1, 2)
        self.resize(1000, 640)

    def _pane(self, name: str) -> QTextEdit:
        pane = QTextEdit()
        pane.setReadOnly(True)
        pane.setAccessibleName(name)
        return pane

    def _buttons(self) -> QHBoxLayout:
        self.keep_mine = button("Keep &mine", lambda: self._choose("mine"), "Share your version; drop theirs")
        self.keep_theirs = button("Keep &theirs", lambda: self._choose("theirs"), "Take the network's version")
        self.keep_both = button("Keep &both", lambda: self._choose("both"), "Keep both as separate cases")
        self.edit = button("&Edit a merged version…", self._edit, "Write one version from both")
        self.save_merged = button("&Save merged version", lambda: self._choose("merged"), "Share the merged text")
        self.save_merged.hide()
        row = QHBoxLayout()
        for made in (self.keep_mine, self.keep_theirs, self.keep_both, self.edit, self.save_merged):
            row.addWidget(made)
        return row

    def _edit(self) -> None:
        self.merged.show()
        self.save_merged.show()
        self.merged.setFocus()

    def _choose(self, keep: str) -> None:
        self.chosen.emit(keep, self.merged.toPlainText() if keep == "merged" else "")
        self.accept()
