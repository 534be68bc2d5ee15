"""Peer content is untrusted: hostile cases render inert, nothing outside the case loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from casebook.home import Home
from tests.conftest import case_text
from tests.ui.conftest import WAIT_MS
from ui.mainwindow import MainWindow

HOSTILE = """## Context
[run](javascript:alert(1)) <a href="javascript:alert(2)">two</a>
![passwd](file:///etc/passwd) <img src="file:///etc/passwd"> ![up](../../secret.png) ![ok](pic.png)
<script>document.title='owned'</script> <iframe src="https://example.org"></iframe>
[web](https://www.gov.uk/) [peer](hackney-early-help-profiling.md)
"""


def open_hostile(qtbot, window: MainWindow, home: Home) -> None:
    (home.library / "hostile.md").write_text(case_text(title="Hostile case", body=HOSTILE), "utf-8")
    (home.library / "pic.png").write_bytes(b"not really a png")
    (home.root / "secret.png").write_bytes(b"secret")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.reading.open("hostile")
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)


def test_hostile_case_renders_inert(qtbot, window: MainWindow, ui_home: Home, answers) -> None:
    open_hostile(qtbot, window, ui_home)
    page = window.reading.view.toHtml()
    for bad in ("javascript", "script", "file:", "iframe", "owned", "etc/passwd"):
        assert bad not in page, bad
    assert "Hostile case" in window.reading.view.toPlainText()
    assert "web ↗" in window.reading.view.toPlainText()
    assert answers["asked"] == []


def test_only_images_inside_the_case_folder_load(qtbot, window: MainWindow, ui_home: Home) -> None:
    open_hostile(qtbot, window, ui_home)
    view = window.reading.view
    image = QTextDocument.ResourceType.ImageResource.value
    assert view._local_image(QUrl("pic.png")) == (ui_home.library / "pic.png").resolve()
    for url in ("file:///etc/passwd", "../../secret.png", "../catalog.db", "https://example.org/x.png", "/etc/passwd"):
        assert view._local_image(QUrl(url)) is None, url
        assert view.loadResource(image, QUrl(url)).isNull()


def test_links_open_only_when_clicked(qtbot, window: MainWindow, ui_home: Home, answers) -> None:
    open_hostile(qtbot, window, ui_home)
    assert answers["asked"] == []
    window.reading.view.anchorClicked.emit(QUrl("https://www.gov.uk/"))
    assert answers["asked"] == [("open_url", ())]
    window.reading.view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert len(answers["asked"]) == 1
    window.reading.view.anchorClicked.emit(QUrl("case:hackney-early-help-profiling"))
    qtbot.waitUntil(lambda: window.reading.current.cf.case.id == "hackney-early-help-profiling" and window.settled(),
                    timeout=WAIT_MS)


def test_a_unc_image_is_refused_before_any_file_system_call(qtbot, window: MainWindow, ui_home: Home,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows resolving `\\\\host\\share\\x.png` contacts the share: nothing may be asked of the file system."""
    open_hostile(qtbot, window, ui_home)
    touched: list[str] = []
    real_resolve = Path.resolve
    monkeypatch.setattr(Path, "resolve", lambda self, *a, **k: touched.append(str(self)) or real_resolve(self, *a, **k))
    for url in ("\\\\evil\\share\\x.png", "%5C%5Cevil%5Cshare%5Cx.png", "//evil/share/x.png", "C:/x.png"):
        assert window.reading.view._local_image(QUrl(url)) is None, url
    assert touched == []
