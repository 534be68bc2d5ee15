"""The real main window, driven with qtbot: search, facets, reading, related cases, bookmarks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl

from casebook.home import Home
from casebook.library import Library
from tests.conftest import case_text
from tests.ui.conftest import WAIT_MS
from ui import jobs
from ui.mainwindow import MainWindow
from ui.results import COL_OUTCOME, HitRole


def titles(window: MainWindow) -> list[str]:
    return [window.proxy.index(r, 0).data(HitRole).title for r in range(window.proxy.rowCount())]


def core_titles(home: Home, query: str, **kwargs) -> list[str]:
    with Library(home) as lib:
        return [h.title for h in lib.search(query, limit=jobs.PAGE, **kwargs).hits]


def search(qtbot, window: MainWindow, text: str) -> None:
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)


def test_first_run_lists_the_bundled_cases_newest_first(window: MainWindow, ui_home: Home) -> None:
    assert window.search_box.hasFocus()
    assert titles(window) == core_titles(ui_home, "*", sort="date")
    assert len(titles(window)) == jobs.PAGE
    assert window.count.text().startswith("46 cases (showing 25")


def test_typing_a_query_shows_results_as_you_type(qtbot, window: MainWindow, ui_home: Home) -> None:
    search(qtbot, window, "chatbot")
    assert titles(window) == core_titles(ui_home, "chatbot")
    assert window.count.text() == f"{len(titles(window))} cases"
    assert "<mark" in window.proxy.index(0, 0).data(HitRole).snippet


def test_stale_results_never_overwrite_newer_ones(qtbot, window: MainWindow, ui_home: Home) -> None:
    for text in ("chatbot", "ransomware", "energy"):
        window.search_box.setText(text)
        window.run_search()
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)
    assert titles(window) == core_titles(ui_home, "energy")


def test_ticking_a_facet_narrows_rows_and_counts(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "council")
    before = window.model.rowCount()
    item = window.facets.item_for("outcome", "failure")
    failures = int(item.text(0).split("(")[1].rstrip(")"))
    item.setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: window.settled() and window.model.rowCount() == failures, timeout=WAIT_MS)
    assert failures < before
    assert {window.proxy.index(r, COL_OUTCOME).data() for r in range(window.proxy.rowCount())} == {"FAILURE"}
    assert window.facets.item_for("outcome", "failure").checkState(0) == Qt.CheckState.Checked
    with Library(window.home) as lib:
        expected = lib.search("council", filters={"outcome": ["failure"]}).facets["theme"]
    shown = {t: window.facets.item_for("theme", t).text(0) for t in expected}
    assert shown == {t: f"{t}  ({n})" for t, n in expected.items()}


def test_opening_a_case_and_following_a_related_case(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "Bristol Energy")
    window.results.setFocus()
    window.results.selectRow(0)
    qtbot.waitUntil(lambda: window.current is not None and window.settled(), timeout=WAIT_MS)
    first = window.current.cf.case
    assert first.title in window.case_view.toPlainText()
    assert "Related cases" in window.case_view.toPlainText()
    related = first.related[0]
    window.case_view.anchorClicked.emit(QUrl(f"case:{related}"))
    qtbot.waitUntil(lambda: window.current.cf.case.id == related and window.settled(), timeout=WAIT_MS)
    assert window.current.cf.case.title in window.case_view.toPlainText()
    window.back()
    qtbot.waitUntil(lambda: window.current.cf.case.id == first.id and window.settled(), timeout=WAIT_MS)


def test_keyboard_route_from_search_to_results(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "ransomware")
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.results.hasFocus()
    qtbot.waitUntil(lambda: window.current is not None and window.settled(), timeout=WAIT_MS)
    assert window.current.cf.case.title == titles(window)[0]
    qtbot.keyClick(window.results, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.current.cf.case.title == titles(window)[1] and window.settled(), timeout=WAIT_MS)


def test_a_correction_is_shown_and_searching_as_typed_is_clickable(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "ransomwre")
    assert window.suggestion.text() == ('Showing results for <b>ransomware</b> — search instead for '
                                        '<a href="#as-typed">ransomwre</a>')
    assert window.model.rowCount() == 4
    window.suggestion.linkActivated.emit("#as-typed")  # the text as typed, not corrected
    qtbot.waitUntil(lambda: window.settled() and window.model.rowCount() == 0, timeout=WAIT_MS)
    assert window.suggestion.text() == 'Did you mean <a href="ransomware">ransomware</a>?'
    window.suggestion.linkActivated.emit("ransomware")
    qtbot.waitUntil(lambda: window.settled() and window.model.rowCount() == 4, timeout=WAIT_MS)
    assert window.search_box.text() == "ransomware"


def test_an_empty_result_says_what_to_try(qtbot, window: MainWindow) -> None:
    search(qtbot, window, "zzzqqq")
    assert window.count.text() == "0 cases"
    assert "Remove a filter or check the spelling" in window.notice.text()


def test_bookmarks_and_saved_searches_survive_a_restart(qtbot, open_window: Callable[[Home], MainWindow],
                                                        ui_home: Home, answers) -> None:
    window = open_window(ui_home)
    search(qtbot, window, "ransomware")
    window.results.selectRow(0)
    qtbot.waitUntil(lambda: window.current is not None and window.settled(), timeout=WAIT_MS)
    chosen = window.current.cf.case
    window.act_bookmark.trigger()
    answers["text"] = "Cyber failures"
    window.save_search()
    qtbot.waitUntil(lambda: window.settled() and window.bookmarks.bookmarks.count() == 1
                    and window.bookmarks.searches.count() == 1, timeout=WAIT_MS)
    window.close()
    again = open_window(ui_home)
    qtbot.waitUntil(lambda: again.bookmarks.bookmarks.count() == 1, timeout=WAIT_MS)
    assert again.bookmarks.bookmarks.item(0).text() == chosen.title
    assert again.bookmarks.searches.item(0).text() == "Cyber failures"
    again.bookmarks.searches.itemActivated.emit(again.bookmarks.searches.item(0))
    qtbot.waitUntil(lambda: again.settled() and again.search_box.text() == "ransomware", timeout=WAIT_MS)
    again.bookmarks.bookmarks.itemActivated.emit(again.bookmarks.bookmarks.item(0))
    qtbot.waitUntil(lambda: again.current is not None and again.current.cf.case.id == chosen.id, timeout=WAIT_MS)
    assert again.act_bookmark.isChecked()


def test_a_malformed_case_shows_its_error(qtbot, window: MainWindow, ui_home: Home) -> None:
    (ui_home.library / "broken.md").write_text("---\ntitle: [oops\n---\n", "utf-8")
    window.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window._indexing, timeout=WAIT_MS)
    assert "1 file(s) could not be read" in window.statusBar().currentMessage()
    window.open_case("library:broken.md")
    qtbot.waitUntil(lambda: window.current is not None and window.settled(), timeout=WAIT_MS)
    text = window.case_view.toPlainText()
    assert "This case could not be read" in text and "front matter is not valid YAML" in text


def test_files_changed_outside_the_app_are_picked_up(qtbot, window: MainWindow, ui_home: Home) -> None:
    search(qtbot, window, "\"written in another editor\"")
    assert titles(window) == []
    (ui_home.library / "outside.md").write_text(case_text(title="Written in another editor"), "utf-8")
    window._poll.setInterval(100)
    qtbot.waitUntil(lambda: window.settled() and "Written in another editor" in titles(window), timeout=WAIT_MS)
