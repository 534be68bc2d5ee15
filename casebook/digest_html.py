"""A digest as one self-contained HTML page (no external fetches): cover, contents, executive
summary, recurring lessons, charts as inline SVG, compact case entries and an appendix.

The same function lays out the page the PDF exporter prints with Qt (`pages` given): there the
contents carry page numbers instead of links and each chart is an image Qt can draw. On screen
each chart's figures are also in a table only screen readers see, so no number is printed twice."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from casebook import briefing
from casebook.charts import bar_chart, data_table
from casebook.model import Case, filled_section
from casebook.render import markdown_html

if TYPE_CHECKING:
    from casebook.digest import Digest, Entry

BREAK = " style='page-break-before:always'"


def chart_file(key: str) -> str:
    """The name under which the PDF exporter supplies chart `key` as an image."""
    return f"chart-{key}.png"


def to_html(d: Digest, pages: Mapping[str, int] | None = None) -> str:
    """The digest as HTML; with `pages` (heading text → page, may be empty) laid out for print by Qt."""
    title = html.escape(d.spec.title)
    paged = pages is not None
    body = (_cover(d) + _contents(d, pages)
            + _section("summary", "Executive summary", _paras(briefing.summary(d)), paged) + _lessons(d, paged)
            + _section("since", "Since the last digest", _paras(briefing.since_last(d)), paged) + _figures(d, paged)
            + _section("cases", "The cases", "".join(_case(n, e, paged) for n, e in enumerate(d.entries, 1)))
            + _method(d, paged))
    marking = "" if paged else f"<p class='marking'>{html.escape(d.spec.marking)}</p>"
    return (f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{CSS}{PAGED_CSS if paged else ''}"
            f"{PRINT_CSS.replace('@TITLE', _css_text(d.spec.title + ' — ' + d.spec.marking))}</style></head>"
            f"<body>{marking}{body}{marking}</body></html>")


def _css_text(text: str) -> str:
    """`text` as a CSS string that cannot end the string, the rule or the style element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + " ".join(escaped.split()) + '"'


def _section(anchor: str, heading: str, inner: str, new_page: bool = False) -> str:
    return (f"<section id='{anchor}'><h2{BREAK if new_page else ''}>{html.escape(heading)}</h2>"
            f"{inner}</section>")


def _paras(texts: Sequence[str]) -> str:
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts)


