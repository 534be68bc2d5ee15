"""Importing foreign Markdown with front matter (blog posts, design histories, post-mortems)."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook import decoding, front_matter
from casebook.authoring import file_slug, render, unique_path, write_atomic
from casebook.casefile import MAX_FILE_BYTES
from casebook.errors import CaseFormatError
from casebook.sources import walk

SUMMARY_KEYS = ("summary", "excerpt", "description")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4})\b")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass
class ImportReport:
    imported: list[Path] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"imported": len(self.imported), "skipped": self.skipped}


def import_dir(folder: Path, library: Path, council: str = "", outcome: str = "") -> ImportReport:
    """Copy every Markdown file (`*.md`, `*.markdown`) under `folder` into `library` as a case.

    `council` and `outcome` fill values the files lack. Unknown keys are kept. Each file is
    either imported or listed in `skipped` with the reason.
    """
    report = ImportReport()
    library.mkdir(parents=True, exist_ok=True)
    for _, path, stat in walk(folder, want=lambda _: True):
        try:
            text = _converted(path, stat, council, outcome)
        except CaseFormatError as exc:
            report.skipped.append({"path": str(path), "reason": f"line {exc.line}: {exc.message}"})
            continue
        except OSError as exc:
            report.skipped.append({"path": str(path), "reason": f"cannot read: {exc.strerror or exc}"})
            continue
        if _already_there(library, path.stem, text):
            report.skipped.append({"path": str(path), "reason": "already in the library (same content)"})
            continue
        target = unique_path(library, path.stem)
        write_atomic(target, text)
        report.imported.append(target)
    return report


def _already_there(library: Path, stem: str, text: str) -> bool:
    """An earlier import wrote this exact text as `<slug>.md` or `<slug>-N.md`."""
    slug = file_slug(stem)
    name = re.compile(rf"{re.escape(slug)}(-\d+)?\.md")
    return any(name.fullmatch(p.name) and p.read_bytes() == text.encode("utf-8")
               for p in library.glob(f"{slug}*.md"))


def _converted(path: Path, stat: os.stat_result | str, council: str, outcome: str) -> str:
    """The case text for one foreign file; CaseFormatError says why a file is not imported."""
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
    return render(_mapped(meta, body, path, council, outcome), body)


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
