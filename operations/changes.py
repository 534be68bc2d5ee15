"""What an operation changed, so each view refreshes only what concerns it (anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from casebook.indexer import IndexChanges


@dataclass(frozen=True)
class Changes:
    """Case uids added, updated or removed, and flags for the user state that changed."""

    added: frozenset[str] = frozenset()
    updated: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    bookmarks: bool = False
    saved_searches: bool = False
    networks: bool = False
    settings: bool = False
    digests: bool = False

    @classmethod
    def of_index(cls, index: IndexChanges, **flags: bool) -> Changes:
        """The cases an index update changed, plus the given flags."""
        return cls(frozenset(index.added), frozenset(index.updated), frozenset(index.removed), **flags)

    @property
    def cases(self) -> frozenset[str]:
        """Every case uid that changed in any way."""
        return self.added | self.updated | self.removed

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = Changes()
