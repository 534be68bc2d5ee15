"""Joining a network on a shared folder by its path, as the README's `network init` makes one: a
full path (POSIX, a Windows drive or a UNC share) is taken as the folder's file:// address."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.cli import main
from casebook.errors import CasebookError
from sync.networks import address, validate
from tests.sync.conftest import git


@pytest.mark.parametrize(("typed", "url"), [
    ("/srv/share/north.git", "file:///srv/share/north.git"),
    ("/srv/shared drive/north.git ", "file:///srv/shared%20drive/north.git"),
    (r"C:\Shares\north.git", "file:///C:/Shares/north.git"),
    ("c:/Shares/north hub.git", "file:///c:/Shares/north%20hub.git"),
    (r"\\council-fs\shares\north.git", "file:////council-fs/shares/north.git"),
    ("//council-fs/shares/north.git", "file:////council-fs/shares/north.git"),
    ("https://git.example.org/north.git", "https://git.example.org/north.git"),
    ("officer@git.example.org:north.git", "officer@git.example.org:north.git"),
    ("file:///srv/share/north.git", "file:///srv/share/north.git"),
])
def test_a_folder_path_becomes_its_file_address(typed: str, url: str) -> None:
    assert address(typed) == url
    assert validate("north", typed, "Leeds", "main").url == url


@pytest.mark.parametrize("typed", ["north.git", "shares/north.git", "~/north.git", "C:north.git"])
def test_a_path_that_is_not_a_full_path_is_refused_with_what_to_give(typed: str) -> None:
    with pytest.raises(CasebookError) as caught:
        validate("north", typed, "Leeds", "main")
    assert str(caught.value) == (
        f"'{typed}' is not a network address: give its web address (https://…), an ssh address "
        r"(ssh://… or user@host:path), or the full path of its shared folder (/srv/share/north.git, "
        r"C:\Shares\north.git or \\server\share\north.git)")


def test_join_by_path_on_the_command_line_and_sync(tmp_path: Path, hub: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    home = ["--home", str(tmp_path / "home")]
    assert main(["network", "add", "north", str(hub), "--council", "Leeds", *home]) == 0
    assert main(["network", "list", *home]) == 0
    assert f"north  {hub.as_uri()}" in capsys.readouterr().out
    assert main(["sync", "north", *home]) == 0
    assert git(tmp_path / "home" / "networks" / "north", "log", "--format=%s").splitlines() == [
        "Start the north network"]


def test_the_same_network_is_not_joined_twice(tmp_path: Path, hub: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Joined under a second name, every case of the network was listed twice in search."""
    home = ["--home", str(tmp_path / "home")]
    assert main(["network", "add", "north", str(hub), "--council", "Leeds", *home]) == 0
    capsys.readouterr()
    assert main(["network", "add", "again", hub.as_uri(), "--council", "Leeds", *home]) == 2
    assert capsys.readouterr().err == "casebook: this computer has already joined that network, as 'north'\n"
    assert main(["network", "add", "other-branch", str(hub), "--council", "Leeds", "--branch", "drafts", *home]) == 0
