"""Inter-process locks on a folder: the OS releases them when a process dies."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from casebook.errors import LockedError


@contextlib.contextmanager
def folder_lock(folder: Path, name: str, wait: float, what: str) -> Iterator[None]:
    """Hold lock `name` in `folder`; after `wait` seconds raise LockedError naming the holder.

    `what` describes the thing locked, for the message ("the search index in …")."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileStorage(str(folder)).lock(name)
    deadline = time.monotonic() + wait
    while not lock.acquire(blocking=False):
        if time.monotonic() >= deadline:
            raise LockedError(f"{what} is being updated by {_holder(folder, name)}; try again when it has finished")
        time.sleep(0.05)
    holder = folder / f"{name}.pid"
    holder.write_text(str(os.getpid()), "utf-8")
    try:
        yield
    finally:
        holder.unlink(missing_ok=True)
        lock.release()


def _holder(folder: Path, name: str) -> str:
    try:
        return f"process {(folder / f'{name}.pid').read_text('utf-8').strip()}"
    except OSError:
        return "another process"
