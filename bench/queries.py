"""The query mix: the same queries for Casebook and FTS5, built from the synthetic vocabulary so they hit."""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass

from whoosh.analysis import STOP_WORDS

from bench import officer, synth
from casebook.model import OUTCOMES

KINDS = ("term", "and", "phrase", "outcome", "council", "theme", "year", "lessons", "fuzzy", "prefix")
THEME_WORDS = ("placemaking", "workforce", "technologies", "participation", "community", "data",
               "personalisation", "expectations")
#: Words worth searching for, most frequent first.
CONTENT = tuple(w for w in synth.WORDS if len(w) >= 3 and w not in STOP_WORDS)
_CONTENT_SET = frozenset(CONTENT)


@dataclass(frozen=True)
class Query:
    """`words` searched in the default fields, optionally with `field:value` as a filter."""

    kind: str
    words: tuple[str, ...]
    field: str = ""
    value: str = ""
    typed: str = ""

    @property
    def text(self) -> str:
        """The query as an officer would type it into Casebook."""
        if self.typed:
            return self.typed
        text = " ".join(self.words)
        if self.kind == "phrase":
            text = f'"{text}"'
        elif self.kind in ("fuzzy", "prefix"):
            text += "~" if self.kind == "fuzzy" else "*"
        return f"{text} {self.field}:{self.value}" if self.field else text


def mix(count: int, seed: int, size: int) -> list[Query]:
    """`count` queries cycling through KINDS; phrases come from cases of a library of `size`."""
    rng = random.Random(seed)
    return [_query(KINDS[n % len(KINDS)], rng, seed, size) for n in range(count)]


def question(text: str) -> Query:
    """Text typed as is, e.g. an officer's question; FTS5 searches it as any of its words."""
    return Query("question", tuple(re.findall(r"\w+", text.lower())), typed=text)


def officer_questions() -> list[Query]:
    """The queries of the officer question set (`officer_queries.tsv`)."""
    return [question(q.text) for q in officer.load()]


def _query(kind: str, rng: random.Random, seed: int, size: int) -> Query:
    if kind == "and":
        return Query(kind, (word(rng), word(rng)))
    if kind == "phrase":
        return Query(kind, _phrase(rng, seed, size))
    if kind == "prefix":
        term = word(rng)
        return Query(kind, (term[:rng.randint(3, max(3, len(term) - 1))],))
    if kind in ("term", "fuzzy"):
        return Query(kind, (word(rng),))
    return Query("filter", (word(rng),), kind, _filter_value(kind, rng, seed))


def word(rng: random.Random) -> str:
    """A content word at a log-uniform rank: from words in most cases to words in about one per cent."""
    return CONTENT[int(len(CONTENT) ** rng.random()) - 1]


def _filter_value(field: str, rng: random.Random, seed: int) -> str:
    if field == "outcome":
        return rng.choice(OUTCOMES)
    if field == "council":
        return rng.choice(synth.places(seed)).lower()
    if field == "theme":
        return rng.choice(THEME_WORDS)
    if field == "year":
        start = rng.randint(2005, 2022)
        return f"{start}..{min(2025, start + rng.randint(1, 5))}"
    return word(rng)


def _phrase(rng: random.Random, seed: int, size: int) -> tuple[str, ...]:
    """Two adjacent content words from the body of a random case of the library."""
    body = synth.case(rng.randrange(size), seed, synth.councils(seed)).text.split("\n---\n", 1)[1]
    pairs = [pair for chunk in re.split(r"[.,\n]", body.lower())
             for pair in itertools.pairwise(chunk.split()) if _CONTENT_SET.issuperset(pair)]
    return rng.choice(pairs)
