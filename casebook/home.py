"""Where Casebook keeps its files: the home folder and what lies in it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "CASEBOOK_HOME"


@dataclass(frozen=True)
class Home:
    """A home folder: `library/`, `networks/`, the catalog and the index."""

    root: Path

    @property
    def library(self) -> Path:
        return self.root / "library"

    @property
    def networks(self) -> Path:
        return self.root / "networks"

    @property
    def catalog_path(self) -> Path:
        return self.root / "catalog.db"

    @property
    def index_root(self) -> Path:
        return self.root / "index"

    @property
    def thesaurus_path(self) -> Path:
        """The user's own thesaurus groups, added to the bundled ones (casebook.thesaurus)."""
        return self.root / "thesaurus.txt"

    def ensure(self) -> Home:
        """Create the folders if missing; returns self."""
        for folder in (self.library, self.networks, self.index_root):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve(explicit: str | os.PathLike[str] | None = None) -> Home:
    """The home from `--home`, else $CASEBOOK_HOME, else the platform's user data folder."""
    chosen = explicit or os.environ.get(HOME_ENV) or _user_data_dir()
    return Home(Path(chosen).expanduser().resolve())


def _user_data_dir() -> str:
    import platformdirs  # only when no home is named: it imports much of the standard library

    return platformdirs.user_data_dir("casebook", appauthor=False)
