"""Bringing the catalog and the search index in line with the files on disk."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex

from casebook import casefile
from casebook.casefile import CaseFile
from casebook.catalog import Catalog, case_row
from casebook.index import IndexStore, writer
from casebook.schema import document
from casebook.sources import FileRef, Source, listed, scan

#: progress(done, total, what): called during long work.
Progress = Callable[[int, int, str], None]


@dataclass
class IndexChanges:
    """What an update changed (uids), what stayed, and every invalid file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    invalid: list[dict[str, Any]] = field(default_factory=list)
    rebuilt: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"added": len(self.added), "updated": len(self.updated), "removed": len(self.removed),
                "unchanged": self.unchanged, "rebuilt": self.rebuilt, "invalid": self.invalid}


def update(catalog: Catalog, store: IndexStore, sources: list[Source], *, rebuild: bool = False,
           progress: Progress | None = None) -> IndexChanges:
    """Scan every source and apply what changed; rebuild when asked or when the index is
    missing, corrupt, of an older schema or out of step with the catalog."""
    refs: list[FileRef] = []
    refusals: list[CaseFile] = []
    for source in sources:
        found, refused = scan(source)
        refs += found
        refusals += refused
    with store.write_lock():
        ix = None if rebuild else store.open()
        if ix is None or not healthy(ix, catalog):
            changes = _rebuild(catalog, store, refs, refusals, progress)
        else:
            changes = _incremental(catalog, ix, refs, refusals, progress)
    changes.invalid = invalid_entries(catalog)
    return changes


def healthy(ix: FileIndex, catalog: Catalog) -> bool:
    """The index opens, answers a probe query and holds as many cases as the catalog."""
    try:
        with ix.searcher() as s:
            if s.doc_count() != catalog.indexed_count():
                return False
            first = next(iter(s.reader().all_doc_ids()), None)
            if first is not None:
                s.stored_fields(first)
        return True
    except Exception:
        return False


def invalid_entries(catalog: Catalog) -> list[dict[str, Any]]:
    return [{"path": row["path"], "line": err["line"], "message": err["message"]}
            for row in catalog.invalid() for err in row["errors"]]


def _read_all(refs: list[FileRef], progress: Progress | None, what: str) -> Iterable[CaseFile]:
    total = len(refs)
    for done, ref in enumerate(refs, start=1):
        yield casefile.read(ref.path, ref.source, ref.relpath, ref.stat)
        if progress and (done % 200 == 0 or done == total):
            progress(done, total, what)


def _rebuild(catalog: Catalog, store: IndexStore, refs: list[FileRef], refusals: list[CaseFile],
             progress: Progress | None) -> IndexChanges:
    before = catalog.manifest()
    rows = [case_row(cf) for cf in refusals]
    docs = (document(cf) for cf in _collect(_read_all(refs, progress, "Indexing"), rows) if cf.case)
    store.build(docs, len(refs))
    catalog.apply(rows, removed=(), replace_all=True)
    changes = IndexChanges(rebuilt=True)
    for row in rows:
        old = before.pop(row["uid"], None)
        if old is None:
            changes.added.append(row["uid"])
        elif old[2] != row["sha1"] or old[3] != row["status"]:
            changes.updated.append(row["uid"])
        else:
            changes.unchanged += 1
    changes.removed = list(before)
    return changes


def _collect(files: Iterable[CaseFile], rows: list[dict[str, Any]]) -> Iterable[CaseFile]:
    for cf in files:
        rows.append(case_row(cf))
        yield cf


def _incremental(catalog: Catalog, ix: FileIndex, refs: list[FileRef], refusals: list[CaseFile],
                 progress: Progress | None) -> IndexChanges:
    manifest = catalog.manifest()
    changes = IndexChanges()
    stale = [r for r in refs if _stamp(manifest.get(r.uid)) != (r.stat.st_mtime_ns, r.stat.st_size, str(r.path))]
    changes.unchanged = len(refs) - len(stale)
    changed: list[CaseFile] = []
    touched: list[tuple[str, int]] = []
    for cf in [*_read_all(stale, progress if len(stale) > 200 else None, "Indexing"), *refusals]:
        old = manifest.get(cf.uid)
        if old and old[2:] == (cf.sha1, cf.status, str(cf.path)):
            changes.unchanged += 1
            touched.append((cf.uid, cf.mtime_ns))
            continue
        (changes.updated if old else changes.added).append(cf.uid)
        changed.append(cf)
    present = {r.uid for r in refs} | {cf.uid for cf in refusals}
    changes.removed = [uid for uid in manifest if uid not in present]
    _apply(ix, changed, changes.removed)
    catalog.apply([case_row(cf) for cf in changed], changes.removed)
    catalog.touch(touched)
    return changes


def _stamp(old: tuple[int, int, str, str, str] | None) -> tuple[int, int, str] | None:
    """What a scan compares: mtime, size and where the file is (a moved home re-reads all)."""
    return (old[0], old[1], old[4]) if old else None


def _apply(ix: FileIndex, changed: list[CaseFile], removed: list[str]) -> None:
    if not changed and not removed:
        return
    w = writer(ix)
    try:
        for cf in changed:
            if cf.case:
                w.update_document(**document(cf))
            else:
                w.delete_by_term("uid", cf.uid)
        for uid in removed:
            w.delete_by_term("uid", uid)
    except BaseException:
        w.cancel()
        raise
    w.commit()


def reindex_paths(catalog: Catalog, store: IndexStore, sources: list[Source], paths: Iterable[Path]) -> IndexChanges:
    """Re-read just these files (saved, created or deleted) without scanning the sources.
    Paths that are not case files of a source (hidden, not `*.md`, a README) are ignored."""
    with store.write_lock():
        ix = store.open()
        if ix is not None:
            changes = _reindex(catalog, ix, sources, paths)
    if ix is None:
        return update(catalog, store, sources)
    changes.invalid = invalid_entries(catalog)
    return changes


def _reindex(catalog: Catalog, ix: FileIndex, sources: list[Source], paths: Iterable[Path]) -> IndexChanges:
    changes = IndexChanges()
    changed: list[CaseFile] = []
    for path in map(Path, paths):
        located = _locate(sources, path)
        if located is None:
            continue
        source, relpath = located
        uid = f"{source.name}:{relpath}"
        if path.is_file() and not path.is_symlink():
            changed.append(casefile.read(path, source.name, relpath))
            (changes.updated if catalog.has(uid) else changes.added).append(uid)
        elif catalog.has(uid):
            changes.removed.append(uid)
    _apply(ix, changed, changes.removed)
    catalog.apply([case_row(cf) for cf in changed], changes.removed)
    return changes


def _locate(sources: list[Source], path: Path) -> tuple[Source, str] | None:
    """The source holding a case file path, and its path there; None for anything else."""
    absolute = path.parent.resolve() / path.name
    for source in sources:
        root = source.root.resolve()
        if absolute.is_relative_to(root):
            relpath = absolute.relative_to(root).as_posix()
            hidden = any(part.startswith(".") for part in relpath.split("/"))
            return (source, relpath) if listed(source, path.name) and not hidden else None
    return None
