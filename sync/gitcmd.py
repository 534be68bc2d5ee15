"""Running git safely: no prompts, no hooks, no fsmonitor, only https/ssh/file transports,
objects checked on transfer, a time limit on every call, and nothing user-typed in git config."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from git.cmd import Git
from git.exc import GitCommandError, GitCommandNotFound

from casebook.authoring import write_atomic
from casebook.errors import CasebookError
from sync.redact import redact

LOCAL_SECONDS = 60.0
NETWORK_SECONDS = 60.0


def loader_env() -> dict[str, str]:
    """In the frozen app, the library path the user had before PyInstaller's bootloader prepended
    the bundle's own folder (it keeps the old value in `*_ORIG`); empty when there was none. The
    system git must not load the bundle's libraries. Nothing outside the frozen app."""
    if not getattr(sys, "frozen", False):
        return {}
    return {name: os.environ.get(f"{name}_ORIG", "") for name in ("LD_LIBRARY_PATH", "LIBPATH")}


ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GCM_INTERACTIVE": "never",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "GIT_SSH_COMMAND": "ssh -oBatchMode=yes -oConnectTimeout=20",
    "GIT_LFS_SKIP_SMUDGE": "1",
    "GIT_MERGE_AUTOEDIT": "no",
    "GIT_OPTIONAL_LOCKS": "0",
    "LC_ALL": "C",
    **loader_env(),
}


def safe_config(hooks: Path) -> list[str]:
    """`-c` options for every call. Protocols other than https, ssh and file are refused unless
    a repository's own config allows one by name (the tests allow `git` for git daemon)."""
    pairs = {
        "credential.helper": "",  # first: no helper on this computer answers for, or keeps, a sign-in
        "core.hooksPath": str(hooks), "core.fsmonitor": "false", "protocol.allow": "never",
        "protocol.https.allow": "always", "protocol.ssh.allow": "always", "protocol.file.allow": "always",
        "transfer.fsckObjects": "true", "core.symlinks": "false", "submodule.recurse": "false",
        "core.autocrlf": "false", "http.lowSpeedLimit": "1000", "http.lowSpeedTime": "20",
        "merge.renames": "false", "diff.renames": "false", "core.quotePath": "false", "gc.auto": "0",
        "commit.gpgSign": "false", "init.defaultBranch": "main",
    }
    return [arg for key, value in pairs.items() for arg in ("-c", f"{key}={value}")]


class Kind(StrEnum):
    """Why a git command failed: the only kinds `classify` gives."""

    OFFLINE = "offline"
    AUTH = "auth"
    TIMEOUT = "timeout"
    REJECTED = "rejected"  # someone pushed first: fetch, merge and push again
    REFUSED = "refused"  # the network will not take this push (read-only share, checked-out branch, …)
    MISSING = "missing"  # no git repository at the address
    TRANSPORT = "transport"
    INTEGRITY = "integrity"
    DISK_FULL = "disk full"
    FAILED = "failed"


def hooks_folder(home_root: Path) -> Path:
    """The empty folder given to git as core.hooksPath for every call made for this home."""
    return home_root / "sync" / "no-hooks"


def identity(name: str, user: str) -> dict[str, str]:
    """Author and committer `name <user@casebook.invalid>` of one commit, passed in the environment of
    that commit, never in git config (where a typed value could inject configuration)."""
    email = f"{user}@casebook.invalid"
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
            "GIT_COMMITTER_EMAIL": email}


class GitError(CasebookError):
    """A git command failed; `kind` says why, `stderr` is git's own reason (for the log)."""

    def __init__(self, kind: Kind, message: str, stderr: str = "") -> None:
        super().__init__(redact(message))
        self.kind = kind
        self.stderr = redact(stderr)


@dataclass(frozen=True)
class Result:
    status: int
    out: str
    err: str


