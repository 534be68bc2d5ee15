"""Facet values kept per index segment (casebook.facets): after a case is added, changed or
deleted, the kept counts and filters are those of a searcher reading everything afresh and those
of the facet fields' postings, a merged-away segment's values are forgotten, and an index of the
schema before facet columns is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.fields import Schema

from casebook import index
from casebook.library import Library
from casebook.schema import FACET_FIELDS, build_schema
from casebook.search import CaseSearcher, SearchResult
from tests.conftest import case_text

QUERIES = ("*", "housing", "data")
FILTERS = ({}, {"outcome": ["failure"]}, {"year": ["2019", "2021"], "council": ["Leeds City Council"]})


@pytest.fixture
def lib(library: Library) -> Library:
    """Four cases in one segment, searched once so that their facet values are kept."""
    own = library.home.library
    for name, council, outcome, date in (("a", "Leeds City Council", "failure", "2019-03"),
                                         ("b", "Leeds City Council", "success", "2021"),
                                         ("c", "Kent County Council", "failure", "2021-06"),
                                         ("d", "Kent County Council", "mixed", "2019")):
        (own / f"{name}.md").write_text(case_text(title=f"Housing data {name}", council=council, outcome=outcome,
                                                  date=date))
    library.update()
    library.search("*")
    return library


def results(searcher: CaseSearcher) -> list[SearchResult]:
    return [searcher.search(text, filters=chosen) for text in QUERIES for chosen in FILTERS]


def fresh(lib: Library) -> list[SearchResult]:
    searcher = CaseSearcher(lib.store.open())
    try:
        return results(searcher)
    finally:
        searcher.close()


def edit(lib: Library, name: str, text: str | None) -> None:
    path: Path = lib.home.library / f"{name}.md"
    if text is None:
        path.unlink()
    else:
        path.write_text(text)
    lib.update()


def test_kept_facets_equal_fresh_ones_after_add_change_and_delete(lib: Library) -> None:
    searcher = lib.searcher()
    assert searcher.search("*").facets["council"] == {"Kent County Council": 2, "Leeds City Council": 2}
    edit(lib, "e", case_text(title="Housing e", council="York Council", outcome="failure", date="2021"))
    assert results(lib.searcher()) == fresh(lib)
    edit(lib, "a", case_text(title="Housing data a", council="York Council", outcome="success", date="2019"))
    assert results(lib.searcher()) == fresh(lib)
    edit(lib, "c", None)
    assert results(lib.searcher()) == fresh(lib)
    after = lib.search("*")
    assert after.facets["council"] == {"Kent County Council": 1, "Leeds City Council": 1, "York Council": 2}
    assert after.facets["outcome"] == {"success": 2, "failure": 1, "mixed": 1}
    assert lib.search("*", filters={"outcome": ["failure"]}).total == 1
    assert lib.searcher() is searcher  # the same searcher, refreshed, kept its first segment's values
    assert len(searcher._facets._segments) > 1


def by_postings(lib: Library, text: str) -> dict[str, dict[str, int]]:
    """The facet counts of a query's matches, from each facet value's posting list."""
    searcher = lib.searcher()
    matched = set(searcher._scores(searcher.reader.read(text))[1])
    reader = searcher._searcher.reader()
    counts: dict[str, dict[str, int]] = {}
    for name, field in FACET_FIELDS.items():
        found = {term.decode(): len(matched & set(reader.postings(field, term).all_ids()))
                 for term in reader.lexicon(field)}
        counts[name] = {value: count for value, count in found.items() if count}
    return counts


def test_counts_from_columns_are_those_of_the_postings_after_add_change_and_delete(lib: Library) -> None:
    themes = "[placemaking, data and personalisation, placemaking]"
    edit(lib, "e", case_text(title="Housing e", council="York Council", outcome="failure", date="2021", themes=themes))
    assert lib.search("*").facets["theme"] == {"data and personalisation": 1, "placemaking": 1}
    for name, text in (("a", case_text(title="Housing data a", council="York Council", date="2019")), ("c", None)):
        for query in QUERIES:
            assert lib.search(query).facets == by_postings(lib, query), query
        edit(lib, name, text)
    for query in (*QUERIES, "zzzz"):
        assert lib.search(query).facets == by_postings(lib, query), query
    assert lib.search("*").facets["council"] == {"Kent County Council": 1, "Leeds City Council": 1, "York Council": 2}


def without_facet_columns() -> Schema:
    """The schema as it was before facet columns (schema 7)."""
    schema = build_schema()
    for field in FACET_FIELDS.values():
        schema[field].set_sortable(False)
    return schema


def test_an_index_of_the_schema_before_facet_columns_is_rebuilt(library: Library,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (library.home.library / "a.md").write_text(case_text(title="Housing a", outcome="failure"))
    with monkeypatch.context() as older:
        older.setattr(index, "SCHEMA_VERSION", 7)
        older.setattr(index, "build_schema", without_facet_columns)
        library.update()
        assert not library.store.open().reader().has_column("f_outcome")
    with Library(library.home) as again:
        assert again.search("housing").facets["outcome"] == {"failure": 1}
        assert again.store.open().reader().has_column("f_outcome")


def test_values_of_merged_segments_are_forgotten(lib: Library) -> None:
    edit(lib, "e", case_text(title="Housing e", council="York Council", outcome="failure", date="2021"))
    searcher = lib.searcher()
    searcher.search("*")
    before = set(searcher._facets._segments)
    assert len(before) == 2
    searcher._ix.optimize()  # merge every segment into one
    searcher.refresh()
    assert set(searcher._facets._segments) == set()
    assert searcher.search("*").facets["outcome"] == {"failure": 3, "mixed": 1, "success": 1}
    merged = {(leaf.segment().segment_id(), offset) for leaf, offset in searcher._searcher.reader().leaf_readers()}
    assert set(searcher._facets._segments) == merged
    assert not merged & before
