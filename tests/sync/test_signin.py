"""Signing in to an HTTPS network: the token lives in the keyring and reaches git only in the
environment of its call; never in a file, git config, output, a message or a git command line."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from wsgiref.simple_server import make_server

import keyring
import pytest
from keyring.backends import fail

from casebook.cli import main
from casebook.home import Home
from casebook.library import Library
from sync import actions, credentials
from sync.credentials import NoKeyringError, SignIn
from sync.gitcmd import GitError
from sync.networks import Registry
from sync.redact import redact
from tests.conftest import case_text
from tests.sync.conftest import NETWORK, Officer, git, hub_log
from tests.sync.test_transports import _Quiet, http_backend

TOKEN = "tok-5a9e1c77d3"
BASIC = "bGVlZHM6dG9rLTVhOWUxYzc3ZDM="  # base64 of "leeds:tok-5a9e1c77d3"


@contextmanager
def serving_app(app: Callable[..., list[bytes]]) -> Iterator[str]:
    """A WSGI app on 127.0.0.1: its address."""
    server = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serving(hub: Path, user: str, token: str) -> Iterator[str]:
    """`hub` over smart HTTP on 127.0.0.1 for `user` with `token` only: its address."""
    with serving_app(http_backend(hub.parent, user, token)) as url:
        yield f"{url}/{hub.name}"


def allow_http(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Let git use plain http (to 127.0.0.1) from any folder: Casebook itself allows https only."""
    config = folder / "allow-http.gitconfig"
    config.write_text('[protocol "http"]\n\tallow = always\n')
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))


@pytest.fixture
def auth_hub(hub: Path) -> Iterator[str]:
    with serving(hub, "leeds", TOKEN) as url:
        yield url


