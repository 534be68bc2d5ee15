"""What officers and network maintainers do: join, leave, publish, look at status, create a
network and check pushes to it. Each function is one job (call it from a worker in the app)."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from casebook.authoring import write_atomic
from casebook.errors import CasebookError
from casebook.home import Home
from casebook.library import Library
from casebook.model import SHAREABLE
from sync import checks, credentials, inbox, republish
from sync.credentials import SignIn
from sync.engine import FETCHED, Clone, conflict_copy, ensure_layout, keep_in_library
from sync.gitcmd import GitError, GitRunner, identity
from sync.networks import Network, Registry, validate

README = """# {name}: a Casebook peer network

Member councils share cases here with [Casebook](https://example.invalid/casebook) (the desktop
app syncs this repository; nobody needs to use git by hand).

- `cases/<council>/<case>.md` — each council writes only its own folder.
- `.casebook/network.yml` — the network's name, description and member councils (maintainers).

Casebook checks every change before taking it in: only Markdown cases under `cases/<council>/`,
files under `.casebook/` and the files a hosting service adds (README, LICENSE, .gitignore, CI
settings), no links, submodules or git attribute files, no names that clash on
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
    return _set_aside(clone, "removed")


def _set_aside(clone: Path, why: str) -> Path:
    """Rename a clone to a hidden `.<why>-<name>-<time>` beside it (out of search); returns it."""
    stamp = time.strftime("%Y%m%d%H%M%S")
    kept, n = clone.with_name(f".{why}-{clone.name}-{stamp}"), 2
    while kept.exists():
        kept, n = clone.with_name(f".{why}-{clone.name}-{stamp}-{n}"), n + 1
    clone.rename(kept)
    return kept


def publish(home: Home, registry: Registry, case_id: str, name: str) -> Path:
    """Copy an own `network`/`public` case into the network clone and commit it (shared at the
    next sync). Internal cases, and cases peers would refuse (a reserved name, too large), are
    refused. When the clone holds a version this computer did not publish (another officer's edit,
    received by sync), that version is kept as a conflict copy; one that may not leave goes to the
    library instead."""
    network = registry.require(name)
    with Library(home) as lib:
        cf = lib.case(case_id)
    if cf.source != "library":
        raise CasebookError(f"'{case_id}' is not in your own library (it comes from {cf.source})")
    if cf.case is None:
        raise CasebookError(f"'{case_id}' cannot be read: {cf.messages()[0]}")
    if cf.case.sharing not in SHAREABLE:
        raise CasebookError(f"'{case_id}' is marked '{cf.case.sharing}'; set sharing to network or public "
                            "to publish it")
    data = cf.path.read_bytes()
    relpath = f"cases/{network.council}/{cf.case.id}.md"
    problem = checks.entry_problem(relpath, "100644", len(data))
    if problem:
        raise CasebookError(f"'{case_id}' cannot be shared as {relpath}: {problem}")
    clone = Clone(home, network)
    clone.create()
    with clone.lock():
        target = ensure_layout(clone) / f"{cf.case.id}.md"
        if target.exists() and target.read_bytes() != data:
            _keep_current(clone, registry, relpath)
        write_atomic(target, data, temp_dir=clone.path / ".git")
        registry.mark_published(network.name, relpath, clone.git("hash-object", "--", relpath).out.strip())
        clone.commit_local(f"Publish {cf.case.id} from {network.council}")
    return target


def _keep_current(clone: Clone, registry: Registry, relpath: str) -> None:
    """Keep the clone's version of a case about to be overwritten, unless this computer published it."""
    current = clone.path / relpath
    if clone.git("hash-object", "--", relpath).out.strip() == registry.published(clone.network.name, relpath):
        return
    data = current.read_bytes()
    if checks.content_problem(data, relpath):
        keep_in_library(clone.home, relpath, data)
        return
    copy = conflict_copy(clone.path, relpath)
    (clone.path / copy).write_bytes(data)
    registry.conflict(clone.network.name, relpath, copy)


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
        data["uncommitted"] = len([f for f in checks.left_out(clone.git, folder)
                                   if f.reason == checks.NOT_YET_COMMITTED])
        data["committed"] = clone.waiting(tip) if head else 0
    # case files, as sync counts what it shares: committed, not yet committed, edited in the library
    data["unshared"] = data.get("committed", 0) + data["uncommitted"] + len(republish.changed(home, registry, network))
    data["last_sync"] = registry.last_sync(name)
    data["conflicts"] = [{"id": c.id, "path": c.path, "copy": c.copy, "title": c.title}
                         for c in inbox.waiting(home, registry, name)]
    data["quarantined"] = registry.quarantined(name)
    return data


