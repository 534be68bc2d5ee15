"""Edit ▸ Edit selected cases…: the dialog asking what to set on the cases selected in the results, and
the controller running the bulk edit and telling its result in the status bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from casebook.model import OUTCOMES, SHARING, THEMES
from casebook.search import Hit
from casebook.sources import LIBRARY
from operations import bulk
from ui import interaction
from ui.tasks import Controller

LEAVE = "(leave as is)"
ADD, REMOVE = "add", "remove"


class BulkEditDialog(QDialog):
    """Council (blank: leave), outcome, each theme (leave, add or remove) and sharing; `values()` gives the
    keyword arguments of `operations.bulk.bulk_edit`."""

    def __init__(self, intro: str, councils: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkEditDialog")
        self.setWindowTitle("Edit selected cases")
        self.setAccessibleName("Edit selected cases")
        self.intro = QLabel(intro)
        self.intro.setObjectName("bulkIntro")
        self.intro.setWordWrap(True)
        self.council = QLineEdit()
        self.council.setPlaceholderText("leave blank to keep each case's council")
        self.council.setCompleter(QCompleter(councils, self))
        self.outcome = _combo((LEAVE, *OUTCOMES))
        self.sharing = _combo((LEAVE, *SHARING))
        self.themes = {theme: _combo((LEAVE, ADD, REMOVE)) for theme in THEMES}
        form = QFormLayout(self)
        form.addRow(self.intro)
        for label, field in (("&Council", self.council), ("&Outcome", self.outcome), ("S&haring", self.sharing)):
            field.setAccessibleName(label.replace("&", ""))
            form.addRow(label, field)
        form.addRow(self._theme_group())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _theme_group(self) -> QGroupBox:
        group = QGroupBox("&Themes")
        group.setAccessibleName("Themes")
        rows = QFormLayout(group)
        for theme, combo in self.themes.items():
            combo.setAccessibleName(f"Theme {theme}: leave, add or remove")
            rows.addRow(theme, combo)
        return group

    def values(self) -> dict[str, Any]:
        def chosen(combo: QComboBox) -> str | None:
            return None if combo.currentText() == LEAVE else combo.currentText()

        return {"council": " ".join(self.council.text().split()) or None, "outcome": chosen(self.outcome),
                "add_themes": [t for t, c in self.themes.items() if c.currentText() == ADD],
                "remove_themes": [t for t, c in self.themes.items() if c.currentText() == REMOVE],
                "sharing": chosen(self.sharing)}


def _combo(values: tuple[str, ...]) -> QComboBox:
    combo = QComboBox()
    combo.addItems(list(values))
    return combo


def intro(hits: list[Hit]) -> str:
    """What the dialog says it will edit: the selected count, and the cases it will leave alone."""
    others = sum(hit.source != LIBRARY for hit in hits)
    text = f"{len(hits)} case{'s' if len(hits) != 1 else ''} selected."
    if others:
        text += f" {others} of them {'is a network or example case' if others == 1 else 'are network or example cases'}"
        text += ", which cannot be edited here: they will be skipped."
    return text + " Only what you set below changes; the text of each case stays as it is."


class BulkEditController(Controller):
    """Asks what to set on the selected results, runs the bulk edit on the writer thread, and says what
    happened in the status bar ("5 cases changed; 2 skipped: network cases cannot be edited here")."""

    def start(self) -> None:
        hits = self.window.searching.selected_hits()
        if not hits:
            self.window.tell("Select the cases to edit in the results first (Shift or Ctrl click, Ctrl+A for all)",
                             8000)
            return
        values = interaction.ask_bulk_edit(self.window, intro(hits), self.window.searching.model.councils())
        if values:
            uids = [hit.uid for hit in hits]
            self.tasks.write(lambda lib: bulk.bulk_edit(lib, uids, **values),
                             lambda report: self.window.tell(report.summary(), 15000))
