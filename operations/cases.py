"""Reading, writing, deleting and re-indexing cases of the own library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from casebook import authoring, importer
from casebook.authoring import case_meta, render, unique_path, write_atomic
from casebook.casefile import CaseFile
from casebook.errors import CasebookError
from casebook.library import Library
from casebook.render import case_html
from casebook.sources import LIBRARY
from operations.changes import Changes

Progress = Any
#: Moves a file to the system trash and gives its path there, or None when the system trash refuses it.
ToTrash = Callable[[Path], Path | None]


@dataclass(frozen=True)
class OpenedCase:
    cf: CaseFile
    html: str
    bookmarked: bool
    shared_in: tuple[str, ...] = ()

    @property
    def editable(self) -> bool:
        return self.cf.source == LIBRARY and self.cf.case is not None


@dataclass(frozen=True)
class Deleted:
    """Where a deleted case went, so that it can be put back."""

    original: Path
    kept: Path


def open_case(lib: Library, case_id: str, colours: dict[str, str]) -> OpenedCase:
    """A case read fresh, with related cases, rendered to sanitised HTML."""
    cf = lib.case(case_id)
    related = lib.related(case_id) if cf.case else []

    def resolve(target: str) -> str | None:
        rows = lib.find(target)
        return rows[0]["id"] if rows else None

    bookmarked = cf.case is not None and cf.case.id in lib.bookmarks()
    shared = tuple(lib.catalog.shared_in(cf.case.id)) if cf.case and cf.source == LIBRARY else ()
    return OpenedCase(cf, case_html(cf, related, resolve, colours), bookmarked, shared)


def read_text(path: Path) -> str:
    """A case file's text for the editor, decoded as the core reads it (BOMs, Windows-1252, CRLF)."""
    return authoring.read_text(path)


def save_case(lib: Library, path: Path | None, meta: dict[str, Any], body: str) -> tuple[Path, Changes]:
    """Write a case atomically (a new one named from its title) and re-index it."""
    library = lib.home.library
    if path is None:
        path = unique_path(library, meta.get("title") or "case")
        meta = {**meta, "id": path.stem}
    library.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render(meta, body))
    return path, Changes.of_index(lib.reindex([path]))


def delete_case(lib: Library, case_id: str, to_trash: ToTrash | None = None) -> tuple[Deleted, Changes]:
    """Move an own case out of the library: into the system trash through `to_trash`, or, where there is
    none or it refuses the file, into `<home>/trash/` (kept until removed by hand)."""
    row = lib.locate(case_id)
    if row["source"] != LIBRARY:
        raise CasebookError(f"'{case_id}' is not in your library: only your own cases can be deleted")
    original = Path(row["path"])
    kept = (to_trash(original) if to_trash else None) or _to_home_trash(lib, original)
    return Deleted(original, kept), Changes.of_index(lib.reindex([original]))


def _to_home_trash(lib: Library, original: Path) -> Path:
    trash = lib.home.root / "trash"
    trash.mkdir(parents=True, exist_ok=True)
    kept = trash / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%fZ}-{original.name}"
    original.replace(kept)
    return kept


def restore_case(lib: Library, deleted: Deleted) -> tuple[Path, Changes]:
    """Put a deleted case back where it was (beside it, when that name was taken meanwhile), and remove
    the freedesktop trash's record of it, if it went there, so the trash no longer lists it."""
    target = deleted.original if not deleted.original.exists() else unique_path(deleted.original.parent,
                                                                               deleted.original.stem)
    if not _still_trashed(deleted):
        raise CasebookError(f"{deleted.original.name} is no longer in the trash ({deleted.kept}), so it cannot be "
                            "put back")
    deleted.kept.replace(target)
    record = _trash_record(deleted.kept)
    if record is not None:
        record.unlink(missing_ok=True)
    return target, Changes.of_index(lib.reindex([target]))


def _trash_record(kept: Path) -> Path | None:
    """The freedesktop trash's record of a file in it (`info/<name>.trashinfo` beside `files/`), else None."""
    return kept.parent.parent / "info" / f"{kept.name}.trashinfo" if kept.parent.name == "files" else None


def _still_trashed(deleted: Deleted) -> bool:
    """Whether the deleted case is still where it went. In a freedesktop trash its record must say it came
    from where the case was: once the trash is emptied, another file deleted can take the same name."""
    record = _trash_record(deleted.kept)
    if record is None or not deleted.kept.exists():
        return deleted.kept.exists()
    try:
        lines = record.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return False
    came_from = [unquote(line.removeprefix("Path=")) for line in lines if line.startswith("Path=")]
    return any(str(deleted.original) == path or str(deleted.original).endswith(f"/{path}") for path in came_from)


def copy_to_library(lib: Library, case_id: str) -> tuple[Path, Changes]:
    """A network or example case copied into the own library as an internal case derived from it."""
    cf = lib.case(case_id)
    if cf.case is None:
        raise CasebookError(f"{cf.path} cannot be read, so it cannot be copied")
    lib.home.library.mkdir(parents=True, exist_ok=True)
    target = unique_path(lib.home.library, cf.case.id)
    meta = case_meta(cf.case) | {"id": target.stem, "sharing": "internal", "derived_from": f"{cf.source}:{cf.case.id}"}
    write_atomic(target, render(meta, cf.case.body))
    return target, Changes.of_index(lib.reindex([target]))


def update_library(lib: Library, rebuild: bool = False, progress: Progress = None) -> tuple[Any, Changes]:
    """Bring the index in line with the files; the index report and the cases it changed."""
    report = lib.update(rebuild=rebuild, progress=progress)
    return report, Changes.of_index(report)


def problems(lib: Library) -> list[dict[str, Any]]:
    """Every case file that could not be read, with its errors."""
    return lib.invalid()


def import_folder(lib: Library, folder: Path, council: str = "", outcome: str = "",
                  progress: Progress = None) -> tuple[importer.ImportReport, Changes]:
    """A folder of Markdown lessons copied into the library as cases (again: the cases it imported
    before are updated); the report of every file and what changed in the index."""
    if not folder.is_dir():
        raise CasebookError(f"{folder} is not a folder")
    report = importer.import_dir(folder, lib.home.library, council, outcome, progress)
    return report, Changes.of_index(lib.update(progress=progress))
