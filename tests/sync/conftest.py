"""Real git hubs and council homes on this machine: a bare hub on file://, clones per officer."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from casebook import settings
from casebook.home import Home
from casebook.library import Library
from sync import actions, engine
from sync.engine import SyncReport
from sync.networks import Registry
from tests.conftest import case_text

NETWORK = "north"


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Plain git, as a hostile or careless peer would run it (hooks and all)."""
    env = {"GIT_AUTHOR_NAME": "Peer", "GIT_AUTHOR_EMAIL": "peer@example.invalid", "GIT_COMMITTER_NAME": "Peer",
           "GIT_COMMITTER_EMAIL": "peer@example.invalid", "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(cwd)}
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, check=False)
    if check and done.returncode:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


class Officer:
    """One officer's computer: a home with the examples off, joined to the hub as `council`."""

    def __init__(self, root: Path, url: str, council: str, allow: str = "") -> None:
        self.home = Home(root).ensure()
        self.url = url
        with Library(self.home) as lib:
            settings.put(lib.catalog, "examples", "off")
            actions.add(self.home, Registry(lib.catalog), NETWORK, url, council)
        self.council = council
        if allow:  # the tests' own config allows a transport Casebook refuses by default
            git(self.clone, "config", f"protocol.{allow}.allow", "always")

    @property
    def clone(self) -> Path:
        return self.home.networks / NETWORK

    def write(self, case_id: str, text: str = "", sharing: str = "network", **fields: str) -> Path:
        path = self.home.library / f"{case_id}.md"
        body = f"## Lessons\n- {text or case_id}\n"
        path.write_text(case_text(title=fields.pop("title", case_id.replace("-", " ")), sharing=sharing, body=body,
                                  **fields), "utf-8")
        return path

    def publish(self, case_id: str) -> Path:
        with Library(self.home) as lib:
            lib.update()
            return actions.publish(self.home, Registry(lib.catalog), case_id, NETWORK)

    def sync(self) -> SyncReport:
        with Library(self.home) as lib:
            registry = Registry(lib.catalog)
            report = engine.sync(self.home, registry, registry.require(NETWORK))
            lib.update()
        return report

    def search(self, query: str) -> list[tuple[str, str]]:
        with Library(self.home) as lib:
            return sorted((h.id, h.source) for h in lib.search(query, limit=100).hits)

    def registry_rows(self, what: str) -> list[dict]:
        with Library(self.home) as lib:
            return getattr(Registry(lib.catalog), what)(NETWORK)

    def conflict_texts(self) -> set[str]:
        """Texts of the conflict copies waiting in this computer's inbox (they are never sent)."""
        return {(self.clone / row["copy"]).read_text("utf-8") for row in self.registry_rows("conflicts")}

    def tree_texts(self, tracked: bool = False) -> set[str]:
        """Texts of the case files on disk (or only those git tracks, leaving out what never leaves)."""
        if tracked:
            paths = [self.clone / p for p in git(self.clone, "ls-files", "-z", "cases").split("\0") if p]
            paths = [p for p in paths if p.is_file()]
        else:
            paths = list((self.clone / "cases").rglob("*.md"))
        return {p.read_text("utf-8") for p in paths}


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    """A bare network repository on a 'file share'."""
    return actions.init_network(tmp_path / "hub.git", NETWORK, tmp_path / "no-hooks", bare=True)


@pytest.fixture
def officer(tmp_path: Path, hub: Path) -> Callable[[str, str], Officer]:
    def make(name: str, council: str) -> Officer:
        return Officer(tmp_path / name, hub.as_uri(), council)
    return make


def hub_log(hub: Path) -> list[str]:
    return git(hub, "log", "--format=%s", "main").splitlines()


def hub_text(hub: Path) -> str:
    """Everything the hub ever held: every commit's diff on every ref."""
    return git(hub, "log", "-p", "--all", "--format=%H %s")


def edits_that_meet(officer: Callable[[str, str], Officer]) -> Officer:
    """Leeds publishes bins-pilot; a colleague's edit of it reaches the network while Leeds edits it
    too. Returns Leeds, before the sync that meets the colleague's edit."""
    leeds, colleague = officer("leeds", "Leeds"), officer("colleague", "Leeds")
    leeds.write("bins-pilot", "first words")
    leeds.publish("bins-pilot")
    assert leeds.sync().ok and colleague.sync().ok
    copy = colleague.clone / "cases" / "leeds" / "bins-pilot.md"
    copy.write_text(copy.read_text().replace("first words", "colleague words"))
    assert colleague.sync().ok
    leeds.write("bins-pilot", "my words")
    return leeds
