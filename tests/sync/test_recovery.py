"""A sync or publish after a crash or a full disk: stale git locks are removed, a merge cut short
is rolled back to the commit before it, the disk being full is said in words, and the next sync
works with every text in place."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from casebook.library import Library
from sync import engine, recovery
from sync.networks import Registry
from tests.conftest import case_text
from tests.sync.conftest import NETWORK, Officer, git

LOCKS = ("index.lock", "HEAD.lock", "packed-refs.lock", "refs/heads/main.lock", "refs/casebook/network.lock")


def clone_of(who: Officer) -> engine.Clone:
    with Library(who.home) as lib:
        return engine.Clone(who.home, Registry(lib.catalog).require(NETWORK))


def peer_case(title: str, body: str) -> str:
    return case_text(title=title, council="Hackney", sharing="network", body=body)


def assert_clean(who: Officer) -> None:
    assert git(who.clone, "status", "--porcelain") == ""
    assert sorted(p.name for p in (who.clone / ".git").rglob("*.lock")) == []
    refs = git(who.clone, "for-each-ref", "--format=%(refname)", "refs/casebook").split()
    assert [r for r in refs if not r.startswith(recovery.PREFIX)] == ["refs/casebook/network"]
    assert not (who.clone / ".git" / "MERGE_HEAD").exists()


def test_stale_git_locks_are_removed(officer: Callable[[str, str], Officer]) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("first")
    leeds.publish("first")
    assert leeds.sync().ok
    for name in LOCKS:
        (leeds.clone / ".git" / name).write_text("left by a killed git\n")
    leeds.write("second")
    leeds.publish("second")
    report = leeds.sync()
    assert (report.ok, report.pushed) == (True, 1)
    assert_clean(leeds)


def test_a_merge_cut_short_is_rolled_back_and_done_again(officer: Callable[[str, str], Officer]) -> None:
    leeds, hackney = officer("leeds", "Leeds"), officer("hackney", "Hackney")
    peer = hackney.clone / "cases" / "hackney"
    (peer / "old.md").write_text(peer_case("Old", "first words\n"))
    assert hackney.sync().ok and leeds.sync().ok
    (peer / "old.md").write_text(peer_case("Old", "second words\n"))
    (peer / "new.md").write_text(peer_case("New", "a whole new case\n"))
    assert hackney.sync().ok
    leeds.write("mine", "leeds' own edit")
    leeds.publish("mine")
    clone = clone_of(leeds)
    with clone.lock():  # what a sync killed half way through taking hackney's changes in leaves behind
        tip = clone.fetch()
        git(leeds.clone, "update-ref", "refs/casebook/merging", tip)
    theirs = leeds.clone / "cases" / "hackney"
    (theirs / "old.md").write_text(peer_case("Old", "second words\n"))
    (theirs / "new.md").write_text(peer_case("New", "a whole")[:40])
    (leeds.clone / ".git" / "index.lock").write_text("")
    report = leeds.sync()
    assert (report.ok, report.pulled, report.pushed) == (True, 2, 1)
    assert (theirs / "old.md").read_text() == peer_case("Old", "second words\n")
    assert (theirs / "new.md").read_text() == peer_case("New", "a whole new case\n")
    assert_clean(leeds)
    assert hackney.sync().pulled == 1


def test_an_edit_outside_the_own_folder_stops_the_merge_and_is_kept(officer: Callable[[str, str], Officer]) -> None:
    """A merge is rolled back to HEAD if cut short, so it starts only when nothing uncommitted is at stake."""
    leeds, hackney = officer("leeds", "Leeds"), officer("hackney", "Hackney")
    peer = hackney.clone / "cases" / "hackney"
    (peer / "a.md").write_text(peer_case("A", "hackney's words\n"))
    assert hackney.sync().ok and leeds.sync().ok
    (peer / "b.md").write_text(peer_case("B", "more from hackney\n"))
    assert hackney.sync().ok
    edited = leeds.clone / "cases" / "hackney" / "a.md"
    edited.write_text(peer_case("A", "leeds edited a peer's case by hand\n"))
    report = leeds.sync()
    assert (report.ok, report.summary) == (
        False, "files changed outside your council's folder: cases/hackney/a.md; nothing was merged (other "
               "councils' cases are read-only: undo those edits and sync again) — 0 change(s) not yet shared")
    assert edited.read_text() == peer_case("A", "leeds edited a peer's case by hand\n")
    assert not (leeds.clone / "cases" / "hackney" / "b.md").exists()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 16 MiB file system (tmpfs), mounted for the test: needs root."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(disk)], capture_output=True,
                             check=False)
    if mounted.returncode:
        pytest.skip(f"cannot mount a small file system here ({mounted.stderr.decode().strip()})")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def casebook_sync(home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "casebook", "sync", NETWORK, "--home", str(home)],
                          capture_output=True, text=True, check=False, timeout=120)


def fill(disk: Path, leave: int) -> Path:
    stat = os.statvfs(disk)
    filler = disk / "filler"
    with filler.open("wb") as out:
        out.write(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


def test_a_full_disk_is_said_in_words_and_the_next_sync_works(officer: Callable[[str, str], Officer],
                                                              hub: Path, small_disk: Path) -> None:
    hackney = officer("hackney", "Hackney")
    leeds = Officer(small_disk / "leeds", hub.as_uri(), "Leeds")
    assert leeds.sync().ok
    texts = {f"big-{n}.md": peer_case(f"Big {n}", os.urandom(150_000).hex() + "\n") for n in range(4)}
    for name, text in texts.items():
        (hackney.clone / "cases" / "hackney" / name).write_text(text)
    assert hackney.sync().pushed == 4
    clone = clone_of(leeds)
    with clone.lock():
        clone.fetch()  # the objects are here; writing the four files is what does not fit
    filler = fill(small_disk, 400_000)
    full = casebook_sync(leeds.home.root)
    said = full.stdout + full.stderr
    assert (full.returncode > 0, "Traceback" in said, "the disk is full; free some space" in said) == (True, False,
                                                                                                     True), said
    filler.unlink()
    again = casebook_sync(leeds.home.root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert {p.name: p.read_text() for p in (leeds.clone / "cases" / "hackney").glob("*.md")} == texts
    assert_clean(leeds)


def test_a_network_held_by_another_sync_is_reported_in_words(officer: Callable[[str, str], Officer],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("roads")
    leeds.publish("roads")
    monkeypatch.setattr(engine, "LOCK_WAIT_SECONDS", 0.2)
    with clone_of(leeds).lock():
        report = leeds.sync()
    assert not report.ok
    assert report.summary.startswith(f"not synced: network '{NETWORK}' is being updated by process {os.getpid()}")
    assert leeds.sync().pushed == 1
