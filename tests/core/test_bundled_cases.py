"""The bundled example cases: valid, varied, and shipped inside the package."""

from __future__ import annotations

from collections import Counter

from casebook import casefile
from casebook.model import THEMES
from casebook.sources import examples_root, walk


def bundled() -> list[casefile.CaseFile]:
    root = examples_root()
    return [casefile.read(path, "examples", rel, stat) for rel, path, stat in walk(root)]


def test_every_bundled_case_is_valid_and_complete() -> None:
    files = bundled()
    assert [m for cf in files for m in cf.messages()] == []
    assert {cf.status for cf in files} == {"ok"}


def test_the_examples_cover_the_brief() -> None:
    cases = [cf.case for cf in bundled()]
    outcomes = Counter(c.outcome for c in cases)
    assert len(cases) >= 40
    assert len({c.council for c in cases}) >= 15
    assert outcomes["failure"] >= 12 and outcomes["success"] >= 12
    assert outcomes["mixed"] + outcomes["ongoing"] == len(cases) - outcomes["failure"] - outcomes["success"]
    assert {t for c in cases for t in c.themes} == set(THEMES)
    assert all(c.sources for c in cases)
    assert all(c.lessons for c in cases)
    ids = {c.id for c in cases}
    assert len(ids) == len(cases)
    assert {r for c in cases for r in c.related} <= ids


def test_examples_say_they_are_for_demonstration() -> None:
    readme = (examples_root() / "README.md").read_text("utf-8")
    assert "demonstration" in readme
    assert "README.md" not in [cf.relpath for cf in bundled()]
