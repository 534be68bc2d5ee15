"""What officers and network maintainers do: join, leave, publish, look at status, create a
network and check pushes to it. Each function is one job (call it from a worker in the app)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import yaml

from casebook.authoring import write_atomic
from casebook.errors import CasebookError
from casebook.home import Home
from casebook.library import Library
from sync import checks, credentials, republish
from sync.credentials import SignIn
from sync.engine import FETCHED, Clone, conflict_copy, ensure_layout
from sync.gitcmd import GitError, GitRunner
from sync.networks import Network, Registry, validate

README = """# {name}: a Casebook peer network

Member councils share cases here with [Casebook](https://example.invalid/casebook) (the desktop
app syncs this repository; nobody needs to use git by hand).

- `cases/<council>/<case>.md` — each council writes only its own folder.
- `.casebook/network.yml` — the network's name, description and member councils (maintainers).

Casebook checks every change before taking it in: only Markdown cases under `cases/<council>/`
and files under `.casebook/`, no links, submodules or git attribute files, no names that clash on
Windows or macOS, at most 1 MiB a file, and no case that is not marked `network` or `public`.
The network's own CI can run the same check on every push or merge request:

    casebook network check BASE HEAD      # exit 1 and a list of problems when a change is refused
"""


def add(home: Home, registry: Registry, name: str, url: str, council: str, branch: str = "main",
        signin: SignIn | None = None, session_only: bool = False) -> Network:
    """Join a network: record it and make its clone. Works offline; the first sync fills it.
    A sign-in typed in the address (`user:token@`) is kept like `signin`, and the address without it."""
    url, typed = credentials.split_url(url)
    network = validate(name, url, council, branch)
    if network.clone(home).exists():
        raise CasebookError(f"{network.clone(home)} already exists; remove it or choose another name")
    signin = signin or typed
    if signin and signin.token:
        credentials.store(network.url, signin, session_only)
    registry.add(network)
    clone = Clone(home, network)
    clone.create()
    ensure_layout(clone)
    return network


def remove(home: Home, registry: Registry, name: str, delete_clone: bool = False) -> Path | None:
    """Leave a network. The clone is kept (out of search, renamed) unless `delete_clone`."""
    network = registry.require(name)
    registry.remove(name)
    if all(other.url != network.url for other in registry.all()):
        credentials.forget(network.url)
    clone = network.clone(home)
    if not clone.exists():
        return None
    if delete_clone:
        shutil.rmtree(clone)
        return None
    kept = clone.with_name(f".removed-{name}-{time.strftime('%Y%m%d%H%M%S')}")
    clone.rename(kept)
    return kept


def publish(home: Home, registry: Registry, case_id: str, name: str) -> Path:
    """Copy an own `network`/`public` case into the network clone and commit it (shared at the
    next sync). Internal cases are refused. When the clone holds a version this computer did not
    publish (another officer's edit, received by sync), that version is kept as a conflict copy."""
    network = registry.require(name)
    with Library(home) as lib:
        cf = lib.case(case_id)
    if cf.source != "library":
        raise CasebookError(f"'{case_id}' is not in your own library (it comes from {cf.source})")
    if cf.case is None:
        raise CasebookError(f"'{case_id}' cannot be read: {cf.messages()[0]}")
    if cf.case.sharing not in ("network", "public"):
        raise CasebookError(f"'{case_id}' is marked '{cf.case.sharing}'; set sharing to network or public "
                            "to publish it")
    clone = Clone(home, network)
    clone.create()
    data = cf.path.read_bytes()
    with clone.lock():
        target = ensure_layout(clone) / f"{cf.case.id}.md"
        relpath = target.relative_to(clone.path).as_posix()
        if target.exists() and target.read_bytes() != data:
            current = clone.git("hash-object", "--", relpath).out.strip()
            if current != registry.published(network.name, relpath):
                copy = conflict_copy(clone.path, relpath)
                (clone.path / copy).write_bytes(target.read_bytes())
                registry.conflict(network.name, relpath, copy)
        write_atomic(target, data)
        registry.mark_published(network.name, relpath, clone.git("hash-object", "--", relpath).out.strip())
        clone.commit_local(f"Publish {cf.case.id} from {network.council}")
    return target


def status(home: Home, registry: Registry, name: str) -> dict[str, Any]:
    """Ahead/behind, unshared changes, last sync, conflicts and quarantined commits."""
    network = registry.require(name)
    clone = Clone(home, network)
    data: dict[str, Any] = {"network": name, "url": network.url, "council": network.council,
                            "branch": network.branch, "ahead": 0, "behind": 0, "uncommitted": 0}
    if (clone.path / ".git").is_dir():
        head, tip = clone.rev("HEAD"), clone.rev(FETCHED)
        if head and tip:
            behind, ahead = clone.git("rev-list", "--left-right", "--count", f"{tip}...{head}").out.split()
            data.update(ahead=int(ahead), behind=int(behind))
        elif head:
            data["ahead"] = clone.unshared(None)
        folder = f"cases/{network.council}"
        data["uncommitted"] = len(clone.git.lines("status", "--porcelain", "--", folder))
        data["committed"] = clone.waiting(tip) if head else 0
    # case files, as sync counts what it shares: committed, not yet committed, edited in the library
    data["unshared"] = data.get("committed", 0) + data["uncommitted"] + len(republish.changed(home, registry, network))
    data["last_sync"] = registry.last_sync(name)
    data["conflicts"] = registry.conflicts(name)
    data["quarantined"] = registry.quarantined(name)
    return data


def init_network(path: Path, name: str, hooks: Path, bare: bool = False, description: str = "") -> Path:
    """Create a network repository with its layout and README (bare for a shared folder)."""
    if path.exists() and any(path.iterdir()):
        raise CasebookError(f"{path} is not empty")
    work = path.with_name(f".{path.name}-setup") if bare else path
    work.mkdir(parents=True, exist_ok=True)
    git = GitRunner(work, hooks)
    git("init", "--quiet", "--initial-branch=main")
    (work / ".casebook").mkdir(exist_ok=True)
    meta = {"name": name, "description": description, "members": []}
    (work / ".casebook" / "network.yml").write_text(yaml.safe_dump(meta, sort_keys=False), "utf-8")
    (work / "README.md").write_text(README.format(name=name), "utf-8")
    identity = {"GIT_AUTHOR_NAME": "Casebook", "GIT_AUTHOR_EMAIL": "casebook@casebook.invalid",
                "GIT_COMMITTER_NAME": "Casebook", "GIT_COMMITTER_EMAIL": "casebook@casebook.invalid"}
    git("add", "--all")
    git("commit", "--quiet", "--no-verify", "-m", f"Start the {name} network", env=identity)
    if bare:
        path.mkdir(parents=True, exist_ok=True)
        GitRunner(path, hooks)("init", "--quiet", "--bare", "--initial-branch=main")
        git("push", "--quiet", "--no-verify", f"--receive-pack=git -c core.hooksPath='{hooks.as_posix()}' receive-pack",
            path.resolve().as_uri(), "main:refs/heads/main")
        shutil.rmtree(work)
    return path


def check(repo: Path, base: str, head: str, hooks: Path) -> list[checks.Finding]:
    """Everything `base..head` would be refused for by members: for a network's own CI."""
    git = GitRunner(repo, hooks)
    try:
        base_rev = None if set(base) == {"0"} else git("rev-parse", "--verify", f"{base}^{{commit}}").out.strip()
        head_rev = git("rev-parse", "--verify", f"{head}^{{commit}}").out.strip()
    except GitError as exc:
        raise CasebookError(f"cannot read {base}..{head}: {exc}") from exc
    return checks.incoming(git, base_rev, head_rev) + checks.outgoing(git, base_rev, head_rev, council=None)
