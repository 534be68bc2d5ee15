"""The SQLite FTS5 baseline: the same cases and queries in a stdlib `sqlite3` FTS5 table.

Ranked hits use bm25 with Casebook's field boosts (title 3, summary 2) and `snippet()` on the body;
facet counts are one GROUP BY over a (docid, facet, value) table restricted to the matching rows.
Fuzzy queries have no FTS5 equivalent and are searched as the plain word. Typed questions are
searched as any of their words (OR): FTS5's default AND would match almost no question.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from bench.queries import Query
from casebook.model import Case

SCHEMA = """
CREATE VIRTUAL TABLE cases USING fts5(title, summary, body, lessons, council, theme, service, tag, outcome,
    id UNINDEXED, date UNINDEXED, year UNINDEXED, tokenize = 'porter unicode61');
INSERT INTO cases(cases, rank) VALUES ('rank', 'bm25(3.0, 2.0)');
CREATE TABLE facets (docid INTEGER, facet TEXT, value TEXT);
"""
INSERT_SQL = ("INSERT INTO cases (rowid, title, summary, body, lessons, council, theme, service, tag, outcome, id, "
              "date, year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
DEFAULT_COLUMNS = "{title summary body council tag}"
IDS_SQL = "SELECT id FROM cases WHERE cases MATCH ? ORDER BY rank LIMIT ?"
HITS_SQL = ("SELECT id, title, council, outcome, date, snippet(cases, 2, '<mark>', '</mark>', ' … ', 40) "
            "FROM cases WHERE cases MATCH ?{years} ORDER BY rank LIMIT ?")
FACETS_SQL = ("SELECT facet, value, count(*) FROM facets WHERE docid IN "
              "(SELECT rowid FROM cases WHERE cases MATCH ?{years}) GROUP BY facet, value")
YEARS_SQL = " AND year BETWEEN ? AND ?"


def build(db_path: Path, cases: list[Case]) -> float:
    """Create the database from parsed cases; returns the seconds taken."""
    started = time.perf_counter()
    with sqlite3.connect(db_path) as db:
        db.executescript(SCHEMA)
        db.executemany(INSERT_SQL, (_row(n, c) for n, c in enumerate(cases, start=1)))
        db.executemany("INSERT INTO facets VALUES (?, ?, ?)", _facet_rows(cases))
        db.execute("CREATE INDEX facets_doc ON facets (docid, facet, value)")
    db.close()
    return time.perf_counter() - started


def _row(rowid: int, c: Case) -> tuple[object, ...]:
    return (rowid, c.title, c.summary, c.body, c.lessons, c.council, ", ".join(c.themes),
            ", ".join(c.service_area), ", ".join(c.tags), c.outcome, c.id, c.date, c.year)


def _facet_rows(cases: list[Case]) -> Iterator[tuple[int, str, str]]:
    for docid, c in enumerate(cases, start=1):
        yield from ((docid, "theme", t) for t in c.themes)
        yield from ((docid, "service", s) for s in c.service_area)
        yield from ((docid, name, value) for name, value in
                    (("outcome", c.outcome), ("council", c.council), ("year", str(c.year)), ("source", "library")))


def translate(q: Query) -> tuple[str, tuple[int, ...]]:
    """(MATCH expression, year range or ()) for a query of the mix."""
    quoted = [f'"{w}"' for w in q.words]
    if q.kind == "question":
        return f"{DEFAULT_COLUMNS} : ({' OR '.join(quoted)})", ()
    if q.kind == "phrase":
        quoted = ['"' + " ".join(q.words) + '"']
    elif q.kind == "prefix":
        quoted = [quoted[0] + "*"]
    expr = " AND ".join(f"{DEFAULT_COLUMNS} : {w}" for w in quoted)
    if q.field == "year":
        start, end = q.value.split("..")
        return expr, (int(start), int(end))
    return (f'{expr} AND {q.field} : "{q.value}"' if q.field else expr), ()


class Searcher:
    """Runs translated queries against a built database: top hits with snippets, and facet counts."""

    def __init__(self, db_path: Path) -> None:
        self.db = sqlite3.connect(db_path)

    def close(self) -> None:
        self.db.close()

    def ids(self, q: Query, limit: int = 100) -> list[str]:
        """Case ids of the best `limit` matches, best first (year ranges are not applied)."""
        expr, _ = translate(q)
        return [row[0] for row in self.db.execute(IDS_SQL, (expr, limit))] if q.words else []

    def search(self, q: Query, limit: int = 10) -> tuple[int, list[tuple[object, ...]], dict[str, dict[str, int]]]:
        """(matching cases, top hits, facet counts)."""
        expr, years = translate(q)
        where = YEARS_SQL if years else ""
        hits = self.db.execute(HITS_SQL.format(years=where), (expr, *years, limit)).fetchall()
        facets: dict[str, dict[str, int]] = {}
        for facet, value, count in self.db.execute(FACETS_SQL.format(years=where), (expr, *years)):
            facets.setdefault(facet, {})[value] = count
        return sum(facets.get("outcome", {}).values()), hits, facets
