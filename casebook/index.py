"""The Whoosh index on disk: opening, building into a fresh folder, and the write lock.

The index lives in `<home>/index/<dir>/`; `<home>/index/CURRENT` names the live folder and the
schema version. A rebuild writes a new folder and switches CURRENT with `os.replace`, so readers
never see a half-built index.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.writing import IndexWriter

from casebook.locks import folder_lock
from casebook.schema import SCHEMA_VERSION, build_schema

LOCK_WAIT_SECONDS = 5.0
PARALLEL_MIN_DOCS = 2000


class IndexStore:
    """The index folder of a home."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def _pointer(self) -> dict[str, Any] | None:
        try:
            return json.loads((self.root / "CURRENT").read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def current(self) -> str | None:
        """The name of the live index folder, or None when there is none of this schema."""
        pointer = self._pointer()
        if not pointer or pointer.get("schema") != SCHEMA_VERSION:
            return None
        return str(pointer.get("dir"))

    def open(self) -> FileIndex | None:
        """The live index, or None when missing, unreadable or of an older schema."""
        name = self.current()
        if name is None:
            return None
        try:
            return _storage(self.root / name).open_index()
        except Exception:
            return None

    def write_lock(self, wait: float | None = None) -> contextlib.AbstractContextManager[None]:
        """Hold the home's index write lock; after `wait` seconds (default LOCK_WAIT_SECONDS)
        raise LockedError naming the process that holds it."""
        return folder_lock(self.root, "WRITE", LOCK_WAIT_SECONDS if wait is None else wait,
                           f"the search index in {self.root}")

    def build(self, docs: Iterable[dict[str, Any]], count: int,
              tick: Callable[[], None] | None = None) -> FileIndex:
        """Write all docs into a new folder, then switch CURRENT to it. Call under write_lock."""
        name = f"ix-{time.time_ns()}"
        ix = _storage(self.root / name, create=True).create_index(build_schema())
        writer = ix.writer(**_writer_args(count))
        for doc in docs:
            writer.add_document(**doc)
            if tick:
                tick()
        writer.commit()
        tmp = self.root / "CURRENT.tmp"
        tmp.write_text(json.dumps({"dir": name, "schema": SCHEMA_VERSION}), "utf-8")
        os.replace(tmp, self.root / "CURRENT")
        self._remove_old(keep=name)
        return _storage(self.root / name).open_index()

    def _remove_old(self, keep: str) -> None:
        for folder in self.root.glob("ix-*"):
            if folder.name != keep:
                shutil.rmtree(folder, ignore_errors=True)


def writer(ix: FileIndex) -> IndexWriter:
    """A single-process writer for incremental changes. Call under write_lock."""
    return ix.writer(timeout=LOCK_WAIT_SECONDS)


def _storage(folder: Path, create: bool = False) -> FileStorage:
    if create:
        folder.mkdir(parents=True)
    return FileStorage(str(folder), supports_mmap=False)


def _writer_args(count: int) -> dict[str, Any]:
    """Two writer processes for big builds where fork is available (see README notes)."""
    import multiprocessing  # only for a full build: a search process does not need it

    procs = min(2, os.cpu_count() or 1)
    if count < PARALLEL_MIN_DOCS or procs < 2 or multiprocessing.get_start_method() != "fork":
        return {"limitmb": 64}
    return {"procs": procs, "limitmb": 64, "multisegment": True}
