"""What the digest panel's buttons do in the main window: add every result, take the current
search as the selection, preview the PDF's pages, export to a folder the user picks. Each runs
its work on the window's worker threads through Qt-free functions (ui/jobs.py, casebook.digest)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths

from casebook.digest import DigestSpec
from ui import digestpreview, interaction, jobs
from ui.pdf import page_images

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow


def connect(window: MainWindow) -> None:
    """Wire the panel's requests to the window."""
    panel = window.digest
    panel.previewRequested.connect(lambda spec: preview(window, spec))
    panel.exportRequested.connect(lambda spec: export(window, spec))
    panel.addAllRequested.connect(lambda: add_all_results(window))
    panel.fromSearchRequested.connect(lambda: from_search(window))


def add_all_results(window: MainWindow) -> None:
    query, filters = window.search_box.text(), window.facets.filters()

    def added(offered: list[tuple[str, str]]) -> None:
        count = window.digest.add_all(offered)
        window.statusBar().showMessage(f"Added {count} of {len(offered)} results to the digest", 5000)

    window.reader.submit(lambda lib: jobs.all_hits(lib, query, filters), on_done=added)


def from_search(window: MainWindow) -> None:
    words = window.digest.use_search(window.search_box.text(), window.facets.filters())
    window.statusBar().showMessage(f"The digest now selects {words}", 5000)


def preview(window: MainWindow, spec: DigestSpec) -> None:
    window.statusBar().showMessage("Laying out the preview…")
    window.reader.submit(lambda lib: page_images(jobs.digest_preview(lib, spec)),
                         on_done=lambda pages: digestpreview.show_pages(window, f"Preview: {spec.title}", pages))


def export(window: MainWindow, spec: DigestSpec) -> None:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = interaction.ask_save_path(window, "Export digest", str(Path(folder or Path.home()) / f"{spec.title}.pdf"))
    if path:
        window.statusBar().showMessage("Exporting the digest…")
        window.writer.submit(lambda lib, progress: jobs.export_digest(lib, spec, Path(path), progress),
                             on_done=lambda out: (window.progress.hide(),
                                                  window.statusBar().showMessage(f"Digest written to {out}", 10000)),
                             on_progress=window._progress)
