"""Turning what an officer types into a Whoosh query, never failing.

Supports words, "phrases", AND/OR/NOT, field:value, year:2018..2021, prefix* and fuzzy~.
A query that cannot be read as written falls back to its plain words, with a notice saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.query.qcore import _NullQuery

from casebook.schema import build_schema

#: Fields searched by plain words (title and summary carry boosts in the schema).
DEFAULT_FIELDS = ("title", "summary", "body", "council", "tag")
#: Field names an officer may type, and aliases for them.
QUERY_FIELDS = ("council", "outcome", "theme", "service", "tag", "source", "sharing", "year",
                "lessons", "title", "summary", "id")
ALIASES = {"themes": "theme", "service_area": "service", "tags": "tag", "lesson": "lessons"}
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})

_FIELD_RE = re.compile(r"(?<![\w.:/])([A-Za-z_]+):(?!//)")
_YEARS_RE = re.compile(r"\byear:(\d{4})?\.\.(\d{4})?(?!\S)", re.IGNORECASE)
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
        self.parser.add_plugin(GtLtPlugin())

    def read(self, text: str) -> ParsedQuery:
        text = text.strip()
        words = plain_words(text)
        if text in ("", "*"):
            return ParsedQuery(wq.Every(), ())
        rewritten, problem = _rewrite(text)
        if problem is None:
            parsed = self.parser.parse(rewritten)
            if _has_null(parsed):
                problem = "part of it could not be read (check values such as year:2019)"
            else:
                return ParsedQuery(parsed, words)
        if not words:
            return ParsedQuery(wq.NullQuery, (), f"The query could not be read: {problem}.")
        fallback = self.parser.parse(" ".join(words))
        return ParsedQuery(fallback, words,
                           f"The query could not be read as written: {problem}. "
                           f"Searched for the words instead: {' '.join(words)}")


def plain_words(text: str) -> tuple[str, ...]:
    """The words of a query without operators, field names or syntax."""
    without_fields = _FIELD_RE.sub(" ", text)
    return tuple(w for w in _WORD_RE.findall(without_fields) if w not in OPERATORS)


def _rewrite(text: str) -> tuple[str, str | None]:
    """Normalise field names and year ranges; say what is malformed, if anything."""
    if text.count('"') % 2:
        return text, "a quotation mark is not closed"
    if not _balanced(text):
        return text, "brackets do not match"
    unknown: list[str] = []

    def field(match: re.Match[str]) -> str:
        name = ALIASES.get(match.group(1).lower(), match.group(1).lower())
        if name not in QUERY_FIELDS:
            unknown.append(match.group(1))
        return f"{name}:"

    text = _FIELD_RE.sub(field, text)
    if unknown:
        return text, f"unknown field '{unknown[0]}' (fields: {', '.join(QUERY_FIELDS)})"
    return _YEARS_RE.sub(_year_range, text), None


def _year_range(match: re.Match[str]) -> str:
    start, end = match.group(1), match.group(2)
    if start and end:
        return f"year:[{start} TO {end}]"
    return f"year:>={start}" if start else f"year:<={end}"


def _balanced(text: str) -> bool:
    depth = 0
    for char in re.sub(r'"[^"]*"', "", text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _has_null(q: wq.Query) -> bool:
    return isinstance(q, _NullQuery) or any(isinstance(leaf, _NullQuery) for leaf in q.leaves())
