"""The conflict inbox: each conflict a sync or a publish kept side by side (the case's file and a
`<slug>.conflict-<UTC>.md` copy that stays on this computer), told as *mine* and *theirs*, and
resolved by keeping mine, theirs, both (the copy becomes a case of its own, `<slug>-2.md`) or a
merged text; the choice is committed in the clone and shared at the next sync. Which side is
mine: the one holding the library's text of the case, else the copy (a sync keeps the network's
version under the case's name and this computer's beside it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from casebook import casefile
from casebook.authoring import unique_path, with_keys, write_atomic
from casebook.decoding import decode
from casebook.errors import InputError
from casebook.home import Home
from casebook.sources import git_blob
from sync.engine import Clone
from sync.networks import Registry

KEEP = ("mine", "theirs", "both", "merged")


@dataclass(frozen=True)
class Conflict:
    network: str
    path: str
    copy: str
    mine: str
    theirs: str
    title: str = ""

    @property
    def id(self) -> str:
        """The copy's name without `.md`; `casebook resolve` takes it or the case's id."""
        return PurePosixPath(self.copy).stem

    @property
    def case_id(self) -> str:
        return PurePosixPath(self.path).stem


def conflicts(home: Home, registry: Registry) -> list[Conflict]:
    """Every conflict waiting in every joined network."""
    return [conflict for n in registry.all() for conflict in waiting(home, registry, n.name)]


def waiting(home: Home, registry: Registry, network: str) -> list[Conflict]:
    """The conflicts waiting in one network, oldest first."""
    return [_read(home, registry, network, row["path"], row["copy"]) for row in registry.conflicts(network)]


def find(home: Home, registry: Registry, conflict_id: str) -> Conflict:
    """The conflict named by its id or by its case's id (when that case has only one)."""
    every = conflicts(home, registry)
    found = [c for c in every if c.id == conflict_id] or [c for c in every if c.case_id == conflict_id]
    if len(found) > 1:
        names = ", ".join(f"{c.id} ({c.network})" for c in found)
        raise InputError(f"'{conflict_id}' has {len(found)} conflicts: {names}; resolve them one at a time by "
                         "these names")
    if not found:
        raise InputError(f"no conflict '{conflict_id}' (see `casebook conflicts`)")
    return found[0]


def resolve(home: Home, registry: Registry, conflict_id: str, keep: str, merged: str = "") -> Conflict:
    """Keep mine, theirs, both, or the `merged` text under the case's name (also in the library
    when the case is an own one), drop the copy, and commit; shared at the next sync."""
    if keep not in KEEP:
        raise InputError(f"keep must be one of {', '.join(KEEP)}")
    conflict = find(home, registry, conflict_id)
    clone = Clone(home, registry.require(conflict.network))
    text = {"mine": conflict.mine, "theirs": conflict.theirs, "merged": merged}.get(keep)
    with clone.lock():
        if text is None:
            _keep_both(clone, conflict)
        else:
            _keep(clone, registry, conflict, text.encode())
        registry.resolved(conflict.network, conflict.copy)
        clone.commit_local(f"Resolve the conflict in {conflict.path}: keep {keep}")
    return conflict


def _keep(clone: Clone, registry: Registry, conflict: Conflict, data: bytes) -> None:
    write_atomic(clone.path / conflict.path, data)
    (clone.path / conflict.copy).unlink(missing_ok=True)
    library = _library(registry, conflict.path)
    if library is not None:
        write_atomic(library, data)
        registry.mark_published(conflict.network, conflict.path, git_blob(data))


def _keep_both(clone: Clone, conflict: Conflict) -> None:
    """The copy becomes a case of its own, `<slug>-2.md` (or the next free name) with that id."""
    copy = clone.path / conflict.copy
    if copy.is_file():
        target = unique_path(copy.parent, conflict.case_id)
        write_atomic(target, with_keys(_text(copy), str(copy), {"id": target.stem}), temp_dir=clone.path / ".git")
        copy.unlink()


def _read(home: Home, registry: Registry, network: str, path: str, copy: str) -> Conflict:
    root = home.networks / network
    named, kept = _text(root / path), _text(root / copy)
    library = _library(registry, path)
    mine_is_named = library is not None and _text(library) == named
    return Conflict(network, path, copy, named if mine_is_named else kept, kept if mine_is_named else named,
                    _title(named or kept, path))


def _library(registry: Registry, path: str) -> Path | None:
    found = registry.library_file(PurePosixPath(path).stem)
    return found if found is not None and found.is_file() else None


def _title(text: str, path: str) -> str:
    """The case's title, or its id when the text cannot be read."""
    case_id = PurePosixPath(path).stem
    case, _ = casefile.parse(text.encode(), path, case_id)
    return case.title if case is not None and case.title else case_id


def _text(path: Path) -> str:
    return decode(path.read_bytes(), str(path)) if path.is_file() else ""
