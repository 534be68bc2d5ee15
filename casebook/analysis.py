"""How text becomes index words, the same at index and query time.

Words joined by "-", "/" or "&" with a part of one letter, or with no part longer than two
(`e-mail`, `A-level`, `B&B`, `24/7`, `Wi-Fi`), are one word written without the joins (`email`,
`alevel`, `bb`, `247`, `wifi`): split, their one-letter parts were dropped and the rest matched
nothing useful. Other joined words are split (`fly-tipping` -> `fly`, `tipping`). Then words are
lower-cased, stop words dropped, UK/US spellings folded (casebook.spelling) and stemmed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import STOP_WORDS, Analyzer, Filter, LowercaseFilter, StopFilter, Token, Tokenizer
from whoosh.lang.porter2 import stem

from casebook.spelling import fold

#: Words shorter than this are dropped from stemmed text (one-letter words tell nothing apart).
MIN_LENGTH = 2

_WORD = re.compile(r"\w+(?:\.?\w+)*(?:[-/&]\w+(?:\.?\w+)*)*")
#: An acronym's plural as written ("HMOs", "PFIs"): the stemmer kept "hmos" apart from "hmo".
_ACRONYMS = re.compile(r"([A-Z]{2,})s")
_JOIN = re.compile(r"[-/&]")


def parts(word: str) -> list[tuple[int, int]]:
    """(start, end) of the index words in one joined word, relative to it."""
    if not _JOIN.search(word):
        return [(0, len(word))]
    pieces, start = [], 0
    for match in _JOIN.finditer(word):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(word)))
    lengths = [end - start for start, end in pieces]
    if min(lengths) == 1 or max(lengths) <= 2:
        return [(0, len(word))]
    return pieces


class CompoundTokenizer(Tokenizer):
    """Words as Whoosh's default tokenizer finds them, with joined words kept or split (above)."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for start, end, text in _spans(value) if tokenize else [(0, len(value), _JOIN.sub("", value))]:
            token.text = text
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def _spans(value: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, index word before lower-casing) of each word of `value`."""
    for match in _WORD.finditer(value):
        word, base = match.group(0), match.start()
        if not _JOIN.search(word):  # most words: no parts to look for
            yield base, match.end(), word
            continue
        for start, end in parts(word):
            yield base + start, base + end, _JOIN.sub("", word[start:end])


class IndexWordFilter(Filter):
    """Whoosh's LowercaseFilter, StopFilter (stop words and words shorter than MIN_LENGTH;
    positions renumbered), then UK/US spellings folded and Snowball stems, in one pass with one
    cached lookup per word: as four filters they were most of the time of indexing."""

    is_morph = True

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        pos = None
        for token in tokens:
            stopped, token.text = _index_word(token.text)
            if not stopped:
                if token.positions:
                    pos = token.pos if pos is None else pos + 1
                    token.pos = pos
                token.stopped = False
                yield token
            elif not token.removestops:
                token.stopped = True
                yield token


@lru_cache(maxsize=100_000)
def _index_word(text: str) -> tuple[bool, str]:
    """(whether a stop word, the word as indexed) for a word as written; a stop word is only
    lower-cased and folded, as by the filters one after the other."""
    lower = _lower(text)
    if len(lower) < MIN_LENGTH or lower in STOP_WORDS:
        return True, fold(lower)
    return False, _stem(fold(lower))


def _lower(word: str) -> str:
    """A word lower-cased, an acronym's plural as its acronym."""
    acronym = _ACRONYMS.fullmatch(word)
    return (acronym.group(1) if acronym else word).lower()


class FoldFilter(Filter):
    """UK spellings to their US form (casebook.spelling), before stemming. No longer in the
    analyzers; kept because indexes written before IndexWordFilter name it in their schema."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


def name_analyzer(stoplist: Collection[str]) -> Analyzer:
    """Unstemmed words, one-letter words kept (council names)."""
    return CompoundTokenizer() | LowercaseFilter() | StopFilter(stoplist=stoplist, minsize=1)


def text_analyzer() -> Analyzer:
    """The analyzer of every stemmed text field (title, summary, body, lessons, tags)."""
    return CompoundTokenizer() | IndexWordFilter()


def index_words(text: str) -> list[str]:
    """What `text_analyzer()` makes of `text`, without positions, about ten times faster (no token
    objects): for the thesaurus, whose ~1,500 terms are analysed when a search process starts."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        for start, end in parts(word):
            lower = _lower(_JOIN.sub("", word[start:end]))
            if len(lower) >= MIN_LENGTH and lower not in STOP_WORDS:
                words.append(_stem(fold(lower)))
    return words


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return stem(word)
