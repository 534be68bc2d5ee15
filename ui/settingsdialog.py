"""Settings ▸ the dialog: council name, the bundled examples, how often the library is checked."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from casebook.settings import SETTINGS


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
        return {"council": " ".join(self.council.text().split()),
                "examples": "on" if self.examples.isChecked() else "off", "poll_seconds": str(self.poll.value())}
