"""The speed-ups of query evaluation give Whoosh's own answers: field lengths held in memory
(casebook.scoring), phrases checked on positions (casebook.phrase) and scoring a term at a time
(casebook.evaluate). A word typed (casebook.bestmatch.Word), which Whoosh would score field by field,
is compared with BM25F written out here on Whoosh's public reader; a best match, which Whoosh would
read as a plain OR, with its parts' scores combined by the coordination rule written out here."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import whoosh
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.query import Or, Phrase, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from casebook import blocks, facets, fastpaths, snippets
from casebook import evaluate as evaluate_module
from casebook.bestmatch import BestMatch, Word
from casebook.evaluate import evaluate, scores_of
from casebook.home import Home
from casebook.library import Library
from casebook.phrase import AdjacentPhrase, _Adjacent, adjacent
from casebook.query import QueryReader
from casebook.schema import FACET_FIELDS
from casebook.scoring import FieldLengths, MemoryBM25F, _column
from casebook.search import CaseSearcher, bounded
from tests.conftest import case_text

QUERIES = ("council", "residents data", "chatbot OR voice", "digital NOT failure", "data ANDNOT staff",
           "NOT digital", "data -staff -training", "procure*",
           "volunteers~", "council:county", "lessons:training", '"council tax"', "year:2015..2021 housing",
           '"digital service"', "title:housing^3 OR lessons:data", "(data OR digital) AND (staff OR training)",
           "data ANDMAYBE staff", "outcome:failure", "*", "zzzz", "theme:placemaking OR service:housing",
           "housing parking transport", "tenants OR repairs OR damp", "how did councils fix damp in housing",
           "data -staff -training", "+data staff", "-staff", "residents centre", "housing -\"council tax\"",
           "chatbot for council tax", "what went wrong with housing repairs", "fly tipping fines")
#: Plain words: a best match, with a bonus for words next to each other (and thesaurus alternatives).
BEST_MATCHES = ("housing parking transport", "residents data", "how did councils fix damp in housing",
                "council tax chatbot", "fly tipping fines", "wifi centre", "adult social care")
#: More words: a description, the plain sum of its words' scores.
DESCRIPTIONS = ("data staff training repairs tenants",
                "what went wrong with the housing repairs for tenants in damp homes")
WORDS = ["housing", "parking", "transport", "tenants", "repairs", "damp", "data", "staff", "training", "council",
         "residents", "digital"]
PHRASES = ('"council tax"', '"digital service"', '"the council"', '"data data"', '"adult social care"',
           '"social adult"', '"tax"', '"not in the index"', 'title:"social care"', '"social care"~3',
           '"data everywhere"')
#: A phrase that Whoosh matches (NOT on its own), with casebook.phrase's position check. Not compared
#: with Whoosh's own search here: whoosh3 3.54.0 also finds a deleted case for NOT across segments.
WHOOSH_MATCHED = ('NOT "council tax"',)


@pytest.fixture
def lib(library: Library) -> Library:
    """The bundled cases in one segment; 200 own cases in a second (posting lists of several
    blocks), three of them replaced; two more in a third, one of them replaced."""
    library.catalog.set_setting("examples", "on")
    library.update()
    own, rng = library.home.library, random.Random(7)
    for n in range(200):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))
        (own / f"own-{n}.md").write_text(case_text(title=f"{rng.choice(WORDS)} {n}", body=body + "\n"))
    library.update()
    for n in (3, 100, 199):
        (own / f"own-{n}.md").write_text(case_text(title="Replaced", body="housing data, replaced\n"))
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


def as_whoosh(query: Query) -> Query:
    """The query with each best match and word read as Whoosh reads them: a plain OR."""
    if isinstance(query, (BestMatch, Word)):
        return Or([as_whoosh(sub) for sub in query.subqueries], boost=query.boost)
    return query.apply(as_whoosh)


def bm25f(searcher: Searcher, word: Word) -> dict[int, float]:
    """A word's BM25F scores from Whoosh's public reader: per field, frequency over relative length
    (k1 = 2, b = 0.75), summed, saturated once, times the idf of the cases having it in any field."""
    reader, frequency = searcher.reader(), {}
    for part in word.subqueries:
        average = searcher.avg_field_length(part.fieldname)
        for d, weight in weights(searcher, part).items():
            length = reader.doc_field_length(d, part.fieldname, 1)
            frequency[d] = frequency.get(d, 0.0) + weight / (0.25 + 0.75 * length / average)
    frequency = {d: f for d, f in frequency.items() if not reader.is_deleted(d)}
    idf = math.log(1 + (reader.doc_count() - len(frequency) + 0.5) / (len(frequency) + 0.5))
    return {d: round(idf * f * 3 / (f + 2) * word.boost, 9) for d, f in frequency.items()}


def weights(searcher: Searcher, part: Term | Phrase) -> dict[int, float]:
    """Document number -> a word's weight in its field (its frequency times the field's boost), or
    a phrase's: how often Whoosh's phrase matcher finds it, times the field's boost."""
    if isinstance(part, Term):
        if (part.fieldname, part.text) not in searcher.reader():
            return {}
        return dict(searcher.reader().postings(part.fieldname, part.text).items_as("weight"))
    found, boost = {}, searcher.schema[part.fieldname].format.field_boost
    for leaf, offset in searcher.leaf_searchers():
        matcher = part.matcher(leaf)
        while matcher.is_active():
            found[matcher.id() + offset] = len(matcher.spans()) * boost
            matcher.next()
    return found


