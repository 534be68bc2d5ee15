"""Reading case files: encodings, front-matter edge cases, validation and refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casebook import casefile
from casebook.model import lessons_section
from tests.conftest import CORPORA, case_text

GOOD = case_text(title="Chatbot for council tax", council="Example District Council", outcome="failure",
                 summary="A chatbot pilot.", body="## Context\nCalls.\n\n## Lessons\n- Test early.\n\n## Advice\nGo.\n")


def read(tmp_path: Path, data: bytes | str, name: str = "case.md") -> casefile.CaseFile:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return casefile.read(path, "library", name)


def messages(cf: casefile.CaseFile) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in cf.problems]


def test_a_good_case_is_read_whole(tmp_path: Path) -> None:
    cf = read(tmp_path, GOOD + "")
    assert cf.status == "ok"
    assert (cf.case.id, cf.case.title, cf.case.outcome, cf.case.sharing, cf.case.licence) == (
        "case", "Chatbot for council tax", "failure", "internal", "OGL-3.0")
    assert cf.case.lessons == "- Test early."


@pytest.mark.parametrize(("bom", "encoding"), [
    (b"", "utf-8-sig"), (b"", "utf-16"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")])
def test_byte_order_marks_are_honoured(tmp_path: Path, bom: bytes, encoding: str) -> None:
    cf = read(tmp_path, bom + GOOD.replace("Chatbot", "Chatbot café").encode(encoding))
    assert cf.status == "ok"
    assert cf.case.title == "Chatbot café for council tax"


def test_crlf_line_endings(tmp_path: Path) -> None:
    cf = read(tmp_path, GOOD.replace("\n", "\r\n"))
    assert cf.status == "ok"
    assert cf.case.summary == "A chatbot pilot."
    assert "\r" not in cf.case.body


def test_windows_1252_is_read(tmp_path: Path) -> None:
    cf = read(tmp_path, GOOD.replace("A chatbot pilot.", "It cost £20 – “a lot”.").encode("cp1252"))
    assert cf.case.summary == "It cost £20 – “a lot”."


def test_tab_in_yaml_is_read_as_spaces_and_reported(tmp_path: Path) -> None:
    cf = read(tmp_path, GOOD.replace("summary: A chatbot pilot.", "summary: A chatbot pilot.\ntags:\n\t- ai"))
    assert cf.status == "incomplete"
    assert cf.case.tags == ("ai",)
    assert messages(cf) == [(7, "front matter contains TAB characters; they were read as spaces")]


def test_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: t\n---\n"
    cf = read(tmp_path, bomb)
    assert cf.status == "invalid"
    assert messages(cf) == [(3, "front matter is not valid YAML: YAML aliases ('*name') are not allowed in case files")]


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    cf = read(tmp_path, "---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\n")
    assert cf.status == "invalid"
    assert cf.problems[0].line == 2
    assert "python/object/apply:os.system" in cf.problems[0].message
    assert not Path("pwned").exists()


@pytest.mark.parametrize(("front", "expected"), [
    ("title: T\ncouncil: C\noutcome: success", [(1, "required field 'summary' is missing")]),
    ("title: ''\ncouncil: C\noutcome: success\nsummary: S", [(2, "required field 'title' is empty")]),
    ("title:\ncouncil: C\noutcome: success\nsummary: S", [(2, "required field 'title' is empty")]),
    ("title: T\ncouncil: C\noutcome: won\nsummary: S",
     [(4, "'outcome' is 'won'; allowed: success, failure, mixed, ongoing")]),
    ("title: T\ntitle: U\ncouncil: C\noutcome: mixed\nsummary: S",
     [(3, "duplicate key 'title' (first on line 2); the last value is used")]),
    ("title: T\ncouncil: C\noutcome: mixed\nsummary: S\ndate: 2021-13",
     [(6, "'date' is '2021-13'; expected YYYY, YYYY-MM or YYYY-MM-DD")]),
    ("title: T\ncouncil: C\noutcome: mixed\nsummary: S\nthemes: [robots]",
     [(6, "unknown theme 'robots'; allowed: changing workforce, emerging technologies, participation and "
          "community, data and personalisation, placemaking, public expectations")]),
    ("title: T\ncouncil: C\noutcome: mixed\nsummary: S\nsharing: everyone",
     [(6, "'sharing' is 'everyone'; allowed: internal, network, public")]),
    ("title: [a, b]\ncouncil: C\noutcome: mixed\nsummary: S",
     [(2, "'title' must be text, not a list")]),
])
def test_incomplete_cases_are_kept_with_their_problems(tmp_path: Path, front: str, expected: list) -> None:
    cf = read(tmp_path, f"---\n{front}\n---\nBody\n")
    assert cf.status == "incomplete"
    assert messages(cf) == expected


def test_empty_front_matter_is_incomplete_not_lost(tmp_path: Path) -> None:
    cf = read(tmp_path, "---\n---\nJust a body\n")
    assert cf.status == "incomplete"
    assert [m for _, m in messages(cf)] == [f"required field '{f}' is missing"
                                            for f in ("title", "council", "outcome", "summary")]
    assert cf.case.body == "Just a body\n"


@pytest.mark.parametrize(("data", "line", "message"), [
    ("No front matter here\n", 1, "no front matter: a case starts with a '---' line, then 'key: value' lines, "
                                  "then another '---' line"),
    ("---\ntitle: T\n", 1, "front matter opened with '---' is never closed by a '---' line"),
    ("+++\ntitle = 'T'\n+++\n", 1, "TOML front matter ('+++') is not supported; use YAML between '---' lines"),
    ("---js\n{title: 'T'}\n---\n", 1, "front matter starts with '---js'; only YAML between '---' lines is read"),
    ("---\n- a\n- b\n---\n", 2, "front matter must be 'key: value' lines, not a list"),
    ("---\ntitle: [unclosed\n---\n", 2, "front matter is not valid YAML: expected ',' or ']', but got '<stream end>'"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "binary file, not text"),
])
def test_unreadable_files_become_invalid_entries(tmp_path: Path, data: str | bytes, line: int, message: str) -> None:
    cf = read(tmp_path, data)
    assert cf.status == "invalid"
    assert cf.case is None
    assert messages(cf) == [(line, message)]
    assert cf.messages() == [f"{tmp_path / 'case.md'}:{line}: {message}"]


def test_huge_files_are_refused_without_reading(tmp_path: Path) -> None:
    cf = read(tmp_path, GOOD + "x" * (2 * 1024 * 1024))
    assert cf.status == "invalid"
    assert messages(cf) == [(1, "file is 2.0 MiB; a case file may be at most 1 MiB")]


def test_huge_front_matter_is_refused(tmp_path: Path) -> None:
    cf = read(tmp_path, "---\n" + "".join(f"k{i}: {'v' * 60}\n" for i in range(2000)) + "---\n")
    assert messages(cf) == [(1, "front matter is larger than 64 KiB")]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    cf = read(tmp_path, "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n")
    assert cf.status != "ok"
    assert cf.status == "invalid" or (2, "'title' must be text, not a list") in messages(cf)


def test_id_comes_from_file_name_or_is_made_safe(tmp_path: Path) -> None:
    assert read(tmp_path, GOOD, "My Case (draft).md").case.id == "my-case-draft"
    cf = read(tmp_path, GOOD.replace("title:", "id: Hackney Early Help\ntitle:"))
    assert cf.case.id == "hackney-early-help"
    assert messages(cf) == [(2, "id 'Hackney Early Help' should use only a-z, 0-9 and '-'; "
                                "read as 'hackney-early-help'")]


def test_lists_dates_and_unknown_keys(tmp_path: Path) -> None:
    cf = read(tmp_path, GOOD.replace("summary:", "date: 2019-05-01\ntags: ai, chatbot\n"
                                     "themes: [Emerging-Technologies]\nfunder: Lottery\nsummary:"))
    assert cf.status == "ok"
    assert (cf.case.date, cf.case.year, cf.case.tags, cf.case.themes) == (
        "2019-05-01", 2019, ("ai", "chatbot"), ("emerging technologies",))
    assert cf.case.extra == {"funder": "Lottery"}


def test_lessons_section_stops_at_the_next_heading() -> None:
    body = "## Context\nx\n## Lessons learned\n- one\n### detail\n- two\n## Advice\nno\n"
    assert lessons_section(body) == "- one\n### detail\n- two"
    assert lessons_section("## Context\nnone\n") == ""


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
@pytest.mark.parametrize("folder", ["md-encodings", "md-frontmatter-edge-cases"])
def test_messy_real_files_never_crash_and_always_get_a_status(folder: str) -> None:
    paths = [p for p in (CORPORA / folder).rglob("*") if p.is_file() and not p.is_symlink()]
    assert paths
    for path in paths:
        cf = casefile.read(path, "x", path.name)
        assert cf.status in ("ok", "incomplete", "invalid")
        assert cf.status != "invalid" or cf.problems


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
def test_real_bom_utf16_and_crlf_fixtures_are_read() -> None:
    folder = CORPORA / "md-frontmatter-edge-cases/jekyll/test/source/_encodings"
    for name in ("UTF8CRLFandBOM.md", "Unicode16LECRLFandBOM.md"):
        cf = casefile.read(folder / name, "x", name)
        assert cf.case is not None, cf.messages()
        assert cf.case.title


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_symlinks_are_refused_when_scanning(tmp_path: Path) -> None:
    from casebook.sources import Source, scan

    root = tmp_path / "lib"
    root.mkdir()
    (root / "ok.md").write_text(GOOD)
    outside = tmp_path / "secret.md"
    outside.write_text(GOOD)
    (root / "escape.md").symlink_to(outside)
    (root / "dir-link").symlink_to(tmp_path, target_is_directory=True)
    refs, refused = scan(Source("library", root, False))
    assert [r.relpath for r in refs] == ["ok.md"]
    assert [(r.relpath, r.status, r.problems[0].message) for r in refused] == [
        ("dir-link", "invalid", "symbolic link refused: a link could point outside the library"),
        ("escape.md", "invalid", "symbolic link refused: a link could point outside the library"),
    ]


def test_an_impossible_date_is_kept_as_text_and_flagged(tmp_path: Path) -> None:
    cf = read(tmp_path, GOOD.replace("summary:", "date: 2019-02-30\nsummary:"))
    assert cf.status == "incomplete"
    assert messages(cf) == [(5, "'date' is '2019-02-30'; expected YYYY, YYYY-MM or YYYY-MM-DD")]


@pytest.mark.parametrize("value", ["!!int abc", "!!float abc", "!!bool maybe"])
def test_values_yaml_cannot_build_make_the_file_invalid_not_the_run(tmp_path: Path, value: str) -> None:
    cf = read(tmp_path, GOOD.replace("summary:", f"cost: {value}\nsummary:"))
    assert cf.status == "invalid"
    assert cf.problems[0].line == 5
    assert cf.problems[0].message.startswith("front matter value cannot be read: ")
