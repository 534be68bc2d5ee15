"""The officer question set: it judges only bundled cases, holds the issue's table, and a bad line is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import officer
from casebook.sources import examples_root

ISSUE_TABLE = ["outsourcing failure", "how did councils use chatbots for council tax questions",
               "council tax chatbot failed", "wifi in the city centre", "e-mail", "fly tipping fines",
               "behavior change", "chatbto", "chatbots", "MK:Smart", '"MK:Smart data hub"']


def test_the_set_judges_only_bundled_cases_and_holds_the_issue_table() -> None:
    asked = officer.load()
    bundled = {path.stem for path in examples_root().glob("*.md")}
    assert len(asked) == 101
    assert {case_id for q in asked for case_id in q.judged} <= bundled
    assert [q.text for q in asked if q.kind == "table"] == [*ISSUE_TABLE[:9], "chatbot", *ISSUE_TABLE[9:]]
    assert asked[0].judged == {"barnet-capita-outsourcing": 2, "somerset-southwest-one": 2,
                               "flintshire-litter-enforcement": 2, "wirral-litter-enforcement": 2,
                               "liverpool-direct-bt": 1, "sheffield-street-trees": 1}


@pytest.mark.parametrize(("line", "problem"), [
    ("chatbot\ttable", "expected three tab-separated columns: query, kind, judgments"),
    ("chatbot\ttable\taberdeen-ab1-chatbot=3", "judgment 'aberdeen-ab1-chatbot=3' is not case-id=1 or case-id=2"),
    ("chatbot\ttable\t ", "no judged case"),
])
def test_a_bad_line_is_reported_with_the_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "questions.tsv"
    path.write_text(f"# a comment\n{line}\n", "utf-8")
    with pytest.raises(ValueError) as raised:
        officer.load(path)
    assert str(raised.value) == f"{path}:2: {problem}"
