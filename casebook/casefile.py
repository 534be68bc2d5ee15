"""Reading one case file from disk into a CaseFile: the case, or why it could not be read."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from casebook import decoding
from casebook.errors import CaseFormatError
from casebook.model import Case, Problem, build_case, slugify

MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class CaseFile:
    """A file of a source, parsed. `case` is None when the file is *invalid*."""

    source: str
    relpath: str
    path: Path
    case: Case | None
    problems: tuple[Problem, ...]
    sha1: str
    mtime_ns: int
    size: int

    @property
    def uid(self) -> str:
        return f"{self.source}:{self.relpath}"

    @property
    def status(self) -> str:
        if self.case is None:
            return "invalid"
        return "incomplete" if self.problems else "ok"

    def messages(self) -> list[str]:
        """Problems as `path:line: message` lines."""
        return [f"{self.path}:{p.line}: {p.message}" for p in self.problems]


def parse(data: bytes, path: str, fallback_id: str) -> tuple[Case | None, list[Problem]]:
    """Parse file contents. Never raises for bad content: problems say what is wrong."""
    from casebook import front_matter  # imports PyYAML, which a search with no changed file never needs

    try:
        text = decoding.decode(data, path)
        yaml_text, body = front_matter.split(text, path)
        meta, lines, problems = front_matter.load(yaml_text, path)
    except CaseFormatError as exc:
        return None, [Problem(exc.line, exc.message)]
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    case, field_problems = build_case(meta, lines, body, fallback_id, body_line)
    return case, sorted(problems + field_problems, key=lambda p: p.line)


def refused(source: str, relpath: str, path: Path, message: str) -> CaseFile:
    """An entry for a file that is not read at all (a symlink, say)."""
    return CaseFile(source, relpath, path, None, (Problem(1, message),), "", 0, 0)


def read(path: Path, source: str = "", relpath: str | None = None,
         stat: os.stat_result | None = None) -> CaseFile:
    """Read and parse one file; size cap and unreadable files give an *invalid* entry."""
    relpath = relpath if relpath is not None else path.name
    try:
        stat = stat or path.stat()
        if stat.st_size > MAX_FILE_BYTES:
            return CaseFile(source, relpath, path, None,
                            (Problem(1, f"file is {stat.st_size / 1048576:.1f} MiB; a case file may be "
                                     f"at most {MAX_FILE_BYTES // 1048576} MiB"),),
                            "", stat.st_mtime_ns, stat.st_size)
        data = path.read_bytes()
    except OSError as exc:
        return refused(source, relpath, path, f"cannot read file: {exc.strerror or exc}")
    case, problems = parse(data, str(path), slugify(path.stem) or "case")
    return CaseFile(source, relpath, path, case, tuple(problems),
                    hashlib.sha1(data).hexdigest(), stat.st_mtime_ns, stat.st_size)
