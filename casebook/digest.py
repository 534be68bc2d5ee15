"""Digests for leadership: a chosen, ordered selection of cases with summary figures and charts,
as Markdown or self-contained HTML (PDF is drawn from the HTML by the app's Qt, see ui/pdf.py).

A digest records exactly what it holds (id, source, content hash, and for network cases the
commit of the clone), and each saved definition remembers its last run, so the next run can say
what is new and what changed since."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from casebook import casefile
from casebook.casefile import CaseFile
from casebook.catalog import Catalog
from casebook.charts import bar_chart, data_table
from casebook.errors import CasebookError
from casebook.library import Library
from casebook.model import OUTCOMES, section
from casebook.render import markdown_html
from casebook.sources import EXAMPLES, LIBRARY

ORDERS = ("outcome", "date", "council", "relevance")
#: Failures first: they are what leadership most needs to hear.
OUTCOME_ORDER = {"failure": 0, "mixed": 1, "ongoing": 2, "success": 3}
SEARCH_LIMIT = 5000


@dataclass(frozen=True)
class DigestSpec:
    """What to put in a digest. With no query, bookmarks or ids, every case is a candidate."""

    title: str
    query: str = ""
    since: str = ""
    until: str = ""
    outcomes: tuple[str, ...] = ()
    bookmarks: bool = False
    ids: tuple[str, ...] = ()
    order: str = "outcome"
    shareable: bool = False

    def check(self) -> None:
        if self.order not in ORDERS:
            raise CasebookError(f"order must be one of {', '.join(ORDERS)}")
        bad = [o for o in self.outcomes if o not in OUTCOMES]
        if bad:
            raise CasebookError(f"unknown outcome '{bad[0]}'; outcomes: {', '.join(OUTCOMES)}")
        if not self.title.strip():
            raise CasebookError("a digest needs a title (--title)")


@dataclass(frozen=True)
class Entry:
    cf: CaseFile
    commit: str

    @property
    def case(self) -> Any:
        return self.cf.case

    @property
    def internal(self) -> bool:
        return self.case.sharing == "internal"

    def record(self) -> dict[str, str]:
        return {"id": self.case.id, "source": self.cf.source, "sha1": self.cf.sha1, "commit": self.commit}


@dataclass
class Digest:
    spec: DigestSpec
    entries: list[Entry]
    created: str
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, dict[str, int]]:
        cases = [e.case for e in self.entries]
        by_outcome = Counter(c.outcome for c in cases)
        years = Counter(str(c.year) for c in cases if c.year)
        return {
            "outcome": {o: by_outcome[o] for o in sorted(by_outcome, key=lambda o: OUTCOME_ORDER.get(o, 9))},
            "theme": dict(Counter(t for c in cases for t in c.themes).most_common()),
            "council": dict(Counter(c.council for c in cases).most_common(12)),
            "year": dict(sorted(years.items())),
        }

    def without_lessons(self) -> list[Entry]:
        return [e for e in self.entries if not e.case.lessons]


def compile_digest(lib: Library, spec: DigestSpec) -> Digest:
    """Select and order the cases, compare with the last run of this title, and remember this run."""
    spec.check()
    entries = [Entry(cf, _commit(lib, cf)) for cf in select(lib, spec)]
    digest = Digest(spec, entries, dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    last = _last_run(lib.catalog, spec.title)
    if last is not None:
        before = {(r["source"], r["id"]): r["sha1"] for r in last}
        digest.new = [e.case.id for e in entries if (e.cf.source, e.case.id) not in before]
        digest.changed = [e.case.id for e in entries if before.get((e.cf.source, e.case.id), e.cf.sha1) != e.cf.sha1]
    _remember(lib.catalog, spec, entries)
    return digest


def select(lib: Library, spec: DigestSpec) -> list[CaseFile]:
    """The cases a spec picks, filtered and in its order."""
    ranked: list[str] = []
    if spec.ids:
        ranked += [lib.locate(i)["uid"] for i in spec.ids]
    if spec.bookmarks:
        ranked += [rows[0]["uid"] for i in lib.catalog.bookmarks() if (rows := lib.catalog.find(i))]
    if spec.query or not (spec.ids or spec.bookmarks):
        result = lib.search(spec.query or "*", limit=SEARCH_LIMIT, filters={"outcome": list(spec.outcomes)})
        ranked += [h.uid for h in result.hits]
    chosen: list[CaseFile] = []
    for uid in dict.fromkeys(ranked):
        row = lib.catalog.cases("uid = ?", [uid])[0]
        cf = casefile.read(Path(row["path"]), row["source"], row["relpath"])
        if cf.case and _wanted(cf, spec):
            chosen.append(cf)
    return _ordered(chosen, spec.order)


def _wanted(cf: CaseFile, spec: DigestSpec) -> bool:
    case = cf.case
    if spec.outcomes and case.outcome not in spec.outcomes:
        return False
    if spec.since and (not case.date or case.date < spec.since):
        return False
    if spec.until and (not case.date or case.date[:len(spec.until)] > spec.until):
        return False
    return not (spec.shareable and case.sharing == "internal")


def _ordered(cases: list[CaseFile], order: str) -> list[CaseFile]:
    """Newest first within each group (sorts are stable); undated cases last."""
    if order == "relevance":
        return cases
    newest = sorted(cases, key=lambda cf: cf.case.date, reverse=True)
    if order == "outcome":
        return sorted(newest, key=lambda cf: OUTCOME_ORDER.get(cf.case.outcome, 9))
    if order == "council":
        return sorted(newest, key=lambda cf: cf.case.council.lower())
    return newest


def _commit(lib: Library, cf: CaseFile) -> str:
    """The commit a network clone is at, read from its .git folder (the core runs no git)."""
    if cf.source in (LIBRARY, EXAMPLES):
        return ""
    git = lib.home.networks / cf.source / ".git"
    try:
        head = (git / "HEAD").read_text("utf-8").strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        loose = git / ref
        if loose.is_file():
            return loose.read_text("utf-8").strip()
        for line in (git / "packed-refs").read_text("utf-8").splitlines():
            if line.endswith(f" {ref}"):
                return line.split()[0]
    except OSError:
        pass
    return ""


def _table(catalog: Catalog) -> Any:
    catalog.ensure_tables({"digests": ({"title": str, "spec": str, "contents": str, "created": float}, "title")})
    return catalog.db["digests"]


def _last_run(catalog: Catalog, title: str) -> list[dict[str, str]] | None:
    _table(catalog)
    row = catalog.db.execute("select contents from digests where title = ?", [title]).fetchone()
    return json.loads(row[0]) if row else None


def _remember(catalog: Catalog, spec: DigestSpec, entries: list[Entry]) -> None:
    _table(catalog).upsert({"title": spec.title, "spec": json.dumps(asdict(spec)),
                            "contents": json.dumps([e.record() for e in entries]),
                            "created": dt.datetime.now(dt.UTC).timestamp()}, pk="title")


def saved_specs(catalog: Catalog) -> list[DigestSpec]:
    """Saved digest definitions, to run again."""
    _table(catalog)
    rows = catalog.db.execute("select spec from digests order by created desc").fetchall()
    return [DigestSpec(**{k: tuple(v) if isinstance(v, list) else v for k, v in json.loads(r[0]).items()})
            for r in rows]


# -- output -----------------------------------------------------------------------------------
FIGURE_TITLES = {"outcome": "Cases by outcome", "theme": "Cases by theme", "council": "Cases by council",
                 "year": "Cases over time (by year)"}


def to_markdown(d: Digest) -> str:
    lines = [f"# {d.spec.title}", "", f"*Compiled by Casebook on {d.created} from {len(d.entries)} case(s).*", "",
             "## Executive summary", "", *_summary_lines(d), ""]
    for key, data in d.figures().items():
        lines += [f"### {FIGURE_TITLES[key]}", "", "| | Cases |", "|---|---:|",
                  *[f"| {k} | {v} |" for k, v in data.items()], ""]
    lines += ["## Contents", "", *[f"{n}. {e.case.title}" for n, e in enumerate(d.entries, 1)], ""]
    for n, e in enumerate(d.entries, 1):
        lines += _case_markdown(n, e)
    lines += _appendix_markdown(d)
    return "\n".join(lines) + "\n"


def _summary_lines(d: Digest) -> list[str]:
    outcomes = d.figures()["outcome"]
    parts = [f"{v} {k}" for k, v in outcomes.items()]
    lines = [f"- {len(d.entries)} case(s): {', '.join(parts) or 'none'}."]
    if d.new or d.changed:
        lines.append(f"- Since the last digest of this title: {len(d.new)} new, {len(d.changed)} changed.")
    internal = sum(e.internal for e in d.entries)
    if internal:
        lines.append(f"- {internal} case(s) are INTERNAL and must not be shared outside the council.")
    if d.without_lessons():
        lines.append(f"- {len(d.without_lessons())} case(s) have no Lessons section (see the appendix).")
    return lines


def _case_markdown(n: int, e: Entry) -> list[str]:
    c = e.case
    mark = " — INTERNAL: do not share" if e.internal else ""
    lines = [f"## {n}. {c.title}{mark}", "",
             f"**{c.outcome.upper()}** · {c.council}" + (f" · {c.date}" if c.date else "")
             + (f" · contact: {c.contact}" if c.contact else ""), "", c.summary, ""]
    lines += ["### Lessons", "", c.lessons or "*This case has no Lessons section.*", ""]
    advice = section(c.body, "advice")
    if advice:
        lines += ["### Advice", "", advice, ""]
    if c.sources:
        lines += ["### Sources", "", *[f"- {s}" for s in c.sources], ""]
    lines += [f"Full case: `{e.cf.source}:{c.id}` ({e.cf.path.as_uri()})", ""]
    return lines


def _appendix_markdown(d: Digest) -> list[str]:
    lines = ["## Appendix: what this digest contains", "", "| Case | Source | Content hash | Commit |",
             "|---|---|---|---|"]
    lines += [f"| {r['id']} | {r['source']} | {r['sha1'][:12]} | {r['commit'][:12]} |"
              for r in (e.record() for e in d.entries)]
    if d.new or d.changed:
        lines += ["", f"New since the last digest: {', '.join(d.new) or 'none'}.",
                  f"Changed since the last digest: {', '.join(d.changed) or 'none'}."]
    missing = d.without_lessons()
    if missing:
        lines += ["", "Cases without a Lessons section: " + ", ".join(e.case.id for e in missing) + "."]
    return [*lines, ""]


def write(d: Digest, out: Path) -> Path:
    """Write the digest in the format the file name asks for (.md, .html or .pdf). PDF comes
    from an exporter registered by the app (entry point `casebook.exporters`), as the core has
    no Qt."""
    suffix = out.suffix.lower()
    if suffix == ".md":
        out.write_text(to_markdown(d), "utf-8")
    elif suffix in (".html", ".htm"):
        out.write_text(to_html(d), "utf-8")
    else:
        exporters = {e.name: e for e in metadata.entry_points(group="casebook.exporters")}
        if suffix.lstrip(".") not in exporters:
            raise CasebookError(f"cannot write {suffix or 'files without an extension'}: use .md, .html"
                                + (" or .pdf" if "pdf" in exporters else " (PDF needs the desktop app's Qt)"))
        exporters[suffix.lstrip(".")].load()(d, out)
    return out


def to_html(d: Digest) -> str:
    """A self-contained, printable page: no external fetches, charts inline as SVG with tables."""
    figures = "".join(
        f"<figure>{bar_chart(f'chart-{key}', FIGURE_TITLES[key], data)}"
        f"{data_table(FIGURE_TITLES[key], data, key.capitalize())}</figure>"
        for key, data in d.figures().items() if data)
    contents = "".join(f'<li><a href="#case-{n}">{html.escape(e.case.title)}</a></li>'
                       for n, e in enumerate(d.entries, 1))
    cases = "".join(_case_html(n, e) for n, e in enumerate(d.entries, 1))
    summary = markdown_html("\n".join(_summary_lines(d)))
    appendix = markdown_html("\n".join(_appendix_markdown(d)))
    title = html.escape(d.spec.title)
    return (f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'><title>{title}</title>"
            f"<style>{CSS}</style></head><body><header class='title'><h1>{title}</h1>"
            f"<p>Compiled by Casebook on {html.escape(d.created)} from {len(d.entries)} case(s).</p></header>"
            f"<section><h2>Executive summary</h2>{summary}<div class='figures'>{figures}</div></section>"
            f"<nav><h2>Contents</h2><ol>{contents}</ol></nav>{cases}<section>{appendix}</section></body></html>")


def _case_html(n: int, e: Entry) -> str:
    c = e.case
    internal = "<p class='internal'>INTERNAL — do not share outside the council</p>" if e.internal else ""
    meta = " · ".join(html.escape(x) for x in (c.outcome.upper(), c.council, c.date, c.contact) if x)
    lessons = markdown_html(c.lessons) if c.lessons else "<p><em>This case has no Lessons section.</em></p>"
    advice = section(c.body, "advice")
    sources = "".join(f"<li>{html.escape(s)}</li>" for s in c.sources)
    return (f"<section class='case' id='case-{n}'><h2>{n}. {html.escape(c.title)}</h2>{internal}"
            f"<p class='meta'>{meta}</p><p>{html.escape(c.summary)}</p><h3>Lessons</h3>{lessons}"
            + (f"<h3>Advice</h3>{markdown_html(advice)}" if advice else "")
            + (f"<h3>Sources</h3><ul>{sources}</ul>" if sources else "")
            + f"<p class='link'>Full case: <code>{html.escape(e.cf.source)}:{html.escape(c.id)}</code></p></section>")


CSS = """
body{font-family:Georgia,serif;max-width:50em;margin:2em auto;padding:0 1em;color:#111;line-height:1.45}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif}header.title{border-bottom:3px solid #1f4f99;margin-bottom:1.5em}
.figures figure{margin:1em 0;break-inside:avoid}table.figures{border-collapse:collapse;margin-top:.4em}
table.figures td,table.figures th{border:1px solid #999;padding:2px 8px}td.n{text-align:right}
.case{break-before:page;border-top:1px solid #ccc;padding-top:.5em}.meta{font-weight:bold}
.internal{color:#fff;background:#b3261e;padding:2px 8px;font-weight:bold}
@media print{body{margin:0;max-width:none}header.title{break-after:page}nav a{color:#111;text-decoration:none}}
"""
