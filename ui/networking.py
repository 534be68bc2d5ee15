"""Peer networks from the app: status in the Networks panel, join (with a sign-in and a connection
test), change sign-in, leave, sync with progress, publish. Results that matter stay in the panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from casebook.sources import LIBRARY
from operations import networks
from operations.changes import Changes
from sync.credentials import SignIn
from ui import interaction
from ui.conflicts import ConflictDialog
from ui.networks import NetworksPanel
from ui.signin import Joining
from ui.tasks import Controller

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow


class NetworksController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.panel = NetworksPanel()
        self.panel.syncRequested.connect(self.sync)
        self.panel.addRequested.connect(self.join)
        self.panel.signInRequested.connect(self.change_signin)
        self.panel.leaveRequested.connect(self.leave)
        self.panel.conflictRequested.connect(self.open_conflict)
        self.conflict_dialog: ConflictDialog | None = None
        self.tasks.changed.connect(self._changed)
        self.tasks.write(networks.move_typed_secrets)

    def refresh(self) -> None:
        self.tasks.query(networks.statuses, self._show_status)

    def _show_status(self, statuses: list[dict[str, Any]]) -> None:
        self.panel.set_status(statuses)
        count = self.panel.conflict_count()
        self.window.network_dock.setWindowTitle(f"Networks ({count} conflict{'s' * (count != 1)})" if count
                                                else "Networks")

    def open_conflict(self, conflict_id: str) -> None:
        """Both versions side by side; the choice is committed and shared at the next sync."""
        self.tasks.query(lambda lib: networks.conflict(lib, conflict_id), self._show_conflict, on_error=self._failed)

    def _show_conflict(self, conflict: Any) -> None:
        dialog = self.conflict_dialog = ConflictDialog(conflict, self.window)
        dialog.chosen.connect(lambda keep, merged: self.tasks.write(
            lambda lib: networks.resolve(lib, conflict.id, keep, merged),
            lambda _: self.say(f"Kept {keep} for “{conflict.title}”; it is shared at the next sync."),
            on_error=self._failed))
        dialog.open()

    def _changed(self, changes: Changes) -> None:
        # statuses run git in every clone: only when a network or an own case (which may be shared) changed
        if changes.networks or any(uid.startswith(f"{LIBRARY}:") for uid in changes.cases):
            self.refresh()

    def sync(self, names: list[str] | None = None) -> None:
        chosen = names if names is not None else self.panel.names()
        if not chosen:
            self.window.tell("No networks yet: File ▸ Join a network…", 8000)
            return
        self.window.tell("Syncing " + ", ".join(chosen) + "…")
        self.tasks.write(lambda lib, progress: networks.sync(lib, chosen, progress), self._synced,
                         on_error=self.window.progress_failed, on_progress=self.window.show_progress)

    def _synced(self, reports: list[Any]) -> None:
        self.window.progress.hide()
        lines = [f"{r.network}: {r.summary}" for r in reports]
        if any("refused this computer's credentials" in r.summary for r in reports):
            lines.append("Change sign-in… gives the network a new token; nothing waiting is lost.")
        self.say("\n".join(lines))

    def say(self, text: str) -> None:
        """In the panel until the next message, and in the status bar."""
        self.panel.show_message(text)
        self.window.tell(text.splitlines()[0], 15000)

    def _failed(self, exc: BaseException) -> None:
        message = interaction.user_message(exc)
        if message is None:
            self.window.report_error(exc)
        else:
            self.say(message)

    def join(self) -> None:
        self.tasks.query(networks.council, self._ask_join)

    def _ask_join(self, council: str) -> None:
        answer: Joining | None = interaction.ask_join(self.window, council, self.test_connection)
        if answer:
            self.tasks.write(lambda lib: networks.join(lib, answer.name, answer.url, answer.council, answer.signin,
                                                       answer.session_only),
                             lambda joined: self.say(f"Joined {joined}. Sync to receive its cases."),
                             on_error=self._failed)

    def test_connection(self, url: str, signin: SignIn | None, show: Callable[[str], None]) -> None:
        """Check an address and sign-in off the UI thread; `show` gets the outcome in words."""
        def done(branches: list[str]) -> None:
            show("Connected: the network answers" + (f" (branches: {', '.join(branches)})." if branches else
                                                     ", and it is still empty."))

        self.tasks.query(lambda lib: networks.check_connection(lib, url, signin), done,
                         on_error=lambda exc: show(interaction.user_message(exc) or f"Could not connect: {exc}"))

    def change_signin(self, name: str) -> None:
        self.tasks.query(lambda lib: (networks.signed_in_as(lib, name), networks.url_of(lib, name)),
                         lambda found: self._ask_signin(name, *found), on_error=self._failed)

    def _ask_signin(self, name: str, user: str, url: str) -> None:
        answer = interaction.ask_signin(self.window, name, url, user, self.test_connection)
        if answer and answer[0]:
            signin, session_only = answer
            self.tasks.write(lambda lib: networks.change_signin(lib, name, signin, session_only),
                             lambda _: self.say(f"Changed the sign-in of {name}; it is used from the next sync."),
                             on_error=self._failed)

    def leave(self, name: str) -> None:
        choice = interaction.ask_leave(self.window, name)
        if choice:
            self.tasks.write(lambda lib: networks.leave(lib, name, choice == interaction.DELETE),
                             lambda kept: self.say(f"Left {name}." + (f" Its copy is kept at {kept}." if kept else "")),
                             on_error=self._failed)

    def publish(self) -> None:
        names, case_id = self.panel.names(), self.window.reading.current_id()
        if not (case_id and names):
            self.window.tell("Join a network first (File ▸ Join a network…)", 8000)
            return
        name = names[0] if len(names) == 1 else interaction.ask_choice(self.window, "Publish", "Publish to:", names)
        if name:
            self.tasks.write(lambda lib: networks.publish(lib, case_id, name), lambda _: self.window.tell(
                f"Published {case_id} to {name}; it is shared at the next sync", 8000))
