"""Every case matching a query, with the score Whoosh gives it, computed a term at a time.

Casebook needs every match (facet counts, the total), not only the best few, so Whoosh's matchers
walked and scored each posting through several Python calls: 2-3 µs a posting, most of a query's
time (bench/RESULTS.md). Here a term's postings are scored a block at a time with the same BM25F
formula, a word typed (casebook.bestmatch.Word) is scored across its fields as one word, and AND,
OR, best match, NOT inside an AND, ANDNOT and ANDMAYBE combine dictionaries of scores. Exact
phrases (casebook.phrase) are checked on the positions of the cases holding all their words, and
numeric ranges on the postings of the words they stand for. Any other part of a query (other
ranges, NOT on its own, everything) is still matched by Whoosh.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, AndMaybe, AndNot, Not, NumericRange, Or, Phrase, Query, Term
from whoosh.reading import IndexReader
from whoosh.scoring import BM25FScorer
from whoosh.searching import Searcher

from casebook import blocks
from casebook.bestmatch import BestMatch, Word
from casebook.phrase import AdjacentPhrase
from casebook.scoring import MemoryBM25F

Scores = dict[int, float]
Blocks = Iterator[tuple[Any, Any]]

#: BM25F parameters of a word typed: on the judged collections of bench/relevance, k1 = 2 ranked
#: better than Whoosh's 1.2 (bench/RESULTS.md).
WORD_K1 = 2.0
WORD_B = 0.75


def evaluate(searcher: Searcher, query: Query, words: WordCounts | None = None) -> Scores:
    """Document number -> score for every live document matching `query`; `words` keeps what the
    words typed were found in, to be asked afterwards (`WordCounts.together`)."""
    found: Scores = {}
    words = words or WordCounts(searcher)
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        scores = _scores(query, leaf, words)
        if reader.has_deletions():  # the few deleted ones taken out: asking each match cost 3 % of a query
            scores = dict(scores)
            for d in reader.deleted_docs_set:
                scores.pop(d, None)
        found.update(scores if not offset else {d + offset: s for d, s in scores.items()})
    return found


def scores_of(searcher: Searcher, query: Query, docnums: list[int]) -> Scores:
    """Document number -> score of `query` for those of `docnums` it matches, skipping straight to
    them: for a few cases, far cheaper than `evaluate` (used for phrases over the best cases)."""
    found: Scores = {}
    wanted = sorted(docnums)
    for leaf, offset in searcher.leaf_searchers():
        local = [d - offset for d in wanted if offset <= d < offset + leaf.doc_count_all()]
        if local:
            found.update({d + offset: s for d, s in _scores_at(query, leaf, local).items()})
    return found


def _scores_at(query: Query, leaf: Searcher, local: list[int]) -> Scores:
    """`scores_of` in one segment: sums of phrases checked at the cases asked for (casebook.phrase)
    as `_scores` does, anything else by Whoosh's matchers skipping to those cases. Whoosh's phrase
    matcher went on to the next case with the phrase, reading every case on the way."""
    kind = type(query)
    if kind is Or and len(query.subqueries) == 1:
        return _scores_at(query.subqueries[0], leaf, local)
    if kind is AdjacentPhrase:
        scores = _phrase(query, leaf, local)
    elif kind is Or and not query.scale and not query.minmatch:
        scores = {}
        for sub in query.subqueries:
            for d, s in _scores_at(sub, leaf, local).items():
                scores[d] = scores.get(d, 0.0) + s
    else:
        return _matched_at(query, leaf, local)
    boost = getattr(query, "boost", 1.0)
    return scores if boost == 1.0 else {d: s * boost for d, s in scores.items()}


def _matched_at(query: Query, leaf: Searcher, local: list[int]) -> Scores:
    found: Scores = {}
    matcher = query.matcher(leaf, leaf.context())
    for d in local:
        if _skip_to(matcher, d):
            found[d] = matcher.score()
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
    elif kind is AdjacentPhrase:
        scores = _phrase(query, leaf)
    elif kind is NumericRange and query.constantscore and isinstance(leaf.weighting, MemoryBM25F):
        scores = _in_range(query, leaf)
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


def _in_range(query: NumericRange, leaf: Searcher) -> Scores:
    """A numeric range (year:2019..2021) scored as Whoosh scores it: 1 (times its boost) for every
    case having any of the words of the index it stands for. Whoosh's matcher went through the
    cases one at a time: 6 of the 20 ms of a query with a year range at 10,000 cases."""
    reader, found = leaf.reader(), set()
    for fieldname, text in query._compile_query(reader).existing_terms(reader, expand=True):
        for ids, _ in _postings(leaf, fieldname, text):
            found.update(ids)
    return dict.fromkeys(found, 1.0)


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
        count = self._searcher.doc_count()
        idf = math.log(1 + (count - having + 0.5) / (having + 0.5))
        return {d: idf * f * (WORD_K1 + 1) / (f + WORD_K1) for d, f in self._frequency(word, leaf).items()}

    def together(self, words: list[Word]) -> bool:
        """Whether a case has every one of the words (or phrases), in any field searched."""
        return any(set.intersection(*(set(self._frequency(w, leaf)) for w in words))
                   for leaf, _ in self._searcher.leaf_searchers())

    def _frequency(self, word: Word, leaf: Searcher) -> Scores:
        """Document number -> the word's length-normalised frequency over its fields, in one segment."""
        key = (word, id(leaf.reader()))
        if key not in self._frequencies:
            self._frequencies[key] = _frequency(word, leaf, self._searcher)
        return self._frequencies[key]


