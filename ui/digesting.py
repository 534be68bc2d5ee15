"""Digests from the app: cases join the Digest panel (one at a time, all results, or the search as the
selection), which previews the PDF's own pages and exports to a folder the officer picks, with progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths

from casebook.digest import DigestSpec
from operations import digests
from ui import digestpreview, interaction
from ui.digestpanel import DigestPanel
from ui.pdf import page_images
from ui.results import HitRole
from ui.tasks import Controller

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow


class DigestController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.panel = DigestPanel()
        self.panel.previewRequested.connect(self.preview)
        self.panel.exportRequested.connect(self.export)
        self.panel.addAllRequested.connect(self.add_all)
        self.panel.fromSearchRequested.connect(self.from_search)

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

    def add_all(self) -> None:
        """Every case the current search finds, not only the page of results loaded."""
        query, filters = self.window.searching.box.text(), self.window.searching.facets.filters()

        def added(offered: list[tuple[str, str]]) -> None:
            count = self.panel.add_all(offered)
            self.window.tell(f"Added {count} of {len(offered)} results to the digest", 5000)

        self.tasks.query(lambda lib: digests.all_hits(lib, query, filters), added)

    def from_search(self) -> None:
        words = self.panel.use_search(self.window.searching.box.text(), self.window.searching.facets.filters())
        self.window.tell(f"The digest now selects {words}", 5000)

    def preview(self, spec: DigestSpec) -> None:
        self.window.tell("Laying out the preview…")
        self.tasks.query(lambda lib: page_images(digests.preview(lib, spec)),
                         lambda pages: digestpreview.show_pages(self.window, f"Preview: {spec.title}", pages))

    def export(self, spec: DigestSpec) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder or Path.home()) / f"{spec.title}.pdf"
        path = interaction.ask_save_path(self.window, "Export digest", str(suggested))
        if path:
            self.window.tell("Exporting the digest…")
            self.tasks.write(lambda lib, progress: digests.export(lib, spec, Path(path), progress), self._exported,
                             on_error=self.window.progress_failed, on_progress=self.window.show_progress)

    def _exported(self, out: Path) -> None:
        self.window.progress.hide()
        self.window.tell(f"Digest written to {out}", 10000)
