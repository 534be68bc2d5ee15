"""Digests: selection, order, figures, Markdown and self-contained HTML, new/changed since the last
run, lessons flagged when missing, internal cases marked or left out."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from casebook import digest
from casebook.digest import DigestSpec, compile_digest
from casebook.errors import CasebookError
from casebook.library import Library
from tests.conftest import case_text


@pytest.fixture
def lib(library: Library) -> Library:
    cases = [("ai-fail", "failure", "2021-03", "public", "Chatbot for housing"),
             ("ai-win", "success", "2023-01", "network", "Chatbot for bins"),
             ("ai-secret", "mixed", "2022-05", "internal", "Chatbot for social care"),
             ("old-ai", "failure", "2015", "public", "Early chatbot"),
             ("parks", "success", "2022", "public", "Parks volunteers")]
    for case_id, outcome, date, sharing, title in cases:
        body = "## Context\nWhy.\n\n## Lessons\n- Ask residents.\n\n## Advice\nStart small.\n"
        if case_id == "ai-win":
            body = "## Context\nNo lessons written here.\n"
        (library.home.library / f"{case_id}.md").write_text(case_text(
            title=title, outcome=outcome, date=date, sharing=sharing, themes="[emerging technologies]", body=body))
    library.update()
    return library


def ids(d: digest.Digest) -> list[str]:
    return [e.case.id for e in d.entries]


def test_selection_order_and_figures(lib: Library) -> None:
    d = compile_digest(lib, DigestSpec("AI", query="chatbot", since="2018"))
    assert ids(d) == ["ai-fail", "ai-secret", "ai-win"]
    assert d.figures()["outcome"] == {"failure": 1, "mixed": 1, "success": 1}
    assert d.figures()["year"] == {"2021": 1, "2022": 1, "2023": 1}
    by_date = compile_digest(lib, DigestSpec("AI by date", query="chatbot", order="date"))
    assert ids(by_date) == ["ai-win", "ai-secret", "ai-fail", "old-ai"]
    chosen = compile_digest(lib, DigestSpec("Picked", ids=("parks", "old-ai"), order="relevance"))
    assert ids(chosen) == ["parks", "old-ai"]
    lib.catalog.bookmark("parks")
    assert ids(compile_digest(lib, DigestSpec("Marked", bookmarks=True))) == ["parks"]
    assert ids(compile_digest(lib, DigestSpec("Until", query="chatbot", until="2021"))) == ["ai-fail", "old-ai"]
    with pytest.raises(CasebookError, match="order must be one of"):
        compile_digest(lib, DigestSpec("Bad", order="size"))


def test_shareable_leaves_out_every_internal_case(lib: Library) -> None:
    full = compile_digest(lib, DigestSpec("All"))
    assert "ai-secret" in ids(full)
    shareable = compile_digest(lib, DigestSpec("Shareable", shareable=True))
    assert [e for e in shareable.entries if e.case.sharing == "internal"] == []
    assert "ai-secret" not in digest.to_markdown(shareable) and "ai-secret" not in digest.to_html(shareable)


def test_internal_cases_are_marked_and_missing_lessons_flagged(lib: Library) -> None:
    d = compile_digest(lib, DigestSpec("AI", query="chatbot"))
    text = digest.to_markdown(d)
    assert "## 3. Chatbot for social care — INTERNAL: do not share" in text
    assert "1 case(s) are INTERNAL" in text
    assert "Cases without a Lessons section: ai-win." in text
    assert "*This case has no Lessons section.*" in text
    assert "INTERNAL — do not share outside the council" in digest.to_html(d)


def test_new_and_changed_since_the_last_digest(lib: Library) -> None:
    first = compile_digest(lib, DigestSpec("AI", query="chatbot"))
    assert (first.new, first.changed) == ([], [])
    (lib.home.library / "ai-new.md").write_text(case_text(title="Another chatbot", outcome="ongoing", date="2024"))
    path = lib.home.library / "ai-fail.md"
    path.write_text(path.read_text().replace("Ask residents.", "Ask residents first."))
    lib.update()
    second = compile_digest(lib, DigestSpec("AI", query="chatbot"))
    assert (second.new, second.changed) == (["ai-new"], ["ai-fail"])
    assert "New since the last digest: ai-new." in digest.to_markdown(second)
    assert [s.title for s in digest.saved_specs(lib.catalog)] == ["AI"]


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.external: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and re.match(r"^(https?:)?//", value):
                self.external.append(value)
        if tag not in ("meta", "br", "img", "hr", "link"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def test_html_is_valid_self_contained_with_svg_charts_and_tables(lib: Library) -> None:
    page = digest.to_html(compile_digest(lib, DigestSpec("AI", query="chatbot")))
    checker = _Checker()
    checker.feed(page)
    assert checker.stack == [] and checker.external == []
    assert page.startswith("<!DOCTYPE html>") and checker.tags.count("svg") == 4
    assert page.count("<table class='figures'>") == 4
    assert "<title id=\"chart-outcome-t\">Cases by outcome</title>" in page


def test_markdown_renders(lib: Library, tmp_path: Path) -> None:
    out = digest.write(compile_digest(lib, DigestSpec("AI", query="chatbot")), tmp_path / "d.md")
    rendered = MarkdownIt("commonmark").enable("table").render(out.read_text())
    assert "<h1>AI</h1>" in rendered and "<table>" in rendered and "Chatbot for housing" in rendered


def test_unknown_formats_are_refused(lib: Library, tmp_path: Path) -> None:
    with pytest.raises(CasebookError, match=r"cannot write \.docx"):
        digest.write(compile_digest(lib, DigestSpec("AI")), tmp_path / "d.docx")


def test_bundled_cases_in_markdown_and_html_and_running_a_saved_digest_again(
        home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casebook.cli import main

    assert main(["digest", "--outcome", "failure", "--title", "Failures", "--out", str(tmp_path / "f.md")]) == 0
    assert main(["digest", "--again", "Failures", "--out", str(tmp_path / "f.html")]) == 0
    out = capsys.readouterr().out
    assert "0 new and 0 changed since the last digest of this title" in out.splitlines()[-1]
    text, page = (tmp_path / "f.md").read_text(), (tmp_path / "f.html").read_text()
    titles = re.findall(r"^## \d+\. (.+)$", text, re.MULTILINE)
    assert len(titles) >= 12
    assert all(html_title in page for html_title in (t.replace("'", "&#x27;") for t in titles))
    assert main(["digest", "--again", "Nope", "--out", str(tmp_path / "x.md")]) == 2
