"""Networks a council has joined: their records in the catalog and their clones on disk."""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from casebook.catalog import Catalog
from casebook.errors import CasebookError
from casebook.home import Home
from casebook.model import slugify
from casebook.sources import RESERVED
from sync.redact import redact

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
BRANCH_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$")
#: Addresses of the forms git understands; which transports may run is decided per call (gitcmd).
URL_RE = re.compile(r"^(https?://|ssh://|file://|git://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:)[^\s]*$")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_UNC = re.compile(r"^(\\\\|//)[^\\/]+[\\/][^\\/]")
NOT_AN_ADDRESS = ("'{}' is not a network address: give its web address (https://…), an ssh address (ssh://… or "
                  "user@host:path), or the full path of its shared folder (/srv/share/north.git, "
                  "C:\\Shares\\north.git or \\\\server\\share\\north.git)")


@dataclass(frozen=True)
class Network:
    name: str
    url: str
    council: str
    branch: str = "main"

    def clone(self, home: Home) -> Path:
        return home.networks / self.name

    def council_folder(self, home: Home) -> Path:
        return self.clone(home) / "cases" / self.council


def address(typed: str) -> str:
    """The git address of what an officer typed: the full path of a shared folder (`/srv/share/x.git`,
    a Windows drive `C:\\Shares\\x.git` or a UNC share `\\\\server\\share\\x.git`) becomes its
    file:// address (a share as `file:////server/share/…`, which git and `url2pathname` both read
    as the share); anything else comes back as typed, for `validate` to judge."""
    text = typed.strip()
    if _UNC.match(text):
        return "file://" + quote(PureWindowsPath(text).as_posix())
    if _WINDOWS_DRIVE.match(text):
        return PureWindowsPath(text).as_uri()
    if text.startswith("/"):
        return PurePosixPath(text).as_uri()
    return typed


def validate(name: str, url: str, council: str, branch: str) -> Network:
    """A checked network record, its address as git takes it (`address`); raises CasebookError
    saying what is wrong."""
    if not NAME_RE.match(name) or name in RESERVED:
        raise CasebookError(f"network name '{name}' must be lower-case letters, digits and '-' "
                            f"(and not {' or '.join(RESERVED)})")
    typed, url = url, address(url)
    if not URL_RE.match(url) or url.startswith("-"):
        raise CasebookError(NOT_AN_ADDRESS.format(typed))
    slug = slugify(council)
    if not slug:
        raise CasebookError("give your council with --council (or set it: casebook settings council NAME)")
    if not BRANCH_RE.match(branch) or ".." in branch or branch.endswith((".lock", "/")):
        raise CasebookError(f"'{branch}' is not a usable branch name")
    return Network(name, url, slug, branch)


TABLES = {
    "networks": ({"name": str, "url": str, "council": str, "branch": str, "added": float}, "name"),
    "sync_log": ({"network": str, "time": float, "ok": int, "summary": str, "details": str}, None),
    "quarantine": ({"network": str, "commit": str, "path": str, "reason": str, "time": float},
                   ("network", "commit", "path")),
    "conflicts": ({"network": str, "path": str, "copy": str, "time": float}, ("network", "copy")),
    "published": ({"network": str, "path": str, "blob": str}, ("network", "path")),
}


