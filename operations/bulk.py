"""Edit ▸ Edit selected cases…: council, outcome, themes or sharing set on many own cases at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from casebook import bulk
from casebook.library import Library
from operations.changes import Changes


def bulk_edit(lib: Library, ids: Sequence[str], council: str | None = None, outcome: str | None = None,
              add_themes: Iterable[str] = (), remove_themes: Iterable[str] = (),
              sharing: str | None = None) -> tuple[bulk.EditReport, Changes]:
    """The edit made on each own case of `ids` (ids or uids; see `casebook.bulk.edit_cases`), the report
    of every case and the cases re-indexed. InputError for a bad value, before anything is written."""
    edit = bulk.Edit(council, outcome, tuple(add_themes), tuple(remove_themes), sharing)
    report = bulk.edit_cases(lib, ids, edit)
    return report, Changes.of_index(report.index)
