"""Keeping the catalog and index in line with the files: first build, incremental changes,
corrupt, old and locked indexes, and user state that survives a rebuild."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from casebook import index as index_module
from casebook import thesaurus
from casebook.errors import LockedError
from casebook.library import Library
from tests.conftest import case_text


def write(lib: Library, name: str, **fields: str) -> Path:
    path = lib.home.library / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(case_text(**fields), "utf-8")
    return path


def ids(lib: Library, query: str) -> list[str]:
    return sorted(h.id for h in lib.search(query, limit=100).hits)


def test_first_use_builds_the_index_and_catalog(library: Library) -> None:
    write(library, "a.md", title="Chatbot pilot")
    write(library, "sub/b.md", title="Litter enforcement")
    (library.home.library / "bad.md").write_text("---\ntitle: [oops\n---\n")
    changes = library.update()
    assert changes.rebuilt
    assert sorted(changes.added) == ["library:a.md", "library:bad.md", "library:sub/b.md"]
    message = "front matter is not valid YAML: expected ',' or ']', but got '<stream end>'"
    assert changes.invalid == [{"path": str(library.home.library / "bad.md"), "line": 2, "message": message}]
    assert ids(library, "chatbot") == ["a"]
    rows = {r["uid"]: (r["id"], r["title"], r["status"]) for r in library.catalog.cases()}
    assert rows == {"library:a.md": ("a", "Chatbot pilot", "ok"), "library:sub/b.md": ("b", "Litter enforcement", "ok"),
                    "library:bad.md": ("", "bad.md", "invalid")}


def test_incremental_add_change_delete_rename(library: Library) -> None:
    write(library, "a.md", title="Chatbot pilot")
    write(library, "b.md", title="Litter enforcement")
    library.update()
    write(library, "c.md", title="Predictive analytics")
    write(library, "a.md", title="Voice assistant pilot")
    (library.home.library / "b.md").rename(library.home.library / "b2.md")
    changes = library.update()
    assert not changes.rebuilt
    assert (sorted(changes.added), changes.updated, changes.removed, changes.unchanged) == (
        ["library:b2.md", "library:c.md"], ["library:a.md"], ["library:b.md"], 0)
    assert ids(library, "chatbot") == []
    assert ids(library, "voice") == ["a"]
    assert ids(library, "litter") == ["b2"]
    assert ids(library, "predictive") == ["c"]
    (library.home.library / "c.md").unlink()
    changes = library.update()
    assert (changes.added, changes.updated, changes.removed, changes.unchanged) == ([], [], ["library:c.md"], 2)
    assert ids(library, "predictive") == []
    assert library.search("*").total == 2


def test_touched_but_identical_file_is_not_reindexed(library: Library) -> None:
    path = write(library, "a.md")
    library.update()
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    changes = library.update()
    assert (changes.added, changes.updated, changes.unchanged) == ([], [], 1)
    assert library.update().unchanged == 1


def test_a_file_that_becomes_invalid_leaves_search_and_is_listed(library: Library) -> None:
    path = write(library, "a.md", title="Chatbot pilot")
    library.update()
    path.write_text("---\ntitle: x\n", "utf-8")
    changes = library.update()
    assert changes.updated == ["library:a.md"]
    assert [i["message"] for i in changes.invalid] == ["front matter opened with '---' is never closed by a '---' line"]
    assert ids(library, "chatbot") == []


def test_reindex_one_saved_file_without_a_scan(library: Library) -> None:
    write(library, "a.md", title="Chatbot pilot")
    library.update()
    path = write(library, "new.md", title="Participatory budgeting")
    changes = library.reindex([path])
    assert changes.added == ["library:new.md"]
    assert ids(library, "participatory") == ["new"]
    path.unlink()
    assert library.reindex([path]).removed == ["library:new.md"]
    assert ids(library, "participatory") == []


def test_corrupt_index_is_rebuilt_from_the_files(library: Library) -> None:
    write(library, "a.md", title="Chatbot pilot")
    library.update()
    library.close()
    live = library.home.index_root / json.loads((library.home.index_root / "CURRENT").read_text())["dir"]
    for segment in live.iterdir():
        segment.write_bytes(b"\x00garbage" * 10)
    with Library(library.home) as again:
        changes = again.update()
        assert changes.rebuilt
        assert ids(again, "chatbot") == ["a"]


@pytest.mark.parametrize("damage", ["missing pointer", "older schema", "missing folder"])
def test_missing_or_outdated_index_is_rebuilt(library: Library, damage: str) -> None:
    write(library, "a.md", title="Chatbot pilot")
    library.update()
    pointer = library.home.index_root / "CURRENT"
    if damage == "missing pointer":
        pointer.unlink()
    elif damage == "older schema":
        pointer.write_text(json.dumps({**json.loads(pointer.read_text()), "schema": 0}))
    else:
        import shutil
        shutil.rmtree(library.home.index_root / json.loads(pointer.read_text())["dir"])
    assert library.update().rebuilt
    assert ids(library, "chatbot") == ["a"]


def test_a_rebuild_analyses_the_thesaurus_for_the_first_search(library: Library) -> None:
    """Kept beside the index, so that the first search of the next process only reads it."""
    cache = library.store.root / thesaurus.CACHE_NAME
    write(library, "a.md", title="Chatbot pilot")
    assert library.update().rebuilt
    assert json.loads(cache.read_text("utf-8"))["alternatives"]
    cache.unlink()
    write(library, "b.md", title="Chatbot trial")
    assert not library.update().rebuilt
    assert not cache.exists()


def test_rebuild_keeps_bookmarks_saved_searches_and_settings(library: Library) -> None:
    write(library, "a.md", title="Chatbot pilot")
    library.update()
    library.catalog.bookmark("a")
    library.catalog.save_search("failures", "outcome:failure", {"theme": ["placemaking"]})
    changes = library.update(rebuild=True)
    assert changes.rebuilt and changes.unchanged == 1 and not changes.added
    with Library(library.home) as again:
        assert again.catalog.bookmarks() == ["a"]
        assert again.catalog.saved_searches() == [{"name": "failures", "query": "outcome:failure",
                                                   "filters": {"theme": ["placemaking"]}, "sort": "relevance"}]
        assert again.catalog.get_setting("examples") == "off"


def test_a_locked_index_waits_then_names_the_holder(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    write(library, "a.md")
    library.update()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom casebook.index import IndexStore\n"
         "with IndexStore(Path(sys.argv[1])).write_lock():\n    print('locked', flush=True)\n    time.sleep(60)\n",
         str(library.home.index_root)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr(index_module, "LOCK_WAIT_SECONDS", 0.3)
        started = time.monotonic()
        with pytest.raises(LockedError) as raised:
            library.update()
        assert 0.3 <= time.monotonic() - started < 5
        assert str(raised.value) == (f"the search index in {library.home.index_root} is being updated by "
                                     f"process {holder.pid}; try again when it has finished")
    finally:
        holder.kill()
        holder.wait()
    assert library.update().unchanged == 1


def test_examples_are_a_source_that_can_be_switched_off(library: Library) -> None:
    library.catalog.set_setting("examples", "on")
    with_examples = library.update()
    assert len(with_examples.added) >= 40
    assert set(library.search("*").facets["source"]) == {"examples"}
    library.catalog.set_setting("examples", "off")
    assert len(library.update().removed) == len(with_examples.added)
    assert library.search("*").total == 0


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_network_cases_are_a_source_and_a_linked_cases_folder_is_refused(library: Library, tmp_path: Path) -> None:
    clone = library.home.networks / "north-west"
    (clone / "cases" / "test-council").mkdir(parents=True)
    (clone / "cases" / "test-council" / "peer.md").write_text(case_text(title="Peer chatbot"))
    (clone / "README.md").write_text("not a case")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "x").mkdir(parents=True)
    (elsewhere / "x" / "stolen.md").write_text(case_text(title="Stolen chatbot"))
    (library.home.networks / "hostile").mkdir()
    (library.home.networks / "hostile" / "cases").symlink_to(elsewhere, target_is_directory=True)
    (tmp_path / "clone-elsewhere" / "cases" / "x").mkdir(parents=True)
    (tmp_path / "clone-elsewhere" / "cases" / "x" / "also.md").write_text(case_text(title="Linked chatbot"))
    (library.home.networks / "linked").symlink_to(tmp_path / "clone-elsewhere", target_is_directory=True)
    changes = library.update()
    assert sorted(changes.added) == ["hostile:", "linked:", "north-west:test-council/peer.md"]
    assert [i["message"] for i in changes.invalid] == [
        "symbolic link refused: a network's cases folder must be a real folder"] * 2
    result = library.search("chatbot")
    assert [(h.title, h.source) for h in result.hits] == [("Peer chatbot", "north-west")]
    assert result.facets["source"] == {"north-west": 1}


def test_a_second_library_on_the_same_home_follows_changes_and_rebuilds(library: Library) -> None:
    from casebook.errors import IndexNotReadyError

    with Library(library.home) as reader:
        with pytest.raises(IndexNotReadyError):
            reader.search("chatbot", build=False)
        write(library, "a.md", title="Chatbot pilot")
        library.update()
        assert ids(reader, "chatbot") == ["a"]
        write(library, "b.md", title="Second chatbot")
        library.update()
        assert ids(reader, "chatbot") == ["a", "b"]
        library.update(rebuild=True)
        (library.home.library / "a.md").unlink()
        library.update()
        assert ids(reader, "chatbot") == ["b"]


def test_a_moved_home_refreshes_every_path(library: Library, tmp_path: Path) -> None:
    write(library, "a.md", title="Chatbot pilot")
    library.update()
    library.close()
    moved = tmp_path / "moved"
    library.home.root.rename(moved)
    from casebook.home import Home

    with Library(Home(moved)) as again:
        changes = again.update()
        assert changes.updated == ["library:a.md"]
        hit = again.search("chatbot").hits[0]
        assert hit.path == str(moved / "library" / "a.md")
        assert again.case("a").status == "ok"


def test_deep_and_unreadable_folders_are_reported_not_fatal(library: Library) -> None:
    deep = library.home.library
    for level in range(40):
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "lost.md").write_text(case_text())
    write(library, "a.md", title="Chatbot pilot")
    changes = library.update()
    assert [i["message"] for i in changes.invalid] == ["folder nested deeper than 32 levels, not read"]
    assert ids(library, "chatbot") == ["a"]


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_an_unreadable_folder_is_reported(library: Library) -> None:
    private = library.home.library / "private"
    private.mkdir()
    private.chmod(0)
    try:
        changes = library.update()
    finally:
        private.chmod(0o755)
    assert [i["message"] for i in changes.invalid] == ["cannot read folder: Permission denied"]


def test_reindex_ignores_files_that_are_not_cases(library: Library) -> None:
    write(library, "a.md")
    library.update()
    others = [library.home.library / n for n in ("README.md", ".draft.md", "notes.txt")]
    for path in others:
        path.write_text(case_text(title="Not a case"))
    changes = library.reindex(others)
    assert (changes.added, changes.updated) == ([], [])
    assert library.search("*").total == 1


def test_catalog_opened_by_many_threads_at_once(tmp_path: Path) -> None:
    import threading

    from casebook.catalog import Catalog

    errors: list[BaseException] = []

    def open_and_write(n: int) -> None:
        try:
            catalog = Catalog(tmp_path / "catalog.db")
            catalog.bookmark(f"case-{n}")
            catalog.close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_and_write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(Catalog(tmp_path / "catalog.db").bookmarks()) == [f"case-{n}" for n in range(6)]
