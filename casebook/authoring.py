"""Writing case files: new ones from the template, and safe, unique file names."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from string import Template
from typing import Any

import yaml

from casebook import decoding, front_matter, template
from casebook.errors import CaseFormatError, InputError
from casebook.model import KNOWN_FIELDS, OUTCOMES, Case, slugify


def render(meta: dict[str, Any], body: str) -> str:
    """A case file's text: known fields in the documented order, then any others; empty
    values are left out."""
    known = {k: meta[k] for k in KNOWN_FIELDS if meta.get(k) not in (None, "", [], ())}
    extra = {k: v for k, v in meta.items() if k not in KNOWN_FIELDS}
    header = yaml.safe_dump({**known, **extra}, sort_keys=False, allow_unicode=True,
                            default_flow_style=False, width=100)
    return f"---\n{header}---\n{body.lstrip(chr(10))}"


def case_meta(case: Case) -> dict[str, Any]:
    """A case's front matter as plain values (lists, not tuples), unknown keys included."""
    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in vars(case).items()
              if k not in ("body", "lessons", "extra")}
    return {**fields, **case.extra}


def read_text(path: Path) -> str:
    """A case file's text, decoded as the core reads it (BOMs, Windows-1252, CRLF)."""
    return decoding.decode(path.read_bytes(), str(path))


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """A case file's front matter as written (values not cleaned) and its body exactly as it follows
    the closing `---` line; CaseFormatError when it has no readable front matter."""
    return front_matter_of(read_text(path), str(path))


def front_matter_of(text: str, source: str) -> tuple[dict[str, Any], str]:
    """`read_front_matter` of a case file's text (`source` names it in messages)."""
    yaml_text, body = front_matter.split(text, source)
    return front_matter.load(yaml_text, source)[0], body


def with_keys(text: str, source: str, values: dict[str, Any]) -> str:
    """A case file's text with these top-level keys set: each written over the lines it had (comment
    lines before the next key kept) or added at the end of the front matter, every other line and the
    body as they were. Where that does not read back as the keys set (flow style, keys sharing a line),
    the whole front matter is written out again as `render` writes it."""
    yaml_text, body = front_matter.split(text, source)
    meta, lines, _ = front_matter.load(yaml_text, source)
    wanted = {**meta, **values}
    header = _set_lines(yaml_text, lines, values)
    try:
        if front_matter.load(header, source)[0] == wanted:
            return f"---\n{header}---\n{body}"
    except CaseFormatError:
        pass
    return render(wanted, "") + body  # the body as it was (render drops its leading blank lines)


def _set_lines(yaml_text: str, lines: dict[str, int], values: dict[str, Any]) -> str:
    """`yaml_text` (whose first line is line 2 of the file, as `lines` counts) with `values` set."""
    out = yaml_text.split("\n") if yaml_text else []
    starts = sorted(lines.values())
    for key in sorted(values, key=lambda k: -lines.get(k, 0)):  # from the bottom: lines above keep their place
        new = yaml.safe_dump({key: values[key]}, sort_keys=False, allow_unicode=True, default_flow_style=False,
                             width=100).splitlines()
        if key not in lines:
            out += new
            continue
        first = lines[key] - 2
        end = next((start - 2 for start in starts if start > lines[key]), len(out))
        while end > first + 1 and (not out[end - 1].strip() or out[end - 1].startswith("#")):
            end -= 1
        out[first:end] = new
    return "".join(f"{line}\n" for line in out)


def file_slug(text: str) -> str:
    """A safe file stem for a case: a slug of at most 80 characters, never empty."""
    return slugify(text)[:80].strip("-") or "case"


def unique_path(folder: Path, stem: str) -> Path:
    """`folder/<slug>.md`, or `<slug>-2.md` and so on when taken."""
    slug = file_slug(stem)
    path, n = folder / f"{slug}.md", 2
    while path.exists():
        path, n = folder / f"{slug}-{n}.md", n + 1
    return path


def write_atomic(path: Path, content: str | bytes, temp_dir: Path | None = None) -> None:
    """Write (text as UTF-8 with LF endings) through a temporary file in the same folder (or in
    `temp_dir`, on the same disk), then rename it over the target, so a crash never leaves half
    a file."""
    fd, tmp = tempfile.mkstemp(dir=temp_dir or path.parent, prefix=".", suffix=".tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def new_case(library: Path, title: str, council: str, outcome: str, summary: str = "") -> Path:
    """Create a case from the template in `library`; returns its path."""
    if outcome not in OUTCOMES:
        raise InputError(f"outcome must be one of {', '.join(OUTCOMES)}")
    path = unique_path(library, title)
    text = Template(template.text()).substitute(
        id=path.stem, title=_scalar(title), council=_scalar(council), outcome=outcome,
        summary=_scalar(summary) if summary else "", date=dt.date.today().isoformat())
    library.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    return path


def _scalar(value: str) -> str:
    """A YAML scalar for any single-line text (JSON strings are valid YAML)."""
    return json.dumps(" ".join(value.split()), ensure_ascii=False)
