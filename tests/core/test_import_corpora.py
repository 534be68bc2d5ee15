"""Importing real Markdown written by real teams: every file is imported or reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.importer import import_dir
from casebook.library import Library
from tests.conftest import CORPORA

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")


@pytest.mark.parametrize(("corpus", "at_least"), [
    ("uk-design-histories", 900), ("18f-blog/content", 500), ("icco-postmortems/data", 240)])
def test_every_file_is_imported_or_reported(library: Library, corpus: str, at_least: int) -> None:
    folder = CORPORA / corpus
    files = [p for p in folder.rglob("*")
             if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts[:-1])]
    report = import_dir(folder, library.home.library, council="Imported Council", outcome="mixed")
    skipped = {Path(s["path"]) for s in report.skipped}
    assert len(report.imported) + len(skipped) == len(files)
    assert len(report.imported) >= at_least
    assert all(s["reason"] for s in report.skipped)
    markdown_skipped = [s for s in report.skipped if s["path"].endswith((".md", ".markdown"))]
    assert all("not a Markdown file" not in s["reason"] for s in markdown_skipped)
    changes = library.update()
    assert len(changes.added) == len(report.imported)
    rows = library.catalog.cases()
    assert {r["status"] for r in rows} <= {"ok", "incomplete"}
    assert sum(r["status"] == "ok" for r in rows) >= at_least * 0.9
    assert library.search("*").total == len(report.imported)


def test_18f_file_with_tabs_in_yaml_is_imported_with_a_warning(library: Library) -> None:
    posts = CORPORA / "18f-blog/content/posts"
    tabbed = next(posts.glob("2016-05-19-content-debt-*.md"))
    folder = library.home.root / "one"
    folder.mkdir()
    (folder / tabbed.name).write_bytes(tabbed.read_bytes())
    report = import_dir(folder, library.home.library, council="GSA", outcome="success")
    assert (len(report.imported), report.skipped) == (1, [])
    library.update()
    assert library.search("content debt").total == 1


def test_imported_corpora_answer_real_queries(library: Library) -> None:
    import_dir(CORPORA / "icco-postmortems/data", library.home.library, council="Various", outcome="failure")
    library.update()
    result = library.search("database outage", limit=5)
    assert result.total > 0
    assert all("<mark" in h.snippet or h.snippet for h in result.hits)
    assert library.search("outcome:failure").total == library.search("*").total


def test_importing_design_histories_twice_updates_instead_of_duplicating(library: Library) -> None:
    folder = CORPORA / "uk-design-histories"
    first = import_dir(folder, library.home.library)
    assert len(first.imported) >= 900
    names = {p.stem for p in first.imported}
    assert not any(re.fullmatch(r"index(-\d+)?", n) for n in names)
    assert "naming-the-service" in names and "what-we-learned-about-smart-clinics" in names
    second = import_dir(folder, library.home.library, council="Imported Council", outcome="mixed")
    assert (len(second.of("imported")), len(second.skipped)) == (0, len(first.skipped))
    assert len(second.of("updated")) + len(second.of("unchanged")) == len(first.imported)
    assert len(second.of("updated")) >= 900
    assert all(f.reason.startswith("changed: council") for f in second.of("updated"))
    assert sorted(library.home.library.glob("*.md")) == sorted(first.imported)
    third = import_dir(folder, library.home.library, council="Imported Council", outcome="mixed")
    assert len(third.of("unchanged")) == len(first.imported)
    changes = library.update()
    assert len(changes.added) == len(first.imported)
    assert library.search("council:imported").total >= 900
