"""Unexpected errors reach the user and the log; the window remembers its layout."""

from __future__ import annotations

import sys
from collections.abc import Callable

from casebook.errors import CaseNotFoundError
from casebook.home import Home
from ui.app import install_excepthook, log_folder, setup_logging
from ui.mainwindow import MainWindow


def test_an_unexpected_error_shows_a_report_and_is_logged(window: MainWindow, ui_home: Home, answers,
                                                          monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    folder = log_folder(ui_home, explicit_home=True)
    setup_logging(folder)
    install_excepthook(window)
    try:
        raise RuntimeError("index exploded")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    kind, (summary, report) = answers["asked"][-1]
    assert (kind, summary) == ("error", "RuntimeError: index exploded")
    assert "Traceback" in report and "index exploded" in report
    assert "index exploded" in (folder / "casebook.log").read_text("utf-8")


def test_expected_errors_go_to_the_status_bar(window: MainWindow, answers) -> None:
    window.report_error(CaseNotFoundError("nope"))
    assert window.statusBar().currentMessage() == "no case with id 'nope' (try `casebook search`)"
    assert answers["asked"] == []


def test_window_size_is_remembered(open_window: Callable[[Home], MainWindow], ui_home: Home) -> None:
    window = open_window(ui_home)
    window.resize(700, 500)  # the offscreen screen is 800 x 600; restoreGeometry keeps windows on it
    window.close()
    again = open_window(ui_home)
    assert (again.width(), again.height()) == (700, 500)
