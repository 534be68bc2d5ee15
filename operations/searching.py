"""Searching as the app does it: a page of hits at a time, never building an index on the way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from casebook.library import Library
from casebook.search import SearchResult

#: Hits fetched at a time (Ctrl+M fetches more): each one costs its stored text and a snippet.
PAGE = 25


def search(lib: Library, query: str, sort: str, filters: Mapping[str, Sequence[str]],
           limit: int = PAGE) -> SearchResult:
    """An empty query lists every case, newest first."""
    if not query.strip():
        return lib.search("*", limit=limit, sort="date" if sort == "relevance" else sort, filters=filters,
                          build=False)
    return lib.search(query, limit=limit, sort=sort, filters=filters, build=False)
