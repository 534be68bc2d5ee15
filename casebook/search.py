"""Searching the index: ranked hits with highlighted snippets, facet counts, "did you mean"
and more-like-this. One `CaseSearcher` per thread."""

from __future__ import annotations

import heapq
import html
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh.index import FileIndex
from whoosh.query import FuzzyTerm, MultiTerm, NullQuery, Or, Phrase, Prefix, Query, Term
from whoosh.reading import IndexReader
from whoosh.spelling import MultiCorrector

from casebook.errors import InputError
from casebook.evaluate import evaluate
from casebook.phrase import adjacent
from casebook.query import ParsedQuery, QueryReader
from casebook.schema import FACET_FIELDS
from casebook.scoring import FieldLengths, MemoryBM25F
from casebook.snippets import snippets

SORTS = ("relevance", "date", "title")
#: Words a prefix, wildcard or fuzzy term may stand for, the most frequent kept (as Lucene's
#: top-terms rewrite): `res*` once meant hundreds of terms and seconds per query.
MAX_EXPANSIONS = 20
#: Where "did you mean" finds real (unstemmed) words. Not the body: its unstemmed copy cost a
#: quarter of the build time (bench/RESULTS.md); the lessons carry the words that matter most.
SPELL_FIELDS = ("title", "summary", "lessons", "council")
FEW_RESULTS = 3


@dataclass(frozen=True)
class Hit:
    """One search result. `snippet` is HTML-escaped text with `<mark>` around matches."""

    id: str
    title: str
    council: str
    outcome: str
    date: str
    source: str
    path: str
    score: float | None
    snippet: str
    uid: str = field(default="", compare=False)
    status: str = field(default="ok", compare=False)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["uid"], data["status"]
        return data


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    notice: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_json() for h in self.hits],
                "facets": self.facets, "suggestion": self.suggestion, "notice": self.notice}


class CaseSearcher:
    """Searches one open index. Call `refresh()` after the index changed."""

    def __init__(self, ix: FileIndex) -> None:
        self.reader = QueryReader()
        self._ix = ix
        self._lengths = FieldLengths()
        self._searcher = ix.searcher(weighting=MemoryBM25F(self._lengths))
        self._facet_sets: dict[str, dict[str, set[int]]] = {}

    def refresh(self) -> None:
        """Open a new searcher if the index changed.

        Not Whoosh's `Searcher.refresh()`: it reuses segment readers by segment id and so keeps
        stale deletions (whoosh3 3.54.0); a fresh searcher costs a few milliseconds.
        """
        if self._ix.latest_generation() != self._searcher.reader().generation():
            self._searcher.close()
            self._searcher = self._ix.searcher(weighting=MemoryBM25F(self._lengths))
            self._lengths.keep_only(self._searcher.reader())
            self._facet_sets = {}

    def close(self) -> None:
        self._searcher.close()

    def search(self, text: str, limit: int = 20, sort: str = "relevance",
               filters: Mapping[str, Sequence[str]] | None = None) -> SearchResult:
        """Search `text`; `filters` maps a facet (outcome, council, theme, service, year,
        source) to the values to keep (any of them). Unknown sort raises ValueError."""
        if sort not in SORTS:
            raise InputError(f"sort must be one of {', '.join(SORTS)}")
        parsed = self.reader.read(text)
        query = bounded(parsed.query, self._searcher.reader())
        chosen = self._chosen(filters or {})
        keep = _intersect(None, chosen.values())
        scores = evaluate(self._searcher, query)
        matched = set(scores)
        allowed = matched if keep is None else matched & keep
        facets = {name: self._counts(name, _intersect(matched, [d for f, d in chosen.items() if f != name]))
                  for name in FACET_FIELDS}
        if sort == "relevance":  # best first; among equals the lower document number, as Whoosh
            top = [(scores[d], d) for d in heapq.nsmallest(limit, allowed, key=lambda d: (-scores[d], d))]
        else:
            top = [(None, docnum) for docnum in self._sorted(allowed, sort)[:limit]]
        hits = self._hits(query, top)
        suggestion = self._suggest(text, parsed) if len(allowed) < FEW_RESULTS else None
        return SearchResult(text, len(allowed), hits, facets, suggestion, parsed.notice)

    def _sorted(self, docs: set[int], sort: str) -> list[int]:
        """Newest first by date, or A to Z by title, from the sortable columns."""
        column = self._searcher.reader().column_reader("date" if sort == "date" else "title_sort")
        return sorted(docs, key=lambda d: (column[d], -d), reverse=sort == "date")

    def _hits(self, query: Query, top: list[tuple[float | None, int]]) -> list[Hit]:
        found = [(docnum, self._searcher.stored_fields(docnum), score) for score, docnum in top]
        texts = snippets(self._searcher.reader(), query, [(docnum, stored) for docnum, stored, _ in found])
        return [_from_stored(stored, text, score) for (_, stored, score), text in zip(found, texts, strict=True)]

    def _chosen(self, filters: Mapping[str, Sequence[str]]) -> dict[str, set[int]]:
        chosen = {}
        for name, values in filters.items():
            if name not in FACET_FIELDS:
                raise InputError(f"unknown facet '{name}'; facets: {', '.join(FACET_FIELDS)}")
            if values:
                sets = self._sets(name)
                chosen[name] = set().union(*(sets.get(str(v), set()) for v in values))
        return chosen

    def _sets(self, name: str) -> dict[str, set[int]]:
        """Document numbers for each value of a facet, cached until the next refresh."""
        if name not in self._facet_sets:
            reader, fieldname = self._searcher.reader(), FACET_FIELDS[name]
            self._facet_sets[name] = {
                term.decode("utf-8"): set(reader.postings(fieldname, term).all_ids())
                for term in reader.lexicon(fieldname)
            }
        return self._facet_sets[name]

    def _counts(self, name: str, docs: set[int]) -> dict[str, int]:
        counts = {value: len(docs & ids) for value, ids in self._sets(name).items()}
        order = (lambda kv: (-int(kv[0]), 0)) if name == "year" else (lambda kv: (-kv[1], kv[0]))
        return dict(sorted(((v, n) for v, n in counts.items() if n), key=order))

    def _suggest(self, text: str, parsed: ParsedQuery) -> str | None:
        """A respelling of unknown words from words in the cases, or None."""
        reader = self._searcher.reader()
        corrector = MultiCorrector([reader.corrector(f) for f in SPELL_FIELDS], operator.add)
        known = [reader.schema[f].spelling_fieldname(f) for f in SPELL_FIELDS]
        suggestion = text
        for word in parsed.words:
            lower = word.lower()
            if any(reader.doc_frequency(f, lower) for f in known):
                continue
            better = corrector.suggest(lower, limit=1, maxdist=2, prefix=1)
            if better and better[0] != lower:
                suggestion = re.sub(rf"\b{re.escape(word)}\b", lambda _, b=better[0]: b, suggestion, count=1)
        return suggestion if suggestion != text else None

    def document_number(self, uid: str) -> int | None:
        return self._searcher.document_number(uid=uid)

    def related(self, uid: str, limit: int = 5, exclude: Sequence[str] = ()) -> list[Hit]:
        """Cases most like the one with this uid (more-like-this on its words)."""
        docnum = self.document_number(uid)
        if docnum is None:
            return []
        stored = self._searcher.stored_fields(docnum)
        text = " ".join((stored["title"], stored["summary"], stored["body"]))
        skip = {docnum} | {n for n in map(self.document_number, exclude) if n is not None}
        results = self._searcher.more_like(docnum, "body", text=text, top=limit + len(skip), numterms=15)
        hits = [_from_stored(h.fields(), html.escape(h["summary"]), h.score) for h in results if h.docnum not in skip]
        return hits[:limit]

    def hit_for(self, uid: str) -> Hit | None:
        docnum = self.document_number(uid)
        if docnum is None:
            return None
        stored = self._searcher.stored_fields(docnum)
        return _from_stored(stored, html.escape(stored["summary"]), None)


