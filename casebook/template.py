"""The case template (casebook/templates/case.md) and the prompts in its sections ("Why did the council
try this?…"), which a case keeps until someone writes over them. The template file is the one source of
what the prompts are: a line of a case that reads as one of them is not the case's own content."""

from __future__ import annotations

import functools
import re

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(?:[-*+]|\d+[.)])\s+")


@functools.cache
def text() -> str:
    """The template as written: front matter with `$title`-style placeholders, then the sections."""
    from importlib import resources  # on first use: a search that reads no case file never needs it

    return resources.files("casebook").joinpath("templates/case.md").read_text("utf-8")


def body() -> str:
    """The template's sections: the body of a new case."""
    return text().split("\n---\n", 1)[1]


@functools.cache
def prompts() -> frozenset[str]:
    """Every prompt line of the template's sections, as `plain` reads it."""
    return frozenset(plain(line) for line in body().splitlines() if line.strip() and not _HEADING.match(line))


def plain(line: str) -> str:
    """A line as prompts are compared: no bullet mark, spaces collapsed, case folded."""
    return " ".join(_BULLET.sub("", line.strip()).split()).casefold()


def is_prompt(line: str) -> bool:
    return bool(line.strip()) and plain(line) in prompts()


def without_prompts(content: str) -> str:
    """`content` without the template's prompt lines (the rest as written, trimmed)."""
    return "\n".join(line for line in content.splitlines() if not is_prompt(line)).strip()


def unfilled(body: str) -> list[tuple[int, str]]:
    """(0-based line in `body`, heading) of every section whose only text is template prompts."""
    return [(number, heading) for number, heading, lines in _sections(body)
            if lines and all(is_prompt(line) for line in lines)]


def _sections(body: str) -> list[tuple[int, str, list[str]]]:
    """(line of the heading, heading, its non-blank lines) of each heading of `body`, at any level."""
    found: list[tuple[int, str, list[str]]] = []
    for number, line in enumerate(body.splitlines()):
        if match := _HEADING.match(line):
            found.append((number, match.group(1), []))
        elif found and line.strip():
            found[-1][2].append(line)
    return found
