"""The work the app hands to its background threads: plain functions of a Library (Qt-free)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casebook.authoring import case_meta, render, unique_path, write_atomic
from casebook.casefile import CaseFile
from casebook.digest import Digest, DigestSpec, Entry, compile_digest, select, to_html, write
from casebook.errors import CasebookError
from casebook.library import Library
from casebook.render import case_html
from casebook.sources import LIBRARY
from sync import actions, engine
from sync.engine import SyncReport
from sync.networks import Registry

#: Hits fetched at a time (Ctrl+M fetches more): each one costs its stored text and a snippet.
PAGE = 25


@dataclass(frozen=True)
class OpenedCase:
    cf: CaseFile
    html: str
    bookmarked: bool

    @property
    def editable(self) -> bool:
        return self.cf.source == LIBRARY and self.cf.case is not None


def search(lib: Library, query: str, sort: str, filters: Mapping[str, Sequence[str]], limit: int = PAGE,
           correct: bool = True) -> Any:
    """An empty query lists every case, newest first. `correct=False` searches the words as typed."""
    if not query.strip():
        return lib.search("*", limit=limit, sort="date" if sort == "relevance" else sort, filters=filters,
                          build=False)
    return lib.search(query, limit=limit, sort=sort, filters=filters, build=False, correct=correct)


def open_case(lib: Library, case_id: str, colours: dict[str, str]) -> OpenedCase:
    """Read a case fresh, with related cases, rendered to sanitised HTML."""
    cf = lib.case(case_id)
    related = lib.related(case_id) if cf.case else []

    def resolve(target: str) -> str | None:
        rows = lib.catalog.find(target)
        return rows[0]["id"] if rows else None

    bookmarked = cf.case is not None and cf.case.id in lib.catalog.bookmarks()
    return OpenedCase(cf, case_html(cf, related, resolve, colours), bookmarked)


def bookmarks(lib: Library) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """(id, title) of each bookmark, and the saved searches."""
    rows = []
    for case_id in lib.catalog.bookmarks():
        found = lib.catalog.find(case_id)
        rows.append((case_id, found[0]["title"] if found else f"{case_id} (no longer found)"))
    return rows, lib.catalog.saved_searches()


def invalid(lib: Library) -> list[dict[str, Any]]:
    return lib.catalog.invalid()


def copy_to_library(lib: Library, case_id: str) -> Path:
    """Copy a network or example case into the own library as an internal case derived from it."""
    cf = lib.case(case_id)
    if cf.case is None:
        raise CasebookError(f"{cf.path} cannot be read, so it cannot be copied")
    lib.home.library.mkdir(parents=True, exist_ok=True)
    target = unique_path(lib.home.library, cf.case.id)
    meta = case_meta(cf.case) | {"id": target.stem, "sharing": "internal", "derived_from": f"{cf.source}:{cf.case.id}"}
    write_atomic(target, render(meta, cf.case.body))
    lib.reindex([target])
    return target


def networks(lib: Library) -> list[dict[str, Any]]:
    """Status of every joined network (no network calls)."""
    registry = Registry(lib.catalog)
    return [actions.status(lib.home, registry, n.name) for n in registry.all()]


def add_network(lib: Library, name: str, url: str, council: str) -> str:
    network = actions.add(lib.home, Registry(lib.catalog), name, url, council)
    return network.name


def sync_networks(lib: Library, names: list[str], progress: Any) -> list[SyncReport]:
    """Sync each network in turn, then bring the index up to date."""
    registry = Registry(lib.catalog)
    reports = [engine.sync(lib.home, registry, registry.require(name), progress) for name in names]
    lib.update(progress=progress)
    return reports


def publish(lib: Library, case_id: str, name: str) -> Path:
    target = actions.publish(lib.home, Registry(lib.catalog), case_id, name)
    lib.update()
    return target


def digest_preview(lib: Library, spec: DigestSpec) -> str:
    """The digest as HTML, not remembered as a run."""
    return to_html(Digest(spec, [Entry(cf, "") for cf in select(lib, spec)], "preview"))


def export_digest(lib: Library, spec: DigestSpec, out: Path, progress: Any) -> Path:
    progress(1, 3, "Selecting cases")
    compiled = compile_digest(lib, spec)
    progress(2, 3, f"Writing {out.suffix.lstrip('.').upper()}")
    written = write(compiled, out)
    progress(3, 3, "Done")
    return written
