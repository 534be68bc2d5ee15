"""Help, About, a dialog of text with a Close button, and the report of an unexpected error."""

from __future__ import annotations

import logging
import platform
import traceback
from importlib import metadata, resources

import PySide6
from PySide6.QtCore import QSize, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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


def text_dialog(parent: QWidget, title: str, body: QWidget, size: QSize = TEXT_SIZE) -> QDialog:
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
    dialog = text_dialog(parent, "Query syntax", view)
    dialog.setObjectName("queryHelp")
    dialog.show()


def show_html(parent: QWidget, title: str, page: str) -> None:
    """A read-only view of generated HTML (the import report)."""
    view = QTextBrowser()
    view.setObjectName("htmlPreview")
    view.setAccessibleName(title)
    view.setOpenLinks(False)
    view.setHtml(page)
    dialog = text_dialog(parent, title, view, QSize(800, 700))
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
    text_dialog(parent, "About Casebook", view).exec()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def report_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    report = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    log.error("unexpected error\n%s", report)
    interaction.show_error_report(parent, redact(f"{type(exc).__name__}: {exc}"), report)
