"""Every user action is one Qt-free operation returning what changed: the literal `Changes` of each."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.home import Home
from casebook.library import Library
from operations import cases, networks, settings, state
from operations.changes import Changes
from sync import actions
from tests.conftest import case_text


@pytest.fixture
def lib(library: Library) -> Library:
    (library.home.library / "parks.md").write_text(case_text(title="Parks", sharing="network"), "utf-8")
    library.update()
    return library


def test_saving_a_new_case_adds_it_and_saving_again_updates_it(lib: Library) -> None:
    meta = {"id": "", "title": "Bus lanes", "council": "Leeds", "outcome": "success", "summary": "Faster buses."}
    path, changes = cases.save_case(lib, None, meta, "## Lessons\n- Ask drivers.\n")
    assert path == lib.home.library / "bus-lanes.md"
    assert changes == Changes(added=frozenset({"library:bus-lanes.md"}))
    assert path.read_text("utf-8").startswith("---\nid: bus-lanes\ntitle: Bus lanes\n")
    _, changes = cases.save_case(lib, path, {**meta, "id": "bus-lanes", "summary": "Much faster."}, "Text.\n")
    assert changes == Changes(updated=frozenset({"library:bus-lanes.md"}))


def test_deleting_removes_and_undo_adds_back(lib: Library) -> None:
    deleted, changes = cases.delete_case(lib, "parks")
    assert changes == Changes(removed=frozenset({"library:parks.md"}))
    assert not (lib.home.library / "parks.md").exists() and deleted.kept.parent == lib.home.root / "trash"
    path, changes = cases.restore_case(lib, deleted)
    assert changes == Changes(added=frozenset({"library:parks.md"}))
    assert path.read_text("utf-8") == case_text(title="Parks", sharing="network")


def test_bookmarks_and_saved_searches_change_only_their_flags(lib: Library) -> None:
    assert state.set_bookmark(lib, "parks", True) == Changes(bookmarks=True)
    assert state.save_search(lib, "Parks", "parks", {"outcome": ["success"]}, "date") == Changes(saved_searches=True)
    assert state.bookmarks(lib) == ([("parks", "Parks")], [
        {"name": "Parks", "query": "parks", "filters": {"outcome": ["success"]}, "sort": "date"}])
    assert state.delete_search(lib, "Parks") == Changes(saved_searches=True)


def test_importing_a_folder_adds_its_cases(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "old-lessons"
    folder.mkdir()
    (folder / "waste.md").write_text("---\ntitle: Waste rounds\n---\nWe changed the rounds.\n", "utf-8")
    _, changes = cases.import_folder(lib, folder, council="Leeds", outcome="mixed")
    assert changes == Changes(added=frozenset({"library:waste.md"}))


def test_syncing_changes_networks_and_the_cases_received(lib: Library, tmp_path: Path) -> None:
    hub = actions.init_network(tmp_path / "hub.git", "north", tmp_path / "no-hooks", bare=True)
    name, changes = networks.join(lib, "north", hub.as_uri(), "Leeds")
    assert (name, changes) == ("north", Changes(networks=True))
    _, changes = networks.publish(lib, "parks", "north")
    assert changes == Changes(networks=True)  # the published copy is the library case's, not a new case

    reports, changes = networks.sync(lib, ["north"], lambda *_: None)
    assert [r.summary for r in reports] == ["0 case file(s) received, 1 shared"]
    assert changes == Changes(networks=True)


def test_changes_combine_and_say_whether_anything_changed() -> None:
    both = Changes(added=frozenset({"a"})) | Changes(removed=frozenset({"b"}), bookmarks=True)
    assert both == Changes(added=frozenset({"a"}), removed=frozenset({"b"}), bookmarks=True)
    assert both.cases == frozenset({"a", "b"})
    assert not Changes() and Changes(settings=True)


def test_the_first_run_stores_its_answers_once_and_survives_a_rebuild(home: Home) -> None:
    with Library(home) as lib:
        assert settings.needs_first_run(lib)
        assert settings.first_run(lib, {"council": "Leeds City Council", "examples": "off"}) == (
            ["council", "examples"], Changes(settings=True))
        lib.update(rebuild=True)
        assert not settings.needs_first_run(lib)
        assert lib.settings() == {"council": "Leeds City Council", "examples": "off", "poll_seconds": "30"}


def test_skipping_the_first_run_changes_nothing_but_is_remembered(home: Home) -> None:
    with Library(home) as lib:
        assert settings.first_run(lib, None) == ([], Changes())
        assert not settings.needs_first_run(lib)
        assert lib.settings() == {"council": "", "examples": "on", "poll_seconds": "30"}
