"""File ▸ Import folder…: the dialog asking what to import, and the report of every file."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from casebook.importer import RESULTS, ImportReport
from casebook.model import OUTCOMES
from operations import cases, settings
from ui import dialogs, interaction
from ui.tasks import Controller
from ui.widgets import button

if TYPE_CHECKING:
    pass

NO_OUTCOME = "(leave as in the files)"


class ImportDialog(QDialog):
    """Asks for a folder of Markdown files and the council and outcome for files that give none."""

    def __init__(self, council: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import folder")
        self.setAccessibleName("Import folder")
        self.folder, self.council = QLineEdit(), QLineEdit(council)
        self.outcome = QComboBox()
        self.outcome.addItems([NO_OUTCOME, *OUTCOMES])
        browse = button("Browse…", self._browse, "Choose the folder to import")
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Folder", row)
        form.addRow("Council", self.council)
        form.addRow("Outcome", self.outcome)
        for label, field in (("Folder", self.folder), ("Council", self.council), ("Outcome", self.outcome)):
            field.setAccessibleName(label)
        self.folder.setPlaceholderText("a folder of Markdown files with front matter (a blog, design history…)")
        self.council.setPlaceholderText("for files that name no council")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder to import", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def values(self) -> tuple[str, str, str] | None:
        """(folder, council, outcome), outcome "" when left as in the files; None without a folder."""
        outcome = self.outcome.currentText()
        folder = self.folder.text().strip()
        return (folder, self.council.text().strip(), "" if outcome == NO_OUTCOME else outcome) if folder else None


def report_html(report: ImportReport) -> str:
    """The import report as a page: the counts, then one row per file with what became of it and why."""
    counts = ", ".join(f"{len(report.of(r))} {r}" for r in RESULTS)
    rows = "".join(
        f"<tr><td>{f.result}</td><td>{html.escape(str(f.path))}</td>"
        f"<td>{html.escape(f.case.name if f.case else '')}</td><td>{html.escape(f.reason)}</td></tr>"
        for f in report.files)
    return (f"<h2>Import: {counts}</h2><table border='1' cellpadding='3' cellspacing='0'>"
            f"<tr><th>result</th><th>file</th><th>case</th><th>why</th></tr>{rows}</table>")


class ImportController(Controller):
    """File ▸ Import folder…: asks what to import (the council from the settings), imports with progress,
    then shows the report of every file."""

    def start(self) -> None:
        self.tasks.query(lambda lib: settings.current(lib)["council"], self._ask)

    def _ask(self, council: str) -> None:
        answer = interaction.ask_import(self.window, council)
        if answer:
            folder, council, outcome = answer
            self.window.tell(f"Importing {folder}…")
            self.tasks.write(lambda lib, progress: cases.import_folder(lib, Path(folder), council, outcome, progress),
                             self._imported, on_error=self.window.progress_failed,
                             on_progress=self.window.show_progress)

    def _imported(self, report: ImportReport) -> None:
        self.window.progress.hide()
        self.window.tell(", ".join(f"{len(report.of(r))} {r}" for r in RESULTS), 15000)
        dialogs.show_html(self.window, "Import report", report_html(report))
