"""Peer networks: status, joining, syncing and publishing, each followed by the index update it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.library import Library
from operations.changes import Changes
from sync import actions, engine
from sync.engine import SyncReport
from sync.networks import Registry


def _registry(lib: Library) -> Registry:
    return Registry(lib.catalog)


def statuses(lib: Library) -> list[dict[str, Any]]:
    """Status of every joined network (no network calls)."""
    registry = _registry(lib)
    return [actions.status(lib.home, registry, n.name) for n in registry.all()]


def join(lib: Library, name: str, url: str, council: str) -> tuple[str, Changes]:
    network = actions.add(lib.home, _registry(lib), name, url, council)
    return network.name, Changes(networks=True)


def sync(lib: Library, names: list[str], progress: Any) -> tuple[list[SyncReport], Changes]:
    """Sync each network in turn, then bring the index up to date."""
    registry = _registry(lib)
    reports = [engine.sync(lib.home, registry, registry.require(name), progress) for name in names]
    return reports, Changes.of_index(lib.update(progress=progress), networks=True)


def publish(lib: Library, case_id: str, name: str) -> tuple[Path, Changes]:
    target = actions.publish(lib.home, _registry(lib), case_id, name)
    return target, Changes.of_index(lib.update(), networks=True)
