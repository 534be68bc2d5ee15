"""Every window and dialog opens inside its screen's free area (the offscreen screen here is smaller than a
1366×768 laptop), its frame and buttons included."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from casebook.settings import SETTINGS
from ui import dialogs, digestpreview, geometry, problems
from ui.bulkdialog import BulkEditDialog
from ui.firstrun import FirstRunDialog
from ui.importing import ImportDialog
from ui.mainwindow import MainWindow
from ui.settingsdialog import SettingsDialog
from ui.signin import JoinDialog


def assert_fits(window: QWidget) -> None:
    """`window`, with the frame and title bar a window manager adds, inside its screen's free area, and
    each of its buttons inside the window."""
    screen = geometry.available(window)
    assert screen.contains(window.frameGeometry()), (window.frameGeometry(), screen)
    framed = window.size().grownBy(geometry.FRAME_GUESS)
    assert framed.width() <= screen.width() and framed.height() <= screen.height(), (framed, screen)
    buttons = [b for b in window.findChildren(QAbstractButton) if b.isVisibleTo(window) and b.window() is window]
    assert buttons
    for button in buttons:
        assert window.rect().contains(QRect(button.mapTo(window, QPoint(0, 0)), button.size())), button.text()


def shown(object_name: str) -> QWidget:
    return next(w for w in QApplication.topLevelWidgets() if w.objectName() == object_name and w.isVisible())


def test_the_editor_opens_inside_the_screen(qtbot, window: MainWindow) -> None:
    editor = window.editing.new()
    qtbot.waitExposed(editor)
    assert_fits(editor)
    editor.close()


def test_the_digest_preview_opens_inside_the_screen(qtbot, window: MainWindow) -> None:
    page = QImage(595, 842, QImage.Format.Format_RGB32)
    page.fill(0xFFFFFF)
    dialog = digestpreview.show_pages(window, "Preview: Cyber attacks", [page, page])
    qtbot.waitExposed(dialog)
    assert_fits(dialog)
    dialog.close()


@pytest.mark.parametrize("show", [
    lambda window: dialogs.show_html(window, "Import report", "<h1>Imported 3 files</h1>"),
    lambda window: dialogs.show_query_help(window),
    lambda window: problems.show_problems(window, [], window.home, window.reading.open),
], ids=["import report", "query syntax", "problems"])
def test_text_dialogs_open_inside_the_screen(qtbot, window: MainWindow, show: Callable[[MainWindow], None]) -> None:
    show(window)
    dialog = next(w for w in QApplication.topLevelWidgets() if w.parent() is window and w.isVisible()
                  and w.isWindow())
    qtbot.waitExposed(dialog)
    assert_fits(dialog)
    dialog.close()


@pytest.mark.parametrize("make", [
    lambda window: FirstRunDialog(window),
    lambda window: SettingsDialog({name: setting.default for name, setting in SETTINGS.items()}, window),
    lambda window: BulkEditDialog("3 cases selected.", ["Example District Council"], window),
    lambda window: ImportDialog("Example District Council", window),
    lambda window: JoinDialog("Example District Council", lambda *_: None, window),
], ids=["first run", "settings", "bulk edit", "import", "join"])
def test_the_dialogs_that_ask_open_inside_the_screen(qtbot, window: MainWindow,
                                                     make: Callable[[MainWindow], QWidget]) -> None:
    dialog = make(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_fits(dialog)
    dialog.close()
