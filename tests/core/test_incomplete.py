"""Incomplete cases (no council, no outcome…) are a facet and a query field, and say what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casebook import importer
from casebook.cli import main
from casebook.library import Library
from tests.conftest import case_text


@pytest.fixture
def lib(library: Library, tmp_path: Path) -> Library:
    """Two lessons imported without a council or an outcome, and one complete case."""
    folder = tmp_path / "old-lessons"
    folder.mkdir()
    (folder / "ward-surgeries.md").write_text("---\ntitle: Ward surgeries online\n---\nIt helped.\n", "utf-8")
    (folder / "bin-app.md").write_text("---\ntitle: Bin app\nsummary: An app for bins.\n---\nNobody used it.\n")
    importer.import_dir(folder, library.home.library)
    (library.home.library / "parks.md").write_text(case_text(title="Parks"), "utf-8")
    library.update()
    return library


def test_the_status_facet_counts_them_and_its_filter_returns_exactly_them(lib: Library) -> None:
    result = lib.search("*")
    assert result.facets["status"] == {"incomplete": 2, "complete": 1}
    chosen = lib.search("*", filters={"status": ["incomplete"]})
    assert sorted(h.id for h in chosen.hits) == ["bin-app", "ward-surgeries"]
    assert [h.id for h in lib.search("*", filters={"status": ["complete"]}).hits] == ["parks"]


@pytest.mark.parametrize(("query", "expected"), [
    ("status:incomplete", ["bin-app", "ward-surgeries"]),
    ("status:Incomplete", ["bin-app", "ward-surgeries"]),
    ("status:complete", ["parks"]),
    ("app status:incomplete", ["bin-app"]),
])
def test_status_in_a_query(lib: Library, query: str, expected: list[str]) -> None:
    assert sorted(h.id for h in lib.search(query).hits) == expected


def test_a_hit_says_what_is_missing(lib: Library) -> None:
    hits = {h.id: h for h in lib.search("*").hits}
    assert (hits["bin-app"].status, hits["bin-app"].problems) == ("incomplete", (
        "required field 'council' is missing", "required field 'outcome' is missing"))
    assert (hits["parks"].status, hits["parks"].problems) == ("complete", ())


def test_status_in_a_query_on_the_command_line(lib: Library, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "status:incomplete", "--json", "--home", str(lib.home.root)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (sorted(h["id"] for h in data["hits"]), data["facets"]["status"]) == (
        ["bin-app", "ward-surgeries"], {"incomplete": 2})
    assert main(["search", "bin", "--home", str(lib.home.root)]) == 0
    assert "     library · incomplete   id: bin-app" in capsys.readouterr().out.splitlines()
