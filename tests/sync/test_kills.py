"""Fault injection: a real `casebook sync` process is killed (SIGKILL) at a seeded random git call,
sometimes with that git, sometimes leaving it to finish; then the officers carry on. Afterwards
every officer's last word on every case is in every clone, or in a conflict copy waiting in an
officer's inbox (copies never leave their computer), no file holds markers, nothing is stuck, and
the trees are equal. 20 kills by default, 100 with --slow."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sync import recovery
from tests.sync.conftest import NETWORK, Officer, git

ROOT = Path(__file__).resolve().parents[2]
CASES = {"Leeds": ["roads", "bins"], "Hackney": ["parks"]}
#: Stands in for git on the killed process's PATH: counts the calls that write (a sync makes 8-12
#: of them among 40-60 calls) and, at the KILL_AT-th, kills the casebook process before the call
#: (mode 0), during it together with the git (1), or during it leaving the git to finish (2).
GIT_WRAPPER = """#!/bin/sh
sub=""; skip=0
for arg in "$@"; do
    if [ "$skip" = 1 ]; then skip=0; continue; fi
    case "$arg" in -c) skip=1 ;; -*) ;; *) sub="$arg"; break ;; esac
done
case "$sub" in
    add|commit|checkout|fetch|merge|push|read-tree|receive-pack|update-ref) ;;
    *) exec "$REAL_GIT" "$@" ;;
esac
count=$(( $(cat "$KILL_COUNT") + 1 ))
echo "$count" > "$KILL_COUNT"
[ "$count" -ne "$KILL_AT" ] && exec "$REAL_GIT" "$@"
if [ "$KILL_MODE" -eq 0 ]; then
    kill -9 "$(cat "$KILL_PID")"
else
    "$REAL_GIT" "$@" >/dev/null 2>&1 &
    [ "$KILL_DELAY" = 0 ] || sleep "$KILL_DELAY"
    kill -9 "$(cat "$KILL_PID")"
    if [ "$KILL_MODE" -eq 1 ]; then kill -9 $!; else wait $!; fi
fi
touch "$KILL_DONE"
exit 137
"""


class Killer:
    """Runs `casebook sync` for an officer with git wrapped, and kills it at a chosen git call."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        (folder / "bin").mkdir(parents=True)
        (folder / "bin" / "git").write_text(GIT_WRAPPER)
        (folder / "bin" / "git").chmod(0o755)
        self.real_git = shutil.which("git") or "git"

    def run(self, who: Officer, kill_at: int, mode: int, delay: float) -> bool:
        """True when the process was killed (False: it finished before the kill_at-th git call)."""
        files = {name: self.folder / name for name in ("count", "pid", "done")}
        files["count"].write_text("0")
        files["done"].unlink(missing_ok=True)
        env = {**os.environ, "PATH": f"{self.folder / 'bin'}{os.pathsep}{os.environ['PATH']}",
               "REAL_GIT": self.real_git, "KILL_AT": str(kill_at), "KILL_MODE": str(mode),
               "KILL_DELAY": str(delay), "KILL_COUNT": str(files["count"]), "KILL_PID": str(files["pid"]),
               "KILL_DONE": str(files["done"])}
        command = ["sh", "-c", 'echo $$ > "$KILL_PID"; exec "$@"', "sh", sys.executable, "-m", "casebook", "sync",
                   NETWORK, "--home", str(who.home.root)]
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)
        if done.returncode != -9:
            assert "Traceback" not in done.stderr, done.stderr
            return False
        deadline = time.monotonic() + 60
        while not files["done"].exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        return True


def leftovers(clone: Path) -> list[str]:
    """What a killed sync left for the next one to put right: git lock files, a merge in progress,
    changed files."""
    found = [p.name for p in (clone / ".git").rglob("*.lock")]
    found += [name for name in ("MERGE_HEAD", "refs/casebook/merging") if (clone / ".git" / name).exists()]
    return found + git(clone, "status", "--porcelain").splitlines()


def kills_wanted(config: pytest.Config) -> int:
    return 100 if config.getoption("--slow") else 20


def test_syncs_killed_at_random_git_calls_lose_nothing(officer: Callable[[str, str], Officer], tmp_path: Path,
                                                       request: pytest.FixtureRequest) -> None:
    rng = random.Random(2026)
    officers = [officer("leeds-1", "Leeds"), officer("leeds-2", "Leeds"), officer("hackney", "Hackney")]
    killer = Killer(tmp_path / "killer")
    last_word: dict[tuple[int, str], str] = {}
    kills, step, left_behind = 0, 0, 0
    while kills < kills_wanted(request.config):
        step += 1
        victim = rng.randrange(len(officers))
        for who in (rng.choice([n for n in range(len(officers)) if n != victim]), victim):
            case_id = rng.choice(CASES[officers[who].council])
            last_word[(who, case_id)] = f"step {step}: officer {who} on {case_id}"
            officers[who].write(case_id, last_word[(who, case_id)])
            officers[who].publish(case_id)
            if who != victim:
                assert officers[who].sync().ok
        killed = killer.run(officers[victim], rng.randint(1, 12), rng.randrange(3), rng.choice([0, 0.002, 0.01]))
        kills += killed
        left_behind += killed and bool(leftovers(officers[victim].clone))
        if rng.random() < 0.5:
            report = officers[victim].sync()
            assert report.ok, report.summary
    assert left_behind >= kills // 4  # the kills did leave locks, merges and changes behind to put right
    for _ in range(3):
        for person in officers:
            report = person.sync()
            assert report.ok, report.summary
    waiting = set().union(*(person.conflict_texts() for person in officers))
    for person in officers:
        texts = "\n".join(person.tree_texts(tracked=True) | waiting)
        assert "<<<<<<<" not in texts and ">>>>>>>" not in texts
        assert [t for t in last_word.values() if t not in texts] == []
        assert git(person.clone, "status", "--porcelain", "--untracked-files=no") == ""
        untracked = git(person.clone, "ls-files", "--others", "cases").split()
        assert [p for p in untracked if ".conflict-" not in p] == []
        assert list((person.clone / ".git").rglob("*.lock")) == []
        refs = git(person.clone, "for-each-ref", "--format=%(refname)", "refs/casebook").split()
        assert [r for r in refs if not r.startswith(recovery.PREFIX)] == ["refs/casebook/network"]
    trees = [git(o.clone, "ls-files", "cases").split() for o in officers]
    assert trees[0] == trees[1] == trees[2]
