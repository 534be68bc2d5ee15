"""Digests for leadership: a chosen, ordered selection of cases with summary figures and charts,
as Markdown or self-contained HTML (PDF is drawn from the HTML by the app's Qt, see ui/pdf.py).

A digest records exactly what it holds (id, source, content hash, and for network cases the
commit of the clone), and each saved definition remembers its last run, so the next run can say
what is new and what changed since."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

from casebook import casefile
from casebook.authoring import write_atomic
from casebook.briefing import selection_words
from casebook.casefile import CaseFile
from casebook.catalog import Catalog
from casebook.digest_html import to_html
from casebook.digest_markdown import to_markdown
from casebook.errors import CasebookError
from casebook.lessons import Theme, recurring
from casebook.library import Library
from casebook.model import OUTCOMES
from casebook.sources import EXAMPLES, LIBRARY

ORDERS = ("outcome", "date", "council", "relevance")
#: Handling markings of the Government Security Classifications a council's papers carry.
MARKINGS = ("OFFICIAL", "OFFICIAL-SENSITIVE")
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
    question: str = ""
    marking: str = "OFFICIAL"
    prepared_for: str = ""
    prepared_by: str = ""
    #: Search filters other than outcome, as (facet, values) pairs: council, theme, service, year…
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def check(self) -> None:
        if self.order not in ORDERS:
            raise CasebookError(f"order must be one of {', '.join(ORDERS)}")
        if self.marking not in MARKINGS:
            raise CasebookError(f"handling marking must be one of {', '.join(MARKINGS)}")
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
    #: When this title was last compiled ("" for its first digest).
    last: str = ""

    @cached_property
    def themes(self) -> list[Theme]:
        """The lessons that recur across the cases (see casebook/lessons.py)."""
        return recurring([e.case for e in self.entries])

    def number(self, case_id: str) -> int:
        """A case's number in the digest (1-based), as its entry and references show it."""
        return next(n for n, e in enumerate(self.entries, 1) if e.case.id == case_id)

    def figures(self) -> dict[str, dict[str, int]]:
        cases = [e.case for e in self.entries]
        by_outcome = Counter(c.known_outcome for c in cases if c.known_outcome)
        years = Counter(str(c.year) for c in cases if c.year)
        return {
            "outcome": {o: by_outcome[o] for o in sorted(by_outcome, key=OUTCOME_ORDER.__getitem__)},
            "theme": dict(Counter(t for c in cases for t in c.known_themes).most_common()),
            "year": dict(sorted(years.items())),
        }

    def charts(self) -> dict[str, dict[str, int]]:
        """The figures worth a chart: at least two bars, one of them more than a single case.
        (Councils get none: the summary counts them and every entry names its council.)"""
        return {key: data for key, data in self.figures().items() if len(data) > 1 and max(data.values()) > 1}

    def without_lessons(self) -> list[Entry]:
        return [e for e in self.entries if not e.case.lessons]


def spec_from_search(spec: DigestSpec, query: str, filters: Mapping[str, Sequence[str]]) -> DigestSpec:
    """`spec` with a search as its selection: the query and its filters (outcome among them), which
    choose among the search's hits only; cases picked by hand stay in whatever their outcome."""
    chosen = tuple(sorted((k, tuple(v)) for k, v in filters.items() if v))
    return replace(spec, query=query.strip(), filters=chosen)


