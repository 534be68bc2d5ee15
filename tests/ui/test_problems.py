"""View ▸ Problems: each message readable whole, and the file reachable from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QListWidget, QPushButton

from casebook.home import Home
from tests.ui.conftest import WAIT_MS
from ui import interaction
from ui.mainwindow import MainWindow

BROKEN = '---\ntitle: "Broken\ncouncil: X\noutcome: success\nsummary: s\n---\n## Lessons\n- x\n'


@pytest.fixture
def problems(qtbot, window: MainWindow, ui_home: Home) -> QListWidget:
    """The Problems window open on one broken own case (an unclosed quote in its front matter)."""
    (ui_home.library / "broken.md").write_text(BROKEN, "utf-8")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.indexing.show_problems()
    qtbot.waitUntil(lambda: any(w.objectName() == "problemsDialog" and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=WAIT_MS)
    listing = window.findChild(QListWidget, "problemsList")
    qtbot.waitExposed(listing.window())
    yield listing
    listing.window().close()


def test_each_message_is_shown_whole_and_wrapped(ui_home: Home, problems: QListWidget) -> None:
    path = ui_home.library / "broken.md"
    assert [problems.item(r).text() for r in range(problems.count())] == [
        f"{path}:5: front matter is not valid YAML: found unexpected end of stream"]
    shown = problems.visualItemRect(problems.item(0))
    assert problems.horizontalScrollBar().maximum() == 0
    assert shown.width() <= problems.viewport().width()
    assert shown.height() >= 2 * problems.fontMetrics().height()  # wrapped onto a second line


def test_the_file_opens_from_the_keyboard(qtbot, window: MainWindow, ui_home: Home, problems: QListWidget,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(interaction, "open_url", lambda url: opened.append(url) or True)
    dialog = problems.window()
    dialog.activateWindow()
    problems.setFocus()
    qtbot.waitUntil(problems.hasFocus)
    names = []
    for _ in range(4):  # bounded: without the button, Tab cycles for ever
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        names.append(QApplication.focusWidget().accessibleName())
        if names[-1] == "Open file in editor":
            break
    assert names == ["View in Casebook", "Open file in editor"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert opened == [QUrl.fromLocalFile(str((ui_home.library / "broken.md").resolve()))]
    problems.setFocus()
    qtbot.keyClick(problems, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    assert window.reading.current.cf.path == ui_home.library / "broken.md"
    assert window.reading.unreadable.isVisible()
    enabled = {b.accessibleName() for b in dialog.findChildren(QPushButton) if b.isEnabled()}
    assert enabled == {"View in Casebook", "Open file in editor", "Show in file manager", "Close"}
