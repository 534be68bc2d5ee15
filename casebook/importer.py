"""Importing foreign Markdown with front matter (blog posts, design histories, post-mortems)."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from casebook import casefile, decoding, front_matter
from casebook.authoring import render, unique_path, write_atomic
from casebook.casefile import MAX_FILE_BYTES
from casebook.errors import CaseFormatError
from casebook.indexer import Progress
from casebook.sources import walk

SUMMARY_KEYS = ("summary", "excerpt", "description")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4})\b")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


GENERIC_STEMS = frozenset({"index", "_index", "readme"})
GENERIC_FOLDERS = frozenset({"app", "src", "content", "docs", "pages", "posts", "site", "blog"})
SOURCE_KEY = "imported_from"
RESULTS = ("imported", "updated", "unchanged", "skipped")


@dataclass(frozen=True)
class FileResult:
    """What became of one file: `result` is one of RESULTS; `case` the case file written or kept."""

    path: Path
    result: str
    reason: str
    case: Path | None = None
    #: What is wrong with the case written or kept (it is then *incomplete*); also in `reason`.
    problems: tuple[str, ...] = ()


@dataclass
class ImportReport:
    files: list[FileResult] = field(default_factory=list)

    def of(self, result: str) -> list[FileResult]:
        return [f for f in self.files if f.result == result]

    @property
    def imported(self) -> list[Path]:
        return [f.case for f in self.of("imported") if f.case]

    @property
    def skipped(self) -> list[dict[str, str]]:
        return [{"path": str(f.path), "reason": f.reason} for f in self.of("skipped")]

    def to_json(self) -> dict[str, Any]:
        counts = {result: len(self.of(result)) for result in RESULTS[:3]}
        return {**counts, "skipped": self.skipped, "files": [
            {"path": str(f.path), "result": f.result, "reason": f.reason, "case": str(f.case) if f.case else None,
             "problems": list(f.problems)} for f in self.files]}


def import_dir(folder: Path, library: Path, council: str = "", outcome: str = "",
               progress: Progress | None = None) -> ImportReport:
    """Copy every Markdown file (`*.md`, `*.markdown`) under `folder` into `library` as a case.

    `council` and `outcome` fill values the files lack. Unknown keys are kept. Each case records
    its source as `imported_from: <folder name>/<path inside it>`, so importing the same folder
    again (with the same or other options) updates those cases instead of adding new ones; keys
    set in the case since and absent from the source are kept. Every file is reported as
    imported, updated, unchanged or skipped, with the reason. `progress(done, total, what)` is
    called after each file.
    """
    report = ImportReport()
    library.mkdir(parents=True, exist_ok=True)
    earlier = imported_cases(library)
    found = list(walk(folder, want=lambda _: True))
    for done, (relpath, path, stat) in enumerate(found, 1):
        if progress:
            progress(done, len(found), "Importing")
        try:
            meta, body = _converted(path, stat, council, outcome)
        except CaseFormatError as exc:
            report.files.append(FileResult(path, "skipped", f"line {exc.line}: {exc.message}"))
            continue
        except OSError as exc:
            report.files.append(FileResult(path, "skipped", f"cannot read: {exc.strerror or exc}"))
            continue
        key = f"{folder.resolve().name}/{relpath}"
        report.files.append(_checked(_store(library, earlier.get(key), path, {**meta, SOURCE_KEY: key}, body)))
    return report


def _checked(item: FileResult) -> FileResult:
    """`item` with the problems of the case it wrote or kept: imported all the same, as incomplete."""
    problems = tuple(p.message for p in casefile.read(item.case).problems) if item.case else ()
    if not problems:
        return item
    return replace(item, reason=f"{item.reason}, incomplete: {'; '.join(problems)}", problems=problems)


def imported_cases(library: Path) -> dict[str, Path]:
    """`imported_from` -> case file, for every case in `library` that records its source."""
    found = {}
    for _, path, stat in walk(library):
        if isinstance(stat, str):
            continue
        cf = casefile.read(path, stat=stat)
        source = cf.case.extra.get(SOURCE_KEY) if cf.case else None
        if isinstance(source, str):
            found[source] = path
    return found


def _store(library: Path, earlier: Path | None, source: Path, meta: dict[str, Any], body: str) -> FileResult:
    """Write a new case, or update the one imported from this file before."""
    if earlier is None:
        target = unique_path(library, case_name(source, meta.get("title", "")))
        write_atomic(target, render(meta, body))
        return FileResult(source, "imported", "new case", target)
    old_text = decoding.decode(earlier.read_bytes(), str(earlier))
    old_yaml, old_body = front_matter.split(old_text, str(earlier))
    old_meta = front_matter.load(old_yaml, str(earlier))[0]
    text = render({**old_meta, **meta}, body)
    if text == old_text:
        return FileResult(source, "unchanged", "same as the case imported before", earlier)
    changed = [k for k in meta if old_meta.get(k) != meta[k]]
    changed += ["text"] if old_body.lstrip("\n") != body.lstrip("\n") else []
    write_atomic(earlier, text)
    return FileResult(source, "updated", f"changed: {', '.join(changed)}", earlier)


def case_name(path: Path, title: str) -> str:
    """The file stem of an imported case: the file's own name; for `posts/<slug>/index.md` the
    folder's name; the title when the folder is as generic as the file (`app/index.md`)."""
    if path.stem.lower() not in GENERIC_STEMS:
        return path.stem
    parent = path.parent.name
    return title if not parent or parent.lower() in GENERIC_FOLDERS else parent