class Registry:
    """The networks table of the catalog (kept across index rebuilds)."""

    def __init__(self, catalog: Catalog) -> None:
        self.db = catalog.db
        catalog.ensure_tables(TABLES)

    def add(self, network: Network) -> None:
        if self.get(network.name) is not None:
            raise CasebookError(f"there is already a network called '{network.name}'")
        same = next((n for n in self.all() if (n.url, n.branch) == (network.url, network.branch)), None)
        if same is not None:  # joined twice, every case of it was listed twice
            raise CasebookError(f"this computer has already joined that network, as '{same.name}'")
        self.db["networks"].insert({**asdict(network), "added": time.time()})

    def get(self, name: str) -> Network | None:
        rows = list(self.db.query("select name, url, council, branch from networks where name = ?", [name]))
        return Network(**rows[0]) if rows else None

    def require(self, name: str) -> Network:
        network = self.get(name)
        if network is None:
            known = ", ".join(n.name for n in self.all()) or "none yet"
            raise CasebookError(f"no network called '{name}' (networks: {known})")
        return network

    def all(self) -> list[Network]:
        rows = self.db.query("select name, url, council, branch from networks order by name")
        return [Network(**row) for row in rows]

    def set_url(self, name: str, url: str) -> None:
        with self.db.conn:
            self.db.execute("update networks set url = ? where name = ?", [url, name])

    def redact_log(self) -> None:
        """Pass every sync log line through `redact` again (after a secret became known to it)."""
        rows = self.db.execute("select rowid, summary, details from sync_log").fetchall()
        with self.db.conn:
            for rowid, summary, details in rows:
                self.db.execute("update sync_log set summary = ?, details = ? where rowid = ?",
                                [redact(summary), redact(details), rowid])

    def remove(self, name: str) -> None:
        with self.db.conn:
            self.db.execute("delete from networks where name = ?", [name])
            self._forget(name)

    def restart(self, network: Network, present: set[str]) -> None:
        """After a rejoin: keep the record (with its branch now), forget what the old history left,
        but keep what was published at the paths the network still holds (`present`), so edits to
        those cases go on flowing; a case the network no longer has is not sent back unasked."""
        kept = {path: blob for path, blob in self.published_blobs(network.name).items() if path in present}
        with self.db.conn:
            self.db.execute("update networks set branch = ? where name = ?", [network.branch, network.name])
            self._forget(network.name)
        for path, blob in kept.items():
            self.mark_published(network.name, path, blob)

    def _forget(self, name: str) -> None:
        for table in ("quarantine", "conflicts", "published"):
            self.db.execute(f"delete from {table} where network = ?", [name])

    def log(self, name: str, ok: bool, summary: str, details: str) -> None:
        self.db["sync_log"].insert({"network": name, "time": time.time(), "ok": int(ok), "summary": redact(summary),
                                    "details": redact(details)})

    def last_sync(self, name: str) -> dict[str, Any] | None:
        rows = list(self.db.query("select time, ok, summary from sync_log where network = ? "
                                  "order by time desc limit 1", [name]))
        return rows[0] if rows else None

    def quarantine(self, name: str, commit: str, path: str, reason: str) -> None:
        self.db["quarantine"].upsert({"network": name, "commit": commit, "path": path, "reason": reason,
                                      "time": time.time()}, pk=("network", "commit", "path"))

    def quarantined(self, name: str) -> list[dict[str, Any]]:
        return list(self.db.query('select "commit", path, reason from quarantine where network = ? order by time',
                                  [name]))

    def published(self, name: str, path: str) -> str | None:
        """The blob this computer last published at `path` of the network."""
        row = self.db.execute("select blob from published where network = ? and path = ?", [name, path]).fetchone()
        return row[0] if row else None

    def published_blobs(self, name: str) -> dict[str, str]:
        """path in the clone -> blob of every own case this computer published to the network."""
        return dict(self.db.execute("select path, blob from published where network = ?", [name]).fetchall())

    def library_file(self, case_id: str) -> Path | None:
        """The own library file of a case id, as last indexed."""
        row = self.db.execute("select path from cases where source = 'library' and id = ?", [case_id]).fetchone()
        return Path(row[0]) if row else None

    def mark_published(self, name: str, path: str, blob: str) -> None:
        self.db["published"].upsert({"network": name, "path": path, "blob": blob}, pk=("network", "path"))

    def conflict(self, name: str, path: str, copy: str) -> None:
        self.db["conflicts"].upsert({"network": name, "path": path, "copy": copy, "time": time.time()},
                                    pk=("network", "copy"))

    def conflicts(self, name: str) -> list[dict[str, Any]]:
        return list(self.db.query("select path, copy from conflicts where network = ? order by time", [name]))

    def resolved(self, name: str, copy: str) -> None:
        with self.db.conn:
            self.db.execute("delete from conflicts where network = ? and copy = ?", [name, copy])
