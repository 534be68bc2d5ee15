"""Posting blocks decoded once per search.

One search reads the same words many times over: each word typed is scored, then read again for
each thesaurus alternative and exact phrase holding it, for the proximity bonus of the best cases,
and for a relaxed best match. Each time Whoosh read, decompressed and unpickled the same blocks:
for `municipal energy company` at 10,000 cases, 908 blocks read of 297 distinct ones
(bench/RESULTS.md). Within `once()`, a block read is kept (with its document numbers decoded) until
the search ends. Used by casebook.evaluate's block readers, on the fast path only.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util.numeric import byte_to_length

#: Bytes read at once for a block's length and header (a pickled tuple of six small numbers).
HEADER_BYTES = 256
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
        next_block(matcher)


def next_block(matcher: W3LeafMatcher) -> None:
    """Move on to the next block as the matcher's `_next_block` does, reading the block's length and
    header in one piece: Whoosh unpickles the header from the file, about 25 small reads a block
    (a tenth of the time of the slowest queries)."""
    if matcher._atend or matcher._lastblock:
        matcher._next_block()
        return
    position = matcher._nextoffset
    head = io.BytesIO(matcher._postfile.get(position, HEADER_BYTES))
    try:
        length = unpack_int(head.read(_INT_SIZE))[0]
        blocklength, maxid, maxweight, compression, shortest, longest = pickle.load(head)
    except Exception:  # a header longer than read, or not whoosh3's: Whoosh's own way
        matcher._goto(position)
        return
    matcher._data = matcher._ids = matcher._weights = matcher._values = None
    matcher._i = 0
    matcher._lastblock = length < 0
    matcher._nextoffset = position + _INT_SIZE + abs(length)
    matcher._dataoffset = position + head.tell()
    matcher._blocklength, matcher._maxid, matcher._maxweight, matcher._compression = (
        blocklength, maxid, maxweight, compression)
    matcher._minlength, matcher._maxlength = byte_to_length(shortest), byte_to_length(longest)
