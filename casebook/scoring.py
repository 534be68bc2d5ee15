"""BM25F as Whoosh computes it, with each field's document lengths held in memory.

Whoosh reads a document's field length from disk for every posting it scores: at 10,000 cases
that was 40 % of the time of a query for a common word (bench/RESULTS.md). Segments never change
once written (deletions do not alter lengths), so the lengths are read once per segment and field
and kept until the segment is gone.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3PerDocReader, _lenfield
from whoosh.reading import IndexReader, SegmentReader
from whoosh.scoring import BM25F, BaseScorer, WeightLengthScorer
from whoosh.util.numeric import byte_to_length


def segments(reader: IndexReader) -> list[tuple[IndexReader, int]]:
    """(segment reader, its first document number) of each segment of `reader`; none for an
    empty index, whose reader is not a segment's."""
    return [(leaf, offset) for leaf, offset in reader.leaf_readers() if leaf.segment() is not None]


class FieldLengths:
    """Field lengths of every document, by (segment id, field name)."""

    def __init__(self) -> None:
        self._lengths: dict[tuple[str, str], list[int | None]] = {}

    def of(self, reader: IndexReader, fieldname: str) -> list[int | None]:
        """Lengths for a segment reader's documents, indexed by its document numbers."""
        key = (reader.segment().segment_id(), fieldname)
        if key not in self._lengths:
            self._lengths[key] = _column(reader, fieldname) or [
                reader.doc_field_length(d, fieldname, 1) for d in range(reader.doc_count_all())]
        return self._lengths[key]

    def keep_only(self, reader: IndexReader) -> None:
        """Forget segments that `reader` (the newest) no longer has, such as merged ones."""
        live = {leaf.segment().segment_id() for leaf, _ in segments(reader)}
        self._lengths = {key: value for key, value in self._lengths.items() if key[0] in live}


#: Length of each byte of whoosh3's length column; None for 0 (the field is empty or absent).
_BYTE_LENGTHS = [None, *map(byte_to_length, range(1, 256))]


def _column(reader: IndexReader, fieldname: str) -> list[int | None] | None:
    """The lengths read from whoosh3's length column in one piece (a byte a document, missing at
    the end where zero), or None where the column is not laid out so. Asking for each document's
    length was 240 ms of the first query at 10,000 cases."""
    perdoc = getattr(reader, "_perdoc", None) if isinstance(reader, SegmentReader) else None
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if isinstance(perdoc, W3PerDocReader) else None
    if column is None or column._fixedlen != 1:
        return None
    count = reader.doc_count_all()
    found = column._dbfile.get(column._basepos, min(column._count, count)) if column._count else b""
    return list(map(_BYTE_LENGTHS.__getitem__, found)) + [None] * (count - len(found))


class MemoryBM25F(BM25F):
    """Whoosh's BM25F (same formula and parameters) taking lengths from a `FieldLengths`."""

    def __init__(self, lengths: FieldLengths) -> None:
        super().__init__()
        self.lengths = lengths

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> BaseScorer:
        scorer = super().scorer(searcher, fieldname, text, qf)
        reader = searcher.reader()
        # Whoosh also asks the top-level searcher of a many-segment index for a scorer, but scores
        # with the per-segment ones; only those have a segment.
        if isinstance(scorer, WeightLengthScorer) and reader.segment() is not None:
            scorer.dfl = self.lengths.of(reader, fieldname).__getitem__
        return scorer
