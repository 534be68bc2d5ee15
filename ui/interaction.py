"""Every message box and outside action of the app goes through here, so that wording stays
consistent and tests can replace these functions."""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from casebook.errors import CasebookError
from sync.credentials import NoKeyringError
from sync.redact import redact

if TYPE_CHECKING:
    from sync.credentials import SignIn
    from ui.signin import Joining, Tester

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
KEEP, DELETE = "keep", "delete"


def user_message(exc: BaseException) -> str | None:
    """The plain words for an expected failure (the core's and sync's typed errors, bad input, a full
    disk), or None for an unexpected one, which gets a report dialog. The one place for this rule."""
    if isinstance(exc, NoKeyringError):
        return f"{exc}. Tick “Ask each time” to keep the token only until Casebook closes."
    if isinstance(exc, CasebookError):
        return redact(str(exc))
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "The disk is full: free some space, then try again. Nothing was lost."
    return None


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


def ask_join(parent: QWidget, council: str, tester: Tester) -> Joining | None:
    """Name, git address, council folder and sign-in for a network to join, or None."""
    from ui.signin import JoinDialog

    dialog = JoinDialog(council, tester, parent)
    return dialog.values() if dialog.exec() == JoinDialog.DialogCode.Accepted else None


def ask_import(parent: QWidget, council: str) -> tuple[str, str, str] | None:
    """Folder, council and outcome (empty: as in the files) for File ▸ Import folder…, or None."""
    from ui.importing import ImportDialog

    dialog = ImportDialog(council, parent)
    return dialog.values() if dialog.exec() == ImportDialog.DialogCode.Accepted else None


def ask_bulk_edit(parent: QWidget, intro: str, councils: list[str]) -> dict[str, Any] | None:
    """What Edit ▸ Edit selected cases… should set (keyword arguments of `operations.bulk.bulk_edit`), or None."""
    from ui.bulkdialog import BulkEditDialog

    dialog = BulkEditDialog(intro, councils, parent)
    return dialog.values() if dialog.exec() == BulkEditDialog.DialogCode.Accepted else None


def ask_settings(parent: QWidget, values: dict[str, str]) -> dict[str, str] | None:
    """The settings as changed in the Settings dialog, or None when cancelled."""
    from ui.settingsdialog import SettingsDialog

    dialog = SettingsDialog(values, parent)
    return dialog.values() if dialog.exec() == SettingsDialog.DialogCode.Accepted else None
def ask_signin(parent: QWidget, name: str, url: str, user: str, tester: Tester) -> tuple[SignIn | None, bool] | None:
    """A new sign-in for a network and whether to keep it for this session only, or None."""
    from ui.signin import SignInDialog

    dialog = SignInDialog(name, url, user, tester, parent)
    return dialog.values() if dialog.exec() == SignInDialog.DialogCode.Accepted else None


def ask_leave(parent: QWidget, name: str) -> str | None:
    """KEEP (the clone stays on this computer, out of search), DELETE, or None to stay."""
    box = QMessageBox(QMessageBox.Icon.Question, "Leave network", f"Leave the network “{name}”?", parent=parent)
    box.setInformativeText("Your own cases stay in your library. Keep this computer's copy of the network "
                           "(out of search), or delete it?")
    buttons = {box.addButton("Leave, keep the copy", QMessageBox.ButtonRole.AcceptRole): KEEP,
               box.addButton("Leave and delete the copy", QMessageBox.ButtonRole.DestructiveRole): DELETE,
               box.addButton(QMessageBox.StandardButton.Cancel): None}
    box.exec()
    return buttons.get(box.clickedButton())


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
    """Open a web link in the system browser, or a local file or folder in the system's application for it
    (only ever after the officer asked for it)."""
    return QDesktopServices.openUrl(url)