class GitRunner:
    """Runs git in one working tree. `hooks` is an empty folder used as core.hooksPath."""

    def __init__(self, worktree: Path, hooks: Path) -> None:
        hooks.mkdir(parents=True, exist_ok=True)
        self.worktree = worktree
        self.hooks = hooks
        self._git = Git(str(worktree))

    def __call__(self, *args: str, timeout: float = LOCAL_SECONDS, check: bool = True,
                 env: Mapping[str, str] | None = None, strip: bool = True, stdin: BinaryIO | None = None) -> Result:
        command = ["git", *safe_config(self.hooks), *args]
        try:
            status, out, err = self._git.execute(
                command, with_extended_output=True, with_exceptions=False, kill_after_timeout=timeout,
                env={**ENV, **(env or {})}, strip_newline_in_stdout=strip, istream=stdin)
        except GitCommandNotFound as exc:
            raise GitError(Kind.FAILED, "git is not installed or not on PATH") from exc
        except GitCommandError as exc:
            raise GitError(Kind.TIMEOUT, f"git {args[0]} took longer than {timeout:.0f} s and was stopped") from exc
        result = Result(status, out, err)
        if check and status != 0:
            raise classify(args, result)
        return result

    def blob(self, rev: str) -> bytes:
        """The bytes of a blob (`sha` or `commit:path`), undecoded."""
        status, out, err = self._git.execute(
            ["git", *safe_config(self.hooks), "cat-file", "blob", rev], with_extended_output=True,
            with_exceptions=False, kill_after_timeout=LOCAL_SECONDS, env=ENV, stdout_as_string=False,
            strip_newline_in_stdout=False)
        if status != 0:
            raise classify(("cat-file",), Result(status, "", err))
        return out

    def blobs(self, shas: Sequence[str]) -> list[bytes]:
        """The bytes of many blobs, in order, from one `cat-file --batch`."""
        if not shas:
            return []
        with tempfile.TemporaryFile("w+b") as batch:
            batch.write("\n".join(shas).encode() + b"\n")
            batch.seek(0)
            status, out, err = self._git.execute(
                ["git", *safe_config(self.hooks), "cat-file", "--batch"], with_extended_output=True,
                with_exceptions=False, kill_after_timeout=LOCAL_SECONDS, env=ENV, stdout_as_string=False,
                strip_newline_in_stdout=False, istream=batch)
        if status != 0:
            raise classify(("cat-file",), Result(status, "", err))
        found, at = [], 0
        for _ in shas:
            header_end = out.index(b"\n", at)
            size = int(out[at:header_end].split()[2])
            found.append(out[header_end + 1:header_end + 1 + size])
            at = header_end + 2 + size
        return found

    def tree(self, rev: str) -> dict[str, str]:
        """path -> blob sha of every file at `rev`."""
        found = {}
        for record in self("ls-tree", "-r", "-z", rev, strip=False).out.split("\0"):
            if record:
                meta, path = record.split("\t", 1)
                found[path] = meta.split()[2]
        return found

    def has_head(self) -> bool:
        """Whether the branch has a commit yet."""
        return self("rev-parse", "--verify", "--quiet", "HEAD", check=False).status == 0

    def lines(self, *args: str) -> list[str]:
        out = self(*args).out
        return [line for line in out.split("\n") if line]

    def network(self, *args: str, url_args: Sequence[str] = (), env: Mapping[str, str] | None = None) -> Result:
        """A call that talks to a remote: the network time limit and failure words; `env` carries
        the sign-in for this call only (sync.credentials). A `push` to a shared folder gets the
        receive-pack that runs with hooks off (`local_receive_pack`)."""
        env = dict(env or {})
        if args[0] == "push" and url_args and url_args[0].startswith("file://"):
            env.update(local_receive_pack(self.hooks))
            args = (args[0], f"--receive-pack={RECEIVE_PACK}", *args[1:])
        return self(*args, *url_args, timeout=NETWORK_SECONDS, env=env)


RECEIVE_PACK = "casebook-receive-pack"
_RECEIVE_PACK_SCRIPT = ('#!/bin/sh\n'
                        'exec git -c core.hooksPath="$CASEBOOK_NO_HOOKS" -c core.fsmonitor=false receive-pack "$@"\n')


