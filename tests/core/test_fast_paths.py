"""The two speed-ups of Whoosh's own query evaluation give Whoosh's own answers: field lengths held
in memory (casebook.scoring) and phrases checked on positions (casebook.phrase)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from whoosh.query import Phrase, Query
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from casebook.library import Library
from casebook.phrase import AdjacentPhrase, adjacent
from casebook.query import QueryReader
from casebook.scoring import FieldLengths, MemoryBM25F
from casebook.search import bounded
from tests.conftest import case_text

QUERIES = ("council", "residents data", "chatbot OR voice", "digital NOT failure", "procure*", "volunteers~",
           "council:county", "lessons:training", '"council tax"', "year:2015..2021 housing", '"digital service"')
PHRASES = ('"council tax"', '"digital service"', '"the council"', '"data data"', '"adult social care"',
           '"social adult"', '"tax"', '"not in the index"', 'title:"social care"', '"care"~3')


@pytest.fixture
def lib(library: Library) -> Library:
    """The bundled cases in one segment, then two own cases in a second, one of them replaced
    (a deletion in the first segment is not involved, but one in the second is)."""
    library.catalog.set_setting("examples", "on")
    library.update()
    own = library.home.library
    (own / "repeat.md").write_text(case_text(title="Data data everywhere", body="Data data and council tax.\n"))
    (own / "stops.md").write_text(case_text(title="Social care", body="Adult and social care, the council.\n"))
    library.update()
    (own / "stops.md").write_text(case_text(title="Social care", body="Adult social care for the council.\n"))
    library.update()
    return library


def scored(searcher: Searcher, query: Query) -> list[tuple[int, float]]:
    return [(hit.docnum, round(hit.score, 9)) for hit in searcher.search(query, limit=None)]


def walk(query: Query) -> Iterator[Query]:
    yield query
    for child in query.children():
        yield from walk(child)


def test_memory_lengths_score_exactly_as_whoosh(lib: Library) -> None:
    ix, reader = lib.searcher()._ix, QueryReader()
    lengths = FieldLengths()
    with ix.searcher(weighting=BM25F()) as stock, ix.searcher(weighting=MemoryBM25F(lengths)) as ours:
        assert len(stock.reader().leaf_readers()) > 1
        for text in QUERIES:
            query = bounded(reader.read(text).query, stock.reader())
            expected = scored(stock, query)
            assert expected or text.startswith("year"), text
            assert scored(ours, query) == expected, text
    assert {field for _, field in lengths._lengths} >= {"title", "summary", "body"}


def test_lengths_of_merged_segments_are_forgotten(lib: Library) -> None:
    ix, lengths = lib.searcher()._ix, FieldLengths()
    with ix.searcher(weighting=MemoryBM25F(lengths)) as searcher:
        searcher.search(QueryReader().read("council").query)
    before = {segment for segment, _ in lengths._lengths}
    assert len(before) == len(ix.searcher().reader().leaf_readers())
    ix.optimize()  # merge every segment into one
    with ix.searcher() as merged:
        lengths.keep_only(merged.reader())
        assert not lengths._lengths
        merged_scored = ix.searcher(weighting=MemoryBM25F(lengths))
        query = QueryReader().read("council").query
        assert scored(merged_scored, query) == scored(merged, query)
        merged_scored.close()


@pytest.mark.parametrize("text", PHRASES)
def test_adjacent_phrases_match_as_whoosh_phrases(lib: Library, text: str) -> None:
    ix, parsed = lib.searcher()._ix, QueryReader().read(text).query
    with ix.searcher() as searcher:
        fast = bounded(parsed, searcher.reader())
        if "~3" in text:
            assert not any(isinstance(q, AdjacentPhrase) for q in walk(fast))
        elif any(isinstance(q, Phrase) for q in walk(parsed)):
            assert any(isinstance(q, AdjacentPhrase) for q in walk(fast))
        expected = scored(searcher, parsed)
        assert scored(searcher, fast) == expected, text
        if text in ('"council tax"', '"data data"', '"adult social care"'):
            assert expected, text


def test_adjacent_keeps_fields_without_positions_as_they_are(lib: Library) -> None:
    schema = lib.searcher()._ix.schema
    for field in ("outcome", "f_council"):
        phrase = Phrase(field, ["a", "b"])
        assert adjacent(phrase, schema) is phrase
    assert isinstance(adjacent(Phrase("body", ["council", "tax"]), schema), AdjacentPhrase)