@pytest.fixture
def git_argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `git` first on PATH that writes the argv of every call to a log, then runs the real git."""
    real, log, bin_dir = shutil.which("git"), tmp_path / "git-argv.log", tmp_path / "git-wrapper"
    bin_dir.mkdir()
    wrapper = bin_dir / "git"
    wrapper.write_text(f'#!/bin/sh\nprintf "%s " "$@" >> "{log}"\necho >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    return log


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = "") -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, out + err
    return out + err


def files_holding(root: Path, *secrets: str) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()
                  and any(s.encode() in p.read_bytes() for s in secrets))


def test_a_token_is_kept_in_the_keyring_and_nowhere_else(tmp_path: Path, auth_hub: str, git_argv: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    typed = Officer(tmp_path / "typed", auth_hub.replace("http://", f"http://leeds:{TOKEN}@"), "Hackney",
                    allow="http")
    home = str(tmp_path / "cli")
    said = run(capsys, monkeypatch, "network", "add", NETWORK, auth_hub, "--council", "Leeds", "--user", "leeds",
               "--token-stdin", "--home", home, stdin=TOKEN + "\n")
    git(Path(home) / "networks" / NETWORK, "config", "protocol.http.allow", "always")
    with Library(Home(Path(home))) as lib:
        lib.catalog.set_setting("examples", "off")
    (Path(home) / "library" / "leeds-case.md").write_text(case_text(title="Leeds lesson", sharing="network"))
    typed.write("hackney-case", title="Hackney lesson")
    said += run(capsys, monkeypatch, "publish", "leeds-case", "--to", NETWORK, "--home", home)
    typed.publish("hackney-case")
    assert typed.sync().ok
    said += run(capsys, monkeypatch, "sync", NETWORK, "--home", home)
    said += run(capsys, monkeypatch, "network", "list", "--json", "--home", home)
    said += run(capsys, monkeypatch, "network", "status", "--home", home)
    said += run(capsys, monkeypatch, "network", "status", NETWORK, "--json", "--home", home)
    assert typed.sync().ok
    assert typed.registry_rows("conflicts") == []
    assert ("leeds-case", NETWORK) in typed.search("lesson")
    assert {"Publish leeds-case from leeds", "Publish hackney-case from hackney"} <= set(hub_log(tmp_path / "hub.git"))
    with Library(typed.home) as lib:
        assert [n.url for n in Registry(lib.catalog).all()] == [auth_hub]
    assert f'"url": "{auth_hub}"' in said
    assert "fetch" in git_argv.read_text() and "push" in git_argv.read_text()
    assert TOKEN not in said and BASIC not in said
    assert files_holding(tmp_path, TOKEN, BASIC) == []
    assert keyring.get_password("Casebook", auth_hub) == '{"user": "leeds", "token": "tok-5a9e1c77d3"}'


def test_changing_the_sign_in_keeps_waiting_changes(tmp_path: Path, auth_hub: str, hub: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    officer = Officer(tmp_path / "a", auth_hub.replace("http://", "http://leeds:expired@"), "Leeds", allow="http")
    officer.write("case")
    officer.publish("case")
    report = officer.sync()
    assert (report.ok, report.summary) == (False, "the network refused this computer's credentials — "
                                                  "1 change(s) not yet shared")
    said = run(capsys, monkeypatch, "network", "signin", NETWORK, "--token-stdin", "--home", str(officer.home.root),
               stdin=TOKEN + "\n")
    assert said == f"Changed the sign-in of {NETWORK} (user leeds); it is used from the next sync.\n"
    report = officer.sync()
    assert (report.ok, report.pushed, report.unshared) == (True, 1, 0)
    assert "Publish case from leeds" in hub_log(hub)


def test_test_connection_says_whether_the_sign_in_works(tmp_path: Path, auth_hub: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    allow_http(tmp_path, monkeypatch)
    home = Home(tmp_path / "home").ensure()
    assert credentials.check(home, auth_hub, SignIn("leeds", TOKEN)) == ["main"]
    with pytest.raises(GitError) as refused:
        credentials.check(home, auth_hub, SignIn("leeds", "wrong-token"))
    assert refused.value.kind == "auth"
    assert "wrong-token" not in str(refused.value) + refused.value.stderr


def test_without_a_keyring_nothing_is_joined_unless_asked_each_time(tmp_path: Path, auth_hub: str,
                                                                   test_keyring: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    officer = Officer(tmp_path / "a", auth_hub, "Leeds", allow="http")
    with Library(officer.home) as lib, pytest.raises(NoKeyringError) as refused:
        actions.add(officer.home, Registry(lib.catalog), "other", auth_hub, "Leeds", signin=SignIn("leeds", TOKEN))
    assert str(refused.value).startswith("this computer has no usable password store")
    assert officer.registry_rows("conflicts") == []
    with Library(officer.home) as lib:
        registry = Registry(lib.catalog)
        assert [n.name for n in registry.all()] == [NETWORK]
        credentials.sign_in(registry, NETWORK, SignIn("leeds", TOKEN), session_only=True)
    officer.write("case")
    officer.publish("case")
    assert (officer.sync().ok, credentials.lookup(auth_hub)) == (True, SignIn("leeds", TOKEN))
    assert not test_keyring.exists()


def test_without_a_keyring_the_cli_takes_the_token_for_each_sync(tmp_path: Path, auth_hub: str,
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    keyring.set_keyring(fail.Keyring())
    home = str(tmp_path / "cli")
    said = run(capsys, monkeypatch, "network", "add", NETWORK, auth_hub, "--council", "Leeds", "--user", "leeds",
               "--token-stdin", "--home", home, stdin=TOKEN + "\n")
    assert said.startswith("Joined north; your cases go to cases/leeds/.")
    assert said.endswith("give the token to each sync instead: casebook sync north --token-stdin\n")
    git(Path(home) / "networks" / NETWORK, "config", "protocol.http.allow", "always")
    (Path(home) / "library" / "leeds-case.md").write_text(case_text(title="Leeds lesson", sharing="network"))
    run(capsys, monkeypatch, "publish", "leeds-case", "--to", NETWORK, "--home", home)
    said = run(capsys, monkeypatch, "sync", NETWORK, "--user", "leeds", "--token-stdin", "--home", home,
               stdin=TOKEN + "\n")
    assert said.splitlines()[0] == "north: 0 case file(s) received, 1 shared"
    assert TOKEN not in said and files_holding(tmp_path, TOKEN, BASIC) == []


def test_secrets_are_redacted_from_messages_and_the_sync_log(tmp_path: Path) -> None:
    credentials.split_url("https://officer:s3cr3t-value@example.invalid/x.git")
    assert redact("fatal: https://officer:other@example.invalid/x.git and s3cr3t-value") == (
        "fatal: https://officer:***@example.invalid/x.git and ***")
    error = GitError("auth", "refused: s3cr3t-value", "Authorization: Basic b2ZmaWNlcjpzM2NyM3QtdmFsdWU=")
    assert (str(error), error.stderr) == ("refused: ***", "Authorization: Basic ***")
    with Library(Home(tmp_path / "home").ensure()) as lib:
        registry = Registry(lib.catalog)
        registry.log("north", False, "failed with s3cr3t-value", "")
        assert registry.last_sync("north")["summary"] == "failed with ***"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="gives the hub to another user")
def test_a_file_share_hub_owned_by_someone_else_works(tmp_path: Path, hub: Path) -> None:
    subprocess.run(["chown", "-R", "65534:65534", str(hub)], check=True)
    leeds = Officer(tmp_path / "leeds", hub.as_uri(), "Leeds")
    leeds.write("case")
    leeds.publish("case")
    report = leeds.sync()
    assert (report.ok, report.pushed) == (True, 1), report.summary
    assert "Publish case from leeds" in git(hub, "-c", f"safe.directory={hub}", "log", "--format=%s", "main")


def test_the_sign_in_goes_only_to_the_networks_own_address() -> None:
    env = credentials.git_env(Home(Path("unused")), "https://hub.example.invalid/x.git", SignIn("leeds", TOKEN))
    assert env == {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "http.https://hub.example.invalid/x.git.extraHeader",
                   "GIT_CONFIG_VALUE_0": f"Authorization: Basic {BASIC}"}


def test_a_token_an_older_version_kept_in_the_catalog_is_moved(tmp_path: Path, auth_hub: str,
                                                               capsys: pytest.CaptureFixture[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    officer = Officer(tmp_path / "a", auth_hub, "Leeds", allow="http")
    with Library(officer.home) as lib:  # as catalogs of earlier versions hold it
        registry = Registry(lib.catalog)
        registry.set_url(NETWORK, auth_hub.replace("http://", f"http://leeds:{TOKEN}@"))
        registry.db["sync_log"].insert({"network": NETWORK, "time": 0.0, "ok": 0, "details": "",
                                        "summary": f"git fetch failed: ... {TOKEN}"})
    said = run(capsys, monkeypatch, "network", "list", "--home", str(officer.home.root))
    assert said == f"north  {auth_hub}  (council folder: leeds, branch: main)\n"
    assert credentials.lookup(auth_hub) == SignIn("leeds", TOKEN)
    assert files_holding(tmp_path, TOKEN, BASIC) == []
    officer.write("case")
    officer.publish("case")
    assert officer.sync().ok


def test_a_redirect_to_another_address_gets_no_sign_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def elsewhere(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        seen.append(environ.get("HTTP_AUTHORIZATION", "(none)"))
        start_response("404 Not Found", [])
        return [b""]

    with serving_app(elsewhere) as other:
        def moved(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
            start_response("301 Moved Permanently",
                           [("Location", f"{other}{environ['PATH_INFO']}?{environ['QUERY_STRING']}")])
            return [b""]

        with serving_app(moved) as first:
            allow_http(tmp_path, monkeypatch)
            with pytest.raises(GitError):
                credentials.check(Home(tmp_path / "home").ensure(), f"{first}/hub.git", SignIn("leeds", TOKEN))
    assert seen == ["(none)"]
