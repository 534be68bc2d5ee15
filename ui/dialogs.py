"""Help, About, the list of unreadable files, and the report of an unexpected error."""

from __future__ import annotations

import logging
import platform
import traceback
from collections.abc import Callable
from importlib import metadata, resources
from typing import Any

import PySide6
from PySide6.QtCore import QSize, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casebook import __version__
from casebook.home import Home
from casebook.render import markdown_html
from sync.redact import redact
from ui import geometry, interaction

log = logging.getLogger("casebook.ui")
#: The size a dialog of text opens at, less on a small screen.
TEXT_SIZE = QSize(640, 560)


def _dialog(parent: QWidget, title: str, body: QWidget, size: QSize = TEXT_SIZE) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    layout.addWidget(buttons)
    dialog.resize(geometry.first_size(dialog, size))
    return dialog


def show_query_help(parent: QWidget) -> None:
    text = resources.files("casebook").joinpath("templates/query-syntax.md").read_text("utf-8")
    view = QTextBrowser()
    view.setAccessibleName("Query syntax")
    view.setHtml(markdown_html(text))
    dialog = _dialog(parent, "Query syntax", view)
    dialog.setObjectName("queryHelp")
    dialog.show()


def show_html(parent: QWidget, title: str, page: str) -> None:
    """A read-only view of generated HTML (the import report)."""
    view = QTextBrowser()
    view.setObjectName("htmlPreview")
    view.setAccessibleName(title)
    view.setOpenLinks(False)
    view.setHtml(page)
    dialog = _dialog(parent, title, view, QSize(800, 700))
    dialog.setObjectName("previewDialog")
    dialog.show()


def show_about(parent: QWidget, home: Home) -> None:
    versions = {"Casebook": __version__, "Python": platform.python_version(), "Qt": qVersion(),
                "PySide6": PySide6.__version__, "whoosh3": _version("whoosh3"),
                "sqlite-utils": _version("sqlite-utils")}
    rows = "".join(f"<tr><th align='left'>{k}</th><td>{v}</td></tr>" for k, v in versions.items())
    view = QTextBrowser()
    view.setAccessibleName("About Casebook")
    view.setHtml(f"<h2>Casebook</h2><p>What councils learned, what worked and what failed.</p>"
                 f"<table>{rows}</table><p>Home folder: {home.root}</p>")
    _dialog(parent, "About Casebook", view).exec()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def show_problems(parent: QWidget, rows: list[dict[str, Any]], open_case: Callable[[str], None]) -> None:
    """Files that could not be read; activating one shows it with its errors."""
    listing = QListWidget()
    listing.setObjectName("problemsList")
    listing.setAccessibleName("Files that could not be read")
    for row in rows:
        first = row["errors"][0] if row["errors"] else {"line": 1, "message": "unreadable"}
        item = QListWidgetItem(f"{row['path']}:{first['line']}: {first['message']}", listing)
        item.setData(256, row["uid"])
    if not rows:
        QListWidgetItem("Every case file could be read.", listing)
    listing.itemActivated.connect(lambda item: item.data(256) and open_case(item.data(256)))
    dialog = _dialog(parent, "Problems", listing)
    dialog.setObjectName("problemsDialog")
    dialog.show()


def report_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    report = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    log.error("unexpected error\n%s", report)
    interaction.show_error_report(parent, redact(f"{type(exc).__name__}: {exc}"), report)
