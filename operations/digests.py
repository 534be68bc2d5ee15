"""Digests from the app: a preview that is not remembered as a run, and an export with progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebook.digest import Digest, DigestSpec, Entry, compile_digest, select, to_html, write
from casebook.library import Library
from operations.changes import Changes


def preview(lib: Library, spec: DigestSpec) -> str:
    """The digest as HTML, not remembered as a run."""
    return to_html(Digest(spec, [Entry(cf, "") for cf in select(lib, spec)], "preview"))


def export(lib: Library, spec: DigestSpec, out: Path, progress: Any) -> tuple[Path, Changes]:
    progress(1, 3, "Selecting cases")
    compiled = compile_digest(lib, spec)
    progress(2, 3, f"Writing {out.suffix.lstrip('.').upper()}")
    written = write(compiled, out)
    progress(3, 3, "Done")
    return written, Changes(digests=True)
