"""The officer's own state: bookmarks and saved searches (kept in the catalog, across rebuilds)."""

from __future__ import annotations

from typing import Any

from casebook.library import Library
from operations.changes import Changes


def bookmarks(lib: Library) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """(id, title) of each bookmark, and the saved searches."""
    rows = []
    for case_id in lib.bookmarks():
        found = lib.find(case_id)
        rows.append((case_id, found[0]["title"] if found else f"{case_id} (no longer found)"))
    return rows, lib.saved_searches()


def set_bookmark(lib: Library, case_id: str, on: bool) -> Changes:
    lib.bookmark(case_id, on)
    return Changes(bookmarks=True)


def save_search(lib: Library, name: str, query: str, filters: dict[str, list[str]], sort: str) -> Changes:
    lib.save_search(name, query, filters, sort)
    return Changes(saved_searches=True)


def delete_search(lib: Library, name: str) -> Changes:
    lib.delete_search(name)
    return Changes(saved_searches=True)
