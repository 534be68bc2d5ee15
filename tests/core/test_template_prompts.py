"""The case template's prompts are not content: a case whose sections hold only them is incomplete,
and lessons, digests and recurring lessons never quote them."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook import authoring, casefile, digest, template
from casebook.cli import main
from casebook.digest import DigestSpec, compile_digest
from casebook.library import Library
from tests.conftest import case_text

PROMPT_PROBLEMS = [
    (19, "the 'Context' section still holds only the template's prompt: write what this case says there, "
         "or remove the section"),
    (22, "the 'What was done' section still holds only the template's prompt: write what this case says there, "
         "or remove the section"),
    (25, "the 'What happened' section still holds only the template's prompt: write what this case says there, "
         "or remove the section"),
    (28, "the 'Lessons' section still holds only the template's prompt: write what this case says there, "
         "or remove the section"),
    (31, "the 'Advice' section still holds only the template's prompt: write what this case says there, "
         "or remove the section"),
]


def test_the_prompts_are_read_from_the_template() -> None:
    assert template.prompts() == {
        "why did the council try this? what was the problem or pressure?",
        "what was built, bought or changed, with whom, at what scale?",
        "the outcome, with evidence where there is some.",
        "what would you tell another council's officers?",
        "advice for a council considering something similar.",
    }


def test_a_new_case_from_the_template_is_incomplete_until_its_sections_are_written(tmp_path: Path) -> None:
    path = authoring.new_case(tmp_path, "Bin sensors", "Leeds City Council", "failure", "Sensors in bins.")
    cf = casefile.read(path)
    assert cf.status == "incomplete"
    assert [(p.line, p.message) for p in cf.problems] == PROMPT_PROBLEMS
    assert cf.case.lessons == ""


def test_written_sections_count_and_a_prompt_left_among_lessons_is_dropped(tmp_path: Path) -> None:
    body = ("## Context\nWhy did the council try this? What was the problem or pressure?\n\n"
            "## Lessons\n- What would you tell another  council's officers?\n- Ask the crews first.\n\n"
            "## Advice\nStart with one round.\n")
    (tmp_path / "bins.md").write_text(case_text(body=body), "utf-8")
    cf = casefile.read(tmp_path / "bins.md")
    assert [(p.line, p.message) for p in cf.problems] == [
        (7, "the 'Context' section still holds only the template's prompt: write what this case says there, "
            "or remove the section")]
    assert cf.case.lessons == "- Ask the crews first."


def test_validate_names_the_unfilled_sections(home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = authoring.new_case(tmp_path, "Bin sensors", "Leeds City Council", "failure", "Sensors in bins.")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"incomplete: {path}:{line}: {message}" for line, message in PROMPT_PROBLEMS] + [
        "1 case file(s): 0 ok, 1 incomplete, 0 invalid"]
    assert main(["validate", "--strict", str(path)]) == 1


def test_a_digest_never_quotes_the_template(library: Library, tmp_path: Path) -> None:
    for title in ("Bin sensors", "Parking app"):
        authoring.new_case(library.home.library, title, "Leeds City Council", "failure", f"{title} tried.")
    library.update()
    d = compile_digest(library, DigestSpec("Leeds"))
    assert d.themes == []
    assert sorted(e.case.id for e in d.without_lessons()) == ["bin-sensors", "parking-app"]
    for name in ("d.md", "d.html"):
        text = digest.write(d, tmp_path / name).read_text("utf-8")
        assert "another council" not in text and "considering something similar" not in text, name
    assert {h.status for h in library.search("*").hits} == {"incomplete"}
