"""A recovery point before every sync, kept 30 days, and `casebook sync --undo NAME`, which
brings the own folder back to it as a new commit without rewriting anything on the hub."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.cli import main
from sync import recovery
from sync.engine import Clone
from sync.networks import Network
from tests.sync.conftest import NETWORK, Officer, git


def test_undo_returns_the_own_folder_to_before_the_last_sync(officer: Callable[[str, str], Officer], hub: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    leeds, colleague = officer("leeds", "Leeds"), officer("colleague", "Leeds")
    leeds.write("bins-pilot", "first words")
    leeds.publish("bins-pilot")
    assert leeds.sync().ok and colleague.sync().ok
    case = "cases/leeds/bins-pilot.md"
    (colleague.clone / case).write_text((colleague.clone / case).read_text().replace("first", "overwritten"))
    assert colleague.sync().ok
    assert leeds.sync().pulled == 1
    assert "overwritten words" in (leeds.clone / case).read_text()
    hub_refs = git(hub, "for-each-ref")

    assert main(["sync", "--undo", NETWORK, "--home", str(leeds.home.root)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Your folder in {NETWORK} is back as it was at ")
    assert "first words" in (leeds.clone / case).read_text()
    assert git(hub, "for-each-ref") == hub_refs
    old_tip = git(hub, "rev-parse", "main").strip()
    report = leeds.sync()
    assert (report.ok, report.pushed) == (True, 1)
    assert "first words" in git(hub, "show", f"main:{case}")
    git(hub, "merge-base", "--is-ancestor", old_tip, "main")  # fails unless the old tip is kept


def test_points_older_than_30_days_are_dropped(officer: Callable[[str, str], Officer]) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("case")
    leeds.publish("case")
    clone = Clone(leeds.home, Network(NETWORK, leeds.url, "leeds"))
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    recovery.mark(clone, now - dt.timedelta(days=31))
    recovery.mark(clone, now - dt.timedelta(days=29))
    recovery.mark(clone, now)
    assert [ref for ref, _ in recovery.points(clone)] == [
        "refs/casebook/recovery/20261130T120000000000Z", "refs/casebook/recovery/20261101T120000000000Z"]


def test_undo_without_a_recovery_point_says_so(officer: Callable[[str, str], Officer],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    leeds = officer("leeds", "Leeds")
    assert main(["sync", "--undo", NETWORK, "--home", str(leeds.home.root)]) == 2
    assert "'north' has no recovery point yet" in capsys.readouterr().err
