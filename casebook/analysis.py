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
from typing import Any

from whoosh.analysis import STOP_WORDS, Analyzer, Filter, LowercaseFilter, StemFilter, StopFilter, Token, Tokenizer

from casebook.spelling import fold

_WORD = re.compile(r"\w+(?:\.?\w+)*(?:[-/&]\w+(?:\.?\w+)*)*")
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
        spans = ([(0, len(value))] if not tokenize else
                 [(m.start() + s, m.start() + e) for m in _WORD.finditer(value) for s, e in parts(m.group(0))])
        for start, end in spans:
            token.text = _JOIN.sub("", value[start:end])
            token.boost, token.stopped = 1.0, False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class FoldFilter(Filter):
    """UK spellings to their US form (casebook.spelling), before stemming."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


def name_analyzer(stoplist: Collection[str]) -> Analyzer:
    """Unstemmed words, one-letter words kept (council names)."""
    return CompoundTokenizer() | LowercaseFilter() | StopFilter(stoplist=stoplist, minsize=1)


def text_analyzer() -> Analyzer:
    """The analyzer of every stemmed text field (title, summary, body, lessons, tags)."""
    return (CompoundTokenizer() | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=2)
            | FoldFilter() | StemFilter(cachesize=50_000))
