"""Sources of cases (own library, network clones, bundled examples) and walking them safely."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from casebook.casefile import CaseFile, refused
from casebook.home import Home

LIBRARY = "library"
EXAMPLES = "examples"
RESERVED = (LIBRARY, EXAMPLES)
NOT_CASES = frozenset({"readme.md"})


@dataclass(frozen=True)
class Source:
    name: str
    root: Path
    read_only: bool


@dataclass(frozen=True)
class FileRef:
    """A case file found by a scan, not yet read."""

    source: str
    relpath: str
    path: Path
    stat: os.stat_result

    @property
    def uid(self) -> str:
        return f"{self.source}:{self.relpath}"


def examples_root() -> Path:
    """The bundled example cases shipped inside the package."""
    import cases

    return Path(cases.__file__).resolve().parent


def sources_for(home: Home, include_examples: bool = True) -> list[Source]:
    """Library first, then each network clone's `cases/` folder, then the examples."""
    found = [Source(LIBRARY, home.library, False)]
    if home.networks.is_dir():
        for clone in sorted(home.networks.iterdir()):
            if clone.is_dir() and not clone.name.startswith(".") and clone.name not in RESERVED:
                # a linked clone is kept as a source so that scan() reports its refusal
                found.append(Source(clone.name, clone / "cases", True))
    if include_examples:
        found.append(Source(EXAMPLES, examples_root(), True))
    return found


def scan(source: Source) -> tuple[list[FileRef], list[CaseFile]]:
    """Every `*.md` case file under the source, and the entries refused (links)."""
    refs: list[FileRef] = []
    refusals: list[CaseFile] = []
    if source.name not in RESERVED and (source.root.is_symlink() or source.root.parent.is_symlink()):
        message = "symbolic link refused: a network's cases folder must be a real folder"
        return refs, [refused(source.name, "", source.root, message)]
    if source.root.is_dir():
        for relpath, path, stat in walk(source.root, ""):
            if stat is None:
                refusals.append(refused(source.name, relpath, path,
                                        "symbolic link refused: a link could point outside the library"))
            else:
                refs.append(FileRef(source.name, relpath, path, stat))
    return refs, refusals


def walk(root: Path, rel: str = "", skip: frozenset[str] = NOT_CASES
         ) -> Iterator[tuple[str, Path, os.stat_result | None]]:
    """(relpath, path, stat) of each `*.md` below root but those named in `skip` (lower case);
    stat is None for a refused link. Hidden files and folders are passed over."""
    with os.scandir(root / rel if rel else root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            relpath = f"{rel}/{entry.name}" if rel else entry.name
            is_case_name = entry.name.lower().endswith(".md") and entry.name.lower() not in skip
            if entry.is_symlink() or getattr(entry, "is_junction", lambda: False)():
                if is_case_name or _points_to_dir(entry):
                    yield relpath, Path(entry.path), None
            elif entry.is_dir(follow_symlinks=False):
                yield from walk(root, relpath, skip)
            elif is_case_name and entry.is_file(follow_symlinks=False):
                yield relpath, Path(entry.path), entry.stat(follow_symlinks=False)


def _points_to_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False
