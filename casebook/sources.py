"""Sources of cases (own library, network clones, bundled examples) and walking them safely."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from casebook.casefile import CaseFile, refused
from casebook.home import Home

LIBRARY = "library"
EXAMPLES = "examples"
RESERVED = (LIBRARY, EXAMPLES)
NOT_CASES = frozenset({"readme.md"})
MAX_DEPTH = 32
LINK_REFUSED = "symbolic link refused: a link could point outside the library"
_FOLDER = "<folder>"
#: The suffix of a conflict copy, `<slug>.conflict-<UTC time>[-n].md`: a case's other version, kept
#: in a network's clone on the computer where the conflict happened until the officer resolves it.
CONFLICT_SUFFIX = re.compile(r"\.conflict-\d{8}T\d{6}Z(?:-\d+)?")


@dataclass(frozen=True)
class Source:
    """A folder of cases. A peer's folder (`trusted=False`) may not itself be a link. `copies` are
    relpath -> git blob id of the own library cases this computer published into this network:
    while a copy is still that version, the library case is the one indexed, so each case is one
    result, one digest entry and one count (a colleague's newer version in the network shows)."""

    name: str
    root: Path
    trusted: bool = True
    copies: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)


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


def is_case_name(name: str) -> bool:
    """`*.md`, not hidden, not a README."""
    lower = name.lower()
    return lower.endswith(".md") and not lower.startswith(".") and lower not in NOT_CASES


def is_conflict_copy(name: str) -> bool:
    return CONFLICT_SUFFIX.search(name) is not None


def listed(source: Source, name: str) -> bool:
    """Whether a file name is searched as a case of `source`. A network's conflict copies are not:
    each is a second version of a case already listed, shown in the conflict inbox instead."""
    return is_case_name(name) and (source.trusted or not is_conflict_copy(name))


def examples_root() -> Path:
    """The bundled example cases, shipped inside the package as `casebook.examples`."""
    return Path(str(resources.files("casebook.examples")))


def sources_for(home: Home, include_examples: bool = True,
                published: Mapping[str, Mapping[str, str]] | None = None) -> list[Source]:
    """Library first, then each network clone's `cases/` folder (without the copies of own cases
    in `published`, network -> relpaths), then the examples."""
    found = [Source(LIBRARY, home.library)]
    if home.networks.is_dir():
        for clone in sorted(home.networks.iterdir()):
            if clone.is_dir() and not clone.name.startswith(".") and clone.name not in RESERVED:
                copies = (published or {}).get(clone.name, {})
                found.append(Source(clone.name, clone / "cases", trusted=False, copies=copies))
    if include_examples:
        found.append(Source(EXAMPLES, examples_root()))
    return found


def scan(source: Source) -> tuple[list[FileRef], list[CaseFile]]:
    """Every case file under the source, and the entries refused (links, unreadable folders)."""
    if not source.trusted and (source.root.is_symlink() or source.root.parent.is_symlink()):
        message = "symbolic link refused: a network's cases folder must be a real folder"
        return [], [refused(source.name, "", source.root, message)]
    refs: list[FileRef] = []
    refusals: list[CaseFile] = []
    if source.root.is_dir():
        for relpath, path, found in walk(source.root, lambda name: listed(source, name)):
            if isinstance(found, str):
                refusals.append(refused(source.name, relpath, path, found))
            elif not _published_copy(source, relpath, path):
                refs.append(FileRef(source.name, relpath, path, found))
    return refs, refusals


def _published_copy(source: Source, relpath: str, path: Path) -> bool:
    """Whether the file is still the version of an own case this computer published."""
    blob = source.copies.get(relpath)
    if blob is None:
        return False
    try:
        return git_blob(path.read_bytes()) == blob
    except OSError:
        return False


def git_blob(data: bytes) -> str:
    """The id git gives a file with these bytes (`git hash-object`, no filters)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


Found = tuple[str, Path, "os.stat_result | str"]


def walk(root: Path, want: Callable[[str], bool] = is_case_name) -> Iterator[Found]:
    """(relpath, path, stat) for each file below `root` whose name is wanted, in name order;
    instead of a stat, the reason when an entry is refused (a link, an unreadable or too deeply
    nested folder). Hidden folders (`.git`) are not entered."""
    stack: list[tuple[str, int]] = [("", 0)]
    while stack:
        rel, depth = stack.pop()
        folder = root / rel if rel else root
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield rel or ".", folder, f"cannot read folder: {exc.strerror or exc}"
            continue
        subfolders = []
        for entry in entries:
            relpath = f"{rel}/{entry.name}" if rel else entry.name
            found = _entry(entry, want, depth)
            if found == _FOLDER:
                subfolders.append(relpath)
            elif found is not None:
                yield relpath, Path(entry.path), found
        stack.extend((sub, depth + 1) for sub in reversed(subfolders))


def _entry(entry: os.DirEntry[str], want: Callable[[str], bool], depth: int) -> os.stat_result | str | None:
    if entry.is_symlink() or getattr(entry, "is_junction", lambda: False)():
        return LINK_REFUSED if want(entry.name) or _points_to_dir(entry) else None
    if entry.is_dir(follow_symlinks=False):
        if entry.name.startswith("."):
            return None
        return _FOLDER if depth < MAX_DEPTH else f"folder nested deeper than {MAX_DEPTH} levels, not read"
    if want(entry.name) and entry.is_file(follow_symlinks=False):
        try:
            return entry.stat(follow_symlinks=False)
        except OSError as exc:
            return f"cannot read file: {exc.strerror or exc}"
    return None


def _points_to_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False
