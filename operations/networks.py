"""Peer networks: status, joining (with a sign-in), changing the sign-in, leaving, syncing and
publishing, each followed by the index update it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook import settings
from casebook.errors import CasebookError, InputError
from casebook.library import Library
from casebook.model import slugify
from operations.changes import Changes
from sync import actions, credentials, engine, inbox
from sync.credentials import SignIn
from sync.engine import SyncReport
from sync.networks import Registry, address, validate


def _registry(lib: Library) -> Registry:
    return Registry(lib.catalog)


def statuses(lib: Library) -> list[dict[str, Any]]:
    """Status of every joined network (no network calls)."""
    registry = _registry(lib)
    return [actions.status(lib.home, registry, n.name) for n in registry.all()]


def move_typed_secrets(lib: Library) -> Changes:
    """Tokens an older version kept in network addresses, moved to the credential store."""
    return Changes(networks=bool(credentials.move_typed_secrets(_registry(lib))))


def council(lib: Library) -> str:
    """The council setting, to fill in the join dialog."""
    return settings.get(lib.catalog, "council")


NO_COUNCIL = "Give your council's name: it is your folder in the network."


def join_problem(name: str, url: str, council: str) -> str | None:
    """What is wrong with what was typed to join a network, in words, or None; no file or network
    is touched, so the join dialog can say it and stay open with everything typed."""
    if not slugify(council):
        return NO_COUNCIL
    try:
        validate(name, credentials.split_url(url)[0], council, "main")
    except CasebookError as exc:
        return str(exc)
    return None


def join(lib: Library, name: str, url: str, council: str, signin: SignIn | None = None,
         session_only: bool = False) -> tuple[str, Changes]:
    """Join a network; the sign-in goes to the keyring (or, `session_only`, to memory)."""
    if not slugify(council):
        raise InputError(NO_COUNCIL)
    network = actions.add(lib.home, _registry(lib), name, url, council, signin=signin, session_only=session_only)
    return network.name, Changes(networks=True)


def check_connection(lib: Library, url: str, signin: SignIn | None) -> list[str]:
    """The branches of the network at `url` read with `signin`; raises GitError when that fails."""
    url, typed = credentials.split_url(address(url))
    return credentials.check(lib.home, url, signin or typed)


def signed_in_as(lib: Library, name: str) -> str:
    """The user name a network is signed in with ('' when none)."""
    kept = credentials.lookup(_registry(lib).require(name).url)
    return kept.user if kept else ""


def url_of(lib: Library, name: str) -> str:
    return _registry(lib).require(name).url


def change_signin(lib: Library, name: str, signin: SignIn, session_only: bool = False) -> tuple[str, Changes]:
    """A new token (or user name) for a joined network; waiting changes are kept."""
    return credentials.sign_in(_registry(lib), name, signin, session_only).name, Changes(networks=True)


def leave(lib: Library, name: str, delete_clone: bool = False) -> tuple[Path | None, Changes]:
    """Leave a network; its clone is kept (out of search) unless `delete_clone`."""
    kept = actions.remove(lib.home, _registry(lib), name, delete_clone)
    return kept, Changes.of_index(lib.update(), networks=True)


def sync(lib: Library, names: list[str], progress: Any) -> tuple[list[SyncReport], Changes]:
    """Sync each network in turn, then bring the index up to date."""
    registry = _registry(lib)
    reports = [engine.sync(lib.home, registry, registry.require(name), progress) for name in names]
    return reports, Changes.of_index(lib.update(progress=progress), networks=True)


def publish(lib: Library, case_id: str, name: str) -> tuple[Path, Changes]:
    target = actions.publish(lib.home, _registry(lib), case_id, name)
    return target, Changes.of_index(lib.update(), networks=True)


def conflict(lib: Library, conflict_id: str) -> inbox.Conflict:
    """One conflict, with both texts, for the side-by-side dialog."""
    return inbox.find(lib.home, _registry(lib), conflict_id)


def resolve(lib: Library, conflict_id: str, keep: str, merged: str = "") -> tuple[inbox.Conflict, Changes]:
    """Keep mine, theirs, both or a merged text; shared at the next sync."""
    resolved = inbox.resolve(lib.home, _registry(lib), conflict_id, keep, merged)
    return resolved, Changes.of_index(lib.update(), networks=True)
