"""Every message box and outside action of the app goes through here, so that wording stays
consistent and tests can replace these functions."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_unsaved(parent: QWidget, title: str) -> str:
    """Save, discard or cancel for a case with unsaved changes."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                      f"“{title or 'New case'}” has changes that are not saved.", parent=parent)
    box.setInformativeText("Save them before closing?")
    buttons = {box.addButton(QMessageBox.StandardButton.Save): SAVE,
               box.addButton(QMessageBox.StandardButton.Discard): DISCARD,
               box.addButton(QMessageBox.StandardButton.Cancel): CANCEL}
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.exec()
    return buttons.get(box.clickedButton(), CANCEL)


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok and value.strip() else None


def ask_choice(parent: QWidget, title: str, label: str, items: list[str]) -> str | None:
    value, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return value if ok and value else None


def ask_join(parent: QWidget) -> tuple[str, str, str] | None:
    """Name, git address and council folder for a network to join, or None."""
    from ui.networks import JoinDialog

    dialog = JoinDialog("", parent)
    return dialog.values() if dialog.exec() == JoinDialog.DialogCode.Accepted else None


def ask_save_path(parent: QWidget, title: str, suggested: str) -> str | None:
    """Where to save an export; the extension chooses the format (.pdf, .docx, .html, .md)."""
    from PySide6.QtWidgets import QFileDialog

    formats = "PDF (*.pdf);;Word (*.docx);;HTML (*.html);;Markdown (*.md)"
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, formats)
    return path or None


def show_error_report(parent: QWidget | None, summary: str, report: str) -> None:
    """An unexpected error: a plain message, with the full report copyable under Details."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong", summary, parent=parent)
    box.setInformativeText("Your cases are safe. The details below are also written to the log file.")
    box.setDetailedText(report)
    box.exec()


def open_url(url: QUrl) -> bool:
    """Open a web link in the system browser (only ever called after the user clicked it)."""
    return QDesktopServices.openUrl(url)
