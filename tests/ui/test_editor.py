"""Writing cases in the editor: create, validate, save, find; unsaved work is never lost."""

from __future__ import annotations

from collections.abc import Callable

from casebook.home import Home
from tests.conftest import case_text
from tests.ui.conftest import WAIT_MS
from ui import interaction
from ui.mainwindow import MainWindow
from ui.results import HitRole


def fill(editor, title: str = "Parking permits chatbot") -> None:
    editor.fields["title"].setText(title)
    editor.fields["council"].setText("Example District Council")
    editor.outcome.setCurrentText("failure")
    editor.summary.setPlainText("A chatbot for parking permits that residents avoided.")
    editor.fields["date"].setText("2022-04")
    editor.themes["emerging technologies"].setChecked(True)
    editor.fields["tags"].setText("chatbot, parking")
    editor.body.setPlainText("## Context\nQueues.\n\n## Lessons\n- Ask residents first.\n")


def test_new_case_is_validated_saved_and_found(qtbot, window: MainWindow, ui_home: Home) -> None:
    editor = window.editing.new()
    assert editor.objectName() == "editor"
    editor.fields["date"].setText("2022-13")
    editor._refresh()
    assert not editor.errors["title"].isHidden()
    assert "required field 'title' is missing" in editor.errors["title"].text()
    assert "expected YYYY, YYYY-MM or YYYY-MM-DD" in editor.errors["date"].text()
    fill(editor)
    editor._refresh()
    assert [k for k, label in editor.errors.items() if not label.isHidden()] == []
    assert "Ask residents first" in editor.preview.toPlainText()
    assert editor.save()
    saved = ui_home.library / "parking-permits-chatbot.md"
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=WAIT_MS)
    assert saved.read_text("utf-8").startswith("---\nid: parking-permits-chatbot\ntitle: Parking permits chatbot\n")
    qtbot.waitUntil(lambda: window.settled() and window.reading.current is not None
                    and window.reading.current.cf.case.id == "parking-permits-chatbot", timeout=WAIT_MS)
    window.searching.box.setText("parking permits")
    window.searching.run()
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)
    assert window.searching.proxy.index(0, 0).data(HitRole).id == "parking-permits-chatbot"
    editor.close()


def test_editing_an_own_case_keeps_unknown_keys(qtbot, window: MainWindow, ui_home: Home) -> None:
    path = ui_home.library / "own.md"
    path.write_text(case_text(title="Own case", funder="Lottery"), "utf-8")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.reading.open("own")
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    assert window.act_edit.isEnabled() and not window.act_copy.isEnabled()
    window.editing.edit()
    qtbot.waitUntil(lambda: bool(window.editing.editors), timeout=WAIT_MS)
    editor = window.editing.editors[-1]
    editor.fields["title"].setText("Own case, revised")
    assert editor.save()
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=WAIT_MS)
    text = path.read_text("utf-8")
    assert "title: Own case, revised" in text and "funder: Lottery" in text
    editor.close()


def test_examples_are_read_only_and_can_be_copied(qtbot, window: MainWindow, ui_home: Home) -> None:
    window.reading.open("hackney-early-help-profiling")
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    assert not window.act_edit.isEnabled() and window.act_copy.isEnabled()
    window.act_copy.trigger()
    qtbot.waitUntil(lambda: bool(window.editing.editors) and window.settled(), timeout=WAIT_MS)
    copy = ui_home.library / "hackney-early-help-profiling.md"
    text = copy.read_text("utf-8")
    assert "sharing: internal" in text and "derived_from: examples:hackney-early-help-profiling" in text
    window.editing.editors[-1].close()


def test_closing_with_unsaved_changes_asks(qtbot, window: MainWindow, answers) -> None:
    editor = window.editing.new()
    fill(editor, "Unsaved idea")
    answers["unsaved"] = interaction.CANCEL
    assert not editor.close()
    assert editor.isVisible()
    assert answers["asked"][-1][0] == "unsaved"
    answers["unsaved"] = interaction.DISCARD
    assert editor.close()


def test_a_crash_recovery_draft_is_offered_next_time(qtbot, open_window: Callable[[Home], MainWindow],
                                                     ui_home: Home, answers) -> None:
    window = open_window(ui_home)
    editor = window.editing.new()
    fill(editor, "Draft that survived a crash")
    editor.write_draft()
    drafts = list((ui_home.root / "drafts").glob("*.json"))
    assert len(drafts) == 1
    editor._draft_timer.stop()
    editor._dirty = False  # the crash: the window goes without the editor saving or asking
    editor.draft = ui_home.root / "drafts" / "gone.json"
    window.close()
    again = open_window(ui_home)
    assert answers["asked"][-1][:1] == ("yes_no", )
    recovered = again.editing.editors[-1]
    assert recovered.fields["title"].text() == "Draft that survived a crash"
    assert recovered.is_dirty()
    assert not drafts[0].exists()
    answers["unsaved"] = interaction.DISCARD
    recovered.close()


