"""Starting the desktop app: logging, the error hook, the window."""

from __future__ import annotations

import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from casebook.home import HOME_ENV, Home
from ui import dialogs
from ui.mainwindow import MainWindow


def log_folder(home: Home, explicit_home: bool) -> Path:
    """The platform's log folder, or `<home>/logs` when the home was chosen (tests, scripts)."""
    if explicit_home:
        return home.root / "logs"
    return Path(platformdirs.user_log_dir("casebook", appauthor=False))


def setup_logging(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(folder / "casebook.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("casebook")
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def install_excepthook(window: MainWindow) -> None:
    """An unexpected exception in a slot becomes a dialog with a copyable report and a log entry."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        dialogs.report_unexpected(window if window.isVisible() else None, exc.with_traceback(tb))

    sys.excepthook = hook


def run(home: Home, explicit_home: bool, started: float | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Casebook")
    app.setOrganizationName("Casebook")
    setup_logging(log_folder(home, explicit_home or bool(os.environ.get(HOME_ENV))))
    window = MainWindow(home, started or time.perf_counter(), first_run=True)
    install_excepthook(window)
    window.show()
    code = app.exec()
    QThreadPool.globalInstance().waitForDone()
    return code
