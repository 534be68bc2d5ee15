"""The dialogs that join a network and change its sign-in: a user name and token (never shown),
"ask each time" for computers without a password store, and a Test connection button."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from operations.networks import join_problem
from sync.credentials import SignIn
from ui.widgets import button

#: Runs a connection test off the UI thread: (address, sign-in, show the outcome in words).
Tester = Callable[[str, SignIn | None, Callable[[str], None]], None]
ADDRESS_EXAMPLE = r"e.g. https://git.example.org/north.git or \\council-fs\shares\north.git"


@dataclass(frozen=True)
class Joining:
    name: str
    url: str
    council: str
    signin: SignIn | None = None
    session_only: bool = False


class SignInFields:
    """User name, token, "ask each time" and Test connection, added to a form."""

    def __init__(self, form: QFormLayout, user: str, url: Callable[[], str], tester: Tester) -> None:
        self.url, self.tester = url, tester
        self.user, self.token = QLineEdit(user), QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        for label, field, hint in (("User name", self.user, "your user name on the network's host"),
                                   ("Token", self.token, "an access token (or password); kept in the keyring")):
            field.setAccessibleName(label)
            field.setPlaceholderText(hint)
            form.addRow(label, field)
        self.session_only = QCheckBox("Ask each time: keep the token only until Casebook closes")
        self.session_only.setToolTip("For computers without a password store; the token is never written down")
        form.addRow("", self.session_only)
        self.test_button = button("&Test connection", self._test, "Check the address and sign-in now")
        self.outcome = QLabel("")
        self.outcome.setObjectName("connectionOutcome")
        self.outcome.setWordWrap(True)
        form.addRow(self.test_button, self.outcome)

    def signin(self) -> SignIn | None:
        token = self.token.text().strip()
        return SignIn(self.user.text().strip(), token) if token else None

    def _test(self) -> None:
        self.outcome.setText("Connecting…")
        self.tester(self.url(), self.signin(), self.outcome.setText)


def _buttons(dialog: QDialog, form: QFormLayout) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)


class JoinDialog(QDialog):
    """Asks for a network's name, address, the council folder to write to, and the sign-in."""

    def __init__(self, council: str, tester: Tester, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Join a network")
        self.setAccessibleName("Join a network")
        self.name, self.url, self.council = QLineEdit(), QLineEdit(), QLineEdit(council)
        self.problem = QLabel("")
        self.problem.setObjectName("joinProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout(self)
        for label, field, hint in (("Name", self.name, "a short name, e.g. north-west"),
                                   ("Network address\n(web address or shared folder)", self.url, ADDRESS_EXAMPLE),
                                   ("Your council", self.council, "your folder in the network")):
            field.setAccessibleName(label.replace("\n", " "))
            field.setPlaceholderText(hint)
            form.addRow(label, field)
            if field is self.url:
                form.addRow("", self.problem)
        self.fields = SignInFields(form, "", lambda: self.url.text().strip(), tester)
        _buttons(self, form)

    def values(self) -> Joining:
        return Joining(self.name.text().strip(), self.url.text().strip(), self.council.text().strip(),
                       self.fields.signin(), self.fields.session_only.isChecked())

    def accept(self) -> None:
        """Close only when what was typed can be joined; otherwise say why beside the address."""
        joining = self.values()
        problem = join_problem(joining.name, joining.url, joining.council)
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))
        if not problem:
            super().accept()
            return
        self.adjustSize()  # room for every line of it: the dialog kept its size and cut it to two


class SignInDialog(QDialog):
    """A new user name and token for a joined network."""

    def __init__(self, name: str, url: str, user: str, tester: Tester, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Change sign-in: {name}")
        self.setAccessibleName("Change sign-in")
        form = QFormLayout(self)
        form.addRow(QLabel(f"{name} — {url}"))
        self.fields = SignInFields(form, user, lambda: url, tester)
        _buttons(self, form)

    def values(self) -> tuple[SignIn | None, bool]:
        return self.fields.signin(), self.fields.session_only.isChecked()
