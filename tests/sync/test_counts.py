"""What status and sync say is waiting: nothing right after a push, one change offline, and the
deletion of a council's last case is shared like any other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from casebook.library import Library
from sync import actions
from sync.networks import Registry
from tests.sync.conftest import NETWORK, Officer, git


def unshared(who: Officer) -> int:
    with Library(who.home) as lib:
        return actions.status(who.home, Registry(lib.catalog), NETWORK)["unshared"]


def test_nothing_waits_after_a_push_and_one_change_offline_is_one(tmp_path: Path) -> None:
    hub = actions.init_network(tmp_path / "share" / "hub.git", NETWORK, tmp_path / "no-hooks", bare=True)
    leeds = Officer(tmp_path / "leeds", hub.as_uri(), "Leeds")
    leeds.write("first", "shared")
    leeds.publish("first")
    assert leeds.sync().pushed == 1
    assert unshared(leeds) == 0
    (tmp_path / "share").rename(tmp_path / "share-unplugged")
    leeds.write("second", "written offline")
    leeds.publish("second")
    assert unshared(leeds) == 1
    report = leeds.sync()
    assert (report.ok, report.summary) == (False, "offline — 1 change(s) not yet shared")
    assert unshared(leeds) == 1


def test_deleting_the_last_case_is_shared(officer: Callable[[str, str], Officer], hub: Path) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("only", "the only case")
    leeds.publish("only")
    assert leeds.sync().pushed == 1
    (leeds.clone / "cases" / "leeds" / "only.md").unlink()
    (leeds.clone / "cases" / "leeds").rmdir()
    assert unshared(leeds) == 1
    report = leeds.sync()
    assert (report.ok, report.pushed) == (True, 1)
    assert git(hub, "ls-tree", "-r", "--name-only", "main").split() == [".casebook/network.yml", "README.md"]
    assert unshared(leeds) == 0
