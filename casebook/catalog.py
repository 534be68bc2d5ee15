"""The catalog: one SQLite row per case file, plus user state that files cannot rebuild."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebook.casefile import CaseFile

if TYPE_CHECKING:
    import sqlite_utils

BUSY_TIMEOUT_SECONDS = 30
#: Tables (and the index) every catalog has; a catalog missing any of them gets them created.
CORE_TABLES = frozenset({"cases", "idx_cases_id", "bookmarks", "saved_searches", "settings"})
CASE_COLUMNS = {
    "uid": str, "id": str, "source": str, "relpath": str, "path": str, "title": str,
    "council": str, "outcome": str, "date": str, "sharing": str, "sha1": str,
    "mtime_ns": int, "size": int, "status": str, "errors": str,
}


def case_row(cf: CaseFile) -> dict[str, Any]:
    case = cf.case
    return {
        "uid": cf.uid, "id": case.id if case else "", "source": cf.source, "relpath": cf.relpath,
        "path": str(cf.path), "title": case.title if case else cf.path.name,
        "council": case.council if case else "", "outcome": case.outcome if case else "",
        "date": case.date if case else "", "sharing": case.sharing if case else "",
        "sha1": cf.sha1, "mtime_ns": cf.mtime_ns, "size": cf.size, "status": cf.status,
        "errors": json.dumps([{"line": p.line, "message": p.message} for p in cf.problems]),
    }


class Catalog:
    """Open (and create) the catalog at `path`. One instance per thread."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
        self._db: sqlite_utils.Database | None = None
        self._create()

    @property
    def db(self) -> sqlite_utils.Database:
        """The connection as a sqlite-utils Database, made on first use: importing sqlite-utils was
        a third of the start-up of a `casebook search` process, which only reads plain SQL."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def _create(self) -> None:
        """WAL mode and the tables, safe when several threads or processes open a new catalog
        at once: `BEGIN IMMEDIATE` takes the write lock first, so the busy timeout applies."""
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        while self.conn.execute("pragma journal_mode").fetchone()[0] != "wal":
            try:
                self.conn.execute("pragma journal_mode = wal")
            except sqlite3.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        if not {row[0] for row in self.conn.execute("select name from sqlite_master")} >= CORE_TABLES:
            with self.conn:
                self.conn.execute("begin immediate")
                self._create_tables()

    def _create_tables(self) -> None:
        db = self.db
        db["cases"].create(CASE_COLUMNS, pk="uid", if_not_exists=True)
        db["cases"].create_index(["id"], if_not_exists=True)
        db["bookmarks"].create({"case_id": str, "created": float}, pk="case_id", if_not_exists=True)
        db["saved_searches"].create({"name": str, "query": str, "filters": str, "sort": str,
                                     "created": float}, pk="name", if_not_exists=True)
        db["settings"].create({"name": str, "value": str}, pk="name", if_not_exists=True)

    def close(self) -> None:
        self.conn.close()

    def ensure_tables(self, tables: dict[str, tuple[dict[str, type], Any]]) -> None:
        """Create missing tables ({name: (columns, pk)}) of other parts (sync, digests), taking the
        write lock first so that the busy timeout applies when another thread is writing."""
        missing = {name: spec for name, spec in tables.items() if name not in self.db.table_names()}
        if missing:
            with self.db.conn:
                self.db.execute("begin immediate")
                for name, (columns, pk) in missing.items():
                    self.db[name].create(columns, pk=pk, if_not_exists=True)

    def _has_table(self, name: str) -> bool:
        """Plain SQL, so that a search process never imports sqlite-utils (see `db`)."""
        found = self.conn.execute("select 1 from sqlite_master where type = 'table' and name = ?", [name])
        return found.fetchone() is not None

    # -- case rows ---------------------------------------------------------
    def manifest(self) -> dict[str, tuple[int, int, str, str, str]]:
        """uid -> (mtime_ns, size, sha1, status, path) for every recorded file."""
        rows = self.conn.execute("select uid, mtime_ns, size, sha1, status, path from cases").fetchall()
        return {row[0]: tuple(row[1:]) for row in rows}

    def apply(self, rows: Iterable[dict[str, Any]], removed: Iterable[str], replace_all: bool = False) -> None:
        """Record changed rows (see `case_row`) and forget removed uids, in one transaction."""
        rows = list(rows)
        with self.conn:
            if replace_all:
                self.conn.execute("delete from cases")
            if rows:
                self.db["cases"].upsert_all(rows, pk="uid")
            self.conn.executemany("delete from cases where uid = ?", [(uid,) for uid in removed])

    def touch(self, stamps: Iterable[tuple[str, int]]) -> None:
        """Record a new mtime for files whose content did not change."""
        with self.conn:
            self.conn.executemany("update cases set mtime_ns = ? where uid = ?",
                                  [(mtime, uid) for uid, mtime in stamps])

    def has(self, uid: str) -> bool:
        return self.conn.execute("select 1 from cases where uid = ?", [uid]).fetchone() is not None

    def indexed_count(self) -> int:
        return self.conn.execute("select count(*) from cases where status != 'invalid'").fetchone()[0]

    def cases(self, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Case rows (errors decoded), ordered by source then path."""
        sql = "select * from cases" + (f" where {where}" if where else "") + " order by source, relpath"
        cursor = self.conn.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        return [_decode(dict(zip(names, row, strict=True))) for row in cursor]

    def find(self, case_id: str) -> list[dict[str, Any]]:
        """Rows with this case id, own library first, examples last."""
        rows = self.cases("id = ?", [case_id])
        return sorted(rows, key=lambda r: (r["source"] != "library", r["source"] == "examples"))

    def invalid(self) -> list[dict[str, Any]]:
        return self.cases("status = 'invalid'")

    def published(self) -> dict[str, dict[str, str]]:
        """network -> {relpath under its `cases/`: git blob id} of the own cases this computer
        published there (the `published` table that sync keeps; none before a network is joined)."""
        if not self._has_table("published"):
            return {}
        found: dict[str, dict[str, str]] = {}
        for network, path, blob in self.conn.execute("select network, path, blob from published"):
            found.setdefault(network, {})[path.removeprefix("cases/")] = blob
        return found

    def shared_in(self, case_id: str) -> list[str]:
        """The networks an own case is published to (copies named `<id>.md` in the own folder)."""
        return sorted(network for network, paths in self.published().items()
                      if any(path.rsplit("/", 1)[-1] == f"{case_id}.md" for path in paths))

    # -- user state: survives any rebuild ------------------------------------
    def bookmark(self, case_id: str, on: bool = True) -> None:
        if on:
            self.db["bookmarks"].upsert({"case_id": case_id, "created": time.time()}, pk="case_id")
        else:
            self.db.execute("delete from bookmarks where case_id = ?", [case_id])
            self.db.conn.commit()

    def bookmarks(self) -> list[str]:
        return [r["case_id"] for r in self.db.query("select case_id from bookmarks order by created")]

    def save_search(self, name: str, query: str, filters: dict[str, list[str]] | None = None,
                    sort: str = "relevance") -> None:
        self.db["saved_searches"].upsert({"name": name, "query": query, "filters": json.dumps(filters or {}),
                                          "sort": sort, "created": time.time()}, pk="name")

    def saved_searches(self) -> list[dict[str, Any]]:
        rows = self.db.query("select name, query, filters, sort from saved_searches order by created")
        return [{**row, "filters": json.loads(row["filters"])} for row in rows]

    def delete_search(self, name: str) -> None:
        self.db.execute("delete from saved_searches where name = ?", [name])
        self.db.conn.commit()

    def get_setting(self, name: str) -> str | None:
        row = self.conn.execute("select value from settings where name = ?", [name]).fetchone()
        return row[0] if row else None

    def set_setting(self, name: str, value: str) -> None:
        self.db["settings"].upsert({"name": name, "value": value}, pk="name")


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "errors": json.loads(row["errors"] or "[]")}
