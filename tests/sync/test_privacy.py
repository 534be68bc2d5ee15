"""Nothing internal leaves, whatever its name; one blocked file never blocks the rest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.cli import main
from casebook.library import Library
from sync import actions
from sync.networks import Registry
from tests.conftest import case_text
from tests.sync.conftest import NETWORK, Officer, git, hub_text

SECRET = "SECRET-BUDGET-LINE"
NOT_CASES = ["budget.MD", "secret.markdown", "secret.md.bak", "notes.txt", "digest.html", "digest.pdf"]


def internal_text(title: str = "Budget") -> str:
    return case_text(title=title, sharing="internal", body=f"## Lessons\n- {SECRET}\n")


def test_files_that_are_not_cases_never_leave_and_stay_on_disk(officer: Callable[[str, str], Officer],
                                                             hub: Path) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("shared", "a shared lesson")
    leeds.publish("shared")
    folder = leeds.clone / "cases" / "leeds"
    for name in NOT_CASES:
        (folder / name).write_text(internal_text(), "utf-8")
    report = leeds.sync()
    assert report.pushed == 1
    assert SECRET not in hub_text(hub)
    assert sorted(f.path for f in report.left_out) == [f"cases/leeds/{name}" for name in sorted(NOT_CASES)]
    assert git(leeds.clone, "ls-files", "cases").split() == ["cases/leeds/shared.md"]
    assert all(SECRET in (folder / name).read_text("utf-8") for name in NOT_CASES)
    with Library(leeds.home) as lib:  # what stays here is not counted as waiting to be shared
        assert actions.status(leeds.home, Registry(lib.catalog), NETWORK)["unshared"] == 0


def test_an_internal_commit_does_not_block_what_comes_after(officer: Callable[[str, str], Officer],
                                                            hub: Path) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("draft", "the shared draft")
    leeds.publish("draft")
    assert leeds.sync().ok
    copy = leeds.clone / "cases" / "leeds" / "draft.md"
    copy.write_text(internal_text("Draft"), "utf-8")
    leeds.write("other", "an unrelated case")
    leeds.publish("other")
    report = leeds.sync()
    assert [(f.path, f.reason) for f in report.blocked] == [
        ("cases/leeds/draft.md", "is internal (sharing is not network or public)")]
    assert report.pushed == 1
    assert SECRET not in hub_text(hub)
    assert "an unrelated case" in git(hub, "show", "main:cases/leeds/other.md")
    assert "the shared draft" in copy.read_text("utf-8")
    kept = [p for p in leeds.home.library.glob("draft*.md") if SECRET in p.read_text("utf-8")]
    assert len(kept) == 1
    leeds.write("draft", "the draft shared again")
    leeds.publish("draft")
    assert not any(SECRET in t for t in leeds.tree_texts())
    again = leeds.sync()
    assert (again.ok, again.pushed, again.blocked) == (True, 1, [])
    assert "the draft shared again" in git(hub, "show", "main:cases/leeds/draft.md")
    assert SECRET not in hub_text(hub)


def test_a_case_made_internal_in_the_clone_is_kept_back_and_kept_in_the_library(
        officer: Callable[[str, str], Officer], hub: Path) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("secret", "first")
    leeds.publish("secret")
    copy = leeds.clone / "cases" / "leeds" / "secret.md"
    copy.write_text(internal_text(), "utf-8")
    before = git(hub, "rev-parse", "main")
    report = leeds.sync()
    assert not report.ok and report.summary.startswith("kept back: cases/leeds/secret.md")
    assert git(hub, "rev-parse", "main") == before
    assert not copy.exists()
    assert [p.read_text("utf-8") for p in leeds.home.library.glob("secret*.md") if SECRET in p.read_text()] == [
        internal_text()]
    assert leeds.sync().ok


def test_publishing_over_an_internal_edit_keeps_it_in_the_library_not_in_a_conflict_copy(
        officer: Callable[[str, str], Officer], hub: Path) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("plan", "the shared plan")
    leeds.publish("plan")
    (leeds.clone / "cases" / "leeds" / "plan.md").write_text(internal_text("Plan"), "utf-8")
    leeds.write("plan", "the plan shared again")
    leeds.publish("plan")
    assert [t for t in leeds.tree_texts() if SECRET in t] == []
    assert leeds.registry_rows("conflicts") == []
    kept = [p.name for p in leeds.home.library.glob("*.md") if SECRET in p.read_text("utf-8")]
    assert len(kept) == 1 and kept[0].startswith("plan.conflict-")
    assert leeds.sync().ok
    assert SECRET not in hub_text(hub)


def test_the_sync_command_says_what_was_kept_back_and_what_stays(officer: Callable[[str, str], Officer],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("secret", "first")
    leeds.publish("secret")
    folder = leeds.clone / "cases" / "leeds"
    (folder / "secret.md").write_text(internal_text(), "utf-8")
    (folder / "notes.txt").write_text("my notes\n", "utf-8")
    capsys.readouterr()
    assert main(["sync", NETWORK, "--home", str(leeds.home.root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        "north: kept back: cases/leeds/secret.md: is internal (sharing is not network or public) (kept in your "
        "library) — 0 case file(s) received, 0 shared",
        "  kept back: cases/leeds/secret.md: is internal (sharing is not network or public)",
        "  stays on this computer: cases/leeds/notes.txt: not a case: case files are named <id>.md in lower case"]


def test_a_shared_case_that_breaks_the_rule_later_stays_on_the_hub(officer: Callable[[str, str], Officer],
                                                                  hub: Path) -> None:
    """Grown past the size limit in the clone, a case already shared keeps its shared version on the
    network (it is not deleted there for every council); the big version stays on this computer."""
    leeds = officer("leeds", "Leeds")
    leeds.write("roads", "the shared words")
    leeds.publish("roads")
    assert leeds.sync().ok
    case = leeds.clone / "cases" / "leeds" / "roads.md"
    case.write_text(case.read_text("utf-8") + "x" * (1024 * 1024 + 10), "utf-8")
    report = leeds.sync()
    assert (report.pushed, [f.path for f in report.left_out]) == (0, ["cases/leeds/roads.md"])
    assert "the shared words" in git(hub, "show", "main:cases/leeds/roads.md")
    assert case.stat().st_size > 1024 * 1024
