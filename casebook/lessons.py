"""Recurring lessons: the lesson bullets of a digest's cases grouped into themes by shared meaning.

How, so a reader can check it: each bullet becomes its set of stemmed content words (Whoosh's
stemming analyser, its stop list and a few words every lesson uses); two bullets are as similar as
the cosine of their word sets weighted by rarity (idf) across the digest's bullets. Pairs are
taken most similar first and their groups joined while the average similarity between the two
groups stays at or above THRESHOLD (greedy average linkage). A group is a recurring lesson when it
draws on at least two cases; its wording is the bullet most similar to the rest of its group.
No network, no model: the same bullets always give the same groups."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from whoosh.analysis import StemmingAnalyzer

from casebook.model import Case

THRESHOLD = 0.2
#: Stems of words that appear in lessons on every subject and so say nothing about the theme.
FILLER = frozenset({"council", "need", "can", "make", "keep", "must", "should", "do", "not", "rather", "just",
                    "one", "own", "even", "much", "way", "thing", "part", "also", "it", "what", "who", "where",
                    "whether", "which", "more", "less", "than", "befor", "after", "earli", "clear", "take",
                    "matter", "get", "set", "build", "plan"})
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)")
_ANALYSER = StemmingAnalyzer()


@dataclass(frozen=True)
class Bullet:
    case: Case
    text: str


@dataclass(frozen=True)
class Theme:
    """One recurring lesson: its wording and the cases that teach it, in digest order."""

    wording: str
    cases: tuple[Case, ...]


def bullets(cases: Sequence[Case]) -> list[Bullet]:
    """Every bullet of every case's Lessons section, in order."""
    return [Bullet(c, m.group(1)) for c in cases for line in c.lessons.splitlines() if (m := _BULLET.match(line))]


def terms(text: str) -> frozenset[str]:
    return frozenset(t.text for t in _ANALYSER(text) if t.text not in FILLER and not t.text.isdigit())


def recurring(cases: Sequence[Case]) -> list[Theme]:
    """The lessons at least two of `cases` teach, most widely taught first, then in case order."""
    items = bullets(cases)
    sims = similarities([terms(b.text) for b in items])
    groups = [g for g in _group(len(items), sims) if len({items[i].case.id for i in g}) > 1]
    order = {c.id: n for n, c in enumerate(cases)}
    themes = [_theme(items, g, sims, order) for g in groups]
    themes.sort(key=lambda t: (-len(t.cases), order[t.cases[0].id]))
    return themes


def similarities(sets: Sequence[frozenset[str]]) -> dict[tuple[int, int], float]:
    """Cosine similarity (idf-weighted) of every pair (i < j) that shares a word; others are 0."""
    df = Counter(t for s in sets for t in s)
    idf = {t: math.log(len(sets) / n) for t, n in df.items()}
    norm = [math.sqrt(sum(idf[t] ** 2 for t in s)) or 1.0 for s in sets]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for t in s:
            postings[t].append(i)
    dots: dict[tuple[int, int], float] = defaultdict(float)
    for t, where in postings.items():
        for a, i in enumerate(where):
            for j in where[a + 1:]:
                dots[i, j] += idf[t] ** 2
    return {pair: dot / (norm[pair[0]] * norm[pair[1]]) for pair, dot in dots.items() if dot}


def _group(count: int, sims: dict[tuple[int, int], float]) -> list[list[int]]:
    """Greedy average linkage: join groups pair by pair, most similar first, while the average
    similarity between the two groups is at least THRESHOLD."""
    group_of = {i: [i] for i in range(count)}
    for (i, j), sim in sorted(sims.items(), key=lambda kv: (-kv[1], kv[0])):
        if sim < THRESHOLD:
            break
        a, b = group_of[i], group_of[j]
        if a is b or _linkage(a, b, sims) < THRESHOLD:
            continue
        a.extend(b)
        for k in b:
            group_of[k] = a
    unique = {id(g): g for g in group_of.values()}
    return [sorted(g) for g in unique.values()]


def _linkage(a: list[int], b: list[int], sims: dict[tuple[int, int], float]) -> float:
    return sum(sims.get((min(i, j), max(i, j)), 0.0) for i in a for j in b) / (len(a) * len(b))


def _theme(items: list[Bullet], group: list[int], sims: dict[tuple[int, int], float],
           order: dict[str, int]) -> Theme:
    def centrality(i: int) -> float:
        return sum(sims.get((min(i, j), max(i, j)), 0.0) for j in group if j != i)

    best = max(group, key=lambda i: (centrality(i), -i))
    cases = {items[i].case.id: items[i].case for i in group}
    return Theme(items[best].text, tuple(sorted(cases.values(), key=lambda c: order[c.id])))
