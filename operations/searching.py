"""Searching as the app does it: a page of hits at a time, never building an index on the way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from casebook.library import Library
from casebook.search import Hit, SearchResult

#: Hits fetched at a time (Ctrl+M fetches more): each one costs its stored text and a snippet.
PAGE = 25
#: Cases the editor lists as like the one being written.
SIMILAR_CASES = 5


def search(lib: Library, query: str, sort: str, filters: Mapping[str, Sequence[str]],
           limit: int = PAGE, correct: bool = True) -> SearchResult:
    """An empty query lists every case, newest first. `correct=False` searches the words as typed."""
    if not query.strip():
        return lib.search("*", limit=limit, sort="date" if sort == "relevance" else sort, filters=filters,
                          build=False)
    return lib.search(query, limit=limit, sort=sort, filters=filters, build=False, correct=correct)


def similar(lib: Library, text: str) -> list[Hit]:
    """The cases most like a text being written (its title and summary)."""
    return lib.similar(text, SIMILAR_CASES, build=False)
