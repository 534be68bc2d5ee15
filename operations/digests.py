"""Digests from the app: every hit of a search to add, a preview that is not remembered as a run,
and an export with progress."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from casebook.digest import SEARCH_LIMIT, Digest, DigestSpec, check_destination, compile_digest, write
from casebook.library import Library
from operations.changes import Changes


def all_hits(lib: Library, query: str, filters: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """(id, title) of every case a search finds, best first: "Add all results"."""
    return [(h.id, h.title) for h in lib.search(query or "*", limit=SEARCH_LIMIT, filters=filters).hits]


def preview(lib: Library, spec: DigestSpec) -> Digest:
    """The digest compiled but not remembered as a run."""
    return compile_digest(lib, spec, remember=False)


def export(lib: Library, spec: DigestSpec, out: Path, progress: Any) -> tuple[Path, Changes]:
    check_destination(out)
    progress(1, 3, "Selecting cases")
    compiled = compile_digest(lib, spec)
    progress(2, 3, f"Writing {out.suffix.lstrip('.').upper()}")
    written = write(compiled, out)
    progress(3, 3, "Done")
    return written, Changes(digests=True)
