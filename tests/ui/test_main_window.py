"""The real main window, driven with qtbot: search, facets, reading, related cases, bookmarks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QKeyEvent

from casebook.home import Home
from casebook.library import Library
from operations import searching
from tests.conftest import case_text
from tests.ui.conftest import WAIT_MS
from ui.mainwindow import MainWindow
from ui.results import COL_OUTCOME, HitRole


def titles(window: MainWindow) -> list[str]:
    return [window.searching.proxy.index(r, 0).data(HitRole).title for r in range(window.searching.proxy.rowCount())]


def core_titles(home: Home, query: str, **kwargs) -> list[str]:
    with Library(home) as lib:
        return [h.title for h in lib.search(query, limit=searching.PAGE, **kwargs).hits]


def search(qtbot, window: MainWindow, text: str) -> None:
    window.searching.box.clear()
    qtbot.keyClicks(window.searching.box, text)
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)


def test_first_run_lists_the_bundled_cases_newest_first(window: MainWindow, ui_home: Home) -> None:
    assert window.searching.box.hasFocus()
    assert titles(window) == core_titles(ui_home, "*", sort="date")
    assert len(titles(window)) == searching.PAGE
    assert window.searching.count.text().startswith("46 cases (showing 25")


def test_typing_a_query_shows_results_as_you_type(qtbot, window: MainWindow, ui_home: Home) -> None:
    search(qtbot, window, "chatbot")
    assert titles(window) == core_titles(ui_home, "chatbot")
    assert window.searching.count.text() == f"{len(titles(window))} cases"
    assert "<mark" in window.searching.proxy.index(0, 0).data(HitRole).snippet


def test_stale_results_never_overwrite_newer_ones(qtbot, window: MainWindow, ui_home: Home) -> None:
    for text in ("chatbot", "ransomware", "energy"):
        window.searching.box.setText(text)
        window.searching.run()
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)
    assert titles(window) == core_titles(ui_home, "energy")


def test_ticking_a_facet_narrows_rows_and_counts(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "council")
    before = window.searching.model.rowCount()
    item = window.searching.facets.item_for("outcome", "failure")
    failures = int(item.text(0).split("(")[1].rstrip(")"))
    item.setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: window.settled() and window.searching.model.rowCount() == failures, timeout=WAIT_MS)
    assert failures < before
    proxy = window.searching.proxy
    assert {proxy.index(r, COL_OUTCOME).data() for r in range(proxy.rowCount())} == {"FAILURE"}
    assert window.searching.facets.item_for("outcome", "failure").checkState(0) == Qt.CheckState.Checked
    with Library(window.home) as lib:
        expected = lib.search("council", filters={"outcome": ["failure"]}).facets["theme"]
    shown = {t: window.searching.facets.item_for("theme", t).text(0) for t in expected}
    assert shown == {t: f"{t}  ({n})" for t, n in expected.items()}


def test_opening_a_case_and_following_a_related_case(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "Bristol Energy")
    window.searching.results.setFocus()
    window.searching.results.selectRow(0)
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    first = window.reading.current.cf.case
    assert first.title in window.reading.view.toPlainText()
    assert "Related cases" in window.reading.view.toPlainText()
    related = first.related[0]
    window.reading.view.anchorClicked.emit(QUrl(f"case:{related}"))
    qtbot.waitUntil(lambda: window.reading.current.cf.case.id == related and window.settled(), timeout=WAIT_MS)
    assert window.reading.current.cf.case.title in window.reading.view.toPlainText()
    window.reading.back()
    qtbot.waitUntil(lambda: window.reading.current.cf.case.id == first.id and window.settled(), timeout=WAIT_MS)


def test_keyboard_route_from_search_to_results(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "ransomware")
    window.searching.box.setFocus()
    qtbot.keyClick(window.searching.box, Qt.Key.Key_Down)
    assert window.searching.results.hasFocus()
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    assert window.reading.current.cf.case.title == titles(window)[0]
    qtbot.keyClick(window.searching.results, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.reading.current.cf.case.title == titles(window)[1] and window.settled(),
                    timeout=WAIT_MS)


def test_a_correction_is_shown_and_searching_as_typed_is_clickable(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "ransomwre")
    assert window.searching.suggestion.text() == ('Showing results for <b>ransomware</b> — search instead for '
                                        '<a href="#as-typed">ransomwre</a>')
    assert window.searching.model.rowCount() == 4
    window.searching.suggestion.linkActivated.emit("#as-typed")  # the text as typed, not corrected
    qtbot.waitUntil(lambda: window.settled() and window.searching.model.rowCount() == 0, timeout=WAIT_MS)
    assert window.searching.suggestion.text() == 'Did you mean <a href="ransomware">ransomware</a>?'
    window.searching.suggestion.linkActivated.emit("ransomware")
    qtbot.waitUntil(lambda: window.settled() and window.searching.model.rowCount() == 4, timeout=WAIT_MS)
    assert window.searching.box.text() == "ransomware"


def test_an_empty_result_says_what_to_try(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "zzzqqq")
    assert window.searching.count.text() == "0 cases"
    assert window.searching.notice.text() == "No case mentions “zzzqqq”. Try other words, or remove a filter."


def test_an_empty_library_says_how_to_add_cases(qtbot, open_window: Callable[[Home], MainWindow],
                                               ui_home: Home) -> None:
    with Library(ui_home) as lib:
        lib.put_settings({"examples": "off"})
    window = open_window(ui_home)
    search(qtbot, window, "chatbot")
    assert window.searching.count.text() == "0 cases"
    assert window.searching.notice.text() == (
        "There are no cases yet: File ▸ New case or File ▸ Import folder… adds yours, and File ▸ Settings… "
        "shows the example cases again.")


def test_bookmarks_and_saved_searches_survive_a_restart(qtbot, open_window: Callable[[Home], MainWindow],
                                                        ui_home: Home, answers) -> None:
    window = open_window(ui_home)
    search(qtbot, window, "ransomware")
    window.searching.results.selectRow(0)
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    chosen = window.reading.current.cf.case
    window.act_bookmark.trigger()
    answers["text"] = "Cyber failures"
    window.searching.save_search()
    qtbot.waitUntil(lambda: window.settled() and window.marks.panel.bookmarks.count() == 1
                    and window.marks.panel.searches.count() == 1, timeout=WAIT_MS)
    window.close()
    again = open_window(ui_home)
    qtbot.waitUntil(lambda: again.marks.panel.bookmarks.count() == 1, timeout=WAIT_MS)
    assert again.marks.panel.bookmarks.item(0).text() == chosen.title
    assert again.marks.panel.searches.item(0).text() == "Cyber failures"
    again.marks.panel.searches.itemActivated.emit(again.marks.panel.searches.item(0))
    qtbot.waitUntil(lambda: again.settled() and again.searching.box.text() == "ransomware", timeout=WAIT_MS)
    again.marks.panel.bookmarks.itemActivated.emit(again.marks.panel.bookmarks.item(0))
    qtbot.waitUntil(lambda: again.reading.current_id() == chosen.id, timeout=WAIT_MS)
    assert again.act_bookmark.isChecked()


def test_a_malformed_case_shows_its_error(qtbot, window: MainWindow, ui_home: Home) -> None:
    (ui_home.library / "broken.md").write_text("---\ntitle: [oops\n---\n", "utf-8")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    assert "1 file(s) could not be read" in window.statusBar().currentMessage()
    window.reading.open("library:broken.md")
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    text = window.reading.view.toPlainText()
    assert "This case could not be read" in text and "front matter is not valid YAML" in text


def test_files_changed_outside_the_app_are_picked_up(qtbot, window: MainWindow, ui_home: Home) -> None:
    search(qtbot, window, "\"written in another editor\"")
    assert titles(window) == []
    (ui_home.library / "outside.md").write_text(case_text(title="Written in another editor"), "utf-8")
    window.indexing.poll.setInterval(100)
    qtbot.waitUntil(lambda: window.settled() and "Written in another editor" in titles(window), timeout=WAIT_MS)


def test_window_shortcuts_work_from_the_search_box(qtbot, window: MainWindow, ui_home: Home) -> None:
    """Ctrl+E is also "end of line" in a text box on Linux: it must still edit the open case."""
    (ui_home.library / "own.md").write_text(case_text(title="Own case"), "utf-8")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.reading.open("own")
    qtbot.waitUntil(lambda: window.reading.current_id() == "own" and window.settled(), timeout=WAIT_MS)
    window.searching.box.setFocus()
    qtbot.keyClick(window.searching.box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(window.editing.editors), timeout=WAIT_MS)
    editor = window.editing.editors[-1]
    assert editor.fields["title"].text() == "Own case"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc closes an editor with nothing unsaved
    qtbot.waitUntil(lambda: not window.editing.editors, timeout=WAIT_MS)


def test_one_click_runs_a_saved_search(qtbot, window: MainWindow, answers) -> None:
    search(qtbot, window, "ransomware")
    answers["text"] = "Cyber"
    window.searching.save_search()
    qtbot.waitUntil(lambda: window.marks.panel.searches.count() == 1, timeout=WAIT_MS)
    search(qtbot, window, "parking")
    item = window.marks.panel.searches.item(0)
    qtbot.mouseClick(window.marks.panel.searches.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.marks.panel.searches.visualItemRect(item).center())
    qtbot.waitUntil(lambda: window.settled() and window.searching.box.text() == "ransomware", timeout=WAIT_MS)


def test_the_search_box_gives_way_to_the_windows_shortcuts(window: MainWindow) -> None:
    """Where the box has a binding of its own for a window shortcut (Ctrl+E is "end of line" on X11,
    not offscreen), the shortcut override is not the box's; copying text stays the box's."""
    box = window.searching.box

    def override(key: Qt.Key) -> QKeyEvent:
        return QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.ControlModifier)

    assert window.searching.eventFilter(box, override(Qt.Key.Key_E)) is True
    assert window.searching.eventFilter(box, override(Qt.Key.Key_C)) is False


def test_the_last_query_and_case_come_back_at_the_next_start(qtbot, open_window: Callable[[Home], MainWindow],
                                                             ui_home: Home) -> None:
    window = open_window(ui_home)
    search(qtbot, window, "ransomware")
    window.reading.open("hackney-ransomware-attack")
    qtbot.waitUntil(lambda: window.reading.current_id() == "hackney-ransomware-attack" and window.settled(),
                    timeout=WAIT_MS)
    window.close()
    again = open_window(ui_home)
    qtbot.waitUntil(lambda: again.settled() and again.reading.current is not None, timeout=WAIT_MS)
    assert again.searching.box.text() == "ransomware"
    assert again.reading.current_id() == "hackney-ransomware-attack"
    assert titles(again) == core_titles(ui_home, "ransomware")
