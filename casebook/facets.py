"""The facet values (outcome, council, year …) of every case, kept per index segment.

A segment never changes once written, so its facet values are read once and kept until the segment
is merged away: the first search after a save reads only the new small segment, where it read the
whole index again (about 85 ms at 10,000 cases). The values come from each facet field's column
(casebook.schema), read in one piece on the fast path, and are counted over a query's matches
directly: reading a posting list for each value, then grouping the cases by value, was about 75 ms
of the first query at 10,000 cases (bench/RESULTS.md). Deleted cases keep their values here; every
use meets them with a query's matches, which never hold deleted cases. A column holds at most 65,535
distinct combinations of a facet's values per segment (Whoosh warns and stores further ones empty).
"""

from __future__ import annotations

import functools
import struct
from collections import Counter
from collections.abc import Collection

from whoosh.columns import RefBytesColumn
from whoosh.reading import IndexReader

from casebook import fastpaths
from casebook.schema import FACET_FIELDS, FACET_SEPARATOR
from casebook.scoring import segments

#: A segment's place in an index: (segment id, its first document number).
Place = tuple[str, int]


class FacetSets:
    """Each case's values of each facet, by segment; and of the whole index for the last reader."""

    def __init__(self) -> None:
        self._segments: dict[Place, dict[str, tuple[list[bytes], set[bytes]]]] = {}
        self._whole: dict[str, tuple[list[Place], list[bytes], set[bytes]]] = {}

    def cases(self, reader: IndexReader, name: str, values: Collection[str]) -> set[int]:
        """The cases having any of `values` for facet `name`."""
        joined, distinct = self._index(reader, name)
        wanted = set(values)
        having = {v for v in distinct if not wanted.isdisjoint(split(v))}
        return {docnum for docnum, v in enumerate(joined) if v in having}

    def counts(self, reader: IndexReader, name: str, docs: Collection[int]) -> dict[str, int]:
        """How many of `docs` have each value of facet `name` (values none of them has left out)."""
        joined, distinct = self._index(reader, name)
        # where every case has the same values (one source, say), there is nothing to count
        if len(distinct) == 1 and docs:
            found = {next(iter(distinct)): len(docs)}
        else:
            found = Counter(map(joined.__getitem__, docs))
        counts: dict[str, int] = {}
        for values, many in found.items():
            for value in split(values):
                counts[value] = counts.get(value, 0) + many
        return counts

    def _index(self, reader: IndexReader, name: str) -> tuple[list[bytes], set[bytes]]:
        """Each case's values of facet `name` as its field holds them (joined by FACET_SEPARATOR),
        by document number in `reader`, and the distinct ones."""
        leaves = segments(reader)
        places = [(leaf.segment().segment_id(), offset) for leaf, offset in leaves]
        kept = self._whole.get(name)
        if kept is None or kept[0] != places:
            whole: list[bytes] = []
            distinct: set[bytes] = set()
            for (leaf, _), place in zip(leaves, places, strict=True):
                values, different = self._segment(leaf, place, name)
                whole += values
                distinct |= different
            kept = self._whole[name] = (places, whole, distinct)
        return kept[1], kept[2]

    def keep_only(self, reader: IndexReader) -> None:
        """Forget segments that `reader` (the newest) no longer has, or has at another place."""
        live = {(leaf.segment().segment_id(), offset) for leaf, offset in segments(reader)}
        self._segments = {key: value for key, value in self._segments.items() if key in live}

    def _segment(self, leaf: IndexReader, place: Place, name: str) -> tuple[list[bytes], set[bytes]]:
        """A segment's values of facet `name` by document, and the distinct ones, read once."""
        facets = self._segments.setdefault(place, {})
        if name not in facets:
            values = column(leaf, FACET_FIELDS[name])
            facets[name] = (values, set(values))
        return facets[name]


def column(leaf: IndexReader, fieldname: str) -> list[bytes]:
    """Each document's values of a facet field in one segment, joined as indexed, by its number
    there."""
    reader = leaf.column_reader(fieldname, translate=False)
    if fastpaths.on() and type(reader) is RefBytesColumn.Reader:
        return _in_one_piece(reader)
    return list(reader)


def _in_one_piece(reader: RefBytesColumn.Reader) -> list[bytes]:
    """A column's values from its references read in one piece (whoosh3's layout: one big-endian
    reference a document, then the distinct values), where Whoosh reads one document at a time."""
    count, typecode, distinct = reader._doccount, reader._typecode, reader._uniques
    refs = struct.unpack(f"!{count}{typecode}", reader._dbfile.get(reader._basepos, count * reader._itemsize))
    return list(map(distinct.__getitem__, refs))


@functools.cache
def split(joined: bytes) -> tuple[str, ...]:
    """The distinct values in a facet field's text, as its analyzer splits them (none empty)."""
    return tuple(dict.fromkeys(filter(None, joined.decode("utf-8").split(FACET_SEPARATOR))))
