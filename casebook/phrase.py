"""Exact phrases ("words next to each other") checked on word positions alone.

Whoosh checks a phrase by building a span, with character offsets, for every occurrence of every
word in every candidate case. A phrase of two common words took 250-400 ms at 10,000 cases
(bench/RESULTS.md). Here the same documents match, by comparing the sets of positions.
"""

from __future__ import annotations

from typing import Any

from whoosh.matching import NullMatcher, WrappingMatcher
from whoosh.matching.mcore import Matcher
from whoosh.query import Phrase, SpanNear2, Term
from whoosh.query.spans import Span

from casebook import fastpaths


class AdjacentPhrase(Phrase):
    """A `Phrase` with slop 1 (the words in order, next to each other) on a field with positions."""

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        field, reader = searcher.schema[self.fieldname], searcher.reader()
        terms = []
        for word in self.words:
            try:
                text = field.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, text) not in reader:
                return NullMatcher()
            terms.append(Term(self.fieldname, text))
        matcher = _Adjacent(terms).matcher(searcher, context)
        return WrappingMatcher(matcher, boost=self.boost) if self.boost != 1.0 else matcher


class _Adjacent(SpanNear2):
    class SpanNear2Matcher(SpanNear2.SpanNear2Matcher):
        def _get_spans(self) -> list[Span]:
            starts = set(self.ms[0].value_as("positions"))
            for offset, matcher in enumerate(self.ms[1:], start=1):
                starts.intersection_update(p - offset for p in matcher.value_as("positions"))
                if not starts:
                    return []
            last = len(self.ms) - 1
            return [Span(start, start + last) for start in sorted(starts)]


def adjacent(query: Phrase, schema: Any) -> Phrase:
    """The phrase as an `AdjacentPhrase` where that gives the same matches (and the fast paths are
    on, casebook.fastpaths), else unchanged."""
    if not fastpaths.on() or query.slop != 1 or query.fieldname not in schema:
        return query
    field_format = schema[query.fieldname].format
    if not field_format or not field_format.supports("positions"):
        return query
    return AdjacentPhrase(query.fieldname, query.words, boost=query.boost, char_ranges=query.char_ranges)