def coordinated(ours: Searcher, best: BestMatch) -> dict[int, float]:
    """The scores of each part, summed and times the share of parts matched, for cases matching
    at least `minmatch` parts."""
    parts = [evaluate(ours, sub) for sub in best.subqueries]
    found = {d for part in parts for d in part}
    counts = {d: sum(d in part for part in parts) for d in found}
    return {d: round(sum(part.get(d, 0.0) for part in parts) * counts[d] / len(parts), 9)
            for d in found if counts[d] >= best.minmatch}


def approx(scores: dict[int, float]) -> dict[int, float]:
    return {docnum: round(score, 9) for docnum, score in scores.items()}


def test_term_at_a_time_scores_every_match_as_whoosh(lib: Library) -> None:
    ix, reader = lib.searcher()._ix, QueryReader()
    with ix.searcher(weighting=BM25F()) as stock, ix.searcher(weighting=MemoryBM25F(FieldLengths())) as ours:
        assert any(leaf.reader().has_deletions() for leaf, _ in ours.leaf_searchers())
        for text in (*QUERIES, *PHRASES):
            query = as_whoosh(bounded(reader.read(text).query, stock.reader()))
            expected = {hit.docnum: round(hit.score, 9) for hit in stock.search(query, limit=None)}
            assert approx(evaluate(ours, query)) == expected, text