def _frequency(word: Word, leaf: Searcher, searcher: Searcher) -> Scores:
    frequency: Scores = {}
    reader = leaf.reader()
    for part in word.subqueries:
        weighted = _weights(part, leaf)
        if weighted is None:
            continue
        average, length = searcher.avg_field_length(part.fieldname) or 1, _lengths(leaf, part.fieldname)
        for ids, weights in weighted:
            for d, weight in zip(ids, weights, strict=True):
                frequency[d] = frequency.get(d, 0.0) + weight / (1 - WORD_B + WORD_B * length(d) / average)
    if reader.has_deletions():  # replaced or removed cases neither match nor count in the idf
        for d in reader.deleted_docs_set:
            frequency.pop(d, None)
    return frequency


def _weights(part: Term | Phrase, leaf: Searcher) -> Blocks | None:
    """(document numbers, weights) of a word in its field; of a phrase as if it were one word: how
    often its words stand next to each other, times the field's boost. None where no case has it.
    A phrase scored as its words added up in each field weighed as several words: a thesaurus
    alternative ("joint venture") outranked the word typed ("outsourcing")."""
    if part.fieldname not in leaf.schema:
        return None
    field, reader = leaf.schema[part.fieldname], leaf.reader()
    try:
        texts = [field.to_bytes(w) for w in (part.words if isinstance(part, Phrase) else [part.text])]
    except ValueError:
        return None
    if not all((part.fieldname, text) in reader for text in texts):
        return None
    if len(texts) == 1:
        return _postings(leaf, part.fieldname, texts[0])
    if not field.format.supports("positions"):
        return None
    found = _adjacent(leaf, part.fieldname, texts)
    return iter([(list(found), [len(at) * field.format.field_boost for at, _ in found.values()])])


def _adjacent(leaf: Searcher, fieldname: str, texts: list[bytes],
              local: list[int] | None = None) -> dict[int, tuple[set[int], dict[int, float]]]:
    """Document number (of `local`, else of all) -> where the words start next to each other, and
    each word's weight there (by its place in `texts`). The rarest word is read first; each other
    word only in the cases still in the running, and a case's positions are decoded only there
    (decoding them was most of the time of a phrase of common words)."""
    order = sorted(range(len(texts)), key=lambda k: leaf.reader().doc_frequency(fieldname, texts[k]))
    held, decode_held = _positions(leaf, fieldname, texts[order[0]], local)
    found: dict[int, tuple[set[int] | None, dict[int, float]]] = {
        d: (None, {order[0]: weight}) for d, (_, weight) in held.items()}
    for k in order[1:]:
        values, decode = _positions(leaf, fieldname, texts[k], sorted(found))
        kept = {}
        for d, (value, weight) in values.items():
            at, weights = found[d]
            at = {p - order[0] for p in decode_held(held[d][0])} if at is None else at
            at = at & {p - k for p in decode(value)}
            if at:
                kept[d] = (at, weights | {k: weight})
        found = kept
    return found


