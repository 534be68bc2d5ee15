"""Posting blocks decoded once per search.

One search reads the same words many times over: each word typed is scored, then read again for
each thesaurus alternative and exact phrase holding it, for the proximity bonus of the best cases,
and for a relaxed best match. Each time Whoosh read, decompressed and unpickled the same blocks:
for `municipal energy company` at 10,000 cases, 908 blocks read of 297 distinct ones
(bench/RESULTS.md). Within `once()`, a block read is kept (with its document numbers decoded) until
the search ends. Used by casebook.evaluate's block readers, on the fast path only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher

#: (postings file, offset of a block's data) -> (its document numbers, its decoded data).
_KEPT: ContextVar[dict[tuple[Any, int], tuple[Any, Any]] | None] = ContextVar("blocks kept", default=None)


@contextmanager
def once() -> Iterator[None]:
    """Within this context (in this thread), each posting block is read from the index once."""
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


def read(matcher: W3LeafMatcher) -> None:
    """Load the document numbers and data of the matcher's current block, as its `_read_ids` does."""
    kept = _KEPT.get()
    if kept is None:
        matcher._read_ids()
        return
    key = (matcher._postfile, matcher._dataoffset)
    if key in kept:
        matcher._ids, matcher._data = kept[key]
    else:
        matcher._read_ids()
        kept[key] = (matcher._ids, matcher._data)


def value_blocks(matcher: W3LeafMatcher, local: list[int] | None) -> Iterator[tuple[Any, Any, Any]]:
    """(document numbers, weights, values) of every block of a posting list, or of those whose
    range holds one of `local` (ascending)."""
    targets = iter(local) if local is not None else None
    target = next(targets, None) if targets else 0
    while matcher.is_active() and target is not None:
        if matcher.block_max_id() >= target:
            read(matcher)
            matcher._read_weights()
            matcher._read_values()
            yield matcher._ids, matcher._weights, matcher._values
            while targets and target is not None and target <= matcher.block_max_id():
                target = next(targets, None)
        matcher._next_block()
