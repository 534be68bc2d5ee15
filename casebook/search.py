"""Searching the index: ranked hits with highlighted snippets, facet counts, typos corrected
("showing results for"), "did you mean", related and similar cases. One `CaseSearcher` per thread."""

from __future__ import annotations

import heapq
import html
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from whoosh.index import FileIndex
from whoosh.query import FuzzyTerm, MultiTerm, NullQuery, Or, Phrase, Prefix, Query, Term
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.support.levenshtein import distance

from casebook import blocks, fastpaths
from casebook.bestmatch import BestMatch, Word, relaxed, strict
from casebook.errors import InputError
from casebook.evaluate import Scores, WordCounts, evaluate, scores_of
from casebook.facets import FacetSets
from casebook.phrase import adjacent
from casebook.query import DEFAULT_FIELDS, TEXT_FIELDS, ParsedQuery, QueryReader, replace_plain_word
from casebook.schema import FACET_FIELDS
from casebook.scoring import FieldLengths, MemoryBM25F
from casebook.snippets import snippets
from casebook.thesaurus import Thesaurus

SORTS = ("relevance", "date", "title")
#: Words a prefix, wildcard or fuzzy term may stand for, the most frequent kept (as Lucene's
#: top-terms rewrite): `res*` once meant hundreds of terms and seconds per query.
MAX_EXPANSIONS = 20
#: Fewer matches than this and a best match asking for several words is relaxed to any one word.
FEW_RESULTS = 3
#: Score factor of cases of the outcome the words ask for ("what went wrong with", "worked").
OUTCOME_BOOST = 1.5
#: How many of the best cases get the bonus of words next to each other as typed: checking word
#: positions in every matching case was 40 % of the time of a two-word query at 10,000 cases.
RERANKED = 100
#: Words of a text that a search for similar cases looks for (the most telling ones).
SIMILAR_TERMS = 15
#: Stored fields where a word of the index is found as written, to show a correction, and in how
#: many cases each: of the forms found ("governance", "government" for `govern`), the one nearest to
#: the typed word is shown.
SURFACE_FIELDS = ("title", "summary", "council", "body")
SURFACE_CASES = 10
#: The joins of a joined word that separate words of their own ("AI/ML", "SEND&EHCP").
_ALTERNATIVES_RE = re.compile(r"[/&]")


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
    #: "complete" or "incomplete" (casebook.schema.completeness), and for an incomplete case what is wrong.
    status: str = field(default="complete", compare=False)
    problems: tuple[str, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        del data["uid"], data["status"], data["problems"]
        return data


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    notice: str | None = None
    #: The query as searched when words of `query` were corrected ("showing results for"), else None.
    corrected: str | None = None
    #: How many cases were searched (all of the library's, examples and networks included).
    searched: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_json() for h in self.hits],
                "facets": self.facets, "suggestion": self.suggestion, "notice": self.notice,
                "corrected": self.corrected}


