"""Edit ▸ Edit selected cases… in the real window: several rows selected, the dialog driven with keys
and clicks, the files changed on disk and the result told in the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from casebook.authoring import read_front_matter
from casebook.home import Home
from tests.ui.conftest import WAIT_MS
from ui.bulkdialog import BulkEditDialog
from ui.mainwindow import MainWindow

INCOMPLETE = {"bin-app": "---\ntitle: Bin app\nsummary: An app for bins.\n---\n\nNobody used it.\n",
              "ward-surgeries": "---\ntitle: Ward surgeries\nsummary: Surgeries online.\n---\nThey helped.\n"}


def search(qtbot, window: MainWindow, query: str, rows: int) -> None:
    window.searching.box.setText(query)
    window.searching.run()
    qtbot.waitUntil(lambda: window.settled() and window.searching.proxy.rowCount() == rows, timeout=WAIT_MS)


def fill_when_shown(qtbot, fill) -> list[str]:
    """Drive the modal dialog once it is shown; what it said at the top is kept."""
    said: list[str] = []

    def drive(tries: int = 100) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, BulkEditDialog):
            if tries:
                QTimer.singleShot(20, lambda: drive(tries - 1))
            return
        said.append(dialog.intro.text())
        fill(dialog)
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, drive)
    return said


def test_two_selected_rows_are_edited_through_the_dialog(qtbot, open_window, ui_home: Home) -> None:
    for name, text in INCOMPLETE.items():
        (ui_home.library / f"{name}.md").write_text(text, "utf-8")
    window = open_window(ui_home)
    search(qtbot, window, "status:incomplete", 2)
    window.searching.results.setFocus()
    qtbot.keyClick(window.searching.results, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert sorted(h.id for h in window.searching.selected_hits()) == ["bin-app", "ward-surgeries"]

    def fill(dialog: BulkEditDialog) -> None:
        qtbot.keyClicks(dialog.council, "New Council")
        dialog.outcome.setFocus()
        qtbot.keyClicks(dialog.outcome, "mixed")
        dialog.themes["placemaking"].setCurrentText("add")

    said = fill_when_shown(qtbot, fill)
    window.act_bulk.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "2 cases changed", timeout=WAIT_MS)
    assert said == ["2 cases selected. Only what you set below changes; the text of each case stays as it is."]
    for name, text in INCOMPLETE.items():
        meta, body = read_front_matter(ui_home.library / f"{name}.md")
        assert {k: meta[k] for k in ("council", "outcome", "themes")} == {
            "council": "New Council", "outcome": "mixed", "themes": ["placemaking"]}
        assert body == text.split("---\n")[2]
    search(qtbot, window, 'council:"New Council"', 2)


def test_network_cases_in_the_selection_are_skipped_and_said(qtbot, open_window, ui_home: Home) -> None:
    (ui_home.library / "bin-app.md").write_text(INCOMPLETE["bin-app"], "utf-8")
    peer = ui_home.networks / "north-west" / "cases" / "test-council"
    peer.mkdir(parents=True)
    (peer / "peer.md").write_text(INCOMPLETE["ward-surgeries"], "utf-8")
    window = open_window(ui_home)
    search(qtbot, window, "status:incomplete", 2)
    window.searching.results.selectAll()
    said = fill_when_shown(qtbot, lambda dialog: dialog.sharing.setCurrentText("internal"))
    window.act_bulk.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("1 case changed"), timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == "1 case changed; 1 skipped: network cases cannot be edited here"
    assert said[0].startswith("2 cases selected. 1 of them is a network or example case, which cannot be edited")
    assert read_front_matter(ui_home.library / "bin-app.md")[0]["sharing"] == "internal"
    assert (peer / "peer.md").read_text("utf-8") == INCOMPLETE["ward-surgeries"]


def test_nothing_selected_says_how_to_select(qtbot, window: MainWindow) -> None:
    window.searching.results.clearSelection()
    window.act_bulk.trigger()
    assert window.statusBar().currentMessage().startswith("Select the cases to edit in the results first")


def test_every_control_of_the_dialog_has_a_name_and_a_key(qtbot) -> None:
    dialog = BulkEditDialog("2 cases selected.", ["Leeds City Council"])
    qtbot.addWidget(dialog)
    names = [w.accessibleName() for w in (dialog.council, dialog.outcome, dialog.sharing, *dialog.themes.values())]
    assert names[:4] == ["Council", "Outcome", "Sharing", "Theme changing workforce: leave, add or remove"]
    assert all(names)
    assert dialog.values() == {"council": None, "outcome": None, "add_themes": [], "remove_themes": [],
                               "sharing": None}
    dialog.themes["placemaking"].setCurrentText("remove")
    assert dialog.values()["remove_themes"] == ["placemaking"]


def test_results_allow_several_rows_and_offer_the_edit_in_their_context_menu(window: MainWindow) -> None:
    view = window.searching.results
    assert view.selectionMode() == view.SelectionMode.ExtendedSelection
    assert window.act_bulk in view.actions() and view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert [s.toString() for s in window.act_bulk.shortcuts()] == ["Ctrl+Shift+E"]
