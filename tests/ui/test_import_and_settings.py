"""File ▸ Import folder… with its report, and the Settings dialog, in the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTextBrowser

from casebook import settings
from casebook.home import Home
from casebook.library import Library
from tests.ui.conftest import WAIT_MS
from ui.importing import ImportDialog
from ui.mainwindow import MainWindow
from ui.settingsdialog import SettingsDialog


def report_page(window: MainWindow) -> str:
    pages = [v for v in window.findChildren(QTextBrowser, "htmlPreview") if v.accessibleName() == "Import report"]
    return pages[-1].toPlainText() if pages else ""


def test_import_folder_reports_every_file_and_a_second_import_updates(
        qtbot, window: MainWindow, answers: dict[str, object], ui_home: Home, tmp_path: Path) -> None:
    folder = tmp_path / "blog"
    (folder / "posts" / "bin-day-app").mkdir(parents=True)
    (folder / "posts" / "bin-day-app" / "index.md").write_text("---\ntitle: A bin day app\n---\nIt worked.\n")
    (folder / "notes.txt").write_text("not a case")
    answers["import"] = (str(folder), "Test Borough Council", "")
    window.importing.start()
    qtbot.waitUntil(lambda: "Import:" in report_page(window), timeout=WAIT_MS)
    assert report_page(window).startswith("Import: 1 imported, 0 updated, 0 unchanged, 1 skipped")
    assert "not a Markdown file (.txt)" in report_page(window)
    assert [p.name for p in ui_home.library.glob("*.md")] == ["bin-day-app.md"]
    answers["import"] = (str(folder), "Test Borough Council", "success")
    window.importing.start()
    qtbot.waitUntil(lambda: "1 updated" in report_page(window), timeout=WAIT_MS)
    assert "changed: outcome" in report_page(window)
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)
    with Library(ui_home) as lib:
        assert [h.id for h in lib.search("outcome:success council:test").hits] == ["bin-day-app"]


def test_settings_dialog_gives_back_what_it_shows_and_what_was_changed(qtbot) -> None:
    values = {"council": "Leeds City Council", "examples": "on", "poll_seconds": "30"}
    dialog = SettingsDialog(values)
    qtbot.addWidget(dialog)
    assert dialog.values() == values
    dialog.council.setText("  Kirklees   Council ")
    dialog.examples.setChecked(False)
    dialog.poll.setValue(4)  # below the least allowed: the box keeps it at 5
    assert dialog.values() == {"council": "Kirklees Council", "examples": "off", "poll_seconds": "5"}


def test_settings_from_the_window_are_stored_and_applied(
        qtbot, window: MainWindow, answers: dict[str, object], ui_home: Home) -> None:
    assert window.searching.proxy.rowCount() > 0  # the bundled examples
    answers["settings"] = {"council": "Leeds City Council", "examples": "off", "poll_seconds": "10"}
    window.configuring.start()
    qtbot.waitUntil(lambda: window.indexing.poll.interval() == 10_000, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.settled() and window.searching.proxy.rowCount() == 0, timeout=WAIT_MS)
    with Library(ui_home) as lib:
        assert settings.current(lib.catalog) == answers["settings"]
    assert answers["asked"][-1] == ("settings", ({"examples": "on", "council": "", "poll_seconds": "30"},))
    editor = window.editing.new()  # a new case is the officer's own council's
    assert editor.fields["council"].text() == "Leeds City Council"
    editor.close()


def test_import_dialog_values(qtbot, tmp_path: Path) -> None:
    dialog = ImportDialog("Leeds City Council")
    qtbot.addWidget(dialog)
    assert dialog.values() is None
    dialog.folder.setText(str(tmp_path))
    assert dialog.values() == (str(tmp_path), "Leeds City Council", "")
    dialog.outcome.setCurrentText("failure")
    assert dialog.values() == (str(tmp_path), "Leeds City Council", "failure")
