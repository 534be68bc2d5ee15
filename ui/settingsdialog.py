"""File ▸ Settings…: the dialog (council name, the bundled examples, how often the library is checked)
and what stores and applies it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from casebook.settings import SETTINGS
from operations import settings
from ui import interaction
from ui.tasks import Controller

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow


def one_line(text: str) -> str:
    """A name as typed, its white space (new lines and tabs pasted in) made single spaces."""
    return " ".join(text.split())


class SettingsDialog(QDialog):
    """Shows the values of `casebook.settings`; `values()` gives them back as the catalog stores them."""

    def __init__(self, values: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self.council = QLineEdit(values["council"])
        self.examples = QCheckBox("Search and list the bundled example cases")
        self.examples.setChecked(values["examples"] == "on")
        self.poll = QSpinBox()
        self.poll.setRange(*SETTINGS["poll_seconds"].whole_number)
        self.poll.setSuffix(" s")
        self.poll.setValue(int(values["poll_seconds"]))
        form = QFormLayout(self)
        for label, field, name in (("Your council", self.council, "council"), ("Examples", self.examples, "examples"),
                                   ("Check the library every", self.poll, "poll_seconds")):
            field.setAccessibleName(label)
            field.setToolTip(SETTINGS[name].help)
            form.addRow(label, field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str]:
        return {"council": one_line(self.council.text()),
                "examples": "on" if self.examples.isChecked() else "off", "poll_seconds": str(self.poll.value())}


class SettingsController(Controller):
    """File ▸ Settings…: the dialog, then the settings stored and applied (polling, examples); the
    values in force are kept in `values` (a new case's council)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.values: dict[str, str] = {}

    def load(self) -> None:
        """Apply the stored settings (at start)."""
        self.tasks.query(settings.current, self._apply)

    def start(self) -> None:
        self.tasks.query(settings.current, self._ask)

    def _ask(self, values: dict[str, str]) -> None:
        answer = interaction.ask_settings(self.window, values)
        if answer:
            self.tasks.write(lambda lib: settings.save(lib, answer), lambda changed: self._saved(answer, changed))

    def _saved(self, values: dict[str, str], changed: list[str]) -> None:
        self.stored(changed)
        self.window.tell(f"Settings saved ({', '.join(changed) or 'nothing changed'})", 8000)

    def stored(self, changed: list[str]) -> None:
        """What follows a change of settings stored (here or by the first run): the index follows the
        examples switched on or off."""
        if changed:
            self.load()
        if "examples" in changed:
            self.window.indexing.reindex()

    def _apply(self, values: dict[str, str]) -> None:
        self.values = values
        self.window.indexing.poll.setInterval(int(values["poll_seconds"]) * 1000)
