"""The hub loses history (branch deleted, renamed, re-created or rewritten): members are told in
plain words, nothing is pushed back, and `rejoin` starts again from the network keeping local work."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.cli import main
from casebook.library import Library
from sync import actions
from sync.networks import Registry
from tests.sync.conftest import NETWORK, Officer, edits_that_meet, git, hub_text
from tests.sync.test_hostile import peer_checkout

REJOIN = "Run `casebook network rejoin north` to start again from the network as it is now"


def rejoin(who: Officer, branch: str | None = None, restore: tuple[str, ...] = ()) -> actions.Rejoined:
    with Library(who.home) as lib:
        return actions.rejoin(who.home, Registry(lib.catalog), NETWORK, branch=branch, restore=restore)


def shared_pair(officer: Callable[[str, str], Officer]) -> tuple[Officer, Officer]:
    leeds, hackney = officer("leeds", "Leeds"), officer("hackney", "Hackney")
    leeds.write("roads", "a road lesson")
    leeds.publish("roads")
    assert leeds.sync().ok
    hackney.write("parks", "a park lesson")
    hackney.publish("parks")
    assert hackney.sync().ok
    assert leeds.sync().ok
    return leeds, hackney


def test_a_deleted_branch_is_explained_and_rejoin_recovers(officer: Callable[[str, str], Officer],
                                                         hub: Path) -> None:
    leeds, _ = shared_pair(officer)
    git(hub, "update-ref", "-d", "refs/heads/main")
    report = leeds.sync()
    assert not report.ok
    assert report.summary.startswith("the network no longer has its branch 'main' (deleted or renamed); "
                                     "nothing was taken in or sent. " + REJOIN)
    assert git(hub, "for-each-ref") == ""
    done = rejoin(leeds)
    assert done.offered == ["cases/leeds/roads.md"] and done.restored == []
    assert done.kept is not None and (done.kept / "cases" / "leeds" / "roads.md").exists()
    assert leeds.sync().ok
    assert git(hub, "for-each-ref") == ""


def test_a_branch_renamed_to_master_is_rejoined_by_name(officer: Callable[[str, str], Officer], hub: Path) -> None:
    leeds, _ = shared_pair(officer)
    git(hub, "branch", "-m", "main", "master")
    assert REJOIN in leeds.sync().summary
    done = rejoin(leeds, branch="master")
    assert done.offered == []
    leeds.write("bins", "a bin lesson")
    leeds.publish("bins")
    report = leeds.sync()
    assert (report.ok, report.pushed) == (True, 1)
    assert "a bin lesson" in git(hub, "show", "master:cases/leeds/bins.md")
    assert git(hub, "branch", "--list").split() == ["*", "master"]


def test_a_hub_created_again_takes_nothing_back_unasked(tmp_path: Path, officer: Callable[[str, str], Officer],
                                                       hub: Path, capsys: pytest.CaptureFixture[str]) -> None:
    leeds, _ = shared_pair(officer)
    leeds.write("bins", "an unshared bin lesson")
    leeds.publish("bins")
    shutil.rmtree(hub)
    actions.init_network(hub, NETWORK, tmp_path / "no-hooks", bare=True)
    report = leeds.sync()
    assert "was replaced or rewritten" in report.summary and REJOIN in report.summary
    assert "road lesson" not in hub_text(hub)
    assert main(["network", "rejoin", NETWORK, "--home", str(leeds.home.root), "--restore", "bins"]) == 0
    kept = next(leeds.home.networks.glob(".before-rejoin-north-*"))
    assert capsys.readouterr().out.splitlines() == [
        f"Rejoined north as it is now. Your old copy is kept at {kept}.",
        "  put back, shared at the next sync: cases/leeds/bins.md",
        "  not in the network (share again with --restore ID): cases/leeds/roads.md"]
    assert leeds.sync().ok
    assert "an unshared bin lesson" in hub_text(hub) and "road lesson" not in hub_text(hub)
    assert leeds.search("park") == []


def test_a_scrubbed_case_is_not_pushed_back(tmp_path: Path, officer: Callable[[str, str], Officer],
                                            hub: Path) -> None:
    leeds, hackney = shared_pair(officer)
    work = peer_checkout(tmp_path, hub)
    git(work, "rm", "--cached", "--quiet", "cases/leeds/roads.md")
    scrubbed = git(work, "commit-tree", git(work, "write-tree").strip(), "-m", "Network without roads").strip()
    git(work, "push", "--quiet", "--force", "origin", f"{scrubbed}:refs/heads/main")
    assert "road lesson" not in hub_text(hub)
    report = leeds.sync()
    assert not report.ok and REJOIN in report.summary
    assert "road lesson" not in hub_text(hub)
    done = rejoin(leeds)
    assert done.offered == ["cases/leeds/roads.md"]
    assert REJOIN in hackney.sync().summary
    assert rejoin(hackney).offered == []
    assert leeds.sync().ok and hackney.sync().ok
    assert "road lesson" not in hub_text(hub)
    assert not (leeds.clone / "cases" / "leeds" / "roads.md").exists()
    assert "a road lesson" in (leeds.home.library / "roads.md").read_text()


def test_rejoin_while_offline_changes_nothing(officer: Callable[[str, str], Officer], hub: Path) -> None:
    leeds, _ = shared_pair(officer)
    moved = hub.with_name("moved.git")
    hub.rename(moved)
    with pytest.raises(Exception, match=r"cannot be reached|not a repository|does not exist"):
        rejoin(leeds)
    assert (leeds.clone / "cases" / "leeds" / "roads.md").exists()
    assert [p.name for p in leeds.home.networks.iterdir()] == [NETWORK]


def test_edits_to_a_case_the_network_still_holds_flow_after_a_rejoin(officer: Callable[[str, str], Officer],
                                                                    hub: Path) -> None:
    leeds, _ = shared_pair(officer)
    git(hub, "branch", "-m", "main", "master")
    assert REJOIN in leeds.sync().summary
    rejoin(leeds, branch="master")
    leeds.write("roads", "a road lesson, revised")
    report = leeds.sync()
    assert (report.ok, report.pushed) == (True, 1)
    assert "a road lesson, revised" in git(hub, "show", "master:cases/leeds/roads.md")


def test_a_conflict_copy_is_not_offered_back(officer: Callable[[str, str], Officer]) -> None:
    """A conflict copy never leaves this computer, so a rejoin does not offer it as a case to restore
    (it stays in the old clone that rejoin keeps)."""
    leeds = edits_that_meet(officer)
    assert len(leeds.sync().conflicts) == 1
    done = rejoin(leeds)
    assert (done.offered, done.restored) == ([], [])
    assert len(list((done.kept / "cases" / "leeds").glob("bins-pilot.conflict-*.md"))) == 1
