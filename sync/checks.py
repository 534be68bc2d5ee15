"""The one rule for what may be in a network's tree (`entry_problem`: used when publishing,
committing, sending and receiving), and the checks built on it for what comes in (the files a
merge would bring) and what goes out (every unshared commit, and the sharing of each case).
Read from git objects only: nothing is checked out to look at it."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from casebook import casefile
from casebook.model import SHAREABLE
from casebook.sources import CONFLICT_SUFFIX, is_conflict_copy
from sync.gitcmd import GitRunner

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
MAX_BYTES = casefile.MAX_FILE_BYTES
REGULAR = ("100644", "100755")
#: Base names Windows refuses whatever follows the first dot (COM¹ to COM³ and LPT¹ to LPT³ too).
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$", "clock$",
                              *(f"{port}{n}" for port in ("com", "lpt") for n in "0123456789\u00b9\u00b2\u00b3")})
#: Longest path in a network, in UTF-8 bytes (never fewer than Windows counts). A clone on Windows
#: sits at C:\Users\<20>\AppData\Local\casebook\networks\<30>\ (93 characters); with this path and a
#: conflict copy's suffix (29) it stays within the 260 characters Windows allows, and every name
#: stays within the 255 bytes of Linux and macOS. A conflict copy is measured without its suffix.
MAX_PATH_BYTES = 130
#: Files a hosting service adds at the top of a repository (GitHub, GitLab, Gitea): accepted, never
#: executed by Casebook and never indexed (only cases/ is read as cases).
HUB_FILES = frozenset({"README.md", "LICENSE", "LICENSE.md", "LICENSE.txt", ".gitignore", ".gitlab-ci.yml",
                       "CONTRIBUTING.md", "CODEOWNERS"})
HUB_FOLDERS = (".github", ".gitea")
GIT_FILES = "git control files (.gitattributes, .gitmodules, .git) are not accepted"
NOT_A_CASE_NAME = "not a case: case files are named <id>.md in lower case"
NOT_IN_NETWORK = ("not a case: only cases/<council>/<id>.md, .casebook/ and the hub's own files (README, LICENSE, "
                  "CI settings) belong in a network")
_BAD_CHARS = re.compile(r'[<>:"|?*\\\x00-\x1f]')
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CASE_NAME = re.compile(rf"{_SLUG.pattern}(?:{CONFLICT_SUFFIX.pattern})*\.md")


@dataclass(frozen=True)
class Finding:
    commit: str
    path: str
    reason: str

    def __str__(self) -> str:
        where = f" (commit {self.commit[:10]})" if self.commit else ""
        return f"{self.path}{where}: {self.reason}"


@dataclass(frozen=True)
class Entry:
    mode: str
    blob: str
    status: str
    path: str


@dataclass(frozen=True)
class Blob:
    mode: str
    sha: str
    size: int


def entry_problem(path: str, mode: str, size: int) -> str | None:
    """Why a file may not be in a network's tree, or None. The one rule, used both ways."""
    return _mode_problem(mode) or path_problem(path) or _size_problem(size)


def path_problem(path: str) -> str | None:
    """Why a path may not be in a network's tree, or None."""
    parts = path.split("/")
    if parts[-1] in (".gitattributes", ".gitmodules") or ".git" in (p.lower() for p in parts):
        return GIT_FILES
    for part in parts:
        reason = _name_problem(part)
        if reason:
            return reason
    if len(CONFLICT_SUFFIX.sub("", path).encode()) > MAX_PATH_BYTES:
        return f"the path is longer than {MAX_PATH_BYTES} bytes, too long for Windows once inside a member's clone"
    return _place_problem(parts)


def _name_problem(part: str) -> str | None:
    if part in ("", ".", "..") or _BAD_CHARS.search(part) or part.endswith((" ", ".")):
        return f"'{part}' is not a safe file or folder name"
    if part.split(".")[0].rstrip(" ").lower() in WINDOWS_RESERVED:
        return f"'{part}' is a reserved name on Windows"
    return None


