"""The query types of plain words.

A `Word` is one word typed, looked for in several fields and scored as one word (BM25F, see
casebook.evaluate). A `BestMatch` is the words of a short query: any part may match, and a case's
score is the sum of its parts' scores times the share of parts it matches (a coordination factor:
measured on judged queries, it ranked better than a plain OR), and a case must match at least
`minmatch` parts. casebook.evaluate computes both; Whoosh itself would treat them as plain ORs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

from whoosh.query import Or, Query


class Word(Or):
    """One word (a Term per field it is searched in) or one phrase (a Phrase per field), scored as
    one word across the fields."""


class BestMatch(Or):
    """Any of `subqueries` (one per word typed), scored by coordination; see the module."""

    def __init__(self, subqueries: Sequence[Query], boost: float = 1.0, minmatch: int = 1) -> None:
        super().__init__(list(subqueries), boost=boost, minmatch=minmatch)

    def apply(self, fn: Callable[[Query], Query]) -> BestMatch:
        return BestMatch([fn(q) for q in self.subqueries], boost=self.boost, minmatch=self.minmatch)


def least_parts(count: int) -> int:
    """How many of `count` parts a case must match: any one of one or two words, half of more."""
    return 1 if count <= 2 else math.ceil(count / 2)


def relaxed(query: Query) -> Query:
    """The query with every BestMatch satisfied by any one part (when too few cases match)."""
    if isinstance(query, BestMatch):
        return BestMatch(query.subqueries, boost=query.boost, minmatch=1)
    return query.apply(relaxed)


def strict(query: Query) -> bool:
    """Whether the query holds a BestMatch that asks for more than one part."""
    return any(isinstance(q, BestMatch) and q.minmatch > 1 for q in _walk(query))


def _walk(query: Query) -> Iterator[Query]:
    yield query
    for child in query.children():
        yield from _walk(child)
