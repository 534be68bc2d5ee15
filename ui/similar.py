"""The editor's "similar cases" list: once a title and summary are written, the cases most like
them (searched offline, off the UI thread), so an officer sees that another council already wrote
this lesson before writing it again."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from casebook.search import Hit

#: Cases listed, and the pause after the last keystroke before asking.
SIMILAR_CASES = 5
ASK_AFTER_MS = 600

#: ask(text, done): search for cases like `text` off the UI thread, then call done(hits) on it.
Ask = Callable[[str, Callable[[list[Hit]], None]], None]


class SimilarCases(QListWidget):
    """Cases like the one being written, except `own()`: the file being edited, which a new case
    has from its first save on."""

    def __init__(self, ask: Ask, own: Callable[[], Path | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("similarCases")
        self.setAccessibleName("Similar cases already written")
        self._ask, self._own = ask, own
        self._text = ""
        self.request = 0
        self._timer = QTimer(self, singleShot=True, interval=ASK_AFTER_MS, timeout=self._send)

    def text_changed(self, title: str, summary: str) -> None:
        """Ask again a moment after the last change, once both title and summary are written."""
        text = f"{title.strip()} {summary.strip()}"
        if title.strip() and summary.strip() and text != self._text:
            self._text = text
            self._timer.start()

    def _send(self) -> None:
        self.request += 1
        self._ask(self._text, partial(self.show_hits, self.request))

    def show_hits(self, request: int, hits: list[Hit]) -> None:
        """List the hits of the latest request; answers to older ones, or to a closed editor, are dropped."""
        if request != self.request or not shiboken6.isValid(self):
            return
        self.clear()
        own = self._own()
        for hit in hits:
            if own is None or Path(hit.path) != own:
                item = QListWidgetItem(f"{hit.title} — {hit.council} ({hit.outcome.upper()})")
                item.setToolTip(hit.id)
                self.addItem(item)
