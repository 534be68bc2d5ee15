"""Digests from the app: cases join the Digest panel, which previews and exports with progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from operations import digests
from ui import dialogs, interaction
from ui.digestpanel import DigestPanel
from ui.results import HitRole

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow


class DigestController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window, self.tasks = window, window.tasks
        self.panel = DigestPanel()
        self.panel.previewRequested.connect(self.preview)
        self.panel.exportRequested.connect(self.export)

    def add(self) -> None:
        """The selected result, else the open case, joins the digest."""
        index = self.window.searching.results.currentIndex()
        hit = index.data(HitRole) if index.isValid() else None
        current = self.window.reading.current
        case = current.cf.case if current else None
        case_id, title = (hit.id, hit.title) if hit else (case.id, case.title) if case else (None, None)
        if case_id:
            added = self.panel.add(case_id, title)
            self.window.tell(f"{'Added' if added else 'Already in the digest:'} {title}", 5000)

    def preview(self, spec: Any) -> None:
        self.tasks.query(lambda lib: digests.preview(lib, spec),
                         lambda page: dialogs.show_html(self.window, f"Preview: {spec.title}", page))

    def export(self, spec: Any) -> None:
        path = interaction.ask_save_path(self.window, "Export digest", str(self.window.home.root / f"{spec.title}.pdf"))
        if path:
            self.window.tell("Exporting the digest…")
            self.tasks.write(lambda lib, progress: digests.export(lib, spec, Path(path), progress), self._exported,
                             on_progress=self.window.show_progress)

    def _exported(self, out: Path) -> None:
        self.window.progress.hide()
        self.window.tell(f"Digest written to {out}", 10000)
