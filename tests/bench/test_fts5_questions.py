"""Typed questions in the FTS5 baseline: searched as any of their words, over a real FTS5 table."""

from __future__ import annotations

from pathlib import Path

from bench import fts5, queries
from casebook.model import Case


def test_a_question_keeps_its_text_and_is_matched_as_any_of_its_words() -> None:
    q = queries.question("How did e-mail work?")
    assert (q.text, q.words) == ("How did e-mail work?", ("how", "did", "e", "mail", "work"))
    assert fts5.translate(q) == ('{title summary body council tag} : ("how" OR "did" OR "e" OR "mail" OR "work")', ())


def test_ids_ranks_cases_that_match_more_of_the_words_first(tmp_path: Path) -> None:
    cases = [Case(id="one-word", title="Bins", council="A", outcome="success", summary="Chatbot pilot."),
             Case(id="two-words", title="Council tax", council="B", outcome="failure", summary="A chatbot."),
             Case(id="none", title="Trams", council="C", outcome="mixed", summary="Light rail.")]
    fts5.build(tmp_path / "cases.db", cases)
    searcher = fts5.Searcher(tmp_path / "cases.db")
    try:
        assert searcher.ids(queries.question("council tax chatbot failed")) == ["two-words", "one-word"]
        assert searcher.ids(queries.question("?")) == []
    finally:
        searcher.close()
