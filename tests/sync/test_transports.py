"""The same sync over git daemon and smart HTTP on 127.0.0.1, and what happens when a network is
offline, hangs, refuses a password or moves on while this computer was pushing."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from sync import actions, engine, gitcmd
from sync.engine import Clone
from tests.sync.conftest import Officer, hub_log


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


@pytest.fixture
def daemon(tmp_path: Path, hub: Path) -> Iterator[str]:
    port = free_port()
    # in a session of its own: `git daemon` runs git-daemon as a child, which killing git alone left running
    process = subprocess.Popen(["git", "daemon", "--reuseaddr", "--listen=127.0.0.1", f"--port={port}",
                                f"--base-path={tmp_path}", "--export-all", "--enable=receive-pack", str(tmp_path)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for_port(port)
        yield f"git://127.0.0.1:{port}/{hub.name}"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def http_backend(root: Path, user: str, password: str) -> Callable[..., list[bytes]]:
    """`git http-backend` behind Basic auth, as a WSGI app."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        if environ.get("HTTP_AUTHORIZATION") != expected:
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="network"')])
            return [b"authentication required\n"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        env = {"GIT_PROJECT_ROOT": str(root), "GIT_HTTP_EXPORT_ALL": "1", "REMOTE_USER": user,
               "REMOTE_ADDR": "127.0.0.1", "PATH": os.environ["PATH"], "HOME": str(root),
               **{k: environ.get(k, "") for k in ("PATH_INFO", "QUERY_STRING", "REQUEST_METHOD", "CONTENT_TYPE")},
               "CONTENT_LENGTH": str(len(body)), "HTTP_CONTENT_ENCODING": environ.get("HTTP_CONTENT_ENCODING", "")}
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True, check=False).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        headers = [tuple(h.split(": ", 1)) for h in head.decode().split("\r\n") if ": " in h]
        status = next((v for k, v in headers if k.lower() == "status"), "200 OK")
        start_response(status, [(k, v) for k, v in headers if k.lower() != "status"])
        return [payload]

    return app


@pytest.fixture
def http_hub(tmp_path: Path, hub: Path) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, http_backend(tmp_path, "leeds", "s3cret"), handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/{hub.name}"
    finally:
        server.shutdown()
        server.server_close()


def exchange(one: Officer, two: Officer) -> None:
    one.write("first-case", title="First council lesson")
    two.write("second-case", title="Second council lesson")
    one.publish("first-case")
    two.publish("second-case")
    assert one.sync().ok and two.sync().ok and one.sync().ok
    assert ("second-case", "north") in one.search("lesson")
    assert ("first-case", "north") in two.search("lesson")


def test_sync_over_git_daemon(tmp_path: Path, daemon: str) -> None:
    exchange(Officer(tmp_path / "a", daemon, "Leeds", allow="git"),
             Officer(tmp_path / "b", daemon, "Hackney", allow="git"))


def test_git_protocol_is_refused_unless_allowed(tmp_path: Path, daemon: str) -> None:
    report = Officer(tmp_path / "a", daemon, "Leeds").sync()
    assert not report.ok
    assert "transport Casebook does not allow" in report.summary


def test_sync_over_smart_http_with_a_good_password(tmp_path: Path, http_hub: str) -> None:
    url = http_hub.replace("http://", "http://leeds:s3cret@")
    exchange(Officer(tmp_path / "a", url, "Leeds", allow="http"), Officer(tmp_path / "b", url, "Hackney", allow="http"))


def test_a_bad_password_fails_fast_without_prompting(tmp_path: Path, http_hub: str) -> None:
    officer = Officer(tmp_path / "a", http_hub.replace("http://", "http://leeds:wrong@"), "Leeds", allow="http")
    officer.write("case")
    officer.publish("case")
    started = time.monotonic()
    report = officer.sync()
    assert time.monotonic() - started < 10
    assert (report.ok, report.summary) == (False, "the network refused this computer's credentials — "
                                                  "1 change(s) not yet shared")


def test_offline_keeps_everything_and_succeeds_later(tmp_path: Path) -> None:
    missing = tmp_path / "share" / "hub.git"
    officer = Officer(tmp_path / "a", missing.as_uri(), "Leeds")
    officer.write("case", "written offline")
    officer.publish("case")
    report = officer.sync()
    assert (report.ok, report.summary) == (False, "offline — 1 change(s) not yet shared")
    assert "written offline" in (officer.clone / "cases" / "leeds" / "case.md").read_text()
    actions.init_network(missing, "north", tmp_path / "no-hooks", bare=True)
    again = officer.sync()
    assert (again.ok, again.pushed) == (True, 1)
    assert "Publish case from leeds" in hub_log(missing)


def test_a_remote_that_never_answers_fails_within_the_time_limit(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()
    monkeypatch.setattr(gitcmd, "NETWORK_SECONDS", 2.0)
    officer = Officer(tmp_path / "a", f"https://127.0.0.1:{listener.getsockname()[1]}/hub.git", "Leeds")
    try:
        started = time.monotonic()
        report = officer.sync()
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        for conn in held:
            conn.close()
        listener.close()
    assert elapsed < 8
    assert (report.ok, report.summary) == (False, "the network did not answer in time — 0 change(s) not yet shared")


def test_a_push_race_resolves_by_retrying(officer: Callable[[str, str], Officer], hub: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    leeds, hackney = officer("leeds", "Leeds"), officer("hackney", "Hackney")
    leeds.write("leeds-case")
    hackney.write("hackney-case")
    leeds.publish("leeds-case")
    hackney.publish("hackney-case")
    real_push = Clone.push
    raced: list[str] = []

    def push_after_someone_else(clone: Clone) -> None:
        if not raced:
            raced.append(clone.network.council)
            assert hackney.sync().ok  # pushes first, while leeds is between fetch and push
        real_push(clone)

    monkeypatch.setattr(Clone, "push", push_after_someone_else)
    report = leeds.sync()
    assert raced == ["leeds"]
    assert (report.ok, report.pushed, report.pulled) == (True, 1, 1)
    assert {"Publish leeds-case from leeds", "Publish hackney-case from hackney"} <= set(hub_log(hub))
    assert engine.MAX_ATTEMPTS >= 2
