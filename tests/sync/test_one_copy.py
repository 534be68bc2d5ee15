"""A case published from the library is one search result, one digest entry and one count; its
network copy is its published version, and the library case says where it is shared."""

from __future__ import annotations

from collections.abc import Callable

from casebook.digest import DigestSpec, select
from casebook.library import Library
from operations.cases import open_case
from tests.sync.conftest import Officer, git


def test_an_own_published_case_is_found_once(officer: Callable[[str, str], Officer]) -> None:
    leeds, hackney = officer("leeds", "Leeds"), officer("hackney", "Hackney")
    leeds.write("bins-pilot", title="Bins lesson")
    leeds.publish("bins-pilot")
    assert leeds.sync().ok
    assert hackney.sync().ok
    assert leeds.search("lesson") == [("bins-pilot", "library")]
    assert hackney.search("lesson") == [("bins-pilot", "north")]
    with Library(leeds.home) as lib:
        assert [(cf.source, cf.case.id) for cf in select(lib, DigestSpec("Lessons", query="lesson"))] == [
            ("library", "bins-pilot")]
        assert lib.search("lesson").facets["council"] == {"Test Borough Council": 1}
        assert open_case(lib, "bins-pilot", {}).shared_in == ("north",)
        assert lib.catalog.shared_in("bins-pilot") == ["north"]


def test_a_colleagues_newer_version_in_the_network_shows(officer: Callable[[str, str], Officer]) -> None:
    leeds, colleague = officer("leeds", "Leeds"), officer("colleague", "Leeds")
    leeds.write("bins-pilot", "first words")
    leeds.publish("bins-pilot")
    assert leeds.sync().ok
    assert colleague.sync().ok
    copy = colleague.clone / "cases" / "leeds" / "bins-pilot.md"
    copy.write_text(copy.read_text().replace("first words", "a colleague's words"))
    git(colleague.clone, "commit", "--quiet", "-am", "colleague edit")
    assert colleague.sync().ok
    assert leeds.sync().ok
    assert leeds.search("words") == [("bins-pilot", "library"), ("bins-pilot", "north")]
