"""Snippets: the passages of a hit's body around the query's words, with <mark> around them.

Whoosh's own pinpoint highlighting needs `terms=True` on the search, which records the matched
terms of every matching case; that dominated broad queries. Here the character positions of the
query's words are read from the postings of the few hits shown, and nothing else."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token
from whoosh.query import Query
from whoosh.reading import IndexReader

SNIPPET_CHARS = 240
_HEADING_LINE = re.compile(r"^#{1,6}\s(?:(?!<mark).)*$", re.MULTILINE)
_MARKDOWN_NOISE = re.compile(r"^#{1,6}\s|\*\*|__|`|^\s*[-*]\s", re.MULTILINE)
_FRAGMENTER = highlight.PinpointFragmenter(maxchars=SNIPPET_CHARS, surround=80, autotrim=True)
_SCORER = highlight.BasicFragmentScorer()


def snippets(reader: IndexReader, query: Query, hits: Sequence[tuple[int, dict[str, Any]]]) -> list[str]:
    """One snippet per (docnum, stored fields) hit, in the same order."""
    terms = query.all_terms(phrases=True)
    words = sorted({text for field, text in terms if field == "body"})
    places = _positions(reader, words, sorted(docnum for docnum, _ in hits))
    summary_words = {text for field, text in terms if field == "summary"}
    return [_snippet(stored, places.get(docnum, []), summary_words, reader) for docnum, stored in hits]


def _positions(reader: IndexReader, words: list[str], docnums: list[int]) -> dict[int, list[Token]]:
    """Character spans of each word in each of the given documents, from the postings."""
    found: dict[int, list[Token]] = {}
    for text in words:
        if ("body", text) not in reader:
            continue
        matcher = reader.postings("body", text)
        for docnum in docnums:
            if not matcher.is_active():
                break
            matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                for pos, start, end in matcher.value_as("characters"):
                    found.setdefault(docnum, []).append(Token(text=text, pos=pos, startchar=start, endchar=end,
                                                              matched=True))
    return found


def _snippet(stored: dict[str, Any], tokens: list[Token], summary_words: set[str], reader: IndexReader) -> str:
    text = ""
    if tokens:
        body = stored["body"]
        tokens.sort(key=lambda t: t.startchar)
        fragments = highlight.top_fragments(_FRAGMENTER.fragment_matches(body, tokens), 2, _SCORER,
                                            highlight.SCORE)
        fragments.sort(key=highlight.FIRST)
        # a formatter per snippet: Whoosh's numbers the words it has seen, so a shared one made the HTML
        # depend on every earlier search (and grew without end)
        text = highlight.HtmlFormatter(tagname="mark", between=" … ").format(fragments)
    if not text:
        text = _summary(stored["summary"], summary_words, reader)
    return " ".join(_MARKDOWN_NOISE.sub(" ", _HEADING_LINE.sub(" ", text)).split())


def _summary(summary: str, words: set[str], reader: IndexReader) -> str:
    if words:
        marked = highlight.highlight(summary, words, reader.schema["summary"].analyzer,
                                     highlight.WholeFragmenter(), highlight.HtmlFormatter(tagname="mark"), top=1)
        if marked:
            return marked
    return html.escape(summary[:SNIPPET_CHARS])