def _cover(d: Digest) -> str:
    rows = "".join(f"<tr><th scope='row' align='left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                   for k, v in briefing.cover(d))
    return (f"<header class='cover'><p class='kind'>Casebook digest</p><h1>{html.escape(d.spec.title)}</h1>"
            f"<table class='cover'>{rows}</table></header>")


def _contents(d: Digest, pages: Mapping[str, int] | None) -> str:
    if pages is None:
        items = "".join(f"<li class='{'sub' if a.startswith('case-') else 'part'}'><a href='#{a}'>"
                        f"{html.escape(text)}</a></li>" for a, text in briefing.contents(d))
        return f"<nav id='contents'><h2>Contents</h2><ul>{items}</ul></nav>"
    rows = "".join(f"<tr><td>{'&nbsp;' * 4 if a.startswith('case-') else ''}{html.escape(text)}</td>"
                   f"<td align='right'>{pages.get(text, '')}</td></tr>" for a, text in briefing.contents(d))
    return f"<h2{BREAK}>Contents</h2><table width='100%' cellpadding='2'>{rows}</table>"


def _link(anchor: str, text: str, paged: bool) -> str:
    """A link on screen; plain text on paper, where it cannot be followed."""
    return html.escape(text) if paged else f"<a href='#{anchor}'>{html.escape(text)}</a>"


def _cited(d: Digest, cases: Sequence[Case], paged: bool) -> str:
    links = "; ".join(f"{_link(f'case-{d.number(c.id)}', c.council, paged)} ({html.escape(c.title)}, "
                      f"no. {d.number(c.id)})" for c in cases)
    return f"{briefing.count(len(cases), 'case')}: {links}"


def _lessons(d: Digest, paged: bool) -> str:
    if not d.themes:
        return ""
    items = "".join(f"<li><strong>{html.escape(t.wording)}</strong><br><span class='cite'>"
                    f"{_cited(d, t.cases, paged)}</span></li>" for t in briefing.lessons_listed(d))
    return _section("lessons", "Recurring lessons", f"<ol class='lessons'>{items}</ol>")


def _figures(d: Digest, paged: bool) -> str:
    charts = d.charts()
    if not charts:
        return ""
    figures = "".join(_figure(key, briefing.CHART_TITLES[key], data, paged) for key, data in charts.items())
    return _section("figures", "The cases in figures", figures)


def _figure(key: str, title: str, data: Mapping[str, int], paged: bool) -> str:
    if paged:
        return f"<p><img src='{chart_file(key)}' alt='{html.escape(title)}'></p>"
    return (f"<figure>{bar_chart(f'chart-{key}', title, data)}"
            f"<div class='sr-only'>{data_table(title, data, key.capitalize())}</div></figure>")


def _case(n: int, e: Entry, paged: bool) -> str:
    c = e.case
    internal = "<p class='internal'>INTERNAL — do not share outside the council</p>" if e.internal else ""
    meta = " · ".join(html.escape(x) for x in briefing.entry_meta(e))
    lessons = markdown_html(c.lessons) if c.lessons else f"<p><em>{briefing.NO_LESSONS}</em></p>"
    advice = filled_section(c.body, "advice")
    sources = "; ".join(html.escape(s) for s in c.sources)
    return (f"<article class='case' id='case-{n}'><h3>{n}. {html.escape(c.title)}</h3>{internal}"
            f"<p class='meta'>{meta}</p><p>{html.escape(c.summary)}</p><h4>Lessons</h4>{lessons}"
            + (f"<h4>Advice</h4>{markdown_html(advice)}" if advice else "")
            + f"<p class='small'>{f'Sources: {sources}. ' if sources else ''}Case record: "
            f"{_link(f'ref-{n}', f'no. {n} in the table of case versions', paged)}.</p></article>")


def _method(d: Digest, paged: bool) -> str:
    rows = "".join(f"<tr id='ref-{row[0]}'>" + "".join(_version_cell(i, cell, paged) for i, cell in enumerate(row))
                   + "</tr>" for row in briefing.version_rows(d))
    width = " width='100%' cellpadding='3' style='font-size:8pt'" if paged else ""
    head = "".join(f"<th scope='col'{f' width={share}%' if paged else ''}>{name}</th>"
                   for name, share in VERSION_COLUMNS)
    table = (f"<table class='versions'{width}><caption>Case versions</caption><thead><tr>{head}</tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    return _section("method", "How this digest was made", _paras(briefing.method(d)) + table)


def _version_cell(column: int, text: str, paged: bool) -> str:
    """A cell of the case-versions table; on paper a case id is never broken at its hyphens, so it
    can be copied and searched for (<nobr>: a white-space style on a cell loses Qt its border)."""
    if paged and column == 3:
        return f"<td><nobr>{html.escape(text)}</nobr></td>"
    return f"<td>{html.escape(text)}</td>"


#: The columns of the case-versions table and their share of the printed width (Qt sizes no column itself).
VERSION_COLUMNS = (("No.", 6), ("Case", 36), ("Source", 14), ("Case id", 30), ("Version", 14))
#: Qt's print layout: tighter lines, so the summary and the recurring lessons share a page.
PAGED_CSS = "p,li,td{line-height:110%;margin-top:3px;margin-bottom:3px}"
CSS = """
body{font-family:Georgia,serif;max-width:50em;margin:2em auto;padding:0 1em;color:#111;line-height:1.4}
h1,h2,h3,h4,.kind,.marking,table.cover th{font-family:Helvetica,Arial,sans-serif}
.marking{text-align:center;font-weight:bold;letter-spacing:.1em;margin:0}
header.cover{border-bottom:3px solid #1f4f99;padding-bottom:1em}.kind{color:#1f4f99;margin:2em 0 0}
table.cover th{text-align:left;vertical-align:top;padding:4px 1em 4px 0;white-space:nowrap}
nav ul{list-style:none;padding-left:0}nav li.sub{padding-left:1.5em}
.lessons li{margin-bottom:.6em}.cite,.small{font-size:.9em;color:#333}
figure{margin:1em 0;break-inside:avoid}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.case{border-top:1px solid #ccc;margin-top:1em}.meta{font-weight:bold}h2,h3,h4,.meta{break-after:avoid}
h4{font-size:1em;margin:.6em 0 0}.case ul{margin-top:.2em}
.internal{color:#fff;background:#b3261e;padding:2px 8px;font-weight:bold}
table.versions{border-collapse:collapse;font-size:.85em}table.versions td,table.versions th{border:1px solid #999;
padding:2px 6px;text-align:left}
"""
#: Rules for browsers printing the page; last, as Qt's style parser stops at them.
PRINT_CSS = """
@media print{body{margin:0;max-width:none}body>.marking{display:none}header.cover,nav{break-after:page}
#summary{break-before:page}a{color:#111;text-decoration:none}}
@page{size:A4;margin:20mm 18mm;@top-left{content:@TITLE;font:9pt Helvetica,Arial,sans-serif}
@bottom-center{content:"Page " counter(page) " of " counter(pages);font:9pt Helvetica,Arial,sans-serif}}
"""
