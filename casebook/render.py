"""Cases as sanitised HTML: Markdown through python-markdown, then nh3. Peer content is untrusted,
so nothing but plain formatting, web links, `case:` links and relative images survives."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

import markdown
import nh3

from casebook.casefile import CaseFile
from casebook.search import Hit

URL_SCHEMES = frozenset({"http", "https", "mailto", "case"})
CASE_SCHEME = "case:"
_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_EXTERNAL = re.compile(r"^(https?|mailto):", re.IGNORECASE)
_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


def markdown_html(text: str) -> str:
    """Markdown to HTML with scripts, styles, event handlers and non-web URLs removed."""
    raw = markdown.markdown(text, extensions=_EXTENSIONS, output_format="html")
    return nh3.clean(raw, url_schemes=set(URL_SCHEMES), link_rel=None)


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


def case_html(cf: CaseFile, related: Sequence[Hit] = (), resolve: Callable[[str], str | None] = lambda _: None,
              colours: dict[str, str] | None = None) -> str:
    """A whole case page: header block of metadata, problems if any, the body, related cases."""
    parts = [_header(cf, colours or {}), _problems(cf)]
    if cf.case:
        parts.append(link_cases(markdown_html(cf.case.body), resolve))
    if related:
        items = "".join(f'<li><a href="{CASE_SCHEME}{html.escape(h.id)}">{html.escape(h.title)}</a> '
                        f"({html.escape(h.outcome)}, {html.escape(h.council)})</li>" for h in related)
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