def init_network(path: Path, name: str, hooks: Path, bare: bool = False, description: str = "") -> Path:
    """Create a network repository with its layout and README. Bare for a shared folder; otherwise
    a working copy that takes pushes to its checked-out branch (`updateInstead`, set in the hub's
    own config: the hub is ours, and the value is not user-typed). A bare network is prepared in a
    temporary folder of its own, so nothing but what init wrote is ever committed."""
    if path.exists() and any(path.iterdir()):
        raise CasebookError(f"{path} is not empty")
    if not bare:
        path.mkdir(parents=True, exist_ok=True)
        _first_commit(GitRunner(path, hooks), path, name, description)
        GitRunner(path, hooks)("config", "receive.denyCurrentBranch", "updateInstead")
        return path
    with tempfile.TemporaryDirectory(prefix="casebook-init-") as work:
        git = GitRunner(Path(work), hooks)
        _first_commit(git, Path(work), name, description)
        path.mkdir(parents=True, exist_ok=True)
        GitRunner(path, hooks)("init", "--quiet", "--bare", "--initial-branch=main")
        git.network("push", "--quiet", "--no-verify", url_args=(path.resolve().as_uri(), "main:refs/heads/main"))
    return path


def _first_commit(git: GitRunner, work: Path, name: str, description: str) -> None:
    git("init", "--quiet", "--initial-branch=main")
    (work / ".casebook").mkdir(exist_ok=True)
    meta = {"name": name, "description": description, "members": []}
    (work / ".casebook" / "network.yml").write_text(yaml.safe_dump(meta, sort_keys=False), "utf-8")
    (work / "README.md").write_text(README.format(name=name), "utf-8")
    git("add", "--", ".casebook/network.yml", "README.md")
    git("commit", "--quiet", "--no-verify", "-m", f"Start the {name} network", env=identity("Casebook", "casebook"))


def check(repo: Path, base: str, head: str, hooks: Path) -> list[checks.Finding]:
    """Everything `base..head` would be refused for by members: for a network's own CI."""
    git = GitRunner(repo, hooks)
    try:
        base_rev = None if set(base) == {"0"} else git("rev-parse", "--verify", f"{base}^{{commit}}").out.strip()
        head_rev = git("rev-parse", "--verify", f"{head}^{{commit}}").out.strip()
    except GitError as exc:
        raise CasebookError(f"cannot read {base}..{head}: {exc}") from exc
    return checks.incoming(git, base_rev, head_rev) + checks.outgoing(git, base_rev, head_rev, council=None)


@dataclass(frozen=True)
class Rejoined:
    """What a rejoin did: where the old clone was kept, the own council's cases in it that the
    network lacks (offered, not sent), and those put back because the user named them."""

    kept: Path | None
    offered: list[str]
    restored: list[str]


def rejoin(home: Home, registry: Registry, name: str, branch: str | None = None,
           restore: Sequence[str] = ()) -> Rejoined:
    """Start again from the network as it is now, after its history was deleted, renamed or
    rewritten: the old clone is set aside (kept, out of search), a fresh one takes the network in.
    The own council's cases the network lacks are only offered; those whose id is in `restore` are
    put back to be shared at the next sync, so a scrubbed case returns only when asked for."""
    old = registry.require(name)
    network = validate(old.name, old.url, old.council, branch or old.branch)
    clone = Clone(home, network)
    kept = None
    if clone.path.exists():
        with clone.lock():  # wait for a sync or publish in progress
            pass
        kept = _set_aside(clone.path, "before-rejoin")
    try:
        offered, restored = _start_again(clone, kept, restore)
    except BaseException:
        shutil.rmtree(clone.path, ignore_errors=True)
        if kept:
            kept.rename(clone.path)
        raise
    registry.restart(network, set(clone.git.lines("ls-files", "--", f"cases/{network.council}")))
    return Rejoined(kept, offered, restored)


def _start_again(clone: Clone, kept: Path | None, restore: Sequence[str]) -> tuple[list[str], list[str]]:
    clone.create()
    with clone.lock():
        tip = clone.fetch()
        if tip:
            findings = checks.incoming(clone.git, None, tip)
            if findings:
                raise CasebookError(f"the network holds {len(findings)} file(s) Casebook does not take in "
                                    f"(first: {findings[0]}); nothing was changed")
            clone.git("merge", "--quiet", "--ff-only", tip)
        ensure_layout(clone)
        offered = _offered(clone, kept) if kept else []
        restored = [path for path in offered if PurePosixPath(path).name.split(".")[0] in restore]
        for path in restored:
            write_atomic(clone.path / path, (kept / path).read_bytes(), temp_dir=clone.path / ".git")
        clone.commit_local(f"Restore {len(restored)} case(s) of {clone.network.council}")
    return offered, restored


def _offered(clone: Clone, kept: Path) -> list[str]:
    """Shareable own cases in the old clone that the network does not hold as they are (conflict
    copies, which never leave, are not offered)."""
    folder = f"cases/{clone.network.council}"
    found = []
    for path in sorted((kept / folder).glob("*")) if (kept / folder).is_dir() else []:
        relpath = f"{folder}/{path.name}"
        if path.is_symlink() or not path.is_file() or checks.stays_here(relpath):
            continue
        data = path.read_bytes()
        if checks.entry_problem(relpath, "100644", len(data)) or checks.content_problem(data, relpath):
            continue
        current = clone.path / relpath
        if not current.is_file() or current.read_bytes() != data:
            found.append(relpath)
    return found
