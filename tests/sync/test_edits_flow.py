"""An edit to a published case in the library is shared at the next sync, and status counts it
as waiting before; a case made internal meanwhile is not shared again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from casebook.library import Library
from sync import actions
from sync.networks import Registry
from tests.sync.conftest import NETWORK, Officer, edits_that_meet, git


def unshared(officer: Officer) -> int:
    with Library(officer.home) as lib:
        return actions.status(officer.home, Registry(lib.catalog), NETWORK)["unshared"]


def test_an_edit_to_a_published_case_is_shared_at_the_next_sync(officer: Callable[[str, str], Officer],
                                                               hub: Path) -> None:
    leeds, hackney = officer("leeds", "Leeds"), officer("hackney", "Hackney")
    leeds.write("bins-pilot", "first words")
    leeds.publish("bins-pilot")
    assert leeds.sync().ok
    leeds.write("bins-pilot", "second thoughts")
    assert unshared(leeds) == 1
    report = leeds.sync()
    assert (report.ok, report.pushed, report.unshared) == (True, 1, 0)
    assert unshared(leeds) == 0
    assert "second thoughts" in git(hub, "show", "main:cases/leeds/bins-pilot.md")
    assert hackney.sync().ok
    assert hackney.search("thoughts") == [("bins-pilot", NETWORK)]
    assert leeds.search("thoughts") == [("bins-pilot", "library")]


def test_a_case_made_internal_is_not_shared_again(officer: Callable[[str, str], Officer], hub: Path) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("bins-pilot", "first words")
    leeds.publish("bins-pilot")
    assert leeds.sync().ok
    leeds.write("bins-pilot", "private second thoughts", sharing="internal")
    assert unshared(leeds) == 0
    report = leeds.sync()
    assert (report.pushed, unshared(leeds)) == (0, 0)
    assert "private" not in git(hub, "show", "main:cases/leeds/bins-pilot.md")
    # the officer is told the network still has the version it received
    assert [(f.path, f.reason) for f in report.still_shared] == [
        ("cases/leeds/bins-pilot.md", "made internal after it was shared: the network keeps the version it received "
                                      "(Casebook does not take a case back; ask the network's maintainer to remove it "
                                      "if it must go)")]
    assert report.summary.endswith("; still on the network though made internal: cases/leeds/bins-pilot.md")


def test_an_edit_meeting_a_colleagues_edit_keeps_both_here_and_sends_no_copy(
        officer: Callable[[str, str], Officer], hub: Path) -> None:
    """The conflict copy stays on the computer where the conflict happened until it is resolved:
    peers never receive two versions of one case."""
    leeds = edits_that_meet(officer)
    report = leeds.sync()
    assert (report.ok, report.pushed) == (True, 0)
    conflicts = leeds.registry_rows("conflicts")
    assert [c["path"] for c in conflicts] == ["cases/leeds/bins-pilot.md"]
    assert "my words" in (leeds.clone / conflicts[0]["copy"]).read_text()
    assert "colleague words" in git(hub, "show", "main:cases/leeds/bins-pilot.md")
    assert git(hub, "ls-tree", "-r", "--name-only", "main", "cases").split() == ["cases/leeds/bins-pilot.md"]
    assert leeds.search("words") == [("bins-pilot", "library"), ("bins-pilot", NETWORK)]  # the copy is not listed
    assert (leeds.sync().pushed, unshared(leeds)) == (0, 0)
    assert git(hub, "ls-tree", "-r", "--name-only", "main", "cases").split() == ["cases/leeds/bins-pilot.md"]
    assert git(leeds.clone, "status", "--porcelain", "--untracked-files=all").split() == ["??", conflicts[0]["copy"]]
