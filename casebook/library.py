"""The core's front door: a home with its sources, catalog and index. Used by the CLI and the app.

One `Library` per thread: it holds a SQLite connection and a Whoosh searcher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from casebook import casefile, indexer, settings, thesaurus
from casebook.casefile import CaseFile
from casebook.catalog import Catalog
from casebook.errors import CaseNotFoundError, IndexNotReadyError
from casebook.home import Home
from casebook.index import IndexStore
from casebook.indexer import IndexChanges, Progress
from casebook.search import CaseSearcher, Hit, SearchResult
from casebook.sources import LINK_REFUSED, Source, scan, sources_for


class Library:
    def __init__(self, home: Home) -> None:
        self.home = home.ensure()
        self.catalog = Catalog(home.catalog_path)
        self.store = IndexStore(home.index_root)
        self._searcher: CaseSearcher | None = None
        self._searcher_dir: str | None = None

    def close(self) -> None:
        if self._searcher:
            self._searcher.close()
            self._searcher = None
        self.catalog.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sources(self) -> list[Source]:
        return sources_for(self.home, settings.get(self.catalog, "examples") == "on", self.catalog.published())

    def update(self, rebuild: bool = False, progress: Progress | None = None) -> IndexChanges:
        """Bring catalog and index in line with the files (see `indexer.update`). After a rebuild the
        thesaurus is analysed and kept for the first search, as the index is (about 30 ms of it)."""
        changes = indexer.update(self.catalog, self.store, self.sources(), rebuild=rebuild, progress=progress)
        if changes.rebuilt:
            self._thesaurus()
        return changes

    def reindex(self, paths: Iterable[Path]) -> IndexChanges:
        """Re-read just these files, e.g. after the editor saved one."""
        return indexer.reindex_paths(self.catalog, self.store, self.sources(), paths)

    def searcher(self, build: bool = True) -> CaseSearcher:
        """An up-to-date searcher, following changes made by other threads or processes.

        With no index yet, builds one, or with `build=False` raises IndexNotReadyError."""
        live = self.store.current()
        if self._searcher is not None and live != self._searcher_dir:
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            ix = self.store.open()
            if ix is None and not build:
                raise IndexNotReadyError("the search index is being prepared")
            if ix is None:
                self.update()
                ix = self.store.open()
            self._searcher, self._searcher_dir = CaseSearcher(ix, self._thesaurus()), self.store.current()
        else:
            self._searcher.refresh()
        return self._searcher

    def _thesaurus(self) -> thesaurus.Thesaurus:
        """The thesaurus of this home, analysed once and kept beside the index (casebook.thesaurus)."""
        return thesaurus.load(self.home.thesaurus_path, self.store.root / thesaurus.CACHE_NAME)

    def search(self, text: str, limit: int = 20, sort: str = "relevance",
               filters: Mapping[str, Sequence[str]] | None = None, build: bool = True,
               correct: bool = True) -> SearchResult:
        return self.searcher(build).search(text, limit=limit, sort=sort, filters=filters, correct=correct)

    def similar(self, text: str, limit: int = 5, build: bool = True) -> list[Hit]:
        """The cases most like `text`, e.g. the title and summary of a case being written (with
        no index yet: as `searcher`)."""
        return self.searcher(build).similar(text, limit)

    def locate(self, case_id: str) -> dict:
        """The catalog row of a case id (own library first), or a `source:path` uid."""
        rows = self.catalog.find(case_id) or self.catalog.cases("uid = ?", [case_id])
        if not rows:
            raise CaseNotFoundError(case_id)
        return rows[0]

    def case(self, case_id: str) -> CaseFile:
        """Read a case fresh from its file."""
        row = self.locate(case_id)
        return casefile.read(Path(row["path"]), row["source"], row["relpath"])

    def related(self, case_id: str, limit: int = 5) -> list[Hit]:
        """Cases the author listed under `related`, then the most similar others."""
        row = self.locate(case_id)
        cf = casefile.read(Path(row["path"]), row["source"], row["relpath"])
        searcher = self.searcher()
        listed = [r["uid"] for rid in (cf.case.related if cf.case else ()) for r in self.catalog.find(rid)[:1]]
        hits = [h for h in map(searcher.hit_for, listed) if h is not None]
        similar = searcher.related(row["uid"], limit=limit, exclude=listed)
        return (hits + similar)[:max(limit, len(hits))]

    def find(self, case_id: str) -> list[dict[str, Any]]:
        """Catalog rows with this case id, own library first."""
        return self.catalog.find(case_id)

    def invalid(self) -> list[dict[str, Any]]:
        """Catalog rows of the case files that could not be read."""
        return self.catalog.invalid()

    # -- the officer's own state, kept in the catalog across rebuilds ------------------------
    def bookmarks(self) -> list[str]:
        return self.catalog.bookmarks()

    def bookmark(self, case_id: str, on: bool = True) -> None:
        self.catalog.bookmark(case_id, on)

    def saved_searches(self) -> list[dict[str, Any]]:
        return self.catalog.saved_searches()

    def save_search(self, name: str, query: str, filters: dict[str, list[str]] | None = None,
                    sort: str = "relevance") -> None:
        self.catalog.save_search(name, query, filters, sort)

    def delete_search(self, name: str) -> None:
        self.catalog.delete_search(name)

    def settings(self) -> dict[str, str]:
        """Every setting's value, defaults included."""
        return settings.current(self.catalog)

    def put_settings(self, values: Mapping[str, str]) -> list[str]:
        """Store settings, none if any is refused (InputError); the names whose value changed."""
        return settings.put_many(self.catalog, values)

    def validate(self, paths: Sequence[Path] = ()) -> list[CaseFile]:
        """Read every case file under the given files and folders (default: every source),
        applying the same rules as indexing."""
        if not paths:
            return _read_sources(self.sources())
        folders = [Source("", p) for p in paths if p.is_dir() and not p.is_symlink()]
        files = [casefile.refused("", p.name, p, LINK_REFUSED) if p.is_symlink() else casefile.read(p, "", p.name)
                 for p in paths if p.is_symlink() or not p.is_dir()]
        return files + _read_sources(folders)


def _read_sources(sources: list[Source]) -> list[CaseFile]:
    found: list[CaseFile] = []
    for source in sources:
        refs, refusals = scan(source)
        found += [casefile.read(r.path, r.source, r.relpath, r.stat) for r in refs] + refusals
    return found
