"""The frozen app: the system git runs with the library path the user had, not the bundle's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sync import gitcmd


def test_outside_the_frozen_app_nothing_changes() -> None:
    assert gitcmd.loader_env() == {}


def test_the_bundle_library_path_is_replaced_by_the_users_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/casebook/_internal:/usr/local/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/usr/local/lib")
    monkeypatch.delenv("LIBPATH_ORIG", raising=False)
    assert gitcmd.loader_env() == {"LD_LIBRARY_PATH": "/usr/local/lib", "LIBPATH": ""}


def test_git_starts_although_the_bundle_holds_a_library_git_cannot_load(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "_internal"
    bundle.mkdir()
    (bundle / "libz.so.1").write_bytes(b"")  # git needs libz; this one is not a library at all
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", str(bundle))  # as the bootloader leaves it: no _ORIG, none before
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    monkeypatch.setattr(gitcmd, "ENV", {**gitcmd.ENV, **gitcmd.loader_env()})  # as computed at import
    result = gitcmd.GitRunner(tmp_path, tmp_path / "hooks")("--version")
    assert result.out.startswith("git version ")