def _place_problem(parts: list[str]) -> str | None:
    if len(parts) == 3 and parts[0] == "cases" and _SLUG.fullmatch(parts[1]):
        return None if _CASE_NAME.fullmatch(parts[2]) else NOT_A_CASE_NAME
    hub_file = len(parts) == 1 and parts[0] in HUB_FILES
    if hub_file or (len(parts) == 2 and parts[0] == ".casebook") or (len(parts) > 1 and parts[0] in HUB_FOLDERS):
        return None
    return NOT_IN_NETWORK


def _mode_problem(mode: str) -> str | None:
    if mode == "120000":
        return "symbolic links are not accepted"
    if mode == "160000":
        return "submodules are not accepted"
    return None if mode in REGULAR else f"unexpected kind of file (mode {mode})"


def _size_problem(size: int) -> str | None:
    if size > MAX_BYTES:
        return f"file is {size / 1048576:.1f} MiB; the limit is {MAX_BYTES // 1048576} MiB"
    return None


def is_case_path(path: str) -> bool:
    """A case file's place in a network: cases/<council>/<id>.md (or a conflict copy of one)."""
    return path.startswith("cases/") and _place_problem(path.split("/")) is None


def content_problem(data: bytes, path: str) -> str | None:
    """Why a case's text may not leave: unreadable, or not marked network or public."""
    case, problems = casefile.parse(data, path, path)
    if case is None:
        return f"cannot be read: {problems[0].message}"
    if case.sharing not in SHAREABLE:
        return "is internal (sharing is not network or public)"
    return None


def tree(git: GitRunner, rev: str) -> dict[str, Blob]:
    """path -> (mode, sha, size) of every file at `rev`."""
    found = {}
    for record in git("ls-tree", "-r", "-l", "-z", rev, strip=False).out.split("\0"):
        if record:
            meta, path = record.split("\t", 1)
            mode, _, sha, size = meta.split()
            found[path] = Blob(mode, sha, int(size) if size.isdigit() else 0)
    return found


def incoming(git: GitRunner, base: str | None, tip: str) -> list[Finding]:
    """Every reason `tip` may not be merged into `base` (our HEAD; None when we have nothing). Each
    file the merge would bring into the working tree is judged by the one rule, and the names of
    the merged tree for clashes; what the network's history held and later fixed does not count."""
    ours = tree(git, base) if base else {}
    common = git("merge-base", base, tip, check=False).out.strip() if base else ""
    before = tree(git, common) if common else {}
    brought = {path: blob for path, blob in tree(git, tip).items() if blob not in (ours.get(path), before.get(path))}
    findings = [Finding(tip, path, reason) for path, blob in brought.items()
                if (reason := entry_problem(path, blob.mode, blob.size))]
    return findings + collisions(tip, {**ours, **brought}, brought)


def collisions(tip: str, paths: Iterable[str], new: Iterable[str]) -> list[Finding]:
    """Paths that are one file on Windows or macOS (case, Unicode normal form), one of them new."""
    seen: dict[str, str] = {}
    fresh = set(new)
    found = []
    for path in sorted(paths):
        other = seen.setdefault(unicodedata.normalize("NFC", path).casefold(), path)
        if other != path and (path in fresh or other in fresh):
            found.append(Finding(tip, path, f"has the same name as {other} on Windows and macOS"))
    return found


def sent_changes(git: GitRunner, base: str | None, tip: str) -> list[tuple[str, Entry]]:
    """(commit, file) for each file each commit in base..tip adds or changes against its first
    parent, oldest commit first."""
    spec = [tip, f"^{base}"] if base else [tip]
    found = []
    for line in git.lines("rev-list", "--reverse", "--parents", *spec):
        commit, *parents = line.split()
        raw = git("diff-tree", "-r", "-z", "--raw", "--no-renames", "--diff-filter=d", parents[0] if parents
                  else EMPTY_TREE, commit, strip=False).out
        fields = raw.split("\0")
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            if meta.startswith(":"):
                _, mode, _, blob, status = meta[1:].split(" ")
                found.append((commit, Entry(mode, blob, status, path)))
    return found


def blob_sizes(git: GitRunner, blobs: list[str]) -> list[int]:
    if not blobs:
        return []
    with tempfile.TemporaryFile("w+b") as batch:
        batch.write("\n".join(blobs).encode() + b"\n")
        batch.seek(0)
        out = git("cat-file", "--batch-check=%(objectsize)", stdin=batch).out
    return [int(line) if line.isdigit() else 0 for line in out.split("\n") if line]  # a submodule: "<sha> missing"


