"""Cases as sanitised HTML: Markdown through markdown-it-py, then nh3. Peer content is untrusted,
so nothing but plain formatting, web links, `case:` links and relative images survives.

markdown-it-py parses in linear time (python-markdown took 41 s for 16 KiB of `[`); bodies larger than
MAX_MARKDOWN_BYTES are still shown as plain text, so no case can hold up the app for long."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from casebook.casefile import CaseFile
from casebook.search import Hit

URL_SCHEMES = frozenset({"http", "https", "mailto", "case"})
CASE_SCHEME = "case:"
#: Larger bodies are shown as plain text: even linear-time Markdown takes about a second per 200 KiB here.
MAX_MARKDOWN_BYTES = 256 * 1024
_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_EXTERNAL = re.compile(r"^(https?|mailto):", re.IGNORECASE)
#: Static-site template tags (Nunjucks, Jekyll, Liquid): kept in the file, left out of the page.
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_DRIVE = re.compile(r"^[A-Za-z]:")


def _strip_template_tags(state: StateCore) -> None:
    """Remove template tags from text and HTML blocks before inline parsing; code keeps them."""
    for token in state.tokens:
        if token.type in ("inline", "html_block"):
            token.content = _TEMPLATE_TAG.sub("", token.content)


_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
_MD.core.ruler.after("block", "strip_template_tags", _strip_template_tags)
#: Every link becomes an element and nh3 alone decides which URLs survive (one place for that rule);
#: markdown-it's own check would leave a refused link behind as its raw Markdown text.
_MD.validateLink = lambda url: True


def local_image_path(src: str) -> PurePosixPath | None:
    """`src` as a path inside the case's own folder, judged on the text alone (decoded; no file system
    call, so a UNC path such as `\\\\host\\share\\x.png` never reaches the network), or None."""
    text = unquote(src.split("#")[0].split("?")[0])
    if not text or "\\" in text or "\0" in text or text.startswith("/") or _DRIVE.match(text) or ":" in text:
        return None
    path = PurePosixPath(text)
    if not path.parts or ".." in path.parts:
        return None
    return path


def _allowed_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _EXTERNAL.match(value) and local_image_path(value) is None:
        return None
    return value


def markdown_html(text: str) -> str:
    """Markdown to HTML with scripts, styles, event handlers and non-web URLs removed."""
    if len(text.encode("utf-8", "replace")) > MAX_MARKDOWN_BYTES:
        raw = f"<p><em>This text is too long to format; it is shown as written.</em></p><pre>{html.escape(text)}</pre>"
    else:
        raw = _MD.render(text)
    return nh3.clean(raw, url_schemes=set(URL_SCHEMES), link_rel=None, attribute_filter=_allowed_attribute)


def link_cases(safe_html: str, resolve: Callable[[str], str | None]) -> str:
    """Point relative links at cases (`case:ID`) when `resolve` knows them, and mark web links
    as external. Relative links to anything else are dropped, never followed."""

    def rewrite(match: re.Match[str]) -> str:
        href, rest, text = html.unescape(match.group(1)), match.group(2), match.group(3)
        if _EXTERNAL.match(href):
            label = html.escape(href, quote=True)
            return f'<a href="{match.group(1)}" title="External link: {label}"{rest}>{text} ↗</a>'
        if href.startswith(CASE_SCHEME):
            return match.group(0)
        target = href.split("#")[0].rsplit("/", 1)[-1].removesuffix(".md")
        case_id = resolve(target) if target else None
        return f'<a href="{CASE_SCHEME}{html.escape(case_id)}"{rest}>{text}</a>' if case_id else text

    return _LINK.sub(rewrite, safe_html)


def _aside(*values: str) -> str:
    """The values given, in brackets after a space; nothing when none is (an incomplete case's outcome
    and council)."""
    given = [html.escape(v) for v in values if v]
    return f" ({', '.join(given)})" if given else ""


def case_html(cf: CaseFile, related: Sequence[Hit] = (), resolve: Callable[[str], str | None] = lambda _: None,
              colours: dict[str, str] | None = None) -> str:
    """A whole case page: header block of metadata, problems if any, the body, related cases."""
    parts = [_header(cf, colours or {}), _problems(cf)]
    if cf.case:
        parts.append(link_cases(markdown_html(cf.case.body), resolve))
    if related:
        items = "".join(f'<li><a href="{CASE_SCHEME}{html.escape(h.id)}">{html.escape(h.title)}</a>'
                        f"{_aside(h.outcome, h.council)}</li>" for h in related)
        parts.append(f"<h2>Related cases</h2><ul>{items}</ul>")
    return "\n".join(p for p in parts if p)


def _header(cf: CaseFile, colours: dict[str, str]) -> str:
    case = cf.case
    if case is None:
        return f"<h1>{html.escape(cf.path.name)}</h1><p><b>This file could not be read.</b></p>"
    colour = colours.get(case.outcome, "")
    badge = f'<span style="color:{colour}"><b>{html.escape(case.outcome.upper() or "NO OUTCOME")}</b></span>'
    rows = [("Outcome", badge), ("Council", html.escape(case.council)), ("Date", html.escape(case.date)),
            ("Themes", _join(case.themes)), ("Service area", _join(case.service_area)), ("Tags", _join(case.tags)),
            ("Sharing", html.escape(case.sharing)), ("Source", html.escape(cf.source)),
            ("Cost", html.escape(case.cost)), ("Savings", html.escape(case.savings)),
            ("Contact", html.escape(case.contact)), ("Review by", html.escape(case.review_by))]
    table = "".join(f"<tr><th align='left'>{k}</th><td>{v}</td></tr>" for k, v in rows if v)
    sources = "".join(f"<li>{link_cases(markdown_html(s), lambda _: None)}</li>" for s in case.sources)
    summary = f"<p><i>{html.escape(case.summary)}</i></p>" if case.summary else ""
    return (f"<h1>{html.escape(case.title or cf.path.name)}</h1>{summary}<table cellpadding='2'>{table}</table>"
            + (f"<p><b>Sources</b></p><ul>{sources}</ul>" if sources else ""))


def _problems(cf: CaseFile) -> str:
    if not cf.problems:
        return ""
    items = "".join(f"<li>line {p.line}: {html.escape(p.message)}</li>" for p in cf.problems)
    what = "could not be read" if cf.case is None else "is incomplete"
    return f"<p><b>This case {what}:</b></p><ul>{items}</ul>"


def _join(values: Sequence[str]) -> str:
    return html.escape(", ".join(values))
