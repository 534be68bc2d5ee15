"""The first run on a home never set up (`operations.settings.needs_first_run`): a short welcome asking
for the council's name, whether to keep the bundled examples, and whether to import a folder of existing
lessons next. Done or Skip, it is not offered again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from casebook.settings import SETTINGS
from operations import settings
from ui.settingsdialog import one_line
from ui.tasks import Controller

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

INTRO = ("Casebook keeps what councils learned from their projects, what worked and what failed, and finds it "
         "again without a network. Three things to start with; File ▸ Settings changes them later.")


class FirstRunDialog(QDialog):
    """The welcome. Enter is Done (the answers are stored), Esc is Skip (nothing is)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Casebook")
        self.setAccessibleName("Welcome to Casebook")
        heading = QLabel("<h2>Welcome to Casebook</h2>")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.council = QLineEdit()
        self.council.setPlaceholderText("for example: Example District Council")
        self.examples = QCheckBox("&Keep the example cases (real UK council projects) in search")
        self.examples.setChecked(True)
        self.then_import = QCheckBox("&Then import a folder of existing lessons…")
        form = QFormLayout(self)
        form.addRow(heading)
        form.addRow(intro)
        form.addRow("Your &council's name", self.council)
        form.addRow(self.examples)
        form.addRow(self.then_import)
        buttons = QDialogButtonBox()
        self.done_button = buttons.addButton("&Done", QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = buttons.addButton("&Skip", QDialogButtonBox.ButtonRole.RejectRole)
        self.done_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._describe()
        self.setMinimumWidth(520)

    def _describe(self) -> None:
        for widget, name, description in (
                (self.council, "Your council's name", SETTINGS["council"].help),
                (self.examples, "Keep the example cases", SETTINGS["examples"].help),
                (self.then_import, "Then import a folder of existing lessons",
                 "After this, choose a folder of Markdown files (a blog, design histories…) to bring in."),
                (self.done_button, "Done", "Store these answers (Enter)"),
                (self.skip_button, "Skip", "Start without changing anything (Esc)")):
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)
            widget.setToolTip(description)

    def values(self) -> dict[str, str]:
        """The answers as the catalog stores the settings."""
        return {"council": one_line(self.council.text()), "examples": "on" if self.examples.isChecked() else "off"}


class FirstRunController(Controller):
    """Offers the first run once the window is up, without blocking it, then stores the answers through
    `operations.settings.first_run` and, when asked, starts File ▸ Import folder…."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.dialog: FirstRunDialog | None = None

    def offer(self) -> None:
        """Show the welcome if this home was never set up (and the window is still open: a dialog shown
        after it closed would keep the app running with no window)."""
        self.tasks.query(settings.needs_first_run,
                         lambda needed: self.show() if needed and self.window.isVisible() else None)

    def show(self) -> None:
        self.dialog = FirstRunDialog(self.window)
        self.dialog.finished.connect(self._finished)
        self.dialog.open()
        self.dialog.council.setFocus()

    def _finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        accepted = result == QDialog.DialogCode.Accepted.value
        values = dialog.values() if accepted else None
        then_import = accepted and dialog.then_import.isChecked()
        dialog.deleteLater()
        self.tasks.write(lambda lib: settings.first_run(lib, values),
                         lambda changed: self._stored(changed, then_import))

    def _stored(self, changed: list[str], then_import: bool) -> None:
        self.window.configuring.stored(changed)
        if then_import:
            self.window.importing.start()
