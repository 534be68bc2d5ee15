"""Digests: selection, order, figures, Markdown and self-contained HTML, new/changed since the last
run, lessons flagged when missing, internal cases marked or left out, the brief written from the
bundled cases (cover, summary, recurring lessons, totals), no local paths, empty selections refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from casebook import briefing, digest
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


def test_a_search_with_filters_as_the_selection_in_words(lib: Library) -> None:
    spec = digest.spec_from_search(DigestSpec("AI", ids=("parks",)), " chatbot ",
                                   {"outcome": ["failure"], "year": ["2021", "2015"], "theme": []})
    assert (spec.query, spec.filters) == ("chatbot", (("outcome", ("failure",)), ("year", ("2021", "2015"))))
    assert briefing.selection_words(spec) == ("1 case chosen by hand plus all cases matching “chatbot”, outcome "
                                              "failure, year 2021 or 2015")
    assert ids(compile_digest(lib, spec)) == ["ai-fail", "old-ai", "parks"]  # failures first; parks picked by hand
    assert digest.not_yet_in(["parks"], [("parks", "Parks"), ("ai", "AI"), ("ai", "AI")]) == [("ai", "AI")]


def test_shareable_leaves_out_every_internal_case(lib: Library) -> None:
    full = compile_digest(lib, DigestSpec("All"))
    assert "ai-secret" in ids(full)
    shareable = compile_digest(lib, DigestSpec("Shareable", shareable=True))
    assert [e for e in shareable.entries if e.case.sharing == "internal"] == []
    assert "ai-secret" not in digest.to_markdown(shareable) and "ai-secret" not in digest.to_html(shareable)


def test_internal_cases_are_marked_and_missing_lessons_flagged(lib: Library) -> None:
    d = compile_digest(lib, DigestSpec("AI", query="chatbot"))
    text = digest.to_markdown(d)
    assert "### 3. Chatbot for social care — INTERNAL: do not share" in text
    assert "1 case is INTERNAL and must not be shared outside the council." in text
    assert "1 case has no lessons written yet: Chatbot for bins." in text
    assert "*No lessons are written in this case yet.*" in text
    assert "INTERNAL — do not share outside the council" in digest.to_html(d)


def test_new_and_changed_since_the_last_digest(lib: Library) -> None:
    first = compile_digest(lib, DigestSpec("AI", query="chatbot"))
    assert (first.new, first.changed, first.last) == ([], [], "")
    assert "## Since the last digest\n\nThis is the first digest of this title.\n" in digest.to_markdown(first)
    (lib.home.library / "ai-new.md").write_text(case_text(title="Another chatbot", outcome="ongoing", date="2024"))
    path = lib.home.library / "ai-fail.md"
    path.write_text(path.read_text().replace("Ask residents.", "Ask residents first."))
    lib.update()
    second = compile_digest(lib, DigestSpec("AI", query="chatbot"))
    assert (second.new, second.changed) == (["ai-new"], ["ai-fail"])
    assert (f"Since the last digest of this title ({second.last}): 1 new case (Another chatbot) and 1 changed case "
            "(Chatbot for housing).") in digest.to_markdown(second)
    assert second.last.endswith(" UTC")
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


def test_html_is_valid_self_contained_with_charts_that_say_something(lib: Library) -> None:
    page = digest.to_html(compile_digest(lib, DigestSpec("AI", query="chatbot")))
    checker = _Checker()
    checker.feed(page)
    assert checker.stack == [] and checker.external == []
    # outcomes 2 failures, 1 mixed, 1 success; one theme; one case a year; councils never: one chart
    assert page.startswith("<!DOCTYPE html>") and checker.tags.count("svg") == 1
    assert "<title id=\"chart-outcome-t\">Cases by outcome</title>" in page
    assert page.count("<div class='sr-only'><table class='figures'>") == 1


def test_markdown_renders(lib: Library, tmp_path: Path) -> None:
    out = digest.write(compile_digest(lib, DigestSpec("AI", query="chatbot")), tmp_path / "d.md")
    rendered = MarkdownIt("commonmark").enable("table").render(out.read_text())
    assert "<h1>AI</h1>" in rendered and "<table>" in rendered and "Chatbot for housing" in rendered


def test_unknown_formats_are_refused(lib: Library, tmp_path: Path) -> None:
    with pytest.raises(CasebookError, match=r"cannot write \.odt"):
        digest.write(compile_digest(lib, DigestSpec("AI")), tmp_path / "d.odt")
    assert not (tmp_path / "d.odt").exists()


def test_bundled_cases_in_markdown_and_html_and_running_a_saved_digest_again(
        home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casebook.cli import main

    assert main(["digest", "--outcome", "failure", "--title", "Failures", "--out", str(tmp_path / "f.md")]) == 0
    assert capsys.readouterr().out.endswith("the first digest of this title\n")
    assert main(["digest", "--again", "Failures", "--out", str(tmp_path / "f.html")]) == 0
    out = capsys.readouterr().out
    assert "0 new and 0 changed since the last digest of this title" in out.splitlines()[-1]
    text, page = (tmp_path / "f.md").read_text(), (tmp_path / "f.html").read_text()
    titles = re.findall(r"^### \d+\. (.+)$", text, re.MULTILINE)
    assert len(titles) >= 12
    assert all(html_title in page for html_title in (t.replace("'", "&#x27;") for t in titles))
    assert main(["digest", "--again", "Nope", "--out", str(tmp_path / "x.md")]) == 2


FAILURES = DigestSpec("What councils learned from failure", outcomes=("failure",),
                      question="What have councils learned from their failures?", marking="OFFICIAL-SENSITIVE",
                      prepared_for="Chief Executive's Office", prepared_by="Policy team")
#: The recurring lessons of the bundled failures: wording and the cases cited, in digest order.
RECURRING = [
    ("Spear-phishing can mimic real supplier conversations. Train staff to check unexpected links even in familiar "
     "email threads.", ["gloucester-cyber-attack", "redcar-cleveland-cyber-attack"]),
    ("Test that backups can restore whole systems quickly, and hold them where attackers cannot reach them.",
     ["gloucester-cyber-attack", "hackney-ransomware-attack"]),
    ("Treat finance system change as a governance matter for members and audit committees, with honest and "
     "regular reporting.", ["birmingham-oracle-erp", "northamptonshire-section-114"]),
    ("Members must understand the scale of exposure. Publish the full debt position in plain terms.",
     ["woking-borrowing", "redcar-cleveland-cyber-attack"]),
    ("Delegated officer decisions on very large sums need proper member oversight and transparency.",
     ["thurrock-solar-investments", "nottingham-robin-hood-energy"]),
    ("Monitor delivery against milestones regularly, and report slippage to members early rather than absorbing "
     "it quietly.", ["croydon-brick-by-brick", "flintshire-litter-enforcement"]),
    ("Compare against lower-risk alternatives, such as community energy partnerships or white-label deals with "
     "established suppliers.", ["bristol-energy", "nottingham-robin-hood-energy"]),
]


@pytest.fixture
def bundled(home) -> Iterator[Library]:
    with Library(home) as lib:
        lib.update()
        yield lib


def test_the_brief_written_from_the_bundled_failures(bundled: Library) -> None:
    d = compile_digest(bundled, FAILURES)
    assert [(t.wording, [c.id for c in t.cases]) for t in d.themes] == RECURRING
    assert briefing.cover(d) == [
        ("Question", "What have councils learned from their failures?"),
        ("Selection", "failure cases, failures first, newest first within each outcome"),
        ("Period covered", "December 2015 to October 2023"), ("Prepared for", "Chief Executive's Office"),
        ("Prepared by", "Policy team"), ("Date", d.created[:10]), ("Handling", "OFFICIAL-SENSITIVE")]
    assert briefing.summary(d) == [
        "This digest brings together 17 cases from 16 councils: all failures. The cases date from December 2015 "
        "to October 2023.",
        "9 cases report a cost, together about £3bn (the largest sum each names); 8 do not report one. "
        "No case reports savings.",
        "7 lessons recur across the cases, each taught by 2 of them (listed next)."]
    assert d.charts() == {"theme": {"public expectations": 9, "data and personalisation": 4, "changing workforce": 4,
                                    "placemaking": 4, "participation and community": 3, "emerging technologies": 2},
                          "year": {"2015": 1, "2018": 4, "2019": 1, "2020": 6, "2022": 1, "2023": 4}}


def test_the_summary_names_the_most_widely_taught_lesson_and_how_many_are_left_out(bundled: Library) -> None:
    d = compile_digest(bundled, DigestSpec("Everything"))
    assert (len(d.themes), len(briefing.lessons_listed(d))) == (40, 8)
    assert briefing.summary(d)[2] == (
        "40 lessons recur across the cases, taught by 2 to 4 of them (the 8 most widely taught are listed next). "
        "The most widely taught, by 4: “Commission independent evaluation so that results can be defended.”")
    assert [c.id for c in d.themes[0].cases] == ["glasgow-future-city", "wigan-deal", "waltham-forest-mini-holland",
                                                 "nottingham-workplace-parking-levy"]


def test_wording_for_one_lesson_no_sums_and_nothing_changed(bundled: Library) -> None:
    compile_digest(bundled, DigestSpec("Chatbots", query="chatbot"))
    again = compile_digest(bundled, DigestSpec("Chatbots", query="chatbot"))
    assert briefing.summary(again)[1:] == ["No case reports a sum for its cost or savings.",
                                           "1 lesson recurs across the cases, taught by 2 of them (listed next)."]
    assert briefing.since_last(again) == [
        f"No case is new or changed since the last digest of this title ({again.last})."]


def test_every_format_states_the_lessons_once_with_their_cases(bundled: Library) -> None:
    d = compile_digest(bundled, FAILURES)
    text, page = digest.to_markdown(d), digest.to_html(d)
    assert text.startswith("**OFFICIAL-SENSITIVE**\n\n# What councils learned from failure\n")
    assert "1. Spear-phishing can mimic real supplier conversations. Train staff to check unexpected links even " \
           "in familiar email threads. — 2 cases: Gloucester City Council (Ransomware attack and regulator " \
           "reprimand); Redcar and Cleveland Borough Council (Recovering from the February 2020 cyber attack)" in text
    assert ("<a href='#case-1'>Gloucester City Council</a> (Ransomware attack and regulator reprimand, no. 1); "
            "<a href='#case-10'>Redcar and Cleveland Borough Council</a>") in page
    assert "<tr id='ref-10'><td>10</td><td>Recovering from the February 2020 cyber attack, Redcar and Cleveland" \
           in page
    assert "Cases by outcome" not in text + page and "Cases by council" not in text + page


def test_no_local_path_in_any_text_format(bundled: Library, tmp_path: Path) -> None:
    d = compile_digest(bundled, DigestSpec("Everything"))
    for out in (digest.write(d, tmp_path / "d.md"), digest.write(d, tmp_path / "d.html")):
        written = out.read_text("utf-8")
        assert "file:" not in written and str(bundled.home.root) not in written and "/tmp/" not in written


def test_a_selection_with_no_case_is_refused_and_nothing_written(
        home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from casebook.cli import main

    out = tmp_path / "none.md"
    assert main(["digest", "zzzunknownword", "--title", "Nothing", "--out", str(out)]) == 2
    assert capsys.readouterr().err.endswith("casebook: no case matches the digest 'Nothing' (all cases matching "
                                            "“zzzunknownword”); nothing written\n")
    assert not out.exists()
    with Library(home) as lib:
        assert digest.saved_specs(lib.catalog) == []


@pytest.mark.parametrize("name", ["d.md", "d.html"])
def test_a_digest_into_a_folder_that_does_not_exist_is_refused_before_anything_is_written(
        lib: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    from casebook.cli import main

    out = tmp_path / "nodir" / name
    assert main(["digest", "chatbot", "--title", "AI", "--out", str(out), "--home", str(lib.home.root)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"casebook: cannot write {out}: the folder {tmp_path / 'nodir'} does not exist\n"
    assert "Wrote" not in captured.out
    assert not (tmp_path / "nodir").exists()
    assert digest.saved_specs(lib.catalog) == []  # not remembered as a run either


def test_a_digest_over_a_file_where_its_folder_should_be_is_refused(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "report").write_text("not a folder", "utf-8")
    with pytest.raises(CasebookError) as caught:
        digest.check_destination(tmp_path / "report" / "d.md")
    assert str(caught.value) == f"cannot write {tmp_path / 'report' / 'd.md'}: {tmp_path / 'report'} is not a folder"