class CaseSearcher:
    """Searches one open index. Call `refresh()` after the index changed."""

    def __init__(self, ix: FileIndex, thesaurus: Thesaurus | None = None) -> None:
        self.reader = QueryReader(thesaurus)
        self._ix = ix
        self._lengths = FieldLengths()
        self._facets = FacetSets()
        self._searcher = self._open()

    def refresh(self) -> None:
        """Open a new searcher if the index changed.

        Not Whoosh's `Searcher.refresh()`: it reuses segment readers by segment id and so keeps
        stale deletions (whoosh3 3.54.0); a fresh searcher costs a few milliseconds.
        """
        if self._ix.latest_generation() != self._searcher.reader().generation():
            self._searcher.close()
            self._searcher = self._open()
            self._lengths.keep_only(self._searcher.reader())
            self._facets.keep_only(self._searcher.reader())

    def _open(self) -> Searcher:
        """A searcher on the newest index, with the fast paths when their self-check passes."""
        searcher = self._ix.searcher(weighting=fastpaths.weighting(self._lengths))
        if isinstance(searcher.weighting, MemoryBM25F) and not fastpaths.self_check(searcher, evaluate):
            searcher.close()
            searcher = self._ix.searcher(weighting=fastpaths.weighting(self._lengths))
        return searcher

    def close(self) -> None:
        self._searcher.close()

    @property
    def problems(self) -> list[str]:
        """Lines of the thesaurus files that were left out, each naming its file and line."""
        return self.reader.thesaurus.problems

    def search(self, text: str, limit: int = 20, sort: str = "relevance",
               filters: Mapping[str, Sequence[str]] | None = None, correct: bool = True) -> SearchResult:
        """Search `text`; `filters` maps a facet (outcome, council, theme, service, year,
        source, status) to the values to keep (any of them). Words the index does not know are corrected
        (`corrected` says to what) unless `correct` is False; then `suggestion` offers the
        correction if it finds more cases. Unknown sort raises InputError."""
        if sort not in SORTS:
            raise InputError(f"sort must be one of {', '.join(SORTS)}")
        with blocks.once():
            return self._search(text, limit, sort, filters or {}, correct)

    def _search(self, text: str, limit: int, sort: str, filters: Mapping[str, Sequence[str]],
                correct: bool) -> SearchResult:
        parsed = self.reader.read(text)
        fixed = self._correction(text, parsed)
        if fixed and correct:
            parsed = self.reader.read(fixed)
        query, scores, missing = self._scores(parsed)
        chosen = self._chosen(filters)
        keep = _intersect(None, chosen.values())
        matched = set(scores)
        allowed = matched if keep is None else matched & keep
        facets = {name: self._counts(name, _intersect(matched, [d for f, d in chosen.items() if f != name]))
                  for name in FACET_FIELDS}
        if sort == "relevance":  # best first; among equals the lower document number, as Whoosh
            scores = self._near(parsed, scores, allowed)
            top = [(scores[d], d) for d in best(scores, allowed, limit)]
        else:
            top = [(None, docnum) for docnum in self._sorted(allowed, sort)[:limit]]
        hits = self._hits(query, top)
        suggestion = None
        if fixed and not correct and len(self._scores(self.reader.read(fixed))[1]) > len(matched):
            suggestion = fixed
        return SearchResult(text, len(allowed), hits, facets, suggestion, _notice(parsed, missing, bool(allowed)),
                            fixed if correct else None, self._searcher.doc_count())

    def _scores(self, parsed: ParsedQuery) -> tuple[Query, Scores, list[str]]:
        """Every match, best match relaxed to any word when it found too few, the outcome asked for
        raised; and the parts of the plain words that no case has."""
        query, words = bounded(parsed.query, self._searcher.reader()), WordCounts(self._searcher)
        scores = evaluate(self._searcher, query, words)
        if len(scores) < FEW_RESULTS and strict(query):
            query = relaxed(query)
            scores = evaluate(self._searcher, query, words)
        if parsed.outcome:
            raised = self._facets.cases(self._searcher.reader(), "outcome", [parsed.outcome])
            scores = {d: s * OUTCOME_BOOST if d in raised else s for d, s in scores.items()}
        return query, scores, _missing(parsed, self._searcher.reader(), words) if self._searcher.doc_count() else []

    def _near(self, parsed: ParsedQuery, scores: Scores, allowed: set[int]) -> Scores:
        """The scores with the best RERANKED allowed cases raised where words typed one after the
        other are next to each other in them."""
        if parsed.proximity is None:
            return scores
        bonus = scores_of(self._searcher, bounded(parsed.proximity, self._searcher.reader()),
                          best(scores, allowed, RERANKED))
        return scores | {d: scores[d] + extra for d, extra in bonus.items()}

    def _sorted(self, docs: set[int], sort: str) -> list[int]:
        """Newest first by date, or A to Z by title, from the sortable columns."""
        if not docs:  # an empty index has no columns to read
            return []
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
                chosen[name] = self._facets.cases(self._searcher.reader(), name, [str(v) for v in values])
        return chosen

    def _counts(self, name: str, docs: set[int]) -> dict[str, int]:
        counts = self._facets.counts(self._searcher.reader(), name, docs)
        order = (lambda kv: (-int(kv[0]), 0)) if name == "year" else (lambda kv: (-kv[1], kv[0]))
        return dict(sorted(counts.items(), key=order))

    def _correction(self, text: str, parsed: ParsedQuery) -> str | None:
        """`text` with each word the index does not know replaced by the nearest word it knows
        (fewest changed letters, then found in the most cases), or None when nothing changed. A
        joined word (`AI/ML`) whose parts the index knows is replaced by its parts."""
        fixed = text
        for word in parsed.words:
            if self._known(word):
                continue
            better = self._as_parts(word) or self._nearest(word)
            if better:
                fixed = replace_plain_word(fixed, word, better)
        return fixed if fixed != text else None

    def _as_parts(self, word: str) -> str | None:
        """An unknown joined word as the words it joins with "/" or "&" (`AI/ML` as "AI ML"; a hyphen
        stays, so `e-mail/SMS` is "e-mail SMS"), when the index knows one of them as a word: a part of
        only stop words or letters too short to index (`Q&A`) counts as known to `_known`, but is no word."""
        found = _ALTERNATIVES_RE.split(word)
        return " ".join(found) if len(found) > 1 and any(self._indexes(part) for part in found) else None

    def _indexes(self, part: str) -> bool:
        return self._known(part) and any(self._analysed(name, part) for name in DEFAULT_FIELDS)

    def _analysed(self, name: str, word: str) -> list[str]:
        return list(self._searcher.schema[name].process_text(word, mode="query"))

    def _known(self, word: str) -> bool:
        """Whether the index (in any field searched) or the thesaurus knows the word; a word that is
        only stop words or holds a digit counts as known."""
        reader = self._searcher.reader()
        if any(char.isdigit() for char in word):
            return True
        tokens = {(name, token) for name in DEFAULT_FIELDS for token in self._analysed(name, word)}
        return not tokens or any(key in reader or self.reader.thesaurus.knows(key[1]) for key in tokens)

    def _nearest(self, word: str) -> str | None:
        """The word of the index nearest to `word`, as written in a case (lower case). Distances are
        Damerau-Levenshtein, as Whoosh finds the candidates: two letters swapped are one change
        ("recieve" is nearer to "receive" than to "review")."""
        reader = self._searcher.reader()
        found: dict[str, list[Any]] = {}  # index word -> [distance, cases, fields]
        for name in DEFAULT_FIELDS:
            for token in self._analysed(name, word)[:1]:
                if len(token) < 3:
                    continue
                for term in IndexReader.terms_within(reader, name, token, max_edits(token), prefix=1):
                    entry = found.setdefault(term, [distance(token, term), 0, []])
                    entry[1] += reader.doc_frequency(name, term)
                    entry[2].append(name)
        for term, (_, _, names) in sorted(found.items(), key=lambda item: (item[1][0], -item[1][1], item[0])):
            forms = {form for name in names for form in self._surfaces(name, term)}
            if forms:
                return min(forms, key=lambda form: (distance(word.lower(), form), form))
        return None

    def _surfaces(self, name: str, term: str) -> set[str]:
        """The word as written (lower case) where `term` is in field `name` (a stored one), in the
        first SURFACE_CASES cases having it."""
        if name not in SURFACE_FIELDS:
            return set()
        analyzer, forms = self._searcher.schema[name].analyzer, set()
        for docnum in itertools.islice(self._searcher.reader().postings(name, term).all_ids(), SURFACE_CASES):
            text = self._searcher.stored_fields(docnum).get(name) or ""
            forms |= {t.original.lower() for t in analyzer(text, keeporiginal=True) if t.text == term}
        return forms

    def document_number(self, uid: str) -> int | None:
        return self._searcher.document_number(uid=uid)

    def related(self, uid: str, limit: int = 5, exclude: Sequence[str] = ()) -> list[Hit]:
        """Cases most like the one with this uid (`similar` on its title, summary and body)."""
        docnum = self.document_number(uid)
        if docnum is None:
            return []
        stored = self._searcher.stored_fields(docnum)
        text = " ".join((stored["title"], stored["summary"], stored["body"]))
        return self.similar(text, limit, [uid, *exclude])

    def similar(self, text: str, limit: int = 5, exclude: Sequence[str] = ()) -> list[Hit]:
        """The cases most like `text` (such as a new case's title and summary), best first: its
        most telling words searched as a best match, spellings folded and the thesaurus applied.
        Cases with a uid in `exclude` are left out."""
        skip = {n for n in map(self.document_number, exclude) if n is not None}
        query = BestMatch([u for _, u in self.reader.units(self._telling_words(text))])
        if not query.subqueries:
            return []
        scores = evaluate(self._searcher, bounded(query, self._searcher.reader()))
        best = heapq.nsmallest(limit, (d for d in scores if d not in skip), key=lambda d: (-scores[d], d))
        return [_from_stored(stored, html.escape(stored["summary"]), scores[d])
                for d, stored in ((d, self._searcher.stored_fields(d)) for d in best)]

    def _telling_words(self, text: str) -> list[str]:
        """The words of `text` (as written) whose index words tell most about it."""
        written: dict[str, str] = {}
        for token in self._searcher.schema["body"].analyzer(text, keeporiginal=True):
            written.setdefault(token.text, token.original)
        terms = self._searcher.key_terms_from_text("body", text, numterms=SIMILAR_TERMS)
        return [written[term] for term, _ in terms if term in written]

    def hit_for(self, uid: str) -> Hit | None:
        docnum = self.document_number(uid)
        if docnum is None:
            return None
        stored = self._searcher.stored_fields(docnum)
        return _from_stored(stored, html.escape(stored["summary"]), None)