def outgoing(git: GitRunner, base: str | None, tip: str, council: str | None) -> list[Finding]:
    """Reasons the commits base..tip may not leave: a file the one rule refuses, a case that is
    internal (or says nothing) or unreadable, or (when `council` is given) a file outside that
    council's folder. Every commit is read, since every commit is sent; a file the network
    already holds at the same path is skipped."""
    known = {(path, blob.sha) for path, blob in tree(git, base).items()} if base else set()
    sent = [(commit, e) for commit, e in sent_changes(git, base, tip) if (e.path, e.blob) not in known]
    findings, cases = [], []
    for (commit, entry), size in zip(sent, blob_sizes(git, [e.blob for _, e in sent]), strict=True):
        reason = _leaving_problem(entry, size, council)
        if reason:
            findings.append(Finding(commit, entry.path, reason))
        elif is_case_path(entry.path):
            cases.append((commit, entry))
    for (commit, entry), data in zip(cases, git.blobs([e.blob for _, e in cases]), strict=True):
        reason = content_problem(data, entry.path)
        if reason:
            findings.append(Finding(commit, entry.path, reason))
    return findings


def _leaving_problem(entry: Entry, size: int, council: str | None) -> str | None:
    if council and not entry.path.startswith(f"cases/{council}/"):
        return f"outside this council's folder cases/{council}/"
    return entry_problem(entry.path, entry.mode, size)


def stays_here(path: str) -> bool:
    """A conflict copy: kept on this computer until the officer resolves the conflict, so never
    committed (and never sent). A copy an older version committed may still be deleted."""
    return is_conflict_copy(path.rsplit("/", 1)[-1])


def refuse_staged(git: GitRunner, folder: str) -> None:
    """Take out of the index every file under `folder` the one rule refuses, and every conflict copy
    (it stays on disk; a file already shared keeps its last committed version there). Just after
    `git add` the staged files are the files on disk, so their sizes are read there."""
    raw = git("diff", "--cached", "-z", "--raw", "--no-renames", "--diff-filter=d", "--", folder, strip=False).out
    fields = raw.split("\0")
    refused = [path for meta, path in zip(fields[0::2], fields[1::2], strict=False) if meta.startswith(":") and (
               stays_here(path) or entry_problem(path, meta.split(" ")[1], _size_on_disk(git, path)))]
    if not refused:
        return
    literal = {"GIT_LITERAL_PATHSPECS": "1"}
    shared = set(git.lines("ls-tree", "-r", "--name-only", "HEAD", "--", *refused)) if git.has_head() else set()
    if shared:  # already shared: the index keeps the version last committed, never a deletion
        git("reset", "--quiet", "HEAD", "--", *sorted(shared), env=literal)
    new = [path for path in refused if path not in shared]
    if new:
        git("rm", "--cached", "--force", "--quiet", "--", *new, env=literal)


def _size_on_disk(git: GitRunner, path: str) -> int:
    try:
        return os.lstat(git.worktree / path).st_size
    except OSError:
        return 0


#: The reason `left_out` gives for a file the rule accepts that is simply not committed yet.
NOT_YET_COMMITTED = "not yet committed"


def left_out(git: GitRunner, folder: str) -> list[Finding]:
    """Files under `folder` that stay on this computer, each with the rule's reason: new files, and
    changes to shared files, that the rule refuses (and changes not committed yet, as such).
    Conflict copies are not listed: the conflict inbox shows them."""
    found = []
    for path in sorted(set(git("ls-files", "-z", "--others", "--modified", "--", folder, strip=False).out.split("\0"))):
        where = git.worktree / path
        if stays_here(path):
            continue
        if path and not os.path.lexists(where):  # a deletion not committed yet
            found.append(Finding("", path, NOT_YET_COMMITTED))
        elif path:
            mode = "120000" if os.path.islink(where) else "100644"
            found.append(Finding("", path, entry_problem(path, mode, os.lstat(where).st_size) or NOT_YET_COMMITTED))
    return found
