"""One rule decides what may be in a network's tree: publishing, committing, sending and
receiving all use it, so no member sends what another would quarantine."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.errors import CasebookError
from sync.checks import MAX_PATH_BYTES, entry_problem
from tests.conftest import case_text
from tests.sync.conftest import Officer, git, hub_text
from tests.sync.test_hostile import _blob, _mktree, peer_checkout

CASE = case_text(title="Odd", sharing="network", body="## Lessons\n- ODD-FILE-TEXT\n")


def place_odd_files(folder: Path) -> None:
    """What a careless officer or a killed program leaves in the council's folder."""
    for name in ("con.md", "aux.md", ".DS_Store", "Thumbs.db", "notes.txt", "Report.MD", "dot.md.",
                 ".budget.md.k3j2h1.tmp", "COM0.md", "CONIN$.md"):
        (folder / name).write_text(CASE, "utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.md").write_text(CASE, "utf-8")
    (folder / "big.md").write_text(CASE + "x" * (1536 * 1024), "utf-8")
    if os.name != "nt":
        (folder / "link.md").symlink_to(folder / "notes.txt")


def test_what_one_member_cannot_take_in_another_never_sends(officer: Callable[[str, str], Officer],
                                                            hub: Path) -> None:
    sender, receiver = officer("leeds", "Leeds"), officer("hackney", "Hackney")
    sender.write("fine", "a fine case")
    sender.publish("fine")
    place_odd_files(sender.clone / "cases" / "leeds")
    sent = sender.sync()
    assert sent.pushed == 1
    assert "ODD-FILE-TEXT" not in hub_text(hub)
    received = receiver.sync()
    assert (received.ok, received.quarantined, received.pulled) == (True, [], 1)


@pytest.mark.parametrize("case_id", ["con", "aux", "lpt0"])
def test_publishing_a_case_peers_would_refuse_says_why(case_id: str,
                                                       officer: Callable[[str, str], Officer]) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write(case_id, "text", id=case_id)
    with pytest.raises(CasebookError, match=rf"cases/leeds/{case_id}\.md.*reserved name on Windows"):
        leeds.publish(case_id)
    assert not (leeds.clone / "cases" / "leeds" / f"{case_id}.md").exists()


def test_publishing_leaves_no_temporary_file_in_the_clone(officer: Callable[[str, str], Officer]) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("case", "text")
    leeds.publish("case")
    assert git(leeds.clone, "status", "--porcelain", "--ignored", "--untracked-files=all") == ""


REFUSED = {
    "cases/leeds/con.md": "'con.md' is a reserved name on Windows",
    "cases/leeds/COM0.md": "'COM0.md' is a reserved name on Windows",
    "cases/leeds/LPT0.md": "'LPT0.md' is a reserved name on Windows",
    "cases/leeds/com\u00b9.md": "'com\u00b9.md' is a reserved name on Windows",
    "cases/leeds/LPT\u00b3.md": "'LPT\u00b3.md' is a reserved name on Windows",
    "cases/leeds/CONIN$.md": "'CONIN$.md' is a reserved name on Windows",
    "cases/leeds/CONOUT$.md": "'CONOUT$.md' is a reserved name on Windows",
    "cases/leeds/CLOCK$.md": "'CLOCK$.md' is a reserved name on Windows",
    "cases/leeds/dot.md.": "'dot.md.' is not a safe file or folder name",
    "cases/leeds/Report.MD": "not a case: case files are named <id>.md in lower case",
    "cases/leeds/notes.txt": "not a case: case files are named <id>.md in lower case",
    "cases/leeds/.DS_Store": "not a case: case files are named <id>.md in lower case",
    "cases/leeds/sub/inner.md": "not a case: only cases/<council>/<id>.md, .casebook/ and the hub's own files "
                                "(README, LICENSE, CI settings) belong in a network",
    "cases/leeds/" + "a" * 300 + ".md": f"the path is longer than {MAX_PATH_BYTES} bytes, too long for Windows "
                                        "once inside a member's clone",
    ".gitattributes": "git control files (.gitattributes, .gitmodules, .git) are not accepted",
    ".gitmodules": "git control files (.gitattributes, .gitmodules, .git) are not accepted",
    "run-me.sh": "not a case: only cases/<council>/<id>.md, .casebook/ and the hub's own files "
                 "(README, LICENSE, CI settings) belong in a network",
}
ACCEPTED = ["cases/leeds/roads.md", "cases/leeds/roads.conflict-20261130T034050Z.md",
            "cases/leeds/roads.conflict-20261130T034050Z-2.md", ".casebook/network.yml", "README.md", "LICENSE",
            "LICENSE.md", "LICENSE.txt", ".gitignore", ".github/workflows/check.yml", ".gitlab-ci.yml",
            ".gitea/workflows/check.yaml", "CONTRIBUTING.md", "CODEOWNERS"]


def test_the_rule_for_paths() -> None:
    assert {path: entry_problem(path, "100644", 10) for path in REFUSED} == REFUSED
    assert [entry_problem(path, "100644", 10) for path in ACCEPTED] == [None] * len(ACCEPTED)