def local_receive_pack(hooks: Path) -> dict[str, str]:
    """The environment for pushing to a repository on a shared folder.

    git runs that repository's receive-pack on this computer and clears `-c` options and
    GIT_CONFIG_COUNT for it (local transports drop them), so the hub's own hooks would run.
    `--receive-pack` is run by a shell when it holds anything but a plain name; so it is the
    plain name of a fixed script, found first on PATH, that takes the hooks folder from the
    environment: no command string is ever built from a path."""
    folder = hooks.with_name("bin")
    script = folder / RECEIVE_PACK
    if not script.exists() or script.read_text("utf-8") != _RECEIVE_PACK_SCRIPT:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(script, _RECEIVE_PACK_SCRIPT)
        script.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}", "CASEBOOK_NO_HOOKS": str(hooks)}


_TRANSPORT = ("transport", "not allowed")
_DISK_FULL = ("no space left on device", "out of diskspace", "disk quota exceeded", "database or disk is full")
_INTEGRITY = ("fsck", "error in object", "bad object")
_REJECTED = ("[rejected]", "fetch first", "non-fast-forward")
_AUTH = ("authentication failed", "permission denied", "403", "401", "terminal prompts disabled",
         "could not read username", "could not read password", "invalid username or password")
_MISSING = ("does not appear to be a git repository", "repository not found", "not a git repository",
            "repository not exported", "no such repository")
_OFFLINE = ("could not resolve host", "failed to connect", "connection refused", "network is unreachable",
            "couldn't connect", "connection timed out", "unable to access", "could not read from remote repository",
            "no route to host", "operation timed out", "timed out", "unable to look up")
_REFUSED_WHY = {"unpacker error": "it could not be written to; is the shared folder read-only for you?",
                "checked out": "its branch is checked out in a working copy; make networks with `network init`"}


def classify(args: Sequence[str], result: Result) -> GitError:
    """The kind of a failed git call and a message for the officer; git's own words stay in `stderr`."""
    text = f"{result.err}\n{result.out}".lower()
    lines = (result.err or result.out).strip().splitlines()
    detail = lines[-1] if lines else f"exit {result.status}"
    if result.status == -9 or "timeout:" in text:
        return GitError(Kind.TIMEOUT, f"git {args[0]} did not finish in time", result.err)
    if all(word in text for word in _TRANSPORT):
        return GitError(Kind.TRANSPORT, "the network's address uses a transport Casebook does not allow "
                                        "(use https://, ssh:// or a shared folder)", result.err)
    if any(word in text for word in _DISK_FULL):
        return GitError(Kind.DISK_FULL, "the disk is full; free some space and sync again", result.err)
    if any(word in text for word in _INTEGRITY):
        return GitError(Kind.INTEGRITY, f"the network sent data that fails git's integrity checks ({detail})",
                        result.err)
    if "[remote rejected]" in text:
        return GitError(Kind.REFUSED, f"the network refused the change: {_refused_why(text)}",
                        f"{result.err}\n{result.out}")
    kinds = ((_REJECTED, Kind.REJECTED, "the network has changes this copy has not seen yet"),
             (_AUTH, Kind.AUTH, f"the network refused the credentials ({detail})"),
             (_MISSING, Kind.MISSING, f"the network does not exist or is not a git repository ({detail})"),
             (_OFFLINE, Kind.OFFLINE, f"the network cannot be reached ({detail})"))
    for words, kind, message in kinds:
        if any(word in text for word in words):
            return GitError(kind, message, result.err)
    return GitError(Kind.FAILED, f"git {args[0]} failed: {detail}", result.err)


def _refused_why(text: str) -> str:
    reason = text.split("[remote rejected]", 1)[1].split("\n", 1)[0].strip(" ()")
    return next((why for key, why in _REFUSED_WHY.items() if key in reason), reason or "no reason given")