def bounded(query: Query, reader: IndexReader) -> Query:
    """The query with each prefix, wildcard and fuzzy term replaced by its most frequent words,
    and each exact phrase checked the fast way (casebook.phrase)."""
    if isinstance(query, Phrase):
        return adjacent(query, reader.schema)
    if isinstance(query, MultiTerm):
        field = reader.schema[query.fieldname]
        words = _expand(query, field, reader)
        if len(words) > MAX_EXPANSIONS:
            words = heapq.nlargest(MAX_EXPANSIONS, words, key=lambda w: reader.doc_frequency(query.fieldname, w))
        terms = [Term(query.fieldname, w, boost=query.boost) for w in words]
        return Or(terms) if terms else NullQuery
    return query.apply(lambda sub: bounded(sub, reader))


def _expand(query: MultiTerm, field: Any, reader: IndexReader) -> list[str]:
    """The indexed words a multi-term query stands for. A fuzzy term is stemmed like the field and
    matched against the field's own words: whoosh3 would look in the unstemmed spelling copy and
    then find none of its words in the stemmed field (`residents~` found nothing)."""
    if isinstance(query, FuzzyTerm):
        stems = [t.text for t in field.analyzer(query.text, mode="query")] or [query.text]
        return sorted(set(IndexReader.terms_within(reader, query.fieldname, stems[0], query.maxdist,
                                                   prefix=query.prefixlength)))
    words = [w if isinstance(w, str) else field.from_bytes(w) for w in query._btexts(reader)]
    if isinstance(query, Prefix) and field.analyzer.has_morph():
        # stems shorter than the typed prefix: "residen*" must find "resid", the stem of "residents"
        text = query.text
        words += [text[:k] for k in range(max(3, len(text) - 3), len(text)) if (query.fieldname, text[:k]) in reader]
    return words


def _intersect(base: set[int] | None, others: Any) -> set[int] | None:
    """base ∩ each of others; None stands for everything."""
    result = base
    for other in others:
        result = other if result is None else result & other
    return result


def _from_stored(f: dict[str, Any], snippet: str, score: float | None) -> Hit:
    return Hit(id=f["id"], title=f["title"], council=f["council"], outcome=f["outcome"], date=f["date"],
               source=f["source"], path=f["path"], score=round(score, 4) if score is not None else None,
               snippet=snippet, uid=f["uid"], status=f["status"])