def test_blocks_kept_in_a_search_are_read_once_and_score_the_same(library: Library,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Best matches, descriptions and phrases (read by casebook.evaluate alone) evaluated twice
    within one search read no block the second time, and score as when each block is read afresh.
    Three segments, none with deleted cases (whose postings Whoosh reads ahead): blocks of
    different segments at the same offset are not taken for each other."""
    library.catalog.set_setting("examples", "on")
    library.update()
    rng = random.Random(3)
    for batch in (range(150), range(150, 160)):
        for n in batch:
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))
            (library.home.library / f"own-{n}.md").write_text(case_text(title=f"{rng.choice(WORDS)} {n}", body=body))
        library.update()
    read: list[int] = []
    read_ids = W3LeafMatcher._read_ids
    monkeypatch.setattr(W3LeafMatcher, "_read_ids", lambda m: read.append(1) or read_ids(m))
    searcher, reader = library.searcher()._searcher, QueryReader()
    assert len(searcher.leaf_searchers()) == 3 and not searcher.reader().has_deletions()
    texts = [text for text in (*BEST_MATCHES, *DESCRIPTIONS, *PHRASES) if "~" not in text]
    queries = [bounded(reader.read(text).query, searcher.reader()) for text in texts]
    afresh = [approx(evaluate(searcher, query)) for query in queries]
    with blocks.once():
        assert [approx(evaluate(searcher, query)) for query in queries] == afresh
        first = len(read)
        assert [approx(evaluate(searcher, query)) for query in queries] == afresh
        assert len(read) == first
    assert first > 0


def test_a_search_reads_each_block_once(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Words typed, their thesaurus alternatives, phrases, the proximity bonus and the snippets of
    one search share the blocks read (casebook.blocks): none is read twice. No case deleted (the
    postings of a segment with deleted cases are read ahead by Whoosh's filter)."""
    library.catalog.set_setting("examples", "on")
    library.update()
    rng = random.Random(5)
    for n in range(150):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))
        (library.home.library / f"own-{n}.md").write_text(case_text(title=f"{rng.choice(WORDS)} {n}", body=body))
    library.update()
    searcher = library.searcher()
    read: list[tuple[int, int]] = []
    read_ids = W3LeafMatcher._read_ids
    monkeypatch.setattr(W3LeafMatcher, "_read_ids", lambda m: read.append((id(m._postfile), m._dataoffset))
                        or read_ids(m))
    for text in ("council tax chatbot", "housing repairs for tenants", '"council tax" housing data'):
        read.clear()
        assert searcher.search(text).hits, text
        assert len(read) == len(set(read)) > 0, text


def walk_blocks(leaf: Searcher, field: str, word: bytes, step: Callable[[W3LeafMatcher], None]) -> list[tuple]:
    """What each block of a word's postings holds after moving on to it with `step`."""
    matcher, found = leaf.reader().postings(field, word), []
    matcher = getattr(matcher, "child", matcher)  # without the filter of deleted cases
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        found.append((matcher._ids, list(matcher._weights), matcher._maxid, matcher._maxweight,
                      matcher._dataoffset, matcher._nextoffset, matcher._lastblock, matcher._maxlength))
        step(matcher)
    return found


@pytest.mark.parametrize("header_bytes", [blocks.HEADER_BYTES, 8])
def test_blocks_read_in_one_piece_are_whooshs(lib: Library, monkeypatch: pytest.MonkeyPatch,
                                              header_bytes: int) -> None:
    """Every block of every word of three fields, as Whoosh moves on to it; also where the header is
    longer than the bytes read at once (then read Whoosh's way, and only then)."""
    monkeypatch.setattr(blocks, "HEADER_BYTES", header_bytes)
    gone_to, whooshs_way = [], []
    goto = W3LeafMatcher._goto
    monkeypatch.setattr(W3LeafMatcher, "_goto", lambda m, position: gone_to.append(position) or goto(m, position))

    def one_piece(matcher: W3LeafMatcher) -> None:
        before = len(gone_to)
        blocks.next_block(matcher)
        whooshs_way.extend(gone_to[before:])

    many = 0
    for leaf, _ in lib.searcher()._searcher.leaf_searchers():
        for field in ("body", "title", "tag"):
            for word in leaf.reader().lexicon(field):
                expected = walk_blocks(leaf, field, word, W3LeafMatcher._next_block)
                assert walk_blocks(leaf, field, word, one_piece) == expected, word
                many += len(expected) > 1
    assert many > 10
    assert bool(whooshs_way) == (header_bytes == 8)


def test_words_are_scored_with_bm25f_across_their_fields(lib: Library) -> None:
    ix, reader = lib.searcher()._ix, QueryReader()
    with ix.searcher(weighting=BM25F()) as stock, ix.searcher(weighting=MemoryBM25F(FieldLengths())) as ours:
        assert len(stock.reader().leaf_readers()) > 1 and stock.reader().has_deletions()
        for text in (*WORDS, "social", "zzzz"):
            word = reader.word(text, 0.5 if text == "data" else 1.0)
            assert isinstance(word, Word) and len(word.subqueries) == (4 if text == "council" else 5), text
            expected = bm25f(stock, word)
            assert bool(expected) == (text != "zzzz"), text
            assert approx(evaluate(ours, word)) == expected, text
            assert approx(evaluate(stock, word)) == expected, text  # Whoosh's own weighting: no fast path