def not_yet_in(ids: Sequence[str], offered: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (id, title) pairs of `offered` not already among `ids`, once each, in order."""
    seen = set(ids)
    return [(i, t) for i, t in offered if not (i in seen or seen.add(i))]


def compile_digest(lib: Library, spec: DigestSpec, remember: bool = True) -> Digest:
    """Select and order the cases and compare with the last run of this title; remember this run
    unless `remember` is False (a preview). A selection with no case raises CasebookError and is
    not remembered."""
    spec.check()
    entries = [Entry(cf, _commit(lib, cf)) for cf in select(lib, spec)]
    if not entries:
        raise CasebookError(f"no case matches the digest '{spec.title}' ({selection_words(spec)}); nothing written")
    digest = Digest(spec, entries, dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    last, digest.last = _last_run(lib.catalog, spec.title)
    if last is not None:
        before = {(r["source"], r["id"]): r["sha1"] for r in last}
        digest.new = [e.case.id for e in entries if (e.cf.source, e.case.id) not in before]
        digest.changed = [e.case.id for e in entries if before.get((e.cf.source, e.case.id), e.cf.sha1) != e.cf.sha1]
    if remember:
        _remember(lib.catalog, spec, entries)
    return digest


def select(lib: Library, spec: DigestSpec) -> list[CaseFile]:
    """The cases a spec picks, filtered and in its order."""
    ranked: list[str] = []
    if spec.ids:
        ranked += [lib.locate(i)["uid"] for i in spec.ids]
    if spec.bookmarks:
        ranked += [rows[0]["uid"] for i in lib.catalog.bookmarks() if (rows := lib.catalog.find(i))]
    if spec.query or spec.filters or not (spec.ids or spec.bookmarks):
        filters = {"outcome": list(spec.outcomes), **{k: list(v) for k, v in spec.filters}}
        result = lib.search(spec.query or "*", limit=SEARCH_LIMIT, filters=filters)
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


def _last_run(catalog: Catalog, title: str) -> tuple[list[dict[str, str]] | None, str]:
    """What the last digest of `title` held, and when it was made (None and "" if never)."""
    _table(catalog)
    row = catalog.db.execute("select contents, created from digests where title = ?", [title]).fetchone()
    if not row:
        return None, ""
    return json.loads(row[0]), dt.datetime.fromtimestamp(row[1], dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _remember(catalog: Catalog, spec: DigestSpec, entries: list[Entry]) -> None:
    _table(catalog).upsert({"title": spec.title, "spec": json.dumps(asdict(spec)),
                            "contents": json.dumps([e.record() for e in entries]),
                            "created": dt.datetime.now(dt.UTC).timestamp()}, pk="title")


def saved_specs(catalog: Catalog) -> list[DigestSpec]:
    """Saved digest definitions, to run again."""
    _table(catalog)
    rows = catalog.db.execute("select spec from digests order by created desc").fetchall()
    return [DigestSpec(**{k: _tuples(v) for k, v in json.loads(r[0]).items()}) for r in rows]


def _tuples(value: Any) -> Any:
    """JSON's lists back to the spec's tuples, at any depth."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def write(d: Digest, out: Path) -> Path:
    """Write the digest in the format the file name asks for (.md, .html, .pdf or .docx); CasebookError
    when it cannot be (see `check_destination`). PDF and Word come from exporters registered by the app (entry
    point `casebook.exporters`), as they draw the charts with Qt and the core has no Qt."""
    writer = check_destination(out)
    try:
        writer(d, out)
    except OSError as exc:
        raise CasebookError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return out


def check_destination(out: Path) -> Callable[[Digest, Path], None]:
    """The writer for a digest file, or CasebookError saying why `out` cannot be written (its folder
    does not exist, its format has no writer). Callers check before compiling, so a refused digest
    leaves nothing behind: no file, no folder, no remembered run."""
    folder = out.parent
    if not folder.exists():
        raise CasebookError(f"cannot write {out}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise CasebookError(f"cannot write {out}: {folder} is not a folder")
    suffix = out.suffix.lower()
    if suffix == ".md":
        return lambda d, path: write_atomic(path, to_markdown(d))
    if suffix in (".html", ".htm"):
        return lambda d, path: write_atomic(path, to_html(d))
    exporters = {e.name: e for e in metadata.entry_points(group="casebook.exporters")}
    if suffix.lstrip(".") not in exporters:
        raise CasebookError(f"cannot write {suffix or 'files without an extension'}: use .md, .html"
                            + (", .pdf or .docx" if "pdf" in exporters else
                               " (PDF and Word need the desktop app's Qt)"))
    writer: Callable[[Digest, Path], None] = exporters[suffix.lstrip(".")].load()
    return writer
