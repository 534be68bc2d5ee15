"""Snippets: the passages of a hit's body around the query's words, with <mark> around them.

Whoosh's own pinpoint highlighting needs `terms=True` on the search, which records the matched
terms of every matching case; that dominated broad queries. Here the character positions of the
query's words are read from the postings of the few hits shown, and nothing else: on the fast path
from the posting blocks the search has already read (casebook.blocks), where skipping a Whoosh
matcher to each hit read them again (11 % of the time of the slowest queries at 10,000 cases)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import Query
from whoosh.reading import IndexReader

from casebook import blocks, fastpaths
from casebook.scoring import segments

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
    """Character spans of each word in each of the given documents (ascending), from the postings."""
    found: dict[int, list[Token]] = {}
    for leaf, offset in segments(reader):
        local = [d - offset for d in docnums if offset <= d < offset + leaf.doc_count_all()]
        for text in words if local else ():
            if ("body", text) not in leaf:
                continue
            for docnum, spans in _characters(leaf, text, local).items():
                found.setdefault(docnum + offset, []).extend(
                    Token(text=text, pos=pos, startchar=start, endchar=end, matched=True) for pos, start, end in spans)
    return found


def _characters(leaf: IndexReader, text: str, local: list[int]) -> dict[int, list[tuple[int, int, int]]]:
    """(position, start, end) of each occurrence of a body word in those of the segment's documents
    `local` (ascending) having it."""
    matcher = leaf.postings("body", text)
    block = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    if fastpaths.on() and type(block) is W3LeafMatcher:
        return _from_blocks(block, local)
    found = {}
    for docnum in local:
        if not matcher.is_active():
            break
        matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            found[docnum] = matcher.value_as("characters")
    return found


def _from_blocks(matcher: W3LeafMatcher, local: list[int]) -> dict[int, list[tuple[int, int, int]]]:
    decode, wanted = matcher.format.decoder("characters"), set(local)
    return {d: decode(values[i]) for ids, _, values in blocks.value_blocks(matcher, local)
            for i, d in enumerate(ids) if d in wanted}


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
