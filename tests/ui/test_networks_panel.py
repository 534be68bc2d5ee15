"""The Networks panel: join, publish, sync with progress, and the quarantine list."""

from __future__ import annotations

from pathlib import Path

from casebook.home import Home
from sync import actions
from tests.conftest import case_text
from tests.sync.conftest import git, hub_log
from tests.ui.conftest import WAIT_MS
from ui.mainwindow import MainWindow
from ui.signin import Joining


def test_join_publish_sync_and_see_quarantine(qtbot, window: MainWindow, ui_home: Home, answers,
                                             tmp_path: Path) -> None:
    hub = actions.init_network(tmp_path / "hub.git", "north", tmp_path / "no-hooks", bare=True)
    answers["join"] = Joining("north", hub.as_uri(), "Leeds")
    window.networking.join()
    qtbot.waitUntil(lambda: window.settled() and window.networking.panel.names() == ["north"], timeout=WAIT_MS)
    (ui_home.library / "shared.md").write_text(case_text(title="Shared lesson", sharing="network"), "utf-8")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.reading.open("shared")
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    assert window.act_publish.isEnabled()
    window.act_publish.trigger()
    qtbot.waitUntil(lambda: window.settled() and "waiting" in window.networking.panel.list.item(0).text(),
                    timeout=WAIT_MS)
    assert window.networking.panel.list.item(0).text().startswith("north: 1 waiting to be shared")
    window.networking.panel.sync_button.click()
    qtbot.waitUntil(lambda: window.settled() and "north: " in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert "1 shared" in window.statusBar().currentMessage()
    assert "Publish shared from leeds" in hub_log(hub)
    window.reading.open("shared", remember=False)
    qtbot.waitUntil(lambda: window.settled() and window.reading.shared.isVisible(), timeout=WAIT_MS)
    assert window.reading.shared.text() == "Shared in: north"
    window.searching.box.setText('"Shared lesson"')
    window.searching.run()
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)
    model = window.searching.model
    assert [(model.hit(row).id, model.hit(row).source) for row in range(model.rowCount())] == [("shared", "library")]

    peer = tmp_path / "peer"
    git(tmp_path, "clone", "--quiet", hub.as_uri(), str(peer))
    (peer / "cases" / "evil").mkdir(parents=True)
    (peer / "cases" / "evil" / "keys.md").symlink_to(Path.home())
    git(peer, "add", "--all")
    git(peer, "commit", "--quiet", "-m", "hostile")
    git(peer, "push", "--quiet", "origin", "HEAD:main")
    window.networking.panel.list.setCurrentRow(0)
    window.networking.panel.sync_button.click()
    qtbot.waitUntil(lambda: window.settled() and window.networking.panel.quarantine.count() == 1, timeout=WAIT_MS)
    assert "symbolic links are not accepted" in window.networking.panel.quarantine.item(0).text()
    assert not (ui_home.networks / "north" / "cases" / "evil").exists()
