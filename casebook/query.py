"""Turning what an officer types into a Whoosh query, never failing.

Supports words, "phrases", AND/OR/NOT, field:value, year:2018..2021, prefix* and fuzzy~.
A query that cannot be read as written is repaired (an unclosed quote, unmatched brackets, an
unknown or empty field, an unreadable value are dropped) and a notice says what was done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.analysis import STOP_WORDS
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.query.qcore import _NullQuery

from casebook.schema import build_schema

#: Fields searched by plain words (title and summary carry boosts in the schema).
DEFAULT_FIELDS = ("title", "summary", "body", "council", "tag")
#: Field names an officer may type, and aliases for them.
QUERY_FIELDS = ("council", "outcome", "theme", "service", "tag", "source", "sharing", "year",
                "lessons", "title", "summary", "id")
ALIASES = {"themes": "theme", "service_area": "service", "tags": "tag", "lesson": "lessons"}
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
#: Edits allowed by `word~N`; the cost grows steeply with N.
MAX_FUZZY = 2

_FIELD_RE = re.compile(r"(?<![\w.:/])([A-Za-z_]+):(?!//)")
_EMPTY_FIELD_RE = re.compile(r"(?<![\w.:/])([A-Za-z_]+):(?=\s|$)")
_CLAUSE_RE = re.compile(r'(?<![\w.:/])([A-Za-z_]+):(?!//)("[^"]*"|\[[^\]]*\]|\S*)')
_YEARS_RE = re.compile(r"\byear:(\d{4})\.\.(\d{4})?(?!\S)|\byear:\.\.(\d{4})(?!\S)", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class ParsedQuery:
    query: wq.Query
    words: tuple[str, ...]
    notice: str | None = None


class QueryReader:
    """Parses user queries against the Casebook schema (one per thread)."""

    def __init__(self) -> None:
        self.parser = MultifieldParser(list(DEFAULT_FIELDS), build_schema())
        self.parser.add_plugin(FuzzyTermPlugin())

    def read(self, text: str) -> ParsedQuery:
        text = " ".join(text.split())
        if text in ("", "*"):
            return ParsedQuery(wq.Every(), ())
        problems: list[str] = []
        for _ in range(len(_REPAIRS)):
            problem, text = _diagnose(text)
            if problem is None:
                break
            problems.append(problem)
        parsed, text = self._parse(text, problems)
        if any(isinstance(leaf, wq.FuzzyTerm) and leaf.maxdist > MAX_FUZZY for leaf in parsed.leaves()):
            problems.append(f"fuzzy matching allows at most {MAX_FUZZY} changed letters")
        parsed = _clamp_fuzzy(parsed)
        notice = None
        if problems:
            searched = "nothing was searched" if isinstance(parsed, _NullQuery) else f"searched for: {text}"
            notice = f"The query could not be read as written ({'; '.join(problems)}); {searched}"
        return ParsedQuery(parsed, plain_words(text), notice)

    def _parse(self, text: str, problems: list[str]) -> tuple[wq.Query, str]:
        if not text:
            return wq.NullQuery, text
        try:
            parsed = self.parser.parse(_normalise(text))
        except Exception:  # Whoosh's parser can fail in many ways on odd input
            problems.append("its syntax could not be read")
            text = " ".join(plain_words(text))
            parsed = self.parser.parse(text) if text else wq.NullQuery
        if _has_null(parsed):
            problems.append("part of it could not be read and was left out")
            parsed = _without_null(parsed)
        return parsed, text


def plain_words(text: str) -> tuple[str, ...]:
    """The words a person typed to be searched as words: no field clauses, operators, numbers,
    stop words, or words with a wildcard or fuzzy mark."""
    words = []
    for token in _CLAUSE_RE.sub(" ", text).split():
        if token in OPERATORS or any(mark in token for mark in "*?~"):
            continue
        words += [w for w in _WORD_RE.findall(token) if not w.isdigit() and w.lower() not in STOP_WORDS]
    return tuple(words)


def _diagnose(text: str) -> tuple[str | None, str]:
    """The first thing malformed in the query, and the query with it repaired."""
    for check, repair in _REPAIRS:
        problem = check(text)
        if problem:
            return problem, " ".join(repair(text).split())
    return None, text


def _unclosed_quote(text: str) -> str | None:
    return "a quotation mark is not closed" if text.count('"') % 2 else None


def _unbalanced(text: str) -> str | None:
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            break
    return "brackets do not match" if depth else None


def _empty_field(text: str) -> str | None:
    match = _EMPTY_FIELD_RE.search(text)
    return f"'{match.group(1)}:' has no value and was left out" if match else None


def _unknown_field(text: str) -> str | None:
    for match in _FIELD_RE.finditer(text):
        if _field_name(match.group(1)) not in QUERY_FIELDS:
            return f"unknown field '{match.group(1)}' (fields: {', '.join(QUERY_FIELDS)}) left out"
    return None


def _drop_unknown_fields(text: str) -> str:
    def drop(match: re.Match[str]) -> str:
        return match.group(0) if _field_name(match.group(1)) in QUERY_FIELDS else " "
    return _CLAUSE_RE.sub(drop, text)


_REPAIRS: tuple[tuple[Callable[[str], str | None], Callable[[str], str]], ...] = (
    (_unclosed_quote, lambda text: text.replace('"', " ")),
    (_unbalanced, lambda text: re.sub(r"[()]", " ", text)),
    (_empty_field, lambda text: _EMPTY_FIELD_RE.sub(" ", text)),
    (_unknown_field, _drop_unknown_fields),
)


def _field_name(name: str) -> str:
    return ALIASES.get(name.lower(), name.lower())


def _normalise(text: str) -> str:
    """Lower-case field names, resolve aliases and turn year:A..B into a range."""
    text = _FIELD_RE.sub(lambda m: f"{_field_name(m.group(1))}:", text)
    return _YEARS_RE.sub(_year_range, text)


def _year_range(match: re.Match[str]) -> str:
    start, end, only_end = match.groups()
    return f"year:[{start or ''} TO {end or only_end or ''}]".replace("[ TO", "[TO").replace("TO ]", "TO]")


def _clamp_fuzzy(q: wq.Query) -> wq.Query:
    """At most MAX_FUZZY edits, and the first letter kept: searching every word of the index for
    near neighbours was most of the time of a fuzzy query."""
    if isinstance(q, wq.FuzzyTerm):
        return wq.FuzzyTerm(q.fieldname, q.text, boost=q.boost, maxdist=min(q.maxdist, MAX_FUZZY),
                            prefixlength=max(q.prefixlength, 1))
    return q.apply(_clamp_fuzzy)


def _without_null(q: wq.Query) -> wq.Query:
    """The query with unreadable parts removed (Whoosh's normalize() keeps them)."""
    if isinstance(q, wq.CompoundQuery):
        subs = [s for s in map(_without_null, q.subqueries) if not isinstance(s, _NullQuery)]
        if len(subs) < 2:
            return subs[0] if subs else wq.NullQuery
        return type(q)(subs, boost=q.boost)
    if isinstance(q, wq.Not) and isinstance(_without_null(q.query), _NullQuery):
        return wq.NullQuery
    return q


def _has_null(q: wq.Query) -> bool:
    return isinstance(q, _NullQuery) or any(isinstance(leaf, _NullQuery) for leaf in q.leaves())
