"""The Networks panel: joined networks with what is waiting, a Sync button, the conflicts of every
network (both versions kept), and the changes of the selected network quarantined because they
failed the checks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.widgets import button

NameRole = Qt.ItemDataRole.UserRole + 1


class NetworksPanel(QWidget):
    syncRequested = Signal(list)
    addRequested = Signal()
    signInRequested = Signal(str)
    leaveRequested = Signal(str)
    conflictRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networksPanel")
        self.setAccessibleName("Networks")
        self.list = QListWidget()
        self.list.setObjectName("networkList")
        self.list.setAccessibleName("Joined networks")
        self.list.setAccessibleDescription("Each network with the changes waiting to be shared.")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message = QLabel("")
        self.message.setObjectName("networkMessage")
        self.message.setAccessibleName("Last network message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_button = button("&Sync", self._sync, "Sync the selected network, or all when none is selected")
        self.add_button = button("&Join…", self.addRequested.emit, "Join a network by its web address or shared folder")
        self.signin_button = button("Change si&gn-in…", lambda: self._for_selected(self.signInRequested),
                                    "A new user name or token for the selected network")
        self.leave_button = button("&Leave…", lambda: self._for_selected(self.leaveRequested),
                                   "Leave the selected network")
        self.conflicts = QListWidget()
        self.conflicts.setObjectName("conflictList")
        self.conflicts.setAccessibleName("Conflicts: both versions kept")
        self.conflicts.setWordWrap(True)
        self.conflicts.itemActivated.connect(lambda item: self.conflictRequested.emit(item.data(NameRole)))
        self.no_conflicts = QLabel("No conflicts.")
        self.no_conflicts.setObjectName("noConflicts")
        self.resolve_button = button("&Resolve…", self._resolve, "Compare the two versions of the selected conflict")
        self.quarantine = QListWidget()
        self.quarantine.setObjectName("quarantineList")
        self.quarantine.setAccessibleName("Quarantined changes (not taken in)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.add_button)
        more = QHBoxLayout()
        more.addWidget(self.signin_button)
        more.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(more)
        layout.addWidget(self.message)
        for label, widget in (("Conflicts", self.conflicts), ("Quarantined", self.quarantine)):
            title = QLabel(label)
            title.setBuddy(widget)
            layout.addWidget(title)
            layout.addWidget(widget)
            if widget is self.conflicts:
                layout.addWidget(self.no_conflicts)
                layout.addWidget(self.resolve_button)
        self.list.currentItemChanged.connect(lambda *_: self._show_details())
        self._status: dict[str, dict[str, Any]] = {}

    def set_status(self, statuses: list[dict[str, Any]]) -> None:
        current = self.selected()
        self._status = {s["network"]: s for s in statuses}
        self.list.clear()
        for s in statuses:
            last = s["last_sync"]["summary"] if s["last_sync"] else "never synced"
            text = f"{s['network']}: {s['unshared']} waiting to be shared\nLast sync: {last}"
            item = QListWidgetItem(text, self.list)
            item.setData(NameRole, s["network"])
            if s["network"] == current:
                self.list.setCurrentItem(item)
        if not statuses:
            QListWidgetItem("No networks yet: Join… adds one.", self.list)
        self._show_conflicts()
        self._show_details()

    def names(self) -> list[str]:
        return list(self._status)

    def selected(self) -> str | None:
        item = self.list.currentItem()
        return item.data(NameRole) if item else None

    def _show_conflicts(self) -> None:
        """Every network's conflicts, whichever network is selected; the first one current."""
        self.conflicts.clear()
        for name, status in self._status.items():
            for c in status["conflicts"]:
                item = QListWidgetItem(f"{c['title']} ({name}) — both versions kept", self.conflicts)
                item.setData(NameRole, c["id"])
        self.conflicts.setCurrentRow(0)
        empty = self.conflicts.count() == 0
        self.no_conflicts.setVisible(empty)
        self.conflicts.setVisible(not empty)
        self.resolve_button.setEnabled(not empty)

    def _show_details(self) -> None:
        status = self._status.get(self.selected() or "", {})
        self.quarantine.clear()
        for q in status.get("quarantined", []):
            QListWidgetItem(f"{q['path']} ({q['commit'][:10]}): {q['reason']}", self.quarantine)

    def show_message(self, text: str) -> None:
        """A message that stays until the next one (sync results, sign-in problems)."""
        self.message.setText(text)

    def _for_selected(self, signal: Any) -> None:
        name = self.selected() or (self.names()[0] if len(self.names()) == 1 else None)
        if name:
            signal.emit(name)
        else:
            self.show_message("Select a network first.")

    def conflict_count(self) -> int:
        return sum(len(s["conflicts"]) for s in self._status.values())

    def _resolve(self) -> None:
        item = self.conflicts.currentItem()
        if item is not None:
            self.conflictRequested.emit(item.data(NameRole))

    def _sync(self) -> None:
        name = self.selected()
        self.syncRequested.emit([name] if name else list(self._status))
