"""Searching the index: ranked hits with highlighted snippets, facet counts, "did you mean"
and more-like-this. One `CaseSearcher` per thread."""

from __future__ import annotations

import html
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh import highlight
from whoosh.index import FileIndex
from whoosh.searching import Hit as WhooshHit
from whoosh.spelling import MultiCorrector

from casebook.query import ParsedQuery, QueryReader
from casebook.schema import FACET_FIELDS

SORTS = ("relevance", "date", "title")
SPELL_FIELDS = ("title", "summary", "body", "council")
FEW_RESULTS = 3
SNIPPET_CHARS = 240
_HEADING_LINE = re.compile(r"^#{1,6}\s(?:(?!<mark).)*$", re.MULTILINE)
_MARKDOWN_NOISE = re.compile(r"^#{1,6}\s|\*\*|__|`|^\s*[-*]\s", re.MULTILINE)


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
        self._searcher = ix.searcher()
        self._facet_sets: dict[str, dict[str, set[int]]] = {}

    def refresh(self) -> None:
        """Open a new searcher if the index changed.

        Not Whoosh's `Searcher.refresh()`: it reuses segment readers by segment id and so keeps
        stale deletions (whoosh3 3.54.0); a fresh searcher costs a few milliseconds.
        """
        if self._ix.latest_generation() != self._searcher.reader().generation():
            self._searcher.close()
            self._searcher = self._ix.searcher()
            self._facet_sets = {}

    def close(self) -> None:
        self._searcher.close()

    def search(self, text: str, limit: int = 20, sort: str = "relevance",
               filters: Mapping[str, Sequence[str]] | None = None) -> SearchResult:
        """Search `text`; `filters` maps a facet (outcome, council, theme, service, year,
        source) to the values to keep (any of them). Unknown sort raises ValueError."""
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        parsed = self.reader.read(text)
        s = self._searcher
        matched = set(s.docs_for_query(parsed.query))
        chosen = self._chosen(filters or {})
        allowed = _intersect(matched, chosen.values())
        facets = {name: self._counts(name, _intersect(matched, [d for f, d in chosen.items() if f != name]))
                  for name in FACET_FIELDS}
        hits = self._hits(parsed, limit, sort, allowed if chosen else None) if allowed else []
        suggestion = self._suggest(text, parsed) if len(allowed) < FEW_RESULTS else None
        return SearchResult(text, len(allowed), hits, facets, suggestion, parsed.notice)

    def _hits(self, parsed: ParsedQuery, limit: int, sort: str, allowed: set[int] | None) -> list[Hit]:
        sortedby = {"date": "date", "title": "title_sort"}.get(sort)
        results = self._searcher.search(parsed.query, limit=limit, filter=allowed, sortedby=sortedby,
                                        reverse=sort == "date", terms=True)
        results.fragmenter = highlight.PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=80, autotrim=True)
        results.formatter = highlight.HtmlFormatter(tagname="mark", between=" … ")
        return [_hit(h, _snippet(h), None if sortedby else h.score) for h in results]

    def _chosen(self, filters: Mapping[str, Sequence[str]]) -> dict[str, set[int]]:
        chosen = {}
        for name, values in filters.items():
            if name not in FACET_FIELDS:
                raise ValueError(f"unknown facet '{name}'; facets: {', '.join(FACET_FIELDS)}")
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
        hits = [_hit(h, html.escape(h["summary"]), h.score) for h in results if h.docnum not in skip]
        return hits[:limit]

    def hit_for(self, uid: str) -> Hit | None:
        docnum = self.document_number(uid)
        if docnum is None:
            return None
        stored = self._searcher.stored_fields(docnum)
        return _from_stored(stored, html.escape(stored["summary"]), None)


def _intersect(base: set[int], others: Any) -> set[int]:
    result = base
    for other in others:
        result = result & other
    return result


def _snippet(hit: WhooshHit) -> str:
    text = hit.highlights("body", top=2)
    if not text:
        summary = highlight.Highlighter(fragmenter=highlight.WholeFragmenter(),
                                        formatter=highlight.HtmlFormatter(tagname="mark"))
        text = summary.highlight_hit(hit, "summary") or html.escape(hit["summary"][:SNIPPET_CHARS])
    return " ".join(_MARKDOWN_NOISE.sub(" ", _HEADING_LINE.sub(" ", text)).split())


def _hit(hit: WhooshHit, snippet: str, score: float | None) -> Hit:
    return _from_stored(hit.fields(), snippet, score)


def _from_stored(f: dict[str, Any], snippet: str, score: float | None) -> Hit:
    return Hit(id=f["id"], title=f["title"], council=f["council"], outcome=f["outcome"], date=f["date"],
               source=f["source"], path=f["path"], score=round(score, 4) if score is not None else None,
               snippet=snippet, uid=f["uid"], status=f["status"])
