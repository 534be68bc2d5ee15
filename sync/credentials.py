"""Signing in to networks on HTTPS hosts (GitHub, GitLab, Gitea…) without a secret on disk, in
output or on a command line.

The user name and token live in the operating system's credential store through `keyring`
(Windows Credential Manager, macOS Keychain, Secret Service), keyed by the network's address;
where no store is usable and the officer chooses "ask each time", in memory for this session.
Git gets the token for one call only, in that call's environment: `GIT_CONFIG_COUNT` with an
`http.<address>.extraHeader`. The environment is not a command line (`/proc/*/cmdline`), needs no
helper program beside a frozen app, and the header is scoped to the network's own address (curl
also drops it on a redirect to another origin). Every call also has `-c credential.helper=` first (gitcmd),
so no helper configured on the computer stores or replaces it, and prompts stay off."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

import keyring
from keyring.errors import KeyringError

from casebook.errors import CasebookError
from casebook.home import Home
from sync import fileshare, redact
from sync.gitcmd import GitRunner, hooks_folder
from sync.networks import Network, Registry

SERVICE = "Casebook"


@dataclass(frozen=True)
class SignIn:
    user: str
    token: str

    def __repr__(self) -> str:
        return f"SignIn(user={self.user!r}, token={redact.HIDDEN!r})"


_session: dict[str, SignIn] = {}


class NoKeyringError(CasebookError):
    """No credential store is usable on this computer, so a sign-in cannot be kept."""


def split_url(url: str) -> tuple[str, SignIn | None]:
    """An http(s) address without its `user:token@`, and the sign-in typed in it (None when none)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or "@" not in parts.netloc:
        return url, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user, _, token = userinfo.partition(":")
    signin = SignIn(unquote(user), unquote(token))
    redact.remember(signin.user, signin.token)
    return urlunsplit(parts._replace(netloc=host)), signin


def store(url: str, signin: SignIn, session_only: bool = False) -> None:
    """Keep the sign-in for the network at `url` (replacing any earlier one): in the credential
    store, or in memory until Casebook closes. Raises NoKeyringError when no store is usable."""
    redact.remember(signin.user, signin.token)
    if session_only:
        _session[url] = signin
        return
    try:
        keyring.set_password(SERVICE, url, json.dumps({"user": signin.user, "token": signin.token}))
    except KeyringError as exc:
        raise NoKeyringError(
            "this computer has no usable password store (Windows Credential Manager, macOS Keychain or a "
            f"Secret Service such as GNOME Keyring), so the sign-in was not kept ({exc})") from exc
    _session.pop(url, None)


def lookup(url: str) -> SignIn | None:
    """The sign-in kept for `url`, or None (also when the store cannot be read)."""
    if url in _session:
        return _session[url]
    try:
        value = keyring.get_password(SERVICE, url)
    except KeyringError:
        return None
    if value is None:
        return None
    data = json.loads(value)
    signin = SignIn(data["user"], data["token"])
    redact.remember(signin.user, signin.token)
    return signin


def forget(url: str) -> None:
    _session.pop(url, None)
    with contextlib.suppress(KeyringError):
        keyring.delete_password(SERVICE, url)


def git_env(home: Home, url: str, signin: SignIn | None) -> dict[str, str]:
    """The environment of one git call to `url`: the sign-in as a header scoped to that address
    (`GIT_CONFIG_COUNT`), and for a shared folder a global config trusting that folder."""
    env: dict[str, str] = {}
    if signin and signin.token:
        redact.remember(signin.user, signin.token)  # whatever git says back can be cleaned of it
        env |= {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"http.{url}.extraHeader",
                "GIT_CONFIG_VALUE_0": f"Authorization: Basic {redact.basic(signin.user, signin.token)}"}
    if url.startswith("file://"):
        env["GIT_CONFIG_GLOBAL"] = str(fileshare.trusting(home, url))
    return env


def network_env(home: Home, url: str) -> dict[str, str]:
    """`git_env` with the sign-in kept for `url`."""
    return git_env(home, url, lookup(url))


def check(home: Home, url: str, signin: SignIn | None) -> list[str]:
    """Branches of the network at `url`, asked with `signin` (`git ls-remote`): raises GitError
    (auth, offline, timeout…) when the address or the sign-in does not work."""
    git = GitRunner(home.root, hooks_folder(home.root))
    out = git.network("ls-remote", "--heads", "--", url_args=(url,), env=git_env(home, url, signin)).out
    return [line.split("refs/heads/", 1)[1] for line in out.splitlines() if "refs/heads/" in line]


def move_typed_secrets(registry: Registry) -> list[str]:
    """Networks joined before sign-in was kept apart may hold `user:token@` in their address in
    the catalog: move each such token to the credential store, keep the address without it and
    take it out of the sync log (left as it is where no store is usable). The networks changed."""
    moved = []
    for network in registry.all():
        url, typed = split_url(network.url)
        if typed is None or not typed.token:
            continue
        try:
            store(url, typed)
        except NoKeyringError:
            continue
        registry.set_url(network.name, url)
        moved.append(network.name)
    if moved:
        registry.redact_log()
    return moved


def sign_in(registry: Registry, name: str, signin: SignIn, session_only: bool = False) -> Network:
    """Change the sign-in of a joined network in place: its clone, and the changes waiting in it to
    be shared, are untouched and reach the network at the next sync."""
    network = registry.require(name)
    store(network.url, signin, session_only)
    return network
