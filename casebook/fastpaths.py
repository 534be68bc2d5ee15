"""The guard of the search fast paths, which lean on whoosh3's internals: its posting-block readers
(casebook.evaluate), its span matcher (casebook.phrase) and its scorer's length lookup
(casebook.scoring). They run only on the Whoosh version they were checked against, and only while
a self-check agrees with Whoosh (one word scored both ways when a searcher opens). Otherwise they
switch off with one log line and Whoosh's own code answers: the same results, more slowly."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

import whoosh
from whoosh.query import Term
from whoosh.reading import IndexReader
from whoosh.scoring import BM25F, WeightingModel
from whoosh.searching import Searcher

from casebook.scoring import FieldLengths, MemoryBM25F

#: The whoosh3 release the fast paths were written and checked against (pinned in pyproject.toml).
SUPPORTED_WHOOSH = (3, 54, 0)
#: The field one word of which the self-check scores both ways.
CHECK_FIELD = "body"
#: The self-check takes the first word of CHECK_FIELD found in at most this many cases (else the
#: rarest word seen): Whoosh's own scoring of a word in 800 of 10,000 cases was most of a first query.
CHECK_MOST_CASES = 50
#: How many words of the field the self-check looks through for such a word (reading 200 of them
#: was 4 ms of a first query at 10,000 cases).
CHECK_WORDS_SEEN = 50
log = logging.getLogger("casebook.search")


class _Switch:
    """On unless Whoosh is another version or a self-check failed; `reason` says why it is off."""

    def __init__(self) -> None:
        version = tuple(whoosh.__version__)
        self.reason = "" if version == SUPPORTED_WHOOSH else (
            f"Whoosh {'.'.join(map(str, version))} is not the checked {'.'.join(map(str, SUPPORTED_WHOOSH))}")
        if self.reason:
            log.warning("search fast paths off: %s", self.reason)


SWITCH = _Switch()


def on() -> bool:
    return not SWITCH.reason


def switch_off(reason: str) -> None:
    if on():
        SWITCH.reason = reason
        log.warning("search fast paths off: %s", reason)


def weighting(lengths: FieldLengths) -> WeightingModel:
    """BM25F with lengths held in memory while the fast paths are on, else Whoosh's own."""
    return MemoryBM25F(lengths) if on() else BM25F()


def self_check(searcher: Searcher, scores_fast: Callable[[Searcher, Term], dict[int, float]]) -> bool:
    """Score a word of CHECK_FIELD with `scores_fast` and with Whoosh's own matcher and BM25F; on
    any difference switch the fast paths off. True while they stay on."""
    if not on():
        return False
    reader = searcher.reader()
    word = _check_word(reader) if CHECK_FIELD in searcher.schema else None
    if word is None:
        return True
    query = Term(CHECK_FIELD, searcher.schema[CHECK_FIELD].from_bytes(word))
    with Searcher(reader, weighting=BM25F(), closereader=False) as stock:
        expected = {hit.docnum: round(hit.score, 9) for hit in stock.search(query, limit=None)}
    found = {d: round(s, 9) for d, s in scores_fast(searcher, query).items()}
    if found != expected:
        switch_off(f"self-check: '{query.text}' scored {len(found)} case(s) differently from Whoosh")
    return on()


def _check_word(reader: IndexReader) -> bytes | None:
    """The first word of CHECK_FIELD in at most CHECK_MOST_CASES cases of the first segment (of
    its first CHECK_WORDS_SEEN words), else the rarest of those; None when the field has no words.
    One segment's words: going through the words of many was as slow as the scoring saved."""
    rarest, fewest = None, 0
    for segment, _ in reader.leaf_readers()[:1]:
        for word, info in itertools.islice(segment.iter_field(CHECK_FIELD), CHECK_WORDS_SEEN):
            if info.doc_frequency() <= CHECK_MOST_CASES:
                return word
            if rarest is None or info.doc_frequency() < fewest:
                rarest, fewest = word, info.doc_frequency()
    return rarest
