"""Cases as HTML: hostile content is inert, links to cases resolve, problems are shown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

from casebook import casefile
from casebook.render import case_html, local_image_path, markdown_html
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
    assert '<img src="diagram.png" alt="diagram">' in page


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
    bare = Hit(id="r2", title="Bins", council="", outcome="", date="", source="library", path="", score=None,
               snippet="")  # an incomplete case: no outcome, no council
    page = case_html(casefile.read(path, "library", "c.md"), [hit, bare], colours={"failure": "#b00020"})
    assert '<span style="color:#b00020"><b>FAILURE</b></span>' in page
    assert "<tr><th align='left'>Themes</th><td>placemaking</td></tr>" in page
    assert "<b>This case is incomplete:</b>" in page
    assert "line 8: &#x27;sharing&#x27; is &#x27;sideways&#x27;" in page
    assert '<li><a href="case:r1">Related &lt;one&gt;</a> (success, C)</li>' in page
    assert '<li><a href="case:r2">Bins</a></li>' in page


def test_an_unreadable_file_renders_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [oops\n---\n")
    page = case_html(casefile.read(path, "library", "bad.md"))
    assert "<h1>bad.md</h1>" in page and "This case could not be read" in page
    assert "line 2: front matter is not valid YAML" in page


def test_markdown_features_survive() -> None:
    page = markdown_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n1. one\n2. two\n")
    assert "<table>" in page and "<pre><code>code" in page and "<ol>" in page


#: Inputs that took python-markdown 20 s to minutes (issue 10, item 16): 16 KiB of "[", 47 KiB of "[a](b ",
#: 59 KiB of "<a ", and a 684 KiB table.
HOSTILE_SHAPES = {"brackets": "[" * 16384, "open links": "[a](b " * 8000, "open tags": "<a " * 20000,
                  "table": "| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 70000}


def test_hostile_markdown_renders_in_bounded_time() -> None:
    """Rendered in a child process that is stopped after 30 s: the old renderer needed minutes for these
    (quadratic), the linear one needs about a second in all here. A bound, not a benchmark."""
    script = ("import sys; from tests.core.test_render import HOSTILE_SHAPES as S; from casebook.render import "
              "markdown_html as m; [print(k, len(m(v))) for k, v in S.items()]")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30,
                          cwd=Path(__file__).parents[2], check=True)
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["brackets", "open", "open", "table"]


def test_a_body_too_long_to_format_is_shown_as_written() -> None:
    page = markdown_html(HOSTILE_SHAPES["table"])
    assert page.startswith("<p><em>This text is too long to format; it is shown as written.</em></p><pre>| a | b |")
    assert "<table>" not in page
    assert "<table>" in markdown_html(HOSTILE_SHAPES["table"][:200_000])


def test_images_outside_the_case_folder_are_removed_before_any_file_is_touched() -> None:
    page = markdown_html('![unc](\\\\evil\\share\\x.png) <img src="\\\\evil\\share\\y.png"> ![up](../x.png) '
                         "![abs](/etc/x.png) ![drive](C:/x.png) ![enc](%2E%2E/x.png) ![ok](pics/a%20b.png) "
                         "![web](https://example.org/w.png)")
    assert re.findall(r"<img[^>]*>", page) == [
        '<img alt="unc">', "<img>", '<img alt="up">', '<img alt="abs">', '<img alt="drive">', '<img alt="enc">',
        '<img src="pics/a%20b.png" alt="ok">', '<img src="https://example.org/w.png" alt="web">']


def test_local_image_path_is_judged_on_the_text() -> None:
    assert local_image_path("pics/a%20b.png") == PurePosixPath("pics/a b.png")
    for src in ("\\\\evil\\share\\x.png", "//evil/share/x.png", "%5C%5Cevil%5Cx.png", "../x.png", "a/../../x.png",
                "/etc/passwd", "C:x.png", "file:x.png", ""):
        assert local_image_path(src) is None, src


def test_template_tags_are_left_out_of_the_page_but_not_out_of_code(tmp_path: Path) -> None:
    body = ("## Context\n{% include 'figure.njk' %}Text {{ page.title }} stays.\n\n<div>{% if x %}kept{% endif %}</div>"
            "\n\n```\n{{ shown }} in code\n```\n")
    page = render(tmp_path, body)
    assert "{%" not in page.replace("{{ shown }}", "") and "page.title" not in page
    assert "<p>Text  stays.</p>" in page and "<div>kept</div>" in page
    assert "<pre><code>{{ shown }} in code\n</code></pre>" in page
    assert "{{ page.title }}" in (tmp_path / "case.md").read_text("utf-8")
