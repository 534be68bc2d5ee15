"""Cases as HTML: hostile content is inert, links to cases resolve, problems are shown."""

from __future__ import annotations

from pathlib import Path

from casebook import casefile
from casebook.render import case_html, markdown_html
from casebook.search import Hit
from tests.conftest import case_text

HOSTILE = """## Context
[click me](javascript:alert(1)) and <a href="javascript:alert(2)" onclick="x()">this</a>
![secret](file:///etc/passwd) ![diagram](diagram.png) <img src="x" onerror="alert(3)">
<script>alert(4)</script><style>body{display:none}</style><iframe src="https://evil.example"></iframe>
[peer case](other-case.md) [unknown](nowhere.md) [web](https://www.gov.uk/guidance) [mail](mailto:a@b.c)
[local file](file:///etc/passwd)
"""


def render(tmp_path: Path, body: str, **fields: str) -> str:
    path = tmp_path / "case.md"
    path.write_text(case_text(body=body, **fields), "utf-8")
    return case_html(casefile.read(path, "network-a", "case.md"),
                     resolve=lambda target: target if target == "other-case" else None)


def test_hostile_markup_is_inert(tmp_path: Path) -> None:
    page = render(tmp_path, HOSTILE, title="<b>Title</b> & co")
    for bad in ("javascript:", "<script", "alert(4)", "<style", "<iframe", "onerror", "onclick", "file:",
                "display:none"):
        assert bad not in page, bad
    assert "<h1>&lt;b&gt;Title&lt;/b&gt; &amp; co</h1>" in page
    assert '<img alt="diagram" src="diagram.png">' in page


def test_links_to_cases_and_the_web(tmp_path: Path) -> None:
    page = render(tmp_path, HOSTILE)
    assert '<a href="case:other-case">peer case</a>' in page
    assert "nowhere.md" not in page and "unknown" in page
    assert ('<a href="https://www.gov.uk/guidance" title="External link: https://www.gov.uk/guidance">web ↗</a>'
            in page)
    assert '<a href="mailto:a@b.c" title="External link: mailto:a@b.c">mail ↗</a>' in page


def test_header_related_and_problems(tmp_path: Path) -> None:
    hit = Hit(id="r1", title="Related <one>", council="C", outcome="success", date="", source="library",
              path="", score=None, snippet="")
    path = tmp_path / "c.md"
    path.write_text(case_text(outcome="failure", themes="[placemaking]", date="2019", sharing="sideways"))
    page = case_html(casefile.read(path, "library", "c.md"), [hit], colours={"failure": "#b00020"})
    assert '<span style="color:#b00020"><b>FAILURE</b></span>' in page
    assert "<tr><th align='left'>Themes</th><td>placemaking</td></tr>" in page
    assert "<b>This case is incomplete:</b>" in page
    assert "line 8: &#x27;sharing&#x27; is &#x27;sideways&#x27;" in page
    assert '<li><a href="case:r1">Related &lt;one&gt;</a> (success, C)</li>' in page


def test_an_unreadable_file_renders_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [oops\n---\n")
    page = case_html(casefile.read(path, "library", "bad.md"))
    assert "<h1>bad.md</h1>" in page and "This case could not be read" in page
    assert "line 2: front matter is not valid YAML" in page


def test_markdown_features_survive() -> None:
    page = markdown_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n1. one\n2. two\n")
    assert "<table>" in page and "<pre><code>code" in page and "<ol>" in page
