"""The council thesaurus: synonyms and acronyms searched as lower-weight alternatives.

The bundled `casebook/thesaurus.txt` and an optional `<home>/thesaurus.txt`, in one format:
one group per line, terms separated by commas, every term an alternative for every other; a term
may have several words; lines starting with # and blank lines are ignored. Terms are compared as
the index sees them (folded, stemmed), so "Houses in multiple occupation" matches "HMO"'s group.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from casebook.analysis import index_words
from casebook.schema import SCHEMA_VERSION

FILE_NAME = "thesaurus.txt"
#: The analysed thesaurus, kept in the index folder (see `load`).
CACHE_NAME = "thesaurus-cache.json"

Tokens = tuple[str, ...]


@dataclass(frozen=True)
class Span:
    """Words `start` to `end` (exclusive) of a query, with the terms that may stand for them."""

    start: int
    end: int
    alternatives: tuple[str, ...]


@dataclass
class Thesaurus:
    """Alternatives by analysed term. `problems` says which lines of which file were left out."""

    alternatives: dict[Tokens, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    _words: set[str] | None = field(default=None, repr=False)

    def add(self, terms: Sequence[str]) -> None:
        keyed = {}
        for term in terms:
            keyed.setdefault(analysed(term), term)
        keyed.pop((), None)
        self._words = None
        for key in keyed:
            known = self.alternatives.setdefault(key, [])
            known += [term for other, term in keyed.items() if other != key and term not in known]

    def knows(self, token: str) -> bool:
        """Whether an analysed word is part of a term (a word the index lacks is then no typo)."""
        if self._words is None:
            self._words = {word for key in self.alternatives for word in key}
        return token in self._words

    def spans(self, words: Sequence[Tokens]) -> list[Span]:
        """The longest runs of the given (analysed) query words that are terms, left to right."""
        found, start = [], 0
        longest = max((len(k) for k in self.alternatives), default=0)
        while start < len(words):
            for end in range(min(len(words), start + 2 * longest), start, -1):  # 2x: stop words analyse to ()
                key = tuple(token for word in words[start:end] for token in word)
                if key in self.alternatives:
                    found.append(Span(start, end, tuple(self.alternatives[key])))
                    start = end
                    break
            else:
                start += 1
        return found


def analysed(text: str) -> Tokens:
    return tuple(index_words(text))


def read_groups(text: str, name: str) -> tuple[list[list[str]], list[str]]:
    """The groups of a thesaurus file's text, and its lines that hold no group (named by `name`)."""
    groups, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = [term.strip() for term in line.split(",") if term.strip()]
        if len(terms) < 2:
            problems.append(f"{name}:{number}: a group needs at least two terms separated by commas; left out")
        else:
            groups.append(terms)
    return groups, problems


def load(user_file: Path | None = None, cache: Path | None = None) -> Thesaurus:
    """The bundled thesaurus, extended by `user_file` when it exists. With `cache`, the analysed
    thesaurus is kept in that file and reused while both texts and the analysis are unchanged
    (analysing its terms was most of the start-up time of a search process)."""
    thesaurus = Thesaurus()
    texts = [(resources.files("casebook").joinpath(FILE_NAME).read_text("utf-8"), FILE_NAME)]
    if user_file is not None and user_file.exists():
        try:
            texts.append((user_file.read_text("utf-8"), str(user_file)))
        except (OSError, UnicodeDecodeError) as exc:
            thesaurus.problems.append(f"{user_file}: could not be read ({exc}); left out")
    key = hashlib.sha1(json.dumps([SCHEMA_VERSION, texts]).encode()).hexdigest()
    cached = _read_cache(cache, key)
    if cached is not None:
        thesaurus.alternatives, problems = cached
        thesaurus.problems += problems
        return thesaurus
    for text, name in texts:
        groups, problems = read_groups(text, name)
        thesaurus.problems += problems
        for group in groups:
            thesaurus.add(group)
    _write_cache(cache, key, thesaurus)
    return thesaurus


def _read_cache(cache: Path | None, key: str) -> tuple[dict[Tokens, list[str]], list[str]] | None:
    try:
        data = json.loads(cache.read_text("utf-8")) if cache else None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    return {tuple(tokens): terms for tokens, terms in data["alternatives"]}, data["problems"]


def _write_cache(cache: Path | None, key: str, thesaurus: Thesaurus) -> None:
    if cache is None:
        return
    data = {"key": key, "alternatives": list(thesaurus.alternatives.items()), "problems": thesaurus.problems}
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(data), "utf-8")
        os.replace(tmp, cache)
    except OSError:  # a read-only home: analyse again next time
        tmp.unlink(missing_ok=True)
