"""The bulk edit as an operation: its report, and the cases it changed as `Changes`."""

from __future__ import annotations

from casebook.library import Library
from operations.bulk import bulk_edit
from operations.changes import Changes
from tests.conftest import case_text


def test_bulk_edit_reports_and_names_the_cases_changed(library: Library) -> None:
    for name in ("parks", "bins"):
        (library.home.library / f"{name}.md").write_text(case_text(title=name.title()), "utf-8")
    library.update()
    report, changes = bulk_edit(library, ["library:parks.md", "bins"], outcome="failure", add_themes=["placemaking"])
    assert report.summary() == "2 cases changed"
    assert changes == Changes(updated=frozenset({"library:parks.md", "library:bins.md"}))
    report, changes = bulk_edit(library, ["parks"], outcome="failure")
    assert (report.summary(), changes) == ("0 cases changed, 1 already so", Changes())