def test_the_rule_for_kinds_and_sizes() -> None:
    path = "cases/leeds/roads.md"
    assert [entry_problem(path, mode, 10) for mode in ("120000", "160000", "040000", "100755")] == [
        "symbolic links are not accepted", "submodules are not accepted", "unexpected kind of file (mode 040000)",
        None]
    assert entry_problem(path, "100644", 1536 * 1024) == "file is 1.5 MiB; the limit is 1 MiB"
    assert entry_problem(path, "100644", 1024 * 1024) is None


def test_the_longest_path_fits_windows_with_a_realistic_clone_prefix() -> None:
    """C:\\Users\\<20 letters>\\AppData\\Local\\casebook\\networks\\<30 letters>\\ then the path, then a
    conflict copy's suffix, within Windows' 260 characters."""
    prefix = "C:\\Users\\" + "u" * 20 + "\\AppData\\Local\\casebook\\networks\\" + "n" * 30 + "\\"
    suffix = ".conflict-20261130T034050Z-99"
    assert len(prefix) + MAX_PATH_BYTES + len(suffix) < 260
    longest = "cases/leeds/" + "a" * (MAX_PATH_BYTES - len("cases/leeds/.md")) + ".md"
    assert entry_problem(longest, "100644", 10) is None
    assert entry_problem(longest.replace("a", "ab", 1), "100644", 10) is not None


def test_a_problem_fixed_later_in_history_stops_blocking(tmp_path: Path, hub: Path,
                                                         officer: Callable[[str, str], Officer]) -> None:
    leeds = officer("leeds", "Leeds")
    work = peer_checkout(tmp_path, hub)
    folder = work / "cases" / "evil"
    folder.mkdir(parents=True)
    (folder / "keys.md").symlink_to(Path.home())
    (folder / "COM1.md").write_text(CASE)
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "bad")
    git(work, "push", "--quiet", "origin", "HEAD:main")
    assert leeds.sync().quarantined
    git(work, "rm", "--quiet", "cases/evil/keys.md", "cases/evil/COM1.md")
    folder.mkdir(parents=True)
    (folder / "good.md").write_text(CASE)
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "fixed")
    git(work, "push", "--quiet", "origin", "HEAD:main")
    report = leeds.sync()
    assert (report.ok, report.quarantined) == (True, [])
    assert (leeds.clone / "cases" / "evil" / "good.md").read_text() == CASE


def test_a_name_clash_is_judged_against_what_the_merge_would_hold(tmp_path: Path, hub: Path,
                                                                  officer: Callable[[str, str], Officer]) -> None:
    leeds = officer("leeds", "Leeds")
    leeds.write("report", "mine, not yet shared")
    leeds.publish("report")
    work = peer_checkout(tmp_path, hub)
    (work / "cases" / "leeds").mkdir(parents=True)
    (work / "cases" / "leeds" / "Report.md").write_text(CASE)
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "clash")
    git(work, "push", "--quiet", "origin", "HEAD:main")
    report = leeds.sync()
    assert ("cases/leeds/report.md", "has the same name as cases/leeds/Report.md on Windows and macOS") in {
        (f.path, f.reason) for f in report.quarantined}
    assert git(hub, "ls-tree", "-r", "--name-only", "main", "cases/leeds").split() == ["cases/leeds/Report.md"]


def test_a_file_taken_in_under_older_rules_does_not_block_later_changes(
        tmp_path: Path, hub: Path, officer: Callable[[str, str], Officer]) -> None:
    leeds = officer("leeds", "Leeds")
    work = peer_checkout(tmp_path, hub)
    (work / "cases" / "evil").mkdir(parents=True)
    (work / "cases" / "evil" / "notes.txt").write_text("taken in by an older Casebook\n")
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "legacy")
    git(work, "push", "--quiet", "origin", "HEAD:main")
    git(leeds.clone, "pull", "--quiet", hub.as_uri(), "main")
    (work / "cases" / "evil" / "good.md").write_text(CASE)
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "a good case")
    git(work, "push", "--quiet", "origin", "HEAD:main")
    report = leeds.sync()
    assert (report.ok, report.quarantined, report.pulled) == (True, [], 1)


@pytest.mark.parametrize("name", ["COM0.md", "LPT\u00b3.md", "CONIN$.md", "CLOCK$.md", "b" * 300 + ".md",
                                  "c" * 120 + ".md"])
def test_a_name_a_file_system_cannot_hold_is_quarantined(name: str, tmp_path: Path, hub: Path,
                                                         officer: Callable[[str, str], Officer]) -> None:
    """Written with git's plumbing, as a peer could, since no file system here may hold some of them."""
    leeds = officer("leeds", "Leeds")
    work = peer_checkout(tmp_path, hub)
    folder = _mktree(work, f"100644 blob {_blob(work, CASE.encode())}\t{name}\n")
    cases = _mktree(work, f"040000 tree {folder}\tevil\n")
    listing = git(work, "ls-tree", "HEAD")
    commit = git(work, "commit-tree", _mktree(work, listing + f"040000 tree {cases}\tcases\n"), "-p", "HEAD",
                 "-m", "odd name").strip()
    git(work, "push", "--quiet", "origin", f"{commit}:refs/heads/main")
    report = leeds.sync()
    assert [f.path for f in report.quarantined] == [f"cases/evil/{name}"]
    assert not (leeds.clone / "cases" / "evil").exists()
