"""Hubs as officers meet them: made by `network init`, on a share with an odd path, read-only,
checked out, or not there at all. Each says what is wrong in words; no hook of a hub ever runs."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from casebook.library import Library
from sync import actions
from tests.sync.conftest import NETWORK, Officer, git


def plant_hooks(hub: Path, marker: Path) -> None:
    """Hooks in the hub's own folder and in a folder its config points at: each would leave `marker`."""
    for folder in (hub / "hooks", hub / "evil-hooks"):
        folder.mkdir(exist_ok=True)
        for name in ("pre-receive", "update", "post-receive", "post-update", "push-to-checkout"):
            (folder / name).write_text(f"#!/bin/sh\ntouch '{marker}'\n")
            (folder / name).chmod(0o755)
    git(hub, "config", "core.hooksPath", str(hub / "evil-hooks"))


def share_and_sync(officer: Officer) -> None:
    officer.write("case", "shared from an odd home")
    officer.publish("case")
    report = officer.sync()
    assert (report.ok, report.pushed, report.summary) == (True, 1, "0 case file(s) received, 1 shared")


def test_a_home_path_with_quotes_and_a_command_in_it_runs_nothing(tmp_path: Path) -> None:
    odd = tmp_path / "o'brien';touch INJECTED;'"
    hub = actions.init_network(odd / "share" / "hub.git", NETWORK, odd / "sync" / "no-hooks", bare=True)
    plant_hooks(hub, tmp_path / "HOOK-RAN")
    share_and_sync(Officer(odd / "home", hub.as_uri(), "Leeds"))
    assert sorted(git(hub, "log", "--format=%s", "main").splitlines()) == [
        "Publish case from leeds", "Start the north network", "Take in changes from north"]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.name in ("INJECTED", "HOOK-RAN")) == []


def test_network_init_without_bare_makes_a_hub_that_takes_pushes(tmp_path: Path) -> None:
    hub = actions.init_network(tmp_path / "hub", NETWORK, tmp_path / "no-hooks")
    plant_hooks(hub / ".git", tmp_path / "HOOK-RAN")
    share_and_sync(Officer(tmp_path / "a", hub.as_uri(), "Leeds"))
    assert (hub / "cases" / "leeds" / "case.md").read_text().endswith("## Lessons\n- shared from an odd home\n")
    assert git(hub, "status", "--porcelain") == ""
    assert not (tmp_path / "HOOK-RAN").exists()


def test_a_checked_out_hub_says_why_it_refuses(tmp_path: Path) -> None:
    hub = tmp_path / "hub"
    hub.mkdir()
    git(hub, "init", "--quiet")
    git(hub, "commit", "--quiet", "--allow-empty", "-m", "start")
    officer = Officer(tmp_path / "a", hub.as_uri(), "Leeds")
    officer.write("case")
    officer.publish("case")
    report = officer.sync()
    assert (report.ok, report.summary) == (
        False, "the network refused the change: its branch is checked out in a working copy; make networks with "
               "`network init` — 1 change(s) not yet shared")


@pytest.fixture
def read_only(tmp_path: Path, hub: Path) -> Iterator[Path]:
    """The hub seen through a read-only bind mount, as on a share this officer may only read."""
    view = tmp_path / "read-only" / "hub.git"
    view.mkdir(parents=True)
    mounted = subprocess.run(["mount", "--bind", "-o", "ro", str(hub), str(view)], capture_output=True, check=False)
    if mounted.returncode:
        pytest.skip(f"cannot bind-mount read-only here ({mounted.stderr.decode().strip()})")
    try:
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=True)


def test_a_read_only_share_says_why_it_refuses(tmp_path: Path, read_only: Path) -> None:
    officer = Officer(tmp_path / "a", read_only.as_uri(), "Leeds")
    officer.write("case")
    officer.publish("case")
    report = officer.sync()
    assert (report.ok, report.summary) == (
        False, "the network refused the change: it could not be written to; is the shared folder read-only for "
               "you? — 1 change(s) not yet shared")


def test_a_wrong_address_is_not_offline(tmp_path: Path) -> None:
    url = (tmp_path / "does-not-exist.git").as_uri()
    officer = Officer(tmp_path / "a", url, "Leeds")
    officer.write("case")
    officer.publish("case")
    report = officer.sync()
    assert (report.ok, report.summary) == (
        False, f"there is no network at {url}: it does not exist or is not a git repository (check the address, "
               "or that the shared folder is connected) — 1 change(s) not yet shared")
    with Library(officer.home) as lib:
        details = [row["details"] for row in lib.catalog.db.query("select details from sync_log")]
    assert details == [f"fatal: '{tmp_path}/does-not-exist.git' does not appear to be a git repository\n"
                       "fatal: Could not read from remote repository.\n\n"
                       "Please make sure you have the correct access rights\nand the repository exists."]


def test_init_bare_never_takes_or_deletes_files_it_did_not_make(tmp_path: Path) -> None:
    setup = tmp_path / ".hub.git-setup"
    setup.mkdir()
    (setup / "secret.md").write_text("---\ntitle: Secret\nsharing: internal\n---\nnot for the network\n")
    hub = actions.init_network(tmp_path / "hub.git", NETWORK, tmp_path / "no-hooks", bare=True)
    assert git(hub, "ls-tree", "-r", "--name-only", "main").split() == [".casebook/network.yml", "README.md"]
    assert sorted(p.name for p in setup.iterdir()) == ["secret.md"]


@pytest.mark.parametrize(("branch", "readable"), [("main", True), ("master", False)])
def test_a_hub_made_by_hand_needs_main_as_the_readme_says(tmp_path: Path, branch: str, readable: bool) -> None:
    """`git init --bare --initial-branch=main` (README) makes a hub whose own log and clones show
    what Casebook shares; a plain `git init --bare` naming its branch master does not."""
    hub = tmp_path / "hub.git"
    git(tmp_path, "init", "--quiet", "--bare", f"--initial-branch={branch}", str(hub))
    officer = Officer(tmp_path / "leeds", hub.as_uri(), "Leeds")
    share_and_sync(officer)
    log = subprocess.run(["git", "-C", str(hub), "log", "--format=%s"], capture_output=True, text=True, check=False)
    cloned = subprocess.run(["git", "clone", str(hub), str(tmp_path / "clone")], capture_output=True, text=True,
                            check=False)
    shared = "Publish case from leeds\n"
    assert (log.stdout, "warning" in cloned.stderr) == ((shared, False) if readable else ("", True))
    git(hub, "symbolic-ref", "HEAD", "refs/heads/main")  # the README's way to put such a hub right
    assert git(hub, "log", "--format=%s") == shared
