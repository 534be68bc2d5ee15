"""The conflict inbox from the command line: `casebook conflicts` lists what was kept side by
side, `casebook resolve ID --keep mine|theirs|both` settles it, and the next sync shares it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.cli import main
from casebook.library import Library
from sync import inbox
from sync.networks import Registry
from tests.sync.conftest import Officer, edits_that_meet, git


def clash(officer: Callable[[str, str], Officer]) -> Officer:
    """Leeds and a colleague edit the published bins-pilot; Leeds's sync keeps both."""
    leeds = edits_that_meet(officer)
    assert len(leeds.sync().conflicts) == 1
    return leeds


def cli(capsys: pytest.CaptureFixture[str], officer: Officer, *argv: str) -> str:
    assert main([*argv, "--home", str(officer.home.root)]) == 0
    return capsys.readouterr().out


def hub_case(hub: Path) -> str:
    return git(hub, "show", "main:cases/leeds/bins-pilot.md")


@pytest.mark.parametrize(("keep", "words"), [("mine", "my words"), ("theirs", "colleague words")])
def test_resolve_keeps_one_version_and_shares_it(officer: Callable[[str, str], Officer], hub: Path,
                                                capsys: pytest.CaptureFixture[str], keep: str, words: str) -> None:
    leeds = clash(officer)
    listed = json.loads(cli(capsys, leeds, "conflicts", "--json"))
    assert [(c["network"], c["path"]) for c in listed] == [("north", "cases/leeds/bins-pilot.md")]
    conflict_id = listed[0]["id"]
    assert conflict_id.startswith("bins-pilot.conflict-")
    said = cli(capsys, leeds, "resolve", conflict_id, "--keep", keep)
    assert said == f"Kept {keep} for cases/leeds/bins-pilot.md; shared at the next `casebook sync north`.\n"
    assert cli(capsys, leeds, "conflicts") == "0 conflict(s)\n"
    assert leeds.sync().ok
    assert words in hub_case(hub)
    assert git(hub, "ls-tree", "--name-only", "main", "cases/leeds/").split() == ["cases/leeds/bins-pilot.md"]
    assert words in (leeds.home.library / "bins-pilot.md").read_text()
    assert (leeds.sync().pushed, leeds.search("words")) == (0, [("bins-pilot", "library")])


def test_keep_both_makes_the_copy_a_case_of_its_own_and_shares_it(
        officer: Callable[[str, str], Officer], hub: Path, capsys: pytest.CaptureFixture[str]) -> None:
    leeds = clash(officer)
    conflict_id = json.loads(cli(capsys, leeds, "conflicts", "--json"))[0]["id"]
    cli(capsys, leeds, "resolve", conflict_id, "--keep", "both")
    assert leeds.registry_rows("conflicts") == []
    assert leeds.sync().ok
    assert git(hub, "ls-tree", "--name-only", "main", "cases/leeds/").split() == [
        "cases/leeds/bins-pilot-2.md", "cases/leeds/bins-pilot.md"]
    assert git(hub, "show", "main:cases/leeds/bins-pilot-2.md") == (
        "---\ntitle: bins pilot\ncouncil: Test Borough Council\noutcome: success\nsummary: A short summary.\n"
        "sharing: network\nid: bins-pilot-2\n---\n## Lessons\n- my words\n")
    assert main(["resolve", conflict_id, "--keep", "mine", "--home", str(leeds.home.root)]) == 2
    assert f"no conflict '{conflict_id}'" in capsys.readouterr().err


def test_sync_says_where_your_version_is_and_how_to_resolve(officer: Callable[[str, str], Officer],
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    leeds = edits_that_meet(officer)
    with Library(leeds.home) as lib:
        lib.update()
    lines = cli(capsys, leeds, "sync", "north").splitlines()
    [copy] = [row["copy"] for row in leeds.registry_rows("conflicts")]
    assert lines[:2] == ["north: 1 case file(s) received, 0 shared, 1 conflict(s) kept side by side",
                         f"  conflict: your version is kept on this computer only, as {copy} "
                         "(casebook resolve bins-pilot --keep mine|theirs|both)"]


def test_resolve_takes_the_case_id(officer: Callable[[str, str], Officer], hub: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    leeds = clash(officer)
    said = cli(capsys, leeds, "resolve", "bins-pilot", "--keep", "mine")
    assert said == "Kept mine for cases/leeds/bins-pilot.md; shared at the next `casebook sync north`.\n"
    assert leeds.sync().ok
    assert "my words" in hub_case(hub)


def test_a_case_with_two_conflicts_is_named_plainly(officer: Callable[[str, str], Officer],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    leeds = clash(officer)
    [first] = leeds.registry_rows("conflicts")
    second = first["copy"].replace(".md", "-2.md")
    (leeds.clone / second).write_text((leeds.clone / first["copy"]).read_text())
    with Library(leeds.home) as lib:
        Registry(lib.catalog).conflict("north", first["path"], second)
    assert main(["resolve", "bins-pilot", "--keep", "mine", "--home", str(leeds.home.root)]) == 2
    first_id, second_id = Path(first["copy"]).stem, Path(second).stem
    assert capsys.readouterr().err == (f"casebook: 'bins-pilot' has 2 conflicts: {first_id} (north), {second_id} "
                                       "(north); resolve them one at a time by these names\n")
    cli(capsys, leeds, "resolve", second_id, "--keep", "theirs")
    assert [c["copy"] for c in leeds.registry_rows("conflicts")] == [first["copy"]]


def test_a_merged_version_is_shared_and_kept_in_the_library(officer: Callable[[str, str], Officer],
                                                            hub: Path) -> None:
    leeds = clash(officer)
    with Library(leeds.home) as lib:
        registry = Registry(lib.catalog)
        [conflict] = inbox.conflicts(leeds.home, registry)
        merged = conflict.mine.replace("my words", "my words and colleague words")
        inbox.resolve(leeds.home, registry, conflict.id, "merged", merged)
    assert leeds.sync().ok
    assert "- my words and colleague words" in hub_case(hub)
    assert (leeds.home.library / "bins-pilot.md").read_text() == merged


def test_mine_is_the_library_text_when_a_sync_brought_the_other(officer: Callable[[str, str], Officer]) -> None:
    leeds, colleague = officer("leeds", "Leeds"), officer("colleague", "Leeds")
    leeds.write("bins-pilot", "first words")
    leeds.publish("bins-pilot")
    assert leeds.sync().ok and colleague.sync().ok
    copy = colleague.clone / "cases" / "leeds" / "bins-pilot.md"
    copy.write_text(copy.read_text().replace("first words", "colleague words"))
    assert colleague.sync().ok and leeds.sync().ok  # the colleague's text arrives; nothing clashes yet
    leeds.write("bins-pilot", "my words")
    assert leeds.sync().ok  # re-publishing meets the colleague's version: both kept
    with Library(leeds.home) as lib:
        [conflict] = inbox.conflicts(leeds.home, Registry(lib.catalog))
    assert ("- my words" in conflict.mine, "- colleague words" in conflict.theirs) == (True, True)
