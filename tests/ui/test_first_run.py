"""The first run on an empty home: the welcome asks for the council's name and the examples, stores
them through the settings, is never shown again, and never shown on a home in use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit

from casebook.home import Home
from casebook.library import Library
from tests.conftest import case_text
from tests.ui.conftest import WAIT_MS
from ui.firstrun import FirstRunDialog
from ui.mainwindow import MainWindow
from ui.results import HitRole

Opener = Callable[..., MainWindow]


def welcome(qtbot, window: MainWindow) -> FirstRunDialog:
    qtbot.waitUntil(lambda: window.welcome.dialog is not None and window.welcome.dialog.isVisible(),
                    timeout=WAIT_MS)
    return window.welcome.dialog


def sources_found(qtbot, window: MainWindow, query: str) -> set[str]:
    window.searching.box.setText(query)
    window.searching.run()
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)
    proxy = window.searching.proxy
    return {proxy.index(row, 0).data(HitRole).source for row in range(proxy.rowCount())}


def stored(home: Home) -> dict[str, str]:
    with Library(home) as lib:
        return lib.settings()


def test_an_empty_home_is_welcomed_and_done_stores_the_answers(qtbot, open_window: Opener, ui_home: Home) -> None:
    window = open_window(ui_home, first_run=True)
    assert sources_found(qtbot, window, "chatbot") == {"examples"}
    dialog = welcome(qtbot, window)
    named = [w.accessibleName() for kind in (QLineEdit, QAbstractButton) for w in dialog.findChildren(kind)]
    assert sorted(named) == ["Done", "Keep the example cases", "Skip", "Then import a folder of existing lessons",
                             "Your council's name"]
    qtbot.keyClicks(dialog.council, "  Example District   Council ")
    dialog.examples.setChecked(False)
    qtbot.keyClick(dialog.council, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.welcome.dialog is None and window.settled() and not window.indexing.running,
                    timeout=WAIT_MS)
    assert stored(ui_home) == {"council": "Example District Council", "examples": "off", "poll_seconds": "30"}
    assert sources_found(qtbot, window, "chatbot") == set()
    window.close()
    again = open_window(ui_home, first_run=True)
    assert again.welcome.dialog is None


def test_skip_stores_nothing_and_is_not_shown_again(qtbot, open_window: Opener, ui_home: Home) -> None:
    window = open_window(ui_home, first_run=True)
    dialog = welcome(qtbot, window)
    qtbot.keyClicks(dialog.council, "Not kept")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.welcome.dialog is None and window.settled(), timeout=WAIT_MS)
    assert stored(ui_home) == {"council": "", "examples": "on", "poll_seconds": "30"}
    window.close()
    again = open_window(ui_home, first_run=True)
    assert again.welcome.dialog is None


def test_done_can_go_on_to_import_a_folder(qtbot, open_window: Opener, answers: dict[str, object],
                                           ui_home: Home) -> None:
    window = open_window(ui_home, first_run=True)
    dialog = welcome(qtbot, window)
    dialog.council.setText("Leeds City Council")
    dialog.then_import.setChecked(True)
    dialog.done_button.click()
    qtbot.waitUntil(lambda: ("import", ("Leeds City Council",)) in answers["asked"], timeout=WAIT_MS)


def test_a_home_in_use_is_not_welcomed(qtbot, open_window: Opener, tmp_path) -> None:
    with_cases = Home(tmp_path / "with-cases").ensure()
    (with_cases.library / "parks.md").write_text(case_text(title="Parks"), "utf-8")
    with_council = Home(tmp_path / "with-council").ensure()
    with Library(with_council) as lib:
        lib.put_settings({"council": "Leeds City Council"})
    for home in (with_cases, with_council):
        window = open_window(home, first_run=True)
        assert window.welcome.dialog is None
        window.close()


def test_without_first_run_the_window_never_welcomes(open_window: Opener, ui_home: Home) -> None:
    assert open_window(ui_home).welcome.dialog is None
