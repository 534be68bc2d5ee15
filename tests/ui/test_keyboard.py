"""Keyboard paths through the main window and the editor: Tab passes through the results once, arrows
move between rows, and a new editor takes typing in its Title at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from casebook.home import Home
from tests.conftest import case_text
from tests.ui.conftest import WAIT_MS
from ui.mainwindow import MainWindow


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QWidget:
    """`key` pressed on the widget with the keyboard focus; the widget that has it after."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    return QApplication.focusWidget()


def test_tab_enters_the_results_once_and_the_next_tab_leaves_them(qtbot, window: MainWindow) -> None:
    results = window.searching.results
    window.activateWindow()
    window.searching.focus()
    qtbot.waitUntil(window.searching.box.hasFocus)
    names = [press(qtbot, Qt.Key.Key_Tab).accessibleName() for _ in range(4)]
    assert names == ["Sort results by", "Save search", "Query syntax", "Results"]
    assert [i.row() for i in results.selectionModel().selectedRows()] == [0]  # the current row is marked
    assert results.currentIndex().row() == 0
    after = press(qtbot, Qt.Key.Key_Tab)
    assert after is not results and not results.isAncestorOf(after)
    assert press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier) is results


def test_arrow_keys_move_between_rows_and_mark_the_row(qtbot, window: MainWindow) -> None:
    results = window.searching.results
    window.activateWindow()
    results.setFocus()
    qtbot.waitUntil(results.hasFocus)
    assert [i.row() for i in results.selectionModel().selectedRows()] == [0]
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert [i.row() for i in results.selectionModel().selectedRows()] == [2]
    title = results.currentIndex().data()
    qtbot.waitUntil(lambda: window.reading.current is not None and window.reading.current.cf.case.title == title
                    and window.settled(), timeout=WAIT_MS)


def test_a_new_case_editor_takes_typing_in_its_title(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.keyClick(window.searching.box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(window.editing.editors))
    editor = window.editing.editors[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.fields["title"])
    qtbot.keyClicks(QApplication.focusWidget(), "Parking chatbot")
    assert editor.fields["title"].text() == "Parking chatbot"
    editor.close()


def test_editing_a_case_puts_the_cursor_in_its_first_missing_field(qtbot, window: MainWindow, ui_home: Home) -> None:
    (ui_home.library / "own.md").write_text(case_text(title="Own case", council=""), "utf-8")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.reading.open("own")
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    window.act_edit.trigger()
    qtbot.waitUntil(lambda: bool(window.editing.editors), timeout=WAIT_MS)
    editor = window.editing.editors[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.fields["council"])
    editor.close()
