"""Running git safely: no prompts, no hooks, no fsmonitor, only https/ssh/file transports,
objects checked on transfer, a time limit on every call, and nothing user-typed in git config."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from git.cmd import Git
from git.exc import GitCommandError, GitCommandNotFound

from casebook.errors import CasebookError
from sync.redact import redact

LOCAL_SECONDS = 60.0
NETWORK_SECONDS = 60.0

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


class GitError(CasebookError):
    """A git command failed; `kind` is offline, auth, timeout, rejected or failed."""

    def __init__(self, kind: str, message: str, stderr: str = "") -> None:
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
            raise GitError("failed", "git is not installed or not on PATH") from exc
        except GitCommandError as exc:
            raise GitError("timeout", f"git {args[0]} took longer than {timeout:.0f} s and was stopped") from exc
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

    def tree(self, rev: str) -> dict[str, str]:
        """path -> blob sha of every file at `rev`."""
        found = {}
        for record in self("ls-tree", "-r", "-z", rev, strip=False).out.split("\0"):
            if record:
                meta, path = record.split("\t", 1)
                found[path] = meta.split()[2]
        return found

    def lines(self, *args: str) -> list[str]:
        out = self(*args).out
        return [line for line in out.split("\n") if line]

    def network(self, *args: str, url_args: Sequence[str] = (), env: Mapping[str, str] | None = None) -> Result:
        """A call that talks to a remote: the network time limit and failure words; `env` carries
        the sign-in for this call only (sync.credentials)."""
        return self(*args, *url_args, timeout=NETWORK_SECONDS, env=env)


_OFFLINE = ("could not resolve host", "failed to connect", "connection refused", "network is unreachable",
            "couldn't connect", "connection timed out", "does not appear to be a git repository",
            "unable to access", "could not read from remote repository", "no route to host",
            "operation timed out", "timed out", "unable to look up")
_AUTH = ("authentication failed", "permission denied", "403", "401", "terminal prompts disabled",
         "could not read username", "could not read password", "invalid username or password")
_REJECTED = ("[rejected]", "fetch first", "non-fast-forward", "failed to push some refs")


def classify(args: Sequence[str], result: Result) -> GitError:
    text = (result.err or result.out).lower()
    first = (result.err or result.out).strip().splitlines()
    detail = first[-1] if first else f"exit {result.status}"
    if result.status == -9 or "timeout:" in text:
        return GitError("timeout", f"git {args[0]} did not finish in time", result.err)
    if "not allowed" in text and "transport" in text:
        return GitError("failed", "the network's address uses a transport Casebook does not allow "
                                  "(use https://, ssh:// or a shared folder)", result.err)
    if "fsck" in text or "error in object" in text or "bad object" in text:
        return GitError("integrity", f"the network sent data that fails git's integrity checks ({detail})",
                        result.err)
    if any(word in text for word in _REJECTED):
        return GitError("rejected", "the network has changes this copy has not seen yet", result.err)
    if any(word in text for word in _AUTH):
        return GitError("auth", f"the network refused the credentials ({detail})", result.err)
    if any(word in text for word in _OFFLINE):
        return GitError("offline", f"the network cannot be reached ({detail})", result.err)
    return GitError("failed", f"git {args[0]} failed: {detail}", result.err)
