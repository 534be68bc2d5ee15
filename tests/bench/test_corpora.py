"""Documents of the judged collections turned into cases, and the collections read from ../shared/corpora."""

from __future__ import annotations

import pytest

from bench import corpora
from casebook import casefile
from casebook.model import Case
from tests.conftest import CORPORA


def test_a_document_becomes_a_case_with_its_first_sentence_as_summary() -> None:
    case = corpora.as_case("cranfield-7", "Cranfield", "wing flutter .",
                           "wing flutter . a study of  flutter. it was measured again.")
    assert case == Case(id="cranfield-7", title="wing flutter .", council="Cranfield", outcome="ongoing",
                        summary="a study of flutter.", body="it was measured again.")


def test_a_run_on_document_gives_its_first_forty_words_as_summary() -> None:
    words = [f"w{n}" for n in range(45)]
    assert corpora.first_sentence(" ".join(words)) == (" ".join(words[:40]), " ".join(words[40:]))
    assert corpora.first_sentence("") == ("", "")


def test_written_cases_read_back_as_valid_cases(tmp_path) -> None:
    case = corpora.as_case("npl-1", "NPL", "compact memories", "a digital data storage system: up to bits")
    corpora.write_cases([case], tmp_path)
    read = casefile.read(tmp_path / "npl-1.md")
    assert (read.problems, read.case.id, read.case.summary, read.case.body) == (
        (), "npl-1", "a digital data storage system: up to bits", "")


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
@pytest.mark.parametrize(("name", "cases", "queries", "judged", "first"), [
    ("cranfield", 1400, 225, 225, "cranfield-1"),
    ("cisi", 1460, 112, 76, "cisi-1"),
    ("npl", 11429, 93, 93, "npl-1"),
])
def test_the_test_collections_are_read_whole(name: str, cases: int, queries: int, judged: int, first: str) -> None:
    collection = corpora.test_collection(name, CORPORA)
    assert (len(collection.cases), len(collection.queries), len(collection.qrels)) == (cases, queries, judged)
    assert collection.cases[0].id == first
    assert all(text == text.lower() for text in collection.queries.values())


def test_an_absent_collection_is_none(tmp_path) -> None:
    assert corpora.test_collection("cisi", tmp_path) is None
