"""The conflict inbox in the real window: a count on the Networks tab, both versions side by
side with the differing lines marked, Keep mine, then a sync that shares mine."""

from __future__ import annotations

from pathlib import Path

from sync import actions
from sync.inbox import Conflict
from tests.sync.conftest import NETWORK, Officer, git
from tests.sync.test_inbox import hub_case
from tests.ui.conftest import WAIT_MS
from ui.conflicts import CHANGED, ConflictDialog, highlighted, readable


def test_open_a_conflict_keep_mine_and_sync(qtbot, open_window, tmp_path: Path) -> None:
    hub = actions.init_network(tmp_path / "hub.git", NETWORK, tmp_path / "no-hooks", bare=True)
    leeds, colleague = Officer(tmp_path / "home", hub.as_uri(), "Leeds"), Officer(tmp_path / "b", hub.as_uri(), "Leeds")
    leeds.write("bins-pilot", "first words")
    leeds.publish("bins-pilot")
    assert leeds.sync().ok and colleague.sync().ok
    copy = colleague.clone / "cases" / "leeds" / "bins-pilot.md"
    copy.write_text(copy.read_text().replace("first words", "colleague words"))
    git(colleague.clone, "commit", "--quiet", "-am", "colleague edit")
    assert colleague.sync().ok
    leeds.write("bins-pilot", "my words")
    assert len(leeds.sync().conflicts) == 1

    window = open_window(leeds.home)
    window._show_dock(window.network_dock)
    panel = window.networking.panel
    qtbot.waitUntil(lambda: window.network_dock.windowTitle() == "Networks (1 conflict)", timeout=WAIT_MS)
    assert panel.selected() is None  # listed without choosing a network first
    assert [panel.conflicts.item(n).text() for n in range(panel.conflicts.count())] == [
        "bins pilot (north) — both versions kept"]
    assert (panel.conflicts.isVisible(), panel.no_conflicts.isVisible(), panel.resolve_button.isEnabled()) == (
        True, False, True)
    panel.resolve_button.click()
    qtbot.waitUntil(lambda: window.networking.conflict_dialog is not None, timeout=WAIT_MS)
    dialog = window.networking.conflict_dialog
    assert dialog.windowTitle() == "Conflict: bins pilot"
    assert dialog.theirs.toPlainText() == (
        "Title: bins pilot\nCouncil: Test Borough Council\nOutcome: success\nSummary: A short summary.\n"
        "Sharing: network\n \n## Lessons\n- colleague words")  # a blank line reads as a space
    assert dialog.mine.toPlainText().endswith("Sharing: network\n \n## Lessons\n- my words")
    dialog.keep_mine.click()
    qtbot.waitUntil(lambda: window.settled() and panel.message.text().startswith("Kept"), timeout=WAIT_MS)
    assert panel.message.text() == "Kept mine for “bins pilot”; it is shared at the next sync."
    qtbot.waitUntil(lambda: window.network_dock.windowTitle() == "Networks", timeout=WAIT_MS)
    assert (panel.conflicts.isVisible(), panel.no_conflicts.isVisible(), panel.resolve_button.isEnabled()) == (
        False, True, False)
    panel.sync_button.click()
    qtbot.waitUntil(lambda: window.settled() and panel.message.text().startswith("north:"), timeout=WAIT_MS)
    assert panel.message.text() == "north: 0 case file(s) received, 1 shared"  # the copy never left this computer
    assert "- my words" in hub_case(hub)
    assert git(hub, "ls-tree", "--name-only", "main", "cases/leeds/").split() == ["cases/leeds/bins-pilot.md"]


def test_a_version_reads_field_by_field() -> None:
    text = "---\ntitle: Bins\nthemes: [placemaking, data]\nservice_area:\ncontact:\n---\n\n## Lessons\n- ask\n"
    assert readable(text) == "Title: Bins\nThemes: placemaking, data\nService area: \nContact: \n\n## Lessons\n- ask\n"
    assert readable("no front matter\n") == "no front matter\n"


def test_differing_lines_are_marked() -> None:
    marked = f'<span style="background:{CHANGED}">- my words</span>'
    assert highlighted("## Lessons\n- my words", "## Lessons\n- their words") == (
        f'<pre style="white-space:pre-wrap">## Lessons<br>{marked}</pre>')


def test_edit_a_merged_version(qtbot) -> None:
    dialog = ConflictDialog(Conflict("north", "cases/leeds/a.md", "cases/leeds/a.conflict-1.md", "mine\n", "theirs\n"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.merged.isVisible()
    dialog.edit.click()
    assert (dialog.merged.isVisible(), dialog.merged.toPlainText()) == (True, "mine\n")
    dialog.merged.setPlainText("mine and theirs\n")
    with qtbot.waitSignal(dialog.chosen) as chosen:
        dialog.save_merged.click()
    assert chosen.args == ["merged", "mine and theirs\n"]
