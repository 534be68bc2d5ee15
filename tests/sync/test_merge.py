"""Every shape of conflict between two officers of one council resolves: no markers, no merge
left half done, every text kept (the network's version keeps the name, ours sits beside it)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.library import Library
from sync import engine
from sync.networks import Registry
from tests.conftest import case_text
from tests.sync.conftest import NETWORK, Officer, git

STAMP = re.compile(r"\.conflict-\d{8}T\d{6}Z(-\d+)?\.md$")
PARKS = "\n".join(f"- Lesson {n}: the parks team kept the survey short and asked in person." for n in range(12))


def case(title: str, body: str) -> str:
    return case_text(title=title, council="Leeds", sharing="network", body=f"{body}\n")


def put(who: Officer, name: str, text: str) -> None:
    (who.clone / "cases" / "leeds" / name).write_text(text, "utf-8")


def files(who: Officer) -> dict[str, str]:
    """Every file of the council's folder, conflict copies named `<slug>.conflict-STAMP.md`."""
    folder = who.clone / "cases" / "leeds"
    return {STAMP.sub(".conflict-STAMP.md", p.name): p.read_text("utf-8") for p in sorted(folder.glob("*"))}


def assert_settled(*officers: Officer) -> None:
    """No merge left, no markers, and every clone holds the same files but the conflict copies,
    which stay on the computer that met the conflict."""
    for who in officers:
        assert not (who.clone / ".git" / "MERGE_HEAD").exists()
        assert git(who.clone, "status", "--porcelain", "--untracked-files=no") == ""
        assert not any("<<<<<<<" in t or ">>>>>>>" in t for t in files(who).values())
    shared = [{name: text for name, text in files(who).items() if ".conflict-" not in name} for who in officers]
    assert all(tree == shared[0] for tree in shared)


@pytest.fixture
def pair(officer: Callable[[str, str], Officer]) -> tuple[Officer, Officer]:
    """Two officers of Leeds who both have `x.md` ("base")."""
    one, two = officer("leeds-1", "Leeds"), officer("leeds-2", "Leeds")
    put(one, "x.md", case("X", "base"))
    assert one.sync().ok and two.sync().ok
    return one, two


def sync_all(one: Officer, two: Officer) -> None:
    for who in (one, two, one):
        report = who.sync()
        assert report.ok, report.summary


def test_a_deleted_case_and_a_similar_new_one_are_not_a_rename(officer: Callable[[str, str], Officer]) -> None:
    one, two = officer("leeds-1", "Leeds"), officer("leeds-2", "Leeds")
    put(one, "parks.md", case("Parks survey", PARKS))
    assert one.sync().ok and two.sync().ok
    (one.clone / "cases" / "leeds" / "parks.md").unlink()
    put(one, "roads.md", case("Roads survey", PARKS))
    put(two, "parks.md", case("Parks survey", PARKS + "\n- B's edit: ask again in spring."))
    sync_all(one, two)
    assert files(one) == {"parks.md": case("Parks survey", PARKS + "\n- B's edit: ask again in spring."),
                          "roads.md": case("Roads survey", PARKS)}
    assert_settled(one, two)


def test_modify_and_delete_keeps_the_edit(pair: tuple[Officer, Officer]) -> None:
    one, two = pair
    put(one, "x.md", case("X", "one's edit"))
    (two.clone / "cases" / "leeds" / "x.md").unlink()
    sync_all(one, two)
    assert files(one) == {"x.md": case("X", "one's edit")}
    assert_settled(one, two)


def test_rename_and_delete_keeps_the_renamed_case(pair: tuple[Officer, Officer]) -> None:
    one, two = pair
    (one.clone / "cases" / "leeds" / "x.md").rename(one.clone / "cases" / "leeds" / "y.md")
    (two.clone / "cases" / "leeds" / "x.md").unlink()
    sync_all(one, two)
    assert files(one) == {"y.md": case("X", "base")}
    assert_settled(one, two)


def test_two_officers_rename_and_edit_the_same_case_differently(pair: tuple[Officer, Officer]) -> None:
    one, two = pair
    (one.clone / "cases" / "leeds" / "x.md").rename(one.clone / "cases" / "leeds" / "y.md")
    put(one, "y.md", case("X", "one renamed it y"))
    (two.clone / "cases" / "leeds" / "x.md").rename(two.clone / "cases" / "leeds" / "z.md")
    put(two, "z.md", case("X", "two renamed it z"))
    sync_all(one, two)
    assert files(one) == {"y.md": case("X", "one renamed it y"), "z.md": case("X", "two renamed it z")}
    assert_settled(one, two)


def test_both_add_the_same_name(pair: tuple[Officer, Officer]) -> None:
    one, two = pair
    put(one, "new.md", case("New", "one's new case"))
    put(two, "new.md", case("New", "two's new case"))
    sync_all(one, two)
    assert files(one) == {"new.md": case("New", "one's new case"), "x.md": case("X", "base")}
    assert files(two) == {"new.conflict-STAMP.md": case("New", "two's new case"),
                          "new.md": case("New", "one's new case"), "x.md": case("X", "base")}
    assert [c["path"] for c in two.registry_rows("conflicts")] == ["cases/leeds/new.md"]
    assert_settled(one, two)


def test_both_delete_the_same_case(pair: tuple[Officer, Officer], hub: Path) -> None:
    one, two = pair
    put(one, "keep.md", case("Keep", "kept"))
    assert one.sync().ok and two.sync().ok
    for who in (one, two):
        (who.clone / "cases" / "leeds" / "x.md").unlink()
    sync_all(one, two)
    assert files(one) == {"keep.md": case("Keep", "kept")}
    assert git(hub, "ls-tree", "-r", "--name-only", "main", "cases").split() == ["cases/leeds/keep.md"]
    assert_settled(one, two)


def test_a_merge_not_yet_shared_is_judged_by_what_it_wrote_not_what_it_took_in(
        officer: Callable[[str, str], Officer]) -> None:
    """A sync cut off between its merge and its push leaves a merge that took in a peer's case; once the
    peer changes that case again, the merge must still leave (it wrote nothing outside Leeds' folder),
    and nothing of the peer's is kept back into Leeds' library (found by the kill test)."""
    leeds, hackney = officer("leeds", "Leeds"), officer("hackney", "Hackney")
    hackney.write("parks", "first words")
    hackney.publish("parks")
    assert hackney.sync().ok
    leeds.write("roads")
    leeds.publish("roads")
    with Library(leeds.home) as lib:
        registry = Registry(lib.catalog)
        clone = engine.Clone(leeds.home, registry.require(NETWORK))
        with clone.lock():
            clone.commit_local("Cases of Leeds")
            engine._merge(clone, registry, clone.rev("HEAD"), clone.fetch())
    hackney.write("parks", "second words")
    hackney.publish("parks")
    assert hackney.sync().ok
    report = leeds.sync()
    assert (report.ok, report.blocked, report.pushed) == (True, [], 1)
    assert sorted(p.name for p in leeds.home.library.glob("*.md")) == ["roads.md"]
    assert "second words" in (leeds.clone / "cases/hackney/parks.md").read_text("utf-8")
