"""The council thesaurus: synonyms and acronyms searched as lower-weight alternatives.

The bundled `casebook/thesaurus.txt` and an optional `<home>/thesaurus.txt`, in one format:
one group per line, terms separated by commas, every term an alternative for every other; a term
may have several words; lines starting with # and blank lines are ignored. Terms are compared as
the index sees them (folded, stemmed), so "Houses in multiple occupation" matches "HMO"'s group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from casebook.analysis import text_analyzer

FILE_NAME = "thesaurus.txt"

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
    return tuple(token.text for token in _ANALYZER(text))


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


def load(user_file: Path | None = None) -> Thesaurus:
    """The bundled thesaurus, extended by `user_file` when it exists."""
    thesaurus = Thesaurus()
    texts = [(resources.files("casebook").joinpath(FILE_NAME).read_text("utf-8"), FILE_NAME)]
    if user_file is not None and user_file.exists():
        try:
            texts.append((user_file.read_text("utf-8"), str(user_file)))
        except (OSError, UnicodeDecodeError) as exc:
            thesaurus.problems.append(f"{user_file}: could not be read ({exc}); left out")
    for text, name in texts:
        groups, problems = read_groups(text, name)
        thesaurus.problems += problems
        for group in groups:
            thesaurus.add(group)
    return thesaurus


_ANALYZER = text_analyzer()
