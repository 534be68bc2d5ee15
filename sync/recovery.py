"""A recovery point before every sync, so that no sync is ever the last word on a text.

Each sync records the clone's HEAD, after local work is committed and before anything is taken
in, as `refs/casebook/recovery/<UTC time>`; points older than 30 days are dropped. `undo` brings
the own council's folder back to the latest point as a new commit: nothing is rewritten, here or
on the hub, and the next sync shares it like any edit (other councils' folders stay as they are:
only their own officers change them)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from casebook.errors import CasebookError
from casebook.home import Home
from sync import engine
from sync.networks import Registry

if TYPE_CHECKING:
    from sync.engine import Clone

PREFIX = "refs/casebook/recovery/"
KEEP = dt.timedelta(days=30)
STAMP = "%Y%m%dT%H%M%S%fZ"


def mark(clone: Clone, now: dt.datetime | None = None) -> str | None:
    """Record HEAD as a recovery point (None when there is no commit yet); drop old points."""
    head = clone.rev("HEAD")
    if head is None:
        return None
    now = now or dt.datetime.now(dt.UTC)
    ref = PREFIX + now.strftime(STAMP)
    clone.git("update-ref", ref, head)
    for old, _ in points(clone):
        if dt.datetime.strptime(old.removeprefix(PREFIX), STAMP).replace(tzinfo=dt.UTC) < now - KEEP:
            clone.git("update-ref", "-d", old)
    return ref


def points(clone: Clone) -> list[tuple[str, str]]:
    """(ref, commit) of every recovery point, newest first."""
    rows = clone.git.lines("for-each-ref", "--sort=-refname", "--format=%(refname) %(objectname)", PREFIX)
    return [tuple(row.split()) for row in rows]  # type: ignore[misc]


def undo(home: Home, registry: Registry, name: str) -> str:
    """Bring the own folder of the network's clone back to the latest recovery point, as a new
    commit shared at the next sync; returns the point's time. Nothing is pushed or rewritten."""
    clone = engine.Clone(home, registry.require(name))
    folder = f"cases/{clone.network.council}"
    with clone.lock():
        found = points(clone) if (clone.path / ".git").is_dir() else []
        if not found:
            raise CasebookError(f"'{name}' has no recovery point yet: one is made at the start of each sync")
        ref, commit = found[0]
        clone.commit_local(f"Cases of {clone.network.council}")
        mark(clone)
        clone.git("rm", "-r", "-q", "--ignore-unmatch", "--", folder)
        if clone.git("ls-tree", "-d", commit, "--", folder).out:
            clone.git("restore", f"--source={commit}", "--staged", "--worktree", "--", folder)
        when = ref.removeprefix(PREFIX)
        clone.commit_local(f"Return {folder} to the recovery point of {when}")
    return when