def _notice(parsed: ParsedQuery, missing: list[str], shown: bool) -> str | None:
    """What the query could not be read as, and the words no case mentions (`shown`: some cases are)."""
    named = " or ".join(f"“{label}”" for label in dict.fromkeys(missing))
    said = [parsed.notice.rstrip(".") + "." if parsed.notice else "",
            (f"No case mentions {named}" + ("; these cases have some of your words." if shown else ".")) if named
            else ""]
    return " ".join(n for n in said if n) or None


def _missing(parsed: ParsedQuery, reader: IndexReader, words: WordCounts) -> list[str]:
    """The parts of the plain words as typed that no case has: a word, or a thesaurus term (unless a
    case has its synonym, the term itself or all its words), read from the word counts of the
    evaluation, so at no cost. A part of another kind (a prefix, a fuzzy word), or a word searched
    only as a council or tag (one letter: `B` of "plan B"), counts as found."""
    return [label for label, part in parsed.parts if not _mentioned(bounded(part, reader), words)]


def _mentioned(part: Query, words: WordCounts) -> bool:
    subs = part.subqueries if type(part) is Or else [part]
    whole = [q for q in subs if type(q) is Word]
    if not any(q.fieldname in TEXT_FIELDS for w in whole for q in w.subqueries):
        return True
    each = [list(q.subqueries) for q in subs if type(q) is Or]  # a term's words one by one
    return any(words.together([w]) for w in whole) or any(words.together(group) for group in each)


def best(scores: Scores, docs: set[int], limit: int) -> list[int]:
    """The `limit` best of `docs` (a subset of the scored ones), best first; among equal scores the
    lower document number first, as Whoosh. The cut-off score is found without a Python key for
    each case: ranking by a key function was a tenth of a broad query's time."""
    if limit <= 0 or not docs:
        return []
    least = heapq.nlargest(limit, scores.values() if len(docs) == len(scores) else map(scores.__getitem__, docs))[-1]
    return sorted((d for d in docs if scores[d] >= least), key=lambda d: (-scores[d], d))[:limit]


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
               snippet=snippet, uid=f["uid"], status=f["status"], problems=tuple(f["problems"]))


def max_edits(word: str) -> int:
    """Letters a correction may change: one in a word of up to five letters, else two."""
    return 1 if len(word) <= 5 else 2
