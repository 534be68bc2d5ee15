"""Controls are enabled only when they can act, say why when they cannot, and the editor says when it
has saved."""

from __future__ import annotations

from casebook.home import Home
from tests.conftest import case_text
from tests.ui.conftest import WAIT_MS
from tests.ui.test_editor import fill
from ui.mainwindow import MainWindow
from ui.results import HitRole


def open_own(qtbot, window: MainWindow, home: Home, name: str, **front: str) -> None:
    (home.library / f"{name}.md").write_text(case_text(title=name.capitalize(), **front), "utf-8")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.reading.open(name)
    qtbot.waitUntil(lambda: window.settled() and window.reading.current_id() == name, timeout=WAIT_MS)


def test_add_to_digest_waits_for_a_case(qtbot, window: MainWindow) -> None:
    assert window.reading.current is None
    assert not window.act_digest.isEnabled()
    window.searching.results.setCurrentIndex(window.searching.proxy.index(0, 0))
    assert window.act_digest.isEnabled()
    window.act_digest.trigger()
    assert window.digesting.panel.ids() == [window.searching.proxy.index(0, 0).data(HitRole).id]


def test_publish_says_why_it_is_greyed_out(qtbot, window: MainWindow, ui_home: Home) -> None:
    assert window.act_publish.toolTip() == "Open one of your own cases to publish it to a network"
    window.searching.results.selectRow(0)  # a bundled example
    qtbot.waitUntil(lambda: window.settled() and window.reading.current is not None, timeout=WAIT_MS)
    assert not window.act_publish.isEnabled()
    assert window.act_publish.toolTip() == ("Only cases in your own library can be published "
                                            "(File ▸ Copy to my library first)")
    open_own(qtbot, window, ui_home, "internal")
    assert not window.act_publish.isEnabled()
    assert window.act_publish.statusTip() == window.act_publish.toolTip() == (
        "This case is internal: it never leaves this computer. To publish it, set its Sharing to network or "
        "public in the editor (File ▸ Edit case, Ctrl+E)")
    open_own(qtbot, window, ui_home, "shared", sharing="network")
    assert window.act_publish.isEnabled()
    assert window.act_publish.toolTip() == "Publish this case to a network you have joined"


def test_the_editor_says_it_saved(qtbot, window: MainWindow) -> None:
    editor = window.editing.new()
    fill(editor)
    editor._refresh()
    assert editor.status.text() == "Ready to save"
    editor.save()
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=WAIT_MS)
    assert editor.status.text() == "Saved to parking-permits-chatbot.md"
    editor.fields["council"].clear()
    qtbot.waitUntil(lambda: editor.status.text() != "Saved to parking-permits-chatbot.md")
    assert editor.status.text() == "1 problem(s): the case can be saved but is marked incomplete"
    editor.save()
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=WAIT_MS)
    assert editor.status.text() == "Saved to parking-permits-chatbot.md; 1 problem(s) mark it incomplete"
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)
    editor.close()
