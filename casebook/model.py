"""The case model: allowed values, the Case record and field validation."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from casebook import template

OUTCOMES = ("success", "failure", "mixed", "ongoing")
THEMES = (
    "changing workforce",
    "emerging technologies",
    "participation and community",
    "data and personalisation",
    "placemaking",
    "public expectations",
)
SHARING = ("internal", "network", "public")
#: The sharing values that let a case leave this computer; anything else (or none) means internal.
SHAREABLE = ("network", "public")
#: Every field of the format, in the order files are written.
KNOWN_FIELDS = ("id", "title", "council", "outcome", "summary", "date", "themes", "service_area", "tags", "sharing",
                "contact", "cost", "savings", "sources", "related", "licence", "review_by", "derived_from")
DEFAULT_LICENCE = "OGL-3.0"

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_HEADING_RE = re.compile(r"^(#{1,6})\s")


@dataclass(frozen=True)
class Problem:
    """Something wrong with a case file, at a 1-based line of that file."""

    line: int
    message: str
    field: str = ""


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    council: str
    outcome: str
    summary: str
    date: str = ""
    themes: tuple[str, ...] = ()
    service_area: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sharing: str = "internal"
    contact: str = ""
    cost: str = ""
    savings: str = ""
    sources: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    licence: str = DEFAULT_LICENCE
    review_by: str = ""
    derived_from: str = ""
    body: str = ""
    lessons: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def known_outcome(self) -> str:
        """The outcome if it is one of OUTCOMES, else "": a value the file has wrong is a problem of the
        case, never a value to filter or count by."""
        return self.outcome if self.outcome in OUTCOMES else ""

    @property
    def known_themes(self) -> tuple[str, ...]:
        """The themes that are among THEMES (see `known_outcome`)."""
        return tuple(t for t in self.themes if t in THEMES)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: the form of ids and file names."""
    return _SLUG_RE.sub("-", text.lower()).strip("-")


def section(body: str, name: str) -> str:
    """The text under the first heading starting with `name` (any case), up to the next heading
    of its level."""
    start = re.compile(rf"^(#{{1,6}})\s*{re.escape(name)}\b", re.IGNORECASE)
    out: list[str] = []
    level = 0
    for line in body.splitlines():
        heading = _HEADING_RE.match(line)
        if level and heading and len(heading.group(1)) <= level:
            break
        if level:
            out.append(line)
        elif match := start.match(line):
            level = len(match.group(1))
    return "\n".join(out).strip()


def theme_name(text: str) -> str:
    """A theme as the format compares it: lower case, `-` and `_` read as spaces."""
    return text.strip().lower().replace("-", " ").replace("_", " ")


def filled_section(body: str, name: str) -> str:
    """`section(body, name)` without the case template's prompts: what the case itself says there."""
    return template.without_prompts(section(body, name))


def lessons_section(body: str) -> str:
    """The `## Lessons` section, also indexed as its own field (the template's prompt left out)."""
    return filled_section(body, "lessons")


class _Fields:
    """Reads front-matter values into clean Python values, collecting problems."""

    def __init__(self, meta: dict[str, Any], lines: dict[str, int]) -> None:
        self.meta = meta
        self.lines = lines
        self.problems: list[Problem] = []

    def flag(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.lines.get(key, 1), message, key))

    def text(self, key: str, required: bool = False) -> str:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.flag(key, f"required field '{key}' is missing" if key not in self.meta
                          else f"required field '{key}' is empty")
            return ""
        if isinstance(value, (list, dict)):
            self.flag(key, f"'{key}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
            return ""
        text = str(value).strip()
        if required and not text:
            self.flag(key, f"required field '{key}' is empty")
        return text

    def choice(self, key: str, allowed: tuple[str, ...], required: bool = False) -> str:
        value = self.text(key, required).lower()
        if value and value not in allowed:
            self.flag(key, f"'{key}' is '{value}'; allowed: {', '.join(allowed)}")
        return value

    def items(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [part for part in value.split(",")] if key != "sources" else [value]
        elif isinstance(value, dict) or not isinstance(value, list):
            value = [value]
        out = []
        for item in value:
            if isinstance(item, dict):
                item = ", ".join(f"{k}: {v}" for k, v in item.items())
            text = str(item).strip() if item is not None else ""
            if text:
                out.append(text)
        return tuple(out)

    def date(self, key: str) -> str:
        value = self.meta.get(key)
        if value is None or value == "":
            return ""
        if isinstance(value, dt.datetime):
            value = value.date()
        text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
        match = _DATE_RE.match(text)
        if match and _real_date(*match.groups()):
            return text
        self.flag(key, f"'{key}' is '{text}'; expected YYYY, YYYY-MM or YYYY-MM-DD")
        return ""


def _real_date(year: str, month: str | None, day: str | None) -> bool:
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def build_case(meta: dict[str, Any], lines: dict[str, int], body: str,
               fallback_id: str, body_line: int = 1) -> tuple[Case, list[Problem]]:
    """Make a Case from parsed front matter and the body (which starts on line `body_line` of the
    file); problems make the case *incomplete*."""
    f = _Fields(meta, lines)
    case_id = _case_id(f, fallback_id)
    themes = tuple(theme_name(t) for t in f.items("themes"))
    for theme in themes:
        if theme not in THEMES:
            f.flag("themes", f"unknown theme '{theme}'; allowed: {', '.join(THEMES)}")
    sharing = f.choice("sharing", SHARING) or "internal"
    case = Case(
        id=case_id,
        title=f.text("title", True),
        council=f.text("council", True),
        outcome=f.choice("outcome", OUTCOMES, True),
        summary=f.text("summary", True),
        date=f.date("date"),
        themes=themes,
        service_area=tuple(s.lower() for s in f.items("service_area")),
        tags=tuple(t.lower() for t in f.items("tags")),
        sharing=sharing if sharing in SHARING else "internal",
        contact=f.text("contact"),
        cost=f.text("cost"),
        savings=f.text("savings"),
        sources=f.items("sources"),
        related=f.items("related"),
        licence=f.text("licence") or DEFAULT_LICENCE,
        review_by=f.date("review_by"),
        derived_from=f.text("derived_from"),
        body=body,
        lessons=lessons_section(body),
        extra={k: v for k, v in meta.items() if k not in KNOWN_FIELDS},
    )
    return case, f.problems + _unfilled(body, body_line)


def _unfilled(body: str, body_line: int) -> list[Problem]:
    """A problem for each section that still holds only the case template's prompts."""
    return [Problem(body_line + number, f"the '{heading}' section still holds only the template's prompt: "
                    "write what this case says there, or remove the section", "body")
            for number, heading in template.unfilled(body)]


def _case_id(f: _Fields, fallback_id: str) -> str:
    given = f.text("id")
    if not given:
        return fallback_id
    if slugify(given) != given:
        f.flag("id", f"id '{given}' should use only a-z, 0-9 and '-'; read as '{slugify(given)}'")
    return slugify(given) or fallback_id
