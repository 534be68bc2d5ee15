"""The cases of each facet value (outcome, council, year …), kept per index segment.

A segment never changes once written, so its facet values are read once and kept until the segment
is merged away: the first search after a save reads only the new small segment, where it read the
whole index again (about 85 ms at 10,000 cases). The document numbers kept may include deleted
cases; every use meets them with a query's matches, which never hold deleted cases.
"""

from __future__ import annotations

from whoosh.reading import IndexReader

from casebook.evaluate import doc_ids
from casebook.schema import FACET_FIELDS
from casebook.scoring import segments

#: Facet value -> document numbers (numbered as in the whole index), for one segment.
Values = dict[str, set[int]]


class FacetSets:
    """Facet values of every segment, by (segment id, its first document number)."""

    def __init__(self) -> None:
        self._segments: dict[tuple[str, int], dict[str, Values]] = {}

    def parts(self, reader: IndexReader, name: str) -> list[Values]:
        """The values of facet `name`, one mapping for each segment of `reader`."""
        return [self._values(leaf, offset, name) for leaf, offset in segments(reader)]

    def cases(self, reader: IndexReader, name: str, values: list[str]) -> set[int]:
        """The cases having any of `values` for facet `name`."""
        return set().union(*(part.get(value, ()) for part in self.parts(reader, name) for value in values))

    def counts(self, reader: IndexReader, name: str, docs: set[int]) -> dict[str, int]:
        """How many of `docs` have each value of facet `name` (values none of them has left out)."""
        counts: dict[str, int] = {}
        for part in self.parts(reader, name):
            for value, ids in part.items():
                found = len(docs & ids)
                if found:
                    counts[value] = counts.get(value, 0) + found
        return counts

    def keep_only(self, reader: IndexReader) -> None:
        """Forget segments that `reader` (the newest) no longer has, or has at another place."""
        live = {(leaf.segment().segment_id(), offset) for leaf, offset in segments(reader)}
        self._segments = {key: value for key, value in self._segments.items() if key in live}

    def _values(self, leaf: IndexReader, offset: int, name: str) -> Values:
        facets = self._segments.setdefault((leaf.segment().segment_id(), offset), {})
        if name not in facets:
            fieldname = FACET_FIELDS[name]
            found = ((term.decode("utf-8"), doc_ids(leaf, fieldname, term)) for term in leaf.lexicon(fieldname))
            facets[name] = {value: {offset + d for d in ids} if offset else ids for value, ids in found}
        return facets[name]
