"""Small widget helpers shared by the panels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton


def button(text: str, slot: Callable[[], object], description: str = "") -> QPushButton:
    """A push button whose accessible name is its text (without & or …) and that calls `slot()`."""
    made = QPushButton(text)
    made.setAccessibleName(text.replace("&", "").rstrip("…"))
    if description:
        made.setAccessibleDescription(description)
        made.setToolTip(description)
    made.clicked.connect(lambda *_: slot())
    return made