def _converted(path: Path, stat: os.stat_result | str, council: str, outcome: str) -> tuple[dict[str, Any], str]:
    """The front matter and body of the case for one foreign file; CaseFormatError says why a
    file is not imported."""
    if isinstance(stat, str):
        raise CaseFormatError(path, 1, stat)
    if path.name.startswith("."):
        raise CaseFormatError(path, 1, "hidden file, not imported")
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        raise CaseFormatError(path, 1, f"not a Markdown file ({path.suffix or 'no extension'})")
    if stat.st_size > MAX_FILE_BYTES:
        raise CaseFormatError(path, 1, f"larger than {MAX_FILE_BYTES // 1048576} MiB")
    text = decoding.decode(path.read_bytes(), str(path))
    yaml_text, body = front_matter.split(text, str(path))
    meta, _, _ = front_matter.load(yaml_text, str(path))
    return _mapped(meta, body, path, council, outcome), body


def _mapped(meta: dict[str, Any], body: str, path: Path, council: str, outcome: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "title": _text(meta.get("title")) or _first_heading(body) or path.stem.replace("-", " "),
        "council": _text(meta.get("council")) or council,
        "outcome": _text(meta.get("outcome")) or outcome,
        "summary": next((_text(meta[k]) for k in SUMMARY_KEYS if _text(meta.get(k))), "") or _first_paragraph(body),
    }
    if date := _date(meta.get("date")):
        out["date"] = date
    if tags := meta.get("tags"):
        out["tags"] = tags if isinstance(tags, list) else [tags]
    out["sharing"] = _text(meta.get("sharing")) or "internal"
    out.update({k: v for k, v in meta.items() if k not in out and k not in SUMMARY_KEYS and k != "date"})
    return {k: v for k, v in out.items() if v not in ("", None)}


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int, float)) else ""


def _date(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    match = _DATE_PREFIX.match(str(value or "").strip())
    return match.group(1) if match else ""


def _first_heading(body: str) -> str:
    match = _HEADING.search(body)
    return match.group(1) if match else ""


def _first_paragraph(body: str) -> str:
    for block in re.split(r"\n\s*\n", body):
        text = " ".join(block.split())
        if text and not text.startswith(("#", "{%", "{{", "<", "!", "|", "```")):
            return text[:300]
    return ""