def _positions(leaf: Searcher, fieldname: str, text: bytes,
               local: list[int] | None) -> tuple[dict[int, tuple[Any, float]], Callable[[Any], list[int]]]:
    """Document number -> a word's (positions as stored, weight), in every case or in those of
    `local` (ascending), and how to decode the positions."""
    read = _at_cases(leaf, fieldname, text, local) if isinstance(leaf.weighting, MemoryBM25F) else None
    if read is None:
        return _positions_by_whoosh(leaf, fieldname, text, local), list
    return read, leaf.schema[fieldname].format.decoder("positions")


def _positions_by_whoosh(leaf: Searcher, fieldname: str, text: bytes,
                         local: list[int] | None) -> dict[int, tuple[Any, float]]:
    found, wanted, matcher = {}, None if local is None else set(local), leaf.reader().postings(fieldname, text)
    while matcher.is_active():
        if wanted is None or matcher.id() in wanted:
            found[matcher.id()] = (matcher.value_as("positions"), matcher.weight())
        matcher.next()
    return found


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


def _phrase(query: AdjacentPhrase, leaf: Searcher, local: list[int] | None = None) -> Scores:
    """The cases (of `local`, else of all) with the words next to each other, scored as Whoosh's
    phrase matcher scores them: the words' scores added in its order."""
    field, reader = leaf.schema[query.fieldname], leaf.reader()
    texts = _word_texts(query, field, reader)
    if not texts:
        return {}
    scorers = [leaf.weighting.scorer(leaf, query.fieldname, text) for text in texts]
    if not isinstance(leaf.weighting, MemoryBM25F) or any(type(s) is not BM25FScorer for s in scorers):
        asked = None if local is None else set(local)
        return {d: s for d, s in _by_whoosh(query, leaf).items() if asked is None or d in asked}
    return {d: _tree_sum([scorers[k]._score(weights[k], scorers[k].dfl(d)) for k in range(len(texts))])
            for d, (_, weights) in _adjacent(leaf, query.fieldname, texts, local).items()}


def _at_cases(leaf: Searcher, fieldname: str, text: bytes,
              local: list[int] | None) -> dict[int, tuple[Any, float]] | None:
    """Document number -> (positions as stored, weight) of a word, in every case holding it or in
    those of `local` (ascending) that hold it, in that order; None where its postings are not in
    whoosh3's blocks."""
    matcher = leaf.reader().postings(fieldname, text)
    block = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    if type(block) is not W3LeafMatcher:
        return None
    found = {}
    wanted = set(local) if local is not None else None
    for ids, weights, values in blocks.value_blocks(block, local):
        for i, d in enumerate(ids):
            if wanted is None or d in wanted:
                found[d] = (values[i], weights[i])
    return found


def _word_texts(query: AdjacentPhrase, field: Any, reader: IndexReader) -> list[bytes] | None:
    """The phrase's words as the index holds them, or None when one is not in the index."""
    texts = []
    for word in query.words:
        try:
            text = field.to_bytes(word)
        except ValueError:
            return None
        if (query.fieldname, text) not in reader:
            return None
        texts.append(text)
    return texts


def _skip_to(matcher: Any, docnum: int) -> bool:
    """Move `matcher` on to `docnum`; whether it has it."""
    if matcher.is_active() and matcher.id() < docnum:
        matcher.skip_to(docnum)
    return matcher.is_active() and matcher.id() == docnum


def _tree_sum(values: list[float]) -> float:
    """The sum in the order of Whoosh's binary tree of matchers (the same float to the last bit)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def _blocks(matcher: W3LeafMatcher) -> Blocks:
    """(document numbers, weights) of each block of a posting list (whoosh3's block layout)."""
    while matcher.is_active():
        blocks.read(matcher)
        matcher._read_weights()
        yield matcher._ids, matcher._weights
        blocks.next_block(matcher)


def _by_whoosh(query: Query, leaf: Searcher) -> Scores:
    matcher, scores = query.matcher(leaf, leaf.context()), {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score()
        matcher.next()
    return scores
