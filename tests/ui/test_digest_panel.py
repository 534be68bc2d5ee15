"""The digest panel: add from results and from the case view, reorder, remove, preview, export."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pypdf
from PySide6.QtWidgets import QApplication, QTextBrowser

from tests.ui.conftest import WAIT_MS
from tests.ui.test_main_window import search
from ui.mainwindow import MainWindow
from ui.results import HitRole


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
    window.digesting.panel.previewRequested.emit(window.digesting.panel.spec())
    qtbot.waitUntil(lambda: window.settled() and any(
        isinstance(w, QTextBrowser) and w.objectName() == "htmlPreview" for w in QApplication.topLevelWidgets()
        for w in [w, *w.findChildren(QTextBrowser)]), timeout=WAIT_MS)
    answers["save_path"] = str(tmp_path / "cyber.pdf")
    window.digesting.panel.exportRequested.emit(window.digesting.panel.spec())
    qtbot.waitUntil(lambda: window.settled() and "Digest written" in window.statusBar().currentMessage(),
                    timeout=WAIT_MS)
    pages = pypdf.PdfReader(tmp_path / "cyber.pdf").pages
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pages))
    flat = " ".join(text.split())
    appendix = flat[flat.index("what this digest contains"):]
    assert appendix.index(second.id) < appendix.index(first.id)
    window.digesting.panel.cases.setCurrentRow(0)
    window.digesting.panel._remove()
    assert window.digesting.panel.ids() == [first.id]
