"""A hostile peer pushes things no council should take in: each is quarantined, the working tree
is not touched, and the rest of the sync is still reported. Hooks planted anywhere never run."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook.home import Home
from sync import actions
from tests.sync.conftest import Officer, git

HOSTILE = ["symlink", "dotdot", "huge", "gitattributes", "submodule", "case-collision", "outside"]


def peer_checkout(tmp_path: Path, hub: Path) -> Path:
    work = tmp_path / "peer"
    git(tmp_path, "clone", "--quiet", hub.as_uri(), str(work))
    return work


def push_hostile(work: Path, kind: str) -> None:
    folder = work / "cases" / "evil"
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "symlink":
        (folder / "keys.md").symlink_to(Path.home() / ".ssh")
    elif kind == "huge":
        (folder / "big.md").write_bytes(b"---\ntitle: big\n---\n" + b"x" * (50 * 1024 * 1024))
    elif kind == "gitattributes":
        (work / ".gitattributes").write_text("*.md filter=evil\n")
    elif kind == "submodule":
        blob = "0123456789abcdef0123456789abcdef01234567"
        git(work, "update-index", "--add", "--cacheinfo", f"160000,{blob},cases/evil/sub")
    elif kind == "case-collision":
        (folder / "case.md").write_text("---\ntitle: a\n---\n")
        (folder / "Case.md").write_text("---\ntitle: b\n---\n")
    elif kind == "outside":
        (work / "run-me.sh").write_text("echo hi\n")
    if kind == "dotdot":
        _commit_dotdot_tree(work)
    else:
        if kind != "submodule":
            git(work, "add", "--all")
        git(work, "commit", "--quiet", "--no-verify", "-m", f"hostile {kind}")
    git(work, "push", "--quiet", "--no-verify", "origin", "HEAD:main")


def _commit_dotdot_tree(work: Path) -> None:
    """A tree entry named '..' cannot be made with `git add`; a peer can write it by hand."""
    blob = _blob(work, b"escaped\n")
    inner = _mktree(work, f"100644 blob {blob}\tescape.md\n")
    evil = _mktree(work, f"040000 tree {inner}\t..\n")
    cases = _mktree(work, f"040000 tree {evil}\tevil\n")
    head_tree = git(work, "rev-parse", "HEAD^{tree}").strip()
    listing = git(work, "ls-tree", head_tree)
    root = _mktree(work, listing + f"040000 tree {cases}\tcases\n")
    commit = git(work, "commit-tree", root, "-p", "HEAD", "-m", "hostile dotdot").strip()
    git(work, "update-ref", "HEAD", commit)


def _blob(work: Path, data: bytes) -> str:
    return subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=work, input=data, capture_output=True,
                          check=True).stdout.decode().strip()


def _mktree(work: Path, listing: str) -> str:
    return subprocess.run(["git", "mktree"], cwd=work, input=listing.encode(), capture_output=True,
                          check=True).stdout.decode().strip()


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_push_is_quarantined(kind: str, tmp_path: Path, hub: Path,
                                     officer: Callable[[str, str], Officer]) -> None:
    if kind == "symlink" and os.name == "nt":
        pytest.skip("symlinks need privileges on Windows")
    honest = officer("leeds", "Leeds")
    honest.write("mine", "my own lesson")
    honest.publish("mine")
    honest.sync()
    honest.write("mine", "my newer lesson")
    honest.publish("mine")
    before = sorted(p.relative_to(honest.clone).as_posix() for p in honest.clone.rglob("*") if ".git" not in p.parts)
    push_hostile(peer_checkout(tmp_path, hub), kind)
    report = honest.sync()
    assert not report.ok
    assert report.quarantined, report.summary
    assert "none were taken in" in report.summary and "1 change(s) not yet shared" in report.summary
    after = sorted(p.relative_to(honest.clone).as_posix() for p in honest.clone.rglob("*") if ".git" not in p.parts)
    assert after == before
    assert "my newer lesson" in (honest.clone / "cases" / "leeds" / "mine.md").read_text()
    assert honest.registry_rows("quarantined")
    assert not (honest.clone / "cases" / "evil").exists()


def test_quarantine_reasons_name_the_problem(tmp_path: Path, hub: Path,
                                            officer: Callable[[str, str], Officer]) -> None:
    honest = officer("leeds", "Leeds")
    work = peer_checkout(tmp_path, hub)
    for kind in ("symlink", "gitattributes", "case-collision", "outside"):
        push_hostile(work, kind)
    reasons = {(f.path, f.reason) for f in honest.sync().quarantined}
    assert reasons >= {
        ("cases/evil/keys.md", "symbolic links are not accepted"),
        (".gitattributes", "git control files (.gitattributes, .gitmodules, .git) are not accepted"),
        ("run-me.sh", "not a case: only cases/<council>/<id>.md, .casebook/ and the hub's own files (README, "
                      "LICENSE, CI settings) belong in a network"),
        ("cases/evil/case.md", "has the same name as cases/evil/Case.md on Windows and macOS"),
    }


def test_planted_hooks_and_fsmonitor_never_run(tmp_path: Path, hub: Path,
                                               officer: Callable[[str, str], Officer]) -> None:
    marker = tmp_path / "hook-ran"
    script = f"#!/bin/sh\ntouch '{marker}'\n"
    leeds = officer("leeds", "Leeds")
    for name in ("pre-commit", "commit-msg", "post-commit", "post-merge", "pre-push", "post-checkout",
                 "reference-transaction", "pre-merge-commit"):
        hook = leeds.clone / ".git" / "hooks" / name
        hook.write_text(script)
        hook.chmod(0o755)
    monitor = tmp_path / "monitor.sh"
    monitor.write_text(script)
    monitor.chmod(0o755)
    git(leeds.clone, "config", "core.fsmonitor", str(monitor))
    for name in ("pre-receive", "update", "post-receive", "post-update", "reference-transaction"):
        hook = hub / "hooks" / name
        hook.write_text(script)
        hook.chmod(0o755)
    leeds.write("case", "text")
    leeds.publish("case")
    report = leeds.sync()
    assert report.ok and report.pushed == 1
    assert not marker.exists()


def test_network_check_refuses_each_hostile_commit_and_accepts_a_good_one(
        tmp_path: Path, hub: Path, officer: Callable[[str, str], Officer]) -> None:
    home = Home(tmp_path / "maintainer").ensure()
    hooks = home.root / "sync" / "no-hooks"
    work = peer_checkout(tmp_path, hub)
    base = git(work, "rev-parse", "HEAD").strip()
    (work / "cases" / "leeds").mkdir(parents=True)
    (work / "cases" / "leeds" / "good.md").write_text(
        "---\ntitle: Good\ncouncil: Leeds\noutcome: success\nsummary: S\nsharing: network\n---\nBody\n")
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "good case")
    good = git(work, "rev-parse", "HEAD").strip()
    assert actions.check(work, base, good, hooks) == []
    (work / "cases" / "leeds" / "internal.md").write_text("---\ntitle: Secret\ncouncil: Leeds\noutcome: mixed\n"
                                                          "summary: S\n---\nBody\n")
    git(work, "add", "--all")
    git(work, "commit", "--quiet", "-m", "internal case")
    internal = git(work, "rev-parse", "HEAD").strip()
    assert [f.reason for f in actions.check(work, good, internal, hooks)] == [
        "is internal (sharing is not network or public)"]
    for kind in ("symlink", "huge", "gitattributes", "submodule", "case-collision", "outside", "dotdot"):
        before = git(work, "rev-parse", "HEAD").strip()
        push_hostile(work, kind)
        findings = actions.check(work, before, "HEAD", hooks)
        assert findings, kind
