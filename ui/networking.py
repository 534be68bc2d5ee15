"""Peer networks from the app: status in the Networks panel, join, sync with progress, publish."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from operations import networks
from operations.changes import Changes
from ui import interaction
from ui.networks import NetworksPanel

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow


class NetworksController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window, self.tasks = window, window.tasks
        self.panel = NetworksPanel()
        self.panel.syncRequested.connect(self.sync)
        self.panel.addRequested.connect(self.join)
        self.tasks.changed.connect(self._changed)

    def refresh(self) -> None:
        self.tasks.query(networks.statuses, self.panel.set_status)

    def _changed(self, changes: Changes) -> None:
        if changes.networks or changes.cases:
            self.refresh()

    def sync(self, names: list[str] | None = None) -> None:
        chosen = names if names is not None else self.panel.names()
        if not chosen:
            self.window.tell("No networks yet: File ▸ Join a network…", 8000)
            return
        self.window.tell("Syncing " + ", ".join(chosen) + "…")
        self.tasks.write(lambda lib, progress: networks.sync(lib, chosen, progress), self._synced,
                         on_progress=self.window.show_progress)

    def _synced(self, reports: list[Any]) -> None:
        self.window.progress.hide()
        self.window.tell("; ".join(f"{r.network}: {r.summary}" for r in reports), 15000)

    def join(self) -> None:
        answer = interaction.ask_join(self.window)
        if answer:
            name, url, council = answer
            self.tasks.write(lambda lib: networks.join(lib, name, url, council),
                             lambda joined: self.window.tell(f"Joined {joined}", 8000))

    def publish(self) -> None:
        names, case_id = self.panel.names(), self.window.reading.current_id()
        if not (case_id and names):
            self.window.tell("Join a network first (File ▸ Join a network…)", 8000)
            return
        name = names[0] if len(names) == 1 else interaction.ask_choice(self.window, "Publish", "Publish to:", names)
        if name:
            self.tasks.write(lambda lib: networks.publish(lib, case_id, name), lambda _: self.window.tell(
                f"Published {case_id} to {name}; it is shared at the next sync", 8000))
