"""One sync of one network, in the seven steps of the design: commit local work, fetch, check
what came in, merge (keeping both versions on conflict), check what goes out, push, retry."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from casebook.authoring import write_atomic
from casebook.errors import CasebookError, disk_full
from casebook.home import Home
from casebook.locks import folder_lock
from casebook.model import slugify
from sync import checks, credentials, recovery, republish
from sync.checks import EMPTY_TREE, Finding
from sync.gitcmd import GitError, GitRunner, Kind, classify, hooks_folder, identity
from sync.networks import Network, Registry

FETCHED = "refs/casebook/network"
#: What a merge in progress is taking in; removed when the merge is over (see `Clone.recover`).
MERGING = "refs/casebook/merging"
MERGE_STATE = ("MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "AUTO_MERGE")
log = logging.getLogger("casebook.sync")
MAX_ATTEMPTS = 3
LOCK_WAIT_SECONDS = 10.0
Progress = Callable[[int, int, str], None]
STEPS = ("Committing", "Fetching", "Checking", "Merging", "Checking outgoing", "Pushing")


@dataclass
class SyncReport:
    """What one sync did. `ok` is False when anything was left undone; `summary` says it plainly."""

    network: str
    ok: bool = True
    summary: str = ""
    pulled: int = 0
    pushed: int = 0
    unshared: int = 0
    conflicts: list[str] = field(default_factory=list)
    reason: str = ""  # git's own words when git failed, for the log
    quarantined: list[Finding] = field(default_factory=list)
    blocked: list[Finding] = field(default_factory=list)
    left_out: list[Finding] = field(default_factory=list)
    #: Published cases made internal since, which the network still has.
    still_shared: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"network": self.network, "ok": self.ok, "summary": self.summary, "pulled": self.pulled,
                "pushed": self.pushed, "unshared": self.unshared, "conflicts": self.conflicts,
                "quarantined": [vars(f) for f in self.quarantined], "blocked": [vars(f) for f in self.blocked],
                "left_out": [vars(f) for f in self.left_out], "still_shared": [vars(f) for f in self.still_shared]}


class Clone:
    """A network's clone on disk and the safe git that works in it."""

    def __init__(self, home: Home, network: Network) -> None:
        self.home, self.network = home, network
        self.path = network.clone(home)
        self.git = GitRunner(self.path, hooks_folder(home.root))

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the clone's own lock; nothing else runs git here meanwhile, so whatever a killed
        git left behind is put right first (`recover`)."""
        with folder_lock(self.path / ".git", "casebook-sync", LOCK_WAIT_SECONDS, f"network '{self.network.name}'"):
            if (self.path / ".git").is_dir():
                self.recover()
            yield

    def recover(self) -> None:
        """Remove stale git lock files, then roll a merge that was cut short back to HEAD.

        git moves HEAD only when a merge is complete, so until then HEAD is the commit from before
        the merge, and every local edit is in it (`merging` checks that before starting). Rolling
        back resets the index and tracked files to HEAD and removes the files the merge had
        started to write; files git never tracked are left alone."""
        for stale in [*(self.path / ".git").glob("*.lock"), *(self.path / ".git" / "refs").rglob("*.lock")]:
            stale.unlink(missing_ok=True)
        target = self.rev(MERGING) or self.rev("MERGE_HEAD")
        if target is None:
            return
        head = self.rev("HEAD")
        if not (head and self.is_ancestor(target, head)):
            restore = head or EMPTY_TREE
            self.git("read-tree", "--reset", "-u", restore)
            self._remove_untracked(restore, target)
        for name in MERGE_STATE:
            (self.path / ".git" / name).unlink(missing_ok=True)
        self.git("update-ref", "-d", MERGING)

    def _remove_untracked(self, restore: str, target: str) -> None:
        """Files of `target` that `restore` lacks and that are on disk were written by the merge."""
        tracked = self.git.tree(restore)
        for path in self.git("diff", "--name-only", "-z", "--no-renames", restore, target, strip=False).out.split("\0"):
            if path and path not in tracked:
                (self.path / path).unlink(missing_ok=True)

    @contextlib.contextmanager
    def merging(self, tip: str) -> Iterator[None]:
        """Mark a merge of `tip` in progress; on any failure roll it back at once (`recover`)."""
        changed = [line[3:] for line in self.git.lines("status", "--porcelain", "--untracked-files=no")]
        if changed:
            raise GitError(Kind.FAILED, f"files changed outside your council's folder: {', '.join(changed)}; "
                                        "nothing was merged (other councils' cases are read-only: undo those "
                                        "edits and sync again)")
        self.git("update-ref", MERGING, tip)
        try:
            yield
        except BaseException:
            with contextlib.suppress(GitError, OSError):
                self.recover()  # if this fails too (a full disk), the next sync or publish does it
            raise
        self.git("update-ref", "-d", MERGING)

    def identity(self) -> dict[str, str]:
        """Author and committer of the council's commits (sync.gitcmd.identity)."""
        return identity(f"{self.network.council} (Casebook)", self.network.council)

    def rev(self, ref: str) -> str | None:
        result = self.git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return result.out.strip() if result.status == 0 else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.git("merge-base", "--is-ancestor", older, newer, check=False).status == 0

    def create(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        if not (self.path / ".git").is_dir():
            self.git("init", "--quiet", f"--initial-branch={self.network.branch}")

    def commit_local(self, message: str) -> bool:
        """Commit changes in the own council's folder; True when there was something to commit."""
        folder = f"cases/{self.network.council}"
        (self.path / folder).mkdir(parents=True, exist_ok=True)  # deleting its last case removes it
        self.git("add", "--all", "--force", "--", folder)
        checks.refuse_staged(self.git, folder)
        if self.git("diff", "--cached", "--quiet", check=False).status == 0:
            return False
        self.git("commit", "--quiet", "--no-verify", "-m", message, env=self.identity())
        return True

    def fetch(self) -> str | None:
        """The network's tip after fetching it, or None when the network has no commits yet."""
        refspec = f"+refs/heads/{self.network.branch}:{FETCHED}"
        try:
            self.git.network("fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--",
                             url_args=(self.network.url, refspec),
                             env=credentials.network_env(self.home, self.network.url))
        except GitError as exc:
            if "couldn't find remote ref" not in exc.stderr.lower():
                raise
            return None
        return self.rev(FETCHED)

    def push(self) -> None:
        """Push HEAD; the network's branch is then HEAD, so FETCHED moves there too (status counts
        nothing waiting)."""
        refspec = f"HEAD:refs/heads/{self.network.branch}"
        self.git.network("push", "--porcelain", "--no-verify", "--quiet", "--", url_args=(self.network.url, refspec),
                         env=credentials.network_env(self.home, self.network.url))
        self.git("update-ref", FETCHED, "HEAD")

    def cases_changed(self, old: str | None, new: str, folder: str = "cases/") -> int:
        """How many files under `folder` `new` changed since it parted from `old`."""
        if self.rev(new) is None:
            return 0
        base = self.git("merge-base", old, new, check=False).out.strip() if old else ""
        return len(self.git.lines("diff", "--name-only", "--no-renames", base or EMPTY_TREE, new, "--", folder))

    def waiting(self, tip: str | None) -> int:
        """Own case files changed here and not yet in the network."""
        return self.cases_changed(tip, "HEAD", f"cases/{self.network.council}")

    def unshared(self, tip: str | None) -> int:
        """Commits here that the network does not have."""
        head = self.rev("HEAD")
        if head is None:
            return 0
        spec = [head, f"^{tip}"] if tip else [head]
        return int(self.git("rev-list", "--count", *spec).out.strip())


def sync(home: Home, registry: Registry, network: Network, progress: Progress | None = None) -> SyncReport:
    """Sync one network; expected failures (offline, refused, quarantined) come back as the report."""
    clone = Clone(home, network)
    report = SyncReport(network.name)
    step = _stepper(progress)
    try:
        clone.create()
        with clone.lock():
            step("Committing")
            republish.copy_changed(clone, registry)
            report.still_shared = republish.still_shared(registry, network)
            clone.commit_local(f"Cases of {network.council}")
            recovery.mark(clone)
            _exchange(clone, registry, report, step)
    except GitError as exc:
        _failed(clone, report, exc)
    except OSError as exc:
        if disk_full(exc):
            full = GitError(Kind.DISK_FULL, "the disk is full; free some space and sync again", str(exc))
            _failed(clone, report, full)
        else:
            _stopped(report, f"a file could not be read or written ({exc.strerror}: {exc.filename}); nothing was "
                             "lost, sync again")
    except CasebookError as exc:  # another process holds the clone, an unreadable sign-in, ...
        _stopped(report, str(exc))
    details = [*map(str, report.quarantined + report.blocked), report.reason]
    registry.log(network.name, report.ok, report.summary, "\n".join(d for d in details if d))
    return report


def _exchange(clone: Clone, registry: Registry, report: SyncReport, step: Callable[[str], None]) -> None:
    report.left_out = checks.left_out(clone.git, f"cases/{clone.network.council}")
    for _ in range(MAX_ATTEMPTS):
        step("Fetching")
        known = clone.rev(FETCHED)
        try:
            tip = clone.fetch()
        except GitError as exc:
            if exc.kind != "integrity":
                raise
            _quarantine(clone, registry, report, [Finding("", "(data from the network)", str(exc))], None)
            return
        if known and not (tip and clone.is_ancestor(known, tip)):
            _history_lost(clone, report, known, tip)
            return
        head = clone.rev("HEAD")
        if tip and not (head and clone.is_ancestor(tip, head)):
            step("Checking")
            findings = checks.incoming(clone.git, head, tip)
            if findings:
                _quarantine(clone, registry, report, findings, tip)
                return
            step("Merging")
            report.pulled += clone.cases_changed(head, tip)
            report.conflicts += _merge(clone, registry, head, tip)
        step("Checking outgoing")
        head = clone.rev("HEAD")
        if head and checks.outgoing(clone.git, tip, head, clone.network.council):
            report.blocked += _withhold(clone, head, tip)
        report.unshared = clone.waiting(tip)
        if clone.unshared(tip) == 0:
            break
        step("Pushing")
        try:
            clone.push()
        except GitError as exc:
            if exc.kind != "rejected":
                raise
            continue
        report.pushed += report.unshared
        report.unshared = 0
        break
    else:
        report.ok = False
    report.summary = _summary(report)
    if report.still_shared:
        report.summary += f"; still on the network though made internal: {report.still_shared[0].path}"
    if report.blocked:
        report.ok = False
        report.summary = f"kept back: {report.blocked[0]} (kept in your library) — {report.summary}"


def _history_lost(clone: Clone, report: SyncReport, known: str, tip: str | None) -> None:
    """The network no longer holds what this computer received from it: take nothing in and send
    nothing (that would put back what was deleted or scrubbed), and say how to recover."""
    branch = clone.network.branch
    what = (f"the network no longer has its branch '{branch}' (deleted or renamed)" if tip is None else
            f"the network's branch '{branch}' was replaced or rewritten and no longer holds what this "
            "computer received")
    report.ok = False
    report.unshared = clone.waiting(known)
    report.summary = (f"{what}; nothing was taken in or sent. Run `casebook network rejoin {clone.network.name}` "
                      f"to start again from the network as it is now (your own work is kept); "
                      f"{report.unshared} change(s) not yet shared")


def _withhold(clone: Clone, head: str, tip: str | None) -> list[Finding]:
    """Replace the unshared commits (never sent, and one of them refused) by one commit on the
    network's tip: our tree, but each file whose current version may not leave as the network has
    it (or absent); that version is kept in the officer's library. Returns what was kept back.
    Nothing shared is rewritten; no temporary file is left in the clone."""
    git = clone.git
    parent = ["-p", tip] if tip else []
    message = f"Cases of {clone.network.council}"
    squashed = git("commit-tree", f"{head}^{{tree}}", *parent, "-m", message, env=clone.identity()).out.strip()
    findings = checks.outgoing(git, tip, squashed, clone.network.council)
    paths = sorted({f.path for f in findings})
    ours, theirs = checks.tree(git, head), checks.tree(git, tip) if tip else {}
    for path in paths:
        if path in ours:
            keep_in_library(clone.home, path, git.blob(ours[path].sha))
    new_tree = _tree_without(clone, head, paths, theirs)
    if tip and new_tree == git("rev-parse", f"{tip}^{{tree}}").out.strip():
        new = tip
    else:
        message += f" ({len(paths)} file(s) kept back)" if paths else ""
        new = git("commit-tree", new_tree, *parent, "-m", message, env=clone.identity()).out.strip()
    git("read-tree", "-m", "-u", head, new)
    git("update-ref", "-m", "casebook: keep back what may not leave", "HEAD", new, head)
    return [Finding("", f.path, f.reason) for f in findings]  # their commit was never kept


def _tree_without(clone: Clone, head: str, paths: list[str], theirs: dict[str, checks.Blob]) -> str:
    """The tree of `head` with each of `paths` as the network has it (or absent), built in a
    scratch index inside .git."""
    if not paths:
        return clone.git("rev-parse", f"{head}^{{tree}}").out.strip()
    scratch = clone.path / ".git" / "casebook-keep-back.index"
    env = {"GIT_INDEX_FILE": str(scratch)}
    records = [f"{theirs[p].mode} {theirs[p].sha}\t{p}" if p in theirs else f"0 {'0' * 40}\t{p}" for p in paths]
    try:
        clone.git("read-tree", head, env=env)
        with tempfile.TemporaryFile("w+b") as batch:
            batch.write("\0".join(records).encode() + b"\0")
            batch.seek(0)
            clone.git("update-index", "-z", "--index-info", env=env, stdin=batch)
        return clone.git("write-tree", env=env).out.strip()
    finally:
        scratch.unlink(missing_ok=True)


def keep_in_library(home: Home, path: str, data: bytes) -> Path | None:
    """Keep a text that may not leave in the officer's own library (unless the same text is there
    already) under a safe name; returns where it went."""
    file = PurePosixPath(path)
    name = f"{slugify(file.name.split('.')[0])[:80] or 'kept'}.{slugify(file.suffix)[:12] or 'md'}"
    if checks.path_problem(f"cases/x/{name}") not in (None, checks.NOT_A_CASE_NAME):
        name = f"kept-{name}"
    target = home.library / name
    if target.exists():
        if target.read_bytes() == data:
            return None
        target = home.library / conflict_copy(home.library, name)
    home.library.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
    return target


def _quarantine(clone: Clone, registry: Registry, report: SyncReport, findings: list[Finding],
                tip: str | None) -> None:
    """Take nothing in; remember why, and say what is still waiting to be shared."""
    for finding in findings:
        registry.quarantine(clone.network.name, finding.commit, finding.path, finding.reason)
    report.quarantined = findings
    report.ok = False
    report.unshared = clone.waiting(tip)
    report.summary = (f"{len(findings)} problem(s) in changes from the network, so none were taken in; "
                      f"{report.unshared} change(s) not yet shared")


def _merge(clone: Clone, registry: Registry, head: str | None, tip: str) -> list[str]:
    """Take the network's changes in; on a conflict keep both versions, never markers."""
    with clone.merging(tip):
        if head is None or clone.is_ancestor(head, tip):
            clone.git("merge", "--quiet", "--ff-only", tip, env=clone.identity())
            return []
        return _merge_both(clone, registry, tip)


def _merge_both(clone: Clone, registry: Registry, tip: str) -> list[str]:
    """A merge commit of HEAD and `tip` with renames off, so a deleted case and a similar new one
    are never taken for one renamed file. git's ort strategy (in 2.39, installed here) ignores both
    merge.renames and `-X no-renames`; `recursive` honours it (later ort versions heed it too).
    Returns the conflict copy of each case both sides changed, in the inbox before the merge is
    committed (a sync cut short after the commit would otherwise leave a copy nobody is shown)."""
    merged = clone.git("merge", "--quiet", "--no-ff", "--no-edit", "--no-verify", "--allow-unrelated-histories",
                       "--strategy=recursive", "-X", "no-renames", "-m", f"Take in changes from {clone.network.name}",
                       tip, check=False, env=clone.identity())
    if merged.status == 0:
        return []
    unmerged = _unmerged(clone)
    if not unmerged:
        raise classify(("merge",), merged)
    kept = [found for path, stages in unmerged.items() if (found := _keep_both(clone, path, stages))]
    for path, copy in kept:
        registry.conflict(clone.network.name, path, copy)
    clone.git("commit", "--quiet", "--no-edit", "--no-verify", env=clone.identity())
    return [copy for _, copy in kept]


def _unmerged(clone: Clone) -> dict[str, dict[int, str]]:
    found: dict[str, dict[int, str]] = {}
    for record in clone.git("ls-files", "--unmerged", "-z", strip=False).out.split("\0"):
        if record:
            meta, path = record.split("\t", 1)
            _, blob, stage = meta.split()
            found.setdefault(path, {})[int(stage)] = blob
    return found


def _keep_both(clone: Clone, path: str, stages: dict[int, str]) -> tuple[str, str] | None:
    """The network's version keeps the name; ours becomes <slug>.conflict-<UTC>.md, on this computer
    only (never committed) until the officer resolves it. Edit beats delete."""
    git = clone.git
    if 2 in stages and 3 in stages:
        git("checkout", "--theirs", "--", path)
        copy = conflict_copy(clone.path, path)
        (clone.path / copy).write_bytes(git.blob(stages[2]))
        git("add", "--", path)
        return path, copy
    git("checkout", "--ours" if 2 in stages else "--theirs", "--", path)
    git("add", "--", path)
    return None


def conflict_copy(root: Path, path: str) -> str:
    """`<slug>.conflict-<UTC time>.md` beside `path`, not yet taken."""
    stem = PurePosixPath(path)
    stamp = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
    copy, n = str(stem.with_name(f"{stem.stem}.conflict-{stamp}{stem.suffix}")), 2
    while (root / copy).exists():
        copy, n = str(stem.with_name(f"{stem.stem}.conflict-{stamp}-{n}{stem.suffix}")), n + 1
    return copy


def _failed(clone: Clone, report: SyncReport, exc: GitError) -> None:
    """Say in words why the sync stopped; git's own words go to the log."""
    report.ok = False
    report.reason = exc.stderr.strip()
    try:
        report.unshared = clone.waiting(clone.rev(FETCHED))
    except GitError:  # git cannot run at all here (a full disk, a broken clone): the count is unknown
        report.unshared = 0
    waiting = f"{report.unshared} change(s) not yet shared"
    kind = Kind.OFFLINE if exc.kind is Kind.MISSING and not _share_connected(clone.network.url) else exc.kind
    report.summary = {
        Kind.OFFLINE: f"offline — {waiting}",
        Kind.TIMEOUT: f"the network did not answer in time — {waiting}",
        Kind.AUTH: f"the network refused this computer's credentials — {waiting}",
        Kind.MISSING: f"there is no network at {clone.network.url}: it does not exist or is not a git repository "
                      f"(check the address, or that the shared folder is connected) — {waiting}",
    }.get(kind, f"{exc} — {waiting}")
    log.warning("sync of %s: %s; git said: %s", clone.network.name, report.summary, report.reason or "nothing")


def _stopped(report: SyncReport, why: str) -> None:
    report.ok = False
    report.summary = f"not synced: {why}"


def _share_connected(url: str) -> bool:
    """False when a shared folder's parent is missing too: the share is not connected (offline),
    rather than the address being wrong."""
    if not url.startswith("file://"):
        return True
    return Path(url2pathname(urlsplit(url).path)).parent.is_dir()


def _summary(report: SyncReport) -> str:
    parts = [f"{report.pulled} case file(s) received", f"{report.pushed} shared"]
    if report.conflicts:
        parts.append(f"{len(report.conflicts)} conflict(s) kept side by side")
    if not report.ok:
        parts.append("the network kept changing; try again")
    return ", ".join(parts)


def _stepper(progress: Progress | None) -> Callable[[str], None]:
    def step(what: str) -> None:
        if progress:
            progress(STEPS.index(what) + 1, len(STEPS), what)
    return step


def ensure_layout(clone: Clone) -> Path:
    """The own council's folder in the clone (created when missing)."""
    folder = clone.network.council_folder(clone.home)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
