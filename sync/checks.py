"""Checks on commits before they touch a working tree (incoming) or leave the machine
(outgoing). Read from git objects only: nothing is checked out to look at it."""

from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass

from casebook import casefile
from casebook.model import slugify
from sync.gitcmd import GitRunner

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
MAX_BYTES = casefile.MAX_FILE_BYTES
REGULAR = ("100644", "100755")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_BAD_CHARS = re.compile(r'[<>:"|?*\\\x00-\x1f]')


@dataclass(frozen=True)
class Finding:
    commit: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path} (commit {self.commit[:10]}): {self.reason}"


@dataclass(frozen=True)
class Entry:
    mode: str
    blob: str
    status: str
    path: str


def changes(git: GitRunner, commit: str) -> list[Entry]:
    """Files a commit adds, changes or deletes; for a merge, only where it differs from every parent
    (what the merge itself wrote, such as a conflict copy), not what it took in."""
    parents = git("rev-list", "--parents", "-n", "1", commit).out.split()[1:]
    found = {entry.path: entry for entry in _diff(git, parents[0] if parents else EMPTY_TREE, commit)}
    for parent in parents[1:]:
        differs = {(e.path, e.blob) for e in _diff(git, parent, commit)}
        found = {path: e for path, e in found.items() if (path, e.blob) in differs}
    return list(found.values())


def _diff(git: GitRunner, old: str, new: str) -> list[Entry]:
    raw = git("diff-tree", "-r", "-z", "--raw", "--no-renames", old, new, strip=False).out
    fields = raw.split("\0")
    found = []
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        if meta.startswith(":"):
            _, new_mode, _, new_blob, status = meta[1:].split(" ")
            found.append(Entry(new_mode, new_blob, status, path))
    return found


def commits(git: GitRunner, base: str | None, tip: str) -> list[str]:
    """Commits in tip not in base, oldest first."""
    spec = [tip, f"^{base}"] if base else [tip]
    return list(reversed(git.lines("rev-list", *spec)))


def path_problem(path: str) -> str | None:
    """Why a path may not enter a network clone, or None."""
    parts = path.split("/")
    name = parts[-1]
    if name in (".gitattributes", ".gitmodules") or ".git" in (p.lower() for p in parts):
        return "git control files (.gitattributes, .gitmodules, .git) are not accepted"
    for part in parts:
        if part in ("", ".", "..") or _BAD_CHARS.search(part) or part.endswith((" ", ".")):
            return f"'{part}' is not a safe file or folder name"
        if part.split(".")[0].lower() in WINDOWS_RESERVED:
            return f"'{part}' is a reserved name on Windows"
    cases = len(parts) == 3 and parts[0] == "cases" and slugify(parts[1]) == parts[1] and name.endswith(".md")
    if not (cases or (len(parts) == 2 and parts[0] == ".casebook") or path == "README.md"):
        return "outside cases/<council>/*.md and .casebook/"
    return None


def incoming(git: GitRunner, base: str | None, tip: str) -> list[Finding]:
    """Every reason the commits base..tip may not be merged."""
    findings: list[Finding] = []
    sizes_wanted: list[tuple[str, Entry]] = []
    for commit in commits(git, base, tip):
        for entry in changes(git, commit):
            if entry.status == "D":
                continue
            reason = _mode_problem(entry.mode) or path_problem(entry.path)
            if reason:
                findings.append(Finding(commit, entry.path, reason))
            else:
                sizes_wanted.append((commit, entry))
    for (commit, entry), size in zip(sizes_wanted, blob_sizes(git, [e.blob for _, e in sizes_wanted]), strict=True):
        if size > MAX_BYTES:
            findings.append(Finding(commit, entry.path, f"file is {size / 1048576:.1f} MiB; the limit is "
                                                        f"{MAX_BYTES // 1048576} MiB"))
    return findings + collisions(git, tip)


def _mode_problem(mode: str) -> str | None:
    if mode == "120000":
        return "symbolic links are not accepted"
    if mode == "160000":
        return "submodules are not accepted"
    return None if mode in REGULAR else f"unexpected kind of file (mode {mode})"


def blob_sizes(git: GitRunner, blobs: list[str]) -> list[int]:
    if not blobs:
        return []
    with tempfile.TemporaryFile("w+b") as batch:
        batch.write("\n".join(blobs).encode() + b"\n")
        batch.seek(0)
        out = git("cat-file", "--batch-check=%(objectsize)", stdin=batch).out
    return [int(line) for line in out.split("\n") if line]


def collisions(git: GitRunner, tip: str) -> list[Finding]:
    """Paths in the tip that are one file on Windows or macOS (case, Unicode normal form)."""
    seen: dict[str, str] = {}
    found = []
    for path in git("ls-tree", "-r", "-z", "--name-only", tip, strip=False).out.split("\0"):
        if not path:
            continue
        key = unicodedata.normalize("NFC", path).casefold()
        if key in seen and seen[key] != path:
            found.append(Finding(tip, path, f"has the same name as {seen[key]} on Windows and macOS"))
        seen.setdefault(key, path)
    return found


def outgoing(git: GitRunner, base: str | None, tip: str, council: str | None) -> list[Finding]:
    """Reasons the commits base..tip may not leave: a case that is internal (or says nothing),
    unreadable, or (when `council` is given) outside that council's folder. Content the network
    already has at base is skipped."""
    known = set(git.tree(base).values()) if base else set()
    findings = []
    for commit in commits(git, base, tip):
        for entry in changes(git, commit):
            if entry.status == "D" or entry.blob in known:
                continue
            if council and not entry.path.startswith(f"cases/{council}/"):
                findings.append(Finding(commit, entry.path, f"outside this council's folder cases/{council}/"))
                continue
            if not entry.path.endswith(".md") or not entry.path.startswith("cases/"):
                continue
            case, problems = casefile.parse(git.blob(entry.blob), entry.path, entry.path)
            if case is None:
                findings.append(Finding(commit, entry.path, f"cannot be read: {problems[0].message}"))
            elif case.sharing not in ("network", "public"):
                findings.append(Finding(commit, entry.path, "is internal (sharing is not network or public)"))
    return findings
