"""The digest panel: add from results (one or all) and from a whole search, reorder, remove, choose
order and marking, preview the PDF's pages, export to the Documents folder by default."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pypdf
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from tests.ui.conftest import WAIT_MS
from tests.ui.test_main_window import search
from ui.mainwindow import MainWindow
from ui.results import HitRole


def preview_pages(qtbot) -> list[QLabel]:
    """The page images of the preview window once it shows; the window is closed again."""
    def shown() -> QDialog | None:
        return next((w for w in QApplication.topLevelWidgets()
                     if w.objectName() == "digestPreview" and w.isVisible()), None)

    qtbot.waitUntil(lambda: shown() is not None, timeout=WAIT_MS)
    dialog = shown()
    pages = dialog.findChildren(QLabel, "previewPage")
    dialog.close()
    return pages


def test_build_reorder_preview_and_export_a_digest(qtbot, window: MainWindow, answers, tmp_path: Path) -> None:
    search(qtbot, window, "ransomware")
    first, second = (window.searching.proxy.index(r, 0).data(HitRole) for r in (0, 1))
    window.searching.results.setCurrentIndex(window.searching.proxy.index(0, 0))
    window.act_digest.trigger()
    window.searching.results.setCurrentIndex(window.searching.proxy.index(1, 0))
    window.act_digest.trigger()
    window.act_digest.trigger()
    assert window.digesting.panel.ids() == [first.id, second.id]
    window.digesting.panel.cases.setCurrentRow(1)
    window.digesting.panel._move(-1)
    assert window.digesting.panel.ids() == [second.id, first.id]
    window.digesting.panel.title.setText("Cyber attacks")
    window.digesting.panel.order.setCurrentIndex(3)  # as listed
    window.digesting.panel.marking.setCurrentText("OFFICIAL-SENSITIVE")
    window.digesting.panel.previewRequested.emit(window.digesting.panel.spec())
    pages = preview_pages(qtbot)
    assert [p.accessibleName() for p in pages][:2] == [f"Page 1 of {len(pages)}", f"Page 2 of {len(pages)}"]
    answers["save_path"] = str(tmp_path / "cyber.pdf")
    window.digesting.panel.exportRequested.emit(window.digesting.panel.spec())
    qtbot.waitUntil(lambda: window.settled() and "Digest written" in window.statusBar().currentMessage(),
                    timeout=WAIT_MS)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert answers["asked"][-1] == ("save_path", ("Export digest", str(Path(documents) / "Cyber attacks.pdf")))
    texts = [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split())
             for p in pypdf.PdfReader(tmp_path / "cyber.pdf").pages]
    assert len(texts) == len(pages)  # the preview shows the export's pages
    assert all(t.startswith("Cyber attacks OFFICIAL-SENSITIVE") for t in texts)
    appendix = " ".join(texts)[" ".join(texts).index("Case versions"):]
    assert appendix.index(second.id) < appendix.index(first.id)
    window.digesting.panel.cases.setCurrentRow(0)
    window.digesting.panel._remove()
    assert window.digesting.panel.ids() == [first.id]


def test_add_all_results_and_a_digest_from_this_search(qtbot, window: MainWindow, answers, tmp_path: Path) -> None:
    search(qtbot, window, "ransomware")
    window.digesting.panel.add("gloucester-cyber-attack", "Ransomware attack and regulator reprimand")
    window.digesting.panel.addAllRequested.emit()
    qtbot.waitUntil(lambda: "results to the digest" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert sorted(window.digesting.panel.ids()) == ["copeland-ransomware", "gloucester-cyber-attack",
                                           "hackney-ransomware-attack", "redcar-cleveland-cyber-attack"]
    assert window.statusBar().currentMessage() == "Added 3 of 4 results to the digest"
    window.digesting.panel.clear()
    window.searching.facets.set_filters({"outcome": ["failure"]})
    window.digesting.panel.fromSearchRequested.emit()
    assert window.digesting.panel.searched.text() == (
        "From the search: all cases matching “ransomware”, outcome failure. Cases picked by hand are added to it:")
    spec = window.digesting.panel.spec()
    assert (spec.query, spec.filters, spec.ids, spec.order) == ("ransomware", (("outcome", ("failure",)),), (),
                                                                "outcome")
    answers["save_path"] = str(tmp_path / "ransomware.docx")
    window.digesting.panel.exportRequested.emit(spec)
    qtbot.waitUntil(lambda: window.settled() and "Digest written" in window.statusBar().currentMessage(),
                    timeout=WAIT_MS)
    assert (tmp_path / "ransomware.docx").stat().st_size > 10_000
