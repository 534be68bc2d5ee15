"""One sync of one network, in the seven steps of the design: commit local work, fetch, check
what came in, merge (keeping both versions on conflict), check what goes out, push, retry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from casebook.home import Home
from casebook.locks import folder_lock
from sync import checks, credentials, recovery, republish
from sync.checks import EMPTY_TREE, Finding
from sync.gitcmd import GitError, GitRunner, classify
from sync.networks import Network, Registry

FETCHED = "refs/casebook/network"
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
    quarantined: list[Finding] = field(default_factory=list)
    blocked: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"network": self.network, "ok": self.ok, "summary": self.summary, "pulled": self.pulled,
                "pushed": self.pushed, "unshared": self.unshared, "conflicts": self.conflicts,
                "quarantined": [vars(f) for f in self.quarantined], "blocked": [vars(f) for f in self.blocked]}


class Clone:
    """A network's clone on disk and the safe git that works in it."""

    def __init__(self, home: Home, network: Network) -> None:
        self.home, self.network = home, network
        self.path = network.clone(home)
        self.git = GitRunner(self.path, home.root / "sync" / "no-hooks")

    def lock(self) -> Any:
        return folder_lock(self.path / ".git", "casebook-sync", LOCK_WAIT_SECONDS, f"network '{self.network.name}'")

    def identity(self) -> dict[str, str]:
        """Author and committer for each commit, passed in the environment, never in git config."""
        name, email = f"{self.network.council} (Casebook)", f"{self.network.council}@casebook.invalid"
        return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
                "GIT_COMMITTER_EMAIL": email}

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
        if not (self.path / folder).is_dir():
            return False
        self.git("add", "--all", "--", folder)
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
        options = ["--porcelain", "--no-verify", "--quiet"]
        if self.network.url.startswith("file://"):
            hooks = self.git.hooks.as_posix()
            options.append(f"--receive-pack=git -c core.hooksPath='{hooks}' receive-pack")
        self.git.network("push", *options, "--", url_args=(self.network.url, f"HEAD:refs/heads/{self.network.branch}"),
                         env=credentials.network_env(self.home, self.network.url))
        self.git("update-ref", FETCHED, "HEAD")  # the network has it now: status counts nothing waiting

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
    clone.create()
    with clone.lock():
        if (clone.path / ".git" / "MERGE_HEAD").exists():
            clone.git("merge", "--abort")
        step("Committing")
        republish.copy_changed(clone, registry)
        clone.commit_local(f"Cases of {network.council}")
        recovery.mark(clone)
        try:
            _exchange(clone, registry, report, step)
        except GitError as exc:
            _failed(clone, report, exc)
    registry.log(network.name, report.ok, report.summary, "\n".join(map(str, report.quarantined + report.blocked)))
    return report


def _exchange(clone: Clone, registry: Registry, report: SyncReport, step: Callable[[str], None]) -> None:
    for _ in range(MAX_ATTEMPTS):
        step("Fetching")
        try:
            tip = clone.fetch()
        except GitError as exc:
            if exc.kind != "integrity":
                raise
            _quarantine(clone, registry, report, [Finding("", "(data from the network)", str(exc))], None)
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
        report.blocked = checks.outgoing(clone.git, tip, "HEAD", clone.network.council) if clone.rev("HEAD") else []
        report.unshared = clone.waiting(tip)
        if report.blocked:
            report.ok = False
            report.summary = f"not shared: {report.blocked[0]}"
            return
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
    if head is None or clone.is_ancestor(head, tip):
        clone.git("merge", "--quiet", "--ff-only", tip, env=clone.identity())
        return []
    merged = clone.git("merge", "--quiet", "--no-ff", "--no-edit", "--no-verify", "--allow-unrelated-histories",
                       "-m", f"Take in changes from {clone.network.name}", tip, check=False, env=clone.identity())
    if merged.status == 0:
        return []
    unmerged = _unmerged(clone)
    if not unmerged:
        raise classify(("merge",), merged)
    copies = [_keep_both(clone, path, stages) for path, stages in unmerged.items()]
    clone.git("commit", "--quiet", "--no-edit", "--no-verify", env=clone.identity())
    kept = [c for c in copies if c]
    for path, copy in kept:
        registry.conflict(clone.network.name, path, copy)
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
    """The network's version keeps the name; ours becomes <slug>.conflict-<UTC>.md. Edit beats delete."""
    git = clone.git
    if 2 in stages and 3 in stages:
        git("checkout", "--theirs", "--", path)
        copy = conflict_copy(clone.path, path)
        (clone.path / copy).write_bytes(git.blob(stages[2]))
        git("add", "--", path, copy)
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
    report.ok = False
    report.unshared = clone.waiting(clone.rev(FETCHED))
    waiting = f"{report.unshared} change(s) not yet shared"
    report.summary = {
        "offline": f"offline — {waiting}",
        "timeout": f"the network did not answer in time — {waiting}",
        "auth": f"the network refused this computer's credentials — {waiting}",
    }.get(exc.kind, f"{exc} — {waiting}")


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