def test_a_windows_1252_case_opens_in_the_editor_and_keeps_its_text(qtbot, window: MainWindow, ui_home: Home) -> None:
    path = ui_home.library / "cafe.md"
    path.write_bytes(case_text(title="Café licences – a £5 fee", body="## Lessons\n- “Ask first”.\n")
                     .replace("\n", "\r\n").encode("cp1252"))
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.reading.open("cafe")
    qtbot.waitUntil(lambda: window.reading.current_id() == "cafe" and window.settled(), timeout=WAIT_MS)
    window.editing.edit()
    qtbot.waitUntil(lambda: bool(window.editing.editors), timeout=WAIT_MS)
    editor = window.editing.editors[-1]
    assert editor.fields["title"].text() == "Café licences – a £5 fee"
    assert editor.body.toPlainText() == "## Lessons\n- “Ask first”.\n"
    editor.fields["council"].setText("Leeds")
    assert editor.save()
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=WAIT_MS)
    text = path.read_text("utf-8")
    assert "title: Café licences – a £5 fee" in text and "council: Leeds" in text and "- “Ask first”." in text
    editor.close()
def test_similar_cases_are_listed_while_writing(qtbot, window: MainWindow) -> None:
    editor = window.editing.new()
    assert editor.similar.count() == 0
    editor.fields["title"].setText("Virtual assistant for council tax")
    assert editor.similar.request == 0  # no summary yet: nothing asked
    editor.summary.setPlainText("A chat bot answered residents' questions about council tax bills online.")
    qtbot.waitUntil(lambda: editor.similar.count() > 0 and window.settled(), timeout=WAIT_MS)
    assert editor.similar.item(0).text() == (
        "AB-1 virtual assistant for residents and staff — Aberdeen City Council (SUCCESS)")
    asked = editor.similar.request
    editor.similar.show_hits(asked - 1, [])  # an answer to an older request is dropped
    assert editor.similar.count() > 0
    editor.similar.show_hits(asked, [])
    assert editor.similar.count() == 0


def test_a_saved_new_case_is_not_listed_as_like_itself(qtbot, window: MainWindow) -> None:
    """Found by a new-user run: after the first save the list named the case being written."""
    editor = window.editing.new()
    fill(editor)
    assert editor.save()
    qtbot.waitUntil(lambda: not editor.is_dirty() and window.settled(), timeout=WAIT_MS)
    editor.summary.setPlainText("A chatbot for parking permits that residents avoided at first.")
    qtbot.waitUntil(lambda: editor.similar.count() > 0 and window.settled(), timeout=WAIT_MS)
    listed = [editor.similar.item(row).toolTip() for row in range(editor.similar.count())]
    assert "parking-permits-chatbot" not in listed
    editor.close()


def test_saving_a_new_case_twice_quickly_makes_one_case(qtbot, window: MainWindow, ui_home: Home) -> None:
    """The second Save comes before the first is written: it waits for the file the first one names."""
    editor = window.editing.new()
    fill(editor, "Chatbot pilot")
    assert editor.save() and editor.save()
    qtbot.waitUntil(lambda: not editor.is_dirty() and window.settled(), timeout=WAIT_MS)
    assert sorted(p.name for p in ui_home.library.glob("*.md")) == ["chatbot-pilot.md"]
    editor.close()


def test_a_new_case_with_only_the_template_prompts_is_not_ready_to_save(qtbot, window: MainWindow) -> None:
    editor = window.editing.new()
    editor.fields["title"].setText("Bin sensors")
    editor.fields["council"].setText("Leeds City Council")
    editor.outcome.setCurrentText("failure")
    editor.summary.setPlainText("Sensors in bins.")
    editor._refresh()
    assert editor.status.text() == "5 problem(s): the case can be saved but is marked incomplete"
    assert editor.errors["body"].text().split("\n")[3] == (  # one problem a line
        "• the 'Lessons' section still holds only the template's prompt: write what this case says there, "
        "or remove the section")
    editor.body.setPlainText("## Context\nFull bins.\n\n## Lessons\n- Ask the crews first.\n")
    editor._refresh()
    assert (editor.status.text(), editor.errors["body"].isHidden()) == ("Ready to save", True)
    assert editor.body.accessibleDescription() == "Context, What was done, What happened, Lessons and Advice sections."
    editor.close()
