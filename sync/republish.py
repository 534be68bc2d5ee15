"""Edits flow: an own case published to a network and edited in the library since is copied into
the network's clone again at the commit step of the next sync, so what status counts as waiting
is what that sync shares. A colleague's version that arrived meanwhile is kept as a conflict copy,
as publishing does."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from casebook import casefile
from casebook.authoring import write_atomic
from casebook.home import Home
from casebook.model import SHAREABLE, Case
from casebook.sources import LIBRARY, git_blob
from sync import engine
from sync.checks import Finding
from sync.networks import Network, Registry

if TYPE_CHECKING:
    from sync.engine import Clone


def changed(home: Home, registry: Registry, network: Network) -> list[tuple[str, Path]]:
    """(path in the clone, library file) of each published case whose library text is no longer
    the published one, and that is still marked network or public."""
    return [(relpath, source) for relpath, source, case in _edited(registry, network) if case.sharing in SHAREABLE]


def still_shared(registry: Registry, network: Network) -> list[Finding]:
    """Each published case whose library copy was made internal since: the network keeps the
    version it received, which the officer may believe withdrawn."""
    return [Finding("", relpath, "made internal after it was shared: the network keeps the version it received "
                                 "(Casebook does not take a case back; ask the network's maintainer to remove it if "
                                 "it must go)")
            for relpath, _, case in _edited(registry, network) if case.sharing not in SHAREABLE]


def _edited(registry: Registry, network: Network) -> list[tuple[str, Path, Case]]:
    """(path in the clone, library file, its case) of each published case whose library text is no
    longer the published one (only those are read)."""
    found = []
    for relpath, blob in sorted(registry.published_blobs(network.name).items()):
        source = registry.library_file(PurePosixPath(relpath).stem)
        if source is None or not source.is_file() or git_blob(source.read_bytes()) == blob:
            continue
        case = casefile.read(source, LIBRARY).case
        if case is not None:
            found.append((relpath, source, case))
    return found


def copy_changed(clone: Clone, registry: Registry) -> int:
    """Copy the library's newer text of each changed published case into the clone (under the
    clone's lock, before its changes are committed); how many were copied."""
    name, copied = clone.network.name, changed(clone.home, registry, clone.network)
    for relpath, source in copied:
        target = clone.path / relpath
        if target.exists() and git_blob(target.read_bytes()) != registry.published(name, relpath):
            copy = engine.conflict_copy(clone.path, relpath)
            (clone.path / copy).write_bytes(target.read_bytes())
            registry.conflict(name, relpath, copy)
        data = source.read_bytes()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
        registry.mark_published(name, relpath, git_blob(data))
    return len(copied)
