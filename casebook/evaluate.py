"""Every case matching a query, with the score Whoosh gives it, computed a term at a time.

Casebook needs every match (facet counts, the total), not only the best few, so Whoosh's matchers
walked and scored each posting through several Python calls: 2-3 µs a posting, most of a query's
time (bench/RESULTS.md). Here a term's postings are scored a block at a time with the same BM25F
formula, a word typed (casebook.bestmatch.Word) is scored across its fields as one word, and AND,
OR, best match, NOT inside an AND, ANDNOT and ANDMAYBE combine dictionaries of scores. Any other
part of a query (phrases, ranges, NOT on its own, everything) is still matched by Whoosh.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndMaybe, AndNot, Not, Or, Query, Term
from whoosh.scoring import BM25FScorer
from whoosh.searching import Searcher

from casebook.bestmatch import BestMatch, Word
from casebook.scoring import MemoryBM25F

Scores = dict[int, float]
Blocks = Iterator[tuple[Any, Any]]

#: BM25F parameters of a word typed: on the judged collections of bench/relevance, k1 = 2 ranked
#: better than Whoosh's 1.2 (bench/RESULTS.md).
WORD_K1 = 2.0
WORD_B = 0.75


def evaluate(searcher: Searcher, query: Query) -> Scores:
    """Document number -> score for every live document matching `query`."""
    found: Scores = {}
    words = WordCounts(searcher)
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        scores = _scores(query, leaf, words)
        if reader.has_deletions():
            scores = {d: s for d, s in scores.items() if not reader.is_deleted(d)}
        found.update(scores if not offset else {d + offset: s for d, s in scores.items()})
    return found


def scores_of(searcher: Searcher, query: Query, docnums: list[int]) -> Scores:
    """Document number -> score of `query` for those of `docnums` it matches, skipping straight to
    them: for a few cases, far cheaper than `evaluate` (used for phrases over the best cases)."""
    found: Scores = {}
    wanted = sorted(docnums)
    for leaf, offset in searcher.leaf_searchers():
        local = [d - offset for d in wanted if offset <= d < offset + leaf.doc_count_all()]
        matcher = query.matcher(leaf, leaf.context()) if local else None
        for d in local:
            if not matcher.is_active():
                break
            if matcher.id() < d:
                matcher.skip_to(d)
            if matcher.is_active() and matcher.id() == d:
                found[d + offset] = matcher.score()
    return found


def _scores(query: Query, leaf: Searcher, words: WordCounts) -> Scores:
    kind = type(query)
    if kind in (And, Or) and len(query.subqueries) == 1:  # Whoosh ignores the boost of such a group
        return _scores(query.subqueries[0], leaf, words)
    if kind is Term:
        scores = _term(query, leaf)
    elif kind is Word:
        scores = words.scores(query, leaf)
    elif kind is Or and not query.scale and not query.minmatch:
        scores = {}
        for sub in query.subqueries:
            for d, s in _scores(sub, leaf, words).items():
                scores[d] = scores.get(d, 0.0) + s
    elif kind is BestMatch:
        scores = _best_match(query, leaf, words)
    elif kind is And and any(type(sub) is not Not for sub in query.subqueries):
        scores = _all_of(query.subqueries, leaf, words)
    elif kind is AndNot:
        excluded = _scores(query.b, leaf, words)
        scores = {d: s for d, s in _scores(query.a, leaf, words).items() if d not in excluded}
    elif kind is AndMaybe:
        extra = _scores(query.b, leaf, words)
        scores = {d: s + extra.get(d, 0.0) for d, s in _scores(query.a, leaf, words).items()}
    else:
        return _by_whoosh(query, leaf)
    boost = getattr(query, "boost", 1.0)
    return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}


def _best_match(query: BestMatch, leaf: Searcher, words: WordCounts) -> Scores:
    """The sum of the parts' scores times the share of parts matched, for cases matching enough."""
    found = [_scores(sub, leaf, words) for sub in query.subqueries]
    if len(found) == 1 and query.minmatch <= 1:  # a factor of 1: the part's own scores (one word)
        return found[0]
    total: Scores = {}
    counts: dict[int, int] = {}
    for part in found:
        for d, s in part.items():
            total[d] = total.get(d, 0.0) + s
            counts[d] = counts.get(d, 0) + 1
    parts, least = len(found), query.minmatch
    return {d: s * counts[d] / parts for d, s in total.items() if counts[d] >= least}


def _all_of(subqueries: list[Query], leaf: Searcher, words: WordCounts) -> Scores:
    """AND: the sum of the scores; a NOT part excludes its matches and, as in Whoosh, adds 1."""
    parts = sorted((_scores(sub, leaf, words) for sub in subqueries if type(sub) is not Not), key=len)
    scores = parts[0]
    for part in parts[1:]:
        scores = {d: s + part[d] for d, s in scores.items() if d in part}
    for sub in subqueries:
        if type(sub) is Not:
            excluded = _scores(sub.query, leaf, words)
            scores = {d: s + 1.0 for d, s in scores.items() if d not in excluded}
    return scores


