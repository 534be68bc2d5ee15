"""A case's file outside the app: deleted to the system trash (undo puts it back), opened in the
system's editor, its folder shown in the file manager; never a file outside the home."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QToolButton

from casebook.errors import CasebookError
from casebook.home import Home
from casebook.library import Library
from operations import cases
from tests.conftest import case_text
from tests.ui.conftest import WAIT_MS
from tests.ui.test_models_and_access import accessible_name
from ui import interaction
from ui.mainwindow import MainWindow
from ui.outside import OPEN_FILE, SHOW_FOLDER, file_url, folder_url, system_trash
from ui.results import HitRole


def own_case(qtbot, window: MainWindow, home: Home, name: str = "parks.md", text: str | None = None) -> Path:
    path = home.library / name
    path.write_text(text if text is not None else case_text(title="Quokka parks"), "utf-8")
    window.indexing.reindex()
    qtbot.waitUntil(lambda: window.settled() and not window.indexing.running, timeout=WAIT_MS)
    window.reading.open(f"library:{name}")
    qtbot.waitUntil(lambda: window.reading.current is not None and window.settled(), timeout=WAIT_MS)
    return path


def found(qtbot, window: MainWindow, query: str) -> list[str]:
    window.searching.box.setText(query)
    window.searching.run()
    qtbot.waitUntil(window.settled, timeout=WAIT_MS)
    proxy = window.searching.proxy
    return [proxy.index(row, 0).data(HitRole).uid for row in range(proxy.rowCount())]


@pytest.fixture
def home_trash(_own_trash: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The freedesktop home trash. HOME is moved beside the case files too: for a file on another file
    system than HOME, Qt would use that file system's own `.Trash-<uid>` folder instead."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return _own_trash / "Trash"


def test_delete_moves_the_case_to_the_system_trash_and_undo_brings_it_back(
        qtbot, window: MainWindow, ui_home: Home, home_trash: Path) -> None:
    path = own_case(qtbot, window, ui_home)
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: window.settled() and window.act_undo_delete.isEnabled(), timeout=WAIT_MS)
    assert not path.exists()
    assert (home_trash / "files" / "parks.md").read_text("utf-8") == case_text(title="Quokka parks")
    assert f"Path={path}" in (home_trash / "info" / "parks.md.trashinfo").read_text("utf-8")
    assert not (ui_home.root / "trash").exists()
    assert found(qtbot, window, "quokka") == []
    window.act_undo_delete.trigger()
    qtbot.waitUntil(lambda: window.settled() and path.exists(), timeout=WAIT_MS)
    assert sorted(p.name for p in (home_trash / "files").iterdir()) == []
    assert sorted(p.name for p in (home_trash / "info").iterdir()) == []
    assert found(qtbot, window, "quokka") == ["library:parks.md"]


def test_without_a_system_trash_the_case_goes_to_the_home_trash(
        library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "no-such-folder"))  # Qt makes Trash/ in it, never it
    path = library.home.library / "parks.md"
    path.write_text(case_text(title="Quokka parks"), "utf-8")
    library.update()
    assert system_trash(path) is None and path.exists()
    deleted, _ = cases.delete_case(library, "parks", system_trash)
    assert deleted.kept.parent == library.home.root / "trash" and not path.exists()
    assert library.find("parks") == []
    restored, _ = cases.restore_case(library, deleted)
    assert restored == path and [row["id"] for row in library.find("parks")] == ["parks"]


def test_open_file_and_show_in_file_manager_for_an_own_case(
        qtbot, window: MainWindow, ui_home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(interaction, "open_url", opened.append)
    path = own_case(qtbot, window, ui_home).resolve()
    assert window.act_open_file.isEnabled() and window.act_show_folder.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    menu = QAccessible.queryAccessibleInterface(file_menu)
    names = [menu.child(i).text(QAccessible.Text.Name) for i in range(menu.childCount())]
    assert "Open file in editor" in names and "Show in file manager" in names
    window.act_open_file.trigger()
    window.act_show_folder.trigger()
    assert opened == [QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(path.parent))]


def test_the_results_context_menu_acts_on_the_current_row(
        qtbot, window: MainWindow, ui_home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(interaction, "open_url", opened.append)
    path = own_case(qtbot, window, ui_home).resolve()
    results, proxy = window.searching.results, window.searching.proxy
    rows = {uid: row for row, uid in enumerate(found(qtbot, window, "quokka OR hackney"))}
    assert results.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    menu = [action for action in results.actions() if action.text() in (OPEN_FILE, SHOW_FOLDER)]

    def right_click(uid: str) -> None:
        place = results.visualRect(proxy.index(rows[uid], 0)).topLeft() + QPoint(4, 4)
        qtbot.mousePress(results.viewport(), Qt.MouseButton.RightButton, pos=place)

    right_click("examples:hackney-early-help-profiling.md")
    assert [(a.text(), a.isEnabled()) for a in menu] == [("&Open file in editor", False),
                                                         ("&Show in file manager", False)]
    right_click("library:parks.md")
    assert [(a.text(), a.isEnabled()) for a in menu] == [("&Open file in editor", True),
                                                         ("&Show in file manager", True)]
    for action in menu:
        action.trigger()
    assert opened == [QUrl.fromLocalFile(str(path)), QUrl.fromLocalFile(str(path.parent))]


def test_a_case_that_cannot_be_read_offers_its_file(qtbot, window: MainWindow, ui_home: Home) -> None:
    own_case(qtbot, window, ui_home, "broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    assert window.reading.current.cf.case is None
    assert window.reading.unreadable.isVisibleTo(window)
    buttons = window.reading.unreadable.findChildren(QToolButton)
    assert [b.defaultAction() for b in buttons] == [window.act_open_file, window.act_show_folder]
    assert [accessible_name(b) for b in buttons if b.isVisibleTo(window)] == [
        "Open file in editor", "Show in file manager"]
    assert window.act_open_file.isEnabled()
    own_case(qtbot, window, ui_home)
    assert not window.reading.unreadable.isVisibleTo(window)


def test_only_files_inside_the_home_are_opened(tmp_path: Path, ui_home: Home) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x", "utf-8")
    network_case = ui_home.networks / "north" / "cases" / "leeds" / "bins.md"
    network_case.parent.mkdir(parents=True)
    network_case.write_text("x", "utf-8")
    link = ui_home.networks / "north" / "cases" / "leeds" / "link.md"
    link.symlink_to(outside)
    assert file_url(ui_home, network_case) == QUrl.fromLocalFile(str(network_case.resolve()))
    assert folder_url(ui_home, network_case) == QUrl.fromLocalFile(str(network_case.parent.resolve()))
    assert file_url(ui_home, outside) is None and folder_url(ui_home, link) is None
    assert file_url(ui_home, ui_home.root / "library" / ".." / ".." / "elsewhere.md") is None
    assert file_url(ui_home, ui_home.library / "missing.md") is None


def test_undo_after_the_trash_was_emptied_leaves_another_file_of_that_name_in_it(
        library: Library, home_trash: Path, tmp_path: Path) -> None:
    path = library.home.library / "parks.md"
    path.write_text(case_text(title="Quokka parks"), "utf-8")
    library.update()
    deleted, _ = cases.delete_case(library, "parks", system_trash)
    assert deleted.kept == home_trash / "files" / "parks.md"
    for emptied in (deleted.kept, home_trash / "info" / "parks.md.trashinfo"):
        emptied.unlink()
    other = tmp_path / "downloads" / "parks.md"
    other.parent.mkdir()
    other.write_text("A list of parks to visit", "utf-8")
    assert system_trash(other) == deleted.kept
    with pytest.raises(CasebookError) as refused:
        cases.restore_case(library, deleted)
    assert str(refused.value) == f"parks.md is no longer in the trash ({deleted.kept}), so it cannot be put back"
    assert deleted.kept.read_text("utf-8") == "A list of parks to visit" and not path.exists()
    assert (home_trash / "info" / "parks.md.trashinfo").exists()