def test_a_phrase_is_scored_as_one_word_across_its_fields(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a word: its occurrences in each field over the field's relative length, saturated once,
    times one idf. Whoosh's own weighting reads the positions through its matchers; ours, blocks."""
    ix, reader = lib.searcher()._ix, QueryReader()
    read = evaluate_module._positions_by_whoosh
    with ix.searcher(weighting=BM25F()) as stock, ix.searcher(weighting=MemoryBM25F(FieldLengths())) as ours:
        for text in ("council tax", "adult social care", "data data", "social adult", "data everywhere"):
            word = reader.word(text)
            assert isinstance(word, Word) and Phrase in {type(q) for q in word.subqueries}, text
            expected = bm25f(stock, word)
            assert bool(expected) == (text != "social adult"), text
            assert approx(evaluate(stock, word)) == expected, text
            monkeypatch.setattr(evaluate_module, "_positions_by_whoosh", lambda *_: pytest.fail("Whoosh matcher"))
            assert approx(evaluate(ours, word)) == expected, text
            monkeypatch.setattr(evaluate_module, "_positions_by_whoosh", read)


def test_descriptions_are_the_plain_sum_of_their_words(lib: Library) -> None:
    ix, reader = lib.searcher()._ix, QueryReader(lib.searcher().reader.thesaurus)
    with ix.searcher(weighting=MemoryBM25F(FieldLengths())) as ours:
        for text in DESCRIPTIONS:
            parsed = reader.read(text)
            assert type(parsed.query) is Or and parsed.proximity is None, text
            assert all(isinstance(sub, Word) for sub in parsed.query.subqueries), text
            expected: dict[int, float] = {}
            for sub in parsed.query.subqueries:
                for d, s in evaluate(ours, sub).items():
                    expected[d] = expected.get(d, 0.0) + s
            assert approx(evaluate(ours, parsed.query)) == approx(expected), text
    assert [w.subqueries[0].text for w in reader.read(DESCRIPTIONS[1]).query.subqueries] == [
        "hous", "repair", "tenant", "damp", "home", "went", "wrong"]  # outcome words are searched as words too


def test_best_match_is_its_parts_scores_coordinated(lib: Library) -> None:
    ix, reader = lib.searcher()._ix, QueryReader(lib.searcher().reader.thesaurus)
    with ix.searcher(weighting=BM25F()) as stock, ix.searcher(weighting=MemoryBM25F(FieldLengths())) as ours:
        for text in BEST_MATCHES:
            best = bounded(reader.read(text).query, stock.reader())
            assert isinstance(best, BestMatch), text
            expected = coordinated(ours, best)
            assert expected, text
            assert approx(evaluate(ours, best)) == expected, text
            if best.minmatch > 1:  # the rule differs from a plain OR
                assert expected != approx(evaluate(ours, as_whoosh(best))), text


def test_proximity_is_scored_as_whoosh_for_the_cases_asked(lib: Library) -> None:
    """The bonus of words next to each other, for the best cases only: Whoosh's scores of the pair
    phrases (checked the fast way, casebook.phrase), walking only to the cases asked for."""
    ix, reader = lib.searcher()._ix, QueryReader(lib.searcher().reader.thesaurus)
    with ix.searcher(weighting=BM25F()) as stock, ix.searcher(weighting=MemoryBM25F(FieldLengths())) as ours:
        for text in BEST_MATCHES:
            near = bounded(reader.read(text).proximity, stock.reader())
            assert any(isinstance(q, AdjacentPhrase) for q in walk(near)), text
            whole = dict(scored(stock, near))
            asked = sorted(evaluate(ours, bounded(reader.read(text).query, stock.reader())))[::3]
            assert approx(scores_of(ours, near, asked)) == {d: s for d, s in whole.items() if d in asked}, text
            assert approx(scores_of(ours, near, sorted(whole))) == whole, text


def test_words_are_scored_without_whoosh_matchers(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path is taken for plain words (else the test above would prove nothing about it)."""
    ix = lib.searcher()._ix
    query = QueryReader().read("housing data").query  # a best match of two Or's of terms, one per field
    assert isinstance(query, BestMatch) and isinstance(query.subqueries[0].subqueries[0], Term)
    with ix.searcher(weighting=MemoryBM25F(FieldLengths())) as ours:
        expected = evaluate(ours, query)
        monkeypatch.setattr(evaluate_module, "_by_whoosh", lambda *_: pytest.fail("Whoosh matcher used"))
        assert evaluate(ours, query) == expected
        assert any(leaf.reader().doc_frequency("body", "data") > 128  # more than one block of postings
                   for leaf, _ in ours.leaf_searchers())


def test_relevance_order_is_whooshs(lib: Library) -> None:
    """Best first, and among equal scores the lower document number, as Whoosh's top collector."""
    searcher = lib.searcher()
    result = searcher.search("housing OR data", limit=30)
    query = bounded(QueryReader().read("housing OR data").query, searcher._searcher.reader())
    with searcher._ix.searcher(weighting=BM25F()) as stock:
        expected = [stock.stored_fields(hit.docnum)["uid"] for hit in stock.search(query, limit=30)]
    assert len(result.hits) == 30 and [hit.uid for hit in result.hits] == expected


def test_memory_lengths_score_exactly_as_whoosh(lib: Library) -> None:
    ix, reader = lib.searcher()._ix, QueryReader()
    lengths = FieldLengths()
    with ix.searcher(weighting=BM25F()) as stock, ix.searcher(weighting=MemoryBM25F(lengths)) as ours:
        assert len(stock.reader().leaf_readers()) > 1
        for text in QUERIES:
            query = bounded(reader.read(text).query, stock.reader())
            expected = scored(stock, query)
            assert expected or text in ("zzzz", "year:2015..2021 housing"), text
            assert scored(ours, query) == expected, text
    assert {field for _, field in lengths._lengths} >= {"title", "summary", "body"}


def test_lengths_of_merged_segments_are_forgotten(lib: Library) -> None:
    searcher, query = lib.searcher(), as_whoosh(QueryReader().read("council").query)
    searcher.search("council")
    assert len({segment for segment, _ in searcher._lengths._lengths}) == len(
        searcher._searcher.reader().leaf_readers()) > 1
    before = {segment for segment, _ in searcher._lengths._lengths}
    searcher._ix.optimize()  # merge every segment into one
    searcher.refresh()  # the self-check of the new searcher reads the merged segment's body lengths
    merged = {leaf.segment().segment_id() for leaf, _ in searcher._searcher.reader().leaf_readers()}
    assert set(searcher._lengths._lengths) == {(segment, "body") for segment in merged}
    assert not merged & before
    with searcher._ix.searcher(weighting=BM25F()) as stock:
        assert approx(evaluate(searcher._searcher, query)) == approx(dict(scored(stock, query)))
    assert len(searcher._lengths._lengths) > 0


def test_lengths_read_in_one_piece_are_whooshs(lib: Library) -> None:
    """Read from the length column in one piece (a segment whose cases have no lessons has none)."""
    with lib.searcher()._ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            for field in ("title", "summary", "body", "lessons", "council", "tag"):
                expected = [leaf.doc_field_length(d, field, 1) for d in range(leaf.doc_count_all())]
                assert FieldLengths().of(leaf, field) == expected, field
            assert _column(leaf, "body") is not None


def test_facet_columns_read_in_one_piece_are_whooshs(lib: Library) -> None:
    """Every document's values as Whoosh's column reader gives them, deleted ones too; and the
    values split from them are those of the field's postings."""
    deleted_seen = False
    with lib.searcher()._ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            for field in FACET_FIELDS.values():
                found = facets.column(leaf, field)
                assert found == list(leaf.column_reader(field, translate=False)), field
                for term in leaf.lexicon(field):
                    having = {d for d, v in enumerate(found) if term.decode() in facets.split(v)}
                    assert {d for d in having if not leaf.is_deleted(d)} == set(leaf.postings(field, term).all_ids())
                deleted_seen = deleted_seen or any(leaf.is_deleted(d) for d in range(len(found)))
    assert deleted_seen


def test_facet_values_are_read_once_per_segment_and_joined_once_per_index(lib: Library,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A search on the index of the last reads no facet column and joins no segment's values again;
    after a case is added, only the columns of the segments new to the index are read."""
    searcher = lib.searcher()
    searcher.search("housing")
    read: list[str] = []
    joined: list[str] = []
    column, segment = facets.column, facets.FacetSets._segment
    monkeypatch.setattr(facets, "column", lambda leaf, field: read.append(field) or column(leaf, field))
    monkeypatch.setattr(facets.FacetSets, "_segment", lambda s, *a: joined.append(a[-1]) or segment(s, *a))
    searcher.search("data", filters={"outcome": ["failure"]})
    assert (read, joined) == ([], [])
    before = {leaf.segment().segment_id() for leaf, _ in searcher._searcher.reader().leaf_readers()}
    (lib.home.library / "added.md").write_text(case_text(title="Added housing case"))
    lib.update()
    assert lib.search("data").total > 0
    after = {leaf.segment().segment_id() for leaf, _ in lib.searcher()._searcher.reader().leaf_readers()}
    assert len(read) == len(FACET_FIELDS) * len(after - before) > 0


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


def answers(lib: Library) -> list[list[tuple[str, float | None]]]:
    """What a fresh searcher answers to every query form above: ids and scores of the best 30."""
    searcher = CaseSearcher(lib.store.open())
    try:
        return [[(h.uid, h.score) for h in searcher.search(text, limit=30).hits]
                for text in (*QUERIES, *BEST_MATCHES, *PHRASES, *WHOOSH_MATCHED)]
    finally:
        searcher.close()


def facets_and_snippets(lib: Library) -> list[tuple[dict[str, dict[str, int]], list[str]]]:
    """The facet counts and the snippets of the hits a fresh searcher gives for each query form above."""
    searcher = CaseSearcher(lib.store.open())
    try:
        results = [searcher.search(text) for text in (*QUERIES, *BEST_MATCHES, *PHRASES)]
        return [(result.facets, [hit.snippet for hit in result.hits]) for result in results]
    finally:
        searcher.close()


def paths_taken(lib: Library, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Which fast paths the searches take: 'words' (posting blocks read by casebook.evaluate),
    'phrases' (casebook.evaluate's phrases checked at their candidates), 'phrase matcher'
    (casebook.phrase's position check, where Whoosh matches a phrase: NOT "…"), 'lengths'
    (casebook.scoring), 'facet columns' (casebook.facets), 'snippet blocks' (casebook.snippets),
    'ranges' (numeric ranges read by casebook.evaluate)."""
    taken: set[str] = set()
    blocks, phrase, spans = evaluate_module._blocks, evaluate_module._phrase, _Adjacent.SpanNear2Matcher._get_spans
    lengths, columns, characters = FieldLengths.of, facets._in_one_piece, snippets._from_blocks
    in_range = evaluate_module._in_range
    monkeypatch.setattr(evaluate_module, "_blocks", lambda m: taken.add("words") or blocks(m))
    monkeypatch.setattr(evaluate_module, "_phrase", lambda *a: taken.add("phrases") or phrase(*a))
    monkeypatch.setattr(_Adjacent.SpanNear2Matcher, "_get_spans", lambda s: taken.add("phrase matcher") or spans(s))
    monkeypatch.setattr(FieldLengths, "of", lambda s, r, f: taken.add("lengths") or lengths(s, r, f))
    monkeypatch.setattr(facets, "_in_one_piece", lambda r: taken.add("facet columns") or columns(r))
    monkeypatch.setattr(snippets, "_from_blocks", lambda m, d: taken.add("snippet blocks") or characters(m, d))
    monkeypatch.setattr(evaluate_module, "_in_range", lambda q, leaf: taken.add("ranges") or in_range(q, leaf))
    answers(lib)
    return taken


def test_each_fast_path_is_taken_and_switching_them_off_changes_no_answer(
        lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastpaths.SWITCH, "reason", "")
    fast, fast_shown = answers(lib), facets_and_snippets(lib)
    assert paths_taken(lib, monkeypatch) == {"words", "phrases", "phrase matcher", "lengths", "facet columns",
                                                "snippet blocks", "ranges"}
    monkeypatch.setattr(fastpaths.SWITCH, "reason", "switched off by the test")
    assert paths_taken(lib, monkeypatch) == set()
    slow = answers(lib)
    assert facets_and_snippets(lib) == fast_shown
    assert [[uid for uid, _ in hits] for hits in slow] == [[uid for uid, _ in hits] for hits in fast]
    assert [[round(s or 0, 3) for _, s in hits] for hits in slow] == [[round(s or 0, 3) for _, s in hits]
                                                                       for hits in fast]


def test_a_failed_self_check_switches_the_fast_paths_off(lib: Library, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(fastpaths.SWITCH, "reason", "switched off by the test")
    expected = answers(lib)
    monkeypatch.setattr(fastpaths.SWITCH, "reason", "")
    blocks = evaluate_module._blocks
    monkeypatch.setattr(evaluate_module, "_blocks", lambda m: ((ids, [w * 2 for w in ws]) for ids, ws in blocks(m)))
    with caplog.at_level("WARNING", logger="casebook.search"):
        assert answers(lib) == expected
    assert not fastpaths.on()
    assert "search fast paths off: self-check: '" in caplog.text


def test_another_whoosh_version_switches_the_fast_paths_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh, "__version__", (3, 55, 0))
    assert fastpaths._Switch().reason == "Whoosh 3.55.0 is not the checked 3.54.0"
    monkeypatch.setattr(whoosh, "__version__", fastpaths.SUPPORTED_WHOOSH)
    assert fastpaths._Switch().reason == ""


def test_a_word_scores_on_an_index_with_replaced_cases_as_on_one_built_afresh(library: Library,
                                                                                   tmp_path: Path) -> None:
    """The idf of a word counts the live cases only: cases replaced or removed (still in their segment
    until it is merged) neither have the word nor count among the cases. Every case has fields of the
    same lengths, so the average lengths, which Whoosh keeps over deleted cases too, are the same."""
    own = library.home.library
    for n in range(40):
        (own / f"c{n}.md").write_text(case_text(title=f"Case {n}", summary="Recycling bins collected."
                                                if n < 2 else "Parking permits issued."))
    library.update()
    for n in range(5):
        (own / "c39.md").write_text(case_text(title=f"Case {n}", summary="Parking permits issued."))
        library.reindex([own / "c39.md"])
    (own / "c38.md").unlink()
    library.reindex([own / "c38.md"])
    reader = library.searcher()._searcher.reader()
    assert (reader.doc_count(), reader.doc_count_all()) == (39, 40)
    afresh = Library(Home(tmp_path / "afresh").ensure())
    afresh.catalog.set_setting("examples", "off")
    for path in own.iterdir():
        (afresh.home.library / path.name).write_bytes(path.read_bytes())
    afresh.update()
    try:
        expected = [(h.id, h.score) for h in afresh.search("recycling").hits]
        assert expected == [("c0", 4.1589), ("c1", 4.1589)]
        assert [(h.id, h.score) for h in library.search("recycling").hits] == expected
    finally:
        afresh.close()