def _term(query: Term, leaf: Searcher) -> Scores:
    """One word's postings scored with BM25F exactly as Whoosh's scorer does, block by block."""
    if query.fieldname not in leaf.schema:
        return {}
    field, reader, weighting = leaf.schema[query.fieldname], leaf.reader(), leaf.weighting
    try:
        text = field.to_bytes(query.text)
    except ValueError:
        return {}
    if (query.fieldname, text) not in reader:
        return {}
    scorer = weighting.scorer(leaf, query.fieldname, text)
    matcher = reader.postings(query.fieldname, text, scorer=scorer)
    if isinstance(matcher, FilterMatcher):  # deleted documents: left out by evaluate()
        matcher = matcher.child
    if not (isinstance(weighting, MemoryBM25F) and type(scorer) is BM25FScorer
            and type(matcher) is W3LeafMatcher):
        return _by_whoosh(Term(query.fieldname, query.text), leaf)
    lengths = weighting.lengths.of(reader, query.fieldname)
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    k1_plus_1, one_minus_b = k1 + 1, 1 - b
    scores = {}
    for ids, weights in _blocks(matcher):
        for d, tf in zip(ids, weights, strict=True):  # whoosh.scoring.bm25, term for term
            scores[d] = idf * ((tf * k1_plus_1) / (tf + k1 * (one_minus_b + b * lengths[d] / avgfl)))
    return scores


class WordCounts:
    """Words typed (casebook.bestmatch.Word) scored with BM25F (Robertson and Zaragoza): the word's
    frequency in each field (times the field's boost, which the index keeps in the frequency) over
    the field's relative length, summed over the fields and saturated once, times one idf, of the
    cases having the word in any field. Whoosh adds a BM25 score per field, each with its own idf:
    a common word rare in titles weighed as a rare word (bench/RESULTS.md). The idf needs every
    segment's cases, so each segment's frequencies are kept for the rest of one evaluation."""

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._frequencies: dict[tuple[Word, int], Scores] = {}

    def scores(self, word: Word, leaf: Searcher) -> Scores:
        having = sum(len(self._frequency(word, other)) for other, _ in self._searcher.leaf_searchers())
        count = self._searcher.doc_count_all()
        idf = math.log(1 + (count - having + 0.5) / (having + 0.5))
        return {d: idf * f * (WORD_K1 + 1) / (f + WORD_K1) for d, f in self._frequency(word, leaf).items()}

    def _frequency(self, word: Word, leaf: Searcher) -> Scores:
        """Document number -> the word's length-normalised frequency over its fields, in one segment."""
        key = (word, id(leaf.reader()))
        if key not in self._frequencies:
            self._frequencies[key] = _frequency(word, leaf, self._searcher)
        return self._frequencies[key]


def _frequency(word: Word, leaf: Searcher, searcher: Searcher) -> Scores:
    frequency: Scores = {}
    reader = leaf.reader()
    for term in word.subqueries:
        try:
            text = leaf.schema[term.fieldname].to_bytes(term.text)
        except (KeyError, ValueError):
            continue
        if (term.fieldname, text) not in reader:
            continue
        average, length = searcher.avg_field_length(term.fieldname) or 1, _lengths(leaf, term.fieldname)
        for ids, weights in _postings(leaf, term.fieldname, text):
            for d, weight in zip(ids, weights, strict=True):
                frequency[d] = frequency.get(d, 0.0) + weight / (1 - WORD_B + WORD_B * length(d) / average)
    if reader.has_deletions():  # replaced or removed cases neither match nor count in the idf
        frequency = {d: f for d, f in frequency.items() if not reader.is_deleted(d)}
    return frequency


def _postings(leaf: Searcher, fieldname: str, text: bytes) -> Blocks:
    """(document numbers, weights) of a term's postings, a block at a time on the fast path."""
    matcher = leaf.reader().postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # deleted documents: left out by evaluate()
        matcher = matcher.child
    if isinstance(leaf.weighting, MemoryBM25F) and type(matcher) is W3LeafMatcher:
        yield from _blocks(matcher)
        return
    while matcher.is_active():
        yield (matcher.id(),), (matcher.weight(),)
        matcher.next()


def _lengths(leaf: Searcher, fieldname: str) -> Callable[[int], int]:
    """A document's length in a field, from memory on the fast path."""
    reader, weighting = leaf.reader(), leaf.weighting
    if isinstance(weighting, MemoryBM25F):
        return weighting.lengths.of(reader, fieldname).__getitem__
    return lambda d: reader.doc_field_length(d, fieldname, 1)


def _blocks(matcher: W3LeafMatcher) -> Blocks:
    """(document numbers, weights) of each block of a posting list (whoosh3's block layout)."""
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        matcher._next_block()


def _by_whoosh(query: Query, leaf: Searcher) -> Scores:
    matcher, scores = query.matcher(leaf, leaf.context()), {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores
